"""The exchange format as tables: actors and relations in the columns the importer reads.

CSV and XLSX exports both start from these rows; each writer then turns values into cells its own way
(CSV: text throughout; XLSX: numbers stay numbers). Values are raw here: nothing is neutralised yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graph.model.domain import PERSONAL_PROPERTIES, Actor, Relation, Subgraph

__all__ = ["ACTOR_COLUMNS", "RELATION_COLUMNS", "actor_rows", "relation_rows"]

#: The canonical headers the importer reads (the first alias of each column).
ACTOR_COLUMNS = ("id", "name", "kind", "municipality", "fields", "serves", "website", "notes", "provenance",
                 "ags", "population", "population_date", "lat", "lon")
RELATION_COLUMNS = ("from", "to", "type", "fields", "since", "until", "note", "provenance")

Table = tuple[list[str], list[list[Any]]]


def _extra_keys(records: Iterable[Actor] | Iterable[Relation], fixed: Iterable[str]) -> list[str]:
    fixed = set(fixed)
    return sorted({k for r in records for k in r.properties if k not in fixed})


def _municipality_ref(actor: Actor | None, actor_id: str) -> str:
    if actor is None:
        return actor_id
    ags = actor.properties.get("ags")
    return ags if isinstance(ags, str) and ags else actor.name


def actor_rows(subgraph: Subgraph) -> Table:
    """``(headers, rows)`` of the actors: the canonical columns, the personal ones when any actor has
    them, then every other property; a municipality served is named by its AGS (else its name), the
    whole district by ``district``. Multi-valued cells are tuples."""
    names = {a.id: a for a in subgraph.actors}
    columns = list(ACTOR_COLUMNS) + [k for k in PERSONAL_PROPERTIES
                                     if any(k in a.properties for a in subgraph.actors)]
    columns += _extra_keys(subgraph.actors, columns)
    rows = []
    for actor in subgraph.actors:
        serves: tuple[str, ...] = ("district",) if actor.serves_district else ()
        serves += tuple(_municipality_ref(names.get(m), m) for m in actor.serves)
        core: dict[str, Any] = {
            "id": actor.id, "name": actor.name, "kind": actor.kind,
            "municipality": "" if actor.kind == "municipality" else actor.town,
            "fields": actor.fields, "serves": serves, "provenance": actor.provenance,
        }
        rows.append([core[c] if c in core else actor.properties.get(c) for c in columns])
    return columns, rows


def relation_rows(subgraph: Subgraph) -> Table:
    """``(headers, rows)`` of the ties: the canonical columns, then every other property."""
    columns = list(RELATION_COLUMNS) + _extra_keys(subgraph.relations, RELATION_COLUMNS)
    rows = []
    for rel in subgraph.relations:
        core: dict[str, Any] = {"from": rel.source, "to": rel.target, "type": rel.type, "fields": rel.fields,
                                "since": rel.since, "until": rel.until, "note": rel.note,
                                "provenance": rel.provenance}
        rows.append([core[c] if c in core else rel.properties.get(c) for c in columns])
    return columns, rows
