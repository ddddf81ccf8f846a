"""Snapshots and their comparison carry the knowledge graph: nodes of every type and the links between any nodes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import stat
from pathlib import Path

import pytest

from graph.model.domain import Actor, ActorFilter, FieldOfAction, GraphBatch, Relation
from graph.model.knowledge import Link, Node
from graph.model.schema import PropertySpec, Schema
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.snapshots.diff import diff_snapshots, diff_table
from graph.snapshots.snapshot import SNAPSHOT_FORMAT, SnapshotFolder
from graph.store.embedded import EmbeddedStore
from tests.support import run

NOW = dt.datetime(2025, 1, 15, 9, 30, tzinfo=dt.UTC)
LATER = NOW + dt.timedelta(days=30)
CONTACT = "Frau Veranstalterin"


def vocabulary_with_a_personal_node_property() -> Vocabulary:
    """The default vocabulary whose Event type has one more property, ``contact``, marked personal."""
    base = Vocabulary.load(DATA_DIR / "vocabularies")
    schema = base.schema
    event = schema.node_type("Event")
    contact = PropertySpec("contact", "Contact person", "Ansprechperson", personal=True)
    types = {**schema.node_types, "Event": dataclasses.replace(event, properties=(*event.properties, contact))}
    return Vocabulary(base.kinds.terms, base.relation_types.terms, base.fields.terms,
                      schema=Schema(types, schema.link_types, schema.terms))


def small_batch() -> GraphBatch:
    return GraphBatch(
        fields=(FieldOfAction("language_education", "Language and education", "Sprache und Bildung"),),
        actors=(
            Actor("town", "Tamm", "municipality", town="Tamm", properties={"ags": "08118071"}),
            Actor("office", "Stabsstelle Integration", "district_office", serves_district=True, provenance="LRA"),
            Actor("club", "Freundeskreis", "volunteer_group", municipality="town", town="Tamm"),
        ),
        relations=(Relation("club", "cooperates_with", "office", provenance="Eigene Erhebung"),),
        nodes=(
            Node("event-conf", "Event", "Integrationskonferenz", provenance="https://example.org/konferenz",
                 confirmed="2024-11-01", properties={"kind": "conference", "start": "2020-11-09",
                                                     "contact": CONTACT}),
            Node("event-panel", "Event", "Panel Sprache", properties={"kind": "panel", "start": "2020-11-10"}),
            Node("offer-b1", "Offer", "Deutschkurs B1 für Nicht-Geflüchtete", provenance="https://example.org/a",
                 properties={"status": "not_offered", "language_levels": ("b1", "b2")}),
        ),
        links=(
            Link("office", "Actor", "ORGANISES", "event-conf", "Event", provenance="https://example.org/konferenz"),
            Link("event-panel", "Event", "PART_OF", "event-conf", "Event"),
            Link("offer-b1", "Offer", "CONCERNS", "language_education", "FieldOfAction"),
            Link("offer-b1", "Offer", "SERVES", "town", "Actor"),
        ),
    )


@pytest.fixture
def vocabulary() -> Vocabulary:
    return vocabulary_with_a_personal_node_property()


@pytest.fixture
def store(tmp_path: Path, vocabulary: Vocabulary) -> EmbeddedStore:
    opened = EmbeddedStore(tmp_path / "store.sqlite", vocabulary)
    opened.initialise()
    opened.write(small_batch())
    return opened


@pytest.fixture
def folder(tmp_path: Path) -> SnapshotFolder:
    return SnapshotFolder(tmp_path / "snapshots")


def test_a_snapshot_keeps_every_node_and_link_and_reads_them_back(store: EmbeddedStore, folder: SnapshotFolder) -> None:
    made = folder.create(store, "Wissensgraph", now=NOW, include_personal_data=True)
    assert made.nodes == tuple(store.nodes()) and len(made.nodes) == 3
    assert set(made.links) == set(store.links()) and len(made.links) == 4
    assert made.info.format == SNAPSHOT_FORMAT == 2
    counts = made.info.counts
    assert counts["by_node_type"] == dict(sorted(store.stats().by_node_type.items()))
    assert counts["by_node_type"]["Event"] == 2 and counts["by_node_type"]["Recommendation"] == 0
    assert counts["by_link_type"] == {"CONCERNS": 1, "ORGANISES": 1, "PART_OF": 1, "SERVES": 1}
    assert counts["links"] == 4
    loaded = folder.load(made.id)
    assert loaded.nodes == made.nodes and loaded.links == made.links
    assert loaded.info.content_hash == made.info.content_hash
    # A node is part of the content: a changed node is a different snapshot.
    store.write(GraphBatch(nodes=(Node("event-panel", "Event", "Panel Sprache und Bildung",
                                       properties={"kind": "panel", "start": "2020-11-10"}),)))
    again = folder.create(store, "Wissensgraph", now=NOW, include_personal_data=True)
    assert again.info.content_hash != made.info.content_hash


def test_an_edited_node_in_a_saved_snapshot_is_refused(store: EmbeddedStore, folder: SnapshotFolder) -> None:
    made = folder.create(store, "x", now=NOW)
    path = folder.path / made.id / "graph.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["nodes"][0]["name"] = "Umbenannt"
    path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(Exception, match="changed after it was created"):
        folder.load(made.id)


def test_a_snapshot_of_format_1_reads_as_one_without_nodes_and_links(tmp_path: Path) -> None:
    vocabulary = Vocabulary.load(DATA_DIR / "vocabularies")
    with EmbeddedStore(tmp_path / "old.sqlite", vocabulary) as old_store:
        old_store.initialise()
        batch = small_batch()
        old_store.write(GraphBatch(fields=batch.fields, actors=batch.actors, relations=batch.relations))
        folder = SnapshotFolder(tmp_path / "snapshots")
        made = folder.create(old_store, "alt", now=NOW)
    # Rewrite it as IntegraNet wrote format 1: no nodes or links, no ``confirmed`` on records, format 1.
    where = folder.path / made.id
    graph = json.loads((where / "graph.json").read_text(encoding="utf-8"))
    assert "nodes" not in graph and "links" not in graph
    for records in graph.values():
        for record in records:
            record.pop("confirmed", None)
    metadata = json.loads((where / "metadata.json").read_text(encoding="utf-8"))
    metadata["format"] = 1
    for name, content in (("graph.json", graph), ("metadata.json", metadata)):
        (where / name).chmod(stat.S_IRUSR | stat.S_IWUSR)
        (where / name).write_text(json.dumps(content), encoding="utf-8")
    loaded = folder.load(made.id)
    assert loaded.info.format == 1 and loaded.nodes == () and loaded.links == ()
    assert len(loaded.subgraph.actors) == 3


def test_personal_node_properties_are_left_out_unless_asked_for(store: EmbeddedStore, folder: SnapshotFolder) -> None:
    plain = folder.create(store, "ohne", now=NOW)
    conference = next(n for n in plain.nodes if n.id == "event-conf")
    assert "contact" not in conference.properties and conference.get("kind") == "conference"
    assert CONTACT not in (folder.path / plain.id / "graph.json").read_text(encoding="utf-8")
    kept = folder.create(store, "mit", now=NOW, include_personal_data=True)
    assert next(n for n in kept.nodes if n.id == "event-conf").get("contact") == CONTACT


def test_a_filtered_snapshot_keeps_the_nodes_linked_to_its_actors(store: EmbeddedStore, folder: SnapshotFolder) -> None:
    made = folder.create(store, "Stabsstelle", now=NOW, where=ActorFilter(kinds=("district_office",)))
    assert [a.id for a in made.subgraph.actors] == ["office"]
    # The conference is organised by the office; the panel and the offer are linked to no kept actor.
    assert [n.id for n in made.nodes] == ["event-conf"]
    assert [(lk.source, lk.type, lk.target) for lk in made.links] == [("office", "ORGANISES", "event-conf")]


def test_the_diff_lists_nodes_and_links_added_removed_and_changed_per_type(
        store: EmbeddedStore, folder: SnapshotFolder, vocabulary: Vocabulary) -> None:
    before = folder.create(store, "vorher", now=NOW)
    store.write(GraphBatch(
        nodes=(Node("offer-b1", "Offer", "Deutschkurs B1 für Nicht-Geflüchtete", provenance="https://example.org/a",
                    properties={"status": "planned", "language_levels": ("b1",)}),
               Node("doc-report", "Document", "Integrationsbericht", properties={"kind": "report",
                                                                                  "date": "2021-05-17"})),
        links=(Link("doc-report", "Document", "DOCUMENTS", "event-conf", "Event"),),
    ))
    assert store.delete_node("event-panel")
    after = folder.create(store, "nachher", now=LATER)
    diff = diff_snapshots(before, after)
    assert not diff.is_empty
    data = diff.as_dict()
    assert [n["id"] for n in data["nodes_added"]] == ["doc-report"] and data["nodes_added"][0]["type"] == "Document"
    assert [n["id"] for n in data["nodes_removed"]] == ["event-panel"]
    [changed] = data["nodes_changed"]
    assert changed["id"] == "offer-b1"
    assert changed["changes"] == {"language_levels": {"before": ["b1", "b2"], "after": ["b1"]},
                                  "status": {"before": "not_offered", "after": "planned"}}
    assert [(lk["from"], lk["type"], lk["to"], lk["from_type"], lk["to_type"]) for lk in data["links_added"]] == \
        [("doc-report", "DOCUMENTS", "event-conf", "Document", "Event")]
    assert data["links_added"][0]["from_name"] == "Integrationsbericht"
    assert [(lk["from"], lk["type"]) for lk in data["links_removed"]] == [("event-panel", "PART_OF")]
    assert data["by_node_type"]["Event"] == {"before": 2, "after": 1, "added": 0, "removed": 1, "changed": 0}
    assert data["by_node_type"]["Offer"]["changed"] == 1 and data["by_node_type"]["Document"]["added"] == 1
    assert data["by_link_type"]["PART_OF"]["removed"] == 1 and data["by_link_type"]["DOCUMENTS"]["added"] == 1
    json.dumps(data)  # plain JSON throughout

    _, rows = diff_table(diff, vocabulary, "de")
    assert ("neu", "Dokument", "doc-report", "Integrationsbericht", "Bericht", "") in rows
    assert any(r[:3] == ("geändert", "Angebot", "offer-b1") and "status: not_offered → planned" in r[5] for r in rows)
    assert ("entfallen", "Verknüpfung", "event-panel → event-conf", "Panel Sprache → Integrationskonferenz",
            "ist Teil von", "Veranstaltung → Veranstaltung") in rows
    _, english = diff_table(diff, vocabulary, "en")
    assert any(r[1] == "link" and r[4] == "documents" for r in english)
    assert diff_snapshots(after, after).is_empty


def test_snapshot_commands_show_and_compare_nodes_and_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTEGRANET_SNAPSHOT_DIR", str(tmp_path / "snapshots"))
    location = str(tmp_path / "cli.sqlite")
    with EmbeddedStore(Path(location), Vocabulary.load(DATA_DIR / "vocabularies")) as opened:
        opened.initialise()
        batch = small_batch()
        opened.write(GraphBatch(fields=batch.fields, actors=batch.actors, relations=batch.relations))
    code, out, err = run("--store", location, "snapshot", "create", "--label", "ohne Knoten")
    assert code == 0, err
    first = out.strip().splitlines()[-1]
    assert "Other nodes: 0 (none); links: 0 (none)." in out
    with EmbeddedStore(Path(location), Vocabulary.load(DATA_DIR / "vocabularies")) as opened:
        nodes = tuple(dataclasses.replace(n, properties={k: v for k, v in n.properties.items() if k != "contact"})
                      for n in batch.nodes)
        opened.write(GraphBatch(nodes=nodes, links=batch.links))
    code, out, err = run("--store", location, "snapshot", "create", "--label", "mit Knoten")
    assert code == 0, err
    second = out.strip().splitlines()[-1]
    assert "Other nodes: 3 (Event 2, Offer 1); links: 4" in out
    code, out, _ = run("--store", location, "snapshot", "show", second)
    assert code == 0 and "Other nodes:" in out and "Event 2" in out
    code, out, _ = run("--store", location, "snapshot", "diff", first, second, "--json")
    assert code == 0
    data = json.loads(out)
    assert sorted(n["id"] for n in data["nodes_added"]) == ["event-conf", "event-panel", "offer-b1"]
    assert len(data["links_added"]) == 4 and data["by_link_type"]["SERVES"]["added"] == 1
    code, out, _ = run("--store", location, "snapshot", "diff", first, second)
    assert code == 0
    assert "Nodes: 3 added, 0 removed, 0 changed. Links: 4 added" in out
    assert "+ Event event-conf: Integrationskonferenz" in out
    assert "+ link offer-b1 (Offer) -[SERVES]-> town (Actor)" in out
