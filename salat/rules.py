"""The rules stage: from astronomical events to the times a method defines.

Input is the kernel's instants (Unix seconds, NaN where an event does not
occur) for each place and date; output is each named time, with a flag array
that records which rule changed which time. All functions are array
functions over (places, dates); nothing here knows about time zones.

High-latitude rules bound Fajr and Isha by a portion of the night (sunset to
the next sunrise): Fajr is the later of its own time and ``sunrise - portion *
night``, Isha the earlier of its time and ``sunset + portion * night``; where
the Sun never reaches the angle, the bound is used. The portion is 1/2
(``middle_of_night``), 1/7 (``seventh_of_night``) or angle/60
(``twilight_angle``); ``recommended`` is 1/7 above 48 degrees of latitude and
1/2 below, ``none`` leaves the astronomical time (or None).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .methods import Method, Minutes
from .scalars import FLOATS
from .names import DAY_ORDER as _ORDER, TIME_NAMES

__all__ = ["ADJUSTED", "NEAREST_LATITUDE", "NEAREST_DAY", "RAMADAN", "LOCAL_DATE", "RULES",
           "keep_on_date", "apply_rules", "day_rules", "night_marks", "neighbours",
           "keep_day_order", "rule_label", "flag_bits",
           "seasonal_minutes", "round_local"]

#: Flag bits, per time: a high-latitude rule set this time.
ADJUSTED = 1
#: The polar resolution took this time from a nearer latitude.
NEAREST_LATITUDE = 2
#: The polar resolution took this time from the nearest day with a sunrise and sunset.
NEAREST_DAY = 4
#: The Ramadan interval of the method was used (Isha).
RAMADAN = 8
#: A time a rule supplied was held on its local date (see :func:`keep_on_date`).
LOCAL_DATE = 16
#: The bits of the rules that supply a time (not the Ramadan interval).
RULES = ADJUSTED | NEAREST_LATITUDE | NEAREST_DAY

_RULE_LABELS = ((ADJUSTED, "high_latitude"), (NEAREST_LATITUDE, "nearest_latitude"),
                (NEAREST_DAY, "nearest_day"), (LOCAL_DATE, "local_date"))


def rule_label(bits: int) -> str:
    """The rules a flag value records, e.g. ``"high_latitude+nearest_day"``
    (``""`` when no rule set the time; the Ramadan interval is not a rule).
    """
    return "+".join(label for bit, label in _RULE_LABELS if bits & bit)


_NIGHT_PORTION = {"middle_of_night": 0.5, "seventh_of_night": 1.0 / 7.0}

# Moonsighting Committee seasonal anchors (minutes): value = base + k * |lat| / 55 at
# days 0, 91, 137 and 183 after the winter solstice (Shaukat 2015, section 11).
_SEASONAL = {
    "fajr": (75.0, (28.65, 19.44, 32.74, 48.10)),
    "general": (75.0, (25.60, 2.05, -9.21, 6.14)),
    "ahmer": (62.0, (17.40, -7.16, 5.12, 19.44)),
    "abyad": (75.0, (25.60, 7.16, 36.84, 81.84)),
}


def seasonal_minutes(kind: str, lat: np.ndarray, dates: np.ndarray) -> np.ndarray:
    """Moonsighting Committee interval (minutes) for Fajr (``"fajr"``, before
    sunrise) or Isha (a shafaq name, after sunset), per latitude and date.
    """
    base, k = _SEASONAL[kind]
    anchors = base + np.multiply.outer(np.abs(lat), np.array(k)) / 55.0   # (..., 4)
    year = dates.astype("datetime64[Y]")
    doy = (dates - year).astype(int)                   # 0-based day of year
    ylen = ((year + 1).astype("datetime64[D]") - year.astype("datetime64[D]")).astype(int)
    north = np.asarray(lat) >= 0
    # days since the winter solstice: Dec 21 (north) or Jun 21 (south)
    dyy = np.where(north, doy + 11, doy - (171 + (ylen - 365)))
    dyy = np.where(dyy >= ylen, dyy - ylen, np.where(dyy < 0, dyy + ylen, dyy))
    a, b, c, d = np.moveaxis(anchors, -1, 0)
    x = np.array([0, 91, 137, 183, 229, 275], float)
    # piecewise linear a->b->c->d->c->b->a over the year (the last leg keeps the
    # slope of 91 days, as the Committee's tables and Adhan do)
    out = np.select(
        [dyy < 91, dyy < 137, dyy < 183, dyy < 229, dyy < 275],
        [a + (b - a) * (dyy - x[0]) / 91, b + (c - b) * (dyy - x[1]) / 46,
         c + (d - c) * (dyy - x[2]) / 46, d + (c - d) * (dyy - x[3]) / 46,
         c + (b - c) * (dyy - x[4]) / 46],
        b + (a - b) * (dyy - x[5]) / 91)
    return out


def _portion(rule: str, angle, lat, xp) -> np.ndarray | float | None:
    if rule == "none":
        return None
    if rule == "twilight_angle":
        return angle / 60.0
    if rule == "recommended":
        if xp is np and np.size(lat) > 1:
            return np.where(np.abs(lat) > 48.0, 1.0 / 7.0, 0.5)
        one = lat if xp is FLOATS else float(np.reshape(lat, -1)[0])   # one place: no arrays
        return 1.0 / 7.0 if abs(one) > 48.0 else 0.5
    return _NIGHT_PORTION[rule]


def _shift(x: np.ndarray, index: np.ndarray) -> np.ndarray:
    """X at another date of the grid (axis 1): ``index`` gives its position, -1
    where that date is not on the grid (NaN there).
    """
    return np.where(index >= 0, x[:, index], np.nan)


@lru_cache(maxsize=64)
def _run_neighbours(n: int) -> tuple[np.ndarray, np.ndarray]:
    i = np.arange(n)
    return np.where(i > 0, i - 1, -1), np.where(i < n - 1, i + 1, -1)


def neighbours(grid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of each grid date's previous and next day on the grid (-1: absent)."""
    if grid[-1] - grid[0] == grid.size - 1:      # consecutive dates: plain shifts
        return _run_neighbours(grid.size)
    out = []
    for step in (-1, 1):
        i = np.searchsorted(grid, grid + step)
        i = np.minimum(i, grid.size - 1)
        out.append(np.where(grid[i] == grid + step, i, -1))
    return out[0], out[1]


