"""Where the data came from: the sources named in the records' ``provenance``, counted.

A provenance is free text: one or more URLs (separated by `` ; ``), a sentence, a file name, or
``illustrative``. For a figure's source line and a methods note, sources are counted per website (the
host of a URL, without ``www.``) or, for text, per text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from urllib.parse import urlsplit

from graph.model.domain import ILLUSTRATIVE, Subgraph

__all__ = ["illustrative_share", "source_counts"]

_URL = re.compile(r"https?://[^\s;,<>\"']+", re.IGNORECASE)
_MAX_TEXT = 60


def _sources(provenance: str) -> set[str]:
    """The distinct sources one provenance names."""
    text = provenance.strip()
    if not text:
        return set()
    urls = _URL.findall(text)
    if urls:
        hosts = {urlsplit(u).hostname or u for u in urls}
        return {h.removeprefix("www.") for h in hosts}
    # A provenance without a URL is a source in itself (a file, a survey, a publication).
    if len(text) > _MAX_TEXT:
        text = text[: _MAX_TEXT - 1].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return {text}


def source_counts(subgraph: Subgraph) -> list[tuple[str, int]]:
    """``(source, number of actors and ties citing it)``, most cited first, then by name.

    Demonstration records (``illustrative``) are not a source and are left out.

    >>> from graph.model.domain import Actor, Relation
    >>> sg = Subgraph((Actor("a", "A", "other", provenance="https://www.x.de/a ; https://y.org/b"),),
    ...               (Relation("a", "funds", "a", provenance="https://x.de/c"),))
    >>> source_counts(sg)
    [('x.de', 2), ('y.org', 1)]
    """
    counts: Counter[str] = Counter()
    records: Iterable[str] = [a.provenance for a in subgraph.actors] + [r.provenance for r in subgraph.relations]
    for provenance in records:
        if provenance == ILLUSTRATIVE:
            continue
        counts.update(_sources(provenance))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))


def illustrative_share(subgraph: Subgraph) -> tuple[int, int]:
    """``(illustrative ties, all ties)`` of ``subgraph``."""
    return sum(1 for r in subgraph.relations if r.is_illustrative), len(subgraph.relations)
