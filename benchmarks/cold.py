"""``python -m benchmarks.cold``: where the microseconds of a first call go.

A first ``times_for`` call for a place not seen before (MWL, UTC, 2026-03-01,
a new place on every call) and each stage of it timed on its own, with the
same inputs: the Sun's polynomials of the date and its neighbours, the local
noons, the kernel's events, the rules, the rest of ``compute`` (margins,
order, offsets, rounding), the result (``PrayerTimes``), and what is left:
checking the inputs and the day cache. Medians of ``--repeat`` samples, with
praytimes' first call for the same new places in the same run, the two sampled
in turn (3 x ``--repeat`` rounds; the ratio is the median of the rounds'
ratios; the goal: no slower than praytimes).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import sys

import numpy as np
import pytz

import salat
from salat import astronomy as astro
from salat import engine as E
from salat import times as T
from salat.options import Options
from salat.scalars import FLOATS
from salat.timezones import utc_offset_list

from .measure import median_seconds, paired_median_seconds
from .peers import PrayTimes


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.cold",
                                 description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=7, help="samples per median (default 7)")
    args = ap.parse_args(argv)
    n = 500
    rng = np.random.default_rng(12)
    lats, lons = rng.uniform(-48, 48, 200000), rng.uniform(-150, 150, 200000)
    fresh = iter(range(lats.size))
    day = _dt.date(2026, 3, 1)
    method, tz, opts = salat.METHODS["mwl"], pytz.utc, Options()
    la, lo = 33.5731, -7.5898
    epoch_day = (day - _dt.date(1970, 1, 1)).days
    suns = astro.solar_run_floats(epoch_day - 1, 3)
    noons = [astro.unix_seconds(s.node_jd, xp=FLOATS) for s in suns]
    centre = [o / -86400.0 for o in utc_offset_list(tz, noons)]
    ev = E._events_one_day(method, la, lo, suns, centre, 0.0, opts.shadow)
    one = E.compute_day(la, lo, epoch_day, method=method, tz=tz, options=opts)

    def first_call():
        i = next(fresh)
        return salat.times_for(float(lats[i]), float(lons[i]), day, method="mwl", tz="UTC")

    peer = PrayTimes()
    peer_fresh = iter(range(lats.size))

    def peer_call():
        i = next(peer_fresh)
        return peer.day(float(lats[i]), float(lons[i]), day)

    stages = [
        ("the Sun (3 dates)", lambda: astro.solar_run_floats(epoch_day - 1, 3)),
        ("local noons", lambda: utc_offset_list(tz, noons)),
        ("events (kernel)", lambda: E._events_one_day(method, la, lo, suns, centre, 0.0,
                                                       opts.shadow)),
        ("rules", lambda: E._rules_one_day(ev, method, la, epoch_day, opts.rule, None)),
        ("compute", lambda: E.compute_day(la, lo, epoch_day, method=method, tz=tz,
                                          options=opts)),
        ("result", lambda: T._DayRow(one, tz).times(0, la, lo, method)),
    ]
    us = {name: 1e6 * median_seconds(fn, args.repeat, n) for name, fn in stages}
    # salat's and praytimes' first calls in turn, for a ratio the machine's drift cannot move
    (ours, theirs), (_, ratio) = paired_median_seconds([first_call, peer_call],
                                                       args.repeat * 3, n)
    us["times_for, first call"], us["praytimes, first call"] = 1e6 * ours, 1e6 * theirs
    parts = ["the Sun (3 dates)", "local noons", "events (kernel)", "rules"]
    rest = us["compute"] - sum(us[p] for p in parts)
    outside = us["times_for, first call"] - us["compute"] - us["result"]
    print(f"a first times_for call (MWL, UTC, {day}), medians of {args.repeat} x {n} calls:")
    for name in parts:
        print(f"  {name:<32} {us[name]:6.1f} us")
    print(f"  {'rest of compute':<32} {rest:6.1f} us")
    print(f"  {'result (PrayerTimes)':<32} {us['result']:6.1f} us")
    print(f"  {'inputs and the day cache':<32} {outside:6.1f} us")
    print(f"  {'total':<32} {us['times_for, first call']:6.1f} us")
    print(f"praytimes 2.3.2, the same new places: {us['praytimes, first call']:.1f} us "
          f"({ratio:.2f}x salat's time; goal: 1x or more)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
