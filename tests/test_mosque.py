"""Mosque profiles (salat.mosque): reading the TOML file, the day it gives
(adhan, sources, iqama, Jumu'ah, Eid, changes, next) and one-message errors
naming the file, key and allowed values.
"""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest
import pytz

import salat
from salat import InputError, Mosque

LONDON = pytz.timezone("Europe/London")

PROFILE = """\
name = "Example Mosque"
locale = "en_GB"

[place]
lat = 51.5175
lon = -0.0654
tz = "Europe/London"

[times]
method = "london_unified"
published = ["jan.csv"]

[iqama]
step = 5

[iqama.fajr]
after = 20
before_sunrise = 15

[iqama.dhuhr]
at = "13:30"
[[iqama.dhuhr.changes]]
from = 2026-10-25
at = "12:45"

[iqama.asr]
table = true

[iqama.maghrib]
after = 5
step = 0

[iqama.isha]
after = 10
not_before = "19:30"
[iqama.isha.ramadan]
at = "21:00"

[iqama.taraweeh]
after = 10

[jumuah]
times = ["13:15", "14:15"]
[[jumuah.changes]]
from = 2026-10-25
times = ["12:45", "13:45"]

[[eid]]
name = "Eid al-Fitr"
date = 2026-03-20
times = ["07:30", "09:00"]
"""

JAN = ("Date,Fajr,Sunrise,Dhuhr,Asr,Asr Jamaat,Maghrib,Isha\n"
       "2026-01-09,06:24,08:03,12:09,13:55,14:30,16:13,17:50\n")


@pytest.fixture
def mosque(tmp_path):
    (tmp_path / "jan.csv").write_text(JAN, encoding="utf-8")
    p = tmp_path / "example.toml"
    p.write_text(PROFILE, encoding="utf-8")
    return Mosque.from_toml(p)


def hm(w):
    return w.strftime("%H:%M")


def test_profile_basics(mosque):
    assert (mosque.name, mosque.slug, mosque.locale) == ("Example Mosque", "example-mosque",
                                                         "en_GB")
    assert (mosque.place.lat, mosque.place.lon) == (51.5175, -0.0654)
    assert mosque.tz.zone == "Europe/London"


def test_a_published_day(mosque):
    d = mosque.day("2026-01-09")                 # a Friday, in the published table
    assert hm(d.adhan.fajr) == "06:24" and d.sources["fajr"] == "published"
    assert d.sources["imsak"] == "calculated"
    # worked by hand from the rules and the published adhan:
    # fajr 06:24 + 20 = 06:44 -> 06:45 (sunrise 08:03 - 15 = 07:48 does not bind)
    # asr from the table; maghrib 16:13 + 5; isha 17:50 + 10 = 18:00 < 19:30
    assert {k: hm(v) for k, v in d.iqama.items()} == {
        "fajr": "06:45", "dhuhr": "13:30", "asr": "14:30", "maghrib": "16:18",
        "isha": "19:30"}
    assert [hm(j) for j in d.jumuah] == ["13:15", "14:15"]
    assert d.eid == []


def test_a_calculated_day_and_the_coming_friday(mosque):
    d = mosque.day("2026-01-12")                 # a Monday, not in the table
    assert set(d.sources.values()) == {"calculated"}
    calc = salat.times_for(51.5175, -0.0654, "2026-01-12", method="london_unified")
    assert d.adhan.fajr == calc.fajr
    assert "asr" not in d.iqama                  # the table gives Asr's iqama; none here
    assert [j.date() for j in d.jumuah] == [dt.date(2026, 1, 16)] * 2


def test_jumuah_and_iqama_changes_from_a_date(mosque):
    d = mosque.day("2026-10-21")
    assert [j.strftime("%Y-%m-%d %H:%M") for j in d.jumuah] == \
        ["2026-10-23 13:15", "2026-10-23 14:15"]
    later = mosque.day("2026-10-26")
    assert [hm(j) for j in later.jumuah] == ["12:45", "13:45"]
    dhuhr = [c for c in d.changes if c.prayer == "dhuhr"]
    assert [(c.date, hm(c.time)) for c in dhuhr] == [(dt.date(2026, 10, 25), "12:45")]
    assert not [c for c in d.changes if c.prayer == "maghrib"]   # moves daily: left out


def test_eid_listed_a_week_ahead(mosque):
    assert [(n, w.strftime("%m-%d %H:%M")) for n, w in mosque.day("2026-03-14").eid] == \
        [("Eid al-Fitr", "03-20 07:30"), ("Eid al-Fitr", "03-20 09:00")]
    assert mosque.day("2026-03-12").eid == []
    assert mosque.day("2026-03-21").eid == []


def test_ramadan_night_isha_and_taraweeh(mosque):
    d = mosque.day("2026-02-17")
    assert hm(d.iqama["isha"]) == "21:00" and hm(d.iqama["taraweeh"]) == "21:10"
    assert "taraweeh" not in mosque.day("2026-02-16").iqama


