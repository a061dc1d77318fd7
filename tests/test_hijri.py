"""Hijri dates: Umm al-Qura inside hijridate's range, tabular outside, offsets, Ramadan."""

import datetime

import numpy as np
import pytest

from salat.hijri import MONTH_NAMES, hijri_date, hijri_months, is_ramadan, is_umm_al_qura


@pytest.mark.parametrize("greg, hijri", [
    # Umm al-Qura: 1 Ramadan 1446 was Saturday 1 March 2025 in Saudi Arabia.
    ((2025, 3, 1), (1446, 9, 1)),
    ((2025, 2, 28), (1446, 8, 29)),
    # 1 Shawwal 1446 (Eid al-Fitr) = 30 March 2025.
    ((2025, 3, 30), (1446, 10, 1)),
    # First and last days of hijridate's table.
    ((1924, 8, 1), (1343, 1, 1)),
    ((2077, 11, 16), (1500, 12, 30)),
])
def test_umm_al_qura(greg, hijri):
    d = datetime.date(*greg)
    assert hijri_date(d) == hijri
    assert is_umm_al_qura(d)


@pytest.mark.parametrize("greg, hijri", [
    # Tabular (civil) calendar; same values as convertdate.islamic / Fourmilab's converter.
    ((1900, 1, 1), (1317, 8, 28)),
    ((2100, 1, 1), (1523, 10, 19)),
    ((622, 7, 19), (1, 1, 1)),  # the civil epoch, 16 July 622 Julian
    # The day before the table: the tabular calendar is a day behind here, so the
    # displayed date jumps from 28 Dhu al-Hijjah 1342 to 1 Muharram 1343.
    ((1924, 7, 31), (1342, 12, 28)),
])
def test_tabular_fallback_outside_range(greg, hijri):
    d = datetime.date(*greg)
    assert hijri_date(d) == hijri
    assert not is_umm_al_qura(d)


def test_offset_shifts_the_gregorian_day():
    d = datetime.date(2025, 3, 1)
    assert hijri_date(d, offset=-1) == (1446, 8, 29)
    assert hijri_date(d, offset=1) == (1446, 9, 2)
    assert hijri_date(datetime.datetime(2025, 3, 1, 23, 0)) == (1446, 9, 1)


def test_hijri_date_unpacks_and_names():
    year, month, day = hijri_date(datetime.date(2025, 3, 1))
    assert MONTH_NAMES[month - 1] == "Ramadan"
    assert len(MONTH_NAMES) == 12


def test_is_ramadan_vectorised_matches_scalar():
    dates = np.arange("1920-01-01", "2080-01-01", 7, dtype="datetime64[D]")
    got = is_ramadan(dates)
    want = np.array([hijri_date(d.item()).month == 9 for d in dates])
    assert got.dtype == bool and got.shape == dates.shape
    np.testing.assert_array_equal(got, want)


def test_is_ramadan_2025_and_shapes():
    year = np.arange("2025-01-01", "2026-01-01", dtype="datetime64[D]")
    r = is_ramadan(year)
    assert r.sum() == 29
    assert year[r][0] == np.datetime64("2025-03-01") and year[r][-1] == np.datetime64("2025-03-29")
    grid = year[:60].reshape(2, 30)
    assert is_ramadan(grid).shape == (2, 30)
    assert not is_ramadan(np.array(["NaT"], dtype="datetime64[D]"))[0]
    # an offset of -1 (month began a day later locally) moves Ramadan by one day
    r1 = is_ramadan(year, offset=-1)
    assert year[r1][0] == np.datetime64("2025-03-02") and r1.sum() == 29


def test_hijri_months_accepts_lists_and_nat():
    years, months = hijri_months(np.array(["2025-03-01", "NaT"], dtype="datetime64[D]"))
    assert years.tolist() == [1446, 0] and months.tolist() == [9, 0]


def test_tabular_calendar_is_continuous():
    from salat.hijri import _tabular
    ordinals = np.arange(datetime.date(600, 1, 1).toordinal(),
                         datetime.date(2400, 1, 1).toordinal())
    year, month, day = _tabular(ordinals)
    steps = (day[1:] == day[:-1] + 1) | (day[1:] == 1)
    assert steps.all()
    assert set(np.unique(day[:-1][day[1:] == 1]).tolist()) == {29, 30}
    assert month.min() == 1 and month.max() == 12


# The leap years of the 30-year cycle of the tabular ("Kuwaiti") calendar, as the
# references list them (e.g. Wikipedia, "Tabular Islamic calendar").
_LEAP_IN_CYCLE = {2, 5, 7, 10, 13, 16, 18, 21, 24, 26, 29}


@pytest.mark.parametrize("year", range(1, 91))
def test_is_tabular_leap_follows_the_published_cycle(year):
    from salat.hijri import is_tabular_leap

    assert is_tabular_leap(year) == ((year - 1) % 30 + 1 in _LEAP_IN_CYCLE)
    assert is_tabular_leap(year + 1440) == is_tabular_leap(year)


def test_is_tabular_leap_examples():
    from salat.hijri import is_tabular_leap

    # 1442, 1445, 1447 and 1450 AH are years 2, 5, 7 and 10 of their cycle
    assert [y for y in range(1440, 1451) if is_tabular_leap(y)] == [1442, 1445, 1447, 1450]
