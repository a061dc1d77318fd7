"""The widgets in a real Chromium: direction, order, digits, offline, live script, layout, a11y.

Times come from the real core (``salat.times_for``) for 1 March 2025; the assertions are
about the page, not the astronomy.  Screenshots go to ``test-artifacts/browser/``.
"""

from __future__ import annotations

import datetime
import re

import pytest
import pytz

from salat.widgets import widget

pytestmark = pytest.mark.browser

CASES = {
    # locale: (city, lat, lon, zone, direction, digit zero)
    "en": ("London", 51.5074, -0.1278, "Europe/London", "ltr", "0"),
    "ar_EG": ("القاهرة", 30.0444, 31.2357, "Africa/Cairo", "rtl", "\u0660"),
    "ur_PK": ("لاہور", 31.5497, 74.3436, "Asia/Karachi", "rtl", "0"),
    "fr": ("Paris", 48.8566, 2.3522, "Europe/Paris", "ltr", "0"),
}
ORDER = ["fajr", "sunrise", "dhuhr", "asr", "maghrib", "isha"]


def local(zone, hour, minute=0, day=1):
    return pytz.timezone(zone).localize(datetime.datetime(2025, 3, day, hour, minute))


def render(loc, now, **options):
    city, lat, lon, zone, _, _ = CASES[loc]
    return widget(lat, lon, name=city, locale=loc, now=now, tz=zone, **options)


def host(fragment: str, width: int = 300) -> str:
    """A plain host page: the fragment in a fixed-width sidebar column."""
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Host page</title>'
            f'</head><body><main><h1>News</h1><aside id="col" style="width:{width}px">'
            f"{fragment}</aside></main></body></html>")


def digits_of(text: str) -> set[str]:
    return {c for c in text if c.isdigit()}


@pytest.mark.parametrize("loc", sorted(CASES))
def test_static_widget_reads_right(offline_page, loc, artifacts):
    page = offline_page
    city, _, _, zone, want_dir, zero = CASES[loc]
    page.set_content(host(render(loc, local(zone, 14), live=False)))
    root = page.locator(".salat-w")
    assert root.evaluate("e => getComputedStyle(e).direction") == want_dir
    assert root.get_attribute("lang") == loc.replace("_", "-")

    # Rows keyed by name, top to bottom in day order; name and time on the reading side.
    rows = page.locator("tr[data-prayer]")
    assert rows.evaluate_all("rs => rs.map(r => r.dataset.prayer)") == ORDER
    tops = [rows.nth(i).bounding_box()["y"] for i in range(6)]
    assert tops == sorted(tops) and len(set(tops)) == 6
    for i in range(6):
        name = rows.nth(i).locator("th").bounding_box()
        time = rows.nth(i).locator("td").bounding_box()
        assert (name["x"] < time["x"]) == (want_dir == "ltr")

    # Digits of the locale in the text, ASCII in the machine-readable attributes.
    shown = "".join(page.locator("tr[data-prayer] time").all_inner_texts())
    assert digits_of(shown) and digits_of(shown) <= {chr(ord(zero) + i) for i in range(10)}
    for iso in page.locator("time[datetime]").evaluate_all("ts => ts.map(t => t.dateTime)"):
        assert re.fullmatch(r"[0-9T:+\-]+", iso)

    # The next prayer: aria-current and a visible word, not just a colour.
    current = page.locator('tr[aria-current="true"]')
    assert current.count() == 1 and current.get_attribute("data-prayer") == "asr"
    assert current.locator(".salat-tag").is_visible()

    # Nothing overflows the 300 px column.
    assert_fits(page, 300)
    page.screenshot(path=str(artifacts / f"day-{loc}.png"), full_page=True)


def assert_fits(page, width):
    col = page.locator("#col").bounding_box()
    overflow = page.evaluate("""w => {
        const col = document.getElementById('col').getBoundingClientRect();
        const bad = [];
        for (const el of document.querySelectorAll('.salat-w, .salat-w *')) {
            const r = el.getBoundingClientRect();
            if (r.width && (r.left < col.left - 0.5 || r.right > col.right + 0.5))
                bad.push(el.outerHTML.slice(0, 80));
        }
        const root = document.querySelector('.salat-w');
        if (root.scrollWidth > root.clientWidth) bad.push('root scrolls');
        return bad;
    }""", width)
    assert col["width"] == width and not overflow, overflow


