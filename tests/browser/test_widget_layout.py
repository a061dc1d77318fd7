"""Every kind of widget fits from 320 px up, in a phone-width frame and in a column of a wide
page.

One page load per (kind, locale); inside it the viewport and the column are resized to each
width, and at each width the page is measured: no box scrolls or clips sideways, nothing
leaves the column (boxes clipped away for screen readers aside), no word is broken across
lines (each word's rendered line boxes, from ``Range.getClientRects``), and rows and items
run in the locale's direction.  axe-core audits each load at a phone width and a desktop
width, in light and dark.  Screenshots of every width go to
``test-artifacts/browser/layout/``.
"""

from __future__ import annotations

import datetime

import pytest
import pytz

from salat.widgets import widget

pytestmark = pytest.mark.browser

#: locale: (name in that language, lat, lon, zone)
PLACES = {
    "en": ("London", 51.5074, -0.1278, "Europe/London"),
    "ar_MA": ("الرباط", 34.0209, -6.8416, "Africa/Casablanca"),
    "ar_EG": ("القاهرة", 30.0444, 31.2357, "Africa/Cairo"),
    "fr": ("Paris", 48.8566, 2.3522, "Europe/Paris"),
    "ur_PK": ("لاہور", 31.5497, 74.3436, "Asia/Karachi"),
    "fa": ("تهران", 35.6892, 51.3890, "Asia/Tehran"),
    "bn": ("ঢাকা", 23.8103, 90.4125, "Asia/Dhaka"),
}
RTL = {"ar_MA", "ar_EG", "ur_PK", "fa"}
KINDS = ("day", "week", "month", "strip", "picker", "ramadan", "chart")
WIDTHS = (320, 360, 480, 768, 1280)   # 480: the month's middle layout
WIDE = 1280


def start(loc):
    return pytz.timezone(PLACES[loc][3]).localize(datetime.datetime(2025, 3, 10, 14, 0))


def fragment(kind, loc):
    name, lat, lon, zone = PLACES[loc]
    now = start(loc)
    if kind == "picker":
        others = [p for k, p in PLACES.items() if k != loc]
        places = [{"name": n, "lat": la, "lon": lo, "tz": z}
                  for n, la, lo, z in [PLACES[loc], *others]]
        return widget(places=places, locale=loc, now=now)
    date = {"month": "2025-03-10", "ramadan": 1446, "chart": 2025}.get(kind)
    return widget(lat, lon, name=name, locale=loc, kind=kind, tz=zone, now=now, date=date)


def host(body: str) -> str:
    """A news page: a heading and the widget in a column whose width the test sets."""
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<title>Host page</title></head><body style="margin:0">'
            '<main><h1 style="font-size:1.2em;margin:.3em">News</h1>'
            f'<aside id="col">{body}</aside></main></body></html>')


MEASURE = """() => {
    const col = document.getElementById('col').getBoundingClientRect();
    const root = document.querySelector('.salat-w');
    // Visible boxes only: clipped away (the screen-reader-only pattern) or hidden is not shown.
    const clipped = el => { for (let a = el; a && a !== root.parentElement; a = a.parentElement)
        if (getComputedStyle(a).clipPath !== 'none') return true; return false; };
    const shown = el => el.getClientRects().length > 0
        && !el.closest('[hidden], style, script') && !clipped(el);
    const name = el => el.tagName.toLowerCase()
        + (el.getAttribute('class') ? '.' + el.getAttribute('class') : '')
        + (el.dataset && el.dataset.prayer ? '[' + el.dataset.prayer + ']' : '');
    const bad = [];
    for (const el of [root, ...root.querySelectorAll('*')]) {
        if (!shown(el)) continue;
        // (an SVG element does not scroll: Chromium's scrollWidth of SVG text means nothing)
        if (!(el instanceof SVGElement) && el.clientWidth && el.scrollWidth > el.clientWidth)
            bad.push(`${name(el)} scrolls: ${el.scrollWidth} > ${el.clientWidth}`);
        const r = el.getBoundingClientRect();
        if (r.width && (r.left < col.left - 0.5 || r.right > col.right + 0.5))
            bad.push(`${name(el)} leaves the column: ${r.left}..${r.right} `
                     + `not in ${col.left}..${col.right}`);
    }
    const page = document.documentElement;
    if (page.scrollWidth > page.clientWidth)
        bad.push(`the page scrolls sideways: ${page.scrollWidth}`);
    // Words: a word whose glyph boxes sit on two lines was broken inside.
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let words = 0;
    for (let node; (node = walk.nextNode());) {
        if (!shown(node.parentElement)) continue;
        for (const m of node.data.matchAll(/\\S+/g)) {
            const range = document.createRange();
            range.setStart(node, m.index);
            range.setEnd(node, m.index + m[0].length);
            const rects = [...range.getClientRects()].filter(r => r.width > 0)
                .sort((a, b) => a.top - b.top);
            words += 1;
            if (rects.length > 1 && rects[rects.length - 1].top >= rects[0].bottom - 1)
                bad.push(`word broken across lines: ${m[0]}`);
        }
    }
    // Direction: cells of a row, items of the strip, side by side in reading order.
    const rtl = getComputedStyle(root).direction === 'rtl';
    for (const line of root.querySelectorAll('tbody tr, .salat-strip ul')) {
        if (!shown(line)) continue;
        const kids = [...line.children].filter(shown).map(k => [k, k.getBoundingClientRect()]);
        for (let i = 1; i < kids.length; i++) {
            const [a, ra] = kids[i - 1], [b, rb] = kids[i];
            const sameLine = rb.top < ra.bottom - 1 && ra.top < rb.bottom - 1;
            if (sameLine && (rtl ? rb.right > ra.left + 1 : rb.left < ra.right - 1))
                bad.push(`${name(b)} is on the wrong side of ${name(a)}`);
        }
    }
    return {bad, words};
}"""

