"""The network as the measures see it: the undirected simple projection of the tie graph, in sorted order.

Structure is measured on one edge per pair of actors with at least one tie, whatever its type or direction,
weighted by the number of ties. Direction is left out on purpose: many relation types (cooperates with,
exchanges with) are symmetric, so the direction a tie was recorded in says nothing. Nodes and edges are
inserted in sorted order, so algorithms that depend on iteration order (Louvain, sampling) give the same
result for the same data. Also the orderings every result uses.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from typing import Any

import networkx as nx

from graph.model.domain import TieCounts

__all__ = [
    "actor_network", "node_key", "projection_from_counts", "simple_projection", "sort_groups", "sorted_by_node",
    "tie_total",
]

# Marks a graph made here, so a measure given one does not project it (losing weights) again.
_PROJECTED = "integranet_simple_projection"
# The number of ties a projection stands for (its edges count pairs of actors).
_TIES = "integranet_ties"


def simple_projection(graph: nx.Graph) -> nx.Graph:
    """The undirected simple graph of ``graph``: edge ``weight`` = number of ties between the pair.

    Nodes (with a copy of their attributes) and edges are inserted in sorted order. Ties of an actor with
    itself are dropped: they connect nothing. A projection is returned as it is.

    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "a"), ("b", "c")])
    >>> sorted(simple_projection(g).edges(data="weight"))
    [('a', 'b', 2), ('b', 'c', 1)]
    """
    if graph.graph.get(_PROJECTED):
        return graph
    nodes = sorted(graph.nodes, key=node_key)
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
    nodes = sorted(attributes, key=node_key)
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


def actor_network(counts: TieCounts) -> nx.Graph:
    """The projection of the ties a store counted (:meth:`graph.store.base.GraphStore.tie_counts`).

    One node per actor (attributes ``name``, ``kind``, ``fields``), one edge per pair of actors with at
    least one tie, ``weight`` the number of ties; every measure gives on it what it gives on the whole graph.
    """
    return projection_from_counts(counts.actors, counts.ties)


def tie_total(graph: nx.Graph) -> int:
    """The number of ties ``graph`` stands for: a projection knows it, any other graph counts its edges."""
    return int(graph.graph.get(_TIES, graph.number_of_edges()))


def node_key(node: Hashable) -> tuple[str, Any]:
    """The sort key of a node: actor ids are strings; the type name keeps mixed ids (ints in networkx's
    examples) comparable."""
    return (type(node).__name__, node)


def sorted_by_node(values: Mapping[Hashable, Any]) -> dict[Hashable, Any]:
    """``values`` with its keys in :func:`node_key` order."""
    return {n: values[n] for n in sorted(values, key=node_key)}


def sort_groups(groups: Iterable[Iterable[Hashable]]) -> tuple[tuple[Hashable, ...], ...]:
    """Each group sorted; groups by size (largest first), then by smallest member."""
    ordered = [tuple(sorted(group, key=node_key)) for group in groups]
    return tuple(sorted(ordered, key=lambda group: (-len(group), node_key(group[0]))))
