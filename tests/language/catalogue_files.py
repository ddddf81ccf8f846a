"""The catalogue files as a translator sees them: the ``.po`` text, read with Babel (for the tests)."""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from graph.language import DOMAIN, LANGUAGES

LOCALES = Path(__file__).resolve().parents[2] / "graph" / "locales"


def po_path(language: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.mo"


def read_catalogue(language: str) -> Catalog:
    """The ``.po`` catalogue of ``language``, parsed by Babel (which refuses a file it cannot read)."""
    with po_path(language).open("rb") as fp:
        return read_po(fp, locale=language, domain=DOMAIN, abort_invalid=True)


def messages(language: str) -> dict[str, Message]:
    """The messages of ``language``'s ``.po`` file by id (the header left out)."""
    return {m.id: m for m in read_catalogue(language) if m.id}


CATALOGUES: dict[str, dict[str, Message]] = {language: messages(language) for language in LANGUAGES}


def compiled(catalogue: Catalog) -> dict[str, str]:
    """What a ``.mo`` file holds or would hold for ``catalogue``: id → text of every translated message
    that is not fuzzy (gettext's compilers leave out the others)."""
    buffer = io.BytesIO()
    write_mo(buffer, catalogue)
    buffer.seek(0)
    return {m.id: m.string for m in read_mo(buffer) if m.id}


def committed_mo(language: str) -> dict[str, str]:
    """id → text of the committed ``.mo`` file of ``language``."""
    with mo_path(language).open("rb") as fp:
        return {m.id: m.string for m in read_mo(fp) if m.id}


def msgids_in_order(path: Path) -> list[str]:
    """Every ``msgid`` of a ``.po`` file as written, obsolete ones (``#~``) left out, duplicates kept
    (Babel's parser keeps only the last of two equal ids, so duplicates are found in the text)."""
    ids: list[str] = []
    current: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid "):
            current = [line[len("msgid "):]]
        elif current is not None and line.startswith('"'):
            current.append(line)
        elif current is not None:
            ids.append("".join(part.strip()[1:-1] for part in current))
            current = None
    if current is not None:
        ids.append("".join(part.strip()[1:-1] for part in current))
    return ids
