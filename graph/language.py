"""The one place for words, numbers and dates by language: gettext catalogues and Babel's locale data.

Every text that IntegraNet shows a person — the dashboard's pages, the exported figure, workbook, map and
methods note, the coverage explanations — is a message in one gettext domain, ``integranet``, with one
catalogue per language: ``graph/locales/<language>/LC_MESSAGES/integranet.po``, compiled to ``.mo`` beside
it (see ``graph/locales/README.md``). :func:`text` looks a message up; numbers and dates go through Babel
(:func:`format_number`, :func:`format_date`).

Message ids. A msgid is a stable id such as ``overview.title`` (``<page or module>.<what>``), and every
catalogue, English included, holds the text as its msgstr. The German catalogue repeats the English text as
an extracted comment (``#. English: ...``) above each message, so a translator in Poedit or Weblate sees what
to translate without opening code. Stable ids rather than English msgids (with or without ``msgctxt``)
because the code then never carries prose: rewording an English text is a change to ``en/.../integranet.po``
alone (and to the comment in the German file, which ``tests/language`` keeps in step, so the change shows in
the German catalogue's diff), no call site moves, and no two messages that happen to read alike in English
collapse into one. Weblate reads this layout as "monolingual gettext" with the English file as its base.

One fallback rule. A language that IntegraNet does not speak is read as :data:`DEFAULT_LANGUAGE`. A
message missing (or untranslated, or fuzzy) in German is shown in English, the source language; a message
missing in English is a bug and raises ``KeyError``. That rule is gettext's own chain of fallbacks: German
falls back to English, English to a catalogue that raises.
"""

from __future__ import annotations

import io
import string
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from functools import cache, cached_property
from gettext import NullTranslations
from importlib.resources import files
from importlib.resources.abc import Traversable

from babel.dates import format_date as babel_format_date
from babel.messages.mofile import read_mo
from babel.numbers import format_decimal
from babel.support import Translations

__all__ = [
    "DEFAULT_LANGUAGE",
    "DOMAIN",
    "LANGUAGES",
    "LOCALES",
    "SOURCE_LANGUAGE",
    "Catalogues",
    "format_date",
    "format_number",
    "language_of",
    "message_ids",
    "phrasebook",
    "placeholders",
    "text",
]

#: The languages IntegraNet speaks, each with its name in itself (for a language switch).
LANGUAGES: Mapping[str, str] = {"de": "Deutsch", "en": "English"}
#: The language of a user who has chosen none, and of a language IntegraNet does not speak.
DEFAULT_LANGUAGE = "de"
#: The language every message is written in first; every other language falls back to it.
SOURCE_LANGUAGE = "en"
#: The gettext domain of the whole project, dashboard and library.
DOMAIN = "integranet"
#: Where the catalogues are: ``<language>/LC_MESSAGES/integranet.po`` and ``.mo``, shipped as package data.
LOCALES: Traversable = files("graph") / "locales"

# Babel's CLDR date formats: German "medium" is dd.MM.y (17.05.2021); no English locale writes ISO 8601,
# which the English pages and exports use, so English gets an explicit pattern.
_DATE_FORMATS: Mapping[str, str] = {"de": "medium", "en": "yyyy-MM-dd"}
#: Shown for a date that is not there.
_NO_DATE = "–"


def language_of(language: str) -> str:
    """``language`` if IntegraNet speaks it, else :data:`DEFAULT_LANGUAGE`.

    >>> language_of("en"), language_of("fr")
    ('en', 'de')
    """
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


class _NoMessage(NullTranslations):
    """The end of the fallback chain: a message that not even the source language has is a bug."""

    def gettext(self, message: str) -> str:
        raise KeyError(f"No message with the id {message!r} in the {DOMAIN!r} catalogues (graph/locales).")


class Catalogues:
    """The compiled catalogues of :data:`DOMAIN` under ``locales`` (``<language>/LC_MESSAGES/<domain>.mo``),
    each language falling back to :data:`SOURCE_LANGUAGE`, which falls back to ``KeyError``.

    A ``.mo`` file is read on the first lookup in its language; a missing one raises ``FileNotFoundError``.
    """

    def __init__(self, locales: Traversable, languages: Mapping[str, str] = LANGUAGES) -> None:
        self.locales = locales
        self.languages = languages
        self._loaded: dict[str, Translations] = {}

    def translations(self, language: str) -> Translations:
        """The catalogue of ``language`` (one IntegraNet speaks) with its fallbacks attached."""
        if language not in self._loaded:
            path = self.locales / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
            catalogue = Translations(io.BytesIO(path.read_bytes()), domain=DOMAIN)
            catalogue.add_fallback(self.translations(SOURCE_LANGUAGE) if language != SOURCE_LANGUAGE
                                   else _NoMessage())
            self._loaded[language] = catalogue
        return self._loaded[language]

    def text(self, message_id: str, language: str, **values: object) -> str:
        """The message ``message_id`` in ``language`` (read through :func:`language_of`), its
        ``{placeholders}`` filled from ``values`` with :meth:`str.format`; without ``values`` the text is
        returned as it stands. Raises ``KeyError`` for an id that the source language does not have."""
        if not message_id:
            # gettext keeps the catalogue's header under the empty id; it is no message.
            raise KeyError("A message id must not be empty.")
        found = self.translations(language_of(language)).gettext(message_id)
        return found.format(**values) if values else found

    @cached_property
    def ids(self) -> frozenset[str]:
        """Every message id: those of the source language, the one catalogue that must have them all."""
        path = self.locales / SOURCE_LANGUAGE / "LC_MESSAGES" / f"{DOMAIN}.mo"
        # The catalogue's header is the message with the empty id; it is no message.
        return frozenset(m.id for m in read_mo(io.BytesIO(path.read_bytes())) if m.id and isinstance(m.id, str))


