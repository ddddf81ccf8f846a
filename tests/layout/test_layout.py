"""graph.layout.force: deterministic positions that do not depend on input order and never change the input."""

from __future__ import annotations

import copy
import random

import networkx as nx
import pytest

from graph.analysis.network import to_networkx
from graph.layout.force import default_scale, force_layout, grouped_layout
from graph.model.domain import Actor, Relation, Subgraph
from graph.settings import COMPILED_ABOVE
from tests.support import random_subgraph


def test_same_input_gives_identical_output() -> None:
    subgraph = random_subgraph()
    assert force_layout(subgraph) == force_layout(subgraph)


def test_result_does_not_depend_on_order() -> None:
    subgraph = random_subgraph()
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
    subgraph = random_subgraph()
    assert force_layout(to_networkx(subgraph)) == force_layout(subgraph)
    shuffled = nx.Graph()
    nodes = list(to_networkx(subgraph).nodes)
    random.Random(3).shuffle(nodes)
    shuffled.add_nodes_from(nodes)
    shuffled.add_edges_from(to_networkx(subgraph).to_undirected().edges())
    assert force_layout(shuffled) == force_layout(subgraph)


def test_seed_changes_the_picture() -> None:
    subgraph = random_subgraph()
    assert force_layout(subgraph, seed=1) != force_layout(subgraph, seed=2)


def test_every_node_gets_a_position_within_the_scale() -> None:
    subgraph = random_subgraph(count=40)
    positions = force_layout(subgraph)
    assert set(positions) == {a.id for a in subgraph.actors}
    limit = default_scale(40)
    assert all(abs(x) <= limit + 0.1 and abs(y) <= limit + 0.1 for x, y in positions.values())
    assert max(abs(v) for xy in positions.values() for v in xy) == pytest.approx(limit, abs=0.2)
    assert all(isinstance(v, float) for xy in positions.values() for v in xy)


def test_explicit_scale() -> None:
    positions = force_layout(random_subgraph(), scale=1000)
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
    graph = to_networkx(random_subgraph())
    before = copy.deepcopy(graph)
    force_layout(graph)
    assert nx.utils.graphs_equal(graph, before)
    assert dict(graph.nodes(data=True)) == dict(before.nodes(data=True))


# -- the compiled (python-igraph) layout of large views --------------------------------------------------

_SUBPROCESS_LAYOUT = """
import json, random, sys
random.seed(int(sys.argv[1]))  # whatever the process's own random state, the layout must not change
sys.path.insert(0, sys.argv[2])
from tests.support import random_subgraph
from graph.layout.force import force_layout
print(json.dumps(sorted(force_layout(random_subgraph(count=60), compiled_above=20).items())))
"""


def test_compiled_layout_is_identical_in_every_process() -> None:
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    here = json.loads(json.dumps(sorted(force_layout(random_subgraph(count=60), compiled_above=20).items())))
    for seed in ("1", "2"):
        # Another hash seed and another random state in a fresh interpreter: a new dashboard session.
        env = dict(os.environ, PYTHONHASHSEED=seed)
        out = subprocess.run([sys.executable, "-c", _SUBPROCESS_LAYOUT, seed, str(root)], env=env, cwd=root,
                             capture_output=True, text=True, check=True, timeout=120).stdout
        assert json.loads(out) == here


def test_compiled_layout_does_not_depend_on_order_and_keeps_the_scale() -> None:
    subgraph = random_subgraph(count=60)
    actors, relations = list(subgraph.actors), list(subgraph.relations)
    random.Random(5).shuffle(actors)
    random.Random(6).shuffle(relations)
    compiled = force_layout(subgraph, compiled_above=20)
    assert force_layout(Subgraph(tuple(actors), tuple(relations)), compiled_above=20) == compiled
    assert compiled != force_layout(subgraph)  # it is another method than networkx's
    assert max(abs(v) for xy in compiled.values() for v in xy) == pytest.approx(default_scale(60), abs=0.2)
    assert force_layout(subgraph, seed=1, compiled_above=20) != force_layout(subgraph, seed=2, compiled_above=20)


def test_compiled_layout_leaves_the_global_random_state_alone() -> None:
    import igraph

    random.seed(11)
    expected = random.random()
    random.seed(11)
    force_layout(random_subgraph(count=60), compiled_above=20)
    assert random.random() == expected
    # igraph is handed back Python's own generator: seeding it seeds igraph again.
    random.seed(3)
    first = igraph.Graph.Erdos_Renyi(30, 0.2).get_edgelist()
    random.seed(3)
    assert igraph.Graph.Erdos_Renyi(30, 0.2).get_edgelist() == first


def test_views_above_the_threshold_are_laid_out_by_igraph_quickly() -> None:
    import time

    subgraph = random_subgraph(seed=3, count=COMPILED_ABOVE + 50)
    start = time.perf_counter()
    positions = force_layout(subgraph)
    assert len(positions) == COMPILED_ABOVE + 50
    # networkx takes several seconds for this many nodes; generous for a loaded machine.
    assert time.perf_counter() - start < 30


# -- grouped by kind ------------------------------------------------------------------------------------


def _kinds_subgraph() -> Subgraph:
    kinds = ["municipality", "volunteer_group", "course_provider"]
    actors = tuple(Actor(f"a{i:02d}", f"Actor {i}", kinds[i % 3]) for i in range(30))
    return Subgraph(actors, (Relation("a00", "funds", "a01"),))


def test_grouped_layout_keeps_each_kind_together() -> None:
    subgraph = _kinds_subgraph()
    positions = grouped_layout(subgraph, ["municipality", "volunteer_group", "course_provider"])
    assert set(positions) == {a.id for a in subgraph.actors}
    centres = {}
    for kind in ("municipality", "volunteer_group", "course_provider"):
        points = [positions[a.id] for a in subgraph.actors if a.kind == kind]
        centres[kind] = (sum(x for x, _ in points) / len(points), sum(y for _, y in points) / len(points))
    for actor in subgraph.actors:
        own = centres[actor.kind]
        distance = ((positions[actor.id][0] - own[0]) ** 2 + (positions[actor.id][1] - own[1]) ** 2) ** 0.5
        others = [((positions[actor.id][0] - c[0]) ** 2 + (positions[actor.id][1] - c[1]) ** 2) ** 0.5
                  for kind, c in centres.items() if kind != actor.kind]
        assert distance < min(others)
    # No two actors share a place.
    assert len(set(positions.values())) == len(positions)


def test_grouped_layout_ignores_ties_and_order() -> None:
    subgraph = _kinds_subgraph()
    without_ties = Subgraph(tuple(reversed(subgraph.actors)), ())
    assert grouped_layout(subgraph) == grouped_layout(without_ties)
    assert grouped_layout(Subgraph((), ())) == {}
