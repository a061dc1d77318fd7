"""Year-long tables: :func:`table` and :class:`Timetable`.

    >>> import salat
    >>> tt = salat.table(34.0209, -6.8416, year=2026, tz="Africa/Casablanca")
    >>> tt.local("fajr")[:2]                         # datetime64[s], NaT where undefined
    >>> tt.to_csv("rabat-2026.csv")

A table is computed by the same engine as :func:`salat.times_for`
(:func:`salat.times.compute`), so both agree to the second. Many places are
given as arrays; :func:`table_chunks` yields the same table a slice of places at
a time, which the writers of :mod:`salat.exports` stream so that memory stays
flat however many places there are.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any
from collections.abc import Callable, Iterator, Mapping, Sequence

import numpy as np

from . import inputs
from .exports import ICS_PRAYERS, PathOrFile, export, write_csv, write_ics, write_json
from .inputs import CHUNK_CELLS
from .methods import Method, get_method
from .names import TIME_NAMES
from .options import options
from .regions import authority_at, method_for
from .rules import ADJUSTED, NEAREST_DAY, NEAREST_LATITUDE
from .times import METHOD_ROUNDING, PrayerTimes, Solution, compute, to_datetime64
from . import prayer_zones
from .timezones import resolve_tz, tz_name
from .inputs import InputError, InputTypeError

__all__ = ["table", "table_chunks", "Timetable", "CHUNK_CELLS"]

# ---------------------------------------------------------------- inputs

class _Places:
    """Checked, resolved places: coordinates, elevation, time zone, method, name."""

    def __init__(self, lat, lon, tz, elevation, method, names, zones: bool = True):
        la, lo = inputs.coordinates(lat, lon)
        if la.ndim > 1:
            raise InputError(f"lat and lon must be numbers or 1-d sequences (one per place); "
                             f"got shape {la.shape}")
        self.single = la.ndim == 0
        self.lat, self.lon = la.reshape(-1), lo.reshape(-1)
        n = self.lat.size
        if n == 0:
            raise InputError("lat and lon: no places given (empty sequences)")
        self.elevation = inputs.elevations(elevation, (n,))
        self.tzs = _per_place("tz", tz, n, _is_scalar_tz,
                                lambda z, i: resolve_tz(z, self.lat[i], self.lon[i]),
                                cache_none=False)
        #: Per place, the JAKIM zone whose table applies (None: computed at the point).
        self.zones: list[prayer_zones.Zone | None] = [None] * n
        if zones:        # as times_for: the default or a JAKIM method gets the zone's table
            given_tz = _per_place("tz", tz, n, _is_scalar_tz, lambda z, i: z, cache_none=True)
            given = _per_place("method", method, n, lambda m: isinstance(m, (str, Method)),
                               lambda m, i: m if m is None else get_method(m),
                               cache_none=True)
            self.methods = []
            for i in range(n):
                m, z = authority_at(self.lat[i], self.lon[i], given[i],
                                    place_tz=self.tzs[i] if given_tz[i] is None else None)
                self.methods.append(m)
                if z is not None:
                    self.zones[i] = z
                    if given_tz[i] is None:
                        self.tzs[i] = resolve_tz(z.tz, self.lat[i], self.lon[i])
        else:
            self.methods = _per_place("method", method, n,
                                      lambda m: isinstance(m, (str, Method)),
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
        raise InputTypeError(f"{what} must be one value or a sequence with one per place, got "
                        f"{type(value).__name__}")
    if len(value) != n:
        raise InputError(f"{what}: got {len(value)} values for {n} places; give one value "
                         f"or one per place")
    out, seen = [], {}
    for i, v in enumerate(value):
        if v is not None and not is_scalar(v):
            raise InputTypeError(f"{what}[{i}] has the wrong type {type(v).__name__}")
        key = (type(v), v) if isinstance(v, str) else None
        if key is not None and key in seen:
            out.append(seen[key])
            continue
        try:
            r = resolve(v, i)
        except InputError as e:
            raise type(e)(f"{what}[{i}]: {e}") from None
        if key is not None:
            seen[key] = r
        out.append(r)
    return out


def _check_name(s: str) -> str:
    if not isinstance(s, str):
        raise InputTypeError(f"a place name must be a string, got {type(s).__name__}")
    return s


def _check_year(year) -> int:
    if isinstance(year, bool) or not isinstance(year, (int, np.integer)):
        raise InputTypeError(f"year must be an integer, got {year!r}")
    y = int(year)
    if not inputs.MIN_DATE.year <= y <= inputs.MAX_DATE.year:
        raise InputError(f"year {y} is outside the supported range "
                         f"{inputs.MIN_DATE.year} to {inputs.MAX_DATE.year}")
    return y


def _table_dates(start, end, year, tz: _dt.tzinfo) -> np.ndarray:
    """The table's dates from ``start``/``end`` or ``year`` (default: this year)."""
    if year is not None:
        if start is not None or end is not None:
            raise InputError("give either year or start/end, not both")
        y = _check_year(year)
        return inputs.date_range(_dt.date(y, 1, 1), _dt.date(y, 12, 31))
    if start is None:
        if end is not None:
            raise InputError("end given without start; give start too, or year")
        y = _dt.datetime.now(tz).year
        return inputs.date_range(_dt.date(y, 1, 1), _dt.date(y, 12, 31))
    return inputs.date_range(start, start if end is None else end)


