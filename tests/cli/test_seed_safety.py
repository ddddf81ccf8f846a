"""Seeding never loses the user's data: a correction to a bundled record survives `make run` and plain `seed`."""

from __future__ import annotations

from pathlib import Path

from graph.settings import Settings
from graph.store import open_store
from tests.support import run

ACTOR_ID = "lra-bildungskoordination"
HEADER = "id,name,kind,municipality,fields,serves,website,notes,provenance\n"
CORRECTED = "Bildungskoordination für Neuzugewanderte (korrigiert)"


def _name(store: str) -> str:
    with open_store(Settings.from_env(store=store)) as opened:
        actor = opened.get_actor(ACTOR_ID)
        assert actor is not None
        return actor.name


def _imports(store: str) -> int:
    with open_store(Settings.from_env(store=store)) as opened:
        return len(opened.last_imports(limit=100))


def _seeded_and_corrected(tmp_path: Path) -> tuple[str, str]:
    """A seeded embedded store in which the officer renamed one bundled actor; its location and bundled name."""
    store = str(tmp_path / "store.sqlite")
    code, _out, err = run("--store", store, "seed")
    assert code == 0, err
    bundled = _name(store)
    row = f"{ACTOR_ID},{CORRECTED},district_office,Ludwigsburg,language_education,district,,,Eigene Erhebung\n"
    (tmp_path / "fix.csv").write_text(HEADER + row, encoding="utf-8")
    code, _out, err = run("--store", store, "import", str(tmp_path / "fix.csv"))
    assert code == 0, err
    assert _name(store) == CORRECTED
    return store, bundled


def test_seed_on_an_empty_store_loads_everything_and_if_empty_loads_nothing_afterwards(tmp_path: Path) -> None:
    store = str(tmp_path / "store.sqlite")
    code, out, err = run("--store", store, "seed", "--if-empty")
    assert code == 0, err
    assert "Seeded" in out and _imports(store) == 1
    code, out, err = run("--store", store, "seed", "--if-empty")
    assert code == 0, err
    assert "already holds data; nothing loaded" in out and "integranet seed" in out
    assert _imports(store) == 1


def test_a_correction_survives_make_run_and_plain_seed_without_a_terminal(tmp_path: Path) -> None:
    store, bundled = _seeded_and_corrected(tmp_path)
    logged = _imports(store)

    # `make run`: the store holds data, so nothing is loaded.
    code, out, err = run("--store", store, "seed", "--if-empty")
    assert code == 0, err
    assert "nothing loaded" in out
    assert _name(store) == CORRECTED

    # Plain `seed` without a terminal (CliRunner's stdin is none): it lists the change, refuses and names --yes.
    code, out, err = run("--store", store, "seed")
    assert code == 1
    assert f"name: {CORRECTED} → {bundled}" in out
    assert "--yes" in err and "Nothing was written" in err
    assert _name(store) == CORRECTED
    assert _imports(store) == logged

    # `seed --yes` writes the bundled value back.
    code, out, err = run("--store", store, "seed", "--yes")
    assert code == 0, err
    assert _name(store) == bundled
    assert _imports(store) == logged + 1


def test_a_second_seed_on_an_unchanged_store_asks_nothing_and_writes_nothing(tmp_path: Path) -> None:
    store = str(tmp_path / "store.sqlite")
    assert run("--store", store, "seed")[0] == 0
    code, out, err = run("--store", store, "seed")
    assert code == 0, err
    assert "nothing was written" in out and "?" not in out
    assert _imports(store) == 1


def test_import_dry_run_shows_the_changed_property_with_before_and_after(tmp_path: Path) -> None:
    store, bundled = _seeded_and_corrected(tmp_path)
    row = f"{ACTOR_ID},{bundled},district_office,Ludwigsburg,language_education,district,,,Eigene Erhebung\n"
    (tmp_path / "back.csv").write_text(HEADER + row, encoding="utf-8")
    code, out, err = run("--store", store, "import", "--dry-run", str(tmp_path / "back.csv"))
    assert code == 0, err
    assert "0 new, 1 changed, 0 unchanged" in out
    assert f"name: {CORRECTED} → {bundled}" in out
    assert _name(store) == CORRECTED


def test_new_bundled_records_are_added_alone_and_never_overwrite_a_correction(tmp_path: Path) -> None:
    store, bundled = _seeded_and_corrected(tmp_path)
    with open_store(Settings.from_env(store=store)) as opened:
        assert opened.delete_actor("lra-stabsstelle-integration")

    # A changed record and a new one: without a terminal, it lists both and refuses.
    code, out, err = run("--store", store, "seed")
    assert code == 1 and "--yes" in err
    assert f"name: {CORRECTED} → {bundled}" in out
    assert "new, not yet in the store" in out and "actor lra-stabsstelle-integration" in out
    assert _name(store) == CORRECTED
    with open_store(Settings.from_env(store=store)) as opened:
        assert opened.get_actor("lra-stabsstelle-integration") is None


def test_only_new_records_are_added_without_asking(tmp_path: Path) -> None:
    store = str(tmp_path / "store.sqlite")
    assert run("--store", store, "seed")[0] == 0
    with open_store(Settings.from_env(store=store)) as opened:
        assert opened.delete_actor("lra-stabsstelle-integration")
    code, out, err = run("--store", store, "seed")
    assert code == 0, err
    assert "new to the store" in out
    with open_store(Settings.from_env(store=store)) as opened:
        assert opened.get_actor("lra-stabsstelle-integration") is not None
    assert run("--store", store, "seed")[1].startswith("The store already holds the bundled data as it is")
