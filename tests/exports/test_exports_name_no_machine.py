"""No export names the machine: every format (and every member of the zip files among them: XLSX, report pack)
is searched byte for byte for the store's folder, the store's file name with its folder, the account name of the
person who made the data, and a Neo4j password (issue 12, item 10)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from graph.exports.formats import EXPORT_FORMATS, export_live
from graph.model.changes import ChangeMeta
from graph.model.domain import Actor, GraphBatch
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.snapshots.snapshot import SnapshotFolder
from graph.store.embedded import EmbeddedStore

ACCOUNT = "kreisamtkonto"
FOLDER = "geheimer-ordner-xyz"


def _contents(files: list[Path]) -> list[tuple[str, bytes]]:
    found: list[tuple[str, bytes]] = []
    for path in [p for f in files for p in ([f] if f.is_file() else sorted(f.rglob("*")))]:
        if not path.is_file():
            continue
        data = path.read_bytes()
        found.append((path.name, data))
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                found += [(f"{path.name}:{name}", archive.read(name)) for name in archive.namelist()]
    return found


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_an_export_names_no_path_and_no_account(fmt: str, bundled_store_file: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("USER", ACCOUNT)
    monkeypatch.setenv("LOGNAME", ACCOUNT)
    home = tmp_path / FOLDER
    home.mkdir()
    store_path = home / "amt.sqlite"
    shutil.copy(bundled_store_file, store_path)
    with EmbeddedStore(store_path, Vocabulary.load(DATA_DIR / "vocabularies")) as store:
        store.write(GraphBatch(actors=(Actor("neu", "Neuer Verein", "volunteer_group", provenance="Erfassung"),)),
                    ChangeMeta.local("edit"))  # a change set by the account above
        out = tmp_path / "out"
        out.mkdir()
        target = out if fmt == "csv" else out / f"export.{'zip' if fmt == 'pack' else fmt}"
        _, files = export_live(store, SnapshotFolder(home / "amt-snapshots"), fmt, target, label="Stand")
    assert files
    needles = [str(home).encode(), FOLDER.encode(), ACCOUNT.encode(), str(tmp_path).encode()]
    for name, data in _contents(files):
        for needle in needles:
            assert needle not in data, f"{fmt}: {name} holds {needle!r}"
