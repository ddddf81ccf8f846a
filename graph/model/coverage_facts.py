"""What the gap model needs from a store: municipalities and, per municipality × field, the actors working there.

Plain data, so that a store can aggregate it in the database (Neo4j on the server, SQLite by grouping) and
the gap model (:mod:`graph.analysis.coverage`) reads it without knowing which store it came from.
:meth:`CoverageFacts.from_actors` reads the same facts from actor records.

Besides the actors, the gap statuses need the offers (:class:`OfferFacts`: status, fields, the municipalities
served, the providers' kinds, provenance) and which actors are illustrative; :meth:`CoverageFacts.with_knowledge`
adds both to facts from any source (:meth:`GraphStore.gap_facts` does it for a store).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from itertools import compress
from types import MappingProxyType
from typing import Any, ClassVar, NamedTuple

from graph.model.domain import ILLUSTRATIVE, Actor
from graph.model.knowledge import Link, Node
from graph.model.place import index_key
from graph.model.vocabulary import MUNICIPALITY_KIND

__all__ = ["OFFER_LINK_TYPES", "ActorFacts", "CoverageFacts", "OfferFacts", "TownFacts", "fact_value", "offer_facts"]

#: The link types that place an offer: who provides it, which municipalities it serves, which fields it concerns.
OFFER_LINK_TYPES = ("PROVIDES", "SERVES", "CONCERNS")


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
class OfferFacts:
    """An offer as the gap model reads it: plain facts of the ``Offer`` node and its links.

    ``status`` is the ``offer_status`` term id (``offered``, ``not_offered``, ``planned``, ``ended``; empty when
    not given); ``district_wide``: the offer (or its absence) concerns every municipality of the district;
    ``fields`` (CONCERNS), ``municipalities`` (SERVES) and ``provider_kinds`` (the kinds of the actors that
    PROVIDE it) are sorted and distinct; ``provenance`` is the node's source (``illustrative`` for demonstration).
    """

    id: str
    name: str
    status: str
    district_wide: bool = False
    fields: tuple[str, ...] = ()
    municipalities: tuple[str, ...] = ()
    provider_kinds: tuple[str, ...] = ()
    provenance: str = ""

    @property
    def sourced(self) -> bool:
        """True unless the offer is a demonstration fact (provenance ``illustrative``)."""
        return self.provenance != ILLUSTRATIVE


@dataclass(frozen=True)
class CoverageFacts:
    """Everything the gap model needs from a store, aggregated per municipality × field; no ties.

    ``local`` maps (municipality id, field id) to the actors working on the field that are seated in the
    municipality or serve it by name (a municipality actor is seated in itself); ``district_wide`` maps a
    field id to the actors working on it that serve the whole district. Build it with :meth:`from_rows`,
    which puts everything in one canonical order, so equal content gives equal facts whatever the source.
    ``offers`` (sorted by id) and ``illustrative_actors`` (the ids of demonstration actors) are empty until
    :meth:`with_knowledge` adds them.
    """

    municipalities: tuple[TownFacts, ...]
    local: Mapping[tuple[str, str], tuple[ActorFacts, ...]]
    district_wide: Mapping[str, tuple[ActorFacts, ...]]
    offers: tuple[OfferFacts, ...] = ()
    illustrative_actors: frozenset[str] = frozenset()

    def with_knowledge(self, offers: Iterable[Node], links: Iterable[Link], actors: Iterable[Actor]) -> CoverageFacts:
        """These facts with the offers and the illustrative actors: ``offers`` are nodes (those not of type
        ``Offer`` are ignored), ``links`` their PROVIDES, SERVES and CONCERNS links (others are ignored),
        ``actors`` give the providers' kinds and which actors are illustrative (see :func:`offer_facts`)."""
        records = list(actors)
        return self.with_offers(offers, links, {a.id: a.kind for a in records},
                                (a.id for a in records if a.is_illustrative))

    def with_offers(self, offers: Iterable[Node], links: Iterable[Link], kinds: Mapping[str, str],
                    illustrative: Iterable[str]) -> CoverageFacts:
        """:meth:`with_knowledge` from the actors' kinds (actor id → kind) and the ids of the illustrative
        actors, as a store selects them without reading whole actors."""
        marked = frozenset(illustrative)
        return replace(self, offers=offer_facts(offers, links, kinds, marked), illustrative_actors=marked)

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
    def from_actors(cls, actors: Iterable[Actor]) -> CoverageFacts:
        """The facts of actor records: municipalities are the actors of kind ``municipality``; an actor
        working on a field is listed in the cell of its seat (seated) and of every municipality it serves,
        and among the district-wide actors of the field when it serves the whole district."""
        records = list(actors)
        towns = {a.id: a for a in records if a.kind == MUNICIPALITY_KIND}
        municipalities = [
            TownFacts(a.id, a.name, *(fact_value(a.properties.get(key)) for key in TownFacts.PROPERTIES))
            for a in towns.values()
        ]
        local: list[tuple[str, str, str, str, str, bool]] = []
        wide: list[tuple[str, str, str, str]] = []
        for actor in records:
            if not actor.fields:
                continue
            seat = actor.id if actor.kind == MUNICIPALITY_KIND else actor.municipality
            for town in dict.fromkeys([seat, *actor.serves]):
                if town in towns:
                    local.extend((town, f, actor.id, actor.name, actor.kind, town == seat) for f in actor.fields)
            if actor.serves_district:
                wide.extend((f, actor.id, actor.name, actor.kind) for f in actor.fields)
        return cls.from_rows(municipalities, local, wide)

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
    return {a: i for i, a in enumerate(sorted(ids, key=lambda a: (index_key(actors[a][0]), a)))}


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


