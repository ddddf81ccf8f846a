"""The page "Fields of action" (``/fields``) with Streamlit's AppTest against the seeded embedded store (no mocks)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.i18n import markdown_literal
from graph.analysis.coverage import DEFAULT_EXPECTED_ROLES, coverage_gaps, load_expected_roles, status_label
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard" / "app.py"
TIMEOUT = 60


pytestmark = pytest.mark.usefixtures("fresh_caches")


@pytest.fixture
def store_path(bundled_store: Path) -> Path:
    """The shared store seeded with the bundled data (see conftest.py); these tests only read it."""
    return bundled_store


def fields_app(lang: str = "de") -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    if lang != "de":
        at.sidebar.radio[0].set_value(lang).run()
    at.switch_page("views/fields.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def report(path: Path) -> Any:
    vocabulary = Vocabulary.load(DATA_DIR / "vocabularies")
    with EmbeddedStore(path, vocabulary) as store:
        roles = load_expected_roles(DEFAULT_EXPECTED_ROLES, vocabulary)
        return coverage_gaps(store.gap_facts(), vocabulary, roles)


def tables(at: AppTest) -> list[Any]:
    return [table.value for table in at.table]


def texts(elements: Sequence[Any]) -> str:
    return "\n".join(str(e.value) for e in elements)


def by_label(widgets: Sequence[Any], label: str) -> Any:
    found = [w for w in widgets if w.label == label]
    assert found, f"no widget labelled {label!r} among {[w.label for w in widgets]}"
    return found[0]


@pytest.mark.parametrize(("lang", "title", "town_column"), [
    ("de", "Handlungsfelder und Lücken", "Kommune"), ("en", "Fields of action and gaps", "Municipality"),
])
def test_renders_every_cell_in_both_languages(store_path: Path, lang: str, title: str, town_column: str) -> None:
    at = fields_app(lang)
    assert at.title[0].value == title
    assert not at.error, texts(at.error)
    matrix = tables(at)[0]
    # 39 municipalities × 4 fields: one row per town, one column per field beside the town's name.
    assert matrix.shape == (39, 5)
    assert matrix.columns[0] == town_column
    assert len(at.get("image")) == 2  # the heatmap and the map, drawn as PNG (nothing fetched)


def test_switching_measure_changes_the_numbers(store_path: Path) -> None:
    at = fields_app("en")
    before = tables(at)[0]
    by_label(at.radio, "Measure").set_value("per_10k").run()
    assert not at.exception
    after = tables(at)[0]
    assert before.shape == after.shape
    assert not before.equals(after)
    # Rates carry two decimals in the English way.
    assert any("." in str(v) for v in after.iloc[:, 1])


def test_switching_field_changes_map_and_cell(store_path: Path) -> None:
    at = fields_app("en")
    headings = [h.value for h in at.subheader]
    by_label(at.selectbox, "Field of action").set_value("work_training").run()
    assert not at.exception
    assert [h.value for h in at.subheader] != headings
    assert any("Map: status in" in h.value and "Work" in h.value for h in at.subheader)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_selected_cell_shows_its_explanation(store_path: Path, lang: str) -> None:
    expected = report(store_path)
    town = next(m for m in expected.municipalities if m.name == "Hessigheim")
    cell = expected.cell(town.id, "work_training")
    at = fields_app(lang)
    labels = {"de": ("Kommune", "Handlungsfeld"), "en": ("Municipality", "Field of action")}[lang]
    by_label(at.selectbox, labels[0]).set_value(town.id).run()
    by_label(at.selectbox, labels[1]).set_value("work_training").run()
    assert not at.exception
    shown = texts(at.warning) + texts(at.success) + texts(at.info) + texts(at.error)
    assert markdown_literal(cell.explanation(lang)) in shown
    assert markdown_literal(status_label(cell.status, lang)) in shown


# The kind of box each status is shown in (with its label opening the text: not colour alone).
BOXES = {"covered": "success", "district_wide_only": "info", "confirmed_gap": "error", "not_surveyed": "warning"}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_each_status_has_its_own_box_and_the_absent_offers_their_source(store_path: Path, lang: str) -> None:
    expected = report(store_path)
    labels = {"de": ("Kommune", "Handlungsfeld"), "en": ("Municipality", "Field of action")}[lang]
    at = fields_app(lang)
    for status, element in BOXES.items():
        cell = next(c for c in expected.cells if c.status == status)
        by_label(at.selectbox, labels[0]).set_value(cell.municipality_id).run()
        by_label(at.selectbox, labels[1]).set_value(cell.field).run()
        assert not at.exception
        box = texts(at.get(element))
        assert markdown_literal(status_label(status, lang)) in box and markdown_literal(cell.explanation(lang)) in box
        others = [e for s, e in BOXES.items() if s != status]
        assert not any(markdown_literal(cell.explanation(lang)) in texts(at.get(e)) for e in others)
        if status == "confirmed_gap":
            listed = texts(at.markdown)
            assert {"de": "Bestätigt nicht angeboten", "en": "Confirmed not offered"}[lang] in listed
            for offer in cell.absent_offers:
                assert markdown_literal(offer.name) in listed and markdown_literal(offer.source) in listed


@pytest.mark.parametrize(("lang", "legend"), [
    ("de", ["✓ abgedeckt", "◐ nur kreisweit", "✗ bestätigte Lücke", "? nicht erhoben"]),
    ("en", ["✓ covered", "◐ district-wide only", "✗ confirmed gap", "? not surveyed"]),
])
def test_the_statuses_have_a_legend_and_a_symbol_in_every_cell(store_path: Path, lang: str,
                                                              legend: list[str]) -> None:
    at = fields_app(lang)
    shown = texts(at.markdown)
    for label in legend:
        assert markdown_literal(label) in shown
    matrix = tables(at)[0]
    # Cells of a short table are Markdown, escaped by the page: "?" arrives as "\\?".
    symbols = {str(v).split(" ")[0] for column in matrix.columns[1:] for v in matrix[column]}
    assert symbols == {markdown_literal(symbol) for symbol in ("✓", "◐", "✗", "?")}
    # The language column is a confirmed gap in every town (the two absent offers of the bundled data).
    language = {"de": "Sprache und Bildung", "en": "Language and education"}[lang]
    assert all(str(v).startswith("✗ ") for v in matrix[language])
    # The ranked list starts with the confirmed gaps and names the status in words.
    ranked = tables(at)[1]
    status_column = {"de": "Status", "en": "Status"}[lang]
    assert str(ranked[status_column].iloc[0]) == markdown_literal(legend[2])


def test_download_buttons_exist(store_path: Path) -> None:
    at = fields_app("de")
    buttons = at.get("download_button")
    labels = {b.proto.label for b in buttons}
    assert {"CSV herunterladen", "XLSX herunterladen"} <= labels


def test_gap_files_are_neutralised(vocabulary: Vocabulary) -> None:
    from graph.analysis.coverage import AbsentOffer, CoverageCell, CoverageReport, MunicipalityRef
    from graph.exports.gap_table import gap_table
    from graph.exports.map_table import csv_text

    cell = CoverageCell("m", "=HYPERLINK(1)", "language_education", (), (), {}, None, None, None,
                        ("course_provider",), (), False, True, "x", "y", status="confirmed_gap",
                        absent_offers=(AbsentOffer("o", "=cmd()", "@source"),))
    table = gap_table(CoverageReport(("language_education",), (MunicipalityRef("m", "=HYPERLINK(1)", ""),),
                                     (cell,)), vocabulary, "en")
    text = csv_text(table.rows, table.headers)
    assert "\nm,'=HYPERLINK(1),,Language and education,✗ confirmed gap," in text
    assert ",'=cmd() (@source)," in text
