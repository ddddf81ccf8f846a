"""Terms: the entries of a vocabulary (an id, an English and a German label) and ordered sets of them.

Used by the vocabularies (actor kinds, relation types, fields of action) and by the schema's vocabularies of
property values (offer status, rhythms …).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from graph.errors import VocabularyError

__all__ = ["Term", "TermSet", "normalise_label"]

_ID = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


def normalise_label(text: str) -> str:
    """Fold a label for lookup: Unicode NFKC, case-folded, trimmed, inner white space collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@dataclass(frozen=True)
class Term:
    """One vocabulary entry."""

    id: str
    label_en: str
    label_de: str
    description: str = ""
    source: str = ""

    def label(self, language: str) -> str:
        """The label in ``language`` ("de" or "en"; anything else gives English)."""
        return self.label_de if language == "de" else self.label_en


class TermSet:
    """An ordered, immutable set of terms with lookup by id or by label."""

    __slots__ = ("_by_id", "_lookup", "category", "terms")

    def __init__(self, category: str, terms: Iterable[Term]) -> None:
        self.category = category
        self.terms: tuple[Term, ...] = tuple(terms)
        self._by_id: dict[str, Term] = {}
        self._lookup: dict[str, str] = {}
        for term in self.terms:
            if not _ID.match(term.id):
                raise VocabularyError(
                    f"{category}: id {term.id!r} must be lower-case letters, digits and '_' "
                    "(starting with a letter)."
                )
            self._by_id[term.id] = term
            for key in (term.id, term.label_en, term.label_de):
                folded = normalise_label(key)
                if folded and self._lookup.setdefault(folded, term.id) != term.id:
                    raise VocabularyError(
                        f"{category}: {key!r} names both {self._lookup[folded]!r} and {term.id!r}."
                    )

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    def __contains__(self, term_id: object) -> bool:
        return term_id in self._by_id

    def ids(self) -> tuple[str, ...]:
        """The ids in file order."""
        return tuple(self._by_id)

    def get(self, term_id: str) -> Term | None:
        """The term with this id, or None."""
        return self._by_id.get(term_id)

    def resolve(self, text: str) -> str | None:
        """The id named by ``text`` (its id, English or German label; any case, spacing, Unicode form)."""
        return self._lookup.get(normalise_label(text))

    def label(self, term_id: str, language: str) -> str:
        """The label of ``term_id`` in ``language``; the id itself when it is not in the set."""
        term = self._by_id.get(term_id)
        return term.label(language) if term else term_id
