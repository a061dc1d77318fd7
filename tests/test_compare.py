"""salat.compare: ranking the catalogue's methods against a published table.

For every authority table in ``tests/data/official`` the authority's own
method must rank first (the mapping table -> method is benchmarks.accuracy's,
the one docs/accuracy.md uses); the figures are printed (``pytest -s``).
JAKIM's tables are per zone and computed at the zone's reference points.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json

import pytest

import salat
from salat import InputError, PublishedTimetable
from salat.compare import Agreement, compare
from benchmarks.accuracy import AUTHORITIES, DATA

JSON_TABLES = [(a.key, a.method, f) for a in AUTHORITIES for f in a.files
               if f.endswith(".json")]


@pytest.mark.parametrize("key, method, name", JSON_TABLES,
                         ids=[f for _, _, f in JSON_TABLES])
def test_the_authoritys_method_ranks_first(key, method, name):
    report = compare(PublishedTimetable.read(DATA / name))
    print(f"\n{name}\n" + report.to_text(top=3))
    assert report.best.method == method, report.to_text(top=3)


def test_jakim_wly01_at_its_zone_points():
    pub = PublishedTimetable.read(DATA / "jakim-2026-zones.csv.gz", tz="Asia/Kuala_Lumpur",
                                  select={"zone": "WLY01"})
    assert len(pub) == 365
    report = compare(pub, zone="WLY01")
    print("\njakim WLY01\n" + report.to_text(top=3))
    assert report.best.method == "jakim"


def test_jakim_at_a_point_in_kuala_lumpur_uses_its_zone():
    # the shared refdata's jakim-wly01.json: WLY01's table at Kuala Lumpur's centre
    pub = PublishedTimetable.read(DATA / "jakim-2026-zones.csv.gz", tz="Asia/Kuala_Lumpur",
                                  select={"zone": "WLY01"})
    report = compare(pub, 3.139003, 101.686855)
    assert report.best.method == "jakim"
    assert report.best.overall.exact == compare(pub, zone="WLY01").best.overall.exact


# JAKIM zones where salat's zone model is known to miss by minutes (tests/test_official.py
# sets their floors far below the others), so that another method can come first; and
# two zones with no reference point, and SBH08, whose source has a bad row (below).
JAKIM_ZONE_MISSES = {"KDH07", "PHG04", "PHG07", "SBH01", "SBH02", "SBH04", "SWK01"}
NO_POINT = {"PRK04", "SWK09"}


@pytest.mark.slow
def test_jakim_every_zone():
    with gzip.open(DATA / "jakim-2026-zones.csv.gz", "rt", encoding="utf-8") as f:
        zones = sorted({r["zone"] for r in csv.DictReader(f)})
    first = []
    for z in sorted(set(zones) - NO_POINT - {"SBH08"}):
        pub = PublishedTimetable.read(DATA / "jakim-2026-zones.csv.gz",
                                      tz="Asia/Kuala_Lumpur", select={"zone": z})
        report = compare(pub, zone=z)
        print(z, report.best.label, f"{100 * report.best.overall.exact:.1f}%")
        if report.best.method in ("jakim", "jakim_kelantan"):
            first.append(z)
    assert set(zones) - NO_POINT - {"SBH08"} - set(first) == JAKIM_ZONE_MISSES


def test_a_bad_row_in_a_source_is_found():
    # JAKIM's 2026 export for SBH08 has one day whose imsak reads 15:20
    with pytest.raises(InputError, match=r"jakim-2026-zones.csv.gz, line \d+, column "
                                         r"'subuh': fajr 05:04 is not after imsak 15:20"):
        PublishedTimetable.read(DATA / "jakim-2026-zones.csv.gz", tz="Asia/Kuala_Lumpur",
                                select={"zone": "SBH08"})


# ---------------------------------------------------------------- the figures

def test_agreement_figures_by_hand():
    import numpy as np
    a = Agreement.of(np.array([0, 0, 1, -2, np.nan]))
    assert (a.count, a.exact, a.within_1, a.mean, a.worst) == (4, 0.5, 0.75, -0.25, -2)


def test_a_table_shifted_by_hand(tmp_path):
    # MWL's own Rabat times as HH:MM, with Fajr moved by hand: +1 min on day 1,
    # -3 min on day 3, so MWL's Fajr is 1/3 exact, 2/3 within a minute, mean -2/3
    rows = ["Date,Fajr,Dhuhr"]
    for i, shift in ((1, 1), (2, 0), (3, -3)):
        t = salat.times_for(34.0209, -6.8416, f"2026-01-0{i}", method="mwl",
                            tz="Africa/Casablanca", rounding="nearest")
        fajr = t.fajr + dt.timedelta(minutes=shift)
        rows.append(f"2026-01-0{i},{fajr:%H:%M},{t.dhuhr:%H:%M}")
    p = tmp_path / "t.csv"
    p.write_text("\n".join(rows) + "\n", encoding="utf-8")
    report = compare(PublishedTimetable.read(p, tz="Africa/Casablanca"), 34.0209, -6.8416,
                     methods=["mwl", "isna"], rounding="nearest")
    assert report.times == ("fajr", "dhuhr") and report.days == 3
    assert report.best.method == "mwl"
    f = report.best.times["fajr"]
    assert (f.count, f.exact, f.within_1, f.worst) == (3, 1 / 3, 2 / 3, -3)
    assert f.mean == pytest.approx(-2 / 3)
    assert report.best.times["dhuhr"].exact == 1.0


def test_options_tried_and_reported():
    pub = PublishedTimetable.read(DATA / "habous-imilchil-2026-09.json")
    report = compare(pub, methods=["morocco"], rounding=("method", None),
                     asr=("standard", "hanafi"))
    assert len(report.rows) == 2 * 2 * 2          # elevations 0 and 2150 m x 2 x 2
    best = report.best
    assert (best.method, best.elevation, best.asr) == ("morocco", 2150.0, "standard")
    doc = report.as_dict()
    assert doc["methods"][0]["rank"] == 1 and json.dumps(doc)


@pytest.mark.parametrize("kw, msg", [
    ({"rounding": "sideways"}, r"rounding: got 'sideways'"),
    ({"methods": ["nope"]}, r"nope"),
    ({"times": ["dawn"]}, r"times: got 'dawn'"),
    ({"zone": "WLY01", "lat": 3.0}, r"either zone or lat/lon"),
])
def test_bad_arguments(kw, msg):
    pub = PublishedTimetable.read(DATA / "kemenag-jakarta.json")
    with pytest.raises(InputError, match=msg):
        compare(pub, **kw)


def test_a_table_without_a_place(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("Date,Fajr\n2026-01-01,06:00\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"lat and lon: not given"):
        compare(PublishedTimetable.read(p, tz="Europe/Paris"))
