"""Coverage and gaps per municipality × field of action: who works where, what is expected, what is known missing.

An actor is *local* to a municipality when it works on the field and is seated there or serves it by name
(a municipality actor is seated in itself); it is *district-wide* when it serves the whole district and
is not local. An offer (status ``offered``) is local to the municipalities it SERVES and district-wide when
its ``district_wide`` is true (and it does not serve the town by name); it concerns the fields of its CONCERNS
links and fills the roles of its providers' kinds (PROVIDES). Expected roles (actor kinds each field of action
should have in every town) are data: ``data/vocabularies/expected_roles.csv``. Thresholds are a
:class:`CoverageSettings`.

**The status of a cell** (one of :data:`~graph.analysis.coverage_cell.STATUSES`). Only *sourced* facts decide
it: an actor or offer whose provenance is ``illustrative`` fills no role (it is still counted and listed).

1. ``confirmed_gap`` when a sourced offer of status ``not_offered`` concerns the cell: it concerns the field
   (CONCERNS) and, when ``district_wide``, every municipality, otherwise the municipalities it SERVES. (A
   recorded survey answer "none" for the cell will count the same; there is no survey model yet: see
   ``surveyed_none`` in :func:`cell_status`.) This goes first, whatever else is known: a known missing
   offer is what a planner must see; the explanation still names the roles that are present.
2. ``covered`` when every expected role of the field is filled by a sourced *local* actor or offer and
   there are at least ``min_local_actors`` (and at least one) sourced local actors and offers together.
3. ``district_wide_only`` when not covered, ``district_wide_fills_roles`` is on, at least one sourced
   district-wide actor or offer works on the field, and every expected role is filled locally or
   district-wide.
4. ``not_surveyed`` otherwise: nothing, or not enough, is known about the cell; that is not a gap.

``gap`` is true exactly for a confirmed gap. The explanation (:func:`~graph.analysis.coverage_cell.explain`)
is written from the status and never contradicts it.

The model reads only :class:`CoverageFacts`: municipalities and, per municipality × field, the actors
working there, plus the offers and the illustrative actors (:meth:`CoverageFacts.with_knowledge`). A store
aggregates them itself (:meth:`GraphStore.gap_facts`; :meth:`GraphStore.coverage_facts` for the actors,
Neo4j on the server), and :func:`coverage_facts` reads the same from a graph, so either source gives the
same report (a graph holds no offers: add them with :meth:`CoverageFacts.with_knowledge`).
"""

from __future__ import annotations

import bisect
import csv
import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from operator import itemgetter
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from graph.analysis.coverage_cell import (
    CONFIRMED_GAP,
    COVERED,
    DISTRICT_WIDE_ONLY,
    NOT_SURVEYED,
    STATUS_SYMBOLS,
    STATUSES,
    AbsentOffer,
    CoverageCell,
    NearestActor,
    explain,
    status_label,
)
from graph.errors import VocabularyError
from graph.model.coverage_facts import ActorFacts, CoverageFacts, OfferFacts, TownFacts, fact_value
from graph.model.domain import ILLUSTRATIVE, Subgraph
from graph.model.place import EARTH_RADIUS_KM, coordinates, finite_number, haversine_km, index_key
from graph.model.vocabulary import MUNICIPALITY_KIND, Vocabulary
from graph.settings import DATA_DIR

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "CONFIRMED_GAP", "COVERED", "DEFAULT_EXPECTED_ROLES", "DISTRICT_WIDE_ONLY", "NOT_SURVEYED", "STATUSES",
    "STATUS_SYMBOLS",
    "AbsentOffer", "CoverageCell", "CoverageReport", "CoverageSettings", "MunicipalityRef", "NearestActor",
    "cell_status", "coverage_facts", "coverage_gaps", "load_expected_roles", "status_label",
]

