"""``salat serve`` as a real server process on a free port, and real AlAdhan
client libraries from PyPI (not ours) pointed at it."""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import salat

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str, timeout: float = 30) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


class Server:
    """``python -m salat.cli serve`` in a child process."""

    def __init__(self, *args: str, env: dict | None = None):
        self.port = free_port()
        env = dict(os.environ, **(env or {}),
                   PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        # The log goes to a file: a pipe nobody reads fills up and blocks the server.
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "salat.cli", "serve", "--port", str(self.port), *args],
            env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.log.seek(0)
                raise RuntimeError(self.log.read().decode(errors="replace"))
            try:
                if get(self.port, "/health", timeout=2)[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("the server did not answer /health within 30 s")

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=30)
        finally:
            self.log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    places = tmp_path_factory.mktemp("serve") / "places.csv"
    places.write_text("name,lat,lon\nRabat,34.0209,-6.8416\n", encoding="utf-8")
    s = Server("--places", str(places), "--frame-ancestors", "http://127.0.0.1:1")
    yield s
    s.stop()


def test_health_and_serving(server):
    status, body = get(server.port, "/health")
    assert status == 200 and json.loads(body)["status"] == "ok"
    status, body = get(server.port, "/widget?city=rabat&locale=fr")
    assert status == 200 and b"Rabat" in body and b'lang="fr"' in body
    status, body = get(server.port, "/times?lat=999&lon=0")
    assert status == 400 and json.loads(body)["parameter"] == "lat"


def test_sigterm_with_requests_in_flight_finishes_them_and_exits_cleanly():
    """Six clients each ask for one year calendar after another (a new year each time,
    so every one is computed); SIGTERM once some were answered, so six are in flight
    whatever the machine's speed: they are finished, not cut, and the server exits 0."""
    s = Server("--workers", "1")
    logs: list[list] = [[] for _ in range(6)]
    stopping = threading.Event()

    def calendar(thread: int, k: int) -> str:
        return f"/v1/calendar/{1950 + (k * 6 + thread) % 200}?latitude=21.4&longitude=39.8"

    def twelve_months(body: bytes) -> bool:
        return len(json.loads(body)["data"]) == 12

    threads = [threading.Thread(target=_keep_alive_loop, daemon=True,
                                args=(s.port, lambda k, i=i: calendar(i, k), 10_000,
                                      logs[i], stopping, twelve_months)) for i in range(6)]
    for t in threads:
        t.start()
    before = _once_answered(logs, 6)
    stopping.set()
    status = s.stop()
    for t in threads:
        t.join(timeout=60)
    outcomes = [x for log in logs for x in log]
    assert status == 0
    assert all(x in ("ok", "refused", "late") for x in outcomes), outcomes
    # Some were still being computed when the signal came: they were finished, not cut.
    assert before > 0 and outcomes.count("ok") > before


# ---------------------------------------------------------------- real AlAdhan clients

PLACES = [  # place, AlAdhan method id, the salat method it maps to (aladhan.py knows ids 0-15)
    ((21.4225, 39.8262), 4, "umm_al_qura"),
    ((41.0082, 28.9784), 13, "diyanet"),
    ((40.7128, -74.0060), 2, "isna"),
    ((24.8607, 67.0011), 1, "karachi"),
    ((30.0444, 31.2357), 5, "egypt"),
    ((1.3521, 103.8198), 11, "singapore"),
]
#: For prayer-times-calculator, which knows every id: its method names.
PTC = [((33.5731, -7.5898), "morocco", "morocco"), ((3.1390, 101.6869), "jakim", "jakim"),
       ((21.4225, 39.8262), "makkah", "umm_al_qura"), ((41.0082, 28.9784), "turkey", "diyanet")]
DAY = dt.date(2026, 3, 10)


def hhmm(when: dt.datetime) -> str:
    return (when + dt.timedelta(seconds=30)).strftime("%H:%M")


@pytest.fixture()
def aladhan_client(server, monkeypatch):
    """aladhan.py 1.2.2 with only its base URL changed (its constants)."""
    import aladhan.http

    for name in dir(aladhan.http):
        value = getattr(aladhan.http, name)
        if isinstance(value, str) and value.startswith("https://api.aladhan.com/v1/"):
            monkeypatch.setattr(aladhan.http, name,
                                value.replace("https://api.aladhan.com", server.base))
    client = aladhan.Client()
    yield client
    client.close()


