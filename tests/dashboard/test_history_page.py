"""The change history page (``/history``) with Streamlit's AppTest against a real embedded store: it lists the
change sets, shows one's facts before and after, undoes one only after the confirmation, and refuses, naming the
later change set, when a later change touched the same facts."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph.model.changes import ChangeMeta
from graph.model.domain import Actor, GraphBatch
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard" / "app.py"
HOSTILE = '<script>alert("x")</script> **bold** $x$'

pytestmark = pytest.mark.usefixtures("fresh_caches")


@pytest.fixture
def store_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store with three change sets: an import of two actors, an edit of one by "anna", then an edit of the
    same actor by "ben" (so the first edit cannot be undone before the second)."""
    path = tmp_path / "history.sqlite"
    vocabulary = Vocabulary.load(DATA_DIR / "vocabularies")
    with EmbeddedStore(path, vocabulary) as store:
        vhs = Actor("vhs", "Volkshochschule", "course_provider", provenance="https://example.org/vhs")
        store.write(GraphBatch(actors=(vhs, Actor("tafel", HOSTILE, "welfare_organisation", provenance="x"))),
                    ChangeMeta("importer", "import", source="akteure.csv", role="editor"))
        store.write(GraphBatch(actors=(replace(vhs, name="VHS Ludwigsburg"),)),
                    ChangeMeta("anna", "edit", role="editor"))
        store.write(GraphBatch(actors=(replace(vhs, name="VHS Ludwigsburg e.V."),)),
                    ChangeMeta("ben", "edit", role="editor"))
    monkeypatch.setenv("INTEGRANET_STORE", str(path))
    monkeypatch.delenv("INTEGRANET_HOME_ORGANISATION", raising=False)
    return path


def _ids(path: Path) -> list[str]:
    with EmbeddedStore(path, Vocabulary.load(DATA_DIR / "vocabularies")) as store:
        return [c.id for c in store.change_sets()]


def _name(path: Path) -> str:
    with EmbeddedStore(path, Vocabulary.load(DATA_DIR / "vocabularies")) as store:
        actor = store.get_actor("vhs")
        assert actor is not None
        return actor.name


def _page(**query: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("views/history.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _undo(at: AppTest, confirm: bool) -> AppTest:
    if confirm:
        at.checkbox[0].check()
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_list_shows_every_change_set_newest_first_with_who_and_what(store_path: Path) -> None:
    at = _page()
    table = at.dataframe[0].value
    assert list(table["Wer"]) == ["ben", "anna", "importer"]
    assert list(table["Was"]) == ["Bearbeitung", "Bearbeitung", "Import"]
    assert list(table["Quelldatei"]) == ["", "", "akteure.csv"]


def test_a_change_set_shows_each_property_before_and_after(store_path: Path) -> None:
    newest = _ids(store_path)[0]
    at = _page(id=newest)
    facts = at.dataframe[1].value
    row = facts[facts["Eigenschaft"] == "name"].iloc[0]
    assert (row["Vorher"], row["Nachher"]) == ("VHS Ludwigsburg", "VHS Ludwigsburg e.V.")
    assert row["Änderung"] == "geändert"


def test_undo_needs_the_confirmation_and_then_restores_the_state_before(store_path: Path) -> None:
    newest = _ids(store_path)[0]
    at = _undo(_page(id=newest), confirm=False)
    assert _name(store_path) == "VHS Ludwigsburg e.V."  # not confirmed: nothing written
    assert "Häkchen" in at.warning[0].value
    at = _undo(at, confirm=True)
    assert _name(store_path) == "VHS Ludwigsburg"
    assert any(newest in s.value for s in at.success)
    assert len(_ids(store_path)) == 4  # the undo is a change set of its own
    assert at.query_params["id"] == _ids(store_path)[0]  # the undo itself is shown


def test_an_undo_under_a_later_change_is_refused_naming_it(store_path: Path) -> None:
    newest, middle, _ = _ids(store_path)
    at = _undo(_page(id=middle), confirm=True)
    assert "später" in at.error[0].value
    # Page-link labels are Markdown: the id is escaped there, and shown as is.
    assert newest in [re.sub(r"\\(.)", r"\1", link.proto.label) for link in at.get("page_link")]
    assert _name(store_path) == "VHS Ludwigsburg e.V."
    assert len(_ids(store_path)) == 3


def test_hostile_names_are_shown_literally_and_an_unknown_id_says_what_to_do(store_path: Path) -> None:
    oldest = _ids(store_path)[-1]
    at = _page(id=oldest)
    assert HOSTILE in set(at.dataframe[1].value["Fakt"])  # a table shows text literally
    at = _page(id="20990101-000000-abcdef")
    assert "Wählen Sie einen aus der Liste" in at.warning[0].value
