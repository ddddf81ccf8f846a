"""dashboard.i18n: every text in German and English; the pages use only known message ids."""

from __future__ import annotations

import ast
import string
from datetime import date, datetime
from pathlib import Path

import pytest

from dashboard.i18n import LANGUAGES, MESSAGES, format_date, format_number, t

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"
#: Every module of the dashboard but the catalogue itself.
PAGE_SOURCES = sorted(path for path in DASHBOARD.rglob("*.py") if path.name != "i18n.py")


def test_every_message_has_every_language() -> None:
    missing = [
        f"{key}: {lang}"
        for key, texts in MESSAGES.items()
        for lang in LANGUAGES
        if not (texts.get(lang) or "").strip()
    ]
    assert not missing, "texts without a translation: " + ", ".join(missing)
    extra = [f"{key}: {lang}" for key, texts in MESSAGES.items() for lang in texts if lang not in LANGUAGES]
    assert not extra


def test_placeholders_agree_between_languages() -> None:
    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for key, texts in MESSAGES.items():
        assert fields(texts["de"]) == fields(texts["en"]), key


def _used_ids(path: Path) -> set[str]:
    """Literal first arguments of calls to ``t(...)`` in ``path``."""
    used = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t" and node.args:
            first = node.args[0]
            assert isinstance(first, ast.Constant) and isinstance(first.value, str), (
                f"{path.name}:{node.lineno}: t() needs a literal message id so that it can be checked"
            )
            used.add(first.value)
    return used


def test_pages_use_only_known_ids() -> None:
    assert DASHBOARD / "views" / "network.py" in PAGE_SOURCES
    unknown = {f"{path.name}: {key}" for path in PAGE_SOURCES for key in _used_ids(path) if key not in MESSAGES}
    assert not unknown, "message ids not in dashboard/i18n.py: " + ", ".join(sorted(unknown))


def test_every_message_is_used() -> None:
    used = set().union(*(_used_ids(path) for path in PAGE_SOURCES))
    assert not set(MESSAGES) - used, "unused texts in dashboard/i18n.py: " + ", ".join(sorted(set(MESSAGES) - used))


def test_network_page_is_fully_translated() -> None:
    used = _used_ids(DASHBOARD / "network_page.py") | _used_ids(DASHBOARD / "views" / "network.py")
    assert {"network.title", "network.filter_fields", "network.filter_municipalities", "network.filter_kinds",
            "network.search", "network.counts", "network.illustrative_banner"} <= used


def test_unknown_id_is_an_error() -> None:
    with pytest.raises(KeyError, match=r"no\.such\.id"):
        t("no.such.id", "de")


def test_lookup_and_placeholders() -> None:
    assert t("network.title", "de") == "Netzwerkkarte"
    assert t("network.title", "en") == "Network map"
    assert t("network.title", "fr") == "Netzwerkkarte"  # unknown language: the default
    assert t("overview.as_of", "en", when="2021-05-17") == "As of: 2021-05-17"


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "expected"),
    [
        (1234, "de", 0, "1.234"),
        (1234, "en", 0, "1,234"),
        (119120, "de", 0, "119.120"),
        (553689, "en", 0, "553,689"),
        (1234567.891, "de", 2, "1.234.567,89"),
        (1234567.891, "en", 2, "1,234,567.89"),
        (19.16, "de", 1, "19,2"),
        (7, "de", 0, "7"),
        (-1234, "de", 0, "-1.234"),
    ],
)
def test_format_number(value: float, lang: str, decimals: int, expected: str) -> None:
    assert format_number(value, lang, decimals) == expected


def test_format_date() -> None:
    assert format_date(date(2021, 5, 17), "de") == "17.05.2021"
    assert format_date(date(2021, 5, 17), "en") == "2021-05-17"
    assert format_date(datetime(2021, 5, 17, 23, 59), "de") == "17.05.2021"
    assert format_date("2021-05-17", "de") == "17.05.2021"
    assert format_date("2023-12-31T10:00:00+00:00", "en") == "2023-12-31"
    assert format_date("not a date", "de") == "not a date"
