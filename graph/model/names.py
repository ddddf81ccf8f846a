"""Organisations' names made comparable: one spelling for the many ways a name is written, and a score.

"DRK Kreisverband Ludwigsburg e.V." and "Deutsches Rotes Kreuz – Kreisverband Ludwigsburg" name the same
organisation. :func:`normalise_name` folds case, umlauts (ä → ae, ß → ss, so "Muenchingen" equals
"Münchingen") and other accents, turns punctuation and dashes into spaces, drops legal forms (e.V., gGmbH,
GmbH, UG, AG …) at the end of a name or of one of its parts, and expands common abbreviations. The
abbreviations are data: ``name_abbreviations.csv`` beside the vocabularies (columns abbreviation, expansion,
source), so a district adds its own without touching code.

:func:`name_score` compares two normalised names (0–100) and :class:`NameIndex` finds, among many names in
blocks (the caller's choice, e.g. kind and municipality), those that score high against one name.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Generic, TypeVar

from rapidfuzz import fuzz, process

from graph.errors import VocabularyError
from graph.model.domain import Actor
from graph.settings import DATA_DIR

__all__ = ["DEFAULT_ABBREVIATIONS", "DUPLICATE_THRESHOLD", "NameIndex", "actor_block", "bundled_abbreviations",
           "load_abbreviations", "name_score", "normalise_name"]

#: The bundled abbreviations (``INTEGRANET_VOCABULARY_DIR`` does not move them: they describe names, not a schema).
DEFAULT_ABBREVIATIONS = DATA_DIR / "vocabularies" / "name_abbreviations.csv"

#: From this score on two names of the same kind and place are reported as a likely duplicate. Measured on
#: tests/analysis/data/duplicate_pairs.csv (realistic pairs, half of them non-duplicates): the duplicates there
#: score 95 or more, the hardest non-duplicates of one kind and town 91 ("Integrationsbeirat" / "Integrationsrat")
#: and 88 ("Deutsch-Türkischer" / "Deutsch-Italienischer Kulturverein").
DUPLICATE_THRESHOLD = 92

_SCORER = fuzz.token_set_ratio
_ROWS_AT_ONCE = 512
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
#: Where a name falls into parts: a legal form may end each part ("DRK KV Ludwigsburg e.V. – Migrationsdienst").
_PART_BREAK = re.compile(r"\s*(?:[–—‒―,;/()\[\]]|\s-\s)\s*")
_NOT_WORD = re.compile(r"[^0-9a-z]+")
#: Legal forms as the words they become once punctuation is gone; removed only at the end of a part, so that
#: "AG Asyl" (an Arbeitsgruppe) keeps its AG.
_LEGAL_FORMS: tuple[tuple[str, ...], ...] = (
    ("e", "v"), ("ev",), ("ggmbh",), ("gmbh",), ("mbh",), ("gug",), ("ug",), ("haftungsbeschraenkt",), ("ag",),
    ("kdoer",), ("k", "d", "oe", "r"), ("eg",), ("e", "g"), ("kg",), ("gbr",),
)

_LEGAL_ENDINGS = frozenset(form[-1] for form in _LEGAL_FORMS)


def _fold(text: str) -> str:
    """Case-folded, umlauts spelt out, other accents dropped, compatibility characters unified."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_UMLAUTS)
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _words(text: str) -> list[str]:
    return [w for w in _NOT_WORD.split(text) if w]


def load_abbreviations(path: Path = DEFAULT_ABBREVIATIONS) -> dict[str, tuple[str, ...]]:
    """The abbreviations of a CSV file (abbreviation, expansion, source) as folded word → folded words.

    >>> load_abbreviations()["vhs"]
    ('volkshochschule',)
    >>> load_abbreviations()["ihk"]
    ('industrie', 'und', 'handelskammer')
    """
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        raise VocabularyError(f"cannot read the name abbreviations {path}: {exc}") from exc
    found: dict[str, tuple[str, ...]] = {}
    for line, row in enumerate(rows, start=2):
        short, long = _words(_fold(row.get("abbreviation") or "")), _words(_fold(row.get("expansion") or ""))
        if len(short) != 1 or not long:
            raise VocabularyError(f"{path}:{line}: an abbreviation is one word and needs an expansion.")
        found[short[0]] = tuple(long)
    return found


