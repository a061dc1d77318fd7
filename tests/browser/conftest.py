"""Real-browser fixtures: Debian's Chromium driven by Playwright, offline, with axe-core.

No browser is downloaded: Playwright launches ``/usr/bin/chromium`` (``SALAT_CHROMIUM``
overrides the path).  A missing browser, Playwright or axe-core is a test failure, not a
skip, so CI cannot pass without really running these tests.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("SALAT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: runs in a real headless Chromium (Playwright)")


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is not installed (pip install playwright; "
                    "no browser download needed)")
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"no Chromium at {CHROMIUM}: apt-get install -y chromium "
                    "(or set SALAT_CHROMIUM)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def offline_page(browser, request):
    """A 320x640 page on which every request except ``data:``/``about:`` fails the test."""
    options = getattr(request, "param", {}) or {}
    context = browser.new_context(viewport={"width": 320, "height": 640}, **options)
    page = context.new_page()
    leaked: list[str] = []
    errors: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith(("data:", "about:")):
            route.continue_()
        else:
            leaked.append(url)
            route.abort()

    page.route("**/*", guard)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.leaked, page.errors = leaked, errors
    yield page
    context.close()
    assert not leaked, f"the page tried to reach the network: {leaked}"
    assert not errors, f"errors in the page: {errors}"


@pytest.fixture(scope="session")
def axe_source() -> Path:
    if not AXE.exists():
        pytest.fail(f"axe-core missing at {AXE}: npm install --prefix tests/browser")
    return AXE


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
