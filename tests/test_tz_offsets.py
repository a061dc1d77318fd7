"""``salat.timezones``: vectorized UTC offsets checked instant by instant against
the tzinfo's own ``fromutc`` (pytz and zoneinfo), resolving zones, and the
dates a zone's clocks skipped."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import numpy as np
import pytest
import pytz

from salat import InputError, InputTypeError, timezones

UTC = dt.timezone.utc


def unix(*args) -> float:
    return dt.datetime(*args, tzinfo=UTC).timestamp()


def one_by_one(tz, seconds) -> list[float]:
    """The offset each instant has, asked of the tzinfo itself."""
    out = []
    for s in seconds:
        when = dt.datetime.fromtimestamp(s, UTC)
        out.append(when.astimezone(tz).utcoffset().total_seconds())
    return out


# London's spring change at 01:00 UTC on 29 March 2026, autumn at 01:00 UTC on 25 Oct
EDGES = [unix(2026, 3, 29, 0, 59, 59), unix(2026, 3, 29, 1), unix(2026, 3, 29, 1, 0, 1),
         unix(2026, 10, 25, 0, 59, 59), unix(2026, 10, 25, 1), unix(2026, 1, 1),
         unix(1850, 6, 1), unix(2200, 6, 1), unix(1916, 5, 21, 2), unix(1970, 1, 1)]


@pytest.mark.parametrize("name", ["Europe/London", "America/Sao_Paulo", "Australia/Lord_Howe",
                                  "Asia/Kathmandu", "Pacific/Apia", "Africa/Casablanca"])
@pytest.mark.parametrize("kind", ["pytz", "zoneinfo"])
def test_offsets_agree_with_the_zone_instant_by_instant(name, kind):
    tz = pytz.timezone(name) if kind == "pytz" else zoneinfo.ZoneInfo(name)
    rng = np.random.default_rng(7)
    seconds = np.concatenate([EDGES, rng.uniform(unix(1900, 1, 1), unix(2100, 1, 1), 300)])
    got = timezones.utc_offsets(tz, seconds)
    assert got.shape == seconds.shape
    np.testing.assert_array_equal(got, one_by_one(tz, seconds))


def test_offsets_at_the_change_itself():
    for tz in (pytz.timezone("Europe/London"), zoneinfo.ZoneInfo("Europe/London")):
        np.testing.assert_array_equal(timezones.utc_offsets(tz, EDGES[:5]),
                                      [0, 3600, 3600, 3600, 0])
        # a 2-d array keeps its shape
        assert timezones.utc_offsets(tz, np.array(EDGES[:4]).reshape(2, 2)).shape == (2, 2)


def test_offsets_of_fixed_and_generic_zones():
    india = dt.timezone(dt.timedelta(hours=5, minutes=30))
    np.testing.assert_array_equal(timezones.utc_offsets(india, EDGES[:3]), [19800.0] * 3)
    np.testing.assert_array_equal(timezones.utc_offsets(UTC, [0.0, np.nan]), [0.0, 0.0])
    london = zoneinfo.ZoneInfo("Europe/London")
    got = timezones.utc_offsets(london, [np.nan, EDGES[1], np.nan])
    assert np.isnan(got[0]) and got[1] == 3600 and np.isnan(got[2])
    assert np.isnan(timezones.utc_offsets(london, [np.nan, np.nan])).all()


# ---------------------------------------------------------------- resolving

def test_resolve_zone():
    london = timezones.resolve_tz(" Europe/London ")
    assert london is pytz.timezone("Europe/London")
    z = zoneinfo.ZoneInfo("Asia/Tokyo")
    assert timezones.resolve_tz(z) is z and timezones.resolve_tz(UTC) is UTC
    assert timezones.tz_name(timezones.resolve_tz(None, 21.4225, 39.8262)) == "Asia/Riyadh"
    assert timezones.tz_name(timezones.resolve_tz(None, 0.0, -30.0)) == "Etc/GMT+2"   # at sea
    with pytest.raises(InputError, match="^" + re.escape(
            "tz: no time zone given and no place to find one from") + "$"):
        timezones.resolve_tz(None, 21.0)
    with pytest.raises(InputError, match="^" + re.escape(
            "tz: unknown time zone 'Mars/Olympus'; give an IANA name such as "
            "'Europe/London' or 'Asia/Riyadh', or a tzinfo") + "$"):
        timezones.resolve_tz("Mars/Olympus")
    with pytest.raises(InputTypeError, match="^" + re.escape(
            "tz must be None, an IANA name or a tzinfo, got int") + "$"):
        timezones.resolve_tz(3)


def test_zone_at_and_names():
    assert timezones.tz_name(timezones.tz_at(33.5731, -7.5898)) == "Africa/Casablanca"
    assert timezones.tz_name(timezones.tz_at(51.5, -0.13)) == "Europe/London"
    assert timezones.tz_at(35.68, 139.69) is pytz.timezone("Asia/Tokyo")
    assert timezones.tz_name(zoneinfo.ZoneInfo("Asia/Tokyo")) == "Asia/Tokyo"
    assert timezones.tz_name(UTC) == "UTC"
    assert timezones.tz_name(dt.timezone(dt.timedelta(hours=3))) == "UTC+03:00"


# ---------------------------------------------------------------- skipped dates

@pytest.mark.parametrize("tz", [pytz.timezone("Pacific/Apia"), zoneinfo.ZoneInfo("Pacific/Apia")])
def test_samoa_skipped_2011_12_30(tz):
    run = np.array(["2011-12-29", "2011-12-30", "2011-12-31"], "datetime64[D]")
    assert timezones.skipped_dates(tz, run).tolist() == [False, True, False]
    apart = run[[0, 1]].copy()
    apart[0] -= 100
    assert timezones.skipped_dates(tz, apart).tolist() == [False, True]
    assert timezones.skipped_dates(tz, run[:0]).tolist() == []


def test_kiribati_and_dst_days():
    line = pytz.timezone("Pacific/Kiritimati")          # skipped 1994-12-31
    days = np.arange(np.datetime64("1994-12-30"), np.datetime64("1995-01-02"))
    assert timezones.skipped_dates(line, days).tolist() == [False, True, False]
    london = pytz.timezone("Europe/London")               # DST gaps skip no date
    days = np.arange(np.datetime64("2026-03-28"), np.datetime64("2026-03-31"))
    assert not timezones.skipped_dates(london, days).any()


@pytest.mark.parametrize("name, first, last", [
    ("Pacific/Apia", "2010-01-01", "2013-12-31"),        # date line 2011, DST at +13/+14
    ("Pacific/Kiritimati", "1994-06-01", "1995-06-30"),
    ("Pacific/Kwajalein", "1993-06-01", "1993-12-31"),   # skipped 1993-08-21
    ("Pacific/Auckland", "2026-01-01", "2026-12-31"),
    ("Australia/Lord_Howe", "2026-01-01", "2026-12-31"),
    ("America/St_Johns", "2026-01-01", "2026-12-31"),
])
def test_skipped_dates_are_the_dates_no_clock_shows(name, first, last):
    """A date was skipped when no instant has it as its local date: the local
    date of every quarter hour, from the zone itself, is the oracle."""
    tz = pytz.timezone(name)
    days = np.arange(np.datetime64(first), np.datetime64(last) + 1)
    start = dt.datetime.fromisoformat(first).replace(tzinfo=UTC) - dt.timedelta(days=2)
    seen = set()
    for k in range((days.size + 4) * 96):
        seen.add((start + dt.timedelta(minutes=15 * k)).astimezone(tz).date())
    expect = [d.item() not in seen for d in days]
    got = timezones.skipped_dates(tz, days)
    assert got.tolist() == expect
    assert timezones.skipped_dates(tz, days[::-2]).tolist() == expect[::-2]     # not a run


def test_skipped_dates_of_scattered_and_repeated_dates():
    apia = pytz.timezone("Pacific/Apia")
    pick = np.array(["2011-12-27", "2011-12-30"], "datetime64[D]")     # 3 days apart
    assert timezones.skipped_dates(apia, pick).tolist() == [False, True]
    same = np.array(["2011-12-30", "2011-12-30"], "datetime64[D]")
    assert timezones.skipped_dates(apia, same).tolist() == [True, True]
    as_dates = [dt.date(2011, 12, 30), dt.date(2011, 12, 31)]
    assert timezones.skipped_dates(apia, as_dates).tolist() == [True, False]


def test_pytz_zones_take_the_vectorized_path(monkeypatch):
    """The docstring's promise: a pytz zone is one searchsorted in its
    transition table, never a call per instant."""
    def per_instant(*a):
        raise AssertionError("per-instant path used for a pytz zone")
    monkeypatch.setattr(timezones, "_generic_offsets", per_instant)
    monkeypatch.setattr(timezones, "_offset_at", per_instant)
    got = timezones.utc_offsets(pytz.timezone("Europe/London"), EDGES[:5])
    np.testing.assert_array_equal(got, [0, 3600, 3600, 3600, 0])


def test_zone_name_prefers_the_iana_name():
    class Named(dt.tzinfo):
        def __init__(self, **names):
            self.__dict__.update(names)

        def utcoffset(self, when):
            return dt.timedelta(0)

        def __str__(self):
            return "a custom clock"
    assert timezones.tz_name(Named(zone="Asia/Tokyo", key="Europe/Paris")) == "Asia/Tokyo"
    assert timezones.tz_name(Named(zone=None, key="Europe/Paris")) == "Europe/Paris"
    assert timezones.tz_name(Named(key="Europe/Paris")) == "Europe/Paris"
    assert timezones.tz_name(Named()) == "a custom clock"


def test_local_periods_are_what_fromutc_gives():
    """Each instant's tzinfo is the one pytz's own ``fromutc`` attaches: at the
    change itself (the new period starts on its first second), before the
    zone's first transition (local mean time), and for instants in any shape."""
    tz = pytz.timezone("Europe/Oslo")
    change = unix(2026, 3, 29, 1, 0, 0)           # 02:00 CET -> 03:00 CEST
    seconds = np.array([[change - 1.0, change, change + 1.0],
                        [unix(1850, 6, 1), unix(2026, 7, 1), unix(2026, 11, 1)]])
    infos, index = timezones.local_periods(tz, seconds)
    assert index.shape == seconds.shape
    for i, j in np.ndindex(seconds.shape):
        want = dt.datetime.fromtimestamp(seconds[i, j], dt.timezone.utc).astimezone(tz)
        got = want.replace(tzinfo=infos[index[i, j]])       # the same clock, our tzinfo
        assert (got.utcoffset(), got.tzname()) == (want.utcoffset(), want.tzname()), (i, j)
    names = [want.replace(tzinfo=infos[k]).tzname() for k in index.reshape(-1)]
    assert names == ["CET", "CEST", "CEST", "LMT", "CEST", "CET"]


