"""A snapshot in memory: its metadata (:class:`SnapshotInfo`), its content (:class:`Snapshot`), the content hash
that proves it unchanged, and :func:`freeze`, which reads it from a store. Writing and reading the files is
:mod:`graph.snapshots.snapshot` (the folder).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
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
    public_subgraph,
    select_knowledge,
    without_personal_properties,
)
from graph.store.base import GraphStore

__all__ = [
    "SNAPSHOT_FORMAT",
    "Position",
    "Snapshot",
    "SnapshotInfo",
    "content_hash",
    "content_record",
    "filters_of",
    "freeze",
    "now_utc",
    "snapshot_stats",
]

#: The version of the files' layout; a reader refuses a newer one instead of misreading it. Format 2 added the
#: nodes and links of the knowledge graph; a format-1 snapshot reads as one without them.
SNAPSHOT_FORMAT = 2

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


def content_record(fields: Iterable[FieldOfAction], subgraph: Subgraph, nodes: Iterable[Node] = (),
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
    content = content_record(fields, subgraph, nodes, links)
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


def now_utc() -> dt.datetime:
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
    moment = (now or now_utc()).astimezone(dt.UTC)
    subgraph = store.subgraph(where)
    if not include_personal_data:
        subgraph = public_subgraph(subgraph, store.vocabulary.schema)
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