def flag_bits(condition, bit: int, xp=np):
    """``bit`` where ``condition`` holds, else 0: uint8 for arrays, int for a bool."""
    if xp is FLOATS:
        return bit if condition else 0
    return np.asarray(condition, bool).view(np.uint8) * np.uint8(bit)


def _bounded(value, bound, later: bool, flags, name, xp):
    """Later (Fajr) or earlier (Isha) of ``value`` and ``bound``; NaN takes the bound."""
    out = xp.fmax(value, bound) if later else xp.fmin(value, bound)
    changed = (out != value) & (out == out)             # out == out: not NaN
    bits = flag_bits(changed, ADJUSTED, xp)
    flags[name] = flags[name] | bits if name in flags else bits
    return out


def _season(kind: str, lat, dates, xp):
    """:func:`seasonal_minutes` (a float for one place-day)."""
    if xp is FLOATS:
        return seasonal_minutes(kind, np.array([lat]), dates).item()
    return seasonal_minutes(kind, lat, dates)


def apply_rules(ev: dict, method: Method, lat: np.ndarray, dates: np.ndarray,
                rule: str, ramadan: np.ndarray | None) -> tuple[dict, dict]:
    """Times (Unix seconds) and flags from the kernel's events.

    ``ev`` maps event names (``transit``, ``rise``, ``set``, ``asr`` and the
    method's angle events ``fajr``, ``isha``, ``maghrib``, ``imsak``,
    ``rise_m``, ``set_m``) to arrays (places, dates). ``lat`` is (places, 1);
    ``dates`` is the sorted grid of dates (axis 1), which holds each wanted
    date's neighbours; ``ramadan`` a boolean per date, or None when the method
    has no Ramadan rule.
    """
    flags: dict = {}
    before, after = neighbours(dates)
    night = _shift(ev["rise"], after) - ev["set"]      # tonight: sunset to next sunrise
    night_before = _shift(night, before)               # last night, which Fajr ends
    t = day_rules(ev, night, night_before, method, lat, dates, rule, ramadan, flags, xp=np)
    # The night after this date's sunset: to the next sunrise, or to the next Fajr.
    night_marks(t, _shift(ev["rise"] if method.midnight == "standard" else t["fajr"], after))
    return t, flags


