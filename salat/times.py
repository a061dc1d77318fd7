"""Prayer times for places and dates: :func:`times_for`, :class:`PrayerTimes`
and :func:`compute`, the one pipeline that both a single day and a year-long
table go through.

The pipeline: checked inputs -> the Sun's events (``astronomy``) -> the
method's rules (``rules``) -> polar resolution -> margins -> local clock
offsets and rounding. Undefined times stay undefined: NaN inside, ``None``
in a :class:`PrayerTimes`, NaT or an empty cell in a table.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterator, Mapping, Optional

import numpy as np

from . import astronomy as astro
from . import inputs
from .methods import TIME_NAMES, Method, Minutes, check_offsets, get_method
from .regions import method_for
from .hijri import is_ramadan
from .rules import (NEAREST_DAY, NEAREST_LATITUDE, RAMADAN, apply_rules,
                    keep_day_order, round_local, rule_label)
from .zones import resolve_zone, skipped_dates, utc_offsets, zone_name
from .inputs import InputError, InputTypeError

__all__ = ["PRAYER_NAMES", "TIME_NAMES", "PrayerTimes", "Solution", "compute", "times_for",
           "to_datetime64"]

#: The six times of a timetable, in day order.
PRAYER_NAMES = ("fajr", "sunrise", "dhuhr", "asr", "maghrib", "isha")
#: ``rounding="method"`` (the default) uses the method's own rounding.
METHOD_ROUNDING = "method"
_UTC = _dt.timezone.utc


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
    (the horizon events: an observer above the land sees the Sun longer)."""
    standard = astro.STANDARD_HORIZON
    names, sides, depressions, dips = ["rise", "set"], [-1.0, 1.0], [standard] * 2, [1.0, 1.0]
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
        dips += [1.0, 1.0]
    arrays = [np.array(v, float).reshape(-1, 1, 1)    # events on the first axis
              for v in (sides + [1.0], depressions, dips)]
    for arr in arrays:
        arr.flags.writeable = False                     # shared through the cache
    return (tuple(names), *arrays)


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
    sin_alt[:-1] = np.sin(np.radians(-(depression + moves * dip[None])))  # (E, N, 1)
    sin_alt[-1] = astro.asr_sine(sin_lat, cos_lat, sun, p_tr, shadow)
    sin_alt = astro.geocentric_sine(sin_alt)
    p = astro.hour_angle_events(sun, p_tr, a, sin_lat, cos_lat, sin_alt, side)
    node = astro.unix_seconds(sun.node_jd)
    sec = node + 86400.0 * p
    ev = dict(zip(names, sec[:-1]))
    ev["asr"] = sec[-1]
    ev["transit"] = node + 86400.0 * p_tr
    return ev


@lru_cache(maxsize=1024)
def _margins(method: Method, adjustments: tuple) -> np.ndarray:
    """Seconds added to each time: the method's margins plus the user's
    (``adjustments`` as sorted (name, minutes) pairs)."""
    minutes = dict(method.offsets)
    for k, v in adjustments:
        minutes[k] = minutes.get(k, 0.0) + v
    margins = np.array([60.0 * minutes.get(k, 0.0) for k in TIME_NAMES])
    margins.flags.writeable = False
    return margins


def _zone_groups(zones) -> list:
    """[(zone, place indices)] for the distinct zones among ``zones``."""
    groups: dict = {}
    for i, z in enumerate(zones):
        groups.setdefault(id(z), (z, []))[1].append(i)
    return [(z, np.array(idx)) for z, idx in groups.values()]


