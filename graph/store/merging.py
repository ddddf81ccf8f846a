"""Merging two records that are one: two actors, or two nodes of one type, planned as facts for one change set.

:func:`plan_merge` reads the store through the :class:`~graph.store.base.GraphStore` interface and plans, fact by
fact, what merging ``drop`` into ``keep`` changes: every tie and link of ``drop`` re-pointed to ``keep`` (joined
with a tie ``keep`` already has, dropped where it would join ``keep`` to itself), every actor seated in or serving
``drop`` (a municipality) now naming ``keep``, ``keep``'s empty attributes filled from ``drop`` and its sources
united with ``drop``'s, and ``drop`` deleted. ``GraphStore.apply_changes`` writes the facts as one change set
(action ``merge``), which ``GraphStore.undo`` takes back exactly; nothing of the history is rewritten.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from graph.errors import InvalidInputError
from graph.model.changes import FactChange
from graph.model.domain import ILLUSTRATIVE, Actor, Relation
from graph.model.knowledge import Link, Node
from graph.model.schema import ACTOR_TYPE
from graph.model.vocabulary import MUNICIPALITY_KIND
from graph.store.base import GraphStore
from graph.store.history import deletion_changes

__all__ = ["ALIAS_PROPERTIES", "MergePlan", "merge_changes", "plan_merge", "united_sources"]

#: The properties that, where the schema declares one for the type, keep the dropped record's name as an alias.
ALIAS_PROPERTIES = ("aliases", "alias")
#: How the sources of one provenance are separated (see :mod:`graph.model.provenance`).
_SOURCE_SEPARATOR = " ; "

@dataclass(frozen=True)
class MergePlan:
    """What merging ``drop`` into ``keep`` (both ``kind`` ``actor`` or ``node``, of the schema type ``type``)
    changes.

    ``facts`` are the changes for ``GraphStore.apply_changes``; the rest says it in numbers and names: ties and
    links ``moved`` to ``keep``, ``joined`` with one ``keep`` already had, ``dropped`` because they joined the two
    records to each other; ``filled`` the attributes of ``keep`` that change (``properties.x`` for a property);
    ``repointed`` the actors whose seat or served towns named ``drop``.
    """

    kind: str
    type: str
    keep: str
    drop: str
    keep_name: str
    drop_name: str
    facts: tuple[FactChange, ...]
    moved: int = 0
    joined: int = 0
    dropped: int = 0
    filled: tuple[str, ...] = ()
    repointed: tuple[str, ...] = ()


def merge_changes(store: GraphStore, keep: str, drop: str) -> list[FactChange]:
    """The facts that merge ``drop`` into ``keep`` (see :func:`plan_merge`), for ``GraphStore.apply_changes``."""
    return list(plan_merge(store, keep, drop).facts)


def plan_merge(store: GraphStore, keep: str, drop: str) -> MergePlan:
    """Plan merging ``drop`` into ``keep``: two actors, or two nodes of the same type.

    Raises :class:`~graph.errors.InvalidInputError`, saying what to do, for one id given twice, an id the store
    does not hold, an actor with a node, nodes of two types, or a municipality with an actor of another kind.
    """
    if keep == drop:
        raise InvalidInputError(f"{keep!r} is given twice; name the record to keep and, second, the one to merge "
                                "into it.")
    kept, dropped = _record(store, keep), _record(store, drop)
    _check_mergeable(kept, dropped)
    kind = "actor" if isinstance(kept, Actor) else "node"
    removals = deletion_changes(store, kind, drop)
    planner = _Planner(store, keep, drop)
    for change in removals:
        if change.after is None and change.kind in ("relation", "link"):
            assert change.before is not None
            planner.repoint(Relation.from_record(change.before) if change.kind == "relation"
                            else Link.from_record(change.before))
        elif change.kind == "actor" and change.key not in (keep, drop):
            assert change.before is not None
            planner.reseat(Actor.from_record(change.before))
    merged = _merged(store, kept, dropped)
    keep_change = FactChange.of(kept, merged)
    facts = [*planner.facts]
    if keep_change.before != keep_change.after:
        facts.append(keep_change)
    facts.append(next(c for c in removals if c.fact == (kind, drop)))
    return MergePlan(kind, _type_of(kept), keep, drop, kept.name, dropped.name, tuple(facts), planner.moved,
                     planner.joined, planner.dropped, tuple(name for name, _, _ in keep_change.properties()),
                     tuple(planner.repointed))


def _record(store: GraphStore, record_id: str) -> Actor | Node:
    found: Actor | Node | None = store.get_actor(record_id) or store.get_node(record_id)
    if found is None:
        if any(f.id == record_id for f in store.fields_of_action()):
            raise InvalidInputError(f"{record_id!r} is a field of action; fields of action come from the "
                                    "vocabulary and are not merged.")
        raise InvalidInputError(f"There is no actor or node {record_id!r} in the store; `integranet duplicates` "
                                "lists likely duplicates with their ids.")
    return found


def _type_of(record: Actor | Node) -> str:
    return ACTOR_TYPE if isinstance(record, Actor) else record.type


def _check_mergeable(keep: Actor | Node, drop: Actor | Node) -> None:
    if _type_of(keep) != _type_of(drop):
        raise InvalidInputError(f"{keep.id!r} is a {_type_of(keep)} and {drop.id!r} a {_type_of(drop)}; only "
                                "records of one type are merged. Pick two actors, or two nodes of the same type.")
    if isinstance(keep, Actor) and isinstance(drop, Actor) and \
            (keep.kind == MUNICIPALITY_KIND) != (drop.kind == MUNICIPALITY_KIND):
        municipality, other = (keep, drop) if keep.kind == MUNICIPALITY_KIND else (drop, keep)
        raise InvalidInputError(f"{municipality.id!r} is a municipality and {other.id!r} is not; a municipality is "
                                "merged only with another municipality. Correct the kind of one of them first.")


class _Planner:
    """Collects the facts of the ties, links and actors that move from ``drop`` to ``keep``."""

    def __init__(self, store: GraphStore, keep: str, drop: str) -> None:
        self.keep, self.drop = keep, drop
        self.facts: list[FactChange] = []
        self.moved = self.joined = self.dropped = 0
        self.repointed: list[str] = []
        # The ties and links keep has that do not touch drop: a re-pointed one with the same key is joined to them.
        ties: list[Relation | Link] = [t for t in store.relations() if keep in (t.source, t.target)]
        ties += store.links(node_ids=[keep])
        self._existing = {(type(t).__name__, t.key): t for t in ties if drop not in (t.source, t.target)}

    def _id(self, record_id: str) -> str:
        return self.keep if record_id == self.drop else record_id

    def repoint(self, tie: Relation | Link) -> None:
        """Plan ``tie`` (of drop) as deleted and, unless it now joins keep to itself, added (or joined) at keep."""
        self.facts.append(FactChange.of(tie, None))
        moved = replace(tie, source=self._id(tie.source), target=self._id(tie.target))
        if moved.source == moved.target:
            self.dropped += 1
            return
        existing = self._existing.get((type(moved).__name__, moved.key))
        if existing is None:
            self.facts.append(FactChange.of(None, moved))
            self.moved += 1
            return
        self.facts.append(FactChange.of(existing, _joined(existing, moved)))
        self.joined += 1

    def reseat(self, actor: Actor) -> None:
        """Plan ``actor``, seated in or serving drop, as seated in or serving keep instead."""
        seat = None if actor.municipality is None else self._id(actor.municipality)
        self.facts.append(FactChange.of(actor, replace(actor, municipality=seat,
                                                        serves=tuple(map(self._id, actor.serves)))))
        self.repointed.append(actor.id)


def united_sources(*provenances: str) -> str:
    """The sources of every provenance, each once, in order (`` ; `` between them); ``illustrative`` only when no
    provenance names a real source (a fact a source attests is no longer a demonstration).

    >>> united_sources("https://a.de ; Survey 2024", "Survey 2024 ; https://b.de", "")
    'https://a.de ; Survey 2024 ; https://b.de'
    >>> united_sources("illustrative", "https://a.de"), united_sources("illustrative", "")
    ('https://a.de', 'illustrative')
    """
    sources = _parts(provenances)
    real = [s for s in sources if s != ILLUSTRATIVE]
    return _SOURCE_SEPARATOR.join(real or sources)


def _parts(texts: Iterable[str]) -> list[str]:
    """The distinct non-empty parts of ``texts`` split at `` ; ``, in order."""
    parts = (part.strip() for text in texts for part in text.split(_SOURCE_SEPARATOR))
    return list(dict.fromkeys(part for part in parts if part))


def _filled(keep: Mapping[str, Any], drop: Mapping[str, Any]) -> dict[str, Any]:
    """``keep``'s properties with the ones it lacks taken from ``drop``."""
    return {**drop, **keep}


