"""Node positions for the network map: a deterministic force-directed layout, and actors grouped by kind.

The map draws nodes where this module puts them (vis-network's physics stays off), so the same actors
and ties always give the same picture: a planner who comes back to a view finds every actor where it was.
The geographic layout is :mod:`graph.layout.geographic`.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from graph.analysis.engine import choose, igraph_of, seeded_igraph_random
from graph.errors import ConfigurationError
from graph.model.domain import Actor, Subgraph
from graph.settings import COMPILED_ABOVE

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["default_scale", "force_layout", "grouped_layout"]

#: Fruchterman–Reingold iterations of the igraph layout (its default is 500).
_COMPILED_ITERATIONS = 500

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
    compiled_above: int = COMPILED_ABOVE,
) -> dict[str, tuple[float, float]]:
    """Positions for every node of ``graph``: ``{node id: (x, y)}``, centred on (0, 0).

    ``graph`` is a :class:`~graph.model.domain.Subgraph` or any networkx graph (directed or not, multi or not).
    The layout is networkx's Fruchterman–Reingold ``spring_layout`` with a fixed ``seed`` on the undirected
    simple graph (direction, parallel ties and self-ties do not move nodes), with nodes kept further apart
    than networkx's default. Nodes and edges are sorted by id before the layout, so the result depends
    only on which nodes and ties there are, never on their order: the same input always gives identical
    output. Coordinates lie within ``±scale`` (default
    :func:`default_scale` of the node count) and are rounded to 0.1. The input is not changed.

    With more than ``compiled_above`` nodes the layout is python-igraph's Fruchterman–Reingold
    (``iterations`` does not apply; it runs 500), started from positions derived from a hash of each id
    and run with a random generator seeded from ``seed``: identical output for identical input in every
    process, though not the picture networkx would give. Without python-igraph, or from 500 nodes on
    without scipy (networkx's sparse solver), :class:`~graph.errors.ConfigurationError` is raised.

    >>> from graph.model.domain import Actor, Relation, Subgraph
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
    half_width = default_scale(len(nodes)) if scale is None else float(scale)
    if choose(len(nodes), compiled_above) == "igraph":
        return _compiled_layout(nodes, edges, seed, half_width)
    simple = nx.Graph()
    simple.add_nodes_from(nodes)
    simple.add_edges_from(edges)
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


def _compiled_layout(
    nodes: list[str], edges: list[tuple[str, str]], seed: int, half_width: float
) -> dict[str, tuple[float, float]]:
    """igraph's Fruchterman–Reingold from hashed start positions, rescaled to ``±half_width``."""
    graph = igraph_of(nodes, edges)
    start = [list(_hashed_point(node, seed)) for node in nodes]
    with seeded_igraph_random(seed):
        coords = graph.layout_fruchterman_reingold(seed=start, niter=_COMPILED_ITERATIONS).coords
    return _rescaled(dict(zip(nodes, (tuple(c) for c in coords), strict=True)), half_width)


def _hashed_point(node: str, seed: int) -> tuple[float, float]:
    """A point in [-1, 1]² that depends only on ``node`` and ``seed`` (never on Python's hash seed)."""
    digest = hashlib.sha256(f"{seed}:{node}".encode()).digest()
    return (int.from_bytes(digest[:8], "big") / 2**63 - 1.0, int.from_bytes(digest[8:16], "big") / 2**63 - 1.0)


def _rescaled(raw: dict[str, tuple[float, float]], half_width: float) -> dict[str, tuple[float, float]]:
    """``raw`` centred on (0, 0) and scaled so the largest coordinate is ``half_width``, rounded to 0.1."""
    xs = [x for x, _ in raw.values()]
    ys = [y for _, y in raw.values()]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    extent = max(max(abs(x - cx) for x in xs), max(abs(y - cy) for y in ys)) or 1.0
    factor = half_width / extent
    return {node: (round((x - cx) * factor, 1) + 0.0, round((y - cy) * factor, 1) + 0.0)
            for node, (x, y) in raw.items()}


#: The golden angle: successive points of a sunflower spiral never line up.
_GOLDEN_ANGLE = math.pi * (3.0 - math.sqrt(5.0))


def grouped_layout(
    subgraph: Subgraph,
    order: Sequence[str] = (),
    *,
    key: Callable[[Actor], str] = lambda actor: actor.kind,
    spacing: float = 70.0,
) -> dict[str, tuple[float, float]]:
    """Positions with the actors of each group (default: each kind) together in a round cluster.

    Groups appear in ``order`` (then the others by name), left to right in rows about as wide as the
    whole picture is high; inside a cluster the actors lie on a sunflower spiral, ``spacing`` apart,
    sorted by name and id. Ties do not move anyone, so the same actors always sit in the same places
    whatever ties are shown. Coordinates are centred on (0, 0) and rounded to 0.1.

    >>> from graph.model.domain import Actor, Subgraph
    >>> pos = grouped_layout(Subgraph((Actor("a", "A", "other"), Actor("b", "B", "municipality")), ()))
    >>> pos["a"] != pos["b"], sorted(pos)
    (True, ['a', 'b'])
    """
    members: dict[str, list[Actor]] = {}
    for actor in subgraph.actors:
        members.setdefault(key(actor), []).append(actor)
    rank = {group: i for i, group in enumerate(order)}
    groups = sorted(members, key=lambda g: (rank.get(g, len(rank)), g))
    radii = {g: spacing * math.sqrt(len(members[g]) + 0.5) for g in groups}
    # Clusters stand well apart, so that each reads as a group of its own.
    gap = spacing * 3.0
    row_width = max(math.sqrt(sum((2 * r + gap) ** 2 for r in radii.values())), 2 * max(radii.values(), default=0))
    placed: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for group in groups:
        radius = radii[group]
        if x > 0 and x + 2 * radius > row_width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        cx, cy = x + radius, y + radius
        for i, actor in enumerate(sorted(members[group], key=lambda a: (a.name.casefold(), a.id))):
            distance = spacing * math.sqrt(i + 0.5) if len(members[group]) > 1 else 0.0
            angle = i * _GOLDEN_ANGLE
            placed[actor.id] = (cx + distance * math.cos(angle), cy + distance * math.sin(angle))
        x += 2 * radius + gap
        row_height = max(row_height, 2 * radius)
    if not placed:
        return {}
    xs = [p[0] for p in placed.values()]
    ys = [p[1] for p in placed.values()]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return {node: (round(px - cx, 1) + 0.0, round(py - cy, 1) + 0.0) for node, (px, py) in placed.items()}


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
