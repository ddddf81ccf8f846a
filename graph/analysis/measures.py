"""Every network measure at once, for the analysis command, the dashboard and the report.

:func:`network_measures` projects the graph once, lets :mod:`graph.analysis.engine` pick networkx or
python-igraph by its size, and returns plain, sorted data; the input is never changed.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import networkx as nx

from graph.analysis.centrality import Centrality, betweenness, closeness, degree, pagerank, weighted_degree
from graph.analysis.engine import CompiledGraph, Engine, prepare
from graph.analysis.projection import simple_projection, tie_total
from graph.analysis.structure import (
    COMMUNITY_METHODS,
    Broker,
    Reach,
    articulation_points,
    bridges,
    brokers,
    communities,
    fragments,
    isolates,
    reach,
)
from graph.settings import COMPILED_ABOVE

if TYPE_CHECKING:
    from graph.settings import Settings

__all__ = ["AnalysisSettings", "NetworkMeasures", "network_measures"]


@dataclass(frozen=True)
class AnalysisSettings:
    """Parameters of :func:`network_measures`.

    Betweenness and closeness are exact up to ``exact_limit`` actors and sampled from ``sample_size``
    source actors above it; ``seed`` fixes the sample and the communities, so the same data always gives
    the same result. ``broker_*``: see :func:`brokers`. ``home_organisation``: see :func:`reach`.
    ``compiled_above``: a network with more actors than this is measured by python-igraph (communities by
    Leiden instead of Louvain), a smaller one in networkx (:mod:`graph.analysis.engine`); the result says
    which (``backend``). :meth:`from_settings` takes the limits from the application's settings.
    """

    exact_limit: int = 2000
    sample_size: int = 200
    seed: int = 42
    resolution: float = 1.0
    broker_threshold: float = 0.5
    broker_min_pairs: int = 1
    home_organisation: str | None = None
    compiled_above: int = COMPILED_ABOVE

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: Any) -> AnalysisSettings:
        """The settings' engine threshold, exact limit and sample size and home organisation, with
        ``overrides`` (any other field of this class) on top."""
        values: dict[str, Any] = {
            "compiled_above": settings.compiled_above, "exact_limit": settings.exact_limit,
            "sample_size": settings.sample_size, "home_organisation": settings.home_organisation,
        }
        values.update(overrides)
        return cls(**values)


@dataclass(frozen=True)
class NetworkMeasures:
    """Every measure of :func:`network_measures`; :meth:`as_dict` gives JSON-ready data.

    ``backend`` is ``"networkx"`` or ``"igraph"`` (see :mod:`graph.analysis.engine`), ``communities_method``
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

    A network of more than ``settings.compiled_above`` actors is measured by python-igraph (the same
    values; communities by Leiden), a smaller one in networkx.
    """
    s = settings or AnalysisSettings()
    g = simple_projection(graph)
    ready = prepare(g, compiled_above=s.compiled_above)
    backend: Engine = "igraph" if isinstance(ready, CompiledGraph) else "networkx"

    return NetworkMeasures(
        actors=graph.number_of_nodes(),
        ties=tie_total(g),
        degree=degree(g),
        weighted_degree=weighted_degree(g),
        betweenness=betweenness(ready, exact_limit=s.exact_limit, sample_size=s.sample_size, seed=s.seed),
        closeness=closeness(ready, exact_limit=s.exact_limit, sample_size=s.sample_size, seed=s.seed),
        pagerank=pagerank(ready),
        communities=communities(ready, seed=s.seed, resolution=s.resolution),
        articulation_points=articulation_points(ready),
        bridges=bridges(ready),
        isolates=isolates(ready),
        fragments=fragments(ready),
        brokers=brokers(g, threshold=s.broker_threshold, min_pairs=s.broker_min_pairs),
        reach=None if s.home_organisation is None else reach(g, s.home_organisation),
        names={n: str(name) for n, name in g.nodes(data="name") if name is not None},
        backend=backend,
        communities_method=COMMUNITY_METHODS[backend],
    )


def _strs(ids: Iterable[Hashable]) -> list[str]:
    return [str(a) for a in ids]


def _method_dict(centrality: Centrality) -> dict[str, Any]:
    return {"method": centrality.method, "approximate": centrality.approximate, "k": centrality.k,
            "error_bound": round(centrality.error_bound, 6), "error_note": centrality.error_note}