def offer_facts(offers: Iterable[Node], links: Iterable[Link], kinds: Mapping[str, str],
                illustrative: Collection[str] = ()) -> tuple[OfferFacts, ...]:
    """The :class:`OfferFacts` of the ``Offer`` nodes among ``offers``, sorted by id.

    A PROVIDES link from an actor gives its kind (from ``kinds``, actor id to kind; an unknown provider, or
    one whose id is in ``illustrative``, gives none: a demonstration actor fills no role), a SERVES link a
    municipality served, a CONCERNS link a field of action. ``district_wide`` is true for a boolean true or
    the text ``true``/``yes``/``ja``/``1`` (as a spreadsheet may have left it).
    """
    found = {o.id: o for o in offers if o.type == "Offer"}
    return offer_facts_from_rows(
        ((o.id, o.name, o.get("status"), o.get("district_wide"), o.provenance) for o in found.values()),
        concerns=((lk.source, lk.target) for lk in links if lk.type == "CONCERNS" and lk.source in found),
        serves=((lk.source, lk.target) for lk in links if lk.type == "SERVES" and lk.source in found),
        providers=((lk.target, kinds[lk.source]) for lk in links if lk.type == "PROVIDES" and lk.target in found
                   and lk.source in kinds and lk.source not in illustrative),
    )


def offer_facts_from_rows(
    offers: Iterable[tuple[str, str, Any, Any, str]], *, concerns: Iterable[tuple[str, str]],
    serves: Iterable[tuple[str, str]], providers: Iterable[tuple[str, str]],
) -> tuple[OfferFacts, ...]:
    """:class:`OfferFacts` from rows as a store selects them, in any order: ``offers`` as (id, name, status,
    district_wide, provenance); ``concerns`` (offer, field), ``serves`` (offer, municipality) and ``providers``
    (offer, kind of a sourced providing actor). Sorted by id, every tuple sorted and without repeats."""
    grouped: tuple[dict[str, set[str]], ...] = ({}, {}, {})
    for pairs, into in zip((concerns, serves, providers), grouped, strict=True):
        for offer_id, value in pairs:
            if value is not None:
                into.setdefault(offer_id, set()).add(value)
    fields, served, kinds = grouped
    return tuple(
        OfferFacts(
            id=offer_id, name=name, status=str(status or ""), district_wide=_flag(wide),
            fields=tuple(sorted(fields.get(offer_id, ()))), municipalities=tuple(sorted(served.get(offer_id, ()))),
            provider_kinds=tuple(sorted(kinds.get(offer_id, ()))), provenance=provenance or "",
        )
        for offer_id, name, status, wide, provenance in sorted(offers, key=lambda row: row[0])
    )


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value or "").strip().casefold() in ("true", "yes", "ja", "1")


def fact_value(value: Any) -> Any:
    """A property value in the one form facts compare in: stores give lists where records hold tuples."""
    return tuple(value) if isinstance(value, list) else value