def test_next_counts_to_the_iqama(mosque):
    d = mosque.day("2026-01-09")
    now = LONDON.localize(dt.datetime(2026, 1, 9, 6, 30))     # after the adhan
    p = d.next(now)
    assert (p.name, hm(p.adhan), hm(p.at)) == ("fajr", "06:24", "06:45")
    p = d.next(LONDON.localize(dt.datetime(2026, 1, 9, 13, 20)))   # Friday: Jumu'ah
    assert (p.name, hm(p.at)) == ("jumuah", "14:15")
    p = d.next(LONDON.localize(dt.datetime(2026, 1, 9, 19, 31)))   # after Isha's iqama
    assert p.name == "fajr" and p.at.date() == dt.date(2026, 1, 10)
    assert mosque.next(now) == p.__class__(*d.next(now))
    with pytest.raises(InputError, match=r"now: .*timezone-aware"):
        d.next(dt.datetime(2026, 1, 9, 6, 30))


def test_table_has_sources(mosque):
    tt = mosque.table("2026-01-08", "2026-01-10")
    assert list(tt.source("fajr")) == ["calculated", "published", "calculated"]
    assert tt.names == ("Example Mosque",)


def test_city_instead_of_coordinates(tmp_path):
    p = tmp_path / "m.toml"
    p.write_text('name = "Rabat Mosque"\n[place]\ncity = "Rabat"\n', encoding="utf-8")
    m = Mosque.from_toml(p)
    assert abs(m.place.lat - 34.0) < 0.2 and m.slug == "rabat-mosque"
    assert m.day("2026-05-01").adhan.method.name == "morocco"


# ---------------------------------------------------------------- errors

def profile_error(tmp_path, text):
    p = tmp_path / "bad.toml"
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(InputError) as e:
        Mosque.from_toml(p)
    msg = str(e.value)
    assert msg.startswith(str(p) + ": ") and "\n" not in msg
    return msg


PLACE = '[place]\nlat = 51.5\nlon = -0.1\n'


@pytest.mark.parametrize("text, want", [
    ('name = "X"\n', "place: missing; allowed: a table with lat and lon, or city"),
    ('nam = "X"\n' + PLACE, "nam: unknown key; allowed: name, slug"),
    ('name = "X"\n[place]\nlat = 95\nlon = 0\n', "place.lat: got 95; allowed: degrees -90 to 90"),
    ('name = "X"\n[place]\nlat = 1\n', "place.lon: got None; allowed: degrees -180 to 180"),
    ('name = "X"\nslug = "A B"\n' + PLACE, "slug: got 'A B'; allowed: lower-case"),
    ('name = "X"\n' + PLACE + '[times]\nmethod = "nope"\n', "times.method: "),
    ('name = "X"\n' + PLACE + '[times]\nasr = "late"\n', "times.asr: "),
    ('name = "X"\n' + PLACE + '[times]\npublished = "none.csv"\n',
     "times.published: published timetable: no such file"),
    ('name = "X"\n' + PLACE + '[iqama.fajr]\nafter = 20\nat = "06:00"\n',
     "iqama.fajr: iqama rule for fajr: give exactly one of after"),
    ('name = "X"\n' + PLACE + '[iqama.fajr]\nafer = 20\n',
     "iqama.fajr.afer: unknown key; allowed: after, at, table, none"),
    ('name = "X"\n' + PLACE + '[iqama.zuhr]\nafter = 20\n',
     "iqama.zuhr: unknown key; allowed: step, fajr, dhuhr, asr, maghrib, isha, taraweeh"),
    ('name = "X"\n' + PLACE + '[iqama.isha]\nat = "25:00"\n', "iqama.isha: isha.at: got "),
    ('name = "X"\n' + PLACE + '[iqama.asr]\ntable = true\n', "iqama: a rule says table"),
    ('name = "X"\n' + PLACE + '[[iqama.asr.changes]]\nat = "15:00"\n',
     "iqama.asr.changes[0]: from: missing"),
    ('name = "X"\n' + PLACE + '[jumuah]\ntimes = []\n', "jumuah: jumuah.times: got ()"),
    ('name = "X"\n' + PLACE + '[[eid]]\nname = "Eid"\ntimes = ["07:00"]\n',
     "eid[0]: eid.date: missing; allowed: a date YYYY-MM-DD"),
    ('name = "X"\nhijri_offset = 5\n' + PLACE, "hijri_offset: got 5; allowed: whole"),
    ('name = "X"\n' + PLACE + 'hijri_offset = 5\n', "place.hijri_offset: unknown key"),
    ('name = \n', "not valid TOML"),
])
def test_profile_errors_name_file_key_and_allowed(tmp_path, text, want):
    assert want in profile_error(tmp_path, text)


def test_missing_profile_file(tmp_path):
    with pytest.raises(InputError, match=r"mosque profile: no such file"):
        Mosque.from_toml(tmp_path / "none.toml")


