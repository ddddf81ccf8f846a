"""The survey page with Streamlit's AppTest against a copy of the seeded store: the workbooks to download, a
returned workbook uploaded with its problems (file, sheet, line, column), its preview, the commit as one change
set of the person at the dashboard, and the status of the round, in German and English."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from graph.model.vocabulary import Vocabulary
from graph.store.embedded import EmbeddedStore
from importers.survey_workbook import survey_file_name, survey_id_of, survey_workbook

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard" / "app.py"
TIMEOUT = 90
LUDWIGSBURG = "ags-08118048"
TODAY = dt.date.today()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

pytestmark = pytest.mark.usefixtures("fresh_caches")


@pytest.fixture
def store_path(bundled_store_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "store.sqlite"
    shutil.copy(bundled_store_file, path)
    monkeypatch.setenv("INTEGRANET_STORE", str(path))
    monkeypatch.delenv("INTEGRANET_HOME_ORGANISATION", raising=False)
    return path


def _page(lang: str = "de") -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state["language"] = lang
    at.run()
    at.switch_page("views/survey.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _returned(store_path: Path, vocabulary: Vocabulary, tmp_path: Path, answer: str) -> Path:
    """Ludwigsburg's workbook of today's survey, its first field answered ``answer``."""
    path = tmp_path / survey_file_name("Ludwigsburg", survey_id_of(TODAY), "de")
    with EmbeddedStore(store_path, vocabulary) as store:
        survey_workbook(store, vocabulary, LUDWIGSBURG, "de", TODAY, path)
    book = openpyxl.load_workbook(path)
    book["Rückmeldung"]["C2"] = answer
    book.save(path)
    return path


def _texts(at: AppTest) -> str:
    return "\n".join(str(e.value) for kind in ("markdown", "info", "error", "success", "caption")
                     for e in getattr(at, kind))


def _frames(at: AppTest) -> list[dict[str, list[object]]]:
    return [{str(c): list(frame[c]) for c in frame.columns} for frame in (d.value for d in at.dataframe)]


def test_the_page_offers_the_workbooks_and_says_nobody_has_answered(store_path: Path) -> None:
    at = _page()
    assert at.title[0].value == "Umfrage der Gemeinden"
    downloads = at.get("download_button")
    assert len(downloads) == 1 and "Arbeitsmappe für Affalterbach herunterladen" in str(downloads[0].proto.label)
    assert at.selectbox(key="survey_municipality").options[:2] == ["Affalterbach", "Asperg"]
    assert "keine der 39 Gemeinden hat geantwortet" in _texts(at)
    at.button(key="survey_prepare_zip").click().run()
    assert not at.exception
    labels = [str(d.proto.label) for d in at.get("download_button")]
    assert labels[1] == "Alle Arbeitsmappen herunterladen (ZIP)"


def test_a_returned_workbook_is_checked_previewed_committed_and_counted(store_path: Path, vocabulary: Vocabulary,
                                                                        tmp_path: Path) -> None:
    bad = _returned(store_path, vocabulary, tmp_path, "vielleicht")
    at = _page()
    at.file_uploader(key="survey_files_0").set_value((bad.name, bad.read_bytes(), XLSX)).run()
    assert not at.exception, [e.value for e in at.exception]
    (problems,) = _frames(at)
    assert problems["Datei"] == [bad.name] and problems["Blatt"] == ["Rückmeldung"]
    assert problems["Zeile"] == [2] and problems["Spalte"] == ["Antwort"] and problems["Art"] == ["Fehler"]
    assert "1 Fehler in den Arbeitsmappen" in _texts(at)
    assert not [b for b in at.button if b.key == "survey_commit"]

    good = _returned(store_path, vocabulary, tmp_path, "nein – kein Angebot")
    at.file_uploader(key="survey_files_0").set_value((good.name, good.read_bytes(), XLSX)).run()
    assert not at.exception, [e.value for e in at.exception]
    text = _texts(at)
    assert "0 ja, 1 nein, 0 unbekannt" in text and "3 neu, 0 geändert" in text
    at.button(key="survey_commit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "1 Arbeitsmappe(n) übernommen" in _texts(at)
    assert "1 von 39 Gemeinden haben geantwortet." in _texts(at)
    (status,) = _frames(at)
    row = status["Gemeinde"].index("Ludwigsburg")
    assert status["Geantwortet"][row] == "ja" and status["Aus Datei"][row] == good.name
    assert status["Geantwortet"][status["Gemeinde"].index("Asperg")] == "noch nicht"
    with EmbeddedStore(store_path, vocabulary) as store:
        (latest, *_) = store.change_sets(1, 0)
        assert (latest.action, latest.source) == ("import", good.name)


def test_the_page_in_english(store_path: Path) -> None:
    at = _page("en")
    assert at.title[0].value == "Survey of the municipalities"
    assert "Download the workbook of Affalterbach" in str(at.get("download_button")[0].proto.label)
    assert "none of the 39 municipalities has answered" in _texts(at)
