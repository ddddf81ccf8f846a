"""The architecture of docs/architecture.md, checked: which room may import which, no import circle, no
module directly in graph/ beyond the small shared ones, and no module past the size a reader can hold.

Imports are read from the source (every ``import`` and ``from … import``, also those inside functions),
so a lazy import cannot hide a dependency.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("graph", "importers", "dashboard", "integranet", "benchmarks")
SHARED = {"graph", "graph.errors", "graph.settings", "graph.language"}
#: What each room may import besides itself and :data:`SHARED` (which import nothing but graph.errors).
ALLOWED: dict[str, set[str]] = {
    "graph.errors": set(),
    "graph.settings": set(),
    "graph.language": set(),
    "graph": set(),
    "graph.model": set(),
    "graph.store": {"graph.model"},
    "graph.analysis": {"graph.model"},
    "graph.layout": {"graph.model", "graph.analysis"},
    "graph.maps": {"graph.model", "graph.store", "graph.analysis", "graph.layout"},
    "graph.snapshots": {"graph.model", "graph.store", "graph.layout"},
    "graph.exports": {"graph.model", "graph.store", "graph.analysis", "graph.layout", "graph.maps",
                      "graph.snapshots"},
    "graph.archive": {"graph.model", "graph.store", "graph.snapshots"},
    "importers": {"graph.model", "graph.store", "graph.exports"},
    "integranet": {"graph.model", "graph.store", "graph.analysis", "graph.exports", "graph.snapshots",
                   "graph.archive", "importers"},
    "dashboard": {"graph.model", "graph.store", "graph.analysis", "graph.layout", "graph.maps",
                  "graph.snapshots", "graph.exports", "graph.archive", "importers"},
    "benchmarks": {"graph.model", "graph.store", "graph.analysis", "graph.layout", "graph.maps",
                   "graph.snapshots", "graph.exports", "graph.archive", "importers", "dashboard"},
}
#: "About 450 lines": a module past this is split by concern.
MAX_LINES = 470


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(path: Path) -> Iterator[str]:
    """The project modules ``path`` imports (a ``from package import name`` names the module when it is one)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name in MODULES)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module in MODULES:
            subs = [f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in MODULES]
            yield from subs or [node.module]


def room(module: str) -> str:
    parts = module.split(".")
    if parts[0] == "graph":
        return ".".join(parts[:2])
    return parts[0]


def test_no_module_imports_a_room_it_may_not() -> None:
    wrong = []
    for module, path in MODULES.items():
        here = room(module)
        for target in _imports(path):
            there = room(target)
            if there != here and there not in SHARED and there not in ALLOWED[here]:
                wrong.append(f"{module} imports {target}")
            if here in SHARED - {"graph"} and there not in {here, "graph.errors"}:
                wrong.append(f"{module} imports {target}: the shared modules import only graph.errors")
    assert not wrong, "\n".join(wrong)


def test_there_is_no_import_circle() -> None:
    graph = nx.DiGraph()
    graph.add_nodes_from(MODULES)
    graph.add_edges_from((m, t) for m, path in MODULES.items() for t in _imports(path) if t != m)
    assert list(nx.simple_cycles(graph)) == []


def test_graph_holds_rooms_and_only_the_shared_modules() -> None:
    loose = {p.stem for p in (ROOT / "graph").glob("*.py")} - {"__init__"}
    assert loose == {"errors", "settings", "language"}
    for folder in (ROOT / "graph").iterdir():
        if folder.is_dir() and (folder / "__init__.py").exists():
            tree = ast.parse((folder / "__init__.py").read_text(encoding="utf-8"))
            assert ast.get_docstring(tree), f"graph/{folder.name}/__init__.py says what the room is for"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_is_of_a_readable_size(module: str) -> None:
    lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module} has {lines} lines; split it by concern"
