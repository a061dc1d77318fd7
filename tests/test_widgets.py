"""Widget rendering: structure, next prayer, escaping, Hijri line, themes, goldens.

All goldens show the same fake day in Cairo (UTC+2) in different languages.

These tests feed the widget small fakes of ``PrayerTimes`` / ``Timetable`` so that the
golden files pin the widget's own output, not the astronomy (tested elsewhere).
Regenerate goldens with ``SALAT_UPDATE_GOLDEN=1``, then read every changed line.
"""

from __future__ import annotations

import datetime
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from salat.widgets import CATALOG_LOCALES, script, stylesheet, widget

GOLDEN = Path(__file__).parent / "data" / "widgets"
CAIRO = datetime.timezone(datetime.timedelta(hours=2))
TIMES = {"imsak": "04:52", "fajr": "05:02", "sunrise": "06:21", "dhuhr": "12:07", "asr": "15:25",
         "sunset": "17:54", "maghrib": "17:54", "isha": "19:09", "midnight": "23:37",
         "last_third": "01:30"}


ORDER = ["fajr", "sunrise", "dhuhr", "asr", "maghrib", "isha"]


def fake_day(date=datetime.date(2025, 3, 1), tz=CAIRO, shift=0, **override):
    """A stand-in for salat.PrayerTimes with fixed times (minutes shifted by ``shift``)."""
    values = {}
    for name, hm in TIMES.items():
        h, m = map(int, hm.split(":"))
        when = (datetime.datetime.combine(date, datetime.time(h, m), tz)
                + datetime.timedelta(minutes=shift))
        values[name] = when + datetime.timedelta(days=1) if name == "last_third" else when
    values.update(override)
    return SimpleNamespace(date=date, tz=tz, latitude=30.0444, longitude=31.2357, **values)


class FakeTimetable:
    """A stand-in for a one-place salat.Timetable over ``days`` dates from ``start``."""

    def __init__(self, start=datetime.date(2025, 3, 1), days=31, offset_hours=2):
        self.dates = np.arange(np.datetime64(start), np.datetime64(start) + days)
        self._offset = offset_hours * 3600
        self._days = [fake_day(d.item(), shift=i % 5) for i, d in enumerate(self.dates)]

    def local(self, name):
        return np.array([getattr(d, name).replace(tzinfo=None) for d in self._days],
                        "datetime64[s]")

    def utc_offset(self, name):
        return np.full(len(self.dates), self._offset)


def at(hour, minute=0, date=datetime.date(2025, 3, 1)):
    return datetime.datetime.combine(date, datetime.time(hour, minute), CAIRO)


class Tree(HTMLParser):
    """Collects (tag, attrs) of start tags and the text, and checks tags nest properly."""

    VOID = {"meta", "br", "img", "link", "input"}

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.tags, self.text, self.stack = [], [], []
        self.feed(html)
        assert not self.stack, f"unclosed {self.stack}"

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)

    def find(self, tag, **attrs):
        return [a for t, a in self.tags
                if t == tag and all(a.get(k) == v for k, v in attrs.items())]


# ---------------------------------------------------------------- structure

def test_day_widget_structure_without_script():
    html = widget(fake_day(), locale="en", now=at(14), live=False)
    tree = Tree(html)
    root = tree.tags[0]
    assert root[0] == "div" and root[1]["lang"] == "en" and root[1]["dir"] == "ltr"
    assert "<script" not in html and "data-tomorrow" not in html
    rows = tree.find("tr")[1:]  # after the header row
    assert [r["data-prayer"] for r in rows] == ORDER
    assert len(tree.find("th", scope="row")) == 6 and len(tree.find("th", scope="col")) == 2
    times = [a["datetime"] for a in tree.find("time")][1:]
    assert times[0] == "2025-03-01T05:02:00+02:00" and times[-1] == "2025-03-01T19:09:00+02:00"
    assert len(tree.find("caption")) == 1


