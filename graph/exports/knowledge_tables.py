"""The knowledge graph's nodes and links as tables: one per node type, one of the links, in the export language.

The XLSX workbook (a sheet each) and the CSV export (a file each) start from these. A node type's table has the
columns id, name, then the type's declared properties (their labels in the language; a personal property only
when a node has it, i.e. when personal data was asked for), then any other property a node has (under its own
name), then source and date of confirmation. Term values are written as their labels in the language, lists as
tuples. Values are raw here: each writer neutralises formulas and removes what XML forbids.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from graph.language import phrasebook
from graph.model.knowledge import Link, Node
from graph.model.schema import PropertySpec, Schema

__all__ = ["KnowledgeTable", "knowledge_counts_rows", "link_table", "node_tables", "sheet_title"]

# Excel refuses these in a sheet name, and a name longer than 31 characters.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


@dataclass(frozen=True)
class KnowledgeTable:
    """One table: the node type it holds (``""`` for the links), its title in the language, headers and rows."""

    type_id: str
    title: str
    headers: list[str]
    rows: list[list[Any]]

    @property
    def file_name(self) -> str:
        """The table's CSV file name: the type id (language-independent, as the schema names it), or ``links``."""
        return f"{self.type_id or 'links'}.csv"


def sheet_title(text: str, taken: Collection[str]) -> str:
    """``text`` as a sheet name Excel accepts (no ``[]:*?/\\``, at most 31 characters), unlike every name in
    ``taken`` (compared as Excel does, ignoring case); a number is added when needed."""
    base = _SHEET_FORBIDDEN.sub("", text).strip().strip("'")[:31] or "sheet"
    folded = {t.casefold() for t in taken}
    title, number = base, 1
    while title.casefold() in folded:
        number += 1
        suffix = f" ({number})"
        title = base[:31 - len(suffix)] + suffix
    return title


def _value(spec: PropertySpec | None, value: Any, schema: Schema, language: str) -> Any:
    if spec is None or spec.datatype not in ("term", "terms") or not spec.vocabulary:
        return value
    if isinstance(value, tuple | list):
        return tuple(schema.term_label(spec.vocabulary, str(v), language) for v in value)
    return schema.term_label(spec.vocabulary, str(value), language)


def _type_label(schema: Schema, type_id: str, language: str) -> str:
    found = schema.node_types.get(type_id)
    return found.label(language) if found is not None else type_id


def node_tables(nodes: Iterable[Node], schema: Schema, language: str) -> list[KnowledgeTable]:
    """One table per node type that has nodes, in the schema's order (types the schema lacks after, by id)."""
    w = phrasebook("exports", language)
    by_type: dict[str, list[Node]] = {}
    for node in nodes:
        by_type.setdefault(node.type, []).append(node)
    order = [t.id for t in schema.node_only_types if t.id in by_type] + sorted(set(by_type) - set(schema.node_types))
    tables = []
    for type_id in order:
        members = sorted(by_type[type_id], key=lambda n: n.id)
        node_type = schema.node_types.get(type_id)
        declared = [p for p in (node_type.stored_properties if node_type else ())
                    if not p.personal or any(p.name in n.properties for n in members)]
        names = {p.name for p in (node_type.properties if node_type else ())}
        extra = sorted({k for n in members for k in n.properties if k not in names})
        headers = [w["id"], w["name"], *(p.label(language) for p in declared), *extra, w["source"], w["confirmed"]]
        rows = [[n.id, n.name, *(_value(p, n.properties[p.name], schema, language) if p.name in n.properties
                                 else None for p in declared),
                 *(n.properties.get(k) for k in extra), n.provenance, n.confirmed or None] for n in members]
        title = node_type.plural(language) if node_type else type_id
        tables.append(KnowledgeTable(type_id, title, headers, rows))
    return tables


def link_table(links: Iterable[Link], schema: Schema, language: str) -> KnowledgeTable:
    """The links in the columns a links table is imported with: from (id), type (the link type's label), to (id),
    provenance, date of confirmation, then any property a link has. The ends' types are not columns: an id names
    one node, and the importer finds its type."""
    w = phrasebook("exports", language)
    items = sorted(links, key=lambda lk: lk.key)
    extra = sorted({k for lk in items for k in lk.properties})
    headers = [w["from"], w["link_type"], w["to"], w["provenance"], w["confirmed"], *extra]
    rows = []
    for link in items:
        found = schema.link_types.get(link.type)
        rows.append([link.source, found.label(language) if found is not None else link.type, link.target,
                     link.provenance, link.confirmed or None, *(link.properties.get(k) for k in extra)])
    return KnowledgeTable("", w["links"], headers, rows)


def knowledge_counts_rows(nodes: Iterable[Node], links: Iterable[Link], schema: Schema,
                          language: str) -> list[list[Any]]:
    """Key-figure rows: how many nodes of each type (with nodes) and links of each type (with links)."""
    w = phrasebook("exports", language)
    node_counts = Counter(n.type for n in nodes)
    link_counts = Counter(lk.type for lk in links)
    node_order = [t.id for t in schema.node_only_types] + sorted(set(node_counts) - set(schema.node_types))
    link_order = list(schema.link_types) + sorted(set(link_counts) - set(schema.link_types))
    rows: list[list[Any]] = [[w["nodes_of"] + _type_label(schema, t, language), node_counts[t]]
                             for t in node_order if node_counts.get(t)]
    for type_id in link_order:
        if link_counts.get(type_id):
            found = schema.link_types.get(type_id)
            rows.append([w["links_of"] + (found.label(language) if found else type_id), link_counts[type_id]])
    return rows