def compute(lat, lon, dates, *, method: Method, zones, shadow: float = 1.0,
            elevation=0.0, rule: str = "recommended", polar: str = "unresolved",
            adjustments: Optional[Mapping[str, float]] = None,
            rounding=METHOD_ROUNDING) -> Solution:
    """Times for every place and every date, for one method.

    ``lat``, ``lon`` and ``elevation`` are 1-d (one per place), ``zones`` one
    tzinfo per place, ``dates`` a 1-d ``datetime64[D]`` array. Inputs are
    taken as checked (see :mod:`salat.inputs`); this is the engine under
    :func:`times_for` and :func:`salat.table`, so both agree by construction.
    """
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
    sun = astro.solar_days(grid, (1, -1))
    if method.sun_at is not None:
        sun = sun.frozen((method.sun_at - 12.0) / 24.0)

    # Where local clock noon falls, to take the transit that belongs to the date.
    centre = np.empty(lat.shape)
    noon = astro.unix_seconds(sun.node_jd[0, where][:1])
    for zone, idx in groups:
        centre[idx] = -utc_offsets(zone, noon)[0] / 86400.0

    with np.errstate(invalid="ignore"):
        p_tr, a = astro.transit(sun, lon, centre)
        dip = astro.horizon_depression(elevation) - astro.STANDARD_HORIZON
        ev = _events(method, lat, sun, p_tr, a, dip, shadow)
        ramadan = None
        if method.isha_ramadan is not None or method.ramadan_offsets:
            ramadan = is_ramadan(grid)
        times, flags = apply_rules(ev, method, lat, grid, rule, ramadan)

    utc = np.stack([times[k][:, where] for k in TIME_NAMES], axis=-1)
    utc += _margins(method, tuple(sorted(check_offsets(adjustments).items())) if adjustments else ())
    flag = np.zeros(utc.shape, np.uint8)
    for k, bits in flags.items():
        flag[..., TIME_NAMES.index(k)] = bits[..., where]
    if method.ramadan_offsets:
        extra = np.array([60.0 * method.ramadan_offsets.get(k, 0.0) for k in TIME_NAMES])
        utc += np.where(ramadan[where, None], extra, 0.0)
        flag |= np.where(ramadan[where, None] & (extra != 0), RAMADAN, 0).astype(np.uint8)
    keep_day_order(utc, flag)

    if polar != "unresolved":
        missing = np.isnan(ev["rise"][:, where]) | np.isnan(ev["set"][:, where])
        if missing.any():
            _resolve_polar(polar, missing, utc, flag, lat.reshape(-1), lon.reshape(-1),
                           np.broadcast_to(elevation.reshape(-1), lat.shape[:1]), dates,
                           list(zones), method, shadow, rule,
                           adjustments)

    offset = np.empty_like(utc)
    for zone, idx in groups:
        offset[idx] = utc_offsets(zone, utc[idx])
        # A date that the zone's clocks skipped (Samoa, 2011-12-30) has no times.
        skipped = skipped_dates(zone, dates)
        if skipped.any():
            utc[idx[:, None], skipped] = np.nan
    mode = method.rounding if rounding == METHOD_ROUNDING else rounding
    if mode is not None:
        utc = round_local(utc + offset, mode) - offset
    return Solution(dates, utc, offset, flag)


def _resolve_polar(polar, missing, utc, flag, lat, lon, elevation, dates, zones, method,
                   shadow, rule, adjustments):
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
    kw = dict(method=method, shadow=shadow, rule=rule, adjustments=adjustments, rounding=None)
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
    days and nights, twilight that never ends). ``midnight`` and
    ``last_third`` belong to the night after this date's Maghrib, so they
    usually fall on the next calendar date. ``adjusted`` names the times that a
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
    imsak: Optional[_dt.datetime]
    fajr: Optional[_dt.datetime]
    sunrise: Optional[_dt.datetime]
    dhuhr: Optional[_dt.datetime]
    asr: Optional[_dt.datetime]
    sunset: Optional[_dt.datetime]
    maghrib: Optional[_dt.datetime]
    isha: Optional[_dt.datetime]
    midnight: Optional[_dt.datetime]
    last_third: Optional[_dt.datetime]
    adjusted: Mapping[str, str] = field(default_factory=dict)

    def __iter__(self) -> Iterator[tuple[str, Optional[_dt.datetime]]]:
        for name in PRAYER_NAMES:
            yield name, getattr(self, name)

    def as_dict(self) -> dict[str, Optional[_dt.datetime]]:
        """All ten times by name, in day order."""
        return {name: getattr(self, name) for name in TIME_NAMES}

    def next_prayer(self, now: Optional[_dt.datetime] = None, *,
                    include_sunrise: bool = False) -> Optional[tuple[str, _dt.datetime]]:
        """``(name, time)`` of the first of the day's prayers after ``now``
        (an aware datetime; default: the current time), or ``None`` after Isha:
        then ask the next date's times."""
        if now is None:
            now = _dt.datetime.now(self.tz)
        elif now.tzinfo is None or now.utcoffset() is None:
            raise InputError(f"now must be timezone-aware, got {now!r}")
        for name, when in self:
            if name == "sunrise" and not include_sunrise:
                continue
            if when is not None and when > now:
                return name, when
        return None

    @classmethod
    def from_solution(cls, sol: Solution, place: int, day: int, *, latitude: float,
                      longitude: float, tz: _dt.tzinfo, method: Method) -> "PrayerTimes":
        """The times of one place and date of a :class:`Solution`."""
        values = dict(zip(TIME_NAMES, _datetimes(sol.utc[place, day].tolist(),
                                                 sol.offset[place, day].tolist(), tz)))
        adjusted = {name: label for name, bits in zip(TIME_NAMES, sol.flags[place, day].tolist())
                    if (label := rule_label(bits))}
        return cls(sol.dates[day].item(), latitude, longitude, tz, method,
                   adjusted=adjusted, **values)

    def __repr__(self) -> str:
        def hm(d):
            return "--:--" if d is None else d.strftime("%H:%M:%S")
        parts = " ".join(f"{n}={hm(getattr(self, n))}" for n in PRAYER_NAMES)
        return (f"PrayerTimes({self.date.isoformat()} at {self.latitude:.4f},"
                f"{self.longitude:.4f} [{self.method.name}]: {parts})")


