"""The schema as data: the bundled schema files load, bad ones are refused with file, line and what to fix,
and a district adds a node type or a property by editing the files alone."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from graph.errors import VocabularyError
from graph.model.schema import Schema
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR

VOCABULARIES = DATA_DIR / "vocabularies"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "vocabularies"
    shutil.copytree(VOCABULARIES, copy)
    return copy


def append(path: Path, row: dict[str, str]) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, header).writerow(row)


def test_the_bundled_schema_has_the_types_of_the_knowledge_graph() -> None:
    schema = Vocabulary.load(VOCABULARIES).schema
    assert list(schema.node_types) == [
        "Actor", "FieldOfAction", "Region", "Format", "Event", "Document", "Offer", "Programme", "Recommendation",
        "Indicator",
    ]
    assert [t.id for t in schema.node_only_types][:2] == ["Region", "Format"]
    offer = schema.node_type("Offer")
    assert offer.spec("status") is not None and offer.spec("status").required  # type: ignore[union-attr]
    assert [p.name for p in offer.link_columns] == ["providers", "municipalities", "fields", "programmes"]
    assert "providers" not in [p.name for p in offer.stored_properties]
    assert schema.node_type("Actor").personal_properties == ("contact", "email", "phone")
    assert schema.link_type("CONCERNS").joins("Offer", "FieldOfAction")
    assert not schema.link_type("CONCERNS").joins("Actor", "FieldOfAction")
    assert schema.terms["offer_status"].ids() == ("offered", "not_offered", "planned", "ended")
    assert schema.term_label("offer_status", "not_offered", "de") == "Bestätigt nicht angeboten"


def test_every_link_column_names_a_link_that_may_start_or_end_at_its_type() -> None:
    schema = Vocabulary.load(VOCABULARIES).schema
    for node_type in schema.node_types.values():
        for column in node_type.link_columns:
            link = schema.link_type(column.link_type)
            side = link.from_types if column.direction == "out" else link.to_types
            assert node_type.id in side, (node_type.id, column.name)


def test_properties_are_checked_against_data_type_vocabulary_and_required() -> None:
    schema = Vocabulary.load(VOCABULARIES).schema
    assert schema.check_properties("Offer", {"status": "not_offered", "language_levels": ("b1", "b2")}) == []
    problems = dict(schema.check_properties("Offer", {"language_levels": ("b7",), "start": "31.12.2025"}))
    assert set(problems) == {"status", "language_levels", "start"}
    assert "required" in problems["status"]
    assert "b7" in problems["language_levels"] and "a1" in problems["language_levels"]
    assert "YYYY-MM-DD" in problems["start"]
    assert schema.check_properties("Indicator", {
        "measure": "foreign_share", "value": 19.16, "unit": "percent", "reference_date": "2021-12-31"}) == []
    assert dict(schema.check_properties("Indicator", {
        "measure": "foreign_share", "value": "19,16", "unit": "percent", "reference_date": "2021-12-31"}))
    assert schema.check_properties("Offer", {"status": "offered", "district_wide": "ja"})
    with pytest.raises(VocabularyError, match="not a node type"):
        schema.check_properties("Meeting", {})


def test_labels_and_types_reach_queries_only_when_the_schema_has_them() -> None:
    schema = Vocabulary.load(VOCABULARIES).schema
    assert schema.neo4j_label("Event") == "Event"
    assert schema.neo4j_link_type("PART_OF") == "PART_OF"
    with pytest.raises(VocabularyError):
        schema.neo4j_label("Event`) DETACH DELETE (n")
    with pytest.raises(VocabularyError):
        schema.neo4j_link_type("PART_OF]->() DELETE x//")


def test_a_district_adds_a_node_type_and_a_property_by_editing_data(folder: Path) -> None:
    append(folder / "node_types.csv", {
        "id": "Venue", "label_en": "Venue", "label_de": "Veranstaltungsort", "plural_en": "Venues",
        "plural_de": "Veranstaltungsorte", "id_prefix": "venue", "stored_as": "node", "source": "test"})
    append(folder / "node_properties.csv", {
        "node_type": "Venue", "property": "address", "label_en": "Address", "label_de": "Adresse",
        "datatype": "text", "required": "ja", "personal": "nein"})
    append(folder / "node_properties.csv", {
        "node_type": "Offer", "property": "fee", "label_en": "Fee", "label_de": "Gebühr", "datatype": "number",
        "required": "no", "personal": "no"})
    schema = Vocabulary.load(folder).schema
    assert schema.node_type("Venue").plural("de") == "Veranstaltungsorte"
    assert schema.check_properties("Venue", {}) == [("address", "address is required for a Venue.")]
    assert schema.node_type("Offer").spec("fee") is not None


@pytest.mark.parametrize(
    ("file", "row", "message"),
    [
        ("node_properties.csv", {"node_type": "Offer", "property": "fee", "datatype": "money"}, "unknown datatype"),
        ("node_properties.csv", {"node_type": "Venue", "property": "x", "datatype": "text"}, "unknown node type"),
        ("node_properties.csv", {"node_type": "Offer", "property": "kind2", "datatype": "term",
                                 "vocabulary": "nope"}, "vocabulary 'nope'"),
        ("node_properties.csv", {"node_type": "Offer", "property": "x", "datatype": "text", "required": "maybe"},
         "not yes or no"),
        ("node_properties.csv", {"node_type": "Offer", "property": "host", "datatype": "link",
                                 "link_type": "ORGANISES", "direction": "in"}, "cannot in at Offer"),
        ("link_types.csv", {"id": "HOSTS", "from_types": "Actor", "to_types": "Venue"}, "unknown node type"),
        ("link_types.csv", {"id": "LOCATED_IN", "from_types": "Offer", "to_types": "Actor"}, "reserved"),
        ("link_types.csv", {"id": "bad-type", "from_types": "Offer", "to_types": "Actor"}, "not a valid link type"),
        ("node_types.csv", {"id": "Offer", "label_en": "Offer", "label_de": "Angebot"}, "appears twice"),
        ("node_types.csv", {"id": "Venue`x", "label_en": "V", "label_de": "V", "id_prefix": "v"}, "valid type id"),
        ("node_types.csv", {"id": "Venue", "label_en": "V", "label_de": "V"}, "needs an id_prefix"),
    ],
)
def test_a_bad_schema_file_is_refused_with_what_to_fix(folder: Path, file: str, row: dict[str, str],
                                                       message: str) -> None:
    append(folder / file, row)
    with pytest.raises(VocabularyError, match=message):
        Schema.load(folder)


def test_a_relation_type_may_not_also_be_a_link_type(folder: Path) -> None:
    append(folder / "relation_types.csv", {"id": "part_of", "label_en": "part of", "label_de": "Teil von"})
    with pytest.raises(VocabularyError, match="also a link type"):
        Vocabulary.load(folder)


def test_without_schema_files_the_schema_knows_actors_and_fields_only(folder: Path) -> None:
    for name in ("node_types.csv", "node_properties.csv", "link_types.csv", "node_terms.csv"):
        (folder / name).unlink()
    schema = Vocabulary.load(folder).schema
    assert list(schema.node_types) == ["Actor", "FieldOfAction"]
    assert schema.node_only_types == ()
    (folder / "node_types.csv").write_text("id,label_en,label_de\n", encoding="utf-8")
    with pytest.raises(VocabularyError, match="Schema file not found"):
        Schema.load(folder)
