"""Erasing a person's data (GDPR Art. 17): from the store, from its change history and from every snapshot.

The person is named by the id of the actor or node whose personal properties hold their data (contact person,
e-mail, phone, and any property the schema declares ``personal``). :func:`erase_personal_data`

1. collects the values to erase: every value those properties have now or ever had in the change history;
2. rewrites every snapshot that holds a value, with a redaction entry (date, reason, who) in its metadata and a
   fresh content hash — never what was erased (first: should it fail, the store still holds the values and the
   same erasure can be run again);
3. removes the properties from the record and replaces every other occurrence of a value (a note naming the
   contact person, a tie's description, a change set's comment) by :data:`ERASED`, in ONE transaction with the
   rewritten history and the erasure's own change set, which says what was erased only by property name;
4. lets the store give back the space the old values took (the embedded store rewrites its file; Neo4j does
   so at its own checkpoints, see ``docs/data-protection.md``).

An erasure cannot be undone (there is nothing left to restore); a backup made before it still holds the values,
which ``docs/data-protection.md`` says how to handle.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from graph.errors import InvalidInputError
from graph.model.access import require
from graph.model.changes import ChangeMeta, ChangeSet, FactChange, HistoryRewrite, record_of
from graph.model.domain import PERSONAL_PROPERTIES, Actor, GraphBatch, Subgraph
from graph.model.knowledge import Node
from graph.model.personal import undeclared_personal
from graph.model.schema import ACTOR_TYPE
from graph.snapshots.snapshot import Snapshot, SnapshotFolder
from graph.store.base import GraphStore

__all__ = ["ERASED", "ErasureResult", "erase_personal_data", "holders_of_personal_data", "personal_properties"]

#: What stands where an erased value stood in free text (and, in the erasure's own change set, for the value).
ERASED = "[erased]"
#: A value shorter than this is removed from its property but not searched for in other text: "12" or "Li"
#: would otherwise be cut out of unrelated words and numbers.
_SHORTEST_SEARCHED = 4


@dataclass(frozen=True)
class ErasureResult:
    """What an erasure did: its change set, the properties it removed from the record, how many other facts and
    history entries it rewrote, and the ids of the snapshots it rewrote."""

    change_set: ChangeSet
    properties: tuple[str, ...]
    other_facts: int
    history_entries: int
    snapshots: tuple[str, ...]


def personal_properties(store: GraphStore) -> frozenset[str]:
    """The properties that hold personal data: contact person, e-mail, phone, and any the schema declares."""
    declared = {name for node_type in store.vocabulary.schema.node_types.values()
                for name in node_type.personal_properties}
    return frozenset(PERSONAL_PROPERTIES) | declared


def _values(data: Mapping[str, Any] | None, personal: frozenset[str]) -> set[str]:
    properties = (data or {}).get("properties") or {}
    return {str(v).strip() for k, v in properties.items() if k in personal and str(v or "").strip()}


class _Scrubber:
    """Removes the personal properties of one fact and every occurrence of the erased values from plain data."""

    def __init__(self, key: tuple[str, str], personal: frozenset[str], values: Iterable[str]) -> None:
        self.key, self.personal = key, personal
        searched = sorted((v for v in values if len(v) >= _SHORTEST_SEARCHED), key=len, reverse=True)
        self.pattern = re.compile("|".join(re.escape(v) for v in searched), re.IGNORECASE) if searched else None

    def text(self, value: str) -> str:
        return self.pattern.sub(ERASED, value) if self.pattern else value

    def plain(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Mapping):
            return {k: self.plain(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.plain(v) for v in value]
        return value

    def fact(self, kind: str, key: str, data: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
        """``data`` (a fact's record) without the erased values; the person's own record loses the properties."""
        if data is None:
            return None
        cleaned = dict(self.plain(data))
        if (kind, key) == self.key and isinstance(cleaned.get("properties"), Mapping):
            cleaned["properties"] = {k: v for k, v in cleaned["properties"].items() if k not in self.personal}
        return cleaned


def _target(store: GraphStore, record_id: str) -> Actor | Node:
    found = store.get_actor(record_id) or store.get_node(record_id)
    if found is None:
        raise InvalidInputError(f"There is no actor or node with the id {record_id!r}; nothing was erased. The "
                                "profile page or `integranet export --format csv` shows the ids.")
    return found


def _undeclared(store: GraphStore, target: Actor | Node) -> frozenset[str]:
    """The target's properties that its type does not declare but whose values look like contact data."""
    node_type = store.vocabulary.schema.node_types.get(ACTOR_TYPE if isinstance(target, Actor) else target.type)
    declared = [p.name for p in node_type.properties] if node_type is not None else []
    if isinstance(target, Actor):
        return target.personal_keys(declared)
    return undeclared_personal(target.properties, declared)


def holders_of_personal_data(store: GraphStore) -> list[Actor | Node]:
    """The actors and nodes that hold personal data now — by the same rule an erasure removes it (declared
    personal properties, and undeclared ones that look like contact data) — sorted by name."""
    declared = personal_properties(store)
    records: list[Actor | Node] = [*store.actors(), *store.nodes()]
    found = [r for r in records
             if any(str(v or "").strip() for k, v in r.properties.items() if k in declared | _undeclared(store, r))]
    return sorted(found, key=lambda r: (r.name.casefold(), r.id))


def _all_history(store: GraphStore) -> list[ChangeSet]:
    return [found for c in reversed(store.change_sets()) if (found := store.change_set(c.id)) is not None]


def _history_rewrites(history: Sequence[ChangeSet], scrub: _Scrubber) -> list[HistoryRewrite]:
    rewrites = []
    for change_set in history:
        facts = []
        for position, fact in enumerate(change_set.facts):
            before, after = scrub.fact(fact.kind, fact.key, fact.before), scrub.fact(fact.kind, fact.key, fact.after)
            if before != fact.before or after != fact.after:
                facts.append((position, before, after))
        comment = scrub.text(change_set.comment)
        if facts or comment != change_set.comment:
            rewrites.append(HistoryRewrite(change_set.id, tuple(facts), comment))
    return rewrites


def _current_rewrites(store: GraphStore, scrub: _Scrubber, erased: tuple[str, ...]
                      ) -> tuple[GraphBatch, list[FactChange]]:
    """The records to write back without the values, and the erasure's own facts (the erased properties shown
    as :data:`ERASED`, never their values)."""
    records: list[Any] = [*store.actors(), *store.relations(), *store.nodes(), *store.links()]
    changed: dict[str, list[Any]] = {"actor": [], "relation": [], "node": [], "link": []}
    facts: list[FactChange] = []
    for record in records:
        plain = FactChange.of(None, record)
        cleaned = scrub.fact(plain.kind, plain.key, plain.after)
        if cleaned == plain.after:
            continue
        assert cleaned is not None
        changed[plain.kind].append(record_of(plain.kind, cleaned))
        shown = dict(cleaned)
        if (plain.kind, plain.key) == scrub.key:
            shown["properties"] = {**cleaned.get("properties", {}), **dict.fromkeys(erased, ERASED)}
        facts.append(FactChange(plain.kind, plain.key, shown, cleaned))
    batch = GraphBatch(actors=tuple(changed["actor"]), relations=tuple(changed["relation"]),
                       nodes=tuple(changed["node"]), links=tuple(changed["link"]))
    return batch, facts


def _scrubbed_snapshot(snapshot: Snapshot, scrub: _Scrubber) -> Snapshot | None:
    def clean(kind: str, record: Any) -> Any:
        plain = FactChange.of(None, record)
        return record_of(kind, scrub.fact(kind, plain.key, plain.after) or {})

    actors = tuple(clean("actor", a) for a in snapshot.subgraph.actors)
    relations = tuple(clean("relation", r) for r in snapshot.subgraph.relations)
    nodes = tuple(clean("node", n) for n in snapshot.nodes)
    links = tuple(clean("link", k) for k in snapshot.links)
    label = scrub.text(snapshot.info.label)
    if (actors, relations, nodes, links, label) == (snapshot.subgraph.actors, snapshot.subgraph.relations,
                                                    snapshot.nodes, snapshot.links, snapshot.info.label):
        return None
    return replace(snapshot, subgraph=Subgraph(actors, relations), nodes=nodes, links=links,
                   info=replace(snapshot.info, label=label))


def erase_personal_data(store: GraphStore, snapshots: SnapshotFolder, record_id: str, reason: str,
                        change: ChangeMeta, *, now: datetime | None = None) -> ErasureResult:
    """Erase the personal data held by the actor or node ``record_id`` everywhere (see the module docstring).

    Raises :class:`~graph.errors.AccessDeniedError` unless ``change.role`` may erase, and
    :class:`~graph.errors.InvalidInputError` (erasing nothing) for an unknown id, an empty ``reason`` or a
    record that holds no personal data. A snapshot that cannot be read stops the erasure before the store is
    touched (:class:`~graph.errors.SnapshotError`).
    """
    require(change.role, "erase", change.who)
    if not reason.strip():
        raise InvalidInputError("Give the reason for the erasure (e.g. the date and reference of the request); "
                                "it is kept with the erasure and in every rewritten snapshot. Nothing was erased.")
    target = _target(store, record_id)
    personal = personal_properties(store) | _undeclared(store, target)
    key = FactChange.of(None, target).fact
    history = _all_history(store)
    values = _values(FactChange.of(None, target).after, personal)
    for change_set in history:
        for fact in change_set.facts:
            if fact.fact == key:
                values |= _values(fact.before, personal) | _values(fact.after, personal)
    erased = tuple(sorted(k for k in target.properties if k in personal))
    if not values and not erased:
        store.purge_freed()  # an erasure whose last step failed: its values are gone, the files may still hold them
        raise InvalidInputError(f"{target.name} ({record_id}) holds no personal data (contact person, e-mail, phone "
                                f"or {', '.join(sorted(personal - set(PERSONAL_PROPERTIES))) or 'other'}), now or in "
                                "its history; nothing was erased.")
    scrub = _Scrubber(key, personal, values)
    # Every snapshot is read (and checked) before anything is written: a damaged one stops the erasure here.
    saved = [snapshots.load(info.id) for info in snapshots.infos()]
    batch, facts = _current_rewrites(store, scrub, erased)
    rewrites = _history_rewrites(history, scrub)
    meta = replace(change, action="erase", comment=scrub.text(reason.strip()))
    own = ChangeSet.new(meta, facts, now=now)
    moment = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    redaction = {"date": moment, "reason": scrub.text(reason.strip()), "by": change.who}
    # The snapshots before the store: should one fail, the store still holds the values, so the same erasure can
    # be run again and finds them (a snapshot rewritten already is left as it is then).
    rewritten = []
    for snapshot in saved:
        cleaned = _scrubbed_snapshot(snapshot, scrub)
        if cleaned is not None:
            info = replace(cleaned.info, redactions=(*cleaned.info.redactions, redaction))
            rewritten.append(snapshots.replace(replace(cleaned, info=info)).info.id)
    store.erase(batch, own, rewrites, meta)
    others = sum(1 for f in facts if f.fact != key)
    return ErasureResult(own, erased, others, sum(len(r.facts) for r in rewrites), tuple(rewritten))
