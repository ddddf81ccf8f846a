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

The generated dataset and its expected counts are :mod:`benchmarks.import_dataset`, the Neo4j under
measurement :mod:`benchmarks.import_target`, the timed runs :mod:`benchmarks.import_runs`; this module is the
command line.

Usage: ``python -m benchmarks.import_throughput [--json] [--actors N] [--relations M] [--seed S]``.
Exit codes: 0 measured, 1 a count check failed, 2 wrong usage, 3 Neo4j missing, unreachable or refused.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from benchmarks.import_dataset import (
    DEFAULT_ACTORS,
    DEFAULT_RELATIONS,
    DEFAULT_SEED,
    BenchmarkError,
    Dataset,
    ExpectedCounts,
    generate_dataset,
    max_relations,
)
from benchmarks.import_runs import DEFAULT_BATCH_SIZE, DEFAULT_PER_ROW_FRACTION, run_benchmark
from benchmarks.import_target import Neo4jTarget, RefusedDatabaseError
from graph.errors import StoreError
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR

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
