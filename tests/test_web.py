"""The web service through Starlette's TestClient: shapes, errors, caching, headers.

The oracle for every time is the library itself (``salat.times_for``), which the
rest of the suite checks against DE421 and the authorities' tables: here we
check that the HTTP layer carries those times unchanged. The AlAdhan example is
AlAdhan's own published test (Dubai, 2 December 1973).
"""

from __future__ import annotations

import datetime as dt
import json

import icalendar
import pytest
from starlette.testclient import TestClient

import salat
from salat.timezones import resolve_tz
from salat.web import caching, create_app

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

CASA = (33.5731, -7.5898)
DATE = "2026-11-27"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    places = tmp_path_factory.mktemp("web") / "places.csv"
    places.write_text("name,lat,lon,tz,elevation,method\n"
                      "Grande Mosquée Hassan II,33.6086,-7.6325,Africa/Casablanca,,morocco\n"
                      "Masjid Negara,3.1420,101.6918,,,\n", encoding="utf-8")
    app = create_app(str(places), frame_ancestors="https://host.example", cors="", env={})
    with TestClient(app) as c:
        yield c


def hhmm(when: dt.datetime) -> str:
    return (when + dt.timedelta(seconds=30)).strftime("%H:%M")


# ---------------------------------------------------------------- native JSON

def test_times_carries_the_library_times(client):
    r = client.get(f"/times?lat={CASA[0]}&lon={CASA[1]}&date={DATE}&method=mwl&asr=hanafi")
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    doc = r.json()
    ref = salat.times_for(*CASA, DATE, method="mwl", asr="hanafi")
    assert doc["times"] == {k: None if v is None else v.isoformat(timespec="seconds")
                            for k, v in ref.as_dict().items()}
    assert doc["tz"] == "Africa/Casablanca" and doc["method"] == "mwl"


def test_method_omitted_is_the_local_authority(client):
    doc = client.get(f"/times?lat=3.1420&lon=101.6918&date={DATE}").json()
    assert doc["method"] == "jakim"


def test_places_file_by_slug_gives_its_zone_method_and_name(client):
    listed = client.get("/places").json()
    assert [p["slug"] for p in listed] == ["grande-mosquee-hassan-ii", "masjid-negara"]
    doc = client.get(f"/times?city=grande-mosquee-hassan-ii&date={DATE}").json()
    assert doc["place"] == "Grande Mosquée Hassan II" and doc["method"] == "morocco"
    ref = salat.times_for(33.6086, -7.6325, DATE, method="morocco", tz="Africa/Casablanca")
    assert doc["times"]["isha"] == ref.isha.isoformat(timespec="seconds")


def test_table_csv_month_matches_the_library(client):
    r = client.get(f"/table.csv?lat={CASA[0]}&lon={CASA[1]}&month=2026-03&method=mwl")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    lines = r.text.splitlines()
    assert len(lines) == 1 + 31
    ref = salat.times_for(*CASA, "2026-03-15", method="mwl")
    row = dict(zip(lines[0].split(","), lines[15].split(",")))
    assert row["date"] == "2026-03-15" and row["fajr"] == hhmm(ref.fajr)


def test_table_json_range_and_ics_year(client):
    doc = client.get(f"/table.json?lat={CASA[0]}&lon={CASA[1]}&start=2026-01-30"
                     f"&end=2026-02-02").json()
    assert [d["date"] for d in doc["places"][0]["days"]] == \
        ["2026-01-30", "2026-01-31", "2026-02-01", "2026-02-02"]
    cal = icalendar.Calendar.from_ical(client.get(
        f"/table.ics?lat={CASA[0]}&lon={CASA[1]}&year=2025").content)
    assert len(cal.walk("VEVENT")) == 365 * 5


#: An instant when an older system tzdata (Debian's 2025b: UTC+1) and salat's pytz
#: (UTC+0) disagree about the date in Casablanca; the clock is frozen there.
FROZEN = dt.datetime(2026, 12, 1, 23, 30, tzinfo=dt.timezone.utc)


