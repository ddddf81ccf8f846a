"""The shape of the network: communities, weak points (articulation points, bridges), isolates, fragments,
brokers between fields of action, and the reach of the home organisation.

Communities, weak points and fragments run in networkx or igraph (:func:`graph.analysis.engine.prepare`):
the weak points and fragments are the same in both; communities are found by Louvain in networkx and by
Leiden (igraph's implementation, modularity with the given resolution, fixed seed) in igraph. The same data
gives the same groups, and Leiden's modularity is as high as Louvain's or higher, but on graphs without a
clear-cut structure the groups may differ.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

from graph.analysis.engine import CompiledGraph, Engine, prepare, seeded_igraph_random
from graph.analysis.projection import node_key, simple_projection, sort_groups, sorted_by_node
from graph.settings import COMPILED_ABOVE

__all__ = [
    "COMMUNITY_METHODS", "Broker", "Reach", "articulation_points", "bridges", "brokers", "communities",
    "fragments", "isolates", "reach",
]

#: How each engine finds communities, as reported in the analysis result.
COMMUNITY_METHODS: Mapping[Engine, str] = {"networkx": "louvain", "igraph": "leiden"}

Pair = tuple[Hashable, Hashable]


@dataclass(frozen=True)
class Broker:
    """An actor linking actors of different fields of action that have no tie of their own."""

    actor: Hashable
    share: float
    cross_field_pairs: int
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Reach:
    """Hops from the home organisation to every actor it reaches; ``found`` is False when it is absent."""

    home: Hashable
    found: bool
    hops: Mapping[Hashable, int]
    out_of_reach: tuple[Hashable, ...]


def communities(graph: nx.Graph | CompiledGraph, *, seed: int = 42, resolution: float = 1.0,
                engine: Engine | None = None, compiled_above: int = COMPILED_ABOVE) -> tuple[tuple[Hashable, ...], ...]:
    """Communities (modularity with ``resolution``, weighted by number of ties) with a fixed seed.

    Each community is sorted; communities are sorted by size (largest first), then by smallest id. In igraph,
    two iterations of Leiden, igraph's default: on the state-sized landscape of the benchmark, iterating until
    nothing moves raised modularity by 0.001 (0.7496 to 0.7508) at four times the time.

    >>> communities(nx.Graph([(1, 2), (2, 3), (1, 3), (3, 4), (4, 5), (5, 6), (4, 6)]))
    ((1, 2, 3), (4, 5, 6))
    """
    g = prepare(graph, engine, compiled_above)
    if isinstance(g, CompiledGraph):
        if not len(g):
            return ()
        with seeded_igraph_random(seed):
            clusters = g.graph.community_leiden(
                objective_function="modularity", weights="weight" if g.graph.ecount() else None,
                resolution=resolution, n_iterations=2,
            )
        return sort_groups([g.nodes[i] for i in group] for group in clusters)
    return sort_groups(nx.community.louvain_communities(g, weight="weight", resolution=resolution, seed=seed)
                       if len(g) else ())


def articulation_points(graph: nx.Graph | CompiledGraph, *, engine: Engine | None = None,
                        compiled_above: int = COMPILED_ABOVE) -> tuple[Hashable, ...]:
    """Actors whose removal splits their fragment of the network, sorted.

    >>> articulation_points(nx.Graph([("a", "b"), ("b", "c")]), engine="igraph")
    ('b',)
    """
    g = prepare(graph, engine, compiled_above)
    found = (g.nodes[i] for i in g.graph.articulation_points()) if isinstance(g, CompiledGraph) \
        else nx.articulation_points(g)
    return tuple(sorted(found, key=node_key))


def bridges(graph: nx.Graph | CompiledGraph, *, engine: Engine | None = None,
            compiled_above: int = COMPILED_ABOVE) -> tuple[Pair, ...]:
    """Pairs of actors whose ties are the only link between two parts of the network, sorted."""
    g = prepare(graph, engine, compiled_above)
    if isinstance(g, CompiledGraph):
        found: list[Pair] = [(g.nodes[e.source], g.nodes[e.target]) for e in g.graph.es[g.graph.bridges()]]
    else:
        found = list(nx.bridges(g))
    pairs = [tuple(sorted(pair, key=node_key)) for pair in found]
    return tuple((u, v) for u, v in sorted(pairs, key=lambda p: (node_key(p[0]), node_key(p[1]))))


def isolates(graph: nx.Graph | CompiledGraph, *, engine: Engine | None = None,
             compiled_above: int = COMPILED_ABOVE) -> tuple[Hashable, ...]:
    """Actors without any tie to another actor, sorted."""
    g = prepare(graph, engine, compiled_above)
    found = (g.nodes[i] for i, d in enumerate(g.graph.degree()) if d == 0) if isinstance(g, CompiledGraph) \
        else nx.isolates(g)
    return tuple(sorted(found, key=node_key))


def fragments(graph: nx.Graph | CompiledGraph, *, engine: Engine | None = None,
              compiled_above: int = COMPILED_ABOVE) -> tuple[tuple[Hashable, ...], ...]:
    """Connected components (isolates included), each sorted; largest first, then by smallest id."""
    g = prepare(graph, engine, compiled_above)
    if isinstance(g, CompiledGraph):
        return sort_groups([g.nodes[i] for i in group] for group in g.graph.connected_components())
    return sort_groups(nx.connected_components(g))


def brokers(graph: nx.Graph, *, threshold: float = 0.5, min_pairs: int = 1) -> tuple[Broker, ...]:
    """Actors that connect actors of different fields of action that are not tied to each other.

    Take every pair of an actor's neighbours that both work on at least one field (node attribute
    ``fields``). A pair is *cross-field* when their fields do not overlap and they have no tie with each
    other, so the actor is their shortest link. ``share`` is the cross-field pairs over all such pairs.
    An actor is a broker with at least ``min_pairs`` cross-field pairs and a share of at least
    ``threshold``. ``fields`` is the union of its neighbours' fields. Sorted by share, then number of
    pairs (both descending), then id.
    """
    g = simple_projection(graph)
    fields = {n: frozenset(f or ()) for n, f in g.nodes(data="fields")}
    # Pairs with disjoint fields are counted per combination of fields, not pair by pair: a hub with
    # thousands of neighbours has millions of pairs but at most 15 combinations of four fields.
    candidates: dict[Hashable, tuple[int, int]] = {}
    for node in g:
        groups = Counter(fields[m] for m in g.adj[node] if fields[m])
        size = sum(groups.values())
        pairs = size * (size - 1) // 2
        disjoint = sum(c1 * c2 for (f1, c1), (f2, c2) in combinations(groups.items(), 2) if not f1 & f2)
        # The cross-field pairs are a subset of the disjoint ones: an actor failing here is no broker.
        if pairs and disjoint >= min_pairs and disjoint / pairs >= threshold:
            candidates[node] = (pairs, disjoint)
    # A disjoint pair tied to each other is no cross-field pair: each such tie takes one off every actor
    # both ends share.
    tied = dict.fromkeys(candidates, 0)
    if candidates:
        adjacency = {n: set(g.adj[n]) for n in g}
        for a, b in g.edges():
            if fields[a] and fields[b] and not fields[a] & fields[b]:
                for node in adjacency[a] & adjacency[b]:
                    if node in tied:
                        tied[node] += 1
    found = []
    for node, (pairs, disjoint) in candidates.items():
        cross = disjoint - tied[node]
        if cross >= min_pairs and cross / pairs >= threshold:
            spanned = tuple(sorted(set().union(*(fields[m] for m in g.adj[node] if fields[m]))))
            found.append(Broker(node, cross / pairs, cross, spanned))
    return tuple(sorted(found, key=lambda b: (-b.share, -b.cross_field_pairs, node_key(b.actor))))


def reach(graph: nx.Graph, home: Hashable) -> Reach:
    """Hops from ``home`` (the organisation running IntegraNet) to every actor via ties in either direction.

    When ``home`` is not in the graph, ``found`` is False and every actor is out of reach.
    """
    g = simple_projection(graph)
    if home not in g:
        return Reach(home, False, {}, tuple(sorted(g, key=node_key)))
    hops = nx.single_source_shortest_path_length(g, home)
    return Reach(home, True, sorted_by_node(hops), tuple(sorted((n for n in g if n not in hops), key=node_key)))
