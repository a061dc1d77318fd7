"""``python -m benchmarks.web``: requests per second and latency of ``salat serve``.

Starts a real server process (``python -m salat.cli serve``) with 1 and then 2
workers and loads it with wrk (``apt-get install wrk``), a C load generator,
for each case in the same run:

* ``trivial``: ``/health``, the same stack (uvicorn, Starlette, the middleware)
  doing no work: the ceiling the others are compared with;
* ``timings``: one AlAdhan ``/v1/timings/{date}`` URL (a popular city: memoized);
* ``timings, new place``: a different place on every request (never memoized:
  the computation itself);
* ``widget``: one ``/widget`` page;
* ``year CSV``: one ``/table.csv`` for a year, gzipped (as browsers ask).

Prints requests/s, p50 and p99 latency and the ratio to ``trivial`` for each;
the goal is at least 0.5 for the computed endpoints, and 2 workers near twice
one. wrk runs on the same machine and takes CPU from the server: on a small
machine the absolute numbers are lower bounds.

Options: ``--seconds N`` per case (default 5), ``--connections N`` (32),
``--workers 1 2`` (worker counts to run).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = [
    ("trivial", "/health", None),
    ("timings", "/v1/timings/27-11-2026?latitude=30.0444&longitude=31.2357&method=5", None),
    ("timings, new place", None, "timings"),
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
           "--timeout", "10s"]
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
    return {"rate": rate, "p50": lat.get("50"), "p99": lat.get("99"),
            "errors": int(errors.group(1)) if errors else 0}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=int, default=5)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args(argv)
    if shutil.which("wrk") is None:
        print("benchmarks.web needs wrk, a C load generator: apt-get install wrk "
              "(Debian/Ubuntu) or brew install wrk", file=sys.stderr)
        return 2
    print(f"salat serve under wrk: {args.connections} connections, {args.seconds} s per case, "
          f"{os.cpu_count()} CPUs shared by server and wrk")
    results: dict = {}
    for workers in args.workers:
        proc, port = start(workers)
        try:
            base = f"http://127.0.0.1:{port}"
            print(f"\n{workers} worker{'s' if workers > 1 else ''}")
            print(f"  {'case':<20}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'/trivial':>10}")
            for name, path, kind in CASES:
                script = NEW_PLACE if kind == "timings" else GZIP if kind == "gzip" else None
                url = base + (path or "/")
                if path:
                    urllib.request.urlopen(url, timeout=30).read()        # warm the memo
                r = run_wrk(url, args.seconds, args.connections, script)
                results[(workers, name)] = r
                ratio = r["rate"] / results[(workers, "trivial")]["rate"]
                bad = f"  ({r['errors']} errors)" if r["errors"] else ""
                print(f"  {name:<20}{r['rate']:>10.0f}{r['p50']:>10.2f}{r['p99']:>10.2f}"
                      f"{ratio:>10.2f}{bad}")
        finally:
            proc.terminate()
            proc.wait(timeout=60)
    if len(args.workers) > 1:
        one, more = min(args.workers), max(args.workers)
        print(f"\nscaling {one} -> {more} workers (requests/s ratio):")
        for name, _, _ in CASES:
            print(f"  {name:<20}{results[(more, name)]['rate'] / results[(one, name)]['rate']:>6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