@pytest.mark.parametrize("where, mid, name", PLACES, ids=[p[2] for p in PLACES])
def test_aladhan_py_gets_salat_times(aladhan_client, where, mid, name):
    import aladhan

    params = aladhan.Parameters(method=mid, school=aladhan.enums.Schools.HANAFI)
    timings = aladhan_client.get_timings(where[1], where[0],
                                         aladhan.TimingsDateArg(DAY.strftime("%d-%m-%Y")),
                                         params)
    ref = salat.times_for(*where, DAY, method=name, asr="hanafi")
    for ours in ("fajr", "sunrise", "dhuhr", "asr", "maghrib", "isha"):
        got = getattr(timings, ours).time
        assert got.strftime("%H:%M") == hhmm(getattr(ref, ours)), ours
        assert got.date() == DAY


def test_aladhan_py_calendar_and_qibla(aladhan_client):
    import aladhan

    # (Not Casablanca in February 2026: its clocks change for Ramadan on the 15th, and
    # aladhan.py itself fails on the ambiguous local time of that night's last third.)
    month = aladhan_client.get_calendar(31.2357, 30.0444, aladhan.CalendarDateArg(2026, 2),
                                        aladhan.Parameters(method=3))
    assert len(month) == 28
    ref = salat.times_for(30.0444, 31.2357, "2026-02-14", method="mwl")
    assert month[13].fajr.time.strftime("%H:%M") == hhmm(ref.fajr)
    q = aladhan_client.get_qibla(-0.1278, 51.5074)
    assert q.direction == pytest.approx(118.987, abs=0.001)


def test_prayer_times_calculator_gets_salat_times(server, monkeypatch):
    import prayer_times_calculator.pray_times_calculator as ptc

    monkeypatch.setattr(ptc, "API_URL", server.base + "/v1/timings")
    for (lat, lon), code, name in PTC:
        got = ptc.PrayerTimesCalculator(lat, lon, code, DAY.isoformat()).fetch_prayer_times()
        ref = salat.times_for(lat, lon, DAY, method=name)
        assert got["Fajr"] == hhmm(ref.fajr) and got["Maghrib"] == hhmm(ref.maghrib), name
        assert got["date"]["gregorian"]["date"] == DAY.strftime("%d-%m-%Y")


def test_multiworker_socket_is_labelled_tcp_so_asyncio_sets_nodelay():
    # uvicorn binds the shared socket with proto 0, and asyncio then leaves Nagle on
    # (each keep-alive response waits ~40 ms for a delayed ACK): salat serve relabels it.
    from uvicorn import Config

    from salat.web.server import _tcp

    sock = Config("salat.web:app", host="127.0.0.1", port=free_port()).bind_socket()
    fixed = _tcp(sock)
    try:
        assert fixed.proto == socket.IPPROTO_TCP and fixed.getsockname()[0] == "127.0.0.1"
    finally:
        fixed.close()


