"""salat's own iCalendar text (RFC 5545) against the icalendar package.

The feeds in ``tests/data/exports/*.ics`` were written, for the tables below, by
the writer salat had before, which built every event with icalendar 7.3.2. The
direct writer must give calendars that icalendar parses to the same components,
properties and values; and its lines must keep RFC 5545's rules (CRLF, 75
octets, folds between whole UTF-8 characters, TEXT escaping).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import icalendar
import pytest

import salat
from salat import exports

DATA = Path(__file__).parent / "data" / "exports"
STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
LONG_NAME = "Oslo, Norway; \\ \"N\" — Østlandet, Viken fylke og omegn, ørsta æøå ☾"


def _many():
    return salat.table([59.91, 21.4225, -33.9], [10.75, 39.8262, 18.4], "2026-06-19",
                       "2026-06-22", names=[LONG_NAME, "مكة المكرمة", "Cape Town"],
                       method=["mwl", "umm_al_qura", "mwl"], high_latitude="recommended")


def _reference_feeds() -> dict[str, bytes]:
    """The feeds of the reference files, written by today's writer."""
    out = {}
    b = io.BytesIO()
    exports.write_ics([_many()], b, stamp=STAMP)
    out["many"] = b.getvalue()
    b = io.BytesIO()
    exports.write_ics([_many()], b, stamp=STAMP, times=("fajr", "sunrise", "isha"),
                      duration=20, labels={"fajr": "Fajr — الفجر, dawn; first",
                                           "isha": "Isha\nnight"},
                      alarm=10, calendar_name="Prayer times — Oslo, \"north\"; test",
                      refresh=12)
    out["options"] = b.getvalue()
    polar = salat.table(69.65, 18.96, "2026-06-20", "2026-06-21", tz="Europe/Oslo",
                        method="mwl", polar="nearest_latitude")
    b = io.BytesIO()
    exports.write_ics([polar], b, stamp=STAMP)
    out["polar"] = b.getvalue()
    single = salat.table(33.5731, -7.5898, "2026-03-01", "2026-03-02",
                         tz="Africa/Casablanca", method="morocco")
    b = io.BytesIO()
    exports.write_ics([single], b, stamp=STAMP, alarm=0)
    out["single"] = b.getvalue()
    return out


def _structure(component) -> tuple:
    """A component as (name, {property: serialized value(s)}, [subcomponents])."""
    props = {}
    for key, value in component.items():
        values = value if isinstance(value, list) else [value]
        props[key] = [v.to_ical() for v in values]
    return component.name, props, [_structure(c) for c in component.subcomponents]


