"""The measures computed by python-igraph against the same measures computed by networkx, on small graphs
(the engine forced with ``engine=``; :mod:`graph.analysis.engine` otherwise picks it by size).

Deterministic measures must agree value for value (floating-point rounding aside), sampled ones too (the
same sources from the same seed); PageRank to the tolerance of the two iterations; communities (Leiden
against Louvain) must be a reproducible partition of at least the same modularity.
"""

from __future__ import annotations

import functools
import json
from types import SimpleNamespace

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.analysis import centrality, engine, structure
from graph.analysis.measures import AnalysisSettings, network_measures
from graph.analysis.network import to_networkx
from graph.analysis.projection import simple_projection, sort_groups
from graph.model.domain import Actor, Relation, Subgraph
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.store.embedded import EmbeddedStore
from tests.support import KITE_NAMES, kite_subgraph


def _measures_in(name: engine.Engine) -> SimpleNamespace:
    """Every measure with its engine fixed to ``name``, under the names the tests use."""
    fixed = {m: functools.partial(getattr(module, m), engine=name)
             for module, names in ((centrality, ("betweenness", "closeness", "pagerank")),
                                   (structure, ("articulation_points", "bridges", "communities", "fragments",
                                                "isolates")))
             for m in names}
    return SimpleNamespace(compile_graph=engine.compile_graph, **fixed)


fast = _measures_in("igraph")
analysis = _measures_in("networkx")


def _named(graph: nx.Graph, prefix: str = "a") -> nx.Graph:
    return nx.relabel_nodes(graph, {n: f"{prefix}{n:03d}" for n in graph})


def _landscape(seed: int) -> nx.Graph:
    """A random network with a large fragment, a small one, a pendant chain and isolates."""
    graph = nx.gnm_random_graph(120, 260, seed=seed)
    graph.add_edges_from([(200, 201), (201, 202), (202, 200)])  # a separate triangle
    graph.add_edges_from([(0, 300), (300, 301)])  # a chain hanging off: articulation points and bridges
    graph.add_nodes_from([400, 401])  # isolates
    return _named(graph)


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> nx.MultiDiGraph:
    from importers.seed import seed

    vocabulary = Vocabulary.load(DATA_DIR / "vocabularies")
    with EmbeddedStore(tmp_path_factory.mktemp("bundled") / "store.sqlite", vocabulary) as store:
        seed(store, vocabulary, DATA_DIR / "ludwigsburg")
        return to_networkx(store.subgraph())


GRAPHS = {
    "kite": lambda: to_networkx(kite_subgraph()),
    "landscape-1": lambda: _landscape(1),
    "landscape-2": lambda: _landscape(2),
    "karate": lambda: _named(nx.karate_club_graph()),
}


@pytest.fixture(params=sorted(GRAPHS))
def graph(request: pytest.FixtureRequest) -> nx.Graph:
    return GRAPHS[request.param]()


def test_compiled_graph_keeps_the_projection_order_and_weights() -> None:
    kite = to_networkx(kite_subgraph())
    compiled = fast.compile_graph(kite)
    assert compiled.nodes == tuple(sorted(KITE_NAMES))
    assert len(compiled) == 10 and compiled.graph.ecount() == 18
    weights = {frozenset((compiled.nodes[e.source], compiled.nodes[e.target])): e["weight"] for e in compiled.graph.es}
    assert weights[frozenset(("andre", "diane"))] == 2  # two ties between Andre and Diane
    assert fast.compile_graph(compiled) is compiled
    assert kite.number_of_edges() == 19  # the input was not changed


@pytest.mark.parametrize(("exact_limit", "sample_size"), [(2000, 200), (10, 7), (50, 25)])
def test_betweenness_is_the_same(graph: nx.Graph, exact_limit: int, sample_size: int) -> None:
    slow = analysis.betweenness(graph, exact_limit=exact_limit, sample_size=sample_size, seed=3)
    quick = fast.betweenness(graph, exact_limit=exact_limit, sample_size=sample_size, seed=3)
    assert (quick.method, quick.k, quick.error_bound, quick.error_note) == (
        slow.method, slow.k, slow.error_bound, slow.error_note)
    assert list(quick.values) == list(slow.values)
    assert quick.values == pytest.approx(slow.values, abs=1e-12)


