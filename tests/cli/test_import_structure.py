"""The command line's modules import one another in one direction, and only through public names.

Read from the source (the AST), not by importing: a module that imports a private name (``_guarded``) from
another leans on what that module does not promise, and an import circle makes the order of imports matter.
Imports inside functions count as well: they are still a dependency, only a later one.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: The packages checked: the command line, and the importers it is built on.
PACKAGES = ("integranet", "importers")


def modules(package: str) -> dict[str, Path]:
    """Every module of ``package`` by dotted name (a package's ``__init__`` under the package's name)."""
    found = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports(name: str, path: Path) -> Iterator[tuple[int, str, str | None]]:
    """(line, imported module, imported name or None) for every import in the module ``name`` at ``path``."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, None
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                # A relative import counts from the module's package (from a package's own __init__: itself).
                anchor = name.split(".")
                anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                yield node.lineno, base, alias.name


def dependencies(package: str) -> dict[str, set[str]]:
    """Which modules of ``package`` each of its modules imports (``from p import m`` counts as importing p.m)."""
    known = modules(package)
    graph: dict[str, set[str]] = {name: set() for name in known}
    for name, path in known.items():
        for _line, module, imported in imports(name, path):
            target = f"{module}.{imported}" if imported and f"{module}.{imported}" in known else module
            if target in known and target != name:
                graph[name].add(target)
    return graph


def cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle in ``graph`` as the list of its modules (first = last), or None when there is none."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


@pytest.mark.parametrize("package", PACKAGES)
def test_no_module_imports_a_private_name_from_another(package: str) -> None:
    offending = [
        f"{path.relative_to(ROOT)}:{line}: imports {imported} from {module}"
        for name, path in modules(package).items()
        for line, module, imported in imports(name, path)
        if imported is not None and imported.startswith("_") and module != "__future__"
    ]
    assert offending == [], "\n".join(offending)


@pytest.mark.parametrize("package", PACKAGES)
def test_the_package_has_no_import_circle(package: str) -> None:
    found = cycle(dependencies(package))
    assert found is None, " → ".join(found or ())


def test_no_sub_command_module_imports_the_group() -> None:
    """``integranet.cli`` registers the commands; a command module that imported it would close a circle."""
    graph = dependencies("integranet")
    assert sorted(name for name, targets in graph.items() if "integranet.cli" in targets) == ["integranet.__main__"]


def test_the_checks_see_a_circle_and_a_relative_import(tmp_path: Path) -> None:
    """The helpers above find what they look for (else the tests would pass on anything)."""
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set()}) is None
    module = tmp_path / "records.py"
    module.write_text("from .rows import TableRow\nfrom . import columns\nimport graph.errors\n", encoding="utf-8")
    assert list(imports("importers.records", module)) == [
        (1, "importers.rows", "TableRow"), (2, "importers", "columns"), (3, "graph.errors", None)]