@pytest.mark.parametrize("hour, minute, expected", [
    (4, 0, "fajr"), (5, 2, "dhuhr"), (6, 30, "dhuhr"), (14, 0, "asr"), (15, 24, "asr"),
    (18, 0, "isha"), (20, 0, None),
])
def test_next_prayer_marked_by_name_not_position(hour, minute, expected):
    html = widget(fake_day(), now=at(hour, minute), live=False)
    marked = re.findall(r'<tr data-prayer="(\w+)" aria-current="true">', html)
    assert marked == ([expected] if expected else [])
    assert html.count('class="salat-tag"') == (1 if expected else 0)
    if expected:
        row = re.search(rf'<tr data-prayer="{expected}".*?</tr>', html).group(0)
        assert "> Next</span>" in row  # the visible, non-colour cue


def test_sunrise_is_never_the_next_prayer():
    html = widget(fake_day(), now=at(6, 0), live=False)
    assert 'data-prayer="sunrise" aria-current' not in html


def test_no_next_mark_on_another_date():
    html = widget(fake_day(), now=at(10, 0, datetime.date(2025, 3, 2)), live=False)
    assert "aria-current=" not in html


def test_now_in_another_zone_is_converted():
    utc_noon = datetime.datetime(2025, 3, 1, 12, 30, tzinfo=datetime.timezone.utc)  # 14:30 Cairo
    html = widget(fake_day(), now=utc_noon, live=False)
    assert '<tr data-prayer="asr" aria-current="true">' in html


def test_naive_now_is_refused():
    with pytest.raises(ValueError, match="now"):
        widget(fake_day(), now=datetime.datetime(2025, 3, 1, 12))


def test_undefined_time_renders_a_dash_not_a_time():
    html = widget(fake_day(isha=None), now=at(20), live=False)
    row = re.search(r'<tr data-prayer="isha".*?</tr>', html).group(0)
    assert "<time" not in row and "\u2014" in row and "Not defined" in row


def test_times_option_and_labels_override():
    html = widget(fake_day(), times=("imsak", "fajr", "dhuhr", "midnight"),
                  labels={"dhuhr": "Zuhr"}, now=at(3), live=False)
    assert re.findall(r'data-prayer="(\w+)"', html) == ["imsak", "fajr", "dhuhr", "midnight"]
    assert ">Zuhr<" in html and ">Imsak<" in html
    assert '<tr data-prayer="fajr" aria-current="true">' in html
    with pytest.raises(ValueError, match="labels: unknown time 'zuhr'"):
        widget(fake_day(), labels={"zuhr": "Zuhr"})
    with pytest.raises(ValueError, match="times: unknown time 'tahajjud'"):
        widget(fake_day(), times=("tahajjud",))


# ---------------------------------------------------------------- escaping

HOSTILE = [
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)",
    "</table></div><script src=//evil.example></script>",
    "Caf\u00e9 &amp; <b>bold</b>",
]


@pytest.mark.parametrize("city", HOSTILE)
@pytest.mark.parametrize("kind", ["day", "month", "strip", "picker"])
def test_hostile_city_names_stay_text(city, kind, fake_core):
    if kind == "picker":
        html = widget(places=[(city, 30.0, 31.0), ("B", 31.0, 31.0)], name=city, now=at(14),
                      live=False, page=True)
    else:
        source = FakeTimetable(days=3) if kind == "month" else fake_day()
        html = widget(source, name=city, kind=kind, now=at(14), live=False, page=True)
    tree = Tree(html)
    assert city in "".join(tree.text)  # shown verbatim, as text
    assert not tree.find("script") and not tree.find("img") and not tree.find("b")
    assert all(not k.startswith("on") for _, attrs in tree.tags for k in attrs)
    assert tree.find("title") and html.count("<table>") == {"picker": 2, "strip": 0}.get(kind, 1)


@pytest.mark.parametrize("kind", ["day", "month", "strip", "picker"])
def test_bidi_overrides_are_removed_and_names_isolated(kind, fake_core):
    """An unmatched RIGHT-TO-LEFT OVERRIDE would reverse everything after the name."""
    name = "Casa\u202eblanca"
    if kind == "picker":
        html = widget(places=[(name, 30.0, 31.0), ("B", 31.0, 31.0)], name=name, now=at(14),
                      live=False, page=True)
    else:
        source = FakeTimetable(days=3) if kind == "month" else fake_day()
        html = widget(source, name=name, kind=kind, now=at(14), live=False, page=True)
    assert "\u202e" not in html and "Casablanca" in html
    assert '<span class="salat-place" dir="auto">Casablanca</span>' in html
    assert "<title>Prayer times \u2014 \u2068Casablanca\u2069</title>" in html
    if kind == "picker":
        assert "<summary><bdi>Casablanca</bdi></summary>" in html


