"""GraphML and GEXF files, as Gephi, yEd, Cytoscape or IntegraNet's own export write them, imported like tables.

Each node of the file becomes one row and each edge one row, validated by the same builders as the rows of an
import's tables (:mod:`importers.record_builder`, :mod:`importers.node_records`, :mod:`importers.link_records`):
the same checks, the same problem codes, the file's line of the element as the line and the attribute's name as
the column. Nothing is written here; with any error, :func:`importers.load.load_plan` writes nothing.

How a file's attributes are read:

- **The node's type** is its ``type`` attribute (also ``node_type``, ``Typ``): a node type of the schema by id or
  label (``Event``, ``Veranstaltung``), or an actor kind by id or label (``course_provider``, ``Kursträger``), which
  makes the node an actor of that kind. A ``label`` that is exactly a type's id counts too when the node has a
  ``name`` besides. Without either the node is an **actor**, its kind from ``kind`` (``Art``).
- **The name** is ``name`` (``Name``, ``Bezeichnung``, ``Titel``), else the ``label`` (Gephi's and GEXF's label,
  yEd's node label).
- **The id** is an ``id`` attribute, else the element's id — unless that id is one a program made up (``n0``,
  ``n1::n2``, ``17``): then the id is derived from type, name and place, as for a table row without one.
- **Other attributes** are the columns of the type's table: an actor's by the actors table's names (``kind``,
  ``municipality``, ``fields`` …), a node's by its properties' names or labels (``node_properties.csv``); any
  other is kept as a property. Programs' own attributes (Cytoscape's ``SUID``, Gephi's ``x``/``y``/``size``,
  colours, the ``*_label`` and ``imported_at`` IntegraNet's exports add) are left aside.
- **An edge's type** is its ``type`` (also ``relation``, ``interaction``, ``link``), else its ``label`` (yEd's edge
  label), else GEXF's ``kind``: a relation type between two actors, or a link type, by id or label. An edge
  without one is an error (``untyped-edge``): nothing is guessed.
- A node of type ``FieldOfAction`` names a field of the vocabulary (by id or label); it adds nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from graph.model.domain import GraphBatch
from graph.model.schema import ACTOR_TYPE, FIELD_TYPE, NodeType, Schema
from graph.model.terms import normalise_label
from graph.model.vocabulary import MUNICIPALITY_KIND, Vocabulary

from .columns import ACTOR_COLUMNS, RELATION_COLUMNS, ColumnMap, Role, header_key
from .graph_xml import GRAPH_SUFFIXES, GraphElement, read_graph_document
from .link_records import LinkBuilder
from .node_records import NodeBuilder, NodeRow
from .node_refs import References
from .node_tables import node_column_index
from .problems import Problem
from .record_builder import RecordBuilder
from .records import ImportPlan, KnownActors
from .rows import TableRow
from .tables import RawRow, RawTable
from .values import cell_text, split_multi

__all__ = ["GRAPH_SUFFIXES", "GraphFileImport", "is_graph_file", "plan_graph_import", "read_graph_file"]

_TYPE_KEYS = ("type", "node_type", "nodetype", "typ")
_KIND_KEYS = ("kind", "art", "akteursart")
_EDGE_TYPE_KEYS = ("type", "relation", "relation_type", "interaction", "link", "link_type", "beziehung",
                   "verknüpfung", "label", "kind")
_EDGE_TYPE_FOLDED = frozenset(header_key(k) for k in _EDGE_TYPE_KEYS)
_ID_KEYS = ("id", "kennung", "identifier")
#: What programs and IntegraNet's own exports add that is no fact about the node or edge.
_LEFT_ASIDE = frozenset(header_key(k) for k in (
    "suid", "selected", "shared name", "shared interaction", "x", "y", "z", "size", "r", "g", "b", "color",
    "colour", "weight", "imported_at", "kind_label", "type_label", "label_en", "label_de", "illustrative",
    "source_type", "target_type", "serves_district", "town",
))
#: An edge's name is no fact of a tie (Cytoscape writes "A (interaction) B").
_EDGE_LEFT_ASIDE = _LEFT_ASIDE | {"name"}
#: Element ids a program makes up (yEd ``n0``, ``n0::n1``; Gephi and Cytoscape numbers): no identity.
_MADE_UP_ID = re.compile(r"^(n?\d+)(::n?\d+)*$")
_DISTRICT = "Landkreis"  # what the actors table reads as "the whole district" (DISTRICT_WORDS)


@dataclass(frozen=True)
class GraphFileImport:
    """What a graph file holds, validated: the valid records as one batch, and every problem.

    Write ``batch`` only when :attr:`has_errors` is False (:func:`plan_graph_import` and
    :func:`importers.load.load_plan` see to that).
    """

    batch: GraphBatch
    problems: tuple[Problem, ...]

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)


def is_graph_file(path: str | Path) -> bool:
    """True for a file this module reads (``.graphml``, ``.gexf``)."""
    return Path(path).suffix.lower() in GRAPH_SUFFIXES


def _index(columns: Mapping[str, tuple[str, ...]], leave: tuple[str, ...] = ()) -> dict[str, str]:
    return {header_key(alias): canonical for canonical, aliases in columns.items() if canonical not in leave
            for alias in aliases}


_ACTOR_INDEX = _index(ACTOR_COLUMNS)
_EDGE_INDEX = _index(RELATION_COLUMNS, leave=("from", "to", "type"))


def _first(attributes: Mapping[str, object], keys: Sequence[str]) -> tuple[str, str]:
    """(attribute name as written, its text) of the first attribute named one of ``keys`` with a value."""
    wanted = [header_key(k) for k in keys]
    by_key = {header_key(name): name for name in attributes}
    for key in wanted:
        name = by_key.get(key)
        if name is not None and (text := cell_text(attributes[name]).strip()):
            return name, text
    return "", ""


@dataclass
class _Row:
    """One element as a table row: the cells by canonical column, the columns' names as the file writes them."""

    element: GraphElement
    cells: dict[str, object]
    names: dict[str, str]
    extra: dict[str, object]

    def table_row(self, source: str, path: Path, role: Role) -> TableRow:
        headers = [*self.cells, *self.extra]
        values = (*self.cells.values(), *self.extra.values())
        table = RawTable(source, path, None, tuple(self.names.get(h, h) for h in headers),
                         tuple(range(1, len(headers) + 1)), (RawRow(self.element.line, values),))
        columns = ColumnMap(role, {c: i for i, c in enumerate(self.cells)},
                            {c: self.names.get(c, c) for c in self.cells},
                            {len(self.cells) + i: name for i, name in enumerate(self.extra)}, ())
        return TableRow(table, table.rows[0], columns)


