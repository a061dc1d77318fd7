"""``salat.Method`` and ``salat.Minutes`` check every field: the documented
limits (inclusive), the types, and the whole message of each error."""

from __future__ import annotations

import re

import pytest

from salat import METHODS, InputError, InputTypeError, Method, Minutes
from salat.methods import check_offsets


def fails(message: str, exc=InputError):
    return pytest.raises(exc, match="^" + re.escape(message) + "$")


# ---------------------------------------------------------------- Minutes

@pytest.mark.parametrize("v", [0, 0.0, 600, 599.5, 90])
def test_minutes_limits(v):
    assert Minutes(v).value == v


@pytest.mark.parametrize("v", [-1, -0.001, 600.001, 601, float("nan"), float("inf")])
def test_minutes_rejects(v):
    with fails(f"Minutes must be a finite number from 0 to 600 minutes; got {float(v)!r}"):
        Minutes(v)


@pytest.mark.parametrize("v", [True, "90", None])
def test_minutes_rejects_what_is_not_a_number(v):
    with fails(f"Minutes must be a number, got {v!r}", InputTypeError):
        Minutes(v)


# ---------------------------------------------------------------- angles

@pytest.mark.parametrize("field", ["fajr", "isha", "maghrib", "imsak"])
def test_angle_limits_and_messages(field):
    for ok in (0, 30, 0.0, 30.0, 17):
        m = Method("t", **{field: ok})
        assert getattr(m, field) == ok and type(getattr(m, field)) is float
    assert getattr(Method("t", **{field: Minutes(5)}), field) == Minutes(5)
    for bad in (-0.5, 30.5, 31, float("nan"), float("inf")):
        with fails(f"Method 't': {field} must be a finite number from 0 to 30 degrees of "
                   f"depression; got {float(bad)!r}; or salat.Minutes(n) for an interval"):
            Method("t", **{field: bad})
    for bad in (True, "18", None):
        with fails(f"Method 't': {field} must be a number, got {bad!r}", InputTypeError):
            Method("t", **{field: bad})


# ---------------------------------------------------------------- other fields

def test_name():
    for bad in ("", None, 3):
        with fails(f"Method: name must be a non-empty string, got {bad!r}"):
            Method(bad)


def test_isha_ramadan():
    assert Method("t", isha=Minutes(90), isha_ramadan=Minutes(120)).isha_ramadan == Minutes(120)
    assert Method("t").isha_ramadan is None
    with fails("Method 't': isha_ramadan must be salat.Minutes(n) or None, got 120"):
        Method("t", isha_ramadan=120)


@pytest.mark.parametrize("field", ["horizon", "sunrise_horizon"])
def test_horizons(field):
    for ok in (-5, 10, 0, 1.5):
        m = Method("t", **{field: ok})
        assert getattr(m, field) == ok and type(getattr(m, field)) is float
    assert getattr(Method("t"), field) is None
    for bad in (-5.5, 10.5, 11, -6, float("nan")):
        with fails(f"Method 't': {field} must be a finite number from -5 to 10 degrees; "
                   f"got {float(bad)!r}; or None for the standard 0.8333"):
            Method("t", **{field: bad})
    for bad in (True, "1"):
        with fails(f"Method 't': {field} must be a number, got {bad!r}", InputTypeError):
            Method("t", **{field: bad})


def test_sun_at():
    for ok in (-12, 36, 0):
        m = Method("t", sun_at=ok)
        assert m.sun_at == ok and type(m.sun_at) is float
    for bad in (-12.5, 36.5, 37, -13, float("inf")):
        with fails(f"Method 't': sun_at must be a finite number from -12 to 36 hours of "
                   f"Universal Time; got {float(bad)!r}; or None for the Sun at each event"):
            Method("t", sun_at=bad)
    for bad in (True, "0"):
        with fails(f"Method 't': sun_at must be a number, got {bad!r}", InputTypeError):
            Method("t", sun_at=bad)


def test_choices():
    assert Method("t", midnight="jafari").midnight == "jafari"
    with fails("Method 't': midnight='late'; allowed: standard, jafari"):
        Method("t", midnight="late")
    for r in (None, "nearest", "up", "down"):
        assert Method("t", rounding=r).rounding == r
    with fails("Method 't': rounding='method'; allowed: None, 'nearest', 'up', 'down'"):
        Method("t", rounding="method")
    for s in (None, "general", "ahmer", "abyad"):
        assert Method("t", shafaq=s).shafaq == s
    with fails("Method 't': shafaq='red'; allowed: None, general, ahmer, abyad"):
        Method("t", shafaq="red")


def test_offsets_are_checked_and_read_only():
    m = Method("t", offsets={"dhuhr": 2, "asr": 0}, ramadan_offsets={"isha": 1})
    assert dict(m.offsets) == {"dhuhr": 2.0} and dict(m.ramadan_offsets) == {"isha": 1.0}
    with pytest.raises(TypeError):
        m.offsets["dhuhr"] = 3
    with pytest.raises(TypeError):
        m.ramadan_offsets["isha"] = 3
    with fails("Method 't': offsets: unknown time 'lunch'; allowed: imsak, fajr, sunrise, "
               "dhuhr, asr, sunset, maghrib, isha, midnight, last_third"):
        Method("t", offsets={"lunch": 1})
    with fails("Method 't': ramadan_offsets: isha must be a finite number from -240 to 240 "
               "minutes; got 300.0"):
        Method("t", ramadan_offsets={"isha": 300})


# ---------------------------------------------------------------- check_offsets

