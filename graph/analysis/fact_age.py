"""Facts age: which actors, ties, nodes and links have not been confirmed for too long, and confirming them.

Every fact keeps the date it was last confirmed (``confirmed``, ISO date, empty when never) and when it was
imported (``imported_at``). A fact never confirmed counts from the day it was imported: that is the last time
anyone said it holds. A fact is *stale* when that day lies more than ``months`` calendar months before today
(confirmed exactly twelve months ago is not yet stale at 12; a day more is). A fact with neither date is stale
whatever the limit: nobody knows how old it is.

Pure functions over records; the shells read the store, call these, and write the confirmations as one change
set (``GraphStore.apply_changes``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from graph.model.changes import FactChange, FactKey, fact_key
from graph.model.domain import Actor, Relation
from graph.model.knowledge import Link, Node
from graph.model.vocabulary import MUNICIPALITY_KIND, Vocabulary

__all__ = ["DEFAULT_REVIEW_MONTHS", "FACT_KINDS", "StaleCounts", "StaleFact", "confirmation_changes", "count_stale",
           "cutoff_date", "fact_records", "last_confirmed", "stale_facts"]

#: How many months a fact may go unconfirmed before it is listed for review (``Settings.review_months``).
DEFAULT_REVIEW_MONTHS = 12
#: The kinds of fact that age, in the order the review lists them when they are equally old.
FACT_KINDS = ("actor", "relation", "node", "link")
#: The links that place a node in a municipality (an offer serves it, an event is held in it, a figure is
#: measured for it).
PLACING_LINKS = ("SERVES", "HELD_IN", "MEASURED_FOR")

AgingRecord = Actor | Relation | Node | Link


@dataclass(frozen=True)
class StaleFact:
    """One fact due for review.

    ``kind`` is actor/relation/node/link and ``key`` its key (:func:`graph.model.changes.fact_key`); ``name``
    is readable ("VHS → cooperates with → Jobcenter" for a tie); ``municipality`` is the id of the municipality
    it belongs to ("" when none): an actor's seat (a municipality its own), a tie's or link's source's, a node's
    that it serves, is held in or measured for; ``municipalities`` every one of them (an offer may serve
    several). ``type`` is the actor kind, relation type, node type or link type, ``type_label`` its label.
    ``last_confirmed`` is the ISO date it was last confirmed, else the date it was imported ("" when neither is
    known, ``age_days`` then None); ``never_confirmed`` says which of the two it is.
    """

    kind: str
    key: str
    name: str
    municipality: str
    municipality_name: str
    type: str
    type_label: str
    last_confirmed: str
    never_confirmed: bool
    age_days: int | None
    municipalities: tuple[str, ...] = ()

    @property
    def fact(self) -> FactKey:
        return (self.kind, self.key)

    def as_dict(self) -> dict[str, object]:
        """Plain data for JSON."""
        return {"kind": self.kind, "key": self.key, "name": self.name, "municipality": self.municipality,
                "municipality_name": self.municipality_name, "type": self.type, "type_label": self.type_label,
                "last_confirmed": self.last_confirmed, "never_confirmed": self.never_confirmed,
                "age_days": self.age_days}


@dataclass(frozen=True)
class StaleCounts:
    """How many facts are stale: in all, per municipality id ("" for facts of no municipality) and per
    ``(kind, type)``; each mapping ordered by count, highest first, then by key."""

    total: int
    by_municipality: Mapping[str, int]
    by_kind: Mapping[tuple[str, str], int]


def cutoff_date(today: date, months: int) -> date:
    """The day ``months`` calendar months before ``today`` (the last day of the month where that month is
    shorter): a fact last confirmed before it is stale.

    >>> cutoff_date(date(2026, 3, 31), 1), cutoff_date(date(2026, 12, 3), 12)
    (datetime.date(2026, 2, 28), datetime.date(2025, 12, 3))
    """
    if months < 0:
        raise ValueError(f"months must not be negative, not {months}")
    index = today.year * 12 + today.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    following = date(year + (month == 12), month % 12 + 1, 1)
    last_day = (following - date(year, month, 1)).days
    return date(year, month, min(today.day, last_day))


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def last_confirmed(record: AgingRecord) -> tuple[date | None, bool]:
    """The day the fact was last confirmed, else the day it was imported (None when neither is a date), and
    whether it was never confirmed."""
    confirmed = _day(record.confirmed)
    if confirmed is not None:
        return confirmed, False
    return _day(record.imported_at), True


class _Namer:
    """Readable names, kinds and municipalities of the facts, from the records and the vocabulary."""

    def __init__(self, actors: Sequence[Actor], nodes: Sequence[Node], links: Sequence[Link],
                 vocabulary: Vocabulary | None, language: str) -> None:
        self.actors = {a.id: a for a in actors}
        self.names = {a.id: a.name for a in actors} | {n.id: n.name for n in nodes}
        if vocabulary is not None:
            self.names.update({f.id: f.label(language) for f in vocabulary.fields if f.id not in self.names})
        self.vocabulary = vocabulary
        self.language = language
        towns = {a.id for a in actors if a.kind == MUNICIPALITY_KIND}
        placed: dict[str, set[str]] = {}
        for link in links:
            if link.type in PLACING_LINKS and link.target in towns:
                placed.setdefault(link.source, set()).add(link.target)
        self.node_towns = {node_id: tuple(sorted(ids)) for node_id, ids in placed.items()}

    def type_label(self, kind: str, type_id: str) -> str:
        vocabulary, lang = self.vocabulary, self.language
        if vocabulary is None:
            return type_id
        if kind == "actor":
            return vocabulary.kinds.label(type_id, lang)
        if kind == "relation":
            return vocabulary.relation_types.label(type_id, lang)
        found = (vocabulary.schema.node_types if kind == "node" else vocabulary.schema.link_types).get(type_id)
        return found.label(lang) if found else type_id

    def towns_of(self, record_id: str) -> tuple[str, ...]:
        """The municipality ids an actor or node belongs to (a field of action or unknown id: none)."""
        actor = self.actors.get(record_id)
        if actor is not None:
            seat = actor.id if actor.kind == MUNICIPALITY_KIND else actor.municipality
            return (seat,) if seat else ()
        return self.node_towns.get(record_id, ())

    def describe(self, record: AgingRecord) -> tuple[str, str, str, tuple[str, ...]]:
        """The fact's kind, name, type and municipalities."""
        kind = fact_key(record)[0]
        if isinstance(record, (Relation, Link)):
            label = self.type_label(kind, record.type)
            name = f"{self.names.get(record.source, record.source)} → {label} → " \
                   f"{self.names.get(record.target, record.target)}"
            return kind, name, record.type, self.towns_of(record.source)
        type_id = record.kind if isinstance(record, Actor) else record.type
        return kind, record.name, type_id, self.towns_of(record.id)


