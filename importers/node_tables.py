"""Which table holds what, for the node types of the schema and for links: by the table's name, and its columns.

A table of a node type is a CSV file or an XLSX sheet whose name (the file's stem, the sheet's title), case-folded
and trimmed, is the type's id (also with an ``s``: ``indicators``), its label or its plural in English or German
(``node_types.csv``: ``Format``, ``Formate``, ``events``, ``Veranstaltungen``, ``Kennzahlen`` …); a links table
is named ``links`` or ``Verknüpfungen``. ``integranet import --type TYPE`` names the type of a CSV file with
another name. Actor and relation tables are still recognised by their headers (:func:`importers.columns.detect_role`).

The columns of a node table are ``id`` (``Kennung``), ``name`` (``Name``, ``Bezeichnung``, ``Titel``),
``provenance`` (``Quelle``), ``confirmed`` (``Bestätigt am``) and each property of the type by its property name
or its English or German label (``node_properties.csv``). Every other column is kept as a text property.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from graph.model.schema import NodeType, Schema
from graph.model.terms import normalise_label

from .columns import CONFIRMED_ALIASES, PERSONAL_ALIASES, ColumnMap, Role, header_key, map_headers

__all__ = ["LINK_TABLE_NAMES", "NODE_BASE_COLUMNS", "TableKind", "map_node_columns", "table_kind"]

#: The names of a links table (besides ``--type links``).
LINK_TABLE_NAMES = ("links", "link", "verknüpfungen", "verknüpfung", "verknuepfungen")
_RELATION_NAMES = ("relations", "relation", "beziehungen", "beziehung", "ties")

#: The columns every node table may have, whatever its type: canonical name → aliases (English, German).
NODE_BASE_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "id": ("id", "kennung", "identifier"),
    "name": ("name", "bezeichnung", "titel", "title"),
    "provenance": ("provenance", "source", "quelle", "datenquelle"),
    "confirmed": CONFIRMED_ALIASES,
}


@dataclass(frozen=True)
class TableKind:
    """What a table holds: a role, and for node tables the node type's id."""

    role: Role
    node_type: str = ""

    def describe(self) -> str:
        """The kind in a few words, for messages: ``actors``, ``links``, ``Format nodes``."""
        return f"{self.node_type} nodes" if self.role is Role.NODES else str(self.role)


def _type_names(node_type: NodeType) -> set[str]:
    # The id with an "s" too: "indicators" for Indicator, whose English label is "Figure".
    names = (node_type.id, f"{node_type.id}s", node_type.label_en, node_type.label_de, node_type.plural_en,
             node_type.plural_de)
    return {normalise_label(n) for n in names if n}


def table_kind(name: str, schema: Schema, *, any_role: bool = False) -> TableKind | None:
    """The kind of table ``name`` names (a file stem, a sheet title or the value of ``--type``), or None.

    Node types stored as ``node`` and links always; with ``any_role`` (the value of ``--type``) also actors (the
    Actor type's names) and relations. Fields of action come from the vocabulary and are never imported.
    """
    folded = normalise_label(name)
    if not folded:
        return None
    if folded in LINK_TABLE_NAMES:
        return TableKind(Role.LINKS)
    if any_role and folded in _RELATION_NAMES:
        return TableKind(Role.RELATIONS)
    for node_type in schema.node_types.values():
        if folded not in _type_names(node_type):
            continue
        if node_type.stored_as == "node":
            return TableKind(Role.NODES, node_type.id)
        if node_type.stored_as == "actor" and any_role:
            return TableKind(Role.ACTORS)
    return None


def node_column_index(node_type: NodeType) -> dict[str, str]:
    """Folded header → canonical column (``id``, ``name``, ``provenance``, ``confirmed`` or a property name)."""
    index: dict[str, str] = {}
    for canonical, aliases in NODE_BASE_COLUMNS.items():
        for alias in aliases:
            index.setdefault(header_key(alias), canonical)
    for spec in node_type.properties:
        if spec.name in NODE_BASE_COLUMNS:
            continue  # a record's own field; the schema cannot redefine it
        for alias in (spec.name, spec.label_en, spec.label_de, *PERSONAL_ALIASES.get(spec.name, ())):
            index.setdefault(header_key(alias), spec.name)
    return index


def map_node_columns(headers: Sequence[str], node_type: NodeType) -> ColumnMap:
    """Map the headers of a ``node_type`` table to its canonical columns; other headers become extra properties."""
    return map_headers(headers, Role.NODES, node_column_index(node_type))
