"""Planning change sets against a store: what a write, a delete or an undo changes, fact by fact.

These functions read the store through the :class:`~graph.store.base.GraphStore` interface only, so both backends
plan alike; the store writes the facts and the change set in one transaction (``GraphStore._commit``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from graph.errors import ChangeConflictError, ChangeSetNotFoundError, EditConflictError, StoreWriteError
from graph.model.changes import ChangeSet, FactChange, FactKey, Record, fact_key, inverse, record_of
from graph.model.domain import Actor, ActorFilter, FieldOfAction, GraphBatch, Relation
from graph.model.knowledge import Link, Node

__all__ = ["SourceFacts", "StoreReads", "check_apart", "check_unchanged", "current_facts", "deletion_changes",
           "edit_conflict", "facts_from_source", "removal_changes", "source_facts", "source_files", "undo_changes",
           "write_changes"]


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
    def change_sets(self, limit: int | None = None, offset: int = 0) -> list[ChangeSet]: ...
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


def edit_conflict(store: StoreReads, stale: Sequence[FactKey]) -> EditConflictError:
    """The error for an edit whose facts others saved in between: who saved each last, and when."""
    later = store.change_sets_touching(stale)
    newest = later[-1] if later else None
    named = ", ".join(f"{kind} {key}" for kind, key in stale[:5]) + (f" and {len(stale) - 5} more" if len(stale) > 5
                                                                      else "")
    by = f" by {newest.who} at {newest.at[:16].replace('T', ' ')} UTC (change set {newest.id})" if newest else ""
    return EditConflictError(f"Someone else saved {named} after you opened it{by}. Nothing was written: look at "
                             "their version, then make your change again on top of it.", tuple(stale),
                             tuple(c.id for c in later))


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
    if target.action == "erase":
        raise ChangeConflictError(f"The change set {target.id} is an erasure of personal data, which cannot be undone: "
                                  "the erased values are gone everywhere. Enter them again if they are still needed.",
                                  (), ())
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


def removal_changes(store: StoreReads, facts: Iterable[FactKey]) -> list[FactChange]:
    """What removing ``facts`` (actors, nodes, ties, links; fields of action are never removed) takes from the
    store, each fact once: ties and links first, then the actors that lose a removed municipality as their seat or
    served town, then the nodes and actors themselves (an actor or node with all its links and ties, as
    :func:`deletion_changes`). Facts the store does not hold are left out."""
    wanted = list(dict.fromkeys(facts))
    if not wanted or not store.is_initialised():
        return []
    if fields := [key for kind, key in wanted if kind not in ("actor", "node", "relation", "link")]:
        raise ValueError(f"only actors, nodes, ties and links are removed, not {', '.join(fields)}")
    stored = current_facts(store, [f for f in wanted if f[0] in ("relation", "link")])
    changes: dict[FactKey, FactChange] = {}
    for kind, key in wanted:
        found = (deletion_changes(store, kind, key) if kind in ("actor", "node")
                 else [FactChange(kind, key, stored[(kind, key)], None)] if (kind, key) in stored else [])
        for change in found:
            known = changes.get(change.fact)
            if known is None or change.after is None:
                changes[change.fact] = change if known is None else replace(known, after=None)
    gone = {key for (kind, key), change in changes.items() if kind == "actor" and change.after is None}
    for fact, change in changes.items():
        if change.kind == "actor" and change.after is not None and change.before is not None:
            # An actor seated in or serving several removed towns loses each of them, not only the last one read.
            kept = record_of("actor", change.before)
            assert isinstance(kept, Actor)
            for municipality in gone:
                kept = _without_place(kept, municipality)
            changes[fact] = FactChange(change.kind, change.key, change.before, FactChange.of(None, kept).after)
    rank = {"link": 0, "relation": 0, "node": 2, "actor": 3}
    return sorted(changes.values(), key=lambda c: 1 if c.after is not None else rank[c.kind])


def check_apart(removals: Sequence[FactChange], batches: Sequence[GraphBatch]) -> None:
    """Raise :class:`StoreWriteError` when a write would remove a fact and write it as well (a record of the
    batches is one the removal takes away or changes): such a write has no single meaning."""
    if not removals:
        return
    touched = {change.fact for change in removals}
    both = sorted({fact_key(r) for batch in batches for r in _records(batch)} & touched)
    if both:
        named = ", ".join(f"{kind} {key}" for kind, key in both[:5]) + (f" and {len(both) - 5} more"
                                                                         if len(both) > 5 else "")
        raise StoreWriteError(f"{len(both)} fact(s) would be removed and written in the same change: {named}. "
                              "Nothing was written. Keep these facts, or leave them out of the write.")


def source_files(source: str) -> frozenset[str]:
    """The file names a change set's ``source`` names (an import of several files joins them with ``, ``)."""
    return frozenset(part.strip() for part in source.split(", ") if part.strip())


