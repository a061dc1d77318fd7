"""A mosque's widgets: iqama beside each adhan, Jumu'ah, Taraweeh, change notices, the
countdown to the iqama; from a real profile (East London Mosque, 2018 timetable as
published, tests/data/mosques) and from a small fake that follows the MosqueDay contract.
"""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

import salat
from salat.widgets import widget
from test_widgets import GOLDEN, Tree, fake_day

LONDON = datetime.timezone.utc          # March 2018 before the clocks change: GMT
PROFILE = Path(__file__).parent / "data" / "mosques" / "east-london-mosque.toml"
CAIRO = datetime.timezone(datetime.timedelta(hours=2))


@pytest.fixture(scope="module")
def elm():
    return salat.Mosque.from_toml(PROFILE)


def test_day_shows_adhan_and_iqama_from_the_published_table(elm):
    now = datetime.datetime(2018, 3, 22, 14, 0, tzinfo=LONDON)
    html = widget(elm, now=now, live=False)
    tree = Tree(html)
    assert "East London Mosque" in "".join(tree.text)       # the mosque's name by default
    assert [a for a in tree.find("th", scope="col")] and ">Adhan<" in html and ">Iqama<" in html
    # The 2018 timetable, 22 March: Asr 3:28 adhan, jama'ah 4:45 (tests/data/mosques).
    row = re.search(r'<tr data-prayer="asr".*?</tr>', html).group(0)
    assert 'datetime="2018-03-22T15:28:00+00:00"' in row
    assert '<time class="salat-iqama" datetime="2018-03-22T16:45:00+00:00">4:45\u202fPM' in row
    assert 'aria-current="true"' in row                      # 14:00: Asr is next
    assert ">Jumu&#x27;ah<" in html and 'datetime="2018-03-23T13:00:00+00:00"' in html


def test_the_next_prayer_waits_for_its_iqama(elm):
    between = datetime.datetime(2018, 3, 22, 15, 40, tzinfo=LONDON)   # after adhan, before iqama
    html = widget(elm, now=between, live=False)
    assert re.search(r'<tr data-prayer="asr" aria-current="true">', html)
    after = datetime.datetime(2018, 3, 22, 16, 50, tzinfo=LONDON)
    assert re.search(r'<tr data-prayer="maghrib" aria-current="true">',
                     widget(elm, now=after, live=False))


def test_script_counts_to_the_iqama(elm):
    html = widget(elm, now=datetime.datetime(2018, 3, 22, 14, 0, tzinfo=LONDON))
    assert 'time.salat-iqama' in html
    # roll-over data for the iqama too
    assert re.search(r'<time class="salat-iqama" datetime="2018-03-22T16:45:00\+00:00" '
                     r'data-tomorrow="2018-03-23T', html)


def fake_mosque(changes=(), jumuah=True, taraweeh=False):
    """A small stand-in that follows the MosqueDay contract of COMMON.md."""
    def day(d):
        d = d if isinstance(d, datetime.date) else datetime.date.fromisoformat(d)
        adhan = fake_day(d)
        iq = {"fajr": adhan.fajr + datetime.timedelta(minutes=20),
              "asr": datetime.datetime.combine(d, datetime.time(15, 45), CAIRO)}
        if taraweeh:
            iq["taraweeh"] = datetime.datetime.combine(d, datetime.time(20, 30), CAIRO)
        friday = d + datetime.timedelta(days=(4 - d.weekday()) % 7)
        jm = [datetime.datetime.combine(friday, datetime.time(13, 0), CAIRO)] if jumuah else []
        return SimpleNamespace(date=d, adhan=adhan, sources={}, iqama=iq, jumuah=jm, eid=[],
                               changes=[SimpleNamespace(prayer=p, date=c, time=t)
                                        for p, c, t in changes])
    return SimpleNamespace(name="Masjid", tz=CAIRO, day=day, jumuah_on=None)


def test_change_notice_and_taraweeh_from_the_contract():
    change = ("asr", datetime.date(2025, 3, 7),
              datetime.datetime(2025, 3, 7, 15, 30, tzinfo=CAIRO))
    html = widget(fake_mosque(changes=[change], taraweeh=True), date="2025-03-06",
                  now=datetime.datetime(2025, 3, 6, 9, tzinfo=CAIRO), live=False)
    assert ('<p class="salat-note" data-change="asr">From <time datetime="2025-03-07">Fri, '
            'Mar 7</time>: <strong>Asr</strong> <time datetime="2025-03-07T15:30:00+02:00">'
            '3:30\u202fPM</time></p>') in html
    assert '<p class="salat-line salat-taraweeh"><span>Taraweeh</span>' in html
    fr = widget(fake_mosque(changes=[change]), locale="fr", date="2025-03-06",
                now=datetime.datetime(2025, 3, 6, 9, tzinfo=CAIRO), live=False)
    assert "À partir du <time" in fr and "<strong>Asr</strong>" in fr


