"""Gap matrix and network analysis: the bundled Ludwigsburg data and a generated state-sized landscape.

Two datasets, each written into a fresh store (writing is setup, timed but not the figure of interest):

1. **Ludwigsburg** — the bundled dataset (39 municipalities), seeded as ``integranet seed`` does.
2. **Landscape** — a state-sized district landscape generated deterministically from ``--seed``
   (:func:`generate_landscape`): ``--municipalities`` towns with coordinates (Baden-Württemberg's extent) and
   populations, ``--actors`` actors in all (the municipalities included) with kinds, fields of action,
   seats, served towns and a few district-wide ones, and ``--ties`` ties, most of them local or to a
   neighbouring town, some to hubs.

For each, on the embedded store:

- ``gap_matrix_seconds``: :meth:`GraphStore.coverage_facts` (aggregated in the database) plus
  :func:`coverage_gaps` — the whole matrix, both languages; the best of ``--repeat`` runs;
- ``analysis_seconds``: reading the network as the analysis needs it (:meth:`GraphStore.tie_counts`, ties
  counted per pair by the store, projected by :func:`actor_network`; ``load_seconds``) plus
  :func:`network_measures`, the full suite (``measures_seconds``), with the home organisation's reach; plus
  each measure alone (``breakdown``).

Each figure is wall-clock time; ``*_cpu_seconds`` is this process's CPU time for the same work, which a
busy machine inflates less (the load average at start and end is recorded too).

On Neo4j (``--neo4j-uri``, default ``NEO4J_TEST_URI``; credentials ``NEO4J_TEST_USERNAME`` /
``NEO4J_TEST_PASSWORD``, database ``NEO4J_TEST_DATABASE``): the same data written, and the gap matrix with
the server-side aggregation, checked to be identical to the embedded store's. ``NEO4J_URI`` is never read.
The database is emptied before each dataset, so a database holding data that carries neither the test
suite's marker nor this benchmark's is refused (exit 3).

Targets (the issue; measured, not asserted): at 1,101 municipalities, 50,000 actors and 250,000 ties the gap
matrix in at most 2 s and the full analysis in at most 60 s.

Usage: ``python -m benchmarks.gaps_analysis [--json] [--municipalities N] [--actors N] [--ties N]
[--seed S] [--repeat R] [--neo4j-uri URI] [--no-neo4j]``. Prints one JSON object with ``--json``, else a
table. Exit codes: 0 measured, 1 the backends disagreed, 2 wrong usage, 3 Neo4j unreachable or refused.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from types import SimpleNamespace
from typing import Any, TypeVar

from benchmarks.gaps_landscape import (
    BATCH_ROWS,
    DEFAULT_ACTORS,
    DEFAULT_MUNICIPALITIES,
    DEFAULT_SEED,
    DEFAULT_TIES,
    Landscape,
    generate_landscape,
)
from graph.analysis.centrality import degree
from graph.analysis.coverage import DEFAULT_EXPECTED_ROLES, CoverageReport, coverage_gaps, load_expected_roles
from graph.analysis.measures import AnalysisSettings, network_measures
from graph.analysis.projection import actor_network, simple_projection
from graph.analysis.structure import brokers, reach
from graph.model.domain import GraphBatch
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR, Settings
from graph.store.base import GraphStore
from graph.store.embedded import EmbeddedStore

__all__ = ["Landscape", "generate_landscape", "main", "run_benchmark"]

DEFAULT_REPEAT = 3
TARGET_GAP_MATRIX_SECONDS = 2.0
TARGET_ANALYSIS_SECONDS = 60.0
#: The test suite's marker (tests/conftest.py) and this benchmark's; either makes a database clearable.
MARKER_LABELS = ("IntegraNetTestMarker", "IntegraNetGapsBenchmark")
T = TypeVar("T")


# -- measuring ------------------------------------------------------------------------------------------------


def _timed(work: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def _timed_cpu(work: Callable[[], T]) -> tuple[float, float, T]:
    """Wall-clock and this process's CPU seconds: on a shared machine the second says more."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def _gap_matrix(store: GraphStore, vocabulary: Vocabulary, roles: Any, repeat: int) -> tuple[dict[str, Any],
                                                                                             CoverageReport]:
    runs = []
    report: CoverageReport | None = None
    for _ in range(repeat):
        facts_s, facts_cpu, facts = _timed_cpu(store.gap_facts)
        model_s, model_cpu, report = _timed_cpu(lambda facts=facts: coverage_gaps(facts, vocabulary, roles))
        runs.append((facts_s + model_s, facts_s, model_s, facts_cpu + model_cpu))
    assert report is not None
    best = min(runs)
    return {"gap_matrix_seconds": round(best[0], 3), "gap_facts_seconds": round(best[1], 3),
            "gap_model_seconds": round(best[2], 3), "gap_matrix_client_cpu_seconds": round(best[3], 3),
            "gap_matrix_runs": [round(r[0], 3) for r in runs],
            "cells": len(report.cells), "gaps": sum(c.gap for c in report.cells),
            "by_status": dict(sorted(Counter(c.status for c in report.cells).items()))}, report


