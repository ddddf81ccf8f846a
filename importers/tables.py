"""One input file (CSV or XLSX) read into raw tables, faithfully and without interpreting any column.

``read_tables`` never raises for bad input: every problem (missing file, unknown encoding, broken quoting,
headers without names, ...) comes back as a :class:`Problem`, next to whatever tables could be read.
Mapping headers to fields and validating values is the job of another module.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from importers.problems import Problem, Severity

__all__ = ["RawRow", "RawTable", "ReadResult", "read_tables"]

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
DELIMITERS = (";", ",", "\t")  # order = preference when nothing else decides (German Excel writes ";")
_SNIFF_RECORDS = 20
_SAVE_AS_UTF8 = 'In Excel, choose "Save as" with the file type "CSV UTF-8 (comma delimited)" and import that file.'
# What UTF-8 continuation bytes look like when wrongly read as cp1252: "ä" (C3 A4) becomes "Ã¤".
_CONTINUATION = bytes(range(0x80, 0xC0)).decode("cp1252", errors="ignore")
# Double-encoded UTF-8 ("Ã¤", "â€ž"), C1 controls (UTF-8 read as Latin-1) and NKo letters (cp1252 "ß“"
# read as UTF-8): none of them occurs in real text of this domain.
_MOJIBAKE = re.compile(f"[ÃÂ][{re.escape(_CONTINUATION)}]|â€|â‚¬|[\u0080-\u009f\u07c0-\u07ff]")


@dataclass(frozen=True)
class RawRow:
    """One non-blank data row: its line as a spreadsheet shows it (header = 1) and one value per header."""

    line: int
    values: tuple[object, ...]


@dataclass(frozen=True)
class RawTable:
    """One table: a CSV file or one sheet of a workbook, with headers as written and rows as read."""

    source: str
    path: Path
    sheet: str | None
    headers: tuple[str, ...]
    header_columns: tuple[int, ...]
    rows: tuple[RawRow, ...]
    encoding: str | None = None
    delimiter: str | None = None


@dataclass(frozen=True)
class ReadResult:
    tables: tuple[RawTable, ...]
    problems: tuple[Problem, ...]


def read_tables(path: str | Path) -> ReadResult:
    """Read a .csv/.txt/.tsv file (one table) or an .xlsx/.xlsm workbook (one table per non-empty sheet).

    Never raises for a missing, unreadable or malformed file: such files give no table and a Problem.
    """
    source, file = str(path), Path(path)
    try:
        file.stat()
    except (FileNotFoundError, NotADirectoryError):
        return _fail(source, "file-not-found", f"The file {source} does not exist. Check the file name and folder.")
    except (OSError, ValueError) as exc:
        return _fail(source, "file-unreadable", _unreadable_message(exc))
    suffix = file.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx(file, source)
    if suffix not in CSV_SUFFIXES:
        hint = " Open it in Excel and save it as .xlsx." if suffix in (".xls", ".ods") else ""
        return _fail(source, "unsupported-file", f'Files of type "{suffix or "(none)"}" cannot be imported. Use a '
                     f"CSV file (.csv, .txt, .tsv) or an Excel workbook (.xlsx, .xlsm).{hint}")
    try:
        data = file.read_bytes()
    except OSError as exc:
        return _fail(source, "file-unreadable", _unreadable_message(exc))
    return _read_csv(data, file, source)


def _fail(source: str, code: str, message: str) -> ReadResult:
    return ReadResult((), (Problem(source, 0, "", code, message),))


def _unreadable_message(exc: BaseException) -> str:
    reason = f" ({exc.strerror or exc})" if isinstance(exc, OSError) else f" ({type(exc).__name__}: {exc})"
    return (f"The file could not be read{reason}. Check that it is a complete, undamaged file you may open "
            "(open it in Excel and save it again), then import it again.")


def _column_letter(index: int) -> str:
    """Spreadsheet letter of a 0-based column index: 0 -> A, 25 -> Z, 26 -> AA."""
    letters, n = "", index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a header 2023 typed into Excel comes back as 2023.0
    return "" if value is None else str(value).strip().strip("\ufeff").strip()


# --- CSV -----------------------------------------------------------------------------------------------------


def _decode(data: bytes) -> tuple[str, str] | None:
    """The text and the name of the encoding that decodes ``data`` strictly, or None if none does.

    The order is fixed, so the same bytes always give the same answer: BOMs first, then UTF-16 recognised by
    its NUL bytes, then UTF-8 (whose strict rules almost never accept cp1252 text), then cp1252.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        sample = data[:4096]
        pairs = max(len(sample) // 2, 1)
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        # Latin text in UTF-16 has a NUL byte in every other position; UTF-8 and cp1252 text has none.
        if odd >= 0.3 * pairs and even <= 0.05 * pairs:
            candidates = ["utf-16-le"]
        elif even >= 0.3 * pairs and odd <= 0.05 * pairs:
            candidates = ["utf-16-be"]
        else:
            candidates = ["utf-8", "cp1252"]
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return None


def _parse(text: str, delimiter: str, strict: bool, limit: int | None = None) -> tuple[list[list[str]], int]:
    """Records (not physical lines) of ``text``, and the record number where parsing failed (0: it did not)."""
    records: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=strict)
    try:
        records.extend(islice(reader, limit))
    except csv.Error:
        return records, len(records) + 1
    return records, 0


