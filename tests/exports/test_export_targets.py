"""No export destroys data: existing files only with overwrite, the store and the snapshot folder never."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.errors import ExportError
from graph.exports.formats import export_bytes, export_diff, export_live, export_snapshot, export_subgraph
from graph.exports.targets import check_target, protected_paths, store_files
from graph.model.domain import Actor, GraphBatch, Relation
from graph.model.vocabulary import Vocabulary
from graph.snapshots.diff import diff_snapshots
from graph.snapshots.snapshot import Snapshot, SnapshotFolder
from graph.store.embedded import EmbeddedStore

NOW = dt.datetime(2025, 1, 15, 9, 30, tzinfo=dt.UTC)
USERS_OWN = b"Name;Telefon\r\nMeine Liste;0815\r\n"


@pytest.fixture
def office(tmp_path: Path, vocabulary: Vocabulary) -> Iterator[tuple[EmbeddedStore, SnapshotFolder, Snapshot]]:
    """A small embedded store, its snapshot folder and one snapshot."""
    store = EmbeddedStore(tmp_path / "office.sqlite", vocabulary)
    store.initialise()
    store.write(GraphBatch(
        actors=(Actor("town", "Tamm", "municipality", town="Tamm", provenance="GV-ISys"),
                Actor("fk", "Freundeskreis Asyl Tamm", "volunteer_group", municipality="town", town="Tamm",
                      fields=("language_education",), provenance="Eigene Erhebung")),
        relations=(Relation("fk", "cooperates_with", "town", provenance="Eigene Erhebung"),),
    ))
    folder = SnapshotFolder(tmp_path / "office-snapshots")
    made = folder.create(store, "Bericht", now=NOW)
    yield store, folder, made
    store.close()


# -- check_target ---------------------------------------------------------------------------------------


def test_check_target_refuses_an_existing_file_unless_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "exists.json"
    check_target(path, (), overwrite=False)  # absent: fine
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(ExportError, match="choose another name or pass --force") as refused:
        check_target(path, (), overwrite=False)
    assert str(path) in str(refused.value)
    check_target(path, (), overwrite=True)


def test_check_target_refuses_the_store_its_companions_and_the_snapshot_folder_even_with_overwrite(
        tmp_path: Path) -> None:
    store = tmp_path / "office.sqlite"
    store.write_bytes(b"SQLite format 3\x00")
    protected = protected_paths(store, tmp_path / "office-snapshots")
    assert set(store_files(store)) <= set(protected)
    for path in [store, tmp_path / "office.sqlite-wal", tmp_path / "office.sqlite-shm",
                 tmp_path / "office.sqlite-journal"]:
        with pytest.raises(ExportError, match="store's own file") as refused:
            check_target(path, protected, overwrite=True)
        assert "not even with --force" in str(refused.value)
    for path in [tmp_path / "office-snapshots", tmp_path / "office-snapshots" / "x" / "graph.json"]:
        with pytest.raises(ExportError, match="inside"):
            check_target(path, protected, overwrite=True)
    link = tmp_path / "link.sqlite"
    link.symlink_to(store)
    with pytest.raises(ExportError, match="store's own file"):
        check_target(link, protected, overwrite=True)
    # Beside the store and its snapshots is fine.
    check_target(tmp_path / "office-snapshots.json", protected, overwrite=False)


# -- the exports ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "graphml", "cypher", "xlsx", "svg", "pack"])
def test_a_second_export_to_the_same_file_is_refused_and_leaves_it_unchanged(
        office: tuple[EmbeddedStore, SnapshotFolder, Snapshot], vocabulary: Vocabulary, tmp_path: Path,
        fmt: str) -> None:
    _, _, made = office
    path = export_snapshot(made, fmt, tmp_path / f"out.{fmt}", vocabulary)[0]
    path.write_bytes(b"the user's own file")
    with pytest.raises(ExportError, match="pass --force") as refused:
        export_snapshot(made, fmt, path, vocabulary)
    assert str(path) in str(refused.value)
    assert path.read_bytes() == b"the user's own file"
    assert export_snapshot(made, fmt, path, vocabulary, overwrite=True) == [path]
    assert path.read_bytes() != b"the user's own file"


def test_a_file_named_after_the_snapshot_in_a_folder_is_not_overwritten_either(
        office: tuple[EmbeddedStore, SnapshotFolder, Snapshot], vocabulary: Vocabulary, tmp_path: Path) -> None:
    _, _, made = office
    first = export_snapshot(made, "json", tmp_path, vocabulary)[0]
    assert first.parent == tmp_path
    with pytest.raises(ExportError, match="pass --force"):
        export_snapshot(made, "json", tmp_path, vocabulary)


@pytest.mark.parametrize("taken", ["actors.csv", "relations.csv"])
def test_csv_into_a_folder_holding_a_file_it_would_write_is_refused_and_writes_nothing(
        office: tuple[EmbeddedStore, SnapshotFolder, Snapshot], vocabulary: Vocabulary, tmp_path: Path,
        taken: str) -> None:
    _, _, made = office
    folder = tmp_path / "meine-tabellen"
    folder.mkdir()
    own = folder / taken
    own.write_bytes(USERS_OWN)
    with pytest.raises(ExportError, match="choose another name or pass --force") as refused:
        export_snapshot(made, "csv", folder, vocabulary)
    assert str(own) in str(refused.value)
    assert own.read_bytes() == USERS_OWN
    assert sorted(p.name for p in folder.iterdir()) == [taken]  # refused before the first file was written
    written = export_snapshot(made, "csv", folder, vocabulary, overwrite=True)
    assert own in written and own.read_bytes() != USERS_OWN


def test_export_subgraph_and_export_diff_refuse_existing_files(
        office: tuple[EmbeddedStore, SnapshotFolder, Snapshot], vocabulary: Vocabulary, tmp_path: Path) -> None:
    store, _, made = office
    (tmp_path / "csv").mkdir()
    (tmp_path / "csv" / "actors.csv").write_bytes(USERS_OWN)
    with pytest.raises(ExportError, match="pass --force"):
        export_subgraph(store.subgraph(), "csv", tmp_path / "csv")
    assert (tmp_path / "csv" / "actors.csv").read_bytes() == USERS_OWN
    difference = diff_snapshots(made, made)
    table = export_diff(difference, "csv", tmp_path / "changes.csv", vocabulary)
    before = table.read_bytes()
    with pytest.raises(ExportError, match="pass --force"):
        export_diff(difference, "csv", table, vocabulary)
    assert table.read_bytes() == before
    assert export_diff(difference, "csv", table, vocabulary, overwrite=True) == table


@pytest.mark.parametrize("fmt", ["json", "csv", "graphml"])
def test_export_live_never_writes_onto_the_store_even_with_overwrite(
        office: tuple[EmbeddedStore, SnapshotFolder, Snapshot], vocabulary: Vocabulary, fmt: str) -> None:
    store, folder, _ = office
    before = store.path.read_bytes()
    with pytest.raises(ExportError, match="store's own file"):
        export_live(store, folder, fmt, store.path, label="x", overwrite=True)
    assert store.path.read_bytes() == before
    with EmbeddedStore(store.path, vocabulary) as again:
        assert again.stats().actors == 2 and again.stats().relations == 1


def test_export_live_never_writes_into_the_snapshot_folder(
        office: tuple[EmbeddedStore, SnapshotFolder, Snapshot], vocabulary: Vocabulary) -> None:
    store, folder, made = office
    inside = folder.path / made.id
    files = sorted(p.name for p in inside.iterdir())
    for out, fmt in [(folder.path, "json"), (inside, "csv"), (inside / "graph.json", "json")]:
        with pytest.raises(ExportError, match="not even with --force"):
            export_live(store, folder, fmt, out, label="x", overwrite=True)
    assert sorted(p.name for p in inside.iterdir()) == files
    assert folder.load(made.id).info.content_hash == made.info.content_hash


def test_export_snapshot_honours_protected_paths(
        office: tuple[EmbeddedStore, SnapshotFolder, Snapshot], vocabulary: Vocabulary) -> None:
    store, folder, made = office
    protected = protected_paths(store, folder.path)
    with pytest.raises(ExportError, match="store's own file"):
        export_snapshot(made, "json", store.path, vocabulary, overwrite=True, protected=protected)
    with pytest.raises(ExportError, match="inside"):
        export_snapshot(made, "json", folder.path, vocabulary, overwrite=True, protected=protected)
    assert store.stats().actors == 2


def test_downloads_are_unaffected(office: tuple[EmbeddedStore, SnapshotFolder, Snapshot],
                                  vocabulary: Vocabulary) -> None:
    _, _, made = office
    first = export_bytes(made, "json", vocabulary)
    assert export_bytes(made, "json", vocabulary).data == first.data
    assert json.loads(first.data)["graph"]["label"] == "Bericht"
