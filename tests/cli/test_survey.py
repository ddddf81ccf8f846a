"""``integranet survey create / read / status`` on a copy of the seeded store: workbooks written (never over a
file), answers checked, previewed, committed as a change set, and the status of the round. The group is
invoked itself (``integranet.cli`` registers it)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from integranet.survey_commands import survey
from tests.support import run

LUDWIGSBURG = "ags-08118048"
BOOK = "Umfrage_2026-12_Ludwigsburg.xlsx"


def _survey(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(survey, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def store(bundled_store_file: Path, tmp_path: Path) -> str:
    path = tmp_path / "store.sqlite"
    shutil.copy(bundled_store_file, path)
    return str(path)


def _answer(path: Path, answer: str, line: int = 2) -> None:
    book = openpyxl.load_workbook(path)
    book["Rückmeldung"][f"C{line}"] = answer
    book.save(path)


def test_create_writes_the_chosen_workbook_and_refuses_to_overwrite(store: str, tmp_path: Path) -> None:
    out = tmp_path / "round"
    code, stdout, err = _survey("create", "--store", store, "--out", str(out), "--municipality", LUDWIGSBURG,
                                "--date", "2026-12-01")
    assert code == 0, err
    assert "1 survey workbook(s) for the survey 2026-12" in stdout and BOOK in stdout
    assert [p.name for p in out.iterdir()] == [BOOK]
    written = (out / BOOK).read_bytes()
    code, _, err = _survey("create", "--store", store, "--out", str(out), "--municipality", LUDWIGSBURG,
                           "--date", "2026-12-01")
    assert code != 0 and "Will not overwrite" in err and (out / BOOK).read_bytes() == written
    code, _, err = _survey("create", "--store", store, "--out", str(out), "--municipality", "nowhere")
    assert code == 2 and "nowhere" in err
    code, stdout, err = _survey("create", "--store", store, "--out", str(tmp_path / "en"), "--language", "en",
                                "--date", "2026-12-01")
    assert code == 0, err
    assert "39 survey workbook(s)" in stdout and (tmp_path / "en" / "Survey_2026-12_Asperg.xlsx").exists()


def test_read_dry_run_shows_problems_then_read_commits_and_status_names_who_answered(store: str,
                                                                                    tmp_path: Path) -> None:
    code, _, err = _survey("create", "--store", store, "--out", str(tmp_path), "--municipality", LUDWIGSBURG,
                           "--date", "2026-12-01")
    assert code == 0, err
    book = tmp_path / BOOK
    _answer(book, "vielleicht")
    code, stdout, err = _survey("read", "--store", store, "--dry-run", str(book))
    assert code == 1
    assert f"{book}[Rückmeldung]:2: Antwort: 'vielleicht' is not an answer of the list" in err
    code, _, err = _survey("read", "--store", store, str(book))
    assert code == 1 and "nothing was written" in err

    _answer(book, "nein – kein Angebot")
    code, stdout, err = _survey("read", "--store", store, "--dry-run", str(book))
    assert code == 0, err
    assert "0 yes, 1 no, 0 unknown" in stdout and "Compared with the store: 3 new" in stdout
    assert "Checked only; nothing was written." in stdout
    code, stdout, err = _survey("status", "--store", store)
    assert code == 0 and "No survey answers in the store yet" in stdout

    code, stdout, err = _survey("read", "--store", store, str(book))
    assert code == 0, err
    assert f"{BOOK}: committed as change set" in stdout
    code, history, err = run("--store", store, "history", "--json")
    assert code == 0, err
    assert BOOK in history

    code, stdout, err = _survey("status", "--store", store, "--json")
    assert code == 0, err
    found = {m["id"]: m for m in json.loads(stdout)["municipalities"]}
    assert json.loads(stdout)["survey"] == "2026-12" and len(found) == 39
    assert found[LUDWIGSBURG]["answered"] and found[LUDWIGSBURG]["files"] == [BOOK]
    assert not found["ags-08118003"]["answered"]
    code, stdout, err = _survey("status", "--store", store)
    assert code == 0, err
    assert "Survey 2026-12: 1 of 39 municipalities have answered." in stdout
    assert "not yet   Asperg (ags-08118003)" in stdout
