"""The page "Snapshots & export" with Streamlit's AppTest, against a real embedded store seeded with the
bundled Ludwigsburg data and a real snapshot folder (no mocks)."""

from __future__ import annotations

import json
import re
import shutil
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from graph.model.domain import Actor, Relation
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.snapshots.snapshot import SnapshotFolder
from graph.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard" / "app.py"
TIMEOUT = 60
ASPERG = "ags-08118003"
NEW_ACTOR = Actor("sprachcafe-asperg", "Sprachcafé Asperg", "volunteer_group", municipality=ASPERG, town="Asperg",
                  fields=("language_education",), serves=(ASPERG,), provenance="test")
W = TypeVar("W")


pytestmark = pytest.mark.usefixtures("fresh_caches")


@pytest.fixture
def store_path(bundled_store_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's own copy of the shared seeded store (the tests write to it)."""
    path = tmp_path / "store.sqlite"
    shutil.copy(bundled_store_file, path)
    monkeypatch.setenv("INTEGRANET_STORE", str(path))
    monkeypatch.setenv("INTEGRANET_SNAPSHOT_DIR", str(tmp_path / "snapshots"))
    return path


@pytest.fixture
def snapshot_dir(store_path: Path, tmp_path: Path) -> Path:
    return tmp_path / "snapshots"


def snapshots_app(lang: str = "de", state: dict[str, Any] | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state["language"] = lang
    for key, value in (state or {}).items():
        at.session_state[key] = value
    at.run()
    at.switch_page("views/snapshots.py").run()
    assert_fine(at)
    return at


def assert_fine(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def by_label(widgets: Sequence[W], label: str) -> W:
    labels = [getattr(w, "label", None) for w in widgets]
    assert label in labels, f"no widget labelled {label!r}; have {labels}"
    return widgets[labels.index(label)]


def plain(markdown: object) -> str:
    """Markdown source without backslash escapes: what the user reads."""
    return re.sub(r"\\(.)", r"\1", str(markdown))


def texts(elements: Sequence[Any]) -> list[str]:
    return [plain(e.value) for e in elements]


def create(at: AppTest, label: str) -> AppTest:
    at.text_input(key="snapshots_label").input(label)
    at.button(key="snapshots_create").click()
    at.run()
    assert_fine(at)
    return at


def download_labels(at: AppTest) -> list[str]:
    return [b.label for b in at.get("download_button")]


def snapshot_ids(folder: Path) -> list[str]:
    return [i.id for i in SnapshotFolder(folder).infos()]


def listed_labels(at: AppTest) -> list[str]:
    """The labels in the list of snapshots (the first table of the page)."""
    frame = at.dataframe[0].value
    return list(frame["Bezeichnung"] if "Bezeichnung" in frame else frame["Label"])


# -- rendering ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "title", "button", "empty"), [
    ("de", "Momentaufnahmen & Export", "Momentaufnahme erstellen", "Es gibt noch keine Momentaufnahme."),
    ("en", "Snapshots & export", "Create snapshot", "There is no snapshot yet."),
])
def test_page_renders_in_both_languages(snapshot_dir: Path, lang: str, title: str, button: str,
                                        empty: str) -> None:
    at = snapshots_app(lang)
    assert at.title[0].value == title
    assert at.button(key="snapshots_create").label == button
    assert any(empty in text for text in texts(at.info))
    personal = at.checkbox(key="snapshots_personal")
    assert personal.value is False, "personal data must be off by default"
    # The choice is explained on the page, not only in a tooltip.
    assert any("E-Mail" in c or "e-mail" in c for c in texts(at.caption))


def test_page_with_snapshots_renders_in_english(snapshot_dir: Path) -> None:
    at = create(snapshots_app("en"), "Report 2025")
    assert listed_labels(at) == ["Report 2025"]
    frame = at.dataframe[0].value
    assert list(frame["Personal data"]) == ["left out"]
    assert list(frame["Selection"]) == ["whole network"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", frame["Created"][0])
    assert "Download the report pack (ZIP)" not in download_labels(at)  # made on demand
    assert at.button(key=f"make-snapshot-{snapshot_ids(snapshot_dir)[0]}-pack-en-False").label == "Make the report pack"


# -- creating -------------------------------------------------------------------------------------------


def test_creating_adds_the_snapshot_to_the_list_and_the_folder(snapshot_dir: Path) -> None:
    at = create(snapshots_app(), "Integrationsbericht 2024")
    assert any("Integrationsbericht 2024" in s and "83 Akteure" in s for s in texts(at.success))
    assert listed_labels(at) == ["Integrationsbericht 2024"]
    frame = at.dataframe[0].value
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr", frame["Erstellt"][0])
    assert list(frame["Personenbezogene Daten"]) == ["weggelassen"]
    assert list(frame["Auswahl"]) == ["ganzes Netzwerk"]
    [snapshot_id] = snapshot_ids(snapshot_dir)
    metadata = json.loads((snapshot_dir / snapshot_id / "metadata.json").read_text(encoding="utf-8"))
    assert metadata["label"] == "Integrationsbericht 2024"
    assert metadata["personal_data_included"] is False
    assert metadata["counts"]["actors"] == 83
    # The new snapshot is the one chosen for download.
    assert at.selectbox(key="snapshots_download").value == snapshot_id


def test_creating_without_a_label_says_what_is_missing(snapshot_dir: Path) -> None:
    at = snapshots_app()
    at.button(key="snapshots_create").click().run()
    assert_fine(at)
    assert any("Bezeichnung" in w for w in texts(at.warning))
    assert not snapshot_dir.exists() or snapshot_ids(snapshot_dir) == []


def test_filters_start_from_the_network_map_and_are_recorded(snapshot_dir: Path) -> None:
    at = snapshots_app(state={"network_fields": ["language_education"], "network_municipalities": [ASPERG],
                              "network_district_wide": False})
    assert at.multiselect(key="snapshots_fields").value == ["language_education"]
    assert at.multiselect(key="snapshots_municipalities").value == [ASPERG]
    assert any("Netzwerkkarte" in i for i in texts(at.info))
    at.multiselect(key="snapshots_kinds").select("volunteer_group")
    at.checkbox(key="snapshots_personal").check()
    create(at, "Sprache in Asperg")
    [snapshot_id] = snapshot_ids(snapshot_dir)
    info = SnapshotFolder(snapshot_dir).info(snapshot_id)
    assert dict(info.filters) == {"fields": ["language_education"], "municipalities": [ASPERG],
                                  "kinds": ["volunteer_group"], "include_district_wide": False}
    assert info.personal_data_included is True
    frame = at.dataframe[0].value
    assert list(frame["Personenbezogene Daten"]) == ["enthalten"]
    assert frame["Auswahl"][0] == "Handlungsfeld: Sprache und Bildung; Kommune: Asperg; Art: Ehrenamtliche Initiative"
    # A snapshot with personal data asks again before they go into files.
    assert at.checkbox(key="snapshots_download_personal").value is False


def test_a_label_is_shown_literally(snapshot_dir: Path) -> None:
    hostile = "**fett** <img src=x onerror=alert(1)> :red[rot]"
    at = create(snapshots_app(), hostile)
    success = [s.value for s in at.success]
    assert any(plain(s).startswith(f"Momentaufnahme „{hostile}“") for s in success)
    assert not any("**fett**" in s for s in success), "the label must be escaped, not rendered as Markdown"
    assert listed_labels(at) == [hostile]


# -- comparing ------------------------------------------------------------------------------------------


def test_comparing_shows_an_added_actor(snapshot_dir: Path, store_path: Path) -> None:
    at = create(snapshots_app(), "Bericht 2024")
    assert any("mindestens zwei" in i for i in texts(at.info))
    with EmbeddedStore(store_path, Vocabulary.load(DATA_DIR / "vocabularies")) as store:
        store.upsert_actors([NEW_ACTOR])
        store.upsert_relations([Relation(NEW_ACTOR.id, "cooperates_with", ASPERG, fields=("language_education",),
                                         provenance="test")])
    create(at, "Bericht 2025")
    first, second = snapshot_ids(snapshot_dir)
    # Just made: compared with the one before it.
    assert at.selectbox(key="snapshots_before").value == first
    assert at.selectbox(key="snapshots_after").value == second
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Akteure neu"] == "1"
    assert metrics["Verbindungen neu"] == "1"
    assert metrics["Akteure entfallen"] == "0"
    changes = at.dataframe[1].value
    added = changes[changes["Änderung"] == "neu"]
    assert set(added["Bezeichnung"]) == {"Sprachcafé Asperg", "Sprachcafé Asperg → Asperg"}
    # Fields of action in words, not ids.
    assert list(added[added["Art"] == "Verbindung"]["Einzelheiten"]) == ["Sprache und Bildung"]
    by_field = at.dataframe[2].value
    language = by_field[by_field["Handlungsfeld"] == "Sprache und Bildung"].iloc[0]
    assert language["Akteure neu"] == 1
    before = sum("language_education" in a.fields for a in SnapshotFolder(snapshot_dir).load(first).subgraph.actors)
    assert language["Akteure vorher → nachher"] == f"{before} → {before + 1}"
    by_town = at.dataframe[3].value
    assert list(by_town["Kommune"]) == ["Asperg"]
    assert len(at.get("image")) == 1, "the diff figure is shown"
    labels = download_labels(at)
    for label in ("Tabelle der Änderungen (CSV)", "Tabelle der Änderungen (XLSX)", "Änderungen als JSON",
                  "Abbildung der Veränderungen (PNG)"):
        assert label in labels


def test_comparing_a_snapshot_with_itself_asks_for_two(snapshot_dir: Path) -> None:
    at = create(create(snapshots_app(), "A"), "B")
    at.selectbox(key="snapshots_before").set_value(at.selectbox(key="snapshots_after").value).run()
    assert_fine(at)
    assert any("zwei verschiedene" in i for i in texts(at.info))


def test_comparing_unchanged_snapshots_says_so(snapshot_dir: Path) -> None:
    at = create(create(snapshots_app(), "A"), "B")
    assert any("Keine Unterschiede" in s for s in texts(at.success))


# -- downloading ----------------------------------------------------------------------------------------


def test_download_buttons_exist_for_the_formats(snapshot_dir: Path) -> None:
    # One town: every figure is drawn below, and a small one draws faster.
    at = create(snapshots_app(state={"network_municipalities": [ASPERG], "network_district_wide": False}),
                "Asperg 2024")
    [snapshot_id] = snapshot_ids(snapshot_dir)
    labels = download_labels(at)
    for label in ("Excel-Tabelle (XLSX)", "CSV-Tabellen (ZIP)", "Interaktive Karte (HTML)", "GraphML", "GEXF",
                  "JSON", "Cypher-Skript"):
        assert label in labels
    # The figures take seconds: a "make" button first, then the download button in its place.
    assert "Berichtspaket herunterladen (ZIP)" not in labels
    make = at.button(key=f"make-snapshot-{snapshot_id}-pack-de-False")
    assert make.label == "Berichtspaket erstellen"
    make.click().run()
    assert_fine(at)
    assert "Berichtspaket herunterladen (ZIP)" in download_labels(at)
    for fmt, label in (("png", "Abbildung als Bild (PNG)"), ("svg", "Abbildung als Vektorgrafik (SVG)"),
                       ("pdf", "Abbildung als PDF")):
        at.button(key=f"make-snapshot-{snapshot_id}-{fmt}-de-False").click().run()
        assert_fine(at)
        assert label in download_labels(at)
    # Made once, offered directly on the next run.
    at.run()
    assert {"Berichtspaket herunterladen (ZIP)", "Abbildung als PDF"} <= set(download_labels(at))


def test_files_are_the_library_exports(snapshot_dir: Path) -> None:
    """The page hands out export_bytes' files, e.g. the CSV tables as a ZIP the importer reads."""
    import io
    import zipfile

    from dashboard import snapshot_reads

    create(snapshots_app(), "Bericht 2024")
    [snapshot_id] = snapshot_ids(snapshot_dir)
    snapshot = SnapshotFolder(snapshot_dir).load(snapshot_id)
    vocabulary = Vocabulary.load(DATA_DIR / "vocabularies")
    tables = snapshot_reads.export(snapshot, str(snapshot_dir), snapshot_id, "csv", vocabulary, "de", False)
    assert tables.name == f"integranet-{snapshot_id}-csv.zip"
    assert sorted(zipfile.ZipFile(io.BytesIO(tables.data)).namelist()) == [
        "Document.csv", "Event.csv", "Format.csv", "Indicator.csv", "Offer.csv", "Programme.csv", "Region.csv",
        "actors.csv", "links.csv", "relations.csv"]


# -- deleting -------------------------------------------------------------------------------------------


def test_deleting_asks_for_confirmation_and_removes_it(snapshot_dir: Path) -> None:
    at = create(create(snapshots_app(), "Alt"), "Neu")
    old, new = snapshot_ids(snapshot_dir)
    at.selectbox(key="snapshots_delete").set_value(old).run()
    at.button(key="snapshots_delete_ask").click().run()
    assert_fine(at)
    assert any("endgültig gelöscht werden" in w and "„Alt“" in w for w in texts(at.warning))
    assert snapshot_ids(snapshot_dir) == [old, new], "nothing is deleted before the confirmation"

    at.button(key="snapshots_delete_no").click().run()
    assert_fine(at)
    assert not any("endgültig" in w for w in texts(at.warning))
    assert snapshot_ids(snapshot_dir) == [old, new]

    at.button(key="snapshots_delete_ask").click().run()
    at.button(key="snapshots_delete_yes").click().run()
    assert_fine(at)
    assert snapshot_ids(snapshot_dir) == [new]
    assert not (snapshot_dir / old).exists()
    assert any("„Alt“ gelöscht" in s for s in texts(at.success))
    assert listed_labels(at) == ["Neu"]
    assert any("mindestens zwei" in i for i in texts(at.info))


# -- errors in words ------------------------------------------------------------------------------------


def test_an_edited_snapshot_is_refused_in_words(snapshot_dir: Path) -> None:
    at = create(snapshots_app(), "Bericht 2024")
    [snapshot_id] = snapshot_ids(snapshot_dir)
    graph_file = snapshot_dir / snapshot_id / "graph.json"
    graph_file.chmod(stat.S_IRUSR | stat.S_IWUSR)
    graph_file.write_text(graph_file.read_text(encoding="utf-8").replace("Asperg", "Aspergg"), encoding="utf-8")
    st.cache_resource.clear()
    at.run()
    assert_fine(at)
    errors = texts(at.error)
    assert any("„Bericht 2024“ kann nicht gelesen werden" in e and "changed after it was created" in e
               for e in errors)


def test_without_a_store_the_snapshots_stay_available(snapshot_dir: Path, store_path: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    create(snapshots_app(), "Bericht 2024")
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("INTEGRANET_STORE", str(broken))
    st.cache_resource.clear()
    st.cache_data.clear()
    at = snapshots_app()
    assert any("Datenbestand konnte nicht geöffnet werden" in e for e in texts(at.error))
    assert any("Ohne geöffneten Datenbestand" in i for i in texts(at.info))
    assert listed_labels(at) == ["Bericht 2024"]
    assert "Excel-Tabelle (XLSX)" in download_labels(at)
