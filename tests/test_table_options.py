"""``salat.table`` and ``salat.table_chunks``: every option reaches the engine
(checked against ``times_for`` day by day, an independent path through the
public API), places given one by one, chunking, and the exact messages."""

from __future__ import annotations

import datetime as dt
import json
import re

import numpy as np
import pytest

import salat
from salat import InputError, InputTypeError
from salat.tables import Timetable

OPTIONS = dict(asr="hanafi", high_latitude="middle_of_night", polar="nearest_day",
               adjustments={"dhuhr": 2, "isha": -1}, rounding="down")
PLACES = ([59.9, 21.4225, 69.65], [10.75, 39.8262, 18.96])
ZONES = ["Europe/Oslo", "Asia/Riyadh", "Europe/Oslo"]


def fails(message: str, exc=InputError):
    return pytest.raises(exc, match="^" + re.escape(message) + "$")


def assert_matches_times_for(tt: Timetable, kw_for_place, days=(0, -1)):
    for p in range(tt.places):
        for d in days:
            day = tt.dates[d].item()
            ref = salat.times_for(float(tt.latitude[p]), float(tt.longitude[p]), day,
                                  **kw_for_place(p))
            got = tt.day(d, place=p)
            assert got.as_dict() == ref.as_dict(), (p, day)
            assert dict(got.adjusted) == dict(ref.adjusted)


def test_every_option_reaches_the_engine_in_chunks():
    methods = ["mwl", salat.METHODS["isna"], None]
    chunks = list(salat.table_chunks(*PLACES, "2026-06-19", "2026-06-22", tz=ZONES,
                                     method=methods, elevation=[0, 300, 10],
                                     names=["Oslo", "Makkah", "Tromso"], cells=4, **OPTIONS))
    assert [c.places for c in chunks] == [1, 1, 1]       # 4 place-days: one place a chunk
    tt = Timetable.concatenate(chunks)
    assert tt.names == ("Oslo", "Makkah", "Tromso") and tt.elevation.tolist() == [0, 300, 10]
    assert [m.name for m in tt.methods] == ["mwl", "isna", "mwl"]   # None: Norway's own
    assert_matches_times_for(tt, lambda p: dict(tz=ZONES[p], method=tt.methods[p],
                                                elevation=[0, 300, 10][p], **OPTIONS))
    # Tromso is in polar day: nearest_day supplied its times
    assert "nearest_day" in tt.day(0, place=2).adjusted["sunrise"]


def test_table_with_a_year_and_many_methods():
    zones = ["UTC", "Asia/Riyadh", "Europe/Oslo"]          # not all the places' own
    tt = salat.table(*PLACES, year=2024, tz=zones, method=["mwl", "isna", "mwl"], **OPTIONS)
    assert tt.dates[0] == np.datetime64("2024-01-01") and len(tt) == 366
    assert_matches_times_for(tt, lambda p: dict(tz=zones[p], method=["mwl", "isna", "mwl"][p],
                                                **OPTIONS), days=(0, 171, 365))
    chunks = list(salat.table_chunks(*PLACES, year=2024, tz=zones, method=["mwl", "isna", "mwl"],
                                     cells=800, **OPTIONS))       # 2 places, then 1
    assert [c.places for c in chunks] == [2, 1]
    joined = Timetable.concatenate(chunks)
    for arr in ("utc_seconds", "offset_seconds", "rule_flags"):
        np.testing.assert_array_equal(getattr(joined, arr), getattr(tt, arr))
    assert joined.methods == tt.methods and joined.tzs == tt.tzs


def test_chunk_sizes():
    lat, lon = np.linspace(-40, 40, 7), np.linspace(-100, 100, 7)
    sizes = [c.places for c in salat.table_chunks(lat, lon, "2026-01-01", cells=3)]
    assert sizes == [3, 3, 1]                                   # one date: 3 places a chunk
    sizes = [c.places for c in salat.table_chunks(lat, lon, "2026-01-01", "2026-01-31",
                                                  cells=1)]
    assert sizes == [1] * 7                                     # never less than one place
    single = list(salat.table_chunks(21.0, 39.0, "2026-01-01", "2026-01-02"))
    assert len(single) == 1 and single[0].single and single[0].local("fajr").shape == (2,)