@pytest.mark.parametrize("loc", sorted(CASES))
def test_live_countdown_highlight_and_roll_over(offline_page, loc, artifacts):
    page = offline_page
    _, _, _, zone, _, zero = CASES[loc]
    start = local(zone, 14)
    page.clock.install(time=start)
    page.set_content(host(render(loc, start)))
    out = page.locator(".salat-countdown")
    out.wait_for(state="visible")

    def countdown():
        return out.locator("time").inner_text()

    def marked():
        return page.locator('tr[aria-current="true"]').get_attribute("data-prayer")

    def at(name):
        iso = page.locator(f'tr[data-prayer="{name}"] time').get_attribute("datetime")
        return datetime.datetime.fromisoformat(iso)

    assert marked() == "asr"
    first = countdown()
    assert digits_of(first) <= {chr(ord(zero) + i) for i in range(10)}
    left = at("asr") - start
    ascii_text = first.translate({ord(zero) + i: str(i) for i in range(10)})
    h, m, s = map(int, ascii_text.split(":"))
    shown = datetime.timedelta(hours=h, minutes=m, seconds=s)
    assert abs(shown - left) <= datetime.timedelta(seconds=1)
    assert page.locator(".salat-countdown strong").inner_text() == \
        page.locator('tr[data-prayer="asr"] th').evaluate("th => th.firstChild.textContent.trim()")

    page.clock.run_for(3000)  # it ticks
    assert countdown() != first
    assert marked() == "asr"

    # Past Asr the highlight and the tag move to Maghrib.
    page.clock.fast_forward(int((at("asr") - start).total_seconds() * 1000) + 2000)
    page.clock.run_for(1000)
    assert marked() == "maghrib"
    assert page.locator(".salat-tag").count() == 1
    assert page.locator('tr[data-prayer="maghrib"] .salat-tag').is_visible()
    page.screenshot(path=str(artifacts / f"live-{loc}-maghrib.png"), full_page=True)

    # After Isha: tomorrow's times from the data in the fragment, Fajr next.
    today_fajr = at("fajr")
    page.clock.fast_forward(int((at("isha") - at("asr")).total_seconds() * 1000) + 5000)
    page.clock.run_for(1000)
    assert marked() == "fajr"
    assert at("fajr").date() == today_fajr.date() + datetime.timedelta(days=1)
    assert page.locator("time.salat-greg").get_attribute("datetime") == "2025-03-02"
    assert not page.locator("[data-tomorrow-text]").count()
    assert_fits(page, 300)
    page.screenshot(path=str(artifacts / f"live-{loc}-rolled.png"), full_page=True)


@pytest.mark.parametrize("offline_page", [{"reduced_motion": "reduce"}], indirect=True)
def test_reduced_motion_counts_minutes(offline_page):
    page = offline_page
    start = local("Europe/London", 14)
    page.clock.install(time=start)
    page.set_content(host(render("en", start)))
    text = page.locator(".salat-countdown time").inner_text()
    assert re.fullmatch(r"\d+:\d\d", text)
    assert page.locator('tr[aria-current="true"] th').evaluate(
        "th => getComputedStyle(th).transitionDuration") == "0s"


@pytest.mark.parametrize("loc", sorted(CASES))
def test_standalone_page_runs_under_its_own_csp(offline_page, loc):
    page = offline_page
    _, _, _, zone, want_dir, _ = CASES[loc]
    start = local(zone, 14)
    page.clock.install(time=start)
    violations = []
    page.on("console", lambda m: violations.append(m.text)
            if "Content Security Policy" in m.text else None)
    page.set_content(render(loc, start, page=True))
    page.locator(".salat-countdown").wait_for(state="visible")  # the hashed script ran
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == want_dir
    assert page.locator(".salat-w").evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"
    assert not violations


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("loc", sorted(CASES))
def test_accessibility_audit(browser, axe_source, loc, scheme, artifacts):
    context = browser.new_context(viewport={"width": 320, "height": 640}, color_scheme=scheme)
    page = context.new_page()
    page.route("**/*", lambda route: route.abort())
    _, _, _, zone, _, _ = CASES[loc]
    start = local(zone, 14)
    page.clock.install(time=start)
    page.set_content(host(render(loc, start)))
    page.locator(".salat-countdown").wait_for(state="visible")
    page.add_script_tag(path=str(axe_source))
    result = page.evaluate("""async () => {
        const r = await axe.run(document.querySelector('.salat-w'), {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length}));
    }""")
    page.screenshot(path=str(artifacts / f"a11y-{loc}-{scheme}.png"), full_page=True)
    context.close()
    serious = [v for v in result if v["impact"] in ("serious", "critical")]
    assert not serious, serious


def test_month_table_prints_on_a4(offline_page, artifacts):
    from salat.widgets import widget as make
    page = offline_page
    html = make(30.0444, 31.2357, name="القاهرة", locale="ar_EG", kind="month", date="2025-03-01",
                tz="Africa/Cairo", page=True, now=local("Africa/Cairo", 9, day=5))
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.set_content(html)
    page.emulate_media(media="print")
    rows = page.locator("tbody tr")
    assert rows.count() == 31
    assert page.locator('tr[aria-current="date"] th time').get_attribute("datetime") == "2025-03-05"
    height = page.locator(".salat-w").bounding_box()["height"]
    assert height <= 1123 - 2 * 45, "a month should fit one A4 page"  # 12 mm margins
    assert page.evaluate("document.documentElement.scrollWidth") <= 794
    page.screenshot(path=str(artifacts / "month-ar_EG-print.png"), full_page=True)
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1, "the month prints on one A4 page"