def test_check_offsets():
    assert check_offsets(None) == {}
    assert check_offsets({"dhuhr": 240, "isha": -240, "asr": 0, "fajr": 1.5}) == \
        {"dhuhr": 240.0, "isha": -240.0, "fajr": 1.5}
    with fails("adjustments must be a mapping of time name to minutes, e.g. {'dhuhr': 2}; "
               "got list", InputTypeError):
        check_offsets([("dhuhr", 2)])
    for bad in (240.5, -241, float("nan")):
        with fails(f"adjustments: dhuhr must be a finite number from -240 to 240 minutes; "
                   f"got {float(bad)!r}"):
            check_offsets({"dhuhr": bad})
    for bad in (True, "2"):
        with fails(f"adjustments: dhuhr must be a number, got {bad!r}", InputTypeError):
            check_offsets({"dhuhr": bad})
    with fails("margins: unknown time 'noon'; allowed: imsak, fajr, sunrise, dhuhr, asr, "
               "sunset, maghrib, isha, midnight, last_third"):
        check_offsets({"noon": 1}, "margins")


# ---------------------------------------------------------------- equality

def test_equality_and_hash():
    a = Method("t", fajr=18.0, offsets={"dhuhr": 1})
    b = Method("t", fajr=18, offsets={"dhuhr": 1.0})
    assert a == b and hash(a) == hash(b) and not (a != b)
    assert a != a.replace(isha=15.0) and a != a.replace(shafaq="general")
    assert a != a.replace(title="other title")          # every field counts
    assert (a == "t") is False and a != "t"
    assert len({a, b, a.replace(fajr=19.0)}) == 2
    # a catalogue method is equal to a copy of itself, and hashable
    mwl = METHODS["mwl"]
    assert mwl.replace() == mwl and hash(mwl.replace()) == hash(mwl)
    assert hash(a) != hash(a.replace(name="u", fajr=19.0, offsets={"asr": 2}))


def test_catalogue_entries_are_dated():
    assert all(m.checked == "2026-11-27" for m in METHODS.values())
    assert all(name == m.name for name, m in METHODS.items())


# ---------------------------------------------------------------- names and descriptions

def test_get_method():
    from salat.methods import get_method
    assert get_method(" Umm-Al Qura ") is METHODS["umm_al_qura"]
    assert get_method("MOONSIGHTING ahmer") is METHODS["moonsighting_ahmer"]
    m = Method("mine")
    assert get_method(m) is m
    with fails("method: unknown method 'nope'; allowed: " + ", ".join(sorted(METHODS))
               + ", or a salat.Method"):
        get_method("nope")
    with fails("method must be a name or a salat.Method, got int", InputTypeError):
        get_method(3)


@pytest.mark.parametrize("name, text", [
    # written from each method's definition in the catalogue
    ("jafari", "fajr 16 deg, isha 14 deg, maghrib 4 deg, midnight jafari"),
    ("umm_al_qura", "fajr 18.5 deg, isha 90 min, isha in Ramadan 120 min, sunrise -1 min, "
                    "rounding up"),
    ("diyanet", "fajr 18 deg, isha 17 deg, Sun taken at 0h UT, sunrise -7 min, dhuhr +5 min, "
                "asr +4 min, maghrib +7 min, rounding nearest"),
    ("kemenag", "fajr 20 deg, isha 18 deg, horizon 1 deg, imsak +2 min, fajr +2 min, "
                "sunrise -3 min, dhuhr +3 min, asr +2 min, maghrib +2 min, isha +2 min, "
                "rounding up"),
    ("moonsighting_ahmer", "fajr seasonal (18 deg bound), isha seasonal, shafaq ahmer "
                           "(18 deg bound), dhuhr +5 min, maghrib +3 min"),
    ("portugal", "fajr 18 deg, isha 77 min, maghrib 3 min, dhuhr +5 min"),
    ("qatar", "fajr 18 deg, isha 90 min, fajr -0.5 min, maghrib +2 min, isha +2 min, "
              "maghrib +1 min in Ramadan, isha +1 min in Ramadan, rounding nearest"),
    ("mwl", "fajr 18 deg, isha 17 deg"),
])
def test_describe_parameters(name, text):
    from salat.methods import describe_parameters
    assert describe_parameters(METHODS[name]) == text


def test_describe_parameters_of_a_custom_method():
    from salat.methods import describe_parameters
    m = Method("x", fajr=Minutes(90), maghrib=Minutes(1), imsak=2.5, sunrise_horizon=1.5,
               midnight="jafari")
    assert describe_parameters(m) == ("fajr 90 min, isha 17 deg, maghrib 1 min, imsak 2.5 deg, "
                                      "midnight jafari, sunrise horizon 1.5 deg")
    assert describe_parameters(Method("y", imsak=Minutes(11))) == \
        "fajr 18 deg, isha 17 deg, imsak 11 min"


@pytest.mark.parametrize("dip", [0, 0.6, 2])
def test_dip_limits(dip):
    m = Method("x", dip=dip)
    assert m.dip == dip and type(m.dip) is float


@pytest.mark.parametrize("dip", [-0.1, 2.5, float("nan")])
def test_dip_rejected(dip):
    with pytest.raises(InputError) as e:
        Method("x", dip=dip)
    assert str(e.value) == (f"Method 'x': dip must be a finite number from 0 to 2; got {dip!r}; "
                            f"the fraction of the standard dip of the horizon (1 is the full dip)")


def test_minutes_are_floats():
    assert type(Minutes(5).value) is float and Minutes(5).value == 5.0