#: The default expected roles.
DEFAULT_EXPECTED_ROLES = DATA_DIR / "vocabularies" / "expected_roles.csv"
# ActorFacts fields by position: map() with these runs in C over the 200,000 entries of a large landscape.
_ID, _KIND = itemgetter(0), itemgetter(2)
_OFFERED, _NOT_OFFERED = "offered", "not_offered"


@dataclass(frozen=True)
class CoverageSettings:
    """Thresholds of the gap model.

    ``min_local_actors``: a cell is covered only with at least this many sourced local actors and offers
    (and at least one).
    ``district_wide_fills_roles``: whether a district-wide actor or offer fills an expected role (when not, no
    cell is ``district_wide_only``).
    ``max_distance_km``: the nearest actor of a missing role is named only within this distance (None: any).
    ``names_in_explanation``: how many district-wide actors an explanation names before "and n more".
    """

    min_local_actors: int = 1
    district_wide_fills_roles: bool = True
    max_distance_km: float | None = None
    names_in_explanation: int = 3


@dataclass(frozen=True)
class MunicipalityRef:
    """A municipality of the report: its actor id, name and official key (AGS, empty when unknown)."""

    id: str
    name: str
    ags: str


@dataclass(frozen=True)
class CoverageReport:
    """Fields (vocabulary order), municipalities (by name) and one cell for each pair, in that order."""

    fields: tuple[str, ...]
    municipalities: tuple[MunicipalityRef, ...]
    cells: tuple[CoverageCell, ...]

    def counts(self) -> dict[str, int]:
        """The number of cells of each status, every status listed (in :data:`STATUSES` order)."""
        found = Counter(c.status for c in self.cells)
        return {status: found[status] for status in STATUSES}

    def cell(self, municipality_id: str, field: str) -> CoverageCell:
        """The cell of one municipality and field; KeyError when there is none."""
        for cell in self.cells:
            if cell.municipality_id == municipality_id and cell.field == field:
                return cell
        raise KeyError((municipality_id, field))

    def as_dict(self, language: str = "en") -> dict[str, Any]:
        """The ``gaps`` JSON object, explanations in ``language``."""
        return {
            "fields": list(self.fields),
            "municipalities": [{"id": m.id, "name": m.name, "ags": m.ags} for m in self.municipalities],
            "cells": [c.as_dict(language) for c in self.cells],
        }


def load_expected_roles(path: Path, vocabulary: Vocabulary) -> Mapping[str, tuple[str, ...]]:
    """Read ``field,kind,source`` rows: expected kinds per field, fields in vocabulary order.

    Fields and kinds may be given by id or label. Raises :class:`~graph.errors.VocabularyError` naming
    ``file:line`` for a missing file or column, an unknown field or kind, or a repeated pair.
    """
    if not path.is_file():
        raise VocabularyError(f"Expected-roles file not found: {path}. Put the file back or point to one.")
    roles: dict[str, list[str]] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"field", "kind"} - set(reader.fieldnames or ())
        if missing:
            raise VocabularyError(f"{path}:1: missing column(s) {', '.join(sorted(missing))}.")
        for line, row in enumerate(reader, start=2):
            field_text, kind_text = (row.get("field") or "").strip(), (row.get("kind") or "").strip()
            field_id = vocabulary.fields.resolve(field_text) if field_text else None
            kind_id = vocabulary.kinds.resolve(kind_text) if kind_text else None
            if field_id is None:
                raise VocabularyError(f"{path}:{line}: field: {field_text!r} is not a field of action.")
            if kind_id is None:
                raise VocabularyError(f"{path}:{line}: kind: {kind_text!r} is not an actor kind.")
            if kind_id in roles.setdefault(field_id, []):
                raise VocabularyError(f"{path}:{line}: {field_id}, {kind_id} appears twice.")
            roles[field_id].append(kind_id)
    return MappingProxyType({f: tuple(roles[f]) for f in vocabulary.fields.ids() if f in roles})


