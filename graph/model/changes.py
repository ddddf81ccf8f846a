"""Change sets: every write to a store, as what each fact was before and is after.

A *fact* is one record of the graph, named by its kind and key: a field of action, an actor or a node by its id;
a tie between actors or a link by ``source|type|target``. A :class:`FactChange` holds the fact's whole record
before and after the write (``None`` where it did not or no longer exists), as the plain data of the record's
``as_record``. A :class:`ChangeSet` is one write: who, when, what kind of write (:data:`ACTIONS`), from which
source file, with which comment, and every fact it changed. Applying a change set's facts *backwards* (each
``before`` written again, each new fact deleted) restores exactly the state before it: that is undo.

This module is plain data; the stores keep change sets (``graph.store``) and plan them.
"""

from __future__ import annotations

import getpass
import json
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from graph.model.access import ADMIN
from graph.model.domain import Actor, FieldOfAction, GraphBatch, Relation
from graph.model.knowledge import Link, Node

__all__ = [
    "ACTIONS", "FACT_KINDS", "ChangeMeta", "ChangeSet", "FactChange", "FactKey", "HistoryRewrite", "batch_of",
    "dumps", "fact_key", "inverse", "loads", "local_user", "record_of",
]

#: The kinds of write a change set records.
ACTIONS = ("import", "edit", "delete", "merge", "seed", "undo", "confirm", "write", "restore", "erase")
#: The kinds of fact, in the order a write puts them into the store.
FACT_KINDS = ("field", "actor", "relation", "node", "link")

#: A fact's kind and key, e.g. ``("actor", "jobcenter-lb")`` or ``("relation", "a|funds|b")``.
FactKey = tuple[str, str]
Record = Actor | Relation | FieldOfAction | Node | Link


