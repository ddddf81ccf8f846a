"""The Neo4j the import benchmark measures: where it is (never ``NEO4J_URI``), claiming it, clearing it, and
counting what it holds.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from benchmarks.import_dataset import BenchmarkError, ExpectedCounts
from graph.model.vocabulary import MUNICIPALITY_KIND, Vocabulary
from graph.settings import NEO4J_SCHEMES
from graph.store.base import GraphStore

if TYPE_CHECKING:
    import neo4j

__all__ = [
    "Neo4jTarget",
    "RefusedDatabaseError",
    "claim_database",
    "clear_database",
    "neo4j_counts",
    "redact",
    "server_version",
]

#: The test suite's marker (tests/conftest.py): a database carrying it was created by the project.
TEST_MARKER_LABEL = "IntegraNetTestMarker"
#: The benchmark's own marker; it survives every clear, so a database once claimed stays claimable.
BENCH_MARKER_LABEL = "IntegraNetBenchmark"
MARKER_LABELS = (TEST_MARKER_LABEL, BENCH_MARKER_LABEL)
# Rows deleted per transaction when clearing: small enough for the test server's 1 GB heap.
_CLEAR_ROWS = 5000


class RefusedDatabaseError(BenchmarkError):
    """Neo4j is missing, unreachable, or holds data the project did not create."""

    exit_code = 3


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
                f"{redact(uri)} is not a Neo4j Bolt address: it must begin with {', '.join(NEO4J_SCHEMES)}."
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
            raise RefusedDatabaseError(f"{redact(self.uri)} is not a Neo4j address: {exc}") from exc
        try:
            driver.verify_connectivity()
        except Exception as exc:
            driver.close()
            raise RefusedDatabaseError(f"Neo4j at {redact(self.uri)} cannot be reached: {exc}") from exc
        return driver

    def store(self, vocabulary: Vocabulary, batch_size: int) -> GraphStore:
        """The project's Neo4j store on this target."""
        from graph.store.neo4j import Neo4jStore

        return Neo4jStore(
            self.uri, vocabulary, username=self.username, password=self.password, database=self.database,
            batch_size=batch_size,
        )


def redact(uri: str) -> str:
    """``uri`` as it may be shown: without credentials (the store's own rule)."""
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
            f"Refusing to run: the Neo4j database at {redact(target.uri)} holds {record['total']} node(s) that "
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
