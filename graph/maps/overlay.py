"""The other node types on the network map: formats, events, offers … beside the actors they are linked to.

The actor map stays the map; an overlay adds the nodes of chosen types that are linked to the actors shown
(and the nodes linked to those, e.g. the parts of a conference), each drawn as a labelled box in a light
colour of its type, placed beside the actors it is linked to so that the actors' layout does not move. Links
are thin dotted lines. Off by default: a district's formats and offers would crowd a map of 80 actors.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from graph.model.knowledge import Link, Node
from graph.model.schema import ACTOR_TYPE, Schema

__all__ = ["OVERLAY_SHAPE", "Overlay", "node_type_colour", "overlay", "overlay_legend_entries"]

#: The shape of every overlay node: a box with its label inside, a shape no actor kind uses.
OVERLAY_SHAPE = "box"
# Light tints, dark text stays readable on each; distinct from the actor kinds' saturated colours.
_TINTS = ("#FFE8A3", "#CDEBFF", "#D9F2D0", "#F7D6E6", "#E4DCF7", "#FFD9C2", "#D7F0EE", "#EEEEEE")
# The ring around an anchor, in the layouts' units (the force layout spans at least ±250).
_RING = 70.0
_GOLDEN = math.pi * (3 - math.sqrt(5))


@dataclass(frozen=True)
class Overlay:
    """The overlay's nodes with positions, and its links (each with at least one end among the nodes)."""

    nodes: tuple[Node, ...]
    links: tuple[Link, ...]
    positions: Mapping[str, tuple[float, float]]

    def __len__(self) -> int:
        return len(self.nodes)


def node_type_colour(schema: Schema, type_id: str) -> str:
    """The tint of a node type: fixed by its place in the schema, so the legend matches every map."""
    ids = [t.id for t in schema.node_only_types]
    return _TINTS[ids.index(type_id) % len(_TINTS)] if type_id in ids else _TINTS[-1]


def overlay(
    nodes: Iterable[Node], links: Iterable[Link], actor_positions: Mapping[str, tuple[float, float]],
    scale: float = 1.0,
) -> Overlay:
    """Place ``nodes`` beside what they are linked to and keep the links that join shown things.

    A node linked to shown actors sits on a small ring around their centre (``scale`` × the ring's radius,
    in the layout's units); a node linked only to other overlay nodes (a panel of a conference) around
    those, once they are placed; a node linked to nothing shown is left out. Deterministic: the same input
    gives the same positions.
    """
    by_id = {n.id: n for n in sorted(nodes, key=lambda n: (n.type, n.id))}
    kept = sorted({link.key: link for link in links}.values(), key=lambda link: link.key)
    neighbours: dict[str, list[str]] = {node_id: [] for node_id in by_id}
    for link in kept:
        for here, there in ((link.source, link.target), (link.target, link.source)):
            if here in neighbours:
                neighbours[here].append(there)
    placed: dict[str, tuple[float, float]] = {}
    slots: dict[tuple[float, float], int] = {}
    radius = _RING * scale
    pending = list(by_id)
    # Each pass places the nodes next to something already placed; a chain of n nodes needs n passes.
    while pending:
        progress = []
        for node_id in pending:
            anchors = [actor_positions.get(o) or placed.get(o) for o in neighbours[node_id]]
            points = [p for p in anchors if p is not None]
            if not points:
                continue
            centre = (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
            slot = slots.get(centre, 0)
            slots[centre] = slot + 1
            angle = slot * _GOLDEN
            reach = radius * (1 + 0.35 * math.sqrt(slot))
            placed[node_id] = (centre[0] + reach * math.cos(angle), centre[1] + reach * math.sin(angle))
            progress.append(node_id)
        if not progress:
            break
        pending = [n for n in pending if n not in placed]
    shown = set(placed) | set(actor_positions)
    return Overlay(
        nodes=tuple(by_id[n] for n in by_id if n in placed),
        links=tuple(link for link in kept if link.source in shown and link.target in shown
                    and (link.source in placed or link.target in placed)),
        positions=placed,
    )


def overlay_legend_entries(schema: Schema, types: Sequence[str], language: str) -> list[tuple[str, str, str, str]]:
    """``(type id, plural label, colour, shape)`` for the overlay's node types, in schema order."""
    wanted = set(types) - {ACTOR_TYPE}
    return [
        (t.id, t.plural(language), node_type_colour(schema, t.id), OVERLAY_SHAPE)
        for t in schema.node_only_types if t.id in wanted
    ]