def local_user() -> str:
    """The name of the person at this computer, for change sets written where nobody signs in."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (some containers): still a usable, honest name
        return "local"


def fact_key(record: Record) -> FactKey:
    """The kind and key of a record."""
    if isinstance(record, Actor):
        return ("actor", record.id)
    if isinstance(record, Node):
        return ("node", record.id)
    if isinstance(record, FieldOfAction):
        return ("field", record.id)
    kind = "relation" if isinstance(record, Relation) else "link"
    return (kind, "|".join(record.key))


def _plain(record: Record) -> dict[str, Any]:
    if isinstance(record, FieldOfAction):
        return {"id": record.id, "label_en": record.label_en, "label_de": record.label_de,
                "description": record.description, "provenance": record.provenance,
                "imported_at": record.imported_at}
    return record.as_record()


def record_of(kind: str, data: Mapping[str, Any]) -> Record:
    """The record of kind ``kind`` from its plain data (the inverse of the data a :class:`FactChange` holds)."""
    if kind == "actor":
        return Actor.from_record(data)
    if kind == "relation":
        return Relation.from_record(data)
    if kind == "node":
        return Node.from_record(data)
    if kind == "link":
        return Link.from_record(data)
    if kind == "field":
        return FieldOfAction(**{k: data.get(k, "") for k in
                                ("id", "label_en", "label_de", "description", "provenance", "imported_at")})
    raise ValueError(f"unknown fact kind {kind!r}")


@dataclass(frozen=True)
class FactChange:
    """One fact before and after a write; ``before`` is None for a new fact, ``after`` None for a deleted one."""

    kind: str
    key: str
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None

    @classmethod
    def of(cls, before: Record | None, after: Record | None) -> FactChange:
        """The change from ``before`` to ``after`` (at least one given, both of the same fact)."""
        some = after if after is not None else before
        assert some is not None
        kind, key = fact_key(some)
        return cls(kind, key, None if before is None else _plain(before), None if after is None else _plain(after))

    @property
    def fact(self) -> FactKey:
        return (self.kind, self.key)

    @property
    def name(self) -> str:
        """A readable name of the fact: its name, or its key."""
        data = self.after or self.before or {}
        return str(data.get("name") or data.get("label_de") or self.key)

    @property
    def action(self) -> str:
        """``added``, ``removed`` or ``changed``."""
        return "added" if self.before is None else "removed" if self.after is None else "changed"

    def properties(self) -> list[tuple[str, Any, Any]]:
        """``(attribute, before, after)`` for each attribute (each free property on its own) that differs."""
        old, new = _flat(self.before), _flat(self.after)
        return [(name, old.get(name), new.get(name)) for name in sorted(old.keys() | new.keys())
                if old.get(name) != new.get(name)]

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "key": self.key, "before": self.before, "after": self.after}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FactChange:
        return cls(data["kind"], data["key"], data.get("before"), data.get("after"))


def _flat(data: Mapping[str, Any] | None) -> dict[str, Any]:
    if data is None:
        return {}
    flat = {k: v for k, v in data.items() if k != "properties"}
    flat.update({f"properties.{k}": v for k, v in (data.get("properties") or {}).items()})
    return flat


@dataclass(frozen=True)
class ChangeMeta:
    """Who writes, in which role (:mod:`graph.model.access`), what kind of write, from which source, with which
    comment (and, for an undo, of what). Without a role nothing may be written: the store refuses the change."""

    who: str
    action: str = "write"
    source: str = ""
    comment: str = ""
    undoes: str = ""
    role: str | None = None

    @classmethod
    def local(cls, action: str = "write", source: str = "", comment: str = "") -> ChangeMeta:
        """A change by the person at this computer (:func:`local_user`), who owns the store there: an admin."""
        return cls(local_user(), action, source, comment, role=ADMIN)


@dataclass(frozen=True)
class HistoryRewrite:
    """A change set of the history rewritten in place, as only an erasure of personal data does
    (:mod:`graph.archive.erasure`): its facts at the given positions get new ``before``/``after`` data, and its
    comment the text ``comment``."""

    change_set: str
    facts: tuple[tuple[int, Mapping[str, Any] | None, Mapping[str, Any] | None], ...]
    comment: str


@dataclass(frozen=True)
class ChangeSet:
    """One write: its id, when (UTC, ISO), the :class:`ChangeMeta`, and every fact it changed.

    A change set read as a list entry (``GraphStore.change_sets``) carries ``size`` but no ``facts``.
    """

    id: str
    at: str
    who: str
    action: str
    source: str = ""
    comment: str = ""
    undoes: str = ""
    facts: tuple[FactChange, ...] = ()
    size: int = 0
    undone_by: str = ""

    @classmethod
    def new(cls, meta: ChangeMeta, facts: Sequence[FactChange], now: datetime | None = None) -> ChangeSet:
        """A change set made now, with a fresh id that sorts by time (``20261203-153012-5f1a2b``)."""
        moment = now or datetime.now(UTC)
        return cls(id=f"{moment:%Y%m%d-%H%M%S}-{secrets.token_hex(3)}", at=moment.isoformat(timespec="microseconds"),
                   who=meta.who, action=meta.action, source=meta.source, comment=meta.comment,
                   undoes=meta.undoes, facts=tuple(facts), size=len(facts))

    def counts(self) -> dict[str, int]:
        """How many facts were added, changed and removed."""
        counts = {"added": 0, "changed": 0, "removed": 0}
        for fact in self.facts:
            counts[fact.action] += 1
        return counts

    def header(self) -> dict[str, Any]:
        """Everything but the facts, as plain data."""
        return {"id": self.id, "at": self.at, "who": self.who, "action": self.action, "source": self.source,
                "comment": self.comment, "undoes": self.undoes, "size": self.size or len(self.facts),
                "undone_by": self.undone_by}

    def as_dict(self) -> dict[str, Any]:
        return {**self.header(), "facts": [f.as_dict() for f in self.facts]}


def inverse(facts: Iterable[FactChange]) -> list[FactChange]:
    """The facts that undo ``facts``: each before and after swapped, in reverse order."""
    return [FactChange(f.kind, f.key, f.after, f.before) for f in reversed(list(facts))]


def batch_of(records: Iterable[Record]) -> GraphBatch:
    """One batch holding ``records`` (the store writes each kind after what it refers to)."""
    grouped: dict[type, list[Any]] = {}
    for record in records:
        grouped.setdefault(type(record), []).append(record)
    return GraphBatch(fields=tuple(grouped.get(FieldOfAction, ())), actors=tuple(grouped.get(Actor, ())),
                      relations=tuple(grouped.get(Relation, ())), nodes=tuple(grouped.get(Node, ())),
                      links=tuple(grouped.get(Link, ())))


def dumps(data: Mapping[str, Any] | None) -> str | None:
    """A fact's data as the JSON text a store keeps (None stays None)."""
    return None if data is None else json.dumps(data, ensure_ascii=False, sort_keys=True)


def loads(text: str | None) -> dict[str, Any] | None:
    """The inverse of :func:`dumps`."""
    return None if text is None else dict(json.loads(text))

