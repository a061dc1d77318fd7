"""Prayer zones (JAKIM) and the Habous elevation model (docs/goals.md).

Oracles: JAKIM's own zone list (which towns lie in which zone), the towns'
published coordinates, the documented zone rules (latest time over a zone's
points, earliest Syuruk), and for the dip a horizon given in degrees.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from click.testing import CliRunner

import salat
from salat.cli import cli
from salat.prayer_zones import RULES, get_zone, zone_for, zones


def test_catalogue_has_jakims_60_zones():
    z = zones()
    assert len(z) == 60
    per_state = {}
    for code in z:
        per_state[code[:3]] = per_state.get(code[:3], 0) + 1
    assert per_state == {"JHR": 4, "KDH": 7, "KTN": 2, "MLK": 1, "NGS": 3, "PHG": 7, "PLS": 1,
                         "PNG": 1, "PRK": 7, "SBH": 9, "SGR": 3, "SWK": 9, "TRG": 4, "WLY": 2}
    for zone in z.values():
        assert zone.rule in RULES
        assert zone.rule == "boundary" or len(zone.points) <= 1
        for lat, lon in zone.points:
            assert 0.8 < lat < 7.5 and 99.5 < lon < 119.5, zone
    assert "DOSM Open Data Licence" in salat.prayer_zones.licence()


@pytest.mark.parametrize("lat, lon, code", [
    (3.1478, 101.6953, "WLY01"),     # Kuala Lumpur
    (2.9264, 101.6964, "WLY01"),     # Putrajaya
    (1.4927, 103.7414, "JHR02"),     # Johor Bahru
    (2.0301, 102.5664, "JHR04"),     # Muar
    (6.1254, 102.2381, "KTN01"),     # Kota Bharu
    (4.5975, 101.0901, "PRK02"),     # Ipoh
    (4.8500, 100.7333, "PRK06"),     # Taiping
    (6.1184, 100.3685, "KDH01"),     # Alor Setar
    (5.4141, 100.3288, "PNG01"),     # George Town
    (1.5535, 110.3593, "SWK08"),     # Kuching
    (5.9804, 116.0735, "SBH07"),     # Kota Kinabalu
    (5.3302, 103.1408, "TRG01"),     # Kuala Terengganu
    (3.8077, 103.3260, "PHG02"),     # Kuantan
])
def test_zone_for_finds_the_zone_of_a_town(lat, lon, code):
    assert zone_for(lat, lon).code == code


@pytest.mark.parametrize("lat, lon", [(1.29, 103.85), (4.0, 106.0), (13.75, 100.5)])
def test_zone_for_outside_malaysia_is_none(lat, lon):
    """Singapore, the South China Sea and Bangkok are in no zone."""
    assert zone_for(lat, lon) is None


def test_boundary_rule_is_latest_time_and_earliest_sunrise():
    """NGS03 follows the boundary rule: each time is the latest over its points
    (Syuruk the earliest), rounded as the method rounds."""
    z = get_zone("NGS03")
    assert z.rule == "boundary" and len(z.points) > 3 and not z.sunrise_points
    day = dt.date(2026, 6, 21)
    zt = salat.times_for(zone="NGS03", date=day)
    each = [salat.times_for(la, lo, day, method="jakim", tz="Asia/Kuala_Lumpur",
                            rounding=None, zone=False)
            for la, lo in z.points]
    def up(t):
        return t.replace(second=0, microsecond=0) + dt.timedelta(
            minutes=1 if (t.second or t.microsecond) else 0)
    for name in ("fajr", "dhuhr", "asr", "maghrib", "isha"):
        assert getattr(zt, name) == up(max(getattr(t, name) for t in each)), name
    earliest = min(t.sunrise for t in each)
    assert zt.sunrise == up(earliest)


def test_enclave_takes_the_surrounding_zone_except_syuruk():
    """JAKIM's WLY01 (Kuala Lumpur, Putrajaya) and SGR01 (around them) print the same
    Subuh, Zohor, Asar, Maghrib and Isyak; Syuruk is WLY01's own (e-Solat, Jan 2025:
    2025-01-01 Syuruk 07:18 in WLY01, 07:17 in SGR01)."""
    day = dt.date(2025, 1, 1)
    w, s = salat.times_for(zone="WLY01", date=day), salat.times_for(zone="SGR01", date=day)
    for name in ("fajr", "dhuhr", "asr", "maghrib", "isha"):
        assert getattr(w, name) == getattr(s, name), name
    assert w.sunrise >= s.sunrise                 # the enclave's own, east of SGR01's edge
    published = ["06:07", "07:18", "13:20", "16:42", "19:17", "20:31"]
    for when, hm in zip((w.fajr, w.sunrise, w.dhuhr, w.asr, w.maghrib, w.isha), published):
        h, m = map(int, hm.split(":"))
        assert abs(when.hour * 60 + when.minute - (h * 60 + m)) <= 1, (when, hm)


def test_westernmost_rule_uses_one_point():
    z = get_zone("JHR02")
    assert z.rule == "westernmost" and len(z.points) == 1
    day = dt.date(2026, 3, 1)
    assert salat.times_for(zone="jhr02", date=day).as_dict() == \
        salat.times_for(z.latitude, z.longitude, day, method="jakim",
                        tz="Asia/Kuala_Lumpur").as_dict()


@pytest.mark.parametrize("code, lat, lon", [
    ("SBH07", 5.733, 115.933),       # Papar (5 deg 44 min N, 115 deg 56 min E)
    ("SWK03", 2.883, 112.850),       # Tatau (2 deg 53 min N, 112 deg 51 min E)
    ("SBH08", 5.338, 116.160),       # Keningau
])
def test_sabah_and_sarawak_zones_are_at_their_westernmost_listed_town(code, lat, lon):
    """In Sabah and Sarawak a zone's point is the westernmost town JAKIM lists for it
    (coordinates of the towns from their gazetteer entries, to 0.01 degree)."""
    z = get_zone(code)
    assert z.rule == "westernmost" and len(z.points) == 1
    assert abs(z.latitude - lat) < 0.01 and abs(z.longitude - lon) < 0.01, z.points
    assert "GeoNames" in z.source and "GeoNames" in salat.prayer_zones.licence()


@pytest.mark.parametrize("code", ["JHR03", "KTN02", "TRG03", "PHG04"])
def test_peninsular_west_point_lies_on_the_zone_outline(code):
    """Outside Sabah and Sarawak a westernmost-rule zone's point is where the parallel
    of its centre leaves the zone to the west: 0.02 deg east of it is the zone, 0.02
    deg west is not (DOSM's outlines, through zone_for)."""
    z = get_zone(code)
    assert z.rule == "westernmost" and len(z.points) == 1
    inside, outside = zone_for(z.latitude, z.longitude + 0.02), \
        zone_for(z.latitude, z.longitude - 0.02)
    assert inside is not None and inside.code == code
    assert outside is None or outside.code != code


def test_sarawak_published_days():
    """e-Solat's SWK03 (Tatau, Bintulu...) table, 2026-06-01 and 2026-12-01 (in
    tests/data/official): salat to the minute at Tatau."""
    published = {"2026-06-01": ["05:04", "06:18", "12:28", "15:53", "18:35", "19:50"],
                 "2026-12-01": ["05:05", "06:18", "12:19", "15:42", "18:17", "19:31"]}
    for day, want in published.items():
        t = salat.times_for(zone="SWK03", date=day)
        got = [when.strftime("%H:%M") for _, when in t]
        assert got == want, (day, got, want)


def test_zone_published_day():
    """JAKIM's e-Solat table for SGR03 (Klang, Kuala Langat), 2026-01-01 (in
    tests/data/official): 06:06 07:17 13:20 16:43 19:17 20:32; salat within a minute."""
    t = salat.times_for(zone="SGR03", date="2026-01-01")
    published = ["06:06", "07:17", "13:20", "16:43", "19:17", "20:32"]
    for (name, when), hm in zip(t, published):
        h, m = map(int, hm.split(":"))
        assert abs(when.hour * 60 + when.minute - (h * 60 + m)) <= 1, (name, when, hm)


def test_kelantan_zones_use_isyak_17():
    assert salat.times_for(zone="KTN01", date="2026-01-01").method.name == "jakim_kelantan"


def test_table_with_zone_matches_times_for():
    tt = salat.table(zone="PRK02", start="2026-05-01", end="2026-05-03")
    for i, day in enumerate(["2026-05-01", "2026-05-02", "2026-05-03"]):
        t = salat.times_for(zone="PRK02", date=day)
        assert str(tt.local("maghrib")[i]) == t.maghrib.strftime("%Y-%m-%dT%H:%M:%S")
        assert str(tt.local("sunrise")[i]) == t.sunrise.strftime("%Y-%m-%dT%H:%M:%S")


@pytest.mark.parametrize("call, words", [
    (lambda: salat.times_for(zone="XYZ01", date="2026-01-01"), ["zone", "XYZ01", "JHR02"]),
    (lambda: salat.times_for(3.1, 101.7, zone="WLY01"), ["zone", "lat/lon"]),
    (lambda: salat.times_for(zone="WLY01", elevation=100), ["elevation", "100"]),
    (lambda: salat.times_for(zone="SWK09", date="2026-01-01"), ["SWK09", "lat and lon"]),
    (lambda: salat.table(zone="nope", year=2026), ["zone", "nope"]),
])
def test_bad_zone_input(call, words):
    with pytest.raises(salat.InputError) as e:
        call()
    assert all(w in str(e.value) for w in words), str(e.value)


def test_zone_must_be_a_string():
    with pytest.raises(salat.InputTypeError):
        salat.times_for(zone=7)


def test_cli_zone():
    r = CliRunner().invoke(cli, ["times", "--zone", "SGR03", "--date", "2026-01-01", "--json"])
    assert r.exit_code == 0, r.output
    assert '"dhuhr": "2026-01-01T13:20:00+08:00"' in r.output
    r = CliRunner().invoke(cli, ["table", "--zone", "SGR03", "--start", "2026-01-01"])
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[1].split(",")[4] == "13:20"
    r = CliRunner().invoke(cli, ["times", "--zone", "SGR03", "--lat", "3"])
    assert r.exit_code == 2 and "--zone" in r.output


# ---------------------------------------------------------------- the dip

def test_dip_is_a_share_of_the_standard_dip():
    """dip=k at elevation h is the same as a horizon of 0.8333 + k*0.0347*sqrt(h) deg."""
    h, k = 2150.0, 0.6
    lowered = salat.Method("x", horizon=50 / 60 + k * 0.0347 * math.sqrt(h))
    with_dip = salat.Method("x", dip=k)
    a = salat.times_for(32.1561, -5.6336, "2026-09-26", method=with_dip, elevation=h,
                        tz="Africa/Casablanca", rounding=None)
    b = salat.times_for(32.1561, -5.6336, "2026-09-26", method=lowered,
                        tz="Africa/Casablanca", rounding=None)
    assert abs((a.sunrise - b.sunrise).total_seconds()) < 1
    assert abs((a.maghrib - b.maghrib).total_seconds()) < 1
    full = salat.times_for(32.1561, -5.6336, "2026-09-26", method=salat.Method("x"),
                           elevation=h, tz="Africa/Casablanca", rounding=None)
    assert full.maghrib > a.maghrib           # the full dip lowers the horizon more


def test_habous_imilchil_with_its_elevation():
    """Habous, Imilchil (about 2,150 m), 2026-09-26: sunrise 06:05, Maghrib 18:22;
    at sea level the model would be 4-5 min off."""
    def at(elevation):
        t = salat.times_for(32.1561, -5.6336, "2026-09-26", method="morocco",
                            elevation=elevation, tz="Africa/Casablanca")
        return t.sunrise.hour * 60 + t.sunrise.minute, t.maghrib.hour * 60 + t.maghrib.minute
    sunrise, maghrib = at(2150)
    assert abs(sunrise - (6 * 60 + 5)) <= 1 and abs(maghrib - (18 * 60 + 22)) <= 1
    sunrise, maghrib = at(0)
    assert sunrise - (6 * 60 + 5) >= 3 and (18 * 60 + 22) - maghrib >= 3


@pytest.mark.parametrize("bad", [-0.1, 2.5, float("nan"), True, "0.6"])
def test_bad_dip(bad):
    with pytest.raises(salat.InputError, match="dip"):
        salat.Method("x", dip=bad)


def test_describe_methods_documents_the_elevation():
    row = next(r for r in salat.describe_methods() if r["name"] == "morocco")
    assert "dip 0.6" in row["parameters"] and "elevation" in row["source"]


def test_table_and_chunks_with_a_zone_and_a_method():
    """``zone=`` works the same in ``table`` and ``table_chunks``: the zone's
    point and rule, its method unless another is given; never with lat/lon
    or an elevation."""
    span = dict(start="2026-05-01", end="2026-05-10")
    whole = salat.table(zone="PRK02", **span)
    parts = list(salat.table_chunks(zone="PRK02", **span))
    np.testing.assert_array_equal(
        np.concatenate([p.utc_seconds for p in parts], axis=0), whole.utc_seconds)
    mwl = salat.table(zone="PRK02", method="mwl", **span)
    day = salat.times_for(zone="PRK02", date="2026-05-04", method="mwl")
    assert mwl.day(3).as_dict() == day.as_dict() and day.method.name == "mwl"
    assert not np.array_equal(mwl.utc_seconds, whole.utc_seconds)
    (chunk,) = salat.table_chunks(zone="PRK02", method="mwl", **span)
    np.testing.assert_array_equal(chunk.utc_seconds, mwl.utc_seconds)
    for make in (salat.table, lambda **kw: list(salat.table_chunks(**kw))):
        with pytest.raises(salat.InputError, match="lat/lon were both given"):
            make(lat=4.6, zone="PRK02", **span)
        with pytest.raises(salat.InputError, match="lat/lon were both given"):
            make(lon=101.1, zone="PRK02", **span)
        with pytest.raises(salat.InputError, match="elevation=100"):
            make(zone="PRK02", elevation=100, **span)


def test_authority_at_gives_the_zone_only_for_jakim_or_the_default():
    """Malaysia's default is JAKIM's zone table (Kota Bharu: Kelantan's variant);
    another method, or a place outside Malaysia, gets no zone."""
    from salat.regions import authority_at

    kl, kota_bharu, london = (3.1412, 101.6865), (6.1333, 102.2386), (51.5074, -0.1278)
    m, z = authority_at(*kl)
    assert (m.name, z.code) == ("jakim", "WLY01")
    m, z = authority_at(*kota_bharu, "jakim")
    assert (m.name, z.code) == ("jakim_kelantan", "KTN01")
    assert authority_at(*kl, salat.METHODS["jakim"])[1].code == "WLY01"
    assert authority_at(*kl, "mwl") == (salat.METHODS["mwl"], None)
    assert authority_at(*kl, salat.METHODS["jakim"].replace(fajr=20.0))[1] is None
    assert authority_at(*london) == (salat.METHODS["london_unified"], None)
    # the place's own time zone, when the caller has it, is not looked up again
    import pytz
    assert authority_at(*kl, place_tz=pytz.timezone("Europe/London"))[1] is None
