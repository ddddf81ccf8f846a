"""The Neo4j backend, through the official driver.

Every value travels as a query parameter. The only identifiers placed in query text are relationship
types taken from the vocabulary (:meth:`Vocabulary.neo4j_relationship_type` checks them) and the fixed
labels of this module. Writes are batched ``UNWIND … MERGE`` statements inside one managed transaction
per write (a whole import is one: :meth:`GraphStore.write_all`); the transaction functions are idempotent,
so the driver may retry them safely.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, LiteralString, TypeVar

from graph.errors import StoreError, StoreUnavailableError, StoreWriteError
from graph.model.changes import ChangeSet, FactChange, FactKey, HistoryRewrite
from graph.model.coverage_facts import CoverageFacts, TownFacts, fact_value
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
from graph.model.vocabulary import MUNICIPALITY_KIND, Vocabulary
from graph.store import neo4j_history as history
from graph.store.base import ImportRecord
from graph.store.checks import check_depth, unknown_references
from graph.store.neo4j_address import redact_uri, split_credentials
from graph.store.neo4j_nodes import Neo4jKnowledge, write_knowledge
from graph.store.neo4j_records import (
    ACTOR_RETURN,
    SCHEMA_VERSION,
    actor_from_row,
    actor_properties,
    field_properties,
    relation_from_row,
    relation_properties,
    schema_statements,
    term_properties,
)

if TYPE_CHECKING:
    import neo4j

__all__ = ["Neo4jStore", "redact_uri"]

T = TypeVar("T")

# Rows per UNWIND statement inside one transaction: large enough to amortise round trips, small enough
# to keep each statement's memory modest.
_UNWIND_ROWS = 2000


def _chunks(rows: Sequence[T], size: int = _UNWIND_ROWS) -> Iterator[Sequence[T]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


class Neo4jStore(Neo4jKnowledge):
    """The Neo4j backend. ``uri`` is ``bolt://``, ``neo4j://`` or ``neo4j+s://``; no username means no auth."""

    def __init__(
        self,
        uri: str,
        vocabulary: Vocabulary,
        *,
        username: str | None = None,
        password: str | None = None,
        database: str | None = None,
        batch_size: int = 1000,
    ) -> None:
        super().__init__(vocabulary)
        import neo4j
        from neo4j import exceptions as neo4j_errors

        self._errors = neo4j_errors
        # The driver refuses user:password@ in a bolt URI, and its error would show the password: take them out.
        uri, username, password = split_credentials(uri, username, password)
        self.location = redact_uri(uri)
        self.database = database
        self.kind, self.display_name = "neo4j", database or "neo4j"
        self.batch_size = batch_size
        auth = (username, password or "") if username else None
        try:
            self._driver: neo4j.Driver = neo4j.GraphDatabase.driver(
                uri, auth=auth, user_agent="integranet", connection_acquisition_timeout=30,
                # Labels and link types of the schema that no node or link uses yet are expected, not mistakes.
                notifications_disabled_classifications=[neo4j.NotificationDisabledClassification.UNRECOGNIZED],
            )
            self._driver.verify_connectivity()
        except Exception as exc:
            raise self._unavailable(exc) from exc
        self._closed = False

    # -- plumbing ------------------------------------------------------------------------------------
    def _unavailable(self, exc: BaseException) -> StoreUnavailableError:
        if isinstance(exc, self._errors.AuthError):
            return StoreUnavailableError(
                f"Neo4j at {self.location} refused the credentials. Check NEO4J_USERNAME and NEO4J_PASSWORD."
            )
        if isinstance(exc, ValueError | self._errors.ConfigurationError):
            return StoreUnavailableError(f"The Neo4j address {self.location} is not valid: {exc}.")
        return StoreUnavailableError(
            f"Neo4j at {self.location} cannot be reached ({type(exc).__name__}: {exc}). Check that the server "
            "is running, that the address and port are right, and that NEO4J_DATABASE names an existing database."
        )

    @contextmanager
    def _translated(self, writing: bool) -> Iterator[None]:
        errors = self._errors
        try:
            yield
        except StoreError:
            raise
        except (errors.ServiceUnavailable, errors.SessionExpired, errors.AuthError) as exc:
            raise self._unavailable(exc) from exc
        except errors.Neo4jError as exc:
            if writing:
                raise StoreWriteError(
                    f"Neo4j at {self.location} rejected the write ({exc.code}: {exc.message}); "
                    "nothing of it was written."
                ) from exc
            raise StoreError(f"Neo4j at {self.location} could not answer ({exc.code}: {exc.message}).") from exc
        except errors.DriverError as exc:
            raise self._unavailable(exc) from exc

    def _read(self, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        with self._translated(writing=False), self._driver.session(database=self.database) as session:
            return session.execute_read(work)

    def _write(self, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        with self._translated(writing=True), self._driver.session(database=self.database) as session:
            return session.execute_write(work)

    def _rows(self, query: LiteralString, **params: Any) -> list[dict[str, Any]]:
        return self._read(lambda tx: [r.data() for r in tx.run(query, params)])

    def close(self) -> None:
        if not getattr(self, "_closed", True):
            self._driver.close()
            self._closed = True

    # -- schema --------------------------------------------------------------------------------------
    def is_initialised(self) -> bool:
        rows = self._rows("MATCH (m:IntegraNetMeta) RETURN m.schema_version AS version LIMIT 1")
        return bool(rows)

    def initialise(self) -> None:
        with self._translated(writing=True), self._driver.session(database=self.database) as session:
            for statement in (*schema_statements(self.vocabulary.schema), *history.HISTORY_STATEMENTS):
                session.run(statement).consume()
        kinds = [term_properties(t) for t in self.vocabulary.kinds]
        types = [term_properties(t) for t in self.vocabulary.relation_types]
        fields = [
            {"id": t.id,
             "props": field_properties(FieldOfAction(t.id, t.label_en, t.label_de, t.description, t.source))}
            for t in self.vocabulary.fields
        ]

        def work(tx: neo4j.ManagedTransaction) -> None:
            tx.run("MERGE (m:IntegraNetMeta {key: 'schema'}) SET m.schema_version = $v", v=SCHEMA_VERSION).consume()
            tx.run("UNWIND $rows AS row MERGE (k:ActorKind {id: row.id}) SET k = row", rows=kinds).consume()
            tx.run("UNWIND $rows AS row MERGE (t:RelationType {id: row.id}) SET t = row", rows=types).consume()
            # Fields already in the store keep their imported labels; only missing ones are added.
            tx.run(
                "UNWIND $rows AS row MERGE (f:FieldOfAction {id: row.id}) ON CREATE SET f = row.props",
                rows=fields,
            ).consume()

        self._write(work)

    # -- writes --------------------------------------------------------------------------------------
    def _commit(self, deletions: Sequence[FactChange], batches: Sequence[GraphBatch], records: Sequence[ImportRecord],
                change_sets: Sequence[ChangeSet], rewrites: Sequence[HistoryRewrite] = (),
                expected: Mapping[FactKey, int] | None = None) -> None:
        # Relationship types are resolved (and checked against the vocabulary) before any query is built.
        typed = [(batch, self._typed_queries(batch)) for batch in batches]

        def work(tx: neo4j.ManagedTransaction) -> None:
            # One managed transaction for everything; the driver may rerun it whole (every step is an upsert).
            history.check_versions(tx, expected or {})
            history.delete_facts(tx, deletions, self.vocabulary)
            for batch, typed_queries in typed:
                self._write_batch(tx, batch, typed_queries)
            for position, record in enumerate(records):
                history.write_import(tx, record, position)
            for change_set in change_sets:
                history.write_change_set(tx, change_set)
            history.rewrite(tx, rewrites)

        self._write(work)

    def _typed_queries(self, batch: GraphBatch) -> list[tuple[LiteralString, list[dict[str, Any]]]]:
        by_type: dict[str, list[dict[str, Any]]] = {}
        for rel in batch.relations:
            by_type.setdefault(rel.type, []).append(
                {"source": rel.source, "target": rel.target, "props": relation_properties(rel)}
            )
        return [(self.vocabulary.neo4j_relationship_type(type_id), rows) for type_id, rows in sorted(by_type.items())]

    def _write_batch(
        self,
        tx: neo4j.ManagedTransaction,
        batch: GraphBatch,
        typed_queries: list[tuple[LiteralString, list[dict[str, Any]]]],
    ) -> None:
        for chunk in _chunks([{"id": f.id, "props": field_properties(f)} for f in batch.fields]):
            tx.run("UNWIND $rows AS row MERGE (f:FieldOfAction {id: row.id}) SET f = row.props", rows=chunk).consume()

        actors = batch.actors
        for chunk in _chunks([{"id": a.id, "props": actor_properties(a)} for a in actors]):
            tx.run("UNWIND $rows AS row MERGE (a:Actor {id: row.id}) SET a = row.props", rows=chunk).consume()
        if actors:
            _require(tx, "Actor", {m for a in actors for m in ((a.municipality,) if a.municipality else ()) + a.serves})
            _require(tx, "FieldOfAction", {f for a in actors for f in a.fields})
            # The actor's row is authoritative for its structure: replace seat, served towns and fields.
            for id_chunk in _chunks([a.id for a in actors]):
                tx.run(
                    "UNWIND $ids AS id MATCH (a:Actor {id: id})-[r:LOCATED_IN|SERVES|WORKS_ON]->() DELETE r",
                    ids=id_chunk,
                ).consume()
            # The old structure edges are gone, so CREATE is an upsert here; it spares MERGE's check of
            # every edge of a municipality, which is the densest node of the graph.
            structure = [
                {"a": a.id, "seat": [a.municipality] if a.municipality else [], "serves": list(a.serves),
                 "fields": list(a.fields)}
                for a in actors
            ]
            for structure_chunk in _chunks(structure):
                tx.run(
                    "UNWIND $rows AS row MATCH (a:Actor {id: row.a}) "
                    "CALL (a, row) { UNWIND row.seat AS m MATCH (x:Actor {id: m}) CREATE (a)-[:LOCATED_IN]->(x) } "
                    "CALL (a, row) { UNWIND row.serves AS m MATCH (x:Actor {id: m}) CREATE (a)-[:SERVES]->(x) } "
                    "CALL (a, row) { UNWIND row.fields AS f MATCH (x:FieldOfAction {id: f}) "
                    "CREATE (a)-[:WORKS_ON]->(x) }",
                    rows=structure_chunk,
                ).consume()

        if batch.relations:
            _require(tx, "Actor", {x for r in batch.relations for x in (r.source, r.target)})
            _require(tx, "FieldOfAction", {f for r in batch.relations for f in r.fields})
        for rel_type, rows in typed_queries:
            # rel_type comes from Vocabulary.neo4j_relationship_type: an upper-case vocabulary id.
            query: LiteralString = (
                "UNWIND $rows AS row MATCH (s:Actor {id: row.source}) MATCH (t:Actor {id: row.target}) "
                "MERGE (s)-[r:`" + rel_type + "`]->(t) SET r = row.props"
            )
            for rel_chunk in _chunks(rows):
                tx.run(query, rows=rel_chunk).consume()
        write_knowledge(tx, batch, self.vocabulary.schema)

    # -- reads ---------------------------------------------------------------------------------------
    def get_actor(self, actor_id: str) -> Actor | None:
        rows = self._rows("MATCH (a:Actor {id: $id})" + ACTOR_RETURN, id=actor_id)
        return actor_from_row(rows[0]) if rows else None

    def find_actors_by_name(self, name: str) -> list[Actor]:
        return [actor_from_row(r) for r in self._rows("MATCH (a:Actor) WHERE a.name = $name" + ACTOR_RETURN,
                                              name=name.strip())]

    def actors(self, where: ActorFilter | None = None) -> list[Actor]:
        clauses: list[LiteralString] = []
        params: dict[str, Any] = {}
        if where is not None and where.kinds:
            clauses.append("a.kind IN $kinds")
            params["kinds"] = list(where.kinds)
        if where is not None and where.fields:
            clauses.append("EXISTS { MATCH (a)-[:WORKS_ON]->(f:FieldOfAction) WHERE f.id IN $fields }")
            params["fields"] = list(where.fields)
        if where is not None and where.municipalities:
            place: LiteralString = (
                "(a.id IN $ms OR EXISTS { MATCH (a)-[:LOCATED_IN|SERVES]->(m:Actor) WHERE m.id IN $ms }"
            )
            if where.include_district_wide:
                place += " OR a.serves_district = true"
            clauses.append(place + ")")
            params["ms"] = list(where.municipalities)
        condition: LiteralString = " WHERE " + " AND ".join(clauses) if clauses else ""
        return [actor_from_row(r) for r in self._rows("MATCH (a:Actor)" + condition + ACTOR_RETURN, **params)]

    def _relation_types(self, types: Sequence[str] = ()) -> list[str]:
        wanted = types or self.vocabulary.relation_types.ids()
        return [self.vocabulary.neo4j_relationship_type(t) for t in wanted]

    def relations(self, actor_ids: Iterable[str] | None = None, types: Sequence[str] = ()) -> list[Relation]:
        params: dict[str, Any] = {"types": self._relation_types(types)}
        condition: LiteralString = "type(r) IN $types"
        if actor_ids is not None:
            params["ids"] = sorted(set(actor_ids))
            condition += " AND s.id IN $ids AND t.id IN $ids"
        rows = self._rows(
            "MATCH (s:Actor)-[r]->(t:Actor) WHERE " + condition
            + " RETURN s.id AS source, type(r) AS type, t.id AS target, properties(r) AS props"
            " ORDER BY source, type, target",
            **params,
        )
        relations = [relation_from_row(r, self.vocabulary) for r in rows]
        return sorted(relations, key=lambda r: r.key)

    def fields_of_action(self) -> list[FieldOfAction]:
        rows = self._rows("MATCH (f:FieldOfAction) RETURN properties(f) AS props")
        order = {fid: i for i, fid in enumerate(self.vocabulary.fields.ids())}
        fields = [
            FieldOfAction(
                id=p["id"], label_en=p.get("label_en", p["id"]), label_de=p.get("label_de", p["id"]),
                description=p.get("description", ""), provenance=p.get("provenance", ""),
                imported_at=p.get("imported_at", ""),
            )
            for p in (r["props"] for r in rows)
        ]
        return sorted(fields, key=lambda f: (order.get(f.id, len(order)), f.id))

    def neighbourhood(self, actor_id: str, depth: int = 1) -> Subgraph:
        check_depth(depth)
        if self.get_actor(actor_id) is None:
            return Subgraph((), ())
        types = self._relation_types()
        seen = {actor_id}
        frontier = [actor_id]
        # Level by level rather than a variable-length pattern: the number of paths grows much faster
        # than the number of actors they reach.
        for _ in range(depth):
            rows = self._rows(
                "MATCH (a:Actor)-[r]-(b:Actor) WHERE a.id IN $frontier AND type(r) IN $types "
                "RETURN DISTINCT b.id AS id",
                frontier=frontier, types=types,
            )
            frontier = sorted({r["id"] for r in rows} - seen)
            seen.update(frontier)
            if not frontier:
                break
        ids = sorted(seen)
        actors = [actor_from_row(r) for r in self._rows("MATCH (a:Actor) WHERE a.id IN $ids" + ACTOR_RETURN, ids=ids)]
        return Subgraph(tuple(actors), tuple(self.relations(ids)))

    def stats(self) -> Stats:
        by_kind = {r["kind"]: r["n"] for r in self._rows("MATCH (a:Actor) RETURN a.kind AS kind, count(*) AS n")}
        by_type_raw = self._rows(
            "MATCH (:Actor)-[r]->(:Actor) WHERE type(r) IN $types RETURN type(r) AS type, count(*) AS n",
            types=self._relation_types(),
        )
        by_type = {self.vocabulary.relation_type_from_neo4j(r["type"]) or r["type"]: r["n"] for r in by_type_raw}
        fields = self._rows("MATCH (f:FieldOfAction) RETURN count(f) AS n")
        by_node_type, by_link_type = self.knowledge_counts()
        return Stats(
            actors=sum(by_kind.values()),
            relations=sum(by_type.values()),
            municipalities=by_kind.get(MUNICIPALITY_KIND, 0),
            fields_of_action=fields[0]["n"] if fields else 0,
            by_kind=by_kind,
            by_relation_type=by_type,
            by_node_type=by_node_type,
            by_link_type=by_link_type,
        )

    def tie_counts(self) -> TieCounts:
        """The ties counted per pair on the server: see :meth:`GraphStore.tie_counts`.

        Only the counts travel, not the ties' properties.
        """
        def work(tx: neo4j.ManagedTransaction) -> tuple[list[Any], list[Any]]:
            actors = tx.run(
                "MATCH (a:Actor) RETURN a.id AS id, a.name AS name, a.kind AS kind, "
                "COLLECT { MATCH (a)-[:WORKS_ON]->(f:FieldOfAction) RETURN f.id } AS fields"
            ).values()
            ties = tx.run(
                "MATCH (s:Actor)-[r]->(t:Actor) WHERE type(r) IN $types "
                "RETURN s.id AS source, t.id AS target, count(r) AS n",
                types=self._relation_types(),
            ).values()
            return actors, ties

        actors, ties = self._read(work)
        return TieCounts(
            tuple((a, {"name": name, "kind": kind, "fields": tuple(sorted(set(fields)))})
                  for a, name, kind, fields in actors),
            tuple((s, t, n) for s, t, n in ties),
        )

    def coverage_facts(self) -> CoverageFacts:
        """The gap model's facts, aggregated on the server: see :meth:`GraphStore.coverage_facts`.

        Neo4j groups the actors per municipality (seated there, serving it) and per field of action, and
        lists each working actor's name and kind once; the client intersects the groups into cells
        (:meth:`CoverageFacts.from_groups`). No tie travels. The groups are read from the municipality and
        field nodes, whose relationships Neo4j keeps grouped by type: expanding WORKS_ON from every actor
        instead walks all of its ties, ten times the work on a state-sized landscape.
        """
        def work(tx: neo4j.ManagedTransaction) -> tuple[list[Any], list[Any], list[Any], list[Any]]:
            towns = tx.run(
                "MATCH (m:Actor) WHERE m.kind = $municipality "
                "RETURN m.id AS id, m.name AS name, [m.ags, m.population, m.population_date, m.lat, m.lon] AS facts",
                municipality=MUNICIPALITY_KIND,
            ).values()
            places = tx.run(
                "MATCH (m:Actor)<-[r:LOCATED_IN|SERVES]-(a:Actor) WHERE m.kind = $municipality AND a <> m "
                "RETURN m.id AS town, collect(CASE WHEN type(r) = $located_in THEN a.id END) AS seated, "
                "collect(CASE WHEN type(r) = $serves THEN a.id END) AS served",
                municipality=MUNICIPALITY_KIND, located_in="LOCATED_IN", serves="SERVES",
            ).values()
            fields = tx.run(
                "MATCH (f:FieldOfAction)<-[:WORKS_ON]-(a:Actor) RETURN f.id AS field, collect(a.id) AS actors"
            ).values()
            working = tx.run(
                "MATCH (:FieldOfAction)<-[:WORKS_ON]-(a:Actor) WITH DISTINCT a "
                "RETURN collect(a.id) AS ids, collect(a.name) AS names, collect(a.kind) AS kinds, "
                "collect(a.serves_district = true) AS district_wide"
            ).values()
            return towns, places, fields, working

        towns, places, fields, working = self._read(work)
        ids, names, kinds, district_wide = working[0] if working else ([], [], [], [])
        return CoverageFacts.from_groups(
            [TownFacts(town_id, name, *(fact_value(v) for v in facts)) for town_id, name, facts in towns],
            dict(zip(ids, zip(names, kinds, strict=True), strict=True)),
            {town: seated for town, seated, _ in places},
            {town: served for town, _, served in places},
            dict(fields),
            (a for a, flag in zip(ids, district_wide, strict=True) if flag),
        )

    # -- the change history ----------------------------------------------------------------------------
    def versions(self, facts: Iterable[FactKey]) -> dict[FactKey, int]:
        return self._read(lambda tx: history.versions(tx, list(facts)))

    def change_sets(self, limit: int | None = None, offset: int = 0) -> list[ChangeSet]:
        return self._read(lambda tx: history.change_sets(tx, limit, offset))

    def change_set(self, change_set_id: str) -> ChangeSet | None:
        return self._read(lambda tx: history.change_set(tx, change_set_id))

    def change_sets_touching(self, facts: Iterable[FactKey], after: str | None = None) -> list[ChangeSet]:
        wanted = list(facts)
        return self._read(lambda tx: history.change_sets_touching(tx, wanted, after))

    def purge_freed(self) -> None:
        """Nothing a client can do: Neo4j rewrites its store files at its own checkpoints and keeps old values in
        its transaction logs until it prunes them (the community edition has no ``db.checkpoint()``); the
        settings that bound this are in docs/data-protection.md."""

    def last_imports(self, limit: int = 5) -> list[ImportRecord]:
        rows = self._rows(
            "MATCH (i:ImportRecord) RETURN properties(i) AS p ORDER BY i.seq DESC LIMIT $limit", limit=limit
        )
        return [
            ImportRecord(p["imported_at"], tuple(p.get("files", ())), p["actors"], p["relations"], p["rows"],
                         p.get("skipped", 0))
            for p in (r["p"] for r in rows)
        ]


def _require(tx: neo4j.ManagedTransaction, label: LiteralString, ids: set[str]) -> None:
    """Raise UnknownReferenceError (rolling the transaction back) when any id is missing."""
    if not ids:
        return
    query: LiteralString = (
        "UNWIND $ids AS id OPTIONAL MATCH (n:" + label + " {id: id}) WITH id, n WHERE n IS NULL "
        "RETURN collect(id) AS missing"
    )
    record = tx.run(query, ids=sorted(ids)).single()
    missing = sorted(record["missing"]) if record else []
    if missing:
        raise unknown_references(missing, fields=label != "Actor")