def _columns(element: GraphElement, index: Mapping[str, str], consumed: set[str], always: Sequence[str]) -> _Row:
    """The element's attributes as columns through ``index`` (folded name → canonical); the rest as extra."""
    row = _Row(element, {c: "" for c in always}, {}, {})
    left_aside = _EDGE_LEFT_ASIDE if element.kind == "edge" else _LEFT_ASIDE
    for name, value in element.attributes.items():
        key = header_key(name)
        if name in consumed or key in left_aside:
            continue
        canonical = index.get(key)
        if canonical is not None and (canonical not in row.names):
            row.cells[canonical], row.names[canonical] = value, name
        elif cell_text(value).strip():
            row.extra[name] = value
    return row


def _name_or_label(row: _Row) -> None:
    """The name from the ``label`` when the element has no name; a label that only repeats the name is dropped."""
    label_name, label = _first(row.element.attributes, ("label",))
    name = cell_text(row.cells["name"]).strip()
    if not name and label:
        row.cells["name"], row.names["name"] = label, label_name
    if label_name in row.extra and (not name or label == name):
        del row.extra[label_name]


class _Reader:
    """The elements of the files of one import, turned into rows and built."""

    def __init__(self, vocabulary: Vocabulary, known: KnownActors, stamp: str) -> None:
        self.vocabulary = vocabulary
        self.schema: Schema = vocabulary.schema
        self.builder = RecordBuilder(vocabulary, known.actors, stamp)
        self.references = References(self.builder, known.store)
        self.links = LinkBuilder(self.schema, self.references, self.builder.confirmed_default, stamp)
        self.nodes = NodeBuilder(self.schema, self.references, self.links, self.builder.confirmed_default, stamp)
        self.towns = {a.id: a.name for a in known.actors if a.kind == MUNICIPALITY_KIND}
        self.problems: list[Problem] = []
        self.rows: list[TableRow] = []

    # -- the node's type -----------------------------------------------------------------------------
    def node_type_of(self, source: str, element: GraphElement) -> tuple[NodeType | None, str, set[str]]:
        """The element's node type, the actor kind it gives (when its type is a kind), the attributes used."""
        name, text = _first(element.attributes, _TYPE_KEYS)
        label_name, label = _first(element.attributes, ("label",))
        if not text and label in self.schema.node_types and _first(element.attributes, ("name",))[1]:
            name, text = label_name, label
        if not text:
            return self.schema.node_type(ACTOR_TYPE), "", set()
        folded = normalise_label(text)
        for node_type in self.schema.node_types.values():
            if folded in {normalise_label(n) for n in (node_type.id, node_type.label_en, node_type.label_de)}:
                return node_type, "", {name}
        if self.vocabulary.kinds.resolve(text):
            return self.schema.node_type(ACTOR_TYPE), text, {name}
        known = ", ".join(self.schema.node_types)
        self.problems.append(Problem(source, element.line, name, "unknown-node-type",
                                     f"{text!r} is neither a node type ({known}) nor an actor kind; write one of "
                                     "them in this attribute"))
        return None, "", {name}

    def learn_towns(self, elements: Sequence[GraphElement]) -> None:
        """Remember the file's municipalities by id, so that a seat or a served town given by id reads as its name."""
        for element in elements:
            kind = _first(element.attributes, _KIND_KEYS)[1] or _first(element.attributes, _TYPE_KEYS)[1]
            name = _first(element.attributes, ("name",))[1] or _first(element.attributes, ("label",))[1]
            if kind and name and self.vocabulary.kinds.resolve(kind) == MUNICIPALITY_KIND:
                self.towns[self.identity(element) or element.id] = name

    def identity(self, element: GraphElement) -> str:
        given = _first(element.attributes, _ID_KEYS)[1]
        if given:
            return given
        return "" if _MADE_UP_ID.match(element.id) else element.id

    def type_id(self, text: str) -> str | None:
        """The relation type or link type ``text`` names (by id or label), or None."""
        return self.vocabulary.relation_types.resolve(text) or self.links.link_type_of(text)

    # -- nodes ---------------------------------------------------------------------------------------
    def actor_row(self, element: GraphElement, kind: str, consumed: set[str]) -> _Row:
        row = _columns(element, _ACTOR_INDEX, consumed, ("id", "name", "kind"))
        row.cells["id"] = self.identity(element)
        _name_or_label(row)
        if kind:
            row.cells["kind"] = kind
        # IntegraNet's exports write the seat's id (municipality) and its name (town): the name is what a row says.
        town = _first(element.attributes, ("town",))[1]
        seat = cell_text(row.cells.get("municipality")).strip()
        if town or seat:
            row.cells["municipality"] = town or self.towns.get(seat, seat)
        served = [self.towns.get(part, part) for part in split_multi(cell_text(row.cells.get("serves")))]
        if cell_text(_first(element.attributes, ("serves_district",))[1]).lower() in ("true", "1", "yes", "ja"):
            served.append(_DISTRICT)
        if served or "serves" in row.cells:
            row.cells["serves"] = " | ".join(served)
        return row

    def node_row(self, element: GraphElement, node_type: NodeType, consumed: set[str]) -> _Row:
        always = ("id", "name", *(s.name for s in node_type.stored_properties if s.required))
        row = _columns(element, node_column_index(node_type), consumed, always)
        row.cells["id"] = self.identity(element)
        _name_or_label(row)
        return row


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def plan_graph_import(files: Sequence[str | Path], vocabulary: Vocabulary, known: KnownActors | None = None, *,
                      roles: Mapping[str, object] | None = None, imported_at: str | None = None) -> ImportPlan:
    """Read and validate the GraphML and GEXF ``files`` into an :class:`ImportPlan`, as
    :func:`importers.records.plan_import` does for tables (``roles`` is accepted for the same call and unused:
    a graph file says what each element is). Nothing is written."""
    del roles
    stamp = imported_at or _now()
    reader = _Reader(vocabulary, known or KnownActors(), stamp)
    actor_rows: list[TableRow] = []
    node_rows: list[NodeRow] = []
    # Per file: element id → (row or field id), for the edges.
    ends: list[tuple[str, Path, dict[str, TableRow | str], tuple[GraphElement, ...]]] = []
    for file in files:
        source, path = str(file), Path(file)
        document, problems = read_graph_document(path)
        reader.problems.extend(problems)
        if document is None:
            continue
        by_id: dict[str, TableRow | str] = {}
        reader.learn_towns(document.nodes)
        for element in document.nodes:
            if element.id in by_id:
                reader.problems.append(Problem(source, element.line, "id", "duplicate-node",
                                               f"a second node with the id {element.id!r}; every node of a graph "
                                               "file needs its own id"))
                continue
            node_type, kind, consumed = reader.node_type_of(source, element)
            if node_type is None:
                by_id[element.id] = ""
                continue
            if node_type.id == FIELD_TYPE:
                by_id[element.id] = _field(reader, source, element)
                continue
            if node_type.id == ACTOR_TYPE:
                row = reader.actor_row(element, kind, consumed).table_row(source, path, Role.ACTORS)
                actor_rows.append(row)
            else:
                row = reader.node_row(element, node_type, consumed).table_row(source, path, Role.NODES)
                node_rows.append(NodeRow(row, node_type))
            by_id[element.id] = row
        ends.append((source, path, by_id, document.edges))

    builder = reader.builder
    actor_rows.sort(key=lambda row: 0 if builder.is_municipality_row(row) else 1)
    for row in actor_rows:
        builder.actor(row)
    for item in node_rows:
        reader.nodes.node(item)
    for item in node_rows:
        reader.nodes.link_columns(item)
    built = {id(r): a.id for a, r in builder.actors.values()}
    built.update({id(item.row): item.node.id for item in node_rows if item.node is not None})
    edge_rows = [_edge(reader, source, path, by_id, built, edge) for source, path, by_id, edges in ends
                 for edge in edges]
    while reader.links.settle() | reader.nodes.required_links(node_rows):
        pass

    all_rows = actor_rows + [item.row for item in node_rows] + [row for row in edge_rows if row is not None]
    problems = reader.problems + [p for row in all_rows for p in row.problems]
    order = {str(f): i for i, f in enumerate(files)}
    problems.sort(key=lambda p: (order.get(p.source, 0), p.line))
    rejected = sum(1 for row in all_rows if not row.ok) + sum(1 for row in edge_rows if row is None)
    return ImportPlan(
        actors=tuple(builder.valid_actors()), relations=tuple(builder.valid_relations()),
        problems=tuple(problems), files=tuple(str(f) for f in files), rows=len(all_rows) + edge_rows.count(None),
        rejected=rejected, imported_at=stamp, nodes=tuple(reader.nodes.valid_nodes(node_rows)),
        links=tuple(reader.links.valid_links()),
    )


