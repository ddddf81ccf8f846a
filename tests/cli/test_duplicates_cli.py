"""``integranet duplicates``: likely duplicate pairs of the store, as text and as JSON."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support import run

ACTORS = ("Kennung;Bezeichnung;Art;Gemeinde\n"
          ";Tamm;Kommune;\n;Asperg;Kommune;\n"
          "fk;Freundeskreis Asyl Tamm;Ehrenamtliche Initiative;Tamm\n"
          "fk2;Freundeskreis Asyl Tamm e. V.;Ehrenamtliche Initiative;Tamm\n"
          "fk-asperg;Freundeskreis Asyl Asperg;Ehrenamtliche Initiative;Asperg\n"
          "drk;DRK Ortsverein Tamm;Wohlfahrtsverband;Tamm\n"
          "drk2;Deutsches Rotes Kreuz – Ortsverein Tamm;Wohlfahrtsverband;Tamm\n")


def _store(tmp_path: Path) -> str:
    store = str(tmp_path / "store.sqlite")
    actors = tmp_path / "Akteure.csv"
    actors.write_text(ACTORS, encoding="utf-8")
    code, out, err = run("--store", store, "import", str(actors))
    assert code == 0, out + err
    return store


def test_duplicates_lists_pairs_of_one_kind_and_town(tmp_path: Path) -> None:
    store = _store(tmp_path)
    code, out, err = run("--store", store, "duplicates", "--json")
    assert code == 0, err
    found = json.loads(out)
    assert [(p["a"], p["b"], p["score"]) for p in found["actors"]] == [("drk", "drk2", 100.0), ("fk", "fk2", 100.0)]
    assert found["actors"][1]["b_name"] == "Freundeskreis Asyl Tamm e. V." and found["nodes"] == []
    code, out, err = run("--store", store, "duplicates")
    assert code == 0, err
    assert "2 likely duplicate pair(s)" in out and "fk (Freundeskreis Asyl Tamm)  ~  fk2" in out
    assert "fk-asperg" not in out  # the same kind in another town


def test_duplicates_threshold_and_an_empty_list(tmp_path: Path) -> None:
    store = str(tmp_path / "empty.sqlite")
    code, out, err = run("--store", store, "duplicates")
    assert code == 0, err
    assert "No likely duplicates (score >= 92)" in out
    code, _out, err = run("--store", store, "duplicates", "--threshold", "101")
    assert code == 2 and "101" in err
