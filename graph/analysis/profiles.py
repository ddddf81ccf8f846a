"""Profiles of one actor and one municipality: what the dashboard's profile pages show, as data.

Build a :class:`ProfileIndex` once from the graph (every actor and tie, e.g. ``store.subgraph()``) and ask
it for any number of profiles; each answer costs only the size of the profile, not of the graph.

- :meth:`ProfileIndex.actor_profile`: the actor, its seat and served municipalities, its ties grouped by
  relation type and direction.
- :meth:`ProfileIndex.path`: the shortest chain of ties between two actors (e.g. to the organisation that
  runs IntegraNet), ties followed in either direction.
- :meth:`ProfileIndex.municipality_profile`: population figures with date and source, the actors seated in
  and serving the town, the ties crossing its border, and the nearest actor of each kind in other towns.

The network measures per actor that the profiles show are :mod:`graph.analysis.standings`.

Everything returned is immutable and sorted, so the same graph always gives the same profile. Names sort as
in a German index (umlauts with their base letter).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from graph.analysis.paths import adjacency, shortest_path
from graph.model.district import Amount, parse_amount
from graph.model.domain import Actor, Relation, Subgraph
from graph.model.place import actor_coordinates, haversine_km, index_key
from graph.model.vocabulary import MUNICIPALITY_KIND, Vocabulary

if TYPE_CHECKING:
    pass

__all__ = [
    "FIGURE_PROPERTIES", "ActorProfile", "CrossingTie", "Figure", "MunicipalityProfile", "NearestOfKind", "PathStep",
    "ProfileIndex", "Tie", "TieGroup",
]

#: The population figures a municipality actor may carry: (figure, value, date, source) property names.
#: The Zensus 2022 foreign share has no date of its own; it is the census's reference date.
FIGURE_PROPERTIES: tuple[tuple[str, str, str, str], ...] = (
    ("population", "population", "population_date", "population_source"),
    ("census2022_population", "census2022_population", "census2022_population_date", "census2022_source"),
    ("census2022_foreign_share_pct", "census2022_foreign_share_pct", "census2022_population_date",
     "census2022_foreign_share_source"),
)


# -- actor profile ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tie:
    """One tie of the profiled actor: ``outgoing`` when the profiled actor is its source."""

    relation: Relation
    other: Actor
    outgoing: bool


@dataclass(frozen=True)
class TieGroup:
    """The ties of one relation type, split by direction; each side sorted by the other actor's name."""

    type: str
    outgoing: tuple[Tie, ...]
    incoming: tuple[Tie, ...]

    def __len__(self) -> int:
        return len(self.outgoing) + len(self.incoming)


@dataclass(frozen=True)
class ActorProfile:
    """An actor with its place and its ties.

    ``seat`` is the municipality actor it is seated in (None when the seat is outside the store, e.g. a
    ministry in Stuttgart; ``actor.town`` still names it); ``served`` the municipality actors it serves by
    name, sorted by name. ``tie_groups`` follow the vocabulary's order of relation types (types the
    vocabulary lacks come last, sorted); a tie of the actor with itself is listed once, as outgoing.
    """

    actor: Actor
    seat: Actor | None
    served: tuple[Actor, ...]
    tie_groups: tuple[TieGroup, ...]

    @property
    def ties(self) -> tuple[Tie, ...]:
        """Every tie, group by group, outgoing before incoming."""
        return tuple(tie for group in self.tie_groups for tie in (*group.outgoing, *group.incoming))

    @property
    def partners(self) -> int:
        """How many other actors it has at least one tie with."""
        return len({tie.other.id for tie in self.ties if tie.other.id != self.actor.id})

    @property
    def illustrative_ties(self) -> int:
        """How many of its ties are demonstration ties (provenance ``illustrative``)."""
        return sum(1 for tie in self.ties if tie.relation.is_illustrative)


