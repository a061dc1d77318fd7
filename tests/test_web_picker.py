"""The city picker over HTTP: ``/widget?places=a,b,c`` is ``salat.widget(places=...)``
for this server's places (by slug) or city names, each city with its own zone
and method."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from starlette.testclient import TestClient

import salat
from salat.web import create_app
from salat.web.native import MAX_PICKER


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    places = tmp_path_factory.mktemp("picker") / "places.csv"
    places.write_text("name,lat,lon,tz,elevation,method\n"
                      "Grande Mosquée,33.6086,-7.6325,Africa/Casablanca,,morocco\n"
                      "Masjid Negara,3.1420,101.6918,,,\n", encoding="utf-8")
    with TestClient(create_app(str(places), env={})) as c:
        yield c


def test_picker_holds_every_city_with_its_own_times(client):
    r = client.get("/widget.html", params={"places": "grande-mosquee,masjid-negara",
                                           "date": "2026-03-01", "script": "false"})
    assert r.status_code == 200
    html = r.text
    assert html.count("<details") == 2 and "Grande Mosquée" in html and "Masjid Negara" in html
    # each city's Fajr in its own zone and method (Casablanca +00:00 Habous; KL +08:00 JAKIM)
    rabat = salat.times_for(33.6086, -7.6325, "2026-03-01", tz="Africa/Casablanca",
                            method="morocco")
    kl = salat.times_for(3.1420, 101.6918, "2026-03-01")
    fajrs = re.findall(r'<time datetime="(2026-03-01T0\d:\d\d:00[+-]\d\d:\d\d)"', html)
    assert rabat.fajr.isoformat() in fajrs and kl.fajr.isoformat() in fajrs
    assert kl.fajr.utcoffset() == dt.timedelta(hours=8) and kl.method.name == "jakim"


def test_picker_of_today_expires_within_a_day(client):
    r = client.get("/widget", params={"places": "masjid-negara,Cairo"})
    assert r.status_code == 200
    age = int(re.search(r"max-age=(\d+)", r.headers["cache-control"]).group(1))
    assert 0 < age <= 86400
    assert "frame-ancestors" in r.headers["content-security-policy"]


@pytest.mark.parametrize("query, message", [
    ({"places": "nowhere-at-all"}, "places: 'nowhere-at-all' is neither a place"),
    ({"places": "cairo", "lat": "3", "lon": "4"}, "give either places or lat"),
    ({"places": "cairo", "zone": "SGR01"}, "give either places or zone"),
    ({"places": ",".join(["cairo"] * (MAX_PICKER + 1))},
     f"places: {MAX_PICKER + 1} places; at most {MAX_PICKER}"),
])
def test_bad_pickers_are_400_naming_places(client, query, message):
    r = client.get("/widget", params=query)
    assert r.status_code == 400
    assert r.json()["parameter"] == "places" and message in r.json()["error"]


def test_picker_expiry_follows_the_options_the_widget_shows(tmp_path, monkeypatch):
    """``?places=rabat&method=mwl``: the request's method wins over Rabat's own
    (salat.options.merge_place_options), in the page and in its max-age alike.
    The clock is frozen before Fajr, where Habous (19 degrees) and MWL (18) are
    minutes apart, so a max-age from the other method's Fajr would show.
    """
    from salat.timezones import resolve_tz
    from salat.web import caching

    places = tmp_path / "places.csv"
    places.write_text("name,lat,lon,tz,elevation,method\n"
                      "Rabat,34.0209,-6.8416,Africa/Casablanca,,morocco\n", encoding="utf-8")
    tz = resolve_tz("Africa/Casablanca")
    day = dt.date(2026, 6, 10)
    mwl = salat.times_for(34.0209, -6.8416, day, tz=tz, method="mwl")
    own = salat.times_for(34.0209, -6.8416, day, tz=tz, method="morocco")
    assert (mwl.fajr - own.fajr) >= dt.timedelta(minutes=4)
    now = own.fajr - dt.timedelta(hours=1)
    monkeypatch.setattr(caching, "clock", lambda: now.timestamp())
    with TestClient(create_app(str(places), env={})) as c:
        r = c.get("/widget.html", params={"places": "rabat", "method": "mwl",
                                          "script": "false"})
    assert r.status_code == 200, r.text
    shown = re.findall(r"<time datetime=\"(2026-06-10T0[345]:\d\d:\d\d)", r.text)
    assert shown == [f"{mwl.fajr:%Y-%m-%dT%H:%M:%S}"], (shown, own.fajr)
    age = int(re.search(r"max-age=(\d+)", r.headers["cache-control"]).group(1))
    assert abs(age - (mwl.fajr - now).total_seconds()) <= 1
