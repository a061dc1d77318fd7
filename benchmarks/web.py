"""``python -m benchmarks.web``: requests per second and latency of ``salat serve``.

Starts a real server process (``python -m salat.cli serve``) with 1 and then 2
workers and loads it with wrk (``apt-get install wrk``), a C load generator,
for each case in the same run:

* ``trivial``: ``/health``, the same stack (uvicorn, Starlette, the middleware)
  doing no work: the ceiling the others are compared with;
* ``timings``: one AlAdhan ``/v1/timings/{date}`` URL (a popular city: memoized);
* ``timings, new place``: a different place on every request (never memoized:
  the computation itself), AlAdhan's JSON; ``times, new place`` the same on
  salat's own ``/times``;
* ``calendar, new place``: a year's ``/calendar.ics`` feed (366 days) for a
  different place on every request;
* ``widget``: one ``/widget`` page;
* ``year CSV``: one ``/table.csv`` for a year, gzipped (as browsers ask).

Then, per worker count, the drain: 16 keep-alive clients send new-place requests,
the server gets SIGTERM halfway, and a request is lost if it was sent and never
answered; a connection refused after the drain is not a request and is shown apart.

Prints requests/s, p50 and p99 latency and the ratio to ``trivial`` for each;
the goal is at least 0.5 for the computed endpoints, and 2 workers near twice
one. wrk runs on the same machine and takes CPU from the server: on a small
machine the absolute numbers are lower bounds.

Then, through the caching proxy (``benchmarks.proxy``: Debian's nginx with the
shipped ``docs/deploy/nginx-salat.conf``, on loopback ports) in front of two
``salat serve`` processes of one worker each: ``/health``, the memoized
``timings`` and ``widget`` (HIT: served from nginx's cache) and the new places
(MISS on every request), each with its ratio to ``/health`` through the same
proxy; and the memoized cases straight to one backend, for the ratio
through-the-proxy / direct.

Options: ``--seconds N`` per case (default 5), ``--connections N`` (32),
``--workers 1 2`` (worker counts to run), ``--proxy-only`` (only the part
through the proxy), ``--no-proxy`` (all but that part).
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from benchmarks.proxy import Proxy, free_port

ROOT = Path(__file__).resolve().parents[1]
CASES = [
    ("trivial", "/health", None),
    ("timings", "/v1/timings/27-11-2026?latitude=30.0444&longitude=31.2357&method=5", None),
    ("timings, new place", None, "timings"),
    ("times, new place", None, "times"),
    ("calendar, new place", None, "calendar"),
    ("widget", "/widget?lat=30.0444&lon=31.2357&name=Cairo&locale=ar_EG", None),
    ("year CSV", "/table.csv?lat=30.0444&lon=31.2357&year=2026", "gzip"),
]
#: A wrk script that asks for a different place on every request.
NEW_PLACE = """
counter = 0
request = function()
  counter = counter + 1
  local lat = -50 + (counter * 7919 % 100000) / 1000
  local lon = -170 + (counter * 104729 % 340000) / 1000
  return wrk.format("GET", string.format(
    "/v1/timings/27-11-2026?latitude=%.3f&longitude=%.3f&method=3", lat, lon))
