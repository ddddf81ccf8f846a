"""GEXF 1.3 for Gephi: actors with typed attributes, colour, shape and position; ties as typed edges; the other
nodes of the knowledge graph (and the fields of action links end at) and their links likewise, every node with
its ``type`` (``Actor``, ``FieldOfAction`` or the node type) as an attribute.

networkx writes GEXF 1.3 too, but it reads an edge attribute ``type`` as GEXF's edge direction and
stamps today's date into the file; this writer keeps the relation type as data (and as the edge's
``kind``, GEXF 1.3's way of telling parallel edges apart) and dates the file by its snapshot, so the same
snapshot gives the same file.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from graph import __version__
from graph.exports.xmltext import xml_safe
from graph.maps.palette import PALETTE, kind_style
from graph.model.domain import Actor, FieldOfAction, Relation
from graph.model.knowledge import Link, Node
from graph.model.schema import ACTOR_TYPE, FIELD_TYPE, Schema
from graph.model.vocabulary import Vocabulary
from graph.snapshots.snapshot import Snapshot

__all__ = ["GEXF_NAMESPACE", "gexf_document", "write_gexf"]

GEXF_NAMESPACE = "http://gexf.net/1.3"
VIZ_NAMESPACE = "http://gexf.net/1.3/viz"
_SCHEMA_LOCATION = "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"
_VIZ_SHAPES = {"square": "square", "triangle": "triangle", "triangleDown": "triangle", "diamond": "diamond"}


def _type_of(values: Iterable[Any]) -> str:
    """The GEXF attribute type for a column's values: one type for all of them, else string."""
    kinds = {type(v) for v in values}
    if kinds == {bool}:
        return "boolean"
    if kinds == {int}:
        return "long" if any(abs(v) > 2**31 - 1 for v in values) else "integer"
    if kinds <= {int, float} and float in kinds:
        return "double"
    return "string"


