"""``salat serve --mosques DIR``: each profile at its slug, ``?mosque=slug`` on the
times, tables, calendar feed and widget.

The mosque is East London Mosque (``tests/data/mosques``: its 2018 timetable as
published, with jama'ah times, and rules from 2019). Expected values are the
timetable's own, copied here from ``east-london-mosque-2018.json`` (12-hour
times written as 24-hour), and the profile's rules worked out by hand; London
is on GMT (UTC+0) on every date used here, so local and UTC clocks agree.
"""

from __future__ import annotations

import datetime as dt
import math
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, status_code_conformance
from starlette.testclient import TestClient

import salat
from salat.web import caching, create_app

DATA = Path(__file__).parent / "data" / "mosques"
ELM = "east-london-mosque"

# east-london-mosque-2018.json, "02/03/2018" (a Friday): begins / jama'ah.
ADHAN_0302 = {"fajr": "05:04", "sunrise": "06:41", "dhuhr": "12:18", "asr": "15:06",
              "maghrib": "17:45", "isha": "19:11"}
IQAMA_0302 = {"fajr": "05:34", "dhuhr": "12:25", "asr": "16:15", "maghrib": "17:50",
              "isha": "19:45"}
# "03/03/2018": jama'ah.
IQAMA_0303 = {"fajr": "05:32", "dhuhr": "12:45", "asr": "16:15", "maghrib": "17:52",
              "isha": "19:45"}
# "22/03/2018": Asr begins 3:28, jama'ah 4:45.
ASR_0322 = ("15:28", "16:45")


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app(mosques=str(DATA), cors="", env={}))


def freeze(monkeypatch, when: dt.datetime) -> None:
    monkeypatch.setattr(caching, "clock", when.timestamp)


def clock(iso: str) -> str:
    """``HH:MM`` of an ISO time (GMT dates only, see the module docstring)."""
    when = dt.datetime.fromisoformat(iso)
    assert when.utcoffset() == dt.timedelta(0)
    return when.strftime("%H:%M")


def test_times_gives_the_published_adhan_iqama_jumuah_and_sources(client):
    doc = client.get(f"/times?mosque={ELM}&date=2018-03-02").json()
    assert doc["slug"] == ELM and doc["name"] == "East London Mosque"
    assert {k: clock(doc["times"][k]) for k in ADHAN_0302} == ADHAN_0302
    assert {k: clock(v) for k, v in doc["iqama"].items()} == IQAMA_0302
    assert [clock(j) for j in doc["jumuah"]] == ["13:00"]     # the profile's winter Jumu'ah
    assert {k: doc["sources"][k] for k in ADHAN_0302} == dict.fromkeys(ADHAN_0302,
                                                                      "published")
    assert doc["sources"]["imsak"] == "calculated"            # not in the table


def test_times_after_the_table_are_calculated_with_the_rules(client):
    doc = client.get(f"/times?mosque={ELM}&date=2019-01-04").json()   # a Friday
    assert set(doc["sources"].values()) == {"calculated"}
    adhan = {k: dt.datetime.fromisoformat(v) for k, v in doc["times"].items() if v}
    iqama = {k: dt.datetime.fromisoformat(v) for k, v in doc["iqama"].items()}

    def up(when: dt.datetime, step: int) -> str:        # round up to a step of minutes
        minutes = when.hour * 60 + when.minute + (when.second > 0)
        minutes = math.ceil(minutes / step) * step
        return f"{minutes // 60:02d}:{minutes % 60:02d}"

    # The profile from 2019-01-01: Fajr 30 min after, step 5; Dhuhr 12:45; Asr 30 after,
    # step 15; Maghrib 5 after, no step; Isha 19:15; Jumu'ah 13:00 (from 2018-10-28).
    assert clock(doc["iqama"]["fajr"]) == up(adhan["fajr"] + dt.timedelta(minutes=30), 5)
    assert clock(doc["iqama"]["dhuhr"]) == "12:45"
    assert clock(doc["iqama"]["asr"]) == up(adhan["asr"] + dt.timedelta(minutes=30), 15)
    assert iqama["maghrib"] - adhan["maghrib"] == dt.timedelta(minutes=5)
    assert clock(doc["iqama"]["isha"]) == "19:15"
    assert [clock(j) for j in doc["jumuah"]] == ["13:00"]


