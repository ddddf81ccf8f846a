"""``integranet gaps`` and ``integranet analyse`` end to end on the seeded store."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from graph.model.domain import Actor, GraphBatch
from graph.model.vocabulary import Vocabulary
from graph.store.embedded import EmbeddedStore
from integranet.analysis_commands import GAP_COLUMNS
from tests.support import run

CELL_KEYS = ["municipality_id", "municipality", "field", "local_actors", "district_wide_actors", "per_10k",
             "missing_roles", "single_point_of_failure", "gap", "explanation", "status", "local_offers",
             "district_wide_offers", "absent_offers"]
STATUSES = {"covered", "district_wide_only", "confirmed_gap", "not_surveyed"}
FIELDS = ["housing_living_together", "language_education", "work_training", "culture_leisure_sport"]
HOME = "lra-stabsstelle-integration"


def gaps(store: str, *args: str) -> dict[str, object]:
    code, out, err = run("--store", store, "gaps", "--format", "json", *args)
    assert code == 0, err
    return json.loads(out)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One seeded embedded store for the tests that only read."""
    location = str(tmp_path_factory.mktemp("seeded") / "store.sqlite")
    code, _out, err = run("--store", location, "seed")
    assert code == 0, err
    return location


def test_gaps_and_analyse_on_the_seeded_store(store_location: str) -> None:
    """Both backends: 156 cells in both languages, and the network measures."""
    code, _out, err = run("seed", "--store", store_location)
    assert code == 0, err
    german, english = gaps(store_location), gaps(store_location, "--lang", "en")
    assert list(german) == ["fields", "municipalities", "cells"]
    assert german["fields"] == FIELDS
    assert len(german["municipalities"]) == 39
    assert all(list(m) == ["id", "name", "ags"] and m["ags"].startswith("08118") for m in german["municipalities"])
    assert len(german["cells"]) == len(english["cells"]) == 156 == 39 * 4
    assert all(list(cell) == CELL_KEYS for cell in german["cells"])
    for de, en in zip(german["cells"], english["cells"], strict=True):
        assert de["explanation"] and en["explanation"] and de["explanation"] != en["explanation"]
        assert {**de, "explanation": ""} == {**en, "explanation": ""}
    assert any("lokale" in c["explanation"] or "lokaler" in c["explanation"] for c in german["cells"])
    assert all(" local " in c["explanation"] for c in english["cells"])
    assert {c["status"] for c in german["cells"]} == STATUSES
    assert sum(c["status"] == "confirmed_gap" for c in german["cells"]) == 39
    tamm = gaps(store_location, "--municipality", "Tamm", "--field", "work_training")
    assert [(c["municipality"], c["field"]) for c in tamm["cells"]] == [("Tamm", "work_training")]

    code, out, err = run("--store", store_location, "analyse", "--format", "json")
    assert code == 0, err
    measures = json.loads(out)
    assert len(measures["per_actor"]) == measures["actors"] == 83
    assert measures["reach"]["home"] == HOME and measures["reach"]["found"] is True


def test_gaps_json_cells_are_typed_as_the_issue_says(seeded: str) -> None:
    data = gaps(seeded)
    for cell in data["cells"]:
        assert isinstance(cell["municipality_id"], str) and isinstance(cell["municipality"], str)
        assert cell["field"] in FIELDS
        assert isinstance(cell["local_actors"], int) and isinstance(cell["district_wide_actors"], int)
        assert cell["per_10k"] is None or isinstance(cell["per_10k"], int | float)
        assert isinstance(cell["missing_roles"], list) and all(isinstance(k, str) for k in cell["missing_roles"])
        assert isinstance(cell["single_point_of_failure"], bool) and isinstance(cell["gap"], bool)
        assert cell["single_point_of_failure"] == (cell["local_actors"] == 1)
        assert cell["status"] in STATUSES and cell["gap"] == (cell["status"] == "confirmed_gap")
        assert isinstance(cell["local_offers"], int) and isinstance(cell["district_wide_offers"], int)
        assert all(list(o) == ["id", "name", "source"] for o in cell["absent_offers"])
        assert bool(cell["absent_offers"]) == cell["gap"]
        assert cell["explanation"].startswith(cell["municipality"] + ":")
    assert {c["municipality_id"] for c in data["cells"]} == {m["id"] for m in data["municipalities"]}


