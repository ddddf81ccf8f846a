"""The knowledge graph's records: actors, ties between them, fields of action.

Records are immutable values. ``properties`` holds everything that is not structure (website, notes,
population figures, coordinates, personal contact data, extra spreadsheet columns); its values are
strings, numbers, booleans or lists of strings, which both stores keep as they are.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from graph.model.personal import undeclared_personal

__all__ = [
    "ACTOR_OWN_PROPERTIES",
    "ILLUSTRATIVE",
    "PERSONAL_PROPERTIES",
    "Actor",
    "ActorFilter",
    "FieldOfAction",
    "GraphBatch",
    "PropertyValue",
    "Relation",
    "Stats",
    "Subgraph",
    "TieCounts",
    "actor_id_for",
    "municipality_id_for",
    "plain_value",
]

#: Properties that hold personal data; left out of exports unless asked for.
PERSONAL_PROPERTIES = ("contact", "email", "phone")
#: The properties an actor's own import columns fill: never taken for undeclared personal data (an AGS such as
#: 08118048 would look like a phone number).
ACTOR_OWN_PROPERTIES = frozenset({"website", "notes", "ags", "population", "population_date", "lat", "lon"})
#: The provenance of demonstration ties.
ILLUSTRATIVE = "illustrative"

PropertyValue = str | int | float | bool | tuple[str, ...]


def plain_value(value: Any) -> Any:
    """``value`` as JSON, a store or a driver takes it: a tuple becomes a list, anything else stays.

    >>> plain_value(("a", "b")), plain_value(3)
    (['a', 'b'], 3)
    """
    return list(value) if isinstance(value, tuple) else value


def _frozen(mapping: Mapping[str, Any] | None) -> Mapping[str, Any]:
    items = {}
    for key, value in (mapping or {}).items():
        if value is None or value == "":
            continue
        items[key] = tuple(value) if isinstance(value, list) else value
    return MappingProxyType(dict(sorted(items.items())))


@dataclass(frozen=True)
class FieldOfAction:
    """A field of action (Handlungsfeld), e.g. ``language_education``."""

    id: str
    label_en: str
    label_de: str
    description: str = ""
    provenance: str = ""
    imported_at: str = ""

    def label(self, language: str) -> str:
        return self.label_de if language == "de" else self.label_en


@dataclass(frozen=True)
class Actor:
    """An organisation or public body in the network.

    ``municipality`` is the id of the municipality actor it is seated in (``LOCATED_IN``), if that
    municipality is in the store; ``town`` is the place name as given (kept also when it is not a
    municipality of the district, e.g. Stuttgart for a ministry). ``serves`` lists municipality ids
    (``SERVES``); ``serves_district`` says the actor serves the whole district. ``fields`` lists the
    fields of action it works on (``WORKS_ON``).
    """

    id: str
    name: str
    kind: str
    municipality: str | None = None
    town: str = ""
    fields: tuple[str, ...] = ()
    serves: tuple[str, ...] = ()
    serves_district: bool = False
    provenance: str = ""
    imported_at: str = ""
    properties: Mapping[str, PropertyValue] = field(default_factory=dict)
    #: The date (ISO) the facts were last confirmed; empty when never.
    confirmed: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", tuple(sorted(set(self.fields))))
        object.__setattr__(self, "serves", tuple(sorted(set(self.serves))))
        object.__setattr__(self, "properties", _frozen(self.properties))

    @property
    def is_illustrative(self) -> bool:
        return self.provenance == ILLUSTRATIVE

    def as_record(self) -> dict[str, Any]:
        """Every field as plain JSON-ready data (lists for tuples); :meth:`from_record` reads it back."""
        return {
            "id": self.id, "name": self.name, "kind": self.kind, "municipality": self.municipality,
            "town": self.town, "fields": list(self.fields), "serves": list(self.serves),
            "serves_district": self.serves_district, "provenance": self.provenance,
            "imported_at": self.imported_at, "properties": {k: plain_value(v) for k, v in self.properties.items()},
            "confirmed": self.confirmed,
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Actor:
        """The actor of :meth:`as_record`; only ``id``, ``name`` and ``kind`` are required."""
        return cls(
            id=record["id"], name=record["name"], kind=record["kind"], municipality=record.get("municipality"),
            town=record.get("town", ""), fields=tuple(record.get("fields", ())),
            serves=tuple(record.get("serves", ())), serves_district=bool(record.get("serves_district")),
            provenance=record.get("provenance", ""), imported_at=record.get("imported_at", ""),
            properties=record.get("properties", {}), confirmed=record.get("confirmed", "") or "",
        )

    def personal_keys(self, declared: Collection[str] = (), personal: Collection[str] = ()) -> frozenset[str]:
        """The properties of this actor that hold personal data: contact person, e-mail and phone, and every
        property that is neither the actor's own (:data:`ACTOR_OWN_PROPERTIES`) nor in ``declared`` (the schema's
        properties of actors) whose value looks like an e-mail address or a phone number
        (:mod:`graph.model.personal`); ``personal`` adds those the schema declares personal."""
        named = set(PERSONAL_PROPERTIES) | set(personal)
        known = ACTOR_OWN_PROPERTIES | set(declared) | named
        return frozenset(k for k in self.properties if k in named) | undeclared_personal(self.properties, known)

    def without_personal_data(self, declared: Collection[str] = (), personal: Collection[str] = ()) -> Actor:
        """A copy without the properties :meth:`personal_keys` names."""
        found = self.personal_keys(declared, personal)
        return replace(self, properties={k: v for k, v in self.properties.items() if k not in found})

    def __hash__(self) -> int:
        return hash((self.id, self.name, self.kind))


@dataclass(frozen=True)
class Relation:
    """A typed tie between two actors, identified by (source, type, target)."""

    source: str
    type: str
    target: str
    fields: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    note: str = ""
    provenance: str = ""
    imported_at: str = ""
    properties: Mapping[str, PropertyValue] = field(default_factory=dict)
    #: The date (ISO) the tie was last confirmed; empty when never.
    confirmed: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", tuple(sorted(set(self.fields))))
        object.__setattr__(self, "properties", _frozen(self.properties))

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source, self.type, self.target)

    def as_record(self) -> dict[str, Any]:
        """Every field as plain JSON-ready data (lists for tuples); :meth:`from_record` reads it back."""
        return {
            "source": self.source, "type": self.type, "target": self.target, "fields": list(self.fields),
            "since": self.since, "until": self.until, "note": self.note, "provenance": self.provenance,
            "imported_at": self.imported_at, "properties": {k: plain_value(v) for k, v in self.properties.items()},
            "confirmed": self.confirmed,
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Relation:
        """The tie of :meth:`as_record`; only ``source``, ``type`` and ``target`` are required."""
        return cls(
            source=record["source"], type=record["type"], target=record["target"],
            fields=tuple(record.get("fields", ())), since=record.get("since"), until=record.get("until"),
            note=record.get("note", ""), provenance=record.get("provenance", ""),
            imported_at=record.get("imported_at", ""), properties=record.get("properties", {}),
            confirmed=record.get("confirmed", "") or "",
        )

    def without_personal_data(self) -> Relation:
        """A copy without the extra properties whose value looks like an e-mail address or a phone number (a tie
        has no declared personal properties; its note stays, and an import warns about contact data in it)."""
        personal = undeclared_personal(self.properties, ())
        return replace(self, properties={k: v for k, v in self.properties.items() if k not in personal})

    @property
    def is_illustrative(self) -> bool:
        return self.provenance == ILLUSTRATIVE

    def __hash__(self) -> int:
        return hash(self.key)


@dataclass(frozen=True)
class GraphBatch:
    """What one atomic write carries: it is written whole or not at all."""

    fields: tuple[FieldOfAction, ...] = ()
    actors: tuple[Actor, ...] = ()
    relations: tuple[Relation, ...] = ()
    #: Nodes of the other schema types (:class:`graph.model.knowledge.Node`) and links between any nodes
    #: (:class:`graph.model.knowledge.Link`); typed loosely here so that this module does not import them.
    nodes: tuple[Any, ...] = ()
    links: tuple[Any, ...] = ()

    def __len__(self) -> int:
        return len(self.fields) + len(self.actors) + len(self.relations) + len(self.nodes) + len(self.links)


@dataclass(frozen=True)
class Stats:
    """Counts of the store's content. ``relations`` counts ties between actors only."""

    actors: int
    relations: int
    municipalities: int
    fields_of_action: int
    by_kind: Mapping[str, int]
    by_relation_type: Mapping[str, int]
    #: Nodes per schema type, Actor and FieldOfAction included; links (between any nodes) per link type.
    by_node_type: Mapping[str, int] = field(default_factory=dict)
    by_link_type: Mapping[str, int] = field(default_factory=dict)

    @property
    def links(self) -> int:
        return sum(self.by_link_type.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "actors": self.actors,
            "relations": self.relations,
            "municipalities": self.municipalities,
            "fields_of_action": self.fields_of_action,
            "by_kind": dict(sorted(self.by_kind.items())),
            "by_relation_type": dict(sorted(self.by_relation_type.items())),
            "by_node_type": dict(sorted(self.by_node_type.items())),
            "links": self.links,
            "by_link_type": dict(sorted(self.by_link_type.items())),
        }