@pytest.mark.parametrize("cells", [0, -1, True, 1.5, "10"])
def test_bad_cells(cells):
    with fails(f"cells: got {cells!r}; allowed: a positive integer"):
        salat.table_chunks(21.0, 39.0, "2026-01-01", cells=cells)


def test_years_and_dates():
    assert salat.table(21.0, 39.0, year=1800).dates[0] == np.datetime64("1800-01-01")
    assert salat.table(21.0, 39.0, year=2200).dates[-1] == np.datetime64("2200-12-31")
    for y in (1799, 2201):
        with fails(f"year {y} is outside the supported range 1800 to 2200"):
            salat.table(21.0, 39.0, year=y)
    with fails("year must be an integer, got 2026.0", InputTypeError):
        salat.table(21.0, 39.0, year=2026.0)
    with fails("give either year or start/end, not both"):
        salat.table(21.0, 39.0, "2026-01-01", year=2026)
    with fails("give either year or start/end, not both"):
        salat.table(21.0, 39.0, end="2026-01-01", year=2026)
    with fails("end given without start; give start too, or year"):
        salat.table(21.0, 39.0, end="2026-01-01")
    this_year = dt.datetime.now(dt.timezone(dt.timedelta(hours=3))).year
    tt = salat.table(21.4225, 39.8262, tz="Asia/Riyadh")
    assert tt.dates[0] == np.datetime64(f"{this_year}-01-01")
    assert tt.dates[-1] == np.datetime64(f"{this_year}-12-31")


@pytest.mark.parametrize("kwargs, exc, message", [
    (dict(high_latitude="fast"), InputError,
     "high_latitude: got 'fast'; allowed: 'recommended', 'middle_of_night', "
     "'seventh_of_night', 'twilight_angle', 'none'"),
    (dict(polar="ignore"), InputError,
     "polar: got 'ignore'; allowed: 'unresolved', 'nearest_day', 'nearest_latitude'"),
    (dict(rounding="half"), InputError,
     "rounding: got 'half'; allowed: 'method', 'nearest', 'up', 'down'"),
    (dict(names=["a", 2]), InputTypeError, "names[1] has the wrong type int"),
    (dict(names=["a"]), InputError,
     "names: got 1 values for 2 places; give one value or one per place"),
    (dict(names=b"ab"), InputTypeError,
     "names must be one value or a sequence with one per place, got bytes"),
    (dict(tz={"a": 1}), InputTypeError,
     "tz must be one value or a sequence with one per place, got dict"),
    (dict(method=["mwl", "nope"]), InputError,
     "method[1]: method: unknown method 'nope'; allowed: "
     + ", ".join(sorted(salat.METHODS)) + ", or a salat.Method"),
    (dict(tz=["UTC", "Mars/Base"]), InputError,
     "tz[1]: tz: unknown time zone 'Mars/Base'; give an IANA name such as "
     "'Europe/London' or 'Asia/Riyadh', or a tzinfo"),
])
def test_messages(kwargs, exc, message):
    with fails(message, exc):
        salat.table([21.0, 22.0], [39.0, 40.0], "2026-01-01", **kwargs)


def test_no_places_and_name_types():
    with fails("lat and lon: no places given (empty sequences)"):
        salat.table([], [], "2026-01-01")
    tt = salat.table([21.0, 22.0], [39.0, 40.0], "2026-01-01", names="Same")
    assert tt.names == ("Same", "Same")
    assert salat.table([21.0, 22.0], [39.0, 40.0], "2026-01-01").names == ("1", "2")


def test_zones_and_methods_by_name_are_resolved_once():
    tt = salat.table([21.0, 22.0, 23.0], [39.0, 40.0, 41.0], "2026-01-01",
                     tz=["Asia/Riyadh", None, "Asia/Riyadh"], method=["mwl", "isna", "mwl"])
    assert tt.tzs[0] is tt.tzs[2] and salat.timezones.tz_name(tt.tzs[1]) == "Asia/Riyadh"
    assert tt.methods[0] is tt.methods[2] is salat.METHODS["mwl"]
    assert tt.methods[1] is salat.METHODS["isna"]


