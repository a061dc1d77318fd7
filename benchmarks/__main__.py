"""``python -m benchmarks``: salat against praytimes and adhanpy, in one process.

Cases (Muslim World League method, UTC, the year 2026):

* one day, first call: ``times_for`` for a place not seen before (a new
  place on every call) against one peer call;
* one day, repeated: the same place and date again (a server's call; salat
  memoizes per place, options and year), and the three-argument call with the
  zone and method found from the place (salat only);
* a loop of ``times_for`` over the 365 dates of a year at one place (what a
  user writes before finding ``salat.table``) against the peers' loop;
* a year at one place (``salat.table`` against the peers' loop over days);
* 1,000 places x 365 days (one ``salat.table`` call against the peers' loops).

For each case it prints the median time of each engine, the ratio peer/salat
and the peak memory of one run (tracemalloc, untimed), then checks that the
speed did not cost accuracy: ``table`` equals ``times_for`` to the second on
a sample, and salat agrees with the peers within a minute (places within 48
degrees of the equator, where no high-latitude rule applies). Exit status 1
if an accuracy check fails; the speed goals are reported, not enforced.

Options: ``--repeat N`` (samples per median, default 5), ``--places N``
(default 1000), ``--quick`` (a smoke run: 2 samples, 100 places).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import platform
import sys
from collections.abc import Callable

import numpy as np

import salat

from .measure import human_bytes, human_time, median_seconds, peak_bytes
from .peers import PRAYERS, Engine, Salat, circular_difference, peers, \
    table_matches_times_for

YEAR = 2026
#: Goals as peer time / salat time (docs/goals.md).
GOALS = {"year, one place": 50.0, "places x 365 days": 100.0, "loop of a year": 3.0,
         "one day, first call": 1.0}
#: Goals in absolute time (docs/goals.md): the repeated calls.
LIMITS = {"one day, repeated": 15e-6, "repeated, inferred": 25e-6}
#: Latitudes of the places (|lat| below where high-latitude rules start).
MAX_LAT = 48.0
#: Longitudes: everything is computed in UTC, and near the date line a UTC
#: date holds parts of two solar days, which engines may split differently.
MAX_LON = 150.0


def _places(n: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(2026)
    return rng.uniform(-MAX_LAT, MAX_LAT, n), rng.uniform(-MAX_LON, MAX_LON, n)


def _dates() -> list[_dt.date]:
    first = _dt.date(YEAR, 1, 1)
    return [first + _dt.timedelta(days=i) for i in range(365)]


def _cases(n_places: int, repeat: int) -> list[tuple[str, Callable, int, int]]:
    """(label, run(engine) -> result, repeat, calls per sample)."""
    lat, lon = _places(n_places)
    dates = _dates()
    one = (33.5731, -7.5898)        # Casablanca
    day = _dt.date(YEAR, 3, 1)
    fresh_lat, fresh_lon = _places(20000)
    fresh = iter(range(20000))       # a place never seen before, on every call

    def first_call(e):
        i = next(fresh)
        return e.day(float(fresh_lat[i]), float(fresh_lon[i]), day)

    def inferred(e):
        return e.day_inferred(*one, day) if hasattr(e, "day_inferred") else None

    return [
        ("one day, first call", first_call, repeat, 200),
        ("one day, repeated", lambda e: e.day(*one, day), repeat, 200),
        ("repeated, inferred", inferred, repeat, 200),
        ("loop of a year", lambda e: e.day_loop(*one, dates), repeat, 2),
        ("year, one place", lambda e: e.table([one[0]], [one[1]], dates), repeat, 10),
        ("places x 365 days", lambda e: e.table(lat, lon, dates), repeat, 1),
    ]


def _cache_memory() -> tuple[int, int]:
    """(entries, peak bytes) of the day cache of ``times_for`` filled with years."""
    from salat.times import _CACHE
    lat, lon = _places(_CACHE.maxsize)

    def fill():
        _CACHE.clear()
        for la, lo in zip(lat.tolist(), lon.tolist()):
            for d in (_dt.date(YEAR, 1, 1), _dt.date(YEAR, 6, 1)):    # the 2nd: the year
                salat.times_for(la, lo, d, method="mwl", tz="UTC")
        return len(_CACHE)

    peak, n = peak_bytes(fill)
    _CACHE.clear()
    return n, peak


def _row(cells, widths) -> str:
    return "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                     for i, (c, w) in enumerate(zip(cells, widths)))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=5, help="samples per median (default 5)")
    ap.add_argument("--places", type=int, default=1000, help="places of the big case")
    ap.add_argument("--peer-repeat", type=int, default=3,
                    help="samples per median for the peers' big case (default 3)")
    ap.add_argument("--quick", action="store_true", help="smoke run: 2 samples, 100 places")
    args = ap.parse_args(argv)
    if args.quick:
        args.repeat, args.places, args.peer_repeat = 2, 100, 1
    engines: list[Engine] = [Salat(), *peers()]
    cases = _cases(args.places, args.repeat)
    print(f"salat {getattr(salat, '__version__', '')} benchmark - Python "
          f"{platform.python_version()}, numpy {np.__version__}, {platform.machine()}")
    print(f"method MWL, UTC, {YEAR}; big case: {args.places} places x 365 days; "
          f"medians of {args.repeat} runs ({args.peer_repeat} for the peers' big case)\n")

    times: dict = {}
    memory: dict = {}
    results: dict = {}
    for label, run, repeat, number in cases:
        for e in engines:
            if label == "repeated, inferred" and not hasattr(e, "day_inferred"):
                continue
            big = label.startswith("places")
            r = args.peer_repeat if big and e.name != "salat" else repeat
            # the peers' big case is warm after the first of its days
            times[label, e.name] = median_seconds(lambda run=run, e=e: run(e), r, number,
                                                  warm=not (big and e.name != "salat"))
            memory[label, e.name], result = peak_bytes(lambda run=run, e=e: run(e))
            if big:
                results[e.name] = result
            print(f"  measured {label:<18} {e.name:<10} {human_time(times[label, e.name])}",
                  file=sys.stderr, flush=True)

    names = [e.name for e in engines]
    widths = [20] + [11] * (2 * len(names) - 1)
    head = ["case", "salat"] + [x for n in names[1:] for x in (n, "ratio")]
    label_of = {"places x 365 days": f"{args.places} places x 365 d"}
    print(_row(head, widths))
    for label, *_ in cases:
        base = times[label, "salat"]
        cells = [label_of.get(label, label), human_time(base)]
        for n in names[1:]:
            if (label, n) not in times:
                cells += ["-", "-"]
                continue
            t = times[label, n]
            cells += [human_time(t), f"{t / base:.0f}x" if t / base >= 10 else
                      f"{t / base:.2g}x"]
        print(_row(cells, widths))
    print("\npeak memory of one run (tracemalloc):")
    print(_row(["case"] + names, [20] + [11] * len(names)))
    for label, *_ in cases:
        print(_row([label_of.get(label, label)] + [human_bytes(memory[label, n])
                                                   if (label, n) in memory else "-"
                                                   for n in names], [20] + [11] * len(names)))
    entries, cache_bytes = _cache_memory()
    print(f"salat's day cache full ({entries} place-years): {human_bytes(cache_bytes)}")

    print("\naccuracy kept:")
    ok = True
    lat, lon = _places(args.places)
    rng = np.random.default_rng(1)
    bad = table_matches_times_for(results["salat"], lat, lon, 300,
                                  lambda n: int(rng.integers(n)))
    print(f"  table == times_for to the second on 300 sampled (place, date): "
          f"{'yes' if not bad else f'NO, {bad} times differ'}")
    ok &= bad == 0
    dates = _dates()
    mine = Salat().minutes(results["salat"], args.places, dates)
    for e in engines[1:]:
        diff = np.abs(circular_difference(mine, e.minutes(results[e.name], args.places, dates)))
        worst = {p: float(np.nanmax(diff[..., k])) for k, p in enumerate(PRAYERS)}
        within = float(np.mean(diff[~np.isnan(diff)] <= 1.0))
        print(f"  salat vs {e.name}: {within:.2%} of times within 1 min; largest difference "
              + ", ".join(f"{p} {worst[p]:.2f}" for p in PRAYERS) + " min"
              + ("" if e.checked else f" ({e.note})"))
        ok &= within >= 0.99 or not e.checked

    sys.stdout.flush()
    print("\ngoals (docs/goals.md):")
    for label, goal in GOALS.items():
        if ("praytimes" not in names):
            break
        ratio = times[label, "praytimes"] / times[label, "salat"]
        print(f"  {label_of.get(label, label)}: {ratio:.2g}x praytimes (goal {goal:g}x) - "
              f"{'met' if ratio >= goal else 'NOT met'}")
    for label, limit in LIMITS.items():
        t = times[label, "salat"]
        print(f"  {label}: {human_time(t)} (goal {human_time(limit)} or less) - "
              f"{'met' if t <= limit else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
