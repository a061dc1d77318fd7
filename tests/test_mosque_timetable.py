"""A real mosque's timetable round-trips: East London Mosque's 2018 table
(adhan and jama'ah of every prayer, every date; ``tests/data/mosques``) read
through a profile gives back each time exactly on its dates, marked
``published``, and calculated times, marked ``calculated``, outside them.

The expected clock times are read from the file here, independently of
salat.published: the columns' 12-hour times are turned to 24-hour by where
they sit in the day (Fajr and sunrise in the morning, Zuhr after 11:00, the
rest in the afternoon or evening).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import salat

DATA = Path(__file__).parent / "data" / "mosques"
J = "\u2018"          # the file writes Jama'ah with a left single quotation mark
COLUMNS = {"fajr": ("Fajr Begins", f"Fajr Jama{J}ah"), "sunrise": ("Sunrise", None),
           "dhuhr": ("Zuhr Begins", f"Zuhr Jama{J}ah"),
           "asr": ("Asr Mithl 1", f"Asr Jama{J}ah"),
           "maghrib": ("Maghrib Begins", f"Maghrib Jama{J}ah"),
           "isha": ("Isha Begins", f"Isha Jama{J}ah")}


def clock24(prayer: str, text: str) -> str:
    h, m = (int(x) for x in text.split(":"))
    if prayer == "dhuhr" and h < 11 or prayer in ("asr", "maghrib", "isha") and h < 12:
        h += 12
    return f"{h:02d}:{m:02d}"


@pytest.fixture(scope="module")
def expected():
    raw = json.loads((DATA / "east-london-mosque-2018.json").read_text(encoding="utf-8"))
    out = {}
    for key, row in raw.items():
        d, m, y = (int(x) for x in key.split("/"))
        adhan = {p: clock24(p, row[a]) for p, (a, _) in COLUMNS.items()}
        iqama = {p: clock24(p, row[i]) for p, (_, i) in COLUMNS.items() if i}
        out[dt.date(y, m, d)] = adhan, iqama
    return out


@pytest.fixture(scope="module")
def elm():
    return salat.Mosque.from_toml(DATA / "east-london-mosque.toml")


def test_every_date_of_the_table_is_read(elm, expected):
    assert len(expected) == 365
    assert elm.published.dates == sorted(expected)


def test_every_adhan_and_iqama_comes_back_exactly(elm, expected):
    wrong = []
    for d, (adhan, iqama) in expected.items():
        day = elm.day(d)
        got_adhan = {p: getattr(day.adhan, p).strftime("%H:%M") for p in adhan}
        got_iqama = {p: w.strftime("%H:%M") for p, w in day.iqama.items()}
        if got_adhan != adhan or got_iqama != iqama:
            wrong.append((d, got_adhan, adhan, got_iqama, iqama))
        assert all(day.sources[p] == "published" for p in adhan)
        assert day.adhan.fajr.date() == d and day.adhan.isha.date() == d
    assert not wrong, wrong[:3]


@pytest.mark.parametrize("date, offset", [("2018-03-24", 0), ("2018-03-25", 1),
                                          ("2018-10-27", 1), ("2018-10-28", 0)])
def test_clock_changes_in_the_table(elm, date, offset):
    assert elm.day(date).adhan.dhuhr.utcoffset() == dt.timedelta(hours=offset)


def test_jumuah_winter_and_summer(elm):
    assert [j.strftime("%Y-%m-%d %H:%M") for j in elm.day("2018-03-20").jumuah] == \
        ["2018-03-23 13:00"]
    assert [j.strftime("%Y-%m-%d %H:%M") for j in elm.day("2018-03-26").jumuah] == \
        ["2018-03-30 13:45"]
    assert [j.strftime("%H:%M") for j in elm.day("2018-11-02").jumuah] == ["13:00"]


@pytest.mark.parametrize("date", ["2017-12-31", "2019-01-01", "2019-06-21"])
def test_outside_the_table_times_are_calculated_and_marked(elm, date):
    day = elm.day(date)
    calc = salat.times_for(51.5176, -0.0652, date, method="london_unified",
                           tz="Europe/London")
    assert set(day.sources.values()) == {"calculated"}
    assert [w for _, w in day.adhan] == [w for _, w in calc]


def test_rules_take_over_after_the_table(elm):
    day = elm.day("2019-01-02")
    # worked from the calculated adhan and the profile's 2019 rules
    fajr = day.adhan.fajr + dt.timedelta(minutes=30)
    assert day.iqama["fajr"] - fajr < dt.timedelta(minutes=5)
    assert day.iqama["fajr"].minute % 5 == 0
    assert day.iqama["dhuhr"].strftime("%H:%M") == "12:45"
    assert day.iqama["isha"].strftime("%H:%M") == "19:15"
    assert day.iqama["maghrib"] == day.adhan.maghrib + dt.timedelta(minutes=5)
    assert "fajr" not in elm.day("2017-12-31").iqama     # before the table: no rule at all


def test_table_export_marks_sources(elm):
    tt = elm.table("2018-12-30", "2019-01-02")
    assert list(tt.source("isha")) == ["published", "published", "calculated", "calculated"]
    csv = tt.to_csv().splitlines()
    assert csv[1].split(",")[0] == "2018-12-30"
