"""Which header means which column: English and German aliases, matched case- and punctuation-insensitively.

A table's role (actors or relations) is recognised from its headers. Exports write the canonical names
(the first of each alias list), which this module also reads. Tables of the other node types and of links are
recognised by their names (:mod:`importers.node_tables`); a links table has the columns of a relations table.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "ACTOR_COLUMNS", "CONFIRMED_ALIASES", "LINK_COLUMNS", "RELATION_COLUMNS", "ColumnMap", "Role", "detect_role",
    "header_key", "map_columns", "map_headers",
]


class Role(StrEnum):
    ACTORS = "actors"
    RELATIONS = "relations"
    #: A table of one node type of the schema (its columns come from the type's properties).
    NODES = "nodes"
    #: A table of links between any nodes; the columns of a relations table.
    LINKS = "links"


#: The headers of the date a record was last confirmed (every table has this column).
CONFIRMED_ALIASES = ("confirmed", "bestätigt am", "bestätigt", "zuletzt bestätigt", "last confirmed",
                     "confirmed on")


#: The headers of the personal columns, German and English, as offices write them (folded by :func:`header_key`,
#: so "Ansprechpartner/in", "Ansprechpartner:in" and "E-Mail-Adresse" match too).
CONTACT_ALIASES = ("contact", "contact person", "contact name", "ansprechperson", "ansprechpartner",
                   "ansprechpartnerin", "ansprechpartner/in", "kontakt", "kontaktperson", "kontaktname")
EMAIL_ALIASES = ("email", "e-mail", "mail", "e-mail-adresse", "email address", "e-mail address", "mail address",
                 "mailadresse")
PHONE_ALIASES = ("phone", "telefon", "tel", "telefonnummer", "tel.-nr.", "telefon-nr.", "rufnummer", "handy",
                 "handynummer", "mobil", "mobilnummer", "mobiltelefon", "mobile", "phone number", "telephone",
                 "durchwahl")
#: Which aliases belong to which personal property (for node tables of types that declare them too).
PERSONAL_ALIASES: Mapping[str, tuple[str, ...]] = {"contact": CONTACT_ALIASES, "email": EMAIL_ALIASES,
                                                   "phone": PHONE_ALIASES}

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
    "contact": CONTACT_ALIASES,
    "email": EMAIL_ALIASES,
    "phone": PHONE_ALIASES,
    "confirmed": CONFIRMED_ALIASES,
}

RELATION_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "from": ("from", "source", "von"),
    "to": ("to", "target", "nach", "an"),
    "type": ("type", "beziehung", "art", "typ", "relation"),
    "fields": ("fields", "handlungsfelder", "handlungsfeld", "fields of action", "field of action"),
    "since": ("since", "seit"),
    "until": ("until", "bis"),
    "note": ("note", "bemerkung", "notes", "bemerkungen", "notizen", "hinweis"),
    "provenance": ("provenance", "datenquelle", "quelle", "provenienz"),
    "confirmed": CONFIRMED_ALIASES,
}


#: A links table: the columns of a relations table (it may hold ties between actors too), where "source" means
#: the provenance (as the links export writes it), "Link"/"Verknüpfung" the link type, and the ends' names and
#: types that the export writes beside their ids are read and left aside (the ids decide).
LINK_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "from": ("from", "von"),
    "to": ("to", "target", "nach", "an"),
    "type": ("type", "art", "typ", "link", "link type", "verknüpfung", "verknüpfungsart", "beziehung", "relation"),
    "fields": RELATION_COLUMNS["fields"],
    "since": RELATION_COLUMNS["since"],
    "until": RELATION_COLUMNS["until"],
    "note": RELATION_COLUMNS["note"],
    "provenance": ("provenance", "source", "quelle", "datenquelle", "provenienz"),
    "confirmed": CONFIRMED_ALIASES,
    "from_name": ("from (name)", "von (name)"),
    "from_type": ("from (type)", "von (typ)"),
    "to_name": ("to (name)", "nach (name)"),
    "to_type": ("to (type)", "nach (typ)"),
}


def header_key(header: str) -> str:
    """Fold a header for matching: Unicode NFKC, case-folded, only letters and digits kept."""
    folded = unicodedata.normalize("NFKC", header).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


def _alias_index(columns: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    return {header_key(alias): canonical for canonical, aliases in columns.items() for alias in aliases}


_ACTOR_INDEX = _alias_index(ACTOR_COLUMNS)
_RELATION_INDEX = _alias_index(RELATION_COLUMNS)
_LINK_INDEX = _alias_index(LINK_COLUMNS)


@dataclass(frozen=True)
class ColumnMap:
    """Where each canonical column sits in a table, and which headers are extra properties."""

    role: Role
    positions: Mapping[str, int]  # canonical name → index into the row's values
    headers: Mapping[str, str]  # canonical name → the header as written
    extra: Mapping[int, str]  # index → header as written, for columns kept as properties
    duplicates: tuple[tuple[str, str], ...]  # (canonical, header) of a second column meaning the same


def map_columns(headers: Sequence[str], role: Role) -> ColumnMap:
    """Map ``headers`` to the canonical columns of ``role`` (links: those of relations; node tables are mapped by
    :func:`importers.node_tables.map_node_columns`); unknown headers become extra properties."""
    index = {Role.ACTORS: _ACTOR_INDEX, Role.LINKS: _LINK_INDEX}.get(role, _RELATION_INDEX)
    return map_headers(headers, role, index)


def map_headers(headers: Sequence[str], role: Role, index: Mapping[str, str]) -> ColumnMap:
    """Map ``headers`` through ``index`` (folded alias → canonical column, see :func:`header_key`); unknown headers
    become extra properties, a second header for the same column a duplicate — except a second contact person,
    e-mail or phone column, which is kept as an extra property (:mod:`graph.model.personal` finds it personal)."""
    positions: dict[str, int] = {}
    names: dict[str, str] = {}
    extra: dict[int, str] = {}
    duplicates: list[tuple[str, str]] = []
    for position, header in enumerate(headers):
        canonical = index.get(header_key(header))
        if canonical is None:
            if header.strip():
                extra[position] = header.strip()
        elif canonical in positions and canonical in PERSONAL_ALIASES:
            # "Telefon" and "Handy" side by side: the second is kept under its header, personal by its values.
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
