"""The knowledge graph's schema as data: node types, their properties, and the link types between them.

Read from four CSV files next to the vocabularies (``data/vocabularies/``): ``node_types.csv`` (one row per
node type), ``node_properties.csv`` (one row per property of a type: data type, required, personal, the
vocabulary of its values, or the link type a column stands for), ``link_types.csv`` (which node types a
link type may join) and ``node_terms.csv`` (the small vocabularies of property values: offer status,
rhythms, language levels …). A district adds a node type, a property or a term by editing these files.

Node-type ids become Neo4j labels and link-type ids relationship types, so both are checked to be plain
identifiers here; :meth:`Schema.neo4j_label` and :meth:`Schema.neo4j_link_type` are the only way either
reaches query text.

``Actor`` and ``FieldOfAction`` are node types too (``stored_as`` ``actor`` / ``field``): they keep their own
records (:class:`~graph.model.domain.Actor`, :class:`~graph.model.domain.FieldOfAction`); every other type is
``stored_as`` ``node`` and is a :class:`~graph.model.knowledge.Node`.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, LiteralString, cast

from graph.errors import VocabularyError
from graph.model.terms import Term, TermSet

__all__ = [
    "ACTOR_TYPE", "DATATYPES", "FIELD_TYPE", "STRUCTURE_TYPES", "LinkType", "NodeType", "PropertySpec", "Schema",
    "check_value",
]

#: Relationship types that carry the actors' structure; relation-type ids must not collide with them.
STRUCTURE_TYPES = ("LOCATED_IN", "SERVES", "WORKS_ON")
ACTOR_TYPE = "Actor"
FIELD_TYPE = "FieldOfAction"
#: What a property's values may be. ``term``/``terms``: one or several ids of the property's vocabulary;
#: ``link``: ids or names of other nodes, joined to this one by the property's link type (an import column
#: that stands for links, not a stored property).
DATATYPES = ("text", "url", "date", "number", "integer", "boolean", "list", "term", "terms", "link")
_STORED_AS = ("actor", "field", "node")
_TYPE_ID = re.compile(r"[A-Z][A-Za-z0-9]{0,62}")
_LINK_ID = re.compile(r"[A-Z][A-Z0-9_]{0,62}")
_PROPERTY = re.compile(r"[a-z][a-z0-9_]{0,62}")
_YES = {"yes", "ja", "true", "1", "x"}
_NO = {"no", "nein", "false", "0", ""}


@dataclass(frozen=True)
class PropertySpec:
    """One property of a node type, as ``node_properties.csv`` declares it."""

    name: str
    label_en: str
    label_de: str
    datatype: str = "text"
    required: bool = False
    personal: bool = False
    vocabulary: str = ""
    link_type: str = ""
    direction: str = ""
    description: str = ""

    def label(self, language: str) -> str:
        return self.label_de if language == "de" else self.label_en

    @property
    def is_link(self) -> bool:
        """True for a column that stands for links (``datatype`` ``link``), not for a stored property."""
        return self.datatype == "link"


@dataclass(frozen=True)
class NodeType:
    """A node type: its labels, how its nodes are stored, and its properties in file order."""

    id: str
    label_en: str
    label_de: str
    plural_en: str
    plural_de: str
    id_prefix: str = ""
    stored_as: str = "node"
    description: str = ""
    source: str = ""
    properties: tuple[PropertySpec, ...] = ()

    def label(self, language: str) -> str:
        return self.label_de if language == "de" else self.label_en

    def plural(self, language: str) -> str:
        return self.plural_de if language == "de" else self.plural_en

    def spec(self, name: str) -> PropertySpec | None:
        """The declared property ``name``, or None."""
        return next((p for p in self.properties if p.name == name), None)

    @property
    def stored_properties(self) -> tuple[PropertySpec, ...]:
        """The properties kept on the node (every one except the link columns)."""
        return tuple(p for p in self.properties if not p.is_link)

    @property
    def link_columns(self) -> tuple[PropertySpec, ...]:
        """The import columns that stand for links."""
        return tuple(p for p in self.properties if p.is_link)

    @property
    def personal_properties(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.properties if p.personal)


@dataclass(frozen=True)
class LinkType:
    """A link type and the node types it may join (``from_types`` → ``to_types``)."""

    id: str
    label_en: str
    label_de: str
    from_types: tuple[str, ...]
    to_types: tuple[str, ...]
    description: str = ""
    source: str = ""

    def label(self, language: str) -> str:
        return self.label_de if language == "de" else self.label_en

    def joins(self, from_type: str, to_type: str) -> bool:
        return from_type in self.from_types and to_type in self.to_types


@dataclass(frozen=True)
class Schema:
    """Node types, link types and the vocabularies of property values, checked against each other."""

    node_types: Mapping[str, NodeType]
    link_types: Mapping[str, LinkType]
    terms: Mapping[str, TermSet] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "node_types", MappingProxyType(dict(self.node_types)))
        object.__setattr__(self, "link_types", MappingProxyType(dict(self.link_types)))
        object.__setattr__(self, "terms", MappingProxyType(dict(self.terms)))
        _check(self)

    # -- lookup -------------------------------------------------------------------------------------
    def node_type(self, type_id: str) -> NodeType:
        """The node type ``type_id``; :class:`VocabularyError` when the schema has none."""
        found = self.node_types.get(type_id)
        if found is None:
            known = ", ".join(self.node_types)
            raise VocabularyError(f"{type_id!r} is not a node type of the schema (known: {known}).")
        return found

    def link_type(self, type_id: str) -> LinkType:
        """The link type ``type_id``; :class:`VocabularyError` when the schema has none."""
        found = self.link_types.get(type_id)
        if found is None:
            raise VocabularyError(f"{type_id!r} is not a link type of the schema.")
        return found

    @property
    def node_only_types(self) -> tuple[NodeType, ...]:
        """The node types stored as generic nodes (every type except Actor and FieldOfAction), in file order."""
        return tuple(t for t in self.node_types.values() if t.stored_as == "node")

    def check_link(self, type_id: str, from_type: str, to_type: str) -> None:
        """Raise :class:`VocabularyError` unless a ``type_id`` link may join ``from_type`` to ``to_type``."""
        link = self.link_type(type_id)
        if not link.joins(from_type, to_type):
            raise VocabularyError(
                f"A {type_id} link joins {'/'.join(link.from_types)} to {'/'.join(link.to_types)}, "
                f"not {from_type} to {to_type}."
            )

    def neo4j_label(self, type_id: str) -> LiteralString:
        """The Neo4j label of a node type, checked against the schema (the only str → label step)."""
        self.node_type(type_id)
        # Checked above and in _check to be a plain identifier; pyright needs the cast to accept it in a query.
        return cast(LiteralString, type_id)  # type: ignore[redundant-cast]

    def neo4j_link_type(self, type_id: str) -> LiteralString:
        """The Neo4j relationship type of a link type, checked against the schema."""
        self.link_type(type_id)
        return cast(LiteralString, type_id)  # type: ignore[redundant-cast]

    def term_label(self, vocabulary: str, term_id: str, language: str) -> str:
        """The label of a property value's term (the id itself when unknown)."""
        terms = self.terms.get(vocabulary)
        return terms.label(term_id, language) if terms is not None else term_id

    # -- validation --------------------------------------------------------------------------------
    def check_properties(self, type_id: str, properties: Mapping[str, Any]) -> list[tuple[str, str]]:
        """Every problem of a node's stored properties as (property, message); empty when they are valid.

        Required properties must be present; declared ones must have their data type and, for terms, a value
        of their vocabulary. Undeclared properties are allowed (extra spreadsheet columns are kept).
        """
        node_type = self.node_type(type_id)
        problems: list[tuple[str, str]] = []
        for spec in node_type.stored_properties:
            value = properties.get(spec.name)
            if value is None or value == "" or value == ():
                if spec.required:
                    problems.append((spec.name, f"{spec.name} is required for a {type_id}."))
                continue
            message = check_value(spec, value, self.terms.get(spec.vocabulary))
            if message:
                problems.append((spec.name, message))
        return problems

    # -- reading -----------------------------------------------------------------------------------
    @classmethod
    def minimal(cls) -> Schema:
        """Actors and fields of action only: the schema of a vocabulary folder without schema files."""
        return cls(
            node_types={
                ACTOR_TYPE: NodeType(ACTOR_TYPE, "Actor", "Akteur", "Actors", "Akteure", stored_as="actor"),
                FIELD_TYPE: NodeType(FIELD_TYPE, "Field of action", "Handlungsfeld", "Fields of action",
                                     "Handlungsfelder", stored_as="field"),
            },
            link_types={},
        )

    @classmethod
    def load(cls, folder: Path) -> Schema:
        """Read the schema files from ``folder``; :meth:`minimal` when ``node_types.csv`` is not there."""
        if not (folder / "node_types.csv").is_file():
            return cls.minimal()
        terms: dict[str, list[Term]] = {}
        for _, row in _rows(folder / "node_terms.csv", ("vocabulary", "id", "label_en", "label_de"), key=2):
            terms.setdefault(row["vocabulary"], []).append(
                Term(row["id"], row["label_en"] or row["id"], row["label_de"] or row["id"],
                     row.get("description", ""), row.get("source", ""))
            )
        properties: dict[str, list[PropertySpec]] = {}
        path = folder / "node_properties.csv"
        for line, row in _rows(path, ("node_type", "property", "datatype"), key=2):
            properties.setdefault(row["node_type"], []).append(
                PropertySpec(
                    name=row["property"], label_en=row.get("label_en") or row["property"],
                    label_de=row.get("label_de") or row["property"], datatype=row["datatype"] or "text",
                    required=_flag(path, line, "required", row.get("required", "")),
                    personal=_flag(path, line, "personal", row.get("personal", "")),
                    vocabulary=row.get("vocabulary", ""), link_type=row.get("link_type", ""),
                    direction=row.get("direction", ""), description=row.get("description", ""),
                )
            )
        node_types = {
            row["id"]: NodeType(
                id=row["id"], label_en=row.get("label_en") or row["id"], label_de=row.get("label_de") or row["id"],
                plural_en=row.get("plural_en") or row["id"], plural_de=row.get("plural_de") or row["id"],
                id_prefix=row.get("id_prefix", ""), stored_as=row.get("stored_as") or "node",
                description=row.get("description", ""), source=row.get("source", ""),
                properties=tuple(properties.pop(row["id"], ())),
            )
            for _, row in _rows(folder / "node_types.csv", ("id", "label_en", "label_de"))
        }
        if properties:
            raise VocabularyError(
                f"{path}: properties for unknown node type(s) {', '.join(sorted(properties))}; "
                "add the type to node_types.csv or correct the name."
            )
        link_types = {
            row["id"]: LinkType(
                id=row["id"], label_en=row.get("label_en") or row["id"], label_de=row.get("label_de") or row["id"],
                from_types=_split(row.get("from_types", "")), to_types=_split(row.get("to_types", "")),
                description=row.get("description", ""), source=row.get("source", ""),
            )
            for _, row in _rows(folder / "link_types.csv", ("id", "from_types", "to_types"))
        }
        return cls(node_types, link_types, {name: TermSet(name, items) for name, items in terms.items()})