class _Request:
    """Everything :func:`compute` needs, checked once for a whole job: the
    places (or a prayer zone's point, rule and method), the dates, the options.
    """

    def __init__(self, *, lat, lon, start, end, year, zone, method, asr, tz, elevation,
                 high_latitude, polar, adjustments, rounding, names):
        if zone is True:
            raise InputTypeError("zone: got True; allowed: a zone code such as 'JHR02', "
                                 "None (the zone that holds each place, in Malaysia) or "
                                 "False (compute at the places themselves)")
        if zone is not None and zone is not False:   # a prayer zone: its points, rule, method
            pz, lat, lon, method = prayer_zones.place(zone, lat, lon, method, elevation)
            names = f"{pz.code} {pz.name}" if names is None else names
            self.places = _Places(lat, lon, pz.tz if tz is None else tz, elevation, method,
                                  names, zones=False)
            self.places.zones = [pz]
        else:
            self.places = _Places(lat, lon, tz, elevation, method, names, zones=zone is None)
        self.dates = _table_dates(start, end, year, self.places.tzs[0])
        self.kw = dict(options=options(asr, high_latitude, polar, adjustments, rounding))

    def solve(self, a: int, b: int) -> Timetable:
        """The table of places ``a:b``: one engine call per method for the places
        computed at their points, one zone solve per zone (and method, time zone)
        for the places that get a JAKIM zone's table.
        """
        p = self.places
        lat, lon, el = p.lat[a:b], p.lon[a:b], p.elevation[a:b]
        tzs, methods, zones = p.tzs[a:b], p.methods[a:b], p.zones[a:b]
        groups: list[tuple[Method, Any, list[int]]] = []
        for i, (m, z) in enumerate(zip(methods, zones)):
            for gm, gz, idx in groups:
                same_tz = z is None or tz_name(tzs[idx[0]]) == tz_name(tzs[i])
                if gz is z and (gm is m or gm == m) and same_tz:
                    idx.append(i)
                    break
            else:
                groups.append((m, z, [i]))
        if len(groups) == 1 and groups[0][1] is None:
            sol = compute(lat, lon, self.dates, method=groups[0][0], tzs=tzs,
                          elevation=el, **self.kw)
            utc, offset, flags = sol.utc, sol.offset, sol.flags
        else:
            shape = (b - a, self.dates.size, len(TIME_NAMES))
            utc, offset = np.empty(shape), np.empty(shape)
            flags = np.empty(shape, np.uint8)
            for m, z, idx in groups:
                ix = np.array(idx)
                solver = compute if z is None else z.solve
                sol = solver(lat[ix], lon[ix], self.dates, method=m,
                             tzs=[tzs[i] for i in idx], elevation=el[ix], **self.kw)
                utc[ix], offset[ix], flags[ix] = sol.utc, sol.offset, sol.flags
        names = None if p.names is None else p.names[a:b]
        return Timetable(self.dates, utc, offset, flags, lat, lon, el, tzs, methods,
                         names, single=p.single)

    def chunks(self, cells: int) -> Iterator[Timetable]:
        """The tables of consecutive places, about ``cells`` place-days each."""
        n = self.places.lat.size
        step = max(1, cells // max(1, self.dates.size))
        for a in range(0, n, step):
            yield self.solve(a, min(n, a + step))


def table(lat=None, lon=None, start=None, end=None, *, year: int | None = None,
          zone: str | bool | None = None, method=None, asr="standard", tz=None,
          elevation=0.0, high_latitude: str | None = None, polar: str | None = None,
          adjustments: Mapping[str, float] | None = None, rounding: str | None = METHOD_ROUNDING,
          names: str | Sequence[str] | None = None) -> Timetable:
    """Prayer times for every date from ``start`` to ``end`` (inclusive), at one
    place or many.

    Parameters
    ----------
    lat, lon : float or sequence of float
        Degrees (north, east): numbers for one place, 1-d sequences for many.
    start, end : datetime.date or str, optional
        Dates (``"YYYY-MM-DD"`` accepted). ``end=None`` means ``start`` only; no
        ``start`` and no ``year`` means the current year.
    year : int, optional
        A whole calendar year instead of ``start``/``end``.
    zone : str or bool, optional
        Instead of lat/lon, an authority's prayer zone such as ``"JHR02"``
        (:mod:`salat.prayer_zones`): one place, computed by the zone's rule, on
        the zone's clock (:attr:`Zone.tz <salat.prayer_zones.Zone.tz>`) unless
        ``tz`` is given. ``None`` (the default): as :func:`salat.times_for`, a
        place in Malaysia with the default or a JAKIM method gets the table of the
        JAKIM zone that holds it (:func:`salat.regions.authority_at`), on the
        zone's clock unless ``tz`` is given; ``False``: every place is computed at
        its own point.
    method, tz, elevation : optional
        As for :func:`salat.times_for`: one value, or one per place (``None``
        entries: the place's own authority / time zone).
    asr, high_latitude, polar, adjustments, rounding : optional
        As for :func:`salat.times_for`.
    names : str or sequence of str, optional
        Place names (one per place), used by the exporters. By default a prayer
        zone is named by its code and places (``"JHR02 Kota Tinggi, ..."``), one
        place given as numbers has no name (JSON ``null``) and many are numbered.

    Returns
    -------
    Timetable
        Arrays ``[date]`` for one place given as numbers, ``[place, date]`` else.

    Raises
    ------
    salat.InputError
        Naming the bad argument, the value and what is allowed (also a
        ``TypeError`` for a value of the wrong type).

    See Also
    --------
    table_chunks : the same table a slice of places at a time, in flat memory.
    """
    parts = list(table_chunks(lat, lon, start, end, year=year, zone=zone, method=method,
                              asr=asr, tz=tz, elevation=elevation,
                              high_latitude=high_latitude, polar=polar,
                              adjustments=adjustments, rounding=rounding, names=names,
                              cells=CHUNK_CELLS))
    return parts[0] if len(parts) == 1 else Timetable.concatenate(parts)


def table_chunks(lat=None, lon=None, start=None, end=None, *, year: int | None = None,
                 zone: str | bool | None = None, method=None, asr="standard", tz=None,
                 elevation=0.0, high_latitude: str | None = None, polar: str | None = None,
                 adjustments: Mapping[str, float] | None = None,
                 rounding: str | None = METHOD_ROUNDING,
                 names: str | Sequence[str] | None = None,
                 cells: int = CHUNK_CELLS) -> Iterator[Timetable]:
    """The table of :func:`table`, as consecutive :class:`Timetable` slices of
    places holding about ``cells`` place-days each.

    Every input is checked before this returns (bad input raises here, not
    half-way through a job); the work is done as the chunks are taken.

    Parameters
    ----------
    lat, lon, start, end, year, method, asr, tz, elevation
        As for :func:`table`.
    high_latitude, polar, adjustments, rounding, names
        As for :func:`table`.
    cells : int
        Place-days per chunk (default :data:`CHUNK_CELLS`); a chunk holds at
        least one place.

    Returns
    -------
    iterator of Timetable
        Consecutive slices of places, in order; :meth:`Timetable.concatenate`
        joins them into the table of :func:`table`.
    """
    if isinstance(cells, bool) or not isinstance(cells, (int, np.integer)) or cells < 1:
        raise InputError(f"cells: got {cells!r}; allowed: a positive integer")
    req = _Request(lat=lat, lon=lon, start=start, end=end, year=year, zone=zone, method=method,
                   asr=asr, tz=tz, elevation=elevation, high_latitude=high_latitude,
                   polar=polar, adjustments=adjustments, rounding=rounding, names=names)
    return req.chunks(int(cells))


# ---------------------------------------------------------------- the table

class Timetable:
    """Prayer times for places x dates.

    Arrays are indexed ``[place, date]`` for many places, ``[date]`` for one
    place given as scalars. Times are seconds-resolution ``datetime64``; an
    undefined time (polar day or night, twilight that never ends, unless a rule
    supplied one) is NaT, never a made-up value.
    """

    __slots__ = ("dates", "_utc", "_offset", "_flags", "latitude", "longitude", "elevation",
                 "tzs", "methods", "names", "single", "sources")

    def __init__(self, dates: np.ndarray, utc: np.ndarray, offset: np.ndarray,
                 flags: np.ndarray, latitude: np.ndarray, longitude: np.ndarray,
                 elevation: np.ndarray, tzs: Sequence[_dt.tzinfo], methods: Sequence[Method],
                 names: Sequence[str] | None = None, *, single: bool = False,
                 sources: np.ndarray | None = None):
        #: The dates, ``datetime64[D]``, shape (D,).
        self.dates = dates
        self._utc, self._offset, self._flags = utc, offset, flags
        #: Per place: latitude, longitude, elevation (float arrays), time zone and method.
        self.latitude, self.longitude, self.elevation = latitude, longitude, elevation
        self.tzs, self.methods = tuple(tzs), tuple(methods)
        #: Place names: given, else ``"1"``, ``"2"``... for many places (the CSV's place
        #: column) and ``None`` for a single place (no name is made up for it).
        if names is not None:
            self.names: tuple[str | None, ...] = tuple(names)
        elif single:
            self.names = (None,)
        else:
            self.names = tuple(str(i + 1) for i in range(len(self.tzs)))
        #: True when the table was asked for one place with scalar lat/lon.
        self.single = single
        #: Where each time came from: ``None``, every time is calculated; else uint8
        #: shaped like :attr:`utc_seconds`, 1 where published (see
        #: :class:`salat.exports.TableLike`); read-only like the other arrays.
        self.sources = None if sources is None else self._read_only(np.asarray(sources))

    @classmethod
    def concatenate(cls, parts: Sequence[Timetable]) -> Timetable:
        """One table from tables of the same dates for consecutive places."""
        first = parts[0]
        cat = np.concatenate
        sources = None
        if any(p.sources is not None for p in parts):
            sources = cat([np.zeros(p._utc.shape, np.uint8) if p.sources is None else p.sources
                           for p in parts])
        return cls(first.dates, cat([p._utc for p in parts]), cat([p._offset for p in parts]),
                   cat([p._flags for p in parts]), cat([p.latitude for p in parts]),
                   cat([p.longitude for p in parts]), cat([p.elevation for p in parts]),
                   [z for p in parts for z in p.tzs], [m for p in parts for m in p.methods],
                   [s for p in parts for s in p.names], single=first.single, sources=sources)

    # -- shape and access
    @staticmethod
    def _read_only(a: np.ndarray) -> np.ndarray:
        view = a.view()
        view.flags.writeable = False
        return view

    @property
    def utc_seconds(self) -> np.ndarray:
        """Every time as Unix seconds (float), NaN where undefined: a read-only
        view shaped (places, dates, len(TIME_NAMES)), one place or many.
        """
        return self._read_only(self._utc)

    @property
    def offset_seconds(self) -> np.ndarray:
        """The local clock's UTC offset in seconds at each time (float; arbitrary
        where the time is undefined); read-only, shaped like :attr:`utc_seconds`.
        """
        return self._read_only(self._offset)

    @property
    def rule_flags(self) -> np.ndarray:
        """The rules that set each time, as bits of :mod:`salat.rules` (uint8;
        :func:`salat.rules.rule_label` names them); read-only, shaped like
        :attr:`utc_seconds`.
        """
        return self._read_only(self._flags)

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
        return inputs.time_indices("name", name if isinstance(name, str) else (name,))[0]

    def _shape(self, a: np.ndarray) -> np.ndarray:
        return a[0] if self.single else a

    def utc(self, name: str) -> np.ndarray:
        """UTC instants of one time, ``datetime64[s]``, NaT where undefined."""
        return self._shape(to_datetime64(self._utc[..., self._index(name)]))

    def local(self, name: str) -> np.ndarray:
        """Local wall-clock times of one time, ``datetime64[s]``, NaT where undefined."""
        i = self._index(name)
        return self._shape(to_datetime64(self._utc[..., i] + self._offset[..., i]))

    def utc_offset(self, name: str) -> np.ndarray:
        """Seconds east of UTC of the local clock at each time (int64). Where the
        time is undefined, the clock's offset at that date's Dhuhr.
        """
        i = self._index(name)
        # the offset computed for an undefined (NaN) instant is arbitrary: use Dhuhr's
        off = np.where(np.isnan(self._utc[..., i]),
                       self._offset[..., TIME_NAMES.index("dhuhr")], self._offset[..., i])
        return self._shape(np.nan_to_num(off).astype(np.int64))

    def adjusted(self, name: str) -> np.ndarray:
        """True where a high-latitude rule or polar resolution set the time."""
        bits = ADJUSTED | NEAREST_LATITUDE | NEAREST_DAY
        return self._shape((self._flags[..., self._index(name)] & bits) != 0)

    def day(self, i, place: int = 0) -> PrayerTimes:
        """One date (index, ``datetime.date`` or ISO string) at one place, as
        :class:`salat.PrayerTimes`.
        """
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
                                         tz=self.tzs[place], method=self.methods[place])

    def slice(self, a: int, b: int) -> Timetable:
        """The table of places ``a:b``, of the same type (a published table stays one)."""
        return type(self)(self.dates, self._utc[a:b], self._offset[a:b], self._flags[a:b],
                         self.latitude[a:b], self.longitude[a:b], self.elevation[a:b],
                         self.tzs[a:b], self.methods[a:b], self.names[a:b],
                         single=self.single,
                         sources=None if self.sources is None else self.sources[a:b])

    # -- exporters
    def to_csv(self, path_or_file: PathOrFile | None = None, *, iso: bool = False,
               times: Sequence[str] = TIME_NAMES) -> str | None:
        """CSV: ``date`` then each time as ``HH:MM`` local (rounded to the nearest
        minute), or with ``iso=True`` as ISO 8601 with the UTC offset. Many
        places add ``place,latitude,longitude`` before ``date``. Undefined
        times are empty cells. Returns the text when no path or file is given;
        a path is written atomically (see :func:`salat.exports.atomic_output`).
        """
        return export(lambda f: write_csv([self], f, iso=iso, times=times),
                       path_or_file, binary=True)

    def to_json(self, path_or_file: PathOrFile | None = None, *,
                times: Sequence[str] = TIME_NAMES) -> str | None:
        """JSON (``format`` ``"salat.timetable/1"``; see
        :func:`salat.exports.write_json` for the shape). Returns the text when no
        path or file is given.
        """
        return export(lambda f: write_json([self], f, times=times), path_or_file,
                       binary=True)

    def to_ics(self, path_or_file: PathOrFile | None = None, *,
               times: Sequence[str] | None = None, duration: int = 0,
               stamp: _dt.datetime | None = None) -> str | None:
        """ICalendar (RFC 5545): one event per prayer per day, with stable UIDs;
        ``times=None`` means the five prayers (:data:`salat.exports.ICS_PRAYERS`);
        see :func:`salat.exports.write_ics`. Returns the text when no path or
        file is given.
        """
        if times is None:
            times = ICS_PRAYERS
        return export(lambda f: write_ics([self], f, times=times, duration=duration,
                                           stamp=stamp), path_or_file, binary=True)

    def to_pandas(self):
        """A ``pandas.DataFrame``: one row per (place, date), or per date for one
        place; one column per time. With a single time zone the columns are
        timezone-aware in it; with several, local wall-clock times
        (naive) and a ``tz`` column. Needs pandas (``salat-times[pandas]``).
        """
        try:
            import pandas as pd
        except ImportError:
            raise ImportError("Timetable.to_pandas needs pandas: "
                              "pip install 'salat-times[pandas]'") from None
        n, d = self.places, self.dates.size
        tz_names = {tz_name(z) for z in self.tzs}
        cols: dict = {}
        for i, name in enumerate(TIME_NAMES):
            if len(tz_names) == 1:
                utc = pd.to_datetime(to_datetime64(self._utc[..., i]).reshape(-1), utc=True)
                cols[name] = utc.tz_convert(self.tzs[0])
            else:
                cols[name] = to_datetime64(self._utc[..., i] + self._offset[..., i]).reshape(-1)
        if self.single:
            return pd.DataFrame(cols, index=pd.Index(self.dates, name="date"))
        index = pd.MultiIndex.from_arrays([np.repeat(np.array(self.names, object), d),
                                           np.tile(self.dates, n)], names=["place", "date"])
        frame = pd.DataFrame(cols, index=index)
        if len(tz_names) > 1:
            frame.insert(0, "tz", np.repeat(np.array([tz_name(z) for z in self.tzs],
                                                     object), d))
        return frame
