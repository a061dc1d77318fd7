"""``salat.times_for`` and ``PrayerTimes`` at their edges: what a day knows
about itself, today at the place, the exact messages, ``repr``, and the
conversion of seconds to ``datetime64``."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import zoneinfo

import numpy as np
import pytz
import pytest

import salat
from salat.times import to_datetime64


def fails(message: str, exc=salat.InputError):
    return pytest.raises(exc, match="^" + re.escape(message) + "$")


def test_a_day_knows_its_place_date_zone_and_method():
    t = salat.times_for(21.4225, 39.8262, "2026-03-01", method="mwl", tz="Asia/Riyadh")
    assert (t.latitude, t.longitude, t.date) == (21.4225, 39.8262, dt.date(2026, 3, 1))
    assert salat.timezones.tz_name(t.tz) == "Asia/Riyadh" and t.method is salat.METHODS["mwl"]
    assert t.dhuhr.utcoffset() == dt.timedelta(hours=3)


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_no_date_means_today_at_the_place(zone):
    """UTC+14 and UTC-11: at any hour one of them is on another date than UTC. The
    test's "today" comes from pytz, salat's database, not the system's zoneinfo."""
    before = dt.datetime.now(pytz.timezone(zone)).date()
    t = salat.times_for(0.0, -160.0, tz=zone, method="mwl")
    after = dt.datetime.now(pytz.timezone(zone)).date()
    assert t.date in {before, after}                  # midnight may pass in between


@pytest.mark.parametrize("kwargs, message", [
    (dict(high_latitude="fast"), "high_latitude: got 'fast'; allowed: 'recommended', "
     "'middle_of_night', 'seventh_of_night', 'twilight_angle', 'none'"),
    (dict(polar="ignore"), "polar: got 'ignore'; allowed: 'unresolved', 'nearest_day', "
     "'nearest_latitude'"),
    (dict(rounding="half"), "rounding: got 'half'; allowed: 'method', 'nearest', 'up', "
     "'down'"),
])
def test_option_messages(kwargs, message):
    with fails(message):
        salat.times_for(21.0, 39.0, "2026-03-01", **kwargs)


def test_one_place_only_and_skipped_days():
    with fails("times_for takes one place; use salat.table for many", salat.InputTypeError):
        salat.times_for([21.0, 22.0], [39.0, 40.0], "2026-03-01")
    with fails("date 2011-12-30 did not occur in the time zone Pacific/Apia (its clocks "
               "skipped that day)"):
        salat.times_for(-13.8333, -171.7667, "2011-12-30", tz="Pacific/Apia")


def test_next_prayer_needs_a_known_offset():
    class NoOffset(dt.tzinfo):
        def utcoffset(self, when):
            return None
    t = salat.times_for(21.0, 39.0, "2026-03-01", method="mwl")
    with pytest.raises(salat.InputError, match="timezone-aware"):
        t.next_prayer(dt.datetime(2026, 3, 1, 12, tzinfo=NoOffset()))


def test_repr():
    t = salat.times_for(21.4225, 39.8262, "2026-03-01", method="umm_al_qura",
                        tz="Asia/Riyadh")
    hms = {n: getattr(t, n).strftime("%H:%M:%S") for n in salat.PRAYER_NAMES}
    assert repr(t) == ("PrayerTimes(2026-03-01 at 21.4225,39.8262 [umm_al_qura]: "
                       + " ".join(f"{n}={hms[n]}" for n in salat.PRAYER_NAMES) + ")")
    polar = salat.times_for(78.2232, 15.6267, "2026-06-21", method="mwl")
    assert "fajr=--:-- sunrise=--:--" in repr(polar)


def test_to_datetime64():
    got = to_datetime64(np.array([0.0, 1.9, -0.5, np.nan, 1772323200.75]))
    assert got.dtype == np.dtype("datetime64[s]")
    assert got[0] == np.datetime64("1970-01-01T00:00:00")
    assert got[1] == np.datetime64("1970-01-01T00:00:01")      # dropped, not rounded
    assert got[2] == np.datetime64("1969-12-31T23:59:59")      # floor, not toward zero
    assert np.isnat(got[3])
    assert got[4] == np.datetime64("2026-03-01T00:00:00")
    two = to_datetime64(np.array([[np.nan, 60.0]]))
    assert two.shape == (1, 2) and np.isnat(two[0, 0]) and two[0, 1] == np.datetime64(60, "s")


