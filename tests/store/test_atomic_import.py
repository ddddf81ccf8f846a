"""An import is all or nothing: ``kill -9`` at any moment leaves the store exactly as before or exactly as after.

Each case imports a generated pair of files (20,000 actors, 60,000 ties) with the real command line in a
subprocess, into a store that already holds a small earlier import, and kills the process with SIGKILL at a
given moment. The store then holds either exactly what it held before (content and import log) or the whole
import, never a part of it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import NamedTuple

import pytest

from graph.model.domain import Stats
from graph.settings import Settings
from graph.store import open_store
from graph.store.base import GraphStore
from tests.support import clear_neo4j, neo4j_auth, neo4j_database

ACTORS = 20_000
TIES = 60_000
KINDS = ("course_provider", "education", "welfare_organisation", "district_office")
FIELDS = ("language_education", "work_training", "housing_living_together", "culture_leisure_sport")
TIE_TYPES = ("cooperates_with", "advises")
#: Seconds after the start at which the import is killed (it reads and checks the files for about 4 s first).
KILL_AFTER = (0.5, 2.0, 4.0)
INTEGRANET = Path(sys.executable).with_name("integranet")

EARLIER_ACTORS = "id,name,kind,fields\nold-a,Old A,education,language_education\nold-b,Old B,other,\n"
EARLIER_TIES = "from,to,type,fields,since,until,note,provenance\nold-a,old-b,advises,,,,,earlier\n"


def _write_pair(folder: Path, actors: str, ties: str) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "actors.csv").write_text(actors, encoding="utf-8")
    (folder / "relations.csv").write_text(ties, encoding="utf-8")
    return folder / "actors.csv", folder / "relations.csv"


@pytest.fixture(scope="module")
def large_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """20,000 actors and 60,000 ties with unique (source, type, target): tie i joins actor i mod 20,000 to a
    later one, three ties per actor."""
    actors = ["id,name,kind,fields"]
    actors += [f"a{i:05d},Actor {i},{KINDS[i % len(KINDS)]},{FIELDS[i % len(FIELDS)]}" for i in range(ACTORS)]
    ties = ["from,to,type,fields,since,until,note,provenance"]
    for i in range(TIES):
        source, step = i % ACTORS, i // ACTORS
        target = (source + 1 + step * 7) % ACTORS
        ties.append(f"a{source:05d},a{target:05d},{TIE_TYPES[step % 2]},{FIELDS[i % len(FIELDS)]},,,,generated")
    return _write_pair(tmp_path_factory.mktemp("large"), "\n".join(actors) + "\n", "\n".join(ties) + "\n")


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "INTEGRANET_"))}
    env["INTEGRANET_BATCH_SIZE"] = "1000"  # 80 batches, all of them in one transaction
    auth = neo4j_auth()
    if auth:
        env["NEO4J_USERNAME"], env["NEO4J_PASSWORD"] = auth
    if neo4j_database():
        env["NEO4J_DATABASE"] = neo4j_database() or ""
    return env


Until = Callable[[], bool]


def _import(location: str, pair: tuple[Path, Path], kill_when: Until | None = None) -> int | None:
    """Run ``integranet import`` on ``pair``; kill it with SIGKILL as soon as ``kill_when()`` holds while it
    runs. The exit code, or None when it was killed."""
    command = [str(INTEGRANET), "import", "--store", location, "--actors", str(pair[0]), "--relations", str(pair[1])]
    process = subprocess.Popen(command, env=_environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 600
    while process.poll() is None and time.monotonic() < deadline:
        if kill_when is not None and kill_when():
            process.send_signal(signal.SIGKILL)
            process.wait()
            return None
        time.sleep(0.02)
    if process.poll() is None:
        process.kill()
        pytest.fail("the import did not end within 600 s")
    return process.returncode


def _after(seconds: float) -> Until:
    start = time.monotonic()
    return lambda: time.monotonic() - start >= seconds


def _while_writing(location: str, stack: ExitStack) -> Until:
    """True once the import's transaction has written a good part of the records but not committed: the
    embedded store's write-ahead log holds over 2 MB of pages (about a fifth of the import), or Neo4j runs
    the statements writing ties (after the actors, in the same transaction)."""
    if not _is_neo4j(location):
        wal = Path(location + "-wal")
        return lambda: wal.exists() and wal.stat().st_size > 2_000_000
    import neo4j

    driver = stack.enter_context(neo4j.GraphDatabase.driver(location, auth=neo4j_auth()))

    def writing_ties() -> bool:
        rows = driver.execute_query("SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery",
                                    database_=neo4j_database()).records
        return any("MERGE (s)-[r:" in (r["currentQuery"] or "") for r in rows)

    return writing_ties


def _is_neo4j(location: str) -> bool:
    return location.startswith(("bolt://", "neo4j://", "neo4j+s://"))


class Content(NamedTuple):
    """Everything an import writes, without its timestamps (a rerun of the same files writes other ones)."""

    stats: Stats
    actors: tuple[tuple[object, ...], ...]
    ties: tuple[tuple[object, ...], ...]
    log: tuple[tuple[object, ...], ...]


def _content(store: GraphStore) -> Content:
    actors = tuple((a.id, a.name, a.kind, a.fields, a.municipality, a.serves) for a in store.actors())
    ties = tuple((r.source, r.type, r.target, r.fields) for r in store.relations())
    log = tuple((r.files, r.actors, r.relations, r.rows, r.skipped) for r in store.last_imports(10))
    return Content(store.stats(), actors, ties, log)


def _state(location: str) -> Content:
    with open_store(Settings.from_env(store=location)) as store:
        return _content(store)


def _reset(location: str, number: int, earlier: tuple[Path, Path]) -> str:
    """The store at ``location`` (a new file per case for the embedded store) holding the earlier import only."""
    if _is_neo4j(location):
        clear_neo4j(location)
    else:
        location = str(Path(location).with_name(f"case-{number}.sqlite"))
    assert _import(location, earlier) == 0
    return location


@pytest.mark.slow
def test_a_killed_import_leaves_the_store_exactly_before_or_exactly_after(
        store_location: str, tmp_path: Path, large_pair: tuple[Path, Path]) -> None:
    earlier = _write_pair(tmp_path / "earlier", EARLIER_ACTORS, EARLIER_TIES)
    location = _reset(store_location, 0, earlier)
    before = _state(location)
    started = time.monotonic()
    assert _import(location, large_pair) == 0  # the import left alone: the store exactly after
    print(f"\n{store_location}: the whole import took {time.monotonic() - started:.1f} s")
    after = _state(location)
    assert after.stats.actors == ACTORS + 2 and after.stats.relations == TIES + 1
    assert len(after.log) == 2 and after.log[0][1:3] == (ACTORS, TIES)

    with ExitStack() as stack:
        moments: list[tuple[str, Callable[[str], Until]]] = [
            *((f"{s} s", lambda _location, s=s: _after(s)) for s in KILL_AFTER),
            ("while writing", lambda location: _while_writing(location, stack)),
        ]
        for number, (moment, kill_when) in enumerate(moments, start=1):
            location = _reset(store_location, number, earlier)
            assert _state(location) == before
            started = time.monotonic()
            code = _import(location, large_pair, kill_when(location))
            state = _state(location)
            outcome = "finished first" if code is not None else f"killed at {time.monotonic() - started:.1f} s"
            print(f"kill {moment}: {outcome}, the store {'after' if state == after else 'before'}")
            assert state in (before, after), f"kill {moment}: the store holds a part of the import"
            if code is not None:
                assert code == 0 and state == after
            if moment == "while writing":
                assert code is None and state == before, "killed before its commit, the import must leave nothing"
