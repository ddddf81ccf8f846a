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
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from graph import __version__
from graph.errors import SnapshotError
from graph.layout.stable import stable_layout
from graph.model.domain import Actor, ActorFilter, FieldOfAction, Relation, Stats, Subgraph
from graph.model.knowledge import Link, Node
from graph.model.schema import Schema
from graph.model.vocabulary import MUNICIPALITY_KIND
from graph.snapshots.knowledge import (
    knowledge_counts,
    link_order,
    node_order,
    select_knowledge,
    without_personal_properties,
)
from graph.store.base import GraphStore

__all__ = [
    "SNAPSHOT_FORMAT",
    "Snapshot",
    "SnapshotError",
    "SnapshotFolder",
    "SnapshotInfo",
    "content_hash",
    "filters_of",
    "freeze",
    "snapshot_stats",
]

#: The version of the files' layout; a reader refuses a newer one instead of misreading it. Format 2 added the
#: nodes and links of the knowledge graph; a format-1 snapshot reads as one without them.
SNAPSHOT_FORMAT = 2
_METADATA, _GRAPH, _POSITIONS = "metadata.json", "graph.json", "positions.json"
_ID = re.compile(r"^\d{8}-\d{6}-[0-9a-f]{6}(-\d+)?$")

Position = tuple[float, float]


