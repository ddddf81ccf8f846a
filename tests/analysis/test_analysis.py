"""Network measures: hand-computed values on Krackhardt's kite and small named fixtures, properties, data."""

from __future__ import annotations

import json
import math
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.analysis.centrality import betweenness, closeness, degree, pagerank, weighted_degree
from graph.analysis.measures import AnalysisSettings, network_measures
from graph.analysis.network import to_networkx
from graph.analysis.projection import simple_projection
from graph.analysis.structure import (
    Broker,
    articulation_points,
    bridges,
    brokers,
    communities,
    fragments,
    isolates,
    reach,
)
from graph.model.domain import Relation, Subgraph
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.store.embedded import EmbeddedStore
from tests.support import KITE_NAMES, kite_subgraph, plain_actor


@pytest.fixture
def kite() -> nx.MultiDiGraph:
    return to_networkx(kite_subgraph())


def test_the_kite_fixture_is_krackhardts_kite(kite: nx.MultiDiGraph) -> None:
    reference = nx.relabel_nodes(nx.krackhardt_kite_graph(), dict(enumerate(KITE_NAMES)))
    assert nx.utils.graphs_equal(nx.Graph(simple_projection(kite).edges()), nx.Graph(reference.edges()))


def test_projection_counts_ties_per_pair_and_leaves_the_input_alone(kite: nx.MultiDiGraph) -> None:
    edges_before = sorted(kite.edges(keys=True))
    projection = simple_projection(kite)
    assert projection["andre"]["diane"]["weight"] == 2
    assert projection["andre"]["beverly"]["weight"] == 1
    assert projection.number_of_edges() == 18
    assert projection.nodes["andre"]["name"] == "Andre"
    network_measures(kite, AnalysisSettings(home_organisation="andre"))
    assert sorted(kite.edges(keys=True)) == edges_before


def test_degree_and_weighted_degree(kite: nx.MultiDiGraph) -> None:
    assert degree(kite) == {"andre": 4, "beverly": 4, "carol": 3, "diane": 6, "ed": 3, "fernando": 5,
                            "garth": 5, "heather": 3, "ike": 2, "jane": 1}
    weighted = weighted_degree(kite)
    assert (weighted["andre"], weighted["diane"], weighted["jane"]) == (5, 7, 1)
    assert list(weighted) == sorted(KITE_NAMES)


def test_betweenness_exact(kite: nx.MultiDiGraph) -> None:
    result = betweenness(kite)
    # Pairs through Heather: {Ike, Jane} × the 7 actors of the kite's head; through Ike: Jane × 8 others.
    assert result.values["heather"] == pytest.approx(14 / 36)
    assert result.values["ike"] == pytest.approx(8 / 36)
    assert result.values["jane"] == result.values["carol"] == 0
    assert (result.method, result.k, result.approximate, result.error_bound) == ("exact", None, False, 0.0)
    assert result.values == pytest.approx(nx.betweenness_centrality(nx.relabel_nodes(
        nx.krackhardt_kite_graph(), dict(enumerate(KITE_NAMES)))))


def test_betweenness_sampled_says_so_and_stays_within_its_bound() -> None:
    kite = nx.krackhardt_kite_graph()
    exact = betweenness(kite).values
    sampled = betweenness(kite, exact_limit=5, sample_size=9, seed=7)
    assert (sampled.method, sampled.k, sampled.approximate) == ("sampled", 9, True)
    assert sampled.error_bound == pytest.approx(math.sqrt(math.log(400) / 18) * 10 / 9)
    assert sampled.values == pytest.approx(nx.betweenness_centrality(kite, k=9, seed=7))
    assert all(abs(sampled.values[n] - exact[n]) <= sampled.error_bound for n in kite)
    assert betweenness(kite, exact_limit=5, sample_size=9, seed=7) == sampled


def test_closeness_exact(kite: nx.MultiDiGraph) -> None:
    result = closeness(kite)
    assert result.values["fernando"] == result.values["garth"] == pytest.approx(9 / 14)
    assert result.values["jane"] == pytest.approx(9 / 29)
    assert not result.approximate
    assert closeness(nx.krackhardt_kite_graph()).values == pytest.approx(
        nx.closeness_centrality(nx.krackhardt_kite_graph()))