@cache
def _catalogues() -> Catalogues:
    return Catalogues(LOCALES)


def text(message_id: str, language: str, **values: object) -> str:
    """The message ``message_id`` in ``language`` ("de" or "en"; any other language gives the default,
    German), with ``{placeholders}`` filled from ``values``. A message missing in German is given in
    English; one missing in English raises ``KeyError`` (a missing text is a bug, not something to paper
    over).

    >>> text("network.title", "en"), text("network.title", "fr")
    ('Network map', 'Netzwerkkarte')
    >>> text("overview.as_of", "de", when="17.05.2021")
    'Stand: 17.05.2021'
    """
    return _catalogues().text(message_id, language, **values)


def message_ids() -> frozenset[str]:
    """Every message id of the catalogues.

    >>> "overview.title" in message_ids()
    True
    """
    return _catalogues().ids


class _Phrasebook(Mapping[str, str]):
    """The messages ``<group>.<key>`` of one group in one language, by key (texts unformatted)."""

    def __init__(self, catalogues: Catalogues, group: str, language: str) -> None:
        self._catalogues, self._prefix, self._language = catalogues, group + ".", language

    def __getitem__(self, key: str) -> str:
        return self._catalogues.text(self._prefix + key, self._language)

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(m.removeprefix(self._prefix) for m in self._catalogues.ids if m.startswith(self._prefix)))

    def __len__(self) -> int:
        return sum(1 for _ in self)


def phrasebook(group: str, language: str) -> Mapping[str, str]:
    """The messages of one group (ids ``<group>.<key>``, e.g. ``figure.as_of``) in ``language``, looked up
    by ``key``: for a module that writes many short words, such as the headers of a table. The texts are
    as in the catalogue (fill their placeholders with :meth:`str.format`); an unknown key raises ``KeyError``
    as :func:`text` does.

    >>> words = phrasebook("figure", "de")
    >>> words["as_of"], words["source"] == text("figure.source", "de")
    ('Stand', True)
    """
    return _Phrasebook(_catalogues(), group, language)


def placeholders(message: str) -> frozenset[str]:
    """The names of the ``{placeholders}`` in a message's text (what :func:`text` fills from ``values``).

    >>> sorted(placeholders("{n} von {m} Verbindungen ({share})"))
    ['m', 'n', 'share']
    """
    return frozenset(name for _, name, _, _ in string.Formatter().parse(message) if name)


def format_number(value: float, language: str, decimals: int = 0) -> str:
    """``value`` as ``language`` writes it, with exactly ``decimals`` decimals (rounded half to even):
    German ``1.234,5``, English ``1,234.5``. The separators are Babel's (CLDR) for the language.

    >>> format_number(119120, "de"), format_number(119120, "en"), format_number(1234.5, "de", 1)
    ('119.120', '119,120', '1.234,5')
    """
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(value, format=pattern, locale=language_of(language))


def format_date(value: date | datetime | str | None, language: str) -> str:
    """A date as ``language`` writes it: German ``17.05.2021``, English (ISO 8601) ``2021-05-17``.

    ``value`` may be a ``date``, a ``datetime`` (its own date, whatever its time zone) or an ISO 8601
    string (date or timestamp); a string that is not ISO 8601 is returned unchanged, and a missing date
    (``None`` or a blank string) is shown as "–".

    >>> format_date("2021-05-17T10:00:00+00:00", "de"), format_date(date(2021, 5, 17), "en")
    ('17.05.2021', '2021-05-17')
    >>> format_date(None, "de")
    '–'
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return _NO_DATE
    if isinstance(value, str):
        text = value
        try:
            value = datetime.fromisoformat(text.strip())
        except ValueError:
            return text
    day = value.date() if isinstance(value, datetime) else value
    language = language_of(language)
    return babel_format_date(day, format=_DATE_FORMATS[language], locale=language)
