"""Files that deceive: they look fine in the program that wrote them, but read naively they give garbled,
empty or missing data without a word. Each test writes such a file for real and reads it through
:func:`importers.tables.read_tables` (or the command line), which must read it correctly or say what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from importers.problems import Problem, Severity
from importers.tables import read_tables
from tests.support import WriteFile, WriteWorkbook, run

GERMAN = "Mütterzentrum Café Süß"


def _codes(problems: tuple[Problem, ...]) -> list[str]:
    return [p.code for p in problems]


# --- encodings ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["mac_roman", "iso8859_2", "cp1252", "utf-8", "utf-8-sig"])
def test_german_text_in_any_common_encoding_is_read_correctly(encoding: str, write_file: WriteFile) -> None:
    text = f"Name;Art\n{GERMAN};other\nMädchentreff Straße Ö;other\n"
    result = read_tables(write_file("akteure.csv", text.encode(encoding)))
    (table,) = result.tables
    assert [row.values[0] for row in table.rows] == [GERMAN, "Mädchentreff Straße Ö"]
    assert "implausible-characters" not in _codes(result.problems)


def test_an_old_mac_file_says_which_encoding_was_assumed(write_file: WriteFile) -> None:
    result = read_tables(write_file("akteure.csv", f"Name;Art\n{GERMAN};other\n".encode("mac_roman")))
    (guessed,) = [p for p in result.problems if p.code == "encoding-guessed"]
    assert result.tables[0].encoding == "mac_roman" and "mac_roman" in guessed.message
    assert guessed.severity is Severity.WARNING and "UTF-8" in guessed.message


def test_a_latin2_file_with_polish_names_is_read_as_latin2(write_file: WriteFile) -> None:
    text = f"Name;Art\n{GERMAN};other\nStowarzyszenie Łódź Środa;other\n"
    result = read_tables(write_file("akteure.csv", text.encode("iso8859_2")))
    assert [row.values[0] for row in result.tables[0].rows] == [GERMAN, "Stowarzyszenie Łódź Środa"]
    assert "encoding-guessed" in _codes(result.problems)


def test_plain_windows_files_need_no_guess(write_file: WriteFile) -> None:
    result = read_tables(write_file("akteure.csv", f"Name;Art\n{GERMAN} – „Treff“ 5 €;other\n".encode("cp1252")))
    assert result.tables[0].encoding == "cp1252" and result.problems == ()


def test_implausible_characters_that_no_encoding_explains_are_warned_about_at_their_cell(
        write_file: WriteFile) -> None:
    # UTF-8 throughout, but someone pasted text that was garbled elsewhere, and a control character.
    text = f"Name;Art;Ort\n{GERMAN};other;Tamm\nMŸtterzentrum CafŽ;other;Asperg\nVerein;other;Bietig\x07heim\n"
    result = read_tables(write_file("akteure.csv", text))
    found = {(p.line, p.column): p for p in result.problems if p.code == "implausible-characters"}
    assert set(found) == {(3, "Name"), (4, "Ort")}
    assert found[(3, "Name")].severity is Severity.WARNING and "UTF-8" in found[(3, "Name")].message
    assert "\\x07" in found[(4, "Ort")].message
    assert result.tables[0].rows[0].values[0] == GERMAN  # the text itself is kept as read


def test_names_from_all_over_europe_are_plausible(write_file: WriteFile) -> None:
    text = "Name;Art\nŽeljko Kašić;other\nŠarić & Œuvre;other\nWohnfläche 12 m², 1½ Zimmer;other\n§ 45a SGB XI;other\n"
    assert read_tables(write_file("akteure.csv", text)).problems == ()


# --- very long cells ---------------------------------------------------------------------------------------


def test_a_cell_of_200000_characters_is_read_whole(write_file: WriteFile) -> None:
    long = "Beschreibung " * 15_385  # just over 200,000 characters, more than Python's csv limit of 131,072
    assert len(long) > 200_000
    result = read_tables(write_file("akteure.csv", f'Name;Art;Notiz\nA;other;"{long}"\nB;other;kurz\n'))
    assert result.problems == ()
    assert [row.values[2] for row in result.tables[0].rows] == [long, "kurz"]


def test_a_cell_longer_than_any_table_holds_is_named_as_too_long_not_as_bad_quotes(write_file: WriteFile) -> None:
    result = read_tables(write_file("akteure.csv", "Name;Art\nA;other\nB;" + "x" * 1_000_001 + "\n"))
    assert _codes(result.problems) == ["cell-too-long"]
    assert result.problems[0].line == 3 and "Line 3" in result.problems[0].message


# --- formulas without a stored value ---------------------------------------------------------------------


def test_formulas_written_without_their_value_are_reported(tmp_path: Path) -> None:
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Akteure"
    sheet.append(["Name", "Art", "Einwohner"])
    sheet.append(["Asperg", "Kommune", "=13000+2"])
    sheet.append(["Tamm", "Kommune", 12000])
    sheet.append(['=CONCAT("Frei", "berg")', "Kommune", "=A1"])
    sheet["B6"].font = Font(bold=True)  # a styled empty cell is no formula
    path = tmp_path / "gemeinden.xlsx"
    book.save(path)
    result = read_tables(path)
    found = [(p.source, p.line, p.column) for p in result.problems if p.code == "formula-without-value"]
    assert found == [(f"{path}[Akteure]", 2, "Einwohner"), (f"{path}[Akteure]", 4, "Name")]
    first = next(p for p in result.problems if p.code == "formula-without-value")
    assert "1 more cells" in first.message and "LibreOffice" in first.message and first.severity is Severity.WARNING


def test_a_workbook_with_computed_values_has_no_formula_problem(write_workbook: WriteWorkbook) -> None:
    result = read_tables(write_workbook("gemeinden.xlsx", {"Akteure": [["Name", "Art"], ["Asperg", "Kommune"],
                                                                      ["Tamm", None]]}))
    assert result.problems == ()


# --- no data -----------------------------------------------------------------------------------------------


def test_a_header_only_csv_says_it_holds_no_data(write_file: WriteFile) -> None:
    result = read_tables(write_file("akteure.csv", "Name;Art\n;\n\n"))
    (problem,) = result.problems
    assert (problem.code, problem.line, problem.severity) == ("no-data-rows", 0, Severity.WARNING)
    assert problem.message.startswith("The file has headers but no data rows")


def test_a_header_only_sheet_names_its_sheet(write_workbook: WriteWorkbook) -> None:
    path = write_workbook("buch.xlsx", {"Akteure": [["Name", "Art"], ["A", "other"]], "Formate": [["Name", "Art"]]})
    result = read_tables(path)
    (problem,) = result.problems
    assert (problem.code, problem.source) == ("no-data-rows", f"{path}[Formate]")
    assert 'sheet "Formate"' in problem.message


# --- many problems -----------------------------------------------------------------------------------------


def test_the_command_line_lists_the_first_200_problems_and_counts_the_rest(tmp_path: Path,
                                                                          write_file: WriteFile) -> None:
    rows = "".join(f"Verein {i};Sportverein\n" for i in range(1_000))  # 1,000 unknown kinds
    path = write_file("akteure.csv", "Name;Art\n" + rows)
    code, out, err = run("--store", str(tmp_path / "store.sqlite"), "validate", str(path))
    assert code != 0
    listed = [line for line in err.splitlines() if line.endswith("[unknown-kind]")]
    assert len(listed) == 200 and listed[0].startswith(f"{path}:2:")
    assert "… and 800 more problems; fix these first." in err
    assert "1000 error(s)" in out
