"""From a row of a node table to a :class:`~graph.model.knowledge.Node` of its type, and its link columns to links.

A row's ``id`` is its own, or, when the cell is empty, derived from the type and the name:
``node_id_for(type.id_prefix, name)`` (``format-austauschtreffen-…``), so the same row always gets the same id.
Its properties are read by data type (:mod:`importers.property_values`); columns the schema does not know are
kept as text properties. ``provenance`` defaults to the file's name, ``confirmed`` to the import's date.

Link columns (data type ``link``: ``Offer.providers``, ``Event.part_of`` …) name other nodes by id or exact name,
several separated by ``|`` or ``;``; each becomes a :class:`~graph.model.knowledge.Link` of the column's link
type, built once every node of the import is known (:meth:`NodeBuilder.link_columns`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from graph.model.domain import PropertyValue
from graph.model.knowledge import Node, node_id_for
from graph.model.schema import ACTOR_TYPE, FIELD_TYPE, NodeType, Schema
from graph.model.terms import normalise_label

from .contact_data import warn_contact_data
from .link_records import LinkBuilder
from .node_refs import References
from .property_values import confirmed_on, property_value
from .rows import TableRow
from .values import split_multi

__all__ = ["NodeBuilder", "NodeRow"]


@dataclass
class NodeRow:
    """A row of a node table, its type, and the node built from it (None while it has none)."""

    row: TableRow
    node_type: NodeType
    node: Node | None = None


class NodeBuilder:
    """Turns node rows into nodes (first pass) and their link columns into links (second pass)."""

    def __init__(self, schema: Schema, references: References, links: LinkBuilder, confirmed_default: str,
                 imported_at: str) -> None:
        self.schema = schema
        self.references = references
        self.links = links
        self.confirmed_default = confirmed_default
        self.imported_at = imported_at

    def node(self, item: NodeRow) -> None:
        """Build the node of ``item.row``, or record on the row why it cannot be built."""
        row, node_type = item.row, item.node_type
        name = unicodedata.normalize("NFC", row.text("name"))
        if not name:
            row.error("name", "missing-name", f"the name is empty; every {node_type.label_en} needs a name")
        warn_contact_data(row, [s.name for s in node_type.stored_properties if s.datatype == "text" and not s.personal])
        props: dict[str, PropertyValue] = dict(row.extra_properties())
        for spec in node_type.stored_properties:
            value = property_value(row, spec, self.schema.terms.get(spec.vocabulary))
            if value is not None:
                props[spec.name] = value
            elif spec.required and not row.text(spec.name):
                row.error(spec.name, "missing-property", f"{spec.label_en!r} ({spec.label_de}) is required for a "
                          f"{node_type.label_en}; the cell is empty")
        start, end = props.get("start"), props.get("end")
        if isinstance(start, str) and isinstance(end, str) and end < start:
            row.error("end", "end-before-start", f"the {node_type.label_en} ends ({end}) before it starts ({start}); "
                      "correct one of the two dates")
        confirmed = confirmed_on(row, self.confirmed_default)
        node_id = row.text("id") or (node_id_for(node_type.id_prefix, name) if name else "")
        if node_id:
            self._check_id(row, node_id, node_type)
        if not row.ok or not node_id:
            self.references.add_invalid((node_id, normalise_label(name)), row)
            return
        node = Node(id=node_id, type=node_type.id, name=name,
                    provenance=row.text("provenance") or Path(row.table.path).name, confirmed=confirmed,
                    imported_at=self.imported_at, properties=props)
        previous = self.references.nodes.get(node_id)
        if previous is not None:
            if not _same(previous[0], node):
                row.error("id" if row.text("id") else "name", "conflicting-duplicate",
                          f"the {node_type.label_en} {node_id!r} appears already at {previous[1].where} with other "
                          "data; merge the two rows or give them different ids")
            return
        self.references.add_node(node, row)
        item.node = node

    def _check_id(self, row: TableRow, node_id: str, node_type: NodeType) -> None:
        """An id names one thing: not an actor, a field of action or a node of another type of this import."""
        actors = self.references.actors
        taken = None
        if node_id in actors.actors or node_id in actors.stored:
            taken = ACTOR_TYPE
        elif node_id in actors.vocabulary.fields:
            taken = FIELD_TYPE
        elif node_id in self.references.nodes and self.references.nodes[node_id][0].type != node_type.id:
            taken = self.references.nodes[node_id][0].type
        if taken:
            _id_taken(row, node_id, taken, node_type)

    def check_stored_ids(self, items: list[NodeRow]) -> None:
        """Reject every node whose id the store holds as another type (the store asked once for all of them)."""
        built = [item for item in items if item.node is not None and item.row.ok]
        stored = self.references.stored_types([item.node.id for item in built if item.node is not None])
        for item in built:
            if item.node is not None and stored.get(item.node.id, item.node.type) != item.node.type:
                _id_taken(item.row, item.node.id, stored[item.node.id], item.node_type)
                self.references.add_invalid((item.node.id, normalise_label(item.node.name)), item.row)

    def link_columns(self, item: NodeRow) -> None:
        """Turn the row's link columns into links; every value must name a node the column's link type may join.

        Rows without a node are read too, so that all their problems are listed at once.
        """
        row, node_type, node = item.row, item.node_type, item.node
        for spec in node_type.link_columns:
            parts = split_multi(row.text(spec.name))
            if not parts:
                continue  # a required link may come from a links table: see required_links
            link_type = self.schema.link_type(spec.link_type)
            for part in parts:
                self.links.column_link(row, spec.name, link_type, spec.direction, node.id if node else "",
                                       node_type.id, part, node.provenance if node else "",
                                       node.confirmed if node else "")
        if node is not None and not row.ok:
            self.references.add_invalid((node.id, normalise_label(node.name)), row)

    def required_links(self, items: list[NodeRow]) -> bool:
        """Reject every node without a link its type requires (``Indicator.area``: given in its column or in a
        links table). True when it rejected any."""
        ends = self.links.linked_ends()
        rejected = False
        for item in items:
            node, row = item.node, item.row
            if node is None or not row.ok:
                continue
            for spec in item.node_type.link_columns:
                if spec.required and (node.id, spec.link_type, spec.direction) not in ends:
                    row.error(spec.name if spec.name in row.columns.positions else "", "missing-property",
                              f"{spec.label_en!r} ({spec.label_de}) is required for a {item.node_type.label_en}; "
                              f"name it in this column or in a {spec.link_type} row of a links table")
                    rejected = True
        return rejected

    def valid_nodes(self, items: list[NodeRow]) -> list[Node]:
        """The nodes of the rows without errors, in the order they were built."""
        return [item.node for item in items if item.node is not None and item.row.ok]


def _id_taken(row: TableRow, node_id: str, taken: str, node_type: NodeType) -> None:
    row.error("id" if row.text("id") else "name", "id-taken",
              f"the id {node_id!r} is already a {taken}'s; ids name one thing across every type; give this "
              f"{node_type.label_en} another id")


def _same(a: Node, b: Node) -> bool:
    return replace(a, provenance="", confirmed="") == replace(b, provenance="", confirmed="")