@pytest.mark.parametrize("field", ["work_training", "Arbeit und Ausbildung", "Work and vocational training"])
def test_gaps_for_one_field(seeded: str, field: str) -> None:
    data = gaps(seeded, "--field", field)
    assert data["fields"] == ["work_training"]
    assert len(data["municipalities"]) == 39
    assert len(data["cells"]) == 39 and {c["field"] for c in data["cells"]} == {"work_training"}


@pytest.mark.parametrize("town", ["Tamm", "tamm", "08118071", "ags-08118071"])
def test_gaps_for_one_municipality_by_name_or_key(seeded: str, town: str) -> None:
    data = gaps(seeded, "--municipality", town)
    assert data["municipalities"] == [{"id": "ags-08118071", "name": "Tamm", "ags": "08118071"}]
    assert data["fields"] == FIELDS
    assert [c["field"] for c in data["cells"]] == FIELDS
    assert {c["municipality"] for c in data["cells"]} == {"Tamm"}


def test_filtered_cells_equal_the_whole_matrix(seeded: str) -> None:
    everything = {(c["municipality_id"], c["field"]): c for c in gaps(seeded, "--lang", "en")["cells"]}
    one = gaps(seeded, "--lang", "en", "--municipality", "Hessigheim", "--field", "work_training")["cells"]
    assert len(one) == 1
    assert one[0] == everything[(one[0]["municipality_id"], "work_training")]


def test_unknown_field_is_wrong_usage_and_lists_the_fields(seeded: str) -> None:
    code, out, err = run("--store", seeded, "gaps", "--field", "sports")
    assert code == 2 and out == ""
    assert "'sports' is not a field of action" in err
    for field in FIELDS:
        assert field in err
    assert "Arbeit und Ausbildung" in err


def test_unknown_municipality_is_wrong_usage_and_lists_the_towns(seeded: str) -> None:
    code, out, err = run("--store", seeded, "gaps", "--municipality", "Atlantis", "--format", "json")
    assert code == 2 and out == ""
    assert "'Atlantis' is not a municipality in the store" in err
    assert "Tamm (08118071)" in err and "Ludwigsburg (08118048)" in err


def test_gaps_csv_has_the_json_columns(seeded: str) -> None:
    code, out, err = run("--store", seeded, "gaps", "--format", "csv", "--lang", "en")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert tuple(rows[0]) == GAP_COLUMNS == tuple(CELL_KEYS)
    assert len(rows) == 157
    as_json = gaps(seeded, "--lang", "en")["cells"]
    for row, cell in zip(rows[1:], as_json, strict=True):
        assert row[0] == cell["municipality_id"] and row[2] == cell["field"]
        assert int(row[3]) == cell["local_actors"]
        assert row[6] == "|".join(cell["missing_roles"])
        assert row[8] == ("true" if cell["gap"] else "false")
        assert row[9] == cell["explanation"]
        assert row[10] == cell["status"]
        assert row[13] == "|".join(o["name"] for o in cell["absent_offers"])


def test_gaps_csv_neutralises_formulas(tmp_path: Path, vocabulary: Vocabulary) -> None:
    location = tmp_path / "evil.sqlite"
    with EmbeddedStore(location, vocabulary) as store:
        store.initialise()
        store.write(GraphBatch(actors=(
            Actor(id="evil", name='=HYPERLINK("http://x","y")', kind="municipality",
                  properties={"ags": "+49", "population": 100}),
            Actor(id="ok", name="Plain", kind="municipality", properties={"ags": "08000001"}),
        )))
        store.write(GraphBatch(actors=(Actor(id="at", name="@group", kind="volunteer_group", municipality="evil",
                                             fields=("language_education",)),)))
    code, out, err = run("--store", str(location), "gaps", "--format", "csv")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))[1:]
    evil = [r for r in rows if r[0] == "evil"]
    assert len(evil) == 4
    assert all(r[1] == '\'=HYPERLINK("http://x","y")' for r in evil)
    assert all(r[9].startswith("'=HYPERLINK") for r in evil)
    for row in rows:
        assert not any(value.startswith(("=", "+", "-", "@", "\t", "\r")) for value in row), row
    # JSON keeps the text as it is: it is no spreadsheet.
    assert gaps(str(location), "--municipality", "+49")["municipalities"][0]["name"] == '=HYPERLINK("http://x","y")'


