"""Shared fixtures: real stores only — the embedded SQLite store and a real Neo4j server.

Neo4j: ``make test`` starts the test server and sets ``NEO4J_TEST_URI``; ``NEO4J_URI`` is never read here
(it may point at real data). Without ``NEO4J_TEST_URI`` the ``neo4j`` tests skip, or fail when
``REQUIRE_NEO4J=1``. The suite refuses a database that holds data it did not create.

The dashboard tests share the Streamlit cache reset and one store seeded with the bundled data; the browser
tests share one headless Chromium per module (``/usr/bin/chromium``; without it they skip, or fail when
``REQUIRE_BROWSER=1``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.store.base import GraphStore
from graph.store.embedded import EmbeddedStore
from importers.seed import seed

MARKER_LABEL = "IntegraNetTestMarker"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def vocabulary() -> Vocabulary:
    return Vocabulary.load(DATA_DIR / "vocabularies")


def _require_neo4j() -> bool:
    return os.environ.get("REQUIRE_NEO4J", "").strip() in {"1", "true", "yes"}


def _neo4j_missing(reason: str) -> None:
    if _require_neo4j():
        pytest.fail(f"{reason} (REQUIRE_NEO4J=1, so this fails instead of skipping)")
    pytest.skip(reason)


def neo4j_auth() -> tuple[str, str] | None:
    """Credentials for the test database: NEO4J_TEST_USERNAME / NEO4J_TEST_PASSWORD, else none."""
    user = os.environ.get("NEO4J_TEST_USERNAME")
    return (user, os.environ.get("NEO4J_TEST_PASSWORD", "")) if user else None


def neo4j_database() -> str | None:
    return os.environ.get("NEO4J_TEST_DATABASE") or None


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


def clear_neo4j(uri: str) -> None:
    """Remove everything the tests wrote (all but the marker); constraints stay."""
    import neo4j

    with neo4j.GraphDatabase.driver(uri, auth=neo4j_auth()) as driver, driver.session(
        database=neo4j_database()
    ) as session:
        # In batches (an auto-commit query): one transaction over a large leftover graph exhausts the test
        # server's heap.
        session.run(
            f"MATCH (n) WHERE NOT n:{MARKER_LABEL} CALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS OF 10000 ROWS"
        ).consume()


@pytest.fixture
def neo4j_store_uri(neo4j_uri: str) -> Iterator[str]:
    """A cleared test database's URI; cleared again afterwards."""
    clear_neo4j(neo4j_uri)
    yield neo4j_uri
    clear_neo4j(neo4j_uri)


def open_neo4j(uri: str, vocabulary: Vocabulary) -> GraphStore:
    from graph.store.neo4j import Neo4jStore

    auth = neo4j_auth()
    return Neo4jStore(
        uri, vocabulary, username=auth[0] if auth else None, password=auth[1] if auth else None,
        database=neo4j_database(),
    )


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


@pytest.fixture
def fresh_caches() -> Iterator[None]:
    """Streamlit's caches live in the process; every test starts without them.

    The dashboard test modules use it for every test (``pytestmark = pytest.mark.usefixtures("fresh_caches")``).
    """
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


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


@pytest.fixture
def bundled_store(bundled_store_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shared seeded store as ``INTEGRANET_STORE``, with no home organisation set (read only)."""
    monkeypatch.setenv("INTEGRANET_STORE", str(bundled_store_file))
    monkeypatch.delenv("INTEGRANET_HOME_ORGANISATION", raising=False)
    return bundled_store_file


def _require_browser() -> bool:
    return os.environ.get("REQUIRE_BROWSER", "").strip() in {"1", "true", "yes"}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium, launched once per module; skips without it, or fails when ``REQUIRE_BROWSER=1``."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (install it with: apt-get install chromium)"
        if _require_browser():
            pytest.fail(f"{reason}; REQUIRE_BROWSER=1, so this fails instead of skipping")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()
