"""Too many actors for one readable map: one node per municipality or per kind of actor.

A group holds the actors seated in a municipality (the municipality itself included) or the actors of a
kind; actors without a seat in the district form one group of their own. Ties between two groups are
counted, ties within a group too, and for both how many of them are demonstration ties.

>>> from graph.model.domain import Actor, Relation, Subgraph
>>> town = Actor("m1", "Asperg", "municipality")
>>> club = Actor("v1", "Verein", "volunteer_group", municipality="m1")
>>> office = Actor("o1", "Amt", "district_office")
>>> found = aggregate(Subgraph((town, club, office), (Relation("o1", "advises", "m1"),)), "municipality")
>>> [(g.id, g.actors) for g in found.groups], [(t.source, t.target, t.ties) for t in found.ties]
([('municipality:m1', 2), ('municipality:', 1)], [('municipality:', 'municipality:m1', 1)])
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from graph.model.domain import Actor, Subgraph
from graph.model.vocabulary import MUNICIPALITY_KIND

__all__ = ["GROUP_KEYS", "Aggregate", "Group", "GroupTie", "aggregate", "group_id", "group_members", "parse_group_id"]

#: What actors can be grouped by.
GROUP_KEYS = ("municipality", "kind")


@dataclass(frozen=True)
class Group:
    """Actors that share a seat or a kind.

    ``id`` is ``"<by>:<value>"``: ``value`` is a municipality id, ``""`` for the actors without a seat in
    the district, or a kind id. ``name`` is the municipality's name (as given by the caller; empty when
    unknown or for the group without a seat) or, for a kind, the kind id.
    """

    id: str
    by: str
    value: str
    name: str
    actors: int
    ties_within: int
    illustrative_within: int


@dataclass(frozen=True)
class GroupTie:
    """The ties between the actors of two groups (``source`` < ``target``), in either direction."""

    source: str
    target: str
    ties: int
    illustrative: int


@dataclass(frozen=True)
class Aggregate:
    """Groups (largest first, then by id) and the ties between them (by source, target)."""

    by: str
    groups: tuple[Group, ...]
    ties: tuple[GroupTie, ...]

    @property
    def actors(self) -> int:
        return sum(g.actors for g in self.groups)

    @property
    def total_ties(self) -> int:
        return sum(g.ties_within for g in self.groups) + sum(t.ties for t in self.ties)

    @property
    def illustrative_ties(self) -> int:
        return sum(g.illustrative_within for g in self.groups) + sum(t.illustrative for t in self.ties)


def group_id(actor: Actor, by: str) -> str:
    """The id of the group ``actor`` belongs to when grouping ``by`` "municipality" or "kind".

    A municipality is its own seat; an actor whose seat is not a municipality of the store belongs to
    ``"municipality:"``. Raises ValueError for any other ``by``.
    """
    if by == "municipality":
        seat = actor.id if actor.kind == MUNICIPALITY_KIND else (actor.municipality or "")
        return f"municipality:{seat}"
    if by == "kind":
        return f"kind:{actor.kind}"
    raise ValueError(f"Actors can be grouped by {', '.join(GROUP_KEYS)}, not by {by!r}.")


def parse_group_id(value: str) -> tuple[str, str] | None:
    """``(by, value)`` of a group id, or None when it is not one."""
    by, sep, rest = value.partition(":")
    return (by, rest) if sep and by in GROUP_KEYS else None


def aggregate(subgraph: Subgraph, by: str, names: Mapping[str, str] | None = None) -> Aggregate:
    """The groups of ``subgraph``'s actors by ``by`` and the ties between and within them.

    ``names`` gives municipality names by id (for groups whose municipality is not in ``subgraph``);
    ties to actors outside ``subgraph`` are left out. The input is not changed.
    """
    names = dict(names or {})
    names.update({a.id: a.name for a in subgraph.actors if a.kind == MUNICIPALITY_KIND})
    of = {actor.id: group_id(actor, by) for actor in subgraph.actors}
    sizes = Counter(of.values())
    within: Counter[str] = Counter()
    within_illustrative: Counter[str] = Counter()
    between: Counter[tuple[str, str]] = Counter()
    between_illustrative: Counter[tuple[str, str]] = Counter()
    for rel in subgraph.relations:
        source, target = of.get(rel.source), of.get(rel.target)
        if source is None or target is None:
            continue
        if source == target:
            within[source] += 1
            within_illustrative[source] += rel.is_illustrative
        else:
            pair = (min(source, target), max(source, target))
            between[pair] += 1
            between_illustrative[pair] += rel.is_illustrative
    groups = []
    for gid, count in sorted(sizes.items(), key=lambda item: (-item[1], item[0])):
        value = gid.partition(":")[2]
        name = names.get(value, "") if by == "municipality" else value
        groups.append(Group(gid, by, value, name, count, within[gid], within_illustrative[gid]))
    ties = tuple(GroupTie(s, t, n, between_illustrative[(s, t)]) for (s, t), n in sorted(between.items()))
    return Aggregate(by, tuple(groups), ties)


def group_members(subgraph: Subgraph, gid: str) -> Subgraph:
    """The actors of ``subgraph`` in group ``gid`` and the ties among them (empty for an unknown id)."""
    parsed = parse_group_id(gid)
    if parsed is None:
        return Subgraph((), ())
    actors = tuple(a for a in subgraph.actors if group_id(a, parsed[0]) == gid)
    ids = {a.id for a in actors}
    return Subgraph(actors, tuple(r for r in subgraph.relations if r.source in ids and r.target in ids))