def _datetimes(seconds: list, offsets: list, tz: _dt.tzinfo) -> list:
    """Aware datetimes in ``tz`` for UTC instants whose offsets are known
    (``None`` for NaN). A pytz zone is localized once per distinct offset."""
    out, local_tz = [], {}
    pytz_zone = hasattr(tz, "localize")
    for s, off in zip(seconds, offsets):
        if s != s:
            out.append(None)
        elif pytz_zone:
            zone = local_tz.get(off)
            if zone is None:
                when = _dt.datetime.fromtimestamp(s, _UTC).replace(tzinfo=tz)
                zone = local_tz[off] = tz.fromutc(when).tzinfo
            out.append(_dt.datetime.fromtimestamp(s + off, _UTC).replace(tzinfo=zone))
        else:
            out.append(_dt.datetime.fromtimestamp(s, tz))
    return out


def times_for(lat: float, lon: float, date=None, *, method=None, asr="standard", tz=None,
              elevation: float = 0.0, high_latitude: Optional[str] = None,
              polar: Optional[str] = None, adjustments: Optional[Mapping[str, float]] = None,
              rounding: Optional[str] = METHOD_ROUNDING) -> PrayerTimes:
    """Prayer times for one place and date.

    Parameters
    ----------
    lat, lon: degrees, north and east positive.
    date: a ``datetime.date`` or ``"YYYY-MM-DD"``; ``None`` is today at the place.
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

    >>> t = times_for(21.4225, 39.8262, "2026-11-27", method="umm_al_qura")
    >>> t.fajr.isoformat()
    '2026-11-27T05:19:00+03:00'
    """
    la, lo = inputs.coordinates(lat, lon)
    if la.ndim:
        raise InputTypeError("times_for takes one place; use salat.table for many")
    el = float(inputs.elevations(elevation, ()))
    zone = resolve_zone(tz, float(la), float(lo))
    day = _dt.datetime.now(zone).date() if date is None else inputs.one_date(date)
    m = method_for(float(la), float(lo)) if method is None else get_method(method)
    sol = compute(la, lo, np.array([day], "datetime64[D]"), method=m, zones=(zone,),
                  shadow=inputs.shadow_factor(asr), elevation=el,
                  rule=inputs.choice("high_latitude", high_latitude,
                                     inputs.HIGH_LATITUDE_RULES, "recommended"),
                  polar=inputs.choice("polar", polar, inputs.POLAR_RESOLUTIONS, "unresolved"),
                  adjustments=check_offsets(adjustments),
                  rounding=inputs.choice("rounding", rounding,
                                         (METHOD_ROUNDING, None, "nearest", "up", "down")))
    if np.isnan(sol.utc[0, 0, TIME_NAMES.index("dhuhr")]):
        raise InputError(f"date {day.isoformat()} did not occur in the time zone "
                         f"{zone_name(zone)} (its clocks skipped that day)")
    return PrayerTimes.from_solution(sol, 0, 0, latitude=float(la), longitude=float(lo),
                                     tz=zone, method=m)


def to_datetime64(seconds: np.ndarray) -> np.ndarray:
    """Float seconds since the epoch -> ``datetime64[s]``, NaN -> NaT. Fractions
    of a second are dropped (floor), as a ``datetime`` shows them with
    ``timespec="seconds"``, so these agree with :func:`salat.times_for`."""
    ok = ~np.isnan(seconds)
    out = np.floor(np.where(ok, seconds, 0.0)).astype(np.int64)
    out[~ok] = np.iinfo(np.int64).min
    return out.view("datetime64[s]")
