"""Backup and restore (issue 12, item 6): one checked file, restored into an empty store of the OTHER backend,
gives a store whose JSON export, change history and snapshots equal the original's; damaged, truncated, foreign
and newer files are refused with a clear message and nothing written; a store that holds data is refused; only an
admin may do either. Real stores only: the embedded SQLite store and the real Neo4j test server.
"""

from __future__ import annotations

import getpass
import gzip
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from graph.archive import read_backup, restore_backup, write_backup
from graph.errors import AccessDeniedError, BackupError, VocabularyError
from graph.exports.formats import export_live
from graph.model.access import EDITOR, VIEWER
from graph.model.changes import ChangeMeta
from graph.model.domain import GraphBatch
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.snapshots.snapshot import SnapshotFolder
from graph.store.base import GraphStore
from graph.store.embedded import EmbeddedStore
from importers.seed import seed
from tests.support import open_neo4j, run

ADMIN = ChangeMeta.local("backup")
VOCABULARY_DIR = DATA_DIR / "vocabularies"


def _open(kind: str, request: pytest.FixtureRequest, path: Path, vocabulary: Vocabulary) -> GraphStore:
    if kind == "embedded":
        return EmbeddedStore(path, vocabulary)
    return open_neo4j(request.getfixturevalue("neo4j_store_uri"), vocabulary)


@pytest.fixture(params=[pytest.param(("embedded", "neo4j"), id="embedded-to-neo4j", marks=pytest.mark.neo4j),
                        pytest.param(("neo4j", "embedded"), id="neo4j-to-embedded", marks=pytest.mark.neo4j)])
def backends(request: pytest.FixtureRequest) -> tuple[str, str]:
    return request.param  # type: ignore[no-any-return]


@pytest.fixture
def original(vocabulary: Vocabulary, tmp_path: Path) -> Iterator[GraphStore]:
    """An embedded store with the bundled data, an edit after the seed, and two snapshots."""
    with EmbeddedStore(tmp_path / "original.sqlite", vocabulary) as store:
        store.initialise()
        seed(store, vocabulary, DATA_DIR / "ludwigsburg")
        yield store


def _fill(store: GraphStore, vocabulary: Vocabulary, folder: SnapshotFolder) -> None:
    store.initialise()
    seed(store, vocabulary, DATA_DIR / "ludwigsburg")
    actor = store.actors()[0]
    store.write(GraphBatch(actors=(replace(actor, name=actor.name + " (geändert)"),)), ChangeMeta.local("edit"))
    folder.create(store, "Bericht 2026")
    folder.create(store, "Nur Sprache und Bildung")


def _export(store: GraphStore, folder: SnapshotFolder, out: Path) -> dict[str, Any]:
    """The store's JSON export, personal data included, without what names the moment or the store."""
    export_live(store, folder, "json", out, label="Vergleich", include_personal_data=True)
    data = json.loads(out.read_text(encoding="utf-8"))
    for key in ("created_at", "id", "store"):
        data["graph"].pop(key)
    return data  # type: ignore[no-any-return]


def _history(store: GraphStore) -> list[dict[str, Any]]:
    return [found.as_dict() for c in store.change_sets() if (found := store.change_set(c.id)) is not None]


def _snapshot_files(folder: SnapshotFolder) -> dict[str, tuple[Any, Any, Any]]:
    return {info.id: folder.files(info.id) for info in folder.infos()}


