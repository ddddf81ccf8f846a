"""Tables of the other node types: their names, their columns, their cells, seeding them and loading them in order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graph.errors import ConfigurationError
from graph.model.schema import Schema
from graph.model.terms import normalise_label
from graph.model.vocabulary import Vocabulary
from graph.store.embedded import EmbeddedStore
from importers.columns import Role, header_key
from importers.load import load_plan
from importers.node_tables import TableKind, node_column_index, table_kind
from importers.records import plan_import
from importers.seed import load_dataset, seed
from importers.values import CellError, cell_text, parse_boolean, parse_full_date, parse_number
from tests.support import WriteFile

# --- which table is which --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "kind"), [
    ("formats", TableKind(Role.NODES, "Format")), ("Formate", TableKind(Role.NODES, "Format")),
    (" FORMAT ", TableKind(Role.NODES, "Format")), ("events", TableKind(Role.NODES, "Event")),
    ("Veranstaltungen", TableKind(Role.NODES, "Event")), ("Kennzahlen", TableKind(Role.NODES, "Indicator")),
    ("indicators", TableKind(Role.NODES, "Indicator")), ("Figures", TableKind(Role.NODES, "Indicator")),
    ("Programme", TableKind(Role.NODES, "Programme")), ("Empfehlungen", TableKind(Role.NODES, "Recommendation")),
    ("links", TableKind(Role.LINKS)), ("Verknüpfungen", TableKind(Role.LINKS)),
    ("Akteure", None), ("relations", None), ("Handlungsfelder", None), ("Notizen", None), ("", None),
])
def test_a_table_is_named_after_its_type(vocabulary: Vocabulary, name: str, kind: TableKind | None) -> None:
    assert table_kind(name, vocabulary.schema) == kind


def test_type_may_also_name_actors_and_relations(vocabulary: Vocabulary) -> None:
    schema = vocabulary.schema
    assert table_kind("Akteure", schema, any_role=True) == TableKind(Role.ACTORS)
    assert table_kind("Beziehungen", schema, any_role=True) == TableKind(Role.RELATIONS)
    assert table_kind("Handlungsfelder", schema, any_role=True) is None  # fields come from the vocabulary


def test_every_name_of_every_node_type_names_only_that_type(vocabulary: Vocabulary) -> None:
    schema = vocabulary.schema
    for node_type in schema.node_only_types:
        for name in (node_type.id, node_type.label_en, node_type.label_de, node_type.plural_en, node_type.plural_de):
            assert table_kind(name, schema) == TableKind(Role.NODES, node_type.id), name


def test_every_property_is_found_by_its_name_and_both_labels(vocabulary: Vocabulary) -> None:
    for node_type in vocabulary.schema.node_only_types:
        index = node_column_index(node_type)
        for spec in node_type.properties:
            for header in (spec.name, spec.label_en, spec.label_de, spec.label_de.upper()):
                assert index[header_key(header)] == spec.name, (node_type.id, header)
        for header, canonical in (("Kennung", "id"), ("Name", "name"), ("Quelle", "provenance"),
                                  ("Bestätigt am", "confirmed"), ("confirmed", "confirmed")):
            assert index[header_key(header)] == canonical


def test_a_district_schema_with_its_own_type_imports_it(tmp_path: Path, write_file: WriteFile) -> None:
    folder = tmp_path / "vocab"
    source = Path(__file__).resolve().parents[2] / "data" / "vocabularies"
    folder.mkdir()
    for path in source.glob("*.csv"):
        (folder / path.name).write_bytes(path.read_bytes())
    with (folder / "node_types.csv").open("a", encoding="utf-8") as handle:
        handle.write("Project,Project,Projekt,Projects,Projekte,project,node,,district\n")
    with (folder / "node_properties.csv").open("a", encoding="utf-8") as handle:
        handle.write("Project,budget,Budget,Budget,number,yes,no,,,,\n")
    vocabulary = Vocabulary.load(folder)
    assert isinstance(vocabulary.schema, Schema)
    plan = plan_import([write_file("Projekte.csv", "Name;Budget\nSprachbrücke;12.500,50\n")], vocabulary,
                       imported_at="2025-01-15T09:30:00+00:00")
    assert plan.problems == ()
    assert [(n.type, n.name, dict(n.properties)) for n in plan.nodes] == [("Project", "Sprachbrücke",
                                                                          {"budget": 12500.5})]


# --- cells -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "number"), [
    ("19,16", 19.16), ("19.16", 19.16), ("1.234,5", 1234.5), ("1,234.5", 1234.5), ("104 360", 104360),
    ("104\u202f360", 104360), ("21,51 %", 21.51), ("1.234.567", 1234567), ("-3", -3), (119120.0, 119120),
    (0.5, 0.5), (7, 7),
])
def test_numbers_with_a_decimal_comma_or_point(value: object, number: float) -> None:
    parsed = parse_number(value)
    assert parsed == number and type(parsed) is type(number)


def test_a_dot_before_three_digits_is_read_only_when_the_file_says_how() -> None:
    with pytest.raises(CellError, match=r"104360.*104,360"):
        parse_number("104.360")
    assert parse_number("104.360", decimal_comma=True) == 104360
    assert parse_number("104.360", decimal_comma=False) == 104.36


@pytest.mark.parametrize("value", ["viel", "1,2,3", "1.2.3", "", True, float("nan"), "1.234,5,6"])
def test_what_is_not_a_number(value: object) -> None:
    with pytest.raises(CellError):
        parse_number(value)


@pytest.mark.parametrize(("value", "flag"), [("ja", True), ("Nein", False), ("x", True), ("YES", True),
                                             ("no", False), ("WAHR", True), ("falsch", False), (1, True),
                                             (0, False), (True, True)])
def test_yes_and_no(value: object, flag: bool) -> None:
    assert parse_boolean(value) is flag


def test_what_is_not_yes_or_no() -> None:
    with pytest.raises(CellError, match="ja or nein"):
        parse_boolean("vielleicht")


def test_a_whole_date_from_text_or_a_date_cell() -> None:
    assert parse_full_date("17.05.2021") == parse_full_date(dt.datetime(2021, 5, 17)) == "2021-05-17"
    assert parse_full_date("2021-05-17") == parse_full_date(dt.date(2021, 5, 17)) == "2021-05-17"
    for partial in ("05.2021", "2021", 2021):
        with pytest.raises(CellError, match="whole date"):
            parse_full_date(partial)


def test_a_time_cell_reads_as_excel_shows_it() -> None:
    assert (cell_text(dt.time(17, 30)), cell_text(dt.time(9, 5, 30))) == ("17:30", "09:05:30")


# --- seeding and loading ---------------------------------------------------------------------------------------


def _dataset(folder: Path, nodes: str) -> Path:
    folder.mkdir()
    (folder / "dataset.toml").write_text(f'name = "Test"\nactors = ["actors.csv"]\nnodes = [{nodes}]\n'
                                         'links = ["links.csv"]\n', encoding="utf-8")
    (folder / "actors.csv").write_text("id,name,kind\nlra,Landratsamt,district_office\n", encoding="utf-8")
    (folder / "formats.csv").write_text("id,name,kind,organisers\nnl,Newsletter,newsletter,lra\n", encoding="utf-8")
    (folder / "events.csv").write_text("id,name,kind,start,format\ne1,Ausgabe 1,other,2025-03-01,Newsletter\n",
                                       encoding="utf-8")
    (folder / "links.csv").write_text("from,type,to,provenance\ne1,CONCERNS,language_education,Heft\n",
                                      encoding="utf-8")
    return folder


def test_seed_loads_the_nodes_and_links_a_dataset_names(vocabulary: Vocabulary, tmp_path: Path) -> None:
    folder = _dataset(tmp_path / "data", '"formats.csv", "events.csv"')
    dataset = load_dataset(folder)
    assert [p.name for p in dataset.node_files] == ["formats.csv", "events.csv"]
    assert [p.name for p in dataset.link_files] == ["links.csv"]
    with EmbeddedStore(tmp_path / "s.sqlite", vocabulary) as store:
        plan, result = seed(store, vocabulary, folder)
        assert plan.problems == ()
        assert (result.actors, result.nodes, result.links) == (1, {"Format": 1, "Event": 1}, 3)
        first = store.stats()
        seed(store, vocabulary, folder)
        assert store.stats() == first  # seeding twice changes nothing
        assert {lk.key for lk in store.links()} == {("lra", "ORGANISES", "nl"), ("e1", "INSTANCE_OF", "nl"),
                                                    ("e1", "CONCERNS", "language_education")}


def test_a_dataset_node_file_must_be_named_after_its_type(vocabulary: Vocabulary, tmp_path: Path) -> None:
    folder = _dataset(tmp_path / "data", '"formats.csv"')
    (folder / "formats.csv").rename(folder / "termine.csv")
    (folder / "dataset.toml").write_text('nodes = ["termine.csv"]\n', encoding="utf-8")
    with EmbeddedStore(tmp_path / "s.sqlite", vocabulary) as store, \
            pytest.raises(ConfigurationError, match=r"termine\.csv names no node type"):
        seed(store, vocabulary, folder)


def test_a_large_import_is_written_in_batches_each_after_what_it_needs(vocabulary: Vocabulary,
                                                                       write_file: WriteFile, tmp_path: Path) -> None:
    actors = write_file("a.csv", "id;name;kind\n" + "".join(f"a{i};A{i};other\n" for i in range(5)))
    formats = write_file("formate.csv", "id;Name;Art;Organisiert von\n" + "".join(
        f"f{i};F{i};Newsletter;a{i}|a{(i + 1) % 5}\n" for i in range(5)))
    plan = plan_import([actors, formats], vocabulary)
    assert len(plan.links) == 10 and normalise_label(plan.nodes[0].name) == "f0"
    with EmbeddedStore(tmp_path / "s.sqlite", vocabulary) as store:
        result = load_plan(plan, store, batch_size=4)
        assert result.batches == 2 + 2 + 3  # actors, then nodes, then links, four at a time
        assert len(store.links()) == 10 and len(store.nodes()) == 5
