"""Editing stored facts as table rows: the dashboard's data page and a profile's edit form.

A table of one kind (actors, ties, the nodes of one type, links) has the import template's columns in the
user's language (:mod:`importers.template_layout`), one row per stored record, each cell written the way the
importer reads it (terms as their labels, lists separated by `` ; ``, dates as ISO). The edited rows go back
through the importer itself (:func:`importers.records.plan_import`, fed the rows instead of a file): the same
validation, the same problems with table, line and column. :func:`edit_changes` turns the result into the facts
that change — each before and after, what a deletion takes with it included — for one change set
(``GraphStore.apply_changes``), which checks that nobody changed them in between.

An edit is not an import: a changed record keeps the time it was first imported, and stored properties the
table has no column for are kept.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.language import text
from graph.model.changes import FactChange, FactKey, fact_key
from graph.model.domain import Actor, Relation
from graph.model.knowledge import Link, Node
from graph.model.schema import ACTOR_TYPE, PropertySpec
from graph.model.vocabulary import Vocabulary
from graph.store import history
from graph.store.base import GraphStore

from .columns import Role
from .node_tables import TableKind
from .records import ImportPlan, KnownActors, plan_import
from .tables import RawRow, RawTable, ReadResult
from .template_layout import TemplateSheet, template_layout

__all__ = ["EditTable", "edit_changes", "edit_sheets", "edit_table", "plan_rows"]

#: Between the values of a multi-valued cell (the importer splits on ``;`` and ``|``).
SEPARATOR = " ; "


@dataclass(frozen=True)
class EditTable:
    """The stored records of one kind as rows: ``headers`` in the language, each row header → cell text, and
    each row's fact key (the same order)."""

    sheet: TemplateSheet
    headers: tuple[str, ...]
    rows: tuple[dict[str, str], ...]
    keys: tuple[str, ...]


def edit_sheets(vocabulary: Vocabulary, language: str) -> tuple[TemplateSheet, ...]:
    """The kinds of table that can be edited (actors, ties, one per node type, links), as the template has them."""
    return template_layout(vocabulary, language).sheets


def _sheet(vocabulary: Vocabulary, key: str, language: str) -> TemplateSheet:
    for sheet in edit_sheets(vocabulary, language):
        if sheet.key == key:
            return sheet
    raise ValueError(f"no table {key!r} to edit")


def _header(sheet: TemplateSheet, language: str) -> tuple[str, ...]:
    return tuple(c.header_de if language == "de" else c.header_en for c in sheet.columns)


def edit_table(store: GraphStore, key: str, language: str, *, ids: Sequence[str] | None = None) -> EditTable:
    """The stored records of the table ``key`` (``actors``, ``relations``, a node type id, ``links``) as rows;
    ``ids`` keeps only the records of those actors or nodes (and, for ties and links, those touching them)."""
    vocabulary = store.vocabulary
    sheet = _sheet(vocabulary, key, language)
    cells = _Cells(store, vocabulary, language)
    wanted = set(ids) if ids is not None else None
    records: list[Any]
    if key == "actors":
        records = [a for a in store.actors() if wanted is None or a.id in wanted]
    elif key == "relations":
        records = [r for r in store.relations() if wanted is None or {r.source, r.target} & wanted]
    elif key == "links":
        records = list(store.links(node_ids=sorted(wanted) if wanted is not None else None))
    else:
        records = list(store.nodes(types=(key,), ids=sorted(wanted) if wanted is not None else None))
    links = store.links(node_ids=[r.id for r in records]) if records and isinstance(records[0], Node) else []
    headers = _header(sheet, language)
    rows = tuple(dict(zip(headers, (cells.cell(record, c.key, c.datatype, links) for c in sheet.columns),
                          strict=True)) for record in records)
    return EditTable(sheet, headers, rows, tuple(fact_key(r)[1] for r in records))