def test_the_readme_example_profile_and_csv(tmp_path):
    # the README's Mosques section: its profile and its CSV, as printed there
    from pathlib import Path
    text = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Mosques"):]
    profile = section.split("```toml\n", 1)[1].split("```", 1)[0]
    table = section.split("```csv\n", 1)[1].split("```", 1)[0]
    (tmp_path / "timetable-2026.csv").write_text(table, encoding="utf-8")
    (tmp_path / "east-london-mosque.toml").write_text(profile, encoding="utf-8")
    m = Mosque.from_toml(tmp_path / "east-london-mosque.toml")
    d = m.day("2026-03-06")                        # a Friday in Ramadan
    assert hm(d.adhan.fajr) == "05:00" and d.sources["fajr"] == "published"
    # fajr 05:00 + 20 = 05:20 (sunrise 06:35 - 15 = 06:20 does not bind); asr from the
    # table; isha in Ramadan at 21:00, Taraweeh 10 minutes after it
    assert {k: hm(v) for k, v in d.iqama.items()} == {
        "fajr": "05:20", "dhuhr": "13:30", "asr": "15:45", "maghrib": "18:01",
        "isha": "21:00", "taraweeh": "21:10"}
    assert [hm(j) for j in d.jumuah] == ["12:30", "13:30"]    # the table's row wins
    assert [hm(j) for j in m.day("2026-03-07").jumuah] == ["13:15", "14:15"]   # the rule
    assert [n for n, _ in d.eid] == []            # 20 March is 14 days away
    assert [n for n, _ in m.day("2026-03-14").eid] == ["Eid al-Fitr", "Eid al-Fitr"]


def test_as_dict_is_json_with_offsets(mosque):
    doc = mosque.day("2026-01-09").as_dict()
    assert doc["slug"] == "example-mosque" and doc["date"] == "2026-01-09"
    assert doc["times"]["fajr"] == "2026-01-09T06:24:00+00:00"
    assert doc["sources"]["fajr"] == "published" and doc["sources"]["imsak"] == "calculated"
    assert doc["iqama"]["asr"] == "2026-01-09T14:30:00+00:00"
    assert doc["jumuah"] == ["2026-01-09T13:15:00+00:00", "2026-01-09T14:15:00+00:00"]


def test_read_mosques_by_slug(tmp_path):
    from salat.mosque import read_mosques
    for name in ("b.toml", "a.toml"):
        (tmp_path / name).write_text(f'name = "Mosque {name[0].upper()}"\n[place]\n'
                                     f'lat = 51.5\nlon = -0.1\n', encoding="utf-8")
    assert list(read_mosques(tmp_path)) == ["mosque-a", "mosque-b"]
    (tmp_path / "c.toml").write_text('name = "Mosque A"\n[place]\nlat = 1\nlon = 2\n',
                                     encoding="utf-8")
    with pytest.raises(InputError, match=r"c.toml: slug: 'mosque-a' is also the slug of "
                                         r".*a.toml"):
        read_mosques(tmp_path)
    with pytest.raises(InputError, match=r"'.*none' is not a folder"):
        read_mosques(tmp_path / "none")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match=r"no profiles"):
        read_mosques(tmp_path / "empty")


def test_profile_select_and_columns_reach_the_reader(tmp_path):
    # one zone's rows of a many-zone file, a column renamed; JAKIM's table in the profile
    (tmp_path / "zones.csv").write_text(
        "zone,date,Pagi,zohor\nWLY01,2026-01-01,06:06,13:19\nJHR01,2026-01-01,05:58,13:12\n",
        encoding="utf-8")
    (tmp_path / "m.toml").write_text(
        'name = "Masjid Negara"\n[place]\nlat = 3.1421\nlon = 101.6918\n'
        '[times]\npublished = "zones.csv"\nselect = {zone = "WLY01"}\n'
        'columns = {Pagi = "fajr"}\n', encoding="utf-8")
    d = Mosque.from_toml(tmp_path / "m.toml").day("2026-01-01")
    assert (hm(d.adhan.fajr), hm(d.adhan.dhuhr)) == ("06:06", "13:19")
    assert d.sources["fajr"] == d.sources["dhuhr"] == "published"
    (tmp_path / "m.toml").write_text(
        'name = "X"\n[place]\nlat = 3.1\nlon = 101.7\n[times]\npublished = "zones.csv"\n'
        'select = {zone = 1}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"m.toml: times.select: allowed: a table of column"):
        Mosque.from_toml(tmp_path / "m.toml")


def test_the_last_supported_date_has_a_day(mosque):
    """2200-12-31 (a Wednesday) is salat's last date: the day exists, its week's
    Friday and the changes ahead stop there instead of asking for 2201."""
    d = mosque.day("2200-12-31")
    assert d.date == dt.date(2200, 12, 31) and d.adhan.fajr.year == 2200
    assert d.jumuah == [] and all(c.date <= dt.date(2200, 12, 31) for c in d.changes)
    assert [j.date() for j in mosque.day("2200-12-25").jumuah] == [dt.date(2200, 12, 26)] * 2
