"""Parsing single cells: text, lists, dates, numbers, and undoing export's formula neutralisation."""

from __future__ import annotations

import datetime as dt
import re

from graph.exports.formulas import unneutralise

__all__ = [
    "CellError",
    "cell_text",
    "parse_date",
    "parse_float",
    "parse_int",
    "split_multi",
]



class CellError(ValueError):
    """A cell's value cannot be read; the message says what was expected."""


def cell_text(value: object) -> str:
    """A cell as text: numbers without a spurious ".0", dates as ISO 8601, None as ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return unneutralise(str(value))


def split_multi(text: str) -> list[str]:
    """Split a multi-valued cell on "|" or ";" (never ","; labels contain commas); empty parts dropped."""
    return [part.strip() for part in re.split(r"[|;]", text) if part.strip()]


_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_MY = re.compile(r"^(\d{1,2})[./](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+)?$")
_YM = re.compile(r"^(\d{4})-(\d{2})$")
_Y = re.compile(r"^(\d{4})$")


def parse_date(value: object) -> str:
    """An ISO 8601 date (``2022-03-01``, or ``2022-03`` / ``2022`` when only that is given).

    Accepts ``dd.mm.yyyy``, ``mm.yyyy``, ISO dates and spreadsheet date cells.
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool) and 1000 <= value <= 9999:
        return str(int(value))
    text = cell_text(value).strip()
    try:
        if m := _DMY.match(text):
            return dt.date(int(m[3]), int(m[2]), int(m[1])).isoformat()
        if m := _ISO.match(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        if m := _MY.match(text):
            if 1 <= int(m[1]) <= 12:
                return f"{m[2]}-{int(m[1]):02d}"
        if m := _YM.match(text):
            if 1 <= int(m[2]) <= 12:
                return text
        if _Y.match(text):
            return text
    except ValueError:
        pass
    raise CellError(f"{text!r} is not a date; write it as 17.05.2021 or 2021-05-17")


_THOUSANDS = re.compile(r"^-?\d{1,3}([.\u202f\u00a0 ]\d{3})+$")


def parse_int(value: object) -> int:
    """A whole number; German thousands separators ("94.859") are accepted."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = cell_text(value).strip()
    if _THOUSANDS.match(text):
        text = re.sub(r"[.\u202f\u00a0 ]", "", text)
    try:
        return int(text)
    except ValueError:
        raise CellError(f"{text!r} is not a whole number") from None


def parse_float(value: object) -> float:
    """A decimal number; a decimal comma ("48,89") is accepted."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    text = cell_text(value).strip()
    try:
        return float(text.replace(",", ".")) if text.count(",") == 1 and "." not in text else float(text)
    except ValueError:
        raise CellError(f"{text!r} is not a number") from None
