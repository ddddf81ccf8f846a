"""Helpers that test modules in several folders share: plain functions and data, never fixtures.

Fixtures live in ``tests/conftest.py`` (shared by every folder) or in a folder's own ``conftest.py``; a test
module imports nothing from another test module or from a conftest, only from here. What is here:

- the command line run in-process (:func:`run`, :func:`stats`);
- the Neo4j test database: credentials, clearing it, opening a store on it (:func:`neo4j_auth`,
  :func:`neo4j_database`, :func:`clear_neo4j`, :func:`open_neo4j`);
- small named graphs: Krackhardt's kite (:data:`KITE_NAMES`, :func:`kite_subgraph`, :func:`plain_actor`) and
  a seeded random network (:func:`random_subgraph`);
- the types of the importer tests' file-writing fixtures (:data:`WriteFile`, :data:`WriteWorkbook`);
- waiting for a server process to say that it is ready (:class:`ServerOutput`).
"""

from __future__ import annotations

import json
import os
import random
import re
import socket
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from click.testing import CliRunner

from graph.model.domain import Actor, Relation, Subgraph
from graph.model.vocabulary import Vocabulary
from graph.store.base import GraphStore

__all__ = [
    "KITE_NAMES",
    "KITE_TIES",
    "MARKER_LABEL",
    "STREAMLIT_READY",
    "ServerOutput",
    "WriteFile",
    "WriteWorkbook",
    "clear_neo4j",
    "kite_subgraph",
    "neo4j_auth",
    "neo4j_database",
    "open_neo4j",
    "plain_actor",
    "random_subgraph",
    "run",
    "stats",
]

# -- the command line -------------------------------------------------------------------------------------


def run(*args: str) -> tuple[int, str, str]:
    """``integranet ARGS`` run in this process: its exit code, standard output and standard error."""
    from integranet.cli import cli

    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def stats(store: str) -> dict[str, object]:
    """``integranet --store STORE stats --json`` as a dict; fails the test when the command fails."""
    code, out, err = run("--store", store, "stats", "--json")
    assert code == 0, err
    return json.loads(out)


# -- the Neo4j test database ------------------------------------------------------------------------------

#: The label of the one node the suite leaves in a test database: a database with other nodes and without
#: it holds data the tests did not create, and the suite refuses it.
MARKER_LABEL = "IntegraNetTestMarker"


def neo4j_auth() -> tuple[str, str] | None:
    """Credentials for the test database: NEO4J_TEST_USERNAME / NEO4J_TEST_PASSWORD, else none."""
    user = os.environ.get("NEO4J_TEST_USERNAME")
    return (user, os.environ.get("NEO4J_TEST_PASSWORD", "")) if user else None


def neo4j_database() -> str | None:
    """The test database's name (NEO4J_TEST_DATABASE), or None for the server's default database."""
    return os.environ.get("NEO4J_TEST_DATABASE") or None


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


def open_neo4j(uri: str, vocabulary: Vocabulary) -> GraphStore:
    """A Neo4j store on the test database at ``uri``, with the test credentials."""
    from graph.store.neo4j import Neo4jStore

    auth = neo4j_auth()
    return Neo4jStore(
        uri, vocabulary, username=auth[0] if auth else None, password=auth[1] if auth else None,
        database=neo4j_database(),
    )


# -- small named graphs -----------------------------------------------------------------------------------

#: Krackhardt's kite, in the node order of networkx's krackhardt_kite_graph.
KITE_NAMES = ["andre", "beverly", "carol", "diane", "ed", "fernando", "garth", "heather", "ike", "jane"]
KITE_TIES = [
    ("andre", "beverly"), ("andre", "diane"), ("andre", "fernando"), ("beverly", "diane"), ("beverly", "ed"),
    ("beverly", "garth"), ("carol", "andre"), ("carol", "diane"), ("carol", "fernando"), ("diane", "ed"),
    ("diane", "fernando"), ("diane", "garth"), ("ed", "garth"), ("fernando", "garth"), ("fernando", "heather"),
    ("garth", "heather"), ("heather", "ike"), ("ike", "jane"),
]


def plain_actor(actor_id: str, fields: tuple[str, ...] = ()) -> Actor:
    """An actor of kind ``other`` named after its id (``"ed"`` → ``"Ed"``), working on ``fields``."""
    return Actor(id=actor_id, name=actor_id.title(), kind="other", fields=fields)


