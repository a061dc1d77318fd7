"""The kernel evaluated on Python floats (a first call for a new place; docs/goals.md).

One place-day runs the same event functions on floats (``salat.scalars.FLOATS``,
``math``) and solves only the events the rules read. The oracle is the array
evaluation, which the DE421 sweeps check: the float one must give the same
numbers (to the last bit of ``acos``, which libm and numpy round differently),
and the one-day pipeline the same times (to the bit: measured over 188,000
times) and flags as the middle day of a three-day run.
"""

from __future__ import annotations

import datetime as _dt
import math
import zoneinfo

import numpy as np
import pytest
import pytz

import salat
from salat import astronomy as astro
from salat.options import Options
from salat.scalars import FLOATS
from salat.times import compute

F = FLOATS
VALUES = [-2.0, -1.0, -0.5, -0.0, 0.0, 0.5, 1.0, 2.5, 3.5, -2.5, 1e300, math.inf, -math.inf,
          math.nan]


def same(a, b, tol: float = 0.0) -> bool:
    return a == b or (math.isnan(a) and math.isnan(b)) or abs(a - b) <= tol


#: libm's acos (floats) and numpy's (arrays) may differ in the last bit; an
#: event then moves by ~1e-16 day, 1e-11 s.
ULPS = 1e-14


@pytest.mark.parametrize("x", VALUES)
def test_float_namespace_means_what_numpy_means(x):
    with np.errstate(invalid="ignore"):
        assert same(F.arccos(x), float(np.arccos(x)), ULPS)
        assert same(F.rint(x), float(np.rint(x)))          # half to even, like numpy
        assert same(F.floor(x), float(np.floor(x))) and same(F.ceil(x), float(np.ceil(x)))
        assert type(F.floor(x)) is float and type(F.ceil(x)) is float
        assert same(F.clip(x, -1.0, 1.0), float(np.clip(x, -1.0, 1.0)))
        assert F.any(x > 0) is bool(np.any(x > 0))
        assert F.logical_not(x > 0) is bool(np.logical_not(x > 0))
        assert same(F.abs(x), float(np.abs(x)))
        for y in VALUES:
            assert same(F.minimum(x, y), float(np.minimum(x, y))), (x, y)
            assert same(F.maximum(x, y), float(np.maximum(x, y))), (x, y)
            assert F.where(x > 0, x, y) is (x if x > 0 else y)
        if x >= 0 or math.isnan(x):
            assert same(F.sqrt(x), float(np.sqrt(x)))
    assert type(F.asarray(1)) is float


def test_one_date_of_floats_is_the_arrays_column():
    days = np.arange(np.datetime64("2025-12-30"), np.datetime64("2026-01-03"))
    arrays = astro.solar_days(days)
    for i, day in enumerate(astro.solar_day_floats(days)):
        for f in astro.SolarDays.__dataclass_fields__:
            value = getattr(day, f)
            assert type(value) is float and value == getattr(arrays, f)[i]
    scattered = days[[0, 3]]
    assert [d.g0 for d in astro.solar_day_floats(scattered)] == \
        astro.solar_days(scattered).g0.tolist()


@pytest.mark.parametrize("lat", [-70.0, -33.9, 0.0, 21.4, 51.5, 67.0, 89.0])
def test_event_functions_give_the_same_numbers_on_floats(lat):
    days = np.arange(np.datetime64("2026-06-19"), np.datetime64("2026-06-23"))
    arrays = astro.solar_days(days)
    s, c = math.sin(math.radians(lat)), math.cos(math.radians(lat))
    alts = np.sin(np.radians([-0.833, -18.0, -17.0, 4.0, 60.0]))
    for i, day in enumerate(astro.solar_day_floats(days)):
        for lon, centre in ((-7.6, 0.0), (139.7, -0.375), (-157.8, 0.4167)):
            p_tr, a = astro.transit(day, lon, centre)
            pa, aa = astro.transit(arrays, lon, centre)
            assert (p_tr, a) == (pa[i], aa[i])
            asr = astro.asr_sine(s, c, day, p_tr, 2.0)
            with np.errstate(invalid="ignore"):
                assert same(asr, astro.asr_sine(s, c, arrays, pa, 2.0)[i], ULPS)
                for alt in alts.tolist() + [asr]:
                    for side in (-1.0, 1.0):
                        got = astro.hour_angle_events(day, p_tr, a, s, c, alt, side)
                        want = astro.hour_angle_events(arrays, pa, aa, s, c, alt, side)[i]
                        assert type(got) is float and same(got, want, ULPS), (alt, side)
    assert astro.horizon_depression(400.0) == astro.horizon_depression(np.array([400.0]))[0]
    frozen = astro.solar_day_floats(days)[1].frozen(-0.5)           # Diyanet: the Sun at 0h UT
    want = arrays.frozen(-0.5)
    assert [getattr(frozen, f) for f in astro.SolarDays.__dataclass_fields__] == \
        [getattr(want, f)[1] for f in astro.SolarDays.__dataclass_fields__]