def coverage_gaps(
    source: nx.Graph | Subgraph | CoverageFacts,
    vocabulary: Vocabulary,
    expected_roles: Mapping[str, tuple[str, ...]],
    settings: CoverageSettings | None = None,
) -> CoverageReport:
    """The coverage report: one cell per municipality × field of the vocabulary, each with its status.

    ``source`` is a graph, a :class:`~graph.model.domain.Subgraph`, or the :class:`CoverageFacts` a store
    aggregated itself (:meth:`GraphStore.gap_facts`); the same content gives the same report whichever
    is given, because a graph is first reduced to its facts (:func:`coverage_facts`).

    The status follows the rule of this module's docstring (:func:`cell_status`). ``missing_roles``: the
    expected kinds found among neither the sourced local nor (if ``district_wide_fills_roles``) the sourced
    district-wide actors and offers; ``wide_roles``: those found district-wide only. ``single_point_of_failure``:
    exactly one local actor. ``per_10k``: local actors per 10,000 residents (``population`` of the municipality
    actor; None when unknown), rounded to 2 decimals. For each missing kind, ``nearest`` names the closest
    sourced actor of that kind working on the field and seated in another municipality with coordinates
    (``lat``/``lon``), when the municipality itself has them.
    """
    s = settings or CoverageSettings()
    facts = source if isinstance(source, CoverageFacts) else coverage_facts(source)
    unsourced = facts.illustrative_actors
    towns = sorted(facts.municipalities, key=lambda t: (index_key(t.name), t.id))
    coords = {t.id: c for t in towns if (c := coordinates(t.lat, t.lon)) is not None}
    # Names an explanation may use: towns, district-wide actors, and (added per cell) a lone local actor.
    names = {a.id: a.name for group in facts.district_wide.values() for a in group}
    names.update((t.id, t.name) for t in towns)
    fields = vocabulary.fields.ids()
    offers = _OfferIndex.build(facts.offers, fields)
    seats = {f: _SeatIndex.build(f, expected_roles.get(f, ()), towns, facts, coords) for f in fields}
    wide_all = {f: facts.district_wide.get(f, ()) for f in fields}
    wide_ids = {f: {a.id for a in wide_all[f]} for f in fields}
    wide_tuples = {f: tuple(a.id for a in wide_all[f]) for f in fields}
    # A district-wide actor that is local in a town has its kind among the local ones there anyway, so
    # the kinds district-wide actors and offers bring are the same for every town.
    wide_kinds = {f: {a.kind for a in wide_all[f] if a.id not in unsourced}.union(*offers.wide_kinds(f))
                  for f in fields}
    wide_sourced = {f: sum(a.id not in unsourced for a in wide_all[f]) for f in fields}
    cells = []
    for town in towns:
        population = _number(town.population)
        for field_id in fields:
            local = facts.local.get((town.id, field_id), ())
            local_ids = tuple(map(_ID, local))
            local_wide = wide_ids[field_id].intersection(local_ids)
            wide = wide_tuples[field_id]
            if local_wide:
                wide = tuple(a for a in wide if a not in local_wide)
            illustrative = tuple(a for a in local_ids if a in unsourced) if unsourced else ()
            local_offers, wide_offers = offers.local(town.id, field_id), offers.wide(town.id, field_id)
            local_kinds = {a.kind for a in local if a.id not in unsourced}.union(
                *(o.provider_kinds for o in local_offers))
            n_local = len(local) - len(illustrative) + len(local_offers)
            # Sourced district-wide actors and offers that are not local here.
            wide_count = sum(a not in unsourced for a in wide) if local_wide else wide_sourced[field_id]
            n_wide = wide_count + len(wide_offers)
            filled = local_kinds.union(wide_kinds[field_id]) if s.district_wide_fills_roles else local_kinds
            if len(local) == 1:
                names[local[0].id] = local[0].name
            expected = expected_roles.get(field_id, ())
            missing = tuple(k for k in expected if k not in filled)
            absent = offers.absent(town.id, field_id)
            status = cell_status(expected, local_kinds, filled, n_local, n_wide if s.district_wide_fills_roles
                                 else 0, bool(absent), s.min_local_actors)
            nearest = tuple(
                found for kind in missing
                if (found := seats[field_id].nearest(kind, town.id, coords, names, s.max_distance_km))
            )
            cell = CoverageCell(
                municipality_id=town.id, municipality=town.name, field=field_id,
                local_actor_ids=local_ids, district_wide_actor_ids=wide,
                local_by_kind=MappingProxyType(dict(sorted(Counter(map(_KIND, local)).items()))),
                population=int(population) if population else None,
                population_date=str(town.population_date) if town.population_date and population else None,
                per_10k=round(len(local) * 10_000 / population, 2) if population else None,
                missing_roles=missing, nearest=nearest, single_point_of_failure=len(local) == 1,
                gap=status == CONFIRMED_GAP, explanation_en="", explanation_de="", status=status,
                local_offer_ids=tuple(o.id for o in local_offers), district_wide_offer_ids=tuple(
                    o.id for o in wide_offers),
                wide_roles=tuple(k for k in expected if k in filled and k not in local_kinds),
                absent_offers=tuple(AbsentOffer(o.id, o.name, o.provenance) for o in absent),
                illustrative_actor_ids=illustrative,
            )
            words = {language: explain(cell, names, vocabulary, expected, s.names_in_explanation,
                                       s.min_local_actors, language) for language in ("en", "de")}
            cells.append(replace(cell, explanation_en=words["en"], explanation_de=words["de"]))
    refs = tuple(MunicipalityRef(t.id, t.name, "" if t.ags is None else str(t.ags)) for t in towns)
    return CoverageReport(fields=fields, municipalities=refs, cells=tuple(cells))


