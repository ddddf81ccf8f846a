"""GEXF 1.3 for Gephi: actors with typed attributes, colour, shape and position; ties as typed edges.

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
from graph.maps.palette import kind_style
from graph.model.domain import Actor, Relation
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
    values.update(kind=actor.kind, kind_label=vocabulary.kinds.label(actor.kind, language), town=actor.town,
                  municipality=actor.municipality or "", fields=actor.fields, serves=actor.serves,
                  serves_district=actor.serves_district, provenance=actor.provenance, imported_at=actor.imported_at)
    return {k: v for k, v in values.items() if v is not None and v != "" and v != ()}


def _relation_values(rel: Relation, vocabulary: Vocabulary, language: str) -> dict[str, Any]:
    values: dict[str, Any] = {k: v for k, v in rel.properties.items() if v != ()}
    values.update(type=rel.type, type_label=vocabulary.relation_types.label(rel.type, language), fields=rel.fields,
                  since=rel.since, until=rel.until, note=rel.note, provenance=rel.provenance,
                  illustrative=rel.is_illustrative, imported_at=rel.imported_at)
    return {k: v for k, v in values.items() if v is not None and v != "" and v != ()}


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
    actors = sorted(snapshot.subgraph.actors, key=lambda a: a.id)
    ids = {a.id for a in actors}
    relations = [r for r in sorted(snapshot.subgraph.relations, key=lambda r: r.key)
                 if r.source in ids and r.target in ids]
    actor_rows = [_actor_values(a, vocabulary, language) for a in actors]
    relation_rows = [_relation_values(r, vocabulary, language) for r in relations]
    node_keys = _declare(graph, "node", actor_rows, "n")
    edge_keys = _declare(graph, "edge", relation_rows, "e")
    degree: Counter[str] = Counter()
    for rel in relations:
        degree[rel.source] += 1
        degree[rel.target] += 1

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
    ET.indent(root, space="  ")
    text: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return text + b"\n"


def write_gexf(snapshot: Snapshot, vocabulary: Vocabulary, out: Path, language: str = "de") -> Path:
    """Write :func:`gexf_document` to ``out``; returns ``out``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(gexf_document(snapshot, vocabulary, language))
    return out