def _text(value: Any, gexf_type: str) -> str:
    if gexf_type == "boolean":
        return "true" if value else "false"
    if gexf_type in ("integer", "long", "double"):
        return repr(float(value)) if gexf_type == "double" else str(int(value))
    if isinstance(value, tuple | list):
        return xml_safe("|".join(str(v) for v in value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return xml_safe(str(value))


def _actor_values(actor: Actor, vocabulary: Vocabulary, language: str) -> dict[str, Any]:
    values: dict[str, Any] = {k: v for k, v in actor.properties.items() if v != ()}
    values.update(type=ACTOR_TYPE, kind=actor.kind, kind_label=vocabulary.kinds.label(actor.kind, language),
                  town=actor.town,
                  municipality=actor.municipality or "", fields=actor.fields, serves=actor.serves,
                  serves_district=actor.serves_district, provenance=actor.provenance, imported_at=actor.imported_at)
    return {k: v for k, v in values.items() if v is not None and v != "" and v != ()}


def _relation_values(rel: Relation, vocabulary: Vocabulary, language: str) -> dict[str, Any]:
    values: dict[str, Any] = {k: v for k, v in rel.properties.items() if v != ()}
    values.update(type=rel.type, type_label=vocabulary.relation_types.label(rel.type, language), fields=rel.fields,
                  since=rel.since, until=rel.until, note=rel.note, provenance=rel.provenance,
                  illustrative=rel.is_illustrative, imported_at=rel.imported_at)
    return {k: v for k, v in values.items() if v is not None and v != "" and v != ()}


def _node_values(node: Node, schema: Schema, language: str) -> dict[str, Any]:
    values: dict[str, Any] = {k: v for k, v in node.properties.items() if v != ()}
    found = schema.node_types.get(node.type)
    values.update(type=node.type, type_label=found.label(language) if found else node.type,
                  provenance=node.provenance, confirmed=node.confirmed, imported_at=node.imported_at)
    return {k: v for k, v in values.items() if v is not None and v != "" and v != ()}


def _field_values(item: FieldOfAction) -> dict[str, Any]:
    values = {"type": FIELD_TYPE, "label_en": item.label_en, "label_de": item.label_de, "provenance": item.provenance}
    return {k: v for k, v in values.items() if v}


def _link_values(link: Link, schema: Schema, language: str) -> dict[str, Any]:
    values: dict[str, Any] = {k: v for k, v in link.properties.items() if v != ()}
    found = schema.link_types.get(link.type)
    values.update(type=link.type, type_label=found.label(language) if found else link.type,
                  source_type=link.source_type, target_type=link.target_type, provenance=link.provenance,
                  confirmed=link.confirmed, illustrative=link.is_illustrative, imported_at=link.imported_at)
    return {k: v for k, v in values.items() if v is not None and v != "" and v != ()}


def _type_colour(type_id: str, schema: Schema) -> str:
    """A node type's colour: the palette's colours in the order of the schema's node types (grey when unknown)."""
    order = [t.id for t in schema.node_only_types]
    return PALETTE[order.index(type_id) % (len(PALETTE) - 1)] if type_id in order else PALETTE[-1]


def _declare(graph: ET.Element, cls: str, rows: list[dict[str, Any]], prefix: str) -> dict[str, tuple[str, str]]:
    """Declare one attribute per key of ``rows``; returns key → (attribute id, GEXF type)."""
    keys = sorted({k for row in rows for k in row})
    declared: dict[str, tuple[str, str]] = {}
    attributes = ET.SubElement(graph, "attributes", {"class": cls, "mode": "static"})
    for number, key in enumerate(keys):
        gexf_type = _type_of([row[key] for row in rows if key in row])
        declared[key] = (f"{prefix}{number}", gexf_type)
        ET.SubElement(attributes, "attribute", {"id": f"{prefix}{number}", "title": xml_safe(key), "type": gexf_type})
    return declared


def _attvalues(parent: ET.Element, values: Mapping[str, Any], declared: Mapping[str, tuple[str, str]]) -> None:
    element = ET.SubElement(parent, "attvalues")
    for key in sorted(values):
        attribute_id, gexf_type = declared[key]
        ET.SubElement(element, "attvalue", {"for": attribute_id, "value": _text(values[key], gexf_type)})


def _rgb(colour: str) -> dict[str, str]:
    value = colour.lstrip("#")
    return {"r": str(int(value[0:2], 16)), "g": str(int(value[2:4], 16)), "b": str(int(value[4:6], 16))}


def gexf_document(snapshot: Snapshot, vocabulary: Vocabulary, language: str = "de") -> bytes:
    """The snapshot as a GEXF 1.3 document (UTF-8 bytes).

    Nodes carry the actor's name as label, its attributes (kind and its label, town, fields, …, and its
    properties) with one declared type each, and ``viz`` colour, shape (the map's, as near as GEXF
    has), size (by number of ties) and position (the snapshot's, y pointing up). Edges are directed,
    with the relation type as ``kind`` and attribute, its label in ``language`` as label. Text is stripped
    of characters XML does not allow.
    """
    info = snapshot.info
    # Namespaces are declared literally and the viz elements carry their prefix in the tag: ElementTree's
    # own namespace handling would need process-wide registration and rename the prefixes.
    root = ET.Element("gexf", {"xmlns": GEXF_NAMESPACE, "xmlns:viz": VIZ_NAMESPACE,
                               "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
                               "xsi:schemaLocation": _SCHEMA_LOCATION, "version": "1.3"})
    meta = ET.SubElement(root, "meta", {"lastmodifieddate": info.created_date})
    ET.SubElement(meta, "creator").text = f"IntegraNet {__version__}"
    ET.SubElement(meta, "description").text = xml_safe(
        f"{info.label} — snapshot {info.id}, {info.created_at}, {info.store}, {info.content_hash}")
    graph = ET.SubElement(root, "graph", {"mode": "static", "defaultedgetype": "directed"})
    schema = vocabulary.schema
    actors = sorted(snapshot.subgraph.actors, key=lambda a: a.id)
    ids = {a.id for a in actors}
    relations = [r for r in sorted(snapshot.subgraph.relations, key=lambda r: r.key)
                 if r.source in ids and r.target in ids]
    ends = {(ACTOR_TYPE, i) for i in ids} | {(n.type, n.id) for n in snapshot.nodes if n.id not in ids}
    linked_fields = {i for lk in snapshot.links for t, i in ((lk.source_type, lk.source), (lk.target_type, lk.target))
                     if t == FIELD_TYPE}
    fields = [f for f in snapshot.fields if f.id in linked_fields and f.id not in ids]
    ends |= {(FIELD_TYPE, f.id) for f in fields}
    others = [n for n in snapshot.nodes if n.id not in ids]
    links = [lk for lk in snapshot.links if (lk.source_type, lk.source) in ends and (lk.target_type, lk.target) in ends]
    actor_rows = [_actor_values(a, vocabulary, language) for a in actors]
    field_rows = [_field_values(f) for f in fields]
    other_rows = [_node_values(n, schema, language) for n in others]
    relation_rows = [_relation_values(r, vocabulary, language) for r in relations]
    link_rows = [_link_values(lk, schema, language) for lk in links]
    node_keys = _declare(graph, "node", actor_rows + field_rows + other_rows, "n")
    edge_keys = _declare(graph, "edge", relation_rows + link_rows, "e")
    degree: Counter[str] = Counter()
    for source, target in [(r.source, r.target) for r in relations] + [(lk.source, lk.target) for lk in links]:
        degree[source] += 1
        degree[target] += 1

    nodes = ET.SubElement(graph, "nodes")
    for actor, values in zip(actors, actor_rows, strict=True):
        node = ET.SubElement(nodes, "node", {"id": xml_safe(actor.id), "label": xml_safe(actor.name)})
        _attvalues(node, values, node_keys)
        colour, shape = kind_style(actor.kind, vocabulary)
        x, y = snapshot.positions.get(actor.id, (0.0, 0.0))
        size = round(4.0 + 2.0 * math.sqrt(degree[actor.id]), 2)
        ET.SubElement(node, "viz:color", {**_rgb(colour), "a": "1.0"})
        ET.SubElement(node, "viz:position", {"x": repr(float(x)), "y": repr(-float(y)), "z": "0.0"})
        ET.SubElement(node, "viz:size", {"value": repr(size)})
        ET.SubElement(node, "viz:shape", {"value": _VIZ_SHAPES.get(shape, "disc")})
    styled = [(f.id, f.label(language), values, PALETTE[-1], "square") for f, values in zip(fields, field_rows,
                                                                                            strict=True)]
    styled += [(n.id, n.name, values, _type_colour(n.type, schema), "diamond") for n, values in zip(others, other_rows,
                                                                                                   strict=True)]
    for node_id, name, values, colour, shape in styled:
        node = ET.SubElement(nodes, "node", {"id": xml_safe(node_id), "label": xml_safe(name)})
        _attvalues(node, values, node_keys)
        ET.SubElement(node, "viz:color", {**_rgb(colour), "a": "1.0"})
        if node_id in snapshot.positions:  # nodes other than actors are drawn where Gephi's layout puts them
            x, y = snapshot.positions[node_id]
            ET.SubElement(node, "viz:position", {"x": repr(float(x)), "y": repr(-float(y)), "z": "0.0"})
        ET.SubElement(node, "viz:size", {"value": repr(round(4.0 + 2.0 * math.sqrt(degree[node_id]), 2))})
        ET.SubElement(node, "viz:shape", {"value": shape})

    edges = ET.SubElement(graph, "edges")
    for number, (rel, values) in enumerate(zip(relations, relation_rows, strict=True)):
        edge = ET.SubElement(edges, "edge", {
            "id": f"e{number}", "source": xml_safe(rel.source), "target": xml_safe(rel.target),
            "kind": rel.type, "label": xml_safe(vocabulary.relation_types.label(rel.type, language)),
            "weight": "1.0",
        })
        _attvalues(edge, values, edge_keys)
        grey = "#9a9a9a" if rel.is_illustrative else "#555555"
        ET.SubElement(edge, "viz:color", {**_rgb(grey), "a": "1.0"})
        ET.SubElement(edge, "viz:shape", {"value": "dashed" if rel.is_illustrative else "solid"})
    for number, (link, values) in enumerate(zip(links, link_rows, strict=True), start=len(relations)):
        found = schema.link_types.get(link.type)
        edge = ET.SubElement(edges, "edge", {
            "id": f"e{number}", "source": xml_safe(link.source), "target": xml_safe(link.target),
            "kind": link.type, "label": xml_safe(found.label(language) if found else link.type), "weight": "1.0",
        })
        _attvalues(edge, values, edge_keys)
        ET.SubElement(edge, "viz:color", {**_rgb("#9a9a9a" if link.is_illustrative else "#555555"), "a": "1.0"})
        ET.SubElement(edge, "viz:shape", {"value": "dashed" if link.is_illustrative else "solid"})
    ET.indent(root, space="  ")
    text: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return text + b"\n"


def write_gexf(snapshot: Snapshot, vocabulary: Vocabulary, out: Path, language: str = "de") -> Path:
    """Write :func:`gexf_document` to ``out``; returns ``out``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(gexf_document(snapshot, vocabulary, language))
    return out