@pytest.mark.parametrize(("exact_limit", "sample_size"), [(2000, 200), (10, 7), (50, 25)])
def test_closeness_is_the_same(graph: nx.Graph, exact_limit: int, sample_size: int) -> None:
    slow = analysis.closeness(graph, exact_limit=exact_limit, sample_size=sample_size, seed=3)
    quick = fast.closeness(graph, exact_limit=exact_limit, sample_size=sample_size, seed=3)
    assert (quick.method, quick.k, quick.error_note) == (slow.method, slow.k, slow.error_note)
    assert quick.error_bound == pytest.approx(slow.error_bound, abs=1e-12)
    assert list(quick.values) == list(slow.values)
    assert quick.values == pytest.approx(slow.values, abs=1e-12)


def test_pagerank_agrees_to_the_iterations_tolerance(graph: nx.Graph) -> None:
    slow, quick = analysis.pagerank(graph), fast.pagerank(graph)
    assert list(quick) == list(slow)
    assert quick == pytest.approx(slow, abs=1e-8)
    assert sum(quick.values()) == pytest.approx(1.0)


def test_weak_points_and_fragments_are_the_same(graph: nx.Graph) -> None:
    assert fast.articulation_points(graph) == analysis.articulation_points(graph)
    assert fast.bridges(graph) == analysis.bridges(graph)
    assert fast.isolates(graph) == analysis.isolates(graph)
    assert fast.fragments(graph) == analysis.fragments(graph)


def test_communities_are_a_reproducible_partition_at_least_as_good_as_louvain(graph: nx.Graph) -> None:
    projection = simple_projection(graph)
    quick = fast.communities(graph)
    assert sorted(a for group in quick for a in group) == sorted(projection)
    assert quick == fast.communities(graph) == fast.communities(fast.compile_graph(graph))
    assert quick == sort_groups(quick)  # sorted as every community result is sorted
    slow = analysis.communities(graph)
    leiden = nx.community.modularity(projection, quick, weight="weight")
    louvain = nx.community.modularity(projection, slow, weight="weight")
    assert leiden >= louvain - 0.01, (leiden, louvain)


def test_clear_cut_communities_are_the_same_groups() -> None:
    ids = ["a", "b", "c", "d", "e", "f"]
    ties = [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("d", "e"), ("e", "f"), ("f", "d")]
    graph = to_networkx(Subgraph(tuple(Actor(id=i, name=i, kind="other") for i in ids),
                                 tuple(Relation(u, "advises", v) for u, v in ties)))
    assert fast.communities(graph) == analysis.communities(graph) == (("a", "b", "c"), ("d", "e", "f"))
    cliques = _named(nx.ring_of_cliques(5, 6))
    assert fast.communities(cliques) == analysis.communities(cliques)


def test_communities_do_not_depend_on_the_order_the_ties_came_in() -> None:
    forward = to_networkx(kite_subgraph())
    backward = to_networkx(Subgraph(tuple(reversed(kite_subgraph().actors)),
                                    tuple(reversed(kite_subgraph().relations))))
    assert fast.communities(forward) == fast.communities(backward)
    assert fast.communities(forward, seed=1) == fast.communities(forward, seed=1)


def test_empty_and_tieless_graphs() -> None:
    empty = nx.Graph()
    assert fast.communities(empty) == () and fast.pagerank(empty) == {}
    assert fast.fragments(empty) == analysis.fragments(empty) == ()
    lonely = nx.Graph()
    lonely.add_nodes_from(["x", "y"])
    assert fast.pagerank(lonely) == pytest.approx(analysis.pagerank(lonely))
    assert fast.communities(lonely) == (("x",), ("y",))
    assert fast.closeness(lonely).values == analysis.closeness(lonely).values == {"x": 0.0, "y": 0.0}
    assert fast.betweenness(lonely).values == analysis.betweenness(lonely).values


