"""A backup: one file that holds a whole store (every field of action, actor, tie, node and link, the import log,
the whole change history with its facts), every snapshot of its snapshot folder, and the vocabulary and schema
files the store is read with.

The file is ONE gzip-compressed JSON document. JSON because every part of a store is already plain data (the
records' ``as_record`` form, the change sets' ``as_dict``, the snapshots' own JSON files), so the backup needs no
second encoding and can be read with ordinary tools (``zcat FILE | jq``); gzip because it makes the file small and
its CRC-32 finds a truncated or damaged file before the JSON is even parsed. A zip would add an archive layer
(names, several members) that one document does not need. Inside:

``{"format": "integranet-backup", "version": 1, "created_at": …, "store_kind": "embedded"|"neo4j",
"sha256": …, "content": {…}}``

``sha256`` is the SHA-256 of the canonical JSON (sorted keys, no spaces) of everything but itself. The file names
no file-system path, no Neo4j URI and no account of the person making it: the store is named only by its kind,
and a snapshot's ``store`` (a path or a URI in the folder) by that kind too. The change history keeps its
authors, as it is part of the store's content.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from graph.errors import BackupError
from graph.model.access import require
from graph.model.changes import ChangeMeta, ChangeSet, FactChange, record_of
from graph.model.domain import Actor, FieldOfAction, Relation
from graph.model.knowledge import Link, Node
from graph.settings import DATA_DIR
from graph.snapshots.snapshot import SnapshotFolder
from graph.store.base import GraphStore, ImportRecord

__all__ = ["FORMAT_MARKER", "FORMAT_VERSION", "Backup", "SnapshotFiles", "backup_bytes",
           "read_backup", "write_backup"]

FORMAT_MARKER = "integranet-backup"
#: The version of the backup's layout; a reader refuses a newer one instead of misreading it.
FORMAT_VERSION = 1
_GZIP_MAGIC = b"\x1f\x8b"
_AGAIN = "Make a new backup of the original store (`integranet backup --out FILE`) and use that."


@dataclass(frozen=True)
class SnapshotFiles:
    """One snapshot as the backup holds it: its id and the plain data of its metadata, graph and positions files."""

    id: str
    metadata: Mapping[str, Any]
    graph: Any
    positions: Any


@dataclass(frozen=True)
class Backup:
    """A checked backup (:func:`read_backup`): the store's records, its import log and change history (both
    oldest first, change sets with their facts), its snapshots and vocabulary files (name → text)."""

    version: int
    created_at: str
    store_kind: str
    fields: tuple[FieldOfAction, ...]
    actors: tuple[Actor, ...]
    relations: tuple[Relation, ...]
    nodes: tuple[Node, ...]
    links: tuple[Link, ...]
    imports: tuple[ImportRecord, ...]
    change_sets: tuple[ChangeSet, ...]
    snapshots: tuple[SnapshotFiles, ...]
    vocabulary: Mapping[str, str]
    checksum: str

    def counts(self) -> dict[str, int]:
        """How many of each part the backup holds (for a summary on screen)."""
        return {"fields": len(self.fields), "actors": len(self.actors), "relations": len(self.relations),
                "nodes": len(self.nodes), "links": len(self.links), "imports": len(self.imports),
                "change_sets": len(self.change_sets), "snapshots": len(self.snapshots),
                "vocabulary_files": len(self.vocabulary)}


def _plain(record: FieldOfAction | Actor | Relation | Node | Link) -> dict[str, Any]:
    after = FactChange.of(None, record).after
    assert after is not None  # a record always has plain data
    return dict(after)


def _canonical(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _snapshots(folder: SnapshotFolder, kind: str) -> list[dict[str, Any]]:
    """Every snapshot of ``folder``, checked against its hash first (a damaged one is not backed up silently)."""
    found = []
    for info in folder.infos():
        metadata, graph, positions = folder.files(info.id)  # SnapshotError for a snapshot damaged since made
        if "/" in str(metadata.get("store", "")) or "\\" in str(metadata.get("store", "")):
            metadata["store"] = kind  # an older snapshot named its store by path: a backup names no machine
        found.append({"id": info.id, "metadata": metadata, "graph": graph, "positions": positions})
    return found


def _vocabulary_files(folder: Path) -> dict[str, str]:
    try:
        return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.csv"))}
    except OSError as exc:
        raise BackupError(f"The vocabulary files cannot be read for the backup: {exc.strerror or exc}.") from exc


def backup_bytes(store: GraphStore, snapshots: SnapshotFolder | Path, change: ChangeMeta, *,
                 vocabulary_dir: Path = DATA_DIR / "vocabularies", now: datetime | None = None) -> bytes:
    """The backup of ``store``, the snapshot folder ``snapshots`` and the vocabulary files of ``vocabulary_dir``
    (the folder the store's :class:`~graph.model.vocabulary.Vocabulary` was loaded from) as the bytes of one file.

    Raises :class:`~graph.errors.AccessDeniedError` (reading nothing) unless ``change.role`` may back up, and
    :class:`~graph.errors.SnapshotError` when a snapshot is damaged.
    """
    require(change.role, "backup", change.who)
    folder = snapshots if isinstance(snapshots, SnapshotFolder) else SnapshotFolder(Path(snapshots))
    kind = store.kind  # "embedded" or "neo4j": all a backup says of where it came from
    initialised = store.is_initialised()
    history = [store.change_set(c.id) for c in reversed(store.change_sets())] if initialised else []
    content = {
        "store": {
            "fields": [_plain(f) for f in store.fields_of_action()] if initialised else [],
            "actors": [_plain(a) for a in store.actors()] if initialised else [],
            "relations": [_plain(r) for r in store.relations()] if initialised else [],
            "nodes": [_plain(n) for n in store.nodes()] if initialised else [],
            "links": [_plain(k) for k in store.links()] if initialised else [],
            "imports": [{**i.__dict__, "files": list(i.files)}
                        for i in reversed(store.last_imports(limit=2**31))] if initialised else [],
        },
        "history": [c.as_dict() for c in history if c is not None],
        "snapshots": _snapshots(folder, kind),
        "vocabulary": _vocabulary_files(Path(vocabulary_dir)),
    }
    document: dict[str, Any] = {"format": FORMAT_MARKER, "version": FORMAT_VERSION,
                                "created_at": (now or datetime.now(UTC)).isoformat(timespec="seconds"),
                                "store_kind": kind, "content": content}
    document["sha256"] = hashlib.sha256(_canonical(document)).hexdigest()
    # mtime=0: the same store gives the same bytes; the time is in the document.
    return gzip.compress(json.dumps(document, ensure_ascii=False).encode("utf-8"), mtime=0)


def write_backup(store: GraphStore, snapshots: SnapshotFolder | Path, out: Path | IO[bytes], change: ChangeMeta,
                 *, vocabulary_dir: Path = DATA_DIR / "vocabularies", now: datetime | None = None,
                 overwrite: bool = False) -> Backup:
    """Write the backup (:func:`backup_bytes`) to the file ``out`` (a path, or a binary stream such as a
    ``BytesIO`` for a download) and return it as read back and checked. Raises
    :class:`~graph.errors.BackupError` when the file cannot be written."""
    data = backup_bytes(store, snapshots, change, vocabulary_dir=vocabulary_dir, now=now)
    if isinstance(out, Path):
        if out.exists() and not overwrite:
            raise BackupError(f"{out.name} exists already; nothing was written. Choose another file name, or "
                              "allow overwriting it (--force).")
        partial = out.with_name(f".{out.name}.partial")
        try:
            # Written beside the target and renamed: a full disk never leaves half a backup under its name.
            partial.write_bytes(data)
            os.replace(partial, out)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise BackupError(f"Cannot write the backup {out.name}: {exc.strerror or exc}. Choose a folder you may "
                              "write to, with enough free space.") from exc
    else:
        out.write(data)
    return read_backup(data)


def _damaged(what: str) -> BackupError:
    return BackupError(f"The backup file is damaged ({what}); nothing was read from it. {_AGAIN}")


def _document(data: bytes) -> Mapping[str, Any]:
    if not data.startswith(_GZIP_MAGIC):
        raise BackupError("This is not an IntegraNet backup (it is no gzip-compressed backup file); nothing was "
                          "read from it. Give a file written by `integranet backup`.")
    try:
        text = gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as exc:
        raise _damaged(f"truncated or changed: {exc}") from None
    try:
        document = json.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BackupError("This is not an IntegraNet backup (its content is no backup document); nothing was "
                          "read from it. Give a file written by `integranet backup`.") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_MARKER:
        raise BackupError("This is not an IntegraNet backup (it lacks the marker 'integranet-backup'); nothing "
                          "was read from it. Give a file written by `integranet backup`.")
    version = document.get("version")
    if not isinstance(version, int):
        raise _damaged("its format version is missing")
    if version > FORMAT_VERSION:
        raise BackupError(f"This backup was written by a newer IntegraNet (backup format {version}; this one reads "
                          f"up to {FORMAT_VERSION}); nothing was read from it. Update IntegraNet to restore it.")
    claimed = document.pop("sha256", None)
    if claimed != hashlib.sha256(_canonical(document)).hexdigest():
        raise _damaged("its checksum does not match its content")
    return {**document, "sha256": claimed}


def _read_bytes(source: Path | bytes | IO[bytes]) -> bytes:
    if isinstance(source, bytes):
        return source
    if isinstance(source, Path):
        try:
            return source.read_bytes()
        except OSError as exc:
            raise BackupError(f"Cannot read the backup {source.name}: {exc.strerror or exc}. Check the file name "
                              "and that you may read it.") from exc
    return source.read()


def read_backup(source: Path | bytes | IO[bytes]) -> Backup:
    """The backup in ``source`` (a path, its bytes, or a binary stream), checked: marker, format version and
    checksum. Raises :class:`~graph.errors.BackupError` saying what is wrong and what to do for a damaged file
    (truncated, a byte changed, a checksum that does not match), a foreign file, or a newer format version."""
    document = _document(_read_bytes(source))
    try:
        content = document["content"]
        store = content["store"]
        return Backup(
            version=int(document["version"]), created_at=str(document["created_at"]),
            store_kind=str(document["store_kind"]),
            fields=tuple(_field(f) for f in store["fields"]),
            actors=tuple(Actor.from_record(a) for a in store["actors"]),
            relations=tuple(Relation.from_record(r) for r in store["relations"]),
            nodes=tuple(Node.from_record(n) for n in store["nodes"]),
            links=tuple(Link.from_record(k) for k in store["links"]),
            imports=tuple(ImportRecord(**{**i, "files": tuple(i["files"])}) for i in store["imports"]),
            change_sets=tuple(_change_set(c) for c in content["history"]),
            snapshots=tuple(SnapshotFiles(str(s["id"]), dict(s["metadata"]), s["graph"], s["positions"])
                            for s in content["snapshots"]),
            vocabulary={str(k): str(v) for k, v in content["vocabulary"].items()},
            checksum=str(document["sha256"]),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise _damaged(f"{type(exc).__name__}: {exc}") from None


def _field(data: Mapping[str, Any]) -> FieldOfAction:
    found = record_of("field", data)
    assert isinstance(found, FieldOfAction)
    return found


def _change_set(data: Mapping[str, Any]) -> ChangeSet:
    facts = tuple(FactChange.from_dict(f) for f in data["facts"])
    return ChangeSet(id=data["id"], at=data["at"], who=data["who"], action=data["action"], source=data["source"],
                     comment=data["comment"], undoes=data["undoes"], facts=facts, size=len(facts))