def _analysis(store: GraphStore, home: str, breakdown: bool) -> dict[str, Any]:
    load_s, load_cpu, graph = _timed_cpu(lambda: actor_network(store.tie_counts()))
    settings = AnalysisSettings(home_organisation=home)
    measures_s, measures_cpu, measures = _timed_cpu(lambda: network_measures(graph, settings))
    result: dict[str, Any] = {
        "analysis_seconds": round(load_s + measures_s, 3), "load_seconds": round(load_s, 3),
        "measures_seconds": round(measures_s, 3), "analysis_cpu_seconds": round(load_cpu + measures_cpu, 3),
        "backend": measures.backend,
        "communities_method": measures.communities_method, "betweenness_method": measures.betweenness.method,
        "closeness_method": measures.closeness.method, "communities": len(measures.communities),
        "articulation_points": len(measures.articulation_points), "bridges": len(measures.bridges),
        "isolates": len(measures.isolates), "brokers": len(measures.brokers),
        "out_of_reach": len(measures.reach.out_of_reach) if measures.reach else None,
    }
    if breakdown:
        result["breakdown_seconds"] = _breakdown(graph, settings, measures.backend == "igraph")
    return result


def _breakdown(graph: Any, s: AnalysisSettings, compiled: bool) -> dict[str, float]:
    from graph.analysis import centrality, engine, structure

    times: dict[str, float] = {}
    times["projection"], g = _timed(lambda: simple_projection(graph))
    target: Any = g
    if compiled:
        times["compile"], target = _timed(lambda: engine.compile_graph(g))
    # Each step in the engine network_measures used, whatever the size.
    chosen = "igraph" if compiled else "networkx"
    impl = SimpleNamespace(**{n: partial(getattr(module, n), engine=chosen) for module, names in (
        (centrality, ("betweenness", "closeness", "pagerank")),
        (structure, ("communities", "articulation_points", "bridges", "fragments"))) for n in names})
    steps: dict[str, Callable[[], object]] = {
        "betweenness": lambda: impl.betweenness(target, exact_limit=s.exact_limit, sample_size=s.sample_size,
                                                seed=s.seed),
        "closeness": lambda: impl.closeness(target, exact_limit=s.exact_limit, sample_size=s.sample_size,
                                            seed=s.seed),
        "pagerank": lambda: impl.pagerank(target),
        "communities": lambda: impl.communities(target, seed=s.seed, resolution=s.resolution),
        "articulation_points": lambda: impl.articulation_points(target),
        "bridges": lambda: impl.bridges(target),
        "fragments": lambda: impl.fragments(target),
        "degree": lambda: degree(g),
        "brokers": lambda: brokers(g, threshold=s.broker_threshold, min_pairs=s.broker_min_pairs),
        "reach": lambda: reach(g, s.home_organisation),
    }
    for name, step in steps.items():
        times[name] = _timed(step)[0]
    return {name: round(seconds, 3) for name, seconds in times.items()}


def _write(store: GraphStore, batches: Sequence[GraphBatch]) -> float:
    store.initialise()
    return _timed(lambda: [store.write(b) for b in batches])[0]


