"""The other node types on the network map: placed beside what they are linked to, drawn as boxes, inert text."""

from __future__ import annotations

import json
import re

from graph.maps.html import network_map_html
from graph.maps.overlay import OVERLAY_SHAPE, node_type_colour, overlay, overlay_legend_entries
from graph.model.domain import Actor, Subgraph
from graph.model.knowledge import Link, Node
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR

VOCABULARY = Vocabulary.load(DATA_DIR / "vocabularies")
LRA = Actor("lra", "Landratsamt", "district_office")
VHS = Actor("vhs", "Volkshochschule", "course_provider")
CONFERENCE = Node("event-conf", "Event", "Integrationskonferenz 2020", provenance="https://lra.example")
PANEL = Node("event-panel", "Event", "Panel </script><img src=x onerror=alert(1)>", provenance="test")
LONELY = Node("format-x", "Format", "Newsletter", provenance="test")
LINKS = (
    Link("lra", "Actor", "ORGANISES", "event-conf", "Event", provenance="https://lra.example"),
    Link("vhs", "Actor", "TAKES_PART_IN", "event-conf", "Event", provenance="test"),
    Link("event-panel", "Event", "PART_OF", "event-conf", "Event", provenance="test"),
    Link("elsewhere", "Actor", "ORGANISES", "format-x", "Format", provenance="test"),
)
POSITIONS = {"lra": (0.0, 0.0), "vhs": (200.0, 0.0)}


def test_nodes_sit_beside_their_actors_and_chains_follow() -> None:
    placed = overlay([PANEL, CONFERENCE, LONELY], LINKS, POSITIONS)
    assert [n.id for n in placed.nodes] == ["event-conf", "event-panel"]  # the newsletter joins nothing shown
    cx, cy = placed.positions["event-conf"]
    assert 0 < cx < 200 and abs(cy) < 200  # near the centre of its two actors, not on top of one
    px, py = placed.positions["event-panel"]
    assert (px, py) != (cx, cy) and abs(px - cx) < 200 and abs(py - cy) < 200
    assert {link.type for link in placed.links} == {"ORGANISES", "TAKES_PART_IN", "PART_OF"}
    assert overlay([PANEL, CONFERENCE], LINKS, POSITIONS) == overlay([CONFERENCE, PANEL], LINKS[::-1], POSITIONS)


def test_the_map_draws_them_as_boxes_with_inert_text_and_the_legend_names_their_types() -> None:
    placed = overlay([PANEL, CONFERENCE], LINKS, POSITIONS)
    html = network_map_html(Subgraph((LRA, VHS), ()), VOCABULARY, POSITIONS, "de", extra=placed)
    assert "<img src=x" not in html and "</script><img" not in html
    match = re.search(r"var nodeData = (\[.*?\]);\n", html, re.DOTALL)
    assert match
    data = json.loads(match.group(1))
    boxes = {n["id"]: n for n in data if n["shape"] == OVERLAY_SHAPE}
    assert set(boxes) == {"event-conf", "event-panel"}
    assert boxes["event-panel"]["label"].startswith("Panel </script>")  # shown literally, as text
    assert "Knotentyp: Veranstaltung" in boxes["event-conf"]["tooltip"]
    assert boxes["event-conf"]["color"]["background"] == node_type_colour(VOCABULARY.schema, "Event")
    assert overlay_legend_entries(VOCABULARY.schema, ["Event", "Actor"], "de") == [
        ("Event", "Veranstaltungen", node_type_colour(VOCABULARY.schema, "Event"), OVERLAY_SHAPE)]


def test_each_node_type_has_its_own_tint() -> None:
    tints = [node_type_colour(VOCABULARY.schema, t.id) for t in VOCABULARY.schema.node_only_types]
    assert len(set(tints)) == len(tints)
