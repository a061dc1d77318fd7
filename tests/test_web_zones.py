"""Prayer zones over HTTP (``?zone=NGS01``): the zone's own table, as JAKIM
publishes it (tests/data/official/jakim-2026-zones.csv.gz, CC BY 4.0 dataset),
on every endpoint that takes a place."""

from __future__ import annotations

import re

import pytest

from starlette.testclient import TestClient

from salat.web import create_app

#: JAKIM e-Solat, zone NGS01, 2026-03-01.
ROW = {"fajr": "06:13", "sunrise": "07:19", "dhuhr": "13:25", "asr": "16:39",
       "maghrib": "19:26", "isha": "20:35"}


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(None, env={})) as c:
        yield c


def test_times_of_a_zone(client):
    r = client.get("/times", params={"zone": "NGS01", "date": "2026-03-01"})
    assert r.status_code == 200
    doc = r.json()
    assert {k: doc["times"][k][11:16] for k in ROW} == ROW
    assert doc["place"].startswith("NGS01 ") and doc["method"] == "jakim"


def test_month_table_and_widget_of_a_zone(client):
    r = client.get("/table.csv", params={"zone": "NGS01", "month": "2026-03"})
    assert r.status_code == 200
    first = r.text.splitlines()[1].split(",")
    assert first[0] == "2026-03-01" and first[2] == ROW["fajr"] and first[7] == ROW["maghrib"]
    r = client.get("/widget.html", params={"zone": "NGS01", "date": "2026-03-01"})
    assert r.status_code == 200
    assert re.findall(r'<time datetime="2026-03-01T(\d\d:\d\d)', r.text)[:3] == \
        [ROW["fajr"], ROW["sunrise"], ROW["dhuhr"]]


@pytest.mark.parametrize("query, message", [
    ({"zone": "XXX01"}, "unknown zone 'XXX01'"),
    ({"zone": "NGS01", "lat": "3", "lon": "101"}, "give either zone, or city, or lat and lon"),
    ({"zone": "NGS01", "elevation": "100"}, "cannot be given with a zone"),
])
def test_bad_zone_requests_are_400_naming_the_parameter(client, query, message):
    r = client.get("/times", params=query)
    assert r.status_code == 400
    assert message in r.json()["error"]
