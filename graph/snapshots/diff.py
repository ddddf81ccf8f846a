"""What changed between two snapshots: actors and ties added, removed or changed, per field and town; the other
nodes and the links of the knowledge graph added, removed or changed, per type.

An actor is the same actor when it has the same id; it *changed* when anything but its import time
differs. A tie is identified by (source, type, target); one whose fields, dates, note, provenance or
properties differ is listed as changed in the table (the JSON of ``snapshot diff`` keeps to added and
removed ties). A node is the same node when it has the same id (its type, name, provenance, date of
confirmation and properties compared one by one); a link is identified by (source, type, target), as a tie.
A snapshot of format 1 holds no nodes or links, so against it every node and link of the other is new.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graph.language import phrasebook, text
from graph.model.domain import Actor, Relation, Subgraph
from graph.model.knowledge import Link, Node
from graph.model.schema import Schema
from graph.model.vocabulary import MUNICIPALITY_KIND, Vocabulary
from graph.snapshots.snapshot import Position, Snapshot, SnapshotInfo

__all__ = [
    "ActorChange", "LinkChange", "NodeChange", "RelationChange", "SnapshotDiff", "diff_snapshots", "diff_table",
    "group_changed",
]

_ACTOR_ATTRIBUTES = ("name", "kind", "municipality", "town", "fields", "serves", "serves_district", "provenance",
                     "confirmed")
_RELATION_ATTRIBUTES = ("fields", "since", "until", "note", "provenance", "confirmed")
_NODE_ATTRIBUTES = ("type", "name", "provenance", "confirmed")
_LINK_ATTRIBUTES = ("source_type", "target_type", "provenance", "confirmed")


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
class NodeChange:
    """One node in both snapshots with different attributes or properties, as :class:`ActorChange`."""

    before: Node
    after: Node
    changes: Mapping[str, tuple[Any, Any]]


@dataclass(frozen=True)
class LinkChange:
    """One link in both snapshots with different attributes or properties, as :class:`ActorChange`."""

    before: Link
    after: Link
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
    nodes_added: tuple[Node, ...] = ()
    nodes_removed: tuple[Node, ...] = ()
    nodes_changed: tuple[NodeChange, ...] = ()
    links_added: tuple[Link, ...] = ()
    links_removed: tuple[Link, ...] = ()
    links_changed: tuple[LinkChange, ...] = ()
    #: Per node type (and per link type): ``before``, ``after``, ``added``, ``removed``, ``changed``.
    by_node_type: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    by_link_type: Mapping[str, Mapping[str, int]] = field(default_factory=dict)

    def fields_changed(self) -> dict[str, Mapping[str, int]]:
        """The entries of ``by_field`` where actors or ties were added or removed."""
        return {k: v for k, v in self.by_field.items() if group_changed(v)}

    def municipalities_changed(self) -> dict[str, Mapping[str, Any]]:
        """The entries of ``by_municipality`` where actors or ties were added or removed."""
        return {k: v for k, v in self.by_municipality.items() if group_changed(v)}

    @property
    def is_empty(self) -> bool:
        return not (self.actors_added or self.actors_removed or self.actors_changed or self.relations_added
                    or self.relations_removed or self.relations_changed or self.nodes_added or self.nodes_removed
                    or self.nodes_changed or self.links_added or self.links_removed or self.links_changed)

    def as_dict(self) -> dict[str, Any]:
        """Exactly the keys of ``snapshot diff --json``: actors_added, actors_removed, actors_changed,
        relations_added, relations_removed, by_field, by_municipality, nodes_added, nodes_removed, nodes_changed,
        links_added, links_removed, links_changed, by_node_type, by_link_type. A changed node or link carries
        ``changes``: per attribute or property, ``{"before": …, "after": …}``."""
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
            "nodes_added": [_node_json(n) for n in self.nodes_added],
            "nodes_removed": [_node_json(n) for n in self.nodes_removed],
            "nodes_changed": [{**_node_json(c.after), "changes": _changes_json(c.changes)} for c in self.nodes_changed],
            "links_added": [self._link_json(lk) for lk in self.links_added],
            "links_removed": [self._link_json(lk) for lk in self.links_removed],
            "links_changed": [{**self._link_json(c.after), "changes": _changes_json(c.changes)}
                              for c in self.links_changed],
            "by_node_type": {k: dict(v) for k, v in self.by_node_type.items()},
            "by_link_type": {k: dict(v) for k, v in self.by_link_type.items()},
        }

    def _link_json(self, link: Link) -> dict[str, Any]:
        return {"from": link.source, "from_type": link.source_type, "to": link.target, "to_type": link.target_type,
                "type": link.type, "from_name": self.names.get(link.source, ""),
                "to_name": self.names.get(link.target, ""), "provenance": link.provenance}

    def _relation_json(self, rel: Relation) -> dict[str, Any]:
        return {"from": rel.source, "to": rel.target, "type": rel.type, "from_name": self.names.get(rel.source, ""),
                "to_name": self.names.get(rel.target, ""), "fields": list(rel.fields), "provenance": rel.provenance}


def group_changed(counts: Mapping[str, Any]) -> bool:
    """True when a field's or a municipality's counts show actors or ties added or removed."""
    return any(counts.get(k) for k in ("actors_added", "actors_removed", "relations_added", "relations_removed"))


def _json(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _changes_json(changes: Mapping[str, tuple[Any, Any]]) -> dict[str, dict[str, Any]]:
    return {k: {"before": _json(b), "after": _json(a)} for k, (b, a) in changes.items()}


def _node_json(node: Node) -> dict[str, Any]:
    return {"id": node.id, "type": node.type, "name": node.name, "provenance": node.provenance}


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
        names={**{n.id: n.name for n in (*before.nodes, *after.nodes)}, **{i: a.name for i, a in union_actors.items()}},
        positions={**before.positions, **after.positions},
        union=Subgraph(tuple(union_actors[i] for i in sorted(union_actors)),
                       tuple(union_relations[k] for k in sorted(union_relations))),
        **_knowledge_diff(before, after),
    )


def _type_counts(before: Mapping[Any, Any], after: Mapping[Any, Any],
                 changed: Iterable[Any]) -> dict[str, dict[str, int]]:
    """Per type (the records' ``type``): how many before and after, added, removed and changed."""
    counts: dict[str, dict[str, int]] = {}

    def count(record: Any, what: str) -> None:
        entry = counts.setdefault(record.type, dict.fromkeys(("before", "after", "added", "removed", "changed"), 0))
        entry[what] += 1

    for key, record in before.items():
        count(record, "before")
        if key not in after:
            count(record, "removed")
    for key, record in after.items():
        count(record, "after")
        if key not in before:
            count(record, "added")
    for record in changed:
        count(record, "changed")
    return dict(sorted(counts.items()))


def _knowledge_diff(before: Snapshot, after: Snapshot) -> dict[str, Any]:
    """The keyword arguments of :class:`SnapshotDiff` that concern nodes and links."""
    old_nodes = {n.id: n for n in before.nodes}
    new_nodes = {n.id: n for n in after.nodes}
    old_links = {lk.key: lk for lk in before.links}
    new_links = {lk.key: lk for lk in after.links}
    node_changes = [NodeChange(old_nodes[i], new_nodes[i], changes) for i in sorted(old_nodes.keys() & new_nodes.keys())
                    if (changes := _changes(old_nodes[i], new_nodes[i], _NODE_ATTRIBUTES))]
    link_changes = [LinkChange(old_links[k], new_links[k], changes) for k in sorted(old_links.keys() & new_links.keys())
                    if (changes := _changes(old_links[k], new_links[k], _LINK_ATTRIBUTES))]
    return {
        "nodes_added": tuple(new_nodes[i] for i in sorted(new_nodes.keys() - old_nodes.keys())),
        "nodes_removed": tuple(old_nodes[i] for i in sorted(old_nodes.keys() - new_nodes.keys())),
        "nodes_changed": tuple(node_changes),
        "links_added": tuple(new_links[k] for k in sorted(new_links.keys() - old_links.keys())),
        "links_removed": tuple(old_links[k] for k in sorted(old_links.keys() - new_links.keys())),
        "links_changed": tuple(link_changes),
        "by_node_type": _type_counts(old_nodes, new_nodes, (c.after for c in node_changes)),
        "by_link_type": _type_counts(old_links, new_links, (c.after for c in link_changes)),
    }


def _is_local(actor: Actor, town: str) -> bool:
    return actor.id == town or actor.municipality == town or town in actor.serves


def diff_table(diff: SnapshotDiff, vocabulary: Vocabulary, language: str) -> tuple[tuple[str, ...],
                                                                                   list[tuple[str, ...]]]:
    """The difference as a table: ``(headers, rows)`` in ``language`` ("de" or "en"), one row per added,
    removed or changed actor, tie, node and link (in this order; a node's "what" is its type, its "kind" the
    label of its ``kind`` property when it has one; a link's "kind" is its link type). Texts are as in the
    snapshots: a writer of CSV, XLSX or HTML neutralises or escapes them."""
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
    rows += _knowledge_rows(diff, vocabulary.schema, language, (w["added"], w["removed"], w["changed"]), detail)
    return headers, rows


def _knowledge_rows(diff: SnapshotDiff, schema: Schema, language: str, changes: tuple[str, str, str],
                    detail: Callable[[Mapping[str, tuple[Any, Any]]], str]) -> list[tuple[str, ...]]:
    """The rows of :func:`diff_table` for nodes and links; ``changes`` are the words added, removed, changed."""
    added, removed, changed = changes
    link_word = text("snapshots.link", language)

    def type_label(type_id: str) -> str:
        found = schema.node_types.get(type_id)
        return found.label(language) if found is not None else type_id

    def node(node: Node) -> tuple[str, str, str, str]:
        spec = next((p for p in schema.node_types[node.type].properties if p.name == "kind"), None) \
            if node.type in schema.node_types else None
        value = node.get("kind")
        kind = schema.term_label(spec.vocabulary, value, language) if spec and isinstance(value, str) else ""
        return type_label(node.type), node.id, node.name, kind

    def link(item: Link) -> tuple[str, str, str, str]:
        found = schema.link_types.get(item.type)
        name = f"{diff.names.get(item.source, item.source)} → {diff.names.get(item.target, item.target)}"
        return (link_word, f"{item.source} → {item.target}", name,
                found.label(language) if found is not None else item.type)

    def ends(item: Link) -> str:
        return f"{type_label(item.source_type)} → {type_label(item.target_type)}"

    rows: list[tuple[str, ...]] = []
    rows += [(added, *node(n), "") for n in diff.nodes_added]
    rows += [(removed, *node(n), "") for n in diff.nodes_removed]
    rows += [(changed, *node(c.after), detail(c.changes)) for c in diff.nodes_changed]
    rows += [(added, *link(lk), ends(lk)) for lk in diff.links_added]
    rows += [(removed, *link(lk), ends(lk)) for lk in diff.links_removed]
    rows += [(changed, *link(c.after), detail(c.changes)) for c in diff.links_changed]
    return rows


def _text(value: Any) -> str:
    if value is None or value == "" or value == ():
        return "–"
    if isinstance(value, tuple | list):
        return "|".join(str(v) for v in value)
    return str(value)
