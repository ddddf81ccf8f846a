"""The gap table: a status column with symbol and label, the offers confirmed not offered, both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.analysis.coverage import (
    DEFAULT_EXPECTED_ROLES,
    CoverageReport,
    coverage_facts,
    coverage_gaps,
    load_expected_roles,
)
from graph.exports.gap_table import GAP_TABLE_COLUMNS, gap_table
from graph.exports.map_table import csv_text
from graph.exports.workbook import write_table_workbook
from graph.model.domain import Actor, Subgraph
from graph.model.knowledge import Link, Node
from graph.model.vocabulary import Vocabulary

SOURCE = "https://example.org/integration"
ACTORS = (
    Actor(id="adorf", name="Adorf", kind="municipality", properties={"ags": "09999001", "population": 1000}),
    Actor(id="vhs", name="VHS", kind="course_provider", municipality="adorf", fields=("language_education",)),
    Actor(id="cafe", name="Café", kind="volunteer_group", municipality="adorf",
          fields=("language_education", "culture_leisure_sport")),
    Actor(id="job", name="Jobcenter", kind="employment_agency", serves_district=True, fields=("work_training",)),
)
ABSENT = Node("offer-x", "Offer", "Sprachmittler-Schulung", provenance=SOURCE,
              properties={"status": "not_offered", "district_wide": True})


@pytest.fixture(scope="module")
def report(vocabulary: Vocabulary) -> CoverageReport:
    roles = {**load_expected_roles(DEFAULT_EXPECTED_ROLES, vocabulary), "work_training": ("employment_agency",)}
    facts = coverage_facts(Subgraph(ACTORS, ())).with_knowledge(
        [ABSENT], [Link("offer-x", "Offer", "CONCERNS", "housing_living_together", "FieldOfAction")], ACTORS)
    return coverage_gaps(facts, vocabulary, roles)


@pytest.mark.parametrize(("lang", "header", "statuses"), [
    ("en", "status", ["✗ confirmed gap", "✓ covered", "◐ district-wide only", "? not surveyed"]),
    ("de", "Status", ["✗ bestätigte Lücke", "✓ abgedeckt", "◐ nur kreisweit", "? nicht erhoben"]),
])
def test_every_row_has_its_status_label(report: CoverageReport, vocabulary: Vocabulary, lang: str, header: str,
                                        statuses: list[str]) -> None:
    table = gap_table(report, vocabulary, lang)
    assert list(table.headers) == list(GAP_TABLE_COLUMNS)
    assert GAP_TABLE_COLUMNS.index("status") == GAP_TABLE_COLUMNS.index("field") + 1
    assert table.headers["status"] == header
    # Fields in vocabulary order: housing, language, work, culture.
    assert [row["status"] for row in table.rows] == statuses
    assert table.rows[0]["absent"] == f"Sprachmittler-Schulung ({SOURCE})"
    assert all(row["absent"] == "" for row in table.rows[1:])
    assert [row["gap"] for row in table.rows].count(table.rows[0]["gap"]) == 1  # only the confirmed gap says yes


def test_csv_and_workbook_carry_the_status(report: CoverageReport, vocabulary: Vocabulary, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    table = gap_table(report, vocabulary, "de")
    text = csv_text(table.rows, table.headers)
    assert ",Status," in text.splitlines()[0]
    assert "✗ bestätigte Lücke" in text and "✓ abgedeckt" in text
    headers, rows = table.columns()
    book = load_workbook(write_table_workbook("Lücken", headers, rows, tmp_path / "gaps.xlsx"))
    sheet = book.active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    column = list(values[0]).index("Status")
    assert [r[column] for r in values[1:]] == ["✗ bestätigte Lücke", "✓ abgedeckt", "◐ nur kreisweit",
                                               "? nicht erhoben"]
