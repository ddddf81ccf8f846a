"""The import template (``integranet template``): generated from the schema, read back by the importer itself.

The workbook is opened with openpyxl and, where LibreOffice is installed, with LibreOffice; a template filled
with one valid row per sheet (each cell its column's example) imports without an error.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from graph.model.schema import ACTOR_TYPE
from graph.model.vocabulary import Vocabulary
from graph.store.embedded import EmbeddedStore
from importers.columns import Role, detect_role, map_columns
from importers.load import load_plan
from importers.node_tables import map_node_columns, table_kind
from importers.records import plan_import
from importers.template import TEMPLATE_ROWS, template_workbook, write_template
from importers.template_layout import TemplateLayout, TemplateSheet, template_layout
from tests.support import run

LANGUAGES = ("de", "en")


def _book(vocabulary: Vocabulary, language: str, tmp_path: Path) -> tuple[Path, openpyxl.Workbook]:
    path = write_template(vocabulary, tmp_path / f"Vorlage-{language}.xlsx", language)
    return path, openpyxl.load_workbook(path)


def _headers(sheet: object) -> list[str]:
    return [cell.value for cell in next(sheet.iter_rows(min_row=1, max_row=1))]  # type: ignore[attr-defined]


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_sheet_per_table_with_headers_the_importer_reads(vocabulary: Vocabulary, language: str,
                                                             tmp_path: Path) -> None:
    _, book = _book(vocabulary, language, tmp_path)
    schema = vocabulary.schema
    plurals = [t.plural(language) for t in schema.node_only_types]
    explanation, lists = ("Erläuterung", "Listen") if language == "de" else ("Explanation", "Lists")
    actors, relations, links = (("Akteure", "Beziehungen", "Verknüpfungen") if language == "de"
                                else ("Actors", "Relations", "Links"))
    assert book.sheetnames == [explanation, actors, relations, *plurals, links, lists]
    assert book[lists].sheet_state == "hidden"
    assert all(book[name].sheet_state == "visible" for name in book.sheetnames[:-1])
    assert all(book[name].freeze_panes == "A2" for name in book.sheetnames[:-1])

    # Every header of every data sheet is one the importer maps to the column the template means.
    layout = template_layout(vocabulary, language)
    for sheet in layout.sheets:
        headers = _headers(book[sheet.title])
        assert headers == [c.header(language) for c in sheet.columns]
        if sheet.key == "actors":
            assert detect_role(headers) is Role.ACTORS
            columns = map_columns(headers, Role.ACTORS)
        elif sheet.key == "relations":
            assert detect_role(headers) is Role.RELATIONS
            columns = map_columns(headers, Role.RELATIONS)
        elif sheet.key == "links":
            assert table_kind(sheet.title, schema) is not None
            assert table_kind(sheet.title, schema).role is Role.LINKS  # type: ignore[union-attr]
            columns = map_columns(headers, Role.LINKS)
        else:
            kind = table_kind(sheet.title, schema)
            assert kind is not None and kind.role is Role.NODES and kind.node_type == sheet.key
            node_type = schema.node_type(sheet.key)
            columns = map_node_columns(headers, node_type)
            expected = ["id", "name", *(p.name for p in node_type.properties), "provenance", "confirmed"]
            assert list(columns.positions) == expected
        assert not columns.extra and not columns.duplicates, sheet.title
        assert list(columns.positions) == [c.key for c in sheet.columns], sheet.title


def test_the_english_template_has_english_headers_and_labels(vocabulary: Vocabulary, tmp_path: Path) -> None:
    _, book = _book(vocabulary, "en", tmp_path)
    assert _headers(book["Offers"])[:3] == ["ID", "Name", "Status"]
    assert _headers(book["Actors"])[:3] == ["id", "name", "kind"]  # as the exports write them
    assert "Confirmed not offered" in {value for row in book["Lists"].iter_rows(values_only=True) for value in row}
    _, german = _book(vocabulary, "de", tmp_path)
    assert _headers(german["Angebote"])[:4] == ["Kennung", "Name", "Status", "Zielgruppen"]


def _list_values(book: openpyxl.Workbook, formula: str) -> list[str]:
    """The values a list validation's formula (``=Defined_name``) refers to."""
    name = formula.lstrip("=")
    ((title, reference),) = list(book.defined_names[name].destinations)
    return [row[0].value for row in book[title][reference.replace("$", "")]]


