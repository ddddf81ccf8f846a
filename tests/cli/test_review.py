"""``integranet review`` lists the facts not confirmed for too long (per municipality and kind), ``integranet
confirm`` confirms them as one change set that ``integranet undo`` takes back; on both stores.

The commands are invoked on their click objects (``integranet.cli`` registers them)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from graph.analysis.fact_age import cutoff_date
from graph.model.changes import ChangeMeta
from graph.model.domain import Actor, GraphBatch, Relation
from graph.model.knowledge import Link, Node
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.store.base import GraphStore
from graph.store.embedded import EmbeddedStore
from integranet.review_commands import confirm, review
from tests.support import open_neo4j, run

TAMM, ASPERG = "ags-08118067", "ags-08118003"
TODAY = date.today()
OLD = cutoff_date(TODAY, 13).isoformat()  # 13 months ago: stale at the default 12
RECENT = cutoff_date(TODAY, 11).isoformat()  # 11 months ago: not yet
TIE = "vhs|cooperates_with|fk"


def _open(location: str) -> GraphStore:
    vocabulary = Vocabulary.load(DATA_DIR / "vocabularies")
    if location.startswith(("bolt://", "neo4j://", "neo4j+s://")):
        return open_neo4j(location, vocabulary)
    store = EmbeddedStore(Path(location), vocabulary)
    store.initialise()
    return store


@pytest.fixture
def aged(store_location: str) -> str:
    """A store with facts of either age in Tamm and Asperg."""
    store = _open(store_location)
    try:
        store.write(GraphBatch(
            actors=(Actor(TAMM, "Tamm", "municipality", confirmed=RECENT),
                    Actor(ASPERG, "Asperg", "municipality", confirmed=RECENT),
                    Actor("vhs", "VHS Tamm", "course_provider", municipality=TAMM, confirmed=OLD),
                    Actor("fk", "Freundeskreis Asperg", "volunteer_group", municipality=ASPERG,
                          imported_at=f"{OLD}T10:00:00+00:00")),
            relations=(Relation("vhs", "cooperates_with", "fk", confirmed=OLD),
                       Relation("fk", "refers_to", "vhs", confirmed=RECENT)),
            nodes=(Node("offer-a1", "Offer", "Deutschkurs A1", confirmed=OLD, properties={"status": "offered"}),),
            links=(Link("offer-a1", "Offer", "SERVES", ASPERG, "Actor", confirmed=RECENT),)),
            ChangeMeta("tester", "import", role="editor"))
    finally:
        store.close()
    return store_location


def _invoke(command: Any, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(command, list(args))
    return result.exit_code, result.stdout, result.stderr


def _review(store: str, *args: str) -> dict[str, Any]:
    code, out, err = _invoke(review, "--store", store, "--json", *args)
    assert code == 0, out + err
    return dict(json.loads(out))


def _confirmed(store: str) -> dict[str, str]:
    opened = _open(store)
    try:
        dates = {a.id: a.confirmed for a in opened.actors()}
        dates.update({"|".join(r.key): r.confirmed for r in opened.relations()})
        dates.update({n.id: n.confirmed for n in opened.nodes()})
        return dates
    finally:
        opened.close()


def test_review_lists_the_facts_older_than_the_limit_with_counts(aged: str) -> None:
    found = _review(aged)
    assert [(f["kind"], f["key"]) for f in found["facts"]] == [
        ("actor", "fk"), ("actor", "vhs"), ("relation", TIE), ("node", "offer-a1")]
    fk = found["facts"][0]
    assert fk["never_confirmed"] and fk["last_confirmed"] == OLD and fk["municipality_name"] == "Asperg"
    assert found["months"] == 12 and found["total"] == 4
    assert {(c["municipality"], c["count"]) for c in found["by_municipality"]} == {(TAMM, 2), (ASPERG, 2)}
    assert {(c["kind"], c["type"], c["count"]) for c in found["by_kind"]} == {
        ("actor", "course_provider", 1), ("actor", "volunteer_group", 1), ("relation", "cooperates_with", 1),
        ("node", "Offer", 1)}
    assert {f["key"] for f in _review(aged, "--municipality", "Asperg")["facts"]} == {"fk", "offer-a1"}
    assert {f["key"] for f in _review(aged, "--kind", "relation")["facts"]} == {TIE}
    assert _review(aged, "--months", "14")["facts"] == []
    assert len(_review(aged, "--months", "10")["facts"]) == 8
    code, out, err = _invoke(review, "--store", aged)
    assert code == 0, err
    assert "4 fact(s) not confirmed for more than 12 month(s)" in out
    assert "VHS Tamm → cooperates with → Freundeskreis Asperg" in out and "never confirmed" in out


def test_the_limit_comes_from_the_setting_and_a_bad_one_is_named(aged: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTEGRANET_REVIEW_MONTHS", "14")
    assert _review(aged)["facts"] == []
    monkeypatch.setenv("INTEGRANET_REVIEW_MONTHS", "ein Jahr")
    code, _out, err = _invoke(review, "--store", aged)
    assert code != 0 and "INTEGRANET_REVIEW_MONTHS must be a whole number" in err


def test_confirm_writes_one_change_set_that_undo_takes_back(aged: str) -> None:
    before = _confirmed(aged)
    code, out, err = _invoke(confirm, "--store", aged, "fk", f"relation:{TIE}", "--comment", "telefonisch geprüft")
    assert code == 0, out + err
    after = _confirmed(aged)
    assert after["fk"] == after[TIE] == TODAY.isoformat()
    assert {k: v for k, v in after.items() if k not in ("fk", TIE)} == {
        k: v for k, v in before.items() if k not in ("fk", TIE)}
    assert {f["key"] for f in _review(aged)["facts"]} == {"vhs", "offer-a1"}
    code, history, err = run("--store", aged, "history", "--json")
    assert code == 0, err
    newest = json.loads(history)[0]
    assert newest["action"] == "confirm" and newest["size"] == 2 and newest["comment"] == "telefonisch geprüft"
    assert newest["id"] in out
    assert run("--store", aged, "undo", newest["id"])[0] == 0
    assert _confirmed(aged) == before


def test_confirm_all_listed_takes_the_same_filters_as_review(aged: str) -> None:
    code, out, err = _invoke(confirm, "--store", aged, "--all-listed", "--municipality", ASPERG)
    assert code == 0, out + err
    assert "Confirmed 2 fact(s)" in out
    assert {f["key"] for f in _review(aged)["facts"]} == {"vhs", TIE}
    code, out, err = _invoke(confirm, "--store", aged, "--all-listed", "--municipality", ASPERG)
    assert code == 0 and "Nothing to confirm" in out


def test_confirm_refuses_unknown_keys_and_missing_ones_writing_nothing(aged: str) -> None:
    before = _confirmed(aged)
    code, _out, err = _invoke(confirm, "--store", aged, "fk", "gibt-es-nicht")
    assert code == 2 and "gibt-es-nicht" in err and "integranet review" in err
    code, _out, err = _invoke(confirm, "--store", aged)
    assert code == 2 and "--all-listed" in err
    code, _out, err = _invoke(confirm, "--store", aged, "fk", "--municipality", TAMM)
    assert code == 2 and "only with --all-listed" in err
    assert _confirmed(aged) == before
