"""Snapshots: the network (or a filtered part of it) frozen on a date, kept as files, never changed.

A snapshot is a folder ``<snapshot folder>/<id>/`` with three files:

- ``metadata.json``: id, label, created_at, the store it came from (credential-free), the filters, the
  counts, a content hash, the software version, whether personal data was kept, the newest import date;
- ``graph.json``: the fields of action, actors and ties, and the other nodes and links of the knowledge graph
  (see :mod:`graph.snapshots.knowledge`), as the store holds them (a snapshot of format 1 has no nodes or links);
- ``positions.json``: where each actor is drawn (see :mod:`graph.layout.stable`).

The files are written to a temporary folder and renamed into place, so a snapshot appears whole or not
at all, and they are made read-only. The content hash (SHA-256 over the content without import times) is
checked whenever a snapshot is read: a snapshot whose files were edited is refused.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import stat
import tempfile
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from graph.errors import SnapshotError
from graph.model.access import require
from graph.model.changes import ChangeMeta
from graph.model.domain import Actor, ActorFilter, FieldOfAction, Relation, Subgraph
from graph.model.knowledge import Link, Node
from graph.snapshots.frozen import (
    SNAPSHOT_FORMAT,
    Position,
    Snapshot,
    SnapshotInfo,
    content_hash,
    content_record,
    filters_of,
    freeze,
    snapshot_stats,
)
from graph.store.base import GraphStore

__all__ = [
    "SNAPSHOT_FORMAT",
    "Position",
    "Snapshot",
    "SnapshotError",
    "SnapshotFolder",
    "SnapshotInfo",
    "content_hash",
    "filters_of",
    "freeze",
    "snapshot_of",
    "snapshot_stats",
]

_METADATA, _GRAPH, _POSITIONS = "metadata.json", "graph.json", "positions.json"
#: A snapshot is deleted only by its full id or a beginning this long (its date, yyyymmdd): "2" must not do.
_SHORTEST_DELETE_PREFIX = 8
_ID = re.compile(r"^\d{8}-\d{6}-[0-9a-f]{6}(-\d+)?$")


# -- files ----------------------------------------------------------------------------------------------


def _dump(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _read_json(path: Path, snapshot_id: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SnapshotError(f"Snapshot {snapshot_id} is incomplete: {path.name} is missing. Delete it and "
                            "create it again.") from None
    except (OSError, ValueError) as exc:
        raise SnapshotError(f"Snapshot {snapshot_id} cannot be read ({path.name}: {exc}). Delete it and "
                            "create it again.") from None


def snapshot_of(info: SnapshotInfo, data: Any, raw_positions: Any) -> Snapshot:
    """The snapshot of ``info`` from its graph and positions files' plain data, its content checked against its
    hash. Raises :class:`SnapshotError` when it cannot be read or was changed after it was created."""
    snapshot_id = info.id
    try:
        fields = tuple(FieldOfAction(**f) for f in data["fields"])
        subgraph = Subgraph(tuple(Actor.from_record(a) for a in data["actors"]),
                            tuple(Relation.from_record(r) for r in data["relations"]))
        # A snapshot of format 1 has neither: it simply holds no nodes or links.
        nodes = tuple(Node.from_record(n) for n in data.get("nodes", ()))
        links = tuple(Link.from_record(lk) for lk in data.get("links", ()))
        positions = {str(k): (float(v[0]), float(v[1])) for k, v in raw_positions.items()}
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        raise SnapshotError(f"Snapshot {snapshot_id} cannot be read ({type(exc).__name__}: {exc}). Delete it "
                            "and create it again.") from None
    if content_hash(fields, subgraph, nodes, links) != info.content_hash:
        raise SnapshotError(f"Snapshot {snapshot_id} was changed after it was created (its content no longer "
                            "matches its hash), so it is not used. Delete it and create a new one.")
    return Snapshot(info, fields, subgraph, positions, nodes, links)


class SnapshotFolder:
    """The folder that holds the snapshots of one store (see :attr:`Settings.snapshot_folder`).

    The folder is created on the first write; reading an absent folder finds no snapshot.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    # -- reading ------------------------------------------------------------------------------------
    def _ids(self) -> list[str]:
        if not self.path.is_dir():
            return []
        return sorted(p.name for p in self.path.iterdir() if _ID.match(p.name) and (p / _METADATA).is_file())

    def infos(self) -> list[SnapshotInfo]:
        """Every readable snapshot's metadata, oldest first (by created_at, then id)."""
        infos = []
        for snapshot_id in self._ids():
            try:
                infos.append(self._info(snapshot_id))
            except SnapshotError:
                continue  # a damaged snapshot does not hide the others; reading it says what is wrong
        return sorted(infos, key=lambda i: (i.created_at, i.id))

    def resolve(self, ref: str) -> str:
        """The id named by ``ref``: a full id or a unique beginning of one (``20250115`` if only one
        snapshot was made that day). Raises :class:`SnapshotError` naming the candidates otherwise."""
        ref = ref.strip()
        ids = self._ids()
        if ref in ids:
            return ref
        matches = [i for i in ids if ref and i.startswith(ref)]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise SnapshotError(f"{ref!r} names {len(matches)} snapshots ({', '.join(matches[:5])}"
                                f"{' …' if len(matches) > 5 else ''}); give more of the id.")
        hint = "List them with `integranet snapshot list`." if ids else "There is none yet in this folder."
        raise SnapshotError(f"No snapshot {ref!r} in {self.path}. {hint}")

    def resolve_for_delete(self, ref: str) -> str:
        """The id named by ``ref`` as :meth:`resolve` finds it, but only for the full id or a beginning of at least
        its date (``yyyymmdd``): a deletion is never aimed by one or two characters."""
        if ref.strip() not in self._ids() and len(ref.strip()) < _SHORTEST_DELETE_PREFIX:
            raise SnapshotError(f"{ref.strip()!r} is too short to delete a snapshot by: give its full id, or at least "
                                "its date (e.g. 20261204) if only one snapshot was made that day. `integranet "
                                "snapshot list` shows the ids.")
        return self.resolve(ref)

    def _info(self, snapshot_id: str) -> SnapshotInfo:
        data = _read_json(self.path / snapshot_id / _METADATA, snapshot_id)
        try:
            info = SnapshotInfo.from_dict(data)
        except (KeyError, TypeError, ValueError) as exc:
            raise SnapshotError(f"Snapshot {snapshot_id} has damaged metadata ({exc}). Delete it and create it "
                                "again.") from None
        if info.format > SNAPSHOT_FORMAT:
            raise SnapshotError(f"Snapshot {snapshot_id} was written by a newer IntegraNet (format {info.format}); "
                                "update IntegraNet to read it.")
        return info

    def info(self, ref: str) -> SnapshotInfo:
        """The metadata of the snapshot ``ref`` names (see :meth:`resolve`)."""
        return self._info(self.resolve(ref))

    def load(self, ref: str) -> Snapshot:
        """The snapshot ``ref`` names, its content checked against its hash.

        Raises :class:`SnapshotError` when it is missing, damaged or was changed after it was created.
        """
        snapshot_id = self.resolve(ref)
        info = self._info(snapshot_id)
        data = _read_json(self.path / snapshot_id / _GRAPH, snapshot_id)
        raw_positions = _read_json(self.path / snapshot_id / _POSITIONS, snapshot_id)
        return snapshot_of(info, data, raw_positions)

    def files(self, ref: str) -> tuple[dict[str, Any], Any, Any]:
        """The snapshot ``ref`` names as its three files' plain data (metadata, graph, positions), checked as
        :meth:`load` checks it: what a backup keeps (:mod:`graph.archive`)."""
        snapshot_id = self.resolve(ref)
        self.load(snapshot_id)
        return tuple(_read_json(self.path / snapshot_id / name, snapshot_id)
                     for name in (_METADATA, _GRAPH, _POSITIONS))

    def known_positions(self) -> dict[str, Position]:
        """Every actor position the snapshots in this folder hold; where two differ, the newest wins."""
        known: dict[str, Position] = {}
        for info in self.infos():
            path = self.path / info.id / _POSITIONS
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                known.update({str(k): (float(v[0]), float(v[1])) for k, v in data.items()})
            except (OSError, ValueError, TypeError, IndexError, AttributeError):
                continue  # a damaged snapshot contributes nothing; reading it says what is wrong
        return known

    # -- writing ------------------------------------------------------------------------------------
    def preview(self, store: GraphStore, label: str, *, where: ActorFilter | None = None,
                include_personal_data: bool = False, now: dt.datetime | None = None,
                positions: bool = True) -> Snapshot:
        """A snapshot of ``store`` as :meth:`create` would make it, positioned like the saved ones, but not
        saved (for exports of the live store). ``positions=False``: see :func:`freeze`."""
        return freeze(store, label, where=where, include_personal_data=include_personal_data,
                      known_positions=self.known_positions() if positions else None, now=now,
                      positions=positions)

    def create(self, store: GraphStore, label: str, *, where: ActorFilter | None = None,
               include_personal_data: bool = False, now: dt.datetime | None = None,
               change: ChangeMeta | None = None) -> Snapshot:
        """Freeze ``store`` (filtered by ``where``) and save it; returns the saved snapshot. ``change`` names who
        does it (default: the person at this computer); :class:`~graph.errors.AccessDeniedError` unless their
        role may create snapshots."""
        meta = change or ChangeMeta.local("snapshot")
        require(meta.role, "snapshot_create", meta.who)
        return self.save(self.preview(store, label, where=where, include_personal_data=include_personal_data,
                                      now=now))

    def save(self, snapshot: Snapshot) -> Snapshot:
        """Write ``snapshot`` as a new, read-only folder; an id already taken gets a ``-2``, ``-3``, …
        suffix. Returns the snapshot as saved (with its final id)."""
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            base, number = snapshot.info.id, 1
            snapshot_id = base
            while (self.path / snapshot_id).exists():
                number += 1
                snapshot_id = f"{base}-{number}"
            info = SnapshotInfo(**{**asdict(snapshot.info), "id": snapshot_id})
            saved = Snapshot(info, snapshot.fields, snapshot.subgraph, dict(snapshot.positions), snapshot.nodes,
                             snapshot.links)
            os.rename(self._staged(saved), self.path / snapshot_id)
        except OSError as exc:
            raise SnapshotError(f"Cannot write the snapshot to {self.path}: {exc.strerror or exc}. Choose a "
                                "folder you may write to (INTEGRANET_SNAPSHOT_DIR).") from exc
        return saved

    def replace(self, snapshot: Snapshot) -> Snapshot:
        """Write ``snapshot`` over the saved one of the same id (a redaction, :mod:`graph.archive.erasure`): the
        new folder is staged whole first, so a failure leaves the old one. Its content hash is computed afresh."""
        snapshot_id = self.resolve(snapshot.info.id)
        fields, subgraph, nodes, links = snapshot.fields, snapshot.subgraph, snapshot.nodes, snapshot.links
        info = replace(snapshot.info, id=snapshot_id, content_hash=content_hash(fields, subgraph, nodes, links))
        saved = Snapshot(info, fields, subgraph, dict(snapshot.positions), nodes, links)
        old = self.path / f".{snapshot_id}.replaced"
        try:
            staging = self._staged(saved)
            _remove_tree(old)
            os.rename(self.path / snapshot_id, old)
            os.rename(staging, self.path / snapshot_id)
            _remove_tree(old)
        except OSError as exc:
            raise SnapshotError(f"Cannot rewrite snapshot {snapshot_id} in {self.path}: {exc.strerror or exc}. "
                                "Make sure the folder may be written to and try again.") from exc
        return saved

    def _staged(self, saved: Snapshot) -> Path:
        """A hidden folder in this folder holding ``saved``'s three files, read-only, ready to be renamed."""
        staging = Path(tempfile.mkdtemp(prefix=f".{saved.info.id}.", dir=self.path))
        try:
            (staging / _GRAPH).write_text(_dump(content_record(saved.fields, saved.subgraph, saved.nodes, saved.links)),
                                          encoding="utf-8")
            (staging / _POSITIONS).write_text(
                _dump({k: [x, y] for k, (x, y) in sorted(saved.positions.items())}), encoding="utf-8")
            # The metadata last: a folder without it is not (yet) a snapshot.
            (staging / _METADATA).write_text(_dump(saved.info.as_dict()), encoding="utf-8")
            for name in (_GRAPH, _POSITIONS, _METADATA):
                (staging / name).chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        except BaseException:
            _remove_tree(staging)
            raise
        return staging

    def delete(self, ref: str, change: ChangeMeta | None = None) -> str:
        """Delete the snapshot ``ref`` names — its full id, or a beginning of at least its date (``yyyymmdd``)
        that names only it; returns its id. ``change`` names who does it (default: the person at this computer);
        :class:`~graph.errors.AccessDeniedError` unless their role may delete snapshots."""
        meta = change or ChangeMeta.local("snapshot")
        require(meta.role, "snapshot_delete", meta.who)
        snapshot_id = self.resolve_for_delete(ref)
        try:
            _remove_tree(self.path / snapshot_id)
        except OSError as exc:
            raise SnapshotError(f"Cannot delete snapshot {snapshot_id}: {exc.strerror or exc}.") from exc
        return snapshot_id


def _remove_tree(path: Path) -> None:
    if not path.exists():
        return
    # The files are read-only on purpose; on Windows that would also keep them from being deleted.
    for item in path.rglob("*"):
        if item.is_file():
            item.chmod(stat.S_IREAD | stat.S_IWRITE)
    shutil.rmtree(path)
