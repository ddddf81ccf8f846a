"""Every problem code the importers can report is produced here from a real input file.

``CASES`` maps each code to files that produce it through the real reader and validator
(:func:`importers.records.plan_import`) and to where its first problem must be reported. The completeness
test reads the importers' source and fails when a code they can emit has no case here (or a case names a
code they no longer emit): a new code cannot go untested.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import importers
from graph.model.vocabulary import Vocabulary
from importers.columns import Role
from importers.problems import Severity
from importers.records import plan_import
from tests.support import WriteFile, WriteWorkbook

#: A file that is not written at all.
MISSING = None

Sheets = Mapping[str, Sequence[Sequence[object]]]
Content = str | bytes | Sheets | None

AB = "id;name;kind\na;A;other\nb;B;other\n"  # two actors for the relation cases
E, W = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True)
class Case:
    """Input files (name → content, in import order) and where the code's first problem is reported:
    (source's file name, line, column, severity)."""

    files: Mapping[str, Content]
    where: tuple[str, int, str, Severity]
    roles: Mapping[str, Role] = field(default_factory=dict)  # by file name


CASES: dict[str, Case] = {
    # -- reading the file (importers.tables) --
    "file-not-found": Case({"fehlt.csv": MISSING}, ("fehlt.csv", 0, "", E)),
    "file-unreadable": Case({"akteure.csv": b"PK\x03\x04" + bytes(60)}, ("akteure.csv", 0, "", E)),  # a workbook
    "unsupported-file": Case({"akteure.xls": b"\xd0\xcf\x11\xe0"}, ("akteure.xls", 0, "", E)),
    "unknown-encoding": Case({"a.csv": b"Name;Art\nA\x81\x8d;other\n"}, ("a.csv", 0, "", E)),
    "empty-file": Case({"a.csv": b""}, ("a.csv", 0, "", E)),
    "bad-quotes": Case({"a.csv": 'name;kind\nA;other\n"B;other\nC;other\n'}, ("a.csv", 3, "", E)),
    "missing-header": Case({"a.csv": ";\nA;other\n"}, ("a.csv", 1, "", E)),
    "empty-header": Case({"a.csv": "name;kind;\nA;other;x\n"}, ("a.csv", 1, "column C", E)),
    "duplicate-header": Case({"a.csv": "name;kind;Name\nA;other;B\n"}, ("a.csv", 1, "Name", E)),
    "too-many-cells": Case({"a.csv": "name;kind\nA;other\nB;other;x\n"}, ("a.csv", 3, "column C", E)),
    "mojibake": Case({"a.csv": "name;kind\nA;other\nGrÃ¼ÃŸe;other\n"}, ("a.csv", 3, "name", W)),
    # -- the tables as a whole (importers.records) --
    "unknown-table": Case({"a.csv": "Thema;Datum\nSitzung;Montag\n"}, ("a.csv", 1, "", E)),
    "duplicate-column": Case({"a.csv": "name;Bezeichnung;kind\nA;B;other\n"}, ("a.csv", 1, "Bezeichnung", E)),
    "missing-column-name": Case({"a.csv": "id;kind\nx;other\n"}, ("a.csv", 1, "", E), roles={"a.csv": Role.ACTORS}),
    "missing-column-kind": Case({"a.csv": "name;Ort\nVerein;Tamm\n"}, ("a.csv", 1, "", E)),
    "missing-column-type": Case({"a.csv": AB, "r.csv": "from;to\na;b\n"}, ("r.csv", 1, "", E)),
    # -- actor rows --
    "missing-name": Case({"a.csv": "name;kind\n ;other\n"}, ("a.csv", 2, "name", E)),
    "missing-kind": Case({"a.csv": "Name;Art\nVerein;\n"}, ("a.csv", 2, "Art", E)),
    "unknown-kind": Case({"a.csv": "name;kind\nVerein;Sportverein\n"}, ("a.csv", 2, "kind", E)),
    "place-outside-district": Case({"a.csv": "name;kind;Sitz\nMinisterium;state_ministry;Stuttgart\n"},
                                   ("a.csv", 2, "Sitz", W)),
    "conflicting-duplicate": Case({"a.csv": "id;name;kind\nv;Verein;other\nv;Verein e.V.;other\n"},
                                  ("a.csv", 3, "id", E)),
    "invalid-ags": Case({"a.csv": "name;kind;Gemeindeschlüssel\nAsperg;Kommune;0811800X\n"},
                        ("a.csv", 2, "Gemeindeschlüssel", E)),
    "invalid-number": Case({"a.csv": "name;kind;Einwohner\nAsperg;Kommune;etwa 13000\n"}, ("a.csv", 2, "Einwohner", E)),
    "invalid-date": Case({"a.csv": "name;kind;Stichtag\nAsperg;Kommune;31.02.2023\n"}, ("a.csv", 2, "Stichtag", E)),
    "invalid-coordinate": Case({"a.csv": "name;kind;lat\nAsperg;Kommune;91\n"}, ("a.csv", 2, "lat", E)),
    "unknown-field": Case({"a.csv": "name;kind;fields\nVerein;other;Gesundheit\n"}, ("a.csv", 2, "fields", E)),
    # -- relation rows --
    "missing-actor": Case({"a.csv": AB, "r.csv": "from;to;type\n;b;funds\n"}, ("r.csv", 2, "from", E)),
    "ambiguous-actor": Case({"a.csv": "id;name;kind\nx1;Verein;other\nx2;Verein;other\nb;B;other\n",
                             "r.csv": "from;to;type\nb;Verein;funds\n"}, ("r.csv", 2, "to", E)),
    "invalid-actor": Case({"a.csv": AB + "c;C;Sportverein\n", "r.csv": "from;to;type\na;c;funds\n"},
                          ("r.csv", 2, "to", E)),
    "unknown-actor": Case({"a.csv": AB, "r.csv": "from;to;type\na;niemand;funds\n"}, ("r.csv", 2, "to", E)),
    "missing-type": Case({"a.csv": AB, "r.csv": "Von;Nach;Beziehung\na;b;\n"}, ("r.csv", 2, "Beziehung", E)),
    "unknown-type": Case({"a.csv": AB, "r.csv": "from;to;type\na;b;kennt\n"}, ("r.csv", 2, "type", E)),
    "self-tie": Case({"a.csv": AB, "r.csv": "from;to;type\na;a;funds\n"}, ("r.csv", 2, "to", E)),
    "until-before-since": Case({"a.csv": AB, "r.csv": "from;to;type;seit;bis\na;b;funds;2020;31.12.2019\n"},
                               ("r.csv", 2, "bis", E)),
}


def _write(name: str, content: Content, tmp_path: Path, write_file: WriteFile,
           write_workbook: WriteWorkbook) -> Path:
    if content is MISSING:
        return tmp_path / name
    if isinstance(content, str | bytes):
        return write_file(name, content)
    return write_workbook(name, content)


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_code_is_produced_from_a_real_file(code: str, vocabulary: Vocabulary, tmp_path: Path,
                                               write_file: WriteFile, write_workbook: WriteWorkbook) -> None:
    case = CASES[code]
    paths = {name: _write(name, content, tmp_path, write_file, write_workbook) for name, content in case.files.items()}
    roles = {str(paths[name]): role for name, role in case.roles.items()}
    plan = plan_import([str(p) for p in paths.values()], vocabulary, roles=roles, imported_at="2025-01-15T09:30:00")
    found = [p for p in plan.problems if p.code == code]
    assert found, f"{code} not produced; got {[str(p) for p in plan.problems]}"
    first = found[0]
    assert (Path(first.source).name, first.line, first.column, first.severity) == case.where, str(first)
    assert first.message and str(first).endswith(f"[{code}]")
    if first.is_error:
        assert plan.has_errors


# --- which codes the importers can emit --------------------------------------------------------------------

IMPORTERS = Path(importers.__file__).resolve().parent


def _walk(node: ast.AST, function: ast.FunctionDef | None = None) -> Iterator[tuple[ast.FunctionDef | None, ast.Call]]:
    """Every call in ``node``, with the innermost function it is in."""
    for child in ast.iter_child_nodes(node):
        inner = child if isinstance(child, ast.FunctionDef) else function
        if isinstance(child, ast.Call):
            yield function, child
        yield from _walk(child, inner)


def _callee(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _parameters(function: ast.FunctionDef) -> list[str]:
    names = [a.arg for a in (*function.args.posonlyargs, *function.args.args)]
    return names[1:] if names[:1] in (["self"], ["cls"]) else names


def _expand(text: ast.JoinedStr, function: ast.FunctionDef | None) -> set[str] | None:
    """The codes an f-string code can be: its one ``{name}`` filled with each value of a ``for name in (...)``
    loop of literals around it in the same function; None when it cannot be told."""
    holes = [v for v in text.values if isinstance(v, ast.FormattedValue)]
    if function is None or len(holes) != 1 or not isinstance(holes[0].value, ast.Name):
        return None
    name = holes[0].value.id
    for loop in ast.walk(function):
        if (isinstance(loop, ast.For) and isinstance(loop.target, ast.Name) and loop.target.id == name
                and isinstance(loop.iter, ast.Tuple | ast.List)
                and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in loop.iter.elts)):
            values = [e.value for e in loop.iter.elts if isinstance(e, ast.Constant)]
            return {"".join(str(v.value) if isinstance(v, ast.Constant) else value for v in text.values)
                    for value in values}
    return None


def emitted_codes(folder: Path = IMPORTERS) -> tuple[set[str], list[str]]:
    """Every problem code the modules in ``folder`` can emit, and the places whose code cannot be read.

    A code is the ``code`` argument of a ``Problem(...)`` call, or of a call to a function that passes one of
    its own parameters on as that argument (``_fail(source, code, message)``, ``row.error(column, code,
    message)``), found to a fixed point: a string literal, or an f-string over a loop of literals.
    """
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(folder.rglob("*.py"))}
    emitters: dict[str, tuple[int, str]] = {"Problem": (3, "code")}  # callee → (position, keyword) of the code
    while True:
        codes: set[str] = set()
        unreadable: list[str] = []
        known = len(emitters)
        for path, tree in trees.items():
            for function, call in _walk(tree):
                callee = _callee(call)
                if callee not in emitters:
                    continue
                position, keyword = emitters[callee]
                given = call.args[position] if position < len(call.args) else next(
                    (k.value for k in call.keywords if k.arg == keyword), None)
                where = f"{path.relative_to(folder.parent)}:{call.lineno}"
                if isinstance(given, ast.Constant) and isinstance(given.value, str):
                    codes.add(given.value)
                elif isinstance(given, ast.JoinedStr) and (expanded := _expand(given, function)) is not None:
                    codes |= expanded
                elif (isinstance(given, ast.Name) and function is not None
                      and given.id in _parameters(function)):
                    emitters.setdefault(function.name, (_parameters(function).index(given.id), given.id))
                else:
                    unreadable.append(where)
        if len(emitters) == known:
            return codes, unreadable


def test_the_scan_finds_codes_of_every_form() -> None:
    codes, _ = emitted_codes()
    assert {"file-not-found", "bad-quotes"} <= codes  # through _fail and Problem in importers.tables
    assert {"missing-column-name", "missing-column-kind", "missing-column-type"} <= codes  # an f-string
    assert {"missing-name", "place-outside-district"} <= codes  # through a row's error and warn


def test_every_code_the_importers_can_emit_has_a_case() -> None:
    codes, unreadable = emitted_codes()
    assert unreadable == [], "problem codes the scan cannot read (use a string literal): " + ", ".join(unreadable)
    assert sorted(codes - set(CASES)) == [], "codes without a case in CASES"
    assert sorted(set(CASES) - codes) == [], "cases of codes the importers no longer emit"
