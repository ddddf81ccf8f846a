"""Which header means which column: English and German aliases, matched case- and punctuation-insensitively.

A table's role (actors or relations) is recognised from its headers. Exports write the canonical names
(the first of each alias list), which this module also reads.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["ACTOR_COLUMNS", "RELATION_COLUMNS", "ColumnMap", "Role", "detect_role", "header_key", "map_columns"]


class Role(StrEnum):
    ACTORS = "actors"
    RELATIONS = "relations"


ACTOR_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "id": ("id", "kennung", "identifier"),
    "name": ("name", "bezeichnung", "organisation", "organization"),
    "kind": ("kind", "type", "art", "typ", "akteursart"),
    "municipality": ("municipality", "gemeinde", "kommune", "ort", "town", "sitz"),
    "fields": ("fields", "handlungsfelder", "handlungsfeld", "fields of action", "field of action"),
    "serves": ("serves", "einzugsgebiet", "zuständig für"),
    "website": ("website", "webseite", "homepage", "url"),
    "notes": ("notes", "bemerkungen", "notizen", "bemerkung", "note"),
    "provenance": ("provenance", "source", "quelle", "datenquelle"),
    "ags": ("ags", "gemeindeschlüssel", "amtlicher gemeindeschlüssel"),
    "population": ("population", "einwohner", "einwohnerzahl"),
    "population_date": ("population_date", "stichtag", "einwohner stichtag"),
    "lat": ("lat", "breitengrad", "latitude"),
    "lon": ("lon", "längengrad", "longitude"),
    "contact": ("contact", "ansprechperson", "ansprechpartner", "ansprechpartnerin", "kontakt"),
    "email": ("email", "e-mail", "mail"),
    "phone": ("phone", "telefon", "tel"),
}

RELATION_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "from": ("from", "source", "von"),
    "to": ("to", "target", "nach", "an"),
    "type": ("type", "beziehung", "art", "typ", "relation"),
    "fields": ("fields", "handlungsfelder", "handlungsfeld", "fields of action", "field of action"),
    "since": ("since", "seit"),
    "until": ("until", "bis"),
    "note": ("note", "bemerkung", "notes", "bemerkungen", "notizen"),
    "provenance": ("provenance", "datenquelle", "quelle", "provenienz"),
}


def header_key(header: str) -> str:
    """Fold a header for matching: Unicode NFKC, case-folded, only letters and digits kept."""
    folded = unicodedata.normalize("NFKC", header).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


def _alias_index(columns: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    return {header_key(alias): canonical for canonical, aliases in columns.items() for alias in aliases}


_ACTOR_INDEX = _alias_index(ACTOR_COLUMNS)
_RELATION_INDEX = _alias_index(RELATION_COLUMNS)


@dataclass(frozen=True)
class ColumnMap:
    """Where each canonical column sits in a table, and which headers are extra properties."""

    role: Role
    positions: Mapping[str, int]  # canonical name → index into the row's values
    headers: Mapping[str, str]  # canonical name → the header as written
    extra: Mapping[int, str]  # index → header as written, for columns kept as properties
    duplicates: tuple[tuple[str, str], ...]  # (canonical, header) of a second column meaning the same


def map_columns(headers: Sequence[str], role: Role) -> ColumnMap:
    """Map ``headers`` to the canonical columns of ``role``; unknown headers become extra properties."""
    index = _ACTOR_INDEX if role is Role.ACTORS else _RELATION_INDEX
    positions: dict[str, int] = {}
    names: dict[str, str] = {}
    extra: dict[int, str] = {}
    duplicates: list[tuple[str, str]] = []
    for position, header in enumerate(headers):
        canonical = index.get(header_key(header))
        if canonical is None:
            if header.strip():
                extra[position] = header.strip()
        elif canonical in positions:
            duplicates.append((canonical, header))
        else:
            positions[canonical] = position
            names[canonical] = header
    return ColumnMap(role, positions, names, extra, tuple(duplicates))


def detect_role(headers: Sequence[str]) -> Role | None:
    """Relations when there are from and to columns, actors when there is a name column, else None."""
    keys = {header_key(h) for h in headers}
    relation_hits = {_RELATION_INDEX[k] for k in keys if k in _RELATION_INDEX}
    if {"from", "to"} <= relation_hits:
        return Role.RELATIONS
    if any(_ACTOR_INDEX.get(k) == "name" for k in keys):
        return Role.ACTORS
    return None
