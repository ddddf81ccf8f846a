"""Re-importing from the same source: only the file's own facts are updated, an officer's later edit is kept (and
flagged), and facts that vanished from the file are listed, and removed only on request, in the import's own
change set, which undo takes back. Through the library and through ``integranet import``, on a real store."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from graph.errors import InvalidInputError
from graph.model.changes import ChangeMeta, FactChange
from graph.model.domain import Actor
from graph.model.vocabulary import Vocabulary
from graph.store.embedded import EmbeddedStore
from importers.records import KnownActors, plan_import
from importers.reimport import load_reimport, reimport_preview
from tests.support import run

V1 = ("id,name,kind\n"
      "verein-a,Verein A,volunteer_group\n"
      "verein-b,Verein B,volunteer_group\n"
      "verein-c,Verein C,volunteer_group\n")
# Version 2 changes A and B, no longer holds C, and adds D.
V2 = ("id,name,kind\n"
      "verein-a,Verein A (neu),volunteer_group\n"
      "verein-b,Verein B aus der Datei,volunteer_group\n"
      "verein-d,Verein D,volunteer_group\n")


@pytest.fixture
def imported(tmp_path: Path, vocabulary: Vocabulary) -> tuple[str, Path]:
    """A store into which ``vereine.csv`` (version 1) was imported, and whose B an officer renamed since; the
    file now holds version 2."""
    store_path = str(tmp_path / "store.sqlite")
    folder = tmp_path / "upload"
    folder.mkdir()
    file = folder / "vereine.csv"
    file.write_text(V1, encoding="utf-8")
    code, _, err = run("--store", store_path, "import", str(file))
    assert code == 0, err
    with EmbeddedStore(Path(store_path), vocabulary) as store:
        b = store.get_actor("verein-b")
        assert b is not None
        store.apply_changes([FactChange.of(b, replace(b, name="Verein B (vom Amt korrigiert)"))],
                            ChangeMeta("bert", "edit", role="editor"))
    file.write_text(V2, encoding="utf-8")
    return store_path, file


def _name(store_path: str, vocabulary: Vocabulary, actor_id: str) -> str | None:
    with EmbeddedStore(Path(store_path), vocabulary) as store:
        actor: Actor | None = store.get_actor(actor_id)
        return None if actor is None else actor.name


def test_the_preview_lists_the_vanished_row_and_flags_the_edited_one(imported: tuple[str, Path],
                                                                     vocabulary: Vocabulary) -> None:
    store_path, file = imported
    with EmbeddedStore(Path(store_path), vocabulary) as store:
        plan = plan_import([file], vocabulary, KnownActors.from_store(store))
        reimport = reimport_preview(plan, store)
    assert reimport.imported_before and not reimport.incomplete
    assert [v.fact for v in reimport.vanished] == [("actor", "verein-c")]
    assert [(e.key, e.who) for e in reimport.edited_since] == [("verein-b", "bert")]
    assert ("name", "Verein B (vom Amt korrigiert)", "Verein B aus der Datei") in reimport.edited_since[0].properties
    assert reimport.preview.of("actors").new == ("verein-d",)
    assert {c.key for c in reimport.preview.of("actors").changed} == {"verein-a", "verein-b"}

    code, out, err = run("--store", store_path, "import", "--dry-run", str(file))
    assert code == 0, err
    assert "actor verein-c (Verein C)" in out and "--remove-vanished removes them" in out
    assert "actor verein-b (Verein B (vom Amt korrigiert)): by bert" in out
    assert _name(store_path, vocabulary, "verein-a") == "Verein A"  # a dry run writes nothing


def test_remove_vanished_removes_in_the_imports_change_set_and_undo_restores(imported: tuple[str, Path],
                                                                            vocabulary: Vocabulary) -> None:
    store_path, file = imported
    code, out, err = run("--store", store_path, "import", "--remove-vanished", str(file))
    assert code == 0, err
    assert _name(store_path, vocabulary, "verein-c") is None
    assert _name(store_path, vocabulary, "verein-a") == "Verein A (neu)"
    assert _name(store_path, vocabulary, "verein-d") == "Verein D"
    assert _name(store_path, vocabulary, "verein-b") == "Verein B (vom Amt korrigiert)"  # the edit is kept
    with EmbeddedStore(Path(store_path), vocabulary) as store:
        newest = store.change_sets(limit=1)[0]
        full = store.change_set(newest.id)
        assert full is not None and newest.action == "import" and newest.source == "vereine.csv"
        assert {(f.key, f.action) for f in full.facts} == {("verein-c", "removed"), ("verein-a", "changed"),
                                                           ("verein-d", "added")}
    assert newest.id in out

    code, _, err = run("--store", store_path, "undo", newest.id)
    assert code == 0, err
    assert _name(store_path, vocabulary, "verein-c") == "Verein C"
    assert _name(store_path, vocabulary, "verein-a") == "Verein A"
    assert _name(store_path, vocabulary, "verein-d") is None


def test_without_the_flag_vanished_facts_are_kept_and_listed(imported: tuple[str, Path],
                                                             vocabulary: Vocabulary) -> None:
    store_path, file = imported
    code, out, err = run("--store", store_path, "import", str(file))
    assert code == 0, err
    assert "actor verein-c (Verein C)" in out
    assert _name(store_path, vocabulary, "verein-c") == "Verein C"
    assert _name(store_path, vocabulary, "verein-b") == "Verein B (vom Amt korrigiert)"
    # The vanished row stays the file's fact; choosing to overwrite the edit writes the file's value.
    code, out, err = run("--store", store_path, "import", "--overwrite-edited", str(file))
    assert code == 0, err
    assert _name(store_path, vocabulary, "verein-b") == "Verein B aus der Datei"


def test_only_vanished_facts_are_removed_and_never_with_invalid_rows(imported: tuple[str, Path],
                                                                     vocabulary: Vocabulary) -> None:
    store_path, file = imported
    with EmbeddedStore(Path(store_path), vocabulary) as store:
        plan = plan_import([file], vocabulary, KnownActors.from_store(store))
        reimport = reimport_preview(plan, store)
        with pytest.raises(InvalidInputError, match="verein-a"):
            load_reimport(plan, store, reimport, remove=[("actor", "verein-a")])
        assert store.get_actor("verein-a") is not None
    file.write_text(V2 + "kaputt,,volunteer_group\n", encoding="utf-8")
    code, _, err = run("--store", store_path, "import", "--skip-invalid", "--remove-vanished", str(file))
    assert code != 0 and "--remove-vanished" in err
    assert _name(store_path, vocabulary, "verein-c") == "Verein C"
