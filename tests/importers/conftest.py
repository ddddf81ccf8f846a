"""Fixtures of the importer tests: real input files written into the test's own folder."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from tests.support import WriteFile, WriteWorkbook


@pytest.fixture
def write_file(tmp_path: Path) -> WriteFile:
    """``write_file(name, data)`` writes ``tmp_path / name`` (text as UTF-8, bytes as given) and returns its path."""

    def write(name: str, data: str | bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    return write


@pytest.fixture
def write_workbook(tmp_path: Path) -> WriteWorkbook:
    """``write_workbook(name, {sheet: rows})`` saves an XLSX workbook with those sheets, in that order, each row
    a list of cell values (numbers and dates stay number and date cells), and returns its path."""

    def write(name: str, sheets: Mapping[str, Sequence[Sequence[object]]]) -> Path:
        import openpyxl

        book = openpyxl.Workbook()
        book.remove(book.active)
        for title, rows in sheets.items():
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append(list(row))
        path = tmp_path / name
        book.save(path)
        return path

    return write
