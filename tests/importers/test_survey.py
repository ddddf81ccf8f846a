"""The survey round: a municipality's workbook written from the bundled data, filled in as an officer would,
saved by LibreOffice, read back with its problems and preview, committed, and the answers in the gap matrix and
the survey's status. Real files and a real embedded store (a copy of the seeded one)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from graph.analysis.coverage import CONFIRMED_GAP, DEFAULT_EXPECTED_ROLES, coverage_gaps, load_expected_roles
from graph.errors import ExportError
from graph.model.changes import ChangeMeta
from graph.model.vocabulary import Vocabulary
from graph.store.embedded import EmbeddedStore
from importers.load import load_plan
from importers.preview import preview_plan
from importers.survey_read import read_survey, survey_ids, survey_status
from importers.survey_workbook import SurveyFacts, survey_file_name, survey_round, survey_workbook

LUDWIGSBURG = "ags-08118048"
DATE = dt.date(2026, 12, 1)
SOFFICE = Path("/usr/bin/soffice")
GAP_FIELD, OFFER_FIELD = "housing_living_together", "language_education"


@pytest.fixture
def store(bundled_store_file: Path, tmp_path: Path, vocabulary: Vocabulary) -> Iterator[EmbeddedStore]:
    """A copy of the seeded store of this test's own."""
    path = tmp_path / "store.sqlite"
    shutil.copy(bundled_store_file, path)
    opened = EmbeddedStore(path, vocabulary)
    try:
        yield opened
    finally:
        opened.close()


def _workbook(store: EmbeddedStore, vocabulary: Vocabulary, tmp_path: Path, language: str = "de") -> Path:
    path = tmp_path / survey_file_name("Ludwigsburg", "2026-12", language)
    return survey_workbook(store, vocabulary, LUDWIGSBURG, language, DATE, path)


def _rows_by_field(sheet: Worksheet) -> dict[str, int]:
    headers = [c.value for c in sheet[1]]
    column = headers.index("Handlungsfeld-Kennung") if "Handlungsfeld-Kennung" in headers else headers.index("field id")
    return {str(row[column].value): int(row[0].row or 0) for row in sheet.iter_rows(min_row=2)}


def _fill(path: Path, answers: dict[str, tuple[str, str, str]], sheet_name: str = "Rückmeldung") -> None:
    """Answer as an officer would: per field (answer, offer, provider) in columns C, D, E."""
    book = openpyxl.load_workbook(path)
    sheet = book[sheet_name]
    lines = _rows_by_field(sheet)
    for field, (answer, offer, provider) in answers.items():
        line = lines[field]
        sheet[f"C{line}"], sheet[f"D{line}"], sheet[f"E{line}"] = answer, offer or None, provider or None
    book.save(path)


def _through_libreoffice(path: Path, tmp_path: Path) -> Path:
    """The workbook as LibreOffice saves it (opened and saved again as XLSX, with a private profile)."""
    out = tmp_path / "saved-by-libreoffice"
    out.mkdir()
    subprocess.run([str(SOFFICE), f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(out), str(path)], check=True, capture_output=True,
                   timeout=180)
    saved = out / path.name
    assert saved.exists()
    return saved


def _cell_status(store: EmbeddedStore, vocabulary: Vocabulary, field: str) -> str:
    report = coverage_gaps(store.gap_facts(), vocabulary, load_expected_roles(DEFAULT_EXPECTED_ROLES, vocabulary))
    return next(c.status for c in report.cells if c.municipality_id == LUDWIGSBURG and c.field == field)


def test_the_workbook_has_german_sheets_a_list_of_answers_and_hidden_ids(store: EmbeddedStore,
                                                                          vocabulary: Vocabulary,
                                                                          tmp_path: Path) -> None:
    path = _workbook(store, vocabulary, tmp_path)
    assert path.name == "Umfrage_2026-12_Ludwigsburg.xlsx"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Anleitung", "Rückmeldung", "Akteure", "Bekannte Angebote"]
    answers = book["Rückmeldung"]
    assert [c.value for c in answers[1]][:7] == ["Handlungsfeld", "Frage", "Antwort", "Name des Angebots",
                                                  "Anbieter", "Kontakt", "Anmerkung"]
    assert answers.max_row == len(vocabulary.fields) + 1
    assert "Ludwigsburg" in str(answers["B2"].value)
    lists = answers.data_validations.dataValidation
    assert len(lists) == 1 and "nein – kein Angebot" in str(lists[0].formula1)
    assert str(lists[0].sqref) == f"C2:C{len(vocabulary.fields) + 1}"
    assert all(answers.column_dimensions[c].hidden for c in "HIJK")
    assert (answers["I2"].value, answers["J2"].value, answers["K2"].value) == (LUDWIGSBURG, "2026-12", "2026-12-01")
    assert answers.protection.sheet and answers["I2"].protection.locked and not answers["C2"].protection.locked
    actors = book["Akteure"]
    ids = [row[0] for row in actors.iter_rows(min_row=2, values_only=True)]
    assert "awo-lb" in ids and LUDWIGSBURG not in ids and actors.column_dimensions["A"].hidden
    facts = SurveyFacts.from_store(store)
    offers = [row[0] for row in book["Bekannte Angebote"].iter_rows(min_row=2, values_only=True)]
    assert offers == [o.name for o in facts.town_offers(LUDWIGSBURG)]


