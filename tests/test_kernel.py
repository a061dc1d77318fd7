"""The kernel's functions one at a time (``salat.astronomy``), on cases worked
by hand and against DE421: the Sun's polynomials, the transit, the event
solver and the Asr altitude.

A hand-made :class:`~salat.astronomy.SolarDays` holds the Sun still (constant
declination, hour angle turning at a fixed rate), so the solver's answers are
the closed forms of spherical astronomy: ``cos H = (sin h - sin phi sin dec) /
(cos phi cos dec)``, ``cot(asr) = k + tan|phi - dec|``.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from salat import astronomy as astro

RATE = astro.SIDEREAL_RATE


def still_sun(dec_deg: float, g0: float = 0.0, n: int = 1) -> astro.SolarDays:
    """A Sun fixed at declination ``dec_deg`` whose Greenwich hour angle at the
    node is ``g0`` and turns at exactly SIDEREAL_RATE degrees a day."""
    d = math.radians(dec_deg)
    one, zero = np.ones(n), np.zeros(n)
    return astro.SolarDays(node_jd=one * 2461102.0, g0=one * g0, q1=zero, q2=zero,
                           sd0=one * math.sin(d), sd1=zero, sd2=zero,
                           cd0=one * math.cos(d), cd1=zero, cd2=zero)


def sines(lat_deg):
    r = math.radians(lat_deg)
    return math.sin(r), math.cos(r)


# ---------------------------------------------------------------- time scales

def test_julian_day_and_unix_seconds():
    days = np.array(["2000-01-01", "1970-01-01", "1858-11-17"], "datetime64[D]")
    np.testing.assert_array_equal(astro.julian_day(days), [2451544.5, 2440587.5, 2400000.5])
    assert astro.unix_seconds(2440587.5) == 0.0
    assert astro.unix_seconds(2440588.0) == 43200.0


def test_horizon_and_parallax():
    assert astro.horizon_depression(0.0) == pytest.approx(50 / 60)
    assert astro.horizon_depression(100.0) == pytest.approx(50 / 60 + 0.347)
    assert astro.horizon_depression(-5.0) == pytest.approx(50 / 60)     # below: none
    assert astro.horizon_depression(400.0, base=0.0) == pytest.approx(0.694)
    # parallax 8.794": sin grows by P cos^2(h)
    p = math.radians(8.794 / 3600)
    assert astro.geocentric_sine(0.0) == pytest.approx(p, rel=1e-12)
    assert astro.geocentric_sine(1.0) == 1.0
    assert astro.geocentric_sine(0.5) == pytest.approx(0.5 + 0.75 * p, rel=1e-12)


# ---------------------------------------------------------------- transit

@pytest.mark.parametrize("g0, lon, centre, expect", [
    (0.0, 0.0, 0.0, 0.0),
    (10.0, 20.0, 0.0, -30.0 / RATE),            # hour angle 30 deg past: 2 h earlier
    (10.0, 20.0, 0.5, 330.0 / RATE),            # clock noon half a day on: the next one
    (350.0, 0.0, 0.0, 10.0 / RATE),             # -10 deg: still to come
    (0.0, 179.0, -0.4, -179.0 / RATE),
    (0.0, -179.0, 0.4, 179.0 / RATE),
])
def test_transit_nearest_to_clock_noon(g0, lon, centre, expect):
    p, a = astro.transit(still_sun(0.0, g0), lon, centre)
    assert p[0] == pytest.approx(expect, abs=1e-12)
    # the hour angle is zero at the transit
    assert (a + RATE * p)[0] == pytest.approx(0.0, abs=1e-9)


def test_transit_with_moving_sun_solves_the_quadratic():
    sun = still_sun(0.0, g0=30.0)
    sun = astro.SolarDays(**{**sun.__dict__, "q1": np.array([0.98]), "q2": np.array([0.02])})
    p, a = astro.transit(sun, 0.0, 0.0)
    hour = a + (RATE - 0.98) * p - 0.02 * p * p
    assert hour[0] == pytest.approx(0.0, abs=1e-6)


# ---------------------------------------------------------------- the event solver

@pytest.mark.parametrize("lat, dec, alt", [
    (45.0, 20.0, -18.0), (0.0, 0.0, 0.0), (-33.9, -23.4, -50 / 60),
    (60.0, 10.0, -17.0), (21.4, 10.0, 30.0),
])
@pytest.mark.parametrize("side", [-1.0, 1.0])
def test_hour_angle_events_closed_form(lat, dec, alt, side):
    s, c = sines(lat)
    sd, cd = math.sin(math.radians(dec)), math.cos(math.radians(dec))
    x = (math.sin(math.radians(alt)) - s * sd) / (c * cd)
    hour = math.degrees(math.acos(x))
    sun = still_sun(dec, g0=40.0)
    p_tr, a = astro.transit(sun, 0.0, 0.0)
    p = astro.hour_angle_events(sun, p_tr, a, s, c, math.sin(math.radians(alt)), side)
    assert p[0] == pytest.approx(p_tr[0] + side * hour / RATE, abs=1e-12)


def test_hour_angle_events_undefined_is_nan_not_a_number():
    # lat 80 N, dec -20: the Sun stays between -10 (noon) and -30 deg (midnight)
    s, c = sines(80.0)
    sun = still_sun(-20.0)
    p_tr, a = astro.transit(sun, 0.0, 0.0)
    alts = np.sin(np.radians([-50 / 60, -18.0, -35.0]))
    with np.errstate(invalid="ignore"):
        p = astro.hour_angle_events(sun, p_tr, a, s, c, alts, np.array([-1.0, 1.0, 1.0]))
    assert np.isnan(p[0]) and not np.isnan(p[1]) and np.isnan(p[2])


def test_hour_angle_events_reevaluates_the_declination():
    """A declination that changes through the day: the solver's answer must put
    the Sun at the altitude with the declination *at the event*, not at noon."""
    s, c = sines(50.0)
    base = still_sun(10.0)
    # sin(dec) grows by 0.05 a day, cos(dec) follows to first order
    sun = astro.SolarDays(**{**base.__dict__, "sd1": np.array([0.05]),
                             "cd1": np.array([-0.05 * math.tan(math.radians(10.0))])})
    p_tr, a = astro.transit(sun, 0.0, 0.0)
    target = math.sin(math.radians(-18.0))
    p = astro.hour_angle_events(sun, p_tr, a, s, c, target, 1.0, rounds=4)[0]
    sd = sun.sd0[0] + p * sun.sd1[0]
    cd = sun.cd0[0] + p * sun.cd1[0]
    hour = math.radians(a[0] + RATE * p)
    assert s * sd + c * cd * math.cos(hour) == pytest.approx(target, abs=1e-9)


# ---------------------------------------------------------------- Asr

@pytest.mark.parametrize("lat, dec, k, alt", [
    (10.0, 10.0, 1.0, 45.0),                         # Sun overhead: shadow = length
    (10.0, 10.0, 2.0, math.degrees(math.atan(0.5))),
    (30.0, 10.0, 1.0, math.degrees(math.atan(1 / (1 + math.tan(math.radians(20)))))),
    (-30.0, 10.0, 2.0, math.degrees(math.atan(1 / (2 + math.tan(math.radians(40)))))),
])
def test_asr_altitude(lat, dec, k, alt):
    s, c = sines(lat)
    got = astro.asr_sine(s, c, still_sun(dec), 0.0, k)
    assert got[0] == pytest.approx(math.sin(math.radians(alt)), abs=1e-12)


def test_no_asr_when_the_sun_is_down_at_noon():
    s, c = sines(80.0)
    assert np.isnan(astro.asr_sine(s, c, still_sun(-20.0), 0.0, 1.0)[0])


# ---------------------------------------------------------------- the Sun, against DE421

def test_solar_days_against_de421(sky):
    """Declination and Greenwich hour angle at each node (12h UT) against DE421:
    within 5 arcseconds and 0.5 s of time over a century."""
    from skyfield.api import wgs84
    days = np.array(["1950-03-20", "1987-07-04", "2026-01-01", "2026-06-21",
                     "2049-11-11"], "datetime64[D]")
    sun = astro.solar_days(days)
    jd = astro.julian_day(days) + 0.5
    np.testing.assert_array_equal(sun.node_jd, jd)
    t = sky.ts.ut1_jd(jd)
    app = (sky.earth + wgs84.latlon(0.0, 0.0)).at(t).observe(sky.sun).apparent()
    ha, dec, _ = app.hadec()
    dec_salat = np.degrees(np.arcsin(sun.sd0))
    assert np.abs(dec_salat - dec.degrees).max() * 3600 < 5.0
    np.testing.assert_allclose(sun.sd0 ** 2 + sun.cd0 ** 2, 1.0, atol=1e-12)
    diff = (sun.g0 - ha.hours * 15.0 + 180.0) % 360.0 - 180.0
    assert np.abs(diff).max() * 240 < 0.5          # 1 deg = 240 s of time
    # the quadratic in p: at p = +-1 the polynomials give the neighbours' nodes
    nxt = astro.solar_days(days + 1)
    np.testing.assert_allclose(sun.sd0 + sun.sd1 + sun.sd2, nxt.sd0, atol=1e-12)


def test_solar_days_any_dates_and_shapes():
    run = np.arange(np.datetime64("2026-12-30"), np.datetime64("2027-01-03"))
    scattered = run[[3, 0, 2]]
    a, b = astro.solar_days(run), astro.solar_days(scattered, (1, -1))
    assert b.g0.shape == (1, 3)
    for f in ("g0", "q1", "q2", "sd0", "sd1", "sd2", "cd0", "cd1", "cd2", "node_jd"):
        np.testing.assert_array_equal(getattr(b, f)[0], getattr(a, f)[[3, 0, 2]])


def test_frozen_sun_turns_at_360_degrees_a_day():
    sun = astro.solar_days(np.array(["2026-03-01"], "datetime64[D]"))
    f = sun.frozen(-0.5)
    p = -0.5
    hour_then = sun.g0 + (RATE - sun.q1) * p - sun.q2 * p * p
    assert ((f.g0 + (RATE - f.q1) * p - hour_then + 180) % 360 - 180)[0] == \
        pytest.approx(0.0, abs=1e-9)
    assert f.q1[0] == pytest.approx(RATE - 360.0) and f.sd1[0] == 0 and f.cd2[0] == 0
    assert f.sd0[0] == pytest.approx(sun.sd0[0] + p * (sun.sd1[0] + p * sun.sd2[0]))


def test_fitted_sun_terms_are_at_the_optimum(sky):
    """The Sun's fitted perturbations (tools/fit_sun_terms.py) against DE421:
    salat's longitude error over 1900-2050 has no component left along any of
    the fitted terms (each under 0.1"), the drift, or the two largest
    nutation terms (under 0.5", the accuracy of this projection); a term off
    by 1" shows here. The longitude error is read from the right ascension
    (Greenwich hour angle at each node), d(lambda) = d(alpha) cos^2(dec)/cos(eps)."""
    from skyfield.api import wgs84
    days = np.arange(np.datetime64("1900-01-01"), np.datetime64("2050-12-31"), 29)
    sun = astro.solar_days(days)
    t = sky.ts.ut1_jd(sun.node_jd)
    app = (sky.earth + wgs84.latlon(0.0, 0.0)).at(t).observe(sky.sun).apparent()
    ha, dec, _ = app.hadec()
    dha = ((sun.g0 - ha.hours * 15.0 + 180) % 360 - 180) * 3600          # arcsec
    dlam = -dha * np.cos(np.radians(dec.degrees)) ** 2 / math.cos(math.radians(23.44))
    T = (sun.node_jd - 2451545.0) / 36525
    rad = np.radians
    L = 280.46646 + 36000.76983 * T                 # Meeus: the Sun's mean longitude,
    D = rad(297.85036 + 445267.111480 * T)          # the Moon's elongation,
    V = rad(181.979801 + 58517.815676 * T) - rad(L)  # Venus, Jupiter, Mars less the Sun
    J = rad(34.351519 + 3034.9056606 * T) - rad(L)
    M = rad(355.433 + 19140.2993 * T) - rad(L)
    N = rad(125.04452 - 1934.136261 * T)            # the Moon's node
    periodic = [np.sin(D), np.sin(V), np.sin(2 * V), np.sin(J), np.sin(2 * J), np.sin(2 * M)]
    rest = [np.ones_like(T), T, T * T, np.sin(N), np.sin(rad(2 * L))]
    coef, *_ = np.linalg.lstsq(np.stack(periodic + rest, 1), dlam, rcond=None)
    assert np.abs(coef[:6]).max() < 0.1, coef
    assert np.abs(coef[6:]).max() < 0.5, coef


def moving_sun(dec_deg=10.0, g0=40.0):
    """A Sun whose declination and hour-angle rate change through the day
    (every polynomial coefficient non-zero)."""
    base = still_sun(dec_deg, g0)
    t = math.tan(math.radians(dec_deg))
    return astro.SolarDays(**{**base.__dict__, "q1": np.array([0.98]), "q2": np.array([0.03]),
                              "sd1": np.array([0.05]), "sd2": np.array([0.01]),
                              "cd1": np.array([-0.05 * t]), "cd2": np.array([-0.01 * t])})


@pytest.mark.parametrize("side", [-1.0, 1.0])
@pytest.mark.parametrize("lat, alt", [(50.0, -18.0), (-20.0, -0.8333), (35.0, 20.0)])
def test_events_of_a_moving_sun_put_it_at_the_altitude(side, lat, alt):
    s, c = sines(lat)
    sun = moving_sun()
    p_tr, a = astro.transit(sun, 0.0, 0.0)
    target = math.sin(math.radians(alt))
    p = astro.hour_angle_events(sun, p_tr, a, s, c, target, side, rounds=6)[0]
    sd = sun.sd0[0] + p * (sun.sd1[0] + p * sun.sd2[0])
    cd = sun.cd0[0] + p * (sun.cd1[0] + p * sun.cd2[0])
    hour = a[0] + (RATE - sun.q1[0]) * p - sun.q2[0] * p * p
    assert s * sd + c * cd * math.cos(math.radians(hour)) == pytest.approx(target, abs=1e-9)
    assert (p - p_tr[0]) * side > 0                       # on the asked side of noon


def test_transit_of_a_moving_sun_and_clock_noon_edges():
    sun = moving_sun(g0=100.0)
    p, a = astro.transit(sun, 20.0, 0.0)
    assert (a + (RATE - 0.98) * p - 0.03 * p * p)[0] == pytest.approx(0.0, abs=1e-6)
    # hour angle 360 deg at the node, clock noon just past half a day on: the next one
    p, _ = astro.transit(still_sun(0.0, 180.0), 180.0, 0.5005)
    assert p[0] == pytest.approx(360.0 / RATE)
    p, _ = astro.transit(still_sun(0.0, 180.0), 180.0, 0.4995)
    assert p[0] == pytest.approx(0.0, abs=1e-12)


def test_asr_uses_the_declination_at_noon():
    s, c = sines(30.0)
    sun = moving_sun(dec_deg=10.0)
    p_noon = 0.3
    dec = math.degrees(math.asin(sun.sd0[0] + p_noon * (sun.sd1[0] + p_noon * sun.sd2[0])))
    cd = sun.cd0[0] + p_noon * (sun.cd1[0] + p_noon * sun.cd2[0])
    sd = sun.sd0[0] + p_noon * (sun.sd1[0] + p_noon * sun.sd2[0])
    # the closed form with this (sd, cd) pair: cot = k + |sin(lat-dec)| / cos(lat-dec)
    cot = 1.0 + abs(s * cd - c * sd) / (c * cd + s * sd)
    got = astro.asr_sine(s, c, sun, p_noon, 1.0)[0]
    assert got == pytest.approx(1 / math.sqrt(1 + cot * cot), abs=1e-12)
    assert dec > 10.5                                      # not the node's 10 degrees


@pytest.mark.parametrize("p", [-0.5, 0.25, 0.4])
def test_frozen_sun_fields(p):
    sun = astro.solar_days(np.array(["2026-03-01", "2026-09-30"], "datetime64[D]"))
    f = sun.frozen(p)
    np.testing.assert_array_equal(f.node_jd, sun.node_jd)
    hour = sun.g0 + (RATE - sun.q1) * p - sun.q2 * p * p
    assert ((f.g0 >= 0) & (f.g0 < 360)).all()
    np.testing.assert_allclose(f.g0, (hour - 360.0 * p) % 360.0, atol=1e-9)
    for name in ("q2", "sd1", "sd2", "cd1", "cd2"):
        assert (getattr(f, name) == 0).all(), name
    np.testing.assert_allclose(f.q1, RATE - 360.0)
    np.testing.assert_allclose(f.cd0, sun.cd0 + p * (sun.cd1 + p * sun.cd2))
    np.testing.assert_allclose(f.sd0, sun.sd0 + p * (sun.sd1 + p * sun.sd2))


def test_hour_angle_through_the_day_against_de421(sky):
    """The quadratic in p holds the Greenwich hour angle away from the node
    too, including the days when the right ascension wraps (autumn equinox)."""
    from skyfield.api import wgs84
    days = np.array(["2026-09-21", "2026-09-22", "2026-09-23", "2026-09-24", "2026-03-20",
                     "1950-09-23", "2049-09-22"], "datetime64[D]")
    sun = astro.solar_days(days)
    for p in (-0.45, 0.4):
        t = sky.ts.ut1_jd(sun.node_jd + p)
        app = (sky.earth + wgs84.latlon(0.0, 0.0)).at(t).observe(sky.sun).apparent()
        ha = app.hadec()[0].hours * 15.0
        mine = sun.g0 + (RATE - sun.q1) * p - sun.q2 * p * p
        diff = (mine - ha + 180.0) % 360.0 - 180.0
        assert np.abs(diff).max() * 240 < 1.0, (p, diff * 240)     # seconds of time


def test_meeus_sun_nutation_and_obliquity_against_iau2000a(sky):
    """``meeus_sun``'s nutation in longitude (Meeus ch. 22, four terms) and
    true obliquity against the IAU 2000A nutation and the IAU 2006 mean
    obliquity (skyfield) every week from 1900 to 2050: within 0.4" and 0.15"
    (measured 0.33" and 0.13"; Meeus states 0.5" and 0.1" for the four-term
    series). A term off by a tenth of its size, or its sign, shows here. These
    move the hour angle little (nutation shifts the right ascension and the
    sidereal time alike), so the DE421 comparisons of the times cannot see them."""
    from skyfield.nutationlib import iau2000a_radians, mean_obliquity

    jd = np.arange(2415020.5, 2470000.5, 7.3)
    _, _, dpsi, obliquity = astro.meeus_sun(jd)
    jd_tt = jd + np.interp(jd, astro._DT_JD, astro._DT_SECONDS) / 86400.0
    ref_dpsi, ref_deps = (np.degrees(x) * 3600.0 for x in iau2000a_radians(sky.ts.tt_jd(jd_tt)))
    assert np.abs(dpsi * 3600.0 - ref_dpsi).max() < 0.4
    eps = np.degrees(obliquity) * 3600.0
    assert np.abs(eps - (mean_obliquity(jd_tt) + ref_deps)).max() < 0.15


def test_meeus_sun_worked_example(monkeypatch):
    """Meeus, *Astronomical Algorithms* (2nd ed.), Example 25.a: 1992 October
    13.0 TD, the Sun's true longitude 199.90988 deg at R = 0.99766 AU. Without
    Delta T (the example is in TD), ``meeus_sun``'s apparent longitude less its
    nutation, plus the aberration 20.4898"/R, is that true longitude to the
    example's 0.00001 deg. Its mean obliquity 23 26' 24.83" is the true
    obliquity less the nutation in obliquity (there within 0.1")."""
    monkeypatch.setattr(astro, "_DT_SECONDS", np.zeros_like(astro._DT_SECONDS))
    lam, basis, dpsi, obliquity = astro.meeus_sun(np.array([2448908.5]))
    true_longitude = (lam[0] - dpsi[0] + 20.4898 / 3600.0 / 0.99766) % 360.0
    assert true_longitude == pytest.approx(199.90988, abs=1.5e-5)
    t = (2448908.5 - 2451545.0) / 36525.0
    assert t == pytest.approx(-0.072183436, abs=1e-9)
    assert basis[0, 6:] == pytest.approx([1.0, t, t * t], abs=1e-12)
    mean_eps = 23 + 26 / 60 + 24.83 / 3600
    assert math.degrees(obliquity[0]) == pytest.approx(mean_eps, abs=12 / 3600)


# Dates the Sun's polynomials accept: whatever numpy reads as datetime64[D],
# in any shape (flattened), runs and scattered dates alike.
_SCATTERED = [
    ["2026-03-01", "2026-03-03", "2026-07-04"],      # not a run, though 3 - 1 == 3 - 1
    ["2026-03-01", "2026-03-02", "2026-03-04"],      # not a run: the last step is 2
    ["2026-03-01", "2026-03-02", "2026-03-02"],      # a repeated date
    ["2026-12-30", "2026-12-31", "2027-01-01"],      # a run across a year
]


def _fields(sun):
    return np.array([np.ravel(getattr(sun, f)) for f in astro.SolarDays.__dataclass_fields__])


@pytest.mark.parametrize("dates", _SCATTERED)
def test_solar_days_of_any_dates_are_each_dates_own(dates):
    one = np.concatenate([_fields(astro.solar_days(np.array([d], "datetime64[D]")))
                          for d in dates], axis=1)
    import datetime as dt
    as_dates = [dt.date.fromisoformat(d) for d in dates]
    for form in (dates, as_dates, np.array([dates], "datetime64[D]")):
        np.testing.assert_array_equal(_fields(astro.solar_days(form)), one)
        floats = astro.solar_day_floats(form)
        assert len(floats) == len(dates)
        np.testing.assert_array_equal(np.concatenate([_fields(s) for s in floats]).reshape(
            len(dates), -1).T, one)


def test_julian_day_of_any_dates():
    import datetime as dt
    want = [2451544.5, 2440587.5]          # 2000-01-01 and 1970-01-01 at 0h UT
    for form in (["2000-01-01", "1970-01-01"], [dt.date(2000, 1, 1), dt.date(1970, 1, 1)],
                 np.array(["2000-01-01", "1970-01-01"], "datetime64[D]")):
        np.testing.assert_array_equal(astro.julian_day(form), want)


# ---------------------------------------------------------------- one namespace, chosen once

def test_array_namespace_chooses_once_and_refuses_a_float_path_for_arrays():
    from salat.inputs import InputTypeError
    from salat.scalars import FLOATS, array_namespace

    assert array_namespace(1.0, 2.0, None) is FLOATS
    assert array_namespace(np.array([1.0]), 2.0) is np          # a float broadcasts
    assert array_namespace(np.float64(1.0), 2.0) is np          # numpy's scalar is numpy's
    assert array_namespace() is np
    with pytest.raises(InputTypeError, match="got float, ndarray; allowed: all Python floats"):
        array_namespace(1.0, np.array([2.0]))
    assert FLOATS.zeros_like(3.5) == 0.0 and type(FLOATS.zeros_like(3.5)) is float
    assert FLOATS.full((4,), 2) == 2.0 and type(FLOATS.full((4,), 2)) is float
    assert FLOATS.asarray(np.float64(1.5)) == 1.5


def test_a_float_sun_with_array_places_is_refused():
    from salat.inputs import InputTypeError

    sun = astro.solar_day_floats(np.arange(np.datetime64("2026-03-01"),
                                           np.datetime64("2026-03-04")))[1]
    p_tr, a = astro.transit(sun, 10.0, 0.0)
    with pytest.raises(InputTypeError):
        astro.hour_angle_events(sun, np.array([p_tr, p_tr]), a, 0.5, 0.8, -0.01, 1.0)
