"""The dashboard's entry to words, numbers and dates: thin over :mod:`graph.language`.

Every text the dashboard shows is a message of the project's gettext catalogues
(``graph/locales/<language>/LC_MESSAGES/integranet.po``); :func:`t` looks it up by its id. An unknown id
raises ``KeyError`` (a missing text is a bug, not something to paper over), and ``tests/dashboard/test_i18n.py``
checks that every message has both languages and that the pages use only known ids. Numbers and dates are
written by Babel (:func:`graph.language.format_number`, :func:`graph.language.format_date`).
"""

from __future__ import annotations

import re
import string

from graph.language import DEFAULT_LANGUAGE, LANGUAGES, format_date, format_number, text

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "format_date", "format_number", "markdown_literal", "t"]


def t(key: str, lang: str, **kwargs: object) -> str:
    """The text ``key`` in ``lang`` ("de" or "en"; any other language gives the default, German),
    with ``{placeholders}`` filled from ``kwargs``; a text missing in German is shown in English.

    Raises ``KeyError`` for an id that is in no catalogue.

    >>> t("network.title", "en")
    'Network map'
    >>> t("overview.as_of", "de", when="17.05.2021")
    'Stand: 17.05.2021'
    """
    return text(key, lang, **kwargs)


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