@pytest.mark.parametrize("kind", ["strip", "week", "month"])
def test_every_kind_shows_the_iqama(kind):
    html = widget(fake_mosque(), kind=kind, date="2025-03-06",
                  now=datetime.datetime(2025, 3, 6, 9, tzinfo=CAIRO), live=False)
    assert html.count('class="salat-iqama"') >= {"strip": 2}.get(kind, 14)
    Tree(html)


def test_picker_takes_mosques():
    html = widget(places=[fake_mosque(), ("Rabat", 34.02, -6.84)],
                  now=datetime.datetime(2025, 3, 1, 9, tzinfo=CAIRO), live=False)
    assert "<bdi>Masjid</bdi>" in html and html.count('class="salat-iqama"') == 2


def test_options_are_refused_with_a_mosque():
    with pytest.raises(TypeError, match="mosque"):
        widget(fake_mosque(), method="mwl")


@pytest.mark.parametrize("name, kind", [("mosque-day-en", "day"), ("mosque-strip-en", "strip")])
def test_golden_mosque(name, kind):
    change = ("asr", datetime.date(2025, 3, 7),
              datetime.datetime(2025, 3, 7, 15, 30, tzinfo=CAIRO))
    html = widget(fake_mosque(changes=[change]), kind=kind, date="2025-03-06",
                  now=datetime.datetime(2025, 3, 6, 14, tzinfo=CAIRO), css=False)
    html = re.sub(r"<script>.*?</script>", "<script></script>", html, flags=re.S)
    path = GOLDEN / f"{name}.html"
    pretty = html.replace("><", ">\n<") + "\n"
    if os.environ.get("SALAT_UPDATE_GOLDEN"):
        path.write_text(pretty, encoding="utf-8")
    assert pretty == path.read_text(encoding="utf-8")


# ---------------------------------------------------------------- the mosque screen

def screen_days(html):
    import json
    block = re.search(r'<script type="application/json" class="salat-days">(.*?)</script>',
                      html, re.S).group(1)
    return json.loads(block)


def test_screen_carries_a_month_of_dates_with_their_midnights(elm):
    now = datetime.datetime(2018, 3, 22, 14, 0, tzinfo=LONDON)
    html = widget(elm, kind="screen", now=now, page=True)
    days = screen_days(html)
    assert len(days) == 31 and days[0]["d"] == "2018-03-22" and days[-1]["d"] == "2018-04-21"
    assert days[0]["s"] == "2018-03-22T00:00:00+00:00"
    assert days[4]["s"] == "2018-03-26T00:00:00+01:00"     # British Summer Time from the 25th
    # The published table: 22 March Isha 7:39 PM, iqama 8:00 PM.
    assert days[0]["t"]["isha"] == ["2018-03-22T19:39:00+00:00", "7:39\u202fPM"]
    assert days[0]["i"]["isha"] == ["2018-03-22T20:00:00+00:00", "8:00\u202fPM"]
    assert days[1]["j"] == [["2018-03-23T13:00:00+00:00", "1:00\u202fPM"]]
    root = Tree(html).find("div")[0]
    assert root["data-tz"] == "Europe/London" and "data-salat-screen" in root
    assert 'aria-current="true"' in html and ">Iqama<" in html


def test_screen_days_option_and_its_limits():
    html = widget(fake_mosque(), kind="screen", days=3,
                  now=datetime.datetime(2025, 3, 6, 9, tzinfo=CAIRO))
    assert len(screen_days(html)) == 3
    with pytest.raises(ValueError, match="days"):
        widget(fake_mosque(), kind="screen", days=0)


def test_screen_from_coordinates_and_a_hostile_name():
    html = widget(30.0444, 31.2357, kind="screen", tz="Africa/Cairo", name="</script><b>",
                  now=datetime.datetime(2025, 3, 1, 9, tzinfo=datetime.timezone.utc))
    assert "&lt;/script&gt;&lt;b&gt;" in html and "<b>" not in html
    assert html.count("</script>") == 2          # the data block and the script
    assert ">Iqama<" not in html and len(screen_days(html)) == 31