@dataclass(frozen=True)
class SourceFacts:
    """The facts of a source (some files, by name), as its imports and the later change sets left them.

    ``current``: the facts in the store whose latest write in effect is an import of the source. ``edited``: the
    facts an import of the source wrote that another change set (an edit, a merge, a delete, another import) wrote
    later, each with the header of that change set (who, when)."""

    current: frozenset[FactKey] = frozenset()
    edited: Mapping[FactKey, ChangeSet] = field(default_factory=dict)


def source_facts(store: StoreReads, names: str | Iterable[str]) -> SourceFacts:
    """The :class:`SourceFacts` of the files ``names`` (file names without folder, as a change set's source says).

    An import counts as one of the source when every file it read is among ``names``: an import of ``a.csv`` and
    ``b.csv`` together is no import of ``a.csv`` alone (which facts came from which of its files is not kept).
    Change sets that were undone (and not restored by undoing the undo) and undo change sets themselves (they
    restore the state before) are passed over, so a fact whose edit was undone belongs to its import again.
    """
    wanted = frozenset([names] if isinstance(names, str) else names)
    if not wanted or not store.is_initialised():
        return SourceFacts()
    headers = list(reversed(store.change_sets()))  # oldest first
    by_id = {c.id: c for c in headers}

    def of_source(change_set: ChangeSet) -> bool:
        files = source_files(change_set.source)
        return change_set.action == "import" and bool(files) and files <= wanted

    first = next((i for i, c in enumerate(headers) if of_source(c)), None)
    if first is None:
        return SourceFacts()
    writer: dict[FactKey, tuple[ChangeSet, bool]] = {}
    ever: set[FactKey] = set()
    for header in headers[first:]:
        if header.action == "undo" or not _in_effect(header, by_id):
            continue
        full = store.change_set(header.id)
        mine = of_source(header)
        for change in full.facts if full is not None else ():
            writer[change.fact] = (header, change.after is not None)
            if mine:
                ever.add(change.fact)
    return SourceFacts(
        current=frozenset(f for f, (c, exists) in writer.items() if exists and of_source(c)),
        edited={f: c for f, (c, _) in writer.items() if f in ever and not of_source(c)})


def facts_from_source(store: StoreReads, source_name: str | Iterable[str]) -> set[FactKey]:
    """The facts in the store whose latest writing change set in effect is an import of the file ``source_name``
    (or of some of the files ``source_name`` names); see :func:`source_facts`."""
    return set(source_facts(store, source_name).current)


def _in_effect(change_set: ChangeSet, by_id: Mapping[str, ChangeSet]) -> bool:
    """True unless the change set was undone by an undo that is itself in effect."""
    undone = 0
    current: ChangeSet | None = change_set
    while current is not None and current.undone_by and undone <= len(by_id):
        undone += 1
        current = by_id.get(current.undone_by)
    return undone % 2 == 0