def test_an_arabic_name_in_a_french_page_is_isolated():
    html = widget(fake_day(), name="الرباط", locale="fr", now=at(14), live=False)
    assert '<span class="salat-place" dir="auto">الرباط</span>' in html


@pytest.mark.parametrize("name", ["x\r\nSet-Cookie: a=b", "tab\there", "nul\x00", "del\x7f",
                                  "c1\x85"])
def test_control_characters_in_names_are_refused(name):
    with pytest.raises(ValueError, match=r"name: got .*control characters \(U\+"):
        widget(fake_day(), name=name)
    with pytest.raises(ValueError, match=r"places\[1\]: got .*control characters"):
        widget(places=[("A", 30.0, 31.0), (name, 31.0, 31.0)])


def test_name_must_be_text():
    with pytest.raises(ValueError, match="name: got int"):
        widget(fake_day(), name=12)


def test_old_script_argument_still_works():
    assert "<script" not in widget(fake_day(), now=at(14), script=False)
    assert "<script" in widget(fake_day(), now=at(14), script=True)


def test_hostile_labels_and_nonce_are_escaped():
    html = widget(fake_day(), labels={"fajr": "<i>x</i>"}, nonce='a"><script>', now=at(3))
    assert "<i>" not in html and "&lt;i&gt;x&lt;/i&gt;" in html
    assert 'nonce="a&quot;&gt;&lt;script&gt;"' in html


@pytest.mark.parametrize("bad", ["red;}body{display:none", "url(x)", "#12345g", "expression(1)",
                                 "rgb(1,2,3);x:y"])
def test_colors_must_be_plain_css_colours(bad):
    with pytest.raises(ValueError, match="colors"):
        widget(fake_day(), colors={"accent": bad})


def test_custom_colours_theme_and_transparent():
    html = widget(fake_day(), colors={"accent": "#c00", "background": "rgb(1 2 3 / 50%)"},
                  theme="dark", transparent=True, now=at(1))
    cls = re.search(r'class="(salat-w [^"]*)"', html).group(1).split()
    assert "salat-dark" in cls and "salat-transparent" in cls
    custom = [c for c in cls if c.startswith("salat-c")]
    assert len(custom) == 1
    assert f".{custom[0]}{{--salat-accent:#c00;--salat-bg:rgb(1 2 3 / 50%)}}" in html
    with pytest.raises(ValueError, match="theme"):
        widget(fake_day(), theme="neon")
    with pytest.raises(ValueError, match="colors: unknown key"):
        widget(fake_day(), colors={"shadow": "#000"})


# ---------------------------------------------------------------- Hijri line

def test_hijri_line_and_offset():
    html = widget(fake_day(), now=at(1), live=False)
    assert 'data-hijri="1446-09-01"' in html and "1 Ramadan 1446 AH" in html
    before = widget(fake_day(), now=at(1), live=False, hijri_offset=-1)
    assert 'data-hijri="1446-08-29"' in before and "29 Sha&#x27;ban 1446 AH" in before
    ar = widget(fake_day(), locale="ar_EG", now=at(1), live=False, hijri_offset=2)
    # ٣ رمضان ١٤٤٦ هـ
    assert "\u0663 \u0631\u0645\u0636\u0627\u0646 \u0661\u0664\u0664\u0666 \u0647\u0640" in ar


def test_tabular_hijri_is_flagged():
    html = widget(fake_day(datetime.date(2100, 1, 1)), now=at(1), live=False)
    assert 'data-calendar="tabular"' in html and "\u2248\u00a019 Shawwal 1523 AH" in html


# ---------------------------------------------------------------- script

