"""Every write is a change set: ``integranet history`` names an import, ``integranet undo`` brings the store back
to exactly its state before (the JSON export equal apart from its own metadata), on both stores; an undo that
later changes stand in the way of is refused, naming them, and writes nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.support import run

CORRECTION = ("id,name,kind,municipality\n"
              "ags-08118048,Stadt Ludwigsburg (korrigiert),municipality,Ludwigsburg\n"
              "neu-verein-1,Neuer Verein Ludwigsburg,volunteer_group,Ludwigsburg\n")
FOLLOW_UP = "id,name,kind,municipality\nneu-verein-1,Neuer Verein Ludwigsburg e.V.,volunteer_group,Ludwigsburg\n"


def _export(store: str, tmp_path: Path, name: str) -> dict[str, Any]:
    out = tmp_path / name
    code, _, err = run("--store", store, "export", "--format", "json", "--out", str(out))
    assert code == 0, err
    data = json.loads(out.read_text(encoding="utf-8"))
    # The export's own metadata (when it was made, its id from that, the import log) is not the store's state;
    # its content hash is.
    data["graph"] = {k: v for k, v in data["graph"].items() if k not in ("created_at", "id", "last_import")}
    return data


def _history(store: str) -> list[dict[str, Any]]:
    code, out, err = run("--store", store, "history", "--json")
    assert code == 0, err
    return list(json.loads(out))


def test_an_import_is_a_change_set_that_undo_takes_back_exactly(store_location: str, tmp_path: Path) -> None:
    assert run("--store", store_location, "seed", "--yes")[0] == 0
    before = _export(store_location, tmp_path, "before.json")
    file = tmp_path / "korrektur.csv"
    file.write_text(CORRECTION, encoding="utf-8")
    code, out, err = run("--store", store_location, "import", str(file))
    assert code == 0, err
    newest = _history(store_location)[0]
    assert newest["action"] == "import" and newest["source"] == "korrektur.csv" and newest["size"] == 2
    assert newest["id"] in out
    assert _export(store_location, tmp_path, "after.json") != before

    code, out, err = run("--store", store_location, "undo", newest["id"])
    assert code == 0, err
    assert _export(store_location, tmp_path, "undone.json") == before
    entries = _history(store_location)
    assert entries[0]["action"] == "undo" and entries[0]["undoes"] == newest["id"]
    assert entries[1]["undone_by"] == entries[0]["id"]


def test_undo_is_refused_naming_the_later_change_that_touched_the_same_fact(store_location: str,
                                                                            tmp_path: Path) -> None:
    first, second = tmp_path / "erst.csv", tmp_path / "dann.csv"
    first.write_text(CORRECTION, encoding="utf-8")
    second.write_text(FOLLOW_UP, encoding="utf-8")
    assert run("--store", store_location, "seed", "--yes")[0] == 0
    assert run("--store", store_location, "import", str(first))[0] == 0
    assert run("--store", store_location, "import", str(second))[0] == 0
    later, earlier = _history(store_location)[:2]
    middle = _export(store_location, tmp_path, "middle.json")
    code, _, err = run("--store", store_location, "undo", earlier["id"])
    assert code == 4
    assert later["id"] in err and "nothing was written" in err
    assert _export(store_location, tmp_path, "still.json") == middle
    # Newest first, both go back.
    assert run("--store", store_location, "undo", later["id"])[0] == 0
    assert run("--store", store_location, "undo", earlier["id"])[0] == 0
    code, _, err = run("--store", store_location, "undo", earlier["id"])
    assert code == 4 and "already undone" in err


def test_undo_of_an_unknown_id_says_where_to_look(store_location: str) -> None:
    assert run("--store", store_location, "seed", "--yes")[0] == 0
    code, _, err = run("--store", store_location, "undo", "20990101-000000-abcdef")
    assert code == 1 and "integranet history" in err
