"""Timetable exporters: CSV, JSON, iCalendar, and atomic writing."""

from __future__ import annotations

import csv
import datetime as dt
import errno
import io
import json
import os
from pathlib import Path

import icalendar
import numpy as np
import pytest

import salat
from salat.methods import TIME_NAMES
from salat.exports import atomic_output, write_csv
from salat.tables import table

RABAT = (34.0209, -6.8416)
STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def rabat():
    return table(*RABAT, year=2026, tz="Africa/Casablanca", method="mwl")


def test_csv_hhmm_is_local_time_rounded_to_the_minute(rabat):
    rows = list(csv.reader(io.StringIO(rabat.to_csv())))
    assert rows[0] == ["date", *TIME_NAMES]
    assert len(rows) == 366
    for d in (0, 100, 200, 300):
        ref = salat.times_for(*RABAT, rabat.dates[d].item(), tz="Africa/Casablanca",
                              method="mwl")
        row = rows[d + 1]
        assert row[0] == str(rabat.dates[d])
        for name, cell in zip(TIME_NAMES, row[1:]):
            want = (getattr(ref, name) + dt.timedelta(seconds=30)).strftime("%H:%M")
            assert cell == want, (name, d)


def test_csv_iso_equals_times_for_isoformat(rabat):
    rows = list(csv.reader(io.StringIO(rabat.to_csv(iso=True))))
    for d in (0, 86, 87, 180, 364):     # either side of Morocco's Ramadan switch
        ref = salat.times_for(*RABAT, rabat.dates[d].item(), tz="Africa/Casablanca",
                              method="mwl")
        for name, cell in zip(TIME_NAMES, rows[d + 1][1:]):
            assert cell == getattr(ref, name).isoformat(timespec="seconds"), (name, d)


def test_csv_offsets_with_seconds_before_standard_time():
    # Amsterdam kept local mean time (+00:19:32) until 1937.
    tt = table(52.37, 4.9, "1930-06-01", tz="Europe/Amsterdam", method="mwl")
    cell = tt.to_csv(iso=True).splitlines()[1].split(",")[4]
    ref = salat.times_for(52.37, 4.9, "1930-06-01", tz="Europe/Amsterdam", method="mwl")
    assert cell == ref.dhuhr.isoformat(timespec="seconds")


def test_csv_many_places_quotes_hostile_names():
    names = ['Dar "Salam", East', "=cmd|' /C calc'!A0", "مكة", "line\nbreak"]
    tt = table([6.8, 21.4, 21.42, 30.0], [39.2, 39.8, 39.82, 31.2], "2026-01-01",
               "2026-01-02", names=names)
    rows = list(csv.reader(io.StringIO(tt.to_csv())))
    assert rows[0][:4] == ["place", "latitude", "longitude", "date"]
    # A formula-like name comes back with OWASP's leading quote (test_csv_injection.py).
    shown = [("'" + n) if n.startswith("=") else n for n in names]
    assert [r[0] for r in rows[1:]] == [n for n in shown for _ in range(2)]
    assert float(rows[1][1]) == 6.8 and float(rows[1][2]) == 39.2


def test_csv_times_selection_and_file_targets(tmp_path):
    tt = table(*RABAT, "2026-01-01", "2026-01-03")
    text = tt.to_csv(times=("fajr", "isha"))
    assert text.splitlines()[0] == "date,fajr,isha"
    with pytest.raises(ValueError, match="allowed"):
        tt.to_csv(times=("fajr", "brunch"))
    path = tmp_path / "t.csv"
    assert tt.to_csv(path) is None and path.read_text() == tt.to_csv()
    with open(tmp_path / "t2.csv", "w", newline="") as f:
        tt.to_csv(f)
    assert (tmp_path / "t2.csv").read_text() == tt.to_csv()
    buf = io.BytesIO()
    tt.to_csv(buf)
    assert buf.getvalue().decode() == tt.to_csv()


def test_json_shape_and_values(rabat):
    doc = json.loads(rabat.to_json())
    assert doc["format"] == "salat.timetable/1" and doc["times"] == list(TIME_NAMES)
    (place,) = doc["places"]
    assert place["tz"] == "Africa/Casablanca" and place["method"] == "mwl"
    assert place["latitude"] == RABAT[0] and len(place["days"]) == 365
    day = place["days"][50]
    ref = rabat.day(50)
    assert day["date"] == "2026-02-20"
    for name in TIME_NAMES:
        assert day[name] == getattr(ref, name).isoformat(timespec="seconds")


def test_json_masks_undefined_and_names_rules():
    tt = table([78.2232, 59.9], [15.6267, 10.75], "2026-06-20", "2026-06-21", method="mwl",
               names=["Longyearbyen", "Oslo"])
    doc = json.loads(tt.to_json())
    polar = doc["places"][0]["days"][0]
    assert polar["sunrise"] is None and polar["isha"] is None and polar["dhuhr"]
    oslo = doc["places"][1]["days"][0]
    assert oslo["adjusted"]["isha"] == "high_latitude"