def _choose_delimiter(text: str, suffix: str) -> str:
    """The delimiter among ; , tab: those found in the header line outside quotes compete on how many of the
    first records have the header's number of fields, then on the count in the header, then on preference."""
    counts: dict[str, int] = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in "\r\n":
            break
        elif not quoted and char in counts:
            counts[char] += 1
    candidates = [d for d in DELIMITERS if counts[d]] or list(DELIMITERS)
    preference = ("\t", ";", ",") if suffix == ".tsv" else DELIMITERS

    def score(delimiter: str) -> tuple[int, int, int]:
        records, _ = _parse(text, delimiter, strict=False, limit=_SNIFF_RECORDS)
        width = len(records[0]) if records else 0
        return sum(len(r) == width for r in records if r), counts[delimiter], -preference.index(delimiter)

    return max(candidates, key=score)


def _read_csv(data: bytes, path: Path, source: str) -> ReadResult:
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):  # zip (.xlsx) or OLE2 (.xls): renamed workbooks
        return _fail(source, "file-unreadable", "This is an Excel workbook, not a text (CSV) file. Open it in Excel "
                     "and save it as .xlsx or as CSV, then import that file.")
    decoded = _decode(data)
    if decoded is None:
        return _fail(source, "unknown-encoding", "The file's text encoding is not UTF-8, UTF-16 or Windows-1252, "
                     f"so its characters cannot be read reliably. {_SAVE_AS_UTF8}")
    text, encoding = decoded
    if "\x00" in text:  # no spreadsheet writes NUL characters into CSV text: this is some other binary file
        return _fail(source, "file-unreadable", "The file holds binary data, not text. Export the table again as CSV.")
    if not text.strip():
        return _fail(source, "empty-file", "The file is empty. Export the table again, with the headers in line 1.")
    delimiter = _choose_delimiter(text, path.suffix.lower())
    problems: list[Problem] = []
    records, failed_at = _parse(text, delimiter, strict=True)
    if failed_at:
        problems.append(Problem(source, failed_at, "", "bad-quotes", f"Line {failed_at} has a quotation mark that "
                                "is not closed, or text right after a closing one, so its cells cannot be told apart. "
                                'Check the quotation marks there (a quotation mark inside a cell is written "").'))
        records, _ = _parse(text, delimiter, strict=False)
    table, found = _make_table(source, path, None, list(enumerate(records, 1)), "", encoding, delimiter)
    problems.extend(found)
    if table is None and not found:
        problems.append(Problem(source, 0, "", "empty-file", "The file holds no headers and no data. "
                                "Export the table again, with the headers in line 1."))
    return ReadResult((table,) if table else (), tuple(problems))


# --- XLSX ----------------------------------------------------------------------------------------------------


