"""The writers side by side: ``python -m benchmarks.exports``.

CSV, JSON and iCalendar of the same table, written to a sink that only counts
bytes, for one place x 366 days and for many places x 365 days. Each time is a
median of repeated runs (of ten calls each for the small table); the ratios to
CSV are of the same run, so they hold on a loaded machine where the absolute
times do not. The tables are computed once, before timing: what is measured is
the writing alone.
"""

from __future__ import annotations

import argparse
import platform
import sys

import numpy as np

import salat
from salat import exports

from .measure import human_bytes, human_time, median_seconds


class _Count:
    """A binary file that keeps only the number of bytes written to it."""

    def __init__(self) -> None:
        self.size = 0

    def write(self, data: bytes) -> None:
        self.size += len(data)


def _writers():
    return (("CSV", exports.write_csv), ("JSON", exports.write_json),
            ("ICS", exports.write_ics))


def _case(label: str, tt, repeat: int, number: int = 1) -> list[str]:
    rows = []
    csv_time = None
    for name, write in _writers():
        sink = _Count()
        write([tt], sink)
        seconds = median_seconds(lambda w=write: w([tt], _Count()), repeat, number, warm=False)
        csv_time = seconds if csv_time is None else csv_time
        rows.append(f"{label:<24} {name:<5} {human_time(seconds):>10} "
                    f"{seconds / csv_time:>8.1f}x {human_bytes(sink.size):>10}")
    return rows


def main(argv=None) -> int:
    """Print the table of writing times; return the exit status."""
    ap = argparse.ArgumentParser(prog="python -m benchmarks.exports", description=__doc__)
    ap.add_argument("--places", type=int, default=1000, help="places of the big case")
    ap.add_argument("--repeat", type=int, default=3, help="runs per median")
    args = ap.parse_args(argv)
    print(f"salat {salat.__version__}, numpy {np.__version__}, Python "
          f"{platform.python_version()} on {platform.machine()}")
    print(f"{'table':<24} {'file':<5} {'time':>10} {'vs CSV':>9} {'size':>10}")
    one = salat.table(33.5731, -7.5898, "2028-01-01", "2028-12-31", tz="Africa/Casablanca",
                      method="morocco")
    for row in _case("1 place x 366 days", one, 3 * args.repeat, number=10):
        print(row, flush=True)
    rng = np.random.default_rng(7)
    n = args.places
    lat, lon = rng.uniform(-55, 55, n), rng.uniform(-180, 180, n)
    many = salat.table(lat, lon, year=2026, tz="UTC", method="mwl",
                       names=[f"Place {i}" for i in range(n)])
    for row in _case(f"{n:,} places x 365 days", many, args.repeat):
        print(row, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
