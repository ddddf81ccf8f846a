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
import unicodedata
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, replace
from itertools import compress
from operator import itemgetter
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from graph.errors import VocabularyError
from graph.model.domain import Subgraph
from graph.model.vocabulary import MUNICIPALITY_KIND, Vocabulary
from graph.settings import DATA_DIR

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "DEFAULT_EXPECTED_ROLES", "ActorFacts", "CoverageCell", "CoverageFacts", "CoverageReport", "CoverageSettings",
    "MunicipalityRef", "NearestActor", "TownFacts", "coverage_facts", "coverage_gaps", "haversine_km",
    "load_expected_roles",
]

#: The default expected roles.
DEFAULT_EXPECTED_ROLES = DATA_DIR / "vocabularies" / "expected_roles.csv"
_EARTH_RADIUS_KM = 6371.0088
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


@dataclass(frozen=True)
class TownFacts:
    """A municipality as the gap model reads it: property values as the store holds them, None when absent."""

    #: The municipality properties the gap model reads, in the order of the fields after ``name``.
    PROPERTIES: ClassVar[tuple[str, ...]] = ("ags", "population", "population_date", "lat", "lon")

    id: str
    name: str
    ags: Any = None
    population: Any = None
    population_date: Any = None
    lat: Any = None
    lon: Any = None


class ActorFacts(NamedTuple):
    """An actor working on a field of action; ``seated``: seated in the municipality of the cell it is listed in.

    A named tuple rather than a dataclass: a state-sized landscape makes some 80,000 of them, and a frozen
    dataclass takes several times as long to create.
    """

    id: str
    name: str
    kind: str
    seated: bool = False


@dataclass(frozen=True)
class CoverageFacts:
    """Everything the gap model needs from a store, aggregated per municipality × field; no ties.

    ``local`` maps (municipality id, field id) to the actors working on the field that are seated in the
    municipality or serve it by name (a municipality actor is seated in itself); ``district_wide`` maps a
    field id to the actors working on it that serve the whole district. Build it with :meth:`from_rows`,
    which puts everything in one canonical order, so equal content gives equal facts whatever the source.
    """

    municipalities: tuple[TownFacts, ...]
    local: Mapping[tuple[str, str], tuple[ActorFacts, ...]]
    district_wide: Mapping[str, tuple[ActorFacts, ...]]

    @classmethod
    def from_rows(
        cls,
        municipalities: Iterable[TownFacts],
        local: Iterable[tuple[str, str, str, str, str, bool]],
        district_wide: Iterable[tuple[str, str, str, str]],
    ) -> CoverageFacts:
        """Facts from rows in any order.

        ``local`` rows are (municipality id, field id, actor id, name, kind, seated); an actor listed twice
        for one cell (seated in a town and serving it) is kept once, seated when either row says so.
        ``district_wide`` rows are (field id, actor id, name, kind). Municipalities are sorted by id, cells
        by key, actors by name (umlauts with their base letter) and then id.
        """
        actors: dict[str, tuple[str, str]] = {}
        cells: dict[tuple[str, str], dict[str, bool]] = {}
        for town, field_id, actor_id, name, kind, seated in local:
            actors.setdefault(actor_id, (name, kind))
            cell = cells.setdefault((town, field_id), {})
            if seated or actor_id not in cell:
                cell[actor_id] = bool(seated)
        wide: dict[str, dict[str, bool]] = {}
        for field_id, actor_id, name, kind in district_wide:
            actors.setdefault(actor_id, (name, kind))
            wide.setdefault(field_id, {})[actor_id] = False
        return cls._canonical(municipalities, actors, cells, wide)

    @classmethod
    def from_groups(
        cls,
        municipalities: Iterable[TownFacts],
        actors: Mapping[str, tuple[str, str]],
        seated: Mapping[str, Iterable[str]],
        served: Mapping[str, Iterable[str]],
        working: Mapping[str, Iterable[str]],
        district_wide: Iterable[str],
    ) -> CoverageFacts:
        """Facts from the groups a database forms cheaply: per municipality, per field, and one set.

        ``seated`` and ``served`` map a municipality id to the actors seated in it (LOCATED_IN) and serving
        it (SERVES); ``working`` maps a field id to the actors working on it; ``district_wide`` holds the
        actors serving the whole district; ``actors`` maps every working actor to its (name, kind). A cell
        takes the working actors seated in or serving its municipality, and the municipality actor itself
        (seated in itself, so its own LOCATED_IN does not count). The result equals :meth:`from_rows` of the
        same content.
        """
        towns = tuple(municipalities)
        rank = _ranks(actors, actors)
        facts = _ActorFactsCache(actors)
        fields = {field_id: set(ids) for field_id, ids in working.items()}
        cells: dict[tuple[str, str], tuple[ActorFacts, ...]] = {}
        for town in towns:
            # Seated wins over serving; only working actors can be in a cell.
            flags = dict.fromkeys((a for a in served.get(town.id, ()) if a in actors), False)
            flags.update((a, True) for a in seated.get(town.id, ())
                         if a in actors and a != town.id and actors[a][1] != MUNICIPALITY_KIND)
            if town.id in actors:
                flags[town.id] = True
            # Sorted once per town; each field's cell keeps that order.
            ids = sorted(flags, key=rank.__getitem__)
            ordered = [facts.get(a, flags[a]) for a in ids]
            for field_id, members in fields.items():
                cell = tuple(compress(ordered, map(members.__contains__, ids)))
                if cell:
                    cells[(town.id, field_id)] = cell
        wide_set = set(district_wide)
        wide = {f: tuple(facts.get(a, False) for a in sorted(members & wide_set, key=rank.__getitem__))
                for f, members in fields.items() if members & wide_set}
        return cls(
            municipalities=tuple(sorted(towns, key=lambda t: t.id)),
            local=MappingProxyType({key: cells[key] for key in sorted(cells)}),
            district_wide=MappingProxyType({f: wide[f] for f in sorted(wide)}),
        )

    @classmethod
    def _canonical(
        cls,
        municipalities: Iterable[TownFacts],
        actors: Mapping[str, tuple[str, str]],
        cells: Mapping[tuple[str, str], Mapping[str, bool]],
        wide: Mapping[str, Mapping[str, bool]],
    ) -> CoverageFacts:
        rank = _ranks(actors, set().union(*cells.values(), *wide.values()))
        facts = _ActorFactsCache(actors)

        def by_name(ids: Mapping[str, bool]) -> tuple[ActorFacts, ...]:
            return tuple(facts.get(a, ids[a]) for a in sorted(ids, key=rank.__getitem__))

        return cls(
            municipalities=tuple(sorted(municipalities, key=lambda t: t.id)),
            local=MappingProxyType({key: by_name(cells[key]) for key in sorted(cells)}),
            district_wide=MappingProxyType({f: by_name(wide[f]) for f in sorted(wide)}),
        )