@pytest.mark.parametrize("language", LANGUAGES)
def test_term_columns_have_drop_downs_of_their_vocabulary(vocabulary: Vocabulary, language: str,
                                                          tmp_path: Path) -> None:
    _, book = _book(vocabulary, language, tmp_path)
    layout = template_layout(vocabulary, language)
    schema = vocabulary.schema

    def validation(sheet: TemplateSheet, key: str) -> tuple[list[str], bool]:
        letter = get_column_letter([c.key for c in sheet.columns].index(key) + 1)
        found = [v for v in book[sheet.title].data_validations.dataValidation
                 if str(v.sqref) == f"{letter}2:{letter}{TEMPLATE_ROWS + 1}"]
        assert len(found) == 1, (sheet.title, key)
        assert found[0].type == "list"
        return _list_values(book, found[0].formula1), bool(found[0].showErrorMessage)

    by_key = {s.key: s for s in layout.sheets}
    assert validation(by_key["actors"], "kind") == ([t.label(language) for t in vocabulary.kinds], True)
    assert validation(by_key["actors"], "fields") == ([t.label(language) for t in vocabulary.fields], False)
    assert validation(by_key["relations"], "type")[0] == [t.label(language) for t in vocabulary.relation_types]
    assert validation(by_key["links"], "type")[0] == [t.label(language) for t in schema.link_types.values()]
    checked = 0
    for node_type in schema.node_only_types:
        for spec in node_type.properties:
            if spec.datatype in ("term", "terms"):
                values, strict = validation(by_key[node_type.id], spec.name)
                assert values == [t.label(language) for t in schema.terms[spec.vocabulary]]
                assert strict is (spec.datatype == "term")  # several values ("A | B") are allowed where they may be
                checked += 1
            elif spec.datatype == "boolean":
                assert validation(by_key[node_type.id], spec.name)[0] == (
                    ["ja", "nein"] if language == "de" else ["yes", "no"])
    assert checked >= 10
    # A column without a vocabulary has no drop-down.
    names = by_key["actors"].columns
    name_letter = get_column_letter([c.key for c in names].index("name") + 1)
    assert not any(str(v.sqref).startswith(f"{name_letter}2:") for v in book["Akteure" if language == "de" else
                                                                            "Actors"].data_validations.dataValidation)