def test_timetable_built_by_hand_is_many_places_by_default():
    tt = salat.table([21.0, 22.0], [39.0, 40.0], "2026-01-01", "2026-01-02")
    hand = Timetable(tt.dates, tt.utc_seconds.copy(), tt.offset_seconds.copy(),
                     tt.rule_flags.copy(), tt.latitude, tt.longitude, tt.elevation,
                     tt.tzs, tt.methods)
    assert hand.local("fajr").shape == (2, 2) and not hand.single
    np.testing.assert_array_equal(hand.local("fajr"), tt.local("fajr"))


# ---------------------------------------------------------------- Timetable access

def test_day_lookup_and_errors():
    tt = salat.table([21.4225, 30.0444], [39.8262, 31.2357], "2026-01-01", "2026-01-02",
                     method=["umm_al_qura", "egypt"])
    last = tt.day(-2, place=-1)
    assert last.date == dt.date(2026, 1, 1) and last.method is salat.METHODS["egypt"]
    assert (last.latitude, last.longitude) == (30.0444, 31.2357)
    assert tt.day("2026-01-02", place=1).as_dict() == tt.day(1, place=1).as_dict()
    assert tt.day(dt.date(2026, 1, 2)).date == dt.date(2026, 1, 2)
    with pytest.raises(IndexError, match=r"^day 2 is out of range for 2 days$"):
        tt.day(2)
    with pytest.raises(IndexError, match=r"^day -3 is out of range for 2 days$"):
        tt.day(-3)
    with pytest.raises(IndexError, match=r"^2026-02-01 is not in this table "
                                         r"\(2026-01-01\.\.2026-01-02\)$"):
        tt.day("2026-02-01")
    for place in (2, -3):
        with pytest.raises(IndexError, match=f"^place {place} is out of range for 2 places$"):
            tt.day(0, place=place)
    with fails("name: got 'lunch'; allowed: imsak, fajr, sunrise, dhuhr, asr, sunset, "
               "maghrib, isha, midnight, last_third"):
        tt.local("lunch")


def test_offsets_flags_and_slices():
    tt = salat.table([78.2232, 59.9], [15.6267, 10.75], "2026-06-21",
                     tz=["Arctic/Longyearbyen", "Europe/Oslo"], method="mwl",
                     polar="nearest_latitude", elevation=[5, 7])
    # the resolution set Longyearbyen's sunrise; its offset is a real one
    assert tt.adjusted("sunrise").tolist() == [[True], [False]]
    assert tt.adjusted("isha").tolist() == [[True], [True]]        # Oslo: 1/7 of the night
    assert tt.utc_offset("sunrise").tolist() == [[7200], [7200]]
    plain = salat.table(78.2232, 15.6267, "2026-06-21", tz="Arctic/Longyearbyen",
                        method="mwl")
    assert np.isnat(plain.local("sunrise")[0])
    assert plain.utc_offset("sunrise").tolist() == [7200]          # the day's, at Dhuhr
    assert plain.utc_offset("sunrise").dtype == np.int64
    part = tt.slice(1, 2)
    assert part.elevation.tolist() == [7] and part.names == ("2",)
    np.testing.assert_array_equal(part.rule_flags, tt.rule_flags[1:2])
    np.testing.assert_array_equal(part.utc_seconds, tt.utc_seconds[1:2])
    assert not part.single and part.tzs == tt.tzs[1:]


