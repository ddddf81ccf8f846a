"""A Cypher script that rebuilds a snapshot in an empty Neo4j: parameter-free ``MERGE`` statements.

The script is meant to be read, mailed and run by hand (``cypher-shell -f``), so every value is written
as a literal. What keeps that safe is the escaping here, not parameters:

- every statement is one line ending in ``;``, and a comment is a whole line starting with ``//``;
- string literals are single-quoted with ``\\``, ``'`` and every character that could end a line
  (CR, LF, and the other Unicode line breaks) or that is a control character escaped, so no literal
  spans two lines and no text can close its literal;
- property names are backtick-quoted when they are not plain identifiers, with backticks doubled; a line
  break in a property name (which Cypher cannot escape there) becomes a space;
- relationship types come only from the vocabulary (:meth:`Vocabulary.neo4j_relationship_type`), node labels
  and link types of the knowledge graph only from the schema (:meth:`Schema.neo4j_label`,
  :meth:`Schema.neo4j_link_type`), checked before the first line is written.

The result is the graph the Neo4j backend itself writes (the schema statements and properties of
:mod:`graph.store.neo4j_records`): the same labels, constraints (one per node type of the
schema), properties and structure edges (``LOCATED_IN``, ``SERVES``, ``WORKS_ON``), the other nodes labelled by
their type and the links typed by their link type, so :class:`~graph.store.neo4j.Neo4jStore`
opened on it reports the snapshot's counts.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from graph import __version__
from graph.model.vocabulary import Vocabulary
from graph.snapshots.snapshot import Snapshot
from graph.store.neo4j_records import (
    SCHEMA_VERSION,
    actor_properties,
    field_properties,
    link_properties,
    node_properties,
    relation_properties,
    schema_statements,
    term_properties,
)

__all__ = ["cypher_identifier", "cypher_literal", "cypher_statements", "write_cypher_script"]

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SIMPLE_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
# Everything str.splitlines() breaks on, plus the other control characters: written as \uXXXX.
_NEEDS_ESCAPE = re.compile("[\\\\'\x00-\x1f\x7f-\x9f\u2028\u2029]")
_LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    ch = match.group(0)
    return _SIMPLE_ESCAPES.get(ch) or f"\\u{ord(ch):04x}"


def cypher_literal(value: Any) -> str:
    """``value`` as a Cypher literal: a string, integer, float, boolean, null or list of those.

    >>> cypher_literal("O'Neil \\\\ line\\nbreak")
    "'O\\\\'Neil \\\\\\\\ line\\\\nbreak'"
    >>> cypher_literal(("a", "b")), cypher_literal(True), cypher_literal(2.5), cypher_literal(None)
    ("['a', 'b']", 'true', '2.5', 'null')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "toFloat('NaN')"
        if math.isinf(value):
            return "toFloat('Infinity')" if value > 0 else "-toFloat('Infinity')"
        return repr(value)
    if isinstance(value, tuple | list):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    # A lone surrogate cannot be written as UTF-8; it stands for a character that was lost already.
    text = _SURROGATE.sub("\ufffd", str(value))
    return "'" + _NEEDS_ESCAPE.sub(_escape, text) + "'"


def cypher_identifier(name: str) -> str:
    """A property name or label as Cypher accepts it: as is when it is a plain identifier, else in
    backticks with backticks doubled (and line breaks turned into spaces, which Cypher cannot escape).

    >>> cypher_identifier("name"), cypher_identifier("Träger `x`")
    ('name', '`Träger ``x```')
    """
    if _IDENTIFIER.match(name):
        return name
    clean = _LINE_BREAKS.sub(" ", _SURROGATE.sub("\ufffd", name))
    return "`" + clean.replace("`", "``") + "`"


def _map(values: Mapping[str, Any]) -> str:
    items = [f"{cypher_identifier(k)}: {cypher_literal(v)}" for k, v in sorted(values.items()) if v is not None]
    return "{" + ", ".join(items) + "}"


def _comment(text: str) -> str:
    return "// " + " ".join(_LINE_BREAKS.sub(" ", text).split())


def _match_pair(label_a: str, id_a: str, label_b: str, id_b: str) -> str:
    return (f"MATCH (a:{label_a} {{id: {cypher_literal(id_a)}}}) "
            f"MATCH (b:{label_b} {{id: {cypher_literal(id_b)}}}) ")


