"""Year-long tables: :func:`table`, :class:`Timetable` and its exporters.

    >>> import salat
    >>> tt = salat.table(34.0209, -6.8416, year=2026, tz="Africa/Casablanca")
    >>> tt.local("fajr")[:2]                         # datetime64[s], NaT where undefined
    >>> tt.to_csv("rabat-2026.csv")

A table is computed by the same engine as :func:`salat.times_for`
(:func:`salat.times.compute`), so both agree to the second. Many places are
given as arrays; :func:`table_chunks` yields the same table a slice of places at
a time, which the writers (:func:`write_csv`, :func:`write_json`,
:func:`write_ics`) stream so that memory stays flat however many places there
are. Formatting is vectorized: no Python object is made per cell of a CSV.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as _dt
import hashlib
import io
import json
import os
import tempfile
from typing import IO, Any, Callable, Iterable, Iterator, Mapping, Optional, Sequence, Union

import numpy as np

from . import inputs
from .methods import TIME_NAMES, Method, check_offsets, get_method, method_for
from .rules import ADJUSTED, NEAREST_DAY, NEAREST_LATITUDE
from .times import METHOD_ROUNDING, PrayerTimes, Solution, compute
from .zones import resolve_zone, zone_name

__all__ = ["table", "table_chunks", "Timetable", "write_csv", "write_json", "write_ics",
           "atomic_output", "JSON_FORMAT", "ICS_PRAYERS", "CHUNK_CELLS"]

#: The ``format`` tag of :meth:`Timetable.to_json` documents.
JSON_FORMAT = "salat.timetable/1"
#: The times that become iCalendar events by default: the five prayers.
ICS_PRAYERS = ("fajr", "dhuhr", "asr", "maghrib", "isha")
#: Place-days computed at once when a table is built or streamed in chunks.
CHUNK_CELLS = 1 << 17
_FLAG_LABELS = ((ADJUSTED, "high_latitude"), (NEAREST_LATITUDE, "nearest_latitude"),
                (NEAREST_DAY, "nearest_day"))
_ROUNDINGS = (METHOD_ROUNDING, None, "nearest", "up", "down")
_NAT = np.iinfo(np.int64).min

PathOrFile = Union[str, os.PathLike, IO]


# ---------------------------------------------------------------- inputs

class _Places:
    """Checked, resolved places: coordinates, elevation, zone, method, name."""

    def __init__(self, lat, lon, tz, elevation, method, names):
        la, lo = inputs.coordinates(lat, lon)
        if la.ndim > 1:
            raise ValueError(f"lat and lon must be numbers or 1-d sequences (one per place); "
                             f"got shape {la.shape}")
        self.single = la.ndim == 0
        self.lat, self.lon = la.reshape(-1), lo.reshape(-1)
        n = self.lat.size
        if n == 0:
            raise ValueError("lat and lon: no places given (empty sequences)")
        self.elevation = inputs.elevations(elevation, (n,))
        self.zones = _per_place("tz", tz, n, _is_scalar_tz,
                                lambda z, i: resolve_zone(z, self.lat[i], self.lon[i]),
                                cache_none=False)
        self.methods = _per_place("method", method, n, lambda m: isinstance(m, (str, Method)),
                                  lambda m, i: method_for(self.lat[i], self.lon[i])
                                  if m is None else get_method(m), cache_none=False)
        if names is None:
            self.names = None
        else:
            self.names = _per_place("names", names, n, lambda s: isinstance(s, str),
                                    lambda s, i: _check_name(s), cache_none=True)


def _is_scalar_tz(z) -> bool:
    return isinstance(z, (str, _dt.tzinfo))


def _per_place(what: str, value, n: int, is_scalar: Callable[[Any], bool],
               resolve: Callable[[Any, int], Any], cache_none: bool) -> list:
    """One resolved value per place from a scalar or a sequence of length ``n``."""
    if value is None or is_scalar(value):
        if value is None and not cache_none:
            return [resolve(None, i) for i in range(n)]
        one = resolve(value, 0)
        return [one] * n
    if isinstance(value, (bytes, Mapping)) or not hasattr(value, "__len__"):
        raise TypeError(f"{what} must be one value or a sequence with one per place, got "
                        f"{type(value).__name__}")
    if len(value) != n:
        raise ValueError(f"{what}: got {len(value)} values for {n} places; give one value "
                         f"or one per place")
    out, seen = [], {}
    for i, v in enumerate(value):
        if v is not None and not is_scalar(v):
            raise TypeError(f"{what}[{i}] has the wrong type {type(v).__name__}")
        key = (type(v), v) if isinstance(v, str) else None
        if key is not None and key in seen:
            out.append(seen[key])
            continue
        try:
            r = resolve(v, i)
        except (ValueError, TypeError) as e:
            raise type(e)(f"{what}[{i}]: {e}") from None
        if key is not None:
            seen[key] = r
        out.append(r)
    return out


def _check_name(s: str) -> str:
    if not isinstance(s, str):
        raise TypeError(f"a place name must be a string, got {type(s).__name__}")
    return s


def _check_year(year) -> int:
    if isinstance(year, bool) or not isinstance(year, (int, np.integer)):
        raise TypeError(f"year must be an integer, got {year!r}")
    y = int(year)
    if not inputs.MIN_DATE.year <= y <= inputs.MAX_DATE.year:
        raise ValueError(f"year {y} is outside the supported range "
                         f"{inputs.MIN_DATE.year} to {inputs.MAX_DATE.year}")
    return y


def _dates(start, end, year, zone: _dt.tzinfo) -> np.ndarray:
    """The table's dates from ``start``/``end`` or ``year`` (default: this year)."""
    if year is not None:
        if start is not None or end is not None:
            raise ValueError("give either year or start/end, not both")
        y = _check_year(year)
        return inputs.date_range(_dt.date(y, 1, 1), _dt.date(y, 12, 31))
    if start is None:
        if end is not None:
            raise ValueError("end given without start; give start too, or year")
        y = _dt.datetime.now(zone).year
        return inputs.date_range(_dt.date(y, 1, 1), _dt.date(y, 12, 31))
    return inputs.date_range(start, start if end is None else end)