def test_closeness_sampled_is_exact_on_components_no_larger_than_the_sample() -> None:
    triangles = nx.Graph([(1, 2), (2, 3), (1, 3), (4, 5), (5, 6), (4, 6), (7, 8), (8, 9), (7, 9)])
    result = closeness(triangles, exact_limit=1, sample_size=3)
    assert (result.method, result.k) == ("sampled", 3)
    assert result.values == pytest.approx(nx.closeness_centrality(triangles))
    assert result.values[1] == pytest.approx(2 / 8)  # mean distance 1, 2 of 8 others reachable
    kite = nx.krackhardt_kite_graph()
    sampled = closeness(kite, exact_limit=5, sample_size=9)
    assert sampled.approximate and sampled.error_bound > 0
    assert sampled == closeness(kite, exact_limit=5, sample_size=9)


def test_pagerank_matches_igraph_and_sums_to_one(kite: nx.MultiDiGraph) -> None:
    ig = pytest.importorskip("igraph")
    graph = nx.krackhardt_kite_graph()
    reference = ig.Graph.from_networkx(graph)
    expected = dict(zip(reference.vs["_nx_name"], reference.pagerank(), strict=True))
    assert pagerank(graph) == pytest.approx(expected, abs=1e-8)
    ranks = pagerank(kite)
    assert sum(ranks.values()) == pytest.approx(1.0)
    assert max(ranks, key=ranks.__getitem__) == "diane"


def test_communities_of_two_triangles_joined_by_one_tie() -> None:
    ids = ["a", "b", "c", "d", "e", "f"]
    ties = [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "e"), ("e", "f"), ("f", "d")]
    graph = to_networkx(Subgraph(tuple(plain_actor(i) for i in ids), tuple(Relation(u, "advises", v) for u, v in ties)))
    assert communities(graph) == (("a", "b", "c"), ("d", "e", "f"))


def test_kite_communities_are_a_partition_and_reproducible(kite: nx.MultiDiGraph) -> None:
    found = communities(kite)
    assert sorted(a for group in found for a in group) == sorted(KITE_NAMES)
    assert found == communities(kite) == communities(to_networkx(Subgraph(
        tuple(reversed(kite_subgraph().actors)), tuple(reversed(kite_subgraph().relations)))))


def test_articulation_points_and_bridges(kite: nx.MultiDiGraph) -> None:
    assert articulation_points(kite) == ("heather", "ike")
    assert bridges(kite) == (("heather", "ike"), ("ike", "jane"))


def test_isolates_fragments_and_reach() -> None:
    graph = to_networkx(kite_subgraph(extra=(plain_actor("zed"), plain_actor("yan"), plain_actor("xia"))))
    graph.add_edge("yan", "xia", key="advises")
    assert isolates(graph) == ("zed",)
    assert fragments(graph) == (tuple(sorted(KITE_NAMES)), ("xia", "yan"), ("zed",))
    # Carol's tie points at Andre: reach follows ties in either direction.
    result = reach(graph, "andre")
    assert result.found
    assert result.hops == {"andre": 0, "beverly": 1, "carol": 1, "diane": 1, "ed": 2, "fernando": 1,
                           "garth": 2, "heather": 2, "ike": 3, "jane": 4}
    assert result.out_of_reach == ("xia", "yan", "zed")
    missing = reach(graph, "nobody")
    assert (missing.found, missing.hops, len(missing.out_of_reach)) == (False, {}, 13)


def test_brokers_link_fields_whose_actors_have_no_tie_of_their_own() -> None:
    actors = (
        plain_actor("hub", ("language_education", "work_training")),
        plain_actor("school", ("language_education",)),
        plain_actor("cafe", ("language_education",)),
        plain_actor("jobs", ("work_training",)),
        plain_actor("town"),  # no field: left out of the pairs
    )
    ties = [("hub", "school"), ("hub", "cafe"), ("hub", "jobs"), ("hub", "town"), ("school", "cafe")]
    graph = to_networkx(Subgraph(actors, tuple(Relation(u, "advises", v) for u, v in ties)))
    # hub's neighbour pairs with fields: school–cafe (same field), school–jobs, cafe–jobs (cross): 2 of 3.
    expected = Broker("hub", 2 / 3, 2, ("language_education", "work_training"))
    assert brokers(graph) == (expected,)
    assert brokers(graph, threshold=0.7) == ()
    assert brokers(graph, min_pairs=3) == ()
    graph.add_edge("jobs", "cafe", key="advises")  # cafe and jobs now meet directly
    assert brokers(graph) == ()
    # Now school–jobs is the one cross pair left, and both hub and cafe link it (ties: sorted by id).
    both = ("language_education", "work_training")
    assert brokers(graph, threshold=0.3) == (Broker("cafe", 1 / 3, 1, both), Broker("hub", 1 / 3, 1, both))