def test_gaps_table_is_aligned_in_either_language(seeded: str) -> None:
    code, out, err = run("--store", seeded, "gaps")
    assert code == 0, err
    lines = out.rstrip("\n").split("\n")
    assert lines[0].startswith("Gemeinde") and "Status" in lines[0] and "Erläuterung" in lines[0]
    assert set(lines[1]) == {"-", " "}
    assert len(lines) == 2 + 156 + 2
    # The summary is the legend: every status with symbol, label and count.
    assert lines[-1].startswith("Zellen: 156 (✓ abgedeckt: ")
    for label in ("◐ nur kreisweit: ", "✗ bestätigte Lücke: 39", "? nicht erhoben: "):
        assert label in lines[-1]
    status = lines[0].index("Status")
    assert {line[status:].split("  ")[0] for line in lines[2:-2]} == {
        "✓ abgedeckt", "◐ nur kreisweit", "✗ bestätigte Lücke", "? nicht erhoben"}
    # Every row's explanation (which begins with the municipality's name) starts below the header's.
    start = lines[0].index("Erläuterung")
    for line in lines[2:-2]:
        assert line[start:].startswith(line[:start].split("  ")[0] + ":"), line
    code, out, err = run("--store", seeded, "gaps", "--lang", "en", "--municipality", "Tamm")
    assert code == 0, err
    lines = out.rstrip("\n").split("\n")
    assert lines[0].split()[:2] == ["Municipality", "Field"]
    start = lines[0].index("Explanation")
    assert all(line[start:].startswith("Tamm:") for line in lines[2:6])
    assert lines[-1] == lines[-1].rstrip() and lines[-1].startswith("Cells: 4 (✓ covered: ")


def test_gaps_on_an_empty_store(tmp_path: Path) -> None:
    location = str(tmp_path / "empty.sqlite")
    assert json.loads(run("--store", location, "gaps", "--format", "json")[1])["cells"] == []
    code, out, err = run("--store", location, "gaps")
    assert (code, out) == (0, "")
    assert "No municipality in the store" in err and "integranet seed" in err
    code, _out, err = run("--store", location, "gaps", "--municipality", "Tamm")
    assert code == 2 and "Valid values: none" in err


def test_analyse_json_has_per_actor_measures_and_the_lists(seeded: str) -> None:
    code, out, err = run("--store", seeded, "analyse", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    for key in ("articulation_points", "bridges", "isolates", "fragments", "communities", "brokers", "reach",
                "betweenness", "closeness", "backend"):
        assert key in data, key
    assert data["backend"] == "networkx"
    assert data["reach"] == {"home": HOME, "found": True, "out_of_reach": ["integrationsbeauftragte-bund"]}
    assert HOME in data["articulation_points"]
    assert all(len(pair) == 2 for pair in data["bridges"])
    assert sum(len(c) for c in data["communities"]) == data["actors"]
    actor = data["per_actor"][HOME]
    assert set(actor) == {"name", "degree", "weighted_degree", "betweenness", "closeness", "pagerank", "community",
                          "hops_from_home"}
    assert actor["hops_from_home"] == 0 and actor["degree"] > 10


def test_analyse_reach_follows_the_home_organisation_setting(seeded: str) -> None:
    from click.testing import CliRunner

    from integranet.cli import cli

    result = CliRunner(env={"INTEGRANET_HOME_ORGANISATION": "vhs-lb"}).invoke(
        cli, ["--store", seeded, "analyse", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["reach"]["home"] == "vhs-lb" and data["per_actor"]["vhs-lb"]["hops_from_home"] == 0
    result = CliRunner(env={"INTEGRANET_HOME_ORGANISATION": "nobody"}).invoke(cli, ["--store", seeded, "analyse"])
    assert result.exit_code == 0, result.stderr
    assert "'nobody' is not in the store" in result.stdout


def test_analyse_table(seeded: str) -> None:
    code, out, err = run("--store", seeded, "analyse", "--top", "3")
    assert code == 0, err
    assert out.startswith("Actors: 83, ties: ")
    for heading in ("Betweenness (top 3):", "PageRank (top 3):", "Articulation points", "Bridges", "Isolates: 1",
                    "Brokers between fields of action", "Reach of Landratsamt Ludwigsburg", "Out of reach: 1"):
        assert heading in out, heading
    assert "[lra-stabsstelle-integration]" in out


def test_an_unreachable_store_exits_3() -> None:
    code, out, err = run("--store", "bolt://127.0.0.1:9", "gaps")
    assert code == 3 and out == ""
    assert "cannot be reached" in err
