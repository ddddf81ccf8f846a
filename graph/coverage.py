"""Coverage and gaps per municipality × field of action: who works where, what is expected, what is missing.

An actor is *local* to a municipality when it works on the field and is seated there or serves it by name
(a municipality actor is seated in itself); it is *district-wide* when it serves the whole district and
is not local. Expected roles (actor kinds each field of action should have in every town) are data:
``data/vocabularies/expected_roles.csv``. Thresholds are a :class:`CoverageSettings`.
"""

from __future__ import annotations

import csv
import math
import unicodedata
from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .errors import VocabularyError
from .model import Subgraph
from .settings import DATA_DIR
from .vocabulary import MUNICIPALITY_KIND, Vocabulary

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "DEFAULT_EXPECTED_ROLES", "CoverageCell", "CoverageReport", "CoverageSettings", "MunicipalityRef",
    "NearestActor", "coverage_gaps", "haversine_km", "load_expected_roles",
]

#: The default expected roles.
DEFAULT_EXPECTED_ROLES = DATA_DIR / "vocabularies" / "expected_roles.csv"
_EARTH_RADIUS_KM = 6371.0088


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
    graph: nx.Graph | Subgraph,
    vocabulary: Vocabulary,
    expected_roles: Mapping[str, tuple[str, ...]],
    settings: CoverageSettings | None = None,
) -> CoverageReport:
    """The coverage report: one cell per municipality in ``graph`` × field of the vocabulary.

    A cell is a ``gap`` when it has fewer than ``settings.min_local_actors`` local actors or an expected
    kind is found among neither its local nor (if ``district_wide_fills_roles``) its district-wide
    actors. ``single_point_of_failure``: exactly one local actor. ``per_10k``: local actors per 10,000
    residents (``population`` of the municipality actor; None when unknown), rounded to 2 decimals. For
    each missing kind, ``nearest`` names the closest actor of that kind working on the field and seated in
    another municipality with coordinates (``lat``/``lon``), when the municipality itself has them.
    """
    from .network import to_networkx

    s = settings or CoverageSettings()
    g = to_networkx(graph) if isinstance(graph, Subgraph) else graph
    nodes: dict[Hashable, Mapping[str, Any]] = dict(g.nodes(data=True))
    by_name = sorted(nodes, key=lambda n: (_fold(str(nodes[n].get("name", n))), str(n)))
    towns = [n for n in by_name if nodes[n].get("kind") == MUNICIPALITY_KIND]
    coords = {n: c for n in towns if (c := _coordinates(nodes[n])) is not None}
    names = {n: str(nodes[n].get("name", n)) for n in nodes}
    labels = {str(n): name for n, name in names.items()}
    fields = vocabulary.fields.ids()
    cells = []
    indexes = {f: _FieldIndex.build(f, by_name, nodes) for f in fields}
    for town in towns:
        population = _number(nodes[town].get("population"))
        date = nodes[town].get("population_date")
        for field_id in fields:
            index = indexes[field_id]
            local = index.local.get(town, [])
            local_set = set(local)
            wide = [n for n in index.district_wide if n not in local_set]
            present = {nodes[n].get("kind") for n in (local + wide if s.district_wide_fills_roles else local)}
            expected = expected_roles.get(field_id, ())
            missing = tuple(k for k in expected if k not in present)
            nearest = tuple(
                found for kind in missing
                if (found := _nearest(index.seated.get(kind, {}), town, coords, names, kind, s.max_distance_km))
            )
            cell = CoverageCell(
                municipality_id=str(town), municipality=names[town], field=field_id,
                local_actor_ids=tuple(map(str, local)), district_wide_actor_ids=tuple(map(str, wide)),
                local_by_kind=MappingProxyType(dict(sorted(Counter(str(nodes[n].get("kind")) for n in local).items()))),
                population=int(population) if population else None,
                population_date=str(date) if date and population else None,
                per_10k=round(len(local) * 10_000 / population, 2) if population else None,
                missing_roles=missing, nearest=nearest, single_point_of_failure=len(local) == 1,
                gap=len(local) < s.min_local_actors or bool(missing), explanation_en="", explanation_de="",
            )
            cells.append(replace(cell, **{f"explanation_{lang}": _explain(cell, labels, vocabulary, s, bool(expected),
                                                                         lang) for lang in ("en", "de")}))
    refs = tuple(MunicipalityRef(str(t), names[t], str(nodes[t].get("ags", ""))) for t in towns)
    return CoverageReport(fields=fields, municipalities=refs, cells=tuple(cells))


@dataclass(frozen=True)
class _FieldIndex:
    """The actors working on one field, looked up by town once instead of scanned for every cell."""

    local: Mapping[Hashable, list[Hashable]]
    district_wide: tuple[Hashable, ...]
    seated: Mapping[str, Mapping[Hashable, Hashable]]  # kind -> seat -> first actor by name seated there

    @classmethod
    def build(cls, field_id: str, by_name: list[Hashable], nodes: Mapping[Hashable, Mapping[str, Any]]
              ) -> _FieldIndex:
        local: dict[Hashable, list[Hashable]] = {}
        seated: dict[str, dict[Hashable, Hashable]] = {}
        wide = []
        for n in by_name:  # sorted by name, so every list is too
            attrs = nodes[n]
            if field_id not in (attrs.get("fields") or ()):
                continue
            seat = _seat(n, attrs)
            for town in dict.fromkeys([seat, *(attrs.get("serves") or ())]):
                if town is not None:
                    local.setdefault(town, []).append(n)
            if attrs.get("serves_district"):
                wide.append(n)
            if seat is not None:
                seated.setdefault(str(attrs.get("kind")), {}).setdefault(seat, n)
        return cls(local, tuple(wide), seated)


# -- helpers -----------------------------------------------------------------------------------------------


def _fold(text: str) -> str:
    # Umlauts sort with their base letter, as in a German index (Öhringen beside Oberstenfeld).
    return unicodedata.normalize("NFKD", text.replace("ß", "ss")).encode("ascii", "ignore").decode().casefold()


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and number > 0 else None


def _coordinates(attrs: Mapping[str, Any]) -> tuple[float, float] | None:
    try:
        lat, lon = float(attrs["lat"]), float(attrs["lon"])
    except (KeyError, TypeError, ValueError):
        return None
    return (lat, lon) if math.isfinite(lat) and math.isfinite(lon) else None


def _seat(node: Hashable, attrs: Mapping[str, Any]) -> Hashable | None:
    return node if attrs.get("kind") == MUNICIPALITY_KIND else attrs.get("municipality")


def _nearest(
    seated: Mapping[Hashable, Hashable],
    town: Hashable,
    coords: Mapping[Hashable, tuple[float, float]],
    names: Mapping[Hashable, str],
    kind: str,
    max_km: float | None,
) -> NearestActor | None:
    if town not in coords:
        return None
    distances = [
        (haversine_km(*coords[town], *coords[seat]), names[actor], str(actor), seat)
        for seat, actor in seated.items() if seat != town and seat in coords
    ]
    distances = [d for d in distances if max_km is None or d[0] <= max_km]
    if not distances:
        return None
    km, name, actor_id, seat = min(distances, key=lambda d: d[:3])
    return NearestActor(kind, actor_id, name, names[seat], round(km, 1))


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
