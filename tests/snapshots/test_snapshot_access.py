"""Who may make and delete snapshots, checked in the library (``SnapshotFolder.create`` / ``delete``), not only by
the pages' buttons: an editor creates, only an admin deletes, a viewer does neither; and a deletion is aimed only
by the full id or a beginning of at least its date."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import AccessDeniedError, SnapshotError
from graph.model.access import ADMIN, EDITOR, VIEWER
from graph.model.changes import ChangeMeta
from graph.model.vocabulary import Vocabulary
from graph.snapshots.snapshot import SnapshotFolder
from graph.store.embedded import EmbeddedStore


def _person(role: str) -> ChangeMeta:
    return ChangeMeta(f"{role}@amt.example", "snapshot", role=role)


@pytest.fixture
def folder(tmp_path: Path) -> SnapshotFolder:
    return SnapshotFolder(tmp_path / "snapshots")


def test_a_viewer_makes_no_snapshot_and_an_editor_does(bundled_store_file: Path, folder: SnapshotFolder,
                                                       vocabulary: Vocabulary) -> None:
    with EmbeddedStore(bundled_store_file, vocabulary) as store:
        with pytest.raises(AccessDeniedError, match=r"viewer@amt\.example \(viewer\) may not snapshot create"):
            folder.create(store, "Bericht", change=_person(VIEWER))
        assert folder.infos() == []
        made = folder.create(store, "Bericht", change=_person(EDITOR))
    assert [i.id for i in folder.infos()] == [made.id]


@pytest.mark.parametrize("role", [VIEWER, EDITOR])
def test_only_an_admin_deletes_a_snapshot(role: str, bundled_store_file: Path, folder: SnapshotFolder,
                                          vocabulary: Vocabulary) -> None:
    with EmbeddedStore(bundled_store_file, vocabulary) as store:
        made = folder.create(store, "Bericht", change=_person(EDITOR))
    with pytest.raises(AccessDeniedError, match="needs the role admin"):
        folder.delete(made.id, _person(role))
    assert folder.info(made.id).id == made.id
    assert folder.delete(made.id, _person(ADMIN)) == made.id
    assert folder.infos() == []


def test_a_deletion_needs_the_full_id_or_at_least_the_date(bundled_store_file: Path, folder: SnapshotFolder,
                                                           vocabulary: Vocabulary) -> None:
    with EmbeddedStore(bundled_store_file, vocabulary) as store:
        made = folder.create(store, "Bericht")
    for short in (made.id[0], made.id[:7]):
        with pytest.raises(SnapshotError, match="too short to delete"):
            folder.delete(short)
    assert folder.info(made.id[0]).id == made.id, "reading still takes any unique beginning"
    assert folder.delete(made.id[:8]) == made.id
