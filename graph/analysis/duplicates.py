"""Likely duplicates: actors (and other nodes) that are probably one organisation entered twice.

Names are compared in their normalised form (:func:`graph.model.names.normalise_name`) with rapidfuzz, and
only within one block: actors of the same kind in the same municipality (or, without one, the same town),
nodes of the same type. An organisation of the same kind in another town is not a duplicate ("Volkshochschule
Ludwigsburg" and "Volkshochschule Bietigheim-Bissingen" are two schools), and blocking keeps 50,000 actors
fast: names are only ever compared within their block.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from graph.model.domain import Actor
from graph.model.knowledge import Node
from graph.model.names import DUPLICATE_THRESHOLD, NameIndex, actor_block, normalise_name

__all__ = ["DUPLICATE_THRESHOLD", "DuplicatePair", "actor_block", "duplicates_of", "likely_duplicates",
           "likely_node_duplicates"]


@dataclass(frozen=True)
class DuplicatePair:
    """Two records that are likely one: ``a`` and ``b`` (ids), ``score`` 0–100, ``reason`` in words."""

    a: str
    b: str
    score: float
    reason: str

    def as_record(self) -> dict[str, object]:
        return {"a": self.a, "b": self.b, "score": round(self.score, 1), "reason": self.reason}


def _reason(a: str, b: str, kind: str, place: str) -> str:
    same = "the same name" if normalise_name(a) == normalise_name(b) else "alike names"
    where = f" in {place}" if place else ""
    return f"{same} ({a!r} / {b!r}), both {kind}{where}"


def _pair(x: Actor | Node, y: Actor | Node, score: float, kind: str, place: str) -> DuplicatePair:
    """The pair with its ids in order, so that a listing reads the same every time."""
    first, second = (x, y) if x.id < y.id else (y, x)
    return DuplicatePair(first.id, second.id, score, _reason(first.name, second.name, kind, place))


def _index(actors: Iterable[Actor]) -> NameIndex[Actor]:
    index: NameIndex[Actor] = NameIndex()
    for actor in actors:
        block, place = actor_block(actor)
        index.add(actor.name, actor, block, place)
    return index


def likely_duplicates(actors: Iterable[Actor], threshold: float = DUPLICATE_THRESHOLD) -> list[DuplicatePair]:
    """Every pair of actors of one kind and place whose normalised names score at least ``threshold``,
    highest score first (then by ids).

    >>> a = Actor("drk", "DRK Kreisverband Ludwigsburg e.V.", "welfare_organisation", "lb", "Ludwigsburg")
    >>> b = Actor("drk2", "Deutsches Rotes Kreuz – Kreisverband Ludwigsburg", "welfare_organisation", "lb",
    ...           "Ludwigsburg")
    >>> c = Actor("drk3", "DRK Kreisverband Böblingen", "welfare_organisation", "bb", "Böblingen")
    >>> [(p.a, p.b, p.score) for p in likely_duplicates([a, b, c])]
    [('drk', 'drk2', 100.0)]
    """
    pairs = [_pair(x, y, score, x.kind, x.town) for x, y, score in _index(actors).pairs(threshold) if x.id != y.id]
    return sorted(pairs, key=lambda p: (-p.score, p.a, p.b))


def duplicates_of(candidate: Actor, actors: Iterable[Actor],
                  threshold: float = DUPLICATE_THRESHOLD) -> list[tuple[Actor, float]]:
    """The actors (other than ``candidate`` itself, by id) that ``candidate`` is likely a duplicate of, with
    their scores, best first."""
    block, place = actor_block(candidate)
    index: NameIndex[Actor] = NameIndex()
    for actor in actors:
        other_block, other_place = actor_block(actor)
        if other_block == block and actor.id != candidate.id:
            index.add(actor.name, actor, block, place or other_place)
    return index.similar(candidate.name, block, threshold)


def likely_node_duplicates(nodes: Sequence[Node], threshold: float = DUPLICATE_THRESHOLD) -> list[DuplicatePair]:
    """Pairs of nodes of one type whose normalised names score at least ``threshold``, highest first."""
    index: NameIndex[Node] = NameIndex()
    for node in nodes:
        index.add(node.name, node, node.type)
    pairs = [_pair(x, y, score, x.type, "") for x, y, score in index.pairs(threshold) if x.id != y.id]
    return sorted(pairs, key=lambda p: (-p.score, p.a, p.b))
