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
from importers.read_limits import DEFAULT_LIMITS, ReadLimits, beyond_limits, check_file, column_letter, sparse_rows

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
# What German text (with names from all over Europe) does not contain, but a MacRoman or Latin-2 file read as
# Windows-1252 does: "MŸtter", "CafŽ", "Stra§e", "£ód¼", "¦roda"; and control characters no spreadsheet writes.
_LETTER = r"[^\W\d_]"
_NEAR_LETTER = re.escape("Ÿ‡†ˆ‰˜›•¤¦¨¬¯´¸¹¼½¾¶±¿£¥¡ª")  # odd beside any letter
_IN_WORD = re.escape("§…³µ©®º™")  # odd between two letters ("m³" and "Brand®" are fine)
_IMPLAUSIBLE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|Ÿ|[a-zäöüß][ŽŠŒ]"
                          f"|(?<={_LETTER})[{_NEAR_LETTER}]|[{_NEAR_LETTER}](?={_LETTER})"
                          f"|(?<={_LETTER})[{_IN_WORD}](?={_LETTER})")
# Encodings a German office's CSV file may come in when it is neither UTF-8 nor Windows-1252 (old Macs, Eastern
# European Windows); they compete with charset-normalizer's guesses on how few implausible characters they give.
_FALLBACK_ENCODINGS = ("mac_roman", "iso8859_2", "cp1250")
_DETECTED_ENCODINGS = 3
# Python's csv module refuses cells over 131,072 characters; a long free-text cell may well be longer.
_CELL_LIMIT = 1_000_000
csv.field_size_limit(max(csv.field_size_limit(), _CELL_LIMIT))


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


def read_tables(path: str | Path, limits: ReadLimits = DEFAULT_LIMITS) -> ReadResult:
    """Read a .csv/.txt/.tsv file (one table) or an .xlsx/.xlsm workbook (one table per non-empty sheet).

    Never raises for a missing, unreadable or malformed file: such files give no table and a Problem. A file or
    table beyond ``limits`` (size, unpacked size, rows, columns) gives no table and one problem saying so.
    """
    source, file = str(path), Path(path)
    try:
        file.stat()
    except (FileNotFoundError, NotADirectoryError):
        return _fail(source, "file-not-found", f"The file {source} does not exist. Check the file name and folder.")
    except (OSError, ValueError) as exc:
        return _fail(source, "file-unreadable", _unreadable_message(exc))
    suffix = file.suffix.lower()
    if too_large := check_file(file, source, limits, workbook=suffix in XLSX_SUFFIXES):
        return ReadResult((), (too_large,))
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx(file, source, limits)
    if suffix not in CSV_SUFFIXES:
        hint = " Open it in Excel and save it as .xlsx." if suffix in (".xls", ".ods") else ""
        return _fail(source, "unsupported-file", f'Files of type "{suffix or "(none)"}" cannot be imported. Use a '
                     f"CSV file (.csv, .txt, .tsv) or an Excel workbook (.xlsx, .xlsm).{hint}")
    try:
        data = file.read_bytes()
    except OSError as exc:
        return _fail(source, "file-unreadable", _unreadable_message(exc))
    return _read_csv(data, file, source, limits)


def _fail(source: str, code: str, message: str) -> ReadResult:
    return ReadResult((), (Problem(source, 0, "", code, message),))