def cypher_statements(snapshot: Snapshot, vocabulary: Vocabulary) -> Iterator[str]:
    """The script's lines: comments (``// …``) and statements (one line each, ending in ``;``).

    Order: schema, vocabulary (actor kinds, relation types), fields of action, actors, their structure
    edges, ties, the other nodes, links. Raises :class:`~graph.errors.VocabularyError` before yielding anything
    when a tie's type is not in ``vocabulary`` or a node's type or a link's type not in its schema; structure
    edges, ties and links whose other end is not in the snapshot are left out.
    """
    info = snapshot.info
    subgraph = snapshot.subgraph
    ids = {a.id for a in subgraph.actors}
    field_ids = {f.id for f in snapshot.fields}
    # Checked up front, so that a script is never cut off halfway by a type outside the vocabulary.
    types = {rel.type: vocabulary.neo4j_relationship_type(rel.type) for rel in subgraph.relations}
    schema = vocabulary.schema
    labels = {t: schema.neo4j_label(t) for t in {n.type for n in snapshot.nodes} | {"Actor", "FieldOfAction"}}
    link_types = {lk.type: schema.neo4j_link_type(lk.type) for lk in snapshot.links}
    ends = {("Actor", i) for i in ids} | {("FieldOfAction", i) for i in field_ids}
    ends |= {(n.type, n.id) for n in snapshot.nodes}

    yield _comment(f"IntegraNet {__version__}: Cypher script of snapshot {info.id} ({info.label}).")
    yield _comment(f"Created {info.created_at} from {info.store}; content {info.content_hash}.")
    yield _comment(f"{len(subgraph.actors)} actors, {len(subgraph.relations)} ties, {len(snapshot.nodes)} other "
                   f"nodes, {len(snapshot.links)} links; personal data "
                   f"{'included' if info.personal_data_included else 'left out'}.")
    yield _comment("Run it against an empty database, statement by statement (e.g. cypher-shell -f this-file).")
    yield ""
    yield "// Schema"
    yield from (statement + ";" for statement in schema_statements(schema))
    yield f"MERGE (m:IntegraNetMeta {{key: 'schema'}}) SET m.schema_version = {cypher_literal(SCHEMA_VERSION)};"
    yield ""
    yield "// Vocabulary"
    for term in vocabulary.kinds:
        yield f"MERGE (k:ActorKind {{id: {cypher_literal(term.id)}}}) SET k = {_map(term_properties(term))};"
    for term in vocabulary.relation_types:
        yield f"MERGE (t:RelationType {{id: {cypher_literal(term.id)}}}) SET t = {_map(term_properties(term))};"
    yield ""
    yield "// Fields of action"
    for item in snapshot.fields:
        yield f"MERGE (f:FieldOfAction {{id: {cypher_literal(item.id)}}}) SET f = {_map(field_properties(item))};"
    yield ""
    yield "// Actors"
    actors = sorted(subgraph.actors, key=lambda a: a.id)
    for actor in actors:
        yield f"MERGE (a:Actor {{id: {cypher_literal(actor.id)}}}) SET a = {_map(actor_properties(actor))};"
    yield ""
    yield "// Seats (LOCATED_IN), served municipalities (SERVES), fields of action (WORKS_ON)"
    for actor in actors:
        if actor.municipality and actor.municipality in ids:
            yield _match_pair("Actor", actor.id, "Actor", actor.municipality) + "MERGE (a)-[:LOCATED_IN]->(b);"
        for town in actor.serves:
            if town in ids:
                yield _match_pair("Actor", actor.id, "Actor", town) + "MERGE (a)-[:SERVES]->(b);"
        for field_id in actor.fields:
            if field_id in field_ids:
                yield _match_pair("Actor", actor.id, "FieldOfAction", field_id) + "MERGE (a)-[:WORKS_ON]->(b);"
    yield ""
    yield "// Ties"
    for rel in sorted(subgraph.relations, key=lambda r: r.key):
        if rel.source in ids and rel.target in ids:
            values = _map(relation_properties(rel))
            yield (_match_pair("Actor", rel.source, "Actor", rel.target)
                   + f"MERGE (a)-[r:{cypher_identifier(types[rel.type])}]->(b) SET r = {values};")
    yield ""
    yield "// Nodes of the other types (events, formats, documents, offers, …), labelled by their type"
    for node in snapshot.nodes:
        label = cypher_identifier(labels[node.type])
        yield f"MERGE (n:{label} {{id: {cypher_literal(node.id)}}}) SET n = {_map(node_properties(node))};"
    yield ""
    yield "// Links between any two nodes, typed by their link type"
    for link in snapshot.links:
        if (link.source_type, link.source) in ends and (link.target_type, link.target) in ends:
            pair = _match_pair(cypher_identifier(labels[link.source_type]), link.source,
                               cypher_identifier(labels[link.target_type]), link.target)
            values = _map(link_properties(link))
            yield pair + f"MERGE (a)-[r:{cypher_identifier(link_types[link.type])}]->(b) SET r = {values};"


def write_cypher_script(snapshot: Snapshot, vocabulary: Vocabulary, out: Path) -> Path:
    """Write :func:`cypher_statements` to ``out`` (UTF-8, one line each); returns ``out``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="\n") as handle:
        for line in cypher_statements(snapshot, vocabulary):
            handle.write(line + "\n")
    return out