def test_to_pandas():
    one = salat.table(21.4225, 39.8262, "2026-01-01", "2026-01-02", tz="Asia/Riyadh",
                      method="mwl")
    frame = one.to_pandas()
    assert frame.index.name == "date" and list(frame.columns) == list(salat.TIME_NAMES)
    assert frame.index[1] == np.datetime64("2026-01-02")
    ref = one.day(1)
    assert frame["fajr"].iloc[1].to_pydatetime() == ref.fajr.replace(microsecond=0)
    assert str(frame["fajr"].dt.tz) == "Asia/Riyadh"
    many = salat.table([21.4225, 30.0444], [39.8262, 31.2357], "2026-01-01",
                       tz=["Asia/Riyadh", "Africa/Cairo"], names=["Makkah", "Cairo"],
                       method="mwl")
    frame = many.to_pandas()
    assert list(frame.index.names) == ["place", "date"]
    assert list(frame.columns) == ["tz", *salat.TIME_NAMES]
    assert frame["tz"].tolist() == ["Asia/Riyadh", "Africa/Cairo"]
    cairo = many.day(0, place=1).isha
    assert frame.loc[("Cairo", np.datetime64("2026-01-01")), "isha"] == \
        np.datetime64(cairo.replace(tzinfo=None, microsecond=0))


def test_to_pandas_without_pandas(monkeypatch):
    import builtins
    real = builtins.__import__

    def no_pandas(name, *a, **k):
        if name == "pandas":
            raise ImportError("no pandas here")
        return real(name, *a, **k)
    monkeypatch.setattr(builtins, "__import__", no_pandas)
    tt = salat.table(21.0, 39.0, "2026-01-01")
    with pytest.raises(ImportError, match=re.escape(
            "Timetable.to_pandas needs pandas: pip install 'salat-times[pandas]'")):
        tt.to_pandas()


def test_each_place_gets_its_own_authority_and_zone():
    tt = salat.table([21.4225, 30.0444, 21.5], [39.8262, 31.2357, 39.2], "2026-01-01")
    assert [m.name for m in tt.methods] == ["umm_al_qura", "egypt", "umm_al_qura"]
    assert [salat.timezones.tz_name(z) for z in tt.tzs] == ["Asia/Riyadh", "Africa/Cairo",
                                                            "Asia/Riyadh"]
    tt = salat.table([21.0, 22.0, 23.0], [39.0, 40.0, 41.0], "2026-01-01",
                     method=["mwl", "mwl", "isna"], names=["a", "a", "b"])
    assert [m.name for m in tt.methods] == ["mwl", "mwl", "isna"] and tt.names == ("a", "a", "b")


def test_repr():
    tt = salat.table([21.0, 22.0], [39.0, 40.0], "2026-01-01", "2026-01-03")
    assert repr(tt) == "<Timetable 2 place(s) x 3 days, 2026-01-01..2026-01-03>"
    empty = Timetable(tt.dates[:0], tt.utc_seconds[:, :0], tt.offset_seconds[:, :0],
                      tt.rule_flags[:, :0], tt.latitude, tt.longitude, tt.elevation,
                      tt.tzs, tt.methods)
    assert repr(empty) == "<Timetable 2 place(s) x 0 days, no dates>"


def test_one_place_in_chunks_stays_one_place():
    chunks = list(salat.table_chunks(21.0, 39.0, "2026-01-01", "2026-01-03"))
    joined = Timetable.concatenate(chunks)
    assert joined.single and joined.local("fajr").shape == (3,)


def test_day_bounds():
    tt = salat.table([21.0, 22.0], [39.0, 40.0], "2026-01-01", "2026-01-03")
    assert tt.day(0, place=-2).latitude == 21.0
    with pytest.raises(IndexError, match=r"^2026-02-01 is not in this table "
                                         r"\(2026-01-01\.\.2026-01-03\)$"):
        tt.day("2026-02-01")


def test_exporters_pass_their_options(tmp_path):
    tt = salat.table([21.0, 22.0], [39.0, 40.0], "2026-01-01", tz="Asia/Riyadh")
    assert list(json.loads(tt.to_json(times=["fajr"]))["places"][0]["days"][0]) == \
        ["date", "fajr"]
    text = tt.to_ics(times=["isha"], stamp=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    assert text.count("BEGIN:VEVENT") == 2 and "SUMMARY:Isha (1)" in text
    assert tt.to_ics(tmp_path / "t.ics") is None and (tmp_path / "t.ics").exists()
    frame = tt.to_pandas()                       # one zone: aware columns, no tz column
    assert list(frame.columns) == list(salat.TIME_NAMES)
    assert str(frame["fajr"].dt.tz) == "Asia/Riyadh"