def _one_day_equals_run(rng, cases, methods):
    for k in range(cases):
        m = salat.METHODS[methods[k % len(methods)]]
        la, lo = float(rng.uniform(-89.5, 89.5)), float(rng.uniform(-180, 180))
        el = float(rng.choice([0.0, 850.0]))
        d = np.datetime64("1950-01-01") + int(rng.integers(0, 365 * 100))
        opts = Options(shadow=float(rng.choice([1.0, 2.0])),
                       rule=str(rng.choice(["recommended", "none", "middle_of_night",
                                            "seventh_of_night", "twilight_angle"])),
                       polar=str(rng.choice(["unresolved", "nearest_day", "nearest_latitude"])),
                       rounding=None)
        tz = pytz.utc if k % 3 == 0 else salat.timezones.tz_at(la, lo)
        if k % 7 == 5:              # a zoneinfo zone (either path asks the same one)
            tz = zoneinfo.ZoneInfo(tz.zone)
        elif k % 7 == 6:
            tz = _dt.timezone(_dt.timedelta(hours=round(lo / 15)))
        kw = dict(method=m, tzs=[tz], elevation=[el], options=opts)
        one = compute([la], [lo], np.array([d]), **kw)                  # floats
        run = compute([la], [lo], np.array([d - 1, d, d + 1]), **kw)     # arrays
        where = (m.name, la, lo, str(d), opts)
        np.testing.assert_array_equal(one.utc[0, 0], run.utc[0, 1], err_msg=str(where))
        np.testing.assert_array_equal(one.offset[0, 0], run.offset[0, 1], err_msg=str(where))
        np.testing.assert_array_equal(one.flags[0, 0], run.flags[0, 1], err_msg=str(where))


def test_one_day_on_floats_equals_the_array_path():
    """Every method once, anywhere (polar days and nights included), every rule."""
    _one_day_equals_run(np.random.default_rng(12), 3 * len(salat.METHODS), list(salat.METHODS))


def test_a_midnight_counted_to_fajr_reads_the_next_days_fajr():
    # Jafari's midnight runs from sunset to the next Fajr: the next day's Fajr is solved too.
    m = salat.METHODS["jafari"]
    assert m.midnight != "standard"
    d = np.datetime64("2026-06-21")
    kw = dict(method=m, tzs=[pytz.utc], elevation=[0.0], options=Options(rounding=None))
    one = compute([35.7], [51.4], np.array([d]), **kw)
    run = compute([35.7], [51.4], np.array([d - 1, d, d + 1]), **kw)
    np.testing.assert_array_equal(one.utc[0, 0], run.utc[0, 1])


@pytest.mark.slow
def test_one_day_on_floats_equals_the_array_path_sweep():
    _one_day_equals_run(np.random.default_rng(2026), 40 * len(salat.METHODS), list(salat.METHODS))


@pytest.mark.parametrize("tz", [pytz.timezone("Europe/Paris"), pytz.timezone("Asia/Kolkata"),
                                pytz.utc, zoneinfo.ZoneInfo("America/New_York"),
                                _dt.timezone(_dt.timedelta(hours=-3, minutes=-30))],
                         ids=repr)
@pytest.mark.parametrize("day", ["2026-03-08", "2026-03-29", "2026-06-21", "2026-11-01"])
def test_a_first_call_is_the_years_row(tz, day):
    """A first ``times_for`` call (one date on floats, ``_DayRow``) and the same
    date from its year's arrays (``_Row``) give equal PrayerTimes, on a pytz
    zone, a zoneinfo zone and a fixed offset, on days when clocks change."""
    from salat import times
    m = salat.METHODS["isna"]
    d = np.datetime64(day)
    year = np.arange(d - 40, d + 40)
    for la, lo in ((48.85, 2.35), (40.71, -74.0), (59.9, 10.7)):
        kw = dict(method=m, tz=tz, elevation=30.0, options=Options())
        one = times._DayRow(salat.engine.compute_day(la, lo, int(d.astype(np.int64)), **kw), tz)
        sol = compute([la], [lo], year, method=m, tzs=[tz], elevation=[30.0], options=Options())
        run = times._Row(sol, 0, tz)
        got, want = one.times(0, la, lo, m), run.times(40, la, lo, m)
        assert got.as_dict() == want.as_dict() and got.date == want.date
        assert [v.utcoffset() for v in got.as_dict().values()] == \
            [v.utcoffset() for v in want.as_dict().values()]
        assert [v.tzname() for v in got.as_dict().values()] == \
            [v.tzname() for v in want.as_dict().values()]
        assert dict(got.adjusted) == dict(want.adjusted)