def _unreadable_message(exc: BaseException) -> str:
    reason = f" ({exc.strerror or exc})" if isinstance(exc, OSError) else f" ({type(exc).__name__}: {exc})"
    return (f"The file could not be read{reason}. Check that it is a complete, undamaged file you may open "
            "(open it in Excel and save it again), then import it again.")


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
    its NUL bytes, then UTF-8 (whose strict rules almost never accept cp1252 text), then cp1252 when it gives no
    implausible characters; otherwise the candidate (cp1252, old Mac, Latin-2, charset-normalizer's guesses)
    that gives the fewest, cp1252 winning a tie.
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
            return _decode_8bit(data)
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return None


def _decode_8bit(data: bytes) -> tuple[str, str] | None:
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None  # bytes Windows never writes: any guess from here would be as likely garbled as not
    if not _IMPLAUSIBLE.search(text):
        return text, "cp1252"
    from charset_normalizer import from_bytes  # only files that are not plainly UTF-8 or cp1252 need it

    detected = [match.encoding for match in islice(from_bytes(data), _DETECTED_ENCODINGS)]
    decoded = [(text, "cp1252")]
    for encoding in dict.fromkeys([*_FALLBACK_ENCODINGS, *detected]):
        try:
            decoded.append((data.decode(encoding), encoding))
        except (UnicodeDecodeError, LookupError):
            continue
    return min(decoded, key=lambda candidate: len(_IMPLAUSIBLE.findall(candidate[0]) + _MOJIBAKE.findall(candidate[0])))


def _parse(text: str, delimiter: str, strict: bool, limit: int | None = None) -> tuple[list[list[str]], int, bool]:
    """Records (not physical lines) of ``text``, the record number where parsing failed (0: it did not), and
    whether it failed on a cell longer than the csv module accepts (rather than on quoting)."""
    records: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=strict)
    try:
        records.extend(islice(reader, limit))
    except csv.Error as exc:
        return records, len(records) + 1, "field larger than field limit" in str(exc)
    return records, 0, False


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
        records, _, _ = _parse(text, delimiter, strict=False, limit=_SNIFF_RECORDS)
        width = len(records[0]) if records else 0
        return sum(len(r) == width for r in records if r), counts[delimiter], -preference.index(delimiter)

    return max(candidates, key=score)


def _read_csv(data: bytes, path: Path, source: str, limits: ReadLimits) -> ReadResult:
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
    problems = _encoding_problems(source, encoding)
    records, failed_at, too_long = _parse(text, delimiter, strict=True)
    if too_long:  # no table: the cells after this one cannot be told apart reliably
        return ReadResult((), (Problem(source, failed_at, "", "cell-too-long", f"Line {failed_at} has a cell longer "
                                       f"than {_CELL_LIMIT:,} characters, more than any table cell holds. Check that "
                                       "line (a missing quotation mark can also join many lines into one cell), "
                                       "shorten the cell, and import again."),))
    if failed_at:
        problems.append(Problem(source, failed_at, "", "bad-quotes", f"Line {failed_at} has a quotation mark that "
                                "is not closed, or text right after a closing one, so its cells cannot be told apart. "
                                'Check the quotation marks there (a quotation mark inside a cell is written "").'))
        records, _, _ = _parse(text, delimiter, strict=False)
    if beyond := beyond_limits(source, len(records) - 1, max(map(len, records), default=0), limits):
        return ReadResult((), (beyond,))
    table, found = _make_table(source, path, None, list(enumerate(records, 1)), "", encoding, delimiter)
    problems.extend(found)
    if table is None and not found:
        problems.append(Problem(source, 0, "", "empty-file", "The file holds no headers and no data. "
                                "Export the table again, with the headers in line 1."))
    return ReadResult((table,) if table else (), tuple(problems))


def _encoding_problems(source: str, encoding: str) -> list[Problem]:
    """A warning naming the encoding that was assumed, when the file was neither UTF-8/16 nor Windows-1252."""
    if encoding.startswith(("utf-", "cp1252")):
        return []
    return [Problem(source, 0, "", "encoding-guessed", f"The file is not saved as UTF-8 or Windows-1252, so its "
                    f"encoding was guessed: it was read as {encoding}. Check that umlauts and accents look right. "
                    f"{_SAVE_AS_UTF8}", Severity.WARNING)]


# --- XLSX ----------------------------------------------------------------------------------------------------


def _header_wide(source: str, grid: Sequence[tuple[int, dict[int, object]]], width: int
                 ) -> tuple[list[tuple[int, list[object]]], list[Problem]]:
    """The sparse rows of a sheet as lists as wide as its header line (memory in proportion to the table, not
    to a stray value far to the right), and one problem per column right of the last header that holds data:
    Excel has no "too many cells", so such a value is a column without a header."""
    header = grid[0][1] if grid[0][0] == 1 else {}
    named = [j for j, value in header.items() if _header_text(value)]
    wide = max(named) + 1 if named else width  # no header at all: the table's own check says so
    first: dict[int, int] = {}
    for line, cells in grid[1:]:
        for j, value in cells.items():
            if j >= wide and not _blank(value):
                first.setdefault(j, line)
    problems = [Problem(source, 1, f"column {column_letter(j)}", "empty-header", f"Column {column_letter(j)} has "
                        f"data (first in line {line}) but no header. Give it a header in line 1 or delete its data.")
                for j, line in sorted(first.items())]
    return [(line, [cells.get(j) for j in range(wide)]) for line, cells in grid], problems


