"""From raw tables to validated records: every problem collected, nothing written.

Parsing (``tables``), validation (this module, with :mod:`importers.record_builder` for actor and relation rows,
:mod:`importers.node_records` for the rows of the other node types and :mod:`importers.link_records` for links)
and loading (``load``) are three steps. Validation resolves every reference — kinds, relation types, link types,
terms and fields by id or label; municipalities by name or AGS; actors and nodes by id or exact name — against
the same import and the store. This module recognises each table (by its name or its headers), checks its
columns, and puts the rows in the order the references need: actors (municipalities first), nodes, then the
nodes' link columns, relations and links.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.language import LANGUAGES, text
from graph.model.domain import Actor, Relation
from graph.model.knowledge import Link, Node
from graph.model.names import NameIndex, actor_block
from graph.model.schema import NodeType, Schema
from graph.model.vocabulary import Vocabulary

from .columns import ColumnMap, Role, detect_role, map_columns
from .link_records import LinkBuilder
from .node_records import NodeBuilder, NodeRow
from .node_refs import References
from .node_tables import TableKind, map_node_columns, table_kind
from .problems import Problem, Severity
from .record_builder import DISTRICT_WORDS, RecordBuilder
from .rows import TableRow
from .tables import RawTable, ReadResult, read_tables
from .values import split_multi

__all__ = ["DISTRICT_WORDS", "ImportPlan", "KnownActors", "TableKind", "plan_import"]

#: The import template's explanation sheet in every language: read over silently, it holds no data.
_EXPLANATION_SHEETS = frozenset(text("template.sheet_explanation", language) for language in LANGUAGES)
_ALIASES_SHOWN = {"name": ("name", "Name", "Bezeichnung"), "kind": ("kind", "type", "Art", "Typ")}


@dataclass(frozen=True)
class KnownActors:
    """What the store already holds, for resolving references: every actor's id, name and kind, and the store
    itself for the other nodes (asked by id and by name as the import needs them)."""

    actors: tuple[Actor, ...] = ()
    store: Any = field(default=None, compare=False, repr=False)

    @classmethod
    def from_store(cls, store: Any) -> KnownActors:
        return cls(tuple(store.actors()), store)


@dataclass(frozen=True)
class ImportPlan:
    """Validated records ready to load, and every problem found.

    ``actors``, ``relations``, ``nodes`` and ``links`` hold only valid rows; ``rejected`` counts rows left out
    because of errors. ``problems`` lists errors and warnings in file order.
    """

    actors: tuple[Actor, ...]
    relations: tuple[Relation, ...]
    problems: tuple[Problem, ...]
    files: tuple[str, ...]
    rows: int
    rejected: int
    imported_at: str
    nodes: tuple[Node, ...] = ()
    links: tuple[Link, ...] = ()

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)

    def nodes_by_type(self) -> dict[str, int]:
        """How many nodes of each type the plan holds, in the order the types first appear."""
        counts: dict[str, int] = {}
        for node in self.nodes:
            counts[node.type] = counts.get(node.type, 0) + 1
        return counts


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


_Table = tuple[RawTable, ColumnMap, TableKind]


def plan_import(
    files: Sequence[str | Path],
    vocabulary: Vocabulary,
    known: KnownActors = KnownActors(),
    *,
    roles: Mapping[str, Role | TableKind] | None = None,
    imported_at: str | None = None,
    reader: Callable[[str | Path], ReadResult] = read_tables,
) -> ImportPlan:
    """Read and validate ``files`` (CSV, or XLSX workbooks with a sheet per table).

    ``roles`` maps a file (as given) to what it holds when neither its name nor its headers should decide (a
    :class:`Role`, or a :class:`TableKind` for a node type). Otherwise a table named after a node type or
    ``links`` (:func:`importers.node_tables.table_kind`) holds that, and any other table is read as actors or
    relations by its headers. Nothing is written; the plan says what would be and lists every problem with
    file, line and column. ``reader`` reads a file into tables (a survey's workbook gives tables of its answers).
    """
    given = {f: (k if isinstance(k, TableKind) else TableKind(k)) for f, k in (roles or {}).items()}
    stamp = imported_at or _now()
    schema = vocabulary.schema
    problems: list[Problem] = []
    tables: list[_Table] = []
    sheet_order: dict[str, int] = {}  # a workbook's problems come sheet by sheet, as its tabs stand
    for file in files:
        result = reader(file)
        problems.extend(result.problems)
        for table in result.tables:
            sheet_order.setdefault(table.source, len(sheet_order))
            kind = given.get(str(file)) or _kind_of(table, schema)
            if kind is None and table.sheet in _EXPLANATION_SHEETS:
                continue  # the template's sheet that explains the columns
            if kind is None:
                severity = Severity.WARNING if table.sheet and len(result.tables) > 1 else Severity.ERROR
                problems.append(Problem(
                    table.source, 1, "", "unknown-table",
                    "cannot tell what this table holds: actors need a name column (name/Name/Bezeichnung), "
                    "relations from and to columns (from/Von and to/Nach); a table of formats, events, offers … "
                    "is named after its type (e.g. Formate, Veranstaltungen), a links table links/Verknüpfungen; "
                    "rename the headers or the table, or pass --actors / --relations / --type"
                    + (" — sheet ignored" if severity is Severity.WARNING else ""),
                    severity,
                ))
                continue
            if kind.role is Role.NODES:
                columns = map_node_columns(table.headers, schema.node_type(kind.node_type))
            else:
                columns = map_columns(table.headers, kind.role)
            for canonical, header in columns.duplicates:
                problems.append(Problem(table.source, 1, header, "duplicate-column",
                                        f"a second column for {canonical!r}; keep only one"))
            tables.append((table, columns, kind))

    builder = RecordBuilder(vocabulary, known.actors, stamp)
    of = {role: [(t, c, k) for t, c, k in tables if k.role is role] for role in Role}
    for table, columns, _ in of[Role.ACTORS]:
        _check_actor_columns(table, columns, problems)
    # Municipalities first: other actors' seats and served towns refer to them.
    actor_rows = [TableRow(t, r, c) for t, c, _ in of[Role.ACTORS] for r in t.rows]
    actor_rows.sort(key=lambda row: 0 if builder.is_municipality_row(row) else 1)
    for row in actor_rows:
        builder.actor(row)
    _warn_likely_duplicates(builder)

    references = References(builder, known.store)
    links = LinkBuilder(schema, references, builder.confirmed_default, stamp)
    nodes = NodeBuilder(schema, references, links, builder.confirmed_default, stamp)
    for table, columns, kind in of[Role.NODES]:
        _check_node_columns(table, columns, schema.node_type(kind.node_type), problems)
    node_rows = [NodeRow(TableRow(t, r, c), schema.node_type(k.node_type)) for t, c, k in of[Role.NODES]
                 for r in t.rows]
    for item in node_rows:
        nodes.node(item)
    nodes.check_stored_ids(node_rows)
    tie_tables = of[Role.RELATIONS] + of[Role.LINKS]
    for table, columns, kind in tie_tables:
        _check_relation_columns(table, columns, kind, problems)
    tie_rows = [(TableRow(t, r, c), k) for t, c, k in tie_tables for r in t.rows]
    link_rows = [(row, link_type) for row, kind in tie_rows if (link_type := _link_type(row, kind, links, vocabulary))]
    references.prefetch([*(part for item in node_rows for spec in item.node_type.link_columns
                           for part in split_multi(item.row.text(spec.name))),
                         *(row.text(end) for row, _ in link_rows for end in ("from", "to"))])
    # Every node of the import is known now, so a link column may name a node of a later row or table.
    for item in node_rows:
        nodes.link_columns(item)
    link_types = {id(row): link_type for row, link_type in link_rows}
    for row, _ in tie_rows:
        if id(row) in link_types:
            links.table_row(row, link_types[id(row)])
        else:
            builder.relation(row)
    # Links to rejected rows go, and nodes without a required link: each can reject more of the other.
    while links.settle() | nodes.required_links(node_rows):
        pass

    all_rows = actor_rows + [item.row for item in node_rows] + [row for row, _ in tie_rows]
    for row in all_rows:
        problems.extend(row.problems)
    order = {str(Path(f)): i for i, f in enumerate(files)}
    problems.sort(key=lambda p: (order.get(p.source.split("[")[0], 0), sheet_order.get(p.source, -1), p.line))
    return ImportPlan(
        actors=tuple(builder.valid_actors()),
        relations=tuple(builder.valid_relations()),
        problems=tuple(problems),
        files=tuple(str(f) for f in files),
        rows=len(all_rows),
        rejected=sum(1 for row in all_rows if not row.ok),
        imported_at=stamp,
        nodes=tuple(nodes.valid_nodes(node_rows)),
        links=tuple(links.valid_links()),
    )


def _warn_likely_duplicates(builder: RecordBuilder) -> None:
    """Warn on each new actor (an id the store does not hold) whose name is likely that of a stored actor or of
    an earlier new row of the same kind and place, naming it: a duplicate is never created silently."""
    new = [(actor, row) for actor, row in builder.actors.values() if row.ok and actor.id not in builder.stored]
    blocks = {actor_block(actor)[0] for actor, _ in new}
    index: NameIndex[tuple[Actor, TableRow | None]] = NameIndex()
    for stored in builder.stored.values():
        stored_block, stored_place = actor_block(stored)
        if stored_block in blocks:  # only the blocks a new actor is in are ever compared
            index.add(stored.name, (stored, None), stored_block, stored_place)
    for actor, row in new:
        block, place = actor_block(actor)
        index.add(actor.name, (actor, row), block, place)
    # One matrix per block (rapidfuzz's cdist) instead of one search per row: a pair comes with the earlier
    # item first (stored actors were added before the new rows), so each new row is warned about once, naming
    # the best-scoring earlier one.
    best: dict[int, tuple[float, Actor, TableRow | None]] = {}
    for (other, other_row), (_, later_row), score in index.pairs():
        if later_row is not None and (id(later_row) not in best or score > best[id(later_row)][0]):
            best[id(later_row)] = (score, other, other_row)
    for actor, row in new:
        if id(row) not in best:
            continue
        score, other, other_row = best[id(row)]
        if other_row is None:
            row.warn("name", "likely-duplicate",
                     f"{actor.name!r} looks like the existing {other.name!r} (id {other.id!r}, score "
                     f"{score:.0f}): use its id to update it, or keep both")
        else:
            row.warn("name", "likely-duplicate",
                     f"{actor.name!r} looks like {other.name!r} at {other_row.where} (score {score:.0f}): "
                     "give both rows one id to make them one actor, or keep both")


def _link_type(row: TableRow, kind: TableKind, links: LinkBuilder, vocabulary: Vocabulary) -> str | None:
    """The link type of a relations or links row, or None when it is a tie between actors (or names neither).

    A links table may hold ties between actors, a relations table links: the table's own kind goes first.
    """
    type_text = row.text("type")
    link_type = links.link_type_of(type_text)
    if link_type and (kind.role is Role.LINKS or not vocabulary.relation_types.resolve(type_text)):
        return link_type
    return None


def _kind_of(table: RawTable, schema: Schema) -> TableKind | None:
    """A table named after a node type or links holds that; any other is actors or relations by its headers."""
    named = table_kind(table.sheet if table.sheet is not None else Path(table.path).stem, schema)
    if named is not None:
        return named
    role = detect_role(table.headers)
    return TableKind(role) if role else None


def _check_actor_columns(table: RawTable, columns: ColumnMap, problems: list[Problem]) -> None:
    for required in ("name", "kind"):
        if required not in columns.positions:
            problems.append(Problem(table.source, 1, "", f"missing-column-{required}",
                                    f"the actors table has no {required!r} column "
                                    f"({' / '.join(_ALIASES_SHOWN[required])})"))


def _check_relation_columns(table: RawTable, columns: ColumnMap, kind: TableKind, problems: list[Problem]) -> None:
    if "type" not in columns.positions:
        problems.append(Problem(table.source, 1, "", "missing-column-type",
                                f"the {kind.role} table has no 'type' column (type / Beziehung / Art)"))


def _check_node_columns(table: RawTable, columns: ColumnMap, node_type: NodeType, problems: list[Problem]) -> None:
    if "name" not in columns.positions:
        problems.append(Problem(table.source, 1, "", "missing-column-name",
                                f"the table of {node_type.plural_en} has no 'name' column (name / Name / "
                                "Bezeichnung)"))
    for spec in node_type.stored_properties:  # a required link may come from a links table instead
        if spec.required and spec.name not in columns.positions:
            problems.append(Problem(table.source, 1, "", "missing-column",
                                    f"the table of {node_type.plural_en} has no column {spec.name!r} "
                                    f"({spec.label_en} / {spec.label_de}), which every {node_type.label_en} needs"))
