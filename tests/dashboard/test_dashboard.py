"""The network map page with Streamlit's AppTest against a real embedded store (no mocks).

(The other pages have their own tests in tests/dashboard/test_dashboard_pages.py.)
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from graph.model.domain import ILLUSTRATIVE, Actor, Relation
from graph.model.vocabulary import Vocabulary
from graph.store.base import ImportRecord
from graph.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard" / "app.py"
HOSTILE = "<img src=x onerror=alert(1)> Verein"
TIMEOUT = 60
W = TypeVar("W")


pytestmark = pytest.mark.usefixtures("fresh_caches")


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


def edges_of(html: str) -> list[dict[str, Any]]:
    match = re.search(r"var edgeData = (\[.*?\]);\n", html, re.DOTALL)
    assert match
    return json.loads(match.group(1))


def nodes_of(html: str) -> dict[str, dict[str, Any]]:
    match = re.search(r"var nodeData = (\[.*?\]);\n", html, re.DOTALL)
    assert match
    return {node["id"]: node for node in json.loads(match.group(1))}


def shown_names(at: AppTest) -> list[str]:
    """The names in the table of actors shown, in table order."""
    return list(at.dataframe[0].value["Name"]) if at.dataframe else []


def legend(at: AppTest) -> str:
    return str(at.get("html")[0].proto.body)


def choose_mode(at: AppTest, mode: str) -> None:
    at.radio(key="network_mode").set_value(mode).run()
    assert not at.exception, [e.value for e in at.exception]


def test_network_page_renders_with_filters(store_path: Path) -> None:
    at = network_app()
    assert at.title[0].value == "Netzwerkkarte"
    assert [m.label for m in at.multiselect] == ["Handlungsfeld", "Kommune", "Art des Akteurs", "Art der Verbindung"]
    assert by_label(at.text_input, "Suche in Namen und Orten")
    assert by_label(at.checkbox, "Demonstrationsverbindungen ausblenden")
    assert by_label(at.radio, "Zeigen").value == "selection"
    assert [s.label for s in at.selectbox] == ["Anordnung", "Größe nach", "Farbe und Form nach"]
    text = all_text(at)
    assert "6 von 6 Akteuren und 5 von 5 Verbindungen gezeigt" in text
    assert "Demonstrationsverbindungen (2)" in text
    html = map_document(at)
    assert html.startswith("<!DOCTYPE html>") and "vis.Network" in html
    assert "<img src=x" not in html  # the hostile name is data, not markup
    table = at.dataframe[0].value
    assert list(table.columns) == ["Name", "Art", "Ort", "Handlungsfelder", "Verbindungen", "Quelle"]
    assert HOSTILE in set(table["Name"])
    ties = at.dataframe[1].value
    assert list(ties.columns) == ["Von", "Art der Verbindung", "Nach", "Handlungsfelder", "Seit", "Bis", "Notiz",
                                  "Quelle"]
    assert len(ties) == 5
    assert [b.label for b in at.get("download_button")] == ["Tabelle als CSV herunterladen"] * 2


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


def test_a_field_of_action_changes_the_shown_count(store_path: Path) -> None:
    at = network_app()
    assert "6 von 6 Akteuren" in all_text(at)
    by_label(at.multiselect, "Handlungsfeld").set_value(["language_education"]).run()
    assert "2 von 6 Akteuren und 1 von 5 Verbindungen gezeigt" in all_text(at)
    assert sorted(shown_names(at)) == ["Landratsamt Ludwigsburg", "Volkshochschule Ludwigsburg"]
    assert set(drawn_positions(map_document(at))) == {"lra", "vhs"}


def test_relation_types_keep_only_actors_with_such_ties(store_path: Path) -> None:
    at = network_app()
    by_label(at.multiselect, "Art der Verbindung").set_value(["funds"]).run()
    assert "2 von 6 Akteuren und 1 von 5 Verbindungen gezeigt" in all_text(at)
    assert [e["id"] for e in edges_of(map_document(at))] == ["lra\x1ffunds\x1fvhs"]


def test_search_finds_names_and_towns(store_path: Path) -> None:
    at = network_app()
    by_label(at.text_input, "Suche in Namen und Orten").input("  asperg ").run()
    # "Asperg" in the name (the town, the volunteer group) or as the town (the hostile actor).
    assert sorted(shown_names(at)) == sorted([HOSTILE, "Arbeitskreis Asyl Asperg", "Asperg"])
    assert "3 von 6 Akteuren und 1 von 5 Verbindungen gezeigt" in all_text(at)


def test_hiding_illustrative_ties_removes_the_dashed_lines_and_the_banner(store_path: Path) -> None:
    at = network_app()
    assert sum(1 for e in edges_of(map_document(at)) if e["dashes"]) == 2
    assert any("Demonstrationsverbindungen (2)" in w.value for w in at.warning)
    by_label(at.checkbox, "Demonstrationsverbindungen ausblenden").check().run()
    edges = edges_of(map_document(at))
    assert len(edges) == 3 and not any(e["dashes"] for e in edges)
    assert not any("Demonstrationsverbindung" in w.value for w in at.warning)
    # The actors stay: only their demonstration ties are hidden.
    assert "6 von 6 Akteuren und 3 von 5 Verbindungen gezeigt" in all_text(at)


def test_focus_shows_the_neighbourhood(store_path: Path) -> None:
    at = network_app()
    choose_mode(at, "focus")
    assert "Wählen Sie oben einen Akteur" in all_text(at)
    assert not at.get("iframe")
    assert all(m.disabled for m in at.multiselect[:3]) and not at.multiselect[3].disabled
    search = by_label(at.selectbox, "Akteur")
    assert search.format_func("ak-asperg") == "Arbeitskreis Asyl Asperg (Asperg)"
    search.set_value("vhs").run()
    text = all_text(at)
    assert "Gezeigt: Volkshochschule Ludwigsburg (Ludwigsburg) und alle Akteure bis 1 Schritt(e) entfernt." in text
    assert "3 von 6 Akteuren und 2 von 5 Verbindungen gezeigt" in text
    assert nodes_of(map_document(at))["vhs"]["integranetFocus"] is True
    table = at.dataframe[0].value
    assert list(table["Name"]) == ["Volkshochschule Ludwigsburg", "Arbeitskreis Asyl Asperg", "Landratsamt Ludwigsburg"]
    assert list(table["Schritte"]) == [0, 1, 1]

    by_label(at.slider, "Schritte entfernt").set_value(3).run()
    assert "bis 3 Schritt(e)" in all_text(at)
    assert "6 von 6 Akteuren" in all_text(at)
    # Without demonstration ties the volunteer groups are out of reach.
    by_label(at.checkbox, "Demonstrationsverbindungen ausblenden").check().run()
    assert sorted(shown_names(at)) == ["Asperg", "Landratsamt Ludwigsburg", "Ludwigsburg",
                                       "Volkshochschule Ludwigsburg"]


def test_shortest_path_between_two_actors(store_path: Path) -> None:
    at = network_app()
    choose_mode(at, "path")
    assert "Wählen Sie oben zwei Akteure" in all_text(at)
    by_label(at.selectbox, "Von").set_value("hostile").run()
    by_label(at.selectbox, "Nach").set_value("ags-08118048").run()
    assert not at.exception
    assert "4 Schritt(e)" in all_text(at)
    table = at.dataframe[0].value
    assert list(table["Name"]) == [HOSTILE, "Arbeitskreis Asyl Asperg", "Volkshochschule Ludwigsburg",
                                   "Landratsamt Ludwigsburg", "Ludwigsburg"]
    assert list(table["Schritte"]) == [0, 1, 2, 3, 4]
    edges = edges_of(map_document(at))
    assert len(edges) == 4 and all(e["width"] == 4 for e in edges)
    nodes = nodes_of(map_document(at))
    assert nodes["hostile"]["integranetFocus"] and nodes["ags-08118048"]["integranetFocus"]
    # The path's ends are named literally in the message (Markdown-escaped).
    message = plain(next(i.value for i in at.info if "Weg" in i.value))
    assert message.startswith(f"Kürzester Weg von {HOSTILE} (Asperg) nach Ludwigsburg: 4 Schritt(e).")

    by_label(at.checkbox, "Demonstrationsverbindungen ausblenden").check().run()
    assert "keinen Weg" in all_text(at)
    assert sorted(shown_names(at)) == sorted([HOSTILE, "Ludwigsburg"])


def test_focused_hostile_name_is_shown_literally(store_path: Path) -> None:
    at = network_app()
    choose_mode(at, "focus")
    by_label(at.selectbox, "Akteur").set_value("hostile").run()
    info = next(i.value for i in at.info if "Gezeigt" in i.value)
    # Escaped for Markdown: no tag, no emphasis, no Streamlit directive can come out of it.
    assert "\\<img src\\=x onerror\\=alert\\(1\\)\\> Verein" in info
    assert plain(info).startswith(f"Gezeigt: {HOSTILE} (Asperg) und alle Akteure")
    assert "<img" not in map_document(at)


def test_encodings_change_the_legend_and_the_table(store_path: Path) -> None:
    at = network_app()
    assert "Kommune" in legend(at) and "Landratsamt" in legend(at)
    by_label(at.selectbox, "Farbe und Form nach").set_value("field").run()
    assert "mehrere Handlungsfelder" in legend(at) and "Sprache und Bildung" in legend(at)
    assert "Landratsamt" not in legend(at)
    by_label(at.selectbox, "Farbe und Form nach").set_value("community").run()
    assert "Gemeinschaft 1" in legend(at)
    assert "Gemeinschaft" in list(at.dataframe[0].value.columns)
    by_label(at.selectbox, "Größe nach").set_value("betweenness").run()
    assert "Vermittlerrolle" in list(at.dataframe[0].value.columns)
    assert any("Vermittlerrolle in dieser Ansicht" in c.value for c in at.caption)
    sizes = {node_id: node["size"] for node_id, node in nodes_of(map_document(at)).items()}
    assert sizes["lra"] == max(sizes.values())  # the district office links everyone


def test_layouts_draw_the_same_actors_in_other_places(store_path: Path) -> None:
    at = network_app()
    force = drawn_positions(map_document(at))
    for layout in ("geographic", "grouped"):
        by_label(at.selectbox, "Anordnung").set_value(layout).run()
        assert not at.exception
        placed = drawn_positions(map_document(at))
        assert set(placed) == set(force) and placed != force


def test_aggregation_above_the_threshold_and_drilling_in(store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard import network_page

    monkeypatch.setattr(network_page, "AGGREGATE_ABOVE", 2)
    at = network_app()
    text = all_text(at)
    assert "Diese Ansicht umfasst 6 Akteure, mehr als die 2" in text
    assert "6 von 6 Akteuren und 5 von 5 Verbindungen gezeigt, zusammengefasst in 2 Gruppen" in text
    assert sorted(drawn_positions(map_document(at))) == ["municipality:ags-08118003", "municipality:ags-08118048"]
    groups = at.dataframe[0].value
    assert list(groups.columns) == ["Gruppe", "Akteure", "Verbindungen innerhalb", "Verbindungen zu anderen Gruppen",
                                    "davon Demonstrationsverbindungen"]
    assert sorted(zip(groups["Gruppe"], groups["Akteure"], strict=True)) == [("Asperg", 3), ("Ludwigsburg", 3)]
    assert any("Demonstrationsverbindungen" in w.value for w in at.warning)

    # Asperg still holds 3 > 2 actors: inside it, one group per kind.
    opener = by_label(at.selectbox, "Gruppe öffnen")
    assert opener.format_func("municipality:ags-08118003") == "Asperg (3 Akteure)"
    opener.set_value("municipality:ags-08118003").run()
    assert "Darin eine Gruppe öffnen" in [s.label for s in at.selectbox]
    assert len(drawn_positions(map_document(at))) == 3
    by_label(at.selectbox, "Darin eine Gruppe öffnen").set_value("kind:volunteer_group").run()
    assert shown_names(at) == ["Arbeitskreis Asyl Asperg"]
    assert "1 von 6 Akteuren" in all_text(at) and "Geöffnet: Asperg › Ehrenamtliche Initiative" in all_text(at)

    # Back to the overview, then grouped by kind: five kinds (the two municipalities together).
    by_label(at.selectbox, "Gruppe öffnen").set_value("").run()
    assert "zusammengefasst in 2 Gruppen" in all_text(at)
    by_label(at.radio, "Zusammenfassen").set_value("kind").run()
    assert "zusammengefasst in 5 Gruppen" in all_text(at)
    assert all(node.startswith("kind:") for node in drawn_positions(map_document(at)))


def test_language_switch_changes_labels_and_keeps_selections(store_path: Path) -> None:
    at = network_app()
    by_label(at.multiselect, "Art des Akteurs").set_value(["municipality", "district_office"]).run()
    assert at.sidebar.radio[0].value == "de"
    at.sidebar.radio[0].set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "Network map"
    assert [m.label for m in at.multiselect] == ["Field of action", "Municipality", "Kind of actor", "Type of tie"]
    assert by_label(at.multiselect, "Kind of actor").value == ["municipality", "district_office"]
    assert by_label(at.radio, "Show").format_func("path") == "the shortest path between two actors"
    assert "3 of 6 actors and 2 of 5 ties shown" in all_text(at)
    assert '"integranetLanguage": "en"' in map_document(at)
    assert list(at.dataframe[0].value.columns)[:2] == ["Name", "Kind"]
    assert "Municipality" in legend(at)

    # The choice is kept for the session, on every page.
    at.switch_page("views/overview.py").run()
    at.switch_page("views/network.py").run()
    assert at.title[0].value == "Network map"
    assert by_label(at.multiselect, "Kind of actor").value == ["municipality", "district_office"]


def test_positions_are_stable_between_reruns(store_path: Path) -> None:
    at = network_app()
    first = map_document(at)
    assert len(drawn_positions(first)) == 6
    at.run()
    assert map_document(at) == first
    # Another language or other colours draw the same picture.
    at.sidebar.radio[0].set_value("en").run()
    by_label(at.selectbox, "Colour and shape by").set_value("field").run()
    assert drawn_positions(map_document(at)) == drawn_positions(first)
    # The cache is keyed by the view, not by the session: a new session sees the same picture.
    st.cache_data.clear()
    st.cache_resource.clear()
    assert drawn_positions(map_document(network_app())) == drawn_positions(first)


def test_motion_switch_turns_physics_on(store_path: Path) -> None:
    at = network_app()
    assert '"physics": {"enabled": false' in map_document(at)
    at.toggle(key="network_physics").set_value(True).run()
    assert '"physics": {"enabled": true' in map_document(at)


def test_an_import_refreshes_the_cached_view(store_path: Path) -> None:
    at = network_app()
    assert "6 von 6 Akteuren" in all_text(at)
    store = EmbeddedStore(store_path, Vocabulary.load(ROOT / "data" / "vocabularies"))
    store.upsert_actors([Actor("new", "Neuer Verein", "volunteer_group", provenance="test")])
    store.record_import(ImportRecord("2030-01-01T00:00:00+00:00", ("new.csv",), 1, 0, 1))
    store.close()
    at.run()
    assert "7 von 7 Akteuren" in all_text(at)
    assert "Neuer Verein" in shown_names(at)


def test_selections_survive_a_visit_to_another_page(store_path: Path) -> None:
    at = network_app()
    by_label(at.multiselect, "Kommune").set_value(["ags-08118003"]).run()
    choose_mode(at, "focus")
    by_label(at.selectbox, "Akteur").set_value("vhs").run()
    choose_mode(at, "selection")
    at.switch_page("views/overview.py").run()
    at.switch_page("views/network.py").run()
    assert by_label(at.multiselect, "Kommune").value == ["ags-08118003"]
    assert "4 von 6 Akteuren" in all_text(at)
    # The hidden focus choice is still there when its mode comes back.
    choose_mode(at, "focus")
    assert by_label(at.selectbox, "Akteur").value == "vhs"


def test_empty_store_tells_how_to_fill_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTEGRANET_STORE", str(tmp_path / "empty.sqlite"))
    at = network_app()
    assert not at.error
    # The hint leads to the upload page, not to a terminal, and names the store without its folder.
    assert "Dateien hochladen" in all_text(at) and "integranet seed" not in all_text(at)
    assert str(tmp_path) not in all_text(at)
    assert not at.get("iframe")


@pytest.mark.parametrize("page", ["views/network.py"])
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


def test_page_render_benchmark_times_the_network_page(store_path: Path) -> None:
    """The benchmark's measuring runs on a small store; it reports, never asserts, speed."""
    from benchmarks import page_render

    timings = page_render.page_timings(store_path)
    network = timings["network"]
    assert "error" not in network, network
    for key in ("first_s", "rerun_s", "filter_change_s", "filter_change_rerun_s"):
        assert isinstance(network[key], float) and network[key] >= 0, key
    assert set(timings) >= {"network", "overview"}


def test_the_map_shows_other_node_types_only_when_asked(bundled_store: Path) -> None:
    at = network_app()
    assert all(n["shape"] != "box" for n in nodes_of(map_document(at)).values())  # off by default
    by_label(at.multiselect, "Zusätzlich zeigen").select("Event").run()
    assert not at.exception, [e.value for e in at.exception]
    nodes = nodes_of(map_document(at))
    boxes = {i: n for i, n in nodes.items() if n["shape"] == "box"}
    assert boxes and all(i.startswith("event-") for i in boxes)
    assert any("Integrationskonferenz" in n["label"] for n in boxes.values())
    # Each box is tied to what it is linked to, and the legend names the type.
    ends = {(e["from"], e["to"]) for e in edges_of(map_document(at))}
    assert all(any(i in pair for pair in ends) for i in boxes)
    assert "Veranstaltungen" in legend(at)
