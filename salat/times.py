"""Prayer times for one place and date: :func:`times_for` and
:class:`PrayerTimes`, through a memo of computed years (the day cache).

The computing is :func:`salat.engine.compute`, the one pipeline that both a
single day and a year-long table go through; it is re-exported here.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import operator
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from functools import lru_cache
from types import MappingProxyType

import numpy as np

from . import inputs, prayer_zones
from .engine import DaySolution, Solution, compute, compute_day, day_array, to_datetime64
from .inputs import InputError, InputTypeError, check_aware
from .methods import Method, get_method
from .names import PRAYER_NAMES, TIME_NAMES
from .options import METHOD_ROUNDING, Options
from .options import options as check_options
from .regions import authority_at, method_for
from .rules import rule_label
from .timezones import local_periods, local_tzinfo_list, resolve_tz, tz_name

__all__ = ["PRAYER_NAMES", "TIME_NAMES", "PrayerTimes", "Solution", "compute", "times_for",
           "to_datetime64"]

_NO_RULES: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True, eq=False)
class PrayerTimes:
    """One day's times at one place, as timezone-aware datetimes.

    Each of ``imsak, fajr, sunrise, dhuhr, asr, sunset, maghrib, isha,
    midnight, last_third`` is a ``datetime`` in the place's time zone, or ``None``
    where the time does not occur that day and no rule supplied one (polar
    days and nights, twilight that never ends). ``imsak`` .. ``isha`` lie on
    ``date`` in ``tz``, with one exception: a time the Sun itself gives is not
    moved, so on a clock far from solar time an Isha angle reached after
    midnight is on the next date. A rule's Fajr or Imsak that would precede
    the date's 00:00 is held there, a rule's Maghrib or Isha after the date at
    23:59 (flagged ``local_date``). ``midnight`` and ``last_third`` belong to
    the night after this date's Maghrib, so they usually fall on the next
    calendar date. ``adjusted`` (read-only) names the times that a
    high-latitude rule or polar resolution set, with the rule's name.
    ``zone`` is the code of the prayer zone whose table these are (``"WLY01"``:
    in Malaysia by default, see :func:`times_for`), None where the times are
    computed at ``latitude``, ``longitude``.

    Iterating gives the six times of a timetable in day order::

        for name, when in salat.times_for(51.5, -0.13):
            print(name, when)
    """

    date: _dt.date
    latitude: float
    longitude: float
    tz: _dt.tzinfo
    method: Method
    imsak: _dt.datetime | None
    fajr: _dt.datetime | None
    sunrise: _dt.datetime | None
    dhuhr: _dt.datetime | None
    asr: _dt.datetime | None
    sunset: _dt.datetime | None
    maghrib: _dt.datetime | None
    isha: _dt.datetime | None
    midnight: _dt.datetime | None
    last_third: _dt.datetime | None
    adjusted: Mapping[str, str] = field(default_factory=lambda: _NO_RULES)
    zone: str | None = None

    def __post_init__(self):
        if type(self.adjusted) is not MappingProxyType:     # read-only, like the rest
            object.__setattr__(self, "adjusted", MappingProxyType(dict(self.adjusted)))

    def __iter__(self) -> Iterator[tuple[str, _dt.datetime | None]]:
        for name in PRAYER_NAMES:
            yield name, getattr(self, name)

    def as_dict(self) -> dict[str, _dt.datetime | None]:
        """All ten times by name, in day order (the times only: :attr:`zone`,
        :attr:`adjusted` and the rest are attributes).
        """
        return {name: getattr(self, name) for name in TIME_NAMES}

    def next_prayer(self, now: _dt.datetime | None = None, *,
                    include_sunrise: bool = False) -> tuple[str, _dt.datetime] | None:
        """``(name, time)`` of the first of the day's prayers after ``now``
        (an aware datetime; default: the current time), or ``None`` after Isha:
        then ask the next date's times.
        """
        if now is None:
            now = _dt.datetime.now(self.tz)
        else:
            check_aware("now", now)
        for name, when in self:
            if name == "sunrise" and not include_sunrise:
                continue
            if when is not None and when > now:
                return name, when
        return None

    @classmethod
    def from_solution(cls, sol: Solution, place: int, day: int, *, latitude: float,
                      longitude: float, tz: _dt.tzinfo, method: Method,
                      zone: str | None = None) -> PrayerTimes:
        """The times of one place and date of a :class:`Solution` (``zone``: the
        code of the prayer zone it was computed for, if any).
        """
        one = Solution(sol.dates[day:day + 1], sol.utc[place:place + 1, day:day + 1],
                       sol.offset[place:place + 1, day:day + 1],
                       sol.flags[place:place + 1, day:day + 1])
        return _Row(one, 0, tz).times(0, latitude, longitude, method, zone)

    def __repr__(self) -> str:
        def hm(d):
            return "--:--" if d is None else d.strftime("%H:%M:%S")
        parts = " ".join(f"{n}={hm(getattr(self, n))}" for n in PRAYER_NAMES)
        return (f"PrayerTimes({self.date.isoformat()} at {self.latitude:.4f},"
                f"{self.longitude:.4f} [{self.method.name}]: {parts})")


#: PrayerTimes' fields in order: the place, the ten times, ``adjusted``, ``zone``.
_FIELDS = tuple(f.name for f in fields(PrayerTimes))
assert _FIELDS[5:15] == TIME_NAMES and _FIELDS[15:] == ("adjusted", "zone")


@lru_cache(maxsize=256)
def _labels(flags: bytes) -> Mapping[str, str]:
    """Read-only {time name: rule label} for a row of flag bits (one byte each)."""
    return MappingProxyType({name: label for name, bits in zip(TIME_NAMES, flags)
                             if (label := rule_label(bits))})


@lru_cache(maxsize=1024)
def _epoch(tzinfo: _dt.tzinfo) -> _dt.datetime:
    """1970-01-01 00:00 local in ``tzinfo`` (a pytz zone's tzinfo of one period):
    plus the local clock seconds, it is the time, carrying that tzinfo.
    """
    return _dt.datetime(1970, 1, 1, tzinfo=tzinfo)


def _prayer_times(ordinal: int, seconds: list, epochs: list | None, flags: bytes,
                  tz: _dt.tzinfo, latitude: float, longitude: float, method: Method,
                  zone: str | None) -> PrayerTimes:
    """A :class:`PrayerTimes` from one row: the date's ordinal, the ten times
    as local clock seconds with the epoch of each one's period (pytz; UTC
    seconds and ``epochs=None`` for another tzinfo), and their flag bits.
    """
    if epochs is not None:
        delta = _dt.timedelta
        total = sum(seconds)
        if total == total:          # no NaN: every time occurs (made by map, in C)
            values = list(map(operator.add, epochs, map(delta, _ZEROS, seconds)))
        else:
            values = [None if s != s else e + delta(0, s) for s, e in zip(seconds, epochs)]
    else:
        fromtimestamp = _dt.datetime.fromtimestamp
        values = [None if s != s else fromtimestamp(s, tz) for s in seconds]
    adjusted = _labels(flags) if any(flags) else _NO_RULES
    # PrayerTimes' own fields, filled at once (its __init__ would set 17 frozen
    # attributes one by one; the values are already what __post_init__ makes).
    out = object.__new__(PrayerTimes)
    out.__dict__.update(zip(_FIELDS, (_dt.date.fromordinal(ordinal), latitude, longitude, tz,
                                      method, *values, adjusted, zone)))
    return out


_ZEROS = (0,) * len(TIME_NAMES)


class _Row:
    """The times of one place in a :class:`Solution`, ready to become
    :class:`PrayerTimes`, kept small (about 37 kB a year): local clock seconds
    for a pytz time zone (UTC seconds otherwise), the flags, and which period of
    the zone (offset, DST, name) each time falls in.
    """

    __slots__ = ("first", "seconds", "flags", "period", "epochs", "tz")

    def __init__(self, sol: Solution, place: int, tz: _dt.tzinfo):
        self.first = sol.dates[0].item().toordinal()
        self.flags = sol.flags[place]
        self.tz = tz
        if hasattr(tz, "localize"):
            # pytz: each time carries the tzinfo of its period; 1970-01-01 00:00
            # local in that tzinfo, plus the local seconds, is the time.
            tzinfos, self.period = local_periods(tz, sol.utc[place])
            self.epochs = [_epoch(t) for t in tzinfos]
            self.seconds = sol.utc[place] + sol.offset[place]
        else:
            self.period = self.epochs = None
            self.seconds = sol.utc[place]
        for arr in (self.seconds, self.flags, self.period):
            if arr is not None:
                arr.flags.writeable = False

    def __len__(self) -> int:
        return len(self.seconds)

    def times(self, day: int, latitude: float, longitude: float, method: Method,
              zone: str | None = None) -> PrayerTimes:
        """The :class:`PrayerTimes` of the ``day``-th date."""
        epochs = None
        if self.epochs is not None:
            epochs = [self.epochs[p] for p in self.period[day].tolist()]
        return _prayer_times(self.first + day, self.seconds[day].tolist(), epochs,
                             self.flags[day].tobytes(), self.tz, latitude, longitude,
                             method, zone)


class _DayRow:
    """:class:`_Row` of a single date, from a :class:`DaySolution`'s Python
    numbers (a first call: no arrays are made).
    """

    __slots__ = ("first", "seconds", "flags", "epochs", "tz")

    def __init__(self, day: DaySolution, tz: _dt.tzinfo):
        self.first = day.day + _EPOCH_ORDINAL
        self.flags = bytes(day.flags)
        self.tz = tz
        if hasattr(tz, "localize"):
            tzinfos = local_tzinfo_list(tz, day.utc)
            first = tzinfos[0]
            epoch = _epoch(first)                   # one period, almost always
            self.epochs = [epoch if t is first else _epoch(t) for t in tzinfos]
            self.seconds = [t + o for t, o in zip(day.utc, day.offset)]
        else:
            self.epochs, self.seconds = None, list(day.utc)

    def __len__(self) -> int:
        return 1

    def times(self, day: int, latitude: float, longitude: float, method: Method,
              zone: str | None = None) -> PrayerTimes:
        """The :class:`PrayerTimes` of its date (``day`` must be 0)."""
        return _prayer_times(self.first + day, self.seconds, self.epochs, self.flags, self.tz,
                             latitude, longitude, method, zone)


#: The proleptic Gregorian ordinal of 1970-01-01, day 0 of a :class:`DaySolution`.
_EPOCH_ORDINAL = _dt.date(1970, 1, 1).toordinal()


class _DayCache:
    """A bounded, thread-safe memo of computed runs of dates, per place and
    options: ``key -> [first day ordinal, _Row, last use, last spared]``,
    dropping about the least recently used. The first call for a key computes
    its one date; the next one that misses computes the whole calendar year
    (about 1.5x the cost of one day), so that a loop over dates, or a server
    asked for the same cities, costs a lookup and ten datetimes per call.
    Entries are never changed once stored but for their use ticks: a reader
    needs no lock (one ``dict.get`` under the GIL), writers take one.
    """

    def __init__(self, maxsize: int):
        self.maxsize = maxsize
        self._data: dict = {}
        self._clock = itertools.count()
        self._lock = threading.Lock()

    def get(self, key) -> tuple | None:
        """``(first day ordinal, _Row)`` stored for ``key``, or None."""
        entry = self._data.get(key)
        if entry is None:
            return None
        entry[2] = next(self._clock)
        return entry[0], entry[1]

    def put(self, key, first: int, row: _Row, *, new: bool = False) -> None:
        """Store, as the newest entry; at ``maxsize``, first drop the oldest
        entry not used since it was stored or last spared (the "second chance"
        approximation of LRU). The entry being stored is never the one dropped.
        ``new``: the caller has just seen that ``key`` is not stored.
        """
        with self._lock:
            tick = next(self._clock)
            if not new:
                self._data.pop(key, None)
            while len(self._data) >= self.maxsize:
                oldest = next(iter(self._data))
                entry = self._data.pop(oldest)
                if entry[2] > entry[3]:                      # used since: spare it once
                    entry[3] = entry[2]
                    self._data[oldest] = entry
            self._data[key] = [first, row, tick, tick]      # ..., last use, last spared

    def __len__(self) -> int:
        return len(self._data)

    def clear(self) -> None:
        """Forget everything (tests compare against the uncached path)."""
        with self._lock:
            self._data.clear()


#: Years of one place with its options kept at most (about 60 kB each: 8 MB).
DAY_CACHE_SIZE = 128
_CACHE = _DayCache(DAY_CACHE_SIZE)


def _place_times(la: float, lo: float, el: float, tz: _dt.tzinfo, m: Method,
                 opts: Options, day: _dt.date, cache: bool = True,
                 zone: prayer_zones.Zone | None = None) -> PrayerTimes:
    """One place and date through the memo (``cache=False``: straight through
    the engine, the reference the memo is tested against). ``zone``: the
    prayer zone whose table is wanted (its :meth:`~salat.prayer_zones.Zone.solve`
    instead of :func:`compute`).
    """
    solve = compute if zone is None else zone.solve
    key = (la, lo, el, tz, m, opts, day.year, solve)
    ordinal = day.toordinal()
    if type(tz).__hash__ is None:       # a tzinfo of the caller's own that cannot be hashed
        cache = False
    entry = _CACHE.get(key) if cache else None
    if entry is not None and 0 <= ordinal - entry[0] < len(entry[1]):
        first, row = entry
    else:
        if entry is None:       # a first call: this date only
            first, days = ordinal, ordinal - _EPOCH_ORDINAL
            if zone is None:    # one place-day on floats, no arrays
                row = _DayRow(compute_day(la, lo, days, method=m, tz=tz, elevation=el,
                                          options=opts), tz)
            else:
                row = _Row(solve(np.array([la]), np.array([lo]), day_array(days), method=m,
                                 tzs=(tz,), elevation=np.array([el]), options=opts), 0, tz)
        else:                   # seen before: the whole year at once
            first = _dt.date(day.year, 1, 1).toordinal()
            dates = np.arange(np.datetime64(f"{day.year:04d}-01-01"),
                              np.datetime64(f"{day.year + 1:04d}-01-01"))
            row = _Row(solve(np.array([la]), np.array([lo]), dates, method=m, tzs=(tz,),
                             elevation=np.array([el]), options=opts), 0, tz)
        if cache:
            _CACHE.put(key, first, row, new=entry is None)
    t = row.times(ordinal - first, la, lo, m, None if zone is None else zone.code)
    if t.dhuhr is None:
        raise InputError(f"date {day.isoformat()} did not occur in the time zone "
                         f"{tz_name(tz)} (its clocks skipped that day)")
    return t


def times_for(lat: float | None = None, lon: float | None = None, date=None, *,
              zone: str | bool | None = None, method=None, asr="standard", tz=None,
              elevation: float = 0.0, high_latitude: str | None = None,
              polar: str | None = None, adjustments: Mapping[str, float] | None = None,
              rounding: str | None = METHOD_ROUNDING) -> PrayerTimes:
    """Prayer times for one place and date.

    Parameters
    ----------
    lat, lon : float
        Degrees, north and east positive.
    date : datetime.date or str, optional
        A ``datetime.date`` or ``"YYYY-MM-DD"``; ``None`` is today at the place.
    zone : str or bool, optional
        An authority's prayer zone, e.g. ``"JHR02"`` (:mod:`salat.prayer_zones`),
        instead of lat/lon: its reference point(s), rule and method. ``None``
        (default): in Malaysia, with the default method or one of JAKIM's, the
        times are those of the JAKIM zone that holds (lat, lon), as JAKIM
        publishes them and every mosque there shows them (``elevation`` is then
        not used: the zone's table has its own); the result's ``zone`` says
        which. ``False``: compute at (lat, lon) itself, everywhere.
    method : str or Method, optional
        A name from ``salat.METHODS``, a :class:`salat.Method`, or ``None`` for
        the local authority's method (:func:`salat.method_for`).
    asr : str or float
        ``"standard"`` (shadow factor 1), ``"hanafi"`` (2), or a factor.
    tz : str or tzinfo, optional
        ``None`` (the place's own time zone, found offline; a prayer zone's
        tables' own with ``zone=`` a code), an IANA name, or a pytz / zoneinfo
        tzinfo.
    elevation : float
        Metres above the surrounding land; lowers the horizon of sunrise and
        sunset by ``0.0347 * sqrt(elevation)`` degrees.
    high_latitude : str, optional
        ``"recommended"`` (default), ``"middle_of_night"``,
        ``"seventh_of_night"``, ``"twilight_angle"`` or ``"none"``.
    polar : str, optional
        When the Sun does not rise or set: ``"unresolved"`` (default: those
        times are ``None``), ``"nearest_day"`` or ``"nearest_latitude"``.
    adjustments : mapping, optional
        Minutes added to times by name, on top of the method's own margins,
        e.g. ``{"dhuhr": 2}``.
    rounding : str, optional
        ``"method"`` (default: the method's own), ``None`` (keep seconds),
        ``"nearest"``, ``"up"`` or ``"down"``.

    Returns
    -------
    PrayerTimes
        Immutable. Results are memoized per place, options and year (bounded,
        thread-safe), so a loop over dates or a repeated call costs a lookup.

    Examples
    --------
    >>> t = times_for(21.4225, 39.8262, "2026-11-27", method="umm_al_qura")
    >>> t.fajr.isoformat()
    '2026-11-27T05:19:00+03:00'
    >>> times_for(3.139, 101.687, "2026-03-01").zone          # Kuala Lumpur
    'WLY01'
    >>> times_for(3.139, 101.687, "2026-03-01", zone=False).zone is None
    True
    """
    pz = None
    if zone is not None and zone is not False:     # a prayer zone: its points, rule, method
        if zone is True:
            raise InputTypeError("zone: got True; allowed: a zone code such as 'JHR02', "
                                 "None (the zone that holds the place, in Malaysia) or "
                                 "False (compute at the place itself)")
        pz, lat, lon, method = prayer_zones.place(zone, lat, lon, method, elevation)
    la = inputs.finite_in_range("lat", lat, -90.0, 90.0, "degrees")
    lo = inputs.finite_in_range("lon", lon, -180.0, 180.0, "degrees")
    if type(la) is not float or type(lo) is not float:
        if np.ndim(la) or np.ndim(lo):
            raise InputTypeError("times_for takes one place; use salat.table for many")
        la, lo = float(la), float(lo)
    el = inputs.finite_in_range("elevation", elevation, -500.0, 9000.0, "metres")
    if type(el) is not float:
        if np.ndim(el):
            raise InputTypeError(f"elevation: times_for takes one number, got shape "
                                 f"{np.shape(el)}")
        el = float(el)
    tzinfo = resolve_tz(pz.tz if tz is None and pz is not None else tz, la, lo)
    day = _dt.datetime.now(tzinfo).date() if date is None else inputs.one_date(date)
    if pz is not None:
        m = get_method(method)
    elif zone is None:
        m, pz = authority_at(la, lo, method, place_tz=tzinfo if tz is None else None)
    else:
        m = method_for(la, lo) if method is None else get_method(method)
    opts = check_options(asr, high_latitude, polar, adjustments, rounding)
    return _place_times(la, lo, el, tzinfo, m, opts, day, zone=pz)
