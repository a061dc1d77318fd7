"""Time zones: resolving them, finding them from coordinates, and UTC offsets
for whole arrays of instants.

Names resolve through pytz's bundled IANA database, not the machine's, so a
stale system zoneinfo cannot put a place on the wrong clock (Morocco went back
to UTC+0 in September 2026). The zone of a place comes from its coordinates,
offline, through ``tzfpy`` (measured here: 0.3 us a lookup and no start-up
cost, against 1.1 us and 0.2 s of start-up for ``timezonefinder``).
"""

from __future__ import annotations

import datetime as _dt
import math
from bisect import bisect_right
from functools import lru_cache

import numpy as np
import pytz
import tzfpy
from .inputs import InputError, InputTypeError

__all__ = ["resolve_tz", "tz_at", "tz_name", "localize", "utc_offsets", "utc_offset_list",
           "skipped_dates", "date_skipped", "local_periods", "local_tzinfo_list", "iso_seconds"]

_EPOCH = _dt.datetime(1970, 1, 1)


@lru_cache(maxsize=4096)
def _pytz_zone(name: str):
    return pytz.timezone(name)


def tz_at(lat: float, lon: float) -> _dt.tzinfo:
    """The IANA zone (a pytz zone) that holds the place, found offline.

    At sea, tzfpy answers with the nautical ``Etc/GMT±n`` zones.
    """
    return _pytz_zone(tzfpy.get_tz(float(lon), float(lat)))


def resolve_tz(tz, lat: float | None = None, lon: float | None = None) -> _dt.tzinfo:
    """A tzinfo from ``tz``: None (the place's own zone), an IANA name, or a
    pytz / zoneinfo / other tzinfo object (returned as given).
    """
    if tz is None:
        if lat is None or lon is None:
            raise InputError("tz: no time zone given and no place to find one from")
        return tz_at(lat, lon)
    if isinstance(tz, str):
        name = tz.strip()
        try:
            return _pytz_zone(name)
        except pytz.UnknownTimeZoneError:
            raise InputError(f"tz: unknown time zone {tz!r}; give an IANA name such as "
                             f"'Europe/London' or 'Asia/Riyadh', or a tzinfo") from None
    if isinstance(tz, _dt.tzinfo):
        return tz
    raise InputTypeError(f"tz must be None, an IANA name or a tzinfo, got {type(tz).__name__}")


def tz_name(tz: _dt.tzinfo) -> str:
    """The IANA name of a zone where it has one, else its ``str``."""
    return getattr(tz, "zone", None) or getattr(tz, "key", None) or str(tz)


def iso_seconds(when: _dt.datetime) -> str:
    """``when.isoformat(timespec="seconds")``, in half the time for a pytz zone's
    datetime: a pytz tzinfo is one period of its zone, whose offset never changes,
    so its ``+HH:MM`` is kept, and so is each date's ``YYYY-MM-DDT``.
    """
    tzinfo = when.tzinfo
    if isinstance(tzinfo, pytz.BaseTzInfo):
        return _date_prefix(when.date()) + when.time().isoformat("seconds") + \
            _offset_suffix(tzinfo)
    return when.isoformat(timespec="seconds")


@lru_cache(maxsize=1024)
def _date_prefix(day: _dt.date) -> str:
    return day.isoformat() + "T"


@lru_cache(maxsize=1024)
def _offset_suffix(tzinfo: _dt.tzinfo) -> str:
    return _dt.datetime(2000, 1, 1, tzinfo=tzinfo).isoformat()[19:]


def localize(tz: _dt.tzinfo, naive: _dt.datetime) -> _dt.datetime:
    """The local clock time ``naive`` on the clocks of ``tz``, as an aware datetime.

    A pytz zone through its ``localize`` (so the offset is the one in force
    then; a time repeated when clocks go back is taken in standard time), any
    other tzinfo by ``replace(tzinfo=tz)``. ``naive`` must have no tzinfo.
    """
    if naive.tzinfo is not None:
        raise InputError(f"naive: got {naive!r}; allowed: a datetime without tzinfo")
    if hasattr(tz, "localize"):                  # pytz, and zones built like it
        return tz.localize(naive)
    return naive.replace(tzinfo=tz)


