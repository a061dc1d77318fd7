"""Where each time came from, in CSV, JSON and iCalendar (issue 19).

The writers take any :class:`salat.exports.TableLike`; here a small hand-made
one, not a :class:`salat.Timetable`, stands for a published timetable: its
times are set by hand, so every expected cell below is worked out by hand too.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import icalendar
import numpy as np
import pytest

import salat
from salat import TIME_NAMES, InputError
from salat.exports import TableLike, write_csv, write_ics, write_json

FAJR, DHUHR = TIME_NAMES.index("fajr"), TIME_NAMES.index("dhuhr")
STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
PLUS_ONE = dt.timezone(dt.timedelta(hours=1))


class Method:
    def __init__(self, name):
        self.name = name


def _unix(y, mo, d, h, mi) -> float:
    """Local clock time at UTC+1 as Unix seconds."""
    return dt.datetime(y, mo, d, h, mi, tzinfo=PLUS_ONE).timestamp()


class FakeTable:
    """Two places x two dates. Place 0: Fajr published both days, Dhuhr
    published on the second; place 1: only its second Fajr published; its first
    Dhuhr undefined and its second set by the high-latitude rule.
    """

    def __init__(self, sources=True, single=False):
        p = 1 if single else 2
        self.dates = np.array(["2026-03-01", "2026-03-02"], "datetime64[D]")
        self.names = ("Masjid A",) if single else ("Masjid A", "Masjid, B")
        self.latitude, self.longitude = np.array([33.5, 34.0])[:p], np.array([-7.5, -6.8])[:p]
        self.elevation = np.zeros(p)
        self.tzs = (PLUS_ONE,) * p
        self.methods = (Method("morocco"),) * p
        self.single = single
        utc = np.full((2, 2, len(TIME_NAMES)), np.nan)
        utc[0, 0, FAJR], utc[0, 1, FAJR] = _unix(2026, 3, 1, 5, 30), _unix(2026, 3, 2, 5, 29)
        utc[0, 0, DHUHR], utc[0, 1, DHUHR] = _unix(2026, 3, 1, 13, 5), _unix(2026, 3, 2, 13, 4)
        utc[1, 0, FAJR], utc[1, 1, FAJR] = _unix(2026, 3, 1, 5, 40), _unix(2026, 3, 2, 5, 39)
        utc[1, 1, DHUHR] = _unix(2026, 3, 2, 13, 15)
        self._utc = utc[:p]
        self._flags = np.zeros(utc.shape, np.uint8)[:p]
        if not single:
            self._flags[1, 1, DHUHR] = 1                       # rules.ADJUSTED
        src = np.zeros(utc.shape, np.uint8)
        src[0, :, FAJR] = 1
        src[0, 1, DHUHR] = 1
        src[1, 1, FAJR] = 1
        self.sources = src[:p] if sources else None

    @property
    def places(self):
        return self._utc.shape[0]

    @property
    def utc_seconds(self):
        return self._utc

    @property
    def offset_seconds(self):
        return np.full(self._utc.shape, 3600.0)

    @property
    def rule_flags(self):
        return self._flags

    def __len__(self):
        return self.dates.size


def _write(writer, table, **kw) -> str:
    buf = io.BytesIO()
    writer([table], buf, **kw)
    return buf.getvalue().decode("utf-8")


def test_csv_has_a_source_column_after_each_time():
    text = _write(write_csv, FakeTable(), times=("fajr", "dhuhr"))
    assert text.splitlines() == [
        "place,latitude,longitude,date,fajr,fajr_source,dhuhr,dhuhr_source",
        "Masjid A,33.5,-7.5,2026-03-01,05:30,published,13:05,calculated",
        "Masjid A,33.5,-7.5,2026-03-02,05:29,published,13:04,published",
        '"Masjid, B",34.0,-6.8,2026-03-01,05:40,calculated,,calculated',
        '"Masjid, B",34.0,-6.8,2026-03-02,05:39,published,13:15,calculated',
    ]


def test_csv_of_one_place_in_iso():
    text = _write(write_csv, FakeTable(single=True), times=("dhuhr",), iso=True)
    assert text.splitlines() == ["date,dhuhr,dhuhr_source",
                                 "2026-03-01,2026-03-01T13:05:00+01:00,calculated",
                                 "2026-03-02,2026-03-02T13:04:00+01:00,published"]


def test_without_sources_nothing_changes():
    text = _write(write_csv, FakeTable(sources=False, single=True), times=("fajr", "dhuhr"))
    assert text.splitlines() == ["date,fajr,dhuhr", "2026-03-01,05:30,13:05",
                                 "2026-03-02,05:29,13:04"]
    doc = json.loads(_write(write_json, FakeTable(sources=False)))
    assert all("sources" not in day for p in doc["places"] for day in p["days"])
    assert "X-SALAT-SOURCE" not in _write(write_ics, FakeTable(sources=False), stamp=STAMP)


def test_json_days_say_where_each_time_came_from():
    doc = json.loads(_write(write_json, FakeTable(), times=("fajr", "dhuhr")))
    a, b = doc["places"]
    assert a["name"] == "Masjid A" and b["name"] == "Masjid, B"
    assert a["days"][0] == {"date": "2026-03-01", "fajr": "2026-03-01T05:30:00+01:00",
                            "dhuhr": "2026-03-01T13:05:00+01:00",
                            "sources": {"fajr": "published", "dhuhr": "calculated"}}
    assert a["days"][1]["sources"] == {"fajr": "published", "dhuhr": "published"}
    assert b["days"][0]["dhuhr"] is None
    assert b["days"][0]["sources"] == {"fajr": "calculated", "dhuhr": "calculated"}
    assert b["days"][1] == {"date": "2026-03-02", "fajr": "2026-03-02T05:39:00+01:00",
                            "dhuhr": "2026-03-02T13:15:00+01:00",
                            "sources": {"fajr": "published", "dhuhr": "calculated"},
                            "adjusted": {"dhuhr": "high_latitude"}}
    every = json.loads(_write(write_json, FakeTable()))["places"][0]["days"][0]["sources"]
    assert list(every) == list(TIME_NAMES) and every["imsak"] == "calculated"


def test_ics_events_are_marked():
    cal = icalendar.Calendar.from_ical(_write(write_ics, FakeTable(), stamp=STAMP,
                                              times=("fajr", "dhuhr")))
    got = [(str(e["summary"]), e["dtstart"].dt, str(e["x-salat-source"]),
            str(e["description"])) for e in cal.walk("VEVENT")]
    utc = dt.timezone.utc
    assert got == [
        ("Fajr (Masjid A)", dt.datetime(2026, 3, 1, 4, 30, tzinfo=utc), "published",
         "Published timetable"),
        ("Dhuhr (Masjid A)", dt.datetime(2026, 3, 1, 12, 5, tzinfo=utc), "calculated",
         "Method: morocco; calculated"),
        ("Fajr (Masjid A)", dt.datetime(2026, 3, 2, 4, 29, tzinfo=utc), "published",
         "Published timetable"),
        ("Dhuhr (Masjid A)", dt.datetime(2026, 3, 2, 12, 4, tzinfo=utc), "published",
         "Published timetable"),
        ("Fajr (Masjid, B)", dt.datetime(2026, 3, 1, 4, 40, tzinfo=utc), "calculated",
         "Method: morocco; calculated"),
        ("Fajr (Masjid, B)", dt.datetime(2026, 3, 2, 4, 39, tzinfo=utc), "published",
         "Published timetable"),
        ("Dhuhr (Masjid, B)", dt.datetime(2026, 3, 2, 12, 15, tzinfo=utc), "calculated",
         "Method: morocco; set by the high_latitude rule; calculated"),
    ]


@pytest.mark.parametrize("writer", [write_csv, write_json, write_ics])
def test_sources_of_the_wrong_shape_are_refused(writer):
    bad = FakeTable()
    bad.sources = bad.sources[:, :1]
    with pytest.raises(InputError, match=r"sources: got an array of shape \(2, 1, 10\)"):
        _write(writer, bad)


def _declared() -> set[str]:
    """What TableLike declares: its attributes and its properties and methods."""
    members = {n for n in vars(TableLike) if not n.startswith("_") or n == "__len__"}
    return (set(TableLike.__annotations__) | members) - {"__annotations__"}


def test_timetable_and_the_fake_have_what_the_writers_read():
    declared = _declared()
    assert declared == {"dates", "names", "latitude", "longitude", "elevation", "tzs",
                        "methods", "single", "sources", "places", "utc_seconds",
                        "offset_seconds", "rule_flags", "__len__"}
    tt = salat.table(33.5731, -7.5898, "2026-03-01", tz="Africa/Casablanca", method="mwl")
    for table in (tt, FakeTable()):
        assert [n for n in sorted(declared) if not hasattr(table, n)] == []
    assert tt.sources is None and not hasattr(tt, "zones")


def test_a_timetable_carries_its_sources_through_slices_and_joins():
    tt = salat.table([33.5731, 34.0209], [-7.5898, -6.8416], "2026-03-01", "2026-03-02",
                     tz="Africa/Casablanca", method="morocco", names=["Casa", "Rabat"])
    src = np.zeros(tt.utc_seconds.shape, np.uint8)
    src[1, 0, FAJR] = 1
    marked = salat.Timetable(tt.dates, tt.utc_seconds, tt.offset_seconds, tt.rule_flags,
                             tt.latitude, tt.longitude, tt.elevation, tt.tzs, tt.methods,
                             tt.names, sources=src)
    part = marked.slice(1, 2)
    assert part.sources.tolist() == src[1:2].tolist()
    joined = salat.Timetable.concatenate([tt.slice(0, 1), part])
    assert joined.sources.tolist() == src.tolist()
    assert salat.Timetable.concatenate([tt.slice(0, 1), tt.slice(1, 2)]).sources is None
    rows = joined.to_csv(times=("fajr",)).splitlines()
    assert rows[0] == "place,latitude,longitude,date,fajr,fajr_source"
    assert [r.rsplit(",", 1)[1] for r in rows[1:]] == ["calculated", "calculated",
                                                       "published", "calculated"]
