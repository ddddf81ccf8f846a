"""Editing stored facts as table rows (importers/edits.py) on the bundled data, on both stores: every table
reads back through the importer unchanged, an edited cell becomes one fact's change, a bad cell is named with
its line and column, and a deleted actor takes its ties along — all as one change set that undo takes back."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import ChangeConflictError
from graph.model.changes import ChangeMeta
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.store.base import GraphStore
from importers.edits import edit_changes, edit_sheets, edit_table, plan_rows
from importers.seed import seed

VHS = "vhs-lb"


@pytest.fixture
def seeded(store: GraphStore) -> GraphStore:
    seed(store, store.vocabulary, DATA_DIR / "ludwigsburg")
    return store


def _dump(store: GraphStore) -> tuple[object, ...]:
    return (sorted(a.as_record().items().__repr__() for a in store.actors()),
            sorted(repr(r.as_record()) for r in store.relations()),
            sorted(repr(n.as_record()) for n in store.nodes()), sorted(repr(k.as_record()) for k in store.links()))


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_table_reads_back_through_the_importer_unchanged(seeded: GraphStore, lang: str) -> None:
    for sheet in edit_sheets(seeded.vocabulary, lang):
        table = edit_table(seeded, sheet.key, lang)
        plan = plan_rows(seeded, sheet.key, table.rows, lang)
        nodes = table.keys if sheet.key not in ("actors", "relations", "links") else ()
        assert not plan.errors, (sheet.key, [str(p) for p in plan.errors[:3]])
        assert edit_changes(seeded, plan, edited_nodes=nodes) == [], sheet.key


def test_an_edited_cell_is_one_change_kept_in_one_change_set_and_undone(seeded: GraphStore) -> None:
    before = _dump(seeded)
    table = edit_table(seeded, "actors", "de", ids=[VHS])
    row = dict(table.rows[0])
    old = row["Bemerkungen"]
    row["Bemerkungen"] = "Kurse auch samstags"
    plan = plan_rows(seeded, "actors", [row], "de")
    facts = edit_changes(seeded, plan)
    assert [(f.kind, f.key) for f in facts] == [("actor", VHS)]
    assert facts[0].properties() == [("properties.notes", old, "Kurse auch samstags")]
    stored_import_time = seeded.get_actor(VHS).imported_at  # type: ignore[union-attr]
    done = seeded.apply_changes(facts, ChangeMeta("anna", "edit", role="editor"))
    assert done is not None
    actor = seeded.get_actor(VHS)
    assert actor is not None and actor.properties["notes"] == "Kurse auch samstags"
    assert actor.imported_at == stored_import_time  # an edit is not an import
    seeded.undo(done.id, ChangeMeta("anna", "undo", role="editor"))
    assert _dump(seeded) == before


def test_a_bad_cell_is_named_with_its_line_and_column_and_nothing_is_planned(seeded: GraphStore) -> None:
    table = edit_table(seeded, "actors", "de", ids=[VHS])
    good, bad = dict(table.rows[0]), dict(table.rows[0])
    bad.update({"Kennung": "neu-1", "Bezeichnung": "Neuer Verein", "Art": "Kegelclub"})
    plan = plan_rows(seeded, "actors", [good, bad], "de")
    assert [(p.line, p.column, p.code) for p in plan.errors] == [(3, "Art", "unknown-kind")]


def test_a_deleted_actor_takes_its_ties_and_an_edit_meeting_a_later_change_is_refused(seeded: GraphStore) -> None:
    ties = [r for r in seeded.relations() if VHS in (r.source, r.target)]
    assert ties
    plan = plan_rows(seeded, "actors", [], "de")
    facts = edit_changes(seeded, plan, removed=[("actor", VHS)])
    assert {f.key for f in facts if f.kind == "relation"} == {"|".join(r.key) for r in ties}
    assert all(f.after is None for f in facts if f.kind in ("relation", "actor"))
    # Someone else edits the actor first: the deletion, planned before, is refused and writes nothing.
    table = edit_table(seeded, "actors", "de", ids=[VHS])
    row = dict(table.rows[0], Bemerkungen="geändert von ben")
    seeded.apply_changes(edit_changes(seeded, plan_rows(seeded, "actors", [row], "de")),
                         ChangeMeta("ben", "edit", role="editor"))
    with pytest.raises(ChangeConflictError) as refused:
        seeded.apply_changes(facts, ChangeMeta("anna", "delete", role="editor"))
    assert ("actor", VHS) in refused.value.facts
    assert seeded.get_actor(VHS) is not None


def test_a_node_row_without_a_link_it_had_drops_that_link(seeded: GraphStore, tmp_path: Path) -> None:
    vocabulary: Vocabulary = seeded.vocabulary
    node_type = next(t for t in vocabulary.schema.node_only_types
                     if t.link_columns and edit_table(seeded, t.id, "de").rows)
    table = edit_table(seeded, node_type.id, "de")
    spec = node_type.link_columns[0]
    headers = {c.key: c.header_de for c in table.sheet.columns}
    index, row = next((i, dict(r)) for i, r in enumerate(table.rows) if r[headers[spec.name]])
    if spec.required:
        pytest.skip("the first link column is required")
    row[headers[spec.name]] = ""
    plan = plan_rows(seeded, node_type.id, [row], "de")
    facts = edit_changes(seeded, plan, edited_nodes=[table.keys[index]])
    assert facts and all(f.kind == "link" and f.after is None for f in facts)
