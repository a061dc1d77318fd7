"""Type that fits every script, in Chromium, with the host page's own fonts.

A news page sets its font (``--salat-font``, the widget's documented hook, on ``body``): Naskh
and Kufi for Arabic, Nastaliq for Urdu (Debian's Noto Nastaliq Urdu, the tallest of them),
Bengali, Latin; or no font at all (the widget's own stack per script).  In each, at 300 px
in a sidebar and alone at 320, 768 and 1280 px: the checks of ``test_widget_layout`` (no
overflow, no word broken, reading order) and no two glyph boxes intersecting: each text
run's boxes (``Range.getClientRects``: the font's ascent to descent) against every other
visible run's, so the descenders of one row cannot reach the next and a date line cannot
touch the title.  The strip is one line from 768 px.

The newer kinds the same way: the Ramadan timetable and a mosque's day (East London Mosque,
tests/data/mosques, with its iqama) in the same sizes; the year chart, an SVG, also with its
text labels (hours, months, DST marks) neither touching each other nor leaving the SVG's box;
the mosque screen, a TV page, at 1920x1080 and 1080x1920 instead of phone widths.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import pytz

import salat
from salat.widgets import widget

from test_widget_layout import MEASURE

pytestmark = pytest.mark.browser

#: locale: (name, lat, lon, tz, the host fonts to try)
CASES = {
    "ar_EG": ("القاهرة", 30.0444, 31.2357, "Africa/Cairo",
              ["Noto Naskh Arabic", "Noto Kufi Arabic", None]),
    "ur_PK": ("لاہور", 31.5497, 74.3436, "Asia/Karachi", ["Noto Nastaliq Urdu", None]),
    "bn": ("ঢাকা", 23.8103, 90.4125, "Asia/Dhaka", ["Noto Sans Bengali", None]),
    "en": ("London", 51.5074, -0.1278, "Europe/London", ["Noto Serif", "DejaVu Sans", None]),
}
KINDS = ("day", "strip", "week", "picker", "month", "ramadan", "chart", "mosque")
SIZES = (("column", 300), ("viewport", 320), ("viewport", 768), ("viewport", 1280))
SCREENS = ((1920, 1080), (1080, 1920))
PROFILE = Path(__file__).resolve().parents[1] / "data" / "mosques" / "east-london-mosque.toml"
#: a Thursday of the mosque's published 2018 table, mid-afternoon (UTC = London then)
MOSQUE_NOW = datetime.datetime(2018, 3, 22, 14, 0, tzinfo=datetime.timezone.utc)

OVERLAPS = """() => {
    const root = document.querySelector('.salat-w');
    const clipped = el => { for (let a = el; a && a !== root.parentElement; a = a.parentElement)
        if (getComputedStyle(a).clipPath !== 'none') return true; return false; };
    const shown = el => el.getClientRects().length > 0 && !el.closest('[hidden], style, script')
        && !clipped(el);
    const boxes = [];
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node; (node = walk.nextNode());) {
        if (!node.data.trim() || !shown(node.parentElement)) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const r of range.getClientRects())
            if (r.width > 0.5) boxes.push([node.data.trim().slice(0, 12), r]);
    }
    const bad = [];
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
        const [a, ra] = boxes[i], [b, rb] = boxes[j];
        const dx = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
        const dy = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
        if (dx > 1 && dy > 1) bad.push(`"${a}" and "${b}" overlap by ${dy.toFixed(1)} px`);
    }
    return {bad, boxes: boxes.length};
}"""

ONE_LINE = """() => {
    const root = document.querySelector('.salat-strip');
    const items = [root.querySelector('.salat-head'), ...root.querySelectorAll('li')];
    const boxes = items.map(e => e.getBoundingClientRect());
    // One line: every item's box shares a horizontal band with every other's.
    return Math.max(...boxes.map(b => b.top)) < Math.min(...boxes.map(b => b.bottom));
}"""


SVG_LABELS = """() => {
    // The chart's labels, in the SVG's box: each against every other and against the box.
    const svg = document.querySelector('.salat-chart svg');
    const box = svg.getBoundingClientRect();
    const labels = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim())
        .map(t => [t.textContent.trim().slice(0, 12), t.getBoundingClientRect()]);
    const bad = [];
    for (const [a, r] of labels)
        if (r.left < box.left - 0.5 || r.right > box.right + 0.5
            || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5)
            bad.push(`label "${a}" leaves the SVG: ${r.left.toFixed(1)}..${r.right.toFixed(1)}`
                     + ` x ${r.top.toFixed(1)}..${r.bottom.toFixed(1)}`);
    for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) {
        const [a, ra] = labels[i], [b, rb] = labels[j];
        const dx = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
        const dy = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
        if (dx > 0.5 && dy > 0.5) bad.push(`labels "${a}" and "${b}" overlap`);
    }
    return {bad, labels: labels.length};
}"""


TIME_ORDER = """() => {
    // A time in Latin letters ("1:00 PM") reads left to right in an RTL line too: its digits
    // left of its AM/PM, wherever a script put it together with a date.
    const root = document.querySelector('.salat-w');
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const bad = [];
    const box = (node, at, len) => { const r = document.createRange();
        r.setStart(node, at); r.setEnd(node, at + len); return r.getBoundingClientRect(); };
    for (let node; (node = walk.nextNode());) {
        if (!node.parentElement.getClientRects().length || node.parentElement.closest('[hidden]'))
            continue;
        for (const m of node.data.matchAll(/(\\d{1,2}:\\d\\d)(\\s)([AP]M)/g)) {
            const digits = box(node, m.index, m[1].length);
            const half = box(node, m.index + m[1].length + 1, 2);
            if (digits.left > half.left) bad.push(`"${m[0]}" reads "${m[3]} ${m[1]}"`);
        }
    }
    return bad;
}"""


def fragment(kind, loc):
    name, lat, lon, tz, _ = CASES[loc]
    now = pytz.timezone(tz).localize(datetime.datetime(2025, 3, 10, 14, 0))
    if kind in ("mosque", "screen"):
        mosque = salat.Mosque.from_toml(PROFILE)
        return widget(mosque, kind="day" if kind == "mosque" else "screen", locale=loc,
                      now=MOSQUE_NOW), MOSQUE_NOW
    if kind == "picker":
        places = [{"name": n, "lat": la, "lon": lo, "tz": z}
                  for n, la, lo, z, _ in [CASES[loc], *(v for k, v in CASES.items() if k != loc)]]
        return widget(places=places, locale=loc, now=now), now
    return widget(lat, lon, name=name, locale=loc, kind=kind, tz=tz, now=now,
                  date={"month": "2025-03-10", "ramadan": 1446, "chart": 2025}.get(kind)), now


def host(body, font, heading=True):
    style = f"body{{font-family:'{font}';--salat-font:'{font}'}}" if font else ""
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>Host page</title><style>{style}</style></head><body style="margin:0">'
            + ('<main><h1 style="font-size:1.2em;margin:.3em">News</h1>' if heading else '<main>')
            + f'<aside id="col">{body}'
            '</aside></main></body></html>')


@pytest.mark.parametrize("loc", sorted(CASES))
@pytest.mark.parametrize("kind", KINDS)
def test_no_glyph_boxes_touch_with_the_host_font(offline_page, artifacts, kind, loc):
    page = offline_page
    out = artifacts / "typography"
    out.mkdir(exist_ok=True)
    html, now = fragment(kind, loc)
    problems = {}
    for font in CASES[loc][4]:
        page.clock.install(time=now)
        page.set_viewport_size({"width": 320, "height": 800})
        page.set_content(host(html, font))
        if kind in ("day", "strip", "picker", "mosque"):
            page.locator(".salat-countdown:visible").first.wait_for()
        used = page.evaluate("() => getComputedStyle(document.querySelector('.salat-w'))"
                             ".fontFamily")
        if font:
            assert font in used, used
        for mode, width in SIZES:
            if mode == "viewport":
                page.set_viewport_size({"width": width, "height": 800})
                page.evaluate("() => document.getElementById('col').style.width = ''")
            else:
                page.set_viewport_size({"width": 1280, "height": 800})
                page.evaluate(f"() => document.getElementById('col').style.width = '{width}px'")
            if kind == "month" and width < 768:
                continue   # the month is for pages and print; the sidebar has the week
            found = page.evaluate(MEASURE)["bad"] + page.evaluate(OVERLAPS)["bad"]
            if kind == "chart":
                labels = page.evaluate(SVG_LABELS)
                assert labels["labels"] >= 12, "the chart has too few labels to measure"
                found += labels["bad"]
            if kind == "strip" and width >= 768:
                if not page.evaluate(ONE_LINE):
                    found.append("the strip is not one line")
            if found:
                problems[f"{font or 'own stack'} {mode} {width}"] = found[:5]
            label = (font or "own").replace(" ", "")
            page.screenshot(path=str(out / f"{kind}-{loc}-{label}-{mode}-{width}.png"),
                            full_page=True)
    assert not problems, problems


@pytest.mark.parametrize("loc", sorted(CASES))
def test_the_screen_fits_a_tv_with_the_host_font(offline_page, artifacts, loc):
    page = offline_page
    out = artifacts / "typography"
    out.mkdir(exist_ok=True)
    html, now = fragment("screen", loc)
    problems = {}
    for font in CASES[loc][4]:
        for width, height in SCREENS:
            page.clock.install(time=now)
            page.set_viewport_size({"width": width, "height": height})
            page.set_content(host(html, font, heading=False))
            page.locator(".salat-countdown:visible").first.wait_for()
            if font:
                used = page.evaluate("() => getComputedStyle(document.querySelector('.salat-w'))"
                                     ".fontFamily")
                assert font in used, used
            found = (page.evaluate(MEASURE)["bad"] + page.evaluate(OVERLAPS)["bad"]
                     + page.evaluate(TIME_ORDER))
            bottom = page.evaluate("() => document.querySelector('.salat-w')"
                                   ".getBoundingClientRect().bottom")
            if bottom > height + 0.5:
                found.append(f"the screen is taller than the TV: {bottom:.0f} > {height}")
            if found:
                problems[f"{font or 'own stack'} {width}x{height}"] = found[:5]
            label = (font or "own").replace(" ", "")
            page.screenshot(path=str(out / f"screen-{loc}-{label}-{width}x{height}.png"))
    assert not problems, problems


def test_the_widget_has_its_own_stack_per_script(offline_page):
    page = offline_page
    faces = {}
    for loc in CASES:
        html, _ = fragment("day", loc)
        page.set_content(host(html, None))
        faces[loc] = page.evaluate("() => getComputedStyle(document.querySelector('.salat-w'))"
                                   ".fontFamily")
    assert faces["ur_PK"].startswith('"Noto Nastaliq Urdu"')
    assert faces["ar_EG"].startswith('"Noto Naskh Arabic"')
    assert faces["bn"].startswith('"Noto Sans Bengali"')
    assert faces["en"].startswith("system-ui")
