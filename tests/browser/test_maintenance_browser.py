"""Keeping the graph up to date in a real headless Chromium against a running dashboard: an actor is edited from
its profile (the profile's *edit* action, the form, the preview, the confirmation, the save) and the edit is
undone from the history page with one click after a confirmation; the store is checked after each step.

Needs ``/usr/bin/chromium``; without it these tests skip, or fail when ``REQUIRE_BROWSER=1``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.store.embedded import EmbeddedStore
from importers.seed import seed
from tests.support import running_dashboard

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
WAIT_MS = 30_000
VHS = "vhs-lb"
NOTE = "Kurse auch samstags (im Browser bearbeitet)"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The dashboard over a freshly seeded store of its own (the tests write to it), and that store's path."""
    folder = tmp_path_factory.mktemp("browser-maintenance")
    store_path = folder / "store.sqlite"
    vocabulary = Vocabulary.load(DATA_DIR / "vocabularies")
    with EmbeddedStore(store_path, vocabulary) as store:
        seed(store, vocabulary, DATA_DIR / "ludwigsburg")
    with running_dashboard(store_path, folder) as url:
        yield url, store_path


def _notes(store_path: Path) -> object:
    with EmbeddedStore(store_path, Vocabulary.load(DATA_DIR / "vocabularies")) as store:
        actor = store.get_actor(VHS)
        assert actor is not None
        return actor.properties.get("notes")


def _settled(page: Any) -> None:
    page.wait_for_function("() => document.querySelector('[data-testid=stApp]')"
                           ".getAttribute('data-test-script-state') === 'notRunning'", timeout=WAIT_MS)


def _wait_for_text(page: Any, text: str) -> None:
    page.wait_for_function("text => document.querySelector('[data-testid=stMain]').innerText.includes(text)",
                           arg=text, timeout=WAIT_MS)


def _button(page: Any, label: str) -> Any:
    return page.locator('[data-testid="stMain"] button', has_text=label).first


def test_edit_an_actor_on_its_profile_then_undo_it_on_the_history_page(browser: Any,
                                                                        served: tuple[str, Path]) -> None:
    url, store_path = served
    before = _notes(store_path)
    page = browser.new_page(viewport={"width": 1440, "height": 1400})
    page.goto(f"{url}/actor?id={VHS}")
    page.locator('[data-testid="stPageLink-NavLink"]', has_text="Bearbeiten oder löschen").first.click()
    _wait_for_text(page, "Nur vhs-lb wird bearbeitet")
    assert "/data?" in page.evaluate("window.location.href")
    notes = page.get_by_label("Bemerkungen", exact=True)
    notes.fill(NOTE)
    _button(page, "Änderungen prüfen").click()
    _wait_for_text(page, "Was das Speichern ändert")
    _settled(page)
    page.get_by_text("Ja, diese Änderungen speichern", exact=True).click()
    _button(page, "Speichern").click()
    _wait_for_text(page, "Gespeichert: 1 Fakt(en)")
    assert _notes(store_path) == NOTE
    _settled(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "data-edit-de.png"))

    with EmbeddedStore(store_path, Vocabulary.load(DATA_DIR / "vocabularies")) as store:
        edit = store.change_sets(limit=1)[0]
    assert edit.action == "edit"
    page.goto(f"{url}/history?id={edit.id}")
    _wait_for_text(page, "0 hinzugefügt, 1 geändert, 0 entfernt")  # the facts themselves are in a grid (canvas)
    _settled(page)
    page.get_by_text("Ja, diesen Änderungssatz rückgängig machen", exact=True).click()
    _button(page, "Rückgängig machen").click()
    _wait_for_text(page, f"Rückgängig gemacht: Änderungssatz {edit.id}")
    assert _notes(store_path) == before
    _settled(page)
    page.screenshot(path=str(SCREENSHOTS / "history-undo-de.png"))
    page.close()


def _open_record(context: Any, url: str) -> Any:
    page = context.new_page()
    page.goto(f"{url}/data?table=actors&id={VHS}")
    _wait_for_text(page, "Nur vhs-lb wird bearbeitet")
    _settled(page)
    return page


def _check_and_save(page: Any, notes: str) -> None:
    page.get_by_label("Bemerkungen", exact=True).fill(notes)
    _button(page, "Änderungen prüfen").click()
    _wait_for_text(page, "Was das Speichern ändert")
    _settled(page)
    page.get_by_text("Ja, diese Änderungen speichern", exact=True).click()
    _button(page, "Speichern").click()