def test_adjusted_is_a_read_only_copy():
    """``PrayerTimes.adjusted`` is read-only like the rest of the day, and a
    mapping the caller passes is copied, not kept."""
    t = salat.times_for(21.4225, 39.8262, "2026-03-01", method="umm_al_qura")
    assert dict(t.adjusted) == {}
    with pytest.raises(TypeError):
        t.adjusted["fajr"] = "x"
    labels = {"isha": "high_latitude"}
    fields = {name: getattr(t, name) for name in salat.TIME_NAMES}
    made = salat.PrayerTimes(t.date, t.latitude, t.longitude, t.tz, t.method, **fields,
                             adjusted=labels)
    labels["fajr"] = "nearest_day"
    assert dict(made.adjusted) == {"isha": "high_latitude"}
    with pytest.raises(TypeError):
        made.adjusted["isha"] = "x"
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.isha = None


@pytest.mark.parametrize("kwargs, message", [
    (dict(lat=91, lon=0), "lat must be a finite number from -90 to 90 degrees; got 91.0"),
    (dict(lat=0, lon=-181), "lon must be a finite number from -180 to 180 degrees; got -181.0"),
    (dict(lat=0, lon=0, elevation=9001),
     "elevation must be a finite number from -500 to 9000 metres; got 9001.0"),
])
def test_range_messages_name_the_argument_and_unit(kwargs, message):
    with pytest.raises(salat.InputError) as err:
        salat.times_for(date="2026-03-01", **kwargs)
    assert str(err.value) == message


def test_numpy_scalars_are_one_place():
    """numpy scalars and 0-d arrays are numbers like any other; an array of
    several is a clear error pointing to salat.table."""
    plain = salat.times_for(21.5, 39.75, "2026-03-01", elevation=250.0, tz="UTC")
    same = salat.times_for(np.float32(21.5), np.array(39.75), "2026-03-01",
                           elevation=np.float32(250.0), tz="UTC")
    assert same.as_dict() == plain.as_dict()
    zero_d = salat.times_for(np.array(21.5), np.array(39.75), "2026-03-01",
                             elevation=np.array(250.0), tz="UTC")
    assert zero_d.as_dict() == plain.as_dict()
    assert type(same.latitude) is float and type(same.longitude) is float
    with pytest.raises(salat.InputError, match="times_for takes one place; use salat.table"):
        salat.times_for(21.5, np.array([39.75, 40.0]), "2026-03-01")
    with pytest.raises(salat.InputError, match="times_for takes one place"):
        salat.times_for(np.array([21.5, 22.0]), 39.75, "2026-03-01")
    with pytest.raises(salat.InputError,
                       match=re.escape("elevation: times_for takes one number, got shape (2,)")):
        salat.times_for(21.5, 39.75, "2026-03-01", elevation=np.array([1.0, 2.0]))


def test_zone_and_coordinates_exclude_each_other():
    for lat, lon in [(2.0, None), (None, 103.0), (2.0, 103.0)]:
        with pytest.raises(salat.InputError, match="zone='JHR02' and lat/lon were both given"):
            salat.times_for(lat, lon, "2026-03-01", zone="JHR02")
    assert salat.times_for(zone="JHR02", date="2026-03-01").method.name == "jakim"
    other = salat.times_for(zone="JHR02", date="2026-03-01", method="mwl")
    assert other.method.name == "mwl"


def test_memo_computes_one_date_then_the_year_then_nothing(monkeypatch):
    """The documented memo: a first call computes its date, a second call for
    the same place and options the whole calendar year, later calls nothing;
    other options or another year are other entries."""
    from salat import times

    sizes = []
    engine, one_day = times.compute, times.compute_day

    def counting(lat, lon, dates, **kw):
        sizes.append(len(dates))
        return engine(lat, lon, dates, **kw)

    def counting_day(lat, lon, day, **kw):        # a first call: one date, on floats
        sizes.append(1)
        return one_day(lat, lon, day, **kw)
    monkeypatch.setattr(times, "compute", counting)
    monkeypatch.setattr(times, "compute_day", counting_day)
    times._CACHE.clear()
    place = (48.8566, 2.3522)
    first = salat.times_for(*place, "2026-07-14", tz="Europe/Paris")
    assert sizes == [1]
    assert salat.times_for(*place, "2026-07-14", tz="Europe/Paris").as_dict() == first.as_dict()
    assert sizes == [1]                                    # the same date: a lookup
    for day in ("2026-01-01", "2026-01-01", "2026-07-14", "2026-12-31", "2026-03-29"):
        t = salat.times_for(*place, day, tz="Europe/Paris")
        assert t.date.isoformat() == day
    assert sizes == [1, 365]
    assert salat.times_for(*place, "2026-07-14", tz="Europe/Paris").as_dict() == first.as_dict()
    salat.times_for(*place, "2026-07-14", tz="Europe/Paris", asr="hanafi")
    salat.times_for(*place, "2027-07-14", tz="Europe/Paris")
    assert sizes == [1, 365, 1, 1]
    times._CACHE.clear()


