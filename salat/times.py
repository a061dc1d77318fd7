"""Prayer times for places and dates: :func:`times_for`, :class:`PrayerTimes`
and :func:`compute`, the one pipeline that both a single day and a year-long
table go through.

The pipeline: checked inputs -> the Sun's events (``astronomy``) -> the
method's rules (``rules``) -> polar resolution -> margins -> local clock
offsets and rounding. Undefined times stay undefined: NaN inside, ``None``
in a :class:`PrayerTimes`, NaT or an empty cell in a table.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from dataclasses import dataclass, field
import itertools
import math
import threading
from functools import lru_cache
from types import MappingProxyType
from collections.abc import Iterator, Mapping

import numpy as np

from . import astronomy as astro
from . import inputs
from .methods import Method, Minutes, get_method
from .names import PRAYER_NAMES, TIME_NAMES
from .options import METHOD_ROUNDING, Options, options as check_options
from .regions import method_for
from .hijri import is_ramadan
from .rules import (NEAREST_DAY, NEAREST_LATITUDE, RAMADAN, apply_rules, day_rules,
                    keep_day_order, keep_on_date, night_marks, round_local, rule_label)
from .timezones import local_periods, resolve_tz, skipped_dates, utc_offsets, tz_name
from . import prayer_zones
from .inputs import InputError, InputTypeError, check_aware

__all__ = ["PRAYER_NAMES", "TIME_NAMES", "PrayerTimes", "Solution", "compute", "times_for",
           "to_datetime64"]

_UTC = _dt.timezone.utc
_NO_RULES: Mapping[str, str] = MappingProxyType({})


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
    sin_alt[-1] = astro.geocentric_sine(astro.asr_sine(sin_lat, cos_lat, sun, p_tr, shadow))
    # In blocks of places: the solver's temporaries stay small (reused by the
    # allocator and in cache) instead of fresh pages the size of the whole job.
    p = np.empty_like(sin_alt)
    step = max(1, _BLOCK_CELLS // (sin_alt.shape[0] * sin_alt.shape[2]))
    for i in range(0, sin_alt.shape[1], step):
        b = slice(i, i + step)
        p[:, b] = astro.hour_angle_events(sun, p_tr[b], a[b], sin_lat[b], cos_lat[b],
                                          sin_alt[:, b], side)
    node = astro.unix_seconds(sun.node_jd)
    sec = node + 86400.0 * p
    ev = dict(zip(names, sec[:-1]))
    ev["asr"] = sec[-1]
    ev["transit"] = node + 86400.0 * p_tr
    return ev


@lru_cache(maxsize=256)
def _float_plan(method: Method, dip: float) -> tuple[tuple[str, ...], tuple, tuple]:
    """:func:`_event_plan` as floats for :func:`_events_one_day`: names,
    sides, and the sines of :func:`_horizon_sines` at this dip.
    """
    names, side, depression, moves = _event_plan(method)
    sines = _horizon_sines(depression, moves, dip).reshape(-1).tolist()
    return names, tuple(side.reshape(-1).tolist()), tuple(sines)


def _events_one_day(method: Method, lat: float, lon: float, suns: list, centre: list,
                    dip: float, shadow: float) -> dict:
    """:func:`_events` for one place and one date, from the same kernel
    functions evaluated on Python floats (``suns``: the date and its two
    neighbours, :func:`salat.astronomy.solar_day_floats`; ``centre``: where
    local noon falls on each). Only the events the rules read are solved:
    every event of the date, the sunset of the day before, and the sunrise
    (and, for a midnight counted to Fajr, the Fajr) of the day after; the
    others are NaN. Returns event name -> Unix seconds on the three dates
    (a list of floats).
    """
    names, sides, sines = _float_plan(method, dip)
    rad = math.radians(lat)
    sin_lat, cos_lat = math.sin(rad), math.cos(rad)
    after = ["rise"] + (["fajr"] if method.midnight != "standard" and "fajr" in names else [])
    wanted = (["set"], list(names) + ["asr", "transit"], after)
    rows = {name: [math.nan] * 3 for name in names + ("asr", "transit")}
    for d, (sun, events) in enumerate(zip(suns, wanted)):
        p_tr, a = astro.transit(sun, lon, centre[d])
        node = astro.unix_seconds(sun.node_jd)
        for name in events:
            if name == "transit":
                p = p_tr
            elif name == "asr":
                sin_alt = astro.geocentric_sine(astro.asr_sine(sin_lat, cos_lat, sun, p_tr,
                                                               shadow))
                p = astro.hour_angle_events(sun, p_tr, a, sin_lat, cos_lat, sin_alt, 1.0)
            else:
                k = names.index(name)
                p = astro.hour_angle_events(sun, p_tr, a, sin_lat, cos_lat, sines[k], sides[k])
            rows[name][d] = node + 86400.0 * p
    return rows


def _rules_one_day(ev: dict, method: Method, lat: float, grid: np.ndarray, rule: str,
                   ramadan) -> tuple[dict, dict]:
    """:func:`salat.rules.apply_rules` for the middle date of a three-day
    ``grid``, on the floats of :func:`_events_one_day` (the rules' own
    functions on floats): times and flags (ints) by name.
    """
    rise, sunset = ev["rise"], ev["set"]
    night_before, night = rise[1] - sunset[0], rise[2] - sunset[1]

    def on(d, nights, flags):
        return day_rules({k: v[d] for k, v in ev.items()}, *nights, method, lat,
                         grid[d:d + 1], rule, None if ramadan is None else bool(ramadan[d]),
                         flags)

    flags: dict = {}
    t = on(1, (night, night_before), flags)
    # The night after the date's sunset: to the next sunrise, or to the next Fajr.
    night_marks(t, rise[2] if method.midnight == "standard" else
                on(2, (math.nan, night), {})["fajr"])
    return t, flags


@lru_cache(maxsize=1024)
def _margins(method: Method, adjustments: tuple) -> np.ndarray:
    """Seconds added to each time: the method's margins plus the user's
    (``adjustments`` as sorted (name, minutes) pairs).
    """
    minutes = dict(method.offsets)
    for k, v in adjustments:
        minutes[k] = minutes.get(k, 0.0) + v
    margins = np.array([60.0 * minutes.get(k, 0.0) for k in TIME_NAMES])
    margins.flags.writeable = False
    return margins


def _zone_groups(zones) -> list:
    """[(zone, place indices)] for the distinct zones among ``zones`` (a
    slice of all places when there is one zone).
    """
    groups: dict = {}
    for i, z in enumerate(zones):
        groups.setdefault(id(z), (z, []))[1].append(i)
    if len(groups) == 1:                # every place on one clock: a view, not a copy
        return [(zones[0], slice(None))]
    return [(z, np.array(idx)) for z, idx in groups.values()]


def compute(lat, lon, dates, *, method: Method, zones, elevation=0.0,
            options: Options = Options()) -> Solution:
    """Times for every place and every date, for one method.

    ``lat``, ``lon`` and ``elevation`` are 1-d (one per place), ``zones`` one
    tzinfo per place, ``dates`` a 1-d ``datetime64[D]`` array, ``options`` the
    checked :class:`salat.options.Options`. Inputs are taken as checked (see
    :mod:`salat.inputs`); this is the engine under :func:`times_for` and
    :func:`salat.table`, so both agree by construction.
    """
    shadow, rule, polar, rounding = options.shadow, options.rule, options.polar, options.rounding
    lat = np.asarray(lat, float).reshape(-1, 1)          # (places, 1): dates run along
    lon = np.asarray(lon, float).reshape(-1, 1)          # the last axis
    elevation = np.asarray(elevation, float).reshape(-1, 1)
    dates = np.asarray(dates, "datetime64[D]").reshape(-1)
    groups = _zone_groups(zones)
    # Each date with its neighbours: the night's rules need yesterday's sunset
    # and tomorrow's sunrise (and Fajr).
    if dates.size == 1 or (dates[1:] - dates[:-1] == 1).all():     # a run of days
        grid = np.arange(dates[0] - 1, dates[-1] + 2)
        where = slice(1, dates.size + 1)                 # views, not copies
    else:
        grid = np.unique(np.concatenate([dates - 1, dates, dates + 1]))
        where = np.searchsorted(grid, dates)
    frozen_at = None if method.sun_at is None else (method.sun_at - 12.0) / 24.0
    one_day = dates.size == 1 and lat.shape[0] == 1
    if one_day:     # the kernel on floats: numpy's cost per call would dominate
        suns = astro.solar_day_floats(grid)
        if frozen_at is not None:
            suns = [sun.frozen(frozen_at) for sun in suns]
        noon = astro.unix_seconds(np.array([sun.node_jd for sun in suns]))
    else:
        sun = astro.solar_days(grid, (1, -1))
        if frozen_at is not None:
            sun = sun.frozen(frozen_at)
        noon = astro.unix_seconds(sun.node_jd.reshape(-1))

    # Where local clock noon falls on each date, to take the transit that
    # belongs to it (the offset may change within the run: Samoa, 2011-12-30).
    centre = np.empty((lat.shape[0], grid.size))
    for zone, idx in groups:
        centre[idx] = utc_offsets(zone, noon) / -86400.0

    ramadan = None
    if method.isha_ramadan is not None or method.ramadan_offsets:
        ramadan = is_ramadan(grid)
    if one_day:
        dip = astro.horizon_depression(float(elevation[0, 0])) - astro.STANDARD_HORIZON
        la = float(lat[0, 0])
        ev = _events_one_day(method, la, float(lon[0, 0]), suns, centre[0].tolist(), dip,
                             shadow)
        times, flags = _rules_one_day(ev, method, la, grid, rule, ramadan)
        utc = np.array([times[k] for k in TIME_NAMES]).reshape(1, 1, -1)
        flag = np.array([flags.get(k, 0) for k in TIME_NAMES], np.uint8).reshape(1, 1, -1)
        missing = math.isnan(ev["rise"][1]) or math.isnan(ev["set"][1])
    else:
        with np.errstate(invalid="ignore"):
            p_tr, a = astro.transit(sun, lon, centre)
            dip = astro.horizon_depression(elevation) - astro.STANDARD_HORIZON
            ev = _events(method, lat, sun, p_tr, a, dip, shadow)
            times, flags = apply_rules(ev, method, lat, grid, rule, ramadan)
        utc = np.empty((lat.shape[0], dates.size, len(TIME_NAMES)))
        for i, k in enumerate(TIME_NAMES):
            utc[..., i] = times[k][:, where]
        flag = np.zeros(utc.shape, np.uint8)
        for k, bits in flags.items():
            flag[..., TIME_NAMES.index(k)] = bits[..., where]
        missing = None
    utc += _margins(method, options.adjustments)
    if method.ramadan_offsets:
        extra = np.array([60.0 * method.ramadan_offsets.get(k, 0.0) for k in TIME_NAMES])
        utc += np.where(ramadan[where, None], extra, 0.0)
        flag |= np.where(ramadan[where, None] & (extra != 0), RAMADAN, 0).astype(np.uint8)
    keep_day_order(utc, flag)

    if polar != "unresolved":
        if missing is None:
            missing = np.isnan(ev["rise"][:, where]) | np.isnan(ev["set"][:, where])
        else:
            missing = np.array([[missing]])
        if missing.any():
            _resolve_polar(polar, missing, utc, flag, lat.reshape(-1), lon.reshape(-1),
                           np.broadcast_to(elevation.reshape(-1), lat.shape[:1]), dates,
                           list(zones), method, options)

    offset = np.empty_like(utc)
    for zone, idx in groups:
        offset[idx] = utc_offsets(zone, utc[idx])
    if keep_on_date(utc, offset, flag, dates):
        for zone, idx in groups:      # the offsets in force at the new instants
            offset[idx] = utc_offsets(zone, utc[idx])
    for zone, idx in groups:
        # A date that the zone's clocks skipped (Samoa, 2011-12-30) has no times.
        skipped = skipped_dates(zone, dates)
        if skipped.any():
            utc[idx if isinstance(idx, slice) else idx[:, None], skipped] = np.nan
    mode = method.rounding if rounding == METHOD_ROUNDING else rounding
    if mode is not None:
        utc = round_local(utc + offset, mode) - offset
    return Solution(dates, utc, offset, flag)


def _resolve_polar(polar, missing, utc, flag, lat, lon, elevation, dates, zones, method,
                   options: Options):
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
                          zones=[zones[i] for i in places for _ in steps],
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
        sol = compute(lat[i:i + 1], lon[i:i + 1], window, zones=[zones[i]],
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
                moved += sol.offset[0, j] - utc_offsets(zones[i], moved)
                utc[i, d] = moved
                flag[i, d] = sol.flags[0, j] | NEAREST_DAY


@dataclass(frozen=True, eq=False)
class PrayerTimes:
    """One day's times at one place, as timezone-aware datetimes.

    Each of ``imsak, fajr, sunrise, dhuhr, asr, sunset, maghrib, isha,
    midnight, last_third`` is a ``datetime`` in the place's zone, or ``None``
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

    def __post_init__(self):
        if type(self.adjusted) is not MappingProxyType:     # read-only, like the rest
            object.__setattr__(self, "adjusted", MappingProxyType(dict(self.adjusted)))

    def __iter__(self) -> Iterator[tuple[str, _dt.datetime | None]]:
        for name in PRAYER_NAMES:
            yield name, getattr(self, name)

    def as_dict(self) -> dict[str, _dt.datetime | None]:
        """All ten times by name, in day order."""
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
                      longitude: float, tz: _dt.tzinfo, method: Method) -> PrayerTimes:
        """The times of one place and date of a :class:`Solution`."""
        one = Solution(sol.dates[day:day + 1], sol.utc[place:place + 1, day:day + 1],
                       sol.offset[place:place + 1, day:day + 1],
                       sol.flags[place:place + 1, day:day + 1])
        return _Row(one, 0, tz).times(0, latitude, longitude, method)

    def __repr__(self) -> str:
        def hm(d):
            return "--:--" if d is None else d.strftime("%H:%M:%S")
        parts = " ".join(f"{n}={hm(getattr(self, n))}" for n in PRAYER_NAMES)
        return (f"PrayerTimes({self.date.isoformat()} at {self.latitude:.4f},"
                f"{self.longitude:.4f} [{self.method.name}]: {parts})")


