"""The duplicates page (``/duplicates``) with Streamlit's AppTest against a real embedded store: the likely pairs
(actors and nodes) with score, kind, town and why; choosing which to keep, what the merge does, the confirmation,
the merge as one change set of action ``merge``, and a link to the history; German and English; hostile names
shown literally."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.i18n import markdown_literal
from graph.model.domain import Actor, GraphBatch, Relation
from graph.model.knowledge import Link, Node
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard" / "app.py"
TIMEOUT = 60
TAMM = "ags-08118067"
HOSTILE = '<script>alert("x")</script> $E=mc^2$ **bold**'

pytestmark = pytest.mark.usefixtures("fresh_caches")


def _open(path: Path) -> EmbeddedStore:
    return EmbeddedStore(path, Vocabulary.load(DATA_DIR / "vocabularies"))


@pytest.fixture
def doubled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store with a welfare organisation entered twice, a hostile name entered twice, and an offer twice."""
    path = tmp_path / "doubled.sqlite"
    with _open(path) as store:
        store.initialise()
        store.write(GraphBatch(actors=(
            Actor(TAMM, "Tamm", "municipality", town="Tamm", properties={"ags": "08118067"}),
            Actor("drk", "DRK Ortsverein Tamm", "welfare_organisation", municipality=TAMM, town="Tamm",
                  provenance="https://drk.example"),
            Actor("drk2", "Deutsches Rotes Kreuz – Ortsverein Tamm", "welfare_organisation", municipality=TAMM,
                  town="Tamm", provenance="Survey 2024", properties={"notes": "second entry"}),
            Actor("fk", "Freundeskreis Asyl Tamm", "volunteer_group", municipality=TAMM, town="Tamm"),
            Actor("h1", HOSTILE, "migrant_organisation", municipality=TAMM, town="Tamm"),
            Actor("h2", HOSTILE + " e.V.", "migrant_organisation", municipality=TAMM, town="Tamm"),
        ), relations=(Relation("fk", "cooperates_with", "drk2", provenance="Survey 2024"),),
            nodes=(Node("offer-a", "Offer", "Deutschkurs A1 Tamm", "x", properties={"status": "offered"}),
                   Node("offer-b", "Offer", "Deutschkurs A1 (Tamm)", "y", properties={"status": "offered"})),
            links=(Link("drk2", "Actor", "PROVIDES", "offer-a", "Offer", "Survey 2024"),)))
    monkeypatch.setenv("INTEGRANET_STORE", str(path))
    monkeypatch.delenv("INTEGRANET_HOME_ORGANISATION", raising=False)
    return path


def _page() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    at.switch_page("views/duplicates.py").run()
    _ok(at)
    return at


def _ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _plain(markdown: object) -> str:
    return re.sub(r"\\(.)", r"\1", str(markdown))


def _table(at: AppTest) -> list[list[str]]:
    frame = at.table[0].value
    return [list(frame.columns), *([_plain(cell) for cell in row] for row in frame.itertuples(index=False))]


def _choose(at: AppTest, first: str, second: str) -> None:
    box = at.selectbox(key="duplicates_pair")
    index = next(i for i, label in enumerate(box.options) if first in label and second in label)
    box.select_index(index).run()
    _ok(at)


def test_the_page_lists_the_pairs_with_score_kind_town_and_why(doubled: Path) -> None:
    at = _page()
    assert at.title[0].value == "Mögliche Dubletten"
    rows = _table(at)
    assert rows[0] == ["Ähnlichkeit", "Eintrag", "Wahrscheinlich derselbe wie", "Art oder Typ", "Ort", "Warum"]
    pairs = {(row[1], row[2]): row for row in rows[1:]}
    drk = pairs[("DRK Ortsverein Tamm (drk)", "Deutsches Rotes Kreuz – Ortsverein Tamm (drk2)")]
    assert drk[0] == "100" and drk[3] == "Wohlfahrtsverband" and drk[4] == "Tamm"
    assert drk[5].startswith("gleicher Name")
    offers = pairs[("Deutschkurs A1 Tamm (offer-a)", "Deutschkurs A1 (Tamm) (offer-b)")]
    assert offers[3] == "Angebot" and offers[4] == "—"
    # The hostile name reaches the table escaped: Markdown shows it literally.
    assert markdown_literal(f"{HOSTILE} (h1)") in list(at.table[0].value.iloc[:, 1])
    assert not [row for row in rows[1:] if "fk" in (row[1], row[2])]