def test_a_round_writes_one_workbook_per_municipality_and_never_overwrites(store: EmbeddedStore,
                                                                            vocabulary: Vocabulary,
                                                                            tmp_path: Path) -> None:
    folder = tmp_path / "round"
    paths = survey_round(store, vocabulary, folder, "de", DATE)
    towns = SurveyFacts.from_store(store).municipalities()
    assert len(paths) == len(towns) == 39
    assert folder / "Umfrage_2026-12_Freiberg_am_Neckar.xlsx" in paths
    before = paths[0].read_bytes()
    with pytest.raises(ExportError, match="Will not overwrite"):
        survey_round(store, vocabulary, folder, "de", DATE, [LUDWIGSBURG, towns[0].id])
    assert paths[0].read_bytes() == before
    with pytest.raises(KeyError, match="no municipality"):
        survey_round(store, vocabulary, tmp_path / "other", "de", DATE, ["awo-lb"])
    assert not (tmp_path / "other").exists()


@pytest.mark.skipif(not SOFFICE.exists(), reason="LibreOffice is not installed")
def test_answers_saved_by_libreoffice_read_back_preview_commit_and_fill_the_gap_matrix(
        store: EmbeddedStore, vocabulary: Vocabulary, tmp_path: Path) -> None:
    assert _cell_status(store, vocabulary, GAP_FIELD) != CONFIRMED_GAP
    path = _workbook(store, vocabulary, tmp_path)
    _fill(path, {GAP_FIELD: ("nein – kein Angebot", "", ""),
                 OFFER_FIELD: ("ja – Angebot in dieser Zeile eintragen", "Sprachcafé im Quartier",
                               "AWO Ludwigsburg (Arbeiterwohlfahrt)")})
    saved = _through_libreoffice(path, tmp_path)

    reading = read_survey(saved, vocabulary, store)
    assert not reading.plan.problems, [str(p) for p in reading.plan.problems]
    assert (reading.municipality, reading.survey_id, reading.survey_date) == (LUDWIGSBURG, "2026-12", "2026-12-01")
    assert {(a.field, a.answer) for a in reading.answers} == {(GAP_FIELD, "no"), (OFFER_FIELD, "yes")}
    gap, offer = sorted(reading.plan.nodes, key=lambda n: n.get("status") != "not_offered")
    assert gap.get("status") == "not_offered" and gap.confirmed == "2026-12-01"
    assert gap.provenance == "Umfrage der Gemeinden, Rücklauf Ludwigsburg vom 01.12.2026"
    assert offer.name == "Sprachcafé im Quartier" and offer.get("status") == "offered"
    preview = preview_plan(reading.plan, store)
    assert set(preview.of("nodes").new) == {gap.id, offer.id}
    assert ("awo-lb", "PROVIDES", offer.id) in {(k.source, k.type, k.target) for k in reading.plan.links}
    assert not store.nodes(ids=[gap.id])  # nothing is written before the commit

    result = load_plan(reading.plan, store, change=ChangeMeta.local("import", source=saved.name))
    kept = store.change_set(result.change_set)
    assert kept is not None and kept.source == saved.name and kept.action == "import"
    assert _cell_status(store, vocabulary, GAP_FIELD) == CONFIRMED_GAP
    assert {(k.type, k.target) for k in store.links(node_ids=[gap.id])} == {("SERVES", LUDWIGSBURG),
                                                                           ("CONCERNS", GAP_FIELD)}
    assert survey_ids(store) == ["2026-12"]
    status = {s.municipality: s for s in survey_status(store, "2026-12")}
    assert status[LUDWIGSBURG].answered and status[LUDWIGSBURG].files == (saved.name,)
    assert status[LUDWIGSBURG].fields == 2 and status[LUDWIGSBURG].when == reading.plan.imported_at
    assert not status["ags-08118003"].answered and len(status) == 39
    # Read again, the same answers change nothing.
    assert preview_plan(read_survey(saved, vocabulary, store).plan, store).changes_nothing


