"""The embedded store: one SQLite file, no server.

SQLite brings transactions, crash safety and concurrent readers (WAL). Every public method takes the
store's lock, so one store object can be shared by the dashboard's threads.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from graph.errors import StoreUnavailableError, StoreWriteError
from graph.model.changes import ChangeSet, FactChange, FactKey, HistoryRewrite
from graph.model.coverage_facts import CoverageFacts, OfferFacts, TownFacts, fact_value
from graph.model.domain import (
    Actor,
    ActorFilter,
    FieldOfAction,
    GraphBatch,
    Relation,
    Stats,
    Subgraph,
    TieCounts,
)
from graph.model.knowledge import Link, Node
from graph.model.vocabulary import MUNICIPALITY_KIND, Vocabulary
from graph.store import embedded_history as history
from graph.store import embedded_nodes as knowledge
from graph.store.base import GraphStore, ImportRecord
from graph.store.checks import check_depth, unknown_references
from graph.store.embedded_nodes import chunks as _chunks
from graph.store.embedded_nodes import dump as _dump
from graph.store.embedded_nodes import load as _load
from graph.store.embedded_nodes import marks as _marks
from graph.store.embedded_schema import SCHEMA_SQL, SCHEMA_VERSION, needs_upgrade, upgrade

__all__ = ["EmbeddedStore"]

class EmbeddedStore(GraphStore):
    """The SQLite backend. ``path`` is the database file; its folder is created when missing."""

    def __init__(self, path: str | Path, vocabulary: Vocabulary) -> None:
        super().__init__(vocabulary)
        self.path = Path(path).expanduser()
        self.location = str(self.path)
        self.kind, self.display_name = "embedded", self.path.stem
        self._lock = threading.RLock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA busy_timeout = 30000")
            self._db.execute("PRAGMA secure_delete = ON")  # deleted values are overwritten, not left in free pages
            self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            # A store file of an older version gains the new tables and columns (nothing else changes), so
            # that reading it works before anyone runs initialise().
            if needs_upgrade(self._db):
                upgrade(self._db)
        except (OSError, sqlite3.Error) as exc:
            raise StoreUnavailableError(
                f"The embedded store {self.path} cannot be opened: {exc}. Check that the folder exists, "
                "that you may write to it, and that the file is an IntegraNet store."
            ) from exc
        self._closed = False

    # -- lifecycle ----------------------------------------------------------------------------------
    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._db.close()
                self._closed = True

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            else:
                self._db.execute("COMMIT")

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                return self._db.execute(sql, params).fetchall()
            except sqlite3.OperationalError as exc:
                if "no such table" in str(exc):
                    return []
                raise StoreUnavailableError(f"The embedded store {self.path} cannot be read: {exc}.") from exc

    def is_initialised(self) -> bool:
        rows = self._query("SELECT value FROM meta WHERE key = 'schema_version'")
        return bool(rows)

    def initialise(self) -> None:
        with self._lock:
            try:
                self._db.executescript(SCHEMA_SQL)
                upgrade(self._db)
            except sqlite3.Error as exc:
                raise StoreUnavailableError(f"The embedded store {self.path} cannot be set up: {exc}.") from exc
        with self._transaction() as db:
            db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
            for category, terms in (
                ("actor_kind", self.vocabulary.kinds),
                ("relation_type", self.vocabulary.relation_types),
                ("field_of_action", self.vocabulary.fields),
            ):
                db.executemany(
                    "INSERT INTO vocabulary_term VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (category, id) DO UPDATE "
                    "SET label_en = excluded.label_en, label_de = excluded.label_de, "
                    "description = excluded.description, source = excluded.source",
                    [(category, t.id, t.label_en, t.label_de, t.description, t.source) for t in terms],
                )
            existing = {row[0] for row in db.execute("SELECT id FROM field_of_action")}
            self._write_fields(
                db,
                [
                    FieldOfAction(t.id, t.label_en, t.label_de, t.description, t.source)
                    for t in self.vocabulary.fields
                    if t.id not in existing
                ],
            )

    # -- writes --------------------------------------------------------------------------------------
    def _commit(self, deletions: Sequence[FactChange], batches: Sequence[GraphBatch], records: Sequence[ImportRecord],
                change_sets: Sequence[ChangeSet], rewrites: Sequence[HistoryRewrite] = (),
                expected: Mapping[FactKey, int] | None = None) -> None:
        try:
            with self._transaction() as db:
                history.check_versions(db, expected or {})
                history.delete_facts(db, deletions)
                for batch in batches:
                    self._write_batch(db, batch)
                for record in records:
                    history.write_import(db, record)
                for change_set in change_sets:
                    history.write_change_set(db, change_set)
                history.rewrite(db, rewrites)
        except sqlite3.Error as exc:
            raise StoreWriteError(
                f"Writing to the embedded store {self.path} failed ({exc}); nothing of it was written."
            ) from exc

    def purge_freed(self) -> None:
        with self._lock:
            history.purge_freed(self._db)

    def _write_batch(self, db: sqlite3.Connection, batch: GraphBatch) -> None:
        """One batch inside the caller's transaction, each record after what it refers to."""
        self._write_fields(db, batch.fields)
        self._write_actor_rows(db, batch.actors)
        _require(db, "actor", {m for a in batch.actors for m in (*_seat(a), *a.serves)})
        _require(db, "field_of_action", {f for a in batch.actors for f in a.fields})
        self._write_structure(db, batch.actors)
        _require(db, "actor", {x for r in batch.relations for x in (r.source, r.target)})
        _require(db, "field_of_action", {f for r in batch.relations for f in r.fields})
        self._write_relations(db, batch.relations)
        knowledge.check_namespace(db, batch)
        knowledge.write_nodes(db, batch.nodes)
        knowledge.require_link_ends(db, batch)
        knowledge.write_links(db, batch.links)

    @staticmethod
    def _write_fields(db: sqlite3.Connection, fields: Iterable[FieldOfAction]) -> None:
        rows = [(f.id, f.label_en, f.label_de, f.description, f.provenance, f.imported_at) for f in fields]
        db.executemany(
            "INSERT INTO field_of_action (id, label_en, label_de, description, provenance, imported_at, position) "
            "VALUES (?, ?, ?, ?, ?, ?, (SELECT coalesce(max(position), 0) + 1 FROM field_of_action)) "
            "ON CONFLICT (id) DO UPDATE SET label_en = excluded.label_en, label_de = excluded.label_de, "
            "description = excluded.description, provenance = excluded.provenance, "
            "imported_at = excluded.imported_at",
            rows,
        )

    @staticmethod
    def _write_actor_rows(db: sqlite3.Connection, actors: Sequence[Actor]) -> None:
        db.executemany(
            "INSERT INTO actor (id, name, kind, town, serves_district, provenance, imported_at, properties, "
            "confirmed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
            "kind = excluded.kind, town = excluded.town, serves_district = excluded.serves_district, "
            "provenance = excluded.provenance, imported_at = excluded.imported_at, "
            "properties = excluded.properties, confirmed = excluded.confirmed",
            [
                (a.id, a.name, a.kind, a.town, int(a.serves_district), a.provenance, a.imported_at,
                 _dump(a.properties), a.confirmed)
                for a in actors
            ],
        )

    @staticmethod
    def _write_structure(db: sqlite3.Connection, actors: Sequence[Actor]) -> None:
        ids = [(a.id,) for a in actors]
        # The actor's row is authoritative for its structure: replace seat, served towns and fields.
        for table in ("located_in", "serves", "works_on"):
            db.executemany(f"DELETE FROM {table} WHERE actor_id = ?", ids)
        db.executemany(
            "INSERT INTO located_in VALUES (?, ?)", [(a.id, a.municipality) for a in actors if a.municipality]
        )
        db.executemany("INSERT INTO serves VALUES (?, ?)", [(a.id, m) for a in actors for m in a.serves])
        db.executemany("INSERT INTO works_on VALUES (?, ?)", [(a.id, f) for a in actors for f in a.fields])

    @staticmethod
    def _write_relations(db: sqlite3.Connection, relations: Sequence[Relation]) -> None:
        db.executemany(
            "INSERT INTO relation (source, type, target, fields, since, until, note, provenance, imported_at, "
            "properties, confirmed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source, type, target) "
            "DO UPDATE SET fields = excluded.fields, since = excluded.since, until = excluded.until, "
            "note = excluded.note, provenance = excluded.provenance, imported_at = excluded.imported_at, "
            "properties = excluded.properties, confirmed = excluded.confirmed",
            [
                (r.source, r.type, r.target, json.dumps(list(r.fields)), r.since, r.until, r.note,
                 r.provenance, r.imported_at, _dump(r.properties), r.confirmed)
                for r in relations
            ],
        )

    # -- reads ---------------------------------------------------------------------------------------
    def get_actor(self, actor_id: str) -> Actor | None:
        found = self._actors_where("a.id = ?", [actor_id])
        return found[0] if found else None

    def find_actors_by_name(self, name: str) -> list[Actor]:
        return self._actors_where("a.name = ?", [name.strip()])

    def actors(self, where: ActorFilter | None = None) -> list[Actor]:
        if where is None or where.is_empty:
            return self._actors_where("1 = 1", [])
        clauses: list[str] = []
        params: list[Any] = []
        if where.kinds:
            clauses.append(f"a.kind IN ({_marks(len(where.kinds))})")
            params.extend(where.kinds)
        if where.fields:
            clauses.append(
                f"EXISTS (SELECT 1 FROM works_on w WHERE w.actor_id = a.id AND w.field_id IN "
                f"({_marks(len(where.fields))}))"
            )
            params.extend(where.fields)
        if where.municipalities:
            ms = where.municipalities
            place = (
                f"(a.id IN ({_marks(len(ms))}) "
                f"OR EXISTS (SELECT 1 FROM located_in l WHERE l.actor_id = a.id AND l.municipality_id IN "
                f"({_marks(len(ms))})) "
                f"OR EXISTS (SELECT 1 FROM serves s WHERE s.actor_id = a.id AND s.municipality_id IN "
                f"({_marks(len(ms))}))"
            )
            params.extend([*ms, *ms, *ms])
            if where.include_district_wide:
                place += " OR a.serves_district = 1"
            clauses.append(place + ")")
        return self._actors_where(" AND ".join(clauses), params)

    def _actors_where(self, condition: str, params: Sequence[Any]) -> list[Actor]:
        rows = self._query(
            "SELECT a.id, a.name, a.kind, a.town, a.serves_district, a.provenance, a.imported_at, a.properties, "
            "a.confirmed, (SELECT l.municipality_id FROM located_in l WHERE l.actor_id = a.id), "
            "(SELECT json_group_array(s.municipality_id) FROM serves s WHERE s.actor_id = a.id), "
            "(SELECT json_group_array(w.field_id) FROM works_on w WHERE w.actor_id = a.id) "
            f"FROM actor a WHERE {condition} ORDER BY a.id",
            params,
        )
        return [
            Actor(
                id=r[0], name=r[1], kind=r[2], town=r[3], serves_district=bool(r[4]), provenance=r[5],
                imported_at=r[6], properties=_load(r[7]), confirmed=r[8], municipality=r[9],
                serves=tuple(json.loads(r[10])), fields=tuple(json.loads(r[11])),
            )
            for r in rows
        ]

    def relations(self, actor_ids: Iterable[str] | None = None, types: Sequence[str] = ()) -> list[Relation]:
        base = ("SELECT source, type, target, fields, since, until, note, provenance, imported_at, properties, "
                "confirmed FROM relation")
        type_clause = f" type IN ({_marks(len(types))})" if types else ""
        if actor_ids is None:
            sql = base + (" WHERE" + type_clause if types else "") + " ORDER BY source, type, target"
            rows = self._query(sql, list(types))
        else:
            wanted = set(actor_ids)
            rows = []
            ids = sorted(wanted)
            for chunk in _chunks(ids):
                sql = base + f" WHERE source IN ({_marks(len(chunk))})" + (" AND" + type_clause if types else "")
                rows.extend(r for r in self._query(sql, [*chunk, *types]) if r[2] in wanted)
            rows.sort(key=lambda r: (r[0], r[1], r[2]))
        return [_relation(r) for r in rows]

    def fields_of_action(self) -> list[FieldOfAction]:
        rows = self._query(
            "SELECT id, label_en, label_de, description, provenance, imported_at FROM field_of_action"
        )
        order = {fid: i for i, fid in enumerate(self.vocabulary.fields.ids())}
        fields = [FieldOfAction(*r) for r in rows]
        return sorted(fields, key=lambda f: (order.get(f.id, len(order)), f.id))

    def neighbourhood(self, actor_id: str, depth: int = 1) -> Subgraph:
        check_depth(depth)
        if self.get_actor(actor_id) is None:
            return Subgraph((), ())
        seen = {actor_id}
        frontier = [actor_id]
        for _ in range(depth):
            reached: set[str] = set()
            for chunk in _chunks(frontier):
                marks = _marks(len(chunk))
                for source, target in self._query(
                    f"SELECT source, target FROM relation WHERE source IN ({marks}) OR target IN ({marks})",
                    [*chunk, *chunk],
                ):
                    reached.update((source, target))
            frontier = sorted(reached - seen)
            seen |= reached
            if not frontier:
                break
        ids = sorted(seen)
        actors: list[Actor] = []
        for chunk in _chunks(ids):
            actors.extend(self._actors_where(f"a.id IN ({_marks(len(chunk))})", list(chunk)))
        actors.sort(key=lambda a: a.id)
        return Subgraph(tuple(actors), tuple(self.relations(ids)))

    def stats(self) -> Stats:
        by_kind = {k: n for k, n in self._query("SELECT kind, count(*) FROM actor GROUP BY kind")}
        by_type = {t: n for t, n in self._query("SELECT type, count(*) FROM relation GROUP BY type")}
        fields = self._query("SELECT count(*) FROM field_of_action")
        by_node_type, by_link_type = knowledge.knowledge_counts(
            self._query, self.vocabulary.schema, sum(by_kind.values()), fields[0][0] if fields else 0)
        return Stats(
            actors=sum(by_kind.values()),
            relations=sum(by_type.values()),
            municipalities=by_kind.get(MUNICIPALITY_KIND, 0),
            fields_of_action=fields[0][0] if fields else 0,
            by_kind=by_kind,
            by_relation_type=by_type,
            by_node_type=by_node_type,
            by_link_type=by_link_type,
        )

    def tie_counts(self) -> TieCounts:
        """The ties counted per pair by SQLite: see :meth:`GraphStore.tie_counts`."""
        fields: dict[str, list[str]] = {}
        for actor_id, field_id in self._query("SELECT actor_id, field_id FROM works_on"):
            fields.setdefault(actor_id, []).append(field_id)
        actors = [
            (actor_id, {"name": name, "kind": kind, "fields": tuple(sorted(set(fields.get(actor_id, ()))))})
            for actor_id, name, kind in self._query("SELECT id, name, kind FROM actor")
        ]
        ties = self._query("SELECT source, target, count(*) FROM relation GROUP BY source, target")
        return TieCounts(tuple(actors), tuple((s, t, n) for s, t, n in ties))

    def coverage_facts(self) -> CoverageFacts:
        """The gap model's facts, grouped by SQLite: see :meth:`GraphStore.coverage_facts`.

        SQLite groups the actors per municipality (seated, serving) and per field; the client intersects
        the groups into cells, which costs less than joining the cells in SQL and reading 200,000 rows.
        """
        towns = [
            TownFacts(r[0], r[1], *(fact_value(props.get(key)) for key in TownFacts.PROPERTIES))
            for r in self._query("SELECT id, name, properties FROM actor WHERE kind = ?", [MUNICIPALITY_KIND])
            for props in (_load(r[2]),)
        ]
        def grouped(sql: str) -> dict[str, list[str]]:
            # SQLite groups; json_group_array hands each group over as one string that json parses in C.
            return {key: json.loads(ids) for key, ids in self._query(sql)}

        seated = grouped("SELECT municipality_id, json_group_array(actor_id) FROM located_in GROUP BY municipality_id")
        served = grouped("SELECT municipality_id, json_group_array(actor_id) FROM serves GROUP BY municipality_id")
        working = grouped("SELECT field_id, json_group_array(actor_id) FROM works_on GROUP BY field_id")
        rows = self._query(
            "SELECT id, name, kind, serves_district FROM actor WHERE id IN (SELECT actor_id FROM works_on)"
        )
        actors = {actor_id: (name, kind) for actor_id, name, kind, _ in rows}
        district_wide = [actor_id for actor_id, _, _, flag in rows if flag]
        return CoverageFacts.from_groups(towns, actors, seated, served, working, district_wide)

    # -- the other node types and links ----------------------------------------------------------------
    def nodes(self, types: Sequence[str] = (), ids: Iterable[str] | None = None) -> list[Node]:
        return knowledge.read_nodes(self._query, types, ids)

    def get_node(self, node_id: str) -> Node | None:
        found = knowledge.read_nodes(self._query, (), [node_id])
        return found[0] if found else None

    def find_nodes_by_name(self, name: str, types: Sequence[str] = ()) -> list[Node]:
        return knowledge.find_nodes(self._query, name, types)

    def links(self, node_ids: Iterable[str] | None = None, types: Sequence[str] = ()) -> list[Link]:
        return knowledge.read_links(self._query, node_ids, types)

    def types_of(self, ids: Iterable[str]) -> dict[str, str]:
        return knowledge.types_of(self._query, ids)

    def answer(self, question_id: str, **params: object) -> list[dict[str, object]]:
        from graph.store.questions import embedded_query

        sql, values = embedded_query(question_id, params)
        with self._lock:
            try:
                cursor = self._db.execute(sql, values)
                names = [d[0] for d in cursor.description or ()]
                return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
            except sqlite3.OperationalError as exc:
                raise StoreUnavailableError(f"The embedded store {self.path} cannot answer: {exc}.") from exc

    def illustrative_actors(self) -> frozenset[str]:
        return knowledge.illustrative_actors(self._query)

    def offer_facts(self) -> tuple[OfferFacts, ...]:
        return knowledge.offer_facts(self._query)

    # -- the change history ----------------------------------------------------------------------------
    def versions(self, facts: Iterable[FactKey]) -> dict[FactKey, int]:
        return history.versions(self._query, list(facts))

    def change_sets(self, limit: int | None = None, offset: int = 0) -> list[ChangeSet]:
        return history.change_sets(self._query, limit, offset)

    def change_set(self, change_set_id: str) -> ChangeSet | None:
        return history.change_set(self._query, change_set_id)

    def change_sets_touching(self, facts: Iterable[FactKey], after: str | None = None) -> list[ChangeSet]:
        return history.change_sets_touching(self._query, facts, after)

    def last_imports(self, limit: int = 5) -> list[ImportRecord]:
        rows = self._query(
            "SELECT imported_at, files, actors, relations, rows, skipped FROM import_log ORDER BY seq DESC LIMIT ?",
            [limit],
        )
        return [ImportRecord(r[0], tuple(json.loads(r[1])), r[2], r[3], r[4], r[5]) for r in rows]


def _seat(actor: Actor) -> tuple[str, ...]:
    return (actor.municipality,) if actor.municipality else ()


def _require(db: sqlite3.Connection, table: str, ids: set[str]) -> None:
    """Raise UnknownReferenceError (the caller's transaction rolls back) when any id is missing."""
    # ``table`` is one of two constants of this module, never user input.
    found: set[str] = set()
    ordered = sorted(ids)
    for chunk in _chunks(ordered):
        sql = f"SELECT id FROM {table} WHERE id IN ({_marks(len(chunk))})"
        found.update(r[0] for r in db.execute(sql, chunk))
    missing = sorted(ids - found)
    if missing:
        raise unknown_references(missing, fields=table != "actor")


def _relation(r: Sequence[Any]) -> Relation:
    return Relation(
        source=r[0], type=r[1], target=r[2], fields=tuple(json.loads(r[3])), since=r[4], until=r[5],
        note=r[6], provenance=r[7], imported_at=r[8], properties=_load(r[9]), confirmed=r[10],
    )


