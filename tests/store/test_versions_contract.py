"""Concurrent editors (issue 12, item 5), on both real backends: every node and tie has a version (how many change
sets wrote it); an editor hands back the versions it read, and the store checks them in the write's own
transaction. The second of two editors who read the same version does not overwrite the first: nothing of its
change is written, and the error names who saved in between and when. Two store connections racing in threads
give exactly one winner."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from graph.errors import EditConflictError
from graph.model.changes import ChangeMeta, FactChange
from graph.model.domain import Actor, GraphBatch
from graph.store.base import GraphStore
from graph.store.embedded import EmbeddedStore
from tests.support import open_neo4j

SOURCE = "https://www.landkreis-ludwigsburg.de/"
ANNA = ChangeMeta("anna@amt.example", "edit", role="editor")
BERT = ChangeMeta("bert@amt.example", "edit", role="editor")


def _vhs(notes: str) -> Actor:
    return Actor("vhs", "Volkshochschule", "course_provider", provenance=SOURCE, properties={"notes": notes})


def _edit(store: GraphStore, notes: str) -> list[FactChange]:
    """The facts an editor plans now: the stored record before, the edited one after."""
    current = store.get_actor("vhs")
    return [FactChange.of(current, replace(current, properties={"notes": notes}) if current else _vhs(notes))]


def _second(store: GraphStore) -> GraphStore:
    if isinstance(store, EmbeddedStore):
        return EmbeddedStore(store.path, store.vocabulary)
    return open_neo4j(store.location, store.vocabulary)


def test_a_fact_has_a_version_that_each_write_raises(store: GraphStore) -> None:
    key = ("actor", "vhs")
    assert store.versions([key]) == {key: 0}
    store.write(GraphBatch(actors=(_vhs("eins"),)), ChangeMeta.local("import"))
    assert store.versions([key]) == {key: 1}
    store.apply_changes(_edit(store, "zwei"), ANNA)
    assert store.versions([key, ("actor", "nobody")]) == {key: 2, ("actor", "nobody"): 0}


def test_the_second_editor_is_refused_and_told_who_saved_in_between(store: GraphStore) -> None:
    store.write(GraphBatch(actors=(_vhs("Kurse montags"),)), ChangeMeta.local("import"))
    read_by_both = store.versions([("actor", "vhs")])  # both open the same record
    store.apply_changes(_edit(store, "Kurse dienstags (Anna)"), ANNA, versions=read_by_both)
    # Bert checks his edit only now: the facts he plans already start from Anna's version.
    berts = _edit(store, "Kurse mittwochs (Bert)")
    with pytest.raises(EditConflictError, match=r"anna@amt\.example at 20\d\d-\d\d-\d\d \d\d:\d\d UTC") as caught:
        store.apply_changes(berts, BERT, versions=read_by_both)
    assert caught.value.facts == (("actor", "vhs"),)
    assert "Nothing was written" in str(caught.value)
    vhs = store.get_actor("vhs")
    assert vhs is not None and vhs.properties["notes"] == "Kurse dienstags (Anna)"
    assert [c.who for c in store.change_sets()][:1] == ["anna@amt.example"]
    # With the version he now reads, his change goes through (on top of Anna's).
    store.apply_changes(berts, BERT, versions=store.versions([("actor", "vhs")]))
    assert store.get_actor("vhs").properties["notes"] == "Kurse mittwochs (Bert)"  # type: ignore[union-attr]


def test_a_record_someone_else_created_meanwhile_is_not_overwritten(store: GraphStore) -> None:
    nothing_yet = store.versions([("actor", "vhs")])
    store.apply_changes(_edit(store, "von Anna angelegt"), ANNA, versions=nothing_yet)
    with pytest.raises(EditConflictError, match=r"anna@amt\.example"):
        store.apply_changes([FactChange.of(None, _vhs("von Bert angelegt"))], BERT, checked=True,
                            versions=nothing_yet)
    assert store.get_actor("vhs").properties["notes"] == "von Anna angelegt"  # type: ignore[union-attr]


def _race(plans: dict[str, tuple[GraphStore, list[FactChange], ChangeMeta]],
          read: dict[tuple[str, str], int]) -> dict[str, str]:
    """Both editors save at the same moment, each on its own connection; who was saved and who refused."""
    outcome: dict[str, str] = {}
    start = threading.Barrier(len(plans))

    def save(name: str) -> None:
        target, facts, who = plans[name]
        start.wait()
        try:
            target.apply_changes(facts, who, checked=True, versions=read)
            outcome[name] = "saved"
        except EditConflictError:
            outcome[name] = "refused"

    threads = [threading.Thread(target=save, args=(n,)) for n in plans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcome


def test_two_connections_racing_give_exactly_one_winner(store: GraphStore) -> None:
    store.write(GraphBatch(actors=(_vhs("Start"),)), ChangeMeta.local("import"))
    other = _second(store)
    try:
        for round_ in range(3):
            read = store.versions([("actor", "vhs")])
            outcome = _race({"anna": (store, _edit(store, f"Anna {round_}"), ANNA),
                             "bert": (other, _edit(other, f"Bert {round_}"), BERT)}, read)
            assert sorted(outcome.values()) == ["refused", "saved"], outcome
            winner = next(n for n, o in outcome.items() if o == "saved")
            vhs = store.get_actor("vhs")
            assert vhs is not None and vhs.properties["notes"] == f"{winner.capitalize()} {round_}"
    finally:
        other.close()
