"""Vocabularies as data: actor kinds, relation types and fields of action.

Each entry has an id, an English and a German label. A district replaces the CSV files in
``data/vocabularies/`` (or points ``INTEGRANET_VOCABULARY_DIR`` elsewhere) without touching code.

Ids become Neo4j relationship types (``cooperates_with`` → ``COOPERATES_WITH``), so they are restricted to
lower-case ASCII identifiers; that, and nothing else, is what makes it safe to place them in query text.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from pathlib import Path
from typing import LiteralString, cast

from graph.errors import VocabularyError
from graph.model.schema import STRUCTURE_TYPES, Schema
from graph.model.terms import Term, TermSet, normalise_label

__all__ = ["MUNICIPALITY_KIND", "STRUCTURE_TYPES", "Term", "TermSet", "Vocabulary", "normalise_label"]

#: The actor kind that marks a municipality; the only kind the code knows by name.
MUNICIPALITY_KIND = "municipality"

_IDENTIFIER = re.compile(r"[A-Z][A-Z0-9_]{0,62}")


class Vocabulary:
    """The actor kinds, relation types and fields of action a store works with."""

    __slots__ = ("fields", "kinds", "relation_types", "schema")

    def __init__(
        self,
        actor_kinds: Iterable[Term],
        relation_types: Iterable[Term],
        fields_of_action: Iterable[Term],
        schema: Schema | None = None,
    ) -> None:
        #: Node types, link types and their property vocabularies (:class:`graph.model.schema.Schema`).
        self.schema = schema if schema is not None else Schema.minimal()
        self.kinds = TermSet("actor kinds", actor_kinds)
        self.relation_types = TermSet("relation types", relation_types)
        self.fields = TermSet("fields of action", fields_of_action)
        if MUNICIPALITY_KIND not in self.kinds:
            raise VocabularyError(f"actor kinds: the kind {MUNICIPALITY_KIND!r} is required.")
        for term in self.relation_types:
            if term.id.upper() in STRUCTURE_TYPES:
                raise VocabularyError(f"relation types: {term.id!r} is reserved for the graph's structure.")
            if term.id.upper() in self.schema.link_types:
                raise VocabularyError(f"relation types: {term.id!r} is also a link type of the schema.")

    @classmethod
    def load(cls, folder: Path) -> Vocabulary:
        """Read ``actor_kinds.csv``, ``relation_types.csv``, ``fields_of_action.csv`` and the schema from ``folder``.

        The schema files (``node_types.csv`` …) are optional: without them the schema knows actors and fields only.
        """
        return cls(
            actor_kinds=_read_terms(folder / "actor_kinds.csv"),
            relation_types=_read_terms(folder / "relation_types.csv"),
            fields_of_action=_read_terms(folder / "fields_of_action.csv"),
            schema=Schema.load(folder),
        )

    def neo4j_relationship_type(self, type_id: str) -> LiteralString:
        """The Neo4j relationship type for a relation-type id, checked against the vocabulary.

        This is the only way a relationship type reaches query text: the one place where text from data
        becomes a ``LiteralString`` that a query may hold, after it is found in the vocabulary and checked to
        be a plain identifier (so it can never close the backticks it is written in).
        """
        if type_id not in self.relation_types:
            raise VocabularyError(f"{type_id!r} is not a relation type of this vocabulary.")
        identifier = type_id.upper()
        if not _IDENTIFIER.fullmatch(identifier):
            raise VocabularyError(f"{type_id!r} cannot be a Neo4j relationship type: use letters, digits and _.")
        # mypy reads LiteralString as str; pyright, which checks the queries, needs the cast.
        return cast(LiteralString, identifier)  # type: ignore[redundant-cast]

    def relation_type_from_neo4j(self, rel_type: str) -> str | None:
        """The relation-type id for a Neo4j relationship type, or None for a structure type."""
        candidate = rel_type.lower()
        return candidate if candidate in self.relation_types else None


def _read_terms(path: Path) -> tuple[Term, ...]:
    if not path.is_file():
        raise VocabularyError(f"Vocabulary file not found: {path}. Put the file back or set "
                              "INTEGRANET_VOCABULARY_DIR to a folder that has it.")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"id", "label_en", "label_de"} - set(reader.fieldnames or ())
        if missing:
            raise VocabularyError(f"{path}: line 1: missing column(s) {', '.join(sorted(missing))}.")
        terms = []
        seen: set[str] = set()
        for line, row in enumerate(reader, start=2):
            term_id = (row.get("id") or "").strip()
            if not term_id:
                raise VocabularyError(f"{path}:{line}: id: empty id.")
            if term_id in seen:
                raise VocabularyError(f"{path}:{line}: id: {term_id!r} appears twice.")
            seen.add(term_id)
            terms.append(
                Term(
                    id=term_id,
                    label_en=(row.get("label_en") or "").strip() or term_id,
                    label_de=(row.get("label_de") or "").strip() or term_id,
                    description=(row.get("description") or "").strip(),
                    source=(row.get("source") or "").strip(),
                )
            )
    if not terms:
        raise VocabularyError(f"{path}: the vocabulary is empty.")
    return tuple(terms)
