"""One cell of the coverage report (a municipality × field of action), its status and its explanation.

The four statuses and the rule that gives them are :mod:`graph.analysis.coverage`'s (see its docstring and
``docs/gaps.md``); this module holds the cell, the words of a status (:func:`status_label`, with a symbol
so that no page tells a status by colour alone) and the one-sentence explanation (:func:`explain`), which is
written from the status so that it never contradicts it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graph.language import phrasebook
from graph.model.vocabulary import Vocabulary

__all__ = [
    "CONFIRMED_GAP", "COVERED", "DISTRICT_WIDE_ONLY", "NOT_SURVEYED", "STATUSES", "STATUS_SYMBOLS",
    "AbsentOffer", "CoverageCell", "NearestActor", "explain", "status_label",
]

COVERED, DISTRICT_WIDE_ONLY, CONFIRMED_GAP, NOT_SURVEYED = "covered", "district_wide_only", "confirmed_gap", \
    "not_surveyed"
#: The statuses of a cell, from best known to least known; a confirmed gap is listed before "not surveyed"
#: because it is a known fact.
STATUSES = (COVERED, DISTRICT_WIDE_ONLY, CONFIRMED_GAP, NOT_SURVEYED)
#: One symbol per status, the same in every language, shown beside every colour and label.
STATUS_SYMBOLS: Mapping[str, str] = {COVERED: "✓", DISTRICT_WIDE_ONLY: "◐", CONFIRMED_GAP: "✗", NOT_SURVEYED: "?"}


@dataclass(frozen=True)
class NearestActor:
    """The nearest actor of a missing role seated in another town; distance between seat coordinates."""

    kind: str
    actor_id: str
    name: str
    town: str
    distance_km: float


@dataclass(frozen=True)
class AbsentOffer:
    """An offer a source states is not offered (status ``not_offered``), as a cell it concerns names it."""

    id: str
    name: str
    source: str

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name, "source": self.source}


@dataclass(frozen=True)
class CoverageCell:
    """One municipality × field of action. Actor and offer ids are sorted by name, then id.

    ``local_actor_ids`` are every local actor (illustrative ones included, and listed again in
    ``illustrative_actor_ids``: they fill no role); ``missing_roles`` the expected kinds filled neither locally
    nor (when the settings let them) district-wide by a sourced actor or offer; ``wide_roles`` the expected
    kinds filled district-wide only. ``gap`` is true exactly for a confirmed gap.
    """

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
    status: str = NOT_SURVEYED
    local_offer_ids: tuple[str, ...] = ()
    district_wide_offer_ids: tuple[str, ...] = ()
    wide_roles: tuple[str, ...] = ()
    absent_offers: tuple[AbsentOffer, ...] = ()
    illustrative_actor_ids: tuple[str, ...] = ()

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
        """Exactly the keys of the ``gaps`` JSON cell (the keys before ``status`` are those it always had)."""
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
            "status": self.status,
            "local_offers": len(self.local_offer_ids),
            "district_wide_offers": len(self.district_wide_offer_ids),
            "absent_offers": [o.as_dict() for o in self.absent_offers],
        }


def status_label(status: str, language: str, symbol: bool = True) -> str:
    """The words of a status in ``language`` (``✗ confirmed gap``), with its symbol unless ``symbol`` is False.

    >>> status_label("confirmed_gap", "de"), status_label("not_surveyed", "en", symbol=False)
    ('✗ bestätigte Lücke', 'not surveyed')
    """
    w = phrasebook("coverage", language)
    labels = {COVERED: w["label_covered"], DISTRICT_WIDE_ONLY: w["label_district_wide_only"],
              CONFIRMED_GAP: w["label_confirmed_gap"], NOT_SURVEYED: w["label_not_surveyed"]}
    return f"{STATUS_SYMBOLS[status]} {labels[status]}" if symbol else labels[status]


def explain(cell: CoverageCell, names: Mapping[str, str], vocabulary: Vocabulary, expected: Sequence[str],
            names_shown: int, min_local: int, language: str) -> str:
    """The explanation of ``cell`` in ``language``: its status first (with municipality and field), then the
    offers confirmed not offered (name and source), the local actors and offers, the district-wide ones, the
    roles present or filled district-wide only, and for each missing role the nearest actor of it elsewhere.

    Only a covered cell says every expected role is present; a cell not surveyed says what is *not known*,
    never that something is missing. ``names`` maps actor ids to names (for a lone local actor and the
    district-wide ones named).
    """
    t = phrasebook("coverage", language)
    m, f = cell.municipality, vocabulary.fields.label(cell.field, language)
    leads = {COVERED: t["lead_covered"], DISTRICT_WIDE_ONLY: t["lead_district_wide_only"],
             CONFIRMED_GAP: t["lead_confirmed_gap"], NOT_SURVEYED: t["lead_not_surveyed"]}
    parts = [leads[cell.status].format(m=m, f=f)]
    parts += [t["absent"].format(name=o.name, source=o.source) for o in cell.absent_offers]
    local, wide, n = cell.local_actor_ids, cell.district_wide_actor_ids, cell.local_actors
    if n == 0:
        parts.append(t["none"])
    elif n == 1:
        parts.append(t["one"].format(a=names[local[0]]))
    elif n < min_local and cell.status != COVERED:  # offers may make up the number on a covered cell
        parts.append(t["few"].format(n=n, min=min_local))
    else:
        parts.append(t["many"].format(n=n))
    if cell.illustrative_actor_ids:
        parts.append(t["illustrative"].format(n=len(cell.illustrative_actor_ids)))
    if cell.local_offer_ids or cell.district_wide_offer_ids:
        parts.append(t["offers"].format(local=len(cell.local_offer_ids), wide=len(cell.district_wide_offer_ids)))
    if n == 0 and wide:
        shown = ", ".join(names[a] for a in wide[:names_shown])
        rest = len(wide) - names_shown
        parts.append(t["wide_names"].format(names=t["more"].format(names=shown, n=rest) if rest > 0 else shown))
    elif n == 0 and not cell.district_wide_offer_ids:
        parts.append(t["no_wide"])
    elif wide:
        parts.append(t["plus_wide"].format(n=len(wide)))
    kinds = _kinds(vocabulary, language)
    sourced_local = n - len(cell.illustrative_actor_ids) + len(cell.local_offer_ids)
    if cell.status == COVERED:
        if expected:
            parts.append(t["complete"])
    elif cell.status == DISTRICT_WIDE_ONLY:
        if cell.wide_roles:
            parts.append(t["wide_roles"].format(kinds=", ".join(kinds(k) for k in cell.wide_roles)))
        if 0 < sourced_local < min_local:
            parts.append(t["too_few_sourced"].format(min=min_local))
    else:
        present = [k for k in expected if k not in cell.missing_roles]
        if present:
            parts.append(t["present"].format(kinds=", ".join(kinds(k) for k in present)))
    nearest = {a.kind: a for a in cell.nearest}
    for kind in cell.missing_roles:
        if kind in nearest:
            parts.append(t["nearest"].format(k=kinds(kind), a=nearest[kind].name, km=round(nearest[kind].distance_km)))
        else:
            parts.append(t["no_nearest"].format(k=kinds(kind)))
    return "; ".join(parts) + "."


def _kinds(vocabulary: Vocabulary, language: str) -> Any:
    def label(kind: str) -> str:
        text = vocabulary.kinds.label(kind, language)
        # English kinds read lower-case inside a sentence; German nouns keep their capital.
        if language != "de" and text[:2] != text[:2].upper():
            text = text[0].lower() + text[1:]
        return text

    return label
