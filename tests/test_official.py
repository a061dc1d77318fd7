"""salat against the timetables authorities publish, minute by minute.

Each authority's timetables (``tests/data/official``) are computed with its
method from ``salat.METHODS`` through ``salat.times_for``. The floors below
are the agreement reached when they were set, less a small margin, so that a
regression fails; ``docs/accuracy.md`` (``python -m benchmarks.accuracy``)
gives the current figures and explains the authorities below the goal of
``docs/goals.md`` (90% exact, 99% within 1 min).
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json

import pytest
import pytz

import salat

from benchmarks.accuracy import (AUTHORITIES, DATA, GOAL_EXACT, GOAL_WITHIN_1, PRAYERS,
                                 authority_agreement, compare, load, load_all, salat_minutes,
                                 table_agreement)

# Percent exact / within 1 min, overall and per prayer, that salat must keep.
FLOORS = {
    "diyanet": {"all": (93, 99), "fajr": (96, 99), "sunrise": (94, 99), "dhuhr": (94, 99),
                "asr": (90, 99), "maghrib": (91, 99), "isha": (89, 99)},
    "jakim": {"all": (71, 93), "fajr": (72, 93), "sunrise": (68, 91), "dhuhr": (77, 95),
              "asr": (70, 95), "maghrib": (70, 93), "isha": (73, 94)},
    "muis": {"all": (71, 99), "fajr": (71, 99), "sunrise": (73, 99), "dhuhr": (76, 99),
             "asr": (61, 99), "maghrib": (70, 98), "isha": (72, 99)},
    "habous": {"all": (84, 99), "fajr": (89, 99), "sunrise": (62, 99), "dhuhr": (92, 99),
               "asr": (83, 99), "maghrib": (80, 99), "isha": (94, 99)},
    "kemenag": {"all": (90, 99), "fajr": (93, 99), "sunrise": (93, 99), "dhuhr": (82, 99),
                "asr": (86, 99), "maghrib": (90, 99), "isha": (85, 99)},
    "lupt": {"all": (55, 72), "sunrise": (83, 99), "dhuhr": (83, 99), "asr": (79, 99),
             "maghrib": (78, 99), "fajr": (5, 20), "isha": (1, 5)},
    "qatar": {"all": (86, 99), "fajr": (85, 99), "sunrise": (75, 99), "dhuhr": (85, 99),
              "asr": (92, 99), "maghrib": (85, 99), "isha": (85, 99)},
}
#: Authorities whose tables meet the goal (docs/goals.md) today.
MEET_GOAL = ("diyanet", "kemenag")

# Per timetable (percent exact / within 1 min over the six times): each Habous city
# with its elevation, each JAKIM zone at its reference point(s). Set just below the
# figures measured when the zone model was introduced (docs/goals.md).
TABLE_FLOORS = {
    "habous": {"habous-rabat.json": (86, 99), "habous-rabat-gmt-2026-09.json": (87, 99),
               "habous-essaouira-2026-09.json": (82, 99), "habous-agadir-2026-09.json": (87, 99),
               "habous-fes-2026-09.json": (77, 99), "habous-ouarzazate-2026-09.json": (89, 99),
               "habous-azrou-2026-09.json": (83, 99), "habous-midelt-2026-09.json": (84, 99),
               "habous-imilchil-2026-09.json": (75, 99)},
    "jakim": {
        "JHR01": (91, 99.5), "JHR03": (72, 99.5), "JHR04": (85, 99.5), "KDH01": (86, 99.5),
        "KDH02": (65, 98), "KDH03": (77, 99.5), "KDH04": (64, 98), "KDH05": (59, 98),
        "KDH06": (71, 99), "KDH07": (31, 63), "KTN01": (69, 99.5), "KTN02": (88, 99.5),
        "MLK01": (57, 99.5), "NGS01": (94, 99.5), "NGS02": (86, 99.5), "NGS03": (93, 99.5),
        "PHG01": (92, 99.5), "PHG02": (67, 99.5), "PHG03": (63, 99.5), "PHG04": (32, 99.5),
        "PHG05": (52, 66), "PHG06": (83, 99.5), "PHG07": (1, 90), "PLS01": (79, 99.5),
        "PRK01": (92, 99.5), "PRK02": (85, 99.5), "PRK03": (78, 92), "PRK05": (89, 99.5),
        "PRK06": (90, 99.5), "PRK07": (74, 99.5), "SBH01": (3, 66), "SBH03": (63, 99.5),
        "SBH05": (92, 99.5), "SBH06": (55, 80), "SBH07": (90, 99.5), "SBH08": (91, 99.5),
        "SBH09": (89, 98), "SGR02": (91, 99.5), "SGR03": (78, 99.5), "SWK01": (26, 99.5),
        "SWK02": (92, 99.5), "SWK03": (93, 99.5), "SWK04": (91, 99.5), "SWK05": (93, 99.5),
        "SWK06": (54, 99), "SWK07": (92, 99.5), "TRG01": (65, 99.5), "TRG02": (86, 99.5),
        "TRG03": (92, 99.5), "TRG04": (92, 99.5), "WLY01": (79, 99.5), "WLY02": (91, 99.5),
    },
}
# JAKIM zones that salat misses by 1-3 min on almost every day: their westernmost listed
# places (SBH02 Pinangah or Telupid, SBH04 Kalabakan) are not in GeoNames' cities1000, so
# the point is the next listed town (Beluran, Tawau), far to the east; no floor can hold
# them until those places' coordinates are shipped. PRK04 and SWK09 have no point at all.
KNOWN_MISSES = ("SBH02", "SBH04")


@pytest.fixture(scope="module")
def agreement():
    return {a.key: authority_agreement(a, lambda t, m=a.method: salat_minutes(t, m))
            for a in AUTHORITIES}


@pytest.mark.parametrize("key", sorted(FLOORS))
def test_agreement_floors(agreement, key):
    got = agreement[key]
    for prayer, (exact, within) in FLOORS[key].items():
        a = got[prayer]
        assert a.n > 0
        assert 100 * a.exact_rate >= exact, (key, prayer, a)
        assert 100 * a.within_1_rate >= within, (key, prayer, a)


@pytest.fixture(scope="module")
def per_table():
    return {a.key: table_agreement(a, lambda t, m=a.method: salat_minutes(t, m))
            for a in AUTHORITIES if a.key in TABLE_FLOORS}


@pytest.mark.parametrize("key", sorted(TABLE_FLOORS))
def test_per_table_floors(per_table, key):
    got = per_table[key]
    assert set(got) == set(TABLE_FLOORS[key]) | set(KNOWN_MISSES if key == "jakim" else ())
    for name, (exact, within) in TABLE_FLOORS[key].items():
        a = got[name]
        assert 100 * a.exact_rate >= exact and 100 * a.within_1_rate >= within, (name, a)


def test_every_habous_city_within_one_minute(per_table):
    """Issue 13's goal for Habous: every file >= 99% within 1 min with its elevation."""
    for name, a in per_table["habous"].items():
        assert a.within_1_rate >= 0.99, (name, a)


