"""One cell of a node table read as the value of its property, by the property's data type (``node_properties.csv``).

text and url: the text; date: ``17.05.2021``, ``2021-05-17`` or a date cell, to ISO; number and integer: with a
decimal comma or point (``553.689`` is 553689 in a ``;``-separated CSV, elsewhere refused as ambiguous); boolean:
ja/nein, yes/no, x; term: one id or label (German or English) of the property's vocabulary (``node_terms.csv``),
terms and list: several, separated by ``|`` or ``;``. Problems are recorded on the row, in the property's column.
"""

from __future__ import annotations

from graph.model.domain import PropertyValue
from graph.model.schema import PropertySpec
from graph.model.terms import TermSet

from .rows import TableRow
from .values import CellError, cell_text, parse_boolean, parse_date, parse_full_date, parse_number, split_multi

__all__ = ["confirmed_on", "optional_date", "property_value", "term_options"]


def confirmed_on(row: TableRow, default: str) -> str:
    """The row's ``confirmed`` date (ISO), or ``default`` when the cell is empty or wrong (a wrong date is
    reported as a problem). The importers pass "" as ``default``: a date nobody gave is not invented.
    """
    raw = row.raw("confirmed")
    if not cell_text(raw).strip():
        return default
    try:
        return parse_full_date(raw)
    except CellError as exc:
        row.error("confirmed", "invalid-date", str(exc))
        return default


def term_options(terms: TermSet) -> str:
    """The terms of a vocabulary as a message lists them: ``Angeboten (offered), …``."""
    return ", ".join(f"{t.label('de')} ({t.id})" for t in terms)


def property_value(row: TableRow, spec: PropertySpec, terms: TermSet | None) -> PropertyValue | None:
    """The value of ``spec`` in ``row`` (None when the cell is empty or wrong; a wrong cell is an error on the row).

    Link columns are not values (see :mod:`importers.node_records`); asking for one gives None.
    """
    raw = row.raw(spec.name)
    text = row.text(spec.name)
    if not text or spec.is_link:
        return None
    kind = spec.datatype
    if kind == "date":
        try:
            return parse_full_date(raw)
        except CellError as exc:
            row.error(spec.name, "invalid-date", str(exc))
            return None
    if kind in ("number", "integer"):
        try:
            # German Excel writes ";"-separated CSV with a decimal comma, so a dot there groups thousands.
            number = parse_number(raw, decimal_comma=True if row.table.delimiter == ";" else None)
            if kind == "integer" and not isinstance(number, int):
                raise CellError(f"{cell_text(raw).strip()!r} is not a whole number")
            return number
        except CellError as exc:
            row.error(spec.name, "invalid-number", str(exc))
            return None
    if kind == "boolean":
        try:
            return parse_boolean(raw)
        except CellError as exc:
            row.error(spec.name, "invalid-boolean", str(exc))
            return None
    if kind == "list":
        return tuple(split_multi(text))
    if kind in ("term", "terms") and terms is not None:
        return _terms(row, spec, terms, text)
    return text


def _terms(row: TableRow, spec: PropertySpec, terms: TermSet, text: str) -> PropertyValue | None:
    found: list[str] = []
    parts = split_multi(text)
    for part in parts:
        term_id = terms.resolve(part)
        if term_id is None:
            row.error(spec.name, "unknown-term", f"{part!r} is not a value of {spec.label_en!r}; use one of: "
                      f"{term_options(terms)}" + ("; separate several with | or ;" if spec.datatype == "terms" else ""))
        elif term_id not in found:
            found.append(term_id)
    if spec.datatype == "term":
        if len(parts) > 1:
            row.error(spec.name, "too-many-terms", f"{spec.label_en!r} takes one value, not {len(parts)}; "
                      f"use one of: {term_options(terms)}")
            return None
        return found[0] if found else None
    return tuple(found)


def optional_date(row: TableRow, column: str) -> str | None:
    """The row's date in ``column`` (ISO, or a year alone as the sources give it), None when the cell is empty;
    a wrong date is reported as ``invalid-date`` on the cell and gives None."""
    raw = row.raw(column)
    if not cell_text(raw).strip():
        return None
    try:
        return parse_date(raw)
    except CellError as exc:
        row.error(column, "invalid-date", str(exc))
        return None