class _Request:
    """Everything :func:`compute` needs, checked once for a whole job."""

    def __init__(self, lat, lon, start, end, year, method, asr, tz, elevation,
                 high_latitude, polar, adjustments, rounding, names):
        self.places = _Places(lat, lon, tz, elevation, method, names)
        self.dates = _dates(start, end, year, self.places.zones[0])
        self.kw = dict(
            shadow=inputs.shadow_factor(asr),
            rule=inputs.choice("high_latitude", high_latitude, inputs.HIGH_LATITUDE_RULES,
                               "recommended"),
            polar=inputs.choice("polar", polar, inputs.POLAR_RESOLUTIONS, "unresolved"),
            adjustments=check_offsets(adjustments),
            rounding=inputs.choice("rounding", rounding, _ROUNDINGS))

    def solve(self, a: int, b: int) -> "Timetable":
        """The table of places ``a:b``, one :func:`compute` call per method."""
        p = self.places
        lat, lon, el = p.lat[a:b], p.lon[a:b], p.elevation[a:b]
        zones, methods = p.zones[a:b], p.methods[a:b]
        groups: list[tuple[Method, list[int]]] = []
        for i, m in enumerate(methods):
            for gm, idx in groups:
                if gm is m or gm == m:
                    idx.append(i)
                    break
            else:
                groups.append((m, [i]))
        if len(groups) == 1:
            sol = compute(lat, lon, self.dates, method=groups[0][0], zones=zones,
                          elevation=el, **self.kw)
            utc, offset, flags = sol.utc, sol.offset, sol.flags
        else:
            shape = (b - a, self.dates.size, len(TIME_NAMES))
            utc, offset = np.empty(shape), np.empty(shape)
            flags = np.empty(shape, np.uint8)
            for m, idx in groups:
                ix = np.array(idx)
                sol = compute(lat[ix], lon[ix], self.dates, method=m,
                              zones=[zones[i] for i in idx], elevation=el[ix], **self.kw)
                utc[ix], offset[ix], flags[ix] = sol.utc, sol.offset, sol.flags
        names = None if p.names is None else p.names[a:b]
        return Timetable(self.dates, utc, offset, flags, lat, lon, el, zones, methods,
                         names, single=p.single)

    def chunk_size(self, cells: int) -> int:
        return max(1, cells // max(1, self.dates.size))


def table(lat, lon, start=None, end=None, *, year: Optional[int] = None, method=None,
          asr="standard", tz=None, elevation=0.0, high_latitude: Optional[str] = None,
          polar: Optional[str] = None, adjustments: Optional[Mapping[str, float]] = None,
          rounding: Optional[str] = METHOD_ROUNDING,
          names: Optional[Sequence[str]] = None) -> "Timetable":
    """Prayer times for every date from ``start`` to ``end`` (inclusive), at one
    place or many.

    Parameters
    ----------
    lat, lon: degrees (north, east), numbers for one place or 1-d sequences for many.
    start, end: dates (``datetime.date`` or ``"YYYY-MM-DD"``). ``end=None`` means
        ``start`` only; no ``start`` and no ``year`` means the current year.
    year: a whole calendar year instead of ``start``/``end``.
    method, tz, elevation: as for :func:`salat.times_for`, one value or one per
        place (``None`` entries: the place's own authority / zone).
    asr, high_latitude, polar, adjustments, rounding: as for :func:`salat.times_for`.
    names: optional place names (one per place), used by the exporters.

    Raises ``ValueError`` / ``TypeError`` naming the bad argument. For very many
    places, :func:`table_chunks` keeps memory flat.
    """
    req = _Request(lat, lon, start, end, year, method, asr, tz, elevation, high_latitude,
                   polar, adjustments, rounding, names)
    n, step = req.places.lat.size, req.chunk_size(CHUNK_CELLS)
    if n <= step:
        return req.solve(0, n)
    return Timetable.concatenate([req.solve(a, min(n, a + step)) for a in range(0, n, step)])


def table_chunks(lat, lon, start=None, end=None, *, year: Optional[int] = None,
                 method=None, asr="standard", tz=None, elevation=0.0,
                 high_latitude: Optional[str] = None, polar: Optional[str] = None,
                 adjustments: Optional[Mapping[str, float]] = None,
                 rounding: Optional[str] = METHOD_ROUNDING,
                 names: Optional[Sequence[str]] = None,
                 cells: int = CHUNK_CELLS) -> Iterator["Timetable"]:
    """The table of :func:`table`, as consecutive :class:`Timetable` slices of
    places holding about ``cells`` place-days each.

    Every input is checked before this returns (bad input raises here, not
    half-way through a job); the work is done as the chunks are taken.
    """
    if isinstance(cells, bool) or not isinstance(cells, (int, np.integer)) or cells < 1:
        raise ValueError(f"cells must be a positive integer, got {cells!r}")
    req = _Request(lat, lon, start, end, year, method, asr, tz, elevation, high_latitude,
                   polar, adjustments, rounding, names)
    n, step = req.places.lat.size, req.chunk_size(int(cells))

    def gen():
        for a in range(0, n, step):
            yield req.solve(a, min(n, a + step))
    return gen()


# ---------------------------------------------------------------- the table

class Timetable:
    """Prayer times for places x dates.

    Arrays are indexed ``[place, date]`` for many places, ``[date]`` for one
    place given as scalars. Times are seconds-resolution ``datetime64``; an
    undefined time (polar day or night, twilight that never ends, unless a rule
    supplied one) is NaT, never a made-up value.
    """

    __slots__ = ("dates", "_utc", "_offset", "_flags", "latitude", "longitude", "elevation",
                 "zones", "methods", "names", "single")

    def __init__(self, dates: np.ndarray, utc: np.ndarray, offset: np.ndarray,
                 flags: np.ndarray, latitude: np.ndarray, longitude: np.ndarray,
                 elevation: np.ndarray, zones: Sequence[_dt.tzinfo], methods: Sequence[Method],
                 names: Optional[Sequence[str]] = None, *, single: bool = False):
        #: The dates, ``datetime64[D]``, shape (D,).
        self.dates = dates
        self._utc, self._offset, self._flags = utc, offset, flags
        #: Per place: latitude, longitude, elevation (float arrays), zone and method.
        self.latitude, self.longitude, self.elevation = latitude, longitude, elevation
        self.zones, self.methods = tuple(zones), tuple(methods)
        #: Place names (given, or ``"1"``, ``"2"``... for the exporters).
        self.names = tuple(names) if names is not None else \
            tuple(str(i + 1) for i in range(len(self.zones)))
        #: True when the table was asked for one place with scalar lat/lon.
        self.single = single

    @classmethod
    def concatenate(cls, parts: Sequence["Timetable"]) -> "Timetable":
        """One table from tables of the same dates for consecutive places."""
        first = parts[0]
        cat = np.concatenate
        return cls(first.dates, cat([p._utc for p in parts]), cat([p._offset for p in parts]),
                   cat([p._flags for p in parts]), cat([p.latitude for p in parts]),
                   cat([p.longitude for p in parts]), cat([p.elevation for p in parts]),
                   [z for p in parts for z in p.zones], [m for p in parts for m in p.methods],
                   [s for p in parts for s in p.names], single=first.single)

    # -- shape and access
    @property
    def places(self) -> int:
        """Number of places."""
        return self._utc.shape[0]

    def __len__(self) -> int:
        return self.dates.size

    def __repr__(self) -> str:
        span = f"{self.dates[0]}..{self.dates[-1]}" if self.dates.size else "no dates"
        return f"<Timetable {self.places} place(s) x {self.dates.size} days, {span}>"

    def _index(self, name: str) -> int:
        if name not in TIME_NAMES:
            raise ValueError(f"unknown time {name!r}; allowed: {', '.join(TIME_NAMES)}")
        return TIME_NAMES.index(name)

    def _shape(self, a: np.ndarray) -> np.ndarray:
        return a[0] if self.single else a

    def utc(self, name: str) -> np.ndarray:
        """UTC instants of one time, ``datetime64[s]``, NaT where undefined."""
        return self._shape(_seconds64(self._utc[..., self._index(name)]))

    def local(self, name: str) -> np.ndarray:
        """Local wall-clock times of one time, ``datetime64[s]``, NaT where undefined."""
        i = self._index(name)
        return self._shape(_seconds64(self._utc[..., i] + self._offset[..., i]))

    def utc_offset(self, name: str) -> np.ndarray:
        """Seconds east of UTC of the local clock at each time (int64). Where the
        time is undefined, the clock's offset at that date's Dhuhr."""
        i = self._index(name)
        off = self._offset[..., i]
        off = np.where(np.isnan(off), self._offset[..., TIME_NAMES.index("dhuhr")], off)
        return self._shape(np.nan_to_num(off).astype(np.int64))

    def adjusted(self, name: str) -> np.ndarray:
        """True where a high-latitude rule or polar resolution set the time."""
        bits = ADJUSTED | NEAREST_LATITUDE | NEAREST_DAY
        return self._shape((self._flags[..., self._index(name)] & bits) != 0)

    def day(self, i, place: int = 0) -> PrayerTimes:
        """One date (index, ``datetime.date`` or ISO string) at one place, as
        :class:`salat.PrayerTimes`."""
        if isinstance(i, (int, np.integer)) and not isinstance(i, bool):
            if not -len(self) <= i < len(self):
                raise IndexError(f"day {i} is out of range for {len(self)} days")
            d = int(i) % len(self)
        else:
            want = np.datetime64(inputs.one_date(i), "D")
            hits = np.nonzero(self.dates == want)[0]
            if not hits.size:
                raise IndexError(f"{want} is not in this table ({self.dates[0]}.."
                                 f"{self.dates[-1]})")
            d = int(hits[0])
        if not -self.places <= place < self.places:
            raise IndexError(f"place {place} is out of range for {self.places} places")
        place %= self.places
        sol = Solution(self.dates, self._utc, self._offset, self._flags)
        return PrayerTimes.from_solution(sol, place, d, latitude=float(self.latitude[place]),
                                         longitude=float(self.longitude[place]),
                                         tz=self.zones[place], method=self.methods[place])

    def slice(self, a: int, b: int) -> "Timetable":
        """The table of places ``a:b``."""
        return Timetable(self.dates, self._utc[a:b], self._offset[a:b], self._flags[a:b],
                         self.latitude[a:b], self.longitude[a:b], self.elevation[a:b],
                         self.zones[a:b], self.methods[a:b], self.names[a:b],
                         single=self.single)

    # -- exporters
    def to_csv(self, path_or_file: Optional[PathOrFile] = None, *, iso: bool = False,
               times: Sequence[str] = TIME_NAMES) -> Optional[str]:
        """CSV: ``date`` then each time as ``HH:MM`` local (rounded to the nearest
        minute), or with ``iso=True`` as ISO 8601 with the UTC offset. Many
        places add ``place,latitude,longitude`` before ``date``. Undefined
        times are empty cells. Returns the text when no path or file is given;
        a path is written atomically (see :func:`atomic_output`).
        """
        return _export(lambda f: write_csv([self], f, iso=iso, times=times),
                       path_or_file, binary=True)

    def to_json(self, path_or_file: Optional[PathOrFile] = None, *,
                times: Sequence[str] = TIME_NAMES) -> Optional[str]:
        """JSON (``format`` ``"salat.timetable/1"``; see :func:`write_json` for
        the shape). Returns the text when no path or file is given."""
        return _export(lambda f: write_json([self], f, times=times), path_or_file,
                       binary=True)

    def to_ics(self, path_or_file: Optional[PathOrFile] = None, *,
               prayers: Sequence[str] = ICS_PRAYERS, duration: int = 0,
               stamp: Optional[_dt.datetime] = None) -> Optional[str]:
        """iCalendar (RFC 5545): one event per prayer per day, with stable UIDs;
        see :func:`write_ics`. Returns the text when no path or file is given."""
        return _export(lambda f: write_ics([self], f, prayers=prayers, duration=duration,
                                           stamp=stamp), path_or_file, binary=True)

    def to_pandas(self):
        """A ``pandas.DataFrame``: one row per (place, date), or per date for one
        place; one column per time. With a single zone the columns are
        timezone-aware in that zone; with several, local wall-clock times
        (naive) and a ``tz`` column. Needs pandas (``salat-times[pandas]``)."""
        try:
            import pandas as pd
        except ImportError:
            raise ImportError("Timetable.to_pandas needs pandas: "
                              "pip install 'salat-times[pandas]'") from None
        n, d = self.places, self.dates.size
        zones = {zone_name(z) for z in self.zones}
        cols: dict = {}
        for i, name in enumerate(TIME_NAMES):
            if len(zones) == 1:
                utc = pd.to_datetime(_seconds64(self._utc[..., i]).reshape(-1), utc=True)
                cols[name] = utc.tz_convert(self.zones[0])
            else:
                cols[name] = _seconds64(self._utc[..., i] + self._offset[..., i]).reshape(-1)
        if self.single:
            return pd.DataFrame(cols, index=pd.Index(self.dates, name="date"))
        index = pd.MultiIndex.from_arrays([np.repeat(np.array(self.names, object), d),
                                           np.tile(self.dates, n)], names=["place", "date"])
        frame = pd.DataFrame(cols, index=index)
        if len(zones) > 1:
            frame.insert(0, "tz", np.repeat(np.array([zone_name(z) for z in self.zones],
                                                     object), d))
        return frame


def _seconds64(seconds: np.ndarray) -> np.ndarray:
    """Float seconds since the epoch -> ``datetime64[s]``, NaN -> NaT. Fractions
    of a second are dropped (floor), as a ``datetime`` shows them with
    ``timespec="seconds"``, so these agree with :func:`salat.times_for`."""
    ok = ~np.isnan(seconds)
    out = np.floor(np.where(ok, seconds, 0.0)).astype(np.int64)
    out[~ok] = _NAT
    return out.view("datetime64[s]")


# ---------------------------------------------------------------- writing files

@contextlib.contextmanager
def atomic_output(path: Union[str, os.PathLike], binary: bool = True) -> Iterator[IO]:
    """Open a temporary file beside ``path``; rename it to ``path`` only when
    the block ends normally. On any error or interruption (Ctrl-C, a full disk)
    the temporary file is removed and ``path`` is left as it was."""
    target = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(target))
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".part",
                               dir=folder)
    try:
        f = os.fdopen(fd, "wb") if binary else \
            os.fdopen(fd, "w", encoding="utf-8", newline="")
        with f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        try:
            mode = os.stat(target).st_mode & 0o7777
        except OSError:
            mask = os.umask(0)
            os.umask(mask)
            mode = 0o666 & ~mask
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _export(write: Callable[[IO], None], path_or_file, binary: bool) -> Optional[str]:
    if path_or_file is None:
        buf = io.BytesIO()
        write(buf)
        return buf.getvalue().decode("utf-8")
    if isinstance(path_or_file, (str, os.PathLike)):
        with atomic_output(path_or_file) as f:
            write(f)
        return None
    if isinstance(path_or_file, io.TextIOBase) or "b" not in getattr(path_or_file, "mode", "b"):
        write(_TextSink(path_or_file))
        return None
    write(path_or_file)
    return None


