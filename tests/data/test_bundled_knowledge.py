"""The bundled Ludwigsburg knowledge files against the schema, read as plain CSV (no importer involved).

Every node file of ``dataset.toml`` parses, names its node type by its stem, has only declared columns, term
values from their vocabularies, the required properties, a provenance on every row, and link-column ids that
resolve to a bundled actor, field of action or node; ``links.csv`` joins only what its link type may join.
Then the facts of issue 10 are checked one by one, so a lost row fails here and not on a page.
"""

from __future__ import annotations

import csv
import datetime as dt
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from graph.model.schema import FIELD_TYPE, NodeType, PropertySpec, Schema
from graph.settings import DATA_DIR

DATASET = DATA_DIR / "ludwigsburg"
BASE_COLUMNS = ("id", "name", "provenance", "confirmed")
LINK_COLUMNS = ("from", "type", "to", "provenance", "confirmed", "note")
FIELDS = ("housing_living_together", "language_education", "work_training", "culture_leisure_sport")


@dataclass(frozen=True)
class Row:
    """One row of a node file: its type, file, line and cells."""

    type: str
    file: str
    line: int
    cells: dict[str, str]

    @property
    def id(self) -> str:
        return self.cells["id"]

    def values(self, column: str) -> tuple[str, ...]:
        return tuple(v.strip() for v in self.cells.get(column, "").split("|") if v.strip())


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        text = handle.read()
    assert not text.startswith("\ufeff"), f"{path.name}: no BOM"
    reader = csv.DictReader(text.splitlines(), strict=True)
    rows = list(reader)
    header = list(reader.fieldnames or ())
    for number, row in enumerate(rows, 2):
        assert None not in row and len(row) == len(header), f"{path.name}:{number}: wrong number of cells"
    return header, rows