def test_merging_a_pair_after_confirming_writes_one_change_set(doubled: Path) -> None:
    at = _page()
    _choose(at, "(drk)", "(drk2)")
    info = _plain(at.info[0].value)
    assert "**2** Verbindung(en) und Verknüpfung(en) gehen von Deutsches Rotes Kreuz – Ortsverein Tamm auf " \
           "DRK Ortsverein Tamm über" in info
    assert "übernimmt von Deutsches Rotes Kreuz – Ortsverein Tamm: Notizen, Quellen." in info
    merge = at.button[0]
    assert merge.label == "Zusammenführen" and merge.disabled  # not before the confirmation
    at.checkbox(key="duplicates_confirm|drk|drk2|drk").check().run()
    _ok(at)
    at.button[0].click().run()
    _ok(at)

    with _open(doubled) as store:
        assert store.get_actor("drk2") is None
        assert ("fk", "cooperates_with", "drk") in {r.key for r in store.relations()}
        assert ("drk", "PROVIDES", "offer-a") in {k.key for k in store.links()}
        drk = store.get_actor("drk")
        assert drk is not None and drk.provenance == "https://drk.example ; Survey 2024"
        newest = store.change_sets(limit=1)[0]
    assert (newest.action, newest.comment) == ("merge", "drk2 in drk zusammengeführt")
    success = _plain(at.success[0].value)
    assert success == (f"Deutsches Rotes Kreuz – Ortsverein Tamm (drk2) in DRK Ortsverein Tamm (drk) "
                       f"zusammengeführt: Änderungssatz **{newest.id}**.")
    history = [e.proto for e in at.get("page_link") if e.proto.page == "history"]  # the url path of the history
    assert [_plain(link.label) for link in history] == [
        "Änderungsverlauf (dort lässt sich die Zusammenführung rückgängig machen)"]
    # The pair is gone from the list.
    assert not [row for row in _table(at)[1:] if "(drk2)" in row[2]]


def test_the_other_record_can_be_kept_and_the_page_speaks_english(doubled: Path) -> None:
    at = _page()
    at.sidebar.radio[0].set_value("en").run()
    _ok(at)
    assert at.title[0].value == "Likely duplicates"
    assert _table(at)[0] == ["Score", "Record", "Probably the same as", "Kind or type", "Town", "Why"]
    _choose(at, "(offer-a)", "(offer-b)")
    at.radio(key="duplicates_keep|offer-a|offer-b").set_value(False).run()
    _ok(at)
    info = _plain(at.info[0].value)
    assert "**1** tie(s) and link(s) move from Deutschkurs A1 Tamm to Deutschkurs A1 (Tamm)" in info
    at.text_input(key="duplicates_comment|offer-a|offer-b").input("same course").run()
    at.checkbox(key="duplicates_confirm|offer-a|offer-b|offer-b").check().run()
    at.button[0].click().run()
    _ok(at)
    with _open(doubled) as store:
        assert store.get_node("offer-a") is None and store.get_node("offer-b") is not None
        assert ("drk2", "PROVIDES", "offer-b") in {k.key for k in store.links()}
        assert store.change_sets(limit=1)[0].comment == "same course"
    assert "Merged Deutschkurs A1 Tamm (offer-a) into Deutschkurs A1 (Tamm) (offer-b)" in _plain(at.success[0].value)


def test_a_store_without_duplicates_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "single.sqlite"
    with _open(path) as store:
        store.initialise()
        store.write(GraphBatch(actors=(Actor("fk", "Freundeskreis Asyl Tamm", "volunteer_group", town="Tamm"),)))
    monkeypatch.setenv("INTEGRANET_STORE", str(path))
    at = _page()
    assert _plain(at.success[0].value) == "Keine möglichen Dubletten im Datenbestand."
    assert not at.button