@lru_cache(maxsize=1)
def bundled_abbreviations() -> Mapping[str, tuple[str, ...]]:
    """The bundled abbreviations, read once."""
    return load_abbreviations()


def _without_legal_form(words: list[str], keep: int) -> list[str]:
    """``words`` without the legal forms they end in, keeping at least ``keep`` words."""
    stripped = True
    while stripped and words and words[-1] in _LEGAL_ENDINGS:
        stripped = False
        for form in _LEGAL_FORMS:
            if len(words) >= len(form) + keep and tuple(words[-len(form):]) == form:
                del words[-len(form):]
                stripped = True
    return words


def normalise_name(name: str, abbreviations: Mapping[str, tuple[str, ...]] | None = None) -> str:
    """``name`` in the one spelling names are compared in: folded words, legal forms gone, abbreviations
    expanded, each word once (a name that repeats its abbreviation in brackets says nothing twice).

    >>> normalise_name("DRK Kreisverband Ludwigsburg e.V.")
    'deutsches rotes kreuz kreisverband ludwigsburg'
    >>> normalise_name("Deutsches Rotes Kreuz – Kreisverband Ludwigsburg")
    'deutsches rotes kreuz kreisverband ludwigsburg'
    >>> normalise_name("Volkshochschule Ludwigsburg (vhs)")
    'volkshochschule ludwigsburg'
    >>> normalise_name("Freundeskreis Asyl Münchingen e. V.") == normalise_name("Freundeskreis Asyl Muenchingen eV")
    True
    >>> normalise_name("Straßenkinder gGmbH"), normalise_name("AG Asyl Tamm")
    ('strassenkinder', 'ag asyl tamm')
    """
    table = bundled_abbreviations() if abbreviations is None else abbreviations
    words: list[str] = []
    for part in _PART_BREAK.split(_fold(name)):
        # A later part may be a legal form alone ("… UG (haftungsbeschränkt)"); the name itself stays a word.
        for word in _without_legal_form(_words(part), keep=0 if words else 1):
            words.extend(table.get(word, (word,)))
    return " ".join(dict.fromkeys(words))


def _without_place(name: str, place: str) -> str:
    """``name`` without the words of its place (within one place they tell nothing), unless nothing is left."""
    place_words = set(place.split())
    rest = [w for w in name.split() if w not in place_words]
    return " ".join(rest) if rest and place_words else name


def _numbers(name: str) -> set[str]:
    return {word for word in name.split() if any(c.isdigit() for c in word)}


def _same_numbers(a: str, b: str) -> bool:
    """Names that differ in a number or date name different things ("Bevölkerung 31.12.2017" / "… 2023")."""
    return _numbers(a) == _numbers(b)


def name_score(a: str, b: str) -> float:
    """How alike two normalised names are, 0–100.

    rapidfuzz's ``token_set_ratio``: word order does not count, and a name that is the other plus words
    ("Volkshochschule" / "Volkshochschule Ludwigsburg") scores 100 — within one kind and place the added
    words are usually a place or a tagline. On the labelled pairs (tests/analysis/data/duplicate_pairs.csv),
    at each scorer's best threshold: token_set_ratio precision 1.00 / recall 1.00, WRatio 0.97 / 1.00,
    token_sort_ratio 0.90 / 0.96, plain ratio 0.96 / 0.89 (it punishes word order and abbreviations left over).
    Names with different numbers or dates score 0: they name different things.

    >>> name_score("volkshochschule ludwigsburg", "ludwigsburg volkshochschule")
    100.0
    >>> name_score("freundeskreis asyl", "freundeskreis fluechtlinge") < DUPLICATE_THRESHOLD
    True
    >>> name_score("bevoelkerung 31 12 2017", "bevoelkerung 31 12 2023")
    0.0
    """
    return float(_SCORER(a, b)) if _same_numbers(a, b) else 0.0


