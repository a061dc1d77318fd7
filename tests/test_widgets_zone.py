"""Widgets of a prayer zone (``zone="NGS01"``): the zone's own table, in the
library and on the command line, checked against JAKIM's published 2026 table
(tests/data/official/jakim-2026-zones.csv.gz)."""

from __future__ import annotations

import re

import pytest

import salat
from salat import cli

#: JAKIM e-Solat, zone NGS01, 2026-03-01 (the published row, CC BY 4.0 dataset).
PUBLISHED = {"fajr": "06:13", "sunrise": "07:19", "dhuhr": "13:25", "asr": "16:39",
             "maghrib": "19:26", "isha": "20:35"}


def shown(html: str) -> dict:
    """Prayer -> HH:MM of the <time datetime> in each row of a day widget."""
    rows = re.findall(r'data-prayer="(\w+)".*?<time datetime="\d{4}-\d\d-\d\dT(\d\d:\d\d)',
                      html, flags=re.S)
    return dict(rows)


def test_day_widget_of_a_zone_shows_the_published_table():
    html = salat.widget(zone="NGS01", date="2026-03-01", name="Negeri Sembilan", live=False)
    assert shown(html) == PUBLISHED
    assert "Negeri Sembilan" in html


def test_month_widget_of_a_zone_covers_the_month():
    html = salat.widget(zone="NGS01", date="2026-03-15", kind="month", live=False)
    assert html.count('datetime="2026-03-01T06:13') == 1          # the 1st's Subuh
    assert len(re.findall(r'datetime="2026-03-\d\dT', html)) == 31 * 6


def test_a_widget_needs_a_place_or_a_zone():
    with pytest.raises(salat.InputTypeError, match="zone="):
        salat.widget(date="2026-03-01")


def test_cli_widget_zone_titles_with_the_zone(capsys):
    with pytest.raises(SystemExit) as e:
        cli.main(["widget", "--zone", "NGS01", "--date", "2026-03-01", "--no-script"])
    out = capsys.readouterr().out
    assert e.value.code == 0
    assert shown(out) == PUBLISHED
    assert re.search(r'<span class="salat-place" dir="auto">NGS01 [^<]+</span>', out)


def test_cli_widget_zone_excludes_coordinates(capsys):
    with pytest.raises(SystemExit) as e:
        cli.main(["widget", "--zone", "NGS01", "--lat", "3", "--lon", "101"])
    assert e.value.code == 2
    assert "give either --zone" in capsys.readouterr().err
