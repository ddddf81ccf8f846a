"""Planning change sets against a store: what a write, a delete or an undo changes, fact by fact.

These functions read the store through the :class:`~graph.store.base.GraphStore` interface only, so both backends
plan alike; the store writes the facts and the change set in one transaction (``GraphStore._commit``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any, Protocol

from graph.errors import ChangeConflictError, ChangeSetNotFoundError
from graph.model.changes import ChangeSet, FactChange, FactKey, Record, fact_key, inverse
from graph.model.domain import Actor, ActorFilter, FieldOfAction, GraphBatch, Relation
from graph.model.knowledge import Link, Node

__all__ = ["StoreReads", "check_unchanged", "current_facts", "deletion_changes", "undo_changes", "write_changes"]


class StoreReads(Protocol):
    """What planning needs of a store: the reads of :class:`~graph.store.base.GraphStore` (which has them all)."""

    def is_initialised(self) -> bool: ...
    def get_actor(self, actor_id: str) -> Actor | None: ...
    def actors(self, where: ActorFilter | None = None) -> list[Actor]: ...
    def fields_of_action(self) -> list[FieldOfAction]: ...
    def relations(self, actor_ids: Iterable[str] | None = None, types: Sequence[str] = ()) -> list[Relation]: ...
    def get_node(self, node_id: str) -> Node | None: ...
    def nodes(self, types: Sequence[str] = (), ids: Iterable[str] | None = None) -> list[Node]: ...
    def links(self, node_ids: Iterable[str] | None = None, types: Sequence[str] = ()) -> list[Link]: ...
    def change_set(self, change_set_id: str) -> ChangeSet | None: ...
    def change_sets_touching(self, facts: Iterable[FactKey], after: str | None = None) -> list[ChangeSet]: ...

#: Up to this many actors are read one by one; more are read all at once.
_SINGLE_READS = 50


def _records(batch: GraphBatch) -> Iterable[Record]:
    yield from batch.fields
    yield from batch.actors
    yield from batch.relations
    yield from batch.nodes
    yield from batch.links


def current_facts(store: StoreReads, facts: Iterable[FactKey]) -> dict[FactKey, Mapping[str, Any]]:
    """The stored record of each fact that exists, as plain data (facts not in the store are left out)."""
    wanted: dict[str, set[str]] = {}
    for kind, key in facts:
        wanted.setdefault(kind, set()).add(key)
    found: list[Record] = []
    if not store.is_initialised():
        return {}
    if ids := wanted.get("actor"):
        if len(ids) > _SINGLE_READS:
            found.extend(a for a in store.actors() if a.id in ids)
        else:
            found.extend(a for a in map(store.get_actor, sorted(ids)) if a is not None)
    if ids := wanted.get("field"):
        found.extend(f for f in store.fields_of_action() if f.id in ids)
    if ids := wanted.get("node"):
        found.extend(store.nodes(ids=sorted(ids)))
    if keys := wanted.get("relation"):
        ends = sorted({part for key in keys for part in key.split("|")[::2]})
        found.extend(r for r in store.relations(actor_ids=ends) if "|".join(r.key) in keys)
    if keys := wanted.get("link"):
        ends = sorted({part for key in keys for part in key.split("|")[::2]})
        found.extend(k for k in store.links(node_ids=ends) if "|".join(k.key) in keys)
    return {(change.kind, change.key): change.after for change in map(lambda r: FactChange.of(None, r), found)
            if change.after is not None}


def write_changes(store: StoreReads, batches: Sequence[GraphBatch]) -> list[FactChange]:
    """The facts that upserting ``batches`` changes, each with its stored record before; records equal to the
    stored ones are left out. A fact written twice (in two batches) counts once, from first before to last after.
    """
    records = [r for batch in batches for r in _records(batch)]
    stored = current_facts(store, map(fact_key, records))
    latest: dict[FactKey, Mapping[str, Any] | None] = {}
    order: list[FactKey] = []
    for record in records:
        change = FactChange.of(None, record)
        if change.fact not in latest:
            order.append(change.fact)
        latest[change.fact] = change.after
    changes = []
    for fact in order:
        before, after = stored.get(fact), latest[fact]
        if before != after:
            changes.append(FactChange(fact[0], fact[1], before, after))
    return changes


def deletion_changes(store: StoreReads, kind: str, key: str) -> list[FactChange]:
    """What deleting the actor or node ``key`` removes: its links and ties, then itself; for an actor that is a
    municipality also the seat or served town of every actor that names it (those actors change). Empty when
    the store has no such fact."""
    if kind == "actor":
        actor = store.get_actor(key)
        if actor is None:
            return []
        changes = [FactChange.of(link, None) for link in store.links(node_ids=[key])]
        # ``relations(actor_ids=…)`` gives the ties among the ids only; a delete takes every tie with either end.
        changes += [FactChange.of(tie, None) for tie in store.relations() if key in (tie.source, tie.target)]
        for other in store.actors():
            if other.id != key and (other.municipality == key or key in other.serves):
                changes.append(FactChange.of(other, _without_place(other, key)))
        return [*changes, FactChange.of(actor, None)]
    if kind == "node":
        node = store.get_node(key)
        if node is None:
            return []
        return [*(FactChange.of(link, None) for link in store.links(node_ids=[key])), FactChange.of(node, None)]
    raise ValueError(f"only actors and nodes are deleted on their own, not {kind!r}")


def _without_place(actor: Actor, municipality: str) -> Actor:
    return replace(actor, municipality=None if actor.municipality == municipality else actor.municipality,
                   serves=tuple(m for m in actor.serves if m != municipality))


def check_unchanged(store: StoreReads, facts: Sequence[FactChange]) -> None:
    """Raise :class:`ChangeConflictError` when any fact's stored record is no longer its ``before``."""
    stored = current_facts(store, (f.fact for f in facts))
    stale = tuple(f.fact for f in facts if stored.get(f.fact) != (None if f.before is None else dict(f.before)))
    if stale:
        later = tuple(c.id for c in store.change_sets_touching(stale))
        raise ChangeConflictError(_conflict_message(stale, later), stale, later)