@lru_cache(maxsize=1024)
def _transitions(tz) -> tuple[np.ndarray, np.ndarray] | None:
    """Pytz's transition table as (UTC seconds, offset seconds) arrays."""
    times = getattr(tz, "_utc_transition_times", None)
    info = getattr(tz, "_transition_info", None)
    if times is None or info is None:
        return None
    starts = np.array([(t - _EPOCH).total_seconds() if t.year > 1 else -1e18 for t in times])
    offsets = np.array([i[0].total_seconds() for i in info])
    return starts, offsets


def utc_offsets(tz: _dt.tzinfo, unix_seconds: np.ndarray) -> np.ndarray:
    """Offset of local clock time from UTC, in seconds, at each instant.

    Vectorised: a pytz zone is looked up in its transition table with one
    ``searchsorted``; any other tzinfo is asked once per distinct day and, on
    the few days when its offset changes, once per instant. The offset of a
    NaN instant is unspecified.
    """
    t = np.asarray(unix_seconds, dtype=float)
    table = _transitions(tz) if isinstance(tz, pytz.BaseTzInfo) else None
    if table is not None:
        starts, offsets = table
        # NaN sorts last: its offset is meaningless but harmless (the time is NaN)
        return offsets[np.maximum(np.searchsorted(starts, t, side="right") - 1, 0)]
    fixed = tz.utcoffset(None)
    if fixed is not None:
        return np.full(t.shape, fixed.total_seconds())
    return _generic_offsets(tz, t)


@lru_cache(maxsize=1024)
def _cached_clock(tz) -> tuple:
    return _clock(tz)


def _clock(tz) -> tuple:
    """How to read a zone one instant at a time: ``(starts, offsets, tzinfos)``,
    its transition table as lists (a pytz zone with one); ``(None, seconds,
    None)`` for a fixed offset; ``(None, None, None)`` for a tzinfo that can
    only be asked.
    """
    table = _transitions(tz) if isinstance(tz, pytz.BaseTzInfo) else None
    if table is not None:
        infos = tz._transition_info       # pytz: one (offset, dst, name) per transition
        return table[0].tolist(), table[1].tolist(), [tz._tzinfos[i] for i in infos]
    fixed = tz.utcoffset(None)
    return None, None if fixed is None else fixed.total_seconds(), None


def _clock_of(tz) -> tuple:
    return _cached_clock(tz) if type(tz).__hash__ is not None else _clock(tz)


def utc_offset_list(tz: _dt.tzinfo, seconds: list) -> list:
    """:func:`utc_offsets` of a list of instants, as a list of Python floats
    (the one-day path): the same table, bisected. The offset of a NaN instant
    is unspecified (NaN for a zone that can only be asked).
    """
    starts, offsets, _ = _clock_of(tz)
    if starts is not None:
        period = _periods(starts, seconds)
        if type(period) is int:
            return [offsets[period]] * len(seconds)
        return [offsets[i] for i in period]
    if offsets is not None:
        return [offsets] * len(seconds)
    return [math.nan if t != t else _offset_at(tz, t) for t in seconds]


def local_tzinfo_list(tz: _dt.tzinfo, seconds: list) -> list:
    """:func:`local_periods` of a list of instants: the tzinfo a local datetime
    carries at each (a pytz zone's of the period in force; any other tzinfo is
    its own).
    """
    starts, _, tzinfos = _clock_of(tz)
    if starts is None:
        return [tz] * len(seconds)
    period = _periods(starts, seconds)
    if type(period) is int:
        return [tzinfos[period]] * len(seconds)
    return [tzinfos[i] for i in period]


def _periods(starts: list, seconds: list) -> int | list:
    """The position in a transition table of the period in force at each instant
    (what ``searchsorted`` gives :func:`utc_offsets`; NaN sorts last): one int
    when all of them fall in one period (a day's times, but on the day clocks
    change), else a list.
    """
    i = max(bisect_right(starts, seconds[0]) - 1, 0) if seconds else 0
    last = len(starts) - 1
    begin = starts[i] if i else -math.inf
    end = starts[i + 1] if i < last else math.inf
    if all(begin <= t < end for t in seconds):       # NaN is in no period: the slow way
        return i
    return [max(bisect_right(starts, t) - 1, 0) for t in seconds]