AXE = """async () => {
    const r = await axe.run(document.querySelector('.salat-w'), {resultTypes: ['violations']});
    return r.violations.map(v => ({id: v.id, impact: v.impact,
                                   nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}));
}"""


def layout_dir(artifacts):
    out = artifacts / "layout"
    out.mkdir(exist_ok=True)
    return out


def serious(page):
    return [v for v in page.evaluate(AXE) if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("loc", sorted(PLACES))
@pytest.mark.parametrize("kind", KINDS)
def test_fits_every_width(offline_page, axe_source, artifacts, kind, loc):
    page = offline_page
    out = layout_dir(artifacts)
    page.clock.install(time=start(loc))
    page.set_viewport_size({"width": WIDTHS[0], "height": 800})
    page.set_content(host(fragment(kind, loc)))
    if kind in ("day", "strip", "picker"):
        page.locator(".salat-countdown:visible").wait_for()      # the script ran
    page.add_script_tag(path=str(axe_source))
    assert page.locator(".salat-w").get_attribute("dir") == ("rtl" if loc in RTL else "ltr")
    problems, words = {}, 0
    for mode in ("viewport", "column"):
        for width in WIDTHS:
            if mode == "viewport":
                page.set_viewport_size({"width": width, "height": 800})
                page.evaluate("() => document.getElementById('col').style.width = ''")
            else:
                page.set_viewport_size({"width": WIDE, "height": 800})
                page.evaluate(f"() => document.getElementById('col').style.width = '{width}px'")
            found = page.evaluate(MEASURE)
            words = max(words, found["words"])
            if kind == "month":   # a full table when wide, one block per date when narrow
                shape = page.locator("tbody tr").first.evaluate("r => getComputedStyle(r).display")
                if shape != ("table-row" if width >= 768 else "grid"):
                    found["bad"].append(f"the month's rows are display:{shape}")
            if found["bad"]:
                problems[f"{mode} {width}"] = found["bad"][:6]
            page.screenshot(path=str(out / f"{kind}-{loc}-{mode}-{width}.png"), full_page=True)
            if (mode, width) in (("viewport", 320), ("viewport", 1280)):
                for scheme in ("light", "dark"):
                    page.emulate_media(color_scheme=scheme)
                    if (v := serious(page)):
                        problems[f"axe {mode} {width} {scheme}"] = v
                page.emulate_media(color_scheme="light")
    assert words >= 12, "the measure found too little text to mean anything"
    assert not problems, problems


def test_day_card_fits_a_300px_column_in_every_catalog_language(offline_page, artifacts):
    from salat.widgets import CATALOG_LOCALES
    page = offline_page
    page.set_viewport_size({"width": WIDE, "height": 800})
    name, lat, lon, zone = PLACES["ar_EG"]
    now = start("ar_EG")
    problems = {}
    for lang in CATALOG_LOCALES:
        html = widget(lat, lon, name=name, locale=lang, tz=zone, now=now, live=False,
                      times=("imsak", "fajr", "sunrise", "dhuhr", "asr", "maghrib", "isha",
                             "midnight", "last_third"))
        page.set_content(host(html))
        page.evaluate("() => document.getElementById('col').style.width = '300px'")
        found = page.evaluate(MEASURE)
        if found["bad"] or found["words"] < 12:
            problems[lang] = found["bad"][:6] or found["words"]
        page.screenshot(path=str(layout_dir(artifacts) / f"day-300-{lang}.png"), full_page=True)
    assert not problems, problems
