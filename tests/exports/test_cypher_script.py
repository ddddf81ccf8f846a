"""The Cypher export, run into a real, empty Neo4j statement by statement, rebuilds the graph exactly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graph.exports.formats import export_snapshot
from graph.model.domain import Actor, GraphBatch, Relation
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.snapshots.snapshot import Snapshot, SnapshotFolder
from graph.store.base import GraphStore
from graph.store.embedded import EmbeddedStore
from importers.seed import seed
from tests.support import neo4j_auth, neo4j_database, open_neo4j

pytestmark = pytest.mark.neo4j

NOW = dt.datetime(2025, 1, 15, 9, 30, tzinfo=dt.UTC)
HOSTILE = "O'Neil \\ \"Zitat\" `tick` Zeile\nzwei\r\u2028\u2029\x85 Ende // ; MATCH (n) DETACH DELETE n"


def run_script(path: Path, uri: str) -> int:
    """Run every statement of the script on its own, as a user pasting it line by line would: the schema
    statements each by itself (Neo4j does not mix schema and data in one transaction), the rest in one
    transaction, one ``run`` per statement."""
    import neo4j

    statements = [line for line in path.read_text(encoding="utf-8").split("\n") if line and not line.startswith("//")]
    assert all(line.endswith(";") for line in statements)
    schema = [s[:-1] for s in statements if s.startswith("CREATE ")]
    data = [s[:-1] for s in statements if not s.startswith("CREATE ")]
    with neo4j.GraphDatabase.driver(uri, auth=neo4j_auth()) as driver:
        for statement in schema:
            driver.execute_query(statement, database_=neo4j_database())
        with driver.session(database=neo4j_database()) as session, session.begin_transaction() as tx:
            for statement in data:
                tx.run(statement).consume()
            tx.commit()
    return len(statements)


def snapshot_of(store: GraphStore, tmp_path: Path) -> Snapshot:
    return SnapshotFolder(tmp_path / "snapshots").create(store, "Cypher", now=NOW, include_personal_data=True)


def test_the_bundled_network_rebuilt_from_the_script_has_equal_stats_and_records(
        neo4j_store_uri: str, vocabulary: Vocabulary, tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "s.sqlite", vocabulary) as source:
        seed(source, vocabulary, DATA_DIR / "ludwigsburg")
        made = snapshot_of(source, tmp_path)
        path = export_snapshot(made, "cypher", tmp_path / "network.cypher", vocabulary)[0]
        assert run_script(path, neo4j_store_uri) > 300
        with open_neo4j(neo4j_store_uri, vocabulary) as rebuilt:
            assert rebuilt.is_initialised()
            assert rebuilt.stats() == source.stats()
            assert rebuilt.actors() == source.actors()
            assert rebuilt.relations() == source.relations()
            assert rebuilt.fields_of_action() == source.fields_of_action()


def test_hostile_text_survives_the_script_exactly(neo4j_store_uri: str, vocabulary: Vocabulary,
                                                  tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "s.sqlite", vocabulary) as source:
        source.initialise()
        source.write(GraphBatch(
            actors=(
                Actor("town", "Tamm", "municipality", town="Tamm", properties={"ags": "08118071", "population": 12726,
                                                                               "lat": 48.92}),
                Actor("a'b", HOSTILE, "other", municipality="town", town="Tamm", fields=("language_education",),
                      serves=("town",), provenance=HOSTILE,
                      properties={"Träger `Name`": HOSTILE, "email": "person@example.org", "flag": True}),
                Actor("c\\d", "Zweiter", "volunteer_group", serves_district=True),
            ),
            relations=(Relation("a'b", "advises", "c\\d", note=HOSTILE, since="2022-03-01",
                                fields=("language_education",), provenance="illustrative"),
                       Relation("c\\d", "funds", "town")),
        ))
        made = snapshot_of(source, tmp_path)
        path = export_snapshot(made, "cypher", tmp_path / "h.cypher", vocabulary, include_personal_data=True)[0]
        run_script(path, neo4j_store_uri)
        with open_neo4j(neo4j_store_uri, vocabulary) as rebuilt:
            assert rebuilt.stats() == source.stats()
            assert rebuilt.actors() == source.actors()
            assert rebuilt.relations() == source.relations()
            got = rebuilt.get_actor("a'b")
            assert got is not None and got.name == HOSTILE and got.properties["Träger `Name`"] == HOSTILE