@lru_cache(maxsize=256)
def _labels(flags: bytes) -> Mapping[str, str]:
    """Read-only {time name: rule label} for a row of flag bits (one byte each)."""
    return MappingProxyType({name: label for name, bits in zip(TIME_NAMES, flags)
                             if (label := rule_label(bits))})


class _Row:
    """The times of one place in a :class:`Solution`, ready to become
    :class:`PrayerTimes`, kept small (about 37 kB a year): local clock seconds
    for a pytz zone (UTC seconds otherwise), the flags, and which period of
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
            zones, self.period = local_periods(tz, sol.utc[place])
            self.epochs = [_dt.datetime(1970, 1, 1, tzinfo=z) for z in zones]
            self.seconds = sol.utc[place] + sol.offset[place]
        else:
            self.period = self.epochs = None
            self.seconds = sol.utc[place]
        for arr in (self.seconds, self.flags, self.period):
            if arr is not None:
                arr.flags.writeable = False

    def __len__(self) -> int:
        return len(self.seconds)

    def times(self, day: int, latitude: float, longitude: float, method: Method) -> PrayerTimes:
        """The :class:`PrayerTimes` of the ``day``-th date."""
        seconds, flags = self.seconds[day].tolist(), self.flags[day].tobytes()
        if self.epochs is not None:
            delta, epochs = _dt.timedelta, self.epochs
            values = [None if s != s else epochs[p] + delta(seconds=s)
                      for s, p in zip(seconds, self.period[day].tolist())]
        else:
            tz, fromtimestamp = self.tz, _dt.datetime.fromtimestamp
            values = [None if s != s else fromtimestamp(s, tz) for s in seconds]
        adjusted = _labels(flags) if any(flags) else _NO_RULES
        return PrayerTimes(_dt.date.fromordinal(self.first + day), latitude, longitude,
                           self.tz, method, *values, adjusted=adjusted)


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

    def put(self, key, first: int, row: _Row) -> None:
        """Store, as the newest entry; at ``maxsize``, first drop the oldest
        entry not used since it was stored or last spared (the "second chance"
        approximation of LRU). The entry being stored is never the one dropped.
        """
        with self._lock:
            tick = next(self._clock)
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


def _place_times(la: float, lo: float, el: float, zone: _dt.tzinfo, m: Method,
                 opts: Options, day: _dt.date, cache: bool = True,
                 solve=None) -> PrayerTimes:
    """One place and date through the memo (``cache=False``: straight through
    the engine, the reference the memo is tested against). ``solve`` is the
    engine, :func:`compute` by default (any function with its signature).
    """
    solve = compute if solve is None else solve
    key = (la, lo, el, zone, m, opts, day.year, solve)
    ordinal = day.toordinal()
    if type(zone).__hash__ is None:     # a tzinfo of the caller's own that cannot be hashed
        cache = False
    entry = _CACHE.get(key) if cache else None
    if entry is not None and 0 <= ordinal - entry[0] < len(entry[1]):
        first, row = entry
    else:
        if entry is None:       # a first call: this date only
            first, dates = ordinal, np.array([day], "datetime64[D]")
        else:                   # seen before: the whole year at once
            first = _dt.date(day.year, 1, 1).toordinal()
            dates = np.arange(np.datetime64(f"{day.year:04d}-01-01"),
                              np.datetime64(f"{day.year + 1:04d}-01-01"))
        sol = solve(np.array([la]), np.array([lo]), dates, method=m, zones=(zone,),
                    elevation=np.array([el]), options=opts)
        row = _Row(sol, 0, zone)
        if cache:
            _CACHE.put(key, first, row)
    t = row.times(ordinal - first, la, lo, m)
    if t.dhuhr is None:
        raise InputError(f"date {day.isoformat()} did not occur in the time zone "
                         f"{tz_name(zone)} (its clocks skipped that day)")
    return t


def times_for(lat: float | None = None, lon: float | None = None, date=None, *,
              zone: str | None = None, method=None, asr="standard", tz=None,
              elevation: float = 0.0, high_latitude: str | None = None,
              polar: str | None = None, adjustments: Mapping[str, float] | None = None,
              rounding: str | None = METHOD_ROUNDING) -> PrayerTimes:
    """Prayer times for one place and date.

    Parameters
    ----------
    lat, lon: degrees, north and east positive.
    date: a ``datetime.date`` or ``"YYYY-MM-DD"``; ``None`` is today at the place.
    zone: instead of lat/lon, an authority's prayer zone, e.g. ``"JHR02"``
        (:mod:`salat.prayer_zones`): its reference point(s), rule and method.
    method: a name from ``salat.METHODS``, a :class:`salat.Method`, or ``None``
        for the local authority's method (:func:`salat.method_for`).
    asr: ``"standard"`` (shadow factor 1), ``"hanafi"`` (2), or a factor.
    tz: ``None`` (the place's own zone, found offline), an IANA name, or a
        pytz / zoneinfo tzinfo.
    elevation: metres above the surrounding land; lowers the horizon of sunrise
        and sunset by ``0.0347 * sqrt(elevation)`` degrees.
    high_latitude: ``"recommended"`` (default), ``"middle_of_night"``,
        ``"seventh_of_night"``, ``"twilight_angle"`` or ``"none"``.
    polar: when the Sun does not rise or set: ``"unresolved"`` (default: those
        times are ``None``), ``"nearest_day"`` or ``"nearest_latitude"``.
    adjustments: minutes added to times by name, on top of the method's own
        margins, e.g. ``{"dhuhr": 2}``.
    rounding: ``"method"`` (default: the method's own), ``None`` (keep seconds),
        ``"nearest"``, ``"up"`` or ``"down"``.

    Results are memoized per place, options and year (bounded, thread-safe;
    the returned :class:`PrayerTimes` is immutable), so a loop over dates or a
    repeated call costs a lookup.

    >>> t = times_for(21.4225, 39.8262, "2026-11-27", method="umm_al_qura")
    >>> t.fajr.isoformat()
    '2026-11-27T05:19:00+03:00'
    """
    solve = None
    if zone is not None:                     # a prayer zone: its points, rule and method
        pz, lat, lon, method = prayer_zones.place(zone, lat, lon, method, elevation)
        solve = pz.solve
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
    zone = resolve_tz(tz, la, lo)
    day = _dt.datetime.now(zone).date() if date is None else inputs.one_date(date)
    m = method_for(la, lo) if method is None else get_method(method)
    opts = check_options(asr, high_latitude, polar, adjustments, rounding)
    return _place_times(la, lo, el, zone, m, opts, day, solve=solve)


def to_datetime64(seconds: np.ndarray) -> np.ndarray:
    """Float seconds since the epoch -> ``datetime64[s]``, NaN -> NaT. Fractions
    of a second are dropped (floor), as a ``datetime`` shows them with
    ``timespec="seconds"``, so these agree with :func:`salat.times_for`.
    """
    ok = ~np.isnan(seconds)
    out = np.floor(np.where(ok, seconds, 0.0)).astype(np.int64)
    out[~ok] = np.iinfo(np.int64).min
    return out.view("datetime64[s]")