def test_skipped_dates_of_a_tzinfo_that_cannot_be_hashed():
    """A caller's own tzinfo without a hash is computed without the cache."""
    class Apia(dt.tzinfo):                 # Samoa's jump, hand-made: -10 h, then +14 h
        __hash__ = None

        def utcoffset(self, d):
            if d is None:                  # no single offset
                return None
            naive = d.replace(tzinfo=None)
            return dt.timedelta(hours=14 if naive >= dt.datetime(2011, 12, 31) else -10)

        def fromutc(self, d):
            naive = d.replace(tzinfo=None)
            jump = dt.datetime(2011, 12, 30, 10)                       # 00:00 on the 31st
            return (naive + dt.timedelta(hours=14 if naive >= jump else -10)).replace(tzinfo=self)

        def dst(self, d):
            return dt.timedelta(0)

    days = np.arange(np.datetime64("2011-12-28"), np.datetime64("2012-01-02"))
    np.testing.assert_array_equal(timezones.skipped_dates(Apia(), days),
                                  [False, False, True, False, False])


@pytest.mark.parametrize("name", ["Africa/Casablanca", "Europe/Paris", "America/St_Johns",
                                  "Asia/Kolkata", "Pacific/Chatham", "Etc/GMT+5", "UTC",
                                  "America/Sao_Paulo"])