def cell_status(expected: Sequence[str], local_kinds: set[str], filled_kinds: set[str], sourced_local: int,
                sourced_wide: int, confirmed_absent: bool, min_local: int = 1, surveyed_none: bool = False) -> str:
    """The status of one cell by the rule of this module's docstring.

    ``local_kinds``: the kinds of the sourced local actors and of the providers of sourced local offers;
    ``filled_kinds``: those and, when district-wide actors fill roles, the district-wide ones; ``sourced_local``
    and ``sourced_wide``: how many sourced local and district-wide (not local) actors and offers there are
    (``sourced_wide`` 0 when district-wide ones fill no role); ``confirmed_absent``: a sourced offer of status
    ``not_offered`` concerns the cell. ``surveyed_none`` is the hook for a recorded survey answer "none" (no
    survey model yet): it makes a confirmed gap just as an absent offer does.

    >>> cell_status(("course_provider",), {"course_provider"}, {"course_provider"}, 1, 0, False)
    'covered'
    >>> cell_status(("course_provider",), set(), {"course_provider"}, 0, 1, True)
    'confirmed_gap'
    """
    if confirmed_absent or surveyed_none:
        return CONFIRMED_GAP
    if all(k in local_kinds for k in expected) and sourced_local >= max(1, min_local):
        return COVERED
    if sourced_wide > 0 and all(k in filled_kinds for k in expected):
        return DISTRICT_WIDE_ONLY
    return NOT_SURVEYED