def test_script_carries_tomorrow_only_from_coordinates_or_none():
    html = widget(fake_day(), now=at(14))
    assert "<script>" in html and 'data-salat-live=""' in html
    assert "data-tomorrow=" not in html  # a bare PrayerTimes has no next date
    assert 'data-template="{prayer} in {countdown}"' in html and " hidden></p>" in html
    assert "eval(" not in script() and "fetch(" not in script() and "XMLHttpRequest" not in script()
    assert all(not k.startswith("on") for _, attrs in Tree(html).tags for k in attrs)


def test_nonce_on_style_and_script():
    html = widget(fake_day(), nonce="r4nd0m", now=at(1))
    assert '<style nonce="r4nd0m">' in html and '<script nonce="r4nd0m">' in html


def test_page_has_strict_csp_matching_inline_code():
    from salat.widgets.assets import csp_hash
    html = widget(fake_day(), page=True, now=at(1), name="Cairo")
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    js = re.search(r"<script>(.*?)</script>", html, re.S).group(1)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html).group(1)
    csp = csp.replace("&#x27;", "'")
    assert f"style-src {csp_hash(style)}" in csp and f"script-src {csp_hash(js)}" in csp
    assert "default-src 'none'" in csp
    assert html.startswith("<!DOCTYPE html>")
    assert "<title>Prayer times \u2014 \u2068Cairo\u2069</title>" in html


def test_sizes_stay_small():
    html = widget(fake_day(), now=at(1))
    assert len(stylesheet().encode()) < 3600
    assert len(script().encode()) < 3500
    assert len(html.encode()) < 8000


# ---------------------------------------------------------------- with the real core

def test_from_coordinates_rolls_over_after_isha():
    import pytz
    cairo = pytz.timezone("Africa/Cairo")
    late = cairo.localize(datetime.datetime(2025, 3, 1, 23, 0))
    html = widget(30.0444, 31.2357, locale="en", now=late, tz="Africa/Cairo")
    assert 'data-date="2025-03-02"' in html  # tomorrow is shown once Isha has passed
    assert '<tr data-prayer="fajr" aria-current="true">' in html
    assert 'data-tomorrow="2025-03-03T' in html  # and the day after, for the script
    morning = widget(30.0444, 31.2357, now=cairo.localize(datetime.datetime(2025, 3, 1, 9)),
                     tz="Africa/Cairo", live=False)
    assert 'data-date="2025-03-01"' in morning and '"dhuhr" aria-current="true"' in morning


def test_from_coordinates_with_a_date_and_options():
    html = widget(21.4225, 39.8262, date="2025-03-01", method="umm_al_qura", tz="Asia/Riyadh",
                  live=False, now=datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc))
    assert 'data-date="2025-03-01"' in html and "aria-current=" not in html
    assert re.search(r'<time datetime="2025-03-01T\d\d:\d\d:\d\d\+03:00">', html)
    with pytest.raises(TypeError, match="lon"):
        widget(fake_day(), 31.0)
    with pytest.raises(TypeError, match="lat, lon"):
        widget(30.0)


def test_month_from_coordinates():
    html = widget(30.0444, 31.2357, kind="month", date="2024-02-10", tz="Africa/Cairo",
                  now=at(9, 0, datetime.date(2024, 2, 10)))
    tree = Tree(html)
    assert len(tree.find("tr")) == 1 + 29  # leap February
    assert tree.find("tr", **{"aria-current": "date"})


# ---------------------------------------------------------------- month

def test_month_table():
    tt = FakeTimetable()
    html = widget(tt, kind="month", locale="fr", now=at(9, 0, datetime.date(2025, 3, 5)))
    tree = Tree(html)
    assert len(tree.find("tr")) == 32
    assert [a.get("data-prayer") for a in tree.find("th", scope="col")][2:] == \
        ["fajr", "sunrise", "dhuhr", "asr", "maghrib", "isha"]
    current = tree.find("tr", **{"aria-current": "date"})
    assert len(current) == 1
    assert re.search(r'<tr aria-current="date"><th scope="row"><time datetime="2025-03-05">', html)
    assert "@page{size:A4" in html and "@media print" in html
    assert "<script" not in html
    assert ">mars 2025<" in html and "Ramadan – Chawwal 1446 H" in html
    assert ">1 Ramadan<" in html  # the Hijri day column names the month on its first day


