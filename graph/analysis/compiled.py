"""Compiled implementations of the heavy network measures (python-igraph).

networkx stays the graph API; these functions take the same graphs and give the same results as their
namesakes in :mod:`graph.analysis.measures`, computed in C.
:func:`graph.analysis.measures.network_measures` hands a graph
to them when it has more actors than ``AnalysisSettings.compiled_above``: on a state-sized network
(50,000 actors, 250,000 ties) pure-Python Louvain takes minutes, betweenness from 200 sources half a minute.

What is the same and what is not:

- betweenness (exact and sampled), closeness (exact and sampled), articulation points, bridges, isolates and
  fragments give the values of :mod:`graph.analysis.measures` (floating-point rounding aside): the sampled measures
  draw the same source actors from the same seed, and the scaling is networkx's;
- PageRank agrees to the convergence tolerance of the two iterations (about 1e-9);
- communities are found by Leiden (igraph's implementation, modularity with the given resolution, fixed
  seed) instead of Louvain: the same data gives the same groups, and their modularity
  is as high as Louvain's or higher, but on graphs without a clear-cut structure the groups may differ.
  (leidenalg implements the same algorithm; on 50,000 actors it took 12 s where igraph took 2 s.)

Every function accepts a networkx graph or a :class:`CompiledGraph`, so a caller running several measures
converts the graph once (:func:`compile_graph`).

>>> import networkx as nx
>>> compiled = compile_graph(nx.Graph([("a", "b"), ("b", "c")]))
>>> articulation_points(compiled)
('b',)
"""

from __future__ import annotations

import math
import operator
import random
import threading
from collections.abc import Hashable
from dataclasses import dataclass

import igraph as ig
import networkx as nx

from graph.analysis.measures import Centrality, _hoeffding, _key, _sort_groups, _sorted_dict, simple_projection

__all__ = [
    "COMMUNITY_METHOD", "CompiledGraph", "articulation_points", "betweenness", "bridges", "closeness",
    "communities", "compile_graph", "fragments", "isolates", "pagerank",
]

#: How :func:`communities` finds its groups, as reported in the analysis result.
COMMUNITY_METHOD = "leiden"
# Rows of the pivot × actor distance matrix fetched at once: bounds memory on large graphs (each row holds
# one Python int per actor).
_DISTANCE_ROWS = 16
_RANDOM_LOCK = threading.Lock()


@dataclass(frozen=True)
class CompiledGraph:
    """The undirected simple projection as an igraph graph: vertex ``i`` is actor ``nodes[i]``.

    Edge attribute ``weight``: the number of ties between the pair. ``nodes`` is in the projection's
    (sorted) order, which keeps every seeded result reproducible.
    """

    graph: ig.Graph
    nodes: tuple[Hashable, ...]

    def __len__(self) -> int:
        return len(self.nodes)


def compile_graph(graph: nx.Graph | CompiledGraph) -> CompiledGraph:
    """The projection of ``graph`` (:func:`~graph.analysis.measures.simple_projection`) as a :class:`CompiledGraph`."""
    if isinstance(graph, CompiledGraph):
        return graph
    g = simple_projection(graph)
    nodes = tuple(g)
    index = {n: i for i, n in enumerate(nodes)}
    edges = list(g.edges(data="weight"))
    compiled = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v, _ in edges])
    compiled.es["weight"] = [w for _, _, w in edges]
    return CompiledGraph(compiled, nodes)


def betweenness(graph: nx.Graph | CompiledGraph, *, exact_limit: int = 2000, sample_size: int = 200,
                seed: int = 42) -> Centrality:
    """Normalised betweenness as :func:`graph.analysis.measures.betweenness`: exact, or from ``sample_size`` sources.

    igraph counts each unordered pair of actors once; networkx counts both directions and normalises by
    ``(n-1)(n-2)``. Sampled, the sources are those networkx draws (``Random(seed).sample`` of the actors
    in order) and the sums are scaled as networkx scales them: a sampled source by ``1/((k-1)(n-2))``, any
    other actor by ``1/(k(n-2))``.
    """
    c = compile_graph(graph)
    n = len(c)
    if n <= exact_limit or sample_size >= n:
        raw = c.graph.betweenness(directed=False)
        scale = 2 / ((n - 1) * (n - 2)) if n > 2 else 1.0
        return Centrality(_by_node(c, [b * scale for b in raw]), "exact", None, 0.0, "exact values")
    k = sample_size
    pivots = random.Random(seed).sample(list(c.nodes), k)
    index = {node: i for i, node in enumerate(c.nodes)}
    sources = sorted(index[p] for p in pivots)
    raw = c.graph.betweenness(directed=False, sources=sources)
    chosen = set(sources)
    source_scale = 2 / ((k - 1) * (n - 2)) if k > 1 else math.nan
    other_scale = 2 / (k * (n - 2))
    values = [b * (source_scale if i in chosen else other_scale) for i, b in enumerate(raw)]
    return Centrality(_by_node(c, values), "sampled", k, _hoeffding(n, k) * n / (n - 1),
                      "absolute error of each normalised value (Hoeffding, 95 % confidence)")