@pytest.fixture(scope="module")
def schema() -> Schema:
    return Schema.load(DATA_DIR / "vocabularies")


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    return tomllib.loads((DATASET / "dataset.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rows(schema: Schema, manifest: dict[str, Any]) -> list[Row]:
    # The agreed stem is the type's English plural; Indicator's label is "Figure", so its id's plural counts too.
    by_stem = {stem: t for t in schema.node_only_types for stem in (t.plural_en.lower(), f"{t.id.lower()}s")}
    found: list[Row] = []
    for name in manifest["nodes"]:
        node_type = by_stem.get(Path(name).stem)
        assert node_type is not None, f"{name}: the stem is no node type's plural ({', '.join(by_stem)})"
        header, cells = read_csv(DATASET / name)
        assert header[:4] == list(BASE_COLUMNS), f"{name}: starts with {', '.join(BASE_COLUMNS)}"
        declared = {p.name for p in node_type.properties}
        assert not set(header[4:]) - declared, f"{name}: undeclared columns {set(header[4:]) - declared}"
        found.extend(Row(node_type.id, name, line, row) for line, row in enumerate(cells, 2))
    return found


@pytest.fixture(scope="module")
def nodes(rows: list[Row]) -> dict[str, Row]:
    return {row.id: row for row in rows}


@pytest.fixture(scope="module")
def actor_ids() -> set[str]:
    _, organisations = read_csv(DATASET / "organisations.csv")
    _, municipalities = read_csv(DATASET / "municipalities.csv")
    return {r["id"] for r in organisations} | {f"ags-{r['ags']}" for r in municipalities}


@pytest.fixture(scope="module")
def field_ids() -> set[str]:
    return {r["id"] for r in read_csv(DATA_DIR / "vocabularies" / "fields_of_action.csv")[1]}


def parsed(spec: PropertySpec, text: str) -> Any:
    """The cell as the stored value the schema checks (the importer's parsing, reduced to what the files use)."""
    if spec.datatype == "number":
        return float(text)
    if spec.datatype == "integer":
        return int(text)
    if spec.datatype == "boolean":
        return {"yes": True, "no": False}.get(text, text)
    if spec.datatype in ("terms", "list"):
        return tuple(v.strip() for v in text.split("|") if v.strip())
    return text


def type_of(identifier: str, nodes: dict[str, Row], actor_ids: set[str], field_ids: set[str]) -> str | None:
    if identifier in nodes:
        return nodes[identifier].type
    if identifier in actor_ids:
        return "Actor"
    return FIELD_TYPE if identifier in field_ids else None


def link_columns(node_type: NodeType, row: Row) -> Iterator[tuple[PropertySpec, str]]:
    for spec in node_type.link_columns:
        for target in row.values(spec.name):
            yield spec, target


# -- the files against the schema ----------------------------------------------------------------------------


def test_every_node_file_of_the_folder_is_in_the_manifest(manifest: dict[str, Any]) -> None:
    others = {"municipalities.csv", "organisations.csv", "relations.csv", "relations_illustrative.csv",
              *manifest["links"]}
    assert {p.name for p in DATASET.glob("*.csv")} - others == set(manifest["nodes"])
    assert manifest["links"] == ["links.csv"]


def test_ids_are_unique_readable_and_carry_the_type_prefix(schema: Schema, rows: list[Row],
                                                          actor_ids: set[str]) -> None:
    ids = [row.id for row in rows]
    assert len(ids) == len(set(ids)), "an id appears twice"
    assert not set(ids) & actor_ids, "a node id is also an actor id"
    for row in rows:
        prefix = schema.node_type(row.type).id_prefix
        assert row.id.startswith(f"{prefix}-"), f"{row.file}:{row.line}: id starts with {prefix}-"
        assert row.id == row.id.lower() and " " not in row.id, f"{row.file}:{row.line}: a lower-case slug"


def test_every_row_has_a_name_a_provenance_and_no_invented_confirmation(rows: list[Row]) -> None:
    for row in rows:
        assert row.cells["name"].strip(), f"{row.file}:{row.line}: name"
        assert row.cells["provenance"].strip(), f"{row.file}:{row.line}: provenance"
        assert row.cells["provenance"] != "illustrative", f"{row.file}:{row.line}: bundled facts are sourced"
        assert row.cells["confirmed"] == "", f"{row.file}:{row.line}: confirmed stays empty"


def test_properties_have_their_datatype_vocabulary_and_required_values(schema: Schema, rows: list[Row]) -> None:
    for row in rows:
        node_type = schema.node_type(row.type)
        properties = {
            spec.name: parsed(spec, row.cells[spec.name].strip())
            for spec in node_type.stored_properties if row.cells.get(spec.name, "").strip()
        }
        assert schema.check_properties(row.type, properties) == [], f"{row.file}:{row.line}"
        for spec in node_type.link_columns:
            if spec.required:
                assert row.values(spec.name), f"{row.file}:{row.line}: {spec.name} is required"


def test_dates_are_iso_and_periods_do_not_run_backwards(schema: Schema, rows: list[Row]) -> None:
    for row in rows:
        for spec in schema.node_type(row.type).stored_properties:
            if spec.datatype == "date" and row.cells.get(spec.name):
                dt.date.fromisoformat(row.cells[spec.name])
        if row.cells.get("start") and row.cells.get("end"):
            assert row.cells["start"] <= row.cells["end"], f"{row.file}:{row.line}"


def test_link_columns_resolve_to_bundled_rows_of_a_type_the_link_may_join(
    schema: Schema, manifest: dict[str, Any], rows: list[Row], nodes: dict[str, Row], actor_ids: set[str],
    field_ids: set[str],
) -> None:
    order = {name: index for index, name in enumerate(manifest["nodes"])}
    for row in rows:
        node_type = schema.node_type(row.type)
        for spec, target in link_columns(node_type, row):
            target_type = type_of(target, nodes, actor_ids, field_ids)
            assert target_type is not None, f"{row.file}:{row.line}: {spec.name}: {target!r} resolves to nothing"
            ends = (row.type, target_type) if spec.direction == "out" else (target_type, row.type)
            schema.check_link(spec.link_type, *ends)
            if target in nodes:
                assert order[nodes[target].file] <= order[row.file], f"{row.file}: {target} comes in a later file"


def test_links_file_joins_only_what_its_link_type_may_join(schema: Schema, nodes: dict[str, Row],
                                                           actor_ids: set[str], field_ids: set[str]) -> None:
    header, links = read_csv(DATASET / "links.csv")
    assert header == list(LINK_COLUMNS)
    assert links, "links.csv holds the ties no link column covers"
    for line, link in enumerate(links, 2):
        source = type_of(link["from"], nodes, actor_ids, field_ids)
        target = type_of(link["to"], nodes, actor_ids, field_ids)
        assert source and target, f"links.csv:{line}: an end resolves to nothing"
        schema.check_link(link["type"], source, target)
        assert link["provenance"].strip() and link["confirmed"] == "", f"links.csv:{line}"


# -- the facts of issue 10 -----------------------------------------------------------------------------------


def of_type(rows: list[Row], type_id: str) -> list[Row]:
    return [row for row in rows if row.type == type_id]


def test_the_district_is_a_region_with_its_key(nodes: dict[str, Row]) -> None:
    region = nodes["region-landkreis-ludwigsburg"]
    assert (region.cells["level"], region.cells["ags"]) == ("district", "08118")


def test_the_figures_are_dated_sourced_indicators(rows: list[Row]) -> None:
    figures = {(r.cells["measure"], r.cells["reference_date"]): r for r in of_type(rows, "Indicator")}
    assert {k: float(r.cells["value"]) for k, r in figures.items()} == {
        ("population", "2017-12-31"): 542630, ("foreign_nationals", "2017-12-31"): 98885,
        ("foreign_share", "2017-12-31"): 18.2, ("foreign_nationals", "2021-12-31"): 104360,
        ("foreign_share", "2021-12-31"): 19.16, ("population", "2023-12-31"): 553689,
        ("foreign_nationals", "2023-12-31"): 119120, ("foreign_share", "2023-12-31"): 21.51,
    }
    assert all(r.cells["provenance"] for r in figures.values())
    for row in figures.values():
        assert row.values("area") == ("region-landkreis-ludwigsburg",)
        assert row.cells["unit"] == ("percent" if row.cells["measure"] == "foreign_share" else "persons")
        if row.cells["measure"] == "foreign_share":
            assert "not comparable" in row.cells["note"]


def test_the_three_formats_of_the_integration_office(rows: list[Row]) -> None:
    formats = {r.id: r for r in of_type(rows, "Format")}
    assert len(formats) == 3
    assert {(r.cells["kind"], r.cells["rhythm"]) for r in formats.values()} == {
        ("exchange_meeting", "regular"), ("newsletter", "twice_a_year")}
    assert all(r.values("organisers") == ("lra-stabsstelle-integration",) for r in formats.values())
    assert formats["format-austausch-sprachkurstraeger-bamf"].values("participants") == ("bamf",)


def test_the_first_integration_conference_and_its_five_parts(nodes: dict[str, Row], rows: list[Row]) -> None:
    conference = nodes["event-integrationskonferenz-2020"]
    assert (conference.cells["start"], conference.cells["end"], conference.cells["mode"]) == (
        "2020-11-09", "2020-11-19", "digital")
    assert conference.values("organisers") == ("lra-stabsstelle-integration",)
    assert conference.values("funders") == ("sozialministerium-bw",)
    parts = [r for r in of_type(rows, "Event") if r.values("part_of") == (conference.id,)]
    assert len(parts) == 5
    kick_off = [p for p in parts if p.cells["kind"] == "kick_off"]
    assert len(kick_off) == 1 and kick_off[0].cells["start"] == "2020-11-09"
    panels = [p for p in parts if p.cells["kind"] == "panel"]
    assert sorted(f for p in panels for f in p.values("fields")) == sorted(FIELDS)
    for panel in panels:
        assert "2020-11-09" <= panel.cells["start"] <= panel.cells["end"] <= "2020-11-19"
        assert "not in the sources" in panel.cells["description"], "the undated panels say so"


def test_the_first_integration_report(nodes: dict[str, Row]) -> None:
    report = nodes["document-integrationsbericht-2021"]
    assert (report.cells["kind"], report.cells["date"]) == ("report", "2021-05-17")
    assert report.values("results_from") == ("event-integrationskonferenz-2020",)
    assert report.values("funders") == ("sozialministerium-bw",)
    assert report.values("publisher") == ("lra-stabsstelle-integration",)
    assert "Part 1" in report.cells["description"] and "part 2" in report.cells["description"]
    assert "veroeffentlicht-ersten-integrationsbericht" in report.cells["url"]


def test_the_tenth_inclusion_conference(nodes: dict[str, Row]) -> None:
    event = nodes["event-inklusionskonferenz-2025"]
    assert (event.cells["start"], event.cells["time"]) == ("2025-11-25", "17:30")
    assert event.cells["place"] == "Scala Ludwigsburg, Stuttgarter Str. 2"
    _, municipalities = read_csv(DATASET / "municipalities.csv")
    ludwigsburg = next(m for m in municipalities if m["name"] == "Ludwigsburg")
    assert event.values("held_in") == (f"ags-{ludwigsburg['ags']}",)
    assert "Thinking disability, migration and inclusion together" in event.cells["description"]


def test_the_two_absent_offers_are_confirmed_not_offered_district_wide(rows: list[Row]) -> None:
    offers = {r.id: r for r in of_type(rows, "Offer")}
    assert len(offers) == 2
    for offer in offers.values():
        assert (offer.cells["status"], offer.cells["district_wide"]) == ("not_offered", "yes")
        assert "integration-und-bildung/integration/" in offer.cells["provenance"]
        assert offer.values("providers") == (), "nobody provides an absent offer"
        assert offer.values("fields") == ("language_education",)
    courses = offers["offer-deutschkurse-nicht-gefluechtete-b1-b2"]
    assert courses.values("target_groups") == ("non_refugees",)
    assert courses.values("language_levels") == ("b1", "b2")
    assert courses.values("programmes") == ("programme-vwv-deutsch",)
    assert offers["offer-grundqualifizierung-sprachmittelnde"].values("target_groups") == ("language_mediators",)


def test_state_and_federal_actors_are_there_and_old_actors_untouched() -> None:
    _, organisations = read_csv(DATASET / "organisations.csv")
    by_id = {r["id"]: r for r in organisations}
    assert by_id["sozialministerium-bw"]["kind"] == "state_ministry"
    commissioner = by_id["integrationsbeauftragte-bund"]
    assert commissioner["kind"] == "federal_agency" and commissioner["serves"] == "district"
    assert commissioner["name"] == "Beauftragte der Bundesregierung für Migration, Flüchtlinge und Integration"
    assert "integration-und-bildung/integration/" in commissioner["provenance"]
    assert len(organisations) == len(by_id) == 44


def test_no_recommendation_is_made_up(manifest: dict[str, Any]) -> None:
    # No source gives a concrete recommendation with a status, so the bundled data has none (see README).
    assert "recommendations.csv" not in manifest["nodes"]
