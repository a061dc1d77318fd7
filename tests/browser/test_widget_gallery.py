"""Every kind in Chromium at 320, 360 and 1280 px and in a 300 px sidebar of a 1280 px page:
measured (no overflow, no word broken, reading order, no glyph boxes touching) and
photographed into ``test-artifacts/browser/gallery/`` for review.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import pytz

import salat
from salat.widgets import widget
from test_widget_layout import MEASURE
from test_widget_typography import OVERLAPS

pytestmark = pytest.mark.browser

PROFILE = Path(__file__).resolve().parents[1] / "data" / "mosques" / "east-london-mosque.toml"
PLACES = {"en": ("London", 51.5074, -0.1278, "Europe/London"),
          "ar_EG": ("القاهرة", 30.0444, 31.2357, "Africa/Cairo"),
          "ur_PK": ("لاہور", 31.5497, 74.3436, "Asia/Karachi")}
KINDS = ("day", "strip", "week", "month", "picker", "ramadan", "chart", "mosque", "screen")
SIZES = (("alone", 320), ("alone", 360), ("alone", 1280), ("sidebar", 300))


def fragment(kind, loc):
    name, lat, lon, tz = PLACES[loc]
    now = pytz.timezone(tz).localize(datetime.datetime(2026, 3, 10, 14, 0))
    if kind == "picker":
        return widget(places=[{"name": n, "lat": a, "lon": o, "tz": z}
                              for n, a, o, z in PLACES.values()], locale=loc, now=now), now
    if kind in ("mosque", "screen"):
        mosque = salat.Mosque.from_toml(PROFILE)
        now = datetime.datetime(2018, 3, 22, 14, 0, tzinfo=datetime.timezone.utc)
        return widget(mosque, kind="day" if kind == "mosque" else "screen", locale=loc,
                      now=now), now
    date = {"ramadan": 1448, "chart": 2026, "month": "2026-03-10"}.get(kind)
    return widget(lat, lon, name=name, kind=kind, locale=loc, tz=tz, now=now, date=date), now


def host(body, mode, width):
    col = f' style="width:{width}px"' if mode == "sidebar" else ""
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<title>Host page</title></head><body style="margin:0"><main>'
            '<h1 style="font-size:1.2em;margin:.3em">News</h1>'
            f'<div style="display:flex;gap:20px"><article style="flex:1">Lorem ipsum.</article>'
            f'<aside id="col"{col}>{body}</aside></div></main></body></html>'
            if mode == "sidebar" else
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<title>Host page</title></head><body style="margin:0"><main>'
            f'<h1 style="font-size:1.2em;margin:.3em">News</h1><aside id="col">{body}</aside>'
            '</main></body></html>')


@pytest.mark.parametrize("loc", sorted(PLACES))
@pytest.mark.parametrize("kind", KINDS)
def test_gallery(offline_page, artifacts, kind, loc):
    page = offline_page
    out = artifacts / "gallery"
    out.mkdir(exist_ok=True)
    html, now = fragment(kind, loc)
    problems = {}
    for mode, width in SIZES:
        page.clock.install(time=now)
        page.set_viewport_size({"width": 1280 if mode == "sidebar" else width, "height": 900})
        page.set_content(host(html, mode, width))
        page.wait_for_timeout(50)
        page.screenshot(path=str(out / f"{kind}-{loc}-{mode}-{width}.png"), full_page=True)
        if kind == "screen":
            continue     # a TV page: measured at 1920x1080 and 1080x1920 in its own test
        found = page.evaluate(MEASURE)["bad"] + page.evaluate(OVERLAPS)["bad"]
        if found:
            problems[f"{mode} {width}"] = found[:5]
    assert not problems, problems