def _read_xlsx(path: Path, source: str, limits: ReadLimits) -> ReadResult:
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
            grid: list[tuple[int, dict[int, object]]] = []
            unvalued: set[tuple[int, int]] = set()  # cells written without a value: formulas never computed?
            width, beyond = 0, None
            # Read sparsely and bounded: memory grows with the cells that hold something, not the sheet's size.
            for line, values, empty in sparse_rows(sheet, workbook):
                width = max(width, *(j + 1 for j in (*values, *empty)), 0)
                if beyond := beyond_limits(source, line - 1, width, limits, sheet.title):
                    break
                grid.append((line, values))
                unvalued.update((line, j) for j in empty)
            if beyond is not None:
                problems.append(beyond)
                continue
            if not grid:
                continue
            rows, found = _header_wide(f"{source}[{sheet.title}]", grid, width)
            problems.extend(found)
            table, found = _make_table(f"{source}[{sheet.title}]", path, sheet.title, rows, None)
            tables.extend([table] if table else [])
            problems.extend(found)
            if unvalued:
                formulas = _formula_cells(path, sheet.title, unvalued)
                problems.extend(_formula_problems(f"{source}[{sheet.title}]", table, formulas))
    except Exception as exc:  # parsing is lazy in read-only mode, so damage may only show up here
        return _fail(source, "file-unreadable", _unreadable_message(exc))
    finally:
        workbook.close()
    if not tables and not problems:
        problems.append(Problem(source, 0, "", "empty-file", "The workbook has no sheet with data. "
                                "Put the headers in row 1 of a sheet and the data below them."))
    return ReadResult(tuple(tables), tuple(problems))