def closeness(graph: nx.Graph | CompiledGraph, *, exact_limit: int = 2000, sample_size: int = 200,
              seed: int = 42) -> Centrality:
    """Closeness as :func:`graph.analysis.measures.closeness` (Wasserman–Faust), exact or from sampled sources.

    igraph's closeness averages over the actors a vertex reaches; scaling it by the share of actors
    reachable gives networkx's value. Sampled: the same fragments in the same order, the same sources
    from the same seed, the same sums, hence the same values and error bound.
    """
    c = compile_graph(graph)
    n = len(c)
    components = c.graph.connected_components()
    sizes = components.sizes()
    size = [sizes[m] for m in components.membership]
    if n <= exact_limit or sample_size >= n:
        raw = c.graph.closeness(mode="all")
        exact = [0.0 if size[i] < 2 or math.isnan(v) else v * (size[i] - 1) / (n - 1) for i, v in enumerate(raw)]
        return Centrality(_by_node(c, exact), "exact", None, 0.0, "exact values")
    index = {node: i for i, node in enumerate(c.nodes)}
    rng = random.Random(seed)
    values: dict[Hashable, float] = {}
    diameter_bound = 0
    for component in fragments(c):
        r = len(component)
        pivots = component if r <= sample_size else rng.sample(component, sample_size)
        members = [index[node] for node in component]
        totals = [0] * r
        for start in range(0, len(pivots), _DISTANCE_ROWS):
            rows = c.graph.distances(source=[index[p] for p in pivots[start:start + _DISTANCE_ROWS]],
                                     target=members, mode="all")
            for row in rows:
                totals = list(map(operator.add, totals, row))
                if r > sample_size:  # a fragment computed exactly adds no error
                    diameter_bound = max(diameter_bound, 2 * max(row))
        chosen = set(pivots)
        for node, total in zip(component, totals, strict=True):
            count = len(pivots) - (node in chosen)
            mean = total / count if count else 0.0
            values[node] = (1.0 / mean) * (r - 1) / (n - 1) if mean else 0.0
    return Centrality(_sorted_dict(values), "sampled", sample_size, diameter_bound * _hoeffding(n, sample_size),
                      "absolute error of each actor's mean distance in hops (Hoeffding, 95 % confidence)")


def pagerank(graph: nx.Graph | CompiledGraph, *, alpha: float = 0.85) -> dict[Hashable, float]:
    """PageRank on the projection, ties weighted by their number (igraph's PRPACK); the values sum to 1."""
    c = compile_graph(graph)
    if not len(c):
        return {}
    weights = "weight" if c.graph.ecount() else None
    return _by_node(c, c.graph.pagerank(directed=False, damping=alpha, weights=weights))


def communities(graph: nx.Graph | CompiledGraph, *, seed: int = 42, resolution: float = 1.0
                ) -> tuple[tuple[Hashable, ...], ...]:
    """Leiden communities (modularity with ``resolution``, weighted by number of ties) with a fixed seed.

    Two iterations of Leiden, igraph's default: on the state-sized landscape of the benchmark, iterating
    until nothing moves raised modularity by 0.001 (0.7496 to 0.7508) at four times the time. Sorted as
    :func:`graph.analysis.measures.communities` sorts them: each community by id, communities by size (largest
    first), then by smallest id.
    """
    c = compile_graph(graph)
    if not len(c):
        return ()
    # igraph draws from one process-wide generator: give it a seeded one for this call only, and keep
    # concurrent callers (the dashboard's threads) from drawing from each other's.
    with _RANDOM_LOCK:
        ig.set_random_number_generator(random.Random(seed))
        try:
            clusters = c.graph.community_leiden(
                objective_function="modularity", weights="weight" if c.graph.ecount() else None,
                resolution=resolution, n_iterations=2,
            )
        finally:
            ig.set_random_number_generator(random)
    return _sort_groups([c.nodes[i] for i in group] for group in clusters)


def articulation_points(graph: nx.Graph | CompiledGraph) -> tuple[Hashable, ...]:
    """Actors whose removal splits their fragment of the network, sorted."""
    c = compile_graph(graph)
    return tuple(sorted((c.nodes[i] for i in c.graph.articulation_points()), key=_key))


def bridges(graph: nx.Graph | CompiledGraph) -> tuple[tuple[Hashable, Hashable], ...]:
    """Pairs of actors whose ties are the only link between two parts of the network, sorted."""
    c = compile_graph(graph)
    pairs = [tuple(sorted((c.nodes[e.source], c.nodes[e.target]), key=_key)) for e in c.graph.es[c.graph.bridges()]]
    return tuple((u, v) for u, v in sorted(pairs, key=lambda p: (_key(p[0]), _key(p[1]))))


def isolates(graph: nx.Graph | CompiledGraph) -> tuple[Hashable, ...]:
    """Actors without any tie to another actor, sorted."""
    c = compile_graph(graph)
    return tuple(sorted((c.nodes[i] for i, d in enumerate(c.graph.degree()) if d == 0), key=_key))


def fragments(graph: nx.Graph | CompiledGraph) -> tuple[tuple[Hashable, ...], ...]:
    """Connected components (isolates included), each sorted; largest first, then by smallest id."""
    c = compile_graph(graph)
    return _sort_groups([c.nodes[i] for i in group] for group in c.graph.connected_components())


def _by_node(c: CompiledGraph, values: list[float]) -> dict[Hashable, float]:
    return _sorted_dict(dict(zip(c.nodes, values, strict=True)))
