"""The city picker in Chromium: switching by click and keyboard, the countdown follows the
chosen city, the choice survives a reload (localStorage, no cookie), and without JavaScript
every city stays reachable."""

from __future__ import annotations

import datetime

import pytest

from salat.widgets import widget

pytestmark = pytest.mark.browser

URL = "https://news.example/sidebar"       # a real origin: localStorage needs one
NOW = datetime.datetime(2025, 3, 10, 11, 0, tzinfo=datetime.timezone.utc)
CITIES = [("London", 51.5074, -0.1278, "Europe/London"),
          ("القاهرة", 30.0444, 31.2357, "Africa/Cairo"),
          ("ঢাকা", 23.8103, 90.4125, "Asia/Dhaka")]


def page_html(**options) -> str:
    places = [{"name": n, "lat": la, "lon": lo, "tz": z} for n, la, lo, z in CITIES]
    fragment = widget(places=places, locale="en", now=NOW, **options)
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>News</title></head>'
            f'<body><aside style="width:320px">{fragment}</aside></body></html>')


@pytest.fixture
def site(browser, request):
    """A page served at URL (every other request fails the test), with the clock at NOW."""
    options = getattr(request, "param", {}) or {}
    context = browser.new_context(viewport={"width": 400, "height": 700}, **options)
    page = context.new_page()
    leaked, errors = [], []
    html = page_html(live=options.get("java_script_enabled", True))

    def serve(route):
        if route.request.url == URL:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)
        else:
            leaked.append(route.request.url)
            route.abort()

    page.route("**/*", serve)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.clock.install(time=NOW)
    page.goto(URL)
    yield page
    cookies = context.cookies()
    context.close()
    assert not leaked and not errors and not cookies, (leaked, errors, cookies)


def shown_city(page):
    panels = page.locator("details:visible")
    assert panels.count() == 1
    return panels.locator("summary").evaluate("s => s.textContent")


def countdown_matches_next_time(page):
    """The visible countdown counts to the visible city's next prayer, from the page clock."""
    panel = page.locator("details:visible")
    name = panel.locator('tr[aria-current="true"]').get_attribute("data-prayer")
    iso = panel.locator('tr[aria-current="true"] time').get_attribute("datetime")
    at = datetime.datetime.fromisoformat(iso)
    now = datetime.datetime.fromtimestamp(page.evaluate("Date.now()") / 1000, datetime.timezone.utc)
    h, m, s = map(int, panel.locator(".salat-countdown time").inner_text().split(":"))
    left = datetime.timedelta(hours=h, minutes=m, seconds=s)
    assert abs(left - (at - now)) <= datetime.timedelta(seconds=1), (name, left, at - now)
    assert panel.locator(".salat-countdown strong").inner_text() == \
        panel.locator('tr[aria-current="true"] th').evaluate(
            "th => th.firstChild.textContent.trim()")
    return name, left


def test_click_and_keyboard_switch_and_the_countdown_follows(site, artifacts):
    page = site
    select = page.locator(".salat-pick select")
    assert select.is_visible() and shown_city(page) == "London"
    london = countdown_matches_next_time(page)
    # Click: open the list and choose (Chromium's native popup is chosen through the element).
    select.click()
    select.select_option(label="القاهرة")
    assert shown_city(page) == "القاهرة"
    cairo = countdown_matches_next_time(page)
    assert cairo != london                       # 13:00 in Cairo, 11:00 in London
    page.screenshot(path=str(artifacts / "picker-cairo.png"), full_page=True)
    # Keyboard: focus and arrow down to the next city (after closing the popup).
    page.mouse.click(390, 690)
    select.focus()
    page.keyboard.press("ArrowDown")
    assert select.input_value() == "2" and shown_city(page) == "ঢাকা"
    page.clock.run_for(2000)
    dhaka = countdown_matches_next_time(page)
    assert dhaka[0] != cairo[0] or dhaka[1] != cairo[1]
    page.keyboard.press("ArrowUp")
    assert shown_city(page) == "القاهرة"


def test_the_choice_is_remembered_in_local_storage(site):
    page = site
    page.locator(".salat-pick select").select_option("2")
    stored = page.evaluate("() => Object.entries(localStorage)")
    assert len(stored) == 1 and stored[0][0].startswith("salat-place:") and stored[0][1] == "2"
    assert page.evaluate("document.cookie") == ""
    page.reload()
    assert page.locator(".salat-pick select").input_value() == "2" and shown_city(page) == "ঢাকা"


@pytest.mark.parametrize("site", [{"java_script_enabled": False}], indirect=True)
def test_without_javascript_every_city_is_reachable(site, artifacts):
    page = site
    assert not page.locator("select").count()
    details = page.locator("details")
    assert details.count() == 3
    assert details.nth(0).locator("table").is_visible()
    assert not details.nth(1).locator("table").is_visible()
    details.nth(1).locator("summary").click()
    assert details.nth(1).locator("table").is_visible()
    fajr = details.nth(1).locator('tr[data-prayer="fajr"] time')
    assert fajr.get_attribute("datetime").endswith("+02:00")
    page.screenshot(path=str(artifacts / "picker-no-js.png"), full_page=True)


@pytest.mark.parametrize("kind", ["strip", "picker"])
def test_standalone_pages_run_under_their_own_csp(offline_page, kind):
    page = offline_page
    page.clock.install(time=NOW)
    violations = []
    page.on("console", lambda m: violations.append(m.text)
            if "Content Security Policy" in m.text else None)
    if kind == "picker":
        places = [{"name": n, "lat": la, "lon": lo, "tz": z} for n, la, lo, z in CITIES]
        page.set_content(widget(places=places, locale="ar_EG", now=NOW, page=True))
        assert page.locator(".salat-pick select").is_visible()          # the hashed script ran
    else:
        page.set_content(widget(30.0444, 31.2357, kind="strip", locale="ar_EG", now=NOW, page=True))
    page.locator(".salat-countdown:visible").wait_for()
    assert page.locator(".salat-w").evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"
    assert not violations
