"""The faults of issue 21, one test each (every one failed on the code before the fix):
range edges, compression and Vary, names with control and bidi characters, loose
parsing, over-long paths, the docs' caching and framing, and "today" taken from
salat's clock rather than the machine's time zone database.
"""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from starlette.testclient import TestClient

import salat
from salat.timezones import resolve_tz
from salat.web import caching, create_app

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

CASA = "lat=33.5731&lon=-7.5898"
V1 = "latitude=33.5731&longitude=-7.5898"


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(env={}, cors="https://host.example"),
                    raise_server_exceptions=False) as c:
        yield c


def fresh() -> TestClient:
    return TestClient(create_app(env={}), raise_server_exceptions=False)


# ---------------------------------------------------------------- 1: range edges

@pytest.mark.parametrize("path", ["/table.csv", "/table.json", "/table.ics"])
@pytest.mark.parametrize("month", ["9999-12", "0000-01", "0000-06", "1799-12", "2201-01"])
def test_months_outside_the_range_are_400_naming_month(client, path, month):
    for where in (CASA, "zone=WLY01"):
        r = client.get(f"{path}?{where}&month={month}")
        assert r.status_code == 400, (where, r.text)
        assert r.json()["parameter"] == "month" and "1800-01 to 2200-12" in r.json()["error"]


@pytest.mark.parametrize("month", ["1800-01", "2200-12"])
def test_the_first_and_last_months_are_served(client, month):
    r = client.get(f"/table.csv?{CASA}&month={month}")
    assert r.status_code == 200, r.text
    assert r.text.count(f"\n{month}-") == 31


@pytest.mark.parametrize("query, parameter", [
    ("year=1799", "year"), ("year=2201", "year"), ("start=1799-12-31", "start"),
    ("start=2200-12-01&end=2201-01-01", "end"), ("start=1800-01-01&end=1801-01-02", "end"),
])
def test_table_range_edges_outside(client, query, parameter):
    r = client.get(f"/table.csv?{CASA}&{query}")
    assert r.status_code == 400 and r.json()["parameter"] == parameter, r.text


@pytest.mark.parametrize("query, days", [
    ("year=1800", 365), ("year=2200", 365), ("start=2200-12-31", 1),
    ("start=1800-01-01", 1), ("start=1800-01-01&end=1801-01-01", 366),
])
def test_table_range_edges_inside(client, query, days):
    r = client.get(f"/table.csv?{CASA}&{query}")
    assert r.status_code == 200, r.text
    assert len(r.text.strip().splitlines()) == days + 1


@pytest.mark.parametrize("date, status", [("1799-12-31", 400), ("1800-01-01", 200),
                                          ("2200-12-31", 200), ("2201-01-01", 400)])
def test_date_edges_of_times(client, date, status):
    r = client.get(f"/times?{CASA}&date={date}")
    assert r.status_code == status, r.text
    if status == 400:
        assert r.json()["parameter"] == "date"


@pytest.mark.parametrize("date, status", [("1799-12-31", 400), ("1800-01-01", 200),
                                          ("2201-01-01", 400)])
def test_date_edges_of_the_widget(client, date, status):
    r = client.get(f"/widget?{CASA}&date={date}")
    assert r.status_code == status, r.text


def test_the_widget_shows_the_last_supported_date(client):
    assert client.get(f"/widget?{CASA}&date=2200-12-31").status_code == 200


@pytest.mark.parametrize("days, status", [(0, 400), (1, 200), (366, 200), (367, 400)])
def test_feed_days_edges(client, days, status):
    r = client.get(f"/calendar.ics?{CASA}&days={days}")
    assert r.status_code == status, r.text
    if status == 200:
        assert len(icalendar.Calendar.from_ical(r.content).walk("VEVENT")) == 5 * days


def test_feed_near_the_last_date_stops_there(monkeypatch):
    tz = resolve_tz("Africa/Casablanca")
    monkeypatch.setattr(caching, "clock", lambda: dt.datetime(2200, 12, 30, 12, tzinfo=tz)
                        .timestamp())
    r = fresh().get(f"/calendar.ics?{CASA}&days=10")
    assert r.status_code == 200, r.text
    assert len(icalendar.Calendar.from_ical(r.content).walk("VEVENT")) == 5 * 2


