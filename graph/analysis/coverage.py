"""Coverage and gaps per municipality × field of action: who works where, what is expected, what is missing.

An actor is *local* to a municipality when it works on the field and is seated there or serves it by name
(a municipality actor is seated in itself); it is *district-wide* when it serves the whole district and
is not local. Expected roles (actor kinds each field of action should have in every town) are data:
``data/vocabularies/expected_roles.csv``. Thresholds are a :class:`CoverageSettings`.

The model reads only :class:`CoverageFacts`: municipalities and, per municipality × field, the actors
working there. A store aggregates them itself (:meth:`GraphStore.coverage_facts`; Neo4j on the server), and
:func:`coverage_facts` reads the same from a graph, so either source gives the same report.
"""

from __future__ import annotations

import bisect
import csv
import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, replace
from operator import itemgetter
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from graph.errors import VocabularyError
from graph.language import phrasebook
from graph.model.coverage_facts import ActorFacts, CoverageFacts, TownFacts, fact_value
from graph.model.domain import Subgraph
from graph.model.place import EARTH_RADIUS_KM, coordinates, finite_number, haversine_km, index_key
from graph.model.vocabulary import MUNICIPALITY_KIND, Vocabulary
from graph.settings import DATA_DIR

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "DEFAULT_EXPECTED_ROLES", "CoverageCell", "CoverageReport", "CoverageSettings", "MunicipalityRef", "NearestActor",
    "coverage_facts", "coverage_gaps",
    "load_expected_roles",
]

#: The default expected roles.
DEFAULT_EXPECTED_ROLES = DATA_DIR / "vocabularies" / "expected_roles.csv"
# ActorFacts fields by position: map() with these runs in C over the 200,000 entries of a large landscape.
_ID, _KIND = itemgetter(0), itemgetter(2)