def _joined(existing: Relation | Link, moved: Relation | Link) -> Relation | Link:
    """One tie of two with the same key: fields united, sources of both, earliest start, latest end, the existing
    note (or the moved one's), properties filled, the latest confirmation."""
    confirmed = max(existing.confirmed, moved.confirmed)
    properties = _filled(existing.properties, moved.properties)
    provenance = united_sources(existing.provenance, moved.provenance)
    if isinstance(existing, Relation) and isinstance(moved, Relation):
        since = min((d for d in (existing.since, moved.since) if d), default=None)
        until = max((d for d in (existing.until, moved.until) if d), default=None)
        return replace(existing, fields=existing.fields + moved.fields, since=since, until=until,
                       note=existing.note or moved.note, provenance=provenance, properties=properties,
                       confirmed=confirmed)
    return replace(existing, provenance=provenance, properties=properties, confirmed=confirmed)


def _merged(store: GraphStore, keep: Actor | Node, drop: Actor | Node) -> Actor | Node:
    """``keep`` with its empty attributes filled from ``drop``, both records' sources and, where the schema has an
    alias property, ``drop``'s name as an alias."""
    properties = _with_alias(store, keep, drop, _filled(keep.properties, drop.properties))
    provenance = united_sources(keep.provenance, drop.provenance)
    confirmed = keep.confirmed or drop.confirmed
    if isinstance(keep, Actor) and isinstance(drop, Actor):
        def own(ids: Iterable[str | None]) -> list[str]:
            # drop's places, re-pointed; a reference to keep itself only where keep already had it.
            mapped = [keep.id if i == drop.id else i for i in ids if i]
            return [i for i in mapped if i != keep.id or i in (keep.municipality, *keep.serves)]

        seat = own([keep.municipality]) or own([drop.municipality])
        return replace(keep, municipality=seat[0] if seat else None, town=keep.town or drop.town,
                       fields=keep.fields + drop.fields, serves=tuple(own([*keep.serves, *drop.serves])),
                       serves_district=keep.serves_district or drop.serves_district, provenance=provenance,
                       properties=properties, confirmed=confirmed)
    return replace(keep, provenance=provenance, properties=properties, confirmed=confirmed)


def _with_alias(store: GraphStore, keep: Actor | Node, drop: Actor | Node, properties: dict[str, Any]
                ) -> dict[str, Any]:
    """``properties`` with ``drop``'s name added to keep's alias property, if the schema declares one."""
    node_type = store.vocabulary.schema.node_types.get(_type_of(keep))
    spec = next((s for name in ALIAS_PROPERTIES if node_type and (s := node_type.spec(name)) and not s.is_link),
                None)
    if spec is None or drop.name == keep.name:
        return properties
    if spec.datatype == "list":
        names = [*_names(keep.properties.get(spec.name)), *_names(drop.properties.get(spec.name)), drop.name]
        return {**properties, spec.name: tuple(dict.fromkeys(names))}
    names = [str(keep.properties.get(spec.name) or ""), str(drop.properties.get(spec.name) or ""), drop.name]
    return {**properties, spec.name: _SOURCE_SEPARATOR.join(_parts(names))}


def _names(value: Any) -> list[str]:
    if isinstance(value, tuple | list):
        return [str(v) for v in value]
    return [str(value)] if value else []