@dataclass(frozen=True)
class SnapshotInfo:
    """A snapshot's metadata (``metadata.json``).

    ``filters`` has the keys kinds, fields, municipalities (lists of ids) and include_district_wide;
    ``counts`` is :meth:`Stats.as_dict` of the snapshot's content plus ``illustrative_relations``;
    ``last_import`` is the newest ``imported_at`` of its records (None when none has one).
    """

    id: str
    label: str
    created_at: str
    store: str
    filters: Mapping[str, Any]
    counts: Mapping[str, Any]
    content_hash: str
    software: str
    personal_data_included: bool
    last_import: str | None = None
    format: int = SNAPSHOT_FORMAT
    #: Each erasure of personal data that rewrote this snapshot: its date, reason and who did it — never what
    #: was erased (:mod:`graph.archive.erasure`).
    redactions: tuple[Mapping[str, str], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready copy."""
        copy: dict[str, Any] = json.loads(json.dumps(asdict(self)))
        return copy

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SnapshotInfo:
        """The inverse of :meth:`as_dict`; unknown keys are ignored, missing ones raise KeyError."""
        return cls(
            id=str(data["id"]), label=str(data["label"]), created_at=str(data["created_at"]),
            store=str(data["store"]), filters=dict(data["filters"]), counts=dict(data["counts"]),
            content_hash=str(data["content_hash"]), software=str(data["software"]),
            personal_data_included=bool(data["personal_data_included"]),
            last_import=data.get("last_import"), format=int(data.get("format", SNAPSHOT_FORMAT)),
            redactions=tuple({str(k): str(v) for k, v in r.items()} for r in data.get("redactions", ())),
        )

    @property
    def is_filtered(self) -> bool:
        return any(self.filters.get(k) for k in ("kinds", "fields", "municipalities"))

    @property
    def created_date(self) -> str:
        """The creation date, ``yyyy-mm-dd``."""
        return self.created_at[:10]


@dataclass(frozen=True)
class Snapshot:
    """A frozen network: its metadata, fields of action, actors and ties, drawing positions (of actors), and the
    other nodes and the links of the knowledge graph (sorted by type and id, and by key)."""

    info: SnapshotInfo
    fields: tuple[FieldOfAction, ...]
    subgraph: Subgraph
    positions: Mapping[str, Position] = field(default_factory=dict)
    nodes: tuple[Node, ...] = ()
    links: tuple[Link, ...] = ()

    @property
    def id(self) -> str:
        return self.info.id


# -- content --------------------------------------------------------------------------------------------


def _field_record(item: FieldOfAction) -> dict[str, Any]:
    return asdict(item)


def _content(fields: Iterable[FieldOfAction], subgraph: Subgraph, nodes: Iterable[Node] = (),
             links: Iterable[Link] = ()) -> dict[str, list[dict[str, Any]]]:
    content = {
        "fields": [_field_record(f) for f in fields],
        "actors": [a.as_record() for a in sorted(subgraph.actors, key=lambda a: a.id)],
        "relations": [r.as_record() for r in sorted(subgraph.relations, key=lambda r: r.key)],
    }
    # Only when there are any: the content of a snapshot without them is what format 1 wrote and hashed.
    node_records = [n.as_record() for n in sorted(nodes, key=node_order)]
    link_records = [lk.as_record() for lk in sorted(links, key=link_order)]
    if node_records:
        content["nodes"] = node_records
    if link_records:
        content["links"] = link_records
    return content


def content_hash(fields: Iterable[FieldOfAction], subgraph: Subgraph, nodes: Iterable[Node] = (),
                 links: Iterable[Link] = ()) -> str:
    """``sha256:<hex>`` of the content, import times left out: the same data gives the same hash,
    whenever it was imported, and whatever the order of the records. An empty ``confirmed`` is left out too, so
    that a snapshot written before records had that date keeps its hash."""
    content = _content(fields, subgraph, nodes, links)
    for records in content.values():
        for record in records:
            record.pop("imported_at", None)
            if not record.get("confirmed", True):
                del record["confirmed"]
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def snapshot_stats(fields: Iterable[FieldOfAction], subgraph: Subgraph, nodes: Iterable[Node] = (),
                   links: Iterable[Link] = (), schema: Schema | None = None) -> Stats:
    """The counts :meth:`GraphStore.stats` would give for a store holding exactly this content (with ``schema``,
    every node type of it is counted, with 0 when the content has none)."""
    kinds = Counter(a.kind for a in subgraph.actors)
    types = Counter(r.type for r in subgraph.relations)
    field_count = len(tuple(fields))
    by_node_type, by_link_type = knowledge_counts(nodes, links, len(subgraph.actors), field_count, schema)
    return Stats(
        actors=len(subgraph.actors), relations=len(subgraph.relations), municipalities=kinds[MUNICIPALITY_KIND],
        fields_of_action=field_count, by_kind=dict(kinds), by_relation_type=dict(types),
        by_node_type=by_node_type, by_link_type=by_link_type,
    )


def filters_of(where: ActorFilter | None) -> dict[str, Any]:
    """The ``filters`` metadata of a filter (None: no filter)."""
    where = where or ActorFilter()
    return {
        "kinds": sorted(where.kinds), "fields": sorted(where.fields),
        "municipalities": sorted(where.municipalities), "include_district_wide": where.include_district_wide,
    }


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def freeze(store: GraphStore, label: str, *, where: ActorFilter | None = None, include_personal_data: bool = False,
           known_positions: Mapping[str, Position] | None = None, now: dt.datetime | None = None,
           snapshot_id: str | None = None, positions: bool = True) -> Snapshot:
    """Read the (filtered) graph from ``store`` and freeze it as a snapshot in memory (nothing is written).

    Personal fields (contact person, e-mail, phone, and every property the schema marks personal) are left out
    unless ``include_personal_data``. The nodes and links kept are those of
    :func:`graph.snapshots.knowledge.select_knowledge`. Positions keep every actor of ``known_positions`` where
    it is (see :func:`graph.layout.stable.stable_layout`); with ``positions=False`` there are none (for uses that
    draw nothing, where a layout of a large graph would only cost time). ``snapshot_id`` defaults to
    ``yyyymmdd-hhmmss-<first 6 hex digits of the content hash>`` of ``now`` (UTC).
    """
    label = " ".join(label.split())
    if not label:
        raise SnapshotError("A snapshot needs a label, e.g. 'Integrationsbericht 2025'.")
    # created_at keeps the microseconds: two snapshots made within one second still sort in the order made
    # (the id, to the second, then differs only in its hash).
    moment = (now or _now()).astimezone(dt.UTC)
    subgraph = store.subgraph(where)
    if not include_personal_data:
        subgraph = Subgraph(tuple(a.without_personal_data() for a in subgraph.actors), subgraph.relations)
    subgraph = Subgraph(tuple(sorted(subgraph.actors, key=lambda a: a.id)),
                        tuple(sorted(subgraph.relations, key=lambda r: r.key)))
    fields = tuple(store.fields_of_action())
    schema = store.vocabulary.schema
    nodes, links = select_knowledge(store.nodes(), store.links(), subgraph, [f.id for f in fields],
                                    filtered=where is not None and not where.is_empty)
    if not include_personal_data:
        nodes = without_personal_properties(nodes, schema)
    digest = content_hash(fields, subgraph, nodes, links)
    counts = snapshot_stats(fields, subgraph, nodes, links, schema).as_dict()
    counts["illustrative_relations"] = sum(1 for r in subgraph.relations if r.is_illustrative)
    records: tuple[Actor | Relation | Node | Link, ...] = (*subgraph.actors, *subgraph.relations, *nodes, *links)
    stamps = [r.imported_at for r in records if r.imported_at]
    info = SnapshotInfo(
        id=snapshot_id or f"{moment:%Y%m%d-%H%M%S}-{digest.split(':')[1][:6]}",
        label=label,
        created_at=moment.isoformat(),
        # A neutral name, never the path or the URI: a snapshot and its exports leave the office (issue 12).
        store=f"{store.kind} {store.display_name}",
        filters=filters_of(where),
        counts=counts,
        content_hash=digest,
        software=f"integranet {__version__}",
        personal_data_included=include_personal_data,
        last_import=max(stamps) if stamps else None,
    )
    return Snapshot(info, fields, subgraph, stable_layout(subgraph, known_positions) if positions else {},
                    nodes=nodes, links=links)


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
               include_personal_data: bool = False, now: dt.datetime | None = None) -> Snapshot:
        """Freeze ``store`` (filtered by ``where``) and save it; returns the saved snapshot."""
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
            (staging / _GRAPH).write_text(_dump(_content(saved.fields, saved.subgraph, saved.nodes, saved.links)),
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

    def delete(self, ref: str) -> str:
        """Delete the snapshot ``ref`` names; returns its id."""
        snapshot_id = self.resolve(ref)
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