def coverage_facts(graph: nx.Graph | Subgraph) -> CoverageFacts:
    """The facts of :class:`CoverageFacts` read from a graph (node attributes as :func:`to_networkx` sets them).

    Ties play no part in coverage, so a :class:`~graph.model.domain.Subgraph` is read from its actors alone
    (:meth:`CoverageFacts.from_actors`, the same reading on records). The actors whose provenance is
    ``illustrative`` are listed in ``illustrative_actors``; a graph holds no offers.
    """
    if isinstance(graph, Subgraph):
        return replace(CoverageFacts.from_actors(graph.actors),
                       illustrative_actors=frozenset(a.id for a in graph.actors if a.is_illustrative))
    nodes: Mapping[Hashable, Mapping[str, Any]] = dict(graph.nodes(data=True))
    towns = {n for n, attrs in nodes.items() if attrs.get("kind") == MUNICIPALITY_KIND}
    municipalities = [
        TownFacts(str(n), str(nodes[n].get("name", n)),
                  *(fact_value(nodes[n].get(key)) for key in TownFacts.PROPERTIES))
        for n in towns
    ]
    local: list[tuple[str, str, str, str, str, bool]] = []
    wide: list[tuple[str, str, str, str]] = []
    for n, attrs in nodes.items():
        fields = [str(f) for f in attrs.get("fields") or ()]
        if not fields:
            continue
        name, kind, seat = str(attrs.get("name", n)), str(attrs.get("kind")), _seat(n, attrs)
        for town in dict.fromkeys([seat, *(attrs.get("serves") or ())]):
            if town in towns:
                local.extend((str(town), f, str(n), name, kind, town == seat) for f in fields)
        if attrs.get("serves_district"):
            wide.extend((f, str(n), name, kind) for f in fields)
    illustrative = frozenset(str(n) for n, attrs in nodes.items() if attrs.get("provenance") == ILLUSTRATIVE)
    return replace(CoverageFacts.from_rows(municipalities, local, wide), illustrative_actors=illustrative)


