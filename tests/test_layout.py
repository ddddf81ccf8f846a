"""graph.layout: deterministic positions that do not depend on input order and never change the input."""

from __future__ import annotations

import copy
import random

import networkx as nx
import pytest

from graph.layout import default_scale, force_layout
from graph.model import Actor, Relation, Subgraph
from graph.network import to_networkx


def _subgraph(seed: int = 0, count: int = 30) -> Subgraph:
    rng = random.Random(seed)
    actors = tuple(Actor(f"a{i:02d}", f"Actor {i}", "other") for i in range(count))
    relations = {
        Relation(f"a{rng.randrange(count):02d}", rng.choice(["funds", "advises"]), f"a{rng.randrange(count):02d}")
        for _ in range(count * 2)
    }
    return Subgraph(actors, tuple(sorted(relations, key=lambda r: r.key)))


def test_same_input_gives_identical_output() -> None:
    subgraph = _subgraph()
    assert force_layout(subgraph) == force_layout(subgraph)


def test_result_does_not_depend_on_order() -> None:
    subgraph = _subgraph()
    actors, relations = list(subgraph.actors), list(subgraph.relations)
    rng = random.Random(7)
    rng.shuffle(actors)
    rng.shuffle(relations)
    assert force_layout(Subgraph(tuple(actors), tuple(relations))) == force_layout(subgraph)


def test_direction_and_parallel_ties_do_not_move_nodes() -> None:
    a, b, c = (Actor(x, x.upper(), "other") for x in "abc")
    one = Subgraph((a, b, c), (Relation("a", "funds", "b"), Relation("b", "advises", "c")))
    more = Subgraph(
        (a, b, c),
        (Relation("b", "funds", "a"), Relation("a", "advises", "b"), Relation("c", "advises", "b"),
         Relation("c", "funds", "c")),
    )
    assert force_layout(one) == force_layout(more)


def test_subgraph_and_networkx_graph_give_the_same_positions() -> None:
    subgraph = _subgraph()
    assert force_layout(to_networkx(subgraph)) == force_layout(subgraph)
    shuffled = nx.Graph()
    nodes = list(to_networkx(subgraph).nodes)
    random.Random(3).shuffle(nodes)
    shuffled.add_nodes_from(nodes)
    shuffled.add_edges_from(to_networkx(subgraph).to_undirected().edges())
    assert force_layout(shuffled) == force_layout(subgraph)


def test_seed_changes_the_picture() -> None:
    subgraph = _subgraph()
    assert force_layout(subgraph, seed=1) != force_layout(subgraph, seed=2)


def test_every_node_gets_a_position_within_the_scale() -> None:
    subgraph = _subgraph(count=40)
    positions = force_layout(subgraph)
    assert set(positions) == {a.id for a in subgraph.actors}
    limit = default_scale(40)
    assert all(abs(x) <= limit + 0.1 and abs(y) <= limit + 0.1 for x, y in positions.values())
    assert max(abs(v) for xy in positions.values() for v in xy) == pytest.approx(limit, abs=0.2)
    assert all(isinstance(v, float) for xy in positions.values() for v in xy)


def test_explicit_scale() -> None:
    positions = force_layout(_subgraph(), scale=1000)
    assert max(abs(v) for xy in positions.values() for v in xy) == pytest.approx(1000, abs=0.2)


def test_isolated_actors_and_ties_to_actors_outside_are_handled() -> None:
    a, b = Actor("a", "A", "other"), Actor("b", "B", "other")
    positions = force_layout(Subgraph((a, b), (Relation("a", "funds", "elsewhere"),)))
    assert set(positions) == {"a", "b"}


def test_empty_and_single() -> None:
    assert force_layout(Subgraph((), ())) == {}
    assert force_layout(Subgraph((Actor("a", "A", "other"),), ())) == {"a": (0.0, 0.0)}
    assert force_layout(nx.Graph()) == {}


def test_input_is_not_changed() -> None:
    graph = to_networkx(_subgraph())
    before = copy.deepcopy(graph)
    force_layout(graph)
    assert nx.utils.graphs_equal(graph, before)
    assert dict(graph.nodes(data=True)) == dict(before.nodes(data=True))