class _Cells:
    """Writes a stored value as the importer reads it back."""

    def __init__(self, store: GraphStore, vocabulary: Vocabulary, language: str) -> None:
        self.vocabulary, self.language, self.schema = vocabulary, language, vocabulary.schema
        # The template's words for yes and no, and for the whole district in a "serves" cell (the importer
        # reads them in either language).
        words = template_layout(vocabulary, language).words
        self.yes_no = (words["yes"], words["no"])
        self.district = text("edits.whole_district", language)
        self._names: dict[str, str] | None = None
        self.store = store

    def municipality_names(self) -> dict[str, str]:
        if self._names is None:
            self._names = {a.id: a.name for a in self.store.actors() if a.kind == "municipality"}
        return self._names

    def cell(self, record: Any, key: str, datatype: str, links: Sequence[Link]) -> str:
        if isinstance(record, Actor):
            return self.actor_cell(record, key)
        if isinstance(record, Relation):
            return self.tie_cell(record, key, self.vocabulary.relation_types.label(record.type, self.language)
                                 if record.type in self.vocabulary.relation_types else record.type)
        if isinstance(record, Link):
            link_type = self.schema.link_types.get(record.type)
            return self.tie_cell(record, key, link_type.label(self.language) if link_type else record.type)
        return self.node_cell(record, key, links)

    def actor_cell(self, actor: Actor, key: str) -> str:
        language = self.language
        if key == "kind":
            return self.vocabulary.kinds.label(actor.kind, language)
        if key == "municipality":
            return actor.name if actor.kind == "municipality" else actor.town
        if key == "fields":
            return SEPARATOR.join(self.vocabulary.fields.label(f, language) for f in actor.fields)
        if key == "serves":
            names = self.municipality_names()
            parts = [self.district] if actor.serves_district else []
            parts += [names.get(m, m) for m in actor.serves]
            parts += [str(p) for p in _listed(actor.properties.get("serves_elsewhere"))]
            return SEPARATOR.join(parts)
        if key in ("id", "name", "provenance", "confirmed"):
            return str(getattr(actor, key) or "")
        spec = self._spec(ACTOR_TYPE, key)
        return self.value(spec, actor.properties.get(key))

    def tie_cell(self, tie: Relation | Link, key: str, type_label: str) -> str:
        if key == "from":
            return tie.source
        if key == "to":
            return tie.target
        if key == "type":
            return type_label
        if key == "fields" and isinstance(tie, Relation):
            return SEPARATOR.join(self.vocabulary.fields.label(f, self.language) for f in tie.fields)
        value = getattr(tie, key, None)
        return "" if value is None else str(value)

    def node_cell(self, node: Node, key: str, links: Sequence[Link]) -> str:
        if key in ("id", "name", "provenance", "confirmed"):
            return str(getattr(node, key) or "")
        spec = self._spec(node.type, key)
        if spec is not None and spec.is_link:
            ends = [k.target for k in links if k.type == spec.link_type and k.source == node.id] \
                if spec.direction == "out" else [k.source for k in links if k.type == spec.link_type
                                                 and k.target == node.id]
            return SEPARATOR.join(sorted(ends))
        return self.value(spec, node.properties.get(key))

    def _spec(self, type_id: str, key: str) -> PropertySpec | None:
        node_type = self.schema.node_types.get(type_id)
        return next((s for s in node_type.properties if s.name == key), None) if node_type else None

    def value(self, spec: PropertySpec | None, value: Any) -> str:
        if value is None or value == "" or value == ():
            return ""
        if spec is not None and spec.datatype == "boolean":
            return self.yes_no[0 if value else 1]
        if spec is not None and spec.datatype in ("term", "terms") and spec.vocabulary in self.schema.terms:
            terms = self.schema.terms[spec.vocabulary]
            return SEPARATOR.join(terms.label(str(v), self.language) if str(v) in terms else str(v)
                                  for v in _listed(value))
        return SEPARATOR.join(str(v) for v in _listed(value))