def check_value(spec: PropertySpec, value: Any, terms: TermSet | None = None) -> str:
    """The problem with a stored value of ``spec`` (already parsed), or "" when it fits the data type."""
    kind = spec.datatype
    if kind in ("text", "url"):
        return "" if isinstance(value, str) else f"{spec.name}: expected text."
    if kind == "date":
        try:
            dt.date.fromisoformat(str(value))
        except ValueError:
            return f"{spec.name}: {value!r} is not a date (YYYY-MM-DD)."
        return ""
    if kind == "number":
        ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
        return "" if ok else f"{spec.name}: {value!r} is not a number."
    if kind == "integer":
        whole = isinstance(value, int) and not isinstance(value, bool)
        return "" if whole else f"{spec.name}: {value!r} is not a whole number."
    if kind == "boolean":
        return "" if isinstance(value, bool) else f"{spec.name}: {value!r} is not yes or no."
    values = value if isinstance(value, tuple | list) else (value,)
    if kind in ("term", "terms") and terms is not None:
        unknown = [v for v in values if v not in terms]
        if unknown:
            known = ", ".join(terms.ids())
            return f"{spec.name}: {', '.join(map(str, unknown))} not in the vocabulary {spec.vocabulary} ({known})."
    if kind == "term" and len(values) != 1:
        return f"{spec.name}: one value expected."
    return ""


