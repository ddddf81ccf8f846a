"""The review page (``/review``) with Streamlit's AppTest against a real embedded store: it lists the facts not
confirmed for too long with counts per municipality and kind, filters them, and confirms the ticked ones as one
change set — after which the store holds them confirmed today and the list no longer shows them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph.analysis.fact_age import cutoff_date
from graph.model.changes import ChangeMeta
from graph.model.domain import Actor, GraphBatch, Relation
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard" / "app.py"
HOSTILE = '<script>alert("x")</script> **fett** $x$'
TAMM, ASPERG = "ags-08118067", "ags-08118003"
TODAY = date.today()
OLD = cutoff_date(TODAY, 13).isoformat()
RECENT = cutoff_date(TODAY, 11).isoformat()

pytestmark = pytest.mark.usefixtures("fresh_caches")


@pytest.fixture
def store_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two municipalities confirmed recently; in Tamm an old actor and an old tie, in Asperg an actor never
    confirmed and imported 13 months ago, with a name that is markup."""
    path = tmp_path / "review.sqlite"
    with EmbeddedStore(path, Vocabulary.load(DATA_DIR / "vocabularies")) as store:
        store.write(GraphBatch(
            actors=(Actor(TAMM, "Tamm", "municipality", confirmed=RECENT),
                    Actor(ASPERG, "Asperg", "municipality", confirmed=RECENT),
                    Actor("vhs", "VHS Tamm", "course_provider", municipality=TAMM, confirmed=OLD),
                    Actor("fk", HOSTILE, "volunteer_group", municipality=ASPERG, imported_at=f"{OLD}T10:00:00+00:00")),
            relations=(Relation("vhs", "cooperates_with", TAMM, confirmed=OLD),)),
            ChangeMeta("importer", "import", role="editor"))
    monkeypatch.setenv("INTEGRANET_STORE", str(path))
    monkeypatch.delenv("INTEGRANET_HOME_ORGANISATION", raising=False)
    return path


def _confirmed(path: Path) -> dict[str, str]:
    with EmbeddedStore(path, Vocabulary.load(DATA_DIR / "vocabularies")) as store:
        dates = {a.id: a.confirmed for a in store.actors()}
        dates.update({"|".join(r.key): r.confirmed for r in store.relations()})
        return dates


def _change_sets(path: Path) -> list[tuple[str, str, int]]:
    with EmbeddedStore(path, Vocabulary.load(DATA_DIR / "vocabularies")) as store:
        return [(c.id, c.action, c.size) for c in store.change_sets()]


def _page(lang: str = "de") -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["language"] = lang
    at.run()
    at.switch_page("views/review.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _button(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _listed(at: AppTest) -> list[str]:
    # The last table is the list (after the counts per municipality and per kind).
    return list(at.dataframe[-1].value["name"])


def test_the_list_shows_the_old_facts_with_counts_and_markup_as_text(store_path: Path) -> None:
    at = _page()
    assert sorted(_listed(at)) == sorted([HOSTILE, "VHS Tamm", "VHS Tamm → kooperiert mit → Tamm"])
    by_town, by_kind = at.dataframe[0].value, at.dataframe[1].value
    assert dict(zip(by_town["Kommune"], by_town["Fakten"], strict=True)) == {"Tamm": 2, "Asperg": 1}
    assert sorted(by_kind["Typ"]) == ["Ehrenamtliche Initiative", "Kursträger", "kooperiert mit"]
    table = at.dataframe[-1].value
    never = table.loc[table["name"] == HOSTILE, "last"].item()
    assert never.startswith("nie (importiert am") and OLD[:4] in never
    assert set(table["tick"]) == {False}
    assert "<script>" not in "".join(m.value for m in at.markdown)
    at.selectbox(key="review_municipality").set_value(ASPERG).run()
    assert _listed(at) == [HOSTILE]
    at.number_input(key="review_months").set_value(14).run()
    assert not at.dataframe and "Nichts zu prüfen" in at.info[0].value


def test_tick_all_shown_and_confirm_writes_one_change_set(store_path: Path) -> None:
    before = _confirmed(store_path)
    at = _page("en")
    at.selectbox(key="review_municipality").set_value(TAMM).run()
    assert sorted(_listed(at)) == ["VHS Tamm", "VHS Tamm → cooperates with → Tamm"]
    _button(at, "review_tick_all_button")
    assert set(at.dataframe[-1].value["tick"]) == {True}
    # Ticking all holds for the facts it was pressed on, not for another municipality's.
    at.selectbox(key="review_municipality").set_value(ASPERG).run()
    assert set(at.dataframe[-1].value["tick"]) == {False}
    at.selectbox(key="review_municipality").set_value(TAMM).run()
    assert set(at.dataframe[-1].value["tick"]) == {True}
    at.text_input(key="review_comment").input("checked by phone")
    _button(at, "review_confirm")
    after = _confirmed(store_path)
    today = TODAY.isoformat()
    assert after["vhs"] == after[f"vhs|cooperates_with|{TAMM}"] == today
    assert after["fk"] == before["fk"] == "" and after[TAMM] == before[TAMM] == RECENT
    sets = _change_sets(store_path)
    assert len(sets) == 2 and sets[0][1:] == ("confirm", 2)
    done = at.success[0].value
    assert "Facts confirmed as of" in done and ": 2 (change set" in done and sets[0][0].replace("-", "\\-") in done
    assert not at.dataframe  # nothing left in Tamm
    at.selectbox(key="review_municipality").set_value(None).run()
    assert _listed(at) == [HOSTILE] and set(at.dataframe[-1].value["tick"]) == {False}


def test_one_ticked_fact_is_confirmed_and_the_others_stay(store_path: Path) -> None:
    before = _confirmed(store_path)
    at = _page()
    row = _listed(at).index("VHS Tamm")
    # AppTest cannot click into a table; it sets the editor's state as a click would.
    at.session_state["review_editor_0"] = {"edited_rows": {row: {"tick": True}}, "added_rows": [], "deleted_rows": []}
    at.run()
    _button(at, "review_confirm")
    after = _confirmed(store_path)
    assert after["vhs"] == TODAY.isoformat()
    assert {k: v for k, v in after.items() if k != "vhs"} == {k: v for k, v in before.items() if k != "vhs"}
    assert [c[1:] for c in _change_sets(store_path)] == [("confirm", 1), ("import", 5)]
    assert "Bestätigte Fakten" in at.success[0].value
    assert sorted(_listed(at)) == sorted([HOSTILE, "VHS Tamm → kooperiert mit → Tamm"])


def test_confirm_without_a_tick_writes_nothing(store_path: Path) -> None:
    at = _page("en")
    _button(at, "review_confirm")
    assert "No fact is ticked" in at.warning[0].value
    assert len(_change_sets(store_path)) == 1