def test_ics_one_event_per_prayer_with_stable_uids(rabat):
    text = rabat.to_ics(stamp=STAMP)
    assert text == rabat.to_ics(stamp=STAMP)
    cal = icalendar.Calendar.from_ical(text)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 365 * 5
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    first = events[0]
    assert str(first["SUMMARY"]) == "Fajr"
    assert first.decoded("DTSTART") == rabat.day(0).fajr.replace(microsecond=0)
    assert "\r\n" in text and text.startswith("BEGIN:VCALENDAR")
    # the UID follows the place, date and prayer, not the method
    other = table(*RABAT, "2026-01-01", tz="Africa/Casablanca", method="isna")
    assert str(list(icalendar.Calendar.from_ical(other.to_ics()).walk("VEVENT"))[0]["UID"]) \
        == uids[0]


def test_ics_options_and_masking():
    tt = table(78.2232, 15.6267, "2026-06-21", tz="Arctic/Longyearbyen", method="mwl")
    events = list(icalendar.Calendar.from_ical(
        tt.to_ics(times=TIME_NAMES, duration=5, stamp=STAMP)).walk("VEVENT"))
    assert sorted(str(e["SUMMARY"]) for e in events) == ["Asr", "Dhuhr"]
    assert events[0].decoded("DURATION") == dt.timedelta(minutes=5)
    with pytest.raises(ValueError, match="duration"):
        tt.to_ics(duration=-1)
    with pytest.raises(ValueError, match="timezone-aware"):
        tt.to_ics(stamp=dt.datetime(2026, 1, 1))


def test_atomic_output_replaces_only_on_success(tmp_path):
    path = tmp_path / "out.csv"
    path.write_text("old complete file\n")
    with pytest.raises(OSError):
        with atomic_output(path) as f:
            f.write(b"partial")
            raise OSError(errno.ENOSPC, "No space left on device")
    assert path.read_text() == "old complete file\n"
    assert os.listdir(tmp_path) == ["out.csv"]
    with pytest.raises(KeyboardInterrupt):
        with atomic_output(tmp_path / "new.csv") as f:
            f.write(b"partial")
            raise KeyboardInterrupt
    assert os.listdir(tmp_path) == ["out.csv"]
    with atomic_output(path) as f:
        f.write(b"new\n")
    assert path.read_text() == "new\n" and os.listdir(tmp_path) == ["out.csv"]


def test_failing_writer_leaves_no_file(tmp_path):
    class Full(io.RawIOBase):
        def writable(self):
            return True

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

    tt = table(*RABAT, "2026-01-01", "2026-01-31")
    with pytest.raises(OSError):
        write_csv([tt], Full())
    target = tmp_path / "t.csv"

    def broken(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError):
        with atomic_output(target) as f:
            f.write(b"date,fajr\n")
            broken()
    assert not target.exists() and os.listdir(tmp_path) == []


def test_hhmm_rounding_wraps_midnight():
    from salat.exports import _hhmm
    local = np.array([0.0, 29.0, 30.0, 86399.0, 3600 * 13 + 59 * 60 + 31.0])
    assert [bytes(r).decode() for r in _hhmm(local)] == ["00:00", "00:00", "00:01", "00:00",
                                                         "14:00"]


def _json_names(tt) -> list:
    return [p["name"] for p in json.loads(tt.to_json())["places"]]


def test_a_single_place_is_not_named_1():
    """Issue 21, fault 4: /table.json named every place "1" (the exporters' number
    for an unnamed place of many)."""
    one = table(*RABAT, "2026-01-01")
    assert one.names == (None,) and _json_names(one) == [None]
    assert [str(e["summary"]) for e in icalendar.Calendar.from_ical(one.to_ics())
            .walk("VEVENT")] == ["Fajr", "Dhuhr", "Asr", "Maghrib", "Isha"]
    named = table(*RABAT, "2026-01-01", names="Rabat")
    assert _json_names(named) == ["Rabat"]
    assert "SUMMARY:Fajr (Rabat)\r\n" in named.to_ics()
    assert _json_names(table([21.0, 22.0], [39.0, 40.0], "2026-01-01")) == ["1", "2"]


def test_a_prayer_zone_is_named_by_its_code_and_places():
    tt = table(zone="WLY01", start="2026-01-01")
    assert _json_names(tt) == ["WLY01 Kuala Lumpur, Putrajaya"]
    assert _json_names(table(zone="WLY01", start="2026-01-01", names="KL")) == ["KL"]
    chunks = list(salat.table_chunks(zone="WLY01", start="2026-01-01"))
    assert chunks[0].names == ("WLY01 Kuala Lumpur, Putrajaya",)


def test_json_of_local_mean_time_is_what_it_was():
    """Offsets with seconds and a single place (the file as written by the writer of
    one dict per day, its name then "1", now null)."""
    one = table(33.5731, -7.5898, "1890-03-01", "1890-03-02", tz="Africa/Casablanca",
                method="morocco")
    want = (Path(__file__).parent / "data" / "exports" / "lmt.json").read_bytes()
    assert one.to_json(times=("fajr", "isha")).encode() == want