@dataclass(frozen=True)
class Subgraph:
    """A set of actors and the ties among them."""

    actors: tuple[Actor, ...]
    relations: tuple[Relation, ...]

    def actor_ids(self) -> frozenset[str]:
        return frozenset(a.id for a in self.actors)


@dataclass(frozen=True)
class TieCounts:
    """The tie network as a store counts it, without the ties' properties.

    ``actors``: every actor as (id, {"name", "kind", "fields"}), ``fields`` a sorted tuple; ``ties``:
    (source, target, number of ties from source to target) for every ordered pair with a tie, in any order.
    """

    actors: tuple[tuple[str, Mapping[str, Any]], ...]
    ties: tuple[tuple[str, str, int], ...]


@dataclass(frozen=True)
class ActorFilter:
    """Which actors a read returns; an empty tuple means no restriction on that attribute.

    ``municipalities`` matches actors seated in or serving one of them (and the municipality actors
    themselves); ``include_district_wide`` adds actors that serve the whole district.
    """

    kinds: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    municipalities: tuple[str, ...] = ()
    include_district_wide: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.kinds or self.fields or self.municipalities)


def _slug(text: str) -> str:
    ascii_text = (
        unicodedata.normalize("NFKD", text.replace("ß", "ss"))
        .encode("ascii", "ignore")
        .decode("ascii")
        .lower()
    )
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def actor_id_for(kind: str, name: str, municipality: str) -> str:
    """A deterministic id for an actor given without one: the same row always gives the same id."""
    digest = hashlib.sha256(f"{kind}\x1f{name}\x1f{municipality}".encode()).hexdigest()[:8]
    slug = _slug(name)[:40].strip("-") or "actor"
    return f"{slug}-{digest}"


def municipality_id_for(ags: str) -> str:
    """A municipality's id derives from its official key (AGS)."""
    return f"ags-{ags.strip()}"
