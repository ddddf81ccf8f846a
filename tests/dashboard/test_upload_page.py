"""The upload page (``/upload``) with Streamlit's AppTest, against a real embedded store: a file with a bad line
shows the problem with its line and writes nothing; a good file shows its preview, and the one commit writes it
as one change set; a file imported before shows what vanished from it and what was edited since."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph.model.changes import ChangeMeta, FactChange
from graph.model.vocabulary import Vocabulary
from graph.store.embedded import EmbeddedStore
from tests.support import run

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard" / "app.py"
TIMEOUT = 60
CSV = "text/csv"

pytestmark = pytest.mark.usefixtures("fresh_caches")

BAD = ("id,name,kind\n"
       "verein-a,Verein A,volunteer_group\n"
       "verein-b,Verein B,no_such_kind\n")
GOOD = ("id,name,kind\n"
        "verein-a,Verein A,volunteer_group\n"
        "verein-b,**Verein** B <b>,volunteer_group\n")


@pytest.fixture
def store_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "store.sqlite"
    monkeypatch.setenv("INTEGRANET_STORE", str(path))
    monkeypatch.delenv("INTEGRANET_HOME_ORGANISATION", raising=False)
    return path


def page(lang: str = "de") -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    if lang == "en":
        at.sidebar.radio[0].set_value("en").run()
    at.switch_page("views/upload.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def upload(at: AppTest, *files: tuple[str, str]) -> AppTest:
    at.file_uploader[0].set_value([(name, text.encode("utf-8"), CSV) for name, text in files]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def plain(text: object) -> str:
    return re.sub(r"\\(.)", r"\1", str(text))


def texts(at: AppTest) -> str:
    return "\n".join(str(e.value) for e in (*at.markdown, *at.caption, *at.info, *at.warning, *at.error,
                                            *at.success))


def buttons(at: AppTest) -> list[str]:
    return [b.label for b in at.button]


def actors(path: Path, vocabulary: Vocabulary) -> dict[str, str]:
    with EmbeddedStore(path, vocabulary) as store:
        return {a.id: a.name for a in store.actors()} if store.is_initialised() else {}


def test_a_bad_line_is_named_in_the_problems_table_and_nothing_is_written(store_path: Path,
                                                                          vocabulary: Vocabulary) -> None:
    at = upload(page("en"), ("vereine.csv", BAD))
    problems = at.dataframe[0].value
    assert list(problems.columns) == ["File", "Sheet", "Line", "Column", "Severity", "Message", "Code"]
    row = problems.iloc[0]
    assert (row["File"], row["Line"], row["Column"], row["Severity"]) == ("vereine.csv", "3", "kind", "error")
    assert "tmp" not in " ".join(map(str, problems.to_numpy().ravel()))  # the temporary folder is never shown
    assert "1 error(s)" in texts(at)
    assert "Commit the change" not in buttons(at)
    assert actors(store_path, vocabulary) == {}
    # Writing the valid rows only is a choice the user makes, then the preview and the commit follow.
    at.checkbox(key="upload_skip_invalid").check().run()
    at.button(key="upload_commit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert actors(store_path, vocabulary) == {"verein-a": "Verein A"}


def test_a_good_file_is_previewed_then_committed_as_one_change_set(store_path: Path, vocabulary: Vocabulary) -> None:
    at = upload(page(), ("vereine.csv", GOOD))
    assert "**2** neu" in texts(at)
    new = at.dataframe[0].value
    assert sorted(new["Name"]) == ["**Verein** B <b>", "Verein A"]  # a table shows the name literally
    assert actors(store_path, vocabulary) == {}  # the preview writes nothing
    at.text_input(key="upload_comment").input("Vereinsliste 2026").run()
    at.button(key="upload_commit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert actors(store_path, vocabulary) == {"verein-a": "Verein A", "verein-b": "**Verein** B <b>"}
    with EmbeddedStore(store_path, vocabulary) as store:
        sets = store.change_sets()
    assert len(sets) == 1 and sets[0].action == "import" and sets[0].source == "vereine.csv"
    assert sets[0].comment == "Vereinsliste 2026" and sets[0].size == 2
    assert sets[0].id in plain(at.success[0].value)
    link = at.get("page_link")[0]
    assert "history" in link.proto.page
    assert sets[0].id in link.proto.query_string
    assert not at.file_uploader[0].value  # a fresh uploader: nothing is offered for a second commit


def test_a_reimport_offers_the_vanished_fact_and_keeps_an_edit_unless_ticked(store_path: Path, tmp_path: Path,
                                                                            vocabulary: Vocabulary) -> None:
    first = tmp_path / "vereine.csv"
    first.write_text("id,name,kind\nverein-a,Verein A,volunteer_group\nverein-b,Verein B,volunteer_group\n"
                     "verein-c,Verein C,volunteer_group\n", encoding="utf-8")
    assert run("--store", str(store_path), "import", str(first))[0] == 0
    with EmbeddedStore(store_path, vocabulary) as store:
        b = store.get_actor("verein-b")
        assert b is not None
        store.apply_changes([FactChange.of(b, replace(b, name="Verein B (Amt)"))],
                            ChangeMeta("bert", "edit", role="editor"))
    v2 = "id,name,kind\nverein-a,Verein A (neu),volunteer_group\nverein-b,Verein B (Datei),volunteer_group\n"
    at = upload(page("en"), ("vereine.csv", v2))
    labels = [plain(c.label) for c in at.checkbox]
    assert any("Verein C" in label for label in labels)
    assert any("Overwrite Verein B (Amt) (changed by bert" in label for label in labels)
    at.checkbox(key="upload_remove_actor|verein-c").check().run()
    at.button(key="upload_commit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert actors(store_path, vocabulary) == {"verein-a": "Verein A (neu)", "verein-b": "Verein B (Amt)"}
    with EmbeddedStore(store_path, vocabulary) as store:
        newest = store.change_set(store.change_sets(limit=1)[0].id)
    assert newest is not None
    assert {(f.key, f.action) for f in newest.facts} == {("verein-a", "changed"), ("verein-c", "removed")}


def test_a_workbooks_problem_names_its_sheet(store_path: Path, tmp_path: Path, vocabulary: Vocabulary) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Akteure"
    for row in BAD.splitlines():
        sheet.append(row.split(","))
    path = tmp_path / "liste.xlsx"
    book.save(path)
    at = page("en")
    at.file_uploader[0].set_value(("liste.xlsx", path.read_bytes(), "application/vnd.openxmlformats-officedocument"
                                   ".spreadsheetml.sheet")).run()
    assert not at.exception, [e.value for e in at.exception]
    row = at.dataframe[0].value.iloc[0]
    assert (row["File"], row["Sheet"], row["Line"], row["Column"]) == ("liste.xlsx", "Akteure", "3", "kind")
    assert actors(store_path, vocabulary) == {}
