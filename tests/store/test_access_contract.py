"""Roles are checked where data is written: every write of the store refuses a change without the role to edit,
on both stores, and leaves the store exactly as it was (graph.model.access, GraphStore)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from graph.errors import AccessDeniedError
from graph.model.access import EDITOR, VIEWER
from graph.model.changes import ChangeMeta, FactChange
from graph.model.domain import Actor, GraphBatch, Relation
from graph.store.base import GraphStore

JC = Actor(id="jc", name="Jobcenter", kind="employment_agency", provenance="test")
VHS = Actor(id="vhs", name="Volkshochschule", kind="course_provider", provenance="test")


@pytest.fixture
def filled(store: GraphStore) -> GraphStore:
    store.write(GraphBatch(actors=(JC, VHS), relations=(Relation("jc", "refers_to", "vhs", provenance="test"),)),
                ChangeMeta("anna", "import", role=EDITOR))
    return store


def state(store: GraphStore) -> tuple[object, ...]:
    return store.actors(), store.relations(), [c.id for c in store.change_sets()]


WRITES: dict[str, Callable[[GraphStore, ChangeMeta], object]] = {
    "write": lambda s, m: s.write(GraphBatch(actors=(replace(JC, name="Agentur"),)), m),
    "write_all": lambda s, m: s.write_all([GraphBatch(actors=(replace(VHS, name="VHS"),))], change=m),
    "delete_actor": lambda s, m: s.delete_actor("jc", m),
    "apply_changes": lambda s, m: s.apply_changes([FactChange.of(JC, replace(JC, name="JC"))], m),
    "undo": lambda s, m: s.undo(s.change_sets(limit=1)[0].id, m),
}


@pytest.mark.parametrize("role", [VIEWER, None, "owner"])
@pytest.mark.parametrize("write", sorted(WRITES))
def test_a_write_without_the_editor_role_is_refused_and_changes_nothing(filled: GraphStore, write: str,
                                                                         role: str | None) -> None:
    before = state(filled)
    with pytest.raises(AccessDeniedError) as refused:
        WRITES[write](filled, ChangeMeta("vera@amt.example", "edit", role=role))
    assert state(filled) == before
    assert refused.value.who == "vera@amt.example" and refused.value.needed == EDITOR
    assert "vera@amt.example" in str(refused.value) and "editor" in str(refused.value)
    assert refused.value.exit_code == 5


@pytest.mark.parametrize("write", sorted(WRITES))
def test_the_same_write_by_an_editor_lands_under_their_name(filled: GraphStore, write: str) -> None:
    WRITES[write](filled, ChangeMeta("erik@amt.example", "edit", role=EDITOR))
    assert filled.change_sets(limit=1)[0].who == "erik@amt.example"


def test_the_person_at_this_computer_may_write() -> None:
    assert ChangeMeta.local().role == "admin"