@dataclass(frozen=True)
class PathStep:
    """One actor on a path. ``ties`` are the ties between the previous actor and this one (empty for the
    first step), sorted by key; a tie's direction is in its ``source`` and ``target``."""

    actor: Actor
    ties: tuple[Relation, ...]


# -- municipality profile -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A published population figure: ``key`` is the first name in :data:`FIGURE_PROPERTIES`.

    ``secondary`` is True when the source says so (its text starts with "secondary"): the figure was
    compiled by a third party and not checked against the official publication.
    """

    key: str
    amount: Amount
    date: str | None
    source: str
    secondary: bool


@dataclass(frozen=True)
class CrossingTie:
    """A tie between an actor inside a municipality (the municipality itself or an actor seated there) and
    one outside it; ``outgoing`` when the inside actor is the tie's source."""

    relation: Relation
    inside: Actor
    outside: Actor
    outgoing: bool


@dataclass(frozen=True)
class NearestOfKind:
    """For one actor kind: how many actors of it are seated in the municipality (``local``), and the
    nearest one seated in another municipality, its town and the distance between the two towns'
    coordinates in km (rounded to 0.1). ``actor`` is None when no other town with coordinates has one."""

    kind: str
    local: int
    actor: Actor | None
    town: Actor | None
    distance_km: float | None


@dataclass(frozen=True)
class MunicipalityProfile:
    """A municipality with its figures, its actors and its ties to the outside.

    ``seated``: actors seated there (the municipality itself not included); ``serving``: actors serving it
    by name but seated elsewhere; ``district_wide``: actors serving the whole district that are neither.
    All sorted by name. ``crossing``: ties with exactly one end inside (see :class:`CrossingTie`), sorted by
    relation type (vocabulary order), inside and outside actor's name. ``nearest``: one entry per actor kind
    of the vocabulary except municipality, in vocabulary order; empty when the municipality has no
    coordinates (``has_coordinates``).
    """

    municipality: Actor
    figures: tuple[Figure, ...]
    seated: tuple[Actor, ...]
    serving: tuple[Actor, ...]
    district_wide: tuple[Actor, ...]
    crossing: tuple[CrossingTie, ...]
    nearest: tuple[NearestOfKind, ...]
    has_coordinates: bool

    def by_kind(self, kinds: Sequence[str]) -> tuple[tuple[str, int, int], ...]:
        """``(kind, seated, serving)`` for every kind with at least one such actor, in the order of
        ``kinds`` (kinds not listed come last, sorted)."""
        seated, serving = Counter(a.kind for a in self.seated), Counter(a.kind for a in self.serving)
        present = _ordered(set(seated) | set(serving), kinds)
        return tuple((k, seated[k], serving[k]) for k in present)

    def by_field(self, fields: Sequence[str]) -> tuple[tuple[str, int, int, int], ...]:
        """``(field, seated, serving, district-wide)``: how many actors of each group work on each field,
        for every field of ``fields`` and any other field an actor names (last, sorted)."""
        counts = [Counter(f for a in group for f in a.fields) for group in (self.seated, self.serving,
                                                                            self.district_wide)]
        present = _ordered(set(fields).union(*counts), fields)
        return tuple((f, counts[0][f], counts[1][f], counts[2][f]) for f in present)

    @property
    def illustrative_ties(self) -> int:
        """How many of the crossing ties are demonstration ties."""
        return sum(1 for tie in self.crossing if tie.relation.is_illustrative)


# -- the index ----------------------------------------------------------------------------------------------