def test_backup_restored_into_the_other_backend_gives_an_equal_store(
        backends: tuple[str, str], request: pytest.FixtureRequest, vocabulary: Vocabulary, tmp_path: Path) -> None:
    source_kind, target_kind = backends
    source_folder, target_folder = SnapshotFolder(tmp_path / "snaps-a"), SnapshotFolder(tmp_path / "snaps-b")
    source = _open(source_kind, request, tmp_path / "a.sqlite", vocabulary)
    try:
        _fill(source, vocabulary, source_folder)
        before = _export(source, source_folder, tmp_path / "before.json")
        history_before = _history(source)
        snapshots_before = _snapshot_files(source_folder)
        written = write_backup(source, source_folder, tmp_path / "office.backup.gz", ADMIN)
    finally:
        source.close()
    assert written.counts()["snapshots"] == 2 and written.counts()["change_sets"] == len(history_before)
    target = _open(target_kind, request, tmp_path / "b.sqlite", vocabulary)
    try:
        result = restore_backup(read_backup(tmp_path / "office.backup.gz"), target, target_folder,
                                ChangeMeta.local("restore"), vocabulary_dir=VOCABULARY_DIR)
        assert _export(target, target_folder, tmp_path / "after.json") == before
        # The history is the original's, oldest to newest, plus the restore's own change set (newest).
        history_after = _history(target)
        assert history_after[0]["action"] == "restore" and history_after[0]["id"] == result.change_set.id
        assert history_after[1:] == history_before
        assert _snapshot_files(target_folder) == snapshots_before
        assert result.vocabulary_differs == ()
        # The restore is a change set like any other: undone, it leaves an empty graph again.
        target.undo(result.change_set.id, ChangeMeta.local("undo"))
        assert target.actors() == [] and target.nodes() == []
    finally:
        target.close()


def test_a_backup_names_no_machine(original: GraphStore, tmp_path: Path) -> None:
    folder = SnapshotFolder(tmp_path / "snapshots")
    folder.create(original, "Bericht")
    out = tmp_path / "office.backup.gz"
    write_backup(original, folder, out, ADMIN)
    text = gzip.decompress(out.read_bytes()).decode("utf-8")
    assert str(tmp_path) not in text and "original.sqlite" not in text
    assert '"store_kind": "embedded"' in text
    user = getpass.getuser()
    # The change history keeps its authors (it is part of the store); nothing else names the person.
    stripped = json.loads(text)
    stripped["content"].pop("history")
    assert user not in json.dumps(stripped, ensure_ascii=False).replace(f'"who": "{user}"', "")


@pytest.fixture
def backup_file(original: GraphStore, tmp_path: Path) -> Path:
    out = tmp_path / "office.backup.gz"
    write_backup(original, SnapshotFolder(tmp_path / "snapshots"), out, ADMIN)
    return out


def _damaged_byte(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0x40]) + data[middle + 1:]


def _rechecksummed_but_changed(data: bytes) -> bytes:
    """The content changed inside a valid gzip: only the checksum can notice it."""
    document = json.loads(gzip.decompress(data))
    document["content"]["store"]["actors"][0]["name"] = "Jemand anderes"
    return gzip.compress(json.dumps(document).encode())


def _newer(data: bytes) -> bytes:
    document = json.loads(gzip.decompress(data))
    document["version"] = 99
    return gzip.compress(json.dumps(document).encode())


