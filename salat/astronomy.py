"""The Sun, and the instants when it reaches a given altitude.

This module is the numerical kernel of salat. It knows nothing of time zones,
methods or languages: it takes civil dates, places and altitudes as numpy
arrays and returns instants (days relative to a noon node, then Unix seconds).
One code path serves one day at one place and a country-year alike; a single
day is just the size-one case of the same arrays.

How it works
------------
1. :func:`solar_days` gives, for each date, three-point (quadratic)
   interpolation coefficients of the Sun's declination and of its right
   ascension less sidereal time, from its apparent position (Meeus,
   *Astronomical Algorithms*, ch. 25, with the ch. 22 nutation, aberration and
   the largest planetary and lunar perturbations) at 12h UT of the date and its
   neighbours. The Sun depends on the instant only, so it is evaluated a
   calendar year at a time, cached, and shared by every place.
2. :func:`transit` finds the meridian transit nearest to local noon in closed
   form from those coefficients.
3. :func:`hour_angle_events` solves ``altitude(t) = h`` for any number of
   altitudes at once (events on the last axis), re-evaluating the Sun at the
   event itself on every round, so an evening event does not use the noon
   declination.

Times are expressed as ``p``, the fraction of a day after the date's node
(12h UT). An event that does not occur (the Sun never reaches the altitude
that day) comes out as NaN; the kernel never invents a number for it.

The event functions (:func:`transit`, :func:`hour_angle_events`,
:func:`asr_sine`, :func:`geocentric_sine`) take numpy arrays or plain Python
floats: they call numpy's functions through :func:`salat.scalars.namespace`
(``math`` for floats). The same source thus serves a country-year as arrays
and a single place-day as floats. :func:`solar_day_floats` gives each
date's polynomials as floats.

Accuracy against the JPL ephemeris DE421 is measured in ``tests/test_accuracy.py``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np

from .scalars import array_namespace

__all__ = [
    "SIDEREAL_RATE",
    "SolarDays",
    "solar_days",
    "solar_day_floats",
    "solar_run_floats",
    "transit",
    "hour_angle_events",
    "hour_angle_terms",
    "hour_angle_solve",
    "HourAngleTerms",
    "asr_sine",
    "horizon_depression",
    "geocentric_sine",
    "julian_day",
    "unix_seconds",
]

#: Earth's rotation relative to the equinox, degrees per day of UT.
SIDEREAL_RATE = 360.98564736629
#: Standard depression of sunrise and sunset: 16' semi-diameter + 34' refraction.
STANDARD_HORIZON = 50.0 / 60.0
#: Mean equatorial horizontal parallax of the Sun, degrees.
SOLAR_PARALLAX = 8.794 / 3600.0
_PARALLAX_RAD = math.radians(SOLAR_PARALLAX)
J2000 = 2451545.0
UNIX_EPOCH_JD = 2440587.5

# Delta T = TT - UT in seconds at the start of each year (IERS/USNO values to 2025,
# a gentle extrapolation after). It moves the Sun by under 0.2 s of time, so a
# coarse table is enough.
_DT_YEARS = np.array([1800, 1850, 1900, 1910, 1920, 1930, 1940, 1950, 1960, 1970,
                      1980, 1990, 2000, 2010, 2020, 2025, 2050, 2100, 2200], float)
_DT_SECONDS = np.array([13.7, 7.1, -2.7, 10.4, 21.2, 24.0, 24.3, 29.1, 33.2, 40.2,
                        50.5, 56.9, 63.8, 66.1, 69.4, 69.2, 75.0, 95.0, 150.0])
_DT_JD = J2000 + (_DT_YEARS - 2000.0) * 365.25


def julian_day(dates: np.ndarray) -> np.ndarray:
    """Julian day at 0h UT of each date (anything numpy reads as ``datetime64[D]``)."""
    days = np.asarray(dates, dtype="datetime64[D]").astype(np.int64)
    return days + UNIX_EPOCH_JD


def unix_seconds(jd: np.ndarray, *, xp=None) -> np.ndarray:
    """Convert Julian days (UT) to seconds since 1970-01-01T00:00Z (a float
    stays a float; ``xp``: the namespace, :func:`salat.scalars.array_namespace`).
    """
    xp = array_namespace(jd) if xp is None else xp
    return (xp.asarray(jd) - UNIX_EPOCH_JD) * 86400.0


#: The fitted terms of the Sun's longitude: names of the basis functions (the
#: Moon's elongation D, the mean longitudes of Venus, Jupiter and Mars less the
#: Sun's, and a quadratic drift in T) and their amplitudes in arcseconds, fitted
#: to DE421 over 1900-2050 (``tools/fit_sun_terms.py`` redoes the fit). The
#: amplitudes are the largest VSOP87 terms; they take the longitude from 10" rms
#: (35" max) to 3.5" rms.
FIT_BASIS = ("sin(D)", "sin(V)", "sin(2V)", "sin(J)", "sin(2J)", "sin(2M)", "1", "T", "T^2")
FIT_TERMS = (6.47, -4.83, -5.53, -7.19, -2.73, 2.0, -7.78, -5.72, -1.7)


def meeus_sun(jd_ut: np.ndarray):
    """The Sun after Meeus (ch. 25, with ch. 22 nutation), before the fitted terms.

    Returns ``(lam, basis, dpsi, obliquity)``: the apparent longitude in degrees
    (mean longitude, equation of the centre, nutation in longitude, aberration),
    the basis functions of :data:`FIT_TERMS` at the same instants (shape
    ``jd_ut.shape + (9,)``), the nutation in longitude and the true obliquity,
    degrees and radians.
    """
    rad = np.radians
    jd_tt = jd_ut + np.interp(jd_ut, _DT_JD, _DT_SECONDS) / 86400.0
    t = (jd_tt - J2000) / 36525.0
    mean_long = 280.46646 + t * (36000.76983 + 0.0003032 * t)
    anomaly = rad(357.52911 + t * (35999.05029 - 0.0001537 * t))
    ecc = 0.016708634 - t * (0.000042037 + 0.0000001267 * t)
    centre = ((1.914602 - t * (0.004817 + 0.000014 * t)) * np.sin(anomaly)
              + (0.019993 - 0.000101 * t) * np.sin(2 * anomaly)
              + 0.000289 * np.sin(3 * anomaly))
    true_anomaly = anomaly + rad(centre)
    distance = 1.000001018 * (1 - ecc * ecc) / (1 + ecc * np.cos(true_anomaly))
    # Nutation, Meeus ch. 22 (the four largest terms: about 0.5" accuracy).
    node = rad(125.04452 - 1934.136261 * t)
    sun_l = rad(2 * (280.4665 + 36000.7698 * t))
    moon_l = rad(2 * (218.3165 + 481267.8813 * t))
    dpsi = (-17.20 * np.sin(node) - 1.32 * np.sin(sun_l)
            - 0.23 * np.sin(moon_l) + 0.21 * np.sin(2 * node)) / 3600.0
    deps = (9.20 * np.cos(node) + 0.57 * np.cos(sun_l)
            + 0.10 * np.cos(moon_l) - 0.09 * np.cos(2 * node)) / 3600.0
    obliquity = rad(23.43929111 - t * (46.8150 + t * (0.00059 - 0.001813 * t)) / 3600.0
                    + deps)
    elong = rad(297.85036 + 445267.111480 * t)
    venus = rad(181.979801 + 58517.815676 * t) - rad(mean_long)
    jupiter = rad(34.351519 + 3034.9056606 * t) - rad(mean_long)
    mars = rad(355.433 + 19140.2993 * t) - rad(mean_long)
    basis = np.stack([np.sin(elong), np.sin(venus), np.sin(2 * venus), np.sin(jupiter),
                      np.sin(2 * jupiter), np.sin(2 * mars), np.ones_like(t), t, t * t],
                     axis=-1)
    # Apparent longitude: nutation in longitude and annual aberration.
    lam = mean_long + centre + dpsi - 20.4898 / 3600.0 / distance
    return lam, basis, dpsi, obliquity


def _sun(jd_ut: np.ndarray):
    """Apparent declination and (right ascension - sidereal offset), degrees.

    Returns ``(dec, q)`` where ``q = alpha - (GAST - SIDEREAL_RATE * d)`` with
    ``d`` the UT days since J2000. The hour angle at Greenwich is then
    ``SIDEREAL_RATE * d - q``: ``q`` varies slowly and interpolates well.
    """
    lam, basis, dpsi, obliquity = meeus_sun(jd_ut)
    lam = np.radians(lam + basis @ np.array(FIT_TERMS) / 3600.0)
    sin_lam = np.sin(lam)
    alpha = np.degrees(np.arctan2(np.cos(obliquity) * sin_lam, np.cos(lam)))
    dec = np.degrees(np.arcsin(np.sin(obliquity) * sin_lam))
    tu = (jd_ut - J2000) / 36525.0
    sidereal_offset = (280.46061837 + tu * tu * (0.000387933 - tu / 38710000.0)
                       + dpsi * np.cos(obliquity))
    return dec, alpha - sidereal_offset


@dataclass(frozen=True)
class SolarDays:
    """The Sun over a run of civil dates, as quadratic polynomials in ``p``.

    For date ``i`` and a time ``p`` days after its node (12h UT of the date),
    ``sin(dec) = sd0 + p*(sd1 + p*sd2)`` (likewise ``cd`` for cos(dec)), and the
    Greenwich hour angle is ``g0 + (SIDEREAL_RATE - q1)*p - q2*p*p`` degrees.
    Each attribute is a float64 array with one element per date.
    """

    node_jd: np.ndarray
    g0: np.ndarray
    q1: np.ndarray
    q2: np.ndarray
    sd0: np.ndarray
    sd1: np.ndarray
    sd2: np.ndarray
    cd0: np.ndarray
    cd1: np.ndarray
    cd2: np.ndarray

    def frozen(self, p, *, xp=None) -> SolarDays:
        """The Sun held where it is at ``p`` days after each node, as some
        authorities compute (Diyanet takes it once a day at 0h UT): constant
        declination, and an hour angle that turns at 360 degrees a day (mean
        solar time) through the value it has at ``p``.
        """
        def at(c0, c1, c2):
            return c0 + p * (c1 + p * c2)
        hour = self.g0 + (SIDEREAL_RATE - self.q1) * p - self.q2 * p * p
        xp = array_namespace(self.g0) if xp is None else xp
        zero = xp.zeros_like(self.g0)
        return SolarDays(self.node_jd, (hour - 360.0 * p) % 360.0, zero + (SIDEREAL_RATE - 360.0),
                         zero, at(self.sd0, self.sd1, self.sd2), zero, zero,
                         at(self.cd0, self.cd1, self.cd2), zero, zero)



_FIELDS = tuple(SolarDays.__dataclass_fields__)


def solar_days(dates: np.ndarray, shape=(-1,)) -> SolarDays:
    """Sun polynomials for each date, each attribute shaped ``shape`` (e.g.
    ``(1, -1, 1)`` to broadcast against places and events). ``dates`` is
    anything numpy reads as ``datetime64[D]`` (ISO strings, ``datetime.date``,
    datetime64), in any shape, taken flattened; in order or not, repeated or not.

    The Sun is evaluated a whole calendar year at a time (one vectorized call,
    kept in a cache), so a single day costs an array lookup and a year-long
    table for any number of places shares the same evaluation.
    """
    days = np.asarray(dates, dtype="datetime64[D]").reshape(-1)
    if days.size > 1 and days[-1] - days[0] == days.size - 1:       # a run of dates
        rows = _run(int(days[0].astype(np.int64)), days.size)
    else:
        rows = _rows(days)
    return SolarDays(*rows.reshape((len(_FIELDS),) + tuple(shape)))


def solar_day_floats(dates: np.ndarray) -> list[SolarDays]:
    """:func:`solar_days`, one :class:`SolarDays` of Python floats per date:
    the argument of the float evaluation of the event functions.
    """
    days = np.asarray(dates, dtype="datetime64[D]").reshape(-1).astype(np.int64).tolist()
    if days[-1] - days[0] == len(days) - 1:                         # a run of dates
        return list(solar_run_floats(days[0], len(days)))
    return [SolarDays(*column) for column in _rows(np.array(days, "datetime64[D]")).T.tolist()]


@lru_cache(maxsize=1024)
def solar_run_floats(first: int, n: int) -> tuple[SolarDays, ...]:
    """:func:`solar_day_floats` of ``n`` consecutive dates from day ``first``
    (days since 1970-01-01). Kept: a server asks for the same few dates at new
    places, and each entry is immutable.
    """
    return tuple(SolarDays(*column) for column in _rows(
        np.arange(first, first + n).astype("datetime64[D]")).T.tolist())


@lru_cache(maxsize=64)
def _run(first: int, n: int) -> np.ndarray:
    """SolarDays rows for ``n`` consecutive dates (kept: tables repeat them)."""
    rows = _rows(np.arange(first, first + n).astype("datetime64[D]"))
    rows.flags.writeable = False
    return rows


def _rows(days: np.ndarray) -> np.ndarray:
    """SolarDays fields as rows (fields x dates), from the per-year tables."""
    years = days.astype("datetime64[Y]").astype(np.int64)
    lo, hi = years.min(), years.max()
    if lo == hi:
        first, block = _year(int(lo))
        return block[:, days.astype(np.int64) - first]
    years, which = np.unique(years, return_inverse=True)
    parts = [_year(int(y)) for y in years]
    firsts = np.array([first for first, _ in parts])
    starts = np.cumsum([0] + [b.shape[1] for _, b in parts[:-1]])
    block = np.concatenate([b for _, b in parts], axis=1)
    return block[:, days.astype(np.int64) - firsts[which] + starts[which]]


@lru_cache(maxsize=512)
def _year(year_since_1970: int) -> tuple[int, np.ndarray]:
    """(first day number, the SolarDays fields stacked as rows) for every date
    of one calendar year.
    """
    y = np.datetime64(year_since_1970, "Y")
    dates = np.arange(y.astype("datetime64[D]"), (y + 1).astype("datetime64[D]"))
    block = np.stack([getattr(_evaluate(dates), f) for f in _FIELDS])
    block.flags.writeable = False
    return int(dates[0].astype(np.int64)), block


def _evaluate(dates: np.ndarray) -> SolarDays:
    """Evaluate the Sun at 12h UT of each date and its neighbours."""
    node_jd = julian_day(dates) + 0.5
    nodes = np.concatenate([node_jd - 1.0, node_jd, node_jd + 1.0])
    dec, q = _sun(nodes)
    n = node_jd.size
    sd, cd = np.sin(np.radians(dec)), np.cos(np.radians(dec))
    prev, mid, nxt = slice(0, n), slice(n, 2 * n), slice(2 * n, 3 * n)

    def quadratic(y):
        return y[mid], 0.5 * (y[nxt] - y[prev]), 0.5 * (y[nxt] + y[prev]) - y[mid]

    # q wraps at 360 with alpha: differences are taken modulo 360.
    dq_next = (q[nxt] - q[mid] + 180.0) % 360.0 - 180.0
    dq_prev = (q[mid] - q[prev] + 180.0) % 360.0 - 180.0
    # Greenwich hour angle at the node; 360 whole turns a day drop out.
    g0 = ((SIDEREAL_RATE - 360.0) * (node_jd - J2000) - q[mid]) % 360.0
    return SolarDays(node_jd, g0, 0.5 * (dq_next + dq_prev), 0.5 * (dq_next - dq_prev),
                     *quadratic(sd), *quadratic(cd))


def transit(sun: SolarDays, lon, p_centre, *, xp=None):
    """Meridian transit nearest to ``p_centre`` (days after the node).

    ``lon`` is east longitude in degrees; ``p_centre`` is where local clock
    noon falls, ``-utc_offset_hours / 24``, so the transit belongs to the civil
    date even in zones far from solar time (Kiribati, Samoa). Returns
    ``(p, a)``: the transit and the hour angle at the node, wrapped so that
    ``hour_angle(p) = a + (SIDEREAL_RATE - q1)*p - q2*p*p``. ``xp``: the
    namespace (by default :func:`salat.scalars.array_namespace` of the Sun's).
    """
    xp = array_namespace(sun.g0) if xp is None else xp
    a = sun.g0 + lon
    rate = SIDEREAL_RATE - sun.q1
    a = a - 360.0 * xp.rint(a / 360.0 + p_centre)
    p = -a / rate
    p = (sun.q2 * p * p - a) / rate
    return p, a


def hour_angle_events(sun: SolarDays, p_transit, a, sin_lat, cos_lat, sin_alt, side,
                      rounds: int = 2, *, xp=None):
    """Instants when the Sun's altitude equals ``asin(sin_alt)``.

    ``side`` is -1 for the morning crossing and +1 for the evening one. The
    Sun's declination is re-evaluated at the current estimate on each round;
    the first round starts from the transit. Arrays broadcast; events usually
    run along the last axis. Returns ``p`` (days after the node), NaN where the
    Sun does not reach the altitude. The same as :func:`hour_angle_solve` of
    :func:`hour_angle_terms`, the two halves a caller with several altitudes
    of one place-day calls apart.
    """
    xp = array_namespace(sun.g0, p_transit) if xp is None else xp
    return hour_angle_solve(hour_angle_terms(sun, p_transit, a, sin_lat, cos_lat),
                            sin_alt, side, rounds, xp=xp)


class HourAngleTerms(NamedTuple):
    """What :func:`hour_angle_solve` needs of a place-day, whatever the altitude:
    the polynomials in ``p`` of sin(lat)sin(dec) (``u``) and cos(lat)cos(dec)
    (``v``), the transit, the factors from hour angle (radians) to time, and
    what the first round (from the transit) reads of them there.
    """

    u0: Any
    u1: Any
    u2: Any
    v0: Any
    v1: Any
    v2: Any
    p_transit: Any
    degree_rate: Any
    a_rate: Any
    q_rate: Any
    u_transit: Any
    v_transit: Any
    drift_transit: Any


def hour_angle_terms(sun: SolarDays, p_transit, a, sin_lat, cos_lat) -> HourAngleTerms:
    """The per place-day constants of :func:`hour_angle_events` (arrays or floats)."""
    inv_rate = 1.0 / (SIDEREAL_RATE - sun.q1)
    u0, u1, u2 = sin_lat * sun.sd0, sin_lat * sun.sd1, sin_lat * sun.sd2
    v0, v1, v2 = cos_lat * sun.cd0, cos_lat * sun.cd1, cos_lat * sun.cd2
    q_rate, p = sun.q2 * inv_rate, p_transit
    return HourAngleTerms(u0, u1, u2, v0, v1, v2, p, (180.0 / math.pi) * inv_rate,
                          a * inv_rate, q_rate, u0 + p * (u1 + p * u2), v0 + p * (v1 + p * v2),
                          q_rate * p * p)


#: Rounds of :func:`hour_angle_solve` after the first: whether each is the last.
_LATER_ROUNDS = {0: (), **{n: (False,) * (n - 1) + (True,) for n in range(1, 8)}}


def hour_angle_solve(terms: HourAngleTerms, sin_alt, side, rounds: int = 2, *, xp):
    """:func:`hour_angle_events` from its :func:`hour_angle_terms`."""
    u0, u1, u2, v0, v1, v2, p, degree_rate, a_rate, q_rate, u_tr, v_tr, drift = terms
    scale = side * degree_rate          # side is +-1: the product is exact either way
    # Until the last round an altitude just out of reach at this declination
    # goes to the nearest culmination, where the Sun is evaluated again: half
    # a day away the declination may bring it within reach. The first round
    # starts from the transit, where every altitude reads the same terms.
    x = (sin_alt - u_tr) / v_tr
    p = xp.arccos(x if rounds == 0 else xp.clip(x, -1.0, 1.0)) * scale - a_rate + drift
    for last in _LATER_ROUNDS[rounds]:
        x = (sin_alt - (u0 + p * (u1 + p * u2))) / (v0 + p * (v1 + p * v2))
        hour = xp.arccos(x if last else xp.clip(x, -1.0, 1.0))
        p = hour * scale - a_rate + q_rate * p * p
    return p


def asr_sine(sin_lat, cos_lat, sun: SolarDays, p_noon, shadow_factor, *, xp=None):
    """Sine of the Sun's altitude when a gnomon's shadow is ``shadow_factor``
    times its length plus its noon shadow (the Asr definition), from the
    declination at ``p_noon``: ``cot(a) = k + tan|lat - dec|``. NaN where the
    Sun does not rise at noon (then there is no Asr).
    """
    xp = array_namespace(sun.sd0, p_noon) if xp is None else xp
    sd = sun.sd0 + p_noon * (sun.sd1 + p_noon * sun.sd2)
    cd = sun.cd0 + p_noon * (sun.cd1 + p_noon * sun.cd2)
    cos_zenith = cos_lat * cd + sin_lat * sd          # cos(lat - dec): noon altitude's sine
    sin_zenith = xp.abs(sin_lat * cd - cos_lat * sd)
    cot = shadow_factor + sin_zenith / xp.where(cos_zenith > 0, cos_zenith, xp.nan)
    return 1.0 / xp.sqrt(1.0 + cot * cot)


def geocentric_sine(sin_altitude):
    """Sine of the geocentric altitude of the Sun seen at an altitude whose sine
    is given: the solar parallax (8.8") lowers the topocentric Sun by
    ``P cos(h)``, so ``sin`` grows by ``P cos^2(h)`` (to 1e-9).
    """
    return sin_altitude + _PARALLAX_RAD * (1.0 - sin_altitude * sin_altitude)


def horizon_depression(elevation, base: float = STANDARD_HORIZON, *, xp=None):
    """Depression of the apparent horizon, degrees, for an observer ``elevation``
    metres above the surrounding land: ``base + 0.0347 * sqrt(h)``.
    """
    xp = array_namespace(elevation) if xp is None else xp
    return base + 0.0347 * xp.sqrt(xp.maximum(elevation, 0.0))
