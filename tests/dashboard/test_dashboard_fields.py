"""The page "Fields of action" (``/fields``) with Streamlit's AppTest against the seeded embedded store (no mocks)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.i18n import markdown_literal
from graph.analysis.coverage import DEFAULT_EXPECTED_ROLES, coverage_gaps, load_expected_roles
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
        return coverage_gaps(store.coverage_facts(), vocabulary, roles)


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
    assert any("Map: gaps in" in h.value and "Work" in h.value for h in at.subheader)


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
    shown = texts(at.warning) + texts(at.success)
    assert markdown_literal(cell.explanation(lang)) in shown


def test_download_buttons_exist(store_path: Path) -> None:
    at = fields_app("de")
    buttons = at.get("download_button")
    labels = {b.proto.label for b in buttons}
    assert {"CSV herunterladen", "XLSX herunterladen"} <= labels


def test_gap_files_are_neutralised(vocabulary: Vocabulary) -> None:
    from graph.analysis.coverage import CoverageCell, CoverageReport, MunicipalityRef
    from graph.exports.gap_table import gap_table
    from graph.exports.map_table import csv_text

    cell = CoverageCell("m", "=HYPERLINK(1)", "language_education", (), (), {}, None, None, None,
                        ("course_provider",), (), False, True, "x", "y")
    table = gap_table(CoverageReport(("language_education",), (MunicipalityRef("m", "=HYPERLINK(1)", ""),),
                                     (cell,)), vocabulary, "en")
    assert "\nm,'=HYPERLINK(1)," in csv_text(table.rows, table.headers)
