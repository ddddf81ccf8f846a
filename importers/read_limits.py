"""Bounds on what one import reads, so that a hostile or broken file costs seconds and megabytes, not minutes and
gigabytes, and is answered with one clear problem.

A spreadsheet's size on disk says little: an XLSX is a zip archive (a few kilobytes can unpack to gigabytes), and
a sheet may claim 16,384 columns and a million rows while holding a handful of values. So the reader checks the
file's size and its unpacked size before it parses anything, reads a workbook's rows sparsely (memory in
proportion to the cells that hold data, see :func:`sparse_rows`), and stops at the first row or column beyond the
limits. Each limit exceeded is one problem that names the file, the limit and what to do.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .problems import Problem

__all__ = ["DEFAULT_LIMITS", "ReadLimits", "Sparse", "beyond_limits", "check_file", "column_letter", "sparse_rows"]


@dataclass(frozen=True)
class ReadLimits:
    """The most one file may hold: bytes on disk, unpacked bytes of a workbook, data rows of one table, columns
    (the last header or value) of one table. The defaults are far beyond any office table (the district's 39
    municipalities and a few hundred actors) and far below what would hurt the machine."""

    max_bytes: int = 50 * 2**20
    max_unpacked_bytes: int = 300 * 2**20
    max_rows: int = 100_000
    max_columns: int = 500


#: The limits of every import that is not given others.
DEFAULT_LIMITS = ReadLimits()

#: One row of a sheet, read sparsely: its line, the values by column index (0 = A) and the indexes of cells
#: written without a value (a formula never computed, or an empty styled cell).
Sparse = tuple[int, dict[int, Any], set[int]]


def column_letter(index: int) -> str:
    """Spreadsheet letter of a 0-based column index: 0 -> A, 25 -> Z, 26 -> AA."""
    letters, n = "", index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def beyond_limits(source: str, rows: int, columns: int, limits: ReadLimits, sheet: str | None = None
                   ) -> Problem | None:
    """One problem for a table with more data rows or columns than ``limits`` allow, else None."""
    where = f'The sheet "{sheet}"' if sheet is not None else "The file"
    if columns > limits.max_columns:
        return Problem(source, 0, "", "too-many-columns", f"{where} has a value in column {column_letter(columns - 1)}"
                       f" ({columns:,} columns); one import reads up to {limits.max_columns:,}. Delete the columns "
                       "right of the table (select them, Delete columns) and save again.")
    if rows > limits.max_rows:
        return Problem(source, 0, "", "too-many-rows", f"{where} has more than {limits.max_rows:,} data rows; one "
                       "import reads up to that many. Split the table into several files and import them one by one.")
    return None


def _size(count: int) -> str:
    return f"{count / 2**20:,.0f} MB" if count >= 2**20 else f"{count:,} bytes"


def check_file(path: Path, source: str, limits: ReadLimits, *, workbook: bool) -> Problem | None:
    """The problem when ``path`` is larger than the limits (on disk, or unpacked for a workbook), else None."""
    size = path.stat().st_size
    if size > limits.max_bytes:
        return Problem(source, 0, "", "file-too-large",
                       f"The file is {_size(size)}, more than the {_size(limits.max_bytes)} one import reads. Split it "
                       "into several files, or remove what is not data (pictures, other sheets).")
    if not workbook:
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None  # not a zip: the workbook reader says that in its own words
    if unpacked > limits.max_unpacked_bytes:
        return Problem(source, 0, "", "file-too-large",
                       f"The workbook unpacks to {_size(unpacked)}, more than the {_size(limits.max_unpacked_bytes)} "
                       "one import reads; it is not an ordinary table. Open it in Excel, copy the data into a new "
                       "workbook and save that.")
    return None


def sparse_rows(sheet: Any, workbook: Any) -> Iterator[Sparse]:
    """The rows of an openpyxl read-only ``sheet`` that hold cells, each with only the cells it holds.

    openpyxl's own ``iter_rows`` pads every row to the sheet's widest column (a value in column XFD makes every row
    16,384 cells long); this reads the sheet's XML with openpyxl's parser and keeps what is there.
    """
    from openpyxl.worksheet._reader import WorkSheetParser

    with sheet._get_source() as source:
        parser = WorkSheetParser(source, sheet._shared_strings, data_only=workbook.data_only, epoch=workbook.epoch,
                                 date_formats=workbook._date_formats,
                                 timedelta_formats=workbook._timedelta_formats)
        for line, cells in parser.parse():
            values: dict[int, Any] = {}
            unvalued: set[int] = set()
            for cell in cells:
                column = int(cell["column"]) - 1
                if cell["value"] is None:
                    unvalued.add(column)
                else:
                    values[column] = cell["value"]
            yield line, values, unvalued