def test_tables_mark_published_and_calculated(client):
    r = client.get(f"/table.csv?mosque={ELM}&start=2018-12-30&end=2019-01-02")
    assert r.status_code == 200 and f"salat-{ELM}-" in r.headers["content-disposition"]
    head, *rows = [line.split(",") for line in r.text.strip().splitlines()]
    col = {name: i for i, name in enumerate(head)}
    by_date = {row[0]: row for row in rows}
    dec31 = by_date["2018-12-31"]          # "31/12/2018": Fajr 6:26, Isha 5:41 (17:41)
    assert (dec31[col["fajr"]], dec31[col["fajr_source"]]) == ("06:26", "published")
    assert (dec31[col["isha"]], dec31[col["isha_source"]]) == ("17:41", "published")
    assert dec31[col["imsak_source"]] == "calculated"
    for day in ("2019-01-01", "2019-01-02"):
        assert {by_date[day][i] for n, i in col.items() if n.endswith("_source")} == \
            {"calculated"}

    days = client.get(f"/table.json?mosque={ELM}&start=2018-12-31&end=2019-01-01").json()
    days = days["places"][0]["days"]
    assert days[0]["sources"]["dhuhr"] == "published" and clock(days[0]["dhuhr"]) == "12:08"
    assert days[1]["sources"]["dhuhr"] == "calculated"

    cal = icalendar.Calendar.from_ical(
        client.get(f"/table.ics?mosque={ELM}&start=2018-12-31&end=2019-01-01").content)
    marks = {(e.decoded("dtstart").date().isoformat(), str(e["X-SALAT-SOURCE"]))
             for e in cal.walk("VEVENT")}
    assert marks == {("2018-12-31", "published"), ("2019-01-01", "calculated")}


def test_calendar_has_iqama_events_with_alarms_before_the_iqama(client, monkeypatch):
    freeze(monkeypatch, dt.datetime(2018, 3, 2, 3, 0, tzinfo=dt.timezone.utc))
    r = client.get(f"/calendar.ics?mosque={ELM}&days=2&alarm=10")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(r.content).walk("VEVENT")
    starts = {(e.decoded("dtstart").date().isoformat(), str(e["summary"])):
              e.decoded("dtstart").strftime("%H:%M") for e in events}
    want = {("2018-03-02", f"{p.title()} Iqama (East London Mosque)"): t
            for p, t in IQAMA_0302.items() if p != "dhuhr"}
    want[("2018-03-02", "Jumu'ah (East London Mosque)")] = "13:00"   # Friday: not Dhuhr
    want.update({("2018-03-03", f"{p.title()} Iqama (East London Mosque)"): t
                 for p, t in IQAMA_0303.items()})
    assert starts == want and len(events) == len(want)
    for e in events:
        alarm = e.walk("VALARM")[0]
        assert alarm.decoded("trigger") == -dt.timedelta(minutes=10)
    fajr = next(e for e in events if str(e["summary"]).startswith("Fajr")
                and e.decoded("dtstart").day == 2)
    assert "Adhan 05:04" in str(fajr["description"])     # the published adhan beside it
    assert str(fajr["X-SALAT-SOURCE"]) == "published"


def test_calendar_times_pick_prayers(client, monkeypatch):
    freeze(monkeypatch, dt.datetime(2018, 3, 2, 3, 0, tzinfo=dt.timezone.utc))
    r = client.get(f"/calendar.ics?mosque={ELM}&days=1&times=dhuhr,isha")
    summaries = sorted(str(e["summary"]) for e in
                       icalendar.Calendar.from_ical(r.content).walk("VEVENT"))
    # A Friday: Dhuhr's place is taken by Jumu'ah.
    assert summaries == ["Isha Iqama (East London Mosque)", "Jumu'ah (East London Mosque)"]
    bad = client.get(f"/calendar.ics?mosque={ELM}&times=sunrise")
    assert bad.status_code == 400 and bad.json()["parameter"] == "times"


