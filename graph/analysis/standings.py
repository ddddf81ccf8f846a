"""Each actor's place in the network, as the profile pages show it: partners, ties, betweenness, community.

The measures are those of :mod:`graph.analysis.centrality` and :mod:`graph.analysis.structure`, taken once
for the whole network and ranked.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import networkx as nx

from graph.analysis.centrality import betweenness, degree, weighted_degree
from graph.analysis.engine import CompiledGraph, prepare
from graph.analysis.projection import simple_projection
from graph.analysis.structure import communities
from graph.settings import COMPILED_ABOVE

__all__ = ["NetworkStandings", "Standing", "actor_standings", "most_connected"]


@dataclass(frozen=True)
class Standing:
    """One actor's place in the network.

    ``degree``: distinct actors it has a tie with; ``ties``: its ties (two ties with one actor count twice).
    ``betweenness``: normalised betweenness (0 to 1: the share of shortest paths between other actors that
    run through it). Ranks start at 1 for the highest value; equal values share a rank (1, 2, 2, 4).
    ``community``: the number of its group of densely tied actors (1 = the largest), ``community_size``
    how many actors the group has (1 for an actor without ties).
    """

    degree: int
    ties: int
    degree_rank: int
    betweenness: float
    betweenness_rank: int
    community: int
    community_size: int


@dataclass(frozen=True)
class NetworkStandings:
    """:class:`Standing` of every actor of a network and how the measures were computed.

    ``betweenness_method`` is ``"exact"`` or ``"sampled"`` (with ``betweenness_error``, the 95 % bound of
    the absolute error); ``communities`` counts groups of more than one actor; ``backend`` is
    ``"networkx"`` or ``"igraph"``.
    """

    actors: int
    by_actor: Mapping[str, Standing]
    betweenness_method: str
    betweenness_error: float
    communities: int
    backend: str


def actor_standings(graph: nx.Graph, *, seed: int = 42, compiled_above: int = COMPILED_ABOVE,
                    exact_limit: int = 2000, sample_size: int = 200) -> NetworkStandings:
    """Degree, betweenness and community of every actor of ``graph`` (as :mod:`graph.analysis.measures`
    measures them, on the undirected simple projection); the graph is not changed.

    A network of more than ``compiled_above`` actors is measured by python-igraph (communities by Leiden
    instead of Louvain; :mod:`graph.analysis.engine`). ``seed`` fixes sampling and communities, so the same
    graph always gives the same standings.
    """
    g = simple_projection(graph)
    ready = prepare(g, compiled_above=compiled_above)
    between = betweenness(ready, exact_limit=exact_limit, sample_size=sample_size, seed=seed)
    groups = communities(ready, seed=seed)
    backend = "igraph" if isinstance(ready, CompiledGraph) else "networkx"
    degrees, ties = degree(g), weighted_degree(g)
    degree_rank, between_rank = _ranks(degrees), _ranks(between.values)
    community = {a: (i + 1, len(group)) for i, group in enumerate(groups) for a in group}
    by_actor = {
        str(a): Standing(degrees[a], ties[a], degree_rank[a], float(between.values.get(a, 0.0)),
                         between_rank.get(a, len(degrees)), *community.get(a, (len(groups) + 1, 1)))
        for a in degrees
    }
    return NetworkStandings(
        actors=len(by_actor),
        by_actor=MappingProxyType(by_actor),
        betweenness_method=between.method,
        betweenness_error=between.error_bound,
        communities=sum(1 for group in groups if len(group) > 1),
        backend=backend,
    )


def most_connected(graph: nx.Graph, limit: int = 10) -> tuple[tuple[str, int, int], ...]:
    """``(actor id, distinct partners, ties)`` of the ``limit`` actors with the most distinct partners;
    equal counts are ordered by number of ties, then id. Actors without a tie are left out.

    >>> import networkx as nx
    >>> most_connected(nx.MultiDiGraph([("a", "b"), ("a", "c"), ("b", "a")]), 2)
    (('a', 2, 3), ('b', 1, 2))
    """
    g = simple_projection(graph)
    degrees, ties = degree(g), weighted_degree(g)
    ranked = sorted((a for a in degrees if degrees[a]), key=lambda a: (-degrees[a], -ties[a], str(a)))
    return tuple((str(a), degrees[a], ties[a]) for a in ranked[:limit])


def _ranks(values: Mapping[Hashable, float]) -> dict[Hashable, int]:
    """Competition ranks, highest value first: equal values share the better rank."""
    ordered = sorted(values.values(), reverse=True)
    first: dict[float, int] = {}
    for position, value in enumerate(ordered, start=1):
        first.setdefault(value, position)
    return {a: first[v] for a, v in values.items()}
