"""Each documented option of :func:`salat.times_for` does what it says.

Every expected value comes from outside the code under test: the JPL
ephemeris DE421 (the ``sky`` fixture), a published figure (Shaukat's
coefficients, the Umm al-Qura calendar's Ramadan 1447), or a case worked by
hand from a definition. A test here fails when the behaviour it names is
broken (see ``docs/goals.md``).
"""

from __future__ import annotations

import datetime as dt
import math
import zoneinfo

import numpy as np
import pytest

import salat

MAKKAH = (21.4225, 39.8262, "Asia/Riyadh")
TEHRAN = (35.6892, 51.3890, "Asia/Tehran")
UNIX_EPOCH_JD = 2440587.5


# ---------------------------------------------------------------- DE421 helpers

def _altitude(sky, lat, lon, unix: float) -> float:
    """DE421 apparent topocentric altitude of the Sun's centre, no refraction."""
    from skyfield.api import wgs84
    t = sky.ts.ut1_jd(unix / 86400.0 + UNIX_EPOCH_JD)
    return (sky.earth + wgs84.latlon(lat, lon)).at(t).observe(sky.sun).apparent() \
        .altaz()[0].degrees


def _crossing(sky, lat, lon, guess: float, target: float) -> float:
    """Unix seconds when DE421's Sun is at altitude ``target``, by Newton's
    method from ``guess`` (salat's time only seeds the search)."""
    t = guess
    for _ in range(6):
        rate = (_altitude(sky, lat, lon, t + 30) - _altitude(sky, lat, lon, t - 30)) / 60.0
        step = (target - _altitude(sky, lat, lon, t)) / rate
        t += step
        if abs(step) < 0.01:
            break
    return t


def _seconds(when: dt.datetime) -> float:
    return when.timestamp()


# ---------------------------------------------------------------- next_prayer

@pytest.fixture(scope="module")
def makkah_day():
    lat, lon, tz = MAKKAH
    return salat.times_for(lat, lon, "2026-03-01", method="umm_al_qura", tz=tz)


def test_next_prayer_walks_the_day(makkah_day):
    t = makkah_day
    second = dt.timedelta(seconds=1)
    assert t.next_prayer(t.fajr - second) == ("fajr", t.fajr)
    # after Fajr the next prayer is Dhuhr: sunrise is not a prayer ...
    assert t.next_prayer(t.fajr) == ("dhuhr", t.dhuhr)
    assert t.next_prayer(t.sunrise - second) == ("dhuhr", t.dhuhr)
    # ... unless asked for
    assert t.next_prayer(t.fajr, include_sunrise=True) == ("sunrise", t.sunrise)
    assert t.next_prayer(t.dhuhr) == ("asr", t.asr)           # strictly after now
    assert t.next_prayer(t.asr - second) == ("asr", t.asr)
    assert t.next_prayer(t.maghrib - second) == ("maghrib", t.maghrib)
    assert t.next_prayer(t.isha - second) == ("isha", t.isha)
    assert t.next_prayer(t.isha) is None                        # ask tomorrow
    # any aware clock compares by instant: 09:00 UTC is 12:00 in Makkah
    utc_now = (t.asr - second).astimezone(dt.timezone.utc)
    assert t.next_prayer(utc_now) == ("asr", t.asr)


def test_next_prayer_defaults_to_now_and_refuses_naive(makkah_day, monkeypatch):
    t = makkah_day
    with pytest.raises(salat.InputError, match="timezone-aware"):
        t.next_prayer(dt.datetime(2026, 3, 1, 12, 0))
    fixed = t.asr - dt.timedelta(minutes=5)

    class Clock(dt.datetime):
        @classmethod
        def now(cls, tz=None):     # as datetime.now: naive local time without a zone
            return fixed.astimezone(tz) if tz else fixed.astimezone().replace(tzinfo=None)
    monkeypatch.setattr(salat.times._dt, "datetime", Clock)
    assert t.next_prayer() == ("asr", t.asr)


def test_next_prayer_skips_times_that_do_not_occur():
    # Tromso at midsummer: no Fajr (the Sun never goes down that far)
    t = salat.times_for(69.6492, 18.9553, "2026-06-21", method="mwl", tz="Europe/Oslo")
    assert t.fajr is None and t.maghrib is None
    midnight = dt.datetime(2026, 6, 21, 0, 0, tzinfo=t.dhuhr.tzinfo)
    assert t.next_prayer(midnight) == ("dhuhr", t.dhuhr)
    assert t.next_prayer(t.asr) is None


# ---------------------------------------------------------------- elevation

