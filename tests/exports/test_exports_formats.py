"""Every export format of a snapshot: round trips, safety (formulas, XML, personal data) and reproducibility."""

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

from graph.analysis.network import to_networkx
from graph.errors import ExportError
from graph.exports.cypher import cypher_statements
from graph.exports.formats import EXPORT_FORMATS, export_bytes, export_snapshot
from graph.exports.report_pack import PACK_FILES
from graph.model.domain import Actor, GraphBatch, Relation
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.snapshots.diff import diff_snapshots
from graph.snapshots.snapshot import Snapshot, SnapshotFolder
from graph.store.embedded import EmbeddedStore
from importers.seed import seed
from tests.support import run, stats

NOW = dt.datetime(2025, 1, 15, 9, 30, tzinfo=dt.UTC)
FORMULA = '=HYPERLINK("http://x","y")'
# Characters XML 1.0 forbids, and ones it allows that look alike.
XML_ILLEGAL_NAME = "Verein\x00 mit\x0b Steuer\x1fzeichen\ufffe"
XML_CLEAN_NAME = "Verein mit Steuerzeichen"
CYPHER_HOSTILE = "O'Neil \\ \"Zitat\" `tick` Zeile\nzwei\r\u2028\u2029\x85 Ende //"


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return Vocabulary.load(DATA_DIR / "vocabularies")


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory, vocabulary: Vocabulary) -> Iterator[tuple[EmbeddedStore,
                                                                                                 Snapshot]]:
    """The bundled data in an embedded store, and a snapshot of it."""
    path = tmp_path_factory.mktemp("district")
    store = EmbeddedStore(path / "store.sqlite", vocabulary)
    seed(store, vocabulary, DATA_DIR / "ludwigsburg")
    made = SnapshotFolder(path / "snapshots").create(store, "Integrationsnetzwerk Landkreis Ludwigsburg", now=NOW)
    yield store, made
    store.close()


@pytest.fixture(scope="module")
def tricky(tmp_path_factory: pytest.TempPathFactory, vocabulary: Vocabulary) -> Iterator[tuple[EmbeddedStore,
                                                                                               Snapshot]]:
    """A small network with a formula, personal data, XML-illegal characters and Cypher-hostile text."""
    path = tmp_path_factory.mktemp("tricky")
    store = EmbeddedStore(path / "store.sqlite", vocabulary)
    store.initialise()
    store.write(GraphBatch(
        actors=(
            Actor("town", "Tamm", "municipality", town="Tamm", provenance="GV-ISys",
                  properties={"ags": "08118071", "population": 12726, "lat": 48.92, "lon": 9.117}),
            Actor("f", FORMULA, "other", municipality="town", town="Tamm", provenance="+49 7141",
                  fields=("language_education",),
                  properties={"notes": "-minus", "email": "person@example.org", "contact": "Frau Beispiel",
                              "phone": "+49 7141 0"}),
            Actor("x", XML_ILLEGAL_NAME, "volunteer_group", serves=("town",), provenance="@home",
                  properties={"Träger `Name`\nzweite Zeile": CYPHER_HOSTILE}),
            Actor("h", CYPHER_HOSTILE, "counselling_service", serves_district=True, provenance="illustrative"),
        ),
        relations=(
            Relation("f", "advises", "x", since="2022-03-01", note="\tTab", provenance="Eigene Erhebung"),
            Relation("x", "cooperates_with", "h", note=CYPHER_HOSTILE, provenance="illustrative",
                     fields=("language_education",)),
            Relation("h", "funds", "town", until="2026", provenance="https://www.example.org/a ; https://x.de"),
        ),
    ))
    folder = SnapshotFolder(path / "snapshots")
    yield store, folder.create(store, "Tricky ' \" <b>", now=NOW, include_personal_data=True)
    store.close()


