"""Parsing single cells: text, lists, dates, numbers, and undoing export's formula neutralisation."""

from __future__ import annotations

import datetime as dt
import math
import re

from graph.exports.formulas import unneutralise

__all__ = [
    "CellError",
    "cell_text",
    "parse_boolean",
    "parse_date",
    "parse_float",
    "parse_full_date",
    "parse_int",
    "parse_number",
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
    if isinstance(value, dt.time):  # a time-of-day cell (17:30) reads as Excel shows it
        return value.strftime("%H:%M" if not value.second and not value.microsecond else "%H:%M:%S")
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


def parse_full_date(value: object) -> str:
    """A whole ISO date (``2021-05-17``) from ``17.05.2021``, ``2021-05-17`` or a date cell; a month or a year
    alone is not enough."""
    parsed = parse_date(value)
    if len(parsed) != 10:
        raise CellError(f"{cell_text(value).strip()!r} is not a whole date; write the day too, e.g. 17.05.2021 or "
                        "2021-05-17")
    return parsed


_GROUPED = {",": re.compile(r"^-?\d{1,3}(,\d{3})+$"), ".": re.compile(r"^-?\d{1,3}(\.\d{3})+$")}
_SPACES = re.compile(r"[\s\u202f\u00a0']")


def parse_number(value: object, *, decimal_comma: bool | None = None) -> int | float:
    """A number, whole numbers as ``int``: ``19,16`` and ``19.16`` (decimal comma or point), ``1.234,5`` and
    ``1,234.5`` (thousands separators), ``104 360``, a trailing ``%`` (the figure as written, not divided).

    ``104.360`` (one dot, three digits after it) could be either: with ``decimal_comma`` (a file written the German
    way, e.g. a ``;``-separated CSV) it is 104360, with False 104.36; without knowing, it is refused with a hint.
    """
    if isinstance(value, bool):
        raise CellError(f"{cell_text(value)!r} is not a number")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CellError(f"{value!r} is not a number")
        return int(value) if value.is_integer() else value
    original = cell_text(value).strip()
    text = _SPACES.sub("", original.removesuffix("%"))
    has_comma, has_dot = "," in text, "." in text
    if has_comma and has_dot:  # the separator written last is the decimal one
        decimal, grouping = (",", ".") if text.rindex(",") > text.rindex(".") else (".", ",")
        whole, _, fraction = text.rpartition(decimal)
        if not _GROUPED[grouping].match(whole) or not fraction.isdigit():
            raise CellError(f"{original!r} is not a number")
        text = f"{whole.replace(grouping, '')}.{fraction}"
    elif has_comma:
        text = text.replace(",", "") if text.count(",") > 1 and _GROUPED[","].match(text) else text.replace(",", ".")
    elif has_dot and text.count(".") > 1 and _GROUPED["."].match(text):
        text = text.replace(".", "")
    elif has_dot and _GROUPED["."].match(text) and decimal_comma:
        text = text.replace(".", "")
    elif has_dot and _GROUPED["."].match(text) and decimal_comma is None:
        raise CellError(f"{original!r} could be a whole number with a thousands separator or a decimal; write it "
                        f"without the separator ({text.replace('.', '')}) or with a decimal comma "
                        f"({text.replace('.', ',')})")
    try:
        number = float(text)
    except ValueError:
        raise CellError(f"{original!r} is not a number") from None
    if not math.isfinite(number):
        raise CellError(f"{original!r} is not a number")
    return int(number) if "." not in text and "e" not in text.lower() else number


_TRUE = frozenset({"ja", "j", "yes", "y", "x", "true", "wahr", "1"})
_FALSE = frozenset({"nein", "n", "no", "false", "falsch", "0", "-"})


def parse_boolean(value: object) -> bool:
    """Yes or no: ``ja``/``nein``, ``yes``/``no``, ``x`` (ticked), ``WAHR``/``FALSCH`` (German Excel), 1/0,
    or a boolean cell."""
    if isinstance(value, bool):
        return value
    text = cell_text(value).strip().casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError(f"{cell_text(value).strip()!r} is not yes or no; write ja or nein (yes/no, or x for yes)")