def test_polar_tables_raise_no_numpy_warnings():
    """Times that do not occur are NaN inside the engine and None/NaT outside;
    numpy's "invalid value" warnings about them never reach the caller."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tt = salat.table([69.6492, -77.8419, 78.2232], [18.9553, 166.6863, 15.6267],
                         "2026-06-01", "2026-06-30", tz="UTC")
        one = salat.times_for(78.2232, 15.6267, "2026-06-21", tz=zoneinfo.ZoneInfo("UTC"))
    assert np.isnat(tt.utc("sunset")).all() and one.sunset is None


def test_a_zoneinfo_day_with_missing_times():
    """A stdlib zone goes its own way from seconds to datetimes (pytz zones
    another): times that do not occur are None there too."""
    z = zoneinfo.ZoneInfo("Europe/Oslo")
    t = salat.times_for(69.6492, 18.9553, "2026-06-21", method="mwl", tz=z)
    assert (t.sunrise, t.sunset, t.fajr, t.isha) == (None,) * 4
    assert t.dhuhr.tzinfo is z and t.dhuhr.utcoffset() == dt.timedelta(hours=2)


def test_a_big_table_is_solved_in_blocks_that_cover_every_place():
    """Many places make the engine solve them in blocks (to bound memory);
    every block is solved, the last included: a year of 120 places, and a
    week of 1,000 (more places than dates)."""
    for n, start, end in [(120, "2026-01-01", "2026-12-31"), (1000, "2026-03-01", "2026-03-07")]:
        lat = np.linspace(-55.0, 55.0, n)
        lon = np.linspace(-170.0, 170.0, n)
        tt = salat.table(lat, lon, start, end, method="isna", tz="UTC")
        for i in (0, n // 3, n - 1):
            for j in (0, len(tt) // 2, len(tt) - 1):
                t = salat.times_for(float(lat[i]), float(lon[i]), tt.day(j, i).date,
                                    method="isna", tz="UTC")
                assert tt.day(j, i).as_dict() == t.as_dict(), (n, i, j)
        # every place, from tables small enough to be one block each
        parts = [salat.table(lat[k:k + 50], lon[k:k + 50], start, end, method="isna", tz="UTC")
                 for k in range(0, n, 50)]
        np.testing.assert_array_equal(
            tt.utc_seconds, np.concatenate([p.utc_seconds for p in parts], axis=0))


def test_day_cache_is_a_second_chance_lru():
    """The memo's eviction, step by step (``_DayCache`` documents it): past
    ``maxsize`` the oldest entry goes, unless it was used since it was stored
    or last spared; then it is spared once and moved to the back. Storing a
    key again replaces it and makes it the newest; an entry is never dropped
    by its own storing, even when every other entry was used."""
    from salat.times import _DayCache

    c = _DayCache(3)
    for k, key in enumerate("abc"):
        c.put(key, k, f"row {key}")
    assert len(c) == 3 and c.get("zz") is None
    c.put("a", 10, "row a2")                  # stored again: newest, order b c a
    c.put("d", 3, "row d")                    # b is the oldest, never used: dropped
    assert len(c) == 3 and c.get("b") is None
    assert c.get("a") == (10, "row a2")       # a: used, order c a d
    c.put("e", 4, "row e")                    # c dropped (a was not the oldest)
    assert c.get("c") is None and len(c) == 3
    c.get("d")                                # order a d e, a and d used
    c.put("f", 5, "row f")                    # a and d spared, e dropped: order a d f
    assert [k for k in "adef" if c.get(k) is not None] == ["a", "d", "f"]
    c.put("g", 6, "row g")                    # all used: each spared once, then a goes
    c.put("h", 7, "row h")                    # d was spared and not used since: it goes
    assert [k for k in "adfgh" if c.get(k) is not None] == ["f", "g", "h"]
    c.clear()
    assert len(c) == 0 and c.get("h") is None
    for k, key in enumerate("abc"):
        c.put(key, k, f"row {key}")
    c.put("b", 9, "row b2")                   # a full cache: replacing drops nothing
    assert len(c) == 3 and c.get("b") == (9, "row b2") and c.get("a") == (0, "row a")