def all_text(path: Path) -> str:
    """A file's text; for a ZIP (XLSX, pack) the text of every entry."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    return path.read_bytes().decode("utf-8", "replace")


# -- round trips -----------------------------------------------------------------------------------------


def test_graphml_reads_the_same_in_networkx_and_igraph_with_typed_attributes(
        district: tuple[EmbeddedStore, Snapshot], vocabulary: Vocabulary, tmp_path: Path) -> None:
    import igraph

    store, made = district
    path = export_snapshot(made, "graphml", tmp_path / "g.graphml", vocabulary)[0]
    text = path.read_text(encoding="utf-8")
    assert 'attr.name="population" attr.type="long"' in text or 'attr.name="population" attr.type="int"' in text
    assert 'attr.name="serves_district" attr.type="boolean"' in text
    assert 'attr.name="lat" attr.type="double"' in text
    read = nx.read_graphml(path)
    ig = igraph.Graph.Read_GraphML(str(path))
    counts = store.stats()
    linked_fields = {lk.target for lk in made.links if lk.target_type == "FieldOfAction"}
    assert read.number_of_nodes() == ig.vcount() == counts.actors + len(made.nodes) + len(linked_fields)
    assert read.number_of_edges() == ig.ecount() == counts.relations + counts.links
    assert {n: d["type"] for n, d in read.nodes(data=True) if d["type"] != "Actor"} == \
        {n.id: n.type for n in made.nodes} | dict.fromkeys(linked_fields, "FieldOfAction")
    keys = ET.parse(path).getroot().findall("{http://graphml.graphdrawing.org/xmlns}key")
    assert len({k.get("id") for k in keys}) == len(keys)
    assert read.graph["content_hash"] == ig["content_hash"] == made.info.content_hash
    by_id = {v["id"]: v.attributes() for v in ig.vs}
    assert set(by_id) == set(read.nodes)
    for node, attrs in read.nodes(data=True):
        for key, value in attrs.items():
            assert by_id[node][key] == value, (node, key)
    nx_edges = sorted((u, v, d["type"]) for u, v, d in read.edges(data=True))
    ig_edges = sorted((ig.vs[e.source]["id"], ig.vs[e.target]["id"], e["type"]) for e in ig.es)
    assert nx_edges == ig_edges
    assert read.nodes["ags-08118048"]["population"] == 94859


def test_json_is_node_link_and_reads_back_equal_to_the_snapshot(
        district: tuple[EmbeddedStore, Snapshot], vocabulary: Vocabulary, tmp_path: Path) -> None:
    _, made = district
    path = export_snapshot(made, "json", tmp_path / "g.json", vocabulary)[0]
    data = json.loads(path.read_text(encoding="utf-8"))
    read = nx.node_link_graph(data, edges="links")
    expected = to_networkx(made.subgraph)
    plain = {n: {k: list(v) if isinstance(v, tuple) else v for k, v in d.items()} | {"label": "Actor"}
             for n, d in expected.nodes(data=True)}
    assert {n: d for n, d in read.nodes(data=True) if n in plain} == plain
    assert {n: d["label"] for n, d in read.nodes(data=True) if n not in plain and d["label"] != "FieldOfAction"} == \
        {n.id: n.type for n in made.nodes}
    links = {(lk.source, lk.target, lk.type) for lk in made.links}
    assert sorted(e for e in read.edges(keys=True) if e not in links) == sorted(expected.edges(keys=True))
    assert links <= set(read.edges(keys=True))
    assert data["graph"]["id"] == made.id and data["graph"]["personal_data_included"] is False


def test_gexf_is_version_1_3_with_positions_colours_and_typed_attributes(
        district: tuple[EmbeddedStore, Snapshot], vocabulary: Vocabulary, tmp_path: Path) -> None:
    store, made = district
    path = export_snapshot(made, "gexf", tmp_path / "g.gexf", vocabulary)[0]
    root = ET.parse(path).getroot()
    assert root.tag == "{http://gexf.net/1.3}gexf" and root.get("version") == "1.3"
    read = nx.read_gexf(path, version="1.3")
    linked_fields = {lk.target for lk in made.links if lk.target_type == "FieldOfAction"}
    assert read.number_of_nodes() == store.stats().actors + len(made.nodes) + len(linked_fields)
    assert read.number_of_edges() == store.stats().relations + store.stats().links
    assert all(d["type"] for _, d in read.nodes(data=True))
    node = read.nodes["ags-08118048"]
    assert node["label"] == "Ludwigsburg" and node["population"] == 94859 and node["kind"] == "municipality"
    x, y = made.positions["ags-08118048"]
    assert node["viz"]["position"]["x"] == x and node["viz"]["position"]["y"] == -y
    assert {d["type"] for _, _, d in read.edges(data=True)} <= {*vocabulary.relation_types.ids(),
                                                                *vocabulary.schema.link_types}
    assert path.read_bytes() == export_snapshot(made, "gexf", tmp_path / "again.gexf", vocabulary)[0].read_bytes()


def test_xlsx_has_the_four_sheets_and_imports_back_into_an_empty_store(
        district: tuple[EmbeddedStore, Snapshot], vocabulary: Vocabulary, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    store, made = district
    path = export_snapshot(made, "xlsx", tmp_path / "network.xlsx", vocabulary)[0]
    book = load_workbook(path)
    plurals = [t.plural_de for t in vocabulary.schema.node_only_types if any(n.type == t.id for n in made.nodes)]
    assert book.sheetnames == ["actors", "relations", *plurals, "Verknüpfungen", "key figures", "gaps"]
    figures = {row[0]: row[1] for row in book["key figures"].iter_rows(min_row=2, values_only=True)}
    assert figures["Akteure"] == store.stats().actors and figures["Snapshot"] == made.id
    gaps = list(book["gaps"].iter_rows(values_only=True))
    assert len(gaps) == 1 + 39 * 4
    target = tmp_path / "fresh.sqlite"
    code, _, err = run("--store", str(target), "import", str(path))
    assert code == 0, err
    assert stats(str(target)) == store.stats().as_dict()


# -- safety ---------------------------------------------------------------------------------------------


def test_csv_and_xlsx_neutralise_formulas(tricky: tuple[EmbeddedStore, Snapshot], vocabulary: Vocabulary,
                                         tmp_path: Path) -> None:
    from openpyxl import load_workbook

    _, made = tricky
    export_snapshot(made, "csv", tmp_path / "csv", vocabulary)
    rows = {r["id"]: r for r in csv.DictReader((tmp_path / "csv" / "actors.csv").open(encoding="utf-8"))}
    assert rows["f"]["name"] == "'" + FORMULA
    assert rows["f"]["provenance"] == "'+49 7141" and rows["f"]["notes"] == "'-minus"
    assert rows["x"]["provenance"] == "'@home"
    relations = list(csv.DictReader((tmp_path / "csv" / "relations.csv").open(encoding="utf-8")))
    assert [r["note"] for r in relations if r["from"] == "f"] == ["'\tTab"]

    book = load_workbook(export_snapshot(made, "xlsx", tmp_path / "t.xlsx", vocabulary)[0])
    sheet = book["actors"]
    headers = [c.value for c in sheet[1]]
    cells = {row[0].value: dict(zip(headers, row, strict=True)) for row in sheet.iter_rows(min_row=2)}
    name = cells["f"]["name"]
    assert name.value == "'" + FORMULA and name.data_type == "s"
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert cells["town"]["population"].value == 12726  # numbers stay numbers


def test_no_personal_field_in_any_default_export(tricky: tuple[EmbeddedStore, Snapshot], vocabulary: Vocabulary,
                                                 tmp_path: Path) -> None:
    _, made = tricky
    assert made.info.personal_data_included
    for fmt in EXPORT_FORMATS:
        for path in export_snapshot(made, fmt, tmp_path / fmt, vocabulary):
            text = all_text(path)
            for secret in ("person@example.org", "Frau Beispiel", "+49 7141 0"):
                assert secret not in text, (fmt, path.name, secret)
    with_data = export_snapshot(made, "csv", tmp_path / "with", vocabulary, include_personal_data=True)
    assert "person@example.org" in with_data[0].read_text(encoding="utf-8")


def test_xml_formats_carry_no_character_xml_forbids(tricky: tuple[EmbeddedStore, Snapshot], vocabulary: Vocabulary,
                                                    tmp_path: Path) -> None:
    _, made = tricky
    for fmt in ("graphml", "gexf", "svg"):
        path = export_snapshot(made, fmt, tmp_path / f"t.{fmt}", vocabulary)[0]
        ET.parse(path)  # well-formed
        text = path.read_text(encoding="utf-8")
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", text), fmt
    graphml = nx.read_graphml(tmp_path / "t.graphml")
    assert graphml.nodes["x"]["name"] == XML_CLEAN_NAME
    gexf = nx.read_gexf(tmp_path / "t.gexf", version="1.3")
    assert gexf.nodes["x"]["label"] == XML_CLEAN_NAME
    from openpyxl import load_workbook

    book = load_workbook(export_snapshot(made, "xlsx", tmp_path / "t.xlsx", vocabulary)[0])
    assert XML_CLEAN_NAME in [c.value for c in book["actors"]["B"]]


def test_cypher_script_lines_are_whole_statements_or_comments_and_literals_round_trip(
        tricky: tuple[EmbeddedStore, Snapshot], vocabulary: Vocabulary, tmp_path: Path) -> None:
    _, made = tricky
    path = export_snapshot(made, "cypher", tmp_path / "t.cypher", vocabulary)[0]
    raw = path.read_text(encoding="utf-8")
    lines = raw.split("\n")
    assert raw.splitlines() == lines[:-1], "a literal holds a character that some reader takes for a line break"
    statements = [line for line in lines if line and not line.startswith("//")]
    assert all(line.endswith(";") for line in statements)
    assert all(line.startswith(("MERGE ", "MATCH ", "CREATE CONSTRAINT ", "CREATE INDEX ")) for line in statements)
    assert all(line.startswith("// ") for line in lines if line.startswith("/"))
    assert not any("$" in line for line in statements), "parameter-free"
    literals = [decode(lit) for line in statements for lit in string_literals(line)]
    assert CYPHER_HOSTILE in literals and XML_ILLEGAL_NAME in literals and FORMULA in literals
    assert "`Träger ``Name`` zweite Zeile`: " in raw
    types = set(re.findall(r"\[r:(\w+)\]", raw))
    assert types == {"ADVISES", "COOPERATES_WITH", "FUNDS"}


def test_cypher_refuses_a_type_outside_the_vocabulary(tricky: tuple[EmbeddedStore, Snapshot]) -> None:
    from graph.errors import VocabularyError
    from graph.model.vocabulary import Term

    _, made = tricky
    small = Vocabulary([Term("municipality", "M", "K"), Term("other", "O", "S")], [Term("funds", "f", "f")],
                       [Term("language_education", "L", "S")])
    with pytest.raises(VocabularyError, match="advises"):
        list(cypher_statements(made, small))


_LITERAL = re.compile(r"'((?:[^'\\]|\\.)*)'")


def string_literals(line: str) -> list[str]:
    return _LITERAL.findall(line)


def decode(body: str) -> str:
    """Cypher's string escapes, undone."""
    simple = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}
    out, i = [], 0
    while i < len(body):
        if body[i] == "\\":
            if body[i + 1] == "u":
                out.append(chr(int(body[i + 2 : i + 6], 16)))
                i += 6
                continue
            out.append(simple[body[i + 1]])
            i += 2
            continue
        out.append(body[i])
        i += 1
    return "".join(out)