def day_rules(ev: dict, night, night_before, method: Method, lat, dates, rule: str,
              ramadan, flags: dict, *, xp=np) -> dict:
    """The times of each date from its own events and the nights around it
    (all but ``midnight`` and ``last_third``: :func:`night_marks`), setting
    ``flags`` in place. Arrays as in :func:`apply_rules`, or one place-day as
    Python floats: ``lat`` a float, ``ev`` and the nights floats, ``dates``
    the date as a ``datetime64[D]`` array of one, ``ramadan`` a bool or None;
    the flags are then ints. ``xp``: numpy, or :data:`salat.scalars.FLOATS`
    for the floats.
    """
    rise, sunset = ev["rise"], ev["set"]
    # On the first or last day with a sunrise and a sunset (next to a polar day
    # or night) one of the two nights has no end: use the other one.
    night, night_before = (xp.where(xp.isnan(night), night_before, night),
                           xp.where(xp.isnan(night_before), night, night_before))

    def bound(name, angle, value, side):
        portion = _portion(rule, angle, lat, xp)
        if portion is None:
            return value
        if side < 0:
            return _bounded(value, rise - portion * night_before, True, flags, name, xp)
        return _bounded(value, sunset + portion * night, False, flags, name, xp)

    t = {"dhuhr": ev["transit"], "asr": ev["asr"], "sunset": sunset}
    t["sunrise"] = ev.get("rise_m", rise)
    maghrib_base = ev.get("set_m", sunset)
    if isinstance(method.maghrib, Minutes):
        t["maghrib"] = maghrib_base + 60.0 * method.maghrib.value
    else:   # an angle: used where it occurs, bounded like Isha
        t["maghrib"] = bound("maghrib", method.maghrib, ev["maghrib"], +1)

    if method.shafaq:
        # Moonsighting Committee: 18 deg, or 1/7 of the night from 55 deg, bounded by
        # the seasonal interval.
        high = xp.abs(lat) >= 55.0
        fajr = xp.where(high, rise - night_before / 7.0, ev["fajr"])
        isha = xp.where(high, sunset + night / 7.0, ev["isha"])
        fajr_season = rise - 60.0 * _season("fajr", lat, dates, xp)
        isha_season = sunset + 60.0 * _season(method.shafaq, lat, dates, xp)
        t["fajr"] = _bounded(fajr, fajr_season, True, flags, "fajr", xp)
        t["isha"] = _bounded(isha, isha_season, False, flags, "isha", xp)
    else:
        if isinstance(method.fajr, Minutes):
            t["fajr"] = rise - 60.0 * method.fajr.value
        else:
            t["fajr"] = bound("fajr", method.fajr, ev["fajr"], -1)
        if isinstance(method.isha, Minutes):
            minutes = xp.full(np.shape(sunset)[1:], method.isha.value)
            if ramadan is not None and method.isha_ramadan is not None:
                minutes = xp.where(ramadan, method.isha_ramadan.value, minutes)
                flags["isha"] = flags.get("isha", 0) | flag_bits(ramadan, RAMADAN, xp)
            t["isha"] = t["maghrib"] + 60.0 * minutes
        else:
            t["isha"] = bound("isha", method.isha, ev["isha"], +1)

    if isinstance(method.imsak, Minutes):
        t["imsak"] = t["fajr"] - 60.0 * method.imsak.value
        if "fajr" in flags:         # a Fajr a rule set sets Imsak too
            flags["imsak"] = flags["fajr"] & RULES
    else:
        t["imsak"] = bound("imsak", method.imsak, ev["imsak"], -1)
    return t


def night_marks(t: dict, end) -> None:
    """Midnight and the last third of the night from ``t["sunset"]`` to
    ``end`` (the next sunrise, or the next Fajr), into ``t``.
    """
    sunset = t["sunset"]
    span = end - sunset
    t["midnight"] = sunset + span / 2.0
    t["last_third"] = sunset + span * (2.0 / 3.0)


_ORDER_INDEX = [TIME_NAMES.index(k) for k in _ORDER]
_ORDER_PAIRS = list(zip(_ORDER_INDEX, _ORDER_INDEX[1:]))


def keep_day_order(utc, flags, *, xp=np) -> None:
    """Keep imsak <= fajr <= sunrise <= dhuhr <= asr and sunset <= maghrib <=
    isha, in place, flagging what moved.

    ``utc`` and ``flags`` are indexed by time (``TIME_NAMES`` position) first:
    arrays (times, ...) (a :class:`salat.engine.Solution`'s seen through
    ``np.moveaxis(x, -1, 0)``), or, with ``xp=FLOATS``, lists of one
    place-day's ten floats and ints.

    Near the polar circles the night can be shorter than an authority's margins
    or the gap its own horizon makes (Kemenag's 1 degree, Diyanet's temkin), so
    an Isha bounded by a portion of the night would fall before Maghrib. Such
    a time is moved onto its neighbour and flagged as a high-latitude
    adjustment. Elsewhere this changes nothing.
    """
    if _in_day_order(utc, xp):
        return                                                  # the usual case
    idx = _ORDER_INDEX
    noon = _ORDER.index("dhuhr")
    for before, after in zip(idx[noon:], idx[noon + 1:]):      # forward from Dhuhr
        moved = utc[after] < utc[before]
        if xp.any(moved):
            utc[after] = xp.where(moved, utc[before], utc[after])
            flags[after] = flags[after] | flag_bits(moved, ADJUSTED, xp)
    for after, before in zip(idx[noon::-1], idx[noon - 1::-1]):  # backward from Dhuhr
        moved = utc[before] > utc[after]
        if xp.any(moved):
            utc[before] = xp.where(moved, utc[after], utc[before])
            flags[before] = flags[before] | flag_bits(moved, ADJUSTED, xp)


