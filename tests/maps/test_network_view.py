"""What the network map shows: view model, paths, aggregation, geographic layout, encodings and tables.

The view tests run on the bundled Ludwigsburg data in a real embedded store.
"""

from __future__ import annotations

import csv
import io
import math
import random
from collections.abc import Iterator

import networkx as nx
import pytest

from graph.analysis.centrality import betweenness
from graph.analysis.engine import choose
from graph.analysis.paths import adjacency, shortest_path, within_steps
from graph.exports.map_table import actor_rows, csv_text, group_rows, sort_key, tie_rows
from graph.layout.geographic import geographic_layout, municipality_coordinates, project
from graph.maps.aggregation import aggregate, group_id, group_members, parse_group_id
from graph.maps.style import encode, measure
from graph.maps.view import MapQuery, map_view, view_positions
from graph.model.domain import ILLUSTRATIVE, Actor, ActorFilter, Relation, Subgraph
from graph.model.vocabulary import Vocabulary
from graph.settings import COMPILED_ABOVE, DATA_DIR
from graph.store.embedded import EmbeddedStore
from importers.seed import seed

LB = "ags-08118048"  # Ludwigsburg
NAMES = {
    "Ludwigsburg": LB,
    "Vaihingen an der Enz": "ags-08118073",
    "Oberstenfeld": "ags-08118060",
    "Gerlingen": "ags-08118019",
    "Bönnigheim": "ags-08118010",
}


@pytest.fixture(scope="module")
def ludwigsburg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    vocabulary = Vocabulary.load(DATA_DIR / "vocabularies")
    store = EmbeddedStore(tmp_path_factory.mktemp("view") / "ludwigsburg.sqlite", vocabulary)
    store.initialise()
    seed(store, vocabulary, DATA_DIR / "ludwigsburg")
    yield store
    store.close()


# -- paths ----------------------------------------------------------------------------------------------


def test_shortest_path_follows_ties_either_way_and_is_deterministic() -> None:
    graph = adjacency([("a", "b"), ("c", "b"), ("a", "c2"), ("c2", "d"), ("c", "d"), ("x", "x")])
    assert shortest_path(graph, "a", "d") == ("a", "c2", "d")  # not the longer a-b-c-d
    assert shortest_path(graph, "d", "a") == ("d", "c2", "a")
    assert shortest_path(graph, "a", "a") == ("a",)
    assert shortest_path(graph, "a", "x") is None and "x" not in graph  # a self-tie connects nothing
    assert shortest_path(graph, "a", "nowhere") is None
    # Two equally short paths: the one through the smaller id, every time.
    square = adjacency([("s", "m2"), ("s", "m1"), ("m2", "t"), ("m1", "t")])
    assert shortest_path(square, "s", "t") == ("s", "m1", "t")


def test_within_steps_counts_steps() -> None:
    graph = adjacency([("a", "b"), ("b", "c"), ("c", "d")])
    assert within_steps(graph, "a", 2) == {"a": 0, "b": 1, "c": 2}
    assert within_steps(graph, "lonely", 3) == {"lonely": 0}


# -- aggregation ----------------------------------------------------------------------------------------


def _small() -> Subgraph:
    actors = (
        Actor("m1", "Asperg", "municipality"),
        Actor("m2", "Tamm", "municipality"),
        Actor("v1", "Verein", "volunteer_group", municipality="m1"),
        Actor("v2", "Verein 2", "volunteer_group", municipality="m2"),
        Actor("o1", "Amt", "district_office"),
    )
    relations = (
        Relation("v1", "cooperates_with", "m1"),
        Relation("v1", "exchanges_with", "v2", provenance=ILLUSTRATIVE),
        Relation("o1", "advises", "m1"),
        Relation("o1", "advises", "m2"),
        Relation("m2", "cooperates_with", "o1", provenance=ILLUSTRATIVE),
        Relation("v1", "funds", "elsewhere"),
    )
    return Subgraph(actors, relations)