def _listed(value: Any) -> list[Any]:
    if value is None or value == "":
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def plan_rows(store: GraphStore, key: str, rows: Sequence[Mapping[str, object]], language: str, *,
              title: str | None = None) -> ImportPlan:
    """Validate ``rows`` (header → cell, as :func:`edit_table` gives them, edited) with the importer: the plan
    and its problems, line 2 for the first row as in a spreadsheet, the table named ``title`` (the sheet's
    title by default)."""
    vocabulary = store.vocabulary
    sheet = _sheet(vocabulary, key, language)
    headers = _header(sheet, language)
    name = title or sheet.title
    raw = tuple(RawRow(line, tuple("" if (v := row.get(h)) is None else v for h in headers))
                for line, row in enumerate(rows, start=2) if any(str(row.get(h) or "").strip() for h in headers))
    table = RawTable(name, Path(name), None, headers, tuple(range(len(headers))), raw)
    kind = (TableKind(Role.ACTORS) if key == "actors" else TableKind(Role.RELATIONS) if key == "relations"
            else TableKind(Role.LINKS) if key == "links" else TableKind(Role.NODES, key))
    known = KnownActors.from_store(store) if store.is_initialised() else KnownActors()
    return plan_import([name], vocabulary, known, roles={name: kind},
                       reader=lambda _file: ReadResult((table,), ()))


def edit_changes(store: GraphStore, plan: ImportPlan, *, removed: Sequence[FactKey] = (),
                 edited_nodes: Sequence[str] = ()) -> list[FactChange]:
    """The facts an edit changes: each record of ``plan`` that differs from the stored one (keeping the stored
    import time and the stored properties the table has no column for), the links of ``edited_nodes`` (node
    rows, whose link columns say all their links of those types) that their rows no longer name, and ``removed``
    facts with everything their removal takes along (an actor's or node's ties and links)."""
    records: list[Any] = [*plan.actors, *plan.relations, *plan.nodes, *plan.links]
    stored = history.current_facts(store, map(fact_key, records))
    changes: dict[FactKey, FactChange] = {}
    for record in records:
        key = fact_key(record)
        after = FactChange.of(None, record).after
        assert after is not None
        before = stored.get(key)
        if before is not None:
            after = _kept(dict(before), dict(after), _columns(store.vocabulary, record))
        if before != after:
            changes[key] = FactChange(key[0], key[1], before, after)
    changes.update({c.fact: c for c in _dropped_links(store, plan, edited_nodes)})
    for change in history.removal_changes(store, removed):
        changes[change.fact] = change
    return list(changes.values())


def _columns(vocabulary: Vocabulary, record: Any) -> set[str]:
    """The properties the record's table has a column for (or derives from one)."""
    type_id = record.type if isinstance(record, Node) else ACTOR_TYPE if isinstance(record, Actor) else ""
    node_type = vocabulary.schema.node_types.get(type_id) if type_id else None
    names = {s.name for s in node_type.properties} if node_type else set()
    return names | ({"serves_elsewhere", "website", "notes", "ags", "population", "population_date", "lat", "lon",
                     "contact", "email", "phone"} if isinstance(record, Actor) else set())


def _kept(before: dict[str, Any], after: dict[str, Any], columns: set[str]) -> dict[str, Any]:
    after["imported_at"] = before.get("imported_at", after.get("imported_at", ""))
    kept = {k: v for k, v in (before.get("properties") or {}).items() if k not in columns}
    if kept or "properties" in after:
        after["properties"] = {**kept, **(after.get("properties") or {})}
    return after


def _dropped_links(store: GraphStore, plan: ImportPlan, edited_nodes: Sequence[str]) -> list[FactChange]:
    if not edited_nodes:
        return []
    planned = {k.key for k in plan.links}
    types = {n.id: store.vocabulary.schema.node_types.get(n.type) for n in plan.nodes if n.id in edited_nodes}
    dropped = []
    for link in store.links(node_ids=sorted(types)):
        for node_id, node_type in types.items():
            specs = node_type.link_columns if node_type else ()
            named = any(s.link_type == link.type and ((s.direction == "out" and link.source == node_id)
                                                      or (s.direction == "in" and link.target == node_id))
                        for s in specs)
            if named and link.key not in planned:
                dropped.append(FactChange.of(link, None))
    return dropped