class _TextSink:
    """Lets the byte writers write UTF-8 to a text file."""

    def __init__(self, f):
        self.f = f

    def write(self, data: bytes) -> None:
        self.f.write(data.decode("utf-8"))


def _check_times(times: Sequence[str]) -> list[int]:
    if isinstance(times, str):
        times = (times,)
    bad = [t for t in times if t not in TIME_NAMES]
    if bad or not times:
        raise ValueError(f"times: got {list(times)!r}; allowed: {', '.join(TIME_NAMES)}")
    return [TIME_NAMES.index(t) for t in times]


def _put_digits(buf: np.ndarray, col: int, values: np.ndarray, width: int) -> None:
    """Write ``values`` (non-negative ints) as ``width`` ASCII digits at ``col``."""
    v = values
    for k in range(width - 1, -1, -1):
        buf[..., col + k] = 48 + v % 10
        v = v // 10


def _lookup(count: int, fmt: str) -> np.ndarray:
    """uint8 rows of ``fmt % i`` for i < count (all the same width)."""
    text = "".join(fmt % i for i in range(count)).encode("ascii")
    return np.frombuffer(text, np.uint8).reshape(count, -1)


#: "HH:MM" for each minute of a day (and, as offsets, up to 24 hours).
_HHMM = np.frombuffer("".join(f"{m // 60:02d}:{m % 60:02d}" for m in range(1441))
                      .encode("ascii"), np.uint8).reshape(1441, 5)
