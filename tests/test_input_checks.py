"""``salat.inputs`` exactly: the limits (inclusive), the types, and the whole
message of each error (the argument, the value received, what is allowed).
Written from the documented ranges, so that any change to a limit or a
message shows here."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pytest

from salat import InputError, InputTypeError, inputs


def fails(exc, message: str):
    return pytest.raises(exc, match="^" + re.escape(message) + "$")


# ---------------------------------------------------------------- coordinates

@pytest.mark.parametrize("lat, lon", [(90, 180), (-90, -180), (90.0, -180.0),
                                      (np.float32(-90), np.int64(180)), (0, 0)])
def test_coordinates_limits_are_inclusive(lat, lon):
    la, lo = inputs.coordinates(lat, lon)
    assert (float(la), float(lo)) == (float(lat), float(lon))
    assert la.shape == () and la.dtype == np.float64 and lo.dtype == np.float64
    la, lo = inputs.coordinates([lat, 0], [lon, 0])       # the array path too
    assert la.tolist() == [float(lat), 0.0] and lo.tolist() == [float(lon), 0.0]


@pytest.mark.parametrize("lat, lon, message", [
    (90.5, 0, "lat must be a finite number from -90 to 90 degrees; got 90.5"),
    (-90.001, 0, "lat must be a finite number from -90 to 90 degrees; got -90.001"),
    (0, 180.5, "lon must be a finite number from -180 to 180 degrees; got 180.5"),
    (0, -181, "lon must be a finite number from -180 to 180 degrees; got -181.0"),
    (float("nan"), 0, "lat must be a finite number from -90 to 90 degrees; got nan"),
    (0, float("inf"), "lon must be a finite number from -180 to 180 degrees; got inf"),
    ([0, 91, 95], 0,
     "lat must be a finite number from -90 to 90 degrees; got 91.0 (first bad at index 1)"),
    ([-90, 91], 0,      # the limit itself is not the bad value
     "lat must be a finite number from -90 to 90 degrees; got 91.0 (first bad at index 1)"),
    ([90, -91], 0,
     "lat must be a finite number from -90 to 90 degrees; got -91.0 (first bad at index 1)"),
    ([[0, 1], [2, -100]], [[0, 1], [2, 3]],
     "lat must be a finite number from -90 to 90 degrees; got -100.0 (first bad at index 3)"),
    ([1, 2], [1, 2, 3], "lat and lon must have the same length; got (2,) and (3,)"),
])
def test_coordinates_out_of_range(lat, lon, message):
    with fails(InputError, message):
        inputs.coordinates(lat, lon)


@pytest.mark.parametrize("lat, lon, message", [
    ("33.5", 0, "lat must be a number, got '33.5'"),
    (0, None, "lon must be a number, got None"),
    (True, 0, "lat must be a number, got True"),
    (0, [True, False], "lon must be a number, got [True, False]"),
    ({"a": 1}, 0, "lat must be a number or an array of numbers, got dict"),
    ([1, "x"], 0, "lat must be a number or an array of numbers, got list"),
    (0, object(), None),
])
def test_coordinates_wrong_type(lat, lon, message):
    with pytest.raises(InputTypeError) as e:
        inputs.coordinates(lat, lon)
    assert isinstance(e.value, TypeError) and isinstance(e.value, ValueError)
    if message is not None:
        assert str(e.value) == message


def test_coordinates_broadcast_and_float():
    la, lo = inputs.coordinates([1, 2], 5)
    assert la.tolist() == [1.0, 2.0] and lo.tolist() == [5.0, 5.0]
    assert la.dtype == lo.dtype == np.float64
    la, lo = inputs.coordinates(np.array([1, 2]), np.array([3, 4]))    # ints in
    assert la.dtype == lo.dtype == np.float64


# ---------------------------------------------------------------- elevation

def test_elevations():
    assert inputs.elevations(-500, (2,)).tolist() == [-500.0, -500.0]
    assert inputs.elevations(9000.0, ()).tolist() == 9000.0
    out = inputs.elevations([1, 2], (2,))
    assert out.tolist() == [1.0, 2.0] and out.dtype == np.float64
    assert inputs.elevations(np.int32(7), (3,)).dtype == np.float64
    with fails(InputError, "elevation must be a finite number from -500 to 9000 metres; "
                           "got 9000.5"):
        inputs.elevations(9000.5, ())
    with fails(InputError, "elevation must be a finite number from -500 to 9000 metres; "
                           "got -501.0 (first bad at index 1)"):
        inputs.elevations([0, -501], (2,))
    with fails(InputError, "elevation must be one number or one per place; got shape (3,) "
                           "for (2,) places"):
        inputs.elevations([1, 2, 3], (2,))
    with fails(InputTypeError, "elevation must be a number, got True"):
        inputs.elevations(True, ())


# ---------------------------------------------------------------- dates

def test_one_date():
    d = dt.date(2026, 3, 1)
    assert inputs.one_date(d) == d
    assert inputs.one_date(" 2026-03-01 ") == d
    assert inputs.one_date(np.datetime64("2026-03-01")) == d
    assert inputs.one_date(np.datetime64("2026-03-01T23:59")) == d
    assert inputs.one_date("1800-01-01") == inputs.MIN_DATE == dt.date(1800, 1, 1)
    assert inputs.one_date("2200-12-31") == inputs.MAX_DATE == dt.date(2200, 12, 31)
    with fails(InputError, "date 1799-12-31 is outside the supported range 1800-01-01 to "
                           "2200-12-31"):
        inputs.one_date("1799-12-31")
    with fails(InputError, "start 2201-01-01 is outside the supported range 1800-01-01 to "
                           "2200-12-31"):
        inputs.one_date(dt.date(2201, 1, 1), "start")
    with fails(InputError, "date: '2026-02-30' is not a date; use YYYY-MM-DD"):
        inputs.one_date("2026-02-30")
    with fails(InputTypeError, "date must be a datetime.date or 'YYYY-MM-DD', got int"):
        inputs.one_date(20260301)
    with fails(InputTypeError, "end must be a date, not a datetime (got "
                               "datetime.datetime(2026, 3, 1, 0, 0)); pass value.date() "
                               "for the local date you want"):
        inputs.one_date(dt.datetime(2026, 3, 1), "end")


def test_date_range():
    r = inputs.date_range("2026-02-27", "2026-03-01")
    assert r.dtype == np.dtype("datetime64[D]")
    assert r.tolist() == [dt.date(2026, 2, 27), dt.date(2026, 2, 28), dt.date(2026, 3, 1)]
    assert inputs.date_range("2026-03-01", "2026-03-01").size == 1
    with fails(InputError, "end 2026-02-28 is before start 2026-03-01"):
        inputs.date_range("2026-03-01", "2026-02-28")
    with fails(InputError, "start: 'x' is not a date; use YYYY-MM-DD"):
        inputs.date_range("x", "2026-02-28")
    with fails(InputError, "end: 'y' is not a date; use YYYY-MM-DD"):
        inputs.date_range("2026-02-28", "y")
    first = dt.date(1900, 1, 1)
    assert inputs.date_range(first, first + dt.timedelta(inputs.MAX_DAYS - 1)).size \
        == inputs.MAX_DAYS == 73200
    last = first + dt.timedelta(inputs.MAX_DAYS)
    with fails(InputError, f"the range 1900-01-01..{last.isoformat()} has more than 73200 "
                           f"days; split it"):
        inputs.date_range(first, last)


# ---------------------------------------------------------------- choices

def test_choice():
    rules = inputs.HIGH_LATITUDE_RULES
    assert inputs.choice("high_latitude", None, rules, "recommended") == "recommended"
    assert inputs.choice("high_latitude", None, rules) is None
    assert inputs.choice("high_latitude", " Seventh-Of Night ", rules) == "seventh_of_night"
    assert inputs.choice("rounding", None, ("method", None, "up")) is None
    assert inputs.choice("n", 3, (1, 2, 3)) == 3
    with fails(InputError, "polar: got 'Ignore'; allowed: 'unresolved', 'nearest_day', "
                           "'nearest_latitude'"):
        inputs.choice("polar", "Ignore", inputs.POLAR_RESOLUTIONS)
    with fails(InputError, "rounding: got 'sideways'; allowed: 'method', 'up'"):
        inputs.choice("rounding", "sideways", ("method", None, "up"))


@pytest.mark.parametrize("asr, factor", [("standard", 1.0), ("Shafii", 1.0), ("HANAFI", 2.0),
                                         (0.5, 0.5), (3, 3.0), (np.float64(1.5), 1.5)])
def test_shadow_factor(asr, factor):
    got = inputs.shadow_factor(asr)
    assert got == factor and type(got) is float


@pytest.mark.parametrize("asr", [0.49, 3.01, True, float("nan"), float("inf"), None, [1]])
def test_shadow_factor_rejects(asr):
    with fails(InputError, f"asr: got {asr!r}; allowed: 'standard', 'hanafi', or a shadow "
                           f"factor from 0.5 to 3"):
        inputs.shadow_factor(asr)
    with fails(InputError, "asr: got 'maliki'; allowed: 'standard', 'shafii', 'hanafi'"):
        inputs.shadow_factor("maliki")


# ---------------------------------------------------------------- shared small checks

def test_check_aware_returns_aware_datetimes():
    aware = dt.datetime(2026, 3, 1, 12, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert inputs.check_aware("now", aware) is aware


class _NoOffset(dt.tzinfo):
    def utcoffset(self, when):
        return None


@pytest.mark.parametrize("value", [dt.datetime(2026, 3, 1, 12),
                                   dt.datetime(2026, 3, 1, 12, tzinfo=_NoOffset())])
def test_check_aware_refuses_naive(value):
    with fails(InputError, f"now: got {value!r}; allowed: a timezone-aware datetime "
                           f"(give it a tzinfo)"):
        inputs.check_aware("now", value)


@pytest.mark.parametrize("value", [dt.date(2026, 3, 1), "2026-03-01T12:00Z", 1.5e9, None])
def test_check_aware_refuses_other_types(value):
    with fails(InputTypeError, f"stamp: got {value!r}; allowed: a timezone-aware datetime"):
        inputs.check_aware("stamp", value)


# From the Gregorian rules by hand (every 4th year, not centuries, but every 400th).
@pytest.mark.parametrize("year, month, last", [
    (2026, 1, 31), (2026, 2, 28), (2024, 2, 29), (1900, 2, 28), (2000, 2, 29),
    (2026, 4, 30), (2026, 6, 30), (2026, 9, 30), (2026, 11, 30), (2026, 12, 31),
    (9999, 12, 31), (1, 1, 31)])
def test_month_end_by_hand(year, month, last):
    assert inputs.month_end(year, month) == last


def test_month_end_matches_the_standard_library_over_four_centuries():
    import calendar
    for year in range(1800, 2201):
        for month in range(1, 13):
            assert inputs.month_end(year, month) == calendar.monthrange(year, month)[1]


@pytest.mark.parametrize("year, month, message", [
    (2026, 0, "month: got 0; allowed: 1 to 12"), (2026, 13, "month: got 13; allowed: 1 to 12"),
    (0, 1, "year: got 0; allowed: 1 to 9999"), (10000, 1, "year: got 10000; allowed: 1 to 9999")])
def test_month_end_refuses_out_of_range(year, month, message):
    with fails(InputError, message):
        inputs.month_end(year, month)


@pytest.mark.parametrize("text, folded", [
    ("Ksar-el-Kébir", "ksar el kebir"), ("ksar el kebir", "ksar el kebir"),
    ("  KSAR   EL--KEBIR ", "ksar el kebir"), ("Tromsø", "tromso"), ("Łódź", "lodz"),
    ("São Paulo", "sao paulo"), ("Düsseldorf", "dusseldorf"), ("Straße", "strasse"),
    ("İstanbul", "istanbul"), ("Île-de-France", "ile de france"),
    ("Grande Mosquée, Paris", "grande mosquee, paris"), ("Ｔｏｋｙｏ", "tokyo"),
    ("Aïn Sebaâ", "ain sebaa"), ("Marrakech_Safi", "marrakech safi"),
    ("Bandar Seri Begawan", "bandar seri begawan"), ("Kota Kinabalu\t", "kota kinabalu"),
    # Arabic: the short vowels (harakat, combining marks) go, the letters stay
    ("مَرَّاكُش", "مراكش"), ("الدار البيضاء", "الدار البيضاء"), ("", "")])
def test_fold(text, folded):
    assert inputs.fold(text) == folded


def test_fold_refuses_non_text():
    with fails(InputTypeError, "text: got bytes; allowed: a str"):
        inputs.fold(b"Rabat")