def _ranks(actors: Mapping[str, tuple[str, str]], ids: Iterable[str]) -> dict[str, int]:
    """Each actor's place in name order (umlauts with their base letter, then id), computed once.

    A state-sized landscape has some 200,000 cell entries but 50,000 actors: cells sort by these integers
    instead of folding names again and again.
    """
    return {a: i for i, a in enumerate(sorted(ids, key=lambda a: (_fold(actors[a][0]), a)))}


class _ActorFactsCache:
    """One :class:`ActorFacts` per actor and seating, shared by every cell it appears in."""

    def __init__(self, actors: Mapping[str, tuple[str, str]]) -> None:
        self._actors = actors
        self._made: tuple[dict[str, ActorFacts], dict[str, ActorFacts]] = ({}, {})  # not seated, seated

    def get(self, actor_id: str, seated: bool) -> ActorFacts:
        known = self._made[seated]
        found = known.get(actor_id)
        if found is None:
            found = known[actor_id] = ActorFacts(actor_id, *self._actors[actor_id], seated)
        return found


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km.

    >>> round(haversine_km(48.9, 9.2, 49.0, 9.2), 2)
    11.12
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(math.sqrt(h))


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
    towns = sorted(facts.municipalities, key=lambda t: (_fold(t.name), t.id))
    coords = {t.id: c for t in towns if (c := _coordinates(t.lat, t.lon)) is not None}
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
            cells.append(replace(cell, **{f"explanation_{lang}": _explain(cell, names, vocabulary, s, bool(expected),
                                                                         lang) for lang in ("en", "de")}))
    refs = tuple(MunicipalityRef(t.id, t.name, "" if t.ags is None else str(t.ags)) for t in towns)
    return CoverageReport(fields=fields, municipalities=refs, cells=tuple(cells))


