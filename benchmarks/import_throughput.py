"""Import throughput: the same generated dataset written three ways, each into a fresh, empty store.

1. **Neo4j batched** — :meth:`Neo4jStore.write`, one :class:`GraphBatch` of ``--batch-size`` rows at a time
   (municipalities, then other actors, then ties, as :mod:`importers.load` does).
2. **Neo4j per row** — the straightforward driver use: one ``driver.execute_query`` per row with one
   ``MERGE`` each, the structure edges (``LOCATED_IN``, ``SERVES``, ``WORKS_ON``) one query per edge, so that
   both Neo4j runs write the same graph. Per row is slow (milliseconds per query), so by default it is timed
   on a self-contained prefix of the data (``--per-row-fraction``, see :meth:`Dataset.prefix`); its rows/s
   come only from the rows that were timed. (The prefix goes into a smaller graph than the full run, which
   if anything flatters per row.)
3. **Embedded** — :class:`EmbeddedStore` in a fresh file, in the same batches as 1.

Every run starts from an empty database with the schema in place (``initialise()``, not timed) and is
checked afterwards: the counts in the store must equal the generated counts, or the benchmark fails. Before
the timed runs, 1 % of the data is written both ways untimed, so that neither Neo4j run pays alone for the
server compiling its queries and warming up its JIT.

A row is an actor or a tie, as in an import file; rows/s counts those (an actor's seat, served towns and
fields of action are part of its row).

Neo4j: ``NEO4J_TEST_URI`` (credentials ``NEO4J_TEST_USERNAME`` / ``NEO4J_TEST_PASSWORD``, database
``NEO4J_TEST_DATABASE``), as for the tests; ``scripts/bench.sh`` starts a throw-away server and sets it.
``NEO4J_URI`` is never read: it may hold real data. The database is wiped before each run, so the benchmark
refuses (exit 3) a database that holds data and neither the test-suite marker nor its own marker.

Usage: ``python -m benchmarks.import_throughput [--json] [--actors N] [--relations M] [--seed S]``.
Exit codes: 0 measured, 1 a count check failed, 2 wrong usage, 3 Neo4j missing, unreachable or refused.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.errors import StoreError
from graph.model.domain import Actor, GraphBatch, Relation, municipality_id_for
from graph.model.vocabulary import MUNICIPALITY_KIND, Vocabulary
from graph.settings import DATA_DIR, NEO4J_SCHEMES
from graph.store.base import GraphStore
from graph.store.embedded import EmbeddedStore

if TYPE_CHECKING:
    import neo4j

__all__ = [
    "BenchmarkError",
    "Dataset",
    "ExpectedCounts",
    "Neo4jTarget",
    "RefusedDatabaseError",
    "generate_dataset",
    "main",
    "run_benchmark",
]

#: The test suite's marker (tests/conftest.py): a database carrying it was created by the project.
TEST_MARKER_LABEL = "IntegraNetTestMarker"
#: The benchmark's own marker; it survives every clear, so a database once claimed stays claimable.
BENCH_MARKER_LABEL = "IntegraNetBenchmark"
MARKER_LABELS = (TEST_MARKER_LABEL, BENCH_MARKER_LABEL)

DEFAULT_ACTORS = 10_000
DEFAULT_RELATIONS = 50_000
DEFAULT_SEED = 20240601
DEFAULT_BATCH_SIZE = 1000
#: Per row costs several milliseconds a query here; 10 % keeps the default run around a minute for it.
DEFAULT_PER_ROW_FRACTION = 0.1
#: Share of the data written both ways, untimed, before the measured runs: the server compiles its query
#: plans and JIT-compiles its code then, not during whichever run comes first.
WARMUP_FRACTION = 0.01
#: Ludwigsburg has 39 towns and municipalities; the benchmark district has about as many.
MAX_MUNICIPALITIES = 40

PROVENANCE = "integranet-benchmark"
# A fixed timestamp keeps the generated data byte-for-byte the same from run to run.
IMPORTED_AT = "2024-06-01T00:00:00+00:00"
# Rows deleted per transaction when clearing: small enough for the test server's 1 GB heap.
_CLEAR_ROWS = 5000


class BenchmarkError(Exception):
    """The benchmark could not produce trustworthy figures; as such, a store's counts differ from the data."""

    exit_code = 1


