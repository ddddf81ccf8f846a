"""``integranet ask``: the ready questions on the seeded store, the same answers on both backends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.store.questions import QUESTIONS
from tests.support import run

TODAY = "2026-12-03"
#: Parameters of each question asked here (the reference date fixed, so the answers do not age).
ASKED: dict[str, tuple[str, ...]] = {
    "actors_without_format": (),
    "recommendations_without_responsible": (),
    "offers_ending_within": ("--param", f"today={TODAY}", "--param", "days=3650"),
    "municipalities_without_offer": ("--param", "field=Sprache und Bildung"),
    "formats_by_participants": (),
    "events_without_documents": ("--param", f"today={TODAY}"),
}


def ask(store: str, *args: str) -> dict[str, object]:
    code, out, err = run("--store", store, "ask", *args, "--json")
    assert code == 0, err
    answer: dict[str, object] = json.loads(out)
    return answer


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> str:
    location = str(tmp_path_factory.mktemp("ask") / "store.sqlite")
    code, _out, err = run("--store", location, "seed")
    assert code == 0, err
    return location


def test_every_question_has_the_same_answer_on_both_backends(store_location: str, seeded: str) -> None:
    code, _out, err = run("--store", store_location, "seed")
    assert code == 0, err
    for question_id, params in ASKED.items():
        assert ask(store_location, question_id, *params) == ask(seeded, question_id, *params), question_id


def test_answers_on_the_seeded_store(seeded: str) -> None:
    towns = ask(seeded, "municipalities_without_offer", *ASKED["municipalities_without_offer"])
    assert towns["parameters"] == {"field": "language_education"}
    assert towns["columns"] == ["municipality_id", "municipality", "ags"]
    # The only language offers recorded are confirmed absent: no municipality has one.
    assert len(towns["rows"]) == 39  # type: ignore[arg-type]
    formats = ask(seeded, "formats_by_participants")["rows"]
    assert len(formats) == 3  # type: ignore[arg-type]
    events = ask(seeded, "events_without_documents", *ASKED["events_without_documents"])["rows"]
    assert "event-inklusionskonferenz-2025" in [row["event_id"] for row in events]  # type: ignore[index,union-attr]
    actors = ask(seeded, "actors_without_format")["rows"]
    assert actors and all(row["kind"] != "municipality" for row in actors)  # type: ignore[index,union-attr]


def test_the_table_speaks_german_and_english(seeded: str) -> None:
    code, out, err = run("--store", seeded, "ask", "events_without_documents", "--param", f"today={TODAY}")
    assert code == 0, err
    assert out.startswith("Welche Veranstaltungen sind nicht dokumentiert? (Stichtag: 03.12.2026)")
    assert "Beginn" in out and "25.11.2025" in out and "Zeilen" in out
    code, out, err = run("--store", seeded, "ask", "offers_ending_within", "--param", "today=2026-12-03",
                         "--param", "days=30", "--lang", "en")
    assert code == 0, err
    assert "Days after the reference date: 30" in out and "No rows" in out


def test_without_a_question_the_questions_are_listed(seeded: str) -> None:
    code, out, err = run("--store", seeded, "ask", "--lang", "en")
    assert code == 0, err
    assert all(f"{question_id}:" in out for question_id in QUESTIONS)
    assert "today (Reference date), days (Days after the reference date)" in out


@pytest.mark.parametrize("args", [
    ("no_such_question",),
    ("offers_ending_within", "--param", "days=ein Jahr"),
    ("offers_ending_within", "--param", "today=03.12.2026"),
    ("actors_without_format", "--param", "field=language_education"),
    ("municipalities_without_offer", "--param", "field=Sprache"),
    ("municipalities_without_offer", "--param", "field"),
])
def test_wrong_usage_is_exit_code_2_with_the_valid_values(seeded: str, args: tuple[str, ...]) -> None:
    code, out, err = run("--store", seeded, "ask", *args)
    assert code == 2 and not out
    assert "Error" in err and "Traceback" not in err


def test_an_empty_store_answers_with_no_rows(tmp_path: Path) -> None:
    code, out, err = run("--store", str(tmp_path / "empty.sqlite"), "ask", "formats_by_participants", "--json")
    assert code == 0, err
    assert json.loads(out)["rows"] == []
