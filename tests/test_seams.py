"""The seams between modules stay where the README's table puts them.

Data flows one way (inputs -> astronomy -> rules -> engine -> prayer zones,
regions -> times -> tables -> exports -> cli, web); a module reads another's
public names only; the public API is gathered in ``salat/__init__.py``.

The import graph is read from the source, every ``import`` statement counted,
those inside functions too (only ``if TYPE_CHECKING:`` blocks are left out,
as they never run), so that a cycle hidden in a method fails here.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import salat

PACKAGE = Path(salat.__file__).parent

def _tree(module: str) -> ast.Module:
    return ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))


def _modules() -> dict[str, Path]:
    """Every module of the package by dotted name (``salat.web.service``)."""
    out = {}
    for f in PACKAGE.rglob("*.py"):
        parts = f.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = f
    return out


MODULES = _modules()


def _is_type_checking(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"))


def _imports(module: str) -> list[tuple[str, bool]]:
    """``(salat module, lazy)`` for each import statement of ``module``, lazy when
    it runs inside a function. A module's import of its own package's
    ``__init__`` is not counted (the package's face imports its children, not
    the reverse), as in ``../shared/tools/import_cycles.py``.
    """
    path = MODULES[module]
    base = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found: list[tuple[str, bool]] = []

    def targets(node) -> list[str]:
        if isinstance(node, ast.Import):
            return [a.name for a in node.names]
        prefix = node.module or ""
        if node.level:
            prefix = ".".join(base[:len(base) - node.level + 1] + ([prefix] if prefix else []))
        return [prefix] + [f"{prefix}.{a.name}" for a in node.names]

    def visit(node, lazy: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if _is_type_checking(child):
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                for t in targets(child):
                    if t in MODULES and t != module and not (
                            MODULES[t].name == "__init__.py" and module.startswith(t + ".")):
                        found.append((t, lazy))
            visit(child, lazy or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                    ast.Lambda)))
    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return found


def _graph() -> dict[str, set[str]]:
    return {m: {t for t, _ in _imports(m)} for m in MODULES}


def _cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[frozenset[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(frozenset(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


#: Imports inside functions on purpose, by (importer, imported): each keeps
#: ``import salat`` from loading what most users never need.
LAZY_IMPORTS = {
    ("salat.cli", "salat.widgets"): "the command line starts without the widgets",
    ("salat.cli", "salat.web"): "the service (Starlette) only for `salat serve`",
    ("salat.cli", "salat.web.server"): "the service only for `salat serve`",
    ("salat.cli", "salat.web.assembly"): "the service only for `salat serve`",
    ("salat.cli", "salat.compare"): "the method ranking only for `salat compare`",
    ("salat.cli", "salat.published"): "published tables only for `salat compare`",
    ("salat.cli", "salat.mosque"): "mosque profiles only for `--mosque`",
    ("salat.web.native", "salat.widgets.i18n"): "Babel only for a localized feed",
    ("salat.widgets.data", "salat.times"): "salat/__init__ may import the widgets",
    ("salat.widgets.data", "salat.tables"): "salat/__init__ may import the widgets",
}


def test_the_import_graph_has_no_cycle():
    cycles = _cycles(_graph())
    assert [sorted(c) for c in cycles] == []


def test_the_cycle_finder_finds_a_lazy_cycle():
    """The finder itself: a cycle closed by an import inside a function counts."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [frozenset("abc")]
    assert _cycles({"a": {"b"}, "b": set()}) == []
    lazy = {t for t, is_lazy in _imports("salat.widgets.data") if is_lazy}
    assert "salat.times" in lazy          # read although it sits inside a function
    graph = _graph()
    graph["salat.engine"].add("salat.times")    # as Zone.solve once imported compute
    assert any({"salat.engine", "salat.times"} <= c for c in _cycles(graph))


def test_the_engine_is_below_what_resolves_places():
    """engine <- prayer_zones <- regions <- times: the zone catalogue and the
    regions import the pipeline, never the reverse."""
    graph = _graph()
    assert not graph["salat.engine"] & {"salat.prayer_zones", "salat.regions", "salat.times",
                                        "salat.tables", "salat.places"}
    assert "salat.engine" in graph["salat.prayer_zones"]
    assert "salat.times" not in graph["salat.prayer_zones"] | graph["salat.regions"]


def test_imports_inside_functions_are_deliberate():
    lazy = sorted({(m, t) for m in MODULES for t, is_lazy in _imports(m) if is_lazy})
    assert [pair for pair in lazy if pair not in LAZY_IMPORTS] == []


def test_import_salat_loads_neither_the_service_nor_the_writers():
    code = ("import sys, salat; print(sorted(m for m in sys.modules "
            "if m.startswith(('salat.web', 'starlette'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"


def _top_level_imports(module: str) -> set[str]:
    """salat modules (last name) imported by ``module`` when it loads."""
    return {t.rsplit(".", 1)[-1] for t, lazy in _imports(f"salat.{module}") if not lazy}


def test_the_writers_are_imported_from_above_only():
    """The writers sit above the tables: nothing the tables build on imports them."""
    importers = {m for m in MODULES for t, _ in _imports(m) if t == "salat.exports"}
    assert {m for m in importers if not m.startswith(("salat.web", "salat.cli"))} \
        <= {"salat.tables"}
    assert "exports" in _top_level_imports("tables")
    assert "tables" not in {t.rsplit(".", 1)[-1] for t, _ in _imports("salat.exports")}


def test_exports_read_no_private_attribute():
    bad = [f"line {n.lineno}: .{n.attr}" for n in ast.walk(_tree("exports"))
           if isinstance(n, ast.Attribute) and n.attr.startswith("_")
           and not n.attr.startswith("__")
           and not (isinstance(n.value, ast.Name) and n.value.id == "self")]
    assert bad == []


def test_methods_module_holds_no_geography():
    assert not {"timezones", "prayer_zones", "regions"} & _top_level_imports("methods")
    source = (PACKAGE / "methods.py").read_text(encoding="utf-8")
    assert "def method_for" not in source and "country_timezones" not in source
    from salat import regions
    assert salat.method_for is regions.method_for


def test_public_names():
    for name in ("table_chunks", "InputError", "__version__", "method_for"):
        assert name in salat.__all__ and hasattr(salat, name)
    assert salat.table_chunks is salat.tables.table_chunks
    from salat import exports, inputs, tables
    sizes = {getattr(m, "CHUNK_CELLS", None) for m in (exports, inputs, tables)} - {None}
    assert len(sizes) == 1                                  # one chunk size


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
