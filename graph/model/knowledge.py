"""The knowledge graph's other records: nodes of every schema type beyond actors, and links between any two nodes.

A :class:`Node` is a format, an event, a document, an offer, a programme, a recommendation, a figure or a
region — any type of :mod:`graph.model.schema` that is ``stored_as`` ``node``; its ``properties`` are the
type's declared properties (plus any extra spreadsheet columns). A :class:`Link` joins two nodes of any type
(an actor, a field of action or a node) by a link type of the schema; its ends are named by id and by type,
so a store never has to guess a label. Ties *between actors* stay :class:`~graph.model.domain.Relation`.

Every node and link keeps its provenance (``provenance``: the published source, the file, or
``illustrative``) and the date it was last confirmed (``confirmed``, ISO date, empty when never).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from graph.model.domain import ILLUSTRATIVE, PropertyValue, _frozen, _slug, plain_value

__all__ = ["Link", "Node", "node_id_for"]


@dataclass(frozen=True)
class Node:
    """A node of a schema type stored as ``node`` (not an actor, not a field of action)."""

    id: str
    type: str
    name: str
    provenance: str = ""
    confirmed: str = ""
    imported_at: str = ""
    properties: Mapping[str, PropertyValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "properties", _frozen(self.properties))

    @property
    def is_illustrative(self) -> bool:
        return self.provenance == ILLUSTRATIVE

    def get(self, name: str, default: Any = None) -> Any:
        """The property ``name`` (``default`` when the node has none)."""
        return self.properties.get(name, default)

    def as_record(self) -> dict[str, Any]:
        """Every field as plain JSON-ready data; :meth:`from_record` reads it back."""
        return {
            "id": self.id, "type": self.type, "name": self.name, "provenance": self.provenance,
            "confirmed": self.confirmed, "imported_at": self.imported_at,
            "properties": {k: plain_value(v) for k, v in self.properties.items()},
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Node:
        """The node of :meth:`as_record`; only ``id``, ``type`` and ``name`` are required."""
        return cls(
            id=record["id"], type=record["type"], name=record["name"], provenance=record.get("provenance", ""),
            confirmed=record.get("confirmed", "") or "", imported_at=record.get("imported_at", "") or "",
            properties=record.get("properties", {}),
        )

    def without(self, names: tuple[str, ...]) -> Node:
        """A copy without the properties ``names`` (e.g. the type's personal properties)."""
        return replace(self, properties={k: v for k, v in self.properties.items() if k not in names})

    def __hash__(self) -> int:
        return hash((self.type, self.id))


@dataclass(frozen=True)
class Link:
    """A typed link between two nodes of any type, identified by (source, type, target)."""

    source: str
    source_type: str
    type: str
    target: str
    target_type: str
    provenance: str = ""
    confirmed: str = ""
    imported_at: str = ""
    properties: Mapping[str, PropertyValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "properties", _frozen(self.properties))

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source, self.type, self.target)

    @property
    def is_illustrative(self) -> bool:
        return self.provenance == ILLUSTRATIVE

    def as_record(self) -> dict[str, Any]:
        """Every field as plain JSON-ready data; :meth:`from_record` reads it back."""
        return {
            "source": self.source, "source_type": self.source_type, "type": self.type, "target": self.target,
            "target_type": self.target_type, "provenance": self.provenance, "confirmed": self.confirmed,
            "imported_at": self.imported_at, "properties": {k: plain_value(v) for k, v in self.properties.items()},
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Link:
        """The link of :meth:`as_record`."""
        return cls(
            source=record["source"], source_type=record["source_type"], type=record["type"],
            target=record["target"], target_type=record["target_type"], provenance=record.get("provenance", ""),
            confirmed=record.get("confirmed", "") or "", imported_at=record.get("imported_at", "") or "",
            properties=record.get("properties", {}),
        )

    def __hash__(self) -> int:
        return hash(self.key)


def node_id_for(prefix: str, name: str, qualifier: str = "") -> str:
    """A deterministic id for a node given without one: ``prefix-slug-digest``; the same row, the same id.

    >>> node_id_for("event", "Integrationskonferenz 2020")
    'event-integrationskonferenz-2020-7d876cd4'
    """
    digest = hashlib.sha256(f"{prefix}\x1f{name}\x1f{qualifier}".encode()).hexdigest()[:8]
    slug = _slug(name)[:40].strip("-") or prefix
    return f"{prefix}-{slug}-{digest}"