# -- figures, map, pack ---------------------------------------------------------------------------------


def test_the_same_snapshot_gives_byte_identical_svg_and_pdf(district: tuple[EmbeddedStore, Snapshot],
                                                           tricky: tuple[EmbeddedStore, Snapshot],
                                                           vocabulary: Vocabulary, tmp_path: Path) -> None:
    _, made = district
    first = export_snapshot(made, "svg", tmp_path / "a.svg", vocabulary)[0].read_bytes()
    second = export_snapshot(made, "svg", tmp_path / "b.svg", vocabulary)[0].read_bytes()
    assert first == second
    assert b"Integrationsnetzwerk Landkreis Ludwigsburg" in first  # the title, in the metadata
    assert not re.search(rb"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", first), "no creation time in the file"
    small = tricky[1]
    pdf = [export_snapshot(small, "pdf", tmp_path / f"{n}.pdf", vocabulary)[0].read_bytes() for n in "ab"]
    assert pdf[0] == pdf[1] and pdf[0].startswith(b"%PDF")


def test_the_png_figure_is_a4_landscape_at_print_resolution(tricky: tuple[EmbeddedStore, Snapshot],
                                                            vocabulary: Vocabulary, tmp_path: Path) -> None:
    from PIL import Image

    _, made = tricky
    path = export_snapshot(made, "png", tmp_path / "f.png", vocabulary, language="en")[0]
    with Image.open(path) as image:
        width, height = image.size
    assert (round(width / 300 * 25.4), round(height / 300 * 25.4)) == (297, 210)


