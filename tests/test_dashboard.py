"""The dashboard with Streamlit's AppTest against a real embedded store (no mocks)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from graph.model import ILLUSTRATIVE, Actor, Relation
from graph.store.embedded import EmbeddedStore
from graph.vocabulary import Vocabulary

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dashboard" / "app.py"
HOSTILE = "<img src=x onerror=alert(1)> Verein"
TIMEOUT = 60
W = TypeVar("W")


@pytest.fixture(autouse=True)
def fresh_caches() -> Iterator[None]:
    """Streamlit's caches live in the process; every test starts without them."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def store_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small real store: two municipalities, four organisations, sourced and illustrative ties."""
    path = tmp_path / "dashboard.sqlite"
    store = EmbeddedStore(path, Vocabulary.load(ROOT / "data" / "vocabularies"))
    store.initialise()
    store.upsert_actors([
        Actor("ags-08118048", "Ludwigsburg", "municipality", town="Ludwigsburg", provenance="GV-ISys"),
        Actor("ags-08118003", "Asperg", "municipality", town="Asperg", provenance="GV-ISys"),
    ])
    store.upsert_actors([
        Actor("lra", "Landratsamt Ludwigsburg", "district_office", municipality="ags-08118048", town="Ludwigsburg",
              fields=("language_education", "work_training"), serves_district=True, provenance="website"),
        Actor("vhs", "Volkshochschule Ludwigsburg", "course_provider", municipality="ags-08118048",
              town="Ludwigsburg", fields=("language_education",), provenance="website"),
        Actor("ak-asperg", "Arbeitskreis Asyl Asperg", "volunteer_group", municipality="ags-08118003",
              town="Asperg", fields=("housing_living_together",), serves=("ags-08118003",), provenance="website"),
        Actor("hostile", HOSTILE, "migrant_organisation", municipality="ags-08118003", town="Asperg",
              provenance="test"),
    ])
    store.upsert_relations([
        Relation("lra", "advises", "ags-08118048", provenance="website"),
        Relation("lra", "advises", "ags-08118003", provenance="website"),
        Relation("lra", "funds", "vhs", fields=("language_education",), provenance="website"),
        Relation("vhs", "cooperates_with", "ak-asperg", provenance=ILLUSTRATIVE),
        Relation("hostile", "exchanges_with", "ak-asperg", provenance=ILLUSTRATIVE),
    ])
    store.close()
    monkeypatch.setenv("INTEGRANET_STORE", str(path))
    return path


