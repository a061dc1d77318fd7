"""Shared fixtures for the test suite.

* ``sky``: the JPL ephemeris DE421 and a timescale through skyfield and
  skyfield-data, fully offline (no download). skyfield-data warns that its
  bundled ``finals2000A.all`` has expired; the builtin timescale does not need
  it for our purposes (UT1 is given directly, Delta T moves the Sun by far
  less than a second of time), so that warning is silenced here.
* ``-m 'not slow'`` skips the long sweeps (CI runs everything).
* Hypothesis profiles: ``ci`` (derandomized: the same examples on every run,
  so CI cannot fail on an unrelated change; the default when ``CI`` is set),
  ``default`` (randomized, quick, while working) and ``long`` (randomized,
  many examples, started by hand to look for new counterexamples). Choose
  with ``HYPOTHESIS_PROFILE=name``.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass

import pytest

from hypothesis import HealthCheck, settings

_EXPIRED = "ignore:The file finals2000A.all has expired:RuntimeWarning"

_QUIET = [HealthCheck.too_slow]
settings.register_profile("default", max_examples=150, deadline=None,
                          suppress_health_check=_QUIET)
settings.register_profile("ci", max_examples=150, deadline=None, derandomize=True,
                          database=None, print_blob=True, suppress_health_check=_QUIET)
settings.register_profile("long", max_examples=5000, deadline=None,
                          suppress_health_check=_QUIET)
settings.register_profile("mutation", max_examples=20, deadline=None, derandomize=True,
                          database=None, suppress_health_check=_QUIET)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE")
                      or ("ci" if os.environ.get("CI", "").lower() in ("1", "true") else "default"))


def pytest_configure(config):
    config.addinivalue_line("filterwarnings", _EXPIRED)


@dataclass
class Sky:
    """DE421 with skyfield: ``ts`` timescale, ``earth`` and ``sun`` bodies."""

    ts: object
    earth: object
    sun: object


@pytest.fixture(scope="session")
def sky():
    import skyfield.api as skyfield_api
    import skyfield_data
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The file finals2000A.all has expired")
        path = skyfield_data.get_skyfield_data_path()
    load = skyfield_api.Loader(path, verbose=False)
    ts = load.timescale(builtin=True)
    eph = load("de421.bsp")
    try:
        yield Sky(ts, eph["earth"], eph["sun"])
    finally:
        eph.close()


#: Lines of measured figures that tests want shown after the run
#: (accuracy against DE421, matches against the Adhan fixtures, ...).
REPORT: list = []


@pytest.fixture
def report():
    """``report(line)`` adds a line to the figures printed at the end of the run."""
    return REPORT.append


def pytest_terminal_summary(terminalreporter):
    if REPORT:
        terminalreporter.section("salat: measured figures")
        for line in REPORT:
            terminalreporter.write_line(line)
