"""Who is how many ties away from whom: neighbourhoods and shortest paths over a set of ties.

Ties are followed in either direction (a tie recorded as "A advises B" links B to A just as well) and
every tie counts as one step, whatever its type. The functions take plain ``(source, target)`` pairs, so
the caller decides first which ties count (e.g. without demonstration ties), and they are deterministic:
neighbours are visited in sorted order, so among several shortest paths always the same one is returned.

>>> pairs = [("a", "b"), ("c", "b"), ("c", "d"), ("a", "e"), ("e", "d")]
>>> shortest_path(adjacency(pairs), "a", "d")
('a', 'e', 'd')
>>> within_steps(adjacency(pairs), "b", 1)
{'b': 0, 'a': 1, 'c': 1}
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping

__all__ = ["Adjacency", "adjacency", "shortest_path", "within_steps"]

#: Each actor's neighbours, sorted.
Adjacency = Mapping[str, tuple[str, ...]]


def adjacency(pairs: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """The undirected neighbours of every actor that has a tie, each tuple sorted; self-ties are left out."""
    neighbours: dict[str, set[str]] = {}
    for source, target in pairs:
        if source == target:
            continue
        neighbours.setdefault(source, set()).add(target)
        neighbours.setdefault(target, set()).add(source)
    return {node: tuple(sorted(found)) for node, found in sorted(neighbours.items())}


def within_steps(graph: Adjacency, start: str, depth: int) -> dict[str, int]:
    """Every actor at most ``depth`` steps from ``start``, with its number of steps (``start`` itself: 0).

    Ordered by steps, then in the order found. ``start`` is included even when it has no tie.
    """
    hops = {start: 0}
    frontier = deque([start])
    while frontier:
        node = frontier.popleft()
        if hops[node] >= depth:
            continue
        for neighbour in graph.get(node, ()):
            if neighbour not in hops:
                hops[neighbour] = hops[node] + 1
                frontier.append(neighbour)
    return hops


def shortest_path(graph: Adjacency, source: str, target: str) -> tuple[str, ...] | None:
    """The actors along a shortest path from ``source`` to ``target`` (both included), or None when no
    chain of ties connects them. ``(source,)`` when they are the same actor."""
    if source == target:
        return (source,)
    parent: dict[str, str | None] = {source: None}
    frontier = deque([source])
    while frontier:
        node = frontier.popleft()
        for neighbour in graph.get(node, ()):
            if neighbour in parent:
                continue
            parent[neighbour] = node
            if neighbour == target:
                path = [target]
                step = parent[target]
                while step is not None:
                    path.append(step)
                    step = parent[step]
                return tuple(reversed(path))
            frontier.append(neighbour)
    return None