def test_a_bad_answer_and_a_yes_without_offer_are_named_by_sheet_line_and_column(store: EmbeddedStore,
                                                                                 vocabulary: Vocabulary,
                                                                                 tmp_path: Path) -> None:
    path = _workbook(store, vocabulary, tmp_path)
    _fill(path, {GAP_FIELD: ("vielleicht", "", ""), OFFER_FIELD: ("ja", "", "")})
    lines = _rows_by_field(openpyxl.load_workbook(path)["Rückmeldung"])
    plan = read_survey(path, vocabulary, store).plan
    where = {(p.source, p.line, p.column, p.code) for p in plan.errors}
    assert where == {(f"{path}[Rückmeldung]", lines[GAP_FIELD], "Antwort", "survey-answer"),
                     (f"{path}[Rückmeldung]", lines[OFFER_FIELD], "Name des Angebots", "survey-offer-missing")}
    assert "'vielleicht'" in str(plan.errors[0]) and "nein – kein Angebot" in str(plan.errors[0])
    assert plan.has_errors and not plan.nodes


def test_an_unknown_provider_is_a_warning_naming_its_cell_and_the_offer_stays(store: EmbeddedStore,
                                                                               vocabulary: Vocabulary,
                                                                               tmp_path: Path) -> None:
    path = _workbook(store, vocabulary, tmp_path)
    _fill(path, {OFFER_FIELD: ("ja", "Elterncafé", "Verein, den es nicht gibt")})
    plan = read_survey(path, vocabulary, store).plan
    assert not plan.errors
    (warning,) = plan.warnings
    assert (warning.column, warning.code) == ("Anbieter", "survey-provider-unknown")
    assert "Verein, den es nicht gibt" in warning.message
    assert [n.name for n in plan.nodes] == ["Elterncafé"]
    assert "PROVIDES" not in {k.type for k in plan.links}


def test_corrections_in_the_actor_sheet_update_the_actor_and_a_bad_kind_is_refused(store: EmbeddedStore,
                                                                                   vocabulary: Vocabulary,
                                                                                   tmp_path: Path) -> None:
    path = _workbook(store, vocabulary, tmp_path)
    book = openpyxl.load_workbook(path)
    sheet = book["Akteure"]
    line = next(row[0].row for row in sheet.iter_rows(min_row=2) if row[0].value == "awo-lb")
    sheet[f"B{line}"] = "AWO Kreisverband Ludwigsburg"
    book.save(path)
    plan = read_survey(path, vocabulary, store).plan
    assert not plan.problems and not plan.nodes
    (actor,) = plan.actors
    stored = store.get_actor("awo-lb")
    assert stored is not None and actor.name == "AWO Kreisverband Ludwigsburg" and actor.fields == stored.fields
    (change,) = preview_plan(plan, store).of("actors").changed
    assert ("name", stored.name, "AWO Kreisverband Ludwigsburg") in change.properties

    sheet[f"C{line}"] = "Raumstation"
    book.save(path)
    (error,) = read_survey(path, vocabulary, store).plan.errors
    assert (error.source, error.line, error.column, error.code) == (f"{path}[Akteure]", line, "Art", "unknown-kind")


def test_an_english_workbook_reads_back_as_well(store: EmbeddedStore, vocabulary: Vocabulary,
                                               tmp_path: Path) -> None:
    path = _workbook(store, vocabulary, tmp_path, "en")
    assert path.name == "Survey_2026-12_Ludwigsburg.xlsx"
    assert openpyxl.load_workbook(path).sheetnames == ["Instructions", "Answers", "Actors", "Known offers"]
    _fill(path, {GAP_FIELD: ("no – no offer", "", "")}, "Answers")
    reading = read_survey(path, vocabulary, store)
    (gap,) = reading.plan.nodes
    assert not reading.plan.problems and gap.get("status") == "not_offered"
    assert gap.provenance == "Municipal survey, answer of Ludwigsburg of 2026-12-01"
    assert gap.name == "No offer: Housing and living together in the neighbourhood in Ludwigsburg"


def test_a_workbook_that_is_no_survey_is_refused(store: EmbeddedStore, vocabulary: Vocabulary,
                                                tmp_path: Path) -> None:
    path = tmp_path / "actors.xlsx"
    book = openpyxl.Workbook()
    assert book.active is not None
    book.active.append(["Name", "Art"])
    book.active.append(["Verein", "Verein"])
    book.save(path)
    plan = read_survey(path, vocabulary, store).plan
    assert [p.code for p in plan.errors] == ["survey-not-a-survey"] and not plan.actors


def test_a_town_without_known_actors_answers_without_a_word_about_its_empty_sheet(store: EmbeddedStore,
                                                                                 vocabulary: Vocabulary,
                                                                                 tmp_path: Path) -> None:
    asperg = "ags-08118003"
    assert not SurveyFacts.from_store(store).local_actors(asperg)
    path = survey_workbook(store, vocabulary, asperg, "de", DATE, tmp_path / "asperg.xlsx")
    _fill(path, {GAP_FIELD: ("nein", "", "")})
    reading = read_survey(path, vocabulary, store)
    assert not reading.plan.problems and reading.municipality == asperg
    assert [n.name for n in reading.plan.nodes] == ["Kein Angebot: Wohnen und Zusammenleben im Quartier in Asperg"]