def test_serve_rejects_bad_options_in_one_line():
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run([sys.executable, "-m", "salat.cli", "serve", "--frame-ancestors",
                          "https://a.example; script-src *"], env=env, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 2
    assert out.stderr.startswith("salat: error: frame-ancestors") and out.stderr.count("\n") == 1


def test_options_reach_the_workers(server):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.request("GET", "/widget.html?city=rabat")
        r = conn.getresponse()
        r.read()
        assert r.status == 200
        assert "frame-ancestors http://127.0.0.1:1" in r.getheader("content-security-policy")
    finally:
        conn.close()


def _keep_alive_loop(port: int, path_for: Callable[[int], str], limit: int, log: list,
                     stopping: threading.Event,
                     check: Callable[[bytes], bool] = lambda body: True) -> None:
    """Requests on one keep-alive connection, reconnecting when the server closes it,
    until a connection is refused or ``limit`` requests were sent (a bound for a server
    that never stops, not the test's length: the test signals once enough requests were
    answered, however fast the machine). Each request ends in ``log`` as "ok"
    (answered with 200 and a body ``check`` accepts), "refused" (never sent: no
    connection), "late" (sent on a connection opened after the signal, which the
    kernel queued but no worker took: a load balancer retries those, as nginx's
    ``proxy_next_upstream error`` does in tests/test_web_proxy.py) or "lost" (sent on
    a connection opened before the signal, and reset or closed without an answer).
    """
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        for k in range(limit):
            opened_late = False
            try:
                if conn.sock is None:
                    opened_late = stopping.is_set()
                    conn.connect()
            except OSError:
                log.append("refused")
                return
            try:
                conn.request("GET", path_for(k))
                r = conn.getresponse()
                body = r.read()
                log.append(f"status {r.status}" if r.status != 200 else
                           "ok" if check(body) else "unexpected body")
            except (OSError, http.client.HTTPException):
                log.append("late" if opened_late else "lost")
                conn.close()
    finally:
        conn.close()


def _once_answered(logs: list[list], count: int, within: float = 30) -> int:
    """Wait until the clients' ``logs`` hold ``count`` requests (or ``within``
    seconds passed); the number they hold then."""
    deadline = time.monotonic() + within
    while sum(len(log) for log in logs) < count and time.monotonic() < deadline:
        time.sleep(0.01)
    return sum(len(log) for log in logs)


@pytest.mark.slow
@pytest.mark.parametrize("workers", ["1", "2"])
def test_sigterm_drains_keep_alive_connections_and_loses_no_request(workers):
    """Eight clients on keep-alive connections, each a new place per request (so the
    worker is busy and requests wait), then SIGTERM: every request that was sent is
    answered; what comes after finds the port closed. uvicorn's own shutdown reset the
    requests waiting on its idle connections (16 with one worker, 32 with two).
    """
    s = Server("--workers", workers)
    logs: list[list] = [[] for _ in range(8)]
    stopping = threading.Event()

    def new_place(thread: int, k: int) -> str:
        lat, lon = -50 + (thread * 997 + k * 7919) % 100000 / 1000, 10 + k % 100 / 10
        return f"/times?lat={lat:.3f}&lon={lon:.3f}&date=2026-03-01"

    threads = [threading.Thread(target=_keep_alive_loop, daemon=True,
                                args=(s.port, lambda k, i=i: new_place(i, k), 50_000, logs[i],
                                      stopping)) for i in range(8)]
    for t in threads:
        t.start()
    before = _once_answered(logs, 400)
    stopping.set()
    status = s.stop()
    for t in threads:
        t.join(timeout=60)
    outcomes = [x for log in logs for x in log]
    assert status == 0
    assert before > 0 and outcomes.count("ok") > before
    assert outcomes.count("lost") == 0, {x: outcomes.count(x) for x in set(outcomes)}
    assert all(x in ("ok", "refused", "late") for x in outcomes)


# ---------------------------------------------------------------- polar days, every client

TROMSO = (69.6492, 18.9553)
MIDSUMMER = dt.date(2026, 6, 21)          # the Sun does not set at Tromso (20 May - 22 July)


def _get_json(server, path: str) -> dict:
    """GET as ``requests`` does for these clients: redirects followed, JSON read."""
    import urllib.request

    with urllib.request.urlopen(server.base + path, timeout=30) as r:
        return json.loads(r.read())


def test_polar_day_parses_with_aladhan_py(aladhan_client):
    import aladhan

    day = aladhan_client.get_timings(TROMSO[1], TROMSO[0],
                                     aladhan.TimingsDateArg(MIDSUMMER.strftime("%d-%m-%Y")),
                                     aladhan.Parameters(method=3))
    order = [getattr(day, n).time for n in ("fajr", "sunrise", "dhuhr", "asr", "maghrib",
                                             "isha")]
    assert order == sorted(order) and all(t.date() == MIDSUMMER for t in order)
    month = aladhan_client.get_calendar(TROMSO[1], TROMSO[0], aladhan.CalendarDateArg(2026, 6),
                                        aladhan.Parameters(method=3))
    assert len(month) == 30 and all(d.maghrib.time for d in month)


def test_polar_day_parses_with_prayer_times_calculator(server, monkeypatch):
    import prayer_times_calculator.pray_times_calculator as ptc

    monkeypatch.setattr(ptc, "API_URL", server.base + "/v1/timings")
    got = ptc.PrayerTimesCalculator(*TROMSO, "mwl", MIDSUMMER.isoformat()).fetch_prayer_times()
    for name in ("Fajr", "Sunrise", "Dhuhr", "Asr", "Sunset", "Maghrib", "Isha", "Midnight"):
        dt.datetime.strptime(got[name], "%H:%M")


def test_polar_day_parses_the_way_aladhan_api_does(server):
    """aladhan-api 6.1.0 (``aladhan`` on PyPI, which clashes with aladhan.py's package
    name, so its parsing is copied here): ``strptime(value.split(" ")[0], "%H:%M")`` on
    every timing of a calendar and of a day, and ``/v1/liveness`` for api_status()."""
    live = _get_json(server, "/v1/liveness")
    assert {"status": live["status"], "code": live["code"]} == {"status": "OK", "code": 200}
    month = _get_json(server, f"/v1/calendar/2026/6?latitude={TROMSO[0]}&longitude="
                              f"{TROMSO[1]}&method=3")["data"]
    for day in month:
        dt.datetime.strptime(day["date"]["gregorian"]["date"], "%d-%m-%Y")
        for value in day["timings"].values():
            dt.datetime.strptime(value.split(" ")[0], "%H:%M")
    today = _get_json(server, f"/v1/timings/{MIDSUMMER:%d-%m-%Y}?latitude={TROMSO[0]}"
                              f"&longitude={TROMSO[1]}")["data"]["timings"]
    for value in today.values():
        dt.datetime.strptime(value.split(" ")[0], "%H:%M")


def test_polar_day_parses_the_way_adhan_time_does(server):
    """adhan-time 0.3.2: ``iso8601=true`` and ``datetime.fromisoformat`` on each timing."""
    data = _get_json(server, f"/v1/timings/{MIDSUMMER:%d-%m-%Y}?latitude={TROMSO[0]}"
                             f"&longitude={TROMSO[1]}&iso8601=true")["data"]
    times = {k: dt.datetime.fromisoformat(v) for k, v in data["timings"].items()}
    assert times["Fajr"] < times["Sunrise"] < times["Dhuhr"] < times["Maghrib"] <= times["Isha"]
    assert int(data["date"]["hijri"]["year"]) == 1448


def test_polar_day_parses_the_way_prayer_times_does(server):
    """prayer-times 1: the legacy calendar form (a redirect), then the first
    ``\\d{1,2}:\\d{1,2}`` of every timing of the day."""
    import re

    month = _get_json(server, f"/v1/calendar?latitude={TROMSO[0]}&longitude={TROMSO[1]}"
                              f"&method=2&month=6&year=2026")
    prayers = month["data"][MIDSUMMER.day - 1]["timings"]
    assert all(re.findall(r"\d{1,2}:\d{1,2}", v) for v in prayers.values()), prayers


def test_polar_times_are_the_nearest_latitudes(server):
    """salat's nearest_latitude resolution, as the README says /v1/ uses by default."""
    data = _get_json(server, f"/v1/timings/{MIDSUMMER:%d-%m-%Y}?latitude={TROMSO[0]}"
                             f"&longitude={TROMSO[1]}&method=3")["data"]
    ref = salat.times_for(*TROMSO, MIDSUMMER, method="mwl", polar="nearest_latitude")
    assert data["timings"]["Maghrib"] == hhmm(ref.maghrib)
    assert data["meta"]["method"]["location"] == {"latitude": 51.5194682,
                                                  "longitude": -0.1360365}


def test_old_clients_timings_without_v1(server):
    status, body = get(server.port, f"/timings/1782018000?latitude={TROMSO[0]}"
                                    f"&longitude={TROMSO[1]}")
    assert status == 302
    day = _get_json(server, f"/timings/1782018000?latitude={TROMSO[0]}&longitude={TROMSO[1]}")
    assert day["data"]["date"]["gregorian"]["date"] == "21-06-2026"
