"""Node positions for the network map: a deterministic force-directed layout.

The map draws nodes where this module puts them (vis-network's physics stays off), so the same actors
and ties always give the same picture: a planner who comes back to a view finds every actor where it was.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from .errors import ConfigurationError
from .model import Subgraph

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["default_scale", "force_layout"]

#: The half-width of the drawing for a handful of nodes, and the most it grows to.
_MIN_SCALE = 250.0
_MAX_SCALE = 4000.0
#: Preferred node distance relative to networkx's default (1/sqrt(n)). District networks are hub-and-spoke
#: (the district office advises all municipalities); at the default the rest of the graph clumps in the
#: middle with overlapping labels, three times the default spreads it readably.
_SPREAD = 3.0


def default_scale(node_count: int) -> float:
    """Half the width of the drawing area for ``node_count`` nodes, in vis-network canvas units.

    It grows with the square root of the node count (the area grows with the count), between 250 and
    4000, so that nodes keep their distance relative to vis-network's default node and font sizes.

    >>> default_scale(4), default_scale(100), default_scale(10_000)
    (250.0, 1000.0, 4000.0)
    """
    return min(_MAX_SCALE, max(_MIN_SCALE, 100.0 * math.sqrt(max(node_count, 0))))


def force_layout(
    graph: Subgraph | nx.Graph,
    seed: int = 42,
    *,
    scale: float | None = None,
    iterations: int = 100,
) -> dict[str, tuple[float, float]]:
    """Positions for every node of ``graph``: ``{node id: (x, y)}``, centred on (0, 0).

    ``graph`` is a :class:`~graph.model.Subgraph` or any networkx graph (directed or not, multi or not).
    The layout is networkx's Fruchterman–Reingold ``spring_layout`` with a fixed ``seed`` on the undirected
    simple graph (direction, parallel ties and self-ties do not move nodes), with nodes kept further apart
    than networkx's default. Nodes and edges are sorted by id before the layout, so the result depends
    only on which nodes and ties there are, never on their order: the same input always gives identical
    output. Coordinates lie within ``±scale`` (default
    :func:`default_scale` of the node count) and are rounded to 0.1. The input is not changed.
    From 500 nodes on networkx uses its scipy-based solver; without scipy that raises
    :class:`~graph.errors.ConfigurationError`.

    >>> from graph.model import Actor, Relation, Subgraph
    >>> a, b = Actor("a", "A", "other"), Actor("b", "B", "other")
    >>> pos = force_layout(Subgraph((a, b), (Relation("a", "funds", "b"),)))
    >>> sorted(pos), pos == force_layout(Subgraph((b, a), (Relation("a", "funds", "b"),)))
    (['a', 'b'], True)
    """
    import networkx as nx

    nodes, edges = _nodes_and_edges(graph)
    if not nodes:
        return {}
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    simple = nx.Graph()
    simple.add_nodes_from(nodes)
    simple.add_edges_from(edges)
    half_width = default_scale(len(nodes)) if scale is None else float(scale)
    try:
        raw = nx.spring_layout(
            simple, k=_SPREAD / math.sqrt(len(nodes)), seed=seed, iterations=iterations, scale=half_width
        )
    except ImportError as exc:
        # From 500 nodes on networkx switches to a sparse solver that needs scipy.
        raise ConfigurationError(
            f"Laying out {len(nodes)} actors needs the Python package scipy, which is not installed. "
            "Narrow the view with the filters, or install scipy (pip install scipy)."
        ) from exc
    return {str(node): (round(float(x), 1) + 0.0, round(float(y), 1) + 0.0) for node, (x, y) in raw.items()}


def _nodes_and_edges(graph: Subgraph | nx.Graph) -> tuple[list[str], list[tuple[str, str]]]:
    """Sorted node ids and sorted, de-duplicated undirected edges without self-loops."""
    if isinstance(graph, Subgraph):
        node_ids = {actor.id for actor in graph.actors}
        pairs = [(rel.source, rel.target) for rel in graph.relations]
    else:
        node_ids = {str(node) for node in graph.nodes}
        pairs = [(str(u), str(v)) for u, v, *_ in graph.edges]
    edges = {
        (min(u, v), max(u, v)) for u, v in pairs if u != v and u in node_ids and v in node_ids
    }
    return sorted(node_ids), sorted(edges)