def test_week_is_seven_dates_from_today_with_short_times(fake_core):
    import salat.tables

    def fake_table(lat, lon, start, end, **kwargs):
        return FakeTimetable(start, (end - start).days + 1)
    salat.tables.table, saved = fake_table, salat.tables.table
    try:
        html = widget(30.0, 31.0, kind="week", now=at(9, 0, datetime.date(2025, 3, 5)))
    finally:
        salat.tables.table = saved
    tree = Tree(html)
    dates = [a["datetime"] for a in tree.find("time") if len(a.get("datetime", "")) == 10]
    assert dates == [f"2025-03-{d:02d}" for d in range(5, 12)]
    assert len(tree.find("tr", **{"aria-current": "date"})) == 1
    assert re.search(r'<tr aria-current="date"><th scope="row"><time datetime="2025-03-05">', html)
    assert "<script" not in html and "salat-week" in tree.tags[0][1]["class"]
    fajr = re.findall(r'<td data-prayer="isha"><time datetime="[^"]+">([^<]+)</time>', html)
    isha = fajr
    assert isha[:2] == ["7:09", "7:10"] and "PM" not in html   # the column says it is evening
    assert "Mar 5\u2009\u2013\u200911, 2025" in html   # CLDR's interval format


def test_short_times_follow_the_clock():
    w12 = widget(FakeTimetable(days=7), kind="week", locale="en", now=at(1))
    w24 = widget(FakeTimetable(days=7), kind="week", locale="en", clock=24, now=at(1))
    assert ">19:09<" in w24 and ">7:09<" in w12
    assert ">\u0667:\u0660\u0669<" in widget(FakeTimetable(days=7), kind="week", locale="ar_EG",
                                              now=at(1))


def test_show_title():
    html = widget(fake_day(), name="Cairo", show_title=True, now=at(1))
    assert "salat-titled" in html
    assert '<span class="salat-sr salat-title">Prayer times </span>' in html
    assert ".salat-titled .salat-title{position:static" in html


def test_month_refuses_prayer_times_and_many_places():
    with pytest.raises(TypeError, match="month"):
        widget(fake_day(), kind="month")
    with pytest.raises(TypeError, match="kind='month'"):
        widget(FakeTimetable(days=2))
    with pytest.raises(ValueError, match="kind"):
        widget(fake_day(), kind="year")


# ---------------------------------------------------------------- goldens

GOLDEN_CASES = {
    "day-en": dict(locale="en", name="Cairo"),
    "day-ar_EG": dict(locale="ar_EG", name="القاهرة"),
    "day-ur_PK": dict(locale="ur_PK", name="قاہرہ"),
    "day-fr": dict(locale="fr", name="Le Caire"),
    "day-fa": dict(locale="fa", name="قاهره"),
    "day-bn": dict(locale="bn", name="কায়রো"),
    "day-ms-24h": dict(locale="ms", name="Kaherah", clock=24),
    "month-de": dict(locale="de", name="Kairo", kind="month"),
    "week-en": dict(locale="en", name="Cairo", kind="week"),
    "week-ar_EG": dict(locale="ar_EG", name="القاهرة", kind="week"),
}


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden_html(name):
    options = GOLDEN_CASES[name]
    days = {"month": 3, "week": 7}.get(options.get("kind"))
    source = FakeTimetable(days=days) if days else fake_day()
    html = widget(source, now=at(14), live=False, css=False, **options)
    path = GOLDEN / f"{name}.html"
    pretty = html.replace("><", ">\n<") + "\n"  # one tag per line: readable diffs
    if os.environ.get("SALAT_UPDATE_GOLDEN"):
        path.write_text(pretty, encoding="utf-8")
    assert pretty == path.read_text(encoding="utf-8")


def test_goldens_cover_every_case():
    new = {"strip-ar_MA", "strip-en", "picker-fr", "mosque-day-en", "mosque-strip-en"}
    assert sorted(p.stem for p in GOLDEN.glob("*.html")) == sorted({*GOLDEN_CASES, *new})


def test_every_catalog_locale_renders():
    for loc in CATALOG_LOCALES:
        Tree(widget(fake_day(), locale=loc, now=at(14), page=True))