def _conflict_message(stale: Sequence[FactKey], later: Sequence[str]) -> str:
    named = ", ".join(f"{kind} {key}" for kind, key in stale[:5]) + (f" and {len(stale) - 5} more" if len(stale) > 5
                                                                      else "")
    by = f" by the change set(s) {', '.join(later[-5:])}" if later else ""
    return (f"{len(stale)} fact(s) were changed since{by}: {named}. Nothing was written. Look at those change sets "
            "in the history, and undo them first or make the change again.")


def undo_changes(store: StoreReads, change_set_id: str) -> list[FactChange]:
    """The facts that bring the store back to exactly its state before the change set ``change_set_id``.

    Raises :class:`ChangeSetNotFoundError` for an unknown id, and :class:`ChangeConflictError` naming the later
    change sets when any fact the change set wrote has been changed since (including by undoing it already).
    """
    target = store.change_set(change_set_id)
    if target is None:
        raise ChangeSetNotFoundError(f"There is no change set {change_set_id!r}. `integranet history` lists them.")
    stored = current_facts(store, (f.fact for f in target.facts))
    stale = tuple(f.fact for f in target.facts if stored.get(f.fact) != (None if f.after is None else dict(f.after)))
    if stale:
        later = tuple(c.id for c in store.change_sets_touching(stale, after=target.id))
        if target.undone_by:
            message = (f"The change set {target.id} was already undone by {target.undone_by}; undo that one to "
                       "bring its changes back.")
        else:
            message = (f"The change set {target.id} cannot be undone: later change sets ({', '.join(later)}) "
                       f"changed {len(stale)} of its facts. Undo those first, newest first; nothing was written.")
        raise ChangeConflictError(message, stale, later)
    return inverse(target.facts)