@dataclass(frozen=True)
class CoverageSettings:
    """Thresholds of the gap model.

    ``min_local_actors``: fewer local actors than this is a gap (1: a gap only when there is none).
    ``district_wide_fills_roles``: whether a district-wide actor fills an expected role.
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
class NearestActor:
    """The nearest actor of a missing role seated in another town; distance between seat coordinates."""

    kind: str
    actor_id: str
    name: str
    town: str
    distance_km: float


@dataclass(frozen=True)
class CoverageCell:
    """One municipality × field of action. Actor ids are sorted by actor name, then id."""

    municipality_id: str
    municipality: str
    field: str
    local_actor_ids: tuple[str, ...]
    district_wide_actor_ids: tuple[str, ...]
    local_by_kind: Mapping[str, int]
    population: int | None
    population_date: str | None
    per_10k: float | None
    missing_roles: tuple[str, ...]
    nearest: tuple[NearestActor, ...]
    single_point_of_failure: bool
    gap: bool
    explanation_en: str
    explanation_de: str

    @property
    def local_actors(self) -> int:
        return len(self.local_actor_ids)

    @property
    def district_wide_actors(self) -> int:
        return len(self.district_wide_actor_ids)

    def explanation(self, language: str) -> str:
        """The one-sentence explanation in ``language`` ("de"; anything else gives English)."""
        return self.explanation_de if language == "de" else self.explanation_en

    def as_dict(self, language: str = "en") -> dict[str, Any]:
        """Exactly the keys of the ``gaps`` JSON cell."""
        return {
            "municipality_id": self.municipality_id,
            "municipality": self.municipality,
            "field": self.field,
            "local_actors": self.local_actors,
            "district_wide_actors": self.district_wide_actors,
            "per_10k": self.per_10k,
            "missing_roles": list(self.missing_roles),
            "single_point_of_failure": self.single_point_of_failure,
            "gap": self.gap,
            "explanation": self.explanation(language),
        }


@dataclass(frozen=True)
class CoverageReport:
    """Fields (vocabulary order), municipalities (by name) and one cell for each pair, in that order."""

    fields: tuple[str, ...]
    municipalities: tuple[MunicipalityRef, ...]
    cells: tuple[CoverageCell, ...]

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
    """The coverage report: one cell per municipality × field of the vocabulary.

    ``source`` is a graph, a :class:`~graph.model.domain.Subgraph`, or the :class:`CoverageFacts` a store
    aggregated itself (:meth:`GraphStore.coverage_facts`); the same content gives the same report whichever
    is given, because a graph is first reduced to its facts (:func:`coverage_facts`).

    A cell is a ``gap`` when it has fewer than ``settings.min_local_actors`` local actors or an expected
    kind is found among neither its local nor (if ``district_wide_fills_roles``) its district-wide
    actors. ``single_point_of_failure``: exactly one local actor. ``per_10k``: local actors per 10,000
    residents (``population`` of the municipality actor; None when unknown), rounded to 2 decimals. For
    each missing kind, ``nearest`` names the closest actor of that kind working on the field and seated in
    another municipality with coordinates (``lat``/``lon``), when the municipality itself has them.
    """
    s = settings or CoverageSettings()
    facts = source if isinstance(source, CoverageFacts) else coverage_facts(source)
    towns = sorted(facts.municipalities, key=lambda t: (index_key(t.name), t.id))
    coords = {t.id: c for t in towns if (c := coordinates(t.lat, t.lon)) is not None}
    # Names an explanation may use: towns, district-wide actors, and (added per cell) a lone local actor.
    names = {a.id: a.name for group in facts.district_wide.values() for a in group}
    names.update((t.id, t.name) for t in towns)
    fields = vocabulary.fields.ids()
    seats = {f: _SeatIndex.build(f, expected_roles.get(f, ()), towns, facts, coords) for f in fields}
    wide_all = {f: facts.district_wide.get(f, ()) for f in fields}
    wide_ids = {f: {a.id for a in wide_all[f]} for f in fields}
    wide_tuples = {f: tuple(a.id for a in wide_all[f]) for f in fields}
    # A district-wide actor that is local in a town has its kind among the local ones there anyway, so
    # the kinds district-wide actors bring are the same for every town.
    wide_kinds = {f: {a.kind for a in wide_all[f]} if s.district_wide_fills_roles else set() for f in fields}
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
            present = wide_kinds[field_id].union(map(_KIND, local))
            if len(local) == 1:
                names[local[0].id] = local[0].name
            expected = expected_roles.get(field_id, ())
            missing = tuple(k for k in expected if k not in present)
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
                gap=len(local) < s.min_local_actors or bool(missing), explanation_en="", explanation_de="",
            )
            cells.append(replace(cell, explanation_en=_explain(cell, names, vocabulary, s, bool(expected), "en"),
                                 explanation_de=_explain(cell, names, vocabulary, s, bool(expected), "de")))
    refs = tuple(MunicipalityRef(t.id, t.name, "" if t.ags is None else str(t.ags)) for t in towns)
    return CoverageReport(fields=fields, municipalities=refs, cells=tuple(cells))


def coverage_facts(graph: nx.Graph | Subgraph) -> CoverageFacts:
    """The facts of :class:`CoverageFacts` read from a graph (node attributes as :func:`to_networkx` sets them).

    Ties play no part in coverage, so a :class:`~graph.model.domain.Subgraph` is read from its actors alone
    (:meth:`CoverageFacts.from_actors`, the same reading on records).
    """
    if isinstance(graph, Subgraph):
        return CoverageFacts.from_actors(graph.actors)
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
    return CoverageFacts.from_rows(municipalities, local, wide)


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
                if actor.seated and actor.kind in wanted:
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


def _kind_label(vocabulary: Vocabulary, kind: str, language: str) -> str:
    label = vocabulary.kinds.label(kind, language)
    # English kinds read lower-case inside a sentence; German nouns keep their capital.
    if language != "de" and label[:2] != label[:2].upper():
        label = label[0].lower() + label[1:]
    return label


def _explain(cell: CoverageCell, names: Mapping[str, str], vocabulary: Vocabulary, s: CoverageSettings,
             has_expected: bool, language: str) -> str:
    t = phrasebook("coverage", language)
    local, wide = cell.local_actor_ids, cell.district_wide_actor_ids
    m, f, n = cell.municipality, vocabulary.fields.label(cell.field, language), len(local)
    if n == 0:
        parts = [t["none"].format(m=m, f=f)]
    elif n == 1:
        parts = [t["one"].format(m=m, f=f, a=names[local[0]])]
    elif n < s.min_local_actors:
        parts = [t["few"].format(m=m, f=f, n=n, min=s.min_local_actors)]
    else:
        parts = [t["many"].format(m=m, f=f, n=n)]
    if n == 0 and wide:
        shown = ", ".join(names[a] for a in wide[: s.names_in_explanation])
        rest = len(wide) - s.names_in_explanation
        parts.append(t["only_wide"].format(names=t["more"].format(names=shown, n=rest) if rest > 0 else shown))
    elif n == 0:
        parts.append(t["no_wide"])
    elif wide:
        parts.append(t["plus_wide"].format(n=len(wide)))
    nearest = {a.kind: a for a in cell.nearest}
    for kind in cell.missing_roles:
        k = _kind_label(vocabulary, kind, language)
        if kind in nearest:
            parts.append(t["nearest"].format(k=k, a=nearest[kind].name, km=round(nearest[kind].distance_km)))
        else:
            parts.append(t["no_nearest"].format(k=k))
    if has_expected and not cell.missing_roles:
        parts.append(t["complete"])
    return "; ".join(parts) + "."