def _check(schema: Schema) -> None:
    kinds = {t.stored_as for t in schema.node_types.values()}
    if ACTOR_TYPE not in schema.node_types or FIELD_TYPE not in schema.node_types:
        raise VocabularyError("node_types.csv: the types Actor and FieldOfAction are required.")
    if not kinds <= set(_STORED_AS):
        raise VocabularyError(f"node_types.csv: stored_as must be one of {', '.join(_STORED_AS)}.")
    for type_id, node_type in schema.node_types.items():
        if not _TYPE_ID.fullmatch(type_id):
            raise VocabularyError(f"node_types.csv: {type_id!r} is not a valid type id (letters and digits, "
                                  "starting with a capital letter).")
        if node_type.stored_as == "node" and not node_type.id_prefix:
            raise VocabularyError(f"node_types.csv: {type_id} needs an id_prefix.")
        for spec in node_type.properties:
            where = f"node_properties.csv: {type_id}.{spec.name}"
            if not _PROPERTY.fullmatch(spec.name):
                raise VocabularyError(f"{where}: a property name is lower-case letters, digits and _.")
            if spec.datatype not in DATATYPES:
                raise VocabularyError(f"{where}: unknown datatype {spec.datatype!r} (one of {', '.join(DATATYPES)}).")
            if spec.datatype in ("term", "terms") and spec.vocabulary not in schema.terms:
                raise VocabularyError(f"{where}: vocabulary {spec.vocabulary!r} is not in node_terms.csv.")
            if spec.is_link:
                if spec.link_type not in schema.link_types:
                    raise VocabularyError(f"{where}: link type {spec.link_type!r} is not in link_types.csv.")
                if spec.direction not in ("in", "out"):
                    raise VocabularyError(f"{where}: direction must be in or out.")
                link = schema.link_types[spec.link_type]
                side = link.from_types if spec.direction == "out" else link.to_types
                if type_id not in side:
                    raise VocabularyError(f"{where}: a {spec.link_type} link cannot {spec.direction} at {type_id}.")
    for link_id, link in schema.link_types.items():
        if not _LINK_ID.fullmatch(link_id):
            raise VocabularyError(f"link_types.csv: {link_id!r} is not a valid link type (A-Z, 0-9, _).")
        if link_id in STRUCTURE_TYPES and link_id != "SERVES":
            raise VocabularyError(f"link_types.csv: {link_id} is reserved for the graph's structure.")
        unknown = [t for t in (*link.from_types, *link.to_types) if t not in schema.node_types]
        if unknown or not link.from_types or not link.to_types:
            names = ", ".join(unknown) or "(none)"
            raise VocabularyError(f"link_types.csv: {link_id} joins unknown node type(s) {names}.")