def actor_block(actor: Actor) -> tuple[Hashable, str]:
    """The block an actor's name is compared within — its kind and municipality, or without one its kind and
    town — and the block's place name. Two organisations of one kind in two towns are never duplicates.

    >>> actor_block(Actor("v", "VHS", "course_provider", "lb", "Ludwigsburg"))
    (('course_provider', 'lb', ''), 'Ludwigsburg')
    """
    place = actor.town or ""
    return (actor.kind, actor.municipality or "", "" if actor.municipality else normalise_name(place)), place


Item = TypeVar("Item")


@dataclass
class _Block(Generic[Item]):
    place: str  # normalised
    names: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)


class NameIndex(Generic[Item]):
    """Names in blocks; only names of the same block are ever compared, which keeps 50,000 names fast.

    ``place`` is the block's place name (its words are ignored when comparing names within it).

    >>> index: NameIndex[str] = NameIndex()
    >>> index.add("DRK Kreisverband Ludwigsburg e.V.", "drk", ("welfare", "lb"), "Ludwigsburg")
    >>> index.add("Deutsches Rotes Kreuz Kreisverband Bietigheim", "drk-bb", ("welfare", "bb"), "Bietigheim")
    >>> index.similar("Deutsches Rotes Kreuz – Kreisverband Ludwigsburg", ("welfare", "lb"))
    [('drk', 100.0)]
    """

    def __init__(self, abbreviations: Mapping[str, tuple[str, ...]] | None = None) -> None:
        self._abbreviations = abbreviations
        self._blocks: dict[Hashable, _Block[Item]] = {}

    def add(self, name: str, item: Item, block: Hashable, place: str = "") -> None:
        """Add ``item`` under ``name`` to ``block`` (the block's place is the one its first item came with)."""
        folded = normalise_name(name, self._abbreviations)
        # Names that differ in a number never match (_same_numbers), so the numbers are part of the block:
        # "Kurs 1" … "Kurs 20000" are 20,000 blocks of one, not one block of 400 million pairs.
        key = (block, frozenset(_numbers(folded)))
        entry = self._blocks.get(key)
        if entry is None:
            entry = self._blocks[key] = _Block(normalise_name(place, self._abbreviations))
        entry.names.append(_without_place(folded, entry.place))
        entry.items.append(item)

    def similar(self, name: str, block: Hashable, threshold: float = DUPLICATE_THRESHOLD) -> list[tuple[Item, float]]:
        """The items of ``block`` whose name scores at least ``threshold`` against ``name``, best first."""
        folded = normalise_name(name, self._abbreviations)
        entry = self._blocks.get((block, frozenset(_numbers(folded))))
        if entry is None or not entry.names:
            return []
        query = _without_place(folded, entry.place)
        found = process.extract(query, entry.names, scorer=_SCORER, processor=None,
                                score_cutoff=threshold, limit=None)
        return [(entry.items[i], float(score)) for text, score, i in found if _same_numbers(query, text)]

    def pairs(self, threshold: float = DUPLICATE_THRESHOLD) -> Iterable[tuple[Item, Item, float]]:
        """Every pair of items of one block scoring at least ``threshold``, each pair once."""
        for entry in self._blocks.values():
            if len(entry.names) < 2:
                continue
            # In slices of rows: one town's thousand names need no million-cell matrix at once.
            for start in range(0, len(entry.names), _ROWS_AT_ONCE):
                matrix = process.cdist(entry.names[start:start + _ROWS_AT_ONCE], entry.names, scorer=_SCORER,
                                       processor=None, score_cutoff=threshold, dtype="float32", workers=-1)
                for row, j in zip(*matrix.nonzero(), strict=True):
                    i = start + int(row)
                    if i < j and _same_numbers(entry.names[i], entry.names[int(j)]):
                        yield entry.items[i], entry.items[int(j)], float(matrix[row, j])