def coverage_facts(graph: nx.Graph | Subgraph) -> CoverageFacts:
    """The facts of :class:`CoverageFacts` read from a graph (node attributes as :func:`to_networkx` sets them).

    Ties play no part in coverage, so a :class:`~graph.model.domain.Subgraph` is read from its actors alone.
    """
    from graph.analysis.network import to_networkx

    g = to_networkx(Subgraph(graph.actors, ())) if isinstance(graph, Subgraph) else graph
    nodes: Mapping[Hashable, Mapping[str, Any]] = dict(g.nodes(data=True))
    towns = {n for n, attrs in nodes.items() if attrs.get("kind") == MUNICIPALITY_KIND}
    municipalities = [
        TownFacts(str(n), str(nodes[n].get("name", n)), *(_plain(nodes[n].get(key)) for key in TownFacts.PROPERTIES))
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


def _fold(text: str) -> str:
    # Umlauts sort with their base letter, as in a German index (Öhringen beside Oberstenfeld). Plain ASCII
    # needs only the case folded, which spares tens of thousands of names the Unicode decomposition.
    if text.isascii():
        return text.casefold()
    return unicodedata.normalize("NFKD", text.replace("ß", "ss")).encode("ascii", "ignore").decode().casefold()


def _plain(value: Any) -> Any:
    # Stores give lists where a graph holds tuples; one form keeps facts from either equal.
    return tuple(value) if isinstance(value, list) else value


def _latitude_km(lat1: float, lat2: float) -> float:
    # A lower bound of the great-circle distance, shrunk by far more than any rounding error of
    # haversine_km, so that a seat is never skipped that rounding would have made the nearest.
    return max(0.0, _EARTH_RADIUS_KM * abs(math.radians(lat2) - math.radians(lat1)) * (1 - 1e-9) - 1e-9)


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and number > 0 else None


def _coordinates(lat: object, lon: object) -> tuple[float, float] | None:
    try:
        lat_value, lon_value = float(lat), float(lon)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return (lat_value, lon_value) if math.isfinite(lat_value) and math.isfinite(lon_value) else None


def _seat(node: Hashable, attrs: Mapping[str, Any]) -> Hashable | None:
    return node if attrs.get("kind") == MUNICIPALITY_KIND else attrs.get("municipality")


_TEXT = {
    "en": {
        "none": "{m}: no local actor in {f}",
        "one": "{m}: one local actor in {f} ({a}), a single point of failure",
        "few": "{m}: only {n} local actors in {f}, fewer than the {min} expected",
        "many": "{m}: {n} local actors in {f}",
        "only_wide": "covered only district-wide by {names}",
        "plus_wide": "plus {n} district-wide",
        "no_wide": "no district-wide actor either",
        "nearest": "nearest {k}: {a}, {km} km",
        "no_nearest": "no {k}, none found in another town",
        "complete": "every expected role present",
        "more": "{names} and {n} more",
    },
    "de": {
        "none": "{m}: kein lokaler Akteur in {f}",
        "one": "{m}: nur ein lokaler Akteur in {f} ({a}), ohne Ersatz bei Ausfall",
        "few": "{m}: nur {n} lokale Akteure in {f}, weniger als die erwarteten {min}",
        "many": "{m}: {n} lokale Akteure in {f}",
        "only_wide": "nur kreisweit abgedeckt durch {names}",
        "plus_wide": "dazu {n} kreisweit",
        "no_wide": "auch kein kreisweiter Akteur",
        # German adjectives agree with the kind's gender; "am nächsten" avoids guessing it.
        "nearest": "{k} fehlt, am nächsten: {a}, {km} km",
        "no_nearest": "{k} fehlt, in keinem anderen Ort gefunden",
        "complete": "alle erwarteten Rollen vorhanden",
        "more": "{names} und {n} weitere",
    },
}


def _kind_label(vocabulary: Vocabulary, kind: str, language: str) -> str:
    label = vocabulary.kinds.label(kind, language)
    # English kinds read lower-case inside a sentence; German nouns keep their capital.
    if language != "de" and label[:2] != label[:2].upper():
        label = label[0].lower() + label[1:]
    return label


def _explain(cell: CoverageCell, names: Mapping[str, str], vocabulary: Vocabulary, s: CoverageSettings,
             has_expected: bool, language: str) -> str:
    t = _TEXT["de" if language == "de" else "en"]
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
