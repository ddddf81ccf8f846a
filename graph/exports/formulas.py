"""Spreadsheet formula neutralisation for CSV and XLSX exports, and its exact inverse for imports.

A cell that begins with ``=``, ``+``, ``-``, ``@``, tab or CR is a formula to Excel and LibreOffice
(CSV injection). Exports put a ``'`` in front; imports remove exactly that ``'`` again, so round trips
stay exact.
"""

from __future__ import annotations

__all__ = ["FORMULA_PREFIXES", "neutralise", "unneutralise"]

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
