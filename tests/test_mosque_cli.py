"""``salat times --mosque FILE`` and ``salat compare FILE``: output and
one-line errors (exit status 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from salat import cli

DATA = Path(__file__).parent / "data"
ELM = DATA / "mosques" / "east-london-mosque.toml"


def run(capsys, *args):
    with pytest.raises(SystemExit) as e:
        cli.main(list(args))
    out = capsys.readouterr()
    return e.value.code, out.out, out.err


def test_times_mosque_prints_adhan_and_iqama(capsys):
    code, out, err = run(capsys, "times", "--mosque", str(ELM), "--date", "2018-01-05")
    assert code == 0 and not err
    lines = out.splitlines()
    assert lines[0] == "East London Mosque 2018-01-05, Europe/London, method london_unified"
    # the file's row for 05/01/2018: Fajr 6:25 / 6:55, Zuhr 12:11 / 12:25, Isha 5:47 / 7:15
    assert "  Fajr       06:25  06:55  (published)" in lines
    assert "  Dhuhr      12:11  12:25  (published)" in lines
    assert "  Isha       17:47  19:15  (published)" in lines
    assert "  Sunrise    08:02         (published)" in lines
    assert "  Jumu'ah 2018-01-05: 13:00" in lines


def test_times_mosque_json(capsys):
    code, out, _ = run(capsys, "times", "--mosque", str(ELM), "--date", "2019-02-01",
                       "--json")
    doc = json.loads(out)
    assert code == 0 and doc["slug"] == "east-london-mosque"
    assert set(doc["sources"].values()) == {"calculated"}
    assert doc["iqama"]["dhuhr"] == "2019-02-01T12:45:00+00:00"
    assert doc["jumuah"] == ["2019-02-01T13:00:00+00:00"]


def test_times_mosque_refuses_a_second_place(capsys):
    code, _, err = run(capsys, "times", "--mosque", str(ELM), "--lat", "1", "--lon", "2")
    assert code == 2 and "--mosque gives the place" in err


def test_times_mosque_bad_profile_is_one_line(capsys, tmp_path):
    p = tmp_path / "m.toml"
    p.write_text('name = "X"\n[place]\nlat = 1\nlon = 2\n[iqama.fajr]\nafer = 3\n',
                 encoding="utf-8")
    code, out, err = run(capsys, "times", "--mosque", str(p))
    assert code == 2 and not out
    assert err.count("\n") == 1 and "iqama.fajr.afer: unknown key; allowed: after" in err


def test_compare_ranks_the_authority_first(capsys):
    code, out, err = run(capsys, "compare", str(DATA / "official" / "muis-singapore.json"),
                         "--top", "2")
    assert code == 0 and not err
    lines = out.splitlines()
    assert lines[0].startswith("Singapore: 1096 days, times fajr, sunrise, dhuhr")
    assert lines[2].split()[:2] == ["1", "singapore"]


def test_compare_zone_select_and_json(capsys):
    code, out, _ = run(capsys, "compare", str(DATA / "official" / "jakim-2026-zones.csv.gz"),
                       "--zone", "WLY01", "--select", "zone=WLY01", "--tz",
                       "Asia/Kuala_Lumpur", "--method", "jakim", "--method", "mwl", "--json")
    doc = json.loads(out)
    assert code == 0 and [m["method"] for m in doc["methods"]] == ["jakim", "mwl"]


def test_compare_city_and_bad_input(capsys, tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("Date,Fajr,Dhuhr\n2026-01-01,06:00,x\n", encoding="utf-8")
    code, _, err = run(capsys, "compare", str(p), "--city", "Rabat")
    assert code == 2 and "t.csv, line 2, column 'Dhuhr': got 'x'" in err
    code, _, err = run(capsys, "compare", str(p), "--lat", "1")
    assert code == 2 and "both --lat and --lon" in err
    code, _, err = run(capsys, "compare", str(p), "--select", "zone")
    assert code == 2 and "--select: got 'zone'" in err