def test_calendar_feed_is_localized_with_reminders(client, monkeypatch):
    monkeypatch.setattr(caching, "clock", FROZEN.timestamp)
    r = client.get(f"/calendar.ics?lat={CASA[0]}&lon={CASA[1]}&days=3&locale=ar&alarm=15"
                   f"&method=mwl")
    assert r.headers["content-type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(r.content)
    events = cal.walk("VEVENT")
    assert len(events) == 3 * 5
    assert "REFRESH-INTERVAL" in cal
    fajr = [e for e in events if str(e["summary"]) == "الفجر"]
    assert len(fajr) == 3
    today = FROZEN.astimezone(resolve_tz("Africa/Casablanca")).date()
    first = min(e.decoded("dtstart") for e in fajr)
    ref = salat.times_for(*CASA, today, method="mwl")
    assert abs((first - ref.fajr).total_seconds()) <= 1
    alarm = fajr[0].walk("VALARM")[0]
    assert alarm.decoded("trigger") == -dt.timedelta(minutes=15)


# ---------------------------------------------------------------- widgets

def test_widget_page_params_map_to_the_widget(client):
    r = client.get(f"/widget?lat=30.0444&lon=31.2357&name=Cairo&locale=ar_EG"
                   f"&times=fajr,maghrib&date={DATE}&theme=dark&script=false")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    assert page.startswith("<!DOCTYPE html>") and 'dir="rtl"' in page and "Cairo" in page
    assert page.count("data-prayer=") == 2 and "salat-dark" in page and "<script" not in page
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "frame-ancestors https://host.example" in csp
    assert "script-src 'none'" in csp


def test_widget_fragment_for_includes(client):
    r = client.get(f"/widget.html?city=masjid-negara&date={DATE}&locale=ms")
    assert r.text.startswith('<div class="salat-w') and "Masjid Negara" in r.text


@pytest.mark.parametrize("query, parameter", [
    ("times=fajr,bogus", "times"), ("kind=year", "kind"), ("clock=13", "clock"),
    ("accent=red;}body{x", "accent"), ("locale=zz_ZZ", "locale"), ("theme=neon", "theme"),
    ("hijri_offset=9", "hijri_offset"), ("date=2026-13-01", "date"),
])
def test_widget_bad_parameters_are_400_naming_them(client, query, parameter):
    r = client.get(f"/widget?lat=30&lon=31&{query}")
    assert r.status_code == 400
    body = r.json()
    assert body["parameter"] == parameter and body["status"] == 400 and body["error"]


# ---------------------------------------------------------------- errors

@pytest.mark.parametrize("url, parameter", [
    ("/times?lat=91&lon=0", "lat"), ("/times?lat=abc&lon=0", "lat"),
    ("/times?lat=1", "lon"), ("/times?lat=1&lon=1&lon=2", "lon"),
    ("/times?lat=1&lon=1&colour=red", "colour"), ("/times?lat=1&lon=1&method=nope", "method"),
    ("/times?lat=1&lon=1&tz=Mars/Olympus", "tz"), ("/times?lat=1&lon=1&date=1700-01-01", "date"),
    ("/times?lat=nan&lon=1", "lat"), ("/times?lat=1&lon=1&elevation=1e9", "elevation"),
    ("/times?city=Qzxqzx", "city"), ("/times?city=Rabat&lat=1&lon=1", "city"),
    ("/table.csv?lat=1&lon=1&start=2026-01-01&end=2027-01-02", "end"),
    ("/table.csv?lat=1&lon=1&year=2026&month=2026-01", "month"),
    ("/calendar.ics?lat=1&lon=1&days=400", "days"),
])
def test_bad_input_is_400_json_naming_the_parameter(client, url, parameter):
    r = client.get(url)
    assert r.status_code == 400, r.text
    assert r.json()["parameter"] == parameter
    assert r.headers["cache-control"] == "no-store"


def test_overlong_query_is_refused_before_any_work(client):
    r = client.get("/times?lat=1&lon=1&tz=" + "A" * 3000)
    assert r.status_code == 414 and "at most" in r.json()["error"]
    assert r.json()["parameter"] == "query"


def test_unknown_path_is_json_404(client):
    assert client.get("/nope").json() == {"status": 404, "error": "Not found.",
                                          "parameter": None}
    assert client.post("/times").status_code == 405


# ---------------------------------------------------------------- caching and headers

def test_etag_and_304(client):
    url = f"/times?lat={CASA[0]}&lon={CASA[1]}&date={DATE}"
    first = client.get(url)
    etag = first.headers["etag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    other = client.get(url, headers={"If-None-Match": 'W/"something-else"'})
    assert other.status_code == 200


def test_fixed_date_is_long_lived_today_lasts_until_local_midnight(client, monkeypatch):
    monkeypatch.setattr(caching, "clock", FROZEN.timestamp)
    fixed = client.get(f"/times?lat={CASA[0]}&lon={CASA[1]}&date={DATE}")
    assert fixed.headers["cache-control"] == "public, max-age=31536000"
    today = client.get("/times?lat=21.4225&lon=39.8262")         # Makkah, UTC+3 all year
    age = int(today.headers["cache-control"].split("max-age=")[1])
    assert age == 21 * 3600 + 30 * 60      # 02:30 in Makkah: midnight is 21.5 hours away


def test_results_are_memoized(client, monkeypatch):
    calls = []
    real = salat.times_for
    monkeypatch.setattr(salat, "times_for", lambda *a, **k: calls.append(a) or real(*a, **k))
    url = "/times?lat=12.34&lon=56.78&date=2026-01-05"
    bodies = {client.get(url).content for _ in range(5)}
    assert len(bodies) == 1 and len(calls) == 1


def test_gzip_security_headers_and_no_cookies(client):
    r = client.get(f"/table.csv?lat={CASA[0]}&lon={CASA[1]}&year=2026",
                   headers={"Accept-Encoding": "gzip"})
    assert r.headers["content-encoding"] == "gzip"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "set-cookie" not in r.headers
    assert r.num_bytes_downloaded * 4 < len(r.content)           # sent compressed


def test_cors_default_is_any_origin_and_can_be_off(client):
    open_app = TestClient(create_app(env={}))
    r = open_app.get("/health", headers={"Origin": "https://elsewhere.example"})
    assert r.headers["access-control-allow-origin"] == "*"
    r = client.get("/health", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in r.headers


def test_bad_server_options_raise_input_error():
    with pytest.raises(salat.InputError, match="frame-ancestors"):
        create_app(frame_ancestors="https://a.example; script-src *", env={})
    with pytest.raises(salat.InputError, match="cors"):
        create_app(cors="javascript:alert(1)", env={})


# ---------------------------------------------------------------- OpenAPI and docs

def test_openapi_lists_every_route_and_the_docs_page_loads_nothing(client):
    doc = client.get("/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    for path in ("/times", "/widget", "/table.csv", "/calendar.ics", "/v1/timings/{date}",
                 "/v1/calendar/{year}/{month}", "/v1/qibla/{latitude}/{longitude}"):
        assert path in doc["paths"]
    names = {p["name"] for p in doc["paths"]["/widget"]["get"]["parameters"]}
    assert {"name", "locale", "kind", "times", "theme", "method", "lat", "lon"} <= names
    page = client.get("/docs")
    assert "/v1/timings/{date}" in page.text and "<script" not in page.text
    policy = page.headers["content-security-policy"]
    assert "src=" not in page.text and "default-src 'none'" in policy


# ---------------------------------------------------------------- AlAdhan layer

def test_aladhan_timings_published_example(client):
    # AlAdhan's own test: Dubai, 2 December 1973, no method -> Fajr 05:26, Isha 18:50.
    r = client.get("/v1/timings/02-12-1973?latitude=25.2048493&longitude=55.2707828")
    body = r.json()
    assert body["code"] == 200 and body["status"] == "OK"
    data = body["data"]
    assert list(data["timings"]) == ["Fajr", "Sunrise", "Dhuhr", "Asr", "Sunset", "Maghrib",
                                     "Isha", "Imsak", "Midnight", "Firstthird", "Lastthird"]
    assert data["timings"]["Fajr"] == "05:26" and data["timings"]["Isha"] == "18:50"
    assert data["meta"]["method"]["salat"] == "dubai" and data["meta"]["timezone"] == "Asia/Dubai"
    assert data["date"]["readable"] == "02 Dec 1973"
    assert data["date"]["hijri"]["date"] == "08-11-1393"          # AlAdhan: 8 Dhu al-Qadah 1393
    assert data["date"]["gregorian"]["weekday"] == {"en": "Sunday"}


@pytest.mark.parametrize("mid, name", [(2, "isna"), (3, "mwl"), (4, "umm_al_qura"),
                                        (13, "diyanet"), (17, "jakim"), (21, "morocco")])
def test_aladhan_method_ids_use_salat_methods(client, mid, name):
    data = client.get(f"/v1/timings/27-11-2026?latitude={CASA[0]}&longitude={CASA[1]}"
                      f"&method={mid}&school=1&tune=0,2,0,0,0,0,0,-3,0").json()["data"]
    ref = salat.times_for(*CASA, DATE, method=name, asr="hanafi",
                          adjustments={"fajr": 2, "isha": -3})
    assert data["timings"]["Fajr"] == hhmm(ref.fajr)
    assert data["timings"]["Asr"] == hhmm(ref.asr)
    assert data["timings"]["Isha"] == hhmm(ref.isha)
    assert data["meta"]["method"]["id"] == mid and data["meta"]["school"] == "HANAFI"
    assert data["meta"]["offset"]["Fajr"] == 2 and data["meta"]["offset"]["Isha"] == -3


def test_aladhan_iso8601_and_first_third(client):
    data = client.get(f"/v1/timings/27-11-2026?latitude={CASA[0]}&longitude={CASA[1]}"
                      f"&method=3&iso8601=true").json()["data"]
    ref = salat.times_for(*CASA, DATE, method="mwl")
    fajr = dt.datetime.fromisoformat(data["timings"]["Fajr"])
    assert abs((fajr - ref.fajr).total_seconds()) <= 30
    # First third of the night: sunset + (midnight - sunset) * 2/3, by hand.
    first = dt.datetime.fromisoformat(data["timings"]["Firstthird"])
    night_half = ref.midnight - ref.maghrib
    assert abs((first - (ref.maghrib + night_half * 2 / 3)).total_seconds()) <= 90


def test_aladhan_redirects(client, monkeypatch):
    monkeypatch.setattr(caching, "clock", FROZEN.timestamp)
    r = client.get(f"/v1/timings?latitude={CASA[0]}&longitude={CASA[1]}&method=3",
                   follow_redirects=False)
    today = FROZEN.astimezone(resolve_tz("Africa/Casablanca")).date()
    assert r.status_code == 302
    assert r.headers["location"] == (f"/v1/timings/{today:%d-%m-%Y}?latitude={CASA[0]}"
                                     f"&longitude={CASA[1]}&method=3")
    r = client.get("/v1/timings/1764500000?latitude=0&longitude=0", follow_redirects=False)
    assert r.headers["location"].startswith("/v1/timings/30-11-2025?")   # 2025-11-30 10:53 UTC
    r = client.get("/v1/calendar?latitude=1&longitude=2&year=2026&month=2",
                   follow_redirects=False)
    assert r.status_code == 302 and r.headers["location"] == \
        "/v1/calendar/2026/2?latitude=1&longitude=2"
    r = client.get("/v1/gToH?date=01-01-2026", follow_redirects=False)
    assert r.status_code == 301 and r.headers["location"] == "/v1/gToH/01-01-2026"


def test_aladhan_calendars(client):
    month = client.get("/v1/calendar/2026/2?latitude=21.4225&longitude=39.8262&method=4")
    days = month.json()["data"]
    assert len(days) == 28
    assert days[0]["timings"]["Fajr"].endswith(" (+03)")
    ref = salat.times_for(21.4225, 39.8262, "2026-02-01", method="umm_al_qura")
    assert days[0]["timings"]["Fajr"] == hhmm(ref.fajr) + " (+03)"
    year = client.get("/v1/calendar/2026?latitude=21.4225&longitude=39.8262").json()["data"]
    assert list(year) == [str(m) for m in range(1, 13)] and len(year["2"]) == 28


def test_aladhan_qibla_and_hijri(client):
    q = client.get("/v1/qibla/19.07/72.84").json()["data"]
    assert q["direction"] == pytest.approx(280.077, abs=0.005)       # AlAdhan's example
    g = client.get("/v1/hToG/08-11-1393").json()["data"]["gregorian"]
    assert g["date"] == "02-12-1973"


@pytest.mark.parametrize("url, word", [
    ("/v1/timings/01-01-2026", "latitude"),
    ("/v1/timings/01-01-2026?latitude=1&longitude=1&method=6", "method"),
    ("/v1/timings/31-02-2026?latitude=1&longitude=1", "date"),
    ("/v1/timings/01-01-2026?latitude=1&longitude=1&tune=1,2,x", "tune"),
    ("/v1/timings/01-01-2026?latitude=1&longitude=1&timezonestring=Nowhere", "tz"),
    ("/v1/calendar/1500/1?latitude=1&longitude=1", "year"),
    ("/v1/hToG/40-01-1440", "date"),
    ("/v1/hToG/%1E", "date"),           # a blank path segment is not "today" (fuzz find)
    ("/v1/gToH/%20", "date"),
])
def test_aladhan_errors_have_aladhan_shape(client, url, word):
    r = client.get(url)
    assert r.status_code == 400
    body = r.json()
    assert body["code"] == 400 and body["status"] == "BAD_REQUEST" and word in body["data"]


def test_web_is_not_imported_by_salat():
    import subprocess
    import sys
    out = subprocess.run([sys.executable, "-c", "import salat, sys; "
                          "print('salat.web' in sys.modules, 'starlette' in sys.modules)"],
                         capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_json_bodies_are_compact_utf8(client):
    r = client.get("/v1/gToH/02-12-1973")
    assert "ذوالقعدة".encode() in r.content and json.loads(r.content)["code"] == 200


def test_empty_values_count_as_not_given(client):
    a = client.get(f"/times?lat={CASA[0]}&lon={CASA[1]}&date={DATE}&method=&tz=")
    b = client.get(f"/times?lat={CASA[0]}&lon={CASA[1]}&date={DATE}")
    assert a.status_code == 200 and a.json() == b.json()


def test_memo_is_bounded_and_drops_expired_answers():
    import time as _time

    from salat.web.caching import Answer, Memo

    memo = Memo(max_items=3, max_bytes=1 << 20)
    made = []

    def make(k, expires=None):
        return lambda: made.append(k) or Answer(str(k).encode(), "text/plain", expires)

    for k in range(5):
        memo.get(k, make(k))
    assert len(memo) == 3 and memo.lookup(0) is None and memo.lookup(4) is not None
    memo.get("old", make("old", _time.time() - 1))          # already expired
    memo.get("old", make("old", _time.time() - 1))
    assert made.count("old") == 2                           # computed again, not served stale
    memo.get(4, make(4))
    assert made.count(4) == 1                               # a live answer is served as kept


def test_concurrent_requests_for_one_key_share_one_computation():
    import asyncio
    import threading
    import time as _time

    from salat.web.caching import Answer, Memo
    from salat.web.core import Places, Service

    svc = Service(Places(), "*", Memo())
    calls = []

    def compute():
        calls.append(threading.get_ident())
        _time.sleep(0.2)
        return Answer(b"x", "text/plain")

    async def many():
        return await asyncio.gather(*(svc.answer("k", compute) for _ in range(8)))

    # a thread of its own: the browser tests' sync Playwright keeps an event loop
    # running in the main thread for the rest of the session
    out: list = []
    runner = threading.Thread(target=lambda: out.append(asyncio.run(many())))
    runner.start()
    runner.join()
    answers = out[0]
    assert len(calls) == 1 and all(a is answers[0] for a in answers)


def test_aladhan_calendar_range(client):
    days = client.get("/v1/calendar/from/30-12-2025/to/02-01-2026?latitude=30.0444"
                      "&longitude=31.2357&method=5").json()["data"]
    assert [d["date"]["gregorian"]["date"] for d in days] == \
        ["30-12-2025", "31-12-2025", "01-01-2026", "02-01-2026"]
    ref = salat.times_for(30.0444, 31.2357, "2026-01-01", method="egypt")
    assert days[2]["timings"]["Isha"] == hhmm(ref.isha) + " (EET)"
    bad = client.get("/v1/calendar/from/02-01-2026/to/30-12-2025?latitude=1&longitude=1")
    assert bad.status_code == 400 and "before start" in bad.json()["data"]
    long = client.get("/v1/calendar/from/01-01-2026/to/02-01-2027?latitude=1&longitude=1")
    assert long.status_code == 400 and "at most 366" in long.json()["data"]


@pytest.mark.parametrize("clock, text", [
    ((6, 12, 0, 0), "06:12"), ((6, 12, 29, 999999), "06:12"), ((6, 12, 30, 0), "06:13"),
    ((6, 59, 45, 0), "07:00"), ((23, 59, 29, 0), "23:59"), ((23, 59, 30, 0), "00:00"),
    ((0, 0, 0, 0), "00:00"),
])
def test_aladhan_times_are_to_the_nearest_minute(clock, text):
    from salat.web.aladhan import hh_mm
    tz = resolve_tz("Africa/Casablanca")
    assert hh_mm(tz.localize(dt.datetime(2026, 11, 27, *clock))) == text
    assert hh_mm(dt.time(*clock)) == text


def test_aladhan_minutes_agree_with_strftime_after_half_a_minute():
    from salat.web.aladhan import hh_mm
    tz = resolve_tz("Europe/Oslo")
    start = tz.localize(dt.datetime(2026, 3, 28, 0, 0, 0))
    for k in range(0, 3 * 86400, 617):               # across the spring-forward night
        when = tz.normalize(start + dt.timedelta(seconds=k, microseconds=k % 1000))
        want = (when + dt.timedelta(seconds=30)).strftime("%H:%M")
        assert hh_mm(when) == want, when
