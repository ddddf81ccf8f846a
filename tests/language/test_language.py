"""graph.language: the fallback rule, the lookups, and numbers and dates through Babel."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from graph.language import (
    DEFAULT_LANGUAGE,
    DOMAIN,
    LANGUAGES,
    Catalogues,
    format_date,
    format_number,
    language_of,
    phrasebook,
    text,
)


def _catalogues(tmp_path: Path, texts: dict[str, dict[str, str]], fuzzy: frozenset[str] = frozenset()) -> Catalogues:
    """Catalogues compiled into ``tmp_path`` from ``{language: {id: text}}``."""
    for language, messages in texts.items():
        catalogue = Catalog(locale=language, domain=DOMAIN)
        for key, value in messages.items():
            catalogue.add(key, value, flags=("fuzzy",) if (language, key) in fuzzy else ())
        folder = tmp_path / language / "LC_MESSAGES"
        folder.mkdir(parents=True)
        with (folder / f"{DOMAIN}.mo").open("wb") as fp:
            write_mo(fp, catalogue)
    return Catalogues(tmp_path)


@pytest.fixture
def small(tmp_path: Path) -> Catalogues:
    return _catalogues(tmp_path, {
        "en": {"both": "Both {n}", "only_en": "Only in English", "empty_de": "Empty in German",
               "fuzzy_de": "Fuzzy in German"},
        "de": {"both": "Beide {n}", "only_de": "Nur deutsch", "empty_de": "", "fuzzy_de": "Unsicher"},
    }, fuzzy=frozenset({("de", "fuzzy_de")}))


def test_german_falls_back_to_english(small: Catalogues) -> None:
    assert small.text("both", "de", n=2) == "Beide 2"
    assert small.text("only_en", "de") == "Only in English"
    assert small.text("empty_de", "de") == "Empty in German"
    assert small.text("fuzzy_de", "de") == "Fuzzy in German"


def test_a_message_missing_in_english_is_an_error(small: Catalogues) -> None:
    with pytest.raises(KeyError, match="nowhere"):
        small.text("nowhere", "de")
    with pytest.raises(KeyError, match="nowhere"):
        small.text("nowhere", "en")
    # English is the source: a German text without an English one is not shown in English.
    with pytest.raises(KeyError, match="only_de"):
        small.text("only_de", "en")
    with pytest.raises(KeyError):
        small.text("", "en")


def test_unknown_language_is_the_default(small: Catalogues) -> None:
    assert language_of("fr") == DEFAULT_LANGUAGE == "de"
    assert small.text("both", "fr", n=1) == "Beide 1"
    assert text("network.title", "fr") == text("network.title", "de")
    assert set(LANGUAGES) == {"de", "en"} and LANGUAGES["de"] == "Deutsch" and LANGUAGES["en"] == "English"


def test_ids_are_the_source_languages(small: Catalogues) -> None:
    assert small.ids == {"both", "only_en", "empty_de", "fuzzy_de"}


def test_missing_catalogue_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        Catalogues(tmp_path).text("both", "en")


def test_text_fills_placeholders() -> None:
    assert text("overview.as_of", "en", when="2021-05-17") == "As of: 2021-05-17"
    assert text("overview.as_of", "de") == "Stand: {when}"  # no values: the text as it stands


def test_phrasebook() -> None:
    words = phrasebook("diff", "de")
    assert words["added"] == "neu" and phrasebook("diff", "en")["added"] == "added"
    assert "added" in words and "overview.title" not in words
    assert len(words) == len(list(words)) > 5
    with pytest.raises(KeyError, match=r"diff\.no_such_word"):
        words["no_such_word"]
    assert phrasebook("workbook", "fr")["yes"] == "ja"


@pytest.mark.parametrize(
    ("value", "language", "decimals", "expected"),
    [
        (119120, "de", 0, "119.120"),
        (119120, "en", 0, "119,120"),
        (1234.5, "de", 1, "1.234,5"),
        (1234.5, "en", 1, "1,234.5"),
        (0.125, "de", 2, "0,12"),  # half to even, as Babel rounds
        (3, "en", 2, "3.00"),
        (-0.4, "de", 0, "-0"),
        (7, "fr", 0, "7"),
    ],
)
def test_format_number(value: float, language: str, decimals: int, expected: str) -> None:
    assert format_number(value, language, decimals) == expected


def test_format_date() -> None:
    assert format_date(date(2021, 5, 17), "de") == "17.05.2021"
    assert format_date(date(2021, 5, 17), "en") == "2021-05-17"
    assert format_date(date(2021, 5, 17), "fr") == "17.05.2021"
    # A timestamp gives its own date, whatever its time zone (as the exports always did).
    assert format_date("2025-01-15T23:30:00-02:00", "de") == "15.01.2025"
    assert format_date("2025-01-15T10:00:00Z", "en") == "2025-01-15"
    assert format_date(datetime(2021, 5, 17, 23, 59), "en") == "2021-05-17"
    assert format_date(None, "de") == format_date("", "en") == format_date("  ", "de") == "–"
    assert format_date("Frühjahr 2021", "de") == "Frühjahr 2021"


def test_there_is_one_format_date() -> None:
    """The exports and the dashboard write dates through graph.language alone."""
    import dashboard.i18n
    import graph.exports.figure
    import graph.exports.methods_note

    assert dashboard.i18n.format_date is graph.exports.figure.format_date is graph.exports.methods_note.format_date
    assert graph.exports.figure.format_date is format_date