@pytest.mark.parametrize(("change", "words"), [
    (_damaged_byte, "damaged"),
    (lambda data: data[: len(data) // 3], "damaged"),
    (_rechecksummed_but_changed, "checksum does not match"),
    (lambda data: b"Name;E-Mail\nMaria;maria@example.org\n", "not an IntegraNet backup"),
    (lambda data: gzip.compress(b'{"format": "something-else"}'), "not an IntegraNet backup"),
    (lambda data: gzip.compress(b"\x89PNG not json"), "not an IntegraNet backup"),
    (_newer, "newer IntegraNet"),
], ids=["one-byte-changed", "truncated", "content-changed", "csv", "foreign-json", "foreign-gzip", "newer"])
def test_a_damaged_or_foreign_file_is_refused_and_nothing_is_written(
        backup_file: Path, change: Any, words: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.backup.gz"
    bad.write_bytes(change(backup_file.read_bytes()))
    with pytest.raises(BackupError, match=words):
        read_backup(bad)
    target = tmp_path / "target.sqlite"
    code, _, err = run("--store", str(target), "restore", str(bad))
    assert code == 1 and words in err and "nothing was read" in err and "Traceback" not in err
    with EmbeddedStore(target, Vocabulary.load(VOCABULARY_DIR)) as store:
        assert not store.is_initialised() or (store.is_empty() and store.change_sets() == [])


def test_a_store_that_holds_data_is_refused(backup_file: Path, store: GraphStore, vocabulary: Vocabulary,
                                            tmp_path: Path) -> None:
    seed(store, vocabulary, DATA_DIR / "ludwigsburg")
    history_before = [c.id for c in store.change_sets()]
    with pytest.raises(BackupError, match="only into an empty store"):
        restore_backup(read_backup(backup_file), store, tmp_path / "other-snapshots", ChangeMeta.local("restore"))
    assert [c.id for c in store.change_sets()] == history_before
    assert not (tmp_path / "other-snapshots").exists() or not any((tmp_path / "other-snapshots").iterdir())


def test_a_snapshot_folder_that_holds_the_backups_snapshots_is_refused(original: GraphStore, store: GraphStore,
                                                                       tmp_path: Path) -> None:
    folder = SnapshotFolder(tmp_path / "snapshots")
    folder.create(original, "Bericht")
    backup = write_backup(original, folder, tmp_path / "b.gz", ADMIN)
    with pytest.raises(BackupError, match="already holds snapshot"):
        restore_backup(backup, store, folder, ChangeMeta.local("restore"))
    assert store.is_empty() and store.change_sets() == []


@pytest.mark.parametrize("role", [VIEWER, EDITOR])
def test_only_an_admin_backs_up_or_restores(role: str, original: GraphStore, backup_file: Path, store: GraphStore,
                                            tmp_path: Path) -> None:
    someone = ChangeMeta("maria@example.org", "backup", role=role)
    with pytest.raises(AccessDeniedError, match=r"maria@example\.org"):
        write_backup(original, tmp_path / "snapshots", tmp_path / "mine.gz", someone)
    assert not (tmp_path / "mine.gz").exists()
    with pytest.raises(AccessDeniedError):
        restore_backup(read_backup(backup_file), store, tmp_path / "s2", replace(someone, action="restore"))
    assert store.is_empty() and store.change_sets() == []


def test_the_command_line_backs_up_and_restores(bundled_store_file: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTEGRANET_SNAPSHOT_DIR", str(tmp_path / "snaps-a"))
    out = tmp_path / "office.backup.gz"
    code, text, err = run("--store", str(bundled_store_file), "backup", "--out", str(out))
    assert code == 0, err
    assert "office.backup.gz" in text and "83 actor(s)" not in err
    code, _, err = run("--store", str(bundled_store_file), "backup", "--out", str(out))
    assert code == 1 and "exists already" in err and "--force" in err
    monkeypatch.setenv("INTEGRANET_SNAPSHOT_DIR", str(tmp_path / "snaps-b"))
    target = tmp_path / "restored.sqlite"
    code, text, err = run("--store", str(target), "restore", str(out))
    assert code == 0, err
    assert "Restored from office.backup.gz as change set" in text
    code, _, err = run("--store", str(target), "restore", str(out))
    assert code == 1 and "only into an empty store" in err
    code, first, _ = run("--store", str(bundled_store_file), "stats")
    code2, second, _ = run("--store", str(target), "stats")
    assert code == code2 == 0
    assert first.splitlines()[1:] == second.splitlines()[1:]  # the first line names the store


def test_a_store_that_refuses_the_facts_takes_the_snapshots_written_for_it_back_out(
        original: GraphStore, store: GraphStore, tmp_path: Path) -> None:
    folder = SnapshotFolder(tmp_path / "snapshots")
    folder.create(original, "Bericht")
    backup = write_backup(original, folder, tmp_path / "b.gz", ADMIN)
    # A fact the target's vocabulary does not know: the store refuses the restore after the snapshots were saved.
    foreign = replace(backup, actors=(replace(backup.actors[0], kind="kegelclub"), *backup.actors[1:]))
    target = SnapshotFolder(tmp_path / "target-snapshots")
    with pytest.raises(VocabularyError, match="kegelclub"):
        restore_backup(foreign, store, target, ChangeMeta.local("restore"))
    assert target.infos() == [], "no snapshot stays behind for a store that holds nothing"
    assert store.is_empty() and store.change_sets() == []
    restore_backup(backup, store, target, ChangeMeta.local("restore"))  # and the restore can be run again
    assert len(target.infos()) == 1