class RefusedDatabaseError(BenchmarkError):
    """Neo4j is missing, unreachable, or holds data the project did not create."""

    exit_code = 3


# -- the dataset ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpectedCounts:
    """What a store must hold after the dataset (or a prefix of it) was written."""

    actors: int
    relations: int
    municipalities: int
    located_in: int
    serves: int
    works_on: int

    def as_dict(self) -> dict[str, int]:
        return {
            "actors": self.actors, "relations": self.relations, "municipalities": self.municipalities,
            "located_in": self.located_in, "serves": self.serves, "works_on": self.works_on,
        }


@dataclass(frozen=True)
class Dataset:
    """Generated actors (municipalities first) and ties with unique (source, type, target) keys.

    The ties are *prefix-closed*: tie ``j`` connects actors among roughly the first ``(j + 1) / ties``
    share of the actors, and every actor's seat and served towns are municipalities, which come first. So
    any prefix (:meth:`prefix`) can be written on its own. As in a grown network, early actors (the
    municipalities above all) have many ties and the last ones few or none.
    """

    actors: tuple[Actor, ...]
    relations: tuple[Relation, ...]

    @property
    def rows(self) -> int:
        return len(self.actors) + len(self.relations)

    def batches(self, size: int) -> list[GraphBatch]:
        """Batches of at most ``size`` rows: municipalities, then other actors, then ties (as importers.load)."""
        municipalities = [a for a in self.actors if a.kind == MUNICIPALITY_KIND]
        others = [a for a in self.actors if a.kind != MUNICIPALITY_KIND]
        batches = [
            GraphBatch(actors=tuple(group[i : i + size]))
            for group in (municipalities, others)
            for i in range(0, len(group), size)
        ]
        batches.extend(
            GraphBatch(relations=self.relations[i : i + size]) for i in range(0, len(self.relations), size)
        )
        return batches

    def prefix(self, fraction: float) -> Dataset:
        """The first ``fraction`` of the ties, and the first ``fraction`` of the actors or, when the ties
        need more, every actor up to the last one they name. The result is self-contained."""
        if fraction >= 1:
            return self
        relations = self.relations[: math.ceil(fraction * len(self.relations))]
        position = {a.id: i for i, a in enumerate(self.actors)}
        needed = max((position[x] + 1 for r in relations for x in (r.source, r.target)), default=0)
        actor_count = max(math.ceil(fraction * len(self.actors)), needed)
        return Dataset(self.actors[:actor_count], relations)

    def expected(self) -> ExpectedCounts:
        """The counts a store holds after this dataset was written into it, empty before."""
        return ExpectedCounts(
            actors=len(self.actors),
            relations=len(self.relations),
            municipalities=sum(a.kind == MUNICIPALITY_KIND for a in self.actors),
            located_in=sum(a.municipality is not None for a in self.actors),
            serves=sum(len(a.serves) for a in self.actors),
            works_on=sum(len(a.fields) for a in self.actors),
        )


def max_relations(actors: int, types: int) -> int:
    """The most ties :func:`generate_dataset` accepts: a quarter of all possible keys, so that drawing a
    fresh key at random never takes long."""
    return actors * (actors - 1) * types // 4


