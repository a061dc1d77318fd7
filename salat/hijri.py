"""Hijri (Islamic lunar) dates: the Umm al-Qura calendar, with a tabular fallback.

Inside 1343-1500 AH (1924-08-01 to 2077-11-16 CE) dates come from the Umm al-Qura
calendar of Saudi Arabia as tabulated by the ``hijridate`` package.  Outside that
range ``hijridate`` has no data, so this module falls back to the *tabular*
(arithmetical, "civil" or "Kuwaiti") Islamic calendar: 30-year cycles with leap
years 2, 5, 7, 10, 13, 16, 18, 21, 24, 26 and 29, epoch 1 Muharram 1 AH = Friday
16 July 622 (Julian).  The two calendars differ by a day or two on many dates;
:func:`is_umm_al_qura` says which one a date got, so a display can label the
fallback as calculated.  At the seams the date can jump or repeat a day (the
tabular 1924-07-31 is 28 Dhu al-Hijjah 1342, the next day is Umm al-Qura's
1 Muharram 1343).

Neither calendar is an observed (crescent-sighting) calendar.  A day offset lets
callers follow a local announcement: the offset shifts the Gregorian date before
conversion, which is what mosque software commonly calls "Hijri adjustment".
"""

from __future__ import annotations

import datetime
from functools import lru_cache
from typing import NamedTuple

import numpy as np
from hijridate import Gregorian, Hijri

__all__ = [
    "MONTH_NAMES",
    "HijriDate",
    "hijri_date",
    "hijri_months",
    "is_ramadan",
    "is_tabular_leap",
    "is_umm_al_qura",
]

#: Transliterated English month names, index 0 = Muharram.  These are also the
#: gettext message ids (context ``"hijri month"``) of the localized names.
MONTH_NAMES: tuple[str, ...] = (
    "Muharram", "Safar", "Rabi al-Awwal", "Rabi al-Thani", "Jumada al-Ula",
    "Jumada al-Akhirah", "Rajab", "Shaban", "Ramadan", "Shawwal",
    "Dhu al-Qadah", "Dhu al-Hijjah",
)

_FIRST_YEAR, _LAST_YEAR = 1343, 1500
_EPOCH_1970 = datetime.date(1970, 1, 1).toordinal()
# Day 1 Muharram 1 AH of the tabular calendar, as a proleptic Gregorian ordinal.
_TABULAR_EPOCH = datetime.date(622, 7, 19).toordinal()


def is_tabular_leap(hijri_year: int) -> bool:
    """Whether ``hijri_year`` is a leap year (355 days, Dhu al-Hijjah of 30) in the
    tabular calendar: years 2, 5, 7, 10, 13, 16, 18, 21, 24, 26 and 29 of each
    30-year cycle (the common, "Kuwaiti" scheme).
    """
    return (14 + 11 * hijri_year) % 30 < 11


class HijriDate(NamedTuple):
    """A Hijri calendar date; unpacks as ``(year, month, day)``."""

    year: int
    month: int
    day: int


@lru_cache(maxsize=1)
def _month_starts() -> tuple[np.ndarray, np.ndarray]:
    """Umm al-Qura month starts as days since 1970-01-01, and the matching year*12+month-1 keys.

    One entry per month of 1343-1500 AH plus a sentinel for the day after the last.
    """
    keys, starts = [], []
    for year in range(_FIRST_YEAR, _LAST_YEAR + 1):
        for month in range(1, 13):
            first = Hijri(year, month, 1).to_gregorian()
            keys.append(year * 12 + month - 1)
            starts.append(first.toordinal() - _EPOCH_1970)
    last = Hijri(_LAST_YEAR, 12, Hijri(_LAST_YEAR, 12, 1).month_length()).to_gregorian()
    starts.append(last.toordinal() + 1 - _EPOCH_1970)
    keys.append(keys[-1] + 1)
    return np.asarray(starts, dtype=np.int64), np.asarray(keys, dtype=np.int64)


