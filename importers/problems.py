"""Problems found in input files, each named by file, line and column, with a stable code."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Problem", "Severity"]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One problem in one place of one file.

    ``source`` is the file as the user named it (for a workbook, ``book.xlsx[Sheet]``); ``line`` is the
    row as a spreadsheet shows it (the header is line 1; 0 for the file as a whole); ``column`` is the
    header as written in the file (empty for the whole row or file). Tests assert on ``code``; users
    read ``message``.
    """

    source: str
    line: int
    column: str
    code: str
    message: str
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        column = f" {self.column}:" if self.column else ""
        prefix = "" if self.is_error else " warning:"
        return f"{where}:{column}{prefix} {self.message} [{self.code}]"
