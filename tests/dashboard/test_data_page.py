"""The data page (``/data``) with Streamlit's AppTest against a real embedded store seeded with the bundled data:
a profile's *edit* action opens one record as a form; a changed field is checked as an import would check it,
previewed, and saved as one change set only after the confirmation; a bad date is named with its column and
nothing is written; a deletion lists the ties that go with it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard" / "app.py"
VHS = "vhs-lb"

pytestmark = pytest.mark.usefixtures("fresh_caches")


@pytest.fixture
def store_path(bundled_store_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the seeded store (the tests write to it) as the dashboard's store."""
    path = tmp_path / "store.sqlite"
    shutil.copy(bundled_store_file, path)
    monkeypatch.setenv("INTEGRANET_STORE", str(path))
    monkeypatch.delenv("INTEGRANET_HOME_ORGANISATION", raising=False)
    return path


def _open(path: Path) -> EmbeddedStore:
    return EmbeddedStore(path, Vocabulary.load(DATA_DIR / "vocabularies"))


def _page(**query: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("views/data.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _press(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_profile_edit_link_opens_the_record_on_the_data_page(store_path: Path) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["id"] = VHS
    at.run()
    at.switch_page("views/actor.py").run()
    edit = [link.proto for link in at.get("page_link") if "table=actors" in link.proto.query_string]
    assert edit and f"id={VHS}" in edit[0].query_string


def test_a_changed_field_is_previewed_then_saved_as_one_change_set(store_path: Path) -> None:
    with _open(store_path) as store:
        before = len(store.change_sets())
    at = _page(table="actors", id=VHS)
    at.text_input(key=f"data_field_{VHS}_notes").input("Kurse auch samstags")
    at = _press(at, "Änderungen prüfen")
    facts = at.dataframe[-1].value
    assert list(facts["Eigenschaft"]) == ["notes"] and list(facts["Nachher"]) == ["Kurse auch samstags"]
    at = _press(at, "Speichern")  # not confirmed yet: nothing is written
    assert "Häkchen" in at.warning[-1].value
    with _open(store_path) as store:
        assert store.get_actor(VHS).properties["notes"] != "Kurse auch samstags"  # type: ignore[union-attr]
    at.checkbox[-1].check()
    at = _press(at, "Speichern")
    assert "Gespeichert" in at.success[0].value
    with _open(store_path) as store:
        assert store.get_actor(VHS).properties["notes"] == "Kurse auch samstags"  # type: ignore[union-attr]
        sets = store.change_sets()
        assert len(sets) == before + 1 and sets[0].action == "edit" and sets[0].size == 1


def test_a_bad_date_is_named_with_its_column_and_nothing_is_written(store_path: Path) -> None:
    at = _page(table="actors", id=VHS)
    at.text_input(key=f"data_field_{VHS}_confirmed").input("gestern")
    at = _press(at, "Änderungen prüfen")
    problems = at.dataframe[0].value
    assert list(problems["Spalte"]) == ["Bestätigt am"]
    assert "Fehler" in at.error[0].value
    assert not [b for b in at.button if b.label == "Speichern"]
    with _open(store_path) as store:
        assert store.get_actor(VHS).confirmed != "gestern"  # type: ignore[union-attr]


def test_deleting_lists_the_ties_that_go_with_it_and_undo_is_one_click_away(store_path: Path) -> None:
    with _open(store_path) as store:
        ties = [r for r in store.relations() if VHS in (r.source, r.target)]
    at = _page(table="actors", id=VHS)
    at.checkbox(key=f"data_delete_{VHS}").check()
    at = _press(at, "Änderungen prüfen")
    facts = at.dataframe[-1].value
    assert (facts["Art"] == "Verbindung").sum() == len(ties) > 0
    at.checkbox[-1].check()
    at = _press(at, "Speichern")
    with _open(store_path) as store:
        assert store.get_actor(VHS) is None
        assert not [r for r in store.relations() if VHS in (r.source, r.target)]
        assert store.change_sets()[0].action == "delete"
