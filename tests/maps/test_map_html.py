"""graph.maps.html: a self-contained map page in which user text is data, never markup or script."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from graph.layout.force import force_layout
from graph.maps.aggregation import Aggregate, aggregate
from graph.maps.html import group_map_html, legend_html, network_map_html
from graph.maps.palette import KIND_STYLES, PALETTE, SHAPES, NodeLook, kind_style, legend_entries
from graph.model.domain import ILLUSTRATIVE, Actor, Relation, Subgraph
from graph.model.vocabulary import Term, Vocabulary

HOSTILE_NAMES = (
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(1)</script>",
    'a href="javascript:alert(1)"',
    "Ümlaut's `backtick` \"quote\" & ampersand ß",
    "<!-- x --> ]]> {{ 7*7 }} {% raw %}",
    "\u2028line\u2029separator",
)


def hostile_subgraph() -> Subgraph:
    actors = (
        *(Actor(f"h{i}", name, "volunteer_group", town=name, provenance=name, fields=("language_education",))
          for i, name in enumerate(HOSTILE_NAMES)),
        Actor("m", "Marbach am Neckar", "municipality", town="Marbach am Neckar"),
    )
    relations = (
        Relation("h0", "cooperates_with", "h1", note=HOSTILE_NAMES[0], provenance="file.csv"),
        Relation("h1", "funds", "h2", provenance=ILLUSTRATIVE),
        Relation("h2", "advises", "m", note='<a href="javascript:alert(1)">x</a>', provenance=HOSTILE_NAMES[2]),
        Relation("m", "advises", "h2"),
        Relation("h2", "funds", "m"),
    )
    return Subgraph(actors, relations)


def render(vocabulary: Vocabulary, subgraph: Subgraph | None = None, **kwargs: object) -> str:
    subgraph = subgraph or hostile_subgraph()
    language = str(kwargs.pop("language", "de"))
    return network_map_html(subgraph, vocabulary, force_layout(subgraph), language, **kwargs)  # type: ignore[arg-type]


def data_of(html: str, name: str) -> list[dict[str, object]]:
    """The JSON array the template assigns to ``var <name> =``."""
    match = re.search(rf"var {name} = (\[.*?\]);\n", html, re.DOTALL)
    assert match, name
    return json.loads(match.group(1))


# -- nothing leaves the machine ---------------------------------------------------------------------


def test_no_external_script_or_stylesheet(vocabulary: Vocabulary) -> None:
    html = render(vocabulary)
    assert not re.search(r"<script[^>]*\ssrc\s*=", html, re.IGNORECASE), "every script must be inline"
    assert not re.search(r"<link\b", html, re.IGNORECASE), "every stylesheet must be inline"
    assert not re.search(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.IGNORECASE)
    assert not re.search(r"@import|url\(\s*[\"']?\s*(?:https?:)?//", html, re.IGNORECASE)
    for cdn in ("cdnjs", "jsdelivr", "unpkg", "bootstrap", "tom-select", "googleapis"):
        assert cdn not in html.lower()
    assert "vis.Network" in html and "vis-network" in html  # the library itself is inline


def test_content_security_policy_allows_only_the_inline_scripts(vocabulary: Vocabulary) -> None:
    html = render(vocabulary)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert policy
    directives = dict(part.strip().split(" ", 1) for part in policy.group(1).split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["connect-src"] == "'none'"
    assert "unsafe-inline" not in directives["script-src"] and "unsafe-eval" not in directives["script-src"]
    scripts = re.findall(r"<script>(.*?)</script>", html, re.DOTALL)
    assert len(scripts) == 2
    assert directives["script-src"].count("'sha256-") == len(scripts)


def test_nothing_written_to_the_working_directory(vocabulary: Vocabulary, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    render(vocabulary)
    assert list(tmp_path.iterdir()) == []


# -- user text is data ------------------------------------------------------------------------------


def test_user_text_never_appears_as_markup(vocabulary: Vocabulary) -> None:
    html = render(vocabulary)
    # The text is there, but only as JSON string content with "<" escaped.
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in html
    for needle in ("<img", "<script>alert", "</script><script>", '<a href="javascript', "<!-- x -->"):
        assert needle not in html
    # Exactly the template's own two script elements: only "</script" can end one.
    assert html.count("</script") == 2


def test_user_text_travels_literally_in_the_data(vocabulary: Vocabulary) -> None:
    html = render(vocabulary)
    nodes = {n["id"]: n for n in data_of(html, "nodeData")}
    for i, name in enumerate(HOSTILE_NAMES):
        node = nodes[f"h{i}"]
        assert node["label"] == name  # not HTML-escaped: vis-network draws labels on a canvas
        assert str(node["tooltip"]).startswith(name + "\n")


def test_pyvis_innerhtml_switch_cannot_trigger(vocabulary: Vocabulary) -> None:
    """pyvis renders popups with innerHTML when a node title contains "href"; the adapter gives no titles,
    and its template has no innerHTML path at all."""
    html = render(vocabulary)
    for item in data_of(html, "nodeData") + data_of(html, "edgeData"):
        assert "title" not in item
    assert "innerHTML" not in html.split("<script>")[-1]
    assert "popup" not in html.split("<script>")[-1]
    # The tooltips are set as text.
    assert "textContent = item.tooltip" in html


def test_subgraph_is_not_changed(vocabulary: Vocabulary) -> None:
    subgraph = hostile_subgraph()
    before = (subgraph.actors, subgraph.relations, [dict(a.properties) for a in subgraph.actors])
    render(vocabulary, subgraph)
    assert (subgraph.actors, subgraph.relations, [dict(a.properties) for a in subgraph.actors]) == before


def test_bad_height_is_refused(vocabulary: Vocabulary) -> None:
    with pytest.raises(ValueError, match="CSS length"):
        render(vocabulary, height="720px; background:url(//evil)")


# -- what the map shows -----------------------------------------------------------------------------


def test_positions_are_fixed_and_physics_off(vocabulary: Vocabulary) -> None:
    subgraph = hostile_subgraph()
    positions = force_layout(subgraph)
    html = network_map_html(subgraph, vocabulary, positions, "en")
    for node in data_of(html, "nodeData"):
        assert (node["x"], node["y"]) == positions[str(node["id"])]
    assert '"physics": {"enabled": false' in html
    assert '"physics": {"enabled": true' in network_map_html(subgraph, vocabulary, positions, "en", physics=True)


def test_tooltips_in_the_chosen_language(vocabulary: Vocabulary) -> None:
    de = {n["id"]: n["tooltip"] for n in data_of(render(vocabulary, language="de"), "nodeData")}
    en = {n["id"]: n["tooltip"] for n in data_of(render(vocabulary, language="en"), "nodeData")}
    assert "Art: Ehrenamtliche Initiative" in str(de["h3"]) and "Handlungsfelder: Sprache und Bildung" in str(de["h3"])
    assert "Kind: Volunteer group" in str(en["h3"]) and "Fields of action: Language and education" in str(en["h3"])
    assert "Town: Marbach am Neckar" in str(en["m"])
    assert f"Source: {HOSTILE_NAMES[3]}" in str(en["h3"])


def test_illustrative_ties_are_dashed_and_labelled(vocabulary: Vocabulary) -> None:
    edges = data_of(render(vocabulary, language="en"), "edgeData")
    illustrative = [e for e in edges if e["from"] == "h1" and e["to"] == "h2"]
    sourced = [e for e in edges if e["from"] == "h0"]
    assert illustrative[0]["dashes"] and not sourced[0]["dashes"]
    assert str(illustrative[0]["tooltip"]).startswith("Demonstration tie (illustrative)")
    assert "Demonstration" not in str(sourced[0]["tooltip"])
    de_edges = data_of(render(vocabulary, language="de"), "edgeData")
    assert any(str(e["tooltip"]).startswith("Demonstrationsverbindung") for e in de_edges)


def test_every_tie_is_drawn_and_parallel_ties_curve_apart(vocabulary: Vocabulary) -> None:
    subgraph = hostile_subgraph()
    edges = data_of(render(vocabulary, subgraph), "edgeData")
    assert len(edges) == len(subgraph.relations)
    assert len({e["id"] for e in edges}) == len(edges)
    between = [e for e in edges if {e["from"], e["to"]} == {"h2", "m"}]
    assert len(between) == 3
    assert len({json.dumps(e["smooth"], sort_keys=True) for e in between}) == 3


def test_highlight_makes_the_actor_stand_out(vocabulary: Vocabulary) -> None:
    nodes = {n["id"]: n for n in data_of(render(vocabulary, highlight="m"), "nodeData")}
    assert nodes["m"]["integranetFocus"] is True and nodes["h0"]["integranetFocus"] is False
    assert float(nodes["m"]["size"]) > float(nodes["h0"]["size"])  # type: ignore[arg-type]


def test_nodes_coloured_and_shaped_by_kind(vocabulary: Vocabulary) -> None:
    nodes = {n["id"]: n for n in data_of(render(vocabulary), "nodeData")}
    assert nodes["m"]["shape"] == "square" and nodes["m"]["color"]["background"] == "#0072B2"  # type: ignore[index]
    assert (nodes["h0"]["color"]["background"], nodes["h0"]["shape"]) == kind_style(  # type: ignore[index]
        "volunteer_group", vocabulary
    )


# -- palette and legend ---------------------------------------------------------------------------------


def test_default_kinds_have_distinct_colour_and_shape(vocabulary: Vocabulary) -> None:
    styles = [kind_style(k, vocabulary) for k in vocabulary.kinds.ids()]
    assert len(styles) == 17 == len(set(styles))
    assert set(vocabulary.kinds.ids()) <= set(KIND_STYLES)
    assert all(colour in PALETTE and shape in SHAPES for colour, shape in styles)


def test_extra_kinds_get_unused_combinations() -> None:
    terms = [Term("municipality", "Municipality", "Kommune")] + [
        Term(f"extra_{i}", f"Extra {i}", f"Extra {i}") for i in range(30)
    ]
    vocabulary = Vocabulary(terms, [Term("funds", "funds", "fördert")], [Term("f", "F", "F")])
    styles = [kind_style(k, vocabulary) for k in vocabulary.kinds.ids()]
    assert len(set(styles)) == len(styles)


def test_legend_matches_the_map(vocabulary: Vocabulary) -> None:
    subgraph = hostile_subgraph()
    nodes = data_of(render(vocabulary, subgraph, language="en"), "nodeData")
    entries = legend_entries(vocabulary, {a.kind for a in subgraph.actors}, "en")
    assert [e[0] for e in entries] == ["municipality", "volunteer_group"]  # vocabulary order
    assert entries[0] == ("municipality", "Municipality", "#0072B2", "square")
    by_kind = {kind: (colour, shape) for kind, _label, colour, shape in entries}
    actors = {a.id: a for a in subgraph.actors}
    for node in nodes:
        assert by_kind[actors[str(node["id"])].kind] == (node["color"]["background"], node["shape"])  # type: ignore[index]
    assert legend_entries(vocabulary, {"volunteer_group"}, "de")[0][1] == "Ehrenamtliche Initiative"


def test_legend_html_escapes_labels() -> None:
    html = legend_html([("x", "<b>bold</b>", "#000000", "star")], "Tie", "Demo <tie>")
    assert "<b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html and "Demo &lt;tie&gt;" in html
    assert "<script" not in html and not re.search(r"src=\"https?:", html)
    assert html.count("<img") == 3


# -- encodings, paths and the aggregated map ------------------------------------------------------------


def test_looks_path_and_town_labels(vocabulary: Vocabulary) -> None:
    subgraph = hostile_subgraph()
    looks = {"h0": NodeLook("#009E73", "triangle", 33.0)}
    html = network_map_html(subgraph, vocabulary, force_layout(subgraph), "en", looks=looks,
                            path=("h0", "h1", "h2"), highlight=["h0", "h2"], label_sizes={"m": 40.0})
    nodes = {n["id"]: n for n in data_of(html, "nodeData")}
    assert (nodes["h0"]["color"]["background"], nodes["h0"]["shape"]) == ("#009E73", "triangle")  # type: ignore[index]
    assert nodes["h0"]["size"] == pytest.approx(33.0 * 1.4) and nodes["h3"]["size"] == 14.0
    assert nodes["h0"]["integranetFocus"] and nodes["h2"]["integranetFocus"] and not nodes["h1"]["integranetFocus"]
    assert nodes["m"]["font"] == {"size": 40.0, "strokeWidth": 6}
    assert list(nodes)[-1] == "m"  # large labels are drawn last, on top
    widths = {(e["from"], e["to"]): e["width"] for e in data_of(html, "edgeData")}
    assert widths[("h0", "h1")] == 4 and widths[("h1", "h2")] == 4 and widths[("h2", "m")] == 1.5


def test_first_drawing_is_marked_for_the_benchmark(vocabulary: Vocabulary) -> None:
    html = render(vocabulary)
    assert 'network.once("afterDrawing"' in html and "integranetDrawnAt" in html


def _aggregate(vocabulary: Vocabulary) -> Aggregate:
    actors = (
        Actor("m", HOSTILE_NAMES[0], "municipality"),
        Actor("v", "Verein", "volunteer_group", municipality="m"),
        Actor("o", "Amt", "district_office"),
    )
    relations = (
        Relation("o", "advises", "m"),
        Relation("o", "funds", "v", provenance=ILLUSTRATIVE),
        Relation("v", "exchanges_with", "m", provenance=ILLUSTRATIVE),
    )
    return aggregate(Subgraph(actors, relations), "municipality")


def test_group_map_is_as_safe_as_the_actor_map(vocabulary: Vocabulary) -> None:
    groups = _aggregate(vocabulary)
    html = group_map_html(groups, vocabulary, {"municipality:m": (10.0, 20.0)}, "de")
    assert "<img" not in html and html.count("</script") == 2
    assert not re.search(r"<script[^>]*\ssrc\s*=", html, re.IGNORECASE)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert policy and "default-src 'none'" in policy.group(1)
    nodes = {n["id"]: n for n in data_of(html, "nodeData")}
    assert nodes["municipality:m"]["label"] == f"{HOSTILE_NAMES[0]} (2)"
    assert (nodes["municipality:m"]["x"], nodes["municipality:m"]["y"]) == (10.0, 20.0)
    assert nodes["municipality:"]["label"] == "ohne Sitz im Landkreis (1)"
    assert float(nodes["municipality:m"]["size"]) > float(nodes["municipality:"]["size"])  # type: ignore[arg-type]
    tooltip = str(nodes["municipality:m"]["tooltip"])
    assert tooltip.startswith(HOSTILE_NAMES[0] + "\nAkteure: 2\nVerbindungen innerhalb: 1")
    assert "davon Demonstrationsverbindungen: 1" in tooltip
    (edge,) = data_of(html, "edgeData")
    assert edge["dashes"] is False and "davon Demonstrationsverbindungen: 1" in str(edge["tooltip"])
    for item in data_of(html, "nodeData") + data_of(html, "edgeData"):
        assert "title" not in item


def test_group_map_by_kind_uses_the_kind_styles(vocabulary: Vocabulary) -> None:
    actors = (*(Actor(f"v{i}", f"V{i}", "volunteer_group") for i in range(3)), Actor("o", "O", "other"))
    groups = aggregate(Subgraph(actors, (Relation("v0", "funds", "o", provenance=ILLUSTRATIVE),)), "kind")
    html = group_map_html(groups, vocabulary, {}, "en")
    nodes = {n["id"]: n for n in data_of(html, "nodeData")}
    assert nodes["kind:volunteer_group"]["label"] == "Volunteer group (3)"
    assert (nodes["kind:other"]["color"]["background"], nodes["kind:other"]["shape"]) == kind_style(  # type: ignore[index]
        "other", vocabulary)
    (edge,) = data_of(html, "edgeData")
    assert edge["dashes"]  # every tie of the pair is a demonstration tie
