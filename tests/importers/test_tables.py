"""Tests of importers.tables: files as Excel and other tools write them read back exactly, with problems named."""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from importers.problems import Severity
from importers.tables import RawTable, ReadResult, read_tables

GERMAN = "€ „ “ – ä ö ü ß Ä Ö Ü"


def codes(result: ReadResult) -> list[str]:
    return [problem.code for problem in result.problems]


def only_table(result: ReadResult) -> RawTable:
    assert len(result.tables) == 1, result
    return result.tables[0]


def values(table: RawTable) -> list[tuple[object, ...]]:
    return [row.values for row in table.rows]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- encodings -----------------------------------------------------------------------------------------------


def test_plain_utf8_comma(tmp_path: Path) -> None:
    path = write(tmp_path, "actors.csv", b"name,kind\nCaritas,welfare\nVHS Ludwigsburg,course provider\n")
    result = read_tables(path)
    table = only_table(result)
    assert result.problems == ()
    assert (table.encoding, table.delimiter, table.sheet) == ("utf-8", ",", None)
    assert table.source == str(path)
    assert table.headers == ("name", "kind")
    assert table.header_columns == (1, 2)
    assert [row.line for row in table.rows] == [2, 3]
    assert values(table) == [("Caritas", "welfare"), ("VHS Ludwigsburg", "course provider")]


def test_utf8_bom_is_removed_from_first_header(tmp_path: Path) -> None:
    path = write(tmp_path, "a.csv", "Name;Art\nSprachcafé Grüner Baum;Ehrenamt\n".encode("utf-8-sig"))
    table = only_table(read_tables(path))
    assert table.encoding == "utf-8-sig"
    assert table.headers == ("Name", "Art")
    assert values(table) == [("Sprachcafé Grüner Baum", "Ehrenamt")]


def test_cp1252_semicolon_crlf_round_trips_exactly(tmp_path: Path) -> None:
    text = f"Name;Notiz\r\nStraße;{GERMAN}\r\n„Büro“;Öffnung – 9 €\r\n"
    result = read_tables(write(tmp_path, "excel.csv", text.encode("cp1252")))
    table = only_table(result)
    assert result.problems == ()
    assert (table.encoding, table.delimiter) == ("cp1252", ";")
    assert values(table) == [("Straße", GERMAN), ("„Büro“", "Öffnung – 9 €")]


def test_utf16_le_with_bom_and_tabs(tmp_path: Path) -> None:
    text = "Name\tOrt\r\nIntegrationsbüro\tLudwigsburg\r\nJobcenter\tMarbach am Neckar\r\n"
    table = only_table(read_tables(write(tmp_path, "unicode.txt", b"\xff\xfe" + text.encode("utf-16-le"))))
    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert values(table) == [("Integrationsbüro", "Ludwigsburg"), ("Jobcenter", "Marbach am Neckar")]


def test_utf16_without_bom_is_recognised(tmp_path: Path) -> None:
    table = only_table(read_tables(write(tmp_path, "a.txt", "Name\tOrt\nÄrzte\tBietigheim\n".encode("utf-16-le"))))
    assert table.encoding == "utf-16-le"
    assert values(table) == [("Ärzte", "Bietigheim")]


def test_undecodable_bytes_give_unknown_encoding(tmp_path: Path) -> None:
    result = read_tables(write(tmp_path, "a.csv", b"Name;Ort\nA\x81\x8d;B\x90\x9d\n"))
    assert result.tables == ()
    assert codes(result) == ["unknown-encoding"]
    assert "CSV UTF-8" in result.problems[0].message
    assert result.problems[0].line == 0


def test_mojibake_is_a_warning_naming_line_and_column(tmp_path: Path) -> None:
    garbled = "Grüße „hier“".encode().decode("cp1252")  # what double encoding makes of it
    text = f"Name;Notiz\nA;ok\nB;{garbled}\nC;{garbled}\n"
    result = read_tables(write(tmp_path, "a.csv", text.encode()))
    table = only_table(result)
    assert values(table)[1] == ("B", garbled)  # still read faithfully
    (problem,) = result.problems
    assert (problem.code, problem.severity, problem.line, problem.column) == ("mojibake", Severity.WARNING, 3, "Notiz")
    assert "1 more" in problem.message


# --- structure -----------------------------------------------------------------------------------------------


