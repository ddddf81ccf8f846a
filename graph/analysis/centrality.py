"""How central each actor is: degree, betweenness, closeness and PageRank, in networkx or igraph.

Every measure takes a networkx graph (projected first, see :mod:`graph.analysis.projection`) or a
:class:`~graph.analysis.engine.CompiledGraph`, and ``engine``/``compiled_above`` as
:func:`graph.analysis.engine.prepare` reads them. Both engines give the same values (floating-point rounding
aside): the sampled measures draw the same source actors from the same seed, and igraph's sums are scaled as
networkx scales them. PageRank agrees to the convergence tolerance of the two iterations (about 1e-9).
"""

from __future__ import annotations

import math
import operator
import random
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

import networkx as nx

from graph.analysis.engine import CompiledGraph, Engine, prepare
from graph.analysis.projection import simple_projection, sorted_by_node
from graph.analysis.structure import fragments
from graph.settings import COMPILED_ABOVE

__all__ = ["CONFIDENCE", "Centrality", "betweenness", "closeness", "degree", "pagerank", "weighted_degree"]

#: Confidence of the stated error bounds of sampled measures.
CONFIDENCE = 0.95
# Rows of the pivot × actor distance matrix igraph fetches at once: bounds memory on large graphs (each row
# holds one Python int per actor).
_DISTANCE_ROWS = 16
_BETWEENNESS_NOTE = "absolute error of each normalised value (Hoeffding, 95 % confidence)"
_CLOSENESS_NOTE = "absolute error of each actor's mean distance in hops (Hoeffding, 95 % confidence)"


@dataclass(frozen=True)
class Centrality:
    """Values per actor (sorted by id) and how they were computed.

    ``method`` is ``"exact"`` or ``"sampled"``; ``k`` the number of sampled source actors (None when
    exact); ``error_bound`` bounds the absolute error with 95 % confidence (0.0 when exact), and
    ``error_note`` says of what.
    """

    values: Mapping[Hashable, float]
    method: str
    k: int | None
    error_bound: float
    error_note: str

    @property
    def approximate(self) -> bool:
        return self.method != "exact"


def degree(graph: nx.Graph) -> dict[Hashable, int]:
    """Number of distinct actors each actor has a tie with, by actor id."""
    return sorted_by_node(dict(simple_projection(graph).degree()))


def weighted_degree(graph: nx.Graph) -> dict[Hashable, int]:
    """Number of ties of each actor (a pair with two ties counts twice), by actor id."""
    return sorted_by_node(dict(simple_projection(graph).degree(weight="weight")))


def betweenness(graph: nx.Graph | CompiledGraph, *, exact_limit: int = 2000, sample_size: int = 200, seed: int = 42,
                engine: Engine | None = None, compiled_above: int = COMPILED_ABOVE) -> Centrality:
    """Normalised betweenness (in hops), exact up to ``exact_limit`` actors, else sampled.

    Sampled: Brandes' algorithm from ``sample_size`` source actors drawn with ``seed``. By Hoeffding's
    inequality and a union bound over the n actors, every value is within
    ``sqrt(ln(2n / 0.05) / (2k)) * n / (n - 1)`` of the exact one with 95 % confidence.

    >>> betweenness(nx.path_graph(3)).values
    {0: 0.0, 1: 1.0, 2: 0.0}
    """
    g = prepare(graph, engine, compiled_above)
    if isinstance(g, CompiledGraph):
        return _igraph_betweenness(g, exact_limit, sample_size, seed)
    n = g.number_of_nodes()
    if n <= exact_limit or sample_size >= n:
        return Centrality(sorted_by_node(nx.betweenness_centrality(g)), "exact", None, 0.0, "exact values")
    values = nx.betweenness_centrality(g, k=sample_size, seed=seed)
    return Centrality(sorted_by_node(values), "sampled", sample_size, _hoeffding(n, sample_size) * n / (n - 1),
                      _BETWEENNESS_NOTE)


def _igraph_betweenness(c: CompiledGraph, exact_limit: int, sample_size: int, seed: int) -> Centrality:
    # igraph counts each unordered pair of actors once; networkx counts both directions and normalises by
    # (n-1)(n-2). Sampled, the sources are those networkx draws (Random(seed).sample of the actors in order)
    # and the sums are scaled as networkx scales them: a sampled source by 1/((k-1)(n-2)), any other actor
    # by 1/(k(n-2)).
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
    return Centrality(_by_node(c, values), "sampled", k, _hoeffding(n, k) * n / (n - 1), _BETWEENNESS_NOTE)


