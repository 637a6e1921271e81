"""The layout is the pipeline: core under everything, ingest never reaching into tutor.

Imports are read with ``ast`` (function-level ones included), so a lazy import that
crosses a layer fails here as surely as a top-level one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from core.settings import REPO_ROOT

PACKAGES = ("core", "ingest", "tutor", "evals")
# package -> packages it may import (the rest of the tree is the edge: app.py, tests)
ALLOWED = {"core": set(), "ingest": {"core"}, "evals": {"core", "ingest"},
           "tutor": {"core", "ingest", "evals"}}


def imports_of(path: Path) -> set[str]:
    """Top-level package names imported anywhere in the file."""
    tree = ast.parse(path.read_text("utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.add(node.module.split(".")[0])
    return out


def package_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {p: set() for p in PACKAGES}
    for pkg in PACKAGES:
        for f in (REPO_ROOT / pkg).rglob("*.py"):
            graph[pkg] |= (imports_of(f) & set(PACKAGES)) - {pkg}
    return graph


@pytest.mark.parametrize("pkg", PACKAGES)
def test_each_package_imports_only_the_layers_below(pkg: str) -> None:
    offenders = {}
    for f in (REPO_ROOT / pkg).rglob("*.py"):
        bad = (imports_of(f) & set(PACKAGES)) - ALLOWED[pkg] - {pkg}
        if bad:
            offenders[f.relative_to(REPO_ROOT).as_posix()] = sorted(bad)
    assert not offenders, f"{pkg} imports a layer above it: {offenders}"


def test_no_import_cycle_between_packages() -> None:
    graph = package_graph()
    state: dict[str, int] = {}

    def visit(p: str, trail: list[str]) -> None:
        if state.get(p) == 1:
            raise AssertionError("import cycle: " + " -> ".join([*trail, p]))
        if state.get(p) == 2:
            return
        state[p] = 1
        for q in graph[p]:
            visit(q, [*trail, p])
        state[p] = 2

    for p in PACKAGES:
        visit(p, [])


def test_the_checker_sees_a_crossing_import(tmp_path: Path) -> None:
    f = tmp_path / "x.py"
    f.write_text("def f():\n    from tutor.chain import Tutor\n    return Tutor\n", "utf-8")
    assert imports_of(f) == {"tutor"}


def _module_level_env_reads(path: Path) -> list[int]:
    tree = ast.parse(path.read_text("utf-8"))
    lines = []
    for stmt in tree.body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        for node in ast.walk(stmt):
            if isinstance(node, ast.Attribute) and node.attr in {"environ", "getenv"} and \
                    isinstance(node.value, ast.Name) and node.value.id == "os":
                lines.append(node.lineno)
    return lines


def test_no_environment_reads_at_import_time() -> None:
    """Settings are built at the edge; a library module reading os.environ at import
    would make tests depend on the shell they run in."""
    offenders = {f.relative_to(REPO_ROOT).as_posix(): _module_level_env_reads(f)
                 for pkg in PACKAGES for f in (REPO_ROOT / pkg).rglob("*.py")}
    assert not {k: v for k, v in offenders.items() if v}