def generate_dataset(vocabulary: Vocabulary, actors: int, relations: int, seed: int) -> Dataset:
    """A deterministic dataset: the same arguments give the same records, on every machine.

    About 40 municipality actors come first (fewer for small sizes), then actors of the other kinds, each
    seated in a municipality, serving up to two and working on one or two fields of action; then ties of
    vocabulary types between distinct actors, each (source, type, target) once. Raises ValueError for
    sizes it cannot satisfy.
    """
    types = list(vocabulary.relation_types.ids())
    if actors < 2:
        raise ValueError("At least 2 actors are needed.")
    if relations < 0 or relations > max_relations(actors, len(types)):
        raise ValueError(
            f"{actors} actors take between 0 and {max_relations(actors, len(types))} relations, not {relations}."
        )
    rng = random.Random(seed)
    field_ids = list(vocabulary.fields.ids())
    kinds = [k for k in vocabulary.kinds.ids() if k != MUNICIPALITY_KIND]

    municipality_count = min(MAX_MUNICIPALITIES, max(1, actors // 10))
    municipalities = [
        Actor(
            id=municipality_id_for(f"99{i:06d}"),
            name=f"Benchmark municipality {i}",
            kind=MUNICIPALITY_KIND,
            town=f"Benchmark municipality {i}",
            provenance=PROVENANCE,
            imported_at=IMPORTED_AT,
            properties={
                "ags": f"99{i:06d}",
                "population": rng.randint(2_000, 95_000),
                "population_date": "2023-12-31",
                "lat": round(48.8 + rng.random() * 0.3, 5),
                "lon": round(9.0 + rng.random() * 0.4, 5),
            },
        )
        for i in range(1, municipality_count + 1)
    ]
    others = []
    for i in range(1, actors - municipality_count + 1):
        kind = rng.choice(kinds)
        seat = rng.choice(municipalities)
        properties: dict[str, Any] = {"website": f"https://example.org/benchmark/{i}", "staff": rng.randint(1, 250)}
        if rng.random() < 0.3:
            properties["languages"] = tuple(rng.sample(["ar", "de", "en", "fa", "ru", "tr", "uk"], 2))
        others.append(
            Actor(
                id=f"bench-actor-{i:07d}",
                name=f"{vocabulary.kinds.label(kind, 'de')} {i}",
                kind=kind,
                municipality=seat.id,
                town=seat.town,
                fields=tuple(rng.sample(field_ids, rng.randint(1, min(2, len(field_ids))))),
                serves=tuple(m.id for m in rng.sample(municipalities, rng.randint(0, min(2, municipality_count)))),
                serves_district=rng.random() < 0.05,
                provenance=PROVENANCE,
                imported_at=IMPORTED_AT,
                properties=properties,
            )
        )
    all_actors = (*municipalities, *others)

    ties: list[Relation] = []
    seen: set[tuple[str, str, str]] = set()
    for j in range(relations):
        # Tie j draws its ends from the first `pool` actors: that makes every prefix of the ties
        # self-contained (Dataset.prefix). The pool grows with j so that the whole range is used, and is
        # never smaller than what holds four times as many keys as ties drawn so far.
        pool = min(actors, max(math.ceil(actors * (j + 1) / relations), _pool_for(j + 1, len(types))))
        while True:
            s = rng.randrange(pool)
            t = rng.randrange(pool - 1)
            if t >= s:  # distinct ends, each pair equally likely
                t += 1
            key = (all_actors[s].id, rng.choice(types), all_actors[t].id)
            if key not in seen:
                break
        seen.add(key)
        since = f"{rng.randint(2010, 2024)}-{rng.randint(1, 12):02d}-01" if rng.random() < 0.5 else None
        ties.append(
            Relation(
                source=key[0],
                type=key[1],
                target=key[2],
                fields=tuple(rng.sample(field_ids, rng.randint(0, min(2, len(field_ids))))),
                since=since,
                note="generated tie" if rng.random() < 0.2 else "",
                provenance=PROVENANCE,
                imported_at=IMPORTED_AT,
            )
        )
    return Dataset(all_actors, tuple(ties))


def _pool_for(ties: int, types: int) -> int:
    """The fewest actors (at least 2) whose possible keys, pool·(pool−1)·types, number at least 4·ties."""
    # The root of pool² − pool − 4·ties/types = 0, then corrected for rounding.
    pool = max(2, math.isqrt(4 * ties // types + 1))
    while pool * (pool - 1) * types < 4 * ties:
        pool += 1
    return pool


# -- Neo4j plumbing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Neo4jTarget:
    """Where the Neo4j runs go: the test database, never the one in ``NEO4J_URI``."""

    uri: str
    username: str | None = None
    password: str | None = None
    database: str | None = None

    @classmethod
    def from_env(cls, uri: str | None = None) -> Neo4jTarget:
        """The target from ``uri`` or ``NEO4J_TEST_URI`` (and the ``NEO4J_TEST_*`` credentials).

        Raises :class:`RefusedDatabaseError` when neither names one.
        """
        uri = (uri or os.environ.get("NEO4J_TEST_URI", "")).strip()
        if not uri:
            raise RefusedDatabaseError(
                "No Neo4j to measure: set NEO4J_TEST_URI to an empty test database, or run `make bench`, "
                "which starts a throw-away Neo4j. (NEO4J_URI is never used: it may hold real data.)"
            )
        if not uri.startswith(NEO4J_SCHEMES):
            raise RefusedDatabaseError(
                f"{_redact(uri)} is not a Neo4j Bolt address: it must begin with {', '.join(NEO4J_SCHEMES)}."
            )
        return cls(
            uri=uri,
            username=os.environ.get("NEO4J_TEST_USERNAME") or None,
            password=os.environ.get("NEO4J_TEST_PASSWORD", ""),
            database=os.environ.get("NEO4J_TEST_DATABASE") or None,
        )

    def driver(self) -> neo4j.Driver:
        """A connected driver. Raises :class:`RefusedDatabaseError` when the server does not answer."""
        import neo4j

        auth = (self.username, self.password or "") if self.username else None
        try:
            driver = neo4j.GraphDatabase.driver(self.uri, auth=auth, user_agent="integranet-benchmark")
        except (ValueError, neo4j.exceptions.ConfigurationError) as exc:
            raise RefusedDatabaseError(f"{_redact(self.uri)} is not a Neo4j address: {exc}") from exc
        try:
            driver.verify_connectivity()
        except Exception as exc:
            driver.close()
            raise RefusedDatabaseError(f"Neo4j at {_redact(self.uri)} cannot be reached: {exc}") from exc
        return driver

    def store(self, vocabulary: Vocabulary, batch_size: int) -> GraphStore:
        """The project's Neo4j store on this target."""
        from graph.store.neo4j import Neo4jStore

        return Neo4jStore(
            self.uri, vocabulary, username=self.username, password=self.password, database=self.database,
            batch_size=batch_size,
        )


def _redact(uri: str) -> str:
    from graph.store.neo4j import redact_uri

    return redact_uri(uri)


def claim_database(driver: neo4j.Driver, target: Neo4jTarget) -> None:
    """Make sure the database may be wiped, and mark it as the benchmark's.

    A database may be wiped when it holds no nodes, or carries the test-suite marker or the benchmark's
    marker. Anything else raises :class:`RefusedDatabaseError` and nothing is changed.
    """
    # The marker labels travel as a parameter: a label test in the query text would draw a warning from
    # the server whenever the label does not exist yet.
    record = driver.execute_query(
        "MATCH (n) RETURN count(n) AS total, count(CASE WHEN any(l IN labels(n) WHERE l IN $markers) THEN 1 END)"
        " AS markers",
        markers=list(MARKER_LABELS),
        database_=target.database,
    ).records[0]
    if record["total"] > record["markers"] and not record["markers"]:
        raise RefusedDatabaseError(
            f"Refusing to run: the Neo4j database at {_redact(target.uri)} holds {record['total']} node(s) that "
            f"neither the tests nor this benchmark created (no {TEST_MARKER_LABEL} or {BENCH_MARKER_LABEL} node), "
            "and the benchmark wipes the database. Point NEO4J_TEST_URI at an empty test database."
        )
    driver.execute_query(
        f"MERGE (:{BENCH_MARKER_LABEL} {{created_by: $by}})", by="integranet-benchmark", database_=target.database
    )


def clear_database(driver: neo4j.Driver, target: Neo4jTarget) -> None:
    """Delete every node and relationship except the markers; constraints and indexes stay."""
    query = (
        "MATCH (n) WHERE none(l IN labels(n) WHERE l IN $markers) "
        "WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted"
    )
    # Deleting in bounded transactions keeps the server's transaction state small.
    while driver.execute_query(
        query, markers=list(MARKER_LABELS), limit=_CLEAR_ROWS, database_=target.database
    ).records[0]["deleted"]:
        pass


def neo4j_counts(driver: neo4j.Driver, target: Neo4jTarget, vocabulary: Vocabulary) -> ExpectedCounts:
    """What the Neo4j database holds, counted the same way for both Neo4j runs."""
    by_kind = {
        r["kind"]: r["n"]
        for r in driver.execute_query(
            "MATCH (a:Actor) RETURN a.kind AS kind, count(*) AS n", database_=target.database
        ).records
    }
    by_type = {
        r["type"]: r["n"]
        for r in driver.execute_query(
            "MATCH (:Actor)-[r]->() RETURN type(r) AS type, count(*) AS n", database_=target.database
        ).records
    }
    tie_types = {vocabulary.neo4j_relationship_type(t) for t in vocabulary.relation_types.ids()}
    return ExpectedCounts(
        actors=sum(by_kind.values()),
        relations=sum(n for t, n in by_type.items() if t in tie_types),
        municipalities=by_kind.get(MUNICIPALITY_KIND, 0),
        located_in=by_type.get("LOCATED_IN", 0),
        serves=by_type.get("SERVES", 0),
        works_on=by_type.get("WORKS_ON", 0),
    )


def server_version(driver: neo4j.Driver, target: Neo4jTarget) -> str:
    """The server's product name, version and edition, e.g. ``Neo4j Kernel 5.26.0 community``."""
    records = driver.execute_query(
        "CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition",
        database_=target.database,
    ).records
    return "; ".join(f"{r['name']} {', '.join(r['versions'])} {r['edition']}" for r in records)


# -- the runs ---------------------------------------------------------------------------------------


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _check(run: str, found: ExpectedCounts, expected: ExpectedCounts, fields: Sequence[str]) -> None:
    """Raise BenchmarkError unless ``found`` equals ``expected`` in every one of ``fields``."""
    wrong = [
        f"{name}: {getattr(found, name)} instead of {getattr(expected, name)}"
        for name in fields
        if getattr(found, name) != getattr(expected, name)
    ]
    if wrong:
        raise BenchmarkError(f"{run}: the store does not hold what was written ({'; '.join(wrong)}).")


def _timed_batches(store: GraphStore, batches: Sequence[GraphBatch], label: str) -> float:
    """Write the batches one transaction each; the seconds it took."""
    step = max(1, len(batches) // 10)
    start = time.perf_counter()
    for number, batch in enumerate(batches, start=1):
        store.write(batch)
        if number % step == 0 or number == len(batches):
            _progress(f"  {label}: batch {number}/{len(batches)} ({time.perf_counter() - start:.1f} s)")
    return time.perf_counter() - start


def run_neo4j_batched(
    target: Neo4jTarget, driver: neo4j.Driver, vocabulary: Vocabulary, dataset: Dataset, batch_size: int
) -> float:
    """Write ``dataset`` with the project's Neo4j store into the cleared database; the seconds the writes
    took (schema set-up excluded). Raises BenchmarkError when the counts do not match."""
    clear_database(driver, target)
    store = target.store(vocabulary, batch_size)
    try:
        store.initialise()
        seconds = _timed_batches(store, dataset.batches(batch_size), "Neo4j batched")
        stats = store.stats()
    finally:
        store.close()
    expected = dataset.expected()
    found = ExpectedCounts(stats.actors, stats.relations, stats.municipalities, 0, 0, 0)
    _check("Neo4j batched (store.stats())", found, expected, ("actors", "relations", "municipalities"))
    _check("Neo4j batched", neo4j_counts(driver, target, vocabulary), expected, tuple(expected.as_dict()))
    return seconds


def _actor_props(actor: Actor) -> dict[str, Any]:
    """The node properties the store writes for an actor (tuples become lists for the driver)."""
    props: dict[str, Any] = {k: list(v) if isinstance(v, tuple) else v for k, v in actor.properties.items()}
    props.update(
        id=actor.id, name=actor.name, kind=actor.kind, town=actor.town, serves_district=actor.serves_district,
        provenance=actor.provenance, imported_at=actor.imported_at,
    )
    return props


def _relation_props(rel: Relation) -> dict[str, Any]:
    """The relationship properties the store writes for a tie."""
    props: dict[str, Any] = {k: list(v) if isinstance(v, tuple) else v for k, v in rel.properties.items()}
    props.update(fields=list(rel.fields), note=rel.note, provenance=rel.provenance, imported_at=rel.imported_at)
    if rel.since:
        props["since"] = rel.since
    if rel.until:
        props["until"] = rel.until
    return props


def per_row_statements(vocabulary: Vocabulary, dataset: Dataset) -> list[tuple[str, dict[str, Any]]]:
    """The per-row import as (query, parameters): one MERGE per actor, per structure edge and per tie,
    in the batched run's order (municipalities, other actors, ties)."""
    # Relationship types reach query text only through the vocabulary's check, as in the store.
    tie_queries = {
        t: "MATCH (s:Actor {id: $s}) MATCH (t:Actor {id: $t}) "
        f"MERGE (s)-[r:`{vocabulary.neo4j_relationship_type(t)}`]->(t) SET r += $props"
        for t in vocabulary.relation_types.ids()
    }
    ordered = sorted(dataset.actors, key=lambda a: a.kind != MUNICIPALITY_KIND)  # stable: municipalities first
    statements: list[tuple[str, dict[str, Any]]] = []
    for actor in ordered:
        statements.append(("MERGE (a:Actor {id: $id}) SET a += $props", {"id": actor.id, "props": _actor_props(actor)}))
        if actor.municipality:
            statements.append((
                "MATCH (a:Actor {id: $a}) MATCH (m:Actor {id: $m}) MERGE (a)-[:LOCATED_IN]->(m)",
                {"a": actor.id, "m": actor.municipality},
            ))
        statements.extend(
            ("MATCH (a:Actor {id: $a}) MATCH (m:Actor {id: $m}) MERGE (a)-[:SERVES]->(m)", {"a": actor.id, "m": m})
            for m in actor.serves
        )
        statements.extend(
            ("MATCH (a:Actor {id: $a}) MATCH (f:FieldOfAction {id: $f}) MERGE (a)-[:WORKS_ON]->(f)",
             {"a": actor.id, "f": f})
            for f in actor.fields
        )
    statements.extend(
        (tie_queries[r.type], {"s": r.source, "t": r.target, "props": _relation_props(r)}) for r in dataset.relations
    )
    return statements


def run_neo4j_per_row(
    target: Neo4jTarget, driver: neo4j.Driver, vocabulary: Vocabulary, dataset: Dataset, batch_size: int
) -> tuple[float, int]:
    """Write ``dataset`` one ``execute_query`` per row into the cleared database (schema set up first by the
    store's ``initialise()``, not timed); the seconds and the number of queries. Raises BenchmarkError
    when the counts do not match."""
    clear_database(driver, target)
    store = target.store(vocabulary, batch_size)
    try:
        store.initialise()  # the same constraints, kinds and fields of action as the batched run
    finally:
        store.close()
    statements = per_row_statements(vocabulary, dataset)
    step = max(1, len(statements) // 10)
    start = time.perf_counter()
    for number, (query, params) in enumerate(statements, start=1):
        driver.execute_query(query, params, database_=target.database)
        if number % step == 0:
            _progress(f"  Neo4j per row: query {number}/{len(statements)} ({time.perf_counter() - start:.1f} s)")
    seconds = time.perf_counter() - start
    expected = dataset.expected()
    _check("Neo4j per row", neo4j_counts(driver, target, vocabulary), expected, tuple(expected.as_dict()))
    return seconds, len(statements)


def run_embedded(vocabulary: Vocabulary, dataset: Dataset, batch_size: int) -> float:
    """Write ``dataset`` into a fresh embedded store in a temporary folder (deleted afterwards); the seconds
    the writes took (schema set-up excluded). Raises BenchmarkError when the counts do not match."""
    with tempfile.TemporaryDirectory(prefix="integranet-bench-") as folder:
        store = EmbeddedStore(Path(folder) / "bench.sqlite", vocabulary)
        try:
            store.initialise()
            seconds = _timed_batches(store, dataset.batches(batch_size), "Embedded")
            stats = store.stats()
        finally:
            store.close()
    found = ExpectedCounts(stats.actors, stats.relations, stats.municipalities, 0, 0, 0)
    _check("Embedded (store.stats())", found, dataset.expected(), ("actors", "relations", "municipalities"))
    return seconds


def run_benchmark(
    *,
    actors: int = DEFAULT_ACTORS,
    relations: int = DEFAULT_RELATIONS,
    seed: int = DEFAULT_SEED,
    batch_size: int = DEFAULT_BATCH_SIZE,
    per_row_fraction: float = DEFAULT_PER_ROW_FRACTION,
    target: Neo4jTarget | None = None,
    vocabulary: Vocabulary | None = None,
) -> dict[str, Any]:
    """Run the three imports and return the figures (the JSON object :func:`main` prints).

    Raises :class:`RefusedDatabaseError` (nothing written) when Neo4j is missing or holds foreign data,
    :class:`BenchmarkError` when a store's counts differ from the generated ones, ValueError for sizes the
    generator cannot satisfy. Leaves the Neo4j database empty but for the markers.
    """
    import neo4j

    vocabulary = vocabulary or Vocabulary.load(DATA_DIR / "vocabularies")
    target = target or Neo4jTarget.from_env()
    _progress(f"Generating {actors} actors and {relations} relations (seed {seed}) …")
    dataset = generate_dataset(vocabulary, actors, relations, seed)
    sample = dataset.prefix(per_row_fraction)
    warmup = dataset.prefix(WARMUP_FRACTION)

    driver = target.driver()
    try:
        claim_database(driver, target)
        version = server_version(driver, target)
        _progress(f"Warm-up (not timed): {warmup.rows} rows batched and per row …")
        run_neo4j_batched(target, driver, vocabulary, warmup, batch_size)
        run_neo4j_per_row(target, driver, vocabulary, warmup, batch_size)
        _progress(f"Neo4j batched: {dataset.rows} rows in batches of {batch_size} …")
        batched_s = run_neo4j_batched(target, driver, vocabulary, dataset, batch_size)
        _progress(f"Neo4j per row: {sample.rows} rows ({len(sample.actors)} actors, {len(sample.relations)} "
                  "relations) …")
        per_row_s, per_row_queries = run_neo4j_per_row(target, driver, vocabulary, sample, batch_size)
        clear_database(driver, target)
    finally:
        driver.close()
    _progress(f"Embedded: {dataset.rows} rows in batches of {batch_size} …")
    embedded_s = run_embedded(vocabulary, dataset, batch_size)

    batched_rate = dataset.rows / batched_s
    per_row_rate = sample.rows / per_row_s
    expected = dataset.expected()
    return {
        "benchmark": "import_throughput",
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "actors": len(dataset.actors),
        "relations": len(dataset.relations),
        "municipalities": expected.municipalities,
        "rows": dataset.rows,
        "structure_edges": expected.located_in + expected.serves + expected.works_on,
        "seed": seed,
        "batch_size": batch_size,
        "neo4j_batched_seconds": round(batched_s, 3),
        "neo4j_batched_rows_per_s": round(batched_rate, 1),
        "neo4j_per_row_seconds": round(per_row_s, 3),
        "neo4j_per_row_rows_per_s": round(per_row_rate, 1),
        "neo4j_per_row_fraction": min(per_row_fraction, 1.0),
        "neo4j_per_row_sample_rows": sample.rows,
        "neo4j_per_row_sample_actors": len(sample.actors),
        "neo4j_per_row_sample_relations": len(sample.relations),
        "neo4j_per_row_queries": per_row_queries,
        "neo4j_per_row_ms_per_query": round(1000 * per_row_s / per_row_queries, 3),
        # An extrapolation, labelled as such: what the full dataset would take at the measured rate.
        "neo4j_per_row_estimated_full_seconds": round(dataset.rows / per_row_rate, 1),
        "embedded_seconds": round(embedded_s, 3),
        "embedded_rows_per_s": round(dataset.rows / embedded_s, 1),
        "ratio_batched_over_per_row": round(batched_rate / per_row_rate, 2),
        "counts_verified": True,
        "warmup_rows": warmup.rows,
        "timed": "writes only; each run starts from an empty database with the schema in place, after an "
        "untimed warm-up",
        "neo4j_target": _redact(target.uri),
        "neo4j_server_version": version,
        "neo4j_driver_version": neo4j.__version__,
        "python_version": platform.python_version(),
        "sqlite_version": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "machine_cores": os.cpu_count(),
    }


# -- the command line -------------------------------------------------------------------------------


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _non_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value


def _fraction(text: str) -> float:
    value = float(text)
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"must be more than 0 and at most 1, not {value}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.import_throughput",
        description="Import throughput: Neo4j batched vs Neo4j per row vs the embedded store, on the same "
        "generated data. Neo4j: NEO4J_TEST_URI (scripts/bench.sh starts a throw-away server).",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument("--actors", type=_positive, default=DEFAULT_ACTORS, help="actors to generate (%(default)s)")
    parser.add_argument("--relations", type=_non_negative, default=DEFAULT_RELATIONS,
                        help="relations to generate (%(default)s)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (%(default)s)")
    parser.add_argument("--batch-size", type=_positive, default=DEFAULT_BATCH_SIZE,
                        help="rows per batch for the batched runs (%(default)s)")
    parser.add_argument("--per-row-fraction", type=_fraction, default=DEFAULT_PER_ROW_FRACTION,
                        help="share of the data timed per row; 1 for all of it (%(default)s)")
    parser.add_argument("--neo4j-uri", default=None,
                        help="the Neo4j to measure (default: NEO4J_TEST_URI; NEO4J_URI is never used)")
    return parser


def format_table(result: dict[str, Any]) -> str:
    """The figures as a small table for people."""
    sample = "" if result["neo4j_per_row_fraction"] >= 1 else " (sample)"
    lines = [
        f"Import throughput: {result['actors']:,} actors + {result['relations']:,} relations = "
        f"{result['rows']:,} rows, batches of {result['batch_size']:,}",
        f"{'run':<22}{'rows':>10}{'seconds':>10}{'rows/s':>11}",
        f"{'Neo4j batched':<22}{result['rows']:>10,}{result['neo4j_batched_seconds']:>10.2f}"
        f"{result['neo4j_batched_rows_per_s']:>11,.0f}",
        f"{'Neo4j per row' + sample:<22}{result['neo4j_per_row_sample_rows']:>10,}"
        f"{result['neo4j_per_row_seconds']:>10.2f}{result['neo4j_per_row_rows_per_s']:>11,.0f}",
        f"{'Embedded (SQLite)':<22}{result['rows']:>10,}{result['embedded_seconds']:>10.2f}"
        f"{result['embedded_rows_per_s']:>11,.0f}",
        f"Batched is {result['ratio_batched_over_per_row']}× as fast as per row. Counts verified.",
        f"{result['neo4j_server_version']}; Python {result['python_version']}, driver "
        f"{result['neo4j_driver_version']}; {result['machine_cores']} cores.",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark from command-line arguments; print the JSON object (``--json``) or a table.

    Returns the exit code: 0 measured, 1 a count check failed, 2 wrong usage, 3 Neo4j missing,
    unreachable or refused. Errors go to stderr as one plain line.
    """
    from neo4j.exceptions import DriverError, Neo4jError

    parser = _parser()
    args = parser.parse_args(argv)
    most = max_relations(args.actors, len(Vocabulary.load(DATA_DIR / "vocabularies").relation_types))
    if args.actors < 2 or args.relations > most:
        parser.error(f"{args.actors} actors take at most {most} relations (and at least 2 actors are needed)")
    try:
        result = run_benchmark(
            actors=args.actors, relations=args.relations, seed=args.seed, batch_size=args.batch_size,
            per_row_fraction=args.per_row_fraction, target=Neo4jTarget.from_env(args.neo4j_uri),
        )
    except BenchmarkError as exc:
        print(f"Benchmark failed: {exc}", file=sys.stderr)
        return exc.exit_code
    except StoreError as exc:
        print(f"Benchmark failed: {exc}", file=sys.stderr)
        return exc.exit_code
    except (DriverError, Neo4jError) as exc:
        # The server went away or refused a query midway: the figures would be meaningless.
        print(f"Benchmark failed: Neo4j stopped answering ({type(exc).__name__}: {exc}).", file=sys.stderr)
        return 3
    print(json.dumps(result, indent=2) if args.json else format_table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