@pytest.mark.parametrize("url, status", [
    (f"/v1/timings/01-01-1800?{V1}", 200), (f"/v1/timings/31-12-1799?{V1}", 400),
    (f"/v1/timings/31-12-2200?{V1}", 200), (f"/v1/timings/01-01-2201?{V1}", 400),
    (f"/v1/timings/999999999999?{V1}", 400), (f"/v1/timings/-5?{V1}", 400),
    (f"/v1/calendar/1800/1?{V1}", 200), (f"/v1/calendar/2200/12?{V1}", 200),
    (f"/v1/calendar/1799?{V1}", 400), (f"/v1/calendar/2201/1?{V1}", 400),
    (f"/v1/calendar/2026/0?{V1}", 400), (f"/v1/calendar/2026/13?{V1}", 400),
    (f"/v1/calendar?{V1}&year=2201&month=1", 400), (f"/v1/calendar?{V1}&year=2200&month=12", 302),
    (f"/v1/calendar/from/01-12-2200/to/31-12-2200?{V1}", 200),
    (f"/v1/calendar/from/01-12-2200/to/01-01-2201?{V1}", 400),
    ("/v1/gToH/01-01-1800", 200), ("/v1/gToH/31-12-2200", 200), ("/v1/gToH/01-01-2201", 400),
    ("/v1/gToH/31-12-1799", 400), ("/v1/hToG/01-01-1343", 200), ("/v1/hToG/29-12-1500", 200),
    ("/v1/hToG/29-12-1342", 400), ("/v1/hToG/01-01-1501", 400),
])
def test_aladhan_range_edges(client, url, status):
    r = client.get(url, follow_redirects=False)
    assert r.status_code == status, r.text
    if status == 400:
        assert r.json()["code"] == 400


# ---------------------------------------------------------------- 3: compression

YEAR = f"/table.csv?{CASA}&year=2026"


@pytest.mark.parametrize("accept, gzipped", [
    ("gzip", True), ("x-gzip", True), ("gzip;q=0.5", True), ("GZIP", True), ("*", True),
    ("gzip;q=0", False), ("gzip;q=0, identity", False), ("identity", False), ("", False),
    ("br", False), ("*;q=0", False), ("gzip;q=0, *", False), ("gzip;q=nonsense", False),
    ("deflate, gzip;q=1.0", True),
])
def test_compression_follows_accept_encoding(client, accept, gzipped):
    r = client.get(YEAR, headers={"Accept-Encoding": accept})
    assert r.status_code == 200
    assert (r.headers.get("content-encoding") == "gzip") is gzipped
    if gzipped:
        assert r.text.startswith("date,")
    else:
        assert r.num_bytes_downloaded >= len(r.content)           # sent as is


def test_one_vary_on_answers_and_their_304s(client):
    r = client.get(YEAR, headers={"Accept-Encoding": "gzip", "Origin": "https://host.example"})
    vary = r.headers.get_list("vary")
    assert len(vary) == 1 and "Accept-Encoding" in vary[0], vary
    again = client.get(YEAR, headers={"Accept-Encoding": "gzip", "Origin": "https://host.example",
                                      "If-None-Match": r.headers["etag"]})
    assert again.status_code == 304
    assert again.headers.get_list("vary") == vary


# ---------------------------------------------------------------- 4: names in table.json

@pytest.mark.parametrize("where, name", [("city=Casablanca", "Casablanca"),
                                         ("zone=WLY01", "WLY01 Kuala Lumpur, Putrajaya")])
def test_table_json_names_the_place(client, where, name):
    doc = client.get(f"/table.json?{where}&month=2026-01").json()
    assert [p["name"] for p in doc["places"]] == [name]


# ---------------------------------------------------------------- 6: names

@pytest.mark.parametrize("name", ["Casa\u202eblanca", "x\r\nSet-Cookie: a=b", "a\x00b",
                                  "\u2066isolate", "tab\there", "x\x85y"])
def test_names_with_control_or_bidi_override_characters_are_refused(client, name):
    for path in ("/widget", "/widget.html"):
        r = client.get(path, params={"lat": "33.5731", "lon": "-7.5898", "name": name})
        assert r.status_code == 400 and r.json()["parameter"] == "name", r.text
        assert "\r" not in r.text and "\u202e" not in r.text


def test_arabic_and_persian_names_pass(client):
    for name in ("الدار البيضاء", "تهران\u200cشمالی", "Casablanca \u200f(الدار)"):
        r = client.get("/widget.html", params={"lat": "33.5731", "lon": "-7.5898",
                                               "name": name})
        assert r.status_code == 200, r.text