def test_widget_shows_the_mosque_and_expires_at_the_next_iqama(client, monkeypatch):
    # 22 March 2018, 15:40: after the Asr adhan (15:28), before its iqama (16:45).
    freeze(monkeypatch, dt.datetime(2018, 3, 22, 15, 40, tzinfo=dt.timezone.utc))
    r = client.get(f"/widget?mosque={ELM}&script=false")
    assert r.status_code == 200
    html = r.text
    assert "East London Mosque" in html and ">Iqama<" in html
    assert f'datetime="2018-03-22T{ASR_0322[0]}:00+00:00"' in html
    assert f'<time class="salat-iqama" datetime="2018-03-22T{ASR_0322[1]}:00+00:00"' in html
    assert '<tr data-prayer="asr" aria-current="true">' in html
    # The next change is the Asr iqama at 16:45, 65 minutes on (not the adhan, passed).
    assert r.headers["cache-control"].endswith("max-age=3900")
    fragment = client.get(f"/widget.html?mosque={ELM}&date=2018-03-22&kind=strip")
    assert fragment.status_code == 200 and "East London Mosque" in fragment.text


def test_qibla_and_the_list_of_mosques(client):
    listed = client.get("/mosques").json()
    assert [m["slug"] for m in listed] == [ELM]
    assert listed[0]["published"] == ["2018-01-01", "2018-12-31"]
    q = client.get(f"/qibla?mosque={ELM}").json()
    ref = salat.qibla(51.5176, -0.0652)            # the profile's place
    assert q["direction"] == pytest.approx(ref.direction)


@pytest.mark.parametrize("url", ["/times?mosque=nowhere", "/widget?mosque=nowhere",
                                 "/table.csv?mosque=nowhere"])
def test_unknown_slug_is_400_listing_the_known_ones(client, url):
    r = client.get(url)
    assert r.status_code == 400
    body = r.json()
    assert body["parameter"] == "mosque" and ELM in body["error"] and "nowhere" in body["error"]


@pytest.mark.parametrize("extra", ["lat=51.5&lon=0", "city=London", "zone=SGR01",
                                   "method=mwl", "tz=Europe/Paris", "places=rabat"])
def test_mosque_with_a_place_or_time_option_is_400(client, extra):
    paths = ("/widget",) if extra.startswith("places") else ("/times", "/calendar.ics",
                                                             "/table.csv", "/widget")
    for path in paths:
        r = client.get(f"{path}?mosque={ELM}&{extra}")
        assert r.status_code == 400, (path, extra)
        assert r.json()["parameter"] == "mosque", (path, extra)


def test_server_without_mosques_says_so():
    r = TestClient(create_app(env={})).get(f"/times?mosque={ELM}")
    assert r.status_code == 400 and r.json()["parameter"] == "mosque"
    assert "--mosques" in r.json()["error"]


def test_bad_profile_at_start_up_names_file_and_key(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "X"\n[place]\nlat = 95\nlon = 0\n', encoding="utf-8")
    with pytest.raises(salat.InputError, match=r"bad\.toml: place\.lat: got 95"):
        create_app(mosques=str(tmp_path), env={})
    with pytest.raises(salat.InputError, match=r"bad\.toml: place\.lat"):
        create_app(env={"SALAT_WEB_MOSQUES": str(tmp_path)})
    run = subprocess.run([sys.executable, "-m", "salat.cli", "serve", "--mosques",
                          str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert "bad.toml: place.lat: got 95" in run.stderr and "Traceback" not in run.stderr


def test_openapi_lists_the_mosque_parameter(client):
    doc = client.get("/openapi.json").json()
    for path in ("/times", "/table.csv", "/table.json", "/table.ics", "/calendar.ics",
                 "/widget", "/widget.html", "/qibla"):
        names = [p["name"] for p in doc["paths"][path]["get"]["parameters"]]
        assert "mosque" in names, path
    assert "/mosques" in doc["paths"]


# A bounded fuzz run (schemathesis) over the endpoints that take ?mosque=, on a server
# with the mosque: whatever the query, no 5xx, and the documented status and media type.
_FUZZ = schemathesis.openapi.from_asgi("/openapi.json", create_app(mosques=str(DATA), env={})) \
    .include(path_regex=r"^/(times|table|calendar|widget|qibla|mosques)")


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@_FUZZ.parametrize()
@settings(max_examples=8, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_fuzz_mosque_endpoints(case):
    case.call_and_validate(checks=[not_a_server_error, status_code_conformance,
                                   content_type_conformance])
