"""What an import plan would change in a store, before anything is written.

Every write is an upsert in which the row is authoritative: a row replaces the stored record whole. So the
preview compares each record of the plan with the stored one attribute by attribute (each property on its own),
leaving out ``imported_at`` (every import sets it) and ``confirmed`` when the row leaves it empty. Records the
store holds and the file does not are only reported: an import never removes anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from graph.model.domain import Actor, Relation
from graph.model.knowledge import Link, Node
from graph.store.base import GraphStore

from .records import ImportPlan

__all__ = ["KINDS", "Change", "ChangePreview", "KindPreview", "describe_changes", "new_only", "preview_plan",
           "summary"]

#: The record kinds of a preview, in the order they are written.
KINDS = ("actors", "nodes", "relations", "links")
#: Up to this many actors of a plan are read one by one; a larger plan reads them all at once.
_SINGLE_READS = 50


class _Record(Protocol):
    def as_record(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Change:
    """One stored record the plan would change: its key, its name, and ``(property, before, after)`` each."""

    key: str
    name: str
    properties: tuple[tuple[str, Any, Any], ...]

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "name": self.name,
                "properties": [{"property": p, "before": b, "after": a} for p, b, a in self.properties]}


@dataclass(frozen=True)
class KindPreview:
    """For one record kind: the keys of new and unchanged records, the changed records, and the keys the store
    holds that the file does not (``missing``)."""

    new: tuple[str, ...] = ()
    changed: tuple[Change, ...] = ()
    unchanged: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()

    def counts(self) -> dict[str, int]:
        return {"new": len(self.new), "changed": len(self.changed), "unchanged": len(self.unchanged),
                "missing": len(self.missing)}

    def as_dict(self) -> dict[str, Any]:
        return {"counts": self.counts(), "new": list(self.new), "changed": [c.as_dict() for c in self.changed],
                "unchanged": list(self.unchanged), "missing": list(self.missing)}


@dataclass(frozen=True)
class ChangePreview:
    """What writing a plan would do, per record kind (:data:`KINDS`)."""

    kinds: Mapping[str, KindPreview] = field(default_factory=dict)

    def of(self, kind: str) -> KindPreview:
        return self.kinds.get(kind, KindPreview())

    def counts(self) -> dict[str, dict[str, int]]:
        return {kind: self.of(kind).counts() for kind in KINDS}

    @property
    def changed(self) -> int:
        """How many stored records the plan would change."""
        return sum(len(self.of(kind).changed) for kind in KINDS)

    @property
    def new(self) -> int:
        """How many records the plan would add."""
        return sum(len(self.of(kind).new) for kind in KINDS)

    @property
    def changes_nothing(self) -> bool:
        """True when writing the plan would add nothing and change nothing."""
        return not self.new and not self.changed

    def as_dict(self) -> dict[str, Any]:
        return {kind: self.of(kind).as_dict() for kind in KINDS}


def preview_plan(plan: ImportPlan, store: GraphStore, *, whole: bool = False) -> ChangePreview:
    """Compare ``plan`` with what ``store`` holds; nothing is written.

    With ``whole`` (the plan is a whole dataset, as seeding) every stored record the plan lacks is ``missing``;
    otherwise only ties and links between records of the plan are (the rest of the store is not the file's
    business), and the store is read only for the plan's own records.
    """
    if not store.is_initialised():
        return ChangePreview({kind: KindPreview(new=tuple(map(_key, records)))
                              for kind, records in _plan_records(plan).items()})
    actor_ids = {a.id for a in plan.actors}
    ends = {x for r in plan.relations for x in (r.source, r.target)}
    node_ends = {x for k in plan.links for x in (k.source, k.target)} | {n.id for n in plan.nodes}
    if whole or len(plan.actors) > _SINGLE_READS:
        stored_actors = [a for a in store.actors() if whole or a.id in actor_ids]
    else:
        stored_actors = [a for a in map(store.get_actor, sorted(actor_ids)) if a is not None]
    stored: dict[str, Sequence[Any]] = {
        "actors": stored_actors,
        "nodes": store.nodes() if whole else store.nodes(ids=sorted(n.id for n in plan.nodes)) if plan.nodes else [],
        "relations": store.relations() if whole else store.relations(actor_ids=sorted(ends | actor_ids)),
        "links": store.links() if whole else store.links(node_ids=sorted(node_ends)) if node_ends else [],
    }
    # Without ``whole``, a stored tie or link is the file's business when both its ends are records of the file.
    inside = None if whole else ends | actor_ids | node_ends
    return ChangePreview({kind: _compare(records, stored[kind], inside=inside if kind in ("relations", "links")
                                         else None if whole else set())
                          for kind, records in _plan_records(plan).items()})


def new_only(plan: ImportPlan, preview: ChangePreview) -> ImportPlan:
    """The plan with only its new records: writing it changes no stored record."""
    new = {kind: set(preview.of(kind).new) for kind in KINDS}
    return replace(
        plan,
        actors=tuple(a for a in plan.actors if _key(a) in new["actors"]),
        nodes=tuple(n for n in plan.nodes if _key(n) in new["nodes"]),
        relations=tuple(r for r in plan.relations if _key(r) in new["relations"]),
        links=tuple(k for k in plan.links if _key(k) in new["links"]),
    )


def describe_changes(preview: ChangePreview, limit: int = 20, *, with_new: bool = True,
                     with_missing: bool = False) -> list[str]:
    """Plain lines for the changed records (each changed property as ``before → after``), up to ``limit``
    records per list and then ``… and n more``; the new keys with ``with_new``, the missing ones with
    ``with_missing``."""
    lines: list[str] = []
    changed = [(kind, c) for kind in KINDS for c in preview.of(kind).changed]
    if changed:
        lines.append(f"{len(changed)} record(s) in the store would change:")
        for kind, change in changed[:limit]:
            lines.append(f"  {kind[:-1]} {change.key} ({change.name}):")
            lines.extend(f"    {p}: {_shown(b)} → {_shown(a)}" for p, b, a in change.properties)
        lines.extend(_more(len(changed), limit))
    for wanted, title, attribute in ((with_new, "new, not yet in the store", "new"),
                                     (with_missing, "in the store but not in the file (kept)", "missing")):
        keys = [(kind, key) for kind in KINDS for key in getattr(preview.of(kind), attribute)] if wanted else []
        if keys:
            lines.append(f"{len(keys)} record(s) {title}:")
            lines.extend(f"  {kind[:-1]} {key}" for kind, key in keys[:limit])
            lines.extend(_more(len(keys), limit))
    return lines


def summary(preview: ChangePreview) -> str:
    """One line: how many records would be new, changed, unchanged, and are stored but not in the file."""
    totals = {name: sum(preview.of(kind).counts()[name] for kind in KINDS)
              for name in ("new", "changed", "unchanged", "missing")}
    return (f"Compared with the store: {totals['new']} new, {totals['changed']} changed, {totals['unchanged']} "
            f"unchanged, {totals['missing']} in the store but not in the file (kept).")


def _plan_records(plan: ImportPlan) -> dict[str, Sequence[Any]]:
    return {"actors": plan.actors, "nodes": plan.nodes, "relations": plan.relations, "links": plan.links}


def _compare(records: Sequence[Any], stored: Iterable[Any], *, inside: set[str] | None) -> KindPreview:
    """Sort ``records`` into new, changed and unchanged against ``stored``; the stored records the plan lacks are
    ``missing`` (all of them when ``inside`` is None, else those whose two ends are both ``inside``)."""
    by_key = {_key(s): s for s in stored}
    new: list[str] = []
    changed: list[Change] = []
    unchanged: list[str] = []
    for record in records:
        before = by_key.get(_key(record))
        if before is None:
            new.append(_key(record))
        elif differences := _differences(before, record):
            changed.append(Change(_key(record), str(getattr(before, "name", "")), differences))
        else:
            unchanged.append(_key(record))
    given = {_key(r) for r in records}
    missing = tuple(k for k, s in by_key.items() if k not in given
                    and (inside is None or (s.source in inside and s.target in inside)))
    return KindPreview(tuple(new), tuple(changed), tuple(unchanged), missing)


def _differences(before: _Record, after: _Record) -> tuple[tuple[str, Any, Any], ...]:
    """``(property, before, after)`` for each attribute and each property the write would change."""
    old, row = _flat(before), _flat(after)
    row.pop("imported_at", None)
    if not row.get("confirmed"):
        row.pop("confirmed", None)
    # A property the row lacks is replaced by nothing: that is a change as well.
    names = [*row, *(n for n in old if n.startswith("properties.") and n not in row)]
    return tuple((n.removeprefix("properties."), old.get(n), row.get(n)) for n in names
                 if _same(old.get(n)) != _same(row.get(n)))


def _flat(record: _Record) -> dict[str, Any]:
    values = record.as_record()
    properties = values.pop("properties", {}) or {}
    values.update({f"properties.{k}": v for k, v in properties.items()})
    return values


def _same(value: Any) -> Any:
    """A value as compared: an empty value is no value, a list a tuple."""
    if value in (None, "", [], ()):
        return None
    return tuple(value) if isinstance(value, list) else value


def _key(record: Actor | Node | Relation | Link) -> str:
    if isinstance(record, Relation | Link):
        return " → ".join((record.source, record.type, record.target))
    return record.id


def _shown(value: Any) -> str:
    if value in (None, "", [], ()):
        return "(empty)"
    return ", ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)


def _more(total: int, limit: int) -> list[str]:
    return [f"  … and {total - limit} more."] if total > limit else []