def _aging(actors: Iterable[Actor], relations: Iterable[Relation], nodes: Iterable[Node],
           links: Iterable[Link]) -> list[AgingRecord]:
    records: list[AgingRecord] = list(actors)
    records.extend(relations)
    records.extend(nodes)
    records.extend(links)
    return records


def _matches(fact: StaleFact, municipality: str | None, kind: str | None) -> bool:
    if municipality is not None and municipality not in fact.municipalities:
        return False
    return kind is None or kind in (fact.kind, fact.type)


def stale_facts(actors: Sequence[Actor], relations: Sequence[Relation], nodes: Sequence[Node],
                links: Sequence[Link], today: date, months: int = DEFAULT_REVIEW_MONTHS,
                municipality: str | None = None, kind: str | None = None, *,
                vocabulary: Vocabulary | None = None, language: str = "en") -> list[StaleFact]:
    """Every fact last confirmed (or, never confirmed, imported) more than ``months`` months before ``today``,
    and every fact with no date at all; oldest first (undated ones before all), then by kind and name.

    ``municipality`` (an id) keeps the facts of that municipality (a node serving several: of any of them);
    ``kind`` keeps one kind of fact (``actor``, ``relation``, ``node``, ``link``) or one actor kind, relation
    type, node type or link type. ``vocabulary`` gives the labels in ``language`` (without it: the ids).
    """
    cutoff = cutoff_date(today, months)
    namer = _Namer(actors, nodes, links, vocabulary, language)
    found: list[StaleFact] = []
    for record in _aging(actors, relations, nodes, links):
        day, never = last_confirmed(record)
        if day is not None and day >= cutoff:
            continue
        fact_kind, name, type_id, towns = namer.describe(record)
        town = towns[0] if towns else ""
        fact = StaleFact(
            kind=fact_kind, key=fact_key(record)[1], name=name, municipality=town,
            municipality_name=namer.names.get(town, town), type=type_id,
            type_label=namer.type_label(fact_kind, type_id), last_confirmed=day.isoformat() if day else "",
            never_confirmed=never, age_days=(today - day).days if day else None, municipalities=towns)
        if _matches(fact, municipality, kind):
            found.append(fact)
    return sorted(found, key=lambda f: (f.last_confirmed, FACT_KINDS.index(f.kind), f.name.casefold(), f.key))


def count_stale(facts: Iterable[StaleFact]) -> StaleCounts:
    """The stale facts counted in all, per municipality and per kind and type."""
    listed = list(facts)
    towns = Counter(f.municipality for f in listed)
    kinds = Counter((f.kind, f.type) for f in listed)

    return StaleCounts(total=len(listed),
                       by_municipality=dict(sorted(towns.items(), key=lambda item: (-item[1], item[0]))),
                       by_kind=dict(sorted(kinds.items(), key=lambda item: (-item[1], item[0]))))


def fact_records(actors: Iterable[Actor], relations: Iterable[Relation], nodes: Iterable[Node],
                 links: Iterable[Link]) -> dict[FactKey, AgingRecord]:
    """Every aging record by its kind and key, to find the records behind listed or named facts."""
    return {fact_key(record): record for record in _aging(actors, relations, nodes, links)}


def confirmation_changes(records: Iterable[AgingRecord], today: date) -> list[FactChange]:
    """The changes that confirm ``records`` today: each record with ``confirmed`` set to today's ISO date and
    nothing else changed. A record already confirmed today (or named twice) gives no change."""
    stamp = today.isoformat()
    changes: dict[FactKey, FactChange] = {}
    for record in records:
        if record.confirmed == stamp or fact_key(record) in changes:
            continue
        changes[fact_key(record)] = FactChange.of(record, replace(record, confirmed=stamp))
    return list(changes.values())
