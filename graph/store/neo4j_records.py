"""How the knowledge graph's records map onto Neo4j: the schema statements, node and relationship properties,
and records read back from rows.

Kept apart from :mod:`graph.store.neo4j` (connections, transactions, queries) so that the Cypher export can
use the same schema and the same properties without opening a connection.
"""

from __future__ import annotations

from typing import Any, LiteralString

from graph.model.domain import Actor, FieldOfAction, Relation, plain_value
from graph.model.knowledge import Link, Node
from graph.model.schema import Schema
from graph.model.vocabulary import Vocabulary

__all__ = [
    "ACTOR_KEYS", "ACTOR_RETURN", "LINK_KEYS", "NODE_KEYS", "RELATION_KEYS", "SCHEMA_STATEMENTS", "SCHEMA_VERSION",
    "actor_from_row", "actor_properties", "field_properties", "link_from_row", "link_properties", "node_from_row",
    "node_properties", "relation_from_row", "relation_properties", "schema_statements", "term_properties",
]

SCHEMA_VERSION = "1"

#: The constraints and indexes this backend creates; also the head of every exported Cypher script.
SCHEMA_STATEMENTS: tuple[LiteralString, ...] = (
    "CREATE CONSTRAINT integranet_actor_id IF NOT EXISTS FOR (a:Actor) REQUIRE a.id IS UNIQUE",
    "CREATE CONSTRAINT integranet_field_id IF NOT EXISTS FOR (f:FieldOfAction) REQUIRE f.id IS UNIQUE",
    "CREATE CONSTRAINT integranet_kind_id IF NOT EXISTS FOR (k:ActorKind) REQUIRE k.id IS UNIQUE",
    "CREATE CONSTRAINT integranet_type_id IF NOT EXISTS FOR (t:RelationType) REQUIRE t.id IS UNIQUE",
    "CREATE INDEX integranet_actor_kind IF NOT EXISTS FOR (a:Actor) ON (a.kind)",
    "CREATE INDEX integranet_actor_name IF NOT EXISTS FOR (a:Actor) ON (a.name)",
)



def schema_statements(schema: Schema) -> tuple[LiteralString, ...]:
    """:data:`SCHEMA_STATEMENTS` and, for every node type of ``schema`` stored as a node, a uniqueness constraint
    on its id and an index on its name (the type's label comes from :meth:`Schema.neo4j_label`)."""
    statements = list(SCHEMA_STATEMENTS)
    for node_type in schema.node_only_types:
        label = schema.neo4j_label(node_type.id)
        statements.append("CREATE CONSTRAINT integranet_node_" + label + "_id IF NOT EXISTS FOR (n:" + label
                          + ") REQUIRE n.id IS UNIQUE")
        statements.append("CREATE INDEX integranet_node_" + label + "_name IF NOT EXISTS FOR (n:" + label
                          + ") ON (n.name)")
    return tuple(statements)


# Properties of an Actor node that are record attributes, not free properties.
ACTOR_KEYS = ("id", "name", "kind", "town", "serves_district", "provenance", "imported_at", "confirmed")
RELATION_KEYS = ("fields", "since", "until", "note", "provenance", "imported_at", "confirmed")
#: The record attributes kept on a node of another type (its type is its label) and on a link.
NODE_KEYS = ("id", "name", "provenance", "confirmed", "imported_at")
LINK_KEYS = ("provenance", "confirmed", "imported_at")

ACTOR_RETURN: LiteralString = (
    " RETURN properties(a) AS props,"
    " COLLECT { MATCH (a)-[:LOCATED_IN]->(m:Actor) RETURN m.id } AS seat,"
    " COLLECT { MATCH (a)-[:SERVES]->(m:Actor) RETURN m.id } AS serves,"
    " COLLECT { MATCH (a)-[:WORKS_ON]->(f:FieldOfAction) RETURN f.id } AS fields"
    " ORDER BY a.id"
)


def actor_properties(actor: Actor) -> dict[str, Any]:
    """The properties of an actor's node: its free properties and its record attributes."""
    props = {k: plain_value(v) for k, v in actor.properties.items()}
    props.update(
        id=actor.id, name=actor.name, kind=actor.kind, town=actor.town, serves_district=actor.serves_district,
        provenance=actor.provenance, imported_at=actor.imported_at, confirmed=actor.confirmed,
    )
    return props


