"""Every export carries the knowledge graph: nodes of every type with their type, links with their link type."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from graph.exports.cypher import cypher_statements
from graph.exports.formats import export_bytes, export_snapshot
from graph.model.domain import Actor, FieldOfAction, GraphBatch, Relation
from graph.model.knowledge import Link, Node
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.snapshots.snapshot import Snapshot, SnapshotFolder
from graph.store.embedded import EmbeddedStore

NOW = dt.datetime(2025, 1, 15, 9, 30, tzinfo=dt.UTC)
FORMULA = '=HYPERLINK("http://x","y")'
XML_ILLEGAL = "Panel\x00 mit\x0b Steuerzeichen"
HOSTILE = "O'Neil \\ \"Zitat\" `tick` Zeile\nzwei\r\u2028\u2029\x85 Ende // ; MATCH (n) DETACH DELETE n"
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
NODE_TYPES = {"event-conf": "Event", "event-panel": "Event", "offer-b1": "Offer", "programme-vwv": "Programme",
              "figure-tamm": "Indicator"}


def knowledge_batch() -> GraphBatch:
    return GraphBatch(
        fields=(FieldOfAction("language_education", "Language and education", "Sprache und Bildung"),),
        actors=(
            Actor("town", "Tamm", "municipality", town="Tamm", properties={"ags": "08118071", "population": 12726}),
            Actor("office", "Stabsstelle Integration", "district_office", serves_district=True, provenance="LRA",
                  properties={"email": "person@example.org"}),
        ),
        relations=(Relation("office", "advises", "town", provenance="Eigene Erhebung"),),
        nodes=(
            Node("event-conf", "Event", FORMULA, provenance="https://example.org/konferenz", confirmed="2024-11-01",
                 properties={"kind": "conference", "start": "2020-11-09", "place": HOSTILE}),
            Node("event-panel", "Event", XML_ILLEGAL, properties={"kind": "panel", "start": "2020-11-10"}),
            Node("offer-b1", "Offer", "Deutschkurs B1", provenance="@home",
                 properties={"status": "not_offered", "language_levels": ("b1", "b2"), "district_wide": True}),
            Node("programme-vwv", "Programme", "VwV Deutsch", properties={"kind": "administrative_regulation"}),
            Node("figure-tamm", "Indicator", "Ausländeranteil Tamm",
                 properties={"measure": "foreign_share", "value": 14.5, "unit": "percent",
                             "reference_date": "2023-12-31"}),
        ),
        links=(
            Link("office", "Actor", "ORGANISES", "event-conf", "Event", provenance="https://example.org/konferenz"),
            Link("event-panel", "Event", "PART_OF", "event-conf", "Event", provenance="illustrative"),
            Link("offer-b1", "Offer", "CONCERNS", "language_education", "FieldOfAction"),
            Link("offer-b1", "Offer", "UNDER", "programme-vwv", "Programme"),
            Link("offer-b1", "Offer", "SERVES", "town", "Actor"),
            Link("figure-tamm", "Indicator", "MEASURED_FOR", "town", "Actor"),
        ),
    )


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return Vocabulary.load(DATA_DIR / "vocabularies")


@pytest.fixture(scope="module")
def knowledge(tmp_path_factory: pytest.TempPathFactory, vocabulary: Vocabulary) -> Iterator[tuple[EmbeddedStore,
                                                                                                   Snapshot]]:
    path = tmp_path_factory.mktemp("knowledge")
    store = EmbeddedStore(path / "store.sqlite", vocabulary)
    store.initialise()
    store.write(knowledge_batch())
    yield store, SnapshotFolder(path / "snapshots").create(store, "Wissensgraph", now=NOW, include_personal_data=True)
    store.close()


def test_json_nodes_carry_their_type_as_label_and_links_both_ends_types(
        knowledge: tuple[EmbeddedStore, Snapshot], vocabulary: Vocabulary, tmp_path: Path) -> None:
    _, made = knowledge
    data = json.loads(export_snapshot(made, "json", tmp_path / "g.json", vocabulary)[0].read_text(encoding="utf-8"))
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    assert labels == {"town": "Actor", "office": "Actor", "language_education": "FieldOfAction", **NODE_TYPES}
    offer = next(n for n in data["nodes"] if n["id"] == "offer-b1")
    assert offer["language_levels"] == ["b1", "b2"] and offer["status"] == "not_offered"
    link = next(e for e in data["links"] if e["type"] == "CONCERNS")
    assert (link["source"], link["source_type"], link["target"], link["target_type"]) == \
        ("offer-b1", "Offer", "language_education", "FieldOfAction")
    assert len(data["links"]) == 1 + 6
    read = nx.node_link_graph(data, edges="links")
    assert read.number_of_nodes() == 2 + 1 + 5


def test_graphml_gives_every_node_its_type_and_declares_each_key_once(
        knowledge: tuple[EmbeddedStore, Snapshot], vocabulary: Vocabulary, tmp_path: Path) -> None:
    import igraph

    _, made = knowledge
    path = export_snapshot(made, "graphml", tmp_path / "g.graphml", vocabulary)[0]
    keys = ET.parse(path).getroot().findall(f"{GRAPHML}key")
    ids = [k.get("id") for k in keys]
    assert len(ids) == len(set(ids))
    declared = {(k.get("for"), k.get("attr.name")) for k in keys}
    assert len(declared) == len(keys)  # one key per attribute and domain
    assert {("node", "type"), ("edge", "type")} <= declared
    read = nx.read_graphml(path)
    assert {n: d["type"] for n, d in read.nodes(data=True)} == \
        {"town": "Actor", "office": "Actor", "language_education": "FieldOfAction", **NODE_TYPES}
    assert read.nodes["event-panel"]["name"] == "Panel mit Steuerzeichen"
    assert read.nodes["figure-tamm"]["value"] == 14.5
    edges = {(u, v, d["type"]) for u, v, d in read.edges(data=True)}
    assert ("offer-b1", "programme-vwv", "UNDER") in edges and ("office", "town", "advises") in edges
    ig = igraph.Graph.Read_GraphML(str(path))
    assert (ig.vcount(), ig.ecount()) == (8, 7)
    assert sorted(ig.vs["type"]) == sorted(d["type"] for _, d in read.nodes(data=True))


def test_gexf_reads_back_with_node_types_and_typed_links(knowledge: tuple[EmbeddedStore, Snapshot],
                                                          vocabulary: Vocabulary, tmp_path: Path) -> None:
    _, made = knowledge
    path = export_snapshot(made, "gexf", tmp_path / "g.gexf", vocabulary, language="en")[0]
    ET.parse(path)
    read = nx.read_gexf(path, version="1.3")
    assert {n: d["type"] for n, d in read.nodes(data=True)} == \
        {"town": "Actor", "office": "Actor", "language_education": "FieldOfAction", **NODE_TYPES}
    assert read.nodes["event-conf"]["label"] == FORMULA and read.nodes["event-conf"]["type_label"] == "Event"
    kinds = {(u, v, d["type"]) for u, v, d in read.edges(data=True)}
    assert ("figure-tamm", "town", "MEASURED_FOR") in kinds and len(kinds) == 7
    part_of = next(d for u, v, d in read.edges(data=True) if d["type"] == "PART_OF")
    assert part_of["label"] == "is part of" and part_of["illustrative"] is True
    assert path.read_bytes() == export_snapshot(made, "gexf", tmp_path / "again.gexf", vocabulary,
                                                language="en")[0].read_bytes()


def test_xlsx_has_a_sheet_per_node_type_with_labels_and_a_links_sheet(
        knowledge: tuple[EmbeddedStore, Snapshot], vocabulary: Vocabulary, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    _, made = knowledge
    book = load_workbook(export_snapshot(made, "xlsx", tmp_path / "de.xlsx", vocabulary)[0])
    assert book.sheetnames == ["actors", "relations", "Veranstaltungen", "Angebote", "Programme", "Kennzahlen",
                               "Verknüpfungen", "key figures", "gaps"]
    assert all(c.data_type != "f" for sheet in book for row in sheet.iter_rows() for c in row)
    events = list(book["Veranstaltungen"].iter_rows(values_only=True))
    headers = events[0]
    assert headers[:4] == ("ID", "Name", "Art", "Beginn") and headers[-2:] == ("Quelle", "Zuletzt bestätigt")
    rows = {r[0]: dict(zip(headers, r, strict=True)) for r in events[1:]}
    assert rows["event-conf"]["Name"] == "'" + FORMULA and rows["event-conf"]["Art"] == "Konferenz"
    assert rows["event-conf"]["Zuletzt bestätigt"] == "2024-11-01"
    assert rows["event-panel"]["Name"] == "Panel mit Steuerzeichen" and rows["event-panel"]["Art"] == "Panel"
    offers = list(book["Angebote"].iter_rows(values_only=True))
    offer = dict(zip(offers[0], offers[1], strict=True))
    assert offer["Status"] == "Bestätigt nicht angeboten" and offer["Sprachniveaus"] == "B1|B2"
    assert offer["Quelle"] == "'@home" and offer["Ganzer Landkreis"] == "true"
    figure = dict(zip(*book["Kennzahlen"].iter_rows(values_only=True), strict=True))
    assert figure["Wert"] == 14.5 and figure["Einheit"] == "%"
    links = list(book["Verknüpfungen"].iter_rows(values_only=True))
    assert links[0][:3] == ("Von", "Typ", "Nach")
    assert ("offer-b1", "im Rahmen von", "programme-vwv") in [r[:3] for r in links[1:]]
    figures = {r[0]: r[1] for r in book["key figures"].iter_rows(min_row=2, values_only=True)}
    assert figures["Knoten: Veranstaltung"] == 2 and figures["Verknüpfungen: gilt für"] == 1

    english = load_workbook(export_snapshot(made, "xlsx", tmp_path / "en.xlsx", vocabulary, language="en")[0])
    assert english.sheetnames[2:7] == ["Events", "Offers", "Programmes", "Figures", "Links"]
    assert next(english["Events"].iter_rows(values_only=True))[:4] == ("ID", "Name", "Kind", "Start")


def test_the_workbook_imports_back_with_every_node_and_link(knowledge: tuple[EmbeddedStore, Snapshot],
                                                            vocabulary: Vocabulary, tmp_path: Path) -> None:
    from tests.support import run, stats

    store, made = knowledge
    path = export_snapshot(made, "xlsx", tmp_path / "network.xlsx", vocabulary)[0]
    code, _, err = run("--store", str(tmp_path / "fresh.sqlite"), "import", str(path))
    assert code == 0, err
    counts = stats(str(tmp_path / "fresh.sqlite"))
    assert counts["by_node_type"] == dict(sorted(store.stats().by_node_type.items()))
    assert counts["by_link_type"] == dict(sorted(store.stats().by_link_type.items()))


def test_csv_writes_a_file_per_node_type_and_the_links(knowledge: tuple[EmbeddedStore, Snapshot],
                                                       vocabulary: Vocabulary, tmp_path: Path) -> None:
    _, made = knowledge
    written = export_snapshot(made, "csv", tmp_path / "csv", vocabulary)
    assert [p.name for p in written] == ["actors.csv", "relations.csv", "Event.csv", "Offer.csv", "Programme.csv",
                                         "Indicator.csv", "links.csv"]
    events = {r["ID"]: r for r in csv.DictReader((tmp_path / "csv" / "Event.csv").open(encoding="utf-8"))}
    assert events["event-conf"]["Name"] == "'" + FORMULA and events["event-conf"]["Art"] == "Konferenz"
    links = list(csv.DictReader((tmp_path / "csv" / "links.csv").open(encoding="utf-8")))
    assert {(r["Von"], r["Typ"], r["Nach"]) for r in links} >= {("office", "organisiert", "event-conf")}
    with zipfile.ZipFile(io.BytesIO(export_bytes(made, "csv", vocabulary).data)) as archive:
        assert "links.csv" in archive.namelist() and "Event.csv" in archive.namelist()


def test_cypher_script_constrains_every_node_type_and_merges_nodes_and_links(
        knowledge: tuple[EmbeddedStore, Snapshot], vocabulary: Vocabulary) -> None:
    _, made = knowledge
    lines = list(cypher_statements(made, vocabulary))
    statements = [line for line in lines if line and not line.startswith("//")]
    assert all(s.endswith(";") for s in statements)
    assert not any(re.search("[\n\r\u2028\u2029\x85]", line) for line in lines)
    for node_type in vocabulary.schema.node_only_types:
        assert sum(1 for s in statements if s.startswith("CREATE CONSTRAINT")
                   and f"FOR (n:{node_type.id}) REQUIRE n.id IS UNIQUE" in s) == 1
    assert sum(1 for s in statements if s.startswith("MERGE (n:Event {id: ")) == 2
    assert any(s.startswith("MERGE (n:Indicator {id: 'figure-tamm'}) SET n = {") and "value: 14.5" in s
               for s in statements)
    assert any("MATCH (a:Offer {id: 'offer-b1'}) MATCH (b:FieldOfAction {id: 'language_education'}) "
               "MERGE (a)-[r:CONCERNS]->(b)" in s for s in statements)
    conference = next(s for s in statements if s.startswith("MERGE (n:Event {id: 'event-conf'})"))
    assert "place: 'O\\'Neil \\\\ \"Zitat\" `tick` Zeile\\nzwei\\r\\u2028\\u2029\\u0085 Ende // ; MATCH" in conference
    assert "language_levels" not in conference
    offer = next(s for s in statements if s.startswith("MERGE (n:Offer"))
    assert "language_levels: ['b1', 'b2']" in offer and "district_wide: true" in offer


def test_no_export_names_a_file_path_or_personal_data(knowledge: tuple[EmbeddedStore, Snapshot],
                                                      vocabulary: Vocabulary, tmp_path: Path) -> None:
    store, made = knowledge
    folder = str(Path(store.location).parent)
    for fmt in ("json", "graphml", "gexf", "cypher", "csv", "xlsx"):
        for path in export_snapshot(made, fmt, tmp_path / fmt, vocabulary):
            if fmt == "xlsx":
                with zipfile.ZipFile(path) as archive:
                    text = "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
            else:
                text = path.read_text(encoding="utf-8")
            assert folder not in text, (fmt, path.name)
            assert "person@example.org" not in text, (fmt, path.name)


@pytest.mark.neo4j
def test_the_script_rebuilds_nodes_and_links_in_neo4j(knowledge: tuple[EmbeddedStore, Snapshot],
                                                      vocabulary: Vocabulary, neo4j_store_uri: str,
                                                      tmp_path: Path) -> None:
    from tests.exports.test_cypher_script import run_script
    from tests.support import open_neo4j

    source, made = knowledge
    path = export_snapshot(made, "cypher", tmp_path / "k.cypher", vocabulary, include_personal_data=True)[0]
    run_script(path, neo4j_store_uri)
    with open_neo4j(neo4j_store_uri, vocabulary) as rebuilt:
        assert rebuilt.stats() == source.stats()
        assert rebuilt.nodes() == source.nodes()
        assert rebuilt.links() == source.links()
        assert rebuilt.actors() == source.actors()
        got = rebuilt.get_node("event-conf")
        assert got is not None and got.name == FORMULA and got.get("place") == HOSTILE


def test_the_workbook_gap_sheet_counts_the_snapshots_absent_offers_as_confirmed_gaps(
        knowledge: tuple[EmbeddedStore, Snapshot], vocabulary: Vocabulary, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    _, made = knowledge
    book = load_workbook(export_snapshot(made, "xlsx", tmp_path / "gaps.xlsx", vocabulary)[0])
    rows = list(book["gaps"].iter_rows(values_only=True))
    status = rows[0].index("Status")
    cells = {(row[1], row[3]): row[status] for row in rows[1:]}
    # The absent B1 course serves Tamm in language and education: a known gap, not "not surveyed".
    assert cells[("Tamm", "Sprache und Bildung")] == "✗ bestätigte Lücke"