def test_html_map_is_standalone(tricky: tuple[EmbeddedStore, Snapshot], vocabulary: Vocabulary,
                                tmp_path: Path) -> None:
    _, made = tricky
    html = export_snapshot(made, "html", tmp_path / "map.html", vocabulary)[0].read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert not re.search(r"<script[^>]*\ssrc\s*=", html, re.IGNORECASE)
    assert not re.search(r"<link[^>]*stylesheet", html, re.IGNORECASE)
    assert not re.search(r"(src|href)\s*=\s*[\"']?https?://", html, re.IGNORECASE)
    assert "@import" not in html


def test_the_report_pack_holds_figures_workbook_methods_notes_and_metadata(
        district: tuple[EmbeddedStore, Snapshot], vocabulary: Vocabulary, tmp_path: Path) -> None:
    store, made = district
    path = export_snapshot(made, "pack", tmp_path, vocabulary)[0]
    assert path.name == f"integranet-{made.id}.zip"
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == list(PACK_FILES)
        assert archive.read("network.png").startswith(b"\x89PNG")
        assert archive.read("network.pdf").startswith(b"%PDF")
        metadata = json.loads(archive.read("snapshot.json"))
        german = archive.read("methods-de.md").decode("utf-8")
        english = archive.read("methods-en.md").decode("utf-8")
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(archive.read("network.xlsx")))
    # No file path in an export: the store is named by its kind and name.
    assert {k: v for k, v in metadata.items() if k != "positions"} == {**made.info.as_dict(), "store": "embedded store"}
    assert set(metadata["positions"]) == {a.id for a in store.actors()}
    illustrative = sum(1 for r in store.relations() if r.is_illustrative)
    total = store.stats().relations
    assert f"{illustrative} von {total} Verbindungen" in german
    assert f"{illustrative} of {total} ties" in english
    assert "Stichtag der Einwohnerzahlen: 31.12.2023" in german
    assert "landkreis-ludwigsburg.de" in german and "## Sources" in english
    assert "nicht enthalten" in german
    assert book.sheetnames[:2] == ["actors", "relations"] and book.sheetnames[-2:] == ["key figures", "gaps"]