def test_iso_seconds_is_isoformat_in_seconds(name):
    tz = timezones.resolve_tz(name)
    start = dt.datetime(1850, 1, 1, tzinfo=dt.timezone.utc)
    for k in range(0, 400 * 365 * 86400, 86400 * 97 + 3607):     # every period, LMT too
        when = (start + dt.timedelta(seconds=k, microseconds=k % 999_999)).astimezone(tz)
        assert timezones.iso_seconds(when) == when.isoformat(timespec="seconds"), when
    other = dt.datetime(2026, 3, 29, 1, 30, 5, 7, tzinfo=zoneinfo.ZoneInfo("Europe/Paris"))
    assert timezones.iso_seconds(other) == "2026-03-29T01:30:05+01:00"


@pytest.mark.parametrize("name", ["Europe/Paris", "Africa/Casablanca", "UTC", "Etc/GMT-14",
                                  "Pacific/Apia", "America/Sao_Paulo"])
def test_lists_of_instants_get_the_arrays_offsets_and_periods(name):
    """The one-day path's lists (one period for the day, or each its own) agree
    with the array functions, on days when clocks change, with NaN among them."""
    tz = timezones.resolve_tz(name)
    nan = float("nan")
    days = [dt.datetime(y, m, d, tzinfo=dt.timezone.utc).timestamp()
            for y, m, d in ((2026, 3, 29), (2026, 10, 25), (2026, 2, 15), (2011, 12, 29),
                            (1850, 6, 1), (2199, 12, 31), (2026, 3, 8))]
    cases = [[d + 3600.0 * h for h in range(-6, 30, 3)] for d in days]
    cases += [[nan] + case[1:] for case in cases] + [case[:3] + [nan] for case in cases]
    cases += [[-1e17], [1e16]]
    for seconds in cases:
        want = timezones.utc_offsets(tz, np.array(seconds))
        got = timezones.utc_offset_list(tz, seconds)
        ok = ~np.isnan(np.array(seconds, float))
        assert all(type(x) is float for x in got)
        np.testing.assert_array_equal(np.array(got)[ok], want[ok], err_msg=str(seconds))
        infos, index = timezones.local_periods(tz, np.array(seconds))
        tzinfos = timezones.local_tzinfo_list(tz, seconds)
        assert [t for t, k in zip(tzinfos, ok) if k] == \
            [infos[i] for i, k in zip(index.tolist(), ok) if k], seconds
