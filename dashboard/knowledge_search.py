"""The search over every node type of the knowledge graph: actors, fields of action and every other node, by
name and by their text properties, ignoring case, accents and the spelling of umlauts (``ü``, ``ue``, ``u``).

:func:`entries` turns the records into searchable entries once (the page caches them per store revision);
:func:`search` finds the entries that hold every word of a query. Personal properties (contact, e-mail,
phone) are never searched: the profiles hide them until asked, and a hit would give them away.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from graph.model.domain import Actor, FieldOfAction
from graph.model.knowledge import Node
from graph.model.schema import ACTOR_TYPE, FIELD_TYPE, Schema

__all__ = ["Entry", "Hit", "entries", "fold", "search"]

_UMLAUT_SPELLINGS = re.compile(r"(?<=[aou])e")
#: The data types of the properties a search reads.
_TEXT_TYPES = ("text", "url")


def fold(text: str) -> str:
    """``text`` as the search compares it: case-folded (``ß`` → ``ss``), accents dropped (``ü`` → ``u``),
    the spelled-out umlauts read the same (``ue`` → ``u``), white space collapsed.

    >>> fold("Flüchtlingshilfe"), fold("FLUECHTLINGSHILFE"), fold("  Straße ")
    ('fluchtlingshilfe', 'fluchtlingshilfe', 'strasse')
    """
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_UMLAUT_SPELLINGS.sub("", plain).split())


@dataclass(frozen=True)
class Entry:
    """One searchable record: its id, type and name, and its texts as ``(property, text, folded text)``; the
    property of the name is ""."""

    id: str
    type: str
    name: str
    texts: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class Hit:
    """An entry that holds the query, and the first property where it does (the empty string for its name)."""

    entry: Entry
    where: str
    text: str


def _entry(id_: str, type_: str, name: str, texts: Iterable[tuple[str, object]]) -> Entry:
    found = [("", name, fold(name))]
    for key, value in texts:
        if isinstance(value, str) and value.strip():
            found.append((key, value, fold(value)))
    return Entry(id_, type_, name, tuple(found))


def entries(nodes: Iterable[Node], actors: Iterable[Actor], fields: Iterable[FieldOfAction],
            schema: Schema) -> list[Entry]:
    """Every actor, field of action and node as a searchable entry: its name and its (non-personal) text
    properties; a field's labels in both languages and its description."""
    found = []
    for actor in actors:
        personal = actor.personal_keys()
        texts = [("town", actor.town), *((k, v) for k, v in actor.properties.items() if k not in personal)]
        found.append(_entry(actor.id, ACTOR_TYPE, actor.name, texts))
    for field in fields:
        found.append(_entry(field.id, FIELD_TYPE, field.label_de,
                            [("label_en", field.label_en), ("description", field.description)]))
    for node in nodes:
        node_type = schema.node_types.get(node.type)
        texts = []
        for key, value in node.properties.items():
            spec = node_type.spec(key) if node_type is not None else None
            if spec is None or (spec.datatype in _TEXT_TYPES and not spec.personal):
                texts.append((key, value))
        found.append(_entry(node.id, node.type, node.name, texts))
    return found


def search(query: str, searchable: Sequence[Entry]) -> list[Hit]:
    """The entries holding every word of ``query`` (in their name or any one text), those whose name holds
    the whole query first, then by name; nothing for a query without letters or digits."""
    words = fold(query).split()
    if not any(any(c.isalnum() for c in w) for w in words):
        return []
    hits = []
    for entry in searchable:
        joined = " \n".join(folded for _, _, folded in entry.texts)
        if not all(word in joined for word in words):
            continue
        where, text = next(((key, raw) for key, raw, folded in entry.texts if any(w in folded for w in words)),
                           ("", entry.name))
        hits.append(Hit(entry, where, text))
    whole = " ".join(words)
    return sorted(hits, key=lambda h: (whole not in h.entry.texts[0][2], h.entry.name.casefold(), h.entry.id))