def test_elevation_lowers_the_horizon_of_sunrise_and_sunset_only(sky):
    """300 m: sunrise and sunset at the Sun's altitude -(0.8333 + 0.0347 sqrt(300))
    deg, as DE421 puts it; the angle times and Dhuhr and Asr do not move."""
    lat, lon, tz = MAKKAH
    kw = dict(method="mwl", tz=tz, rounding=None)
    low = salat.times_for(lat, lon, "2026-03-01", **kw)
    high = salat.times_for(lat, lon, "2026-03-01", elevation=300, **kw)
    horizon = -(50.0 / 60.0 + 0.0347 * math.sqrt(300.0))        # -1.4343 deg
    for name in ("sunrise", "sunset"):
        truth = _crossing(sky, lat, lon, _seconds(getattr(high, name)), horizon)
        assert abs(_seconds(getattr(high, name)) - truth) < 3.0, name
    # about 2.9 minutes more daylight at each end here
    assert 150 < _seconds(low.sunrise) - _seconds(high.sunrise) < 200
    assert 150 < _seconds(high.sunset) - _seconds(low.sunset) < 200
    assert high.maghrib == high.sunset
    for name in ("fajr", "dhuhr", "asr", "isha"):
        assert getattr(high, name) == getattr(low, name), name


# ---------------------------------------------------------------- Umm al-Qura in Ramadan

@pytest.mark.parametrize("day, minutes", [
    ("2026-02-17", 90),     # 29 Sha'ban 1447
    ("2026-02-18", 120),    # 1 Ramadan 1447 in the Umm al-Qura calendar
    ("2026-03-19", 120),    # 30 Ramadan
    ("2026-03-20", 90),     # 1 Shawwal (Eid al-Fitr)
])
def test_umm_al_qura_isha_is_120_minutes_after_maghrib_in_ramadan(day, minutes):
    lat, lon, tz = MAKKAH
    t = salat.times_for(lat, lon, day, method="umm_al_qura", tz=tz, rounding=None)
    assert (t.isha - t.maghrib) == dt.timedelta(minutes=minutes)


def test_umm_al_qura_ramadan_in_a_table():
    """The same calendar in a table (the engine's path for runs of dates):
    120 minutes from 1 to 30 Ramadan 1447, 90 on the days around it."""
    lat, lon, tz = MAKKAH
    tt = salat.table(lat, lon, "2026-02-16", "2026-03-21", method="umm_al_qura", tz=tz,
                     rounding=None)
    gap = (tt.utc("isha") - tt.utc("maghrib")).astype("timedelta64[s]").astype(int) // 60
    ramadan = (tt.dates >= np.datetime64("2026-02-18")) & (tt.dates <= np.datetime64("2026-03-19"))
    assert ramadan.sum() == 30
    assert (gap == np.where(ramadan, 120, 90)).all(), gap


# ---------------------------------------------------------------- midnight

def test_jafari_midnight_is_halfway_from_sunset_to_fajr(sky):
    """Jafari: midnight halfway from sunset to the next Fajr (16 deg), last third
    two thirds of the way; standard: from sunset to the next sunrise. Both
    ends taken from DE421."""
    lat, lon, tz = TEHRAN
    kw = dict(tz=tz, rounding=None)
    t = salat.times_for(lat, lon, "2026-03-01", method="jafari", **kw)
    nxt = salat.times_for(lat, lon, "2026-03-02", method="jafari", **kw)
    sunset = _crossing(sky, lat, lon, _seconds(t.sunset), -50.0 / 60.0)
    fajr = _crossing(sky, lat, lon, _seconds(nxt.fajr), -16.0)
    sunrise = _crossing(sky, lat, lon, _seconds(nxt.sunrise), -50.0 / 60.0)
    assert abs(_seconds(t.midnight) - (sunset + fajr) / 2) < 3.0
    assert abs(_seconds(t.last_third) - (sunset + 2 * (fajr - sunset) / 3)) < 3.0
    std = salat.times_for(lat, lon, "2026-03-01", method="mwl", **kw)
    assert abs(_seconds(std.midnight) - (sunset + sunrise) / 2) < 3.0
    assert abs(_seconds(std.last_third) - (sunset + 2 * (sunrise - sunset) / 3)) < 3.0
    # Fajr is about 1h25m before sunrise here: the two midnights differ by half that
    assert 35 * 60 < _seconds(std.midnight) - _seconds(t.midnight) < 50 * 60


# ---------------------------------------------------------------- rounding

# Monrovia kept its local mean time (-00:44:30) until 1972: a clock whose
# offset has seconds (zoneinfo keeps them; pytz rounds them to the minute), so
# rounding must happen on the local clock, not in UTC.
MONROVIA = (6.3156, -10.8074, zoneinfo.ZoneInfo("Africa/Monrovia"))


