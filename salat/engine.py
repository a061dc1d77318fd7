"""The pipeline that every time goes through: :func:`compute` and its
:class:`Solution`, for one place and date or a country-year alike.

The stages: checked inputs -> the Sun's events (:mod:`salat.astronomy`) -> the
method's rules (:mod:`salat.rules`) -> margins -> polar resolution -> local
clock offsets and rounding. Undefined times stay undefined: NaN here, ``None``
in a :class:`salat.PrayerTimes`, NaT or an empty cell in a table.

This module knows nothing of places by name, prayer zones or regions: those
(:mod:`salat.prayer_zones`, :mod:`salat.regions`, :mod:`salat.times`,
:mod:`salat.tables`) import it, never the reverse.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from . import astronomy as astro
from .hijri import is_ramadan
from .methods import Method, Minutes
from .names import PRAYER_NAMES, TIME_NAMES
from .options import METHOD_ROUNDING, Options
from .scalars import FLOATS
from .rules import (NEAREST_DAY, NEAREST_LATITUDE, RAMADAN, apply_rules, day_rules, flag_bits,
                    keep_day_order, keep_on_date, night_marks, round_local)
from .timezones import NONE_SKIPPED as _NONE_SKIPPED
from .timezones import date_skipped, skipped_dates, utc_offset_list, utc_offsets

__all__ = ["DaySolution", "Solution", "compute", "compute_day", "day_array", "to_datetime64"]


@dataclass(frozen=True)
class Solution:
    """Times for places x dates, as arrays (the form tables are built from).

    ``utc`` holds Unix seconds, shape (places, dates, len(TIME_NAMES)), NaN where a
    time is undefined; ``offset`` the local clock's UTC offset in seconds at each
    time; ``flags`` the rules that set each time (bits of ``salat.rules``).
    """

    dates: np.ndarray
    utc: np.ndarray
    offset: np.ndarray
    flags: np.ndarray


class DaySolution(NamedTuple):
    """One place and date as :func:`compute_day` gives it, in Python numbers:
    one entry of a :class:`Solution` without its arrays.

    ``day`` is the date as days since 1970-01-01; ``utc``, ``offset`` and
    ``flags`` hold the ten times in ``TIME_NAMES`` order: Unix seconds (NaN
    where undefined), the local clock's UTC offset in seconds at each, and the
    bits of the rules that set each (ints).
    """

    day: int
    utc: list
    offset: list
    flags: list


@lru_cache(maxsize=256)
def _event_plan(method: Method) -> tuple[tuple[str, ...], np.ndarray, np.ndarray, np.ndarray]:
    """The events a method needs: names, sides (-1 morning, +1 evening), their
    depressions at sea level, and which of them move with the observer's dip
    (the horizon events: an observer above the land sees the Sun longer).
    """
    standard = astro.STANDARD_HORIZON
    names, sides, depressions = ["rise", "set"], [-1.0, 1.0], [standard] * 2
    dips = [method.dip] * 2           # the share of the observer's dip the method applies
    fajr = 18.0 if method.shafaq else method.fajr
    isha = 18.0 if method.shafaq else method.isha
    for name, side, angle in (("fajr", -1.0, fajr), ("isha", 1.0, isha),
                              ("maghrib", 1.0, method.maghrib), ("imsak", -1.0, method.imsak)):
        if not isinstance(angle, Minutes):
            names.append(name)
            sides.append(side)
            depressions.append(angle)
            dips.append(0.0)
    if method.horizon is not None or method.sunrise_horizon is not None:
        # An authority's own horizon, plus the observer's dip like the standard one.
        base = standard if method.horizon is None else method.horizon
        rise = base if method.sunrise_horizon is None else method.sunrise_horizon
        names += ["rise_m", "set_m"]
        sides += [-1.0, 1.0]
        depressions += [rise, base]
        dips += [method.dip] * 2
    arrays = [np.array(v, float).reshape(-1, 1, 1)    # events on the first axis
              for v in (sides + [1.0], depressions, dips)]
    for arr in arrays:
        arr.flags.writeable = False                     # shared through the cache
    return (tuple(names), *arrays)


def _horizon_sines(depression, moves, dip):
    """Geocentric sine of each angle event's altitude: its depression plus the
    share of the observer's dip the event moves with.
    """
    return astro.geocentric_sine(np.sin(np.radians(-(depression + moves * dip))))


#: Elements (events x places x dates) the event solver takes at a time.
_BLOCK_CELLS = 1 << 15


def _events(method: Method, lat, sun: astro.SolarDays, p_tr, a, dip, shadow) -> dict:
    """Solve every event the method needs in one kernel call.

    Returns event name -> Unix seconds, arrays (places, dates). Events are
    stacked on the first axis (Asr last), so that one day costs a handful of
    ufunc calls and a table's inner loops run along its dates.
    """
    names, side, depression, moves = _event_plan(method)
    rad = np.radians(lat)
    sin_lat, cos_lat = np.sin(rad), np.cos(rad)
    sin_alt = np.empty((len(names) + 1,) + p_tr.shape)                   # (E, N, G)
    sin_alt[:-1] = _horizon_sines(depression, moves, dip[None])          # (E, N, 1)
    sin_alt[-1] = astro.geocentric_sine(astro.asr_sine(sin_lat, cos_lat, sun, p_tr, shadow,
                                                       xp=np))
    # In blocks of places: the solver's temporaries stay small (reused by the
    # allocator and in cache) instead of fresh pages the size of the whole job.
    p = np.empty_like(sin_alt)
    step = max(1, _BLOCK_CELLS // (sin_alt.shape[0] * sin_alt.shape[2]))
    for i in range(0, sin_alt.shape[1], step):
        b = slice(i, i + step)
        p[:, b] = astro.hour_angle_events(sun, p_tr[b], a[b], sin_lat[b], cos_lat[b],
                                          sin_alt[:, b], side, xp=np)
    node = astro.unix_seconds(sun.node_jd, xp=np)
    sec = node + 86400.0 * p
    ev = dict(zip(names, sec[:-1]))
    ev["asr"] = sec[-1]
    ev["transit"] = node + 86400.0 * p_tr
    return ev


@lru_cache(maxsize=256)
def _float_plan(method: Method, dip: float) -> tuple[tuple[str, ...], tuple]:
    """:func:`_event_plan` as floats for :func:`_events_one_day`: the names of
    the events, and for each of the three dates the events to solve, as
    ``(name, (sine, side))``, the sine of :func:`_horizon_sines` at this dip
    (``None`` for Asr and the transit, which have their own).
    """
    names, side, depression, moves = _event_plan(method)
    sines = _horizon_sines(depression, moves, dip).reshape(-1).tolist()
    how = dict(zip(names, zip(sines, side.reshape(-1).tolist())))
    after = ["rise"] + (["fajr"] if method.midnight != "standard" and "fajr" in names else [])
    wanted = (["set"], list(names) + ["asr", "transit"], after)
    return names + ("asr", "transit"), tuple(tuple((name, how.get(name)) for name in day)
                                             for day in wanted)


def _events_one_day(method: Method, lat: float, lon: float, suns: list, centre: list,
                    dip: float, shadow: float) -> tuple[dict, dict, dict]:
    """:func:`_events` for one place and one date, from the same kernel
    functions evaluated on Python floats (``suns``: the date and its two
    neighbours, :func:`salat.astronomy.solar_day_floats`; ``centre``: where
    local noon falls on each). Only the events the rules read are solved:
    every event of the date, the sunset of the day before, and the sunrise
    (and, for a midnight counted to Fajr, the Fajr) of the day after; the
    others are NaN. Returns, for the day before, the date and the day after,
    event name -> Unix seconds (a float).
    """
    xp = FLOATS
    names, plan = _float_plan(method, dip)
    rad = math.radians(lat)
    sin_lat, cos_lat = math.sin(rad), math.cos(rad)
    days = []
    for d, (sun, events) in enumerate(zip(suns, plan)):
        p_tr, a = astro.transit(sun, lon, centre[d], xp=xp)
        terms = astro.hour_angle_terms(sun, p_tr, a, sin_lat, cos_lat)
        node = astro.unix_seconds(sun.node_jd, xp=xp)
        row = dict.fromkeys(names, math.nan)
        for name, how in events:
            if how is not None:
                p = astro.hour_angle_solve(terms, how[0], how[1], xp=xp)
            elif name == "asr":
                sin_alt = astro.geocentric_sine(astro.asr_sine(sin_lat, cos_lat, sun, p_tr,
                                                               shadow, xp=xp))
                p = astro.hour_angle_solve(terms, sin_alt, 1.0, xp=xp)
            else:
                p = p_tr
            row[name] = node + 86400.0 * p
        days.append(row)
    return days[0], days[1], days[2]


@lru_cache(maxsize=1024)
def day_array(day: int) -> np.ndarray:
    """Day ``day`` (since 1970-01-01) as a read-only ``datetime64[D]`` array of one
    (kept: a server asks for the same few dates at new places).
    """
    out = np.array([day], "datetime64[D]")
    out.flags.writeable = False
    return out


def _rules_one_day(days: tuple[dict, dict, dict], method: Method, lat: float, day: int,
                   rule: str, ramadan) -> tuple[dict, dict]:
    """:func:`salat.rules.apply_rules` for the date ``day`` (since 1970), on the
    floats of :func:`_events_one_day` (the rules' own functions on floats):
    times and flags (ints) by name. ``ramadan``: per date of the three.
    """
    before, today, after = days
    night_before, night = today["rise"] - before["set"], after["rise"] - today["set"]

    def on(events, d, nights, flags):
        return day_rules(events, *nights, method, lat, day_array(day - 1 + d), rule,
                         None if ramadan is None else bool(ramadan[d]), flags, xp=FLOATS)

    flags: dict = {}
    t = on(today, 1, (night, night_before), flags)
    # The night after the date's sunset: to the next sunrise, or to the next Fajr.
    night_marks(t, after["rise"] if method.midnight == "standard" else
                on(after, 2, (math.nan, night), {})["fajr"])
    return t, flags


@lru_cache(maxsize=1024)
def _margins(method: Method, adjustments: tuple) -> tuple | None:
    """Seconds added to each time (``TIME_NAMES`` order): the method's margins
    plus the user's (``adjustments`` as sorted (name, minutes) pairs); None
    when there are none.
    """
    minutes = dict(method.offsets)
    for k, v in adjustments:
        minutes[k] = minutes.get(k, 0.0) + v
    margins = tuple(60.0 * minutes.get(k, 0.0) for k in TIME_NAMES)
    return margins if any(margins) else None


def _add_margins(utc, flag, method: Method, adjustments: tuple, ramadan, xp) -> None:
    """Stage 4a: the method's and the user's margins, and Ramadan's, in place.

    ``utc`` and ``flag`` are indexed by time (``TIME_NAMES`` position) first:
    lists of the ten values of one place-day, or arrays (times, places, dates)
    (views of a :class:`Solution`'s, ``np.moveaxis(x, -1, 0)``); ``ramadan``
    is a bool, or a boolean per date.
    """
    margins = _margins(method, adjustments)
    if margins is not None:
        for k, seconds in enumerate(margins):
            if seconds:
                utc[k] = utc[k] + seconds
    if method.ramadan_offsets:
        for k, name in enumerate(TIME_NAMES):
            extra = 60.0 * method.ramadan_offsets.get(name, 0.0)
            if extra:
                utc[k] = utc[k] + xp.where(ramadan, extra, 0.0)
                flag[k] = flag[k] | flag_bits(ramadan, RAMADAN, xp)


def _tz_groups(tzs) -> list:
    """[(tz, place indices)] for the distinct time zones among ``tzs`` (a
    slice of all places when there is one).
    """
    groups: dict = {}
    for i, tz in enumerate(tzs):
        groups.setdefault(id(tz), (tz, []))[1].append(i)
    if len(groups) == 1:                # every place on one clock: a view, not a copy
        return [(tzs[0], slice(None))]
    return [(tz, np.array(idx)) for tz, idx in groups.values()]


class _Job:
    """What one array :func:`compute` call works on: places as (places, 1)
    columns, the wanted dates, and ``grid``: those dates with their neighbours
    (the night's rules need yesterday's sunset and tomorrow's sunrise and
    Fajr), of which ``where`` picks the wanted ones. Built by :func:`_job`,
    never changed.
    """

    __slots__ = ("lat", "lon", "elevation", "dates", "grid", "where", "tzs", "groups",
                 "method", "options", "places")

    def __init__(self, lat: np.ndarray, lon: np.ndarray, elevation: np.ndarray,
                 dates: np.ndarray, grid: np.ndarray, where, tzs: tuple, method: Method,
                 options: Options):
        self.lat, self.lon, self.elevation = lat, lon, elevation
        self.dates, self.grid, self.where = dates, grid, where
        self.tzs, self.groups = tzs, _tz_groups(tzs)
        self.method, self.options = method, options
        self.places = lat.shape[0]


@lru_cache(maxsize=1024)
def _run_grid(first: int, n: int) -> np.ndarray:
    """The grid of a run of ``n`` dates from day ``first`` (days since 1970):
    the dates and one more on each side (kept: a server asks for the same dates).
    """
    grid = np.arange(first - 1, first + n + 1).astype("datetime64[D]")
    grid.flags.writeable = False
    return grid


def _job(lat, lon, dates, method: Method, tzs, elevation, options: Options) -> _Job:
    """Stage 1, the grid: the inputs shaped, the dates and their neighbours."""
    dates = np.asarray(dates, "datetime64[D]").reshape(-1)
    if dates.size == 1 or (dates[1:] - dates[:-1] == 1).all():     # a run of days
        grid = _run_grid(int(dates[:1].view(np.int64)[0]), dates.size)
        where = slice(1, dates.size + 1)                 # views, not copies
    else:
        grid = np.unique(np.concatenate([dates - 1, dates, dates + 1]))
        where = np.searchsorted(grid, dates)
    return _Job(lat, lon, elevation, dates, grid, where, tuple(tzs), method, options)


def _frozen_at(method: Method) -> float | None:
    """Days after the node at which the method holds the Sun, if it does."""
    return None if method.sun_at is None else (method.sun_at - 12.0) / 24.0


def _ramadan(method: Method, grid: np.ndarray) -> np.ndarray | None:
    """Ramadan per grid date, for a method with a Ramadan rule (else None)."""
    if method.isha_ramadan is not None or method.ramadan_offsets:
        return is_ramadan(grid)
    return None


def _solar(job: _Job) -> tuple[np.ndarray, np.ndarray, dict, np.ndarray | None]:
    """Stages 2 and 3 on arrays, (places, grid dates) at once: the Sun, its
    events and the method's rules. Returns ``(utc, flag, events, ramadan)``:
    the times (places, dates, times) and their flags, of the wanted dates, the
    events (for the polar test) and Ramadan per grid date.
    """
    method = job.method
    sun = astro.solar_days(job.grid, (1, -1))
    frozen_at = _frozen_at(method)
    if frozen_at is not None:
        sun = sun.frozen(frozen_at, xp=np)
    noon = astro.unix_seconds(sun.node_jd.reshape(-1), xp=np)
    # Where local clock noon falls on each date, to take the transit that
    # belongs to it (the offset may change within the run: Samoa, 2011-12-30).
    centre = np.empty((job.places, job.grid.size))
    for tz, idx in job.groups:
        centre[idx] = utc_offsets(tz, noon) / -86400.0
    ramadan = _ramadan(method, job.grid)
    with np.errstate(invalid="ignore"):
        p_tr, a = astro.transit(sun, job.lon, centre, xp=np)
        dip = astro.horizon_depression(job.elevation, xp=np) - astro.STANDARD_HORIZON
        ev = _events(method, job.lat, sun, p_tr, a, dip, job.options.shadow)
        times, flags = apply_rules(ev, method, job.lat, job.grid, job.options.rule, ramadan)
    utc = np.empty((job.places, job.dates.size, len(TIME_NAMES)))
    for i, k in enumerate(TIME_NAMES):
        utc[..., i] = times[k][:, job.where]
    flag = np.zeros(utc.shape, np.uint8)
    for k, bits in flags.items():
        flag[..., TIME_NAMES.index(k)] = bits[..., job.where]
    return utc, flag, ev, ramadan


def _time_first(x: np.ndarray) -> np.ndarray:
    """A (places, dates, times) array seen as (times, places, dates): a view, so
    that the stages index a time the same way in an array and in a day's list.
    """
    return x.transpose(2, 0, 1)


def _local_clock(job: _Job, utc: np.ndarray, flag: np.ndarray) -> Solution:
    """Stage 5: the local clock's offsets, the date kept, skipped dates, rounding."""
    dates, groups = job.dates, job.groups

    def offsets() -> np.ndarray:
        if len(groups) == 1:          # one clock: no copy into place
            return utc_offsets(groups[0][0], utc)
        out = np.empty_like(utc)
        for tz, idx in groups:
            out[idx] = utc_offsets(tz, utc[idx])
        return out

    offset = offsets()
    if keep_on_date(_time_first(utc), _time_first(offset), _time_first(flag), dates):
        offset = offsets()            # the offsets in force at the new instants
    for tz, idx in groups:
        # A date that the zone's clocks skipped (Samoa, 2011-12-30) has no times.
        skipped = skipped_dates(tz, dates)
        if skipped is not _NONE_SKIPPED and skipped.any():
            utc[idx if isinstance(idx, slice) else idx[:, None], skipped] = np.nan
    mode = _rounding(job.method, job.options)
    if mode is not None:
        utc = round_local(utc + offset, mode) - offset
    return Solution(dates, utc, offset, flag)


def _rounding(method: Method, options: Options) -> str | None:
    """The rounding in force: the options', or the method's own."""
    return method.rounding if options.rounding == METHOD_ROUNDING else options.rounding


#: Position of each time in ``TIME_NAMES``.
_TIME_INDEX = {k: i for i, k in enumerate(TIME_NAMES)}

#: The options of :func:`compute` when none are given.
DEFAULT_OPTIONS = Options()


def compute(lat, lon, dates, *, method: Method, tzs, elevation=0.0,
            options: Options = DEFAULT_OPTIONS) -> Solution:
    """Times for every place and every date, for one method.

    ``lat``, ``lon`` and ``elevation`` are 1-d (one per place), ``tzs`` one
    tzinfo per place, ``dates`` a 1-d ``datetime64[D]`` array, ``options`` the
    checked :class:`salat.options.Options`. Inputs are taken as checked (see
    :mod:`salat.inputs`); this is the engine under :func:`salat.times_for` and
    :func:`salat.table`, so both agree by construction.

    Five stages: the grid of dates (:func:`_job`), the Sun, its events and the
    method's rules, the margins and the day's order, polar resolution, and the
    local clock. One place and one date go through :func:`compute_day`, the
    same stages on Python floats; anything more through the same functions on
    arrays.
    """
    lat = np.asarray(lat, float).reshape(-1, 1)          # (places, 1): dates run along
    lon = np.asarray(lon, float).reshape(-1, 1)          # the last axis
    elevation = np.asarray(elevation, float).reshape(-1, 1)
    dates = np.asarray(dates, "datetime64[D]").reshape(-1)
    if lat.size == 1 and dates.size == 1:
        one = compute_day(float(lat[0, 0]), float(lon[0, 0]), int(dates.view(np.int64)[0]),
                          method=method, tz=tzs[0], elevation=float(elevation[0, 0]),
                          options=options)
        return Solution(dates, np.array(one.utc).reshape(1, 1, -1),
                        np.array(one.offset, float).reshape(1, 1, -1),
                        np.array(one.flags, np.uint8).reshape(1, 1, -1))
    job = _job(lat, lon, dates, method, tzs, elevation, options)
    utc, flag, ev, ramadan = _solar(job)
    utc_t, flag_t = _time_first(utc), _time_first(flag)
    _add_margins(utc_t, flag_t, method, options.adjustments,
                 None if ramadan is None else ramadan[job.where], np)
    keep_day_order(utc_t, flag_t)
    if options.polar != "unresolved":
        missing = np.isnan(ev["rise"][:, job.where]) | np.isnan(ev["set"][:, job.where])
        if missing.any():
            _resolve_polar(missing, utc, flag, polar=options.polar, lat=job.lat.reshape(-1),
                           lon=job.lon.reshape(-1),
                           elevation=np.broadcast_to(job.elevation.reshape(-1), job.places),
                           dates=job.dates, tzs=list(job.tzs), method=method, options=options)
    return _local_clock(job, utc, flag)


def compute_day(lat: float, lon: float, day: int, *, method: Method, tz,
                elevation: float = 0.0, options: Options = DEFAULT_OPTIONS) -> DaySolution:
    """:func:`compute` for one place and one date, on Python floats.

    ``day`` is the date as days since 1970-01-01, ``tz`` the place's tzinfo;
    the rest as in :func:`compute`, taken as checked. The same stages run the
    same functions (the kernel's, the rules', the margins', the clock's) on
    floats (:data:`salat.scalars.FLOATS`), where numpy's cost per call would be
    most of the work; only the events the rules read are solved. Its numbers
    are those of :func:`compute` on a run of dates around ``day``, to the bit
    (``tests/test_float_kernel.py``). A polar day that ``options.polar``
    resolves takes the array path for its candidates.
    """
    xp = FLOATS
    grid = _run_grid(day, 1)
    suns = astro.solar_run_floats(day - 1, 3)
    frozen_at = _frozen_at(method)
    if frozen_at is not None:
        suns = [sun.frozen(frozen_at, xp=xp) for sun in suns]
    noons = [astro.unix_seconds(sun.node_jd, xp=xp) for sun in suns]
    centre = [offset / -86400.0 for offset in utc_offset_list(tz, noons)]
    ramadan = _ramadan(method, grid)
    dip = astro.horizon_depression(elevation, xp=xp) - astro.STANDARD_HORIZON
    ev = _events_one_day(method, lat, lon, suns, centre, dip, options.shadow)
    times, bits = _rules_one_day(ev, method, lat, day, options.rule, ramadan)
    utc = [times[k] for k in TIME_NAMES]
    flag = [0] * len(TIME_NAMES)
    for k, b in bits.items():
        flag[_TIME_INDEX[k]] = b
    _add_margins(utc, flag, method, options.adjustments,
                 None if ramadan is None else bool(ramadan[1]), xp)
    keep_day_order(utc, flag, xp=xp)
    rise, sunset = ev[1]["rise"], ev[1]["set"]
    if options.polar != "unresolved" and (rise != rise or sunset != sunset):
        u, f = np.array([[utc]]), np.array([[flag]], np.uint8)
        _resolve_polar(np.ones((1, 1), bool), u, f, polar=options.polar, lat=np.array([lat]),
                       lon=np.array([lon]), elevation=np.array([elevation]), dates=grid[1:2],
                       tzs=[tz], method=method, options=options)
        utc, flag = u[0, 0].tolist(), f[0, 0].tolist()
    # Stage 5, the local clock, as :func:`_local_clock` does it.
    offset = utc_offset_list(tz, utc)
    if keep_on_date(utc, offset, flag, day, xp=xp):
        offset = utc_offset_list(tz, utc)
    if date_skipped(tz, day):
        utc = [math.nan] * len(utc)
    mode = _rounding(method, options)
    if mode is not None:
        utc = [round_local(t + o, mode, xp=xp) - o for t, o in zip(utc, offset)]
    return DaySolution(day, utc, offset, flag)


def _resolve_polar(missing, utc, flag, *, polar: str, lat, lon, elevation, dates, tzs,
                   method: Method, options: Options) -> None:
    """Fill place-days without sunrise or sunset from a nearer latitude or day.

    ``nearest_latitude`` (aqrab al-bilad) takes the times at the same longitude
    and the highest latitude, stepping from 65 degrees toward the equator by
    half a degree (down to 40), where all six times occur that day under the
    chosen high-latitude rule. ``nearest_day`` (aqrab al-ayyam) takes the clock
    times of the nearest date, up to half a year away, on which all six occur
    at the place itself. Every time of such a day is flagged; where no such
    latitude or day exists the times stay undefined. Works in place on ``utc``
    and ``flag``.
    """
    kw = dict(method=method, options=dataclasses.replace(options, polar="unresolved",
                                                         rounding=None))
    six = [TIME_NAMES.index(k) for k in PRAYER_NAMES]
    if polar == "nearest_latitude":
        for d in np.nonzero(missing.any(axis=0))[0]:         # one call per date
            places = np.nonzero(missing[:, d])[0]
            top = np.minimum(65.0, np.abs(lat[places]) - 0.5)
            steps = np.arange(0.0, 25.5, 0.5)                 # down to 40 degrees at most
            cand = np.copysign(top[:, None] - steps, lat[places, None])   # (places, steps)
            usable = np.abs(cand) >= 40.0
            sol = compute(cand.reshape(-1), np.repeat(lon[places], steps.size), dates[d:d + 1],
                          tzs=[tzs[i] for i in places for _ in steps],
                          elevation=np.repeat(elevation[places], steps.size), **kw)
            found = ~np.isnan(sol.utc[:, 0, six]).any(axis=-1).reshape(cand.shape) & usable
            for k, i in enumerate(places):
                if found[k].any():
                    j = k * steps.size + int(np.argmax(found[k]))
                    utc[i, d] = sol.utc[j, 0]
                    flag[i, d] = sol.flags[j, 0] | NEAREST_LATITUDE
        return
    steps = np.stack([np.arange(1, 184), -np.arange(1, 184)], 1).reshape(-1)
    for i in np.nonzero(missing.any(axis=1))[0]:              # one call per place
        days = np.nonzero(missing[i])[0]
        window = np.arange(dates[days].min() - 183, dates[days].max() + 184)
        sol = compute(lat[i:i + 1], lon[i:i + 1], window, tzs=[tzs[i]],
                      elevation=elevation[i], **kw)
        found = ~np.isnan(sol.utc[0][:, six]).any(axis=-1)
        pos = (dates[days] - window[0]).astype(np.int64)[:, None] + steps     # (days, steps)
        hit = found[pos]
        for r, d in enumerate(days):
            k = int(np.argmax(hit[r]))
            if hit[r, k]:
                j = pos[r, k]
                # the same local clock times, |steps[k]| days away
                moved = sol.utc[0, j] - 86400.0 * steps[k]
                moved += sol.offset[0, j] - utc_offsets(tzs[i], moved)
                utc[i, d] = moved
                flag[i, d] = sol.flags[0, j] | NEAREST_DAY


def to_datetime64(seconds: np.ndarray) -> np.ndarray:
    """Float seconds since the epoch -> ``datetime64[s]``, NaN -> NaT. Fractions
    of a second are dropped (floor), as a ``datetime`` shows them with
    ``timespec="seconds"``, so these agree with :func:`salat.times_for`.
    """
    ok = ~np.isnan(seconds)
    out = np.floor(np.where(ok, seconds, 0.0)).astype(np.int64)
    out[~ok] = np.iinfo(np.int64).min
    return out.view("datetime64[s]")