def run_benchmark(*, municipalities: int, actors: int, ties: int, seed: int, repeat: int,
                  neo4j_uri: str | None, breakdown: bool = True, knowledge: bool = True) -> dict[str, Any]:
    """Measure both datasets; raises :class:`MismatchError` when Neo4j's gap matrix differs from the embedded."""
    from importers.seed import seed as seed_dataset

    vocabulary = Vocabulary.load(DATA_DIR / "vocabularies")
    roles = load_expected_roles(DEFAULT_EXPECTED_ROLES, vocabulary)
    home = Settings.from_env({}).home_organisation
    result: dict[str, Any] = _environment(neo4j_uri)
    result["targets"] = {"gap_matrix_seconds": TARGET_GAP_MATRIX_SECONDS,
                         "analysis_seconds": TARGET_ANALYSIS_SECONDS}

    generate_s, landscape = _timed(lambda: generate_landscape(vocabulary, municipalities, actors, ties, seed,
                                                                        knowledge=knowledge))
    datasets: list[tuple[str, Callable[[GraphStore], float], str, dict[str, Any]]] = [
        ("ludwigsburg", lambda store: _timed(lambda: seed_dataset(store, vocabulary, DATA_DIR / "ludwigsburg"))[0],
         home, {}),
        ("landscape", lambda store: _write(store, landscape.batches()), landscape.home,
         {"municipalities": municipalities, "actors": actors, "ties": ties, "seed": seed,
          "knowledge": knowledge, "generate_seconds": round(generate_s, 3)}),
    ]
    with tempfile.TemporaryDirectory(prefix="integranet-gaps-bench-") as folder:
        for name, write, home_id, info in datasets:
            entry = dict(info)
            with EmbeddedStore(Path(folder) / f"{name}.sqlite", vocabulary) as store:
                written = write(store)
                counts = store.stats()
                entry.update(municipalities=counts.municipalities, actors=counts.actors, ties=counts.relations,
                             nodes=sum(n for t, n in counts.by_node_type.items()
                                       if t not in ("Actor", "FieldOfAction")),
                             links=counts.links)
                gap, embedded_report = _gap_matrix(store, vocabulary, roles, repeat)
                entry["embedded"] = {"write_seconds": round(written, 3), **gap,
                                     **_analysis(store, home_id, breakdown)}
            entry["neo4j"] = None
            if neo4j_uri:
                with _neo4j_store(neo4j_uri, vocabulary) as store:
                    written = write(store)
                    gap, neo4j_report = _gap_matrix(store, vocabulary, roles, repeat)
                    identical = neo4j_report == embedded_report
                    entry["neo4j"] = {"write_seconds": round(written, 3), **gap, "identical_to_embedded": identical}
                    if not identical:
                        raise MismatchError(f"{name}: the gap matrix on Neo4j differs from the embedded store's.")
            result[name] = entry
    result["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    return result


class MismatchError(Exception):
    """The backends computed different gap matrices."""


class RefusedError(Exception):
    """Neo4j is unreachable or holds data this benchmark must not delete."""


@contextmanager
def _neo4j_store(uri: str, vocabulary: Vocabulary) -> Iterator[GraphStore]:
    """A Neo4j store on an emptied database, emptied again afterwards.

    Refuses a database holding data that carries neither marker. Emptying goes in batches: deleting a
    state-sized landscape in one transaction overwhelms a test server's small heap (and so would the test
    suite's own clean-up, were the data left behind).
    """
    import neo4j

    from graph.store.neo4j import Neo4jStore

    user = os.environ.get("NEO4J_TEST_USERNAME")
    auth = (user, os.environ.get("NEO4J_TEST_PASSWORD", "")) if user else None
    database = os.environ.get("NEO4J_TEST_DATABASE") or None
    try:
        # The marker labels do not exist in a fresh database; that is expected, not worth a warning.
        with neo4j.GraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF") as driver:
            driver.verify_connectivity()
            marked = driver.execute_query(
                "MATCH (m) WHERE m:IntegraNetTestMarker OR m:IntegraNetGapsBenchmark RETURN count(m) AS n",
                database_=database).records[0]["n"]
            other = driver.execute_query(
                "MATCH (n) WHERE NOT (n:IntegraNetTestMarker OR n:IntegraNetGapsBenchmark) RETURN count(n) AS n",
                database_=database).records[0]["n"]
            if other and not marked:
                raise RefusedError(f"Refusing: the Neo4j database at {uri} holds {other} nodes this benchmark did not "
                                   "create. Point NEO4J_TEST_URI at an empty test database.")
            driver.execute_query("MERGE (:IntegraNetGapsBenchmark {created_by: 'benchmarks.gaps_analysis'})",
                                 database_=database)
            _empty(driver, database)
    except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.AuthError, OSError) as exc:
        raise RefusedError(f"Neo4j at {uri} is not reachable: {exc}") from exc
    store = Neo4jStore(uri, vocabulary, username=user, password=auth[1] if auth else None, database=database,
                       batch_size=BATCH_ROWS)
    try:
        yield store
    finally:
        store.close()
        with neo4j.GraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF") as driver:
            _empty(driver, database)


