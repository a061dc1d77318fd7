"""The served widget embedded in an <iframe> by a page of another origin, in Chromium.

Two real HTTP servers (uvicorn, in threads): salat's app on http://127.0.0.1:P and
a host page on http://localhost:Q. Every request that goes anywhere else fails
the test, as do console errors (a CSP violation is one).
"""

from __future__ import annotations

import socket
import threading
import time

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route

from salat.web import create_app

WIDGET = "/widget?lat=30.0444&lon=31.2357&name=Cairo&locale=ar_EG&date=2026-11-27"


class Serving:
    """An ASGI app served by uvicorn in a thread, on a free port."""

    def __init__(self, app, host: str = "127.0.0.1"):
        with socket.socket() as s:
            s.bind((host, 0))
            self.port = s.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(app, host=host, port=self.port,
                                                    log_level="warning", lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=20)


def host_app(src: str) -> Starlette:
    page = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Host</title>'
            f'</head><body><main><h1>News</h1><iframe id="w" title="Prayer times" '
            f'src="{src}" width="320" height="480"></iframe></main></body></html>')
    return Starlette(routes=[Route("/", lambda request: HTMLResponse(page))])


@pytest.fixture()
def servers(request):
    ancestors = getattr(request, "param", None)
    salat_server = Serving(create_app(frame_ancestors=ancestors, env={}))
    host = Serving(host_app(f"http://127.0.0.1:{salat_server.port}{WIDGET}"), host="localhost")
    yield salat_server, host
    host.stop()
    salat_server.stop()


def allow(page, *origins: str) -> None:
    """Let ``page`` (the suite's offline_page, which fails the test on any other
    request and on console errors) reach these two servers, and nothing else."""
    page.route(lambda url: url.startswith(origins), lambda route: route.continue_())


def test_embedded_from_another_origin_renders_rtl_without_errors(offline_page, servers):
    salat_server, host = servers
    page = offline_page
    allow(page, f"http://localhost:{host.port}/", f"http://127.0.0.1:{salat_server.port}/")
    page.goto(f"http://localhost:{host.port}/", wait_until="load")
    frame = page.frame_locator("#w")
    root = frame.locator("div.salat-w")
    root.wait_for(timeout=10_000)
    assert frame.locator("html").get_attribute("dir") == "rtl"
    assert root.get_attribute("dir") == "rtl"
    assert frame.locator("tr[data-prayer]").count() == 6
    assert "Cairo" in frame.locator("caption").inner_text()
    # Right to left: each row's name is drawn to the right of its time.
    row = frame.locator('tr[data-prayer="fajr"]')
    assert row.locator("th").bounding_box()["x"] > row.locator("td").bounding_box()["x"]
    # Arabic-Indic digits (ar_EG) in the times.
    assert any("\u0660" <= ch <= "\u0669" for ch in row.locator("td").inner_text())
    page.wait_for_timeout(300)          # the inline script runs under the page's CSP
    # offline_page then fails the test on any other request or console error.


@pytest.mark.parametrize("servers", ["http://127.0.0.1:1"], indirect=True)
def test_frame_ancestors_refuses_other_hosts(offline_page, servers):
    salat_server, host = servers
    page = offline_page
    allow(page, f"http://localhost:{host.port}/", f"http://127.0.0.1:{salat_server.port}/")
    page.goto(f"http://localhost:{host.port}/", wait_until="load")
    page.wait_for_timeout(500)
    frames = [f for f in page.frames if f != page.main_frame]
    assert frames, "the iframe element is there"
    assert "salat-w" not in frames[0].content()
    refused = [e for e in page.errors if "frame-ancestors" in e]
    assert refused, page.errors
    page.errors[:] = [e for e in page.errors if e not in refused]    # expected, not a failure