def test_methods_note_escapes_markup_from_the_data(tricky: tuple[EmbeddedStore, Snapshot],
                                                   vocabulary: Vocabulary) -> None:
    from graph.exports.methods_note import methods_note

    _, made = tricky
    note = methods_note(made, vocabulary, "en")
    assert "\\<b\\>" in note and "<b>" not in note


def test_export_rejects_unknown_formats_and_unwritable_paths(tricky: tuple[EmbeddedStore, Snapshot],
                                                             vocabulary: Vocabulary, tmp_path: Path) -> None:
    _, made = tricky
    with pytest.raises(ExportError, match="choose one of: graphml, gexf"):
        export_snapshot(made, "docx", tmp_path / "x", vocabulary)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="Cannot write"):
        export_snapshot(made, "json", blocker / "sub" / "x.json", vocabulary)


def test_export_bytes_for_downloads(tricky: tuple[EmbeddedStore, Snapshot], vocabulary: Vocabulary) -> None:
    _, made = tricky
    csv_zip = export_bytes(made, "csv", vocabulary)
    assert csv_zip.media_type == "application/zip"
    with zipfile.ZipFile(io.BytesIO(csv_zip.data)) as archive:
        assert archive.namelist() == ["actors.csv", "relations.csv"]
    page = export_bytes(made, "html", vocabulary)
    assert page.name.endswith(".html") and page.data.startswith(b"<!DOCTYPE html>")


def test_diff_figure_and_table(district: tuple[EmbeddedStore, Snapshot], vocabulary: Vocabulary,
                               tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from graph.exports.formats import export_diff
    from graph.model.domain import Subgraph

    _, made = district
    smaller = Snapshot(made.info, made.fields, Subgraph(made.subgraph.actors[1:], made.subgraph.relations[5:]),
                       made.positions, made.nodes, made.links)
    difference = diff_snapshots(smaller, made)
    svg = export_diff(difference, "svg", tmp_path / "d.svg", vocabulary)
    ET.parse(svg)
    book = load_workbook(export_diff(difference, "xlsx", tmp_path / "d.xlsx", vocabulary, language="en"))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "change" and len(rows) == 1 + 1 + 5


# -- the live store through the command line ---------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "gexf", "cypher", "html"])
def test_live_export_writes_every_format(fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTEGRANET_SNAPSHOT_DIR", str(tmp_path / "snapshots"))
    store = str(tmp_path / "s.sqlite")
    assert run("--store", store, "seed")[0] == 0
    out = tmp_path / f"out.{fmt}"
    code, stdout, err = run("--store", store, "export", "--format", fmt, "--out", str(out), "--language", "en")
    assert code == 0, err
    assert stdout.strip() == f"Wrote {out}" and out.stat().st_size > 1000
    assert not (tmp_path / "snapshots").exists(), "a live export saves no snapshot"
