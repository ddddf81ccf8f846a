"""``integranet export`` and ``snapshot export`` destroy nothing: no file overwritten without --force, and
the store and its snapshot folder never, not even with --force."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.support import run, stats

USERS_OWN = b"Name;Telefon\r\nMeine Liste;0815\r\n"


@pytest.fixture
def office(bundled_store_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the bundled store, its snapshot folder beside it (office-snapshots)."""
    monkeypatch.delenv("INTEGRANET_SNAPSHOT_DIR", raising=False)
    store = tmp_path / "office.sqlite"
    shutil.copy(bundled_store_file, store)
    return store


def _snapshot(store: Path) -> str:
    code, out, err = run("--store", str(store), "snapshot", "create", "--label", "Bericht")
    assert code == 0, err
    return out.strip().splitlines()[-1]


def test_export_twice_to_the_same_file_refuses_the_second_and_force_overwrites(office: Path, tmp_path: Path) -> None:
    out = tmp_path / "network.json"
    assert run("--store", str(office), "export", "--format", "json", "--out", str(out))[0] == 0
    out.write_bytes(USERS_OWN)
    code, _, err = run("--store", str(office), "export", "--format", "json", "--out", str(out))
    assert code == 1
    assert str(out) in err and "choose another name or pass --force" in err
    assert out.read_bytes() == USERS_OWN
    code, _, err = run("--store", str(office), "export", "--format", "json", "--out", str(out), "--force")
    assert code == 0, err
    assert json.loads(out.read_text(encoding="utf-8"))["nodes"]


@pytest.mark.parametrize("suffix", ["", "-wal", "-journal"])
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_onto_the_store_is_refused_even_with_force(office: Path, fmt: str, suffix: str) -> None:
    before = stats(str(office))
    target = office.with_name(office.name + suffix)
    code, _, err = run("--store", str(office), "export", "--format", fmt, "--out", str(target), "--force")
    assert code == 1
    assert "store's own file" in err and "not even with --force" in err
    assert "file is not a database" not in err
    assert stats(str(office)) == before


def test_exports_into_the_snapshot_folder_are_refused(office: Path, tmp_path: Path) -> None:
    snapshot_id = _snapshot(office)
    folder = tmp_path / "office-snapshots"
    files = sorted(p.relative_to(folder) for p in folder.rglob("*"))
    for command in (["export", "--format", "json", "--out", str(folder / "live.json")],
                    ["export", "--format", "csv", "--out", str(folder)],
                    ["snapshot", "export", snapshot_id, "--format", "json", "--out", str(folder)],
                    ["snapshot", "export", snapshot_id, "--format", "json", "--out",
                     str(folder / snapshot_id / "graph.json")]):
        code, _, err = run("--store", str(office), *command, "--force")
        assert code == 1, command
        assert "inside" in err and "not even with --force" in err
    assert sorted(p.relative_to(folder) for p in folder.rglob("*")) == files
    code, _, err = run("--store", str(office), "snapshot", "show", snapshot_id)
    assert code == 0, err


def test_snapshot_export_onto_the_store_is_refused(office: Path) -> None:
    snapshot_id = _snapshot(office)
    before = stats(str(office))
    code, _, err = run("--store", str(office), "snapshot", "export", snapshot_id, "--format", "json",
                       "--out", str(office), "--force")
    assert code == 1 and "store's own file" in err
    assert stats(str(office)) == before


def test_csv_into_a_folder_with_the_users_own_actors_csv_is_refused(office: Path, tmp_path: Path) -> None:
    folder = tmp_path / "meine-tabellen"
    folder.mkdir()
    own = folder / "actors.csv"
    own.write_bytes(USERS_OWN)
    snapshot_id = _snapshot(office)
    for command in (["export", "--format", "csv", "--out", str(folder)],
                    ["snapshot", "export", snapshot_id, "--format", "csv", "--out", str(folder)]):
        code, _, err = run("--store", str(office), *command)
        assert code == 1, command
        assert str(own) in err and "pass --force" in err
        assert own.read_bytes() == USERS_OWN
        assert [p.name for p in folder.iterdir()] == ["actors.csv"]


def test_snapshot_export_and_diff_refuse_a_second_time_and_force_overwrites(office: Path, tmp_path: Path) -> None:
    snapshot_id = _snapshot(office)
    out = tmp_path / "bericht.graphml"
    args = ["--store", str(office), "snapshot", "export", snapshot_id, "--format", "graphml", "--out", str(out)]
    assert run(*args)[0] == 0
    first = out.read_bytes()
    code, _, err = run(*args)
    assert code == 1 and str(out) in err and "pass --force" in err
    assert out.read_bytes() == first
    out.write_bytes(USERS_OWN)
    assert run(*args, "--force")[0] == 0
    assert out.read_bytes() == first
    table = tmp_path / "changes.csv"
    diff = ["--store", str(office), "snapshot", "diff", snapshot_id, snapshot_id, "--table", str(table)]
    assert run(*diff)[0] == 0
    table.write_bytes(USERS_OWN)
    code, _, err = run(*diff)
    assert code == 1 and "pass --force" in err
    assert table.read_bytes() == USERS_OWN
    assert run(*diff, "--force")[0] == 0
    assert table.read_bytes() != USERS_OWN
