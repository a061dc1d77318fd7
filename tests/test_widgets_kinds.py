"""The Ramadan timetable (imsakiyah) and the year chart, and their commands."""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest

from salat.cli import main
from salat.widgets import hijri_month_dates, widget
from test_widgets import Tree

NOW = datetime.datetime(2027, 1, 1, tzinfo=datetime.timezone.utc)


# Umm al-Qura: 1 Ramadan 1446 = 1 March 2025 and 1 Shawwal 1446 = 30 March 2025 (the
# Saudi calendar as announced); 1 Ramadan 1448 = 8 February 2027 (Umm al-Qura table).
@pytest.mark.parametrize("year, offset, first, last", [
    (1446, 0, "2025-03-01", "2025-03-29"),
    (1446, 1, "2025-02-28", "2025-03-28"),
    (1448, 0, "2027-02-08", "2027-03-08"),
])
def test_hijri_month_dates(year, offset, first, last):
    a, b = hijri_month_dates(year, offset=offset)
    assert (a.isoformat(), b.isoformat()) == (first, last)


@pytest.mark.parametrize("bad", [0, 10000, "1448", True, 1.5])
def test_hijri_month_dates_refuses(bad):
    with pytest.raises(ValueError, match="year: got"):
        hijri_month_dates(bad)


def test_ramadan_table():
    html = widget(21.4225, 39.8262, kind="ramadan", date=1446, tz="Asia/Riyadh", name="مكة",
                  locale="ar_EG", now=NOW)
    tree = Tree(html)
    rows = tree.find("tr", **{})[1:]
    assert len(rows) == 29                                   # 1446's Ramadan has 29 days
    assert [a.get("data-prayer") for a in tree.find("th", scope="col")][2:] == \
        ["imsak", "fajr", "sunrise", "dhuhr", "asr", "maghrib", "isha"]
    assert 'data-first="2025-03-01"' in html and "<script" not in html
    assert "رمضان ١٤٤٦ هـ" in html and "المغرب \u00b7 الإفطار" in html
    assert '<th scope="row">١</th><td class="salat-weekday">السبت</td>' in html
    assert "@page{size:A4" in html


def test_ramadan_by_date_and_offset():
    by_date = widget(51.5, -0.12, kind="ramadan", date="2027-01-10", tz="Europe/London", now=NOW)
    assert 'data-first="2027-02-08"' in by_date          # the next Ramadan
    shifted = widget(51.5, -0.12, kind="ramadan", date=1448, hijri_offset=1,
                     tz="Europe/London", now=NOW)
    assert 'data-first="2027-02-07"' in shifted


def test_ramadan_of_a_mosque_has_iqama_and_taraweeh():
    from test_widgets_mosque import fake_mosque
    html = widget(fake_mosque(taraweeh=True), kind="ramadan", date=1446, now=NOW)
    assert ">Taraweeh<" in html and html.count('class="salat-iqama"') == 29 * 3


def test_chart():
    html = widget(51.5074, -0.1278, kind="chart", date=2026, tz="Europe/London",
                  name="London", now=NOW)
    tree = Tree(html)
    paths = tree.find("path")
    assert [p["data-prayer"] for p in paths] == ["fajr", "sunrise", "dhuhr", "asr", "maghrib",
                                                 "isha"]
    assert all(p["d"].count("l") == 364 for p in paths)       # 365 dates, unbroken
    svg = tree.find("svg")[0]
    assert svg["role"] == "img" and len(svg["aria-labelledby"].split()) == 2
    assert "Prayer times in 2026 \u2014 London" in html
    # The clocks change on 29 March and 25 October 2026 in London.
    assert [a["data-date"] for a in tree.find("line", **{"class": "salat-dst"})] == \
        ["2026-03-29", "2026-10-25"]
    assert len(re.findall(r'class="salat-month-label"', html)) == 12
    assert len(tree.find("tbody")[0:1]) == 1 and html.count("<tr>") == 1 + 24
    assert "<script" not in html and len(html.encode()) < 40_000


def test_chart_is_localized_and_breaks_where_a_time_does_not_occur():
    html = widget(69.65, 18.96, kind="chart", date=2026, tz="Europe/Oslo", locale="ar_EG",
                  now=NOW, polar="unresolved")
    assert "مواقيت الصلاة في ٢٠٢٦" in html and ">يناير<" in html or ">ينا" in html
    isha = re.search(r'<path d="([^"]+)" class="salat-line-isha"', html).group(1)
    assert isha.count("M") > 1                                  # polar summer: no Isha


def test_cli_table_ramadan(capsys):
    with pytest.raises(SystemExit) as e:
        main(["table", "--lat", "21.4225", "--lon", "39.8262", "--tz", "Asia/Riyadh",
              "--ramadan", "1446"])
    assert e.value.code in (0, None)
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 29 and rows[0]["date"] == "2025-03-01" and rows[-1]["date"] == "2025-03-29"
    with pytest.raises(SystemExit) as e:
        main(["table", "--lat", "1", "--lon", "2", "--ramadan", "1446", "--year", "2025"])
    assert e.value.code == 2


def test_cli_chart(tmp_path):
    out = tmp_path / "chart.html"
    with pytest.raises(SystemExit) as e:
        main(["chart", "--lat", "51.5074", "--lon", "-0.1278", "--tz", "Europe/London",
              "--year", "2026", "--page", "-o", str(out)])
    assert e.value.code in (0, None)
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.count("<path") == 6
