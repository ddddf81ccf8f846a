"""dashboard.i18n: every text in German and English in the catalogues; the pages use only known message ids."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from dashboard.i18n import LANGUAGES, format_date, format_number, t
from graph.language import message_ids, placeholders
from tests.language.catalogue_files import CATALOGUES
from tests.language.message_use import message_uses, uses_in

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"
#: Every module of the dashboard but its entry to the catalogues.
PAGE_SOURCES = sorted(path for path in DASHBOARD.rglob("*.py") if path.name != "i18n.py")


def test_every_message_has_every_language() -> None:
    every_id = set().union(*CATALOGUES.values())
    missing = [
        f"{key}: {lang}"
        for key in sorted(every_id)
        for lang in LANGUAGES
        if key not in CATALOGUES[lang] or not (CATALOGUES[lang][key].string or "").strip()
    ]
    assert not missing, "texts without a translation: " + ", ".join(missing)
    extra = [lang for lang in CATALOGUES if lang not in LANGUAGES]
    assert not extra
    assert set(CATALOGUES) == set(LANGUAGES)


def test_placeholders_agree_between_languages() -> None:
    for key, message in CATALOGUES["de"].items():
        assert placeholders(message.string) == placeholders(CATALOGUES["en"][key].string), key


def _used_ids(path: Path) -> set[str]:
    """Literal first arguments of calls to ``t(...)`` in ``path`` (a non-literal one fails)."""
    return {use.message_id for use in uses_in(path)}


def test_pages_use_only_known_ids() -> None:
    assert DASHBOARD / "views" / "network.py" in PAGE_SOURCES
    known = message_ids()
    unknown = {f"{path.name}: {key}" for path in PAGE_SOURCES for key in _used_ids(path) if key not in known}
    assert not unknown, "message ids in no catalogue: " + ", ".join(sorted(unknown))


def test_every_message_is_used() -> None:
    used = {use.message_id for use in message_uses()}
    assert set().union(*(_used_ids(path) for path in PAGE_SOURCES)) <= used
    assert not message_ids() - used, "unused texts in the catalogues: " + ", ".join(sorted(message_ids() - used))


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
