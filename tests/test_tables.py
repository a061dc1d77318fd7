"""salat.table and Timetable: agreement with times_for, masking, shapes, errors."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

import salat
from salat.methods import TIME_NAMES
from salat.tables import Timetable, table, table_chunks

RABAT = (34.0209, -6.8416)


def _naive_local(when):
    """A times_for datetime as naive local wall-clock to the second."""
    return None if when is None else when.replace(microsecond=0, tzinfo=None)


def _check_agrees(tt: Timetable, place: int, kwargs: dict, days=None):
    """Every time of every (sampled) date equals times_for's, to the second."""
    lat, lon = float(tt.latitude[place]), float(tt.longitude[place])
    idx = range(len(tt)) if days is None else days
    for d in idx:
        date = tt.dates[d].item()
        ref = salat.times_for(lat, lon, date, **kwargs)
        for name in TIME_NAMES:
            local = tt.local(name) if tt.single else tt.local(name)[place]
            utc = tt.utc(name) if tt.single else tt.utc(name)[place]
            want = getattr(ref, name)
            if want is None:
                assert np.isnat(local[d]) and np.isnat(utc[d]), (name, date)
                continue
            assert local[d].item() == _naive_local(want), (name, date)
            want_utc = want.astimezone(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
            assert utc[d].item() == want_utc, (name, date)
            off = tt.utc_offset(name) if tt.single else tt.utc_offset(name)[place]
            assert off[d] == int(want.utcoffset().total_seconds())


CASES = [
    (RABAT, dict(tz="Africa/Casablanca")),
    ((51.5074, -0.1278), dict(method="mwl", tz="Europe/London")),
    ((40.7128, -74.0060), dict(method="isna", asr="hanafi", tz="America/New_York")),
    ((21.4225, 39.8262), dict(method="umm_al_qura", elevation=300.0)),
    ((-33.8688, 151.2093), dict(method="mwl", rounding=None, adjustments={"dhuhr": 2})),
    ((59.9139, 10.7522), dict(method="mwl", high_latitude="seventh_of_night")),
    ((69.6492, 18.9553), dict(method="mwl", polar="nearest_day")),
]


@pytest.mark.parametrize("place,kwargs", CASES)
def test_table_agrees_with_times_for_to_the_second(place, kwargs):
    tt = table(*place, "2026-01-01", "2026-12-31", **kwargs)
    days = list(range(0, 365, 11)) + [84, 85, 86, 87, 297, 298, 299]   # DST edges
    _check_agrees(tt, 0, kwargs, days)


def test_year_keyword_and_default_end():
    tt = table(*RABAT, year=2024)
    assert len(tt) == 366 and tt.dates[0] == np.datetime64("2024-01-01")
    one = table(*RABAT, "2026-03-01")
    assert len(one) == 1 and one.local("fajr").shape == (1,)
    now = table(*RABAT)
    assert now.dates[0].astype("datetime64[Y]").astype(int) + 1970 >= 2024


def test_shapes_for_one_and_many_places():
    one = table(*RABAT, "2026-01-01", "2026-01-10")
    assert one.local("fajr").shape == (10,) and one.local("fajr").dtype == "datetime64[s]"
    many = table([34.0, 30.0], [-6.8, 31.2], "2026-01-01", "2026-01-10")
    assert many.local("fajr").shape == (2, 10)
    assert many.utc_offset("isha").dtype == np.int64
    assert many.places == 2 and len(many) == 10


def test_many_places_each_with_its_own_method_zone_and_elevation():
    lat = [34.0209, 21.4225, 41.0082, 69.6492]
    lon = [-6.8416, 39.8262, 28.9784, 18.9553]
    methods = ["mwl", "umm_al_qura", None, "isna"]
    zones = ["Africa/Casablanca", None, "Europe/Istanbul", "Europe/Oslo"]
    elev = [0.0, 250.0, 40.0, 10.0]
    tt = table(lat, lon, "2026-03-25", "2026-04-05", method=methods, tz=zones, elevation=elev)
    for i in range(4):
        kw = dict(method=methods[i], tz=zones[i], elevation=elev[i])
        _check_agrees(tt, i, kw)
    # the default method is the place's own authority
    assert tt.methods[2] == salat.method_for(lat[2], lon[2])


def test_undefined_times_are_nat_never_invented():
    tt = table(78.2232, 15.6267, "2026-06-15", "2026-06-25", method="mwl",
               tz="Arctic/Longyearbyen")
    assert np.isnat(tt.local("sunrise")).all() and np.isnat(tt.utc("maghrib")).all()
    assert not np.isnat(tt.local("dhuhr")).any()
    rows = tt.to_csv().splitlines()[1:]
    for row in rows:
        cells = row.split(",")
        assert cells[TIME_NAMES.index("sunrise") + 1] == ""
    assert "SUMMARY:Maghrib" not in tt.to_ics()


def test_day_returns_prayer_times_like_times_for():
    tt = table(*RABAT, year=2026, tz="Africa/Casablanca")
    got = tt.day(40)
    ref = salat.times_for(*RABAT, "2026-02-10", tz="Africa/Casablanca")
    assert isinstance(got, salat.PrayerTimes)
    assert got.as_dict() == ref.as_dict() and got.date == ref.date
    assert tt.day("2026-02-10").fajr == ref.fajr
    assert tt.day(-1).date == dt.date(2026, 12, 31)
    with pytest.raises(IndexError):
        tt.day(365)
    with pytest.raises(IndexError):
        tt.day("2027-01-01")


def test_adjusted_flags_follow_the_rules():
    tt = table(59.9, 10.75, "2026-06-15", "2026-06-20", method="mwl", tz="Europe/Oslo")
    assert tt.adjusted("isha").all()
    assert not tt.adjusted("dhuhr").any()
    assert tt.day(0).adjusted.get("isha") == "high_latitude"


def test_chunks_equal_the_whole_table():
    rng = np.random.default_rng(4)
    lat, lon = rng.uniform(-60, 60, 23), rng.uniform(-180, 180, 23)
    whole = table(lat, lon, "2026-01-01", "2026-01-31", method="mwl")
    parts = list(table_chunks(lat, lon, "2026-01-01", "2026-01-31", method="mwl", cells=100))
    assert len(parts) == 8    # 3 places (93 place-days) a chunk
    joined = Timetable.concatenate(parts)
    for name in TIME_NAMES:
        np.testing.assert_array_equal(whole.utc(name), joined.utc(name))
        np.testing.assert_array_equal(whole.local(name), joined.local(name))


def test_big_tables_are_built_in_chunks_transparently(monkeypatch):
    import salat.tables as tables
    monkeypatch.setattr(tables, "CHUNK_CELLS", 64)
    calls = []
    real = tables.compute

    def spy(lat, *args, **kw):
        calls.append(len(lat))
        return real(lat, *args, **kw)
    monkeypatch.setattr(tables, "compute", spy)
    lat, lon = np.linspace(-40, 40, 9), np.linspace(-100, 100, 9)
    tt = table(lat, lon, "2026-05-01", "2026-05-30", method="karachi")
    assert tt.places == 9
    # 64 place-days a chunk over 30 days: 2 places a chunk, so 5 engine calls
    assert calls == [2, 2, 2, 2, 1]
    _check_agrees(tt, 8, dict(method="karachi"), days=[0, 29])


@pytest.mark.parametrize("kwargs,match", [
    (dict(year=2026, start="2026-01-01"), "either year or start"),
    (dict(year=True), "year must be an integer"),
    (dict(year="2026"), "year must be an integer"),
    (dict(year=3000), "outside the supported range"),
    (dict(start="2026-02-01", end="2026-01-01"), "before start"),
    (dict(end="2026-01-01"), "end given without start"),
    (dict(start="2026-13-01"), "not a date"),
    (dict(year=2026, method="nope"), "unknown method"),
    (dict(year=2026, tz="Nowhere/Land"), "unknown time zone"),
    (dict(year=2026, asr="maliki"), "asr"),
    (dict(year=2026, polar="ignore"), "polar"),
    (dict(year=2026, high_latitude="fast"), "high_latitude"),
    (dict(year=2026, adjustments={"lunch": 3}), "unknown time"),
    (dict(year=2026, rounding="sideways"), "rounding"),
])
def test_bad_options_name_what_was_wrong(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        table(*RABAT, **kwargs)


@pytest.mark.parametrize("lat,lon,kwargs,match", [
    ([1.0, 2.0], [3.0, 4.0], dict(method=["mwl"]), "1 values for 2 places"),
    ([1.0, 2.0], [3.0, 4.0], dict(tz=["UTC", "Mars/Base"]), r"tz\[1\]"),
    ([1.0, 2.0], [3.0, 4.0], dict(elevation=[1.0, 2.0, 3.0]), "elevation"),
    ([1.0, 2.0], [3.0, 4.0], dict(method=["mwl", 5]), r"method\[1\]"),
    ([[1.0]], [[2.0]], {}, "1-d"),
    ([], [], {}, "no places"),
    ([1.0, float("nan")], [3.0, 4.0], {}, "lat must be a finite number"),
    ("34", "-6", {}, "lat must be a number"),
    ([1.0, 2.0], [3.0, 4.0, 5.0], {}, "same length"),
])
def test_bad_places_name_what_was_wrong(lat, lon, kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        table(lat, lon, year=2026, **kwargs)


def test_unknown_time_name():
    tt = table(*RABAT, "2026-01-01")
    with pytest.raises(ValueError, match="name: got 'lunch'; allowed: imsak, fajr"):
        tt.local("lunch")
    with pytest.raises(ValueError, match=r"name: got \[3\]; allowed: imsak"):
        tt.utc(3)


def test_to_pandas():
    import pandas as pd
    tt = table(*RABAT, "2026-01-01", "2026-01-05", tz="Africa/Casablanca")
    frame = tt.to_pandas()
    assert list(frame.columns) == list(TIME_NAMES) and len(frame) == 5
    assert frame["fajr"].iloc[0] == pd.Timestamp(tt.day(0).fajr.replace(microsecond=0))
    many = table([34.0, 51.5], [-6.8, -0.1], "2026-01-01", "2026-01-03",
                 names=["Rabat", "London"]).to_pandas()
    assert many.index.names == ["place", "date"] and "tz" in many.columns and len(many) == 6


def test_a_missing_place_name_is_named_with_its_type():
    with pytest.raises(salat.InputTypeError) as e:
        salat.table([34.0, 35.0], [-5.0, -5.0], "2026-01-01", names=["Fes", None])
    assert str(e.value) == "names[1]: a place name must be a string, got NoneType"
