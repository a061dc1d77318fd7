"""Deployed as the README says: Debian's nginx as a caching reverse proxy on
127.0.0.1, configured by ``docs/deploy/nginx-salat.conf`` itself, in front of two
``salat serve`` processes. What is memoized comes from the proxy's cache (HIT); a
widget expires at its next prayer and a day's times at the local midnight (the
servers' clock set, with ``SALAT_WEB_CLOCK``, to seconds before them); Vary keeps
the gzip and the plain bodies apart; stopping one backend under load loses nothing.

Needs nginx (Debian: ``apt-get install nginx-light``, or ``nginx``).
"""

from __future__ import annotations

import datetime as dt
import gzip
import re
import threading
import time
from pathlib import Path

import pytest

import salat
from benchmarks.proxy import Proxy
from salat.timezones import resolve_tz
from test_web_server import Server, _once_answered

pytestmark = pytest.mark.slow
RABAT = (34.0209, -6.8416)


class Stack:
    def __init__(self, tmp: Path, clock: dt.datetime | None = None):
        env = {"SALAT_WEB_CLOCK": clock.isoformat()} if clock else {}
        self.backends = [Server(env=env), Server(env=env)]
        self.proxy = Proxy(tmp, [b.port for b in self.backends])

    def close(self) -> None:
        self.proxy.stop()
        for b in self.backends:
            b.stop()


@pytest.fixture()
def stack_at(tmp_path):
    made = []

    def make(clock=None):
        made.append(Stack(tmp_path / f"s{len(made)}", clock))
        return made[-1]
    yield make
    for s in made:
        s.close()


def age(headers: dict) -> int:
    return int(re.search(r"max-age=(\d+)", headers["cache-control"]).group(1))


def test_memoized_answers_come_from_the_proxy_and_vary_keeps_gzip_apart(stack_at):
    proxy = stack_at().proxy
    url = f"/table.csv?lat={RABAT[0]}&lon={RABAT[1]}&year=2026"
    first = proxy.get(url)
    assert first[0] == 200 and first[1]["x-cache-status"] == "MISS"
    again = proxy.get(url)
    assert again[1]["x-cache-status"] == "HIT" and again[2] == first[2]
    assert "content-encoding" not in again[1] and again[2].startswith(b"date,")
    zipped = proxy.get(url, {"Accept-Encoding": "gzip"})
    assert zipped[1]["content-encoding"] == "gzip" and "Accept-Encoding" in zipped[1]["vary"]
    assert gzip.decompress(zipped[2]) == first[2]
    assert proxy.get(url, {"Accept-Encoding": "gzip"})[1]["x-cache-status"] == "HIT"
    plain = proxy.get(url)
    assert plain[1]["x-cache-status"] == "HIT" and plain[2] == first[2]
    refused = proxy.get("/times?lat=91&lon=0")
    assert refused[0] == 400 and proxy.get("/times?lat=91&lon=0")[1]["x-cache-status"] != "HIT"


def _expires_through_the_proxy(proxy, url: str, most: int) -> None:
    first = proxy.get(url)
    assert first[0] == 200, first
    assert first[1]["x-cache-status"] == "MISS"
    left = age(first[1])
    assert 0 < left <= most, left
    assert proxy.get(url)[1]["x-cache-status"] == "HIT"
    time.sleep(left + 1.5)
    after = proxy.get(url)
    assert after[1]["x-cache-status"] in ("MISS", "EXPIRED"), after[1]
    assert after[2] != first[2] and age(after[1]) > 60


def test_a_widget_expires_at_its_next_prayer(stack_at):
    day = dt.date(2026, 6, 10)
    fajr = salat.times_for(*RABAT, day).fajr                # the place's own method
    proxy = stack_at(fajr - dt.timedelta(seconds=14)).proxy
    _expires_through_the_proxy(proxy, f"/widget.html?lat={RABAT[0]}&lon={RABAT[1]}"
                                      f"&script=false", 14)


def test_a_days_times_expire_at_the_local_midnight(stack_at):
    tz = resolve_tz("Africa/Casablanca")
    midnight = tz.localize(dt.datetime(2026, 6, 11))
    proxy = stack_at(midnight - dt.timedelta(seconds=14)).proxy
    _expires_through_the_proxy(proxy, f"/times?lat={RABAT[0]}&lon={RABAT[1]}&tz="
                                      f"Africa/Casablanca", 14)


def test_stopping_one_backend_under_load_loses_no_request(stack_at):
    """Six clients ask for new places (every one goes to a backend) until told to stop;
    one backend is stopped once 200 were answered, and the clients go on until 200
    more were: every answer, before and after the stop, is a 200 (nginx retries what
    the stopping backend no longer takes on the other one)."""
    stack = stack_at()
    proxy = stack.proxy
    results: list = []
    done = threading.Event()

    def loop(thread: int) -> None:
        k = 0
        while not done.is_set():
            lat, lon = -40 + (thread * 131 + k * 7) % 8000 / 100, 20 + k % 50 / 10
            try:
                status = proxy.get(f"/times?lat={lat:.2f}&lon={lon:.2f}&date=2026-03-01")[0]
            except OSError as e:
                status = repr(e)
            results.append(status)
            k += 1

    threads = [threading.Thread(target=loop, args=(i,), daemon=True) for i in range(6)]
    for t in threads:
        t.start()
    try:
        assert _once_answered([results], 200, within=60) >= 200
        assert stack.backends[0].stop() == 0
        stopped = len(results)
        assert _once_answered([results], stopped + 200, within=60) >= stopped + 200
    finally:
        done.set()
        for t in threads:
            t.join(timeout=60)
    assert [r for r in results if r != 200] == []
