"""Timing and memory: medians of repeated runs, peak traced allocations."""

from __future__ import annotations

import gc
import statistics
import time
import tracemalloc
from typing import Any
from collections.abc import Callable


def median_seconds(fn: Callable[[], Any], repeat: int, number: int = 1,
                   warm: bool = True) -> float:
    """Median over ``repeat`` samples of the time of one call of ``fn``; each
    sample times ``number`` calls. A first, untimed call warms caches."""
    if warm:
        fn()
    samples = []
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        for _ in range(number):
            fn()
        samples.append((time.perf_counter() - t) / number)
    return statistics.median(samples)


def paired_median_seconds(fns: list[Callable[[], Any]], repeat: int,
                          number: int = 1) -> tuple[list[float], list[float]]:
    """Samples of several functions taken in turn (A B A B ...), so that a machine
    that slows down or speeds up meanwhile moves all of them alike: the median time
    of one call of each, and the median over rounds of each one's time divided by
    the first's (the ratio a benchmark prints)."""
    for fn in fns:
        fn()
    rounds = []
    for _ in range(repeat):
        row = []
        for fn in fns:
            gc.collect()
            t = time.perf_counter()
            for _ in range(number):
                fn()
            row.append((time.perf_counter() - t) / number)
        rounds.append(row)
    medians = [statistics.median(r[k] for r in rounds) for k in range(len(fns))]
    ratios = [statistics.median(r[k] / r[0] for r in rounds) for k in range(len(fns))]
    return medians, ratios


def peak_bytes(fn: Callable[[], Any]) -> tuple[int, Any]:
    """Peak memory allocated (tracemalloc, numpy included) during one call,
    above what was allocated before it, and the call's result. Untimed:
    tracing slows Python code."""
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        result = fn()
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    return peak, result


def human_time(seconds: float) -> str:
    """``1.23 ms``-style text."""
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def human_bytes(n: int) -> str:
    """``12.3 MB``-style text."""
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.3g} {unit}"
    return f"{n} B"
