"""Which message ids the code uses, read from its source (for the checks of the catalogues).

Three ways of naming a message are recognised, each with a literal id so that it can be checked:
``t("page.what", lang)`` in the dashboard, ``text("module.what", language)`` where :func:`graph.language.text`
is imported, and ``w["what"]`` where ``w`` holds ``phrasebook("module", language)`` (directly, or from a
function of the same module that returns one, or ``phrasebook(...)["what"]``), which names ``module.what``;
``w[k]`` counts when ``k`` runs over literal keys: a tuple or list of strings, a module constant holding one,
or the keys, values or items of a module constant dict of strings (``for column, k in _HEADERS.items()``).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: The lookups themselves, which take their message ids as arguments.
LOOKUP_MODULES = (ROOT / "graph" / "language.py", ROOT / "dashboard" / "i18n.py")
#: The code that may show words: every package but the lookups.
SOURCES = tuple(
    path
    for package in ("graph", "importers", "integranet", "dashboard")
    for path in sorted((ROOT / package).rglob("*.py"))
    if path not in LOOKUP_MODULES
)


@dataclass(frozen=True)
class Use:
    """One use of a message id: where, and which."""

    path: Path
    line: int
    message_id: str

    def __str__(self) -> str:
        return f"{_where(self.path)}:{self.line}: {self.message_id}"


class UncheckableUse(AssertionError):
    """A lookup whose message id is not a literal, so that no test can know it."""


def _where(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _literal(node: ast.expr, path: Path, what: str) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    raise UncheckableUse(f"{_where(path)}:{node.lineno}: {what} needs a literal so that it can be checked")


def _imports(tree: ast.Module, module: str, name: str) -> bool:
    return any(isinstance(node, ast.ImportFrom) and node.module == module and any(a.name == name for a in node.names)
               for node in ast.walk(tree))


def _is_call(node: ast.AST | None, names: Iterable[str]) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in set(names)


def _strings(node: ast.expr | None) -> list[str] | None:
    """The strings of a literal tuple, list or set of strings; None for anything else."""
    if isinstance(node, ast.Tuple | ast.List | ast.Set) and all(
            isinstance(item, ast.Constant) and isinstance(item.value, str) for item in node.elts):
        return [item.value for item in node.elts]  # type: ignore[attr-defined]
    return None


def _string_dict(node: ast.expr | None) -> tuple[list[str], list[str]] | None:
    """The keys and the values of a literal dict of strings; None for anything else."""
    if isinstance(node, ast.Dict):
        keys, values = _strings(ast.Tuple(elts=node.keys)), _strings(ast.Tuple(elts=node.values))
        if keys is not None and values is not None:
            return keys, values
    return None


def _loop_values(tree: ast.Module, scope: ast.AST) -> dict[str, set[str]]:
    """Loop variable of ``scope`` (a function, or the module) → the literal strings it runs over (see the
    module's docstring); module constants are read from ``tree``."""
    constants: dict[str, ast.expr] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            constants[node.targets[0].id] = node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            constants[node.target.id] = node.value

    def constant(node: ast.expr) -> ast.expr | None:
        return constants.get(node.id) if isinstance(node, ast.Name) else node

    loops: dict[str, set[str]] = {}
    for node in ast.walk(scope):
        if not isinstance(node, ast.For | ast.comprehension):
            continue
        target, source, method = node.target, node.iter, None
        if (isinstance(source, ast.Call) and isinstance(source.func, ast.Attribute) and not source.args
                and source.func.attr in {"keys", "values", "items"}):
            source, method = source.func.value, source.func.attr
        value = constant(source)
        found: list[tuple[ast.expr, list[str]]] = []
        if method is None and (strings := _strings(value)) is not None:
            found = [(target, strings)]
        elif (pairs := _string_dict(value)) is not None:
            keys, values = pairs
            if method in {None, "keys"}:
                found = [(target, keys)]
            elif method == "values":
                found = [(target, values)]
            elif isinstance(target, ast.Tuple) and len(target.elts) == 2:
                found = [(target.elts[0], keys), (target.elts[1], values)]
        for name, strings in found:
            if isinstance(name, ast.Name):
                loops.setdefault(name.id, set()).update(strings)
    return loops


def uses_in(path: Path) -> Iterator[Use]:
    """The message ids that ``path`` uses (see the module's docstring)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    in_dashboard = path.is_relative_to(ROOT / "dashboard")
    lookups = {"t"} if in_dashboard else set()
    if _imports(tree, "graph.language", "text"):
        lookups.add("text")
    for node in ast.walk(tree):
        if _is_call(node, lookups) and isinstance(node, ast.Call) and node.args:
            yield Use(path, node.lineno, _literal(node.args[0], path, f"{node.func.id}()"))  # type: ignore[attr-defined]
    if not _imports(tree, "graph.language", "phrasebook"):
        return
    groups = {_literal(node.args[0], path, "phrasebook()") for node in ast.walk(tree)
              if _is_call(node, ["phrasebook"]) and isinstance(node, ast.Call) and node.args}
    if len(groups) != 1:
        raise UncheckableUse(f"{_where(path)}: uses the phrasebooks {sorted(groups)}; "
                             "tests/language/message_use.py reads one phrasebook per module")
    (group,) = groups
    # Functions of the module that hand out the phrasebook, e.g. ``def _words(language): return phrasebook(...)``.
    makers = {"phrasebook"} | {
        node.name for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef)
        and any(isinstance(r, ast.Return) and _is_call(r.value, ["phrasebook"]) for r in ast.walk(node))
    }
    holders = {target.id for node in ast.walk(tree) if isinstance(node, ast.Assign) and _is_call(node.value, makers)
               for target in node.targets if isinstance(target, ast.Name)}
    # A loop variable counts in its own function only: two functions may loop over different keys with one name.
    scope_of: dict[ast.AST, ast.AST] = {}
    for scope in [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef))]:
        for inner in ast.walk(scope):
            scope_of[inner] = scope  # functions come after the module and nested after outer: innermost wins
    loops_of = {scope: _loop_values(tree, scope) for scope in set(scope_of.values())}
    for node in ast.walk(tree):
        loops = loops_of[scope_of[node]]
        if isinstance(node, ast.Subscript) and (
                (isinstance(node.value, ast.Name) and node.value.id in holders) or _is_call(node.value, makers)):
            if isinstance(node.slice, ast.Name) and node.slice.id in loops:
                keys = sorted(loops[node.slice.id])
            else:
                holder = node.value.id if isinstance(node.value, ast.Name) else "phrasebook(...)"
                keys = [_literal(node.slice, path, f"{holder}[...] (phrasebook {group!r})")]
            yield from (Use(path, node.lineno, f"{group}.{key}") for key in keys)


def message_uses(paths: Iterable[Path] = SOURCES) -> list[Use]:
    """Every use of a message id in ``paths`` (by default all the code that may show words)."""
    return [use for path in paths for use in uses_in(path)]
