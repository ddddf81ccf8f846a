"""Positions that stay put from one snapshot to the next: an actor, once placed, keeps its place.

The first snapshot is laid out by :func:`graph.layout.force.force_layout`. Every later one starts from the
positions earlier snapshots gave (``known``): those actors do not move, and only actors new to the
snapshots are placed, by the same force-directed method with the known actors held fixed. So this year's
figure can be laid over last year's, and the same snapshot always gives the same picture.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

from graph.analysis.engine import choose, igraph_of, seeded_igraph_random
from graph.layout.force import default_scale, force_layout
from graph.model.domain import Subgraph
from graph.settings import COMPILED_ABOVE

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["stable_layout"]

Position = tuple[float, float]

_SEED = 42


def stable_layout(subgraph: Subgraph, known: Mapping[str, Position] | None = None,
                  *, iterations: int = 100, compiled_above: int = COMPILED_ABOVE) -> dict[str, Position]:
    """Positions for every actor of ``subgraph``: ``{actor id: (x, y)}``, rounded to 0.1.

    An actor in ``known`` gets exactly its known position. The others are placed by Fruchterman–Reingold
    (networkx's; python-igraph's above ``compiled_above`` actors, as :func:`~graph.layout.force.force_layout`
    does, :mod:`graph.analysis.engine` deciding) with the known actors fixed, aiming at the node distance the
    fresh layout aims at, and kept within a ring just outside the known drawing; each new actor starts
    beside its already placed neighbours (or, without any, at a spot derived from a hash of its id), so the
    result depends only on the actors, ties and ``known`` positions, never on their order.
    Without any known actor in ``subgraph`` this is :func:`~graph.layout.force.force_layout`. The inputs are
    not changed.

    >>> from graph.model.domain import Actor, Relation, Subgraph
    >>> a, b, c = Actor("a", "A", "other"), Actor("b", "B", "other"), Actor("c", "C", "other")
    >>> first = stable_layout(Subgraph((a, b), (Relation("a", "funds", "b"),)))
    >>> second = stable_layout(Subgraph((a, b, c), (Relation("a", "funds", "c"),)), first)
    >>> second["a"] == first["a"] and second["b"] == first["b"], sorted(second)
    (True, ['a', 'b', 'c'])
    """
    import networkx as nx

    ids = sorted({actor.id for actor in subgraph.actors})
    fixed = {i: (float(known[i][0]), float(known[i][1])) for i in ids if known and i in known}
    if not fixed:
        return force_layout(subgraph, compiled_above=compiled_above)
    new = [i for i in ids if i not in fixed]
    if not new:
        return fixed
    present = set(ids)
    edges = sorted({(min(r.source, r.target), max(r.source, r.target)) for r in subgraph.relations
                    if r.source != r.target and r.source in present and r.target in present})
    simple = nx.Graph()
    simple.add_nodes_from(ids)
    simple.add_edges_from(edges)
    # force_layout's k = _SPREAD / sqrt(n) spreads n nodes over about ±_SPREAD, which it then stretches to
    # ±default_scale(n): in the drawing's frame the preferred distance is about default_scale(n) / sqrt(n).
    distance = default_scale(len(ids)) / math.sqrt(len(ids))
    start = _starting_positions(simple, fixed, new, distance)
    # An actor without ties only feels repulsion and would drift off without end: it keeps its start
    # on the ring around the drawing.
    held = sorted(set(fixed) | {i for i in new if simple.degree(i) == 0})
    centre, limit = _centre_and_ring(fixed, distance)
    if choose(len(ids), compiled_above) == "igraph":
        raw = _compiled(ids, edges, start, set(held), distance, centre, limit)
    else:
        raw = nx.spring_layout(simple, k=distance, pos=start, fixed=held, iterations=iterations, seed=_SEED)
    placed = {i: _within((float(raw[i][0]), float(raw[i][1])), centre, limit) for i in new}
    return {**fixed, **{i: (round(x, 1) + 0.0, round(y, 1) + 0.0) for i, (x, y) in placed.items()}}


def _compiled(ids: list[str], edges: list[tuple[str, str]], start: Mapping[str, Position], held: set[str],
              distance: float, centre: Position, limit: float) -> dict[str, Position]:
    """python-igraph's Fruchterman–Reingold with the held actors pinned (their bounds are their position)
    and the others kept within the ring: as graph.layout.force does for large graphs, where networkx takes
    seconds and from 500 nodes on needs scipy. igraph's preferred distance is 1, so the drawing is scaled
    by ``distance`` into its frame and back."""
    graph = igraph_of(ids, edges)
    seed = [[start[n][0] / distance, start[n][1] / distance] for n in ids]
    low_x, high_x = (centre[0] - limit) / distance, (centre[0] + limit) / distance
    low_y, high_y = (centre[1] - limit) / distance, (centre[1] + limit) / distance
    bounds = {
        "minx": [seed[i][0] if n in held else low_x for i, n in enumerate(ids)],
        "maxx": [seed[i][0] if n in held else high_x for i, n in enumerate(ids)],
        "miny": [seed[i][1] if n in held else low_y for i, n in enumerate(ids)],
        "maxy": [seed[i][1] if n in held else high_y for i, n in enumerate(ids)],
    }
    # igraph draws from one process-wide generator: the one lock of graph.analysis.engine guards it.
    with seeded_igraph_random(_SEED):
        coords = graph.layout_fruchterman_reingold(seed=seed, niter=500, **bounds).coords
    return {n: (coords[i][0] * distance, coords[i][1] * distance) for i, n in enumerate(ids)}


def _centre_and_ring(fixed: Mapping[str, Position], distance: float) -> tuple[Position, float]:
    """The centre of the known actors and the radius of a ring one distance outside all of them."""
    cx = sum(x for x, _ in fixed.values()) / len(fixed)
    cy = sum(y for _, y in fixed.values()) / len(fixed)
    return (cx, cy), max(math.dist((cx, cy), p) for p in fixed.values()) + distance


def _within(point: Position, centre: Position, limit: float) -> Position:
    """``point``, pulled back onto the ring of radius ``limit`` if it lies outside: groups of new actors
    tied only among themselves are pushed away by everything else and would otherwise leave the page."""
    d = math.dist(point, centre)
    if d <= limit:
        return point
    return (centre[0] + (point[0] - centre[0]) * limit / d, centre[1] + (point[1] - centre[1]) * limit / d)


def _starting_positions(graph: nx.Graph, fixed: Mapping[str, Position], new: list[str],
                        distance: float) -> dict[str, Position]:
    """Where new actors start: beside the mean of their placed neighbours, else on a ring around the
    known drawing, at an angle from a hash of the id (so that insertion order does not matter)."""
    start = dict(fixed)
    (cx, cy), radius = _centre_and_ring(fixed, distance)
    # Actors with more placed neighbours first, so that chains of new actors start near their anchor.
    remaining = list(new)
    while remaining:
        remaining.sort(key=lambda n: (-sum(1 for m in graph[n] if m in start), n))
        node = remaining.pop(0)
        angle = _angle(node)
        anchors = [start[m] for m in graph[node] if m in start]
        if anchors:
            ax = sum(x for x, _ in anchors) / len(anchors)
            ay = sum(y for _, y in anchors) / len(anchors)
            start[node] = (ax + distance * 0.5 * math.cos(angle), ay + distance * 0.5 * math.sin(angle))
        else:
            start[node] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    return start


def _angle(node_id: str) -> float:
    digest = hashlib.sha256(node_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 * 2 * math.pi