def test_aggregate_by_municipality_counts_actors_and_ties() -> None:
    found = aggregate(_small(), "municipality", {"m9": "Unused"})
    groups = {g.id: g for g in found.groups}
    assert [g.id for g in found.groups] == ["municipality:m1", "municipality:m2", "municipality:"]
    assert (groups["municipality:m1"].name, groups["municipality:m1"].actors) == ("Asperg", 2)
    assert groups["municipality:m1"].ties_within == 1 and groups["municipality:"].name == ""
    ties = {(t.source, t.target): (t.ties, t.illustrative) for t in found.ties}
    assert ties == {
        ("municipality:", "municipality:m1"): (1, 0),
        ("municipality:", "municipality:m2"): (2, 1),
        ("municipality:m1", "municipality:m2"): (1, 1),
    }
    assert (found.actors, found.total_ties, found.illustrative_ties) == (5, 5, 2)  # the tie to "elsewhere" is out


def test_aggregate_by_kind_and_members() -> None:
    found = aggregate(_small(), "kind")
    assert [(g.id, g.actors) for g in found.groups] == [
        ("kind:municipality", 2), ("kind:volunteer_group", 2), ("kind:district_office", 1)]
    members = group_members(_small(), "kind:volunteer_group")
    assert [a.id for a in members.actors] == ["v1", "v2"] and len(members.relations) == 1
    assert group_members(_small(), "nonsense") == Subgraph((), ())
    assert parse_group_id("municipality:") == ("municipality", "") and parse_group_id("town:x") is None
    with pytest.raises(ValueError, match="grouped by"):
        group_id(_small().actors[0], "colour")


# -- the view model -------------------------------------------------------------------------------------


def test_selection_counts_and_totals(ludwigsburg: EmbeddedStore) -> None:
    view = map_view(ludwigsburg, MapQuery())
    assert (view.shown_actors, view.shown_ties, view.total_actors, view.total_ties) == (83, 192, 83, 192)
    assert view.illustrative_ties == 102 and view.aggregate is None
    work = map_view(ludwigsburg, MapQuery(fields=("work_training",)))
    assert 0 < work.shown_actors < 83
    assert all("work_training" in a.fields for a in work.subgraph.actors)
    sourced = map_view(ludwigsburg, MapQuery(hide_illustrative=True))
    assert (sourced.shown_actors, sourced.shown_ties, sourced.illustrative_ties) == (83, 90, 0)


def test_query_normalisation_gives_one_key_per_view() -> None:
    one = MapQuery(kinds=("b", "a", "a"), search="  Asyl   Verein ", focus="x")
    two = MapQuery(kinds=("a", "b"), search="Asyl Verein")
    assert one.key() == two.key()
    assert MapQuery.from_key(one.key()) == two.normalised()
    # Actor filters do not apply to a focus, focus settings not to a selection.
    assert MapQuery(mode="focus", kinds=("a",), focus="x", depth=9).normalised() == MapQuery(
        mode="focus", focus="x", depth=3, include_district_wide=False)
    with pytest.raises(ValueError, match="mode"):
        MapQuery(mode="everything").normalised()


def test_focus_and_path_on_the_bundled_data(ludwigsburg: EmbeddedStore) -> None:
    focus = map_view(ludwigsburg, MapQuery(mode="focus", focus="caritas-lb", depth=1))
    assert focus.hops["caritas-lb"] == 0 and set(focus.hops.values()) == {0, 1}
    assert {a.id for a in focus.subgraph.actors} == set(focus.hops)
    path = map_view(ludwigsburg, MapQuery(mode="path", path_from="laka-bw", path_to="ags-08118073"))
    assert path.path_found and path.path[0] == "laka-bw" and path.path[-1] == "ags-08118073"
    assert len(path.subgraph.actors) == len(path.path)
    missing = map_view(ludwigsburg, MapQuery(mode="path", path_from="laka-bw", path_to="no-such-actor"))
    assert missing.missing == ("no-such-actor",) and missing.path_found is None
    assert map_view(ludwigsburg, MapQuery(mode="focus", focus="no-such-actor")).missing == ("no-such-actor",)


