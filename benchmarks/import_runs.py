"""The three timed imports of the import benchmark — Neo4j batched, Neo4j per row, embedded — and
:func:`run_benchmark`, which runs them on one generated dataset and returns the figures. Each run checks
what the store holds afterwards.
"""

from __future__ import annotations

import os
import platform
import sqlite3
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.import_dataset import (
    DEFAULT_ACTORS,
    DEFAULT_RELATIONS,
    DEFAULT_SEED,
    Dataset,
    ExpectedCounts,
    check_counts,
    generate_dataset,
)
from benchmarks.import_target import Neo4jTarget, claim_database, clear_database, neo4j_counts, redact, server_version
from graph.model.domain import Actor, GraphBatch, Relation
from graph.model.vocabulary import MUNICIPALITY_KIND, Vocabulary
from graph.settings import DATA_DIR
from graph.store.base import GraphStore
from graph.store.embedded import EmbeddedStore

if TYPE_CHECKING:
    import neo4j

__all__ = [
    "per_row_statements",
    "run_benchmark",
    "run_embedded",
    "run_neo4j_batched",
    "run_neo4j_per_row",
]

DEFAULT_BATCH_SIZE = 1000
#: Per row costs several milliseconds a query here; 10 % keeps the default run around a minute for it.
DEFAULT_PER_ROW_FRACTION = 0.1
#: Share of the data written both ways, untimed, before the measured runs: the server compiles its query
#: plans and JIT-compiles its code then, not during whichever run comes first.
WARMUP_FRACTION = 0.01


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


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
    check_counts("Neo4j batched (store.stats())", found, expected, ("actors", "relations", "municipalities"))
    check_counts("Neo4j batched", neo4j_counts(driver, target, vocabulary), expected, tuple(expected.as_dict()))
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
    check_counts("Neo4j per row", neo4j_counts(driver, target, vocabulary), expected, tuple(expected.as_dict()))
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
    check_counts("Embedded (store.stats())", found, dataset.expected(), ("actors", "relations", "municipalities"))
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
        "neo4j_target": redact(target.uri),
        "neo4j_server_version": version,
        "neo4j_driver_version": neo4j.__version__,
        "python_version": platform.python_version(),
        "sqlite_version": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "machine_cores": os.cpu_count(),
    }
