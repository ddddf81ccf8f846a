"""The administration pages with Streamlit's AppTest against real embedded stores.

Backup (``/backup``): an admin makes a backup and gets it to download; an empty store is filled from an uploaded
backup after a confirmation, as one change set; a store that holds data offers no restore; a damaged file is
refused in words, writing nothing; an editor is refused the page. Erasure (``/erasure``): an admin erases a
contact person after giving a reason and confirming; an editor is refused. (The backup format and the erasure
itself are tested in ``tests/archive``.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph.archive import write_backup
from graph.model.access import RoleAssignments
from graph.model.changes import ChangeMeta
from graph.model.domain import Actor, GraphBatch
from graph.model.roles_file import RolesFile, write_roles
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.snapshots.snapshot import SnapshotFolder
from graph.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard" / "app.py"
GZIP = "application/gzip"
AUTH = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                 "client_id": "integranet", "client_secret": "s", "server_metadata_url": "http://localhost:1/x"}}

pytestmark = pytest.mark.usefixtures("fresh_caches")


@pytest.fixture
def backup_file(bundled_store_file: Path, tmp_path: Path) -> Path:
    out = tmp_path / "office.backup.gz"
    with EmbeddedStore(bundled_store_file, Vocabulary.load(DATA_DIR / "vocabularies")) as store:
        folder = SnapshotFolder(tmp_path / "original-snapshots")
        folder.create(store, "Bericht 2026")
        write_backup(store, folder, out, ChangeMeta.local("backup"))
    return out


def _page(store: Path, snapshots: Path, monkeypatch: pytest.MonkeyPatch, lang: str = "de",
          page: str = "views/backup.py") -> AppTest:
    monkeypatch.setenv("INTEGRANET_STORE", str(store))
    monkeypatch.setenv("INTEGRANET_SNAPSHOT_DIR", str(snapshots))
    monkeypatch.delenv("INTEGRANET_HOME_ORGANISATION", raising=False)
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.run()
    if lang == "en":
        at.sidebar.radio[0].set_value("en").run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _texts(at: AppTest) -> str:
    parts = [e.value for e in (*at.markdown, *at.caption, *at.info, *at.warning, *at.error, *at.success)]
    return re.sub(r"\\(.)", r"\1", "\n".join(str(p) for p in parts))


def _button(at: AppTest, label: str):  # type: ignore[no-untyped-def]
    return next(b for b in at.button if b.label == label)


def test_an_admin_makes_a_backup_to_download(bundled_store: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    at = _page(bundled_store, tmp_path / "snapshots", monkeypatch)
    assert not at.get("download_button")
    _button(at, "Sicherung erstellen").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Sicherung erstellt: 83 Akteure, 192 Beziehungen" in _texts(at)
    assert at.get("download_button"), "the backup is offered for download"
    # The store holds data: no restore into it.
    assert not at.file_uploader
    assert "nur in einen leeren Speicher" in _texts(at)
    assert str(tmp_path) not in _texts(at) and str(bundled_store.parent) not in _texts(at)


def test_an_empty_store_is_filled_from_an_uploaded_backup(backup_file: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "new.sqlite"
    at = _page(target, tmp_path / "new-snapshots", monkeypatch, lang="en")
    at.file_uploader[0].set_value([("office.backup.gz", backup_file.read_bytes(), GZIP)]).run()
    assert "83 actors, 192 ties" in _texts(at)
    restore = _button(at, "Restore")
    assert restore.disabled, "nothing is restored before the confirmation"
    at.checkbox[0].check().run()
    _button(at, "Restore").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Restored: 83 actors" in _texts(at) and "can be undone" in _texts(at)
    with EmbeddedStore(target, Vocabulary.load(DATA_DIR / "vocabularies")) as store:
        assert store.stats().actors == 83
        newest = store.change_sets()[0]
        assert newest.action == "restore" and newest.who  # the local user, acting as admin
    assert len(SnapshotFolder(tmp_path / "new-snapshots").infos()) == 1


def test_a_damaged_upload_is_refused_in_words_and_nothing_is_written(backup_file: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "new.sqlite"
    at = _page(target, tmp_path / "new-snapshots", monkeypatch)
    data = backup_file.read_bytes()
    at.file_uploader[0].set_value([("office.backup.gz", data[: len(data) // 2], GZIP)]).run()
    assert not at.exception
    assert at.error and "damaged" in at.error[0].value and "nothing was read" in at.error[0].value
    assert not [b for b in at.button if b.label == "Wiederherstellen"]
    with EmbeddedStore(target, Vocabulary.load(DATA_DIR / "vocabularies")) as store:
        assert store.is_empty() and store.change_sets() == []


def _as_editor(page: str, store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """``page`` as a signed-in editor (a roles file with only them)."""
    roles = tmp_path / "roles.toml"
    write_roles(roles, RolesFile(RoleAssignments({"ed@amt.example": "editor"})), ChangeMeta.local("roles"))
    monkeypatch.setenv("INTEGRANET_ROLES", str(roles))
    monkeypatch.setenv("INTEGRANET_STORE", str(store))
    monkeypatch.setenv("INTEGRANET_SNAPSHOT_DIR", str(tmp_path / "snapshots"))
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.secrets.update(AUTH)
    at.user = {"is_logged_in": True, "email": "ed@amt.example", "name": "Ed Editor"}
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_an_editor_is_refused_the_page(bundled_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _as_editor("views/backup.py", bundled_store, tmp_path, monkeypatch)
    assert at.error and "Bearbeiten" in at.error[0].value
    assert not [b for b in at.button if b.label == "Sicherung erstellen"] and not at.file_uploader


def test_an_admin_erases_a_contact_person_after_a_reason_and_a_confirmation(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "office.sqlite"
    with EmbeddedStore(path, Vocabulary.load(DATA_DIR / "vocabularies")) as store:
        store.initialise()
        vhs = Actor("vhs", "Volkshochschule", "course_provider", provenance="https://x.example",
                    properties={"contact": "Petra Persönlich", "email": "petra@vhs.example"})
        store.write(GraphBatch(actors=(vhs,)), ChangeMeta.local("import"))
        SnapshotFolder(tmp_path / "snapshots").create(store, "Bericht", include_personal_data=True)
    at = _page(path, tmp_path / "snapshots", monkeypatch, page="views/erasure.py")
    assert "Petra" not in _texts(at), "the page names whose data it is, never the values"
    erase = _button(at, "Endgültig löschen")
    assert erase.disabled
    at.selectbox[0].select("vhs").run()
    at.text_input[0].input("Antrag vom 2026-12-01").run()
    assert _button(at, "Endgültig löschen").disabled, "not before the confirmation"
    at.checkbox[0].check().run()
    _button(at, "Endgültig löschen").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Die personenbezogenen Daten von Volkshochschule (vhs) sind gelöscht" in _texts(at)
    assert "1 Momentaufnahmen" in _texts(at)
    with EmbeddedStore(path, Vocabulary.load(DATA_DIR / "vocabularies")) as store:
        erased = store.get_actor("vhs")
        assert erased is not None and "contact" not in erased.properties
        assert store.change_sets()[0].action == "erase"
    assert "Zurzeit enthält kein Akteur" in _texts(at)


def test_an_editor_is_refused_the_erasure(bundled_store: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    at = _as_editor("views/erasure.py", bundled_store, tmp_path, monkeypatch)
    assert at.error and "Bearbeiten" in at.error[0].value
    assert not [b for b in at.button if b.label == "Endgültig löschen"] and not at.selectbox