def _local_seconds(when: dt.datetime) -> float:
    return when.hour * 3600 + when.minute * 60 + when.second + when.microsecond / 1e6


@pytest.mark.parametrize("where, day", [(MAKKAH, "2026-03-01"), (MONROVIA, "1960-05-10")])
def test_rounding_modes_on_the_local_clock(where, day):
    lat, lon, tz = where
    raw = salat.times_for(lat, lon, day, method="mwl", tz=tz, rounding=None)
    assert any(w.second for _, w in raw), "a case with seconds is needed"
    if where is MONROVIA:
        assert raw.dhuhr.utcoffset() == -dt.timedelta(minutes=44, seconds=30)
    expect = {"down": math.floor, "up": math.ceil,
              "nearest": lambda m: math.floor(m + 0.5)}
    for mode, fn in expect.items():
        t = salat.times_for(lat, lon, day, method="mwl", tz=tz, rounding=mode)
        for name in salat.TIME_NAMES:
            a, b = getattr(raw, name), getattr(t, name)
            local = _local_seconds(a)
            want = fn(local / 60.0) * 60.0
            got = _local_seconds(b) + 86400.0 * (b.date() - a.date()).days
            assert got == want, (mode, name, a, b)
            assert b.second == 0 and b.utcoffset() == a.utcoffset()


def test_rounding_method_is_the_authoritys_own():
    lat, lon, tz = MAKKAH
    for method, own in (("russia", "down"), ("singapore", "up"), ("qatar", "nearest"),
                        ("mwl", None)):
        assert salat.METHODS[method].rounding == own
        default = salat.times_for(lat, lon, "2026-03-01", method=method, tz=tz)
        explicit = salat.times_for(lat, lon, "2026-03-01", method=method, tz=tz,
                                   rounding=own)
        assert default.as_dict() == explicit.as_dict(), method
    # and "method" differs from None where the method rounds
    down = salat.times_for(lat, lon, "2026-03-01", method="russia", tz=tz)
    raw = salat.times_for(lat, lon, "2026-03-01", method="russia", tz=tz, rounding=None)
    assert down.as_dict() != raw.as_dict()


# ---------------------------------------------------------------- Moonsighting Committee

# Shaukat, "Fajr and Isha" (2015): Isha interval after sunset, minutes, at the
# winter solstice (a), 91 days after (b), 137 (c) and 183 (d): base + k*|lat|/55.
SHAFAQ_AHMER = (62.0, (17.40, -7.16, 5.12, 19.44))
SHAFAQ_GENERAL = (75.0, (25.60, 2.05, -9.21, 6.14))
FAJR = (75.0, (28.65, 19.44, 32.74, 48.10))
# dates 0, 91 and 137 days after the northern winter solstice (21 Dec 2025)
ANCHORS = (("2025-12-21", 0), ("2026-03-22", 1), ("2026-05-07", 2))


@pytest.mark.parametrize("day, k", ANCHORS)
@pytest.mark.parametrize("method, coefficients", [("moonsighting_ahmer", SHAFAQ_AHMER),
                                                  ("moonsighting", SHAFAQ_GENERAL)])
def test_moonsighting_isha_follows_shaukats_coefficients(day, k, method, coefficients):
    lat, lon = 40.0, -75.0     # below 55 deg, where 18 deg Isha is later than the season
    base, ks = coefficients
    t = salat.times_for(lat, lon, day, method=method, tz="America/New_York", rounding=None)
    minutes = (t.isha - t.sunset).total_seconds() / 60.0
    assert minutes == pytest.approx(base + ks[k] * lat / 55.0, abs=1 / 60), (method, day)
    fajr = (t.sunrise - t.fajr).total_seconds() / 60.0
    assert fajr == pytest.approx(FAJR[0] + FAJR[1][k] * lat / 55.0, abs=1 / 60)


# ---------------------------------------------------------------- polar resolutions

@pytest.mark.parametrize("place, day", [
    ((78.2232, 15.6267, "Arctic/Longyearbyen"), "2026-06-21"),    # midnight sun
    ((69.6492, 18.9553, "Europe/Oslo"), "2026-12-21"),            # polar night
    ((-77.8419, 166.6863, "Antarctica/McMurdo"), "2026-12-21"),   # southern summer
])
def test_nearest_latitude_steps_down_from_65_degrees(place, day):
    """The times of the first latitude 65, 64.5, 64, ... (same sign, same
    longitude and zone) where all six times occur that date."""
    lat, lon, tz = place
    opts = dict(method="mwl", tz=tz, asr="hanafi", high_latitude="middle_of_night",
                adjustments={"dhuhr": 2})
    t = salat.times_for(lat, lon, day, polar="nearest_latitude", **opts)
    for step in range(51):
        near = math.copysign(65.0 - 0.5 * step, lat)
        there = salat.times_for(near, lon, day, **opts)
        if all(when is not None for _, when in there):
            break
    else:
        pytest.fail("no latitude found")
    for name, when in there:
        assert getattr(t, name) == when, (name, near)
        assert "nearest_latitude" in t.adjusted[name]
    if step == 0:
        # 65 itself, not a latitude nearer the pole: at 65.5 they differ
        other = salat.times_for(math.copysign(65.5, lat), lon, day, **opts)
        assert other.as_dict() != there.as_dict()