def _empty(driver: Any, database: str | None) -> None:
    """Delete everything but the markers, 5,000 nodes per transaction."""
    with driver.session(database=database) as session:
        session.run(
            "MATCH (n) WHERE NOT (n:IntegraNetTestMarker OR n:IntegraNetGapsBenchmark) "
            "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS"
        ).consume()


def _environment(neo4j_uri: str | None) -> dict[str, Any]:
    import igraph
    import networkx

    return {
        "benchmark": "gaps_analysis",
        "measured_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "python_version": platform.python_version(),
        "networkx_version": networkx.__version__,
        "igraph_version": igraph.__version__,
        "machine_cores": os.cpu_count() or 1,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "calibration_loop_seconds": _calibration(),
        "neo4j": bool(neo4j_uri),
    }


def _calibration() -> dict[str, float]:
    """A fixed pure-Python loop (5 million additions): how fast this machine runs Python right now.

    Compare runs by it: when the loop took twice as long, so did the pure-Python parts of the figures
    (a machine shared with other work is slower by that factor).
    """
    wall, cpu, _ = _timed_cpu(lambda: sum(i for i in range(5_000_000)))
    return {"wall": round(wall, 3), "cpu": round(cpu, 3)}


def _table(result: dict[str, Any]) -> str:
    lines = [f"Gap matrix and analysis ({result['machine_cores']} cores, load average "
             f"{result['load_average_at_start'][0]}, calibration loop {result['calibration_loop_seconds']['wall']} s; "
             f"targets: gap matrix ≤ {TARGET_GAP_MATRIX_SECONDS:g} s, analysis ≤ {TARGET_ANALYSIS_SECONDS:g} s)"]
    for name in ("ludwigsburg", "landscape"):
        entry = result[name]
        lines.append(f"\n{name}: {entry['municipalities']} municipalities, {entry['actors']} actors, "
                     f"{entry['ties']} ties, {entry['nodes']} other nodes, {entry['links']} links")
        e = entry["embedded"]
        lines.append(f"  embedded: gap matrix {e['gap_matrix_seconds']} s ({e['cells']} cells), analysis "
                     f"{e['analysis_seconds']} s (load {e['load_seconds']} s, measures {e['measures_seconds']} s, "
                     f"{e['backend']}); write {e['write_seconds']} s")
        if "breakdown_seconds" in e:
            lines.append("    " + ", ".join(f"{k} {v}" for k, v in e["breakdown_seconds"].items()))
        if entry["neo4j"]:
            n = entry["neo4j"]
            lines.append(f"  neo4j:    gap matrix {n['gap_matrix_seconds']} s (server-side facts "
                         f"{n['gap_facts_seconds']} s), identical: {n['identical_to_embedded']}; write "
                         f"{n['write_seconds']} s")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; print one JSON object (``--json``) or a table. Returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.gaps_analysis", description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--municipalities", type=int, default=DEFAULT_MUNICIPALITIES)
    parser.add_argument("--actors", type=int, default=DEFAULT_ACTORS, help="every actor, municipalities included")
    parser.add_argument("--ties", type=int, default=DEFAULT_TIES)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT, help="gap matrix runs; the best counts")
    parser.add_argument("--neo4j-uri", default=None, help="default: NEO4J_TEST_URI")
    parser.add_argument("--no-neo4j", action="store_true", help="measure the embedded store only")
    parser.add_argument("--no-breakdown", action="store_true", help="skip timing each measure alone")
    parser.add_argument("--no-knowledge", action="store_true",
                        help="actors and ties only, without offers, formats, events and figures")
    args = parser.parse_args(argv)
    if args.municipalities < 1 or args.actors <= args.municipalities or args.ties < 0 or args.repeat < 1:
        parser.error("need --municipalities ≥ 1, --actors > --municipalities, --ties ≥ 0 and --repeat ≥ 1")
    uri = None if args.no_neo4j else (args.neo4j_uri or os.environ.get("NEO4J_TEST_URI", "").strip() or None)
    try:
        result = run_benchmark(municipalities=args.municipalities, actors=args.actors, ties=args.ties,
                               seed=args.seed, repeat=args.repeat, neo4j_uri=uri, breakdown=not args.no_breakdown,
                               knowledge=not args.no_knowledge)
    except RefusedError as exc:
        print(exc, file=sys.stderr)
        return 3
    except MismatchError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(json.dumps(result, ensure_ascii=False) if args.json else _table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
