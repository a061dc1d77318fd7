"""Bad input at the library's door: every mistake raises ValueError or
TypeError whose message names the argument and says what is allowed.

Good input in unusual but legitimate forms (numpy scalars, ISO strings,
numpy datetime64, ints for floats, mixed-case names) is accepted.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

import salat

GOOD = dict(lat=21.4225, lon=39.8262, date=dt.date(2026, 6, 1))


def call(**kw):
    args = dict(GOOD)
    args.update(kw)
    lat, lon, date = args.pop("lat"), args.pop("lon"), args.pop("date")
    return salat.times_for(lat, lon, date, **args)


BAD = [
    # (keyword arguments, exception type(s), words the message must contain)
    (dict(lat="21.4"), TypeError, ["lat"]),
    (dict(lat=None), TypeError, ["lat"]),
    (dict(lat=True), TypeError, ["lat"]),
    (dict(lat=[1.0, 2.0]), (TypeError, ValueError), ["one place"]),
    (dict(lat=91.0), ValueError, ["lat", "-90", "90"]),
    (dict(lat=-90.0001), ValueError, ["lat", "-90", "90"]),
    (dict(lat=math.nan), ValueError, ["lat", "finite"]),
    (dict(lat=math.inf), ValueError, ["lat", "finite"]),
    (dict(lat=np.float64("nan")), ValueError, ["lat"]),
    (dict(lon=180.5), ValueError, ["lon", "-180", "180"]),
    (dict(lon=-181), ValueError, ["lon", "-180", "180"]),
    (dict(lon=-math.inf), ValueError, ["lon", "finite"]),
    (dict(lon=math.nan), ValueError, ["lon", "finite"]),
    (dict(lon=object()), TypeError, ["lon"]),
    (dict(elevation=math.nan), ValueError, ["elevation"]),
    (dict(elevation=math.inf), ValueError, ["elevation"]),
    (dict(elevation=-1000.0), ValueError, ["elevation", "-500"]),
    (dict(elevation=10000.0), ValueError, ["elevation", "9000"]),
    (dict(elevation="high"), TypeError, ["elevation"]),
    (dict(method="nope"), ValueError, ["method", "'nope'", "mwl", "isna", "umm_al_qura"]),
    (dict(method=42), TypeError, ["method"]),
    (dict(method=""), ValueError, ["method"]),
    (dict(tz="Mars/Olympus_Mons"), ValueError, ["tz", "Mars/Olympus_Mons", "IANA"]),
    (dict(tz=5), TypeError, ["tz"]),
    (dict(tz=""), ValueError, ["tz"]),
    (dict(date=dt.datetime(2026, 6, 1, 12)), TypeError, ["date", "datetime"]),
    (dict(date=20260601), TypeError, ["date"]),
    (dict(date=2026.5), TypeError, ["date"]),
    (dict(date="2026-13-01"), ValueError, ["date", "YYYY-MM-DD"]),
    (dict(date="yesterday"), ValueError, ["date", "YYYY-MM-DD"]),
    (dict(date=dt.date(1700, 1, 1)), ValueError, ["date", "1800"]),
    (dict(date=dt.date(2500, 1, 1)), ValueError, ["date", "2200"]),
    (dict(asr="maliki"), ValueError, ["asr", "standard", "hanafi"]),
    (dict(asr=7), ValueError, ["asr"]),
    (dict(asr=math.nan), ValueError, ["asr"]),
    (dict(asr=True), ValueError, ["asr"]),
    (dict(high_latitude="polar"), ValueError, ["high_latitude", "middle_of_night",
                                               "seventh_of_night", "twilight_angle"]),
    (dict(high_latitude=3), ValueError, ["high_latitude"]),
    (dict(polar="magic"), ValueError, ["polar", "nearest_day", "nearest_latitude"]),
    (dict(rounding="sideways"), ValueError, ["rounding", "nearest", "up", "down"]),
    (dict(adjustments={"lunch": 2}), ValueError, ["adjustments", "lunch", "dhuhr", "isha"]),
    (dict(adjustments={"dhuhr": "two"}), ValueError, ["adjustments", "dhuhr"]),
    (dict(adjustments={"dhuhr": math.nan}), ValueError, ["adjustments", "dhuhr"]),
    (dict(adjustments={"dhuhr": 10000}), ValueError, ["adjustments", "dhuhr", "240"]),
    (dict(adjustments=[("dhuhr", 2)]), TypeError, ["adjustments", "mapping"]),
    (dict(adjustments=5), TypeError, ["adjustments"]),
]


@pytest.mark.parametrize("kw, exc, words", BAD, ids=[repr(b[0])[:60] for b in BAD])
def test_bad_argument(kw, exc, words):
    with pytest.raises(exc) as info:
        call(**kw)
    msg = str(info.value)
    for w in words:
        assert w in msg, f"{w!r} not in {msg!r}"


BAD_METHODS = [
    (dict(fajr=-5), ["fajr", "-5", "0", "30"]),
    (dict(fajr=45.0), ["fajr", "0", "30"]),
    (dict(fajr=math.nan), ["fajr"]),
    (dict(isha=math.inf), ["isha"]),
    (dict(isha="18"), ["isha"]),
    (dict(fajr=True), ["fajr"]),
    (dict(maghrib=-1.0), ["maghrib"]),
    (dict(imsak=99.0), ["imsak"]),
    (dict(midnight="noon"), ["midnight", "standard", "jafari"]),
    (dict(rounding="sideways"), ["rounding", "nearest", "up", "down"]),
    (dict(shafaq="green"), ["shafaq", "general", "ahmer", "abyad"]),
    (dict(offsets={"lunch": 5}), ["offsets", "lunch", "dhuhr"]),
    (dict(offsets={"dhuhr": 1000}), ["offsets", "dhuhr"]),
    (dict(horizon=45.0), ["horizon"]),
    (dict(isha_ramadan=30), ["isha_ramadan", "Minutes"]),
]


@pytest.mark.parametrize("kw, words", BAD_METHODS, ids=[repr(b[0])[:50] for b in BAD_METHODS])
def test_impossible_method(kw, words):
    with pytest.raises((ValueError, TypeError)) as info:
        salat.Method("x", **kw)
    msg = str(info.value)
    for w in words:
        assert w in msg, f"{w!r} not in {msg!r}"


@pytest.mark.parametrize("value", [-5, 601, math.nan, math.inf, "90", True])
def test_bad_minutes(value):
    with pytest.raises((ValueError, TypeError)) as info:
        salat.Minutes(value)
    assert "Minutes" in str(info.value) or "minutes" in str(info.value)


def test_method_name_required():
    with pytest.raises(ValueError, match="name"):
        salat.Method("")


def test_replace_is_validated():
    with pytest.raises(ValueError, match="fajr"):
        salat.METHODS["mwl"].replace(fajr=-1.0)


def test_catalogue_is_read_only():
    with pytest.raises(TypeError):
        salat.METHODS["mine"] = salat.Method("mine")


@pytest.mark.parametrize("kw", [
    dict(lat=np.float64(21.4225), lon=np.float32(39.8262)),
    dict(lat=21, lon=40),
    dict(date="2026-06-01"),
    dict(date=" 2026-06-01 "),
    dict(date=np.datetime64("2026-06-01")),
    dict(method="MWL"),
    dict(method="Umm-Al-Qura"),
    dict(high_latitude="Middle of Night"),
    dict(asr="Hanafi"),
    dict(asr=2),
    dict(elevation=0),
    dict(elevation=np.float64(100.0)),
    dict(lat=90.0), dict(lat=-90.0), dict(lon=180.0), dict(lon=-180.0),
    dict(date=dt.date(1800, 1, 1)), dict(date=dt.date(2200, 12, 31)),
])
def test_good_unusual_input(kw):
    t = call(**kw)
    assert t.dhuhr is not None


def test_same_answer_for_equivalent_inputs():
    a = call()
    for kw in (dict(date="2026-06-01"), dict(date=np.datetime64("2026-06-01")),
               dict(lat=np.float64(GOOD["lat"]))):
        assert call(**kw).as_dict() == a.as_dict()


def test_next_prayer_needs_aware_time():
    t = call()
    with pytest.raises(ValueError, match="now"):
        t.next_prayer(dt.datetime(2026, 6, 1, 12))


def test_bad_input_raises_the_projects_own_error():
    """Bad input is a salat.InputError (a ValueError); a wrong type is also a TypeError."""
    with pytest.raises(salat.InputError, match="lat must be a finite number from -90 to 90"):
        salat.times_for(91.0, 0.0, "2026-01-01")
    with pytest.raises(salat.InputTypeError) as info:
        salat.times_for("north", 0.0, "2026-01-01")
    assert isinstance(info.value, TypeError) and isinstance(info.value, ValueError)


def test_version_is_the_installed_distributions():
    from importlib.metadata import version
    assert salat.__version__ == version("salat-times")
