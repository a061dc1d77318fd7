"""The mosque screen in Chromium: 48 hours on a moved clock, offline, with flat memory.

East London Mosque (its 2018 published table, tests/data/mosques) from Saturday 24 March
2018, noon, to Monday 26 March, noon: across the night the clocks go forward (25 March,
01:00 GMT).  The page's clock is Playwright's fake clock, run second by second (every timer
fires) from one change to the next; a few seconds before each prayer's iqama (or adhan,
where it has none) the screen must count to it, a few seconds after to the next one, after
Isha to tomorrow's Fajr (with its line shown), and after local midnight show the new date's
times.  The expected times are the mosque's own (``Mosque.day``), not the page's.

Memory: the number of DOM nodes must not change, and the JS heap (after a forced garbage
collection), from six hours in (past the first compilations) to the end, must grow no more
than that of a bare page whose only script ticks a clock once a second, run the same way
beside it (Playwright's fake clock keeps a little bookkeeping of its own), plus 16 KB.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

import salat
from salat.widgets import widget

pytestmark = pytest.mark.browser

PROFILE = Path(__file__).resolve().parents[1] / "data" / "mosques" / "east-london-mosque.toml"
START = datetime.datetime(2018, 3, 24, 12, 0, tzinfo=datetime.timezone.utc)
HOURS = 48
COUNTED = ("fajr", "dhuhr", "asr", "maghrib", "isha")


def events(mosque):
    """(when, name, date) of every time counted to in the window, in order."""
    out = []
    for k in range(4):
        day = mosque.day(START.date() + datetime.timedelta(days=k))
        for name in COUNTED:
            at = day.iqama.get(name) or getattr(day.adhan, name)
            out.append((at, name, day.date))
    end = START + datetime.timedelta(hours=HOURS)
    return [e for e in out if START < e[0] < end], out


BARE = ("<p id=x></p><script>function t() { const n = Date.now();"
        " document.getElementById('x').textContent = new Date(n).toISOString();"
        " setTimeout(t, 1000 - n % 1000 || 1000); } t();</script>")


def bare_clock_growth(browser) -> int:
    """How much a page that only ticks a clock grows from 6 h to 48 h on the fake clock."""
    context = browser.new_context()
    page = context.new_page()
    page.clock.install(time=START)
    page.set_content(BARE)
    cdp = context.new_cdp_session(page)

    def heap():
        cdp.send("HeapProfiler.collectGarbage")
        return cdp.send("Runtime.getHeapUsage")["usedSize"]
    page.clock.run_for(6 * 3600_000)
    before = heap()
    page.clock.run_for((HOURS - 6) * 3600_000)
    grown = heap() - before
    context.close()
    return grown


def ms(delta: datetime.timedelta) -> int:
    return int(delta.total_seconds() * 1000)


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
def test_screen_runs_48_hours(browser, artifacts, size):
    mosque = salat.Mosque.from_toml(PROFILE)
    html = widget(mosque, kind="screen", now=START, page=True, theme="dark")
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    leaked, errors = [], []
    page.route("**/*", lambda r: (r.continue_() if r.request.url.startswith(("data:", "about:"))
                                  else (leaked.append(r.request.url), r.abort())))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.clock.install(time=START)
    page.set_content(html)
    cdp = context.new_cdp_session(page)

    def heap():
        cdp.send("HeapProfiler.collectGarbage")
        return cdp.send("Runtime.getHeapUsage")["usedSize"]

    def state():
        return page.evaluate("""() => {
            const r = document.querySelector('.salat-screen');
            const c = r.querySelector('.salat-countdown');
            return {next: c.getAttribute('data-next'), text: c.textContent,
                    date: r.getAttribute('data-date'),
                    fajr: r.querySelector('tr[data-prayer=fajr] td time').dateTime,
                    tomorrow: !r.querySelector('.salat-tomorrow').hidden,
                    nodes: document.getElementsByTagName('*').length,
                    clock: r.querySelector('.salat-clock').textContent};
        }""")

    window, every = events(mosque)
    now = START
    page.clock.run_for(2000)
    now += datetime.timedelta(seconds=2)
    first = state()
    base_nodes = first["nodes"]
    base_heap = None
    assert first["clock"] == "12:00\u202fPM" or first["clock"].startswith("12:00")
    problems = []
    warm = START + datetime.timedelta(hours=6)
    for at, name, date in window:
        before = at - datetime.timedelta(seconds=5)
        if base_heap is None and before > warm:
            page.clock.run_for(ms(warm - now))
            now, base_heap = warm, heap()
        page.clock.run_for(ms(before - now))
        now = before
        s = state()
        if s["next"] not in (name, f"{name}:iqama"):
            problems.append(f"{before}: counting to {s['next']}, not {name}")
        if s["date"] != date.isoformat():
            problems.append(f"{before}: shows {s['date']}, not {date}")
        page.clock.run_for(10_000)
        now += datetime.timedelta(seconds=10)
        s = state()
        following = every[every.index((at, name, date)) + 1]
        want = following[1] + ("+1" if following[2] != date else "")
        if s["next"].split(":")[0] != want:
            problems.append(f"{now}: counting to {s['next']}, not {want}")
        if name == "isha" and not s["tomorrow"]:
            problems.append(f"{now}: tomorrow's Fajr is not shown after Isha")
        if name == "isha":   # and at local midnight, the next date's times
            midnight = datetime.datetime.combine(date + datetime.timedelta(days=1),
                                                 datetime.time(), mosque.tz)
            midnight = salat.timezones.localize(mosque.tz, midnight.replace(tzinfo=None))
            page.clock.run_for(ms(midnight - now) + 2000)
            now = midnight + datetime.timedelta(seconds=2)
            s = state()
            fajr = mosque.day(date + datetime.timedelta(days=1)).adhan.fajr
            if s["date"] != (date + datetime.timedelta(days=1)).isoformat():
                problems.append(f"{now}: the date did not move on: {s['date']}")
            if datetime.datetime.fromisoformat(s["fajr"]) != fajr:
                problems.append(f"{now}: Fajr shows {s['fajr']}, not {fajr}")
            if s["clock"] not in ("12:00\u202fAM", "12:00 AM"):
                problems.append(f"{now}: the clock reads {s['clock']!r} at local midnight")
    page.clock.run_for(ms(START + datetime.timedelta(hours=HOURS) - now))
    end = state()
    grown = heap() - base_heap
    page.screenshot(path=str(artifacts / f"screen-48h-{size[0]}x{size[1]}.png"))
    context.close()
    reference = bare_clock_growth(browser)
    assert len(window) >= 9, window
    assert not problems, problems
    assert end["nodes"] == base_nodes, (base_nodes, end["nodes"])
    assert grown < reference + 16 * 1024, f"the heap grew by {grown} bytes ({reference} bare)"
    assert not leaked and not errors, (leaked, errors)
