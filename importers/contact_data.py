"""Warnings where an imported cell holds contact data outside the personal columns.

Contact person, e-mail and phone belong in their columns, which every default export and snapshot leaves out. An
e-mail address or a phone number in free text (notes, a tie's note, a description) would go into every export; an
undeclared column whose values look like contact data is kept, but treated as personal
(:mod:`graph.model.personal`). Either way the import says so, with the line and the column, and writes nothing
differently: these are warnings, not errors.
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.model.personal import contact_data_in

from .rows import TableRow
from .values import cell_text

__all__ = ["warn_contact_data"]

_KINDS = {"email": "an e-mail address", "phone": "a phone number"}


def _what(kinds: Iterable[str]) -> str:
    return " and ".join(_KINDS[k] for k in kinds)


def warn_contact_data(row: TableRow, free_text: Iterable[str]) -> None:
    """Warn on ``row`` for each column of ``free_text`` (canonical names) whose cell holds an e-mail address or a
    phone number, and for each undeclared (extra) column whose cell does."""
    for canonical in free_text:
        found = contact_data_in(row.text(canonical))
        if found:
            row.warn(canonical, "contact-data-in-text",
                     f"the text holds {_what(found)}; exports keep this column, so personal data belongs in the "
                     "columns contact person / e-mail / phone (left out of exports) — move it there or remove it")
    for position, header in row.columns.extra.items():
        if position >= len(row.row.values):
            continue
        found = contact_data_in(cell_text(row.row.values[position]))
        if found:
            # An extra column's header is its own name on the row (TableRow.header falls back to it).
            row.warn(header, "personal-looking-column",
                     f"the column holds {_what(found)} but is not a declared column; it is treated as personal "
                     "data (left out of exports and snapshots unless asked for, hidden from viewers) — declare it "
                     "in the schema (node_properties.csv, personal=no) if it is not")
