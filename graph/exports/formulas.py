"""Spreadsheet formula neutralisation for CSV and XLSX exports, its exact inverse for imports, and the one
writer of a CSV cell.

A cell that begins with ``=``, ``+``, ``-``, ``@``, tab or CR is a formula to Excel and LibreOffice
(CSV injection). Exports put a ``'`` in front; imports remove exactly that ``'`` again, so round trips
stay exact.
"""

from __future__ import annotations

__all__ = ["FORMULA_PREFIXES", "csv_cell", "neutralise", "unneutralise"]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """``text`` with a leading ``'`` when a spreadsheet would read it as a formula.

    >>> neutralise('=HYPERLINK("http://x","y")')
    '\\'=HYPERLINK("http://x","y")'
    >>> neutralise("Ludwigsburg")
    'Ludwigsburg'
    """
    if text.startswith(FORMULA_PREFIXES) or (text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES)):
        # A text that already looks neutralised gets a second quote, so that the import's removal of one
        # quote gives back exactly the original.
        return "'" + text
    return text


def unneutralise(text: str) -> str:
    """Undo :func:`neutralise`: one leading ``'`` before a formula character (or before ``'`` + one) goes.

    >>> unneutralise(neutralise("=1+1"))
    '=1+1'
    >>> unneutralise(neutralise("'=1"))
    "'=1"
    """
    if text.startswith("'") and (
        text[1:].startswith(FORMULA_PREFIXES) or (text[1:].startswith("'") and text[2:].startswith(FORMULA_PREFIXES))
    ):
        return text[1:]
    return text


def csv_cell(value: object) -> str:
    r"""``value`` as the text of one CSV cell: empty for None, ``true``/``false`` for a boolean, the items of
    a list or tuple joined by ``|``, a number as Python writes it, and text :func:`neutralise`\ d.

    Every CSV the library writes (exchange tables, map tables, gap tables) goes through here, so a value
    reads the same in each of them.

    >>> [csv_cell(v) for v in (None, True, ("a", "b"), -1.5, "=1+1")]
    ['', 'true', 'a|b', '-1.5', "'=1+1"]
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        # A number is not a formula, and a quote would turn -1 into text.
        return str(value)
    if isinstance(value, tuple | list):
        return neutralise("|".join(str(v) for v in value))
    return neutralise(str(value))