def _field(reader: _Reader, source: str, element: GraphElement) -> str:
    """The field of action a ``FieldOfAction`` node names (by its id, name or label), or "" with a problem."""
    fields = reader.vocabulary.fields
    for text in (element.id, _first(element.attributes, ("name",))[1], _first(element.attributes, ("label",))[1]):
        if text and (found := fields.resolve(text)):
            return found
    listed = ", ".join(f"{t.label('de')} ({t.id})" for t in fields)
    reader.problems.append(Problem(source, element.line, "name", "unknown-field",
                                   f"{element.id!r} is not a field of action; use one of: {listed}"))
    return ""


def _end(reader: _Reader, source: str, edge: GraphElement, column: str, given: str,
         by_id: Mapping[str, TableRow | str], built: Mapping[int, str]) -> str | None:
    """What an edge's end names for the builders: the id its node was built with, a field's id, or the text as
    written (an id or name of the store); None with a problem when its node was rejected."""
    target = by_id.get(given)
    if isinstance(target, str):
        if target:
            return target
    elif target is not None:
        if id(target) in built:
            return built[id(target)]
        if target.ok:  # the same record twice in the file: the builders know it by its name
            return target.text("name")
    else:
        return given
    reader.problems.append(Problem(source, edge.line, column, "invalid-node",
                                   f"the node {given!r} of this edge has errors (listed at its line); fix it first"))
    return None


