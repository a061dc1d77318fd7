"""The seams between modules stay where the README's table puts them.

Data flows one way (inputs -> astronomy -> rules -> times -> tables ->
exports -> cli); a module reads another's public names only; the public API
is gathered in ``salat/__init__.py``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest

import salat

PACKAGE = Path(salat.__file__).parent


def _tree(module: str) -> ast.Module:
    return ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))


def _top_level_imports(module: str) -> set[str]:
    """salat modules imported at module level (not inside functions)."""
    out = set()
    for node in _tree(module).body:
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            out.add((node.module or "").split(".")[0])
        elif isinstance(node, ast.If):         # `if TYPE_CHECKING:` imports are types only
            continue
    return out


def test_the_writers_do_not_import_tables():
    assert "exports" in _top_level_imports("tables")
    assert "tables" not in _top_level_imports("exports")


def test_exports_read_no_private_attribute():
    bad = [f"line {n.lineno}: .{n.attr}" for n in ast.walk(_tree("exports"))
           if isinstance(n, ast.Attribute) and n.attr.startswith("_")
           and not n.attr.startswith("__")
           and not (isinstance(n.value, ast.Name) and n.value.id == "self")]
    assert bad == []


def test_methods_module_holds_no_geography():
    assert not {"zones", "regions"} & _top_level_imports("methods")
    source = (PACKAGE / "methods.py").read_text(encoding="utf-8")
    assert "def method_for" not in source and "country_timezones" not in source
    from salat import regions
    assert salat.method_for is regions.method_for


def test_public_names():
    for name in ("table_chunks", "InputError", "__version__", "method_for"):
        assert name in salat.__all__ and hasattr(salat, name)
    assert salat.table_chunks is salat.tables.table_chunks
    from salat import exports, tables
    assert exports.CHUNK_CELLS is tables.CHUNK_CELLS        # one chunk size, the tables'


def test_timetable_arrays_are_public_and_read_only():
    many = salat.table([21.42, 33.57], [39.83, -7.59], "2026-03-01", "2026-03-03",
                       method="mwl")
    one = salat.table(21.42, 39.83, "2026-03-01", "2026-03-03", method="mwl")
    n = len(salat.TIME_NAMES)
    for tt, places in ((many, 2), (one, 1)):
        for arr in (tt.utc_seconds, tt.offset_seconds, tt.rule_flags):
            assert arr.shape == (places, 3, n)
            with pytest.raises(ValueError):
                arr[0, 0, 0] = 0
    # the views are the table's own numbers
    i = salat.TIME_NAMES.index("fajr")
    np.testing.assert_array_equal(
        (one.utc_seconds[0, :, i]).astype("datetime64[s]"), one.utc("fajr"))
    local = one.utc_seconds[0, :, i] + one.offset_seconds[0, :, i]
    np.testing.assert_array_equal(local.astype("datetime64[s]"), one.local("fajr"))
    assert one.rule_flags.dtype == np.uint8
