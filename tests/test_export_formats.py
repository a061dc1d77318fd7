"""The writers of ``salat.exports`` field by field: ISO cells on clocks with
odd offsets (negative, half-hour, with seconds), the masks of ragged place
fields, JSON fields, every iCalendar property, counts and progress, and each
kind of output target. Expected text is Python's own ``isoformat``, RFC 5545's
property values, or written out here."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import zoneinfo

import icalendar
import pytest

import salat
from salat import exports
from salat.methods import TIME_NAMES

STAMP = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)


def hhmm(when: dt.datetime) -> str:
    s = when.hour * 3600 + when.minute * 60 + when.second + when.microsecond / 1e6
    m = int((s + 30) // 60) % 1440
    return f"{m // 60:02d}:{m % 60:02d}"


@pytest.mark.parametrize("lat, lon, day, tz", [
    (6.3156, -10.8074, "1960-05-10", zoneinfo.ZoneInfo("Africa/Monrovia")),  # -00:44:30
    (40.71, -74.0, "2026-03-08", "America/New_York"),                          # DST day, -05/-04
    (28.61, 77.21, "2026-06-01", "Asia/Kolkata"),                              # +05:30
    (1.87, -157.4, "2026-06-01", "Pacific/Kiritimati"),                        # +14:00
    (-33.87, 151.21, "2026-01-01", "UTC"),
])
def test_csv_and_json_cells_equal_isoformat(lat, lon, day, tz):
    tt = salat.table(lat, lon, day, tz=tz, method="mwl", rounding=None)
    ref = salat.times_for(lat, lon, day, tz=tz, method="mwl", rounding=None)
    iso_row = list(csv.reader(io.StringIO(tt.to_csv(iso=True))))[1]
    hm_row = list(csv.reader(io.StringIO(tt.to_csv())))[1]
    doc = json.loads(tt.to_json())["places"][0]["days"][0]
    for name, cell, hm in zip(TIME_NAMES, iso_row[1:], hm_row[1:]):
        want = getattr(ref, name)
        assert cell == want.isoformat(timespec="seconds"), name
        assert doc[name] == cell
        assert hm == hhmm(want), name


def test_undefined_cells_are_empty_and_null():
    tt = salat.table(78.2232, 15.6267, "2026-06-21", tz="Arctic/Longyearbyen", method="mwl")
    for iso in (False, True):
        row = dict(zip(["date", *TIME_NAMES],
                       list(csv.reader(io.StringIO(tt.to_csv(iso=iso))))[1]))
        assert row["sunrise"] == row["isha"] == row["fajr"] == ""
        assert row["dhuhr"] != "" and row["asr"] != ""
    day = json.loads(tt.to_json())["places"][0]["days"][0]
    assert day["sunrise"] is None and day["dhuhr"].startswith("2026-06-21T")


def test_ragged_place_fields_and_counts():
    names = ["A", "Longer name", "Ünïcode ☾", "B"]
    tt = salat.table([10.0, 20.0, 30.0, -10.5], [1.0, 2.0, 3.0, -4.25], "2026-01-01",
                     "2026-01-02", names=names, tz="UTC", method="mwl")
    buf = io.BytesIO()
    seen = []
    rows = exports.write_csv([tt.slice(0, 3), tt.slice(3, 4)], buf, times="dhuhr",
                             progress=seen.append)
    assert rows == 8 and seen == [3, 1]
    text = buf.getvalue().decode("utf-8")
    assert "\x00" not in text
    lines = text.splitlines()
    assert lines[0] == "place,latitude,longitude,date,dhuhr"      # one header
    assert lines[1].startswith("A,10.0,1.0,2026-01-01,")
    assert lines[3].startswith("Longer name,20.0,2.0,2026-01-01,")
    assert lines[5].startswith("Ünïcode ☾,30.0,3.0,2026-01-01,")
    assert lines[8].startswith("B,-10.5,-4.25,2026-01-02,") and len(lines) == 9
    ref = salat.times_for(-10.5, -4.25, "2026-01-02", tz="UTC", method="mwl")
    assert lines[8].endswith("," + hhmm(ref.dhuhr))


def test_csv_streams_big_tables_in_slices(monkeypatch):
    tt = salat.table([10.0, 20.0, 30.0], [1.0, 2.0, 3.0], "2026-01-01", "2026-01-10",
                     tz="UTC", method="mwl")
    whole = tt.to_csv()
    monkeypatch.setattr(exports, "CHUNK_CELLS", 10)      # one place (10 days) a slice
    slices = []
    real = exports._csv_rows
    monkeypatch.setattr(exports, "_csv_rows",
                        lambda t, a, b, *r: slices.append(b - a) or real(t, a, b, *r))
    assert tt.to_csv() == whole and slices == [1, 1, 1]


def test_json_fields():
    tt = salat.table([21.4225, 30.0444], [39.8262, 31.2357], "2026-03-01",
                     names=["مكة", "Cairo"], elevation=[300, 23], method=["umm_al_qura", None])
    buf = io.BytesIO()
    seen = []
    assert exports.write_json([tt], buf, times=["fajr", "isha"], progress=seen.append) == 2
    assert seen == [2]
    raw = buf.getvalue().decode("utf-8")
    assert "مكة" in raw                                      # not \\u escapes
    doc = json.loads(raw)
    assert doc["format"] == exports.JSON_FORMAT == "salat.timetable/1"
    assert doc["times"] == ["fajr", "isha"]
    makkah, cairo = doc["places"]
    assert makkah == {"name": "مكة", "latitude": 21.4225, "longitude": 39.8262,
                      "elevation": 300.0, "tz": "Asia/Riyadh", "method": "umm_al_qura",
                      "days": makkah["days"]}
    assert cairo["method"] == "egypt" and cairo["tz"] == "Africa/Cairo"
    assert set(makkah["days"][0]) == {"date", "fajr", "isha"}


# ---------------------------------------------------------------- iCalendar

def test_ics_properties():
    tt = salat.table(59.9, 10.75, "2026-06-15", tz="Europe/Oslo", method="mwl",
                     names=["Oslo"])
    buf = io.BytesIO()
    seen = []
    count = exports.write_ics([tt], buf, times=("isha", "last_third"), duration=20,
                              stamp=STAMP, progress=seen.append)
    assert count == 2 and seen == [1]
    text = buf.getvalue().decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    cal = icalendar.Calendar.from_ical(text)
    assert str(cal["PRODID"]) == "-//salat//salat-times//EN"
    assert str(cal["VERSION"]) == "2.0" and str(cal["CALSCALE"]) == "GREGORIAN"
    assert str(cal["X-WR-CALNAME"]) == "Prayer times"
    isha, third = cal.walk("VEVENT")
    ref = salat.times_for(59.9, 10.75, "2026-06-15", tz="Europe/Oslo", method="mwl")
    key = f"{59.9:.5f},{10.75:.5f}|2026-06-15|isha".encode()
    assert str(isha["UID"]) == hashlib.sha1(key).hexdigest()[:24] + "-isha@salat"
    assert isha.decoded("DTSTAMP") == STAMP
    assert isha.decoded("DTSTART") == ref.isha.astimezone(dt.timezone.utc).replace(
        microsecond=0)
    assert isha.decoded("DURATION") == dt.timedelta(minutes=20)
    assert str(isha["SUMMARY"]) == "Isha (Oslo)" and str(third["SUMMARY"]) == "Last Third (Oslo)"
    assert (isha["GEO"].latitude, isha["GEO"].longitude) == (59.9, 10.75)
    assert str(isha["TRANSP"]) == "TRANSPARENT"
    assert [str(c) for c in isha["CATEGORIES"].cats] == ["Prayer times"]
    assert str(isha["DESCRIPTION"]) == "Method: mwl; set by the high_latitude rule"
    assert str(third["DESCRIPTION"]) == "Method: mwl"


def test_ics_single_place_summary_and_defaults():
    tt = salat.table(21.4225, 39.8262, "2026-03-01", tz="Asia/Riyadh", method="mwl")
    cal = icalendar.Calendar.from_ical(tt.to_ics(stamp=STAMP))
    events = list(cal.walk("VEVENT"))
    assert [str(e["SUMMARY"]) for e in events] == ["Fajr", "Dhuhr", "Asr", "Maghrib", "Isha"]
    assert all("DURATION" not in e for e in events)
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    stamp = list(icalendar.Calendar.from_ical(tt.to_ics()).walk("VEVENT"))[0].decoded("DTSTAMP")
    assert before <= stamp <= before + dt.timedelta(seconds=5) and stamp.microsecond == 0


@pytest.mark.parametrize("duration", [0, 1440])
def test_ics_duration_limits(duration):
    tt = salat.table(21.4225, 39.8262, "2026-03-01", tz="Asia/Riyadh", method="mwl")
    assert tt.to_ics(duration=duration, stamp=STAMP).count("BEGIN:VEVENT") == 5


@pytest.mark.parametrize("duration", [-1, 1441, True, 1.5, "5"])
def test_ics_duration_rejected(duration):
    tt = salat.table(21.4225, 39.8262, "2026-03-01", tz="Asia/Riyadh", method="mwl")
    with pytest.raises(salat.InputError) as e:
        tt.to_ics(duration=duration)
    assert str(e.value) == f"duration: got {duration!r}; give whole minutes from 0 to 1440"


def test_times_selection_messages():
    tt = salat.table(21.4225, 39.8262, "2026-03-01", tz="Asia/Riyadh", method="mwl")
    assert tt.to_csv(times="isha").splitlines()[0] == "date,isha"
    with pytest.raises(salat.InputError) as e:
        tt.to_csv(times=())
    assert str(e.value) == ("times: got []; allowed: imsak, fajr, sunrise, dhuhr, asr, "
                            "sunset, maghrib, isha, midnight, last_third")


# ---------------------------------------------------------------- targets

def test_export_targets(tmp_path):
    tt = salat.table(21.4225, 39.8262, "2026-03-01", tz="Asia/Riyadh", method="mwl",
                     names=["مكة"])
    text = tt.to_json()
    assert isinstance(text, str) and "مكة" in text
    s = io.StringIO()
    assert tt.to_json(s) is None and s.getvalue() == text

    class Sink:                         # a writable with no mode: takes bytes
        def __init__(self):
            self.parts = []

        def write(self, data):
            assert isinstance(data, bytes)
            self.parts.append(data)
    sink = Sink()
    tt.to_json(sink)
    assert b"".join(sink.parts).decode("utf-8") == text
    with open(tmp_path / "t.json", "w", encoding="utf-8") as f:   # a text file
        tt.to_json(f)
    assert (tmp_path / "t.json").read_text(encoding="utf-8") == text
    with open(tmp_path / "b.json", "wb") as f:
        tt.to_json(f)
    assert (tmp_path / "b.json").read_bytes() == text.encode("utf-8")


def test_write_ics_defaults_to_no_duration():
    tt = salat.table(21.4225, 39.8262, "2026-03-01", tz="Asia/Riyadh", method="mwl")
    buf = io.BytesIO()
    assert exports.write_ics([tt], buf, stamp=STAMP) == 5
    assert b"DURATION" not in buf.getvalue()


def _ics(**kw):
    tt = salat.table(21.4225, 39.8262, "2026-03-01", tz="Asia/Riyadh", method="mwl")
    buf = io.BytesIO()
    exports.write_ics([tt], buf, stamp=STAMP, **kw)
    return buf.getvalue().decode("utf-8")


@pytest.mark.parametrize("alarm, trigger", [(15, "-PT15M"), (0, "P0D"), (1440, "-P1D")])
def test_ics_alarm(alarm, trigger):
    """A display reminder ``alarm`` minutes before each event, named like it."""
    text = _ics(alarm=alarm, labels={"fajr": "Subuh"})
    cal = icalendar.Calendar.from_ical(text)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 5
    for ev in events:
        (reminder,) = ev.walk("VALARM")
        assert str(reminder["ACTION"]) == "DISPLAY"
        assert str(reminder["DESCRIPTION"]) == str(ev["SUMMARY"])
        assert reminder.decoded("TRIGGER") == -dt.timedelta(minutes=alarm)
    assert f"TRIGGER:{trigger}\r\n" in text
    assert str(events[0]["SUMMARY"]) == "Subuh"
    assert "VALARM" not in _ics()


@pytest.mark.parametrize("refresh, duration", [(1, "PT1H"), (24, "P1D"), (744, "P31D")])
def test_ics_refresh(refresh, duration):
    """How often a subscribed calendar should fetch the feed again, in both
    the standard property (RFC 7986) and the one Outlook reads."""
    text = _ics(refresh=refresh)
    assert f"REFRESH-INTERVAL;VALUE=DURATION:{duration}\r\n" in text
    assert f"X-PUBLISHED-TTL:{duration}\r\n" in text
    assert "REFRESH-INTERVAL" not in _ics() and "X-PUBLISHED-TTL" not in _ics()


@pytest.mark.parametrize("kw, message", [
    (dict(alarm=-1), "alarm: got -1; give whole minutes from 0 to 1440"),
    (dict(alarm=1441), "alarm: got 1441; give whole minutes from 0 to 1440"),
    (dict(alarm=True), "alarm: got True; give whole minutes from 0 to 1440"),
    (dict(alarm=1.5), "alarm: got 1.5; give whole minutes from 0 to 1440"),
    (dict(refresh=0), "refresh: got 0; give whole hours from 1 to 744"),
    (dict(refresh=745), "refresh: got 745; give whole hours from 1 to 744"),
    (dict(refresh=False), "refresh: got False; give whole hours from 1 to 744"),
    (dict(refresh=2.5), "refresh: got 2.5; give whole hours from 1 to 744"),
])
def test_ics_alarm_and_refresh_rejected(kw, message):
    with pytest.raises(salat.InputError) as e:
        _ics(**kw)
    assert str(e.value) == message