# ---------------------------------------------------------------- name=, times=

def test_name_is_the_title_and_old_names_point_to_the_new_ones():
    html = widget(fake_day(), name="الرباط", now=at(14), live=False)
    assert '<span class="salat-place" dir="auto">الرباط</span>' in html
    page = widget(fake_day(), name="الرباط", now=at(14), page=True)
    assert "<title>Prayer times \u2014 \u2068الرباط\u2069</title>" in page
    untitled = widget(fake_day(), now=at(14), live=False)
    assert '<span class="salat-place">Prayer times</span>' in untitled
    with pytest.raises(ValueError, match=r"city: this argument is now called name="):
        widget(fake_day(), city="Rabat")
    with pytest.raises(ValueError, match=r"prayers: this argument is now called times="):
        widget(fake_day(), prayers=("fajr",))


# ---------------------------------------------------------------- strip

def test_strip_is_one_list_in_day_order_with_the_next_prayer_marked():
    html = widget(fake_day(), kind="strip", name="Cairo", now=at(14), live=False)
    tree = Tree(html)
    assert "salat-strip" in tree.tags[0][1]["class"]
    items = tree.find("li")
    assert [i["data-prayer"] for i in items] == ORDER
    assert [i["data-prayer"] for i in items if i.get("aria-current")] == ["asr"]
    assert re.search(r'<li data-prayer="asr" aria-current="true"><span class="salat-name">Asr'
                     r'<span class="salat-tag"> Next</span></span> '
                     r'<time datetime="2025-03-01T15:25', html)
    assert ">Cairo<" in html and ">Sat, Mar 1<" in html and "1 Ramadan 1446 AH" in html
    assert not tree.find("table") and "<script" not in html


def test_strip_script_carries_tomorrow_and_the_countdown():
    html = widget(30.0444, 31.2357, kind="strip", tz="Africa/Cairo", date=None,
                  now=datetime.datetime(2025, 3, 1, 12, tzinfo=datetime.timezone.utc))
    assert 'data-salat-live=""' in html and 'class="salat-countdown"' in html
    assert html.count("data-tomorrow=") == 6 + 1          # six times and the date
    assert 'data-tomorrow="2025-03-02"' in html


# ---------------------------------------------------------------- picker

CITIES = [("Cairo", 30.0444, 31.2357), ("Rabat", 34.0209, -6.8416), ("Dhaka", 23.8103, 90.4125)]


@pytest.fixture
def fake_core(monkeypatch):
    """times_for replaced by the fake day, shifted by the latitude: goldens pin the widget."""
    import salat.times

    def fake_times_for(lat, lon, date=None, **kwargs):
        if date is None:
            date = datetime.date(2025, 3, 1)
        if isinstance(date, str):
            date = datetime.date.fromisoformat(date)
        fake_times_for.calls.append((lat, lon, date, kwargs))
        return fake_day(date, shift=int(lat) - 30)
    fake_times_for.calls = []
    monkeypatch.setattr(salat.times, "times_for", fake_times_for)
    return fake_times_for


def test_picker_has_one_panel_per_city_and_a_select(fake_core):
    html = widget(places=CITIES, now=at(14))
    tree = Tree(html)
    root = tree.tags[0][1]
    assert "salat-picker" in root["class"] and re.fullmatch(r"[0-9a-f]{12}", root["data-places"])
    assert [o["value"] for o in tree.find("option")] == ["0", "1", "2"]
    assert [d.get("open") for d in tree.find("details")] == ["", None, None]  # the first one open
    assert re.findall(r"<summary><bdi>(\w+)</bdi></summary>", html) == ["Cairo", "Rabat", "Dhaka"]
    assert tree.find("label", **{"class": "salat-pick", "hidden": None})       # shown by the script
    assert len(tree.find("details", **{"data-salat-live": ""})) == 3
    assert html.count('class="salat-countdown"') == 3
    assert "localStorage" in html and "document.cookie" not in html
    # Each city has its own times: Rabat's Fajr is 4 minutes after Cairo's in the fake.
    fajrs = re.findall(r'<tr data-prayer="fajr".*?<time datetime="([^"]+)"', html)
    assert fajrs == ["2025-03-01T05:02:00+02:00", "2025-03-01T05:06:00+02:00",
                     "2025-03-01T04:55:00+02:00"]


