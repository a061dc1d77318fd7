"""The engines compared: salat and its peers praytimes 2.3.2 and adhanpy.

Every engine computes the Muslim World League method (Fajr 18, Isha 17
degrees: angles only, so praytimes' sign bug for minute-based Isha plays no
part) in UTC, for the same places and dates. The peers compute one day per
call, so a table is their loop; their results are kept as they come (a list),
and turned into minutes only outside the timed part.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any
from collections.abc import Callable, Sequence

import numpy as np

import salat

#: The six times every engine gives, in day order.
PRAYERS = salat.PRAYER_NAMES


class Engine:
    """One engine: how it computes a day, a table, and its results in minutes."""

    name = ""
    #: Whether the benchmark requires agreement within a minute (else it reports).
    checked = True
    note = ""

    def day(self, lat: float, lon: float, date: _dt.date) -> Any:
        raise NotImplementedError

    def table(self, lat: Sequence[float], lon: Sequence[float],
              dates: Sequence[_dt.date]) -> Any:
        """Every date at every place; the peers loop over ``day``."""
        day = self.day
        return [day(la, lo, d) for la, lo in zip(lat, lon) for d in dates]

    def day_loop(self, lat: float, lon: float, dates: Sequence[_dt.date]) -> Any:
        """The loop a user writes: one ``day`` call per date (the peers' own
        table is this loop)."""
        return self.table([lat], [lon], dates)

    def minutes(self, result: Any, n: int, dates: Sequence[_dt.date]) -> np.ndarray:
        """UTC minutes after each date's 00:00, shape (places, dates, 6)."""
        raise NotImplementedError


class Salat(Engine):
    """salat: ``times_for`` for a day, one vectorized ``table`` call for many."""

    name = "salat"

    def day(self, lat, lon, date):
        return salat.times_for(lat, lon, date, method="mwl", tz="UTC")

    def day_inferred(self, lat, lon, date):
        """The three-argument call: zone and method found from the place."""
        return salat.times_for(lat, lon, date)

    def day_loop(self, lat, lon, dates):
        times_for = salat.times_for
        return [times_for(lat, lon, d, method="mwl", tz="UTC") for d in dates]

    def table(self, lat, lon, dates):
        return salat.table(np.asarray(lat), np.asarray(lon), dates[0], dates[-1],
                           method="mwl", tz="UTC")

    def minutes(self, result, n, dates):
        days = np.asarray(dates, "datetime64[D]").astype("datetime64[s]")
        out = np.empty((n, len(dates), len(PRAYERS)))
        for k, p in enumerate(PRAYERS):
            utc = result.utc(p).reshape(n, len(dates))
            out[..., k] = (utc - days).astype("timedelta64[s]").astype(float) / 60.0
        return out


class PrayTimes(Engine):
    """praytimes 2.3.2. Its constructor ignores the method it is given (a loop
    variable shadows the argument), so MWL's parameters are set with
    ``adjust``; dates are passed as (y, m, d) tuples, its fastest form."""

    name = "praytimes"

    def __init__(self):
        from praytimes import PrayTimes as _PT
        self._pt = _PT()
        self._pt.adjust(dict(self._pt.methods["MWL"]["params"]))
        self._get = self._pt.getTimes

    def day(self, lat, lon, date):
        return self._get(date if isinstance(date, tuple) else
                         (date.year, date.month, date.day), (lat, lon), 0, 0, "Float")

    def table(self, lat, lon, dates):
        get = self._get
        ymd = [(d.year, d.month, d.day) for d in dates]
        return [get(t, (la, lo), 0, 0, "Float") for la, lo in zip(lat, lon) for t in ymd]

    def minutes(self, result, n, dates):
        return np.array([[r[p] * 60.0 for p in PRAYERS] for r in result],
                        float).reshape(n, len(dates), len(PRAYERS))


class Adhanpy(Engine):
    """adhanpy with its MUSLIM_WORLD_LEAGUE preset (UTC datetimes). The
    preset adds 1 minute to Dhuhr, taken off again when comparing; its times
    are rounded to the minute, so agreement is reported, not required."""

    name = "adhanpy"
    checked = False
    note = "rounds to the minute; reported only"

    def __init__(self):
        from adhanpy.calculation.CalculationMethod import CalculationMethod
        from adhanpy.PrayerTimes import PrayerTimes as _PT
        self._make = _PT
        self._method = CalculationMethod.MUSLIM_WORLD_LEAGUE

    def day(self, lat, lon, date):
        return self._make((lat, lon), _dt.datetime(date.year, date.month, date.day),
                          calculation_method=self._method)

    def minutes(self, result, n, dates):
        out = np.empty((len(result), len(PRAYERS)))
        for i, r in enumerate(result):
            d = dates[i % len(dates)]
            base = _dt.datetime(d.year, d.month, d.day, tzinfo=_dt.timezone.utc)
            for k, p in enumerate(PRAYERS):
                when = getattr(r, p)
                out[i, k] = np.nan if when is None else \
                    (when.astimezone(_dt.timezone.utc) - base).total_seconds() / 60.0
        out[:, PRAYERS.index("dhuhr")] -= 1.0       # the preset's own Dhuhr margin
        return out.reshape(n, len(dates), len(PRAYERS))


def peers() -> list[Engine]:
    """The peers that are installed (the ``bench`` extra installs both)."""
    found: list[Engine] = []
    for make in (PrayTimes, Adhanpy):
        try:
            found.append(make())
        except ImportError:
            pass
    return found


def circular_difference(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a - b in minutes, taken around the clock (-720 to 720)."""
    return (a - b + 720.0) % 1440.0 - 720.0


def table_matches_times_for(tt: salat.Timetable, lat, lon, samples: int,
                            pick: Callable[[int], int]) -> int:
    """How many of ``samples`` (place, date) pairs differ between ``tt`` and
    ``times_for`` (to the second) - 0 when they agree."""
    bad = 0
    n = tt.places
    for _s in range(samples):
        i, d = pick(n), pick(len(tt))
        ref = salat.times_for(float(lat[i]), float(lon[i]), tt.dates[d].item(),
                              method="mwl", tz="UTC")
        for p in salat.TIME_NAMES:
            want = getattr(ref, p)
            got = tt.utc(p)[i, d] if not tt.single else tt.utc(p)[d]
            if want is None:
                bad += not np.isnat(got)
            else:
                bad += got.item() != want.replace(microsecond=0, tzinfo=None)
    return bad