def test_reads_go_through_the_given_reader(ludwigsburg: EmbeddedStore) -> None:
    calls: list[ActorFilter] = []

    def read(where: ActorFilter) -> Subgraph:
        calls.append(where)
        return ludwigsburg.subgraph(where)

    map_view(ludwigsburg, MapQuery(kinds=("municipality",), hide_illustrative=True), read=read)
    map_view(ludwigsburg, MapQuery(mode="path", path_from="laka-bw", path_to=LB), read=read)
    assert calls == [ActorFilter(kinds=("municipality",)), ActorFilter()]


def test_aggregation_levels_and_truncation(ludwigsburg: EmbeddedStore) -> None:
    top = map_view(ludwigsburg, MapQuery(), node_limit=20)
    assert top.aggregate is not None and top.aggregate.by == "municipality" and top.subgraph.actors == ()
    assert top.shown_actors == 83 and top.shown_ties == 192 and top.illustrative_ties == 102
    ludwigsburg_group = next(g for g in top.aggregate.groups if g.value == LB)
    assert ludwigsburg_group.name == "Ludwigsburg" and ludwigsburg_group.actors > 20
    # Ludwigsburg still holds more than 20: inside it, by kind.
    inside = map_view(ludwigsburg, MapQuery(open_groups=(ludwigsburg_group.id,)), node_limit=20)
    assert inside.aggregate is not None and inside.aggregate.by == "kind" and inside.opened == (ludwigsburg_group,)
    opened = map_view(ludwigsburg, MapQuery(open_groups=(ludwigsburg_group.id, "kind:welfare_organisation")),
                      node_limit=20)
    assert opened.aggregate is None and opened.subgraph.actors
    assert all(a.kind == "welfare_organisation" and a.municipality == LB for a in opened.subgraph.actors)
    # A group id of the wrong key is ignored.
    assert map_view(ludwigsburg, MapQuery(open_groups=("kind:welfare_organisation",)), node_limit=20).opened == ()
    # Both keys used up and still too many: the best connected are drawn.
    tiny = map_view(ludwigsburg, MapQuery(open_groups=(ludwigsburg_group.id, "kind:welfare_organisation")),
                    node_limit=2)
    assert tiny.truncated and len(tiny.subgraph.actors) == 2


# -- geography ------------------------------------------------------------------------------------------