def network_app() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    at.switch_page("views/network.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def by_label(widgets: Sequence[W], label: str) -> W:
    labels = [getattr(w, "label", None) for w in widgets]
    assert label in labels, f"no widget labelled {label!r}; have {labels}"
    return widgets[labels.index(label)]


def plain(markdown: object) -> str:
    """Markdown source without backslash escapes: what the user reads."""
    return re.sub(r"\\(.)", r"\1", str(markdown))


def all_text(at: AppTest) -> str:
    parts = [e.value for e in (*at.markdown, *at.info, *at.warning, *at.error, *at.caption, *at.title)]
    return "\n".join(plain(p) for p in parts)


def map_document(at: AppTest) -> str:
    frames = at.get("iframe")
    assert len(frames) == 1
    return str(frames[0].proto.srcdoc)


def drawn_positions(html: str) -> dict[str, tuple[float, float]]:
    match = re.search(r"var nodeData = (\[.*?\]);\n", html, re.DOTALL)
    assert match
    nodes: list[dict[str, Any]] = json.loads(match.group(1))
    return {node["id"]: (node["x"], node["y"]) for node in nodes}


def test_network_page_renders_with_filters(store_path: Path) -> None:
    at = network_app()
    assert at.title[0].value == "Netzwerkkarte"
    assert [m.label for m in at.multiselect] == ["Handlungsfeld", "Kommune", "Art des Akteurs"]
    assert by_label(at.selectbox, "Akteur suchen")
    assert by_label(at.slider, "Schritte entfernt")
    text = all_text(at)
    assert "6 von 6 Akteuren und 5 von 5 Verbindungen gezeigt" in text
    assert "Demonstrationsverbindungen (2)" in text
    html = map_document(at)
    assert html.startswith("<!DOCTYPE html>") and "vis.Network" in html
    assert "<img src=x" not in html  # the hostile name is data, not markup
    assert len(at.dataframe) == 1
    table = at.dataframe[0].value
    assert list(table.columns) == ["Name", "Art", "Ort", "Handlungsfelder", "Verbindungen", "Quelle"]
    assert HOSTILE in set(table["Name"])


def test_filters_narrow_the_map(store_path: Path) -> None:
    at = network_app()
    by_label(at.multiselect, "Art des Akteurs").set_value(["municipality"]).run()
    assert not at.exception
    assert "2 von 6 Akteuren und 0 von 5 Verbindungen gezeigt" in all_text(at)
    assert "Demonstrationsverbindungen" not in all_text(at)

    by_label(at.multiselect, "Art des Akteurs").set_value([]).run()
    by_label(at.multiselect, "Kommune").set_value(["ags-08118003"]).run()
    # Asperg itself, the two actors seated there, the volunteer group serving it, the district-wide office.
    assert "4 von 6 Akteuren" in all_text(at)
    by_label(at.checkbox, "Auch kreisweit tätige Akteure zeigen").uncheck().run()
    assert "3 von 6 Akteuren" in all_text(at)

    by_label(at.multiselect, "Kommune").set_value([]).run()
    by_label(at.multiselect, "Handlungsfeld").set_value(["language_education"]).run()
    assert "2 von 6 Akteuren und 1 von 5 Verbindungen gezeigt" in all_text(at)


def test_search_focuses_an_actor_and_its_neighbours(store_path: Path) -> None:
    at = network_app()
    search = by_label(at.selectbox, "Akteur suchen")
    assert "ak-asperg" in search.options or "Arbeitskreis Asyl Asperg (Asperg)" in search.options
    search.set_value("vhs").run()
    assert not at.exception
    text = all_text(at)
    assert "Gezeigt: Volkshochschule Ludwigsburg (Ludwigsburg) und alle Akteure bis 1 Schritt(e) entfernt." in text
    assert "3 von 6 Akteuren und 2 von 5 Verbindungen gezeigt" in text
    assert all(m.disabled for m in at.multiselect)
    assert '"integranetFocus": true' in map_document(at)

    by_label(at.slider, "Schritte entfernt").set_value(3).run()
    assert "bis 3 Schritt(e)" in all_text(at)
    assert "6 von 6 Akteuren" in all_text(at)


def test_focused_hostile_name_is_shown_literally(store_path: Path) -> None:
    at = network_app()
    by_label(at.selectbox, "Akteur suchen").set_value("hostile").run()
    info = next(i.value for i in at.info if "Gezeigt" in i.value)
    # Escaped for Markdown: no tag, no emphasis, no Streamlit directive can come out of it.
    assert "\\<img src\\=x onerror\\=alert\\(1\\)\\> Verein" in info
    assert plain(info).startswith(f"Gezeigt: {HOSTILE} (Asperg) und alle Akteure")
    assert "<img" not in map_document(at)


def test_language_switch_changes_labels_and_keeps_selections(store_path: Path) -> None:
    at = network_app()
    by_label(at.multiselect, "Art des Akteurs").set_value(["municipality", "district_office"]).run()
    assert at.sidebar.radio[0].value == "de"
    at.sidebar.radio[0].set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "Network map"
    assert [m.label for m in at.multiselect] == ["Field of action", "Municipality", "Kind of actor"]
    assert by_label(at.multiselect, "Kind of actor").value == ["municipality", "district_office"]
    assert "3 of 6 actors and 2 of 5 ties shown" in all_text(at)
    assert '"integranetLanguage": "en"' in map_document(at)
    assert list(at.dataframe[0].value.columns)[:2] == ["Name", "Kind"]

    # The choice is kept for the session, on every page.
    at.switch_page("views/overview.py").run()
    assert at.title[0].value == "Overview"
    assert [m.label for m in at.metric] == ["Actors", "Ties", "Municipalities", "Fields of action"]


def test_positions_are_stable_between_reruns(store_path: Path) -> None:
    at = network_app()
    first = map_document(at)
    assert len(drawn_positions(first)) == 6
    at.run()
    assert map_document(at) == first
    # Another language draws the same picture.
    at.sidebar.radio[0].set_value("en").run()
    assert drawn_positions(map_document(at)) == drawn_positions(first)
    # The cache is keyed by the view, not by the session: a new session sees the same picture.
    st.cache_data.clear()
    assert drawn_positions(map_document(network_app())) == drawn_positions(first)


def test_selections_survive_a_visit_to_another_page(store_path: Path) -> None:
    at = network_app()
    by_label(at.multiselect, "Kommune").set_value(["ags-08118003"]).run()
    at.switch_page("views/overview.py").run()
    at.switch_page("views/network.py").run()
    assert by_label(at.multiselect, "Kommune").value == ["ags-08118003"]
    assert "4 von 6 Akteuren" in all_text(at)


def test_overview_shows_key_figures(store_path: Path) -> None:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    assert not at.exception
    assert at.title[0].value == "Übersicht"
    assert [m.value for m in at.metric] == ["6", "5", "2", "4"]


def test_empty_store_tells_how_to_fill_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTEGRANET_STORE", str(tmp_path / "empty.sqlite"))
    at = network_app()
    assert not at.error
    assert "integranet seed" in all_text(at)
    assert not at.get("iframe")


@pytest.mark.parametrize("page", ["views/network.py", "views/overview.py"])
def test_unreachable_store_shows_an_error_not_a_traceback(monkeypatch: pytest.MonkeyPatch, page: str) -> None:
    monkeypatch.setenv("INTEGRANET_STORE", "bolt://127.0.0.1:1")
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    at.switch_page(page).run()
    assert not at.exception
    assert len(at.error) == 1
    assert "bolt://127.0.0.1:1" in plain(at.error[0].value)
    assert at.sidebar.radio  # the language switch still works


def test_unreadable_store_file_shows_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "not-a-store.sqlite"
    broken.write_bytes(b"this is not an SQLite database" * 100)
    monkeypatch.setenv("INTEGRANET_STORE", str(broken))
    at = network_app()
    assert len(at.error) == 1
    assert "Der Datenbestand konnte nicht geöffnet werden" in at.error[0].value
    assert str(broken) in plain(at.error[0].value)
    assert "INTEGRANET_STORE" in at.info[0].value


def test_bad_setting_shows_an_error(store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTEGRANET_BATCH_SIZE", "many")
    at = network_app()
    assert len(at.error) == 1 and "INTEGRANET_BATCH_SIZE" in plain(at.error[0].value)
