"""Web addresses inside free text (provenance, sources, notes), found so that a page can link them.

A provenance is free text: URLs separated by `` ; ``, a sentence with a URL in brackets, a file name.
:func:`source_parts` cuts it into plain text and web addresses; the caller shows the text literally and
turns only the addresses into links. Only ``http`` and ``https`` addresses are recognised, so no other
scheme (``javascript:``, ``data:``) can become a link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

__all__ = ["SourcePart", "link_label", "link_target", "source_parts"]

_URL = re.compile(r"https?://[^\s<>\"'`\[\]{}|\\^]+", re.IGNORECASE)
# Punctuation that ends a sentence or a list rather than the address it follows.
_TRAILING = ".,;:!?"
_LABEL_LENGTH = 60


@dataclass(frozen=True)
class SourcePart:
    """A piece of a text: a web address (``is_url``) or plain text, in the order they appear."""

    text: str
    is_url: bool = False


def source_parts(text: str) -> tuple[SourcePart, ...]:
    """``text`` cut into plain text and ``http(s)`` addresses; joined again they give ``text`` unchanged.

    Punctuation after an address (a full stop, a closing bracket without an opening one in the address)
    belongs to the text, not to the address.

    >>> source_parts("Landratsamt (https://example.org/a_(b)/c).")
    (SourcePart(text='Landratsamt (', is_url=False), SourcePart(text='https://example.org/a_(b)/c', is_url=True), \
SourcePart(text=').', is_url=False))
    """
    parts: list[SourcePart] = []
    position = 0
    for match in _URL.finditer(text):
        url = _trimmed(match.group(0))
        if len(url) <= len("https://"):
            continue
        start, end = match.start(), match.start() + len(url)
        if start > position:
            parts.append(SourcePart(text[position:start]))
        parts.append(SourcePart(url, is_url=True))
        position = end
    if position < len(text):
        parts.append(SourcePart(text[position:]))
    return tuple(parts)


def _trimmed(url: str) -> str:
    while url:
        if url[-1] in _TRAILING:
            url = url[:-1]
        elif url[-1] == ")" and url.count(")") > url.count("("):
            url = url[:-1]
        else:
            break
    return url


def link_target(url: str) -> str:
    """``url`` with every character that could end or confuse a Markdown link target percent-encoded
    (brackets, spaces, backslashes, quotes); characters that are already escapes stay as they are.

    >>> link_target("https://example.org/a_(b)?q=ä")
    'https://example.org/a_%28b%29?q=%C3%A4'
    """
    return quote(url, safe="/:?#@!$&*+,;=%~-._")


def link_label(url: str, length: int = _LABEL_LENGTH) -> str:
    """A short, readable label for ``url``: host and path without ``www.`` and scheme, shortened in the
    middle with an ellipsis when longer than ``length`` characters.

    >>> link_label("https://www.landkreis-ludwigsburg.de/de/soziales/integration/", 40)
    'landkreis-ludwigsburg.de/…/integration/'
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    rest = parts.path + (f"?{parts.query}" if parts.query else "")
    label = host + (rest if rest != "/" else "")
    if len(label) <= length:
        return label
    # Keep the host and the last path segment: they say whose page it is and which page.
    tail = rest.rstrip("/").rsplit("/", 1)[-1] + ("/" if rest.endswith("/") else "")
    short = f"{host}/…/{tail}"
    return short if len(short) <= length else label[: length - 1] + "…"
