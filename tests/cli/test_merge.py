"""``integranet merge KEEP DROP``: it shows what the merge does, asks (refusing without a terminal and naming
--yes), writes one change set that ``integranet undo`` takes back, and refuses merges that make no sense.

The command object is invoked itself (the lead registers it in ``integranet.cli``); history and undo go through
the registered command line (``tests.support.run``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from graph.model.domain import Actor, GraphBatch, Relation
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.store.embedded import EmbeddedStore
from integranet.duplicate_commands import merge
from tests.support import run

TAMM = "ags-08118067"


def _store(tmp_path: Path) -> str:
    path = tmp_path / "merge.sqlite"
    with EmbeddedStore(path, Vocabulary.load(DATA_DIR / "vocabularies")) as store:
        store.initialise()
        store.write(GraphBatch(actors=(
            Actor(TAMM, "Tamm", "municipality", town="Tamm", properties={"ags": "08118067"}),
            Actor("drk", "DRK Ortsverein Tamm", "welfare_organisation", municipality=TAMM, town="Tamm",
                  provenance="https://drk.example"),
            Actor("drk2", "Deutsches Rotes Kreuz – Ortsverein Tamm", "welfare_organisation", municipality=TAMM,
                  town="Tamm", provenance="Survey 2024", properties={"notes": "second entry"}),
            Actor("fk", "Freundeskreis Asyl Tamm", "volunteer_group", municipality=TAMM, town="Tamm"),
        ), relations=(Relation("fk", "cooperates_with", "drk2", provenance="Survey 2024"),)))
    return str(path)


def _merge(store: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(merge, ["--store", store, *args])
    return result.exit_code, result.stdout, result.stderr


def _export(store: str) -> dict[str, Any]:
    with EmbeddedStore(Path(store), Vocabulary.load(DATA_DIR / "vocabularies")) as opened:
        return {"actors": sorted((a.as_record() for a in opened.actors()), key=lambda r: r["id"]),
                "relations": sorted((r.as_record() for r in opened.relations()), key=str)}


def test_merge_without_a_terminal_shows_the_plan_and_refuses_naming_yes(tmp_path: Path) -> None:
    store = _store(tmp_path)
    before = _export(store)
    code, out, err = _merge(store, "drk", "drk2")
    assert code == 1
    assert "Merging drk2 (Deutsches Rotes Kreuz – Ortsverein Tamm) into drk (DRK Ortsverein Tamm):" in out
    assert "1 tie(s) and link(s) move from drk2 to drk" in out
    assert "drk gains from drk2: properties.notes, provenance." in out
    assert "integranet merge drk drk2 --yes" in err and "Nothing was written" in err
    assert _export(store) == before


def test_merge_with_yes_writes_one_change_set_that_undo_takes_back(tmp_path: Path) -> None:
    store = _store(tmp_path)
    before = _export(store)
    code, out, err = _merge(store, "drk", "drk2", "--yes", "--comment", "entered twice")
    assert code == 0, err
    after = _export(store)
    assert [a["id"] for a in after["actors"]] == [TAMM, "drk", "fk"]
    assert [(r["source"], r["target"]) for r in after["relations"]] == [("fk", "drk")]
    assert next(a for a in after["actors"] if a["id"] == "drk")["provenance"] == "https://drk.example ; Survey 2024"

    code, listed, err = run("--store", store, "history", "--json")
    assert code == 0, err
    newest = json.loads(listed)[0]
    assert (newest["action"], newest["comment"]) == ("merge", "entered twice")
    assert f"change set {newest['id']}" in out and f"`integranet undo {newest['id']}` takes it back" in out

    code, _out, err = run("--store", store, "undo", newest["id"])
    assert code == 0, err
    assert _export(store) == before


def test_merge_refuses_what_makes_no_sense(tmp_path: Path) -> None:
    store = _store(tmp_path)
    code, _out, err = _merge(store, "drk", "nobody", "--yes")
    assert code == 1 and "no actor or node 'nobody'" in err and "integranet duplicates" in err
    code, _out, err = _merge(store, TAMM, "drk", "--yes")
    assert code == 1 and "merged only with another municipality" in err
    code, _out, err = _merge(store, "drk", "drk", "--yes")
    assert code == 1 and "given twice" in err


def test_duplicates_points_to_merge(tmp_path: Path) -> None:
    store = _store(tmp_path)
    code, out, err = run("--store", store, "duplicates")
    assert code == 0, err
    assert "drk (DRK Ortsverein Tamm)  ~  drk2" in out
    assert "`integranet merge KEEP DROP` (e.g. `integranet merge drk drk2`)" in out
