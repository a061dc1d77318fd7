"""Published timetables (salat.published): reading CSV and JSON, refusing bad
rows with file, line and column, clock changes, and the published times
replacing the calculated ones on the dates covered (and only there).

Expected values are the files' own cells, written here by hand.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
import pytz

import salat
from salat import InputError, PublishedTimetable
from salat.published import localize_wall

LONDON = pytz.timezone("Europe/London")
PARIS = pytz.timezone("Europe/Paris")


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def hm(when):
    return when.strftime("%H:%M")


# ---------------------------------------------------------------- formats

def test_mawaqit_month_file_takes_month_from_name_and_year_from_argument(tmp_path):
    p = write(tmp_path, "03.csv", "Day,Fajr,Shuruk,Duhr,Asr,Maghrib,Isha\n"
                                  "01,06:49,08:44,13:51,16:21,18:57,20:33\n"
                                  "02,06:47,08:42,13:51,16:22,18:58,20:35\n")
    pub = PublishedTimetable.read(p, tz="Europe/Paris", year=2026)
    assert pub.dates == [dt.date(2026, 3, 1), dt.date(2026, 3, 2)]
    t = pub.times("2026-03-02")
    assert [hm(t[k]) for k in ("fajr", "sunrise", "dhuhr", "asr", "maghrib", "isha")] == \
        ["06:47", "08:42", "13:51", "16:22", "18:58", "20:35"]
    assert t["fajr"].utcoffset() == dt.timedelta(hours=1)


def test_year_and_month_in_the_file_name_semicolons(tmp_path):
    p = write(tmp_path, "paris-2026-04.csv", "Day;Fajr;Shuruk;Duhr;Asr;Maghrib;Isha\n"
                                             "1;05:58;07:31;13:56;17:39;20:20;21:47\n")
    pub = PublishedTimetable.read(p, tz="Europe/Paris")
    assert pub.dates == [dt.date(2026, 4, 1)]
    assert hm(pub.times("2026-04-01")["isha"]) == "21:47"


def test_bare_days_without_a_month_are_refused_naming_the_cell(tmp_path):
    p = write(tmp_path, "mosque.csv", "Day,Fajr,Duhr\n1,06:00,13:00\n")
    with pytest.raises(InputError, match=r"mosque.csv, line 2, column 'Day'.*month"):
        PublishedTimetable.read(p, tz="Europe/Paris")


def test_day_month_year_dates_iqama_columns_and_ignored_columns(tmp_path):
    p = write(tmp_path, "t.csv",
              "Date,Hijri,Fajr Start,Fajr Jamaat,Sunrise,Zuhr Start,Zuhr Jamaat,Asr Mithl 1,"
              "Asr Mithl 2,Asr Jamaat,Maghrib,Isha Start,Isha Jamaat\n"
              "05/01/2018,18 Rabi II,06:25,06:55,08:02,12:11,12:25,13:50,14:21,14:45,16:10,"
              "17:47,19:15\n")
    pub = PublishedTimetable.read(p, tz="Europe/London")
    d = dt.date(2018, 1, 5)
    assert hm(pub.times(d)["asr"]) == "13:50"           # Mithl 1, not Mithl 2
    assert {k: hm(v) for k, v in pub.iqama(d).items()} == \
        {"fajr": "06:55", "dhuhr": "12:25", "asr": "14:45", "isha": "19:15"}


def test_twelve_hour_table_without_am_pm(tmp_path):
    # East London Mosque's style: 12-hour clock, no am/pm
    p = write(tmp_path, "elm.csv", "Date,Fajr Begins,Fajr Jama'ah,Sunrise,Zuhr Begins,"
                                   "Zuhr Jama'ah,Asr Mithl 1,Asr Jama'ah,Maghrib Begins,"
                                   "Maghrib Jama'ah,Isha Begins,Isha Jama'ah\n"
                                   "2018-06-21,2:40,3:15,4:43,1:04,1:30,5:27,6:30,9:21,"
                                   "9:26,10:47,11:00\n")
    pub = PublishedTimetable.read(p, tz="Europe/London", hours=12)
    t, iq = pub.times("2018-06-21"), pub.iqama("2018-06-21")
    assert [hm(t[k]) for k in ("fajr", "sunrise", "dhuhr", "asr", "maghrib", "isha")] == \
        ["02:40", "04:43", "13:04", "17:27", "21:21", "22:47"]
    assert hm(iq["isha"]) == "23:00" and hm(iq["fajr"]) == "03:15"


def test_am_pm_suffixes_and_french_hours(tmp_path):
    p = write(tmp_path, "t.csv", "date,fajr,dhuhr,isha\n2026-01-10,5:30 AM,1:05 pm,19h45\n")
    t = PublishedTimetable.read(p, tz="Europe/Paris").times("2026-01-10")
    assert [hm(t[k]) for k in ("fajr", "dhuhr", "isha")] == ["05:30", "13:05", "19:45"]


def test_json_official_form(tmp_path):
    doc = {"tz": "Asia/Singapore", "lat": 1.3521, "lon": 103.8198, "elevation_m": None,
           "city": "Singapore",
           "days": [{"date": "2025-01-01", "fajr": "05:45", "sunrise": "07:09",
                     "dhuhr": "13:11", "asr": "16:35", "maghrib": "19:10", "isha": "20:25"}]}
    p = write(tmp_path, "sg.json", json.dumps(doc))
    pub = PublishedTimetable.read(p)
    assert (pub.latitude, pub.longitude, pub.name) == (1.3521, 103.8198, "Singapore")
    assert hm(pub.times("2025-01-01")["maghrib"]) == "19:10"
    assert pub.times("2025-01-01")["maghrib"].utcoffset() == dt.timedelta(hours=8)


def test_json_keyed_by_date_with_nested_iqama(tmp_path):
    doc = {"2026-05-01": {"fajr": "03:50", "dhuhr": "13:05", "iqama": {"fajr": "04:30"}}}
    p = write(tmp_path, "k.json", json.dumps(doc))
    pub = PublishedTimetable.read(p, tz="Europe/London")
    assert hm(pub.iqama("2026-05-01")["fajr"]) == "04:30"


def test_json_fixed_utc_offset_wins_over_the_tz(tmp_path):
    doc = {"tz": "Africa/Casablanca", "utc_offset": "+00:00",
           "days": [{"date": "2026-10-01", "fajr": "06:01", "dhuhr": "12:30"}]}
    p = write(tmp_path, "ma.json", json.dumps(doc))
    t = PublishedTimetable.read(p).times("2026-10-01")
    assert t["fajr"].utcoffset() == dt.timedelta(0)
    assert t["fajr"].astimezone(dt.timezone.utc).strftime("%H:%M") == "06:01"


def test_columns_override_reads_diyanet_imsak_as_fajr(tmp_path):
    p = write(tmp_path, "ist.csv", "Tarih,İmsak,Güneş,Öğle\n01.01.2026,06:49,08:26,13:12\n")
    pub = PublishedTimetable.read(p, tz="Europe/Istanbul", columns={"İmsak": "fajr"})
    t = pub.times("2026-01-01")
    assert set(t) == {"fajr", "sunrise", "dhuhr"} and hm(t["fajr"]) == "06:49"


def test_several_files_make_one_table_and_a_date_twice_is_refused(tmp_path):
    a = write(tmp_path, "2026-01.csv", "Day,Fajr\n1,06:00\n")
    b = write(tmp_path, "2026-02.csv", "Day,Fajr\n1,05:50\n")
    pub = PublishedTimetable.read(a, b, tz="Europe/Paris")
    assert pub.dates == [dt.date(2026, 1, 1), dt.date(2026, 2, 1)]
    c = write(tmp_path, "more.csv", "Date,Fajr\n2026-02-01,05:51\n")
    with pytest.raises(InputError, match=r"more.csv, line 2: date 2026-02-01 is given twice "
                                         r"\(also .*2026-02.csv, line 2\)"):
        PublishedTimetable.read(a, b, c, tz="Europe/Paris")


# ---------------------------------------------------------------- bad rows

@pytest.mark.parametrize("body, where", [
    ("2026-01-01,06:00,25:00\n", r"line 2, column 'Dhuhr': got '25:00'; allowed: HH:MM"),
    ("2026-01-01,06:00,noon\n", r"line 2, column 'Dhuhr': got 'noon'"),
    ("2026-02-30,06:00,13:00\n", r"line 2, column 'Date': got '2026-02-30'"),
    ("2026-01-01,06:00,13:00\n2026-01-02,13:00,06:00\n",
     r"line 3, column 'Dhuhr': dhuhr 06:00 is not after fajr 13:00"),
    ("2026-01-01,06:00,13:00,14:00\n", r"line 2: 4 cells for 3 columns"),
])
def test_bad_rows_name_file_line_and_column(tmp_path, body, where):
    p = write(tmp_path, "bad.csv", "Date,Fajr,Dhuhr\n" + body)
    with pytest.raises(InputError, match="bad.csv, " + where):
        PublishedTimetable.read(p, tz="Europe/Paris")


def test_iqama_before_its_adhan_is_refused(tmp_path):
    p = write(tmp_path, "bad.csv", "Date,Fajr,Fajr Iqama\n2026-01-01,06:00,05:55\n")
    with pytest.raises(InputError, match=r"line 2, column 'Fajr Iqama': fajr iqama 05:55 "
                                         r"is before its adhan 06:00"):
        PublishedTimetable.read(p, tz="Europe/Paris")


def test_header_without_times_or_dates(tmp_path):
    p = write(tmp_path, "h.csv", "Date,Notes\n2026-01-01,x\n")
    with pytest.raises(InputError, match=r"h.csv, line 1: no time columns"):
        PublishedTimetable.read(p, tz="Europe/Paris")
    q = write(tmp_path, "g.csv", "When,Fajr\n2026-01-01,06:00\n")
    with pytest.raises(InputError, match=r"g.csv, line 1: no date column"):
        PublishedTimetable.read(q, tz="Europe/Paris")


def test_missing_tz_file_and_bad_arguments(tmp_path):
    p = write(tmp_path, "t.csv", "Date,Fajr\n2026-01-01,06:00\n")
    with pytest.raises(InputError, match=r"tz: the table's time zone is not given"):
        PublishedTimetable.read(p)
    with pytest.raises(InputError, match=r"no such file"):
        PublishedTimetable.read(tmp_path / "nope.csv", tz="Europe/Paris")
    with pytest.raises(InputError, match=r"hours: got 13; allowed: 24, 12"):
        PublishedTimetable.read(p, tz="Europe/Paris", hours=13)
    with pytest.raises(InputError, match=r"columns\['Fajr'\]: got 'dawn'; allowed: imsak"):
        PublishedTimetable.read(p, tz="Europe/Paris", columns={"Fajr": "dawn"})


# ---------------------------------------------------------------- clock changes

def test_ambiguous_time_takes_the_first_instant():
    # 2026-10-25 01:30 happens twice in London: first in BST (00:30 UTC)
    aware = localize_wall(LONDON, dt.datetime(2026, 10, 25, 1, 30))
    assert aware.astimezone(dt.timezone.utc).strftime("%H:%M") == "00:30"


def test_skipped_time_is_refused(tmp_path):
    # 2026-03-29 01:30 never shows on a London clock
    p = write(tmp_path, "t.csv", "Date,Fajr\n2026-03-29,01:30\n")
    with pytest.raises(InputError, match=r"line 2, column 'Fajr': 01:30 did not occur on "
                                         r"2026-03-29 in Europe/London"):
        PublishedTimetable.read(p, tz="Europe/London")


def test_times_either_side_of_a_change_keep_their_clock(tmp_path):
    p = write(tmp_path, "t.csv", "Date,Fajr,Dhuhr\n2026-03-28,05:01,12:12\n"
                                 "2026-03-29,05:59,13:12\n")
    pub = PublishedTimetable.read(p, tz="Europe/London")
    a, b = pub.times("2026-03-28")["dhuhr"], pub.times("2026-03-29")["dhuhr"]
    assert (a.utcoffset(), b.utcoffset()) == (dt.timedelta(0), dt.timedelta(hours=1))
    # both are 12:12 UTC: the clock moved, the Sun did not
    assert a.astimezone(dt.timezone.utc).time() == b.astimezone(dt.timezone.utc).time()


def test_standard_time_tables_get_the_summer_hour(tmp_path):
    p = write(tmp_path, "t.csv", "Date,Dhuhr\n2026-01-15,12:10\n2026-07-15,12:10\n")
    pub = PublishedTimetable.read(p, tz="Europe/London", dst="standard")
    assert hm(pub.times("2026-01-15")["dhuhr"]) == "12:10"
    assert hm(pub.times("2026-07-15")["dhuhr"]) == "13:10"


# ---------------------------------------------------------------- applied

@pytest.fixture
def london_pub(tmp_path):
    p = write(tmp_path, "t.csv", "Date,Fajr,Sunrise,Dhuhr,Asr,Maghrib,Isha\n"
                                 "2026-01-05,06:25,08:02,12:11,13:50,16:10,17:47\n")
    return PublishedTimetable.read(p, tz="Europe/London")


def test_apply_on_a_covered_date(london_pub):
    calc = salat.times_for(51.5175, -0.0654, "2026-01-05", method="mwl")
    t, sources = london_pub.apply(calc)
    assert [hm(w) for _, w in t] == ["06:25", "08:02", "12:11", "13:50", "16:10", "17:47"]
    assert sources["fajr"] == "published" and sources["imsak"] == "calculated"
    assert t.midnight == calc.midnight and t.method is calc.method
    assert t.sunset <= t.maghrib


def test_apply_elsewhere_is_the_calculation(london_pub):
    calc = salat.times_for(51.5175, -0.0654, "2026-01-06", method="mwl")
    t, sources = london_pub.apply(calc)
    assert t is calc and set(sources.values()) == {"calculated"}


def test_table_marks_published_cells_and_exports_them(london_pub):
    tt = london_pub.table(51.5175, -0.0654, "2026-01-04", "2026-01-06", method="mwl")
    calc = salat.table(51.5175, -0.0654, "2026-01-04", "2026-01-06", method="mwl",
                       tz="Europe/London")
    assert tt.sources.shape == (1, 3, len(salat.TIME_NAMES))
    assert list(tt.source("fajr")) == ["calculated", "published", "calculated"]
    assert list(tt.source("sunset")) == ["calculated"] * 3
    fajr = tt.local("fajr").astype(str)
    assert fajr[1] == "2026-01-05T06:25:00"
    assert fajr[0] == calc.local("fajr").astype(str)[0]
    assert tt.day(1).isha.strftime("%H:%M") == "17:47"
    head, *rows = [r.split(",") for r in tt.to_csv().splitlines()]
    fajr = head.index("fajr")
    assert rows[1][fajr] == "06:25" and rows[1][head.index("fajr_source")] == "published"
    assert rows[0][head.index("fajr_source")] == "calculated"


def test_table_without_a_place_is_refused(london_pub):
    with pytest.raises(InputError, match=r"lat and lon: not given"):
        london_pub.table()


def test_mawaqit_plus_minutes_iqama_cells(tmp_path):
    p = write(tmp_path, "t.csv", "Date,Fajr,Fajr Iqama,Isha,Isha Iqama\n"
                                 "2026-01-10,06:40,+20,18:30,19:45\n")
    iq = PublishedTimetable.read(p, tz="Europe/Paris").iqama("2026-01-10")
    assert (hm(iq["fajr"]), hm(iq["isha"])) == ("07:00", "19:45")
    q = write(tmp_path, "u.csv", "Date,Fajr Iqama\n2026-01-10,+20\n")
    with pytest.raises(InputError, match=r"u.csv, line 2, column 'Fajr Iqama': '\+20' .*"
                                         r"no fajr adhan"):
        PublishedTimetable.read(q, tz="Europe/Paris")


def test_adhan_and_iqama_in_two_files(tmp_path):
    a = write(tmp_path, "adhan.csv", "Date,Fajr,Dhuhr\n2026-01-10,06:40,12:55\n")
    b = write(tmp_path, "iqama.csv", "Date,Fajr Iqama,Dhuhr Iqama\n2026-01-10,07:00,13:30\n")
    pub = PublishedTimetable.read(a, b, tz="Europe/Paris")
    assert hm(pub.times("2026-01-10")["dhuhr"]) == "12:55"
    assert hm(pub.iqama("2026-01-10")["dhuhr"]) == "13:30"
    c = write(tmp_path, "early.csv", "Date,Fajr Iqama\n2026-01-10,06:30\n")
    with pytest.raises(InputError, match=r"early.csv, line 2: fajr iqama 06:30 is before "
                                         r"its adhan 06:40"):
        PublishedTimetable.read(a, c, tz="Europe/Paris")


@pytest.mark.parametrize("name, month", [("march.csv", 3), ("Prayer Times - February.csv", 2),
                                         ("2026 février.csv", 2), ("Mosque - Dec.csv", 12)])
def test_month_from_a_month_name_in_the_file_name(tmp_path, name, month):
    p = write(tmp_path, name, "Day,Fajr\n1,06:00\n")
    assert PublishedTimetable.read(p, tz="Europe/Paris", year=2026).dates == \
        [dt.date(2026, month, 1)]


def test_a_published_table_keeps_its_type_and_sources_through_slice(london_pub):
    tt = london_pub.table(51.5175, -0.0654, "2026-01-04", "2026-01-06", method="mwl")
    part = tt.slice(0, 1)
    assert type(part) is type(tt)
    assert list(part.source("fajr")) == ["calculated", "published", "calculated"]
    with pytest.raises(ValueError):
        tt.sources[0, 0, 0] = 1