def test_places_file_with_a_control_character_is_refused(tmp_path):
    places = tmp_path / "p.csv"
    places.write_text("name,lat,lon\nRa\u202ebat,34.02,-6.84\n", encoding="utf-8")
    with pytest.raises(salat.InputError, match="control characters"):
        create_app(str(places), env={})


# ---------------------------------------------------------------- 7: loose parsing

@pytest.mark.parametrize("query, parameter", [
    ("lat=1_0&lon=1", "lat"), ("lat=1&lon=\u0661\u0662", "lon"), ("lat=1e1&lon=1", "lat"),
    ("lat=0x10&lon=1", "lat"), ("lat=inf&lon=1", "lat"), ("lat= 1&lon=1.5.2", "lon"),
    ("lat=\uff11&lon=1", "lat"), ("lat=1&lon=1&elevation=1_000", "elevation"),
])
def test_numbers_are_ascii_decimal(client, query, parameter):
    r = client.get(f"/times?{query}")
    assert r.status_code == 400 and r.json()["parameter"] == parameter, r.text


@pytest.mark.parametrize("text", ["10", "-7.5898", "+33", ".5", "33.", "0"])
def test_documented_number_forms_are_accepted(client, text):
    assert client.get(f"/qibla?lat={text}&lon=1").status_code == 200


def test_integers_are_ascii_too(client):
    for bad in ("2_026", "\u0662\u0660\u0662\u0666", "2026.0"):
        assert client.get(f"/table.csv?{CASA}&year={bad}").status_code == 400


@pytest.mark.parametrize("url", [f"/v1/timings/01-01-2026?{V1}&method=3&method=2",
                                 f"/v1/timings/01-01-2026?{V1}&latitude=1",
                                 f"/v1/calendar/2026/1?{V1}&school=0&school=1"])
def test_aladhan_refuses_repeated_parameters(client, url):
    r = client.get(url)
    assert r.status_code == 400 and "more than once" in r.json()["data"], r.text


def test_aladhan_still_ignores_unknown_parameters(client):
    assert client.get(f"/v1/timings/01-01-2026?{V1}&x7xapikey=1").status_code == 200


@pytest.mark.parametrize("prefix, parameter", [("/times/", "path"), ("/v1/timings/", None)])
def test_long_path_is_414_naming_the_path(client, prefix, parameter):
    r = client.get(prefix + "a" * 3000)
    assert r.status_code == 414
    body = r.json()
    if parameter:
        assert body["parameter"] == "path" and body["error"] == "path: 3007 bytes; at most 2048"
    else:
        assert body["code"] == 414 and body["data"].startswith("path: ")
    assert r.headers["cache-control"] == "no-store"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]


def test_docs_are_revalidated_and_not_framable(client):
    for path in ("/docs", "/openapi.json"):
        r = client.get(path)
        assert r.status_code == 200
        assert "max-age=31536000" not in r.headers["cache-control"]
        assert r.headers["cache-control"] == "no-cache"
        again = client.get(path, headers={"If-None-Match": r.headers["etag"]})
        assert again.status_code == 304
    assert "frame-ancestors 'none'" in client.get("/docs").headers["content-security-policy"]


# ---------------------------------------------------------------- 8: "today" from salat's clock

def test_today_follows_salat_time_zones_at_an_hour_when_tzdata_disagrees(monkeypatch):
    """2026-12-01 23:30 UTC: pytz (salat's database) has Casablanca at UTC+0, so it is
    still the 1st there; an older system tzdata says UTC+1 and the 2nd. The clock is
    frozen there, and "today" read from salat.
    """
    frozen = dt.datetime(2026, 12, 1, 23, 30, tzinfo=dt.timezone.utc)
    monkeypatch.setattr(caching, "clock", frozen.timestamp)
    tz = resolve_tz("Africa/Casablanca")
    today = frozen.astimezone(tz).date()
    c = fresh()
    r = c.get(f"/v1/timings?{V1}&method=3", follow_redirects=False)
    assert r.status_code == 302
    assert r.headers["location"].startswith(f"/v1/timings/{today:%d-%m-%Y}?")
    feed = icalendar.Calendar.from_ical(c.get(f"/calendar.ics?{CASA}&days=1&method=mwl").content)
    fajr = feed.walk("VEVENT")[0].decoded("dtstart")
    ref = salat.times_for(33.5731, -7.5898, today, method="mwl")
    assert abs((fajr - ref.fajr).total_seconds()) <= 1