def test_two_sessions_edit_the_same_actor_and_the_second_save_overwrites_nothing(browser: Any,
                                                                                 served: tuple[str, Path]) -> None:
    """Anna and Bert open the same actor in two browser sessions; Bert saves first. Anna's save is refused: the
    page names who saved and when and shows both values, and the store keeps Bert's."""
    from graph.model.changes import local_user

    url, store_path = served
    size = {"width": 1440, "height": 1400}
    anna_context, bert_context = browser.new_context(viewport=size), browser.new_context(viewport=size)
    try:
        anna, bert = _open_record(anna_context, url), _open_record(bert_context, url)
        _check_and_save(bert, "Bert: Kurse auch sonntags")
        _wait_for_text(bert, "Gespeichert: 1 Fakt(en)")
        assert _notes(store_path) == "Bert: Kurse auch sonntags"
        _check_and_save(anna, "Anna: Kurse nur werktags")
        _wait_for_text(anna, "Nichts wurde gespeichert")
        _settled(anna)
        text = anna.locator('[data-testid="stMain"]').inner_text()
        assert local_user() in text and "nachdem Sie sie geöffnet hatten" in text
        assert _notes(store_path) == "Bert: Kurse auch sonntags", "the second save overwrote nothing"
        grid = anna.locator('[data-testid="stDataFrame"] table[role="grid"] td')
        grid.first.wait_for(state="attached", timeout=WAIT_MS)
        cells = [c.text_content() for c in grid.all()]
        assert "Bert: Kurse auch sonntags" in cells and "Anna: Kurse nur werktags" in cells, cells
        anna.screenshot(path=str(SCREENSHOTS / "data-conflict-de.png"))
        # Now on top of Bert's version, Anna's change goes through.
        assert anna.get_by_label("Bemerkungen", exact=True).input_value() == "Bert: Kurse auch sonntags", \
            "the form now holds the version in the store"
        _check_and_save(anna, "Anna: Kurse nur werktags")
        _wait_for_text(anna, "Gespeichert: 1 Fakt(en)")
        assert _notes(store_path) == "Anna: Kurse nur werktags"
    finally:
        anna_context.close()
        bert_context.close()


NEW_NAME = "Sprachcafé Asperg (im Browser hochgeladen)"
GOOD = ("id,name,kind,municipality,provenance\n"
        f"sprachcafe-asperg,{NEW_NAME},volunteer_group,Asperg,https://example.org/sprachcafe\n")
TIE = "from,to,type,provenance\nsprachcafe-asperg,vhs-lb,cooperates_with,https://example.org/sprachcafe\n"
BAD = ("id,name,kind,municipality,provenance\n"
       "gut-1,Guter Verein,volunteer_group,Asperg,https://example.org/a\n"
       "schlecht-1,Schlechter Verein,Kegelclub,Asperg,https://example.org/b\n")


def _upload(page: Any, files: list[Path]) -> None:
    page.locator('[data-testid="stFileUploaderDropzone"] input[type="file"]').set_input_files([str(f) for f in files])


def _actor_ids(store_path: Path) -> set[str]:
    with EmbeddedStore(store_path, Vocabulary.load(DATA_DIR / "vocabularies")) as store:
        return {a.id for a in store.actors()}


def test_upload_a_bad_file_then_a_good_one_and_see_it_on_the_map(browser: Any, served: tuple[str, Path],
                                                                 tmp_path: Path) -> None:
    url, store_path = served
    before = _actor_ids(store_path)
    bad = tmp_path / "vereine.csv"
    bad.write_text(BAD, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1440, "height": 1400})
    page.goto(f"{url}/upload")
    _upload(page, [bad])
    _wait_for_text(page, "1 Fehler in den Dateien")
    _settled(page)
    # The problems table names the file, the line and the column (the grid draws on a canvas;
    # its cells are in its accessible table).
    cells = page.locator('[data-testid="stDataFrame"] table[role="grid"] td')
    cells.first.wait_for(state="attached", timeout=WAIT_MS)
    grid = [c.text_content() for c in cells.all()]
    assert grid[:4] == ["vereine.csv", "", "3", "kind"] and grid[-1] == "unknown-kind", grid
    assert not [b for b in page.locator('[data-testid="stMain"] button').all_inner_texts() if "übernehmen" in b]
    assert _actor_ids(store_path) == before  # nothing written

    good, tie = tmp_path / "akteure.csv", tmp_path / "verbindungen.csv"
    good.write_text(GOOD, encoding="utf-8")
    tie.write_text(TIE, encoding="utf-8")
    page.goto(f"{url}/upload")
    _upload(page, [good, tie])
    _wait_for_text(page, "Was die Dateien ändern würden")
    _settled(page)
    _button(page, "Änderung übernehmen").click()
    _wait_for_text(page, "Als Änderungssatz")
    assert _actor_ids(store_path) == before | {"sprachcafe-asperg"}
    _settled(page)
    page.screenshot(path=str(SCREENSHOTS / "upload-de.png"))

    page.goto(f"{url}/network")
    page.wait_for_function(
        """(name) => Array.from(document.querySelectorAll('iframe')).some((iframe) => {
            try {
                const network = iframe.contentWindow.integranetNetwork;
                return network !== undefined && network.body.data.nodes.get().some((n) => n.label === name);
            } catch (error) { return false; }
        })""", arg=NEW_NAME, timeout=60_000)
    page.close()
