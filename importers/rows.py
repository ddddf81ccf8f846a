"""One table row under validation: its cells by canonical column name, and the problems found in it.

:mod:`importers.record_builder` reads a row through this class and records every problem on it, so that a
row's problems carry its file, line and the column's header as the user wrote it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .columns import ColumnMap
from .problems import Problem, Severity
from .tables import RawRow, RawTable
from .values import cell_text

__all__ = ["RESERVED_PROPERTIES", "TableRow"]

#: Names an extra column cannot take as a property, because a record's own fields carry them; such a column
#: is kept as ``column <header>``.
RESERVED_PROPERTIES = frozenset({
    "id", "name", "kind", "town", "serves_district", "provenance", "imported_at", "source", "target",
    "type", "fields", "since", "until", "note", "municipality", "serves", "confirmed", "source_type",
    "target_type",
})


@dataclass
class TableRow:
    """One table row under validation, collecting its problems."""

    table: RawTable
    row: RawRow
    columns: ColumnMap
    problems: list[Problem] = field(default_factory=list)

    def raw(self, canonical: str) -> object:
        """The cell of the column ``canonical`` as read (None when the table has no such column)."""
        position = self.columns.positions.get(canonical)
        if position is None or position >= len(self.row.values):
            return None
        return self.row.values[position]

    def text(self, canonical: str) -> str:
        """The cell of the column ``canonical`` as text, without leading and trailing spaces."""
        # Only spaces are trimmed: a leading tab or CR is content (an export neutralised it, the cell
        # reader restored it), and round trips must stay exact.
        return cell_text(self.raw(canonical)).strip(" ")

    def header(self, canonical: str) -> str:
        """The header of the column ``canonical`` as written in the file."""
        return self.columns.headers.get(canonical, canonical)

    def error(self, canonical: str, code: str, message: str) -> None:
        """Record an error in the column ``canonical`` (empty: the whole row)."""
        self.problems.append(Problem(self.table.source, self.row.line, self.header(canonical) if canonical else "",
                                     code, message))

    def warn(self, canonical: str, code: str, message: str) -> None:
        """Record a warning in the column ``canonical`` (empty: the whole row)."""
        self.problems.append(Problem(self.table.source, self.row.line, self.header(canonical) if canonical else "",
                                     code, message, Severity.WARNING))

    @property
    def ok(self) -> bool:
        """True while no error has been recorded on this row (warnings do not count)."""
        return not any(p.is_error for p in self.problems)

    @property
    def where(self) -> str:
        """``file:line`` of this row, for messages that point at it from another row."""
        return f"{self.table.source}:{self.row.line}"

    def extra_properties(self) -> dict[str, Any]:
        """The non-empty cells of columns the importer does not know, by header (see :data:`RESERVED_PROPERTIES`)."""
        props: dict[str, Any] = {}
        for position, header in self.columns.extra.items():
            if position < len(self.row.values):
                value = self.row.values[position]
                text = cell_text(value).strip(" ")
                if text:
                    key = header if header not in RESERVED_PROPERTIES else f"column {header}"
                    props[key] = text
        return props