@dataclass(frozen=True)
class _OfferIndex:
    """The sourced offers by the cells they concern: offered ones by where they are local or district-wide,
    absent ones (``not_offered``) by where they confirm a gap. Tuples sorted by offer name, then id."""

    local_by_cell: Mapping[tuple[str, str], tuple[OfferFacts, ...]]
    wide_by_field: Mapping[str, tuple[OfferFacts, ...]]
    absent_by_cell: Mapping[tuple[str, str], tuple[OfferFacts, ...]]
    absent_by_field: Mapping[str, tuple[OfferFacts, ...]]

    @classmethod
    def build(cls, offers: Iterable[OfferFacts], fields: Iterable[str]) -> _OfferIndex:
        known = set(fields)
        local: dict[tuple[str, str], list[OfferFacts]] = {}
        wide: dict[str, list[OfferFacts]] = {}
        absent_cell: dict[tuple[str, str], list[OfferFacts]] = {}
        absent_field: dict[str, list[OfferFacts]] = {}
        for offer in sorted((o for o in offers if o.sourced), key=lambda o: (index_key(o.name), o.id)):
            for field_id in (f for f in offer.fields if f in known):
                if offer.status == _OFFERED:
                    for town in offer.municipalities:
                        local.setdefault((town, field_id), []).append(offer)
                    if offer.district_wide:
                        wide.setdefault(field_id, []).append(offer)
                elif offer.status == _NOT_OFFERED:
                    if offer.district_wide:
                        absent_field.setdefault(field_id, []).append(offer)
                    else:
                        for town in offer.municipalities:
                            absent_cell.setdefault((town, field_id), []).append(offer)
        return cls({key: tuple(group) for key, group in local.items()},
                   {key: tuple(group) for key, group in wide.items()},
                   {key: tuple(group) for key, group in absent_cell.items()},
                   {key: tuple(group) for key, group in absent_field.items()})

    def local(self, town: str, field_id: str) -> tuple[OfferFacts, ...]:
        return self.local_by_cell.get((town, field_id), ())

    def wide(self, town: str, field_id: str) -> tuple[OfferFacts, ...]:
        """The district-wide offers of the field that do not serve ``town`` by name (those are local there)."""
        return tuple(o for o in self.wide_by_field.get(field_id, ()) if town not in o.municipalities)

    def wide_kinds(self, field_id: str) -> list[tuple[str, ...]]:
        return [o.provider_kinds for o in self.wide_by_field.get(field_id, ())]

    def absent(self, town: str, field_id: str) -> tuple[OfferFacts, ...]:
        """The absent offers concerning the cell: the field's district-wide ones, then those serving ``town``."""
        found = self.absent_by_field.get(field_id, ()) + self.absent_by_cell.get((town, field_id), ())
        return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class _SeatIndex:
    """Per expected kind of one field: the first actor (by name) seated in each town with coordinates.

    Seats are sorted by latitude, so the nearest one is found by walking outwards from a town's latitude
    and stopping once the latitude difference alone is farther than the best distance found: a
    great-circle distance is never shorter than the difference of latitudes (times the earth's radius).
    That keeps a state-sized landscape (a thousand towns) from costing a million distance computations.
    """

    by_kind: Mapping[str, tuple[list[float], list[tuple[float, float, str, ActorFacts]]]]

    @classmethod
    def build(cls, field_id: str, kinds: Iterable[str], towns: Iterable[TownFacts], facts: CoverageFacts,
              coords: Mapping[str, tuple[float, float]]) -> _SeatIndex:
        wanted = set(kinds)
        first: dict[str, dict[str, ActorFacts]] = {}
        for town in towns:
            if town.id not in coords:
                continue
            for actor in facts.local.get((town.id, field_id), ()):  # sorted by name: the first one wins
                if actor.seated and actor.kind in wanted and actor.id not in facts.illustrative_actors:
                    first.setdefault(actor.kind, {}).setdefault(town.id, actor)
        by_kind = {}
        for kind, seated in first.items():
            entries = sorted(((*coords[seat], seat, actor) for seat, actor in seated.items()), key=lambda e: e[:3])
            by_kind[kind] = ([e[0] for e in entries], entries)
        return cls(by_kind)

    def nearest(self, kind: str, town: str, coords: Mapping[str, tuple[float, float]], names: Mapping[str, str],
                max_km: float | None) -> NearestActor | None:
        """The nearest seated actor of ``kind`` in another town: least distance, then name, then id."""
        if town not in coords or kind not in self.by_kind:
            return None
        lats, entries = self.by_kind[kind]
        lat, lon = coords[town]
        best: tuple[float, str, str, str] | None = None
        limit = math.inf if max_km is None else max_km
        start = bisect.bisect_left(lats, lat)
        for indexes in (range(start, len(entries)), range(start - 1, -1, -1)):
            for i in indexes:
                seat_lat, seat_lon, seat, actor = entries[i]
                bound = limit if best is None else min(limit, best[0])
                if _latitude_km(lat, seat_lat) > bound:
                    break  # every further seat in this direction is at least as far in latitude
                if seat == town:
                    continue
                km = haversine_km(lat, lon, seat_lat, seat_lon)
                candidate = (km, actor.name, actor.id, seat)
                if km <= limit and (best is None or candidate[:3] < best[:3]):
                    best = candidate
        if best is None:
            return None
        km, name, actor_id, seat = best
        return NearestActor(kind, actor_id, name, names[seat], round(km, 1))


# -- helpers -----------------------------------------------------------------------------------------------






def _latitude_km(lat1: float, lat2: float) -> float:
    # A lower bound of the great-circle distance, shrunk by far more than any rounding error of
    # haversine_km, so that a seat is never skipped that rounding would have made the nearest.
    return max(0.0, EARTH_RADIUS_KM * abs(math.radians(lat2) - math.radians(lat1)) * (1 - 1e-9) - 1e-9)


def _number(value: object) -> float | None:
    number = finite_number(value)
    return number if number is not None and number > 0 else None




def _seat(node: Hashable, attrs: Mapping[str, Any]) -> Hashable | None:
    return node if attrs.get("kind") == MUNICIPALITY_KIND else attrs.get("municipality")
