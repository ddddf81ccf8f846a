"""Network measures on the actor graph: centrality, communities, weak points, brokers and reach.

Every function takes a networkx graph (usually the ``MultiDiGraph`` of :func:`graph.analysis.network.to_networkx`)
and returns plain, sorted data; the input is never changed. Structure is measured on the undirected simple
projection (:func:`simple_projection`): one edge per pair of actors with at least one tie, whatever its
type or direction, weighted by the number of ties. Direction is left out on purpose: many relation types
(cooperates with, exchanges with) are symmetric, so the direction a tie was recorded in says nothing.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import networkx as nx

__all__ = [
    "AnalysisSettings", "Broker", "Centrality", "NetworkMeasures", "Reach", "articulation_points", "betweenness",
    "bridges", "brokers", "closeness", "communities", "degree", "fragments", "isolates", "network_measures",
    "pagerank", "projection_from_counts", "reach", "simple_projection", "weighted_degree",
]

#: Confidence of the stated error bounds of sampled measures.
CONFIDENCE = 0.95
# Marks a graph made by simple_projection, so a measure given one does not project it (losing weights) again.
_PROJECTED = "integranet_simple_projection"
# The number of ties a projection stands for (its edges count pairs of actors).
_TIES = "integranet_ties"


@dataclass(frozen=True)
class AnalysisSettings:
    """Parameters of :func:`network_measures`.

    Betweenness and closeness are exact up to ``exact_limit`` actors and sampled from ``sample_size``
    source actors above it; ``seed`` fixes the sample and the communities, so the same data always gives
    the same result. ``broker_*``: see :func:`brokers`. ``home_organisation``: see :func:`reach`.
    ``compiled_above``: a network with more actors than this is measured by the compiled implementations
    of :mod:`graph.analysis.compiled` (igraph; communities by Leiden instead of Louvain), a smaller one in
    networkx; the result says which (``backend``).
    """

    exact_limit: int = 2000
    sample_size: int = 200
    seed: int = 42
    resolution: float = 1.0
    broker_threshold: float = 0.5
    broker_min_pairs: int = 1
    home_organisation: str | None = None
    compiled_above: int = 1000


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


def simple_projection(graph: nx.Graph) -> nx.Graph:
    """The undirected simple graph of ``graph``: edge ``weight`` = number of ties between the pair.

    Nodes (with a copy of their attributes) and edges are inserted in sorted order, so algorithms that
    depend on iteration order (Louvain, sampling) give the same result for the same data. Ties of an actor
    with itself are dropped: they connect nothing.

    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "a"), ("b", "c")])
    >>> sorted(simple_projection(g).edges(data="weight"))
    [('a', 'b', 2), ('b', 'c', 1)]
    """
    if graph.graph.get(_PROJECTED):
        return graph
    nodes = sorted(graph.nodes, key=_key)
    # Ranks in that order stand in for the nodes: comparing and sorting integers keeps a network of
    # 250,000 ties from spending seconds on building and comparing sort keys.
    rank = {n: i for i, n in enumerate(nodes)}
    weights: Counter[tuple[int, int]] = Counter()
    for u, v in graph.edges():
        if u != v:
            ru, rv = rank[u], rank[v]
            weights[(ru, rv) if ru < rv else (rv, ru)] += 1
    projection = nx.Graph(**{_PROJECTED: True, _TIES: graph.number_of_edges()})
    projection.add_nodes_from((n, dict(graph.nodes[n])) for n in nodes)
    projection.add_weighted_edges_from((nodes[u], nodes[v], w) for (u, v), w in sorted(weights.items()))
    return projection


def projection_from_counts(actors: Iterable[tuple[Hashable, Mapping[str, Any]]],
                           ties: Iterable[tuple[Hashable, Hashable, int]]) -> nx.Graph:
    """The graph :func:`simple_projection` gives, built from what a store can aggregate itself.

    ``actors`` are (id, attributes) pairs; ``ties`` are (source, target, number of ties) with both ends
    among the actors, in any order, a pair possibly in both directions. Nodes, their order, edges, their
    order and weights are those :func:`simple_projection` gives for the same actors and ties, so every
    measure gives the same result.

    >>> g = projection_from_counts([("a", {}), ("b", {}), ("c", {})], [("b", "a", 1), ("a", "b", 1), ("b", "c", 1)])
    >>> sorted(g.edges(data="weight"))
    [('a', 'b', 2), ('b', 'c', 1)]
    """
    attributes = dict(actors)
    nodes = sorted(attributes, key=_key)
    rank = {n: i for i, n in enumerate(nodes)}
    weights: Counter[tuple[int, int]] = Counter()
    total = 0
    for u, v, count in ties:
        total += count
        if u != v:
            ru, rv = rank[u], rank[v]
            weights[(ru, rv) if ru < rv else (rv, ru)] += count
    projection = nx.Graph(**{_PROJECTED: True, _TIES: total})
    projection.add_nodes_from((n, dict(attributes[n])) for n in nodes)
    projection.add_weighted_edges_from((nodes[u], nodes[v], w) for (u, v), w in sorted(weights.items()))
    return projection


def degree(graph: nx.Graph) -> dict[Hashable, int]:
    """Number of distinct actors each actor has a tie with, by actor id."""
    return _sorted_dict(dict(simple_projection(graph).degree()))


def weighted_degree(graph: nx.Graph) -> dict[Hashable, int]:
    """Number of ties of each actor (a pair with two ties counts twice), by actor id."""
    return _sorted_dict(dict(simple_projection(graph).degree(weight="weight")))


def betweenness(graph: nx.Graph, *, exact_limit: int = 2000, sample_size: int = 200, seed: int = 42) -> Centrality:
    """Normalised betweenness (in hops), exact up to ``exact_limit`` actors, else sampled.

    Sampled: Brandes' algorithm from ``sample_size`` source actors drawn with ``seed``. By Hoeffding's
    inequality and a union bound over the n actors, every value is within
    ``sqrt(ln(2n / 0.05) / (2k)) * n / (n - 1)`` of the exact one with 95 % confidence.
    """
    g = simple_projection(graph)
    n = g.number_of_nodes()
    if n <= exact_limit or sample_size >= n:
        return Centrality(_sorted_dict(nx.betweenness_centrality(g)), "exact", None, 0.0, "exact values")
    values = nx.betweenness_centrality(g, k=sample_size, seed=seed)
    return Centrality(_sorted_dict(values), "sampled", sample_size, _hoeffding(n, sample_size) * n / (n - 1),
                      "absolute error of each normalised value (Hoeffding, 95 % confidence)")


def closeness(graph: nx.Graph, *, exact_limit: int = 2000, sample_size: int = 200, seed: int = 42) -> Centrality:
    """Closeness (in hops) scaled by the share of actors reachable (Wasserman–Faust), as networkx does.

    Exact up to ``exact_limit`` actors. Above it, each connected fragment of more than ``sample_size``
    actors estimates every actor's mean distance from ``sample_size`` sampled source actors
    (Eppstein–Wang); smaller fragments are computed exactly. The error bound is on that mean distance:
    ``D * sqrt(ln(2n / 0.05) / (2k))`` hops, D an upper bound of the diameter.
    """
    g = simple_projection(graph)
    n = g.number_of_nodes()
    if n <= exact_limit or sample_size >= n:
        return Centrality(_sorted_dict(nx.closeness_centrality(g)), "exact", None, 0.0, "exact values")
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
    return Centrality(_sorted_dict(values), "sampled", sample_size, diameter_bound * _hoeffding(n, sample_size),
                      "absolute error of each actor's mean distance in hops (Hoeffding, 95 % confidence)")


def pagerank(graph: nx.Graph, *, alpha: float = 0.85, tol: float = 1.0e-10) -> dict[Hashable, float]:
    """PageRank on the projection, ties weighted by their number; the values sum to 1."""
    # Power iteration in pure Python: networkx's pagerank needs scipy, which IntegraNet does not install.
    # Isolates (dangling nodes) spread their rank evenly, as in networkx.
    g = simple_projection(graph)
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
    return _sorted_dict(rank)


def communities(graph: nx.Graph, *, seed: int = 42, resolution: float = 1.0) -> tuple[tuple[Hashable, ...], ...]:
    """Louvain communities (weighted by number of ties) with a fixed seed.

    Each community is sorted; communities are sorted by size (largest first), then by smallest id.

    >>> communities(nx.Graph([(1, 2), (2, 3), (1, 3), (3, 4), (4, 5), (5, 6), (4, 6)]))
    ((1, 2, 3), (4, 5, 6))
    """
    g = simple_projection(graph)
    return _sort_groups(nx.community.louvain_communities(g, weight="weight", resolution=resolution, seed=seed)
                        if len(g) else ())


def articulation_points(graph: nx.Graph) -> tuple[Hashable, ...]:
    """Actors whose removal splits their fragment of the network, sorted."""
    return tuple(sorted(nx.articulation_points(simple_projection(graph)), key=_key))


def bridges(graph: nx.Graph) -> tuple[tuple[Hashable, Hashable], ...]:
    """Pairs of actors whose ties are the only link between two parts of the network, sorted."""
    pairs = [tuple(sorted(pair, key=_key)) for pair in nx.bridges(simple_projection(graph))]
    return tuple((u, v) for u, v in sorted(pairs, key=lambda p: (_key(p[0]), _key(p[1]))))


def isolates(graph: nx.Graph) -> tuple[Hashable, ...]:
    """Actors without any tie to another actor, sorted."""
    return tuple(sorted(nx.isolates(simple_projection(graph)), key=_key))


def fragments(graph: nx.Graph) -> tuple[tuple[Hashable, ...], ...]:
    """Connected components (isolates included), each sorted; largest first, then by smallest id."""
    return _sort_groups(nx.connected_components(simple_projection(graph)))


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
    return tuple(sorted(found, key=lambda b: (-b.share, -b.cross_field_pairs, _key(b.actor))))


def reach(graph: nx.Graph, home: Hashable) -> Reach:
    """Hops from ``home`` (the organisation running IntegraNet) to every actor via ties in either direction.

    When ``home`` is not in the graph, ``found`` is False and every actor is out of reach.
    """
    g = simple_projection(graph)
    if home not in g:
        return Reach(home, False, {}, tuple(sorted(g, key=_key)))
    hops = nx.single_source_shortest_path_length(g, home)
    return Reach(home, True, _sorted_dict(hops), tuple(sorted((n for n in g if n not in hops), key=_key)))


@dataclass(frozen=True)
class NetworkMeasures:
    """Every measure of :func:`network_measures`; :meth:`as_dict` gives JSON-ready data.

    ``backend`` is ``"networkx"`` or ``"igraph"`` (see :mod:`graph.analysis.compiled`), ``communities_method``
    ``"louvain"`` or ``"leiden"``.
    """

    actors: int
    ties: int
    degree: Mapping[Hashable, int]
    weighted_degree: Mapping[Hashable, int]
    betweenness: Centrality
    closeness: Centrality
    pagerank: Mapping[Hashable, float]
    communities: tuple[tuple[Hashable, ...], ...]
    articulation_points: tuple[Hashable, ...]
    bridges: tuple[tuple[Hashable, Hashable], ...]
    isolates: tuple[Hashable, ...]
    fragments: tuple[tuple[Hashable, ...], ...]
    brokers: tuple[Broker, ...]
    reach: Reach | None
    names: Mapping[Hashable, str] = field(default_factory=dict)
    backend: str = "networkx"
    communities_method: str = "louvain"

    def as_dict(self) -> dict[str, Any]:
        """Per actor (sorted by id) and the lists, ids as strings, floats rounded to 6 decimals."""
        community_of = {a: i for i, group in enumerate(self.communities) for a in group}
        hops = self.reach.hops if self.reach else {}
        per_actor = {
            str(a): {
                "name": self.names.get(a, str(a)),
                "degree": self.degree[a],
                "weighted_degree": self.weighted_degree[a],
                "betweenness": round(self.betweenness.values[a], 6),
                "closeness": round(self.closeness.values[a], 6),
                "pagerank": round(self.pagerank[a], 6),
                "community": community_of[a],
                "hops_from_home": hops.get(a),
            }
            for a in self.degree
        }
        return {
            "actors": self.actors,
            "ties": self.ties,
            "backend": self.backend,
            "communities_method": self.communities_method,
            "per_actor": per_actor,
            "betweenness": _method_dict(self.betweenness),
            "closeness": _method_dict(self.closeness),
            "articulation_points": _strs(self.articulation_points),
            "bridges": [_strs(pair) for pair in self.bridges],
            "isolates": _strs(self.isolates),
            "fragments": [_strs(f) for f in self.fragments],
            "communities": [_strs(c) for c in self.communities],
            "brokers": [{"actor": str(b.actor), "share": round(b.share, 6), "cross_field_pairs": b.cross_field_pairs,
                         "fields": list(b.fields)} for b in self.brokers],
            "reach": None if self.reach is None else {
                "home": str(self.reach.home), "found": self.reach.found,
                "out_of_reach": _strs(self.reach.out_of_reach),
            },
        }


def network_measures(graph: nx.Graph, settings: AnalysisSettings | None = None) -> NetworkMeasures:
    """Every measure, projecting the graph once. ``reach`` is None when no home organisation is set.

    A network of more than ``settings.compiled_above`` actors is measured by :mod:`graph.analysis.compiled` (the same
    values; communities by Leiden), a smaller one here in networkx.
    """
    s = settings or AnalysisSettings()
    g = simple_projection(graph)
    compiled = g.number_of_nodes() > s.compiled_above
    if compiled:
        from graph.analysis import compiled as fast

        c = fast.compile_graph(g)
        heavy: dict[str, Any] = dict(
            betweenness=fast.betweenness(c, exact_limit=s.exact_limit, sample_size=s.sample_size, seed=s.seed),
            closeness=fast.closeness(c, exact_limit=s.exact_limit, sample_size=s.sample_size, seed=s.seed),
            pagerank=fast.pagerank(c),
            communities=fast.communities(c, seed=s.seed, resolution=s.resolution),
            articulation_points=fast.articulation_points(c),
            bridges=fast.bridges(c),
            isolates=fast.isolates(c),
            fragments=fast.fragments(c),
            backend="igraph",
            communities_method=fast.COMMUNITY_METHOD,
        )
    else:
        heavy = dict(
            betweenness=betweenness(g, exact_limit=s.exact_limit, sample_size=s.sample_size, seed=s.seed),
            closeness=closeness(g, exact_limit=s.exact_limit, sample_size=s.sample_size, seed=s.seed),
            pagerank=pagerank(g),
            communities=communities(g, seed=s.seed, resolution=s.resolution),
            articulation_points=articulation_points(g),
            bridges=bridges(g),
            isolates=isolates(g),
            fragments=fragments(g),
        )
    return NetworkMeasures(
        actors=graph.number_of_nodes(),
        ties=g.graph.get(_TIES, graph.number_of_edges()),
        degree=degree(g),
        weighted_degree=weighted_degree(g),
        brokers=brokers(g, threshold=s.broker_threshold, min_pairs=s.broker_min_pairs),
        reach=None if s.home_organisation is None else reach(g, s.home_organisation),
        names={n: str(name) for n, name in g.nodes(data="name") if name is not None},
        **heavy,
    )


def _key(node: Hashable) -> tuple[str, Any]:
    # Actor ids are strings; the type name keeps mixed ids (ints in networkx's examples) comparable.
    return (type(node).__name__, node)


def _sorted_dict(values: Mapping[Hashable, Any]) -> dict[Hashable, Any]:
    return {n: values[n] for n in sorted(values, key=_key)}


def _sort_groups(groups: Iterable[Iterable[Hashable]]) -> tuple[tuple[Hashable, ...], ...]:
    ordered = [tuple(sorted(group, key=_key)) for group in groups]
    return tuple(sorted(ordered, key=lambda group: (-len(group), _key(group[0]))))


def _hoeffding(n: int, k: int) -> float:
    return math.sqrt(math.log(2 * n / (1 - CONFIDENCE)) / (2 * k))


def _strs(ids: Iterable[Hashable]) -> list[str]:
    return [str(a) for a in ids]


def _method_dict(centrality: Centrality) -> dict[str, Any]:
    return {"method": centrality.method, "approximate": centrality.approximate, "k": centrality.k,
            "error_bound": round(centrality.error_bound, 6), "error_note": centrality.error_note}
