"""Checks every backend runs before it builds a query or opens a transaction."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from graph.errors import ConfigurationError, StoreWriteError, UnknownReferenceError, VocabularyError
from graph.model.domain import GraphBatch
from graph.model.knowledge import Link, Node
from graph.model.schema import ACTOR_TYPE, FIELD_TYPE, Schema
from graph.model.vocabulary import Vocabulary

__all__ = ["MAX_DEPTH", "NODE_KEYS", "check_batch", "check_depth", "link_ends", "unknown_references"]

#: The deepest neighbourhood a store is asked for; deeper views are a whole-graph question.
MAX_DEPTH = 5
#: The record attributes of a node and of a link, kept beside (and so never among) their free properties.
NODE_KEYS = ("id", "type", "name", "provenance", "confirmed", "imported_at")
LINK_KEYS = ("source", "source_type", "type", "target", "target_type", "provenance", "confirmed", "imported_at")


def check_depth(depth: int) -> None:
    """Refuse a neighbourhood depth outside 0..MAX_DEPTH (it is placed in Cypher text as a number)."""
    if not isinstance(depth, int) or isinstance(depth, bool) or not 0 <= depth <= MAX_DEPTH:
        raise ConfigurationError(f"The depth must be a whole number from 0 to {MAX_DEPTH}, not {depth!r}.")


def check_batch(batch: GraphBatch, vocabulary: Vocabulary) -> None:
    """Refuse kinds, relation types and property values a store cannot take, before anything is written."""
    for actor in batch.actors:
        if not actor.id or not actor.name:
            raise VocabularyError(f"An actor needs an id and a name (got id={actor.id!r}, name={actor.name!r}).")
        if actor.kind not in vocabulary.kinds:
            raise VocabularyError(f"Actor {actor.id!r}: {actor.kind!r} is not an actor kind of the vocabulary.")
        _check_properties(f"actor {actor.id!r}", actor.properties)
    for rel in batch.relations:
        if rel.type not in vocabulary.relation_types:
            raise VocabularyError(
                f"Tie {rel.source!r} → {rel.target!r}: {rel.type!r} is not a relation type of the vocabulary."
            )
        _check_properties(f"tie {rel.source!r} → {rel.target!r}", rel.properties)
    for field in batch.fields:
        if field.id not in vocabulary.fields:
            raise VocabularyError(f"{field.id!r} is not a field of action of the vocabulary.")
    _check_nodes(batch, vocabulary.schema)
    _check_links(batch.links, vocabulary.schema)


def _check_nodes(batch: GraphBatch, schema: Schema) -> None:
    """Node types stored as ``node``, valid properties, and one id for one thing within the batch."""
    types: dict[str, str] = {}
    for node in batch.nodes:
        if not isinstance(node, Node):
            raise VocabularyError(f"A batch's nodes are Node records, not {type(node).__name__}.")
        if not node.id or not node.name:
            raise VocabularyError(f"A node needs an id and a name (got id={node.id!r}, name={node.name!r}).")
        if schema.node_type(node.type).stored_as != "node":
            raise VocabularyError(f"Node {node.id!r}: a {node.type} is written as its own record, not as a node.")
        _check_properties(f"{node.type} {node.id!r}", node.properties, NODE_KEYS)
        problems = schema.check_properties(node.type, node.properties)
        if problems:
            raise VocabularyError(f"{node.type} {node.id!r}: " + " ".join(message for _, message in problems))
        if types.setdefault(node.id, node.type) != node.type:
            raise StoreWriteError(f"The batch has {node.id!r} both as a {types[node.id]} and as a {node.type}.")
    others = {a.id for a in batch.actors} | {f.id for f in batch.fields}
    clashing = sorted(set(types) & others)
    if clashing:
        raise StoreWriteError(f"The id(s) {', '.join(clashing)} name both a node and an actor or field of action; "
                              "ids are one namespace. Nothing of this batch was written.")


def _check_links(links: tuple[object, ...], schema: Schema) -> None:
    for link in links:
        if not isinstance(link, Link):
            raise VocabularyError(f"A batch's links are Link records, not {type(link).__name__}.")
        if not link.source or not link.target:
            raise VocabularyError(f"A {link.type} link needs a source and a target.")
        schema.check_link(link.type, link.source_type, link.target_type)
        _check_properties(f"link {link.source!r} {link.type} {link.target!r}", link.properties, LINK_KEYS)


def link_ends(batch: GraphBatch) -> dict[str, set[str]]:
    """The ids each node type must have in the store for the batch's links: the ends the batch lacks, by type."""
    present: dict[str, set[str]] = {ACTOR_TYPE: {a.id for a in batch.actors}, FIELD_TYPE: {f.id for f in batch.fields}}
    for node in batch.nodes:
        present.setdefault(node.type, set()).add(node.id)
    wanted: dict[str, set[str]] = {}
    for link in batch.links:
        for end, end_type in ((link.source, link.source_type), (link.target, link.target_type)):
            if end not in present.get(end_type, ()):
                wanted.setdefault(end_type, set()).add(end)
    return wanted


_RESERVED = frozenset({
    "id", "name", "kind", "town", "serves_district", "provenance", "imported_at", "confirmed",
    "source", "target", "type", "fields", "since", "until", "note", "municipality", "serves",
})


def _check_properties(where: str, properties: Mapping[str, object], reserved: Collection[str] = _RESERVED) -> None:
    for key, value in properties.items():
        if key in reserved:
            raise VocabularyError(f"{where}: the property name {key!r} is reserved.")
        ok = isinstance(value, str | int | float | bool) or (
            isinstance(value, tuple) and all(isinstance(v, str) for v in value)
        )
        if not ok:
            raise VocabularyError(f"{where}: property {key!r} has a value of unsupported type "
                                  f"{type(value).__name__}.")


def unknown_references(missing: list[str], *, fields: bool = False, node_type: str = "") -> UnknownReferenceError:
    """The error for a batch that names actors (or fields of action, or nodes of ``node_type``) neither in it
    nor in the store."""
    if fields or node_type == FIELD_TYPE:
        what = "field(s) of action"
    else:
        what = f"{node_type} node(s)" if node_type not in ("", ACTOR_TYPE) else "actor(s)"
    shown = ", ".join(missing[:10]) + (" …" if len(missing) > 10 else "")
    return UnknownReferenceError(f"The batch refers to unknown {what} {shown}; nothing of it was written.",
                                 tuple(missing))
