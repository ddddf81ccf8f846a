"""The dashboard's words in German and English, and numbers and dates as each language writes them.

Every text the dashboard shows is a message id in :data:`MESSAGES`; :func:`t` looks it up. An unknown id
raises ``KeyError`` (a missing text is a bug, not something to paper over), and ``tests/dashboard/test_i18n.py``
checks that every id has both languages and that the pages use only known ids.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from datetime import date, datetime

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "MESSAGES", "format_date", "format_number", "markdown_literal", "t"]

#: The languages the dashboard speaks, with their names in themselves (for the language switch).
LANGUAGES: Mapping[str, str] = {"de": "Deutsch", "en": "English"}
DEFAULT_LANGUAGE = "de"

MESSAGES: Mapping[str, Mapping[str, str]] = {
    # -- frame --------------------------------------------------------------------------------------
    "app.language": {"de": "Sprache / Language", "en": "Language / Sprache"},
    "app.store": {"de": "Datenbestand: {location}", "en": "Data store: {location}"},
    "nav.overview": {"de": "Übersicht", "en": "Overview"},
    "nav.network": {"de": "Netzwerkkarte", "en": "Network map"},
    # -- errors -------------------------------------------------------------------------------------
    "error.store_unavailable": {
        "de": "Der Datenbestand konnte nicht geöffnet werden: {detail}",
        "en": "The data store could not be opened: {detail}",
    },
    "error.store_hint": {
        "de": "Prüfen Sie die Einstellung INTEGRANET_STORE (Pfad zur Datei oder Neo4j-Adresse), ob der "
              "Neo4j-Server läuft und ob Benutzername und Passwort stimmen. Laden Sie die Seite danach neu.",
        "en": "Check the setting INTEGRANET_STORE (path to the file or Neo4j address), that the Neo4j server "
              "is running and that user name and password are right. Then reload the page.",
    },
    "error.backend_missing": {
        "de": "Für diesen Datenbestand fehlt ein Programmteil ({detail}). Bitten Sie die Person, die "
              "IntegraNet eingerichtet hat, die Installation zu vervollständigen.",
        "en": "A part of the program needed for this data store is missing ({detail}). Ask whoever set up "
              "IntegraNet to complete the installation.",
    },
    "error.map_failed": {
        "de": "Die Karte konnte nicht erstellt werden: {detail}",
        "en": "The map could not be drawn: {detail}",
    },
    "error.read_failed": {
        "de": "Die Daten konnten nicht gelesen werden: {detail}",
        "en": "The data could not be read: {detail}",
    },
    # -- overview -----------------------------------------------------------------------------------
    "overview.title": {"de": "Übersicht", "en": "Overview"},
    "overview.intro": {
        "de": "IntegraNet zeigt, wer in der Integrationsarbeit des Landkreises mit wem zusammenarbeitet, wo "
              "und in welchem Handlungsfeld.",
        "en": "IntegraNet shows who works with whom in the district's integration work, where, and in which "
              "field of action.",
    },
    "overview.actors": {"de": "Akteure", "en": "Actors"},
    "overview.ties": {"de": "Verbindungen", "en": "Ties"},
    "overview.municipalities": {"de": "Kommunen", "en": "Municipalities"},
    "overview.fields": {"de": "Handlungsfelder", "en": "Fields of action"},
    "overview.as_of": {"de": "Stand: {when}", "en": "As of: {when}"},
    "overview.open_map": {"de": "Zur Netzwerkkarte", "en": "Open the network map"},
    # -- empty store --------------------------------------------------------------------------------
    "empty.body": {
        "de": "Der Datenbestand {location} enthält noch keine Akteure. Laden Sie die mitgelieferten Daten "
              "mit `integranet seed` oder importieren Sie eigene Dateien mit `integranet import`.",
        "en": "The data store {location} holds no actors yet. Load the bundled data with `integranet seed` "
              "or import your own files with `integranet import`.",
    },
}

# Page families keep their texts in modules of their own (dashboard/texts_*.py); they join the catalogue here.
from dashboard.texts_fields import FIELDS_MESSAGES  # noqa: E402
from dashboard.texts_network import NETWORK_MESSAGES  # noqa: E402
from dashboard.texts_profiles import PROFILE_MESSAGES  # noqa: E402
from dashboard.texts_snapshots import SNAPSHOT_MESSAGES  # noqa: E402

MESSAGES = {**MESSAGES, **NETWORK_MESSAGES, **PROFILE_MESSAGES}
MESSAGES = {**MESSAGES, **SNAPSHOT_MESSAGES}
MESSAGES = {**MESSAGES, **FIELDS_MESSAGES}


def t(key: str, lang: str, **kwargs: object) -> str:
    """The text ``key`` in ``lang`` ("de" or "en"; any other language gives the default, German),
    with ``{placeholders}`` filled from ``kwargs``.

    Raises ``KeyError`` for an id that is not in :data:`MESSAGES`.

    >>> t("network.title", "en")
    'Network map'
    >>> t("overview.as_of", "de", when="17.05.2021")
    'Stand: 17.05.2021'
    """
    try:
        texts = MESSAGES[key]
    except KeyError:
        raise KeyError(f"No text with the id {key!r} in dashboard/i18n.py.") from None
    text = texts.get(lang) or texts[DEFAULT_LANGUAGE]
    return text.format(**kwargs) if kwargs else text


_MARKDOWN_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")


def markdown_literal(text: object) -> str:
    """``text`` escaped so that Streamlit's Markdown (``st.info``, ``st.error``, ``st.markdown``, ...)
    shows it literally: every ASCII punctuation character gets a backslash (CommonMark allows that for
    all of them), which also disarms Streamlit's ``:red[...]``, ``:material/...:`` and ``$...$``
    extensions; line breaks become spaces. Use it for user data and error details placed into a message.

    >>> print(markdown_literal("**a_b** <i>"))
    \\*\\*a\\_b\\*\\* \\<i\\>
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).splitlines()))


def format_number(value: float, lang: str, decimals: int = 0) -> str:
    """``value`` as ``lang`` writes it: German ``1.234,5``, English ``1,234.5``.

    >>> format_number(119120, "de"), format_number(119120, "en"), format_number(1234.5, "de", 1)
    ('119.120', '119,120', '1.234,5')
    """
    text = f"{value:,.{decimals}f}"
    if lang == "de":
        # Swap the separators through a placeholder that cannot occur in a formatted number.
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def format_date(value: date | datetime | str, lang: str) -> str:
    """A date as ``lang`` writes it: German ``17.05.2021``, English (ISO 8601) ``2021-05-17``.

    ``value`` may be a ``date``, a ``datetime`` (its date is used) or an ISO 8601 string; a string that
    is not ISO 8601 is returned unchanged.

    >>> format_date("2021-05-17T10:00:00+00:00", "de"), format_date(date(2021, 5, 17), "en")
    ('17.05.2021', '2021-05-17')
    """
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            return value
    day = value.date() if isinstance(value, datetime) else value
    return day.strftime("%d.%m.%Y") if lang == "de" else day.isoformat()