def _formula_cells(path: Path, title: str, cells: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """Which of ``cells`` (line, 0-based column) of sheet ``title`` hold a formula, in reading order.

    A program that writes workbooks without computing them (openpyxl, many exports) stores formulas without a
    value, which the values-only reading above sees as empty; only a second reading, of formulas, tells.
    """
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        last = max(line for line, _ in cells)
        rows = islice(workbook[title].iter_rows(values_only=True), last)
        return [(line, j) for line, row in enumerate(rows, 1) for j, value in enumerate(row)
                if (line, j) in cells and value is not None]  # any value here is a formula's text
    finally:
        workbook.close()


def _formula_problems(source: str, table: RawTable | None, formulas: Sequence[tuple[int, int]]) -> list[Problem]:
    """One warning per column with formulas that have no stored value, at its first such cell."""
    named = dict(zip((c - 1 for c in table.header_columns), table.headers, strict=True)) if table else {}
    by_column: dict[int, list[int]] = {}
    for line, j in formulas:
        by_column.setdefault(j, []).append(line)
    problems = []
    for j, lines in sorted(by_column.items(), key=lambda item: item[1][0]):
        more = f" ({len(lines) - 1} more cells in this column too)" if len(lines) > 1 else ""
        letter = column_letter(j)
        problems.append(Problem(source, lines[0], named.get(j, f"column {letter}"), "formula-without-value",
                                f"Cell {letter}{lines[0]} holds a formula whose result is not stored in the file, so "
                                f"it is read as empty{more}. The workbook was written by a program that does not "
                                "compute formulas: open it in Excel or LibreOffice and save it there first, so that "
                                "the computed values are stored, then import it again.", Severity.WARNING))
    return problems


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
        if name:
            continue
        first = next((line for line, cells in body if j < len(cells) and not _blank(cells[j])), 0)
        if first:
            letter = column_letter(j)
            problems.append(Problem(source, 1, f"column {letter}", "empty-header", f"Column {letter} has data (first "
                                    f"in line {first}) but no header. Give it a header in line 1 or delete its data."))
    seen: dict[str, int] = {}
    for j in keep:
        first_j = seen.setdefault(names[j].casefold(), j)
        if first_j != j:
            problems.append(Problem(source, 1, names[j], "duplicate-header", f'The header "{names[j]}" appears more '
                                    f"than once (columns {column_letter(first_j)} and {column_letter(j)}). "
                                    "Rename or remove one of these columns."))
    rows: list[RawRow] = []
    for line, cells in body:
        extra = next((j for j in range(len(names), len(cells)) if not _blank(cells[j])), None)
        if extra is not None:
            letter = column_letter(extra)
            problems.append(Problem(source, line, f"column {letter}", "too-many-cells", f"Line {line} has a value in "
                                    f"column {letter}, but the header line has only {len(names)} columns. Remove the "
                                    "extra value or give it a header (a stray delimiter can also cause this)."))
        padded = list(cells) + [fill] * (len(names) - len(cells))
        rows.append(RawRow(line, tuple(padded[j] for j in keep)))
    headers = tuple(names[j] for j in keep)
    if not rows:
        where = f'The sheet "{sheet}"' if sheet is not None else "The file"
        problems.append(Problem(source, 0, "", "no-data-rows", f"{where} has headers but no data rows below them, so "
                                "nothing is imported from it. Check that this is the right file or sheet.",
                                Severity.WARNING))
    problems.extend(_mojibake(source, headers, rows))
    if encoding is not None:  # a workbook stores Unicode: only text decoded from bytes can come out wrong
        problems.extend(_implausible(source, headers, rows))
    table = RawTable(source, path, sheet, headers, tuple(j + 1 for j in keep), tuple(rows), encoding, delimiter)
    return table, problems


def _hits(pattern: re.Pattern[str], headers: Sequence[str], rows: Sequence[RawRow],
          unless: re.Pattern[str] | None = None) -> dict[int, list[tuple[int, str]]]:
    """Per column index, the (line, matched text) of every cell that ``pattern`` finds something in (and
    ``unless`` does not: a cell already reported for it)."""
    hits: dict[int, list[tuple[int, str]]] = {}
    for line, values in [(1, tuple(headers)), *((row.line, row.values) for row in rows)]:
        for j, value in enumerate(values):
            if isinstance(value, str) and (match := pattern.search(value)) and not (unless and unless.search(value)):
                hits.setdefault(j, []).append((line, match.group()))
    return hits


def _implausible(source: str, headers: Sequence[str], rows: Sequence[RawRow]) -> list[Problem]:
    """One warning per column with characters German text does not hold (a wrong encoding), at its first cell."""
    problems = []
    for j, found in _hits(_IMPLAUSIBLE, headers, rows, unless=_MOJIBAKE).items():
        (line, fragment), more = found[0], len(found) - 1
        shown = fragment.encode("unicode_escape").decode("ascii") if not fragment.isprintable() else fragment
        also = f" ({more} more cells in this column look the same)" if more else ""
        problems.append(Problem(source, line, headers[j], "implausible-characters", f'Line {line} contains "{shown}", '
                                f"characters that do not occur in German text; the file was probably saved in another "
                                f"encoding (an old Mac or Eastern European one){also}. Save the file as CSV UTF-8 or "
                                'as "CSV (Windows)" and import it again.', Severity.WARNING))
    return problems


def _mojibake(source: str, headers: Sequence[str], rows: Sequence[RawRow]) -> list[Problem]:
    """One warning per column whose text looks garbled by a wrong encoding, at its first such cell."""
    problems = []
    for j, found in _hits(_MOJIBAKE, headers, rows).items():
        (line, fragment), more = found[0], len(found) - 1
        also = f" ({more} more cells in this column look the same)" if more else ""
        problems.append(Problem(source, line, headers[j], "mojibake", f'Line {line} contains "{fragment}", which '
                                f'looks like garbled text (for example "ä" shown as "Ã¤"){also}. Check the text; if '
                                f"it is garbled, fix it in the original file. {_SAVE_AS_UTF8}", Severity.WARNING))
    return problems
