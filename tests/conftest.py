"""Shared fixtures: real stores only — the embedded SQLite store and a real Neo4j server.

Neo4j: ``make test`` starts the test server and sets ``NEO4J_TEST_URI``; ``NEO4J_URI`` is never read here
(it may point at real data). Without ``NEO4J_TEST_URI`` the ``neo4j`` tests skip, or fail when
``REQUIRE_NEO4J=1``. The suite refuses a database that holds data it did not create.

``bundled_store_file`` is one embedded store seeded with the bundled data for the whole session.

Fixtures only one folder needs live in that folder's ``conftest.py`` (the dashboard's Streamlit caches and
store setting, the browser); plain helpers that modules share (the in-process command line, the Neo4j test
credentials, small named graphs) live in ``tests/support.py``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.store.base import GraphStore
from graph.store.embedded import EmbeddedStore
from importers.seed import seed
from tests.support import MARKER_LABEL, clear_neo4j, neo4j_auth, neo4j_database, open_neo4j


@pytest.fixture(scope="session")
def vocabulary() -> Vocabulary:
    return Vocabulary.load(DATA_DIR / "vocabularies")


def _require_neo4j() -> bool:
    return os.environ.get("REQUIRE_NEO4J", "").strip() in {"1", "true", "yes"}


def _neo4j_missing(reason: str) -> None:
    if _require_neo4j():
        pytest.fail(f"{reason} (REQUIRE_NEO4J=1, so this fails instead of skipping)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def neo4j_uri() -> str:
    """The URI of a Neo4j the tests may use, checked to hold nothing but test data."""
    uri = os.environ.get("NEO4J_TEST_URI", "").strip()
    if not uri:
        _neo4j_missing("NEO4J_TEST_URI is not set; `make test` starts a test server and sets it")
    import neo4j

    try:
        with neo4j.GraphDatabase.driver(uri, auth=neo4j_auth()) as driver:
            driver.verify_connectivity()
            db = neo4j_database()
            foreign = driver.execute_query(
                f"MATCH (n) WHERE NOT n:{MARKER_LABEL} RETURN count(n) AS n", database_=db
            ).records[0]["n"]
            marked = driver.execute_query(
                f"MATCH (m:{MARKER_LABEL}) RETURN count(m) AS n", database_=db
            ).records[0]["n"]
            if foreign and not marked:
                pytest.exit(
                    f"Refusing to run: the Neo4j database at {uri} holds {foreign} nodes that these tests did not "
                    "create. Point NEO4J_TEST_URI at an empty test database.",
                    returncode=3,
                )
            driver.execute_query(f"MERGE (:{MARKER_LABEL} {{created_by: 'integranet-tests'}})", database_=db)
    except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.AuthError, OSError) as exc:
        _neo4j_missing(f"Neo4j at {uri} is not reachable: {exc}")
    return uri


@pytest.fixture
def neo4j_store_uri(neo4j_uri: str) -> Iterator[str]:
    """A cleared test database's URI; cleared again afterwards."""
    clear_neo4j(neo4j_uri)
    yield neo4j_uri
    clear_neo4j(neo4j_uri)


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest, vocabulary: Vocabulary, tmp_path: Path) -> Iterator[GraphStore]:
    """An empty, initialised store of each backend."""
    if request.param == "embedded":
        opened: GraphStore = EmbeddedStore(tmp_path / "store.sqlite", vocabulary)
    else:
        opened = open_neo4j(request.getfixturevalue("neo4j_store_uri"), vocabulary)
    opened.initialise()
    yield opened
    opened.close()


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a command-line test's store lives: a fresh embedded path or the cleared test Neo4j."""
    if request.param == "embedded":
        return str(tmp_path / "cli-store.sqlite")
    return request.getfixturevalue("neo4j_store_uri")


@pytest.fixture(scope="session")
def bundled_store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An embedded store seeded once with the bundled Ludwigsburg data, shared by the whole session.

    Tests only read it; a test that writes works on its own copy.
    """
    path = tmp_path_factory.mktemp("bundled") / "bundled.sqlite"
    vocabulary = Vocabulary.load(DATA_DIR / "vocabularies")
    with EmbeddedStore(path, vocabulary) as store:
        store.initialise()
        seed(store, vocabulary, DATA_DIR / "ludwigsburg")
    return path