def local_periods(tz: _dt.tzinfo, unix_seconds: np.ndarray) -> tuple[list, np.ndarray]:
    """The tzinfo a local datetime carries at each instant, as ``(tzinfos,
    index)``: the distinct tzinfos, and for each instant (an array shaped like
    ``unix_seconds``) the position of its own in that list.

    For a pytz zone, the zone's tzinfo for the period in force (what
    ``tz.fromutc`` gives: offset, DST and abbreviation), looked up in its
    transition table at once; any other tzinfo is the only one. NaN instants
    get an arbitrary one.
    """
    t = np.asarray(unix_seconds, dtype=float)
    table = _transitions(tz) if isinstance(tz, pytz.BaseTzInfo) else None
    if table is None:
        return [tz], np.zeros(t.shape, np.uint8)
    where = np.maximum(np.searchsorted(table[0], t, side="right") - 1, 0)
    infos = tz._transition_info       # pytz: one (offset, dst, name) per transition
    lo, hi = where.min(), where.max()
    if lo == hi:                      # one period (a day, or a year without DST)
        return [tz._tzinfos[infos[lo]]], np.zeros(t.shape, np.uint8)
    periods, index = np.unique(where, return_inverse=True)
    return ([tz._tzinfos[infos[i]] for i in periods.tolist()],
            index.reshape(t.shape).astype(np.uint8 if periods.size < 256 else np.intp))


def _offset_at(tz: _dt.tzinfo, seconds: float) -> float:
    when = _dt.datetime.fromtimestamp(seconds, _dt.timezone.utc)
    return when.astimezone(tz).utcoffset().total_seconds()


def _generic_offsets(tz: _dt.tzinfo, t: np.ndarray) -> np.ndarray:
    out = np.full(t.shape, np.nan)
    ok = ~np.isnan(t)
    if not ok.any():
        return out
    days = np.floor(t[ok] / 86400.0)
    uniq, inv = np.unique(days, return_inverse=True)
    start = np.array([_offset_at(tz, d * 86400.0) for d in uniq])
    end = np.array([_offset_at(tz, d * 86400.0 + 86399.0) for d in uniq])
    vals = start[inv]
    changing = (start != end)[inv]
    if changing.any():
        sel = t[ok][changing]
        vals[changing] = [_offset_at(tz, s) for s in sel]
    out[ok] = vals
    return out


def skipped_dates(tz: _dt.tzinfo, dates: np.ndarray) -> np.ndarray:
    """Which ``datetime64[D]`` dates never happened on the zone's clocks.

    A date exists when its local noon does: noon minus the offset in force then
    must be an instant whose local date is the same. Samoa skipped 2011-12-30
    when it crossed the date line; DST gaps are at night and skip no date.
    """
    days = np.asarray(dates, "datetime64[D]").astype(np.int64)
    if days.size and days[-1] - days[0] == days.size - 1 and type(tz).__hash__ is not None:
        return _skipped_run(tz, int(days[0]), days.size)     # a run: cached (if hashable)
    return _skipped(tz, days)


#: What :func:`skipped_dates` returns for a single date that happened (one
#: shared read-only array, so that a caller may test ``is`` before ``any()``).
NONE_SKIPPED = np.zeros(1, bool)
NONE_SKIPPED.flags.writeable = False


def date_skipped(tz: _dt.tzinfo, day: int) -> bool:
    """:func:`skipped_dates` for one date, as days since 1970-01-01."""
    if type(tz).__hash__ is None:
        return bool(_skipped(tz, np.array([day]))[0])
    return _skipped_run(tz, day, 1) is not NONE_SKIPPED


@lru_cache(maxsize=4096)
def _skipped_run(tz: _dt.tzinfo, first: int, n: int) -> np.ndarray:
    out = _skipped(tz, np.arange(first, first + n))
    if n == 1 and not out[0]:
        return NONE_SKIPPED
    out.flags.writeable = False
    return out


def _skipped(tz: _dt.tzinfo, days: np.ndarray) -> np.ndarray:
    noon = (days * 86400 + 43200).astype(float)
    guess = noon - utc_offsets(tz, noon)
    first = noon - utc_offsets(tz, guess)
    second = noon - utc_offsets(tz, first)
    return (first != guess) & (second != first)