def test_habous_without_elevation_misses_the_mountains():
    """The elevation matters: at sea level Imilchil (2,150 m) is minutes off."""
    t = load("habous-imilchil-2026-09.json")
    t.elevation = 0.0
    a = compare(t.published, salat_minutes(t, "morocco"))
    assert a["sunrise"].within_1 == 0 and a["maghrib"].within_1 == 0


@pytest.mark.parametrize("key", MEET_GOAL)
def test_goal_met(agreement, key):
    a = agreement[key]["all"]
    assert a.exact_rate >= GOAL_EXACT and a.within_1_rate >= GOAL_WITHIN_1, a


def test_every_timetable_is_used():
    used = {f for a in AUTHORITIES for f in a.files}
    assert used == {p.name for p in DATA.glob("*.json")} | {p.name for p in DATA.glob("*.csv.gz")}
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name in used)


def test_timetables_are_whole():
    for a in AUTHORITIES:
        for t in (t for name in a.files for t in load_all(name)):
            assert len(t.dates) == len(set(t.dates)) > 0
            for p in PRAYERS:
                assert (t.published[p] >= 0).all() and (t.published[p] < 1440).all()


def test_morocco_2026_clock_change_is_known():
    """Habous prints its Sept 2026 table in UTC+0; the zone database must agree."""
    raw = json.loads((DATA / "habous-rabat-gmt-2026-09.json").read_text(encoding="utf-8"))
    zone = pytz.timezone(raw["tz"])
    assert raw["utc_offset"] == "+00:00"
    for day in raw["days"]:
        noon = dt.datetime.fromisoformat(day["date"] + "T12:00")
        assert zone.utcoffset(noon) == dt.timedelta(0), day["date"]


def _gap(imsak: str, fajr: str) -> dt.timedelta:
    return dt.datetime.strptime(fajr, "%H:%M") - dt.datetime.strptime(imsak, "%H:%M")


def test_kemenag_and_jakim_imsak_is_ten_minutes_before_fajr():
    """Both print imsak = Subuh - 10, which is salat's default Imsak (JAKIM: on 98% of
    its 2026 rows; zone PLS01 prints imsak = Subuh, and a few Sabah days differ)."""
    ten = dt.timedelta(minutes=10)
    raw = json.loads((DATA / "kemenag-jakarta-2025-09.json").read_text(encoding="utf-8"))
    assert all(_gap(d["imsak"], d["fajr"]) == ten for d in raw["days"])
    with gzip.open(DATA / "jakim-2026-zones.csv.gz", "rt", encoding="utf-8") as f:
        rows = [(r["zone"], _gap(r["imsak"], r["subuh"]) == ten) for r in csv.DictReader(f)]
    assert sum(ok for _, ok in rows) / len(rows) > 0.975
    assert all(ok for z, ok in rows if z not in ("PLS01", "SBH02", "SBH05", "SBH08", "SBH09"))
    t = load("kemenag-jakarta-2025-09.json")
    mine = salat.times_for(t.lat, t.lon, t.dates[0], method="kemenag", tz=t.tz)
    assert mine.fajr - mine.imsak == ten
    mine = salat.times_for(zone="JHR03", date="2026-01-01")
    assert mine.fajr - mine.imsak == ten