def relation_properties(rel: Relation) -> dict[str, Any]:
    """The properties of a tie's relationship; no dates when it has none."""
    props = {k: plain_value(v) for k, v in rel.properties.items()}
    props.update(
        fields=list(rel.fields), note=rel.note, provenance=rel.provenance, imported_at=rel.imported_at,
        confirmed=rel.confirmed,
    )
    if rel.since:
        props["since"] = rel.since
    if rel.until:
        props["until"] = rel.until
    return props


def field_properties(field: FieldOfAction) -> dict[str, Any]:
    """The properties of a field of action's node."""
    return {
        "id": field.id, "label_en": field.label_en, "label_de": field.label_de,
        "description": field.description, "provenance": field.provenance, "imported_at": field.imported_at,
    }


def term_properties(term: Any) -> dict[str, Any]:
    """The properties of a vocabulary term's node (an actor kind or a relation type)."""
    return {"id": term.id, "label_en": term.label_en, "label_de": term.label_de,
            "description": term.description, "source": term.source}


def actor_from_row(row: dict[str, Any]) -> Actor:
    """The actor a row of :data:`ACTOR_RETURN` stands for."""
    props = dict(row["props"])
    core = {k: props.pop(k, None) for k in ACTOR_KEYS}
    seat = row["seat"]
    return Actor(
        id=core["id"],
        name=core["name"],
        kind=core["kind"],
        town=core["town"] or "",
        serves_district=bool(core["serves_district"]),
        provenance=core["provenance"] or "",
        imported_at=core["imported_at"] or "",
        confirmed=core["confirmed"] or "",
        municipality=seat[0] if seat else None,
        serves=tuple(row["serves"]),
        fields=tuple(row["fields"]),
        properties=props,
    )


def relation_from_row(row: dict[str, Any], vocabulary: Vocabulary) -> Relation:
    """The tie a relationship row (``source``, ``type``, ``target``, ``props``) stands for."""
    props = dict(row["props"])
    core = {k: props.pop(k, None) for k in RELATION_KEYS}
    return Relation(
        source=row["source"],
        type=vocabulary.relation_type_from_neo4j(row["type"]) or row["type"].lower(),
        target=row["target"],
        fields=tuple(core["fields"] or ()),
        since=core["since"],
        until=core["until"],
        note=core["note"] or "",
        provenance=core["provenance"] or "",
        imported_at=core["imported_at"] or "",
        confirmed=core["confirmed"] or "",
        properties=props,
    )


def node_properties(node: Node) -> dict[str, Any]:
    """The properties of a node of another type: its free properties and its record attributes (not its type,
    which is its label)."""
    props = {k: plain_value(v) for k, v in node.properties.items()}
    props.update(id=node.id, name=node.name, provenance=node.provenance, confirmed=node.confirmed,
                 imported_at=node.imported_at)
    return props


def link_properties(link: Link) -> dict[str, Any]:
    """The properties of a link's relationship: its free properties, provenance, confirmed and imported_at."""
    props = {k: plain_value(v) for k, v in link.properties.items()}
    props.update(provenance=link.provenance, confirmed=link.confirmed, imported_at=link.imported_at)
    return props


def node_from_row(node_type: str, props: dict[str, Any]) -> Node:
    """The node of type ``node_type`` (its label) whose properties are ``props``."""
    free = dict(props)
    core = {k: free.pop(k, None) for k in NODE_KEYS}
    return Node(id=core["id"], type=node_type, name=core["name"] or "", provenance=core["provenance"] or "",
                confirmed=core["confirmed"] or "", imported_at=core["imported_at"] or "", properties=free)


def link_from_row(row: dict[str, Any]) -> Link:
    """The link a row (``source``, ``source_type``, ``type``, ``target``, ``target_type``, ``props``) stands for."""
    free = dict(row["props"])
    core = {k: free.pop(k, None) for k in LINK_KEYS}
    return Link(source=row["source"], source_type=row["source_type"], type=row["type"], target=row["target"],
                target_type=row["target_type"], provenance=core["provenance"] or "",
                confirmed=core["confirmed"] or "", imported_at=core["imported_at"] or "", properties=free)