def _haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    (lat1, lon1), (lat2, lon2) = (tuple(map(math.radians, p)) for p in (a, b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def test_the_39_municipalities_lie_as_on_a_map_of_the_district(ludwigsburg: EmbeddedStore) -> None:
    coordinates = municipality_coordinates(ludwigsburg.actors())
    assert len(coordinates) == 39
    placed = project(coordinates)
    at = {name: placed[actor_id] for name, actor_id in NAMES.items()}
    lb = at["Ludwigsburg"]
    # Ludwigsburg lies in the middle third of the drawing, north is up (smaller y), east is right.
    assert abs(lb[0]) < 500 and abs(lb[1]) < 500
    assert at["Vaihingen an der Enz"][0] < lb[0] - 1000  # far west
    assert at["Oberstenfeld"][0] > lb[0] and at["Oberstenfeld"][1] < lb[1] - 1000  # north-east
    assert at["Gerlingen"][1] > lb[1] + 500  # south
    assert at["Bönnigheim"][1] < lb[1] - 1000  # north
    assert min(x for x, _ in placed.values()) == pytest.approx(-1500, abs=1) or max(
        abs(y) for _, y in placed.values()) == pytest.approx(1500, abs=1)
    # Equirectangular with cos(latitude): distances on the canvas are proportional to real distances.
    ids = sorted(coordinates)
    rng = random.Random(1)
    ratios = []
    for _ in range(40):
        a, b = rng.sample(ids, 2)
        ratios.append(math.dist(placed[a], placed[b]) / _haversine_km(coordinates[a], coordinates[b]))
    assert max(ratios) / min(ratios) < 1.01


def test_actors_sit_around_their_seat_and_keep_their_place_under_filters(ludwigsburg: EmbeddedStore) -> None:
    coordinates = municipality_coordinates(ludwigsburg.actors())
    everything = ludwigsburg.subgraph()
    kinds = ludwigsburg.vocabulary.kinds.ids()
    positions = geographic_layout(everything, coordinates, kinds)
    assert set(positions) == {a.id for a in everything.actors}
    towns = project(coordinates)
    bottom = max(y for _, y in towns.values())
    for actor in everything.actors:
        if actor.kind == "municipality":
            assert positions[actor.id] == towns[actor.id]
        elif actor.municipality in towns:
            seat = towns[actor.municipality]
            assert 0 < math.dist(positions[actor.id], seat) < 300
            assert positions[actor.id][1] < seat[1] + 42 * 0.2  # above the town's name
        else:
            assert positions[actor.id][1] > bottom  # no seat in the district: below it
    assert len(set(positions.values())) == len(positions)
    # Filtering leaves the towns where they are.
    towns_only = ludwigsburg.subgraph(ActorFilter(kinds=("municipality",)))
    assert geographic_layout(towns_only, coordinates, kinds) == {a.id: positions[a.id] for a in towns_only.actors}


def test_aggregated_geographic_view_puts_groups_at_their_towns(ludwigsburg: EmbeddedStore) -> None:
    coordinates = municipality_coordinates(ludwigsburg.actors())
    view = map_view(ludwigsburg, MapQuery(), node_limit=20)
    positions = view_positions(view, "geographic", coordinates)
    towns = project(coordinates)
    assert positions[f"municipality:{LB}"] == towns[LB]
    assert positions["municipality:"][1] > max(y for _, y in towns.values())
    assert set(view_positions(view, "force", coordinates)) == set(positions)
    with pytest.raises(ValueError, match="layout"):
        view_positions(view, "spiral", coordinates)


def test_coordinates_that_are_not_numbers_are_left_out() -> None:
    actors = [
        Actor("m1", "A", "municipality", properties={"lat": "48.9", "lon": "9.1"}),
        Actor("m2", "B", "municipality", properties={"lat": "north", "lon": 9.0}),
        Actor("m3", "C", "municipality", properties={"lat": 48.9}),
        Actor("o", "D", "other", properties={"lat": 48.9, "lon": 9.1}),
    ]
    assert municipality_coordinates(actors) == {"m1": (48.9, 9.1)}
    assert project({}) == {} and project({"m1": (48.9, 9.1)}) == {"m1": (0.0, 0.0)}


# -- encodings ------------------------------------------------------------------------------------------


def test_kind_encoding_and_legend_match(vocabulary: Vocabulary) -> None:
    encoding = encode(_small(), vocabulary, "de")
    legend = {item.key: item for item in encoding.legend}
    assert [item.key for item in encoding.legend] == ["kind:municipality", "kind:district_office",
                                                      "kind:volunteer_group"]
    assert legend["kind:municipality"].label == "Kommune" and legend["kind:municipality"].count == 2
    for actor in _small().actors:
        look = encoding.looks[actor.id]
        item = legend[f"kind:{actor.kind}"]
        assert (look.colour, look.shape) == (item.colour, item.shape)
    assert not encoding.values and not encoding.communities


def test_field_and_community_encodings_pair_colour_with_shape(vocabulary: Vocabulary) -> None:
    actors = (
        Actor("a", "A", "other", fields=("language_education",)),
        Actor("b", "B", "other", fields=("language_education", "work_training")),
        Actor("c", "C", "other"),
        Actor("d", "D", "other", fields=("work_training",)),
    )
    field = encode(Subgraph(actors, ()), vocabulary, "en", colour_by="field")
    keys = [item.key for item in field.legend]
    assert keys == ["field:language_education", "field:work_training", "field:*several*", "field:*none*"]
    pairs = [(item.colour, item.shape) for item in field.legend]
    assert len(set(pairs)) == 4
    assert len({c for c, _ in pairs}) == 4 and len({s for _, s in pairs}) == 4  # neither alone repeats
    assert field.legend[0].label == "Language and education"

    two_triangles = Subgraph(
        tuple(Actor(x, x, "other") for x in "abcdef"),
        tuple(Relation(u, "funds", v) for u, v in ("ab", "bc", "ca", "de", "ef", "fd")),
    )
    community = encode(two_triangles, vocabulary, "en", colour_by="community")
    assert community.communities == {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2, "f": 2}
    assert [item.key for item in community.legend] == ["community:1", "community:2"]
    with pytest.raises(ValueError, match="colour_by"):
        encode(two_triangles, vocabulary, "en", colour_by="mood")


def test_sizes_follow_the_measure(vocabulary: Vocabulary) -> None:
    star = Subgraph(tuple(Actor(x, x, "other") for x in "habcd"),
                    tuple(Relation("h", "advises", x) for x in "abcd"))
    degree = encode(star, vocabulary, "de", size_by="degree")
    assert degree.values["h"] == 4 and degree.looks["h"].size == 40.0 and degree.looks["a"].size < 40.0
    betweenness = encode(star, vocabulary, "de", size_by="betweenness")
    assert betweenness.values["h"] == 1.0 and betweenness.values["a"] == 0.0
    assert measure(star, "uniform") == {}


def test_betweenness_of_a_large_view_equals_networkx() -> None:
    """A view above the engine threshold is sized by igraph's betweenness: the values are networkx's."""
    rng = random.Random(4)
    count = COMPILED_ABOVE + 50
    graph = nx.Graph([(f"n{rng.randrange(count)}", f"n{rng.randrange(count)}") for _ in range(2 * count)])
    graph.remove_edges_from(nx.selfloop_edges(graph))
    assert choose(graph.number_of_nodes()) == "igraph"
    view = Subgraph(tuple(Actor(n, n, "other") for n in graph),
                    tuple(Relation(u, "cooperates_with", v) for u, v in graph.edges()))
    expected = betweenness(graph, engine="networkx", exact_limit=count).values
    sized = measure(view, "betweenness")
    assert set(sized) == set(expected)
    assert all(sized[n] == pytest.approx(expected[n], abs=1e-9) for n in expected)


# -- tables ---------------------------------------------------------------------------------------------


def test_csv_neutralises_formulas_and_keeps_numbers() -> None:
    rows = [{"name": "=HYPERLINK(\"http://x\")", "ties": 3, "note": None},
            {"name": "@SUM(A1)", "ties": 0, "note": "-1"},
            {"name": "Verein, e. V.", "ties": 1, "note": "\ttab"}]
    text = csv_text(rows, {"name": "Name", "ties": "=Ties", "note": "Notiz"})
    parsed = list(csv.reader(io.StringIO(text)))
    assert parsed[0] == ["Name", "'=Ties", "Notiz"]
    assert parsed[1] == ["'=HYPERLINK(\"http://x\")", "3", ""]
    assert parsed[2] == ["'@SUM(A1)", "0", "'-1"]
    assert parsed[3] == ["Verein, e. V.", "1", "'\ttab"]


def test_tables_of_a_view(ludwigsburg: EmbeddedStore) -> None:
    vocabulary = ludwigsburg.vocabulary
    path = map_view(ludwigsburg, MapQuery(mode="path", path_from="laka-bw", path_to=LB))
    rows = actor_rows(path, vocabulary, "de")
    assert [r["steps"] for r in rows] == list(range(len(path.path)))
    assert list(rows[0]) == ["name", "kind", "town", "fields", "ties", "steps", "provenance"]
    ties = tie_rows(path, vocabulary, "en")
    assert len(ties) == len(path.subgraph.relations) and ties[0]["type"] in {
        t.label_en for t in vocabulary.relation_types}
    top = map_view(ludwigsburg, MapQuery(), node_limit=20)
    assert top.aggregate is not None
    groups = group_rows(top.aggregate, {g.id: g.name or "–" for g in top.aggregate.groups})
    assert sum(g["actors"] for g in groups) == 83
    assert sum(g["ties_within"] for g in groups) + sum(g["ties_between"] for g in groups) / 2 == 192


def test_names_sort_as_a_reader_expects() -> None:
    assert sorted(["Bundesamt", "Bönnigheim", "Asperg", "ärzte"], key=sort_key) == [
        "ärzte", "Asperg", "Bönnigheim", "Bundesamt"]