@pytest.mark.parametrize("place, day", [
    ((69.6492, 18.9553, "Europe/Oslo"), "2026-06-21"),            # midnight sun
    ((69.6492, 18.9553, "Europe/Oslo"), "2026-12-10"),            # polar night
    ((-77.8419, 166.6863, "Antarctica/McMurdo"), "2026-06-21"),   # southern winter
])
def test_nearest_day_takes_the_clock_times_of_the_nearest_whole_day(place, day):
    """The clock times of the nearest date (the later one first on a tie) on
    which all six times occur at the place."""
    lat, lon, tz = place
    kw = dict(method="mwl", tz=tz, rounding=None, asr="hanafi",
              high_latitude="middle_of_night", adjustments={"dhuhr": 2, "isha": 1})
    t = salat.times_for(lat, lon, day, polar="nearest_day", **kw)
    d0 = dt.date.fromisoformat(day)
    for k in range(1, 184):
        found = None
        for d in (d0 + dt.timedelta(days=k), d0 - dt.timedelta(days=k)):
            there = salat.times_for(lat, lon, d, **kw)
            if all(when is not None for _, when in there):
                found = there
                break
        if found:
            break
    for name, when in found:
        got = getattr(t, name)
        assert got.time().replace(microsecond=0) == when.time().replace(microsecond=0), name
        assert "nearest_day" in t.adjusted[name]
    assert t.dhuhr.date() == d0


@pytest.mark.parametrize("day, ramadan", [("2026-02-17", False), ("2026-02-18", True),
                                          ("2026-03-19", True), ("2026-03-20", False)])
def test_qatar_ramadan_margins(day, ramadan):
    """Qatar: Maghrib 2 min after sunset; Isha 90 min after Maghrib's base (the
    sunset) and moved with Maghrib by its own 2 min; Fajr half a minute early;
    in Ramadan Maghrib and Isha one minute more."""
    t = salat.times_for(25.2854, 51.5310, day, method="qatar", tz="Asia/Qatar", rounding=None)
    extra = 1 if ramadan else 0
    assert t.maghrib - t.sunset == dt.timedelta(minutes=2 + extra)
    assert t.isha - t.sunset == dt.timedelta(minutes=90 + 2 + extra)
    plain = salat.times_for(25.2854, 51.5310, day, method=salat.METHODS["qatar"].replace(
        offsets={}, ramadan_offsets={}), tz="Asia/Qatar", rounding=None)
    assert plain.fajr - t.fajr == dt.timedelta(seconds=30)
    assert t.dhuhr == plain.dhuhr and t.asr == plain.asr and t.sunrise == plain.sunrise
    flags = salat.table(25.2854, 51.5310, day, method="qatar", tz="Asia/Qatar").rule_flags
    names = salat.TIME_NAMES
    ramadan_bit = salat.rules.RAMADAN
    assert [bool(flags[0, 0, names.index(n)] & ramadan_bit) for n in names] == \
        [ramadan and n in ("maghrib", "isha") for n in names]
    assert t.adjusted == {}                            # Ramadan is not a rule


def test_compute_takes_scattered_dates():
    """The engine under times_for and table, given dates that are not a run:
    each equals the same date computed alone."""
    from salat.options import Options
    from salat.times import compute
    import pytz
    dates = np.array(["2026-03-01", "2026-03-03", "2026-06-21", "2026-12-31"],
                     "datetime64[D]")
    tz = pytz.timezone("Europe/Oslo")
    kw = dict(method=salat.METHODS["mwl"], tzs=[tz],
              options=Options(rule="seventh_of_night"))
    many = compute([59.9], [10.75], dates, **kw)
    for i, _d in enumerate(dates):
        one = compute([59.9], [10.75], dates[i:i + 1], **kw)
        np.testing.assert_array_equal(many.utc[0, i], one.utc[0, 0])
        np.testing.assert_array_equal(many.offset[0, i], one.offset[0, 0])
        np.testing.assert_array_equal(many.flags[0, i], one.flags[0, 0])
    np.testing.assert_array_equal(many.dates, dates)
