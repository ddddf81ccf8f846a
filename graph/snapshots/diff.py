"""What changed between two snapshots: actors and ties added, removed or changed, per field and town.

An actor is the same actor when it has the same id; it *changed* when anything but its import time
differs. A tie is identified by (source, type, target); one whose fields, dates, note, provenance or
properties differ is listed as changed in the table (the JSON of ``snapshot diff`` keeps to added and
removed ties).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from graph.language import phrasebook
from graph.model.domain import Actor, Relation, Subgraph
from graph.model.vocabulary import MUNICIPALITY_KIND, Vocabulary
from graph.snapshots.snapshot import Position, Snapshot, SnapshotInfo

__all__ = ["ActorChange", "RelationChange", "SnapshotDiff", "diff_snapshots", "diff_table", "group_changed"]

_ACTOR_ATTRIBUTES = ("name", "kind", "municipality", "town", "fields", "serves", "serves_district", "provenance")
_RELATION_ATTRIBUTES = ("fields", "since", "until", "note", "provenance")


@dataclass(frozen=True)
class ActorChange:
    """One actor in both snapshots with different attributes: ``changes`` maps attribute (or property)
    name to ``(before, after)``; a value absent on one side is None."""

    before: Actor
    after: Actor
    changes: Mapping[str, tuple[Any, Any]]


@dataclass(frozen=True)
class RelationChange:
    """One tie in both snapshots with different attributes, as :class:`ActorChange`."""

    before: Relation
    after: Relation
    changes: Mapping[str, tuple[Any, Any]]


@dataclass(frozen=True)
class SnapshotDiff:
    """The difference from snapshot ``before`` to snapshot ``after``; every list sorted by id or key."""

    before: SnapshotInfo
    after: SnapshotInfo
    actors_added: tuple[Actor, ...]
    actors_removed: tuple[Actor, ...]
    actors_changed: tuple[ActorChange, ...]
    relations_added: tuple[Relation, ...]
    relations_removed: tuple[Relation, ...]
    relations_changed: tuple[RelationChange, ...]
    by_field: Mapping[str, Mapping[str, int]]
    by_municipality: Mapping[str, Mapping[str, Any]]
    names: Mapping[str, str]
    positions: Mapping[str, Position]
    union: Subgraph

    def fields_changed(self) -> dict[str, Mapping[str, int]]:
        """The entries of ``by_field`` where actors or ties were added or removed."""
        return {k: v for k, v in self.by_field.items() if group_changed(v)}

    def municipalities_changed(self) -> dict[str, Mapping[str, Any]]:
        """The entries of ``by_municipality`` where actors or ties were added or removed."""
        return {k: v for k, v in self.by_municipality.items() if group_changed(v)}

    @property
    def is_empty(self) -> bool:
        return not (self.actors_added or self.actors_removed or self.actors_changed or self.relations_added
                    or self.relations_removed or self.relations_changed)

    def as_dict(self) -> dict[str, Any]:
        """Exactly the keys of ``snapshot diff --json``: actors_added, actors_removed, actors_changed,
        relations_added, relations_removed, by_field, by_municipality."""
        return {
            "actors_added": [_actor_json(a) for a in self.actors_added],
            "actors_removed": [_actor_json(a) for a in self.actors_removed],
            "actors_changed": [
                {**_actor_json(c.after), "changes": {k: {"before": _json(b), "after": _json(a)}
                                                     for k, (b, a) in c.changes.items()}}
                for c in self.actors_changed
            ],
            "relations_added": [self._relation_json(r) for r in self.relations_added],
            "relations_removed": [self._relation_json(r) for r in self.relations_removed],
            "by_field": {k: dict(v) for k, v in self.by_field.items()},
            "by_municipality": {k: dict(v) for k, v in self.by_municipality.items()},
        }

    def _relation_json(self, rel: Relation) -> dict[str, Any]:
        return {"from": rel.source, "to": rel.target, "type": rel.type, "from_name": self.names.get(rel.source, ""),
                "to_name": self.names.get(rel.target, ""), "fields": list(rel.fields), "provenance": rel.provenance}


def group_changed(counts: Mapping[str, Any]) -> bool:
    """True when a field's or a municipality's counts show actors or ties added or removed."""
    return any(counts.get(k) for k in ("actors_added", "actors_removed", "relations_added", "relations_removed"))


def _json(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _actor_json(actor: Actor) -> dict[str, Any]:
    return {"id": actor.id, "name": actor.name, "kind": actor.kind, "town": actor.town, "fields": list(actor.fields)}


def _changes(before: Any, after: Any, attributes: Iterable[str]) -> dict[str, tuple[Any, Any]]:
    changes = {a: (getattr(before, a), getattr(after, a)) for a in attributes
               if getattr(before, a) != getattr(after, a)}
    for key in sorted(set(before.properties) | set(after.properties)):
        old, new = before.properties.get(key), after.properties.get(key)
        if old != new:
            changes[key] = (old, new)
    return changes


def _counts(before: set[str], after: set[str], prefix: str) -> dict[str, int]:
    return {f"{prefix}_before": len(before), f"{prefix}_after": len(after),
            f"{prefix}_added": len(after - before), f"{prefix}_removed": len(before - after)}


def _relation_id(rel: Relation) -> str:
    return "\x1f".join(rel.key)


def diff_snapshots(before: Snapshot, after: Snapshot) -> SnapshotDiff:
    """Compare two snapshots (``before`` is usually the older one; nothing requires it).

    ``by_field`` maps each field of action of either snapshot (in the order of ``after``'s, then
    ``before``'s) to ``actors_before/after/added/removed`` and ``relations_before/after/added/removed``
    counts: actors working on it, ties concerning it. ``by_municipality`` maps each municipality of either
    snapshot (by name) to its ``name`` and the same counts, counting an actor that is the municipality, is
    seated in it or serves it by name, and a tie with such an actor at either end.
    """
    old_actors = {a.id: a for a in before.subgraph.actors}
    new_actors = {a.id: a for a in after.subgraph.actors}
    old_relations = {r.key: r for r in before.subgraph.relations}
    new_relations = {r.key: r for r in after.subgraph.relations}

    actor_changes = []
    for actor_id in sorted(old_actors.keys() & new_actors.keys()):
        changes = _changes(old_actors[actor_id], new_actors[actor_id], _ACTOR_ATTRIBUTES)
        if changes:
            actor_changes.append(ActorChange(old_actors[actor_id], new_actors[actor_id], changes))
    relation_changes = []
    for key in sorted(old_relations.keys() & new_relations.keys()):
        changes = _changes(old_relations[key], new_relations[key], _RELATION_ATTRIBUTES)
        if changes:
            relation_changes.append(RelationChange(old_relations[key], new_relations[key], changes))

    field_order = [f.id for f in after.fields] + [f.id for f in before.fields]
    fields = list(dict.fromkeys(field_order))
    by_field = {
        f: {**_counts({a.id for a in old_actors.values() if f in a.fields},
                      {a.id for a in new_actors.values() if f in a.fields}, "actors"),
            **_counts({_relation_id(r) for r in old_relations.values() if f in r.fields},
                      {_relation_id(r) for r in new_relations.values() if f in r.fields}, "relations")}
        for f in fields
    }

    towns = {a.id: a.name for a in (*old_actors.values(), *new_actors.values()) if a.kind == MUNICIPALITY_KIND}
    by_municipality: dict[str, dict[str, Any]] = {}
    for town in sorted(towns, key=lambda t: (towns[t].casefold(), t)):
        local_before = {a.id for a in old_actors.values() if _is_local(a, town)}
        local_after = {a.id for a in new_actors.values() if _is_local(a, town)}
        by_municipality[town] = {
            "name": towns[town],
            **_counts(local_before, local_after, "actors"),
            **_counts({_relation_id(r) for r in old_relations.values() if {r.source, r.target} & local_before},
                      {_relation_id(r) for r in new_relations.values() if {r.source, r.target} & local_after},
                      "relations"),
        }

    union_actors = {**old_actors, **new_actors}
    union_relations = {**old_relations, **new_relations}
    return SnapshotDiff(
        before=before.info,
        after=after.info,
        actors_added=tuple(new_actors[i] for i in sorted(new_actors.keys() - old_actors.keys())),
        actors_removed=tuple(old_actors[i] for i in sorted(old_actors.keys() - new_actors.keys())),
        actors_changed=tuple(actor_changes),
        relations_added=tuple(new_relations[k] for k in sorted(new_relations.keys() - old_relations.keys())),
        relations_removed=tuple(old_relations[k] for k in sorted(old_relations.keys() - new_relations.keys())),
        relations_changed=tuple(relation_changes),
        by_field=by_field,
        by_municipality=by_municipality,
        names={i: a.name for i, a in union_actors.items()},
        positions={**before.positions, **after.positions},
        union=Subgraph(tuple(union_actors[i] for i in sorted(union_actors)),
                       tuple(union_relations[k] for k in sorted(union_relations))),
    )


def _is_local(actor: Actor, town: str) -> bool:
    return actor.id == town or actor.municipality == town or town in actor.serves


def diff_table(diff: SnapshotDiff, vocabulary: Vocabulary, language: str) -> tuple[tuple[str, ...],
                                                                                   list[tuple[str, ...]]]:
    """The difference as a table: ``(headers, rows)`` in ``language`` ("de" or "en"), one row per added,
    removed or changed actor and tie (ties after actors). Texts are as in the snapshots: a writer of
    CSV, XLSX or HTML neutralises or escapes them."""
    w = phrasebook("diff", language)
    headers = (w["change"], w["what"], w["id"], w["name"], w["kind"], w["detail"])
    rows: list[tuple[str, ...]] = []

    def kind(actor: Actor) -> str:
        return vocabulary.kinds.label(actor.kind, language)

    def tie(rel: Relation) -> tuple[str, str, str]:
        name = f"{diff.names.get(rel.source, rel.source)} → {diff.names.get(rel.target, rel.target)}"
        return f"{rel.source} → {rel.target}", name, vocabulary.relation_types.label(rel.type, language)

    def detail(changes: Mapping[str, tuple[Any, Any]]) -> str:
        return "; ".join(f"{k}: {_text(b)} → {_text(a)}" for k, (b, a) in changes.items())

    rows += [(w["added"], w["actor"], a.id, a.name, kind(a), a.town) for a in diff.actors_added]
    rows += [(w["removed"], w["actor"], a.id, a.name, kind(a), a.town) for a in diff.actors_removed]
    rows += [(w["changed"], w["actor"], c.after.id, c.after.name, kind(c.after), detail(c.changes))
             for c in diff.actors_changed]
    rows += [(w["added"], w["tie"], *tie(r), ", ".join(r.fields)) for r in diff.relations_added]
    rows += [(w["removed"], w["tie"], *tie(r), ", ".join(r.fields)) for r in diff.relations_removed]
    rows += [(w["changed"], w["tie"], *tie(c.after), detail(c.changes)) for c in diff.relations_changed]
    return headers, rows


def _text(value: Any) -> str:
    if value is None or value == "" or value == ():
        return "–"
    if isinstance(value, tuple | list):
        return "|".join(str(v) for v in value)
    return str(value)