def _rows(path: Path, required: tuple[str, ...], key: int = 1) -> Iterable[tuple[int, dict[str, str]]]:
    """The rows of a schema file with their line numbers; the first ``key`` required columns identify a row."""
    if not path.is_file():
        raise VocabularyError(f"Schema file not found: {path}. Put the file back or set "
                              "INTEGRANET_VOCABULARY_DIR to a folder that has it.")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = set(required) - set(reader.fieldnames or ())
        if missing:
            raise VocabularyError(f"{path}: line 1: missing column(s) {', '.join(sorted(missing))}.")
        rows = [(line, {k: (v or "").strip() for k, v in row.items() if k}) for line, row in enumerate(reader, 2)]
    seen: set[tuple[str, ...]] = set()
    for line, row in rows:
        missing_values = [c for c in required if not row.get(c)]
        if missing_values:
            raise VocabularyError(f"{path}:{line}: {', '.join(missing_values)}: a value is missing.")
        identity = tuple(row[c] for c in required[:key])
        if identity in seen:
            raise VocabularyError(f"{path}:{line}: {' '.join(identity)} appears twice.")
        seen.add(identity)
        yield line, row


def _flag(path: Path, line: int, column: str, text: str) -> bool:
    folded = text.strip().lower()
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise VocabularyError(f"{path}:{line}: {column}: {text!r} is not yes or no.")


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split("|") if part.strip())