def _in_day_order(utc, xp) -> bool:
    """No time before the one it follows (NaN is in order): one comparison of
    the stacked times for arrays, the ten floats one by one.
    """
    if xp is FLOATS:
        return not any(utc[after] < utc[before] for before, after in _ORDER_PAIRS)
    ordered = utc[_ORDER_INDEX]
    return not (ordered[1:] < ordered[:-1]).any()


def _any_ruled(flags, xp) -> bool:
    """Whether a rule set any of the times :func:`keep_on_date` may hold."""
    if xp is FLOATS:
        return any(flags[k] & RULES for k in _CLAMPED)
    return bool((flags[_CLAMPED] & RULES).any())


def keep_on_date(utc, offset, flags, days, *, xp=np) -> bool:
    """Hold the times a rule supplied on their own local date, in place.

    ``utc`` is Unix seconds, ``offset`` the local clock's offset from UTC at
    each, ``flags`` the rules' bits, all indexed by time first as in
    :func:`keep_day_order`: arrays (times, places, dates) with ``days`` the
    dates (``datetime64[D]``), or lists of one place-day with ``days`` its
    date as days since 1970 and ``xp=FLOATS``. A Fajr or Imsak that a high-
    latitude rule or a polar resolution set before the local midnight that starts its date (a
    middle-of-night Fajr at 47 degrees in June: 23:56 the day before) is set to that midnight,
    00:00; a Maghrib or Isha set after the date's last minute is set to 23:59. Both are flagged
    :data:`LOCAL_DATE`. Times the Sun itself gives are left alone, and so is a rule's time whose
    astronomical neighbour is itself off the date (sunrise before midnight, or sunset after it,
    on a clock far from solar time): the day's order comes first. Returns whether any time
    moved.
    """
    moved = False
    if not _any_ruled(flags, xp):                                  # the usual case
        return moved
    if xp is FLOATS:
        start = days * 86400.0
    else:
        start = (np.asarray(days, "datetime64[D]").astype(np.int64) * 86400.0)[None, :]
    end = start + 86340.0

    def local(k):
        return utc[k] + offset[k]

    for k, early, limit in _CLAMP_PLAN:
        ruled = (flags[k] & RULES) != 0
        if not xp.any(ruled):
            continue
        t = local(k)
        if early:   # not after the sunrise it precedes
            bad = ruled & (t < start) & xp.logical_not(local(limit) < start)
        else:       # not before the sunset (or Maghrib) it follows
            bad = ruled & (t > end) & xp.logical_not(local(limit) > end)
        if xp.any(bad):
            utc[k] = xp.where(bad, (start if early else end) - offset[k], utc[k])
            flags[k] = flags[k] | flag_bits(bad, LOCAL_DATE, xp)
            moved = True
    return moved


_SUNRISE, _SUNSET = TIME_NAMES.index("sunrise"), TIME_NAMES.index("sunset")
_CLAMPED = [TIME_NAMES.index(k) for k in ("imsak", "fajr", "maghrib", "isha")]
# (time, early side?, the time it must not pass), Maghrib before Isha
_CLAMP_PLAN = [(TIME_NAMES.index("imsak"), True, _SUNRISE),
               (TIME_NAMES.index("fajr"), True, _SUNRISE),
               (TIME_NAMES.index("maghrib"), False, _SUNSET),
               (TIME_NAMES.index("isha"), False, TIME_NAMES.index("maghrib"))]


def round_local(local, mode: str | None, *, xp=np):
    """Round local clock seconds to the minute: ``nearest``, ``up`` or ``down``
    (an array, or a float with ``xp=FLOATS``).
    """
    if mode is None:
        return local
    if mode == "nearest":
        return xp.floor((local + 30.0) / 60.0) * 60.0
    if mode == "up":
        return xp.ceil(local / 60.0) * 60.0
    return xp.floor(local / 60.0) * 60.0
