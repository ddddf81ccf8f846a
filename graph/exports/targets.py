"""Where an export may write: never onto the store, into the snapshot folder, or over a file unasked.

:func:`check_target` is the one place that decides. ``protected`` lists the paths no export may touch, not
even when told to overwrite: the embedded store's file with its ``-wal``, ``-shm`` and ``-journal`` files
(:func:`store_files`), and folders whose contents belong to IntegraNet (the snapshot folder; a backup folder
joins them in the same way). :func:`protected_paths` gathers them for a store and its snapshot folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from graph.errors import ExportError
from graph.store.base import GraphStore
from graph.store.embedded import EmbeddedStore

__all__ = ["STORE_COMPANIONS", "check_target", "check_targets", "protected_paths", "store_files"]

#: The files SQLite keeps beside a database while it writes (write-ahead log, shared memory, rollback journal).
STORE_COMPANIONS = ("-wal", "-shm", "-journal")


def store_files(store_path: Path) -> tuple[Path, ...]:
    """The embedded store's file and the files SQLite keeps beside it."""
    return (store_path, *(store_path.with_name(store_path.name + suffix) for suffix in STORE_COMPANIONS))


def protected_paths(store: GraphStore | Path | None, snapshot_folder: Path | None) -> tuple[Path, ...]:
    """The paths no export may write onto or into: an embedded store's files (given as the store or its
    path; a Neo4j store has none here) and the snapshot folder."""
    paths: list[Path] = []
    if isinstance(store, EmbeddedStore):
        paths.extend(store_files(store.path))
    elif isinstance(store, Path):
        paths.extend(store_files(store))
    if snapshot_folder is not None:
        paths.append(snapshot_folder)
    return tuple(paths)


def _absolute(path: Path) -> Path:
    # resolve() follows symbolic links, so a link to the store is the store.
    return Path(os.path.abspath(path.expanduser())).resolve()


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)  # hard links included
    except OSError:
        return False


def check_target(path: Path, protected: Sequence[Path], overwrite: bool) -> None:
    """Return if an export may write the file ``path``; raise :class:`ExportError` naming it otherwise.

    Refused whatever ``overwrite`` says: ``path`` is one of ``protected`` or inside one of them. Refused
    unless ``overwrite``: ``path`` exists already (a folder there is always refused: an export writes files).
    """
    target = _absolute(path)
    for guarded in protected:
        place = _absolute(guarded)
        if target == place or target.is_relative_to(place) or _same_file(target, place):
            raise ExportError(f"Will not write {path}: {_why(guarded, protected)} An export never writes there, "
                              "not even with --force. Choose another place.")
    if path.is_dir():
        raise ExportError(f"Will not write {path}: it is a folder. Choose another name.")
    if path.exists() and not overwrite:
        raise ExportError(f"Will not overwrite {path}: the file exists; choose another name or pass --force.")


def check_targets(paths: Iterable[Path], protected: Sequence[Path], overwrite: bool) -> None:
    """:func:`check_target` for every file of one export, before any is written, so a refused export writes
    nothing."""
    for path in paths:
        check_target(path, protected, overwrite)


def _why(guarded: Path, protected: Sequence[Path]) -> str:
    """Why ``guarded`` (one of ``protected``) is out of bounds, in words: a store's file is one that comes
    with its SQLite companions in ``protected`` (or is one of them)."""
    names = {p.name for p in protected}
    if guarded.name.endswith(STORE_COMPANIONS) or any(guarded.name + s in names for s in STORE_COMPANIONS):
        return f"it is the store's own file ({guarded.name}), and writing over it would destroy the store."
    return f"it is inside {guarded}, which holds IntegraNet's own files (snapshots or backups)."
