"""From one table row to one record: an :class:`Actor` from a row of an actors table, a :class:`Relation` from
a row of a relations table, with every problem of the row recorded on it.

References resolve as the rows are built — kinds, relation types and fields by id or label; municipalities
by name or AGS; actors in relations by id or exact name — against the rows built before and the store.
:func:`importers.records.plan_import` decides the order and collects the results.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from graph.model.domain import Actor, Relation, actor_id_for, municipality_id_for
from graph.model.vocabulary import MUNICIPALITY_KIND, TermSet, Vocabulary, normalise_label

from .contact_data import warn_contact_data
from .property_values import confirmed_on, optional_date
from .rows import TableRow
from .values import CellError, cell_text, parse_date, parse_float, parse_int, split_multi

__all__ = ["DISTRICT_WORDS", "RecordBuilder"]

#: Words in a "serves" cell that mean the whole district.
DISTRICT_WORDS = frozenset(
    normalise_label(w) for w in ("district", "whole district", "landkreis", "ganzer landkreis", "kreis",
                                 "kreisweit", "gesamter landkreis")
)


def _options(terms: TermSet, language_first: str = "de") -> str:
    labels = [f"{t.label(language_first)} ({t.id})" for t in terms]
    return ", ".join(labels)


class RecordBuilder:
    """Turns rows into records, resolving references as it goes.

    ``known`` are the actors the store holds already; a row may refer to them and to the actors of rows
    built before it. Municipalities should be built first: other actors' seats and served towns refer to them.
    """

    def __init__(self, vocabulary: Vocabulary, known: Sequence[Actor], imported_at: str) -> None:
        self.vocabulary = vocabulary
        self.imported_at = imported_at
        #: The date a row is confirmed on when its ``confirmed`` cell is empty: none (no import invents a date).
        self.confirmed_default = ""
        self.stored = {a.id: a for a in known}
        # Municipalities by folded name and by AGS: the store's, then this import's.
        self.municipalities: dict[str, tuple[str, str]] = {}
        for actor in known:
            if actor.kind == MUNICIPALITY_KIND:
                self._register_municipality(actor)
        self.actors: dict[str, tuple[Actor, TableRow]] = {}
        self.invalid_actor_refs: dict[str, str] = {}  # id or folded name → where the bad row is
        self.relations: dict[tuple[str, str, str], tuple[Relation, TableRow]] = {}

    # -- municipalities ------------------------------------------------------------------------------
    def _register_municipality(self, actor: Actor) -> None:
        self.municipalities[normalise_label(actor.name)] = (actor.id, actor.name)
        ags = actor.properties.get("ags")
        if isinstance(ags, str) and ags:
            self.municipalities[ags] = (actor.id, actor.name)

    def resolve_municipality(self, text: str) -> tuple[str, str] | None:
        """(id, name) of the municipality named by ``text`` (a name, or an AGS with or without its leading zero)."""
        key = text.strip()
        if key.isdigit():
            key = key.zfill(8)
            return self.municipalities.get(key)
        return self.municipalities.get(normalise_label(key))

    def is_municipality_row(self, row: TableRow) -> bool:
        """True when the row's kind resolves to a municipality."""
        return self.vocabulary.kinds.resolve(row.text("kind")) == MUNICIPALITY_KIND

    # -- actors --------------------------------------------------------------------------------------
    def actor(self, row: TableRow) -> None:
        """Build the actor of ``row``, or record on the row why it cannot be built."""
        name = unicodedata.normalize("NFC", row.text("name"))
        if not name:
            row.error("name", "missing-name", "the name is empty; every actor needs a name")
        kind_text = row.text("kind")
        kind = self.vocabulary.kinds.resolve(kind_text) if kind_text else None
        if not kind_text:
            row.error("kind", "missing-kind", f"the kind is empty; use one of: {_options(self.vocabulary.kinds)}")
        elif kind is None:
            row.error("kind", "unknown-kind",
                      f"{kind_text!r} is not an actor kind; use one of: {_options(self.vocabulary.kinds)}")

        warn_contact_data(row, ("notes",))
        props = row.extra_properties()
        for key in ("website", "notes", "contact", "email", "phone"):
            if value := row.text(key):
                props[key] = value
        ags = self._ags(row)
        if ags:
            props["ags"] = ags
        self._numbers(row, props)

        is_municipality = kind == MUNICIPALITY_KIND
        place = row.text("municipality")
        seat: str | None = None
        town = place
        if is_municipality:
            town = name
        elif place:
            found = self.resolve_municipality(place)
            if found:
                seat, town = found
            else:
                row.warn("municipality", "place-outside-district",
                         f"{place!r} is not a municipality in the store or in this import; kept as the town "
                         "only (no link to a municipality)")

        fields = self._fields(row, "fields")
        serves, serves_district = self._serves(row, props)
        confirmed = confirmed_on(row, self.confirmed_default)

        actor_id = row.text("id")
        if not actor_id:
            if is_municipality and ags:
                actor_id = municipality_id_for(ags)
            elif name and kind:
                actor_id = actor_id_for(kind, name, town)
        if not row.ok or kind is None or not actor_id:
            for key in (actor_id, normalise_label(name)):
                if key:
                    self.invalid_actor_refs.setdefault(key, row.where)
            return
        provenance = row.text("provenance") or Path(row.table.path).name
        actor = Actor(
            id=actor_id, name=name, kind=kind, municipality=seat, town=town, fields=tuple(fields),
            serves=tuple(serves), serves_district=serves_district, provenance=provenance,
            imported_at=self.imported_at, properties=props, confirmed=confirmed,
        )
        previous = self.actors.get(actor_id)
        if previous is not None:
            if _same(previous[0], actor):
                return
            row.error("id" if row.text("id") else "name", "conflicting-duplicate",
                      f"the actor {actor_id!r} appears already at {previous[1].where} with other data; "
                      "merge the two rows or give them different ids")
            return
        self.actors[actor_id] = (actor, row)
        if is_municipality:
            self._register_municipality(actor)

    def _ags(self, row: TableRow) -> str:
        raw = row.raw("ags")
        text = cell_text(raw).strip()
        if not text:
            return ""
        if isinstance(raw, int | float) or text.isdigit():
            text = text.zfill(8)  # spreadsheets drop the leading zero of Baden-Württemberg's 08…
        if not (text.isdigit() and len(text) == 8):
            row.error("ags", "invalid-ags", f"{text!r} is not an official municipality key (8 digits, e.g. 08118048)")
            return ""
        return text

    def _numbers(self, row: TableRow, props: dict[str, Any]) -> None:
        raw = row.raw("population")
        if cell_text(raw).strip():
            try:
                value = parse_int(raw)
                if value < 0:
                    raise CellError(f"{value} is negative")
                props["population"] = value
            except CellError as exc:
                row.error("population", "invalid-number", f"{exc}; write the number of residents, e.g. 94859")
        raw = row.raw("population_date")
        if cell_text(raw).strip():
            try:
                props["population_date"] = parse_date(raw)
            except CellError as exc:
                row.error("population_date", "invalid-date", str(exc))
        for key, low, high in (("lat", -90.0, 90.0), ("lon", -180.0, 180.0)):
            raw = row.raw(key)
            if not cell_text(raw).strip():
                continue
            try:
                number = parse_float(raw)
                if not low <= number <= high:
                    raise CellError(f"{number} lies outside {low}…{high}")
                props[key] = number
            except CellError as exc:
                row.error(key, "invalid-coordinate", f"{exc}; write decimal degrees, e.g. 48.8894")

    def _fields(self, row: TableRow, column: str) -> list[str]:
        found = []
        for part in split_multi(row.text(column)):
            field_id = self.vocabulary.fields.resolve(part)
            if field_id is None:
                row.error(column, "unknown-field",
                          f"{part!r} is not a field of action; use one of: {_options(self.vocabulary.fields)}; "
                          "separate several with | or ;")
            else:
                found.append(field_id)
        return found

    def _serves(self, row: TableRow, props: dict[str, Any]) -> tuple[list[str], bool]:
        serves: list[str] = []
        elsewhere: list[str] = []
        district = False
        for part in split_multi(row.text("serves")):
            if normalise_label(part) in DISTRICT_WORDS:
                district = True
                continue
            found = self.resolve_municipality(part)
            if found:
                serves.append(found[0])
            else:
                elsewhere.append(part)
                row.warn("serves", "place-outside-district",
                         f"{part!r} is not a municipality in the store or in this import; kept as text "
                         "(property serves_elsewhere)")
        if elsewhere:
            props["serves_elsewhere"] = tuple(elsewhere)
        return serves, district

    # -- relations -----------------------------------------------------------------------------------
    def resolve_actor(self, row: TableRow, column: str) -> str | None:
        """The id of the actor named in ``column`` (by id or exact name), or None with an error on the row."""
        text = unicodedata.normalize("NFC", row.text(column))
        if not text:
            row.error(column, "missing-actor", "empty; name the actor by its id or its exact name")
            return None
        if text in self.actors or text in self.stored:
            return text
        folded = normalise_label(text)
        candidates = {a.id: a for a, _ in self.actors.values() if normalise_label(a.name) == folded}
        candidates.update({a.id: a for a in self.stored.values() if normalise_label(a.name) == folded})
        if len(candidates) == 1:
            return next(iter(candidates))
        if len(candidates) > 1:
            listed = "; ".join(f"{a.id} ({a.name}, {a.town or '–'})" for a in sorted(candidates.values(),
                                                                                    key=lambda a: a.id))
            row.error(column, "ambiguous-actor", f"{text!r} names {len(candidates)} actors: {listed}; use the id")
            return None
        bad = self.invalid_actor_refs.get(text) or self.invalid_actor_refs.get(folded)
        if bad:
            row.error(column, "invalid-actor", f"{text!r} is the actor of {bad}, which has errors; fix that row first")
        else:
            row.error(column, "unknown-actor",
                      f"no actor with the id or name {text!r} in this import or in the store; check the spelling "
                      "or import the actor first")
        return None

    def relation(self, row: TableRow) -> None:
        """Build the tie of ``row``, or record on the row why it cannot be built."""
        source = self.resolve_actor(row, "from")
        target = self.resolve_actor(row, "to")
        type_text = row.text("type")
        rel_type = self.vocabulary.relation_types.resolve(type_text) if type_text else None
        if not type_text:
            row.error("type", "missing-type",
                      f"the type is empty; use one of: {_options(self.vocabulary.relation_types)}")
        elif rel_type is None:
            links = ", ".join(f"{t.label_de} ({t.id})" for t in self.vocabulary.schema.link_types.values())
            row.error("type", "unknown-type",
                      f"{type_text!r} is not a relation type; use one of: {_options(self.vocabulary.relation_types)}"
                      + (f"; or, between nodes of any type, a link type: {links}" if links else ""))
        if source and target and source == target:
            row.error("to", "self-tie", "a tie needs two different actors")
        fields = self._fields(row, "fields")
        since = optional_date(row, "since")
        until = optional_date(row, "until")
        if since and until and until < since:
            row.error("until", "until-before-since", f"the tie ends ({until}) before it starts ({since})")
        warn_contact_data(row, ("note",))
        confirmed = confirmed_on(row, self.confirmed_default)
        if not row.ok or not source or not target or not rel_type:
            return
        relation = Relation(
            source=source, type=rel_type, target=target, fields=tuple(fields), since=since, until=until,
            note=row.text("note"), provenance=row.text("provenance") or Path(row.table.path).name,
            imported_at=self.imported_at, properties=row.extra_properties(), confirmed=confirmed,
        )
        previous = self.relations.get(relation.key)
        if previous is not None:
            if replace(previous[0], confirmed="") != replace(relation, confirmed=""):
                row.error("type", "conflicting-duplicate",
                          f"the tie {source} –{rel_type}→ {target} appears already at {previous[1].where} with "
                          "other data; merge the two rows")
            return
        self.relations[relation.key] = (relation, row)

    # -- results -------------------------------------------------------------------------------------
    def valid_actors(self) -> Iterable[Actor]:
        """The actors of the rows without errors, in the order they were built."""
        return (actor for actor, row in self.actors.values() if row.ok)

    def valid_relations(self) -> Iterable[Relation]:
        """The ties of the rows without errors, in the order they were built."""
        return (rel for rel, row in self.relations.values() if row.ok)


def _same(a: Actor, b: Actor) -> bool:
    return replace(a, provenance="", confirmed="") == replace(b, provenance="", confirmed="")
