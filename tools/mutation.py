"""Mutation testing of one salat module with mutmut, in a scratch copy.

    python tools/mutation.py inputs            # or zones, exports, tables, rules, ...
    python tools/mutation.py inputs --show     # the surviving mutants' diffs

Each module is mutated against the tests that exercise it (``TESTS`` below,
never the slow sweeps or the browser tests), in ``build/mutation/<module>/``:
a copy of the package, the tests and the benchmarks with a ``[tool.mutmut]``
section of its own, so the project's pyproject.toml stays as it is and runs
of different modules do not share state. The run is niced (the machine is
shared) and prints the score: killed / all mutants, with timeouts counted as
killed and mutants no selected test reaches counted as alive. It takes minutes to an hour
per module on two cores (``docs/testing.md`` has the figures), so it is not part of CI.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: The tests that exercise each module (mutmut runs only those that reach a mutant).
TESTS = {
    "inputs": ["tests/test_inputs.py", "tests/test_input_checks.py"],
    "timezones": ["tests/test_timezones.py", "tests/test_tz_offsets.py"],
    "exports": ["tests/test_tables_export.py", "tests/test_export_formats.py",
                "tests/test_csv_injection.py"],
    "tables": ["tests/test_tables.py", "tests/test_table_options.py", "tests/test_seams.py",
               "tests/test_tables_export.py", "tests/test_export_formats.py",
               "tests/test_zones.py"],
    "rules": ["tests/test_rules.py", "tests/test_times_options.py", "tests/test_methods.py",
              "tests/test_float_kernel.py"],
    "astronomy": ["tests/test_kernel.py", "tests/test_accuracy.py", "tests/test_float_kernel.py",
                  "tests/test_adhan.py", "tests/test_times_options.py"],
    "times": ["tests/test_times_options.py", "tests/test_times_api.py", "tests/test_methods.py",
              "tests/test_adhan.py", "tests/test_table_options.py", "tests/test_float_kernel.py",
              "tests/test_zones.py", "tests/test_inputs.py", "tests/test_properties.py",
              "tests/test_timezones.py",
              # the polar cases that need no DE421 (its fixture costs seconds a mutant)
              "tests/test_polar.py::test_solstices_documented",
              "tests/test_polar.py::test_order_at_the_edge_of_the_midnight_sun",
              "tests/test_polar.py::test_nearest_latitude_steps_by_half_a_degree",
              "tests/test_polar.py::test_nearest_latitude_goes_down_to_40_degrees_and_no_further",
              "tests/test_polar.py::test_nearest_latitude_starts_at_65_degrees",
              "tests/test_polar.py::test_nearest_day_borrows_the_clock_times_of_the_nearest_full_day",
              "tests/test_polar.py::test_resolution_of_many_places_and_days_in_one_call",
              "tests/test_polar.py::test_a_day_with_only_one_of_sunrise_and_sunset_is_resolved",
              "tests/test_official.py::test_diyanet_sun_is_taken_at_0h_ut"],
    "methods": ["tests/test_methods.py", "tests/test_method_checks.py"],
}
#: The engine's pipeline is reached through times_for: the same tests.
TESTS["engine"] = TESTS["times"]
_COPY = ("salat", "tests", "benchmarks", "pyproject.toml")
_IGNORE = shutil.ignore_patterns("__pycache__", "node_modules", ".hypothesis", "mutants")


# mutmut forks each mutant's test run from a warmed-up process: without this,
# salat's caches (lru caches: the Sun's yearly tables, zones, event plans; the
# day cache of times_for) would hand the tests values computed before the
# mutant was switched on.
_CLEAR_CACHES = '''

# ---- added by tools/mutation.py for the mutation run only
import sys as _sys

import pytest as _pytest


@_pytest.fixture(autouse=True)
def _clear_salat_caches():
    for _name, _mod in list(_sys.modules.items()):
        if _name == "salat" or _name.startswith("salat."):
            for _obj in list(vars(_mod).values()):
                _clear = getattr(_obj, "cache_clear", None)
                if callable(_clear):
                    _clear()
                elif type(_obj).__name__ == "_DayCache":
                    _obj.clear()
    yield
'''


def _toml_list(items) -> str:
    return "[" + ", ".join(json.dumps(str(i)) for i in items) + "]"


def prepare(module: str, rev: str | None = None) -> Path:
    """A fresh scratch copy for ``module`` with its mutmut configuration: of the
    work tree, or of the git revision ``rev`` (to score an older state)."""
    work = ROOT / "build" / "mutation" / (module if rev is None else f"{module}@{rev}")
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    if rev is not None:
        archive = subprocess.run(["git", "archive", rev, *_COPY], cwd=ROOT, check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(work)], input=archive, check=True)
    else:
        for name in _COPY:
            src = ROOT / name
            if src.is_dir():
                shutil.copytree(src, work / name, ignore=_IGNORE)
            else:
                shutil.copy2(src, work / name)
    with open(work / "tests" / "conftest.py", "a", encoding="utf-8") as f:
        f.write(_CLEAR_CACHES)
    tests = [t for t in TESTS[module] if (work / t.split("::")[0]).exists()]
    with open(work / "pyproject.toml", "a", encoding="utf-8") as f:
        f.write("\n[tool.mutmut]\n"
                f"source_paths = {_toml_list(['salat'])}\n"
                f"only_mutate = {_toml_list([f'salat/{module}.py'])}\n"
                f"also_copy = {_toml_list(['benchmarks'])}\n"
                f"pytest_add_cli_args_test_selection = {_toml_list(tests)}\n"
                f"pytest_add_cli_args = "
                + _toml_list(['-q', '-p', 'no:cacheprovider', '-m', 'not slow and not browser'])
                + "\n")
    return work


def score(work: Path) -> dict:
    """Counts of mutants by status, from mutmut's own statistics file."""
    subprocess.run([sys.executable, "-m", "mutmut", "export-cicd-stats"], cwd=work,
                   check=True, capture_output=True)
    stats = json.loads((work / "mutants" / "mutmut-cicd-stats.json").read_text())
    killed = stats.get("killed", 0) + stats.get("timeout", 0)
    judged = stats.get("total", 0) - stats.get("skipped", 0)     # no_tests count as alive
    stats["score"] = round(100.0 * killed / judged, 1) if judged else None
    return stats


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("module", choices=sorted(TESTS))
    ap.add_argument("--jobs", type=int, default=1, help="mutmut --max-children (default 1)")
    ap.add_argument("--show", action="store_true", help="print the survivors' diffs")
    ap.add_argument("--rev", help="mutate this git revision instead of the work tree")
    args = ap.parse_args(argv)
    work = prepare(args.module, args.rev)
    # property tests: 20 derandomized examples each, the same ones for every mutant
    env = dict(os.environ, PYTHONPATH="", HYPOTHESIS_PROFILE="mutation")
    start = time.monotonic()
    cmd = ["nice", "-n", "10", sys.executable, "-m", "mutmut", "run",
           "--max-children", str(args.jobs)]
    subprocess.run(cmd, cwd=work, env=env, stdout=subprocess.DEVNULL)
    took = time.monotonic() - start
    stats = score(work)
    print(f"{args.module}: {stats['score']}% killed ({json.dumps(stats)}), {took:.0f} s")
    listing = subprocess.run([sys.executable, "-m", "mutmut", "results"], cwd=work, env=env,
                             capture_output=True, text=True).stdout
    survivors = [line.split(":")[0].strip() for line in listing.splitlines()
                 if line.strip().endswith("survived")]
    for k, name in enumerate(survivors):
        print("survived:", name)
        if args.show and k < 60:
            print(subprocess.run([sys.executable, "-m", "mutmut", "show", name], cwd=work,
                                 env=env, capture_output=True, text=True).stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