def test_quoted_delimiter_and_line_break_count_as_one_row(tmp_path: Path) -> None:
    text = 'Name;Notiz;Ort\r\n"Verein; e.V.";"Zeile 1\r\nZeile 2";A\r\nB;"sagt ""hallo""";C\r\nD;E;F\r\n'
    result = read_tables(write(tmp_path, "a.csv", text.encode()))
    table = only_table(result)
    assert result.problems == ()
    assert table.delimiter == ";"
    assert [row.line for row in table.rows] == [2, 3, 4]
    assert values(table) == [("Verein; e.V.", "Zeile 1\r\nZeile 2", "A"), ("B", 'sagt "hallo"', "C"), ("D", "E", "F")]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_ends_and_blank_rows_keep_numbering(tmp_path: Path, newline: str) -> None:
    lines = ["Name;Ort", "A;1", "", ";  ", "B;2", "", ""]
    table = only_table(read_tables(write(tmp_path, "a.csv", newline.join(lines).encode())))
    assert [(row.line, row.values) for row in table.rows] == [(2, ("A", "1")), (5, ("B", "2"))]


def test_short_rows_are_padded_and_trailing_empty_columns_ignored(tmp_path: Path) -> None:
    result = read_tables(write(tmp_path, "a.csv", b"Name;Ort;;\nA;;;\nB\n"))
    table = only_table(result)
    assert result.problems == ()
    assert table.headers == ("Name", "Ort")
    assert values(table) == [("A", ""), ("B", "")]


def test_header_only_file_is_an_empty_table(tmp_path: Path) -> None:
    result = read_tables(write(tmp_path, "a.csv", b" Name ; Ort \r\n"))
    assert codes(result) == ["no-data-rows"]  # a warning, so that an empty export does not pass unnoticed
    assert only_table(result).headers == ("Name", "Ort")
    assert only_table(result).rows == ()


def test_delimiter_tie_is_decided_by_consistency(tmp_path: Path) -> None:
    text = "Name, Vorname;Ort\nMüller, Anna;Ludwigsburg\nYilmaz, Ali;Kornwestheim\n"
    table = only_table(read_tables(write(tmp_path, "a.csv", text.encode())))
    assert table.delimiter == ";"
    assert table.headers == ("Name, Vorname", "Ort")


def test_comma_in_header_does_not_outvote_the_real_delimiter(tmp_path: Path) -> None:
    text = "Träger (Name, Ort, Art);Stadt\nCaritas;Ludwigsburg\nVHS;Asperg\n"
    table = only_table(read_tables(write(tmp_path, "a.csv", text.encode())))
    assert table.delimiter == ";"


def test_too_many_cells(tmp_path: Path) -> None:
    result = read_tables(write(tmp_path, "a.csv", b"A;B;C;D;E\n1;2;3;4;5\n1;2;3;4;5;6\n1;2;3;4;5;\n"))
    (problem,) = result.problems
    assert (problem.code, problem.line, problem.column) == ("too-many-cells", 3, "column F")
    assert values(only_table(result))[1] == ("1", "2", "3", "4", "5")


def test_empty_header_with_data_below(tmp_path: Path) -> None:
    result = read_tables(write(tmp_path, "a.csv", b"A;B;C;;E\n1;2;3;;5\n1;2;3;x;5\n"))
    (problem,) = result.problems
    assert (problem.code, problem.line, problem.column) == ("empty-header", 1, "column D")
    table = only_table(result)
    assert table.headers == ("A", "B", "C", "E")
    assert table.header_columns == (1, 2, 3, 5)
    assert values(table)[0] == ("1", "2", "3", "5")


def test_duplicate_header_is_case_insensitive(tmp_path: Path) -> None:
    result = read_tables(write(tmp_path, "a.csv", b"Name;Ort;name\nA;B;C\n"))
    (problem,) = result.problems
    assert (problem.code, problem.line, problem.column) == ("duplicate-header", 1, "name")
    assert "columns A and C" in problem.message


def test_unclosed_quote_is_reported(tmp_path: Path) -> None:
    result = read_tables(write(tmp_path, "a.csv", b'Name;Ort\nA;B\n"C;D\nE;F\n'))
    assert [(p.code, p.line) for p in result.problems] == [("bad-quotes", 3)]


@pytest.mark.parametrize("data", [b"", b"\r\n \r\n", b"\xef\xbb\xbf"])
def test_empty_file(tmp_path: Path, data: bytes) -> None:
    result = read_tables(write(tmp_path, "a.csv", data))
    assert (result.tables, codes(result)) == ((), ["empty-file"])


def test_missing_header_line(tmp_path: Path) -> None:
    assert codes(read_tables(write(tmp_path, "a.csv", b";\nA;B\n"))) == ["missing-header"]


@pytest.mark.parametrize("name", ["actors.xls", "actors.json", "actors"])
def test_unsupported_file(tmp_path: Path, name: str) -> None:
    result = read_tables(write(tmp_path, name, b"x"))
    assert codes(result) == ["unsupported-file"]
    assert ".csv" in result.problems[0].message and ".xlsx" in result.problems[0].message


