"""Text that XML 1.0 can carry: GraphML, GEXF, SVG and XLSX (itself XML) refuse some characters.

XML 1.0 allows tab, line feed, carriage return and every other character from U+0020 on, except the
surrogates and U+FFFE/U+FFFF. A name from a spreadsheet can hold anything (a stray vertical tab pasted
from Word, a NUL from a broken export); written raw, it makes the whole file unreadable.
"""

from __future__ import annotations

import re

__all__ = ["XML_ILLEGAL", "xml_safe"]

#: Characters XML 1.0 does not allow.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 does not allow; everything else is kept as it is.

    >>> xml_safe("Caf\\x0be\\x00 \\u00fc\\ttab")
    'Cafe ü\\ttab'
    """
    return XML_ILLEGAL.sub("", text)
