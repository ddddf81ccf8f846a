"""A backup (:mod:`graph.archive.backup`) into an empty store of either backend, and its snapshots into a folder.

The facts, the import log and the change history go into the store in ONE transaction, with one change set of
the restore's own (so that it can be undone); the snapshots are then written into the snapshot folder, each
checked against its content hash. A store of the other backend is as good a target as one of the same: this is
how a district moves from the embedded store to Neo4j.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from graph.archive.backup import Backup
from graph.errors import BackupError
from graph.model.access import require
from graph.model.changes import ChangeMeta, ChangeSet
from graph.model.domain import GraphBatch
from graph.snapshots.snapshot import SnapshotFolder, SnapshotInfo, snapshot_of
from graph.store.base import GraphStore

__all__ = ["RestoreResult", "restore_backup", "vocabulary_differences"]


@dataclass(frozen=True)
class RestoreResult:
    """What a restore wrote: its own change set (None for a backup without facts), the snapshot ids written and
    the vocabulary files in which the backup differs from the vocabulary the store is read with."""

    change_set: ChangeSet | None
    snapshots: tuple[str, ...]
    vocabulary_differs: tuple[str, ...]


def vocabulary_differences(backup: Backup, vocabulary_dir: Path) -> tuple[str, ...]:
    """The names of the vocabulary files in which ``backup`` and the folder ``vocabulary_dir`` differ (one
    missing on either side counts)."""
    here = {p.name: p.read_text(encoding="utf-8") for p in sorted(Path(vocabulary_dir).glob("*.csv"))}
    return tuple(sorted(n for n in {*here, *backup.vocabulary} if here.get(n) != backup.vocabulary.get(n)))


def restore_backup(backup: Backup, store: GraphStore, snapshots: SnapshotFolder | Path, change: ChangeMeta, *,
                   vocabulary_dir: Path | None = None) -> RestoreResult:
    """Fill the empty ``store`` and the folder ``snapshots`` from ``backup`` (read and checked by
    :func:`~graph.archive.backup.read_backup`).

    Refuses with :class:`~graph.errors.AccessDeniedError` unless ``change.role`` may restore, and with
    :class:`~graph.errors.BackupError`, writing nothing, when the store is not empty or the folder already holds
    a snapshot of the same id. A fact the store's vocabulary does not know is refused as by any write
    (:class:`~graph.errors.VocabularyError`), before anything is written.
    """
    require(change.role, "restore", change.who)
    store.refuse_unless_empty()
    folder = snapshots if isinstance(snapshots, SnapshotFolder) else SnapshotFolder(Path(snapshots))
    taken = sorted({s.id for s in backup.snapshots} & {i.id for i in folder.infos()})
    if taken:
        raise BackupError(f"The snapshot folder already holds snapshot(s) {', '.join(taken)} of this backup; "
                          "nothing was written. Restore into a store with a snapshot folder of its own.")
    # Each snapshot is checked against its hash before the store is touched: a damaged one stops everything.
    restored = [snapshot_of(SnapshotInfo.from_dict(s.metadata), s.graph, s.positions) for s in backup.snapshots]
    batch = GraphBatch(fields=backup.fields, actors=backup.actors, relations=backup.relations, nodes=backup.nodes,
                       links=backup.links)
    # The snapshots first: a file that cannot be written leaves the store empty, so the restore can be run again;
    # a store that refuses the facts takes the snapshots written for it back out.
    written: list[str] = []
    try:
        for snapshot in restored:
            written.append(folder.save(snapshot).id)
        own = store.restore(batch, backup.imports, backup.change_sets,
                            replace(change, action="restore",
                                    comment=change.comment or f"Backup of {backup.created_at}, {backup.checksum[:12]}"))
    except BaseException:
        for snapshot_id in written:
            folder.delete(snapshot_id, replace(change, action="restore"))
        raise
    differs = vocabulary_differences(backup, vocabulary_dir) if vocabulary_dir is not None else ()
    return RestoreResult(own, tuple(written), differs)