def test_diyanet_sun_is_taken_at_0h_ut():
    """Diyanet's Sun is held at 0h UT of each date (``Method.sun_at``): its
    Istanbul table agrees to the minute far better so than with the Sun
    followed to each event (64% exact), and better than held an hour earlier
    or later (a quarter of an hour is below what a minute table resolves).
    Only this table is computed, so the mutation run can afford it."""
    import dataclasses

    auth = next(a for a in AUTHORITIES if a.key == "diyanet")

    def exact(method):
        return authority_agreement(auth, lambda t: salat_minutes(t, method))["all"].exact_rate
    diyanet = salat.METHODS["diyanet"]
    held = exact(diyanet)
    assert held >= 0.93
    assert exact(dataclasses.replace(diyanet, sun_at=None)) < held - 0.03
    assert exact(dataclasses.replace(diyanet, sun_at=1.0)) < held
    assert exact(dataclasses.replace(diyanet, sun_at=-1.0)) < held


# Towns of Malaysia at their own coordinates (GeoNames), with the zone that holds
# each by JAKIM's list of districts (Kuching's SWK08 and Johor Bahru's JHR02 are
# not in the 2026 file).
_MALAYSIAN_TOWNS = {
    "Kuala Lumpur": (3.1412, 101.6865, "WLY01"), "Kluang": (2.0305, 103.3169, "JHR03"),
    "Alor Setar": (6.1210, 100.3601, "KDH01"), "Kota Bharu": (6.1333, 102.2386, "KTN01"),
    "Melaka": (2.1960, 102.2405, "MLK01"), "Seremban": (2.7258, 101.9424, "NGS03"),
    "Kuantan": (3.8077, 103.3260, "PHG02"), "Kangar": (6.4414, 100.1986, "PLS01"),
    "Ipoh": (4.5841, 101.0829, "PRK02"), "Kota Kinabalu": (5.9749, 116.0724, "SBH07"),
    "Miri": (4.4148, 114.0089, "SWK02"), "Sibu": (2.2870, 111.8305, "SWK04"),
    "Kuala Terengganu": (5.3302, 103.1408, "TRG01"), "Klang": (3.0449, 101.4456, "SGR03"),
    "Labuan": (5.2831, 115.2308, "WLY02"),
}


def _within_one(tables: dict, code: str, times) -> float:
    """Percent of the zone's published times that ``times`` (date -> PrayerTimes)
    gives within one minute."""
    from benchmarks.accuracy import JAKIM_COLUMNS, _local_minutes
    table = tables[code]
    hits = total = 0
    for i, day in enumerate(table.dates):
        t = times(day)
        for p in JAKIM_COLUMNS:
            want = table.published[p][i]
            if want == want:
                got = _local_minutes(getattr(t, p), day)
                total += 1
                hits += abs(got - want) <= 1.0
    return 100.0 * hits / total


def test_jakim_tables_agree_as_well_at_a_town_as_with_the_zone_code():
    """A point in Malaysia with the default method gets its JAKIM zone's table:
    as good at the town's coordinates as with the zone's code, and better than
    computing at the point (zone=False), which JAKIM does not publish."""
    tables = {t.zone: t for t in load_all("jakim-2026-zones.csv.gz")}
    for town, (lat, lon, code) in _MALAYSIAN_TOWNS.items():
        at_town = salat.times_for(lat, lon, "2026-03-01")
        assert at_town.zone == code, town
        assert (at_town.latitude, at_town.longitude) == (lat, lon)
        by_town = _within_one(tables, code, lambda d, a=lat, b=lon: salat.times_for(a, b, d))
        by_code = _within_one(tables, code,
                              lambda d, z=code: salat.times_for(zone=z, date=d))
        assert by_town == by_code, town
        assert salat.times_for(lat, lon, "2026-03-01", method="jakim").zone == code
    kl = _MALAYSIAN_TOWNS["Kuala Lumpur"][:2]
    assert _within_one(tables, "WLY01", lambda d: salat.times_for(*kl, d)) >= 99.0
    assert _within_one(tables, "WLY01", lambda d: salat.times_for(*kl, d, zone=False)) < 90.0


def test_zone_false_and_other_methods_compute_at_the_point():
    kl = (3.1412, 101.6865)
    for t in (salat.times_for(*kl, "2026-03-01", zone=False),
              salat.times_for(*kl, "2026-03-01", method="mwl"),
              salat.times_for(21.4225, 39.8262, "2026-03-01")):
        assert t.zone is None
    assert salat.times_for(zone="jhr02", date="2026-03-01").zone == "JHR02"
    with pytest.raises(salat.InputTypeError, match="zone: got True; allowed"):
        salat.times_for(*kl, "2026-03-01", zone=True)