def _tabular_month_start(year: np.ndarray, month: np.ndarray) -> np.ndarray:
    """Ordinal of day 1 of ``month`` in ``year`` in the tabular calendar (arrays)."""
    return (_TABULAR_EPOCH + (year - 1) * 354 + (3 + 11 * year) // 30
            + (59 * (month - 1) + 1) // 2)


def _tabular(ordinal: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Tabular Islamic (year, month, day) for proleptic Gregorian ordinals (arrays)."""
    days = ordinal - _TABULAR_EPOCH
    year = (30 * days + 10646) // 10631
    # The estimate can be one year late just before 1 Muharram; correct it.
    year = np.where(_tabular_month_start(year + 1, np.ones_like(year)) <= ordinal, year + 1, year)
    month = np.clip((ordinal - _tabular_month_start(year, np.ones_like(year))) * 2 // 59 + 1, 1, 12)
    month = np.where(_tabular_month_start(year, month) > ordinal, month - 1, month)
    month = np.where((month < 12) & (_tabular_month_start(year, month + 1) <= ordinal),
                     month + 1, month)
    return year, month, ordinal - _tabular_month_start(year, month) + 1


def _convert(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(year, month, day, umm_al_qura) for integer days since 1970-01-01 (any shape)."""
    starts, keys = _month_starts()
    inside = (days >= starts[0]) & (days < starts[-1])
    idx = np.clip(np.searchsorted(starts, days, side="right") - 1, 0, len(keys) - 2)
    year, month, day = keys[idx] // 12, keys[idx] % 12 + 1, days - starts[idx] + 1
    if not inside.all():
        t_year, t_month, t_day = _tabular(days + _EPOCH_1970)
        year = np.where(inside, year, t_year)
        month = np.where(inside, month, t_month)
        day = np.where(inside, day, t_day)
    return year, month, day, inside


def _as_days(dates: np.ndarray | datetime.date, offset: int) -> tuple[np.ndarray, np.ndarray]:
    """Integer days since 1970 (NaT as 0) and a validity mask, shifted by ``offset`` days."""
    arr = np.asarray(dates, dtype="datetime64[D]")
    valid = ~np.isnat(arr)
    days = np.where(valid, arr.astype(np.int64), 0) + int(offset)
    return days, valid


def hijri_date(d: datetime.date, offset: int = 0) -> HijriDate:
    """The Hijri date of Gregorian date ``d``, shifted by ``offset`` days.

    Umm al-Qura inside 1343-1500 AH (1924-08-01 .. 2077-11-16), the tabular
    Islamic calendar outside it (see the module docstring and :func:`is_umm_al_qura`).
    A positive ``offset`` gives a later Hijri date (the month began earlier locally).
    """
    if isinstance(d, datetime.datetime):
        d = d.date()
    shifted = d + datetime.timedelta(days=int(offset))
    try:
        return HijriDate(*Gregorian.fromdate(shifted).to_hijri().datetuple())
    except OverflowError:
        year, month, day = _tabular(np.int64(shifted.toordinal()))
        return HijriDate(int(year), int(month), int(day))


def is_umm_al_qura(d: datetime.date, offset: int = 0) -> bool:
    """True when :func:`hijri_date` uses the Umm al-Qura table for ``d`` (False: tabular)."""
    days, _ = _as_days(d, offset)
    starts, _ = _month_starts()
    return bool(starts[0] <= days < starts[-1])


def hijri_months(dates: np.ndarray, offset: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Hijri (year, month) arrays for an array of ``datetime64[D]`` dates.

    Same calendar rules as :func:`hijri_date`; NaT entries give year 0, month 0.
    """
    days, valid = _as_days(dates, offset)
    year, month, _, _ = _convert(days)
    return np.where(valid, year, 0), np.where(valid, month, 0)


def is_ramadan(dates: np.ndarray, offset: int = 0) -> np.ndarray:
    """Boolean array: which of the ``datetime64[D]`` ``dates`` fall in Ramadan (month 9).

    Vectorised (one binary search over the month table, no per-date Python work);
    any shape; NaT gives False.  Umm al-Qura inside 1343-1500 AH, tabular outside.
    """
    _, month = hijri_months(dates, offset)
    return month == 9