def closeness(graph: nx.Graph | CompiledGraph, *, exact_limit: int = 2000, sample_size: int = 200, seed: int = 42,
              engine: Engine | None = None, compiled_above: int = COMPILED_ABOVE) -> Centrality:
    """Closeness (in hops) scaled by the share of actors reachable (Wasserman–Faust), as networkx does.

    Exact up to ``exact_limit`` actors. Above it, each connected fragment of more than ``sample_size``
    actors estimates every actor's mean distance from ``sample_size`` sampled source actors
    (Eppstein–Wang); smaller fragments are computed exactly. The error bound is on that mean distance:
    ``D * sqrt(ln(2n / 0.05) / (2k))`` hops, D an upper bound of the diameter.
    """
    g = prepare(graph, engine, compiled_above)
    if isinstance(g, CompiledGraph):
        return _igraph_closeness(g, exact_limit, sample_size, seed)
    n = g.number_of_nodes()
    if n <= exact_limit or sample_size >= n:
        return Centrality(sorted_by_node(nx.closeness_centrality(g)), "exact", None, 0.0, "exact values")
    rng = random.Random(seed)
    values: dict[Hashable, float] = {}
    diameter_bound = 0
    for component in fragments(g):
        r = len(component)
        pivots = component if r <= sample_size else rng.sample(component, sample_size)
        totals, counts = dict.fromkeys(component, 0), dict.fromkeys(component, 0)
        for pivot in pivots:
            distances = nx.single_source_shortest_path_length(g, pivot)
            if r > sample_size:  # a fragment computed exactly adds no error
                diameter_bound = max(diameter_bound, 2 * max(distances.values()))
            for node, d in distances.items():
                if node != pivot:
                    totals[node] += d
                    counts[node] += 1
        for node in component:
            mean = totals[node] / counts[node] if counts[node] else 0.0
            values[node] = (1.0 / mean) * (r - 1) / (n - 1) if mean else 0.0
    return Centrality(sorted_by_node(values), "sampled", sample_size, diameter_bound * _hoeffding(n, sample_size),
                      _CLOSENESS_NOTE)


def _igraph_closeness(c: CompiledGraph, exact_limit: int, sample_size: int, seed: int) -> Centrality:
    # igraph's closeness averages over the actors a vertex reaches; scaling it by the share of actors
    # reachable gives networkx's value. Sampled: the same fragments in the same order, the same sources from
    # the same seed, the same sums, hence the same values and error bound.
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
    return Centrality(sorted_by_node(values), "sampled", sample_size, diameter_bound * _hoeffding(n, sample_size),
                      _CLOSENESS_NOTE)


def pagerank(graph: nx.Graph | CompiledGraph, *, alpha: float = 0.85, tol: float = 1.0e-10,
             engine: Engine | None = None, compiled_above: int = COMPILED_ABOVE) -> dict[Hashable, float]:
    """PageRank on the projection, ties weighted by their number; the values sum to 1.

    networkx: power iteration to ``tol`` (isolates spread their rank evenly, as in networkx); igraph: PRPACK.
    """
    g = prepare(graph, engine, compiled_above)
    if isinstance(g, CompiledGraph):
        if not len(g):
            return {}
        weights = "weight" if g.graph.ecount() else None
        return _by_node(g, g.graph.pagerank(directed=False, damping=alpha, weights=weights))
    # Power iteration in pure Python: networkx's own pagerank needs scipy's sparse matrices for no gain here.
    n = len(g)
    if not n:
        return {}
    strength = dict(g.degree(weight="weight"))
    rank = dict.fromkeys(g, 1.0 / n)
    for _ in range(1000):
        dangling = alpha * sum(rank[v] for v in g if not strength[v]) / n
        new = dict.fromkeys(g, (1.0 - alpha) / n + dangling)
        for u, v, w in g.edges(data="weight"):
            new[v] += alpha * rank[u] * w / strength[u]
            new[u] += alpha * rank[v] * w / strength[v]
        done = sum(abs(new[v] - rank[v]) for v in g) < n * tol
        rank = new
        if done:
            break
    return sorted_by_node(rank)


def _hoeffding(n: int, k: int) -> float:
    return math.sqrt(math.log(2 * n / (1 - CONFIDENCE)) / (2 * k))


def _by_node(c: CompiledGraph, values: list[float]) -> dict[Hashable, float]:
    return sorted_by_node(dict(zip(c.nodes, values, strict=True)))
