"""GraphStore.write_all(remove=…): removals in the same transaction and change set as the upserts, on both stores;
and the facts of a source (graph.store.history.facts_from_source, removal_changes)."""

from __future__ import annotations

import pytest

from graph.errors import StoreWriteError, UnknownReferenceError
from graph.model.changes import ChangeMeta
from graph.model.domain import Actor, GraphBatch, Relation
from graph.model.knowledge import Link, Node
from graph.store import history
from graph.store.base import GraphStore

LB = "ags-08118048"
KW = "ags-08118046"


def town(mid: str, name: str) -> Actor:
    return Actor(id=mid, name=name, kind="municipality", town=name, provenance="test",
                 properties={"ags": mid.removeprefix("ags-")})


def base() -> GraphBatch:
    return GraphBatch(
        actors=(town(LB, "Ludwigsburg"), town(KW, "Kornwestheim"),
                Actor(id="vhs", name="Volkshochschule", kind="course_provider", municipality=LB, serves=(LB, KW),
                      provenance="test"),
                Actor(id="jc", name="Jobcenter", kind="employment_agency", municipality=LB, provenance="test")),
        relations=(Relation("jc", "refers_to", "vhs", provenance="test"),
                   Relation("vhs", "cooperates_with", "jc", provenance="test")),
        nodes=(Node("format-treffen", "Format", "Austauschtreffen", "test", properties={"kind": "exchange_meeting"}),),
        links=(Link("vhs", "Actor", "ORGANISES", "format-treffen", "Format", "test"),),
    )


def snapshot(store: GraphStore) -> tuple[object, ...]:
    return (store.actors(), store.relations(), store.nodes(), store.links())


def test_removals_and_upserts_are_one_change_set_that_undo_takes_back(store: GraphStore) -> None:
    store.write(GraphBatch(actors=base().actors, relations=base().relations, nodes=base().nodes,
                           links=base().links))
    before = snapshot(store)
    new = Actor(id="caritas", name="Caritas", kind="welfare_organisation", municipality=KW, provenance="test")
    change = store.write_all([GraphBatch(actors=(new,))], change=ChangeMeta("anna", "import", "v2.csv", role="editor"),
                             remove=[("actor", "jc"), ("link", "vhs|ORGANISES|format-treffen")])
    assert change is not None and change.source == "v2.csv" and change.who == "anna"
    assert store.get_actor("jc") is None and store.get_actor("caritas") is not None
    assert store.relations() == []  # both ties had the Jobcenter at one end
    assert store.links() == [] and store.get_node("format-treffen") is not None
    removed = {f.fact for f in change.facts if f.after is None}
    assert removed == {("actor", "jc"), ("relation", "jc|refers_to|vhs"), ("relation", "vhs|cooperates_with|jc"),
                       ("link", "vhs|ORGANISES|format-treffen")}
    assert change.counts() == {"added": 1, "changed": 0, "removed": 4}
    assert [c.id for c in store.change_sets(limit=1)] == [change.id]
    store.undo(change.id)
    assert snapshot(store) == before


def test_removing_a_town_changes_the_actors_seated_in_it_in_the_same_change_set(store: GraphStore) -> None:
    store.write(base())
    change = store.write_all([], remove=[("actor", KW), ("actor", LB)])
    assert change is not None
    vhs = store.get_actor("vhs")
    assert vhs is not None and vhs.municipality is None and vhs.serves == ()  # lost both towns, not only one
    changed = [f for f in change.facts if f.action == "changed"]
    assert {f.key for f in changed} == {"vhs", "jc"}
    store.undo(change.id)
    restored = store.get_actor("vhs")
    assert restored is not None and restored.municipality == LB and restored.serves == (KW, LB)


def test_a_fact_both_removed_and_written_is_refused_and_nothing_is_written(store: GraphStore) -> None:
    store.write(base())
    before, sets = snapshot(store), len(store.change_sets())
    again = Relation("jc", "refers_to", "vhs", provenance="test", note="still there")
    with pytest.raises(StoreWriteError, match="removed and written"):
        store.write_all([GraphBatch(relations=(again,))], remove=[("actor", "jc")])
    # A write that merely refers to what the removal takes is rolled back whole as well.
    tie = Relation("vhs", "refers_to", "jc", provenance="test")
    with pytest.raises(UnknownReferenceError):
        store.write_all([GraphBatch(relations=(tie,))], remove=[("actor", "jc")])
    assert snapshot(store) == before and len(store.change_sets()) == sets


def test_removing_what_the_store_does_not_hold_changes_nothing(store: GraphStore) -> None:
    store.write(base())
    assert store.write_all([], remove=[("actor", "nobody"), ("relation", "a|funds|b")]) is None
    with pytest.raises(ValueError, match="language_education"):
        store.write_all([], remove=[("field", "language_education")])


def test_facts_from_a_source_follow_its_latest_write_in_effect(store: GraphStore) -> None:
    batch = base()
    first = store.write_all([batch], change=ChangeMeta("anna", "import", "actors.csv", role="editor"))
    assert first is not None
    every = {f.fact for f in first.facts}
    assert history.facts_from_source(store, "actors.csv") == every
    assert history.facts_from_source(store, "other.csv") == set()
    # An officer's edit takes the fact out of the file's hands …
    jc = store.get_actor("jc")
    assert jc is not None
    edit = store.write(GraphBatch(actors=(Actor(**{**jc.__dict__, "name": "Jobcenter LB"}),)),
                       change=ChangeMeta("bert", "edit", role="editor"))
    assert edit is not None
    owned = history.source_facts(store, ["actors.csv"])
    assert owned.current == every - {("actor", "jc")}
    assert owned.edited[("actor", "jc")].id == edit.id and owned.edited[("actor", "jc")].who == "bert"
    # … and undoing the edit gives it back.
    store.undo(edit.id)
    assert history.facts_from_source(store, "actors.csv") == every
    assert history.source_facts(store, "actors.csv").edited == {}
    # An import of two files together is no import of one of them.
    store.write_all([GraphBatch(actors=(town("ags-08118071", "Tamm"),))],
                    change=ChangeMeta("anna", "import", "actors.csv, ties.csv", role="editor"))
    assert ("actor", "ags-08118071") not in history.facts_from_source(store, "actors.csv")
    assert ("actor", "ags-08118071") in history.facts_from_source(store, ["actors.csv", "ties.csv"])


def test_removal_changes_list_each_fact_once_ties_before_their_actors(store: GraphStore) -> None:
    store.write(base())
    changes = history.removal_changes(store, [("relation", "jc|refers_to|vhs"), ("actor", "jc"), ("actor", "jc")])
    facts = [c.fact for c in changes]
    assert len(facts) == len(set(facts)) == 3
    assert facts[-1] == ("actor", "jc") and all(c.after is None for c in changes)
