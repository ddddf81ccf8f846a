"""Every problem code the importers can report is produced here from a real input file.

``CASES`` maps each code to files that produce it through the real reader and validator
(:func:`importers.records.plan_import`) and to where its first problem must be reported. The completeness
test reads the importers' source and fails when a code they can emit has no case here (or a case names a
code they no longer emit): a new code cannot go untested.
"""

from __future__ import annotations

import ast
import io
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import importers
from graph.model.vocabulary import Vocabulary
from importers.columns import Role
from importers.problems import Severity
from importers.records import plan_import
from tests.importers.test_survey_problem_codes import SURVEY_CASES
from tests.support import WriteFile, WriteWorkbook

#: A file that is not written at all.
MISSING = None

Sheets = Mapping[str, Sequence[Sequence[object]]]
#: A callable content is made when the test runs (a large file would otherwise sit in memory for the session).
Content = str | bytes | Sheets | Callable[[], bytes] | None

def _zip_bomb() -> bytes:
    """A workbook-sized zip (well under a megabyte) whose sheet unpacks to more than 300 MB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive, archive.open("xl/worksheets/sheet1.xml",
                                                                                   "w", force_zip64=True) as sheet:
        for _ in range(310):
            sheet.write(b" " * 2**20)
    return out.getvalue()


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
    "implausible-characters": Case({"a.csv": "name;kind\nA;other\nMŸtter;other\n"}, ("a.csv", 3, "name", W)),
    "encoding-guessed": Case({"a.csv": "name;kind\nMütterzentrum;other\n".encode("mac_roman")}, ("a.csv", 0, "", W)),
    "cell-too-long": Case({"a.csv": "name;kind\nA;other\nB;" + "x" * 1_000_001 + "\n"}, ("a.csv", 3, "", E)),
    "no-data-rows": Case({"a.csv": "name;kind\n"}, ("a.csv", 0, "", W)),
    "file-too-large": Case({"a.xlsx": _zip_bomb}, ("a.xlsx", 0, "", E)),
    "too-many-columns": Case({"a.csv": ";".join(["name", "kind", *(f"c{i}" for i in range(499))]) + "\nA;other\n"},
                             ("a.csv", 0, "", E)),
    "too-many-rows": Case({"a.csv": lambda: ("name;kind\n" + "A;other\n" * 100_001).encode()}, ("a.csv", 0, "", E)),
    "contact-data-in-text": Case({"a.csv": "name;kind;Notizen\nA;other;Tel. 07141 12345\n"},
                                 ("a.csv", 2, "Notizen", W)),
    "personal-looking-column": Case({"a.csv": "name;kind;Leitung\nA;other;chefin@verein.example\n"},
                                    ("a.csv", 2, "Leitung", W)),
    "formula-without-value": Case({"buch.xlsx": {"Akteure": [["name", "kind", "Einwohner"], ["A", "other", "=1+1"]]}},
                                  ("buch.xlsx[Akteure]", 2, "Einwohner", W)),
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
    # -- node tables (importers.node_records, importers.property_values), named after their type --
    "missing-column": Case({"formate.csv": "Name;Rhythmus\nTreffen;Jährlich\n"}, ("formate.csv", 1, "", E)),
    "missing-property": Case({"formate.csv": "Name;Art\nTreffen;\n"}, ("formate.csv", 2, "Art", E)),
    "unknown-term": Case({"formate.csv": "Name;Art\nTreffen;Sitzung\n"}, ("formate.csv", 2, "Art", E)),
    "too-many-terms": Case({"buch.xlsx": {"Formate": [["Name", "Art"], ["Treffen", "Austauschtreffen|Newsletter"]]}},
                           ("buch.xlsx[Formate]", 2, "Art", E)),
    "invalid-boolean": Case({"angebote.csv": "Name;Status;Ganzer Landkreis\nKurs;Angeboten;vielleicht\n"},
                            ("angebote.csv", 2, "Ganzer Landkreis", E)),
    "end-before-start": Case({"veranstaltungen.csv": "Name;Art;Beginn;Ende\n"
                                                     "Konferenz;Konferenz;19.11.2020;09.11.2020\n"},
                             ("veranstaltungen.csv", 2, "Ende", E)),
    "id-taken": Case({"a.csv": AB, "formate.csv": "id;Name;Art\na;Treffen;Newsletter\n"}, ("formate.csv", 2, "id", E)),
    # -- link columns and links tables (importers.node_refs, importers.link_records) --
    "unknown-node": Case({"formate.csv": "Name;Art;Organisiert von\nTreffen;Newsletter;niemand\n"},
                         ("formate.csv", 2, "Organisiert von", E)),
    "ambiguous-node": Case({"a.csv": "id;name;kind\nx1;Verein;other\nx2;Verein;other\n",
                            "formate.csv": "Name;Art;Organisiert von\nTreffen;Newsletter;Verein\n"},
                           ("formate.csv", 2, "Organisiert von", E)),
    "link-not-allowed": Case({"a.csv": AB, "formate.csv": "Name;Art;Handlungsfelder\nTreffen;Newsletter;a\n"},
                             ("formate.csv", 2, "Handlungsfelder", E)),
    "invalid-node": Case({"veranstaltungen.csv": "Name;Art;Beginn;Teil von\nKonferenz;Konferenz;kein Datum;\n"
                                                 "Panel;Panel;10.11.2020;Konferenz\n"},
                         ("veranstaltungen.csv", 3, "Teil von", E)),
    "self-link": Case({"veranstaltungen.csv": "id;Name;Art;Beginn;Teil von\nk;Konferenz;Konferenz;09.11.2020;k\n"},
                      ("veranstaltungen.csv", 2, "Teil von", E)),
    "missing-node": Case({"a.csv": AB, "links.csv": "Von;Art;Nach\n;organisiert;x\n"}, ("links.csv", 2, "Von", E)),
    "fields-on-link": Case({"a.csv": AB, "formate.csv": "id;Name;Art\nt;Treffen;Newsletter\n",
                            "r.csv": "from;to;type;fields\na;t;organisiert;Arbeit und Ausbildung\n"},
                           ("r.csv", 2, "fields", E)),
}


def _write(name: str, content: Content, tmp_path: Path, write_file: WriteFile,
           write_workbook: WriteWorkbook) -> Path:
    if content is MISSING:
        return tmp_path / name
    if callable(content):
        return write_file(name, content())
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
    covered = set(CASES) | set(SURVEY_CASES)  # the survey reader's codes come from real survey workbooks
    assert sorted(codes - covered) == [], "codes without a case in CASES or SURVEY_CASES"
    assert sorted(covered - codes) == [], "cases of codes the importers no longer emit"


# --- graph files (importers.graph_files): one element of a GraphML or GEXF file is one row ------------------------

_KEYS = ('<?xml version="1.0"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
         '  <key id="n" for="node" attr.name="name" attr.type="string"/>\n'
         '  <key id="k" for="node" attr.name="kind" attr.type="string"/>\n'
         '  <key id="t" for="all" attr.name="type" attr.type="string"/>\n  <graph>\n')  # the first element: line 7


def _graph(*elements: str) -> str:
    return _KEYS + "".join(f"    {e}\n" for e in elements) + "  </graph>\n</graphml>\n"


_A, _B = '<node id="a"><data key="n">A</data><data key="k">other</data></node>', \
    '<node id="b"><data key="n">B</data><data key="k">other</data></node>'

GRAPH_CASES: dict[str, Case] = {
    "xml-doctype": Case({"g.graphml": '<?xml version="1.0"?>\n<!DOCTYPE g [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                                      "<graphml>&x;</graphml>\n"}, ("g.graphml", 2, "", E)),
    "xml-malformed": Case({"g.gexf": "<gexf>\n<graph>\n</gexf>\n"}, ("g.gexf", 3, "", E)),
    "not-a-graph-file": Case({"g.graphml": '<?xml version="1.0"?>\n<svg/>\n'}, ("g.graphml", 2, "svg", E)),
    "unknown-node-type": Case({"g.graphml": _graph('<node id="u"><data key="t">Ufo</data></node>')},
                              ("g.graphml", 7, "type", E)),
    "duplicate-node": Case({"g.graphml": _graph(_A, _A)}, ("g.graphml", 8, "id", E)),
    "untyped-edge": Case({"g.graphml": _graph(_A, _B, '<edge source="a" target="b"/>')}, ("g.graphml", 9, "type", E)),
    "xml-too-deep": Case({"g.graphml": _graph('<node id="n"><graph>' * 3000 + "</graph></node>" * 3000)},
                         ("g.graphml", 0, "", E)),
}
# Counted by the completeness test; test_each_code_is_produced_from_a_real_file took its cases before this line.
CASES.update(GRAPH_CASES)


@pytest.mark.parametrize("code", sorted(GRAPH_CASES))
def test_each_graph_file_code_is_produced_from_a_real_file(code: str, vocabulary: Vocabulary, tmp_path: Path,
                                                           write_file: WriteFile,
                                                           write_workbook: WriteWorkbook) -> None:
    from importers.graph_files import plan_graph_import

    case = GRAPH_CASES[code]
    paths = [_write(name, content, tmp_path, write_file, write_workbook) for name, content in case.files.items()]
    plan = plan_graph_import([str(p) for p in paths], vocabulary, imported_at="2025-01-15T09:30:00")
    found = [p for p in plan.problems if p.code == code]
    assert found, f"{code} not produced; got {[str(p) for p in plan.problems]}"
    first = found[0]
    assert (Path(first.source).name, first.line, first.column, first.severity) == case.where, str(first)
    assert first.message and str(first).endswith(f"[{code}]") and plan.has_errors

# --- likely duplicates (importers.records): a new actor whose name is that of another of its kind and place -------
CASES["likely-duplicate"] = Case({"a.csv": "id;name;kind\nv1;VHS Tamm;course_provider\n"
                                           "v2;Volkshochschule Tamm e.V.;course_provider\n"}, ("a.csv", 3, "name", W))


def test_likely_duplicate_is_produced_from_a_real_file(vocabulary: Vocabulary, tmp_path: Path, write_file: WriteFile,
                                                       write_workbook: WriteWorkbook) -> None:
    # Added after test_each_code_is_produced_from_a_real_file took its cases, so it is run here.
    case = CASES["likely-duplicate"]
    paths = [_write(name, content, tmp_path, write_file, write_workbook) for name, content in case.files.items()]
    plan = plan_import([str(p) for p in paths], vocabulary, imported_at="2025-01-15T09:30:00")
    found = [p for p in plan.problems if p.code == "likely-duplicate"]
    assert found, [str(p) for p in plan.problems]
    assert (Path(found[0].source).name, found[0].line, found[0].column, found[0].severity) == case.where
    assert "'VHS Tamm'" in found[0].message and "score 100" in found[0].message and not plan.has_errors
