"""The gettext catalogues: complete in every language, placeholders alike, compiled, and used by the code."""

from __future__ import annotations

import string
from collections import Counter
from pathlib import Path

import pytest

from graph.language import DOMAIN, LANGUAGES, SOURCE_LANGUAGE, message_ids, placeholders
from tests.language.catalogue_files import (
    CATALOGUES,
    LOCALES,
    committed_mo,
    compiled,
    mo_path,
    msgids_in_order,
    po_path,
    read_catalogue,
)
from tests.language.message_use import UncheckableUse, message_uses, uses_in


def test_there_is_one_catalogue_per_language_and_no_other() -> None:
    assert {p.name for p in LOCALES.iterdir() if p.is_dir()} == set(LANGUAGES)
    for language in LANGUAGES:
        assert po_path(language).is_file() and mo_path(language).is_file(), language
        assert read_catalogue(language).locale_identifier == language
    assert {p.name for p in LOCALES.glob("*/LC_MESSAGES/*")} == {f"{DOMAIN}.po", f"{DOMAIN}.mo"}


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_every_message_is_in_every_catalogue_with_a_text(language: str) -> None:
    """A message present in one catalogue and missing, empty or fuzzy in another fails here."""
    every_id = set().union(*CATALOGUES.values())
    own = CATALOGUES[language]
    missing = sorted(every_id - set(own))
    empty = sorted(key for key, m in own.items() if not (m.string or "").strip())
    fuzzy = sorted(key for key, m in own.items() if m.fuzzy)
    assert not missing, f"messages missing in {language}: " + ", ".join(missing)
    assert not empty, f"messages without a text in {language}: " + ", ".join(empty)
    assert not fuzzy, f"fuzzy messages in {language} (review them, then remove the flag): " + ", ".join(fuzzy)
    assert not read_catalogue(language).obsolete, f"obsolete (#~) messages in {language}: remove them"


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_no_message_id_is_defined_twice(language: str) -> None:
    counts = Counter(msgids_in_order(po_path(language)))
    assert counts[""] == 1, "the header must be the only message with an empty id"
    assert not [key for key, n in counts.items() if n > 1]


def test_placeholders_agree_between_languages() -> None:
    source = CATALOGUES[SOURCE_LANGUAGE]
    for language, catalogue in CATALOGUES.items():
        for key, message in catalogue.items():
            assert placeholders(message.string) == placeholders(source[key].string), f"{language}: {key}"


def test_placeholders_are_named() -> None:
    """``{0}``, ``{}`` or ``{a.b}`` would not be filled by name; every text parses as a format string."""
    for language, catalogue in CATALOGUES.items():
        for key, message in catalogue.items():
            fields = [name for _, name, _, _ in string.Formatter().parse(message.string) if name is not None]
            assert all(name.isidentifier() for name in fields), f"{language}: {key}: {fields}"


def test_the_german_catalogue_shows_the_english_text() -> None:
    """Each German message carries the current English text as its extracted comment (``#. English: ...``),
    so that a translator sees the source; a changed English text must be changed there too."""
    english = CATALOGUES["en"]
    for key, message in CATALOGUES["de"].items():
        comment = " ".join(" ".join(message.auto_comments).split())
        assert comment == "English: " + " ".join(english[key].string.split()), key


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_compiled_catalogue_is_not_stale(language: str) -> None:
    """The committed .mo holds exactly what its .po compiles to; if not, run
    ``.venv/bin/pybabel compile -d graph/locales -D integranet`` (graph/locales/README.md)."""
    assert committed_mo(language) == compiled(read_catalogue(language)), (
        f"{mo_path(language)} is stale: recompile it from {po_path(language).name}")


def test_the_library_reads_the_source_catalogue() -> None:
    assert message_ids() == set(CATALOGUES[SOURCE_LANGUAGE])


def test_code_uses_only_known_message_ids() -> None:
    known = message_ids()
    unknown = sorted(str(use) for use in message_uses() if use.message_id not in known)
    assert not unknown, "message ids in no catalogue: " + ", ".join(unknown)


def test_every_message_is_used() -> None:
    unused = message_ids() - {use.message_id for use in message_uses()}
    assert not unused, "messages no code uses: " + ", ".join(sorted(unused))


def test_the_library_tables_are_found() -> None:
    groups = {use.message_id.split(".")[0] for use in message_uses()}
    assert {"diff", "workbook", "methods_note", "figure", "map", "coverage", "gaps_table"} <= groups


def test_a_lookup_that_cannot_be_checked_fails(tmp_path: Path) -> None:
    module = tmp_path / "words.py"
    module.write_text("from graph.language import phrasebook\n\n"
                      "def head(language, key):\n    w = phrasebook('figure', language)\n    return w[key]\n")
    with pytest.raises(UncheckableUse, match=r"w\[\.\.\.\]"):
        list(uses_in(module))
    module.write_text("from graph.language import text\n\ndef head(key):\n    return text(key, 'de')\n")
    with pytest.raises(UncheckableUse, match=r"text\(\)"):
        list(uses_in(module))


def test_phrasebook_keys_are_read(tmp_path: Path) -> None:
    module = tmp_path / "words.py"
    module.write_text("from graph.language import phrasebook\n\n"
                      "def _words(language):\n    return phrasebook('figure', language)\n\n"
                      "def head(language):\n    w = _words(language)\n"
                      "    return [w['as_of'], *(w[k] for k in ('added', 'removed'))]\n")
    assert {use.message_id for use in uses_in(module)} == {"figure.as_of", "figure.added", "figure.removed"}


def test_no_python_table_of_translations_remains() -> None:
    """Words live in the catalogues: no dict literal in the code is keyed by the languages."""
    import ast

    from tests.language.message_use import SOURCES

    tables = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
                if len(keys & set(LANGUAGES)) >= 2:
                    tables.append(f"{path.relative_to(LOCALES.parents[1])}:{node.lineno}")
    assert not tables, "tables of translations outside graph/locales: " + ", ".join(tables)


def test_phrasebook_keys_from_module_constants_are_read_per_function(tmp_path: Path) -> None:
    module = tmp_path / "words.py"
    module.write_text("from graph.language import phrasebook\n\n"
                      "_HEADERS = {'a': 'as_of', 'b': 'added'}\n_COLUMNS = ('removed',)\n\n"
                      "def one(language):\n    w = phrasebook('figure', language)\n"
                      "    return [w[key] for _, key in _HEADERS.items()] + [w[c] for c in _COLUMNS]\n\n"
                      "def two(language, rows):\n    return [phrasebook('figure', language)['changed'] "
                      "for c in ('x', 'y')]\n")
    assert {use.message_id for use in uses_in(module)} == {"figure.as_of", "figure.added", "figure.removed",
                                                          "figure.changed"}