def test_required_columns_are_bold_with_a_note_and_others_are_not(vocabulary: Vocabulary, tmp_path: Path) -> None:
    _, book = _book(vocabulary, "de", tmp_path)
    layout = template_layout(vocabulary, "de")
    indicator = next(s for s in layout.sheets if s.key == "Indicator")
    row = book[indicator.title][1]
    required = {c.header("de") for c in indicator.columns if c.required}
    assert required == {"Name", "Kennzahl", "Wert", "Einheit", "Stichtag", "Gebiet"}
    for cell in row:
        assert bool(cell.font.bold) is (cell.value in required), cell.value
        assert cell.comment is not None
        assert cell.comment.text.startswith("Pflichtfeld") is (cell.value in required)
    actors = book["Akteure"][1]
    assert [c.value for c in actors if c.font.bold] == ["Bezeichnung", "Art"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_explanation_names_every_column_of_every_sheet(vocabulary: Vocabulary, language: str,
                                                           tmp_path: Path) -> None:
    _, book = _book(vocabulary, language, tmp_path)
    layout: TemplateLayout = template_layout(vocabulary, language)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert len(rows[0]) == 8 and rows[0][0] == ("Tabellenblatt" if language == "de" else "Sheet")
    expected = [(s.title, c.header_de, c.header_en) for s in layout.sheets for c in s.columns]
    assert [r[:3] for r in rows[1:]] == expected
    yes = "ja" if language == "de" else "yes"
    for row, (sheet, column) in zip(rows[1:], ((s, c) for s in layout.sheets for c in s.columns), strict=True):
        assert row[3] == column.datatype_text and row[4] == (yes if column.required else ("nein" if yes == "ja"
                                                                                          else "no"))
        assert row[6], f"{sheet.title}.{column.key} has no meaning"
        assert row[7], f"{sheet.title}.{column.key} has no example"
        if column.values:
            assert row[5] == ", ".join(layout.lists[column.values])
    status = next(r for r in rows if r[0] == ("Angebote" if language == "de" else "Offers") and r[2] == "Status")
    assert ("Bestätigt nicht angeboten" if language == "de" else "Confirmed not offered") in status[5]
    # Column widths follow the headers and examples instead of Excel's narrow default.
    offers = book["Angebote" if language == "de" else "Offers"]
    assert all(offers.column_dimensions[get_column_letter(i)].width >= 12 for i in range(1, 10))


def _fill(vocabulary: Vocabulary, language: str, path: Path) -> None:
    """Write one valid row into every data sheet: each cell its column's example, except what would make the row
    mean something else (a municipality's figures on an organisation, an event that is part of itself)."""
    book = openpyxl.load_workbook(path)
    layout = template_layout(vocabulary, language)
    leave_empty = {("actors", k) for k in ("municipality", "serves", "ags", "population", "population_date")}
    leave_empty |= {("Event", "part_of")} | {("links", k) for k in ("since", "until", "note")}
    for sheet in layout.sheets:
        values = [None if (sheet.key, c.key) in leave_empty else c.example for c in sheet.columns]
        book[sheet.title].append(values)
        if sheet.key == "actors":  # the relation's other end
            kind = next(t for t in vocabulary.kinds if t.id == "employment_agency").label(language)
            book[sheet.title].append(["jobcenter", "Jobcenter Musterstadt", kind])
    book.save(path)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_filled_template_imports_without_errors(vocabulary: Vocabulary, language: str, tmp_path: Path) -> None:
    path, _ = _book(vocabulary, language, tmp_path)
    _fill(vocabulary, language, path)
    plan = plan_import([path], vocabulary, imported_at="2025-01-15T09:30:00")
    assert plan.errors == (), [str(p) for p in plan.errors]
    layout = template_layout(vocabulary, language)
    # The explanation and the hidden lists are no data: at most a note that they were left aside.
    assert {p.source for p in plan.warnings} <= {f"{path}[{layout.explanation_title}]", f"{path}[{layout.lists_title}]"}
    assert {a.id for a in plan.actors} == {"vhs", "jobcenter"}
    assert len(plan.relations) == 1
    assert plan.nodes_by_type() == {t.id: 1 for t in vocabulary.schema.node_only_types}
    offer = next(n for n in plan.nodes if n.type == "Offer")
    assert offer.properties["status"] == "offered" and offer.properties["district_wide"] is True
    assert offer.properties["language_levels"] == ("a1", "a2")
    assert {lk.type for lk in plan.links} >= {"ORGANISES", "CONCERNS", "MEASURED_FOR", "PROVIDES"}
    with EmbeddedStore(tmp_path / "s.sqlite", vocabulary) as store:
        result = load_plan(plan, store)
        assert result.actors == 2 and sum(result.nodes.values()) == len(vocabulary.schema.node_only_types)
        assert {n.type for n in store.nodes()} == {t.id for t in vocabulary.schema.node_only_types}
        assert ACTOR_TYPE not in {n.type for n in store.nodes()}


def test_template_command_writes_and_refuses_to_overwrite(tmp_path: Path, vocabulary: Vocabulary) -> None:
    out = tmp_path / "Vorlage.xlsx"
    code, stdout, stderr = run("template", "--out", str(out))
    assert code == 0, stderr
    assert "Vorlage.xlsx" in stdout and "Verknüpfungen" in stdout
    assert openpyxl.load_workbook(out).sheetnames[0] == "Erläuterung"
    out.write_bytes(b"mine")
    code, stdout, stderr = run("template", "--out", str(out), "--language", "en")
    assert code == 2 and "--force" in stderr and "exists already" in stderr
    assert out.read_bytes() == b"mine"
    code, _, stderr = run("template", "--out", str(out), "--language", "en", "--force")
    assert code == 0, stderr
    assert openpyxl.load_workbook(out).sheetnames[0] == "Explanation"


def test_template_workbook_gives_the_bytes_of_the_file(vocabulary: Vocabulary) -> None:
    book = openpyxl.load_workbook(io.BytesIO(template_workbook(vocabulary, "en")))
    assert book.sheetnames[0] == "Explanation" and book.sheetnames[-1] == "Lists"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_template(vocabulary: Vocabulary, tmp_path: Path) -> None:
    path, _ = _book(vocabulary, "de", tmp_path)
    layout = template_layout(vocabulary, "de")
    out = tmp_path / "csv"
    # Filter options: comma, quote, UTF-8, from line 1 … and -1 for every sheet (LibreOffice 7.2 and later).
    every_sheet = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    result = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                             "--convert-to", every_sheet, "--outdir", str(out), str(path)],
                            capture_output=True, text=True, timeout=240, check=False)
    assert result.returncode == 0, result.stderr
    for sheet in layout.sheets:
        written = out / f"{path.stem}-{sheet.title}.csv"
        assert written.is_file(), (sheet.title, result.stdout)
        with written.open(encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == [c.header("de") for c in sheet.columns]
    with (out / f"{path.stem}-{layout.explanation_title}.csv").open(encoding="utf-8", newline="") as handle:
        assert sum(1 for _ in csv.reader(handle)) == 1 + sum(len(s.columns) for s in layout.sheets)