end
"""
GZIP = 'wrk.headers["Accept-Encoding"] = "gzip"\n'
SCRIPTS = {
    "timings": NEW_PLACE,
    "times": NEW_PLACE.replace('"/v1/timings/27-11-2026?latitude=%.3f&longitude=%.3f&method=3"',
                               '"/times?lat=%.3f&lon=%.3f&date=2026-11-27&method=mwl"'),
    "calendar": NEW_PLACE.replace('"/v1/timings/27-11-2026?latitude=%.3f&longitude=%.3f&method=3"',
                                  '"/calendar.ics?lat=%.3f&lon=%.3f&days=366"'),
    "gzip": GZIP,
}


def start(workers: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen([sys.executable, "-m", "salat.cli", "serve", "--port", str(port),
                             "--workers", str(workers)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):
                return proc, port
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start")


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[unit]


def run_wrk(url: str, seconds: int, connections: int, script: str | None) -> dict:
    cmd = ["wrk", "-t", "1", "-c", str(connections), "-d", f"{seconds}s", "--latency",
           "--timeout", "30s"]
    path = None
    if script:
        fd, path = tempfile.mkstemp(suffix=".lua")
        with os.fdopen(fd, "w") as f:
            f.write(script)
        cmd += ["-s", path]
    try:
        out = subprocess.run(cmd + [url], capture_output=True, text=True, check=True).stdout
    finally:
        if path:
            os.unlink(path)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = {p: _ms(v, u) for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$",
                                                   out, re.M)}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    connect, read, write, timeout = map(int, sock.groups()) if sock else (0, 0, 0, 0)
    done = re.search(r"(\d+) requests in", out)
    return {"rate": rate, "p50": lat.get("50"), "p99": lat.get("99"),
            "errors": int(errors.group(1)) if errors else 0, "requests": int(done.group(1)),
            "lost": read + write + timeout, "refused": connect}


def _client(port: int, thread: int, log: list) -> None:
    """New-place requests on one keep-alive connection, reconnecting when the server
    closes it, until a connection is refused: each request logged "ok", "refused"
    (never sent) or "lost" (sent, then reset or closed without an answer).
    """
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for k in range(100_000):
        try:
            if conn.sock is None:
                conn.connect()
        except OSError:
            log.append("refused")
            return
        lat, lon = -50 + (thread * 997 + k * 7919) % 100000 / 1000, -170 + k % 3400 / 10
        try:
            conn.request("GET", f"/v1/timings/27-11-2026?latitude={lat:.3f}"
                                f"&longitude={lon:.3f}&method=3")
            r = conn.getresponse()
            r.read()
            log.append("ok" if r.status == 200 else "error")
        except (OSError, http.client.HTTPException):
            log.append("lost")
            conn.close()
    conn.close()


def drain(workers: int, seconds: int, connections: int) -> dict:
    """Keep-alive clients on new places; SIGTERM to the server halfway; what was lost.

    (Python clients rather than wrk: wrk counts a refused reconnection as a read
    error, so it cannot tell a lost request from one that was never sent.)
    """
    proc, port = start(workers)
    logs: list[list] = [[] for _ in range(connections)]
    threads = [threading.Thread(target=_client, args=(port, i, logs[i]), daemon=True)
               for i in range(connections)]
    try:
        for t in threads:
            t.start()
        time.sleep(seconds / 2)
        proc.send_signal(signal.SIGTERM)
        status = proc.wait(timeout=60)
        for t in threads:
            t.join(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    out = [x for log in logs for x in log]
    return {"requests": out.count("ok"), "lost": out.count("lost"),
            "refused": out.count("refused"), "errors": out.count("error"), "status": status}


PROXY_CASES = [
    ("trivial", "/health", None),
    ("timings", CASES[1][1], None),
    ("widget", CASES[5][1], None),
    ("timings, new place", None, "timings"),
    ("times, new place", None, "times"),
]
#: One URL of each new-place kind, to show the proxy's X-Cache-Status for it.
FRESH = {"timings": "/v1/timings/27-11-2026?latitude=1.234&longitude=5.678&method=3",
         "times": "/times?lat=1.234&lon=5.678&date=2026-11-27&method=mwl"}


def through_proxy(seconds: int, connections: int) -> None:
    """wrk through nginx (the shipped config) in front of two one-worker backends."""
    backends: list[subprocess.Popen] = []
    proxy = None
    with tempfile.TemporaryDirectory(prefix="salat-proxy-") as tmp:
        try:
            ports = []
            for _ in range(2):
                proc, port = start(1)
                backends.append(proc)
                ports.append(port)
            proxy = Proxy(Path(tmp), ports)
            print(f"\nthrough the caching proxy: nginx {_nginx_version()} (1 nginx worker, "
                  f"docs/deploy/nginx-salat.conf) in front of 2 backends of 1 worker; load average "
                  f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}")
            print(f"  {'case':<20}{'cache':>8}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}"
                  f"{'/health':>10}{'/direct':>10}")
            rates: dict = {}
            for name, path, kind in PROXY_CASES:
                if path:
                    proxy.get(path)                       # into the backend memo and the cache
                    cache = proxy.get(path)[1].get("x-cache-status", "-")
                else:
                    cache = proxy.get(FRESH[kind])[1].get("x-cache-status", "-")
                r = run_wrk(proxy.base + (path or "/"), seconds, connections, SCRIPTS.get(kind))
                rates[name] = r["rate"]
                direct = " " * 10
                if path:
                    d = run_wrk(f"http://127.0.0.1:{ports[0]}{path}", seconds, connections, None)
                    direct = f"{r['rate'] / d['rate']:>10.2f}"
                    direct += f"  (direct: {d['rate']:.0f} req/s)"
                bad = f"  ({r['errors']} errors)" if r["errors"] else ""
                bad += f"  ({r['lost']} socket errors)" if r["lost"] else ""
                print(f"  {name:<20}{cache:>8}{r['rate']:>10.0f}{r['p50']:>10.2f}"
                      f"{r['p99']:>10.2f}{r['rate'] / rates['trivial']:>10.2f}"
                      f"{direct}{bad}")
            print("  (/health is never cached: its ratio to direct is the proxy's own cost)")
        finally:
            if proxy is not None:
                proxy.stop()
            for proc in backends:
                proc.terminate()
            for proc in backends:
                try:
                    proc.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()


def _nginx_version() -> str:
    out = subprocess.run([shutil.which("nginx") or "/usr/sbin/nginx", "-v"],
                         capture_output=True, text=True).stderr
    return out.strip().rpartition("/")[2] or "?"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=int, default=5)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    part = ap.add_mutually_exclusive_group()
    part.add_argument("--proxy-only", action="store_true")
    part.add_argument("--no-proxy", action="store_true")
    args = ap.parse_args(argv)
    if shutil.which("wrk") is None:
        print("benchmarks.web needs wrk, a C load generator: apt-get install wrk "
              "(Debian/Ubuntu) or brew install wrk", file=sys.stderr)
        return 2
    print(f"salat serve under wrk: {args.connections} connections, {args.seconds} s per case, "
          f"{os.cpu_count()} CPUs shared by server and wrk; load average "
          f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if not args.proxy_only:
        direct(args)
    if not args.no_proxy:
        through_proxy(args.seconds, args.connections)
    return 0


def direct(args: argparse.Namespace) -> None:
    """The cases straight to ``salat serve``, the drain and the scaling."""
    results: dict = {}
    for workers in args.workers:
        proc, port = start(workers)
        try:
            base = f"http://127.0.0.1:{port}"
            print(f"\n{workers} worker{'s' if workers > 1 else ''}")
            print(f"  {'case':<20}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'/trivial':>10}")
            for name, path, kind in CASES:
                script = SCRIPTS.get(kind)
                url = base + (path or "/")
                if path:
                    urllib.request.urlopen(url, timeout=30).read()        # warm the memo
                if kind == "calendar":     # seconds each: fewer connections, longer
                    r = run_wrk(url, max(args.seconds, 15), 4, script)
                else:
                    r = run_wrk(url, args.seconds, args.connections, script)
                results[(workers, name)] = r
                ratio = r["rate"] / results[(workers, "trivial")]["rate"]
                bad = f"  ({r['errors']} errors)" if r["errors"] else ""
                bad += f"  ({r['lost']} socket errors)" if r["lost"] else ""
                print(f"  {name:<20}{r['rate']:>10.0f}{r['p50']:>10.2f}{r['p99']:>10.2f}"
                      f"{ratio:>10.2f}{bad}")
        finally:
            proc.terminate()
            proc.wait(timeout=60)
    print("\ndrain: SIGTERM halfway through a wrk run of new places")
    for workers in args.workers:
        r = drain(workers, max(args.seconds, 4), 16)
        print(f"  {workers} worker{'s' if workers > 1 else ''}: {r['requests']} answered, "
              f"requests lost: {r['lost']} (16 keep-alive clients; refused at connect after "
              f"the drain: {r['refused']}; errors: {r['errors']}), exit status {r['status']}")
    if len(args.workers) > 1:
        one, more = min(args.workers), max(args.workers)
        print(f"\nscaling {one} -> {more} workers (requests/s ratio):")
        for name, _, _ in CASES:
            base = results[(one, name)]["rate"]
            ratio = results[(more, name)]["rate"] / base if base else float("nan")
            print(f"  {name:<20}{ratio:>6.2f}")


if __name__ == "__main__":
    sys.exit(main())