def test_picker_without_script_is_plain_details(fake_core):
    html = widget(places=CITIES, now=at(14), live=False)
    assert "<select" not in html and "<script" not in html and html.count("<details") == 3


def test_picker_place_forms_and_options(fake_core):
    from salat.places import Place
    widget(places=[Place("A", 30.0, 31.0, tz="Africa/Cairo", elevation=20.0),
                   {"name": "B", "lat": 33.0, "lon": -7.0, "method": "morocco"},
                   ["C", 21.0, 39.0]], method="mwl", now=at(14), live=False)
    seen = {(lat, lon): kw for lat, lon, _, kw in fake_core.calls}
    # salat.options.merge_place_options: what is given wins, the place fills the rest.
    assert seen[(30.0, 31.0)] == {"method": "mwl", "tz": "Africa/Cairo", "elevation": 20.0}
    assert seen[(33.0, -7.0)] == {"method": "mwl"}
    assert seen[(21.0, 39.0)] == {"method": "mwl"}
    widget(places=[{"name": "B", "lat": 33.0, "lon": -7.0, "method": "morocco"}], now=at(14))
    assert fake_core.calls[-1][3] == {"method": "morocco"}


@pytest.mark.parametrize("places, message", [
    ([], "places: got an empty list"),
    ("Cairo", "places: got str"),
    ([("Cairo", 30.0)], r"places\[0\]: got \('Cairo', 30.0\)"),
    ([{"name": "X", "lat": 1, "lon": 2, "zone": "UTC"}], r"places\[0\]: got keys"),
    ([("Cairo", 30.0, 31.0), ("", 1.0, 2.0)], r"places\[1\]: name must be a non-empty text"),
])
def test_picker_bad_places_are_named(places, message):
    with pytest.raises(ValueError, match=message):
        widget(places=places)


def test_picker_names_the_place_whose_values_are_wrong():
    with pytest.raises(ValueError, match=r"places\[1\] \(Nowhere\): lat must be a finite number"):
        widget(places=[("Cairo", 30.0444, 31.2357), ("Nowhere", 95.0, 0.0)])
    with pytest.raises(ValueError, match=r"places\[0\] \(Mars\): .*unknown time zone"):
        widget(places=[{"name": "Mars", "lat": 1.0, "lon": 2.0, "tz": "Mars/Base"}])


def test_picker_refuses_coordinates_and_other_kinds():
    with pytest.raises(TypeError, match="places: give either places or"):
        widget(30.0, 31.0, places=CITIES)
    with pytest.raises(ValueError, match="kind: got 'month'; a city picker"):
        widget(places=CITIES, kind="month")


def test_picker_size_for_10_and_50_cities(fake_core):
    import gzip
    many = [(f"City {i}", 20.0 + i % 20, 30.0) for i in range(50)]
    sizes = {n: len(gzip.compress(widget(places=many[:n], now=at(14)).encode(), 9))
             for n in (10, 50)}
    assert sizes[10] < 6_000 and sizes[50] < 16_000, sizes


# ---------------------------------------------------------------- goldens of the new kinds

@pytest.mark.parametrize("name, options", [
    ("strip-ar_MA", dict(kind="strip", locale="ar_MA", name="القاهرة")),
    ("strip-en", dict(kind="strip", locale="en", name="Cairo")),
    ("picker-fr", dict(places=CITIES, locale="fr", name="Nos villes")),
])
def test_golden_html_new_kinds(fake_core, name, options):
    source = () if "places" in options else (fake_day(),)
    html = widget(*source, now=at(14), css=False, **options)
    html = re.sub(r"<script>.*?</script>", "<script></script>", html, flags=re.S)
    path = GOLDEN / f"{name}.html"
    pretty = html.replace("><", ">\n<") + "\n"
    if os.environ.get("SALAT_UPDATE_GOLDEN"):
        path.write_text(pretty, encoding="utf-8")
    assert pretty == path.read_text(encoding="utf-8")