def test_network_measures_bundle_everything_as_json(kite: nx.MultiDiGraph) -> None:
    measures = network_measures(kite, AnalysisSettings(home_organisation="andre"))
    data = measures.as_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["actors"] == 10 and data["ties"] == 19
    assert data["per_actor"]["diane"]["degree"] == 6
    assert data["per_actor"]["diane"]["weighted_degree"] == 7
    assert data["per_actor"]["jane"]["hops_from_home"] == 4
    assert data["per_actor"]["heather"]["betweenness"] == round(14 / 36, 6)
    assert data["articulation_points"] == ["heather", "ike"]
    assert data["bridges"] == [["heather", "ike"], ["ike", "jane"]]
    assert data["reach"] == {"home": "andre", "found": True, "out_of_reach": []}
    assert data["betweenness"]["method"] == "exact"
    assert network_measures(kite).reach is None


def test_network_measures_report_sampling() -> None:
    data = network_measures(nx.krackhardt_kite_graph(), AnalysisSettings(exact_limit=5, sample_size=6)).as_dict()
    assert data["betweenness"]["method"] == data["closeness"]["method"] == "sampled"
    assert data["betweenness"]["approximate"] is True and data["betweenness"]["k"] == 6


@st.composite
def graphs_with_a_bridge(draw: st.DrawFn) -> tuple[nx.MultiDiGraph, tuple[str, str]]:
    n = draw(st.integers(min_value=2, max_value=10))
    nodes = [f"a{i}" for i in range(n)]
    pairs = st.tuples(st.sampled_from(nodes), st.sampled_from(nodes))
    ties = draw(st.lists(pairs, min_size=1, max_size=20))
    graph = to_networkx(Subgraph(tuple(plain_actor(a) for a in nodes), ()))
    for i, (u, v) in enumerate(ties):
        graph.add_edge(u, v, key=f"t{i}")
    found = bridges(graph)
    if not found:
        # A pendant actor always makes a bridge.
        graph.add_node("pendant")
        graph.add_edge(nodes[0], "pendant", key="t")
        found = bridges(graph)
    return graph, draw(st.sampled_from(found))


@settings(max_examples=60, deadline=None)
@given(graphs_with_a_bridge())
def test_removing_a_bridge_increases_the_number_of_fragments(case: tuple[nx.MultiDiGraph, tuple[str, str]]) -> None:
    graph, (u, v) = case
    before = len(fragments(graph))
    cut = graph.copy()
    cut.remove_edges_from([(a, b, k) for a, b, k in graph.edges(keys=True) if {a, b} == {u, v}])
    assert len(fragments(cut)) == before + 1
    assert len(fragments(graph)) == before  # the input was not changed


def test_bundled_data_measures_are_sane_and_deterministic(tmp_path: Path) -> None:
    from importers.seed import seed

    vocabulary = Vocabulary.load(DATA_DIR / "vocabularies")
    with EmbeddedStore(tmp_path / "s.sqlite", vocabulary) as store:
        seed(store, vocabulary, DATA_DIR / "ludwigsburg")
        graph = to_networkx(store.subgraph())
    params = AnalysisSettings(home_organisation="lra-stabsstelle-integration")
    first = network_measures(graph, params).as_dict()
    assert first["reach"]["found"] is True
    assert len(first["per_actor"]) == graph.number_of_nodes()
    assert "lra-stabsstelle-integration" in first["articulation_points"]
    assert sum(len(c) for c in first["communities"]) == graph.number_of_nodes()
    assert json.dumps(first, sort_keys=True) == json.dumps(network_measures(graph, params).as_dict(), sort_keys=True)