def _unescape(text: str) -> str:
    """RFC 5545 3.3.11 TEXT, unescaped (for the X- property icalendar leaves raw)."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append("\n" if text[i + 1] in "nN" else text[i + 1])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


FEEDS = _reference_feeds()


@pytest.mark.parametrize("case", sorted(FEEDS))
def test_same_calendar_as_icalendar_wrote(case):
    before = icalendar.Calendar.from_ical((DATA / f"{case}.ics").read_bytes())
    now = icalendar.Calendar.from_ical(FEEDS[case])
    # the one change: X-WR-CALNAME is escaped as the TEXT it is (icalendar wrote an X-
    # property raw, so a comma stayed bare and a line break would have ended the line)
    assert _unescape(str(now.pop("x-wr-calname"))) == str(before.pop("x-wr-calname"))
    assert _structure(now) == _structure(before)
    assert len(now.walk("VEVENT")) == len(before.walk("VEVENT")) > 0


@pytest.mark.parametrize("case", sorted(FEEDS))
def test_lines_keep_rfc5545(case):
    text = FEEDS[case]
    assert text.endswith(b"END:VCALENDAR\r\n")
    lines = text.split(b"\r\n")[:-1]
    assert b"\n" not in b"".join(lines) and b"\r" not in b"".join(lines)
    for line in lines:
        assert len(line) <= 75
        line.decode("utf-8")                     # a fold never splits a character
    folded = [i for i, line in enumerate(lines) if line.startswith(b" ")]
    assert folded or case == "single"            # the long names were folded
    for i in folded:
        assert not lines[i - 1].endswith(b"\\")  # nor an escape from what it escapes


def test_options_reach_the_events():
    cal = icalendar.Calendar.from_ical(FEEDS["options"])
    assert _unescape(str(cal["x-wr-calname"])) == "Prayer times — Oslo, \"north\"; test"
    assert cal["refresh-interval"].dt == dt.timedelta(hours=12)
    assert str(cal["x-published-ttl"]) == "PT12H"
    events = cal.walk("VEVENT")
    assert {str(e["summary"]).split(" (")[0] for e in events} == {
        "Fajr — الفجر, dawn; first", "Sunrise", "Isha\nnight"}
    assert str(events[0]["summary"]) == f"Fajr — الفجر, dawn; first ({LONG_NAME})"
    for e in events:
        assert e["duration"].dt == dt.timedelta(minutes=20)
        (alarm,) = e.walk("VALARM")
        assert alarm["trigger"].dt == dt.timedelta(minutes=-10)
        assert str(alarm["description"]) == str(e["summary"]).split(" (")[0]


def test_utc_start_is_the_tables_second():
    tt = _many()
    cal = icalendar.Calendar.from_ical(FEEDS["many"])
    first = cal.walk("VEVENT")[0]
    want = dt.datetime.fromtimestamp(round(float(tt.utc_seconds[0, 0, 1])), dt.timezone.utc)
    assert salat.TIME_NAMES[1] == "fajr" and first["dtstart"].dt == want
    assert first["dtstamp"].dt == STAMP


def test_stamp_in_another_zone_is_written_in_utc():
    tt = salat.table(33.5731, -7.5898, "2026-03-01", tz="UTC", method="mwl")
    tz = dt.timezone(dt.timedelta(hours=3))
    text = tt.to_ics(stamp=dt.datetime(2026, 1, 1, 3, 0, tzinfo=tz))
    assert "DTSTAMP:20260101T000000Z\r\n" in text


@pytest.mark.parametrize(("value", "want"), [
    ("plain", "plain"),
    ("a,b;c\\d", "a\\,b\\;c\\\\d"),
    ("one\ntwo\r\nthree\rfour", "one\\ntwo\\nthree\\nfour"),
    ("tab\tkept, nul\x00 and bell\x07 dropped\x7f", "tab\tkept\\, nul and bell dropped"),
    ("مكة المكرمة", "مكة المكرمة"),
])
def test_text_escaping(value, want):
    assert exports.ics_text(value) == want


def test_folding_at_75_octets_on_character_boundaries():
    line = "SUMMARY:" + "é" * 40 + "\\," + "☾" * 30
    out = exports.ics_line(line)
    parts = out.split(b"\r\n")
    assert parts[-1] == b"" and all(len(p) <= 75 for p in parts)
    assert len(parts[0]) in (74, 75) and parts[1].startswith(b" ")
    assert b"".join(p[1:] if i else p for i, p in enumerate(parts)).decode() == line
    assert exports.ics_line("A:" + "x" * 73) == b"A:" + b"x" * 73 + b"\r\n"   # 75: kept
    assert exports.ics_line("A:" + "x" * 74).count(b"\r\n ") == 1


def test_an_escape_is_not_split_by_a_fold():
    line = "SUMMARY:" + "x" * 66 + "\\,after"           # the backslash is octet 75
    parts = exports.ics_line(line).split(b"\r\n")
    assert parts[0] == b"SUMMARY:" + b"x" * 66 and parts[1] == b" \\,after"


@pytest.mark.parametrize(("minutes", "want"), [
    (0, "P0D"), (20, "PT20M"), (60, "PT1H"), (90, "PT1H30M"), (1440, "P1D"),
    (1500, "P1DT1H"), (-10, "-PT10M"), (744 * 60, "P31D")])
def test_durations(minutes, want):
    assert exports.ics_duration(minutes) == want


def test_json_is_what_it_was():
    """The vectorized JSON writer gives, byte for byte, what the writer of one
    dict per day wrote (``tests/data/exports/*.json``)."""
    tt = salat.table([69.65, 21.4225, -33.9, 40.0], [18.96, 39.8262, 18.4, -3.7],
                     "2026-06-19", "2026-06-22",
                     names=["Tromsø \"N\"", "مكة المكرمة", "Cape Town", "Madrid"],
                     method=["mwl", "umm_al_qura", "mwl", "mwl"], polar="nearest_latitude")
    assert tt.to_json().encode() == (DATA / "many.json").read_bytes()
    doc = json.loads(tt.to_json())
    assert sum("adjusted" in d for p in doc["places"] for d in p["days"]) == 4
