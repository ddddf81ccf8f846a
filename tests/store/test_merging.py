"""Merging duplicates (graph.store.merging) on both stores: ties and links re-pointed or joined, seats and served
towns re-pointed, attributes filled, every source kept, one change set of action ``merge`` that undo takes back
exactly; and the refusals, each saying what to do."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from graph.errors import ChangeConflictError, InvalidInputError
from graph.model.changes import ChangeMeta
from graph.model.domain import Actor, GraphBatch, Relation
from graph.model.knowledge import Link, Node
from graph.model.schema import PropertySpec, Schema
from graph.model.vocabulary import Vocabulary
from graph.store.base import GraphStore
from graph.store.embedded import EmbeddedStore
from graph.store.merging import merge_changes, plan_merge

M1, M2 = "ags-08118003", "ags-08118050"
SRC_A, SRC_B = "https://a.example/vhs", "Survey 2024"


def _graph() -> GraphBatch:
    """Two municipalities, a school entered twice (``vhs`` and ``vhs2``), two other actors, offers and ties."""
    actors = (
        Actor(M1, "Asperg", "municipality", town="Asperg", properties={"ags": "08118003"}, provenance="Destatis"),
        Actor(M2, "Möglingen", "municipality", town="Möglingen", properties={"ags": "08118050"},
              provenance="Destatis ; Zensus"),
        Actor("vhs", "Volkshochschule Asperg", "course_provider", municipality=M1, town="Asperg",
              fields=("language_education",), provenance=SRC_A, properties={"website": "https://vhs.example"}),
        Actor("vhs2", "VHS Asperg e.V.", "course_provider", town="Asperg", fields=("work_training",),
              serves=(M2,), provenance=SRC_B, confirmed="2025-01-10",
              properties={"website": "https://other.example", "notes": "entered twice"}),
        Actor("jc", "Jobcenter", "employment_agency", municipality=M2, town="Möglingen", serves=(M1, M2),
              provenance=SRC_A),
        Actor("drk", "DRK", "welfare_organisation", municipality=M1, town="Asperg", provenance=SRC_A),
    )
    relations = (
        Relation("jc", "cooperates_with", "vhs2", provenance=SRC_B),                       # moved
        Relation("vhs", "funds", "drk", since="2020-01-01", until="2022-12-31", note="kept note",
                 fields=("language_education",), provenance=SRC_A),
        Relation("vhs2", "funds", "drk", since="2018-05-01", until="2024-06-30", note="other note",
                 fields=("work_training",), provenance=SRC_B, confirmed="2025-02-01"),      # joined
        Relation("vhs", "cooperates_with", "vhs2", provenance=SRC_A),                       # keep to itself: dropped
        Relation("drk", "advises", "jc", provenance=SRC_A),                                 # untouched
    )
    nodes = (
        Node("offer-a1", "Offer", "Deutschkurs A1", SRC_A, properties={"status": "offered"}),
        Node("offer-b1", "Offer", "Deutschkurs B1", SRC_A, properties={"status": "offered"}),
        Node("offer-b1-copy", "Offer", "Deutschkurs B 1", SRC_B,
             properties={"status": "offered", "description": "Abends"}),
        Node("format-x", "Format", "Austauschtreffen", SRC_A, properties={"kind": "exchange_meeting"}),
    )
    links = (
        Link("vhs2", "Actor", "PROVIDES", "offer-a1", "Offer", SRC_B),                      # moved
        Link("vhs", "Actor", "PROVIDES", "offer-b1", "Offer", SRC_A),
        Link("vhs2", "Actor", "PROVIDES", "offer-b1", "Offer", SRC_B),                      # joined
        Link("offer-b1-copy", "Offer", "SERVES", M2, "Actor", SRC_B),
        Link("offer-b1", "Offer", "SERVES", M1, "Actor", SRC_A),
    )
    return GraphBatch(actors=actors, relations=relations, nodes=nodes, links=links)


def _export(store: GraphStore) -> dict[str, Any]:
    """Everything the store holds, as plain data, to compare before and after."""
    return {"actors": sorted((a.as_record() for a in store.actors()), key=lambda r: r["id"]),
            "relations": sorted((r.as_record() for r in store.relations()), key=lambda r: str(r)),
            "nodes": sorted((n.as_record() for n in store.nodes()), key=lambda r: r["id"]),
            "links": sorted((k.as_record() for k in store.links()), key=lambda r: str(r))}


def _without_imported_at(data: dict[str, Any]) -> dict[str, Any]:
    return {part: [{k: v for k, v in r.items() if k != "imported_at"} for r in records]
            for part, records in data.items()}


@pytest.fixture
def filled(store: GraphStore) -> GraphStore:
    store.write(_graph())
    return store


def _merge(store: GraphStore, keep: str, drop: str) -> str:
    done = store.apply_changes(merge_changes(store, keep, drop),
                               ChangeMeta("tester", "merge", comment=f"{drop} into {keep}", role="editor"))
    assert done is not None
    return done.id


def test_merging_two_actors_moves_joins_and_drops_their_ties(filled: GraphStore) -> None:
    plan = plan_merge(filled, "vhs", "vhs2")
    assert (plan.kind, plan.moved, plan.joined, plan.dropped) == ("actor", 2, 2, 1)
    _merge(filled, "vhs", "vhs2")

    assert filled.get_actor("vhs2") is None
    ties = {r.key: r for r in filled.relations()}
    assert ("jc", "cooperates_with", "vhs") in ties
    assert not [k for k in ties if "vhs2" in k]
    assert ("vhs", "cooperates_with", "vhs") not in ties  # no self-loop
    assert ("drk", "advises", "jc") in ties
    joined = ties[("vhs", "funds", "drk")]
    assert joined.fields == ("language_education", "work_training")
    assert joined.provenance == f"{SRC_A} ; {SRC_B}"
    assert (joined.since, joined.until, joined.note) == ("2018-05-01", "2024-06-30", "kept note")
    assert joined.confirmed == "2025-02-01"

    links = {k.key: k for k in filled.links()}
    assert ("vhs", "PROVIDES", "offer-a1") in links and links[("vhs", "PROVIDES", "offer-a1")].provenance == SRC_B
    assert links[("vhs", "PROVIDES", "offer-b1")].provenance == f"{SRC_A} ; {SRC_B}"
    assert not [k for k in links if "vhs2" in k]


def test_merging_fills_the_kept_actor_and_keeps_every_source(filled: GraphStore) -> None:
    plan = plan_merge(filled, "vhs", "vhs2")
    assert {"provenance", "fields", "serves", "properties.notes", "confirmed"} <= set(plan.filled)
    assert "properties.website" not in plan.filled
    _merge(filled, "vhs", "vhs2")
    vhs = filled.get_actor("vhs")
    assert vhs is not None
    assert (vhs.name, vhs.kind, vhs.municipality) == ("Volkshochschule Asperg", "course_provider", M1)
    assert vhs.provenance == f"{SRC_A} ; {SRC_B}"
    assert vhs.fields == ("language_education", "work_training")
    assert vhs.serves == (M2,)
    assert vhs.properties["website"] == "https://vhs.example"  # keep's own value wins
    assert vhs.properties["notes"] == "entered twice"          # an empty one is filled
    assert vhs.confirmed == "2025-01-10"


def test_a_merge_is_one_change_set_that_undo_restores_exactly(filled: GraphStore) -> None:
    before = _export(filled)
    merged = _merge(filled, "vhs", "vhs2")
    assert _export(filled) != before
    change_set = filled.change_set(merged)
    assert change_set is not None
    assert (change_set.action, change_set.who, change_set.comment) == ("merge", "tester", "vhs2 into vhs")
    assert ("actor", "vhs2") in {f.fact for f in change_set.facts if f.after is None}
    assert len({f.fact for f in change_set.facts}) == len(change_set.facts)  # each fact once

    undone = filled.undo(merged)
    assert undone.undoes == merged
    assert _export(filled) == before
    # The history is kept: the merge is still there, marked as undone.
    assert [c.id for c in filled.change_sets(limit=2)] == [undone.id, merged]
    assert filled.change_sets(limit=2)[1].undone_by == undone.id


def test_merging_two_municipalities_repoints_seats_served_towns_and_links(filled: GraphStore) -> None:
    before = _export(filled)
    plan = plan_merge(filled, M1, M2)
    assert set(plan.repointed) == {"jc", "vhs2"}
    merged = _merge(filled, M1, M2)
    assert filled.get_actor(M2) is None
    jc, vhs2 = filled.get_actor("jc"), filled.get_actor("vhs2")
    assert jc is not None and vhs2 is not None
    assert (jc.municipality, jc.serves, vhs2.serves) == (M1, (M1,), (M1,))
    assert ("offer-b1-copy", "SERVES", M1) in {k.key for k in filled.links()}
    m1 = filled.get_actor(M1)
    assert m1 is not None and m1.provenance == "Destatis ; Zensus"
    assert m1.properties["ags"] == "08118003"
    filled.undo(merged)
    assert _export(filled) == before


def test_merging_two_nodes_moves_their_links_and_fills_properties(filled: GraphStore) -> None:
    before = _export(filled)
    plan = plan_merge(filled, "offer-b1", "offer-b1-copy")
    assert (plan.kind, plan.moved, plan.filled) == ("node", 1, ("properties.description", "provenance"))
    merged = _merge(filled, "offer-b1", "offer-b1-copy")
    assert filled.get_node("offer-b1-copy") is None
    offer = filled.get_node("offer-b1")
    assert offer is not None and offer.get("description") == "Abends" and offer.provenance == f"{SRC_A} ; {SRC_B}"
    assert {("offer-b1", "SERVES", M1), ("offer-b1", "SERVES", M2)} <= {k.key for k in filled.links()}
    filled.undo(merged)
    assert _export(filled) == before


@pytest.mark.parametrize(("keep", "drop", "words"), [
    ("vhs", "vhs", "given twice"),
    ("vhs", "nobody", "no actor or node 'nobody'"),
    ("vhs", "offer-a1", "only records of one type"),
    ("offer-a1", "format-x", "only records of one type"),
    (M1, "vhs", "merged only with another municipality"),
    ("vhs", M2, "merged only with another municipality"),
    ("vhs", "language_education", "field of action"),
])
def test_merges_that_make_no_sense_are_refused_saying_why(filled: GraphStore, keep: str, drop: str,
                                                          words: str) -> None:
    before = _export(filled)
    with pytest.raises(InvalidInputError, match=words):
        merge_changes(filled, keep, drop)
    assert _export(filled) == before


def test_a_merge_planned_before_another_change_is_refused(filled: GraphStore) -> None:
    facts = merge_changes(filled, "vhs", "vhs2")
    filled.write(GraphBatch(relations=(Relation("jc", "cooperates_with", "vhs2", note="changed", provenance=SRC_B),)))
    before = _export(filled)
    with pytest.raises(ChangeConflictError):
        filled.apply_changes(facts, ChangeMeta("tester", "merge", role="editor"))
    assert _export(filled) == before


def test_the_dropped_name_becomes_an_alias_where_the_schema_has_one(tmp_path: Path, vocabulary: Vocabulary) -> None:
    schema = vocabulary.schema
    actor_type = schema.node_types["Actor"]
    aliased = replace(actor_type, properties=(
        *actor_type.properties, PropertySpec("aliases", "Also known as", "Auch bekannt als", "list")))
    with_aliases = Schema({**schema.node_types, "Actor": aliased}, schema.link_types, schema.terms)
    words = Vocabulary(vocabulary.kinds, vocabulary.relation_types, vocabulary.fields, schema=with_aliases)
    with EmbeddedStore(tmp_path / "aliases.sqlite", words) as store:
        store.initialise()
        store.write(_graph())
        _merge(store, "vhs", "vhs2")
        vhs = store.get_actor("vhs")
        assert vhs is not None and vhs.properties["aliases"] == ("VHS Asperg e.V.",)