def _read_xlsx(path: Path, source: str) -> ReadResult:
    import openpyxl  # only workbooks need it; reading CSV stays light

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a damaged workbook surfaces as zip, XML, key or value errors alike
        return _fail(source, "file-unreadable", _unreadable_message(exc))
    tables: list[RawTable] = []
    problems: list[Problem] = []
    try:
        for sheet in workbook.worksheets:
            if sheet.sheet_state != "visible":
                continue  # a hidden sheet holds a workbook's machinery (e.g. the template's lists), not data
            sheet.reset_dimensions()  # stored dimensions can be wrong and would silently cut off columns
            grid = [(line, list(row)) for line, row in enumerate(sheet.iter_rows(values_only=True), 1)]
            if not grid:
                continue
            # Excel has no "too many cells": a value right of the last header is a column without a header.
            width = max(len(cells) for _, cells in grid)
            grid[0] = (1, grid[0][1] + [None] * (width - len(grid[0][1])))
            table, found = _make_table(f"{source}[{sheet.title}]", path, sheet.title, grid, None)
            tables.extend([table] if table else [])
            problems.extend(found)
    except Exception as exc:  # parsing is lazy in read-only mode, so damage may only show up here
        return _fail(source, "file-unreadable", _unreadable_message(exc))
    finally:
        workbook.close()
    if not tables and not problems:
        problems.append(Problem(source, 0, "", "empty-file", "The workbook has no sheet with data. "
                                "Put the headers in row 1 of a sheet and the data below them."))
    return ReadResult(tuple(tables), tuple(problems))


# --- both ----------------------------------------------------------------------------------------------------


def _make_table(source: str, path: Path, sheet: str | None, grid: Sequence[tuple[int, Sequence[object]]], fill: object,
                encoding: str | None = None, delimiter: str | None = None) -> tuple[RawTable | None, list[Problem]]:
    """The table for ``grid`` (line 1 = headers) and its problems; no table when line 1 names no column."""
    names = [_header_text(cell) for cell in grid[0][1]] if grid and grid[0][0] == 1 else []
    body = [(line, cells) for line, cells in grid[1:] if not all(_blank(cell) for cell in cells)]
    keep = [j for j, name in enumerate(names) if name]
    if not keep:
        if not body:
            return None, []
        return None, [Problem(source, 1, "", "missing-header", "Line 1 has no headers, but there is data below it. "
                              "Put the column headers in line 1.")]
    problems: list[Problem] = []
    for j, name in enumerate(names):
        first = next((line for line, cells in body if j < len(cells) and not _blank(cells[j])), 0)
        if not name and first:
            letter = _column_letter(j)
            problems.append(Problem(source, 1, f"column {letter}", "empty-header", f"Column {letter} has data (first "
                                    f"in line {first}) but no header. Give it a header in line 1 or delete its data."))
    seen: dict[str, int] = {}
    for j in keep:
        first_j = seen.setdefault(names[j].casefold(), j)
        if first_j != j:
            problems.append(Problem(source, 1, names[j], "duplicate-header", f'The header "{names[j]}" appears more '
                                    f"than once (columns {_column_letter(first_j)} and {_column_letter(j)}). "
                                    "Rename or remove one of these columns."))
    rows: list[RawRow] = []
    for line, cells in body:
        extra = next((j for j in range(len(names), len(cells)) if not _blank(cells[j])), None)
        if extra is not None:
            letter = _column_letter(extra)
            problems.append(Problem(source, line, f"column {letter}", "too-many-cells", f"Line {line} has a value in "
                                    f"column {letter}, but the header line has only {len(names)} columns. Remove the "
                                    "extra value or give it a header (a stray delimiter can also cause this)."))
        padded = list(cells) + [fill] * (len(names) - len(cells))
        rows.append(RawRow(line, tuple(padded[j] for j in keep)))
    headers = tuple(names[j] for j in keep)
    problems.extend(_mojibake(source, headers, rows))
    table = RawTable(source, path, sheet, headers, tuple(j + 1 for j in keep), tuple(rows), encoding, delimiter)
    return table, problems


def _mojibake(source: str, headers: Sequence[str], rows: Sequence[RawRow]) -> list[Problem]:
    """One warning per column whose text looks garbled by a wrong encoding, at its first such cell."""
    hits: dict[int, list[tuple[int, str]]] = {}
    for line, values in [(1, tuple(headers)), *((row.line, row.values) for row in rows)]:
        for j, value in enumerate(values):
            if isinstance(value, str) and (match := _MOJIBAKE.search(value)):
                hits.setdefault(j, []).append((line, match.group()))
    problems = []
    for j, found in hits.items():
        (line, fragment), more = found[0], len(found) - 1
        also = f" ({more} more cells in this column look the same)" if more else ""
        problems.append(Problem(source, line, headers[j], "mojibake", f'Line {line} contains "{fragment}", which '
                                f'looks like garbled text (for example "ä" shown as "Ã¤"){also}. Check the text; if '
                                f"it is garbled, fix it in the original file. {_SAVE_AS_UTF8}", Severity.WARNING))
    return problems
