"""Checks every backend runs before it builds a query or opens a transaction."""

from __future__ import annotations

from collections.abc import Mapping

from graph.errors import ConfigurationError, UnknownReferenceError, VocabularyError
from graph.model.domain import GraphBatch
from graph.model.vocabulary import Vocabulary
from graph.store.base import MAX_DEPTH

__all__ = ["check_batch", "check_depth", "unknown_references"]


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


_RESERVED = frozenset({
    "id", "name", "kind", "town", "serves_district", "provenance", "imported_at",
    "source", "target", "type", "fields", "since", "until", "note", "municipality", "serves",
})


def _check_properties(where: str, properties: Mapping[str, object]) -> None:
    for key, value in properties.items():
        if key in _RESERVED:
            raise VocabularyError(f"{where}: the property name {key!r} is reserved.")
        ok = isinstance(value, str | int | float | bool) or (
            isinstance(value, tuple) and all(isinstance(v, str) for v in value)
        )
        if not ok:
            raise VocabularyError(f"{where}: property {key!r} has a value of unsupported type "
                                  f"{type(value).__name__}.")


def unknown_references(missing: list[str], *, fields: bool) -> UnknownReferenceError:
    """The error for a batch that names actors (or fields of action) neither in it nor in the store."""
    what = "field(s) of action" if fields else "actor(s)"
    shown = ", ".join(missing[:10]) + (" …" if len(missing) > 10 else "")
    return UnknownReferenceError(f"The batch refers to unknown {what} {shown}; nothing of it was written.",
                                 tuple(missing))