def kite_subgraph(extra: tuple[Actor, ...] = ()) -> Subgraph:
    """The kite as actors and ties: 18 ``cooperates_with`` ties plus Diane funding Andre (a pair with two
    ties, so weight 2), and the ``extra`` actors without ties."""
    relations = [Relation(u, "cooperates_with", v) for u, v in KITE_TIES]
    relations.append(Relation("diane", "funds", "andre"))  # a second tie between one pair: weight 2
    return Subgraph(tuple(plain_actor(a) for a in KITE_NAMES) + extra, tuple(relations))


def random_subgraph(seed: int = 0, count: int = 30) -> Subgraph:
    """``count`` actors ``a00``, ``a01``, ... and about ``2 * count`` random funds/advises ties, the same for
    the same ``seed`` in every process (self-ties included, duplicates merged, ties sorted by key)."""
    rng = random.Random(seed)
    actors = tuple(Actor(f"a{i:02d}", f"Actor {i}", "other") for i in range(count))
    relations = {
        Relation(f"a{rng.randrange(count):02d}", rng.choice(["funds", "advises"]), f"a{rng.randrange(count):02d}")
        for _ in range(count * 2)
    }
    return Subgraph(actors, tuple(sorted(relations, key=lambda r: r.key)))


# -- input files ------------------------------------------------------------------------------------------

#: ``write_file(name, data)`` (a fixture of tests/importers): writes a file into the test's folder, its path.
WriteFile = Callable[[str, str | bytes], Path]
#: ``write_workbook(name, {sheet: rows})`` (a fixture of tests/importers): saves an XLSX workbook, its path.
WriteWorkbook = Callable[[str, Mapping[str, Sequence[Sequence[object]]]], Path]


# -- server processes -------------------------------------------------------------------------------------

#: The line Streamlit prints once its server listens (``streamlit run``, and so ``integranet dashboard``).
ROOT = Path(__file__).resolve().parents[1]
STREAMLIT_READY = "You can now view your Streamlit app in your browser"


class ServerOutput:
    """A server process's output, read line by line by a thread (so the pipe never fills up and blocks the
    server), copied to ``log`` when one is given, and waited on for a line that says the server is ready.

    The process must have been started with ``stdout=subprocess.PIPE`` (and ``stderr=subprocess.STDOUT``
    to see its errors too).
    """

    def __init__(self, process: subprocess.Popen[bytes], log: Path | None = None) -> None:
        if process.stdout is None:
            raise ValueError("start the process with stdout=subprocess.PIPE")
        self._lines: list[str] = []
        self._changed = threading.Condition()
        self._ended = False
        self._thread = threading.Thread(target=self._read, args=(process.stdout, log), daemon=True)
        self._thread.start()

    def _read(self, stream: IO[bytes], log: Path | None) -> None:
        sink = log.open("wb") if log else None
        try:
            for raw in iter(stream.readline, b""):
                if sink:
                    sink.write(raw)
                    sink.flush()
                with self._changed:
                    self._lines.append(raw.decode("utf-8", errors="replace").rstrip("\r\n"))
                    self._changed.notify_all()
        finally:
            if sink:
                sink.close()
            with self._changed:
                self._ended = True
                self._changed.notify_all()

    def wait_for_line(self, pattern: str, timeout: float) -> bool:
        """True as soon as a line matching the regular expression ``pattern`` has been printed; False when
        the output ends (the process exited) or ``timeout`` seconds pass without one."""
        wanted = re.compile(pattern)
        with self._changed:
            found = self._changed.wait_for(
                lambda: self._ended or any(wanted.search(line) for line in self._lines), timeout=timeout
            )
            return bool(found) and any(wanted.search(line) for line in self._lines)

    def text(self) -> str:
        """Everything printed so far."""
        with self._changed:
            return "\n".join(self._lines)


def free_port() -> int:
    """A loopback port that is free now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_dashboard(store_path: Path, folder: Path, port: int | None = None,
                      env_extra: dict[str, str] | None = None) -> Iterator[str]:
    """The real dashboard (``streamlit run dashboard/app.py``) on a free loopback port (or ``port``) over
    ``store_path``, started in ``folder`` (so a ``.streamlit/secrets.toml`` there is its secrets file), with
    ``env_extra`` in its environment; yields its URL once it answers its health check, and stops it afterwards."""
    port = port or free_port()
    env = {**os.environ, "INTEGRANET_STORE": str(store_path), **(env_extra or {})}
    env.pop("INTEGRANET_HOME_ORGANISATION", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    output = ServerOutput(server)
    url = f"http://127.0.0.1:{port}"
    try:
        if not output.wait_for_line(STREAMLIT_READY, timeout=60):
            raise RuntimeError(f"the dashboard did not start: {output.text()}")
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as response:
            assert response.status == 200
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
