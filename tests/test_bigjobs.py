"""Big jobs: 40,000 places x 365 days through the CLI to CSV with bounded memory."""

from __future__ import annotations

import csv
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import salat

ROOT = Path(__file__).resolve().parents[1]
# Runs the CLI in a fresh interpreter and reports that process's own peak RSS:
# VmHWM of /proc/self/status, which starts afresh at exec (getrusage's ru_maxrss
# does not: it inherits the parent's peak, here pytest's, across fork and exec).
_PEAK = """
import re, sys
from salat.cli import main
code = 0
try:
    main(sys.argv[1:])
except SystemExit as e:
    code = e.code
with open("/proc/self/status") as f:
    peak = re.search(r"VmHWM:\\s+(\\d+) kB", f.read()).group(1)
print(peak, code, file=sys.stderr)
"""


def _places(path: Path, n: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(2026)
    lat, lon = np.round(rng.uniform(-60, 65, n), 4), np.round(rng.uniform(-180, 180, n), 4)
    with path.open("w") as f:
        f.write("name,lat,lon\n")
        f.writelines(f"P{i},{a},{b}\n" for i, (a, b) in enumerate(zip(lat, lon)))
    return lat, lon


def _peak_kb(*args: str) -> int:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", _PEAK, *args], env=env,
                          capture_output=True, text=True, timeout=900)
    last = done.stderr.strip().splitlines()[-1].split()
    assert last[1] == "0", done.stderr
    return int(last[0])


def _count_lines(path: Path) -> int:
    count = 0
    with path.open("rb") as f:
        while block := f.read(1 << 24):
            count += block.count(b"\n")
    return count


@pytest.mark.slow
def test_40k_places_year_csv_peak_memory_is_bounded(tmp_path):
    big, small = tmp_path / "big.csv", tmp_path / "small.csv"
    lat, lon = _places(big, 40_000)
    _places(small, 2_000)
    out = tmp_path / "out.csv"
    try:
        peak_small = _peak_kb("table", "--places", str(small), "--year", "2026", "-o",
                              str(out))
        peak_big = _peak_kb("table", "--places", str(big), "--year", "2026", "-o", str(out))
        print(f"\npeak RSS: 2,000 places {peak_small / 1024:.0f} MB; "
              f"40,000 places {peak_big / 1024:.0f} MB")
        # 20x the places: the working set is one chunk, plus a few hundred bytes
        # of names and zones per place.
        assert peak_big < 400 * 1024
        assert peak_big - peak_small < 80 * 1024
        assert _count_lines(out) == 40_000 * 365 + 1
        # spot check: the last place's last rows against times_for
        with out.open("rb") as f:
            f.seek(-4000, os.SEEK_END)
            tail = f.read().decode().splitlines()[-3:]
        for row in csv.reader(tail):
            assert row[0] == "P39999" and float(row[1]) == lat[-1]
            ref = salat.times_for(lat[-1], lon[-1], row[3])
            fajr = row[4 + salat.TIME_NAMES.index("fajr")]
            want = "" if ref.fajr is None else \
                (ref.fajr + dt.timedelta(seconds=30)).strftime("%H:%M")
            assert fajr == want
    finally:
        out.unlink(missing_ok=True)


@pytest.mark.slow
@pytest.mark.parametrize(("fmt", "small", "big"), [("json", 100, 1_000), ("ics", 40, 400)])
def test_json_and_ics_of_many_places_stream_in_flat_memory(tmp_path, fmt, small, big):
    """Issue 21, fault 2: JSON and iCalendar of many places are written place by
    place (a chunk of places at a time), so ten times the places is not ten
    times the memory; the files are whole."""
    few, many = tmp_path / "few.csv", tmp_path / "many.csv"
    _places(few, small)
    lat, lon = _places(many, big)
    out = tmp_path / f"out.{fmt}"
    try:
        peak_small = _peak_kb("table", "--places", str(few), "--year", "2026", "-o", str(out))
        peak_big = _peak_kb("table", "--places", str(many), "--year", "2026", "-o", str(out))
        print(f"\npeak RSS, {fmt}: {small:,} places {peak_small / 1024:.0f} MB; "
              f"{big:,} places {peak_big / 1024:.0f} MB")
        assert peak_big - peak_small < 80 * 1024
        with out.open("rb") as f:
            f.seek(-3000, os.SEEK_END)
            tail = f.read()
        if fmt == "json":
            assert tail.endswith(b"]}\n]}\n")
            with out.open("rb") as f:
                assert sum(line.startswith(b'{"name": "P') for line in f) == big
        else:
            assert tail.endswith(b"END:VEVENT\r\nEND:VCALENDAR\r\n")
            assert f"(P{big - 1})".encode() in tail
    finally:
        out.unlink(missing_ok=True)