def test_network_measures_switch_to_the_compiled_backend_above_the_setting(bundled: nx.MultiDiGraph) -> None:
    home = "lra-stabsstelle-integration"
    slow = network_measures(bundled, AnalysisSettings(home_organisation=home))
    quick = network_measures(bundled, AnalysisSettings(home_organisation=home, compiled_above=10))
    assert (slow.backend, slow.communities_method) == ("networkx", "louvain")
    assert (quick.backend, quick.communities_method) == ("igraph", "leiden")
    a, b = slow.as_dict(), quick.as_dict()
    assert (b["backend"], b["communities_method"]) == ("igraph", "leiden")
    same = ("actors", "ties", "betweenness", "closeness", "articulation_points", "bridges", "isolates", "fragments",
            "brokers", "reach")
    assert {k: a[k] for k in same} == {k: b[k] for k in same}
    for actor, measures in a["per_actor"].items():
        other = b["per_actor"][actor]
        for key in ("name", "degree", "weighted_degree", "betweenness", "closeness", "hops_from_home"):
            assert other[key] == measures[key], (actor, key)
        assert other["pagerank"] == pytest.approx(measures["pagerank"], abs=2e-6)  # rounded to 6 places
    projection = simple_projection(bundled)
    assert nx.community.modularity(projection, quick.communities, weight="weight") >= nx.community.modularity(
        projection, slow.communities, weight="weight") - 0.01
    assert json.dumps(b) == json.dumps(network_measures(
        bundled, AnalysisSettings(home_organisation=home, compiled_above=10)).as_dict())


def test_sampled_measures_say_so_on_the_compiled_backend() -> None:
    data = network_measures(_landscape(4), AnalysisSettings(exact_limit=50, sample_size=20, compiled_above=0)).as_dict()
    assert data["backend"] == "igraph"
    assert data["betweenness"]["method"] == data["closeness"]["method"] == "sampled"
    assert data["betweenness"]["k"] == data["closeness"]["k"] == 20
    assert data["betweenness"]["error_bound"] > 0


@st.composite
def small_graphs(draw: st.DrawFn) -> nx.Graph:
    n = draw(st.integers(min_value=1, max_value=14))
    nodes = [f"n{i:02d}" for i in range(n)]
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(nodes)
    for i, (u, v) in enumerate(draw(st.lists(st.tuples(st.sampled_from(nodes), st.sampled_from(nodes)),
                                             max_size=30))):
        graph.add_edge(u, v, key=f"t{i}")
    return graph


@settings(max_examples=60, deadline=None)
@given(small_graphs(), st.integers(min_value=1, max_value=6), st.integers(min_value=0, max_value=5))
def test_deterministic_measures_agree_on_any_small_graph(graph: nx.Graph, sample_size: int, seed: int) -> None:
    for limit in (100, 2):  # exact, then sampled whenever the sample is smaller than the graph
        for name in ("betweenness", "closeness"):
            slow = getattr(analysis, name)(graph, exact_limit=limit, sample_size=sample_size, seed=seed)
            quick = getattr(fast, name)(graph, exact_limit=limit, sample_size=sample_size, seed=seed)
            assert (quick.method, quick.k) == (slow.method, slow.k)
            assert quick.values == pytest.approx(slow.values, abs=1e-12, nan_ok=True)
    assert fast.pagerank(graph) == pytest.approx(analysis.pagerank(graph), abs=1e-8)
    assert fast.articulation_points(graph) == analysis.articulation_points(graph)
    assert fast.bridges(graph) == analysis.bridges(graph)
    assert fast.isolates(graph) == analysis.isolates(graph)
    assert fast.fragments(graph) == analysis.fragments(graph)
    found = fast.communities(graph)
    assert sorted(a for group in found for a in group) == sorted(graph)


def test_the_bundled_network_the_same_on_both_paths(bundled: nx.MultiDiGraph) -> None:
    assert fast.articulation_points(bundled) == analysis.articulation_points(bundled)
    assert fast.betweenness(bundled).values == pytest.approx(analysis.betweenness(bundled).values, abs=1e-12)
    assert fast.closeness(bundled).values == pytest.approx(analysis.closeness(bundled).values, abs=1e-12)
