"""Facts age (:mod:`graph.analysis.fact_age`): which facts are due for review, named and placed, and the changes
that confirm them — pure, with dates on either side of the limit."""

from __future__ import annotations

from datetime import date

from graph.analysis.fact_age import confirmation_changes, count_stale, cutoff_date, fact_records, stale_facts
from graph.model.changes import record_of
from graph.model.domain import Actor, Relation
from graph.model.knowledge import Link, Node
from graph.model.vocabulary import Vocabulary

TODAY = date(2026, 12, 3)
ELEVEN_MONTHS = "2026-01-03"
THIRTEEN_MONTHS = "2025-11-03"
TAMM, ASPERG = "ags-08118067", "ags-08118003"


def _graph() -> tuple[list[Actor], list[Relation], list[Node], list[Link]]:
    actors = [
        Actor(TAMM, "Tamm", "municipality", confirmed=THIRTEEN_MONTHS),
        Actor(ASPERG, "Asperg", "municipality", confirmed=ELEVEN_MONTHS),
        Actor("vhs", "VHS Tamm", "course_provider", municipality=TAMM, confirmed=ELEVEN_MONTHS),
        # Never confirmed: counts from the day it was imported, 13 months ago.
        Actor("fk", "Freundeskreis Asperg", "volunteer_group", municipality=ASPERG,
              imported_at=f"{THIRTEEN_MONTHS}T09:30:00+00:00"),
        Actor("neu", "Neuer Verein", "volunteer_group", municipality=ASPERG, imported_at="2026-11-30T08:00:00+00:00"),
    ]
    relations = [
        Relation("vhs", "cooperates_with", "fk", confirmed=THIRTEEN_MONTHS),
        Relation("fk", "refers_to", "vhs", confirmed="2026-06-01"),
    ]
    nodes = [
        Node("offer-a1", "Offer", "Deutschkurs A1", confirmed="2024-05-01"),
        Node("doc", "Document", "Bericht"),  # neither date: nobody knows how old it is
    ]
    links = [
        Link("offer-a1", "Offer", "SERVES", ASPERG, "Actor", confirmed=ELEVEN_MONTHS),
        Link("vhs", "Actor", "PROVIDES", "offer-a1", "Offer", confirmed=THIRTEEN_MONTHS),
    ]
    return actors, relations, nodes, links


def test_the_cutoff_counts_calendar_months() -> None:
    assert cutoff_date(TODAY, 12) == date(2025, 12, 3)
    assert cutoff_date(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert cutoff_date(date(2026, 1, 15), 13) == date(2024, 12, 15)


def test_thirteen_months_is_stale_eleven_is_not_and_never_confirmed_counts_from_the_import(
        vocabulary: Vocabulary) -> None:
    found = stale_facts(*_graph(), today=TODAY, vocabulary=vocabulary, language="en")
    assert [(f.kind, f.key) for f in found] == [
        ("node", "doc"), ("node", "offer-a1"), ("actor", "fk"), ("actor", TAMM),
        ("relation", "vhs|cooperates_with|fk"), ("link", "vhs|PROVIDES|offer-a1")]
    by_key = {f.key: f for f in found}
    assert by_key["fk"].never_confirmed and by_key["fk"].last_confirmed == THIRTEEN_MONTHS
    assert by_key["fk"].age_days == (TODAY - date(2025, 11, 3)).days == 395
    assert not by_key[TAMM].never_confirmed and by_key[TAMM].type == "municipality"
    assert by_key["doc"].last_confirmed == "" and by_key["doc"].age_days is None and by_key["doc"].never_confirmed
    tie = by_key["vhs|cooperates_with|fk"]
    assert tie.name == "VHS Tamm → cooperates with → Freundeskreis Asperg"
    assert tie.municipality == TAMM and tie.municipality_name == "Tamm"  # the source's seat
    assert by_key["offer-a1"].municipality == ASPERG  # the offer serves Asperg
    assert by_key["doc"].municipality == ""
    # A longer limit lets the 13-month-old facts through; a shorter one lists the 11-month-old ones too.
    assert {f.key for f in stale_facts(*_graph(), today=TODAY, months=14)} == {"doc", "offer-a1"}
    assert {"vhs", ASPERG, "offer-a1|SERVES|ags-08118003"} <= {f.key for f in stale_facts(*_graph(), today=TODAY,
                                                                                           months=10)}


def test_filters_by_municipality_and_by_kind_or_type() -> None:
    asperg = stale_facts(*_graph(), today=TODAY, municipality=ASPERG)
    assert {f.key for f in asperg} == {"fk", "offer-a1"}
    assert {f.key for f in stale_facts(*_graph(), today=TODAY, kind="actor")} == {"fk", TAMM}
    assert {f.key for f in stale_facts(*_graph(), today=TODAY, kind="municipality")} == {TAMM}
    assert {f.key for f in stale_facts(*_graph(), today=TODAY, kind="PROVIDES")} == {"vhs|PROVIDES|offer-a1"}
    assert stale_facts(*_graph(), today=TODAY, municipality=TAMM, kind="node") == []


def test_counts_per_municipality_and_kind() -> None:
    counts = count_stale(stale_facts(*_graph(), today=TODAY))
    assert counts.total == 6
    assert counts.by_municipality == {TAMM: 3, "": 1, ASPERG: 2} and list(counts.by_municipality) == [TAMM, ASPERG, ""]
    assert counts.by_kind[("actor", "volunteer_group")] == 1 and counts.by_kind[("node", "Offer")] == 1
    assert sum(counts.by_kind.values()) == 6


def test_confirmation_sets_only_the_confirmed_date_to_today() -> None:
    actors, relations, nodes, links = _graph()
    records = fact_records(actors, relations, nodes, links)
    chosen = [records[("actor", "fk")], records[("relation", "vhs|cooperates_with|fk")], records[("actor", "fk")]]
    changes = confirmation_changes(chosen, TODAY)
    assert [(c.kind, c.key) for c in changes] == [("actor", "fk"), ("relation", "vhs|cooperates_with|fk")]
    assert changes[0].properties() == [("confirmed", "", "2026-12-03")]
    assert changes[1].properties() == [("confirmed", THIRTEEN_MONTHS, "2026-12-03")]
    confirmed = [record for c in changes if c.after is not None
                 if isinstance(record := record_of(c.kind, c.after), (Actor, Relation))]
    assert confirmation_changes(confirmed, TODAY) == []  # already confirmed today: nothing to change
    fk = confirmed[0]
    assert isinstance(fk, Actor) and fk.name == "Freundeskreis Asperg" and fk.imported_at.startswith(THIRTEEN_MONTHS)
    again = stale_facts([a for a in actors if a.id != "fk"] + [fk], relations, nodes, links, TODAY)
    assert "fk" not in {f.key for f in again} and len(again) == 5
