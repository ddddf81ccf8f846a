"""The overview's panel of ready questions with Streamlit's AppTest, against a real embedded store holding the
small graph of tests/store/test_questions.py (no mocks)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph.model.domain import Actor, GraphBatch
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.store.embedded import EmbeddedStore
from tests.store.test_questions import ACTORS, LINKS, NODES

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard" / "app.py"
TIMEOUT = 60
HOSTILE = "<img src=x onerror=alert(1)> **Verein** [x](javascript:alert(1))"

pytestmark = pytest.mark.usefixtures("fresh_caches")


@pytest.fixture
def graph(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "questions.sqlite"
    hostile = Actor("hostile", HOSTILE, "migrant_organisation", municipality="ags-08118003")
    with EmbeddedStore(path, Vocabulary.load(DATA_DIR / "vocabularies")) as store:
        store.initialise()
        store.write(GraphBatch(actors=(*ACTORS, hostile), nodes=NODES, links=LINKS))
    monkeypatch.setenv("INTEGRANET_STORE", str(path))
    monkeypatch.delenv("INTEGRANET_HOME_ORGANISATION", raising=False)
    return path


def overview() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def plain(markdown: object) -> str:
    return re.sub(r"\\(.)", r"\1", str(markdown))


def links(at: AppTest) -> dict[str, str]:
    """Label as the user reads it → (page, query string) of every page link."""
    return {plain(e.proto.label): f"{e.proto.page}?{e.proto.query_string}" for e in at.get("page_link")}


def texts(at: AppTest) -> str:
    return "\n".join(plain(e.value) for e in (*at.header, *at.markdown, *at.caption, *at.info, *at.error))


def choose(at: AppTest, question_id: str) -> None:
    widget = next(s for s in at.selectbox if s.label in ("Frage", "Question"))
    widget.set_value(question_id).run()
    assert not at.exception, [e.value for e in at.exception]


def test_actors_without_format_link_to_their_profiles(graph: Path) -> None:
    at = overview()
    assert "Fragen an den Graphen" in [h.value for h in at.header]
    found = links(at)
    assert found["Arbeitskreis Asyl Asperg"].endswith("actor?id=verein")
    # A hostile name is a link label shown literally, not markup.
    assert found[HOSTILE].endswith("actor?id=hostile")
    assert not any(label.startswith("Volkshochschule") for label in found)  # it takes part in a format
    assert "Ehrenamtliche Initiative" in texts(at)  # the kind as its German label
    assert "3 Zeilen" in texts(at)


def test_offers_ending_within_with_its_parameters(graph: Path) -> None:
    at = overview()
    choose(at, "offers_ending_within")
    date = next(d for d in at.date_input if d.label == "Stichtag")
    date.set_value(dt.date(2026, 12, 3)).run()
    days = next(n for n in at.number_input if n.label == "Tage nach dem Stichtag")
    assert days.value == 365
    found = links(at)
    assert found["Sprachcafé"].endswith("node?id=offer-cafe")
    assert "Wohnberatung" in found and "Frauenkurs" not in found
    assert "15.01.2027" in texts(at) and "Geplant" in texts(at)
    days.set_value(30).run()
    assert "Sprachcafé" not in links(at) and "Wohnberatung" in links(at)


def test_municipalities_without_offer_by_field(graph: Path) -> None:
    at = overview()
    choose(at, "municipalities_without_offer")
    assert "Keine Zeilen" in texts(at)  # a district-wide offer serves every municipality
    field = next(s for s in at.selectbox if s.label == "Handlungsfeld")
    field.set_value("language_education").run()
    found = links(at)
    assert found["Bietigheim-Bissingen"].endswith("municipality?id=ags-08118079")
    assert "Asperg" not in found
    assert "08118048" in texts(at)


def test_the_panel_speaks_english(graph: Path) -> None:
    at = overview()
    at.sidebar.radio[0].set_value("en").run()
    assert "Questions to the graph" in [h.value for h in at.header]
    choose(at, "formats_by_participants")
    assert "Actors taking part" in texts(at) and "Exchange meeting" in texts(at)
    assert links(at)["Austauschtreffen Integrationsbeauftragte"].endswith("node?id=format-treffen")


def test_a_long_answer_is_one_table(graph: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dashboard.questions_panel

    monkeypatch.setattr(dashboard.questions_panel, "LINKED_ROWS", 1)
    at = overview()
    assert "Arbeitskreis Asyl Asperg" not in links(at)
    cells = [plain(cell) for table in at.table for column in table.value.columns for cell in table.value[column]]
    assert "Arbeitskreis Asyl Asperg" in cells and HOSTILE in cells