def _edge(reader: _Reader, source: str, path: Path, by_id: Mapping[str, TableRow | str],
          built: Mapping[int, str], edge: GraphElement) -> TableRow | None:
    """Build one edge as a relation or a link; None when it cannot be (its problem recorded)."""
    type_name, type_text = _first(edge.attributes, _EDGE_TYPE_KEYS)
    if not type_text:
        relations = ", ".join(t.id for t in reader.vocabulary.relation_types)
        reader.problems.append(Problem(source, edge.line, "type", "untyped-edge",
                                       "the edge has no type; give it a type attribute (or a label) with a relation "
                                       f"type ({relations}) or a link type ({', '.join(reader.schema.link_types)})"))
        return None
    ends = [_end(reader, source, edge, column, given, by_id, built)
            for column, given in (("source", edge.source), ("target", edge.target))]
    if ends[0] is None or ends[1] is None:
        return None
    same = {name for name in edge.attributes if header_key(name) in _EDGE_TYPE_FOLDED
            and reader.type_id(cell_text(edge.attributes[name])) == reader.type_id(type_text)}
    row = _columns(edge, _EDGE_INDEX, {type_name} | same, ())
    row.cells.update({"from": ends[0], "to": ends[1], "type": type_text})
    row.names.update({"from": "source", "to": "target", "type": type_name})
    table_row = row.table_row(source, path, Role.LINKS)
    link_type = reader.links.link_type_of(type_text)
    if link_type and reader.vocabulary.relation_types.resolve(type_text) is None:
        reader.links.table_row(table_row, link_type)
    else:
        reader.builder.relation(table_row)
    return table_row


def read_graph_file(path: str | Path, vocabulary: Vocabulary, known: KnownActors | None = None, *,
                    imported_at: str | None = None) -> GraphFileImport:
    """The GraphML or GEXF file ``path`` read and validated: its valid actors, ties, nodes and links as one
    :class:`GraphBatch`, and every problem (file, line of the element, attribute as the column, stable code)."""
    plan = plan_graph_import([path], vocabulary, known or KnownActors(), imported_at=imported_at)
    batch = GraphBatch(actors=plan.actors, relations=plan.relations, nodes=plan.nodes, links=plan.links)
    return GraphFileImport(batch, plan.problems)

