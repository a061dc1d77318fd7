"""The tree stays clean under the project's ruff configuration (pyproject.toml:
line length 100, pyflakes, pycodestyle, bugbear, pyupgrade, complexity, numpydoc)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing():
    out = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache",
                          "salat", "tests", "tools", "benchmarks"],
                         cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
