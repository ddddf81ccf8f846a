"""Every problem code the survey reader can report, produced from a real survey workbook.

``SURVEY_CASES`` maps each ``survey-*`` code to the cells an officer (or a careless copy) changes in a workbook
written by :func:`importers.survey_workbook.survey_workbook` from the bundled data, and to where the reader must
report the code's first problem: sheet, line, column header and severity. The completeness test of
:mod:`tests.importers.test_problem_codes` counts these cases, so a new survey code cannot go untested.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from graph.model.vocabulary import Vocabulary
from graph.store.embedded import EmbeddedStore
from importers.problems import Severity
from importers.survey_read import read_survey
from importers.survey_workbook import answer_options, column_headers, survey_workbook

LUDWIGSBURG, ASPERG = "ags-08118048", "ags-08118003"
FIELD = "language_education"
HEADERS = column_headers("de")
ANSWERS = answer_options("de")
E, W = Severity.ERROR, Severity.WARNING

Edit = Callable[[openpyxl.Workbook], None]


def _column(sheet: Worksheet, key: str) -> int:
    """The 1-based column of a header key in a sheet's first row."""
    return [c.value for c in sheet[1]].index(HEADERS[key]) + 1


def _field_line(sheet: Worksheet, field: str) -> int:
    column = _column(sheet, "h_field_id")
    return next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, column).value == field)


def _answer(answer: str, offer: str = "", provider: str = "") -> Edit:
    def edit(book: openpyxl.Workbook) -> None:
        sheet = book["Rückmeldung"]
        line = _field_line(sheet, FIELD)
        for key, value in (("h_answer", answer), ("h_offer", offer), ("h_provider", provider)):
            sheet.cell(line, _column(sheet, key), value or None)
    return edit


def _hidden(key: str, value: str, rows: str = "all") -> Edit:
    """Change a hidden column in every row, or only in the last one."""
    def edit(book: openpyxl.Workbook) -> None:
        sheet = book["Rückmeldung"]
        lines = range(2, sheet.max_row + 1) if rows == "all" else (sheet.max_row,)
        for line in lines:
            sheet.cell(line, _column(sheet, key), value)
    return edit


def _unknown_actor(book: openpyxl.Workbook) -> None:
    sheet = book["Akteure"]
    sheet.cell(2, _column(sheet, "h_id"), "gibt-es-nicht")


def _no_survey(book: openpyxl.Workbook) -> None:
    for name in list(book.sheetnames):
        if name != "Akteure":
            del book[name]


@dataclass(frozen=True)
class SurveyCase:
    """A change to a fresh workbook and where the code's first problem is reported: (sheet, or "" for the file
    itself; line; column header; severity). Line ``-1`` stands for the answers row of :data:`FIELD`."""

    edit: Edit
    where: tuple[str, int, str, Severity]


SURVEY_CASES: dict[str, SurveyCase] = {
    "survey-answer": SurveyCase(_answer("vielleicht"), ("Rückmeldung", -1, HEADERS["h_answer"], E)),
    "survey-offer-missing": SurveyCase(_answer(ANSWERS["answer_yes"]), ("Rückmeldung", -1, HEADERS["h_offer"], E)),
    "survey-offer-ignored": SurveyCase(_answer(ANSWERS["answer_unknown"], "Elterncafé"),
                                       ("Rückmeldung", -1, HEADERS["h_offer"], W)),
    "survey-provider-unknown": SurveyCase(_answer(ANSWERS["answer_yes"], "Elterncafé", "Verein, den es nicht gibt"),
                                          ("Rückmeldung", -1, HEADERS["h_provider"], W)),
    "survey-mixed": SurveyCase(_hidden("h_municipality_id", ASPERG, rows="last"),
                               ("Rückmeldung", 2, HEADERS["h_municipality_id"], E)),
    "survey-unknown-municipality": SurveyCase(_hidden("h_municipality_id", "ags-00000000"),
                                              ("Rückmeldung", 2, HEADERS["h_municipality_id"], E)),
    "survey-date": SurveyCase(_hidden("h_survey_date", "gestern"), ("Rückmeldung", 2, HEADERS["h_survey_date"], E)),
    "survey-unknown-actor": SurveyCase(_unknown_actor, ("Akteure", 2, HEADERS["h_id"], E)),
    "survey-not-a-survey": SurveyCase(_no_survey, ("", 0, "", E)),
}


@pytest.fixture
def store(bundled_store_file: Path, tmp_path: Path, vocabulary: Vocabulary) -> Iterator[EmbeddedStore]:
    path = tmp_path / "store.sqlite"
    shutil.copy(bundled_store_file, path)
    opened = EmbeddedStore(path, vocabulary)
    try:
        yield opened
    finally:
        opened.close()


@pytest.mark.parametrize("code", sorted(SURVEY_CASES))
def test_each_survey_code_is_reported_at_its_sheet_line_and_column(code: str, store: EmbeddedStore,
                                                                   vocabulary: Vocabulary, tmp_path: Path) -> None:
    case = SURVEY_CASES[code]
    path = survey_workbook(store, vocabulary, LUDWIGSBURG, "de", dt.date(2026, 12, 1), tmp_path / "Umfrage.xlsx")
    book = openpyxl.load_workbook(path)
    line = _field_line(book["Rückmeldung"], FIELD)
    case.edit(book)
    book.save(path)

    problems = read_survey(path, vocabulary, store).plan.problems
    found = [p for p in problems if p.code == code]
    assert found, f"{code} not reported; got {[p.code for p in problems]}"
    sheet, expected_line, column, severity = case.where
    first = found[0]
    assert first.source == (f"{path}[{sheet}]" if sheet else str(path))
    assert (first.line, first.column, first.severity) == (line if expected_line == -1 else expected_line, column,
                                                          severity)
    assert first.message.strip(), "a problem says what to do"
