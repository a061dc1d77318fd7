"""Places by name over HTTP, through salat's gazetteer (``salat.find_place``):
AlAdhan's ``timingsByCity``, ``calendarByCity`` and ``timingsByAddress``, and the
native ``?city=`` and ``?places=``; an unknown name is a 400 with the nearest names.
"""

from __future__ import annotations

import datetime as dt

import pytest
from starlette.testclient import TestClient

import salat
from salat.web import create_app

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(env={})) as c:
        yield c


def hhmm(when: dt.datetime) -> str:
    return (when + dt.timedelta(seconds=30)).strftime("%H:%M")


def test_timings_by_city_are_the_gazetteers_place(client):
    dubai = salat.find_place("Dubai", "AE")
    data = client.get("/v1/timingsByCity/02-12-2026?city=Dubai&country=United Arab Emirates"
                      "&method=8").json()["data"]
    ref = salat.times_for(dubai.lat, dubai.lon, "2026-12-02", tz=dubai.tz, method="gulf",
                          polar="nearest_latitude")
    assert data["timings"]["Fajr"] == hhmm(ref.fajr) and data["meta"]["timezone"] == "Asia/Dubai"
    assert (data["meta"]["latitude"], data["meta"]["longitude"]) == (dubai.lat, dubai.lon)


def test_by_city_and_address_without_a_date_redirect_to_today(client):
    r = client.get("/v1/timingsByCity?city=Rabat&country=MA", follow_redirects=False)
    assert r.status_code == 302 and r.headers["location"].startswith("/v1/timingsByCity/")
    r = client.get("/v1/timingsByAddress?address=Rabat, Morocco", follow_redirects=False)
    assert r.status_code == 302 and r.headers["location"].startswith("/v1/timingsByAddress/")


def test_calendar_by_city_both_forms(client):
    r = client.get("/v1/calendarByCity?city=Rabat&country=MA&year=2026&month=3",
                   follow_redirects=False)
    assert r.status_code == 302
    assert r.headers["location"] == "/v1/calendarByCity/2026/3?city=Rabat&country=MA"
    days = client.get(r.headers["location"]).json()["data"]
    rabat = salat.find_place("Rabat", "MA")
    ref = salat.times_for(rabat.lat, rabat.lon, "2026-03-10", tz=rabat.tz,
                          elevation=rabat.elevation, method="morocco")
    assert len(days) == 31 and days[9]["timings"]["Maghrib"].startswith(hhmm(ref.maghrib))


@pytest.mark.parametrize("url, words", [
    ("/v1/timingsByCity/02-12-2026?city=Atlantiss", "did you mean"),
    ("/v1/timingsByCity/02-12-2026?city=Dubai&country=Narnia", "country"),
    ("/v1/timingsByCity/02-12-2026", "city"),
    ("/v1/timingsByAddress/02-12-2026?address=Nowherezzz", "not a place"),
])
def test_unknown_names_are_400_with_suggestions(client, url, words):
    r = client.get(url)
    assert r.status_code == 400 and words in r.json()["data"], r.text


def test_native_city_names_suggest_too(client):
    r = client.get("/times?city=Casablancaa")
    assert r.status_code == 400 and r.json()["parameter"] == "city"
    assert "did you mean" in r.json()["error"] and "Casablanca" in r.json()["error"]
    r = client.get("/widget", params={"places": "Rabat, MA,Casablancaa"})
    assert r.status_code == 400 and r.json()["parameter"] == "places"


def test_native_city_with_its_country(client):
    doc = client.get("/times?city=Tripoli, LB&date=2026-03-01").json()
    lebanon = salat.find_place("Tripoli", "LB")
    assert (doc["latitude"], doc["longitude"]) == (lebanon.lat, lebanon.lon)