class ProfileIndex:
    """Actors and ties of a graph, indexed for profiles. Built once per graph; the graph is not changed.

    >>> from graph.settings import DATA_DIR
    >>> vocabulary = Vocabulary.load(DATA_DIR / "vocabularies")
    >>> town = Actor("ags-1", "Asperg", "municipality")
    >>> club = Actor("club", "Verein", "volunteer_group", municipality="ags-1")
    >>> index = ProfileIndex(Subgraph((town, club), (Relation("club", "advises", "ags-1"),)), vocabulary)
    >>> [step.actor.name for step in index.path("club", "ags-1")]
    ['Verein', 'Asperg']
    """

    def __init__(self, subgraph: Subgraph, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self._actors: dict[str, Actor] = {a.id: a for a in subgraph.actors}
        self._ties: dict[str, list[Relation]] = {}
        for rel in subgraph.relations:
            if rel.source in self._actors and rel.target in self._actors:
                self._ties.setdefault(rel.source, []).append(rel)
                if rel.target != rel.source:
                    self._ties.setdefault(rel.target, []).append(rel)
        self._adjacency = adjacency((r.source, r.target) for ties in self._ties.values() for r in ties)
        self._seated: dict[str, list[Actor]] = {}
        self._serving: dict[str, list[Actor]] = {}
        self._district_wide: list[Actor] = []
        for actor in _by_name(self._actors.values()):
            if actor.municipality and actor.municipality != actor.id:
                self._seated.setdefault(actor.municipality, []).append(actor)
            for town in actor.serves:
                if town != actor.municipality:
                    self._serving.setdefault(town, []).append(actor)
            if actor.serves_district:
                self._district_wide.append(actor)

    # -- lookups --------------------------------------------------------------------------------------------
    def actor(self, actor_id: str) -> Actor | None:
        """The actor with this id, or None."""
        return self._actors.get(actor_id)

    def actors(self) -> tuple[Actor, ...]:
        """Every actor, sorted by name (then id)."""
        return tuple(_by_name(self._actors.values()))

    def municipalities(self) -> tuple[Actor, ...]:
        """Every municipality actor, sorted by name (then id)."""
        return tuple(a for a in self.actors() if a.kind == MUNICIPALITY_KIND)

    def find_municipality(self, key: str) -> Actor | None:
        """The municipality with this actor id or official key (AGS, with or without leading zeros)."""
        found = self._actors.get(key)
        if found is not None and found.kind == MUNICIPALITY_KIND:
            return found
        wanted = key.strip()
        if wanted.isdigit():
            for town in self.municipalities():
                ags = str(town.properties.get("ags", ""))
                if ags and ags.lstrip("0") == wanted.lstrip("0"):
                    return town
        return None

    # -- actor ----------------------------------------------------------------------------------------------
    def actor_profile(self, actor_id: str) -> ActorProfile | None:
        """The profile of the actor with this id, or None when there is no such actor."""
        actor = self._actors.get(actor_id)
        if actor is None:
            return None
        groups: dict[str, tuple[list[Tie], list[Tie]]] = {}
        for rel in self._ties.get(actor_id, ()):
            outgoing = rel.source == actor_id
            other = self._actors[rel.target if outgoing else rel.source]
            groups.setdefault(rel.type, ([], []))[0 if outgoing else 1].append(Tie(rel, other, outgoing))
        tie_groups = tuple(
            TieGroup(t, *(tuple(sorted(side, key=lambda tie: (*_name_key(tie.other), tie.relation.key)))
                          for side in groups[t]))
            for t in _ordered(groups, self.vocabulary.relation_types.ids())
        )
        seat = self._actors.get(actor.municipality) if actor.municipality else None
        served = tuple(_by_name(self._actors[m] for m in actor.serves if m in self._actors))
        return ActorProfile(actor, seat, served, tie_groups)

    def path(self, source: str, target: str) -> tuple[PathStep, ...] | None:
        """The shortest chain of ties from ``source`` to ``target``, ties followed in either direction.

        Among equally short chains the same one is always taken (:func:`graph.analysis.paths.shortest_path`).
        ``(source,)`` as one step when both are the same actor; None when either is unknown or no chain
        connects them.
        """
        if source not in self._actors or target not in self._actors:
            return None
        chain = shortest_path(self._adjacency, source, target)
        if chain is None:
            return None
        steps = [PathStep(self._actors[source], ())]
        for before, after in pairwise(chain):
            ties = sorted((r for r in self._ties[after] if {r.source, r.target} == {before, after}),
                          key=lambda r: r.key)
            steps.append(PathStep(self._actors[after], tuple(ties)))
        return tuple(steps)

    # -- municipality ---------------------------------------------------------------------------------------
    def municipality_profile(self, municipality_id: str) -> MunicipalityProfile | None:
        """The profile of the municipality with this actor id, or None when there is no such municipality."""
        town = self._actors.get(municipality_id)
        if town is None or town.kind != MUNICIPALITY_KIND:
            return None
        seated = tuple(self._seated.get(town.id, ()))
        seated_ids = {a.id for a in seated}
        serving = tuple(a for a in self._serving.get(town.id, ()) if a.id not in seated_ids)
        named = seated_ids | {a.id for a in serving} | {town.id}
        district_wide = tuple(a for a in self._district_wide if a.id not in named)
        coordinates = actor_coordinates(town)
        return MunicipalityProfile(
            municipality=town,
            figures=_figures(town),
            seated=seated,
            serving=serving,
            district_wide=district_wide,
            crossing=self._crossing(town, seated_ids | {town.id}),
            nearest=self._nearest(town, coordinates) if coordinates else (),
            has_coordinates=coordinates is not None,
        )

    def _crossing(self, town: Actor, inside: set[str]) -> tuple[CrossingTie, ...]:
        found = {}
        for actor_id in inside:
            for rel in self._ties.get(actor_id, ()):
                if (rel.source in inside) != (rel.target in inside):
                    outgoing = rel.source in inside
                    found[rel.key] = CrossingTie(rel, self._actors[rel.source if outgoing else rel.target],
                                                 self._actors[rel.target if outgoing else rel.source], outgoing)
        order = {t: i for i, t in enumerate(self.vocabulary.relation_types.ids())}
        return tuple(sorted(found.values(), key=lambda c: (order.get(c.relation.type, len(order)), c.relation.type,
                                                           *_name_key(c.inside), *_name_key(c.outside),
                                                           c.relation.key)))

    def _nearest(self, town: Actor, here: tuple[float, float]) -> tuple[NearestOfKind, ...]:
        local = Counter(a.kind for a in self._seated.get(town.id, ()))
        best: dict[str, tuple[float, str, str, Actor, Actor]] = {}
        for other in self.municipalities():
            there = actor_coordinates(other) if other.id != town.id else None
            if there is None:
                continue
            km = haversine_km(*here, *there)
            for actor in self._seated.get(other.id, ()):
                candidate = (km, *_name_key(actor), actor, other)
                known = best.get(actor.kind)
                if known is None or candidate[:3] < known[:3]:
                    best[actor.kind] = candidate
        kinds = [k for k in self.vocabulary.kinds.ids() if k != MUNICIPALITY_KIND]
        kinds += sorted((set(best) | set(local)) - set(kinds) - {MUNICIPALITY_KIND})
        entries = []
        for kind in kinds:
            if kind in best:
                km, _, _, actor, other = best[kind]
                entries.append(NearestOfKind(kind, local[kind], actor, other, round(km, 1)))
            else:
                entries.append(NearestOfKind(kind, local[kind], None, None, None))
        return tuple(entries)


# -- helpers ------------------------------------------------------------------------------------------------


def _name_key(actor: Actor) -> tuple[str, str]:
    return (index_key(actor.name), actor.id)


def _by_name(actors: Iterable[Actor]) -> list[Actor]:
    return sorted(actors, key=_name_key)


def _ordered(present: Iterable[str], order: Sequence[str]) -> list[str]:
    wanted = set(present)
    return [k for k in order if k in wanted] + sorted(wanted - set(order))






def _figures(town: Actor) -> tuple[Figure, ...]:
    figures = []
    for key, value, date, source in FIGURE_PROPERTIES:
        amount = parse_amount(town.properties.get(value))
        if amount is None:
            continue
        text = str(town.properties.get(source, "")).strip()
        figures.append(Figure(key, amount, str(town.properties.get(date) or "") or None, text,
                              text.casefold().startswith("secondary")))
    return tuple(figures)