def test_missing_file_and_directory(tmp_path: Path) -> None:
    result = read_tables(str(tmp_path / "nope.csv"))
    assert codes(result) == ["file-not-found"]
    assert result.problems[0].source == str(tmp_path / "nope.csv")
    (tmp_path / "dir.csv").mkdir()
    assert codes(read_tables(tmp_path / "dir.csv")) == ["file-unreadable"]


# --- XLSX ----------------------------------------------------------------------------------------------------


def test_xlsx_two_sheets_one_empty_with_date_and_number(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    actors = book.active
    actors.title = "Akteure"
    actors.append([" Name ", "Gründung", "Mitglieder", None])
    actors.append(["Caritas Ludwigsburg", datetime.date(1920, 5, 1), 42, None])
    actors.append([None, None, None])
    actors.append(["Sprachcafé", None, 3.5, "  "])
    actors["B6"] = "=1+1"  # never calculated, so data_only gives no cached value
    actors["A6"] = "Formel"
    book.create_sheet("Leer")
    path = tmp_path / "book.xlsx"
    book.save(path)

    result = read_tables(path)
    assert codes(result) == ["formula-without-value"]  # B6 is read as empty, and says so
    table = only_table(result)
    assert (table.source, table.sheet, table.encoding, table.delimiter) == (f"{path}[Akteure]", "Akteure", None, None)
    assert table.headers == ("Name", "Gründung", "Mitglieder")
    assert [(row.line, row.values) for row in table.rows] == [
        (2, ("Caritas Ludwigsburg", datetime.datetime(1920, 5, 1), 42)),
        (4, ("Sprachcafé", None, 3.5)),
        (6, ("Formel", None, None)),
    ]


def test_xlsx_value_right_of_the_headers_is_an_empty_header(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["Name", "Ort"])
    book.active.append(["A", "B", None, "stray"])
    book.save(tmp_path / "b.xlsx")
    result = read_tables(tmp_path / "b.xlsx")
    assert [(p.code, p.column, p.source) for p in result.problems] == [
        ("empty-header", "column D", f"{tmp_path / 'b.xlsx'}[Sheet]")
    ]


def test_xlsx_without_data_is_empty(tmp_path: Path) -> None:
    import openpyxl

    openpyxl.Workbook().save(tmp_path / "e.xlsx")
    assert codes(read_tables(tmp_path / "e.xlsx")) == ["empty-file"]


def test_corrupt_xlsx(tmp_path: Path) -> None:
    result = read_tables(write(tmp_path, "broken.xlsx", b"PK\x03\x04 this is not a workbook"))
    assert (result.tables, codes(result)) == ((), ["file-unreadable"])


def test_workbook_renamed_to_csv_is_named_as_such(tmp_path: Path) -> None:
    import openpyxl

    openpyxl.Workbook().save(tmp_path / "book.csv")
    result = read_tables(tmp_path / "book.csv")
    assert (result.tables, codes(result)) == ((), ["file-unreadable"])
    assert "Excel workbook" in result.problems[0].message


# --- property ------------------------------------------------------------------------------------------------

HEADER_TEXT = st.text(st.sampled_from("abcXYZ 019äöüÄÖÜß-_()/."), min_size=1, max_size=8).map(str.strip)
VALUE_TEXT = st.text(st.sampled_from("ab Z09;,\"'\t\r\näöüÄÖÜß€„“–é|="), max_size=10)


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    headers = draw(st.lists(HEADER_TEXT.filter(bool), min_size=1, max_size=4, unique_by=str.casefold))
    rows = draw(st.lists(st.lists(VALUE_TEXT, min_size=len(headers), max_size=len(headers)), max_size=10))
    return headers, rows


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=tables(), delimiter=st.sampled_from([",", ";", "\t"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
def test_written_tables_read_back_exactly(
    tmp_path: Path, table: tuple[list[str], list[list[str]]], delimiter: str, encoding: str
) -> None:
    headers, rows = table
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows([headers, *rows])
    try:
        data = buffer.getvalue().encode(encoding)
    except UnicodeEncodeError:
        assume(False)
        return
    if encoding == "cp1252" and not data.isascii():
        # Inherent ambiguity: cp1252 bytes that also happen to be valid UTF-8 (e.g. "ß“") are read as UTF-8.
        try:
            data.decode("utf-8")
            assume(False)
        except UnicodeDecodeError:
            pass
    result = read_tables(write(tmp_path, "t.csv", data))
    assert [p for p in result.problems if p.is_error] == []
    read = only_table(result)
    assert read.headers == tuple(headers)
    expected = [(line, tuple(row)) for line, row in enumerate(rows, 2) if any(cell.strip() for cell in row)]
    assert [(row.line, row.values) for row in read.rows] == expected
    if len(headers) > 1:
        assert read.delimiter == delimiter