#: "00".."59"
_TWO = _lookup(60, "%02d")


def _hhmm(local: np.ndarray) -> np.ndarray:
    """``HH:MM`` (nearest minute) as uint8 (..., 5) from local clock seconds."""
    minutes = np.floor((np.nan_to_num(local) + 30.0) / 60.0).astype(np.int64) % 1440
    return _HHMM[minutes]


def _ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month, day of ``datetime64[D]`` values, as ints."""
    y = days.astype("datetime64[Y]")
    m = days.astype("datetime64[M]")
    return (y.astype(np.int64) + 1970, (m - y.astype("datetime64[M]")).astype(np.int64) + 1,
            (days - m.astype("datetime64[D]")).astype(np.int64) + 1)


def _date_bytes(days: np.ndarray) -> np.ndarray:
    """``YYYY-MM-DD`` as uint8 (..., 10)."""
    y, m, d = _ymd(days)
    out = np.empty(days.shape + (10,), np.uint8)
    _put_digits(out, 0, y, 4)
    out[..., 4] = out[..., 7] = ord("-")
    _put_digits(out, 5, m, 2)
    _put_digits(out, 8, d, 2)
    return out


def _iso(utc: np.ndarray, offset: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """ISO 8601 local times with offset, ``YYYY-MM-DDTHH:MM:SS+HH:MM[:SS]``, as
    uint8 (..., 28) and a mask of the bytes to keep (the offset's seconds only
    where it has them, as in zones' local mean time before 1900)."""
    off = np.rint(np.nan_to_num(offset)).astype(np.int64)
    local = np.floor(np.nan_to_num(utc)).astype(np.int64) + off
    days, secs = np.divmod(local, 86400)
    first = days.min(initial=0)
    span = np.arange(first, days.max(initial=0) + 1).astype("datetime64[D]")
    out = np.empty(utc.shape + (28,), np.uint8)
    out[..., :10] = _date_bytes(span)[days - first]
    out[..., 10] = ord("T")
    minute, sec = np.divmod(secs, 60)
    out[..., 11:16] = _HHMM[minute]
    out[..., 16] = out[..., 25] = ord(":")
    out[..., 17:19] = _TWO[sec]
    out[..., 19] = np.where(off < 0, ord("-"), ord("+"))
    a_min, a_sec = np.divmod(np.abs(off), 60)
    out[..., 20:25] = _HHMM[np.minimum(a_min, 1440)]
    out[..., 26:28] = _TWO[a_sec]
    keep = np.ones(out.shape, bool)
    keep[..., 25:] = (a_sec != 0)[..., None]
    return out, keep


def _iso_strings(utc: np.ndarray, offset: np.ndarray) -> np.ndarray:
    """ISO 8601 strings (object array, ``None`` where undefined)."""
    raw, keep = _iso(utc, offset)
    flat, kflat = raw.reshape(-1, 28), keep.reshape(-1, 28)
    text = flat[:, :25].copy().view("S25").reshape(-1).astype("U25").astype(object)
    odd = np.nonzero(kflat[:, 25])[0]
    for j in odd:
        text[j] = flat[j].tobytes().decode("ascii")
    text[np.isnan(utc).reshape(-1)] = None
    return text.reshape(utc.shape)


def _csv_field(value: str) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow([value])   # quotes CR and LF too
    return buf.getvalue()[:-2]


def _place_fields(tt: Timetable) -> list[bytes]:
    return [f"{_csv_field(name)},{float(la)!r},{float(lo)!r},".encode("utf-8")
            for name, la, lo in zip(tt.names, tt.latitude, tt.longitude)]


def _csv_rows(tt: Timetable, cols: list[int], iso: bool) -> bytes:
    """The CSV rows of a table (no header), built as one fixed-width byte
    matrix; a mask then drops the padding of short place fields and the text
    of undefined cells."""
    n, d, t = tt.places, tt.dates.size, len(cols)
    utc, off = tt._utc[..., cols], tt._offset[..., cols]
    undefined = np.isnan(utc)
    if iso:
        cells, keep = _iso(utc, off)
    else:
        cells, keep = _hhmm(utc + off), None
    w = cells.shape[-1] + 1
    fields = [] if tt.single else _place_fields(tt)
    pw = max((len(f) for f in fields), default=0)
    width = pw + 10 + t * w + 1
    buf = np.empty((n, d, width), np.uint8)
    ragged = False
    if fields:
        pre = np.zeros((n, pw), np.uint8)
        lengths = np.array([len(f) for f in fields])
        for i, f in enumerate(fields):
            pre[i, :len(f)] = np.frombuffer(f, np.uint8)
        buf[:, :, :pw] = pre[:, None, :]
        ragged = bool((lengths != pw).any())
    buf[:, :, pw:pw + 10] = _date_bytes(tt.dates)
    body = buf[:, :, pw + 10:width - 1].reshape(n, d, t, w)
    body[..., 0] = ord(",")
    body[..., 1:] = cells
    buf[:, :, -1] = ord("\n")
    if not (ragged or undefined.any() or (keep is not None and not keep.all())):
        return buf.tobytes()
    mask = np.ones(buf.shape, bool)
    if ragged:
        mask[:, :, :pw] = (np.arange(pw) < lengths[:, None])[:, None, :]
    mb = mask[:, :, pw + 10:width - 1].reshape(n, d, t, w)
    mb[..., 1:] = ~undefined[..., None]
    if keep is not None:
        mb[..., 1:] &= keep
    return buf[mask].tobytes()


def write_csv(tables: Iterable[Timetable], out: IO[bytes], *, iso: bool = False,
              times: Sequence[str] = TIME_NAMES,
              progress: Optional[Callable[[int], None]] = None) -> int:
    """Write the header and the rows of each table (chunks of one job) to a
    binary file; return the number of rows. ``progress(places)`` is called
    after each chunk. Columns: ``[place,latitude,longitude,]date,<times>``."""
    cols = _check_times(times)
    rows, header = 0, False
    for tt in tables:
        if not header:
            head = ([] if tt.single else ["place", "latitude", "longitude"]) + ["date"]
            out.write((",".join(head + [TIME_NAMES[c] for c in cols]) + "\n").encode())
            header = True
        step = max(1, CHUNK_CELLS // max(1, len(tt)))
        for a in range(0, tt.places, step):
            out.write(_csv_rows(tt.slice(a, a + step), cols, iso))
        rows += tt.places * len(tt)
        if progress is not None:
            progress(tt.places)
    return rows


def _adjusted_labels(flags: np.ndarray, names: Sequence[str]) -> list[dict]:
    """Per date: {time name: rule label} for the times a rule set."""
    out = []
    for row in flags.tolist():
        adj = {}
        for name, bits in zip(names, row):
            if bits:
                labels = [lab for bit, lab in _FLAG_LABELS if bits & bit]
                if labels:
                    adj[name] = "+".join(labels)
        out.append(adj)
    return out


def write_json(tables: Iterable[Timetable], out: IO[bytes], *,
               times: Sequence[str] = TIME_NAMES,
               progress: Optional[Callable[[int], None]] = None) -> int:
    """Write one JSON document for the places of all ``tables``; return the
    number of places. The shape::

        {"format": "salat.timetable/1",
         "times": ["imsak", "fajr", ...],
         "places": [{"name": "Rabat", "latitude": 34.02, "longitude": -6.84,
                     "elevation": 0.0, "tz": "Africa/Casablanca", "method": "mwl",
                     "days": [{"date": "2026-01-01",
                               "fajr": "2026-01-01T06:54:00+01:00", ...,
                               "adjusted": {"isha": "high_latitude"}}, ...]}, ...]}

    Times are ISO 8601 local times with their UTC offset, ``null`` where
    undefined; ``adjusted`` (present only when non-empty) names the rule that
    set a time.
    """
    cols = _check_times(times)
    names = [TIME_NAMES[c] for c in cols]
    out.write(b'{"format": "salat.timetable/1", "times": ' + json.dumps(names).encode()
              + b', "places": [')
    count = 0
    for tt in tables:
        dates = [str(d) for d in tt.dates]
        for p in range(tt.places):
            iso = _iso_strings(tt._utc[p][:, cols], tt._offset[p][:, cols]).tolist()
            adjusted = _adjusted_labels(tt._flags[p][:, cols], names)
            days = []
            for date, row, adj in zip(dates, iso, adjusted):
                day = {"date": date, **dict(zip(names, row))}
                if adj:
                    day["adjusted"] = adj
                days.append(day)
            place = {"name": tt.names[p], "latitude": float(tt.latitude[p]),
                     "longitude": float(tt.longitude[p]),
                     "elevation": float(tt.elevation[p]), "tz": zone_name(tt.zones[p]),
                     "method": tt.methods[p].name, "days": days}
            out.write((b",\n" if count else b"\n") + json.dumps(
                place, ensure_ascii=False).encode("utf-8"))
            count += 1
        if progress is not None:
            progress(tt.places)
    out.write(b"\n]}\n")
    return count


def _uid(lat: float, lon: float, date: str, prayer: str) -> str:
    """Stable across runs and method changes, so calendars update events in place."""
    key = f"{lat:.5f},{lon:.5f}|{date}|{prayer}".encode()
    return f"{hashlib.sha1(key).hexdigest()[:24]}-{prayer}@salat"


def write_ics(tables: Iterable[Timetable], out: IO[bytes], *,
              prayers: Sequence[str] = ICS_PRAYERS, duration: int = 0,
              stamp: Optional[_dt.datetime] = None,
              progress: Optional[Callable[[int], None]] = None) -> int:
    """Write one iCalendar (RFC 5545) calendar: a VEVENT per defined prayer time
    per date (none where the time is undefined), in UTC, with a UID derived
    from the place, date and prayer, ``TRANSP:TRANSPARENT`` and, for times a
    rule set, a DESCRIPTION naming the rule. ``duration`` (minutes) adds
    DURATION; ``stamp`` sets DTSTAMP (default: now). Returns the event count."""
    import icalendar

    cols = _check_times(prayers)
    if isinstance(duration, bool) or not isinstance(duration, int) or not 0 <= duration <= 1440:
        raise ValueError(f"duration: got {duration!r}; give whole minutes from 0 to 1440")
    if stamp is None:
        stamp = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)
    elif stamp.tzinfo is None:
        raise ValueError(f"stamp must be timezone-aware, got {stamp!r}")
    cal = icalendar.Calendar()
    cal.add("prodid", "-//salat//salat-times//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Prayer times")
    head = cal.to_ical()
    end = b"END:VCALENDAR\r\n"
    out.write(head[:-len(end)])
    count = 0
    utc = _dt.timezone.utc
    for tt in tables:
        dates = [str(d) for d in tt.dates]
        for p in range(tt.places):
            secs = tt._utc[p][:, cols]
            flags = tt._flags[p][:, cols]
            lat, lon = float(tt.latitude[p]), float(tt.longitude[p])
            where = "" if tt.single and tt.names[p] == "1" else f" ({tt.names[p]})"
            method = tt.methods[p].name
            for di, date in enumerate(dates):
                for k, c in enumerate(cols):
                    s = secs[di, k]
                    if s != s:
                        continue
                    prayer = TIME_NAMES[c]
                    ev = icalendar.Event()
                    ev.add("uid", _uid(lat, lon, date, prayer))
                    ev.add("dtstamp", stamp)
                    ev.add("dtstart", _dt.datetime.fromtimestamp(round(float(s)), utc))
                    if duration:
                        ev.add("duration", _dt.timedelta(minutes=duration))
                    ev.add("summary", prayer.replace("_", " ").title() + where)
                    ev.add("geo", (lat, lon))
                    ev.add("transp", "TRANSPARENT")
                    ev.add("categories", ["Prayer times"])
                    desc = f"Method: {method}"
                    bits = int(flags[di, k])
                    labels = [lab for bit, lab in _FLAG_LABELS if bits & bit]
                    if labels:
                        desc += f"; set by the {'+'.join(labels)} rule"
                    ev.add("description", desc)
                    out.write(ev.to_ical())
                    count += 1
        if progress is not None:
            progress(tt.places)
    out.write(end)
    return count
