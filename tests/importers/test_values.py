"""Tests of importers.values: single cells read as text, lists, dates and numbers, exactly as promised."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.exports.formulas import neutralise
from importers.values import CellError, cell_text, parse_date, parse_float, parse_int, split_multi

# --- cell_text -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (True, "true"),
        (False, "false"),
        (0, "0"),
        (94859, "94859"),
        (3.0, "3"),  # a whole number from a spreadsheet cell: no spurious ".0"
        (-12.0, "-12"),
        (2.5, "2.5"),
        (dt.datetime(2023, 12, 31), "2023-12-31"),  # a date cell at midnight is a date
        (dt.datetime(2023, 12, 31, 14, 30), "2023-12-31T14:30:00"),
        (dt.date(2024, 1, 2), "2024-01-02"),
        ("Ludwigsburg", "Ludwigsburg"),
        ("  Tamm ", "  Tamm "),  # spaces are content here; callers decide what to trim
        ("", ""),
    ],
)
def test_cell_text_of_each_kind_of_cell(value: object, text: str) -> None:
    assert cell_text(value) == text


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        ("'=HYPERLINK(\"http://x\",\"y\")", '=HYPERLINK("http://x","y")'),  # the quote an export put in front
        ("'+49 7141 1440", "+49 7141 1440"),
        ("'-", "-"),
        ("'@home", "@home"),
        ("'\tTab", "\tTab"),
        ("'\rCR", "\rCR"),
        ("''=1", "'=1"),  # a text that looked neutralised before the export
        ("'Ludwigsburg", "'Ludwigsburg"),  # an apostrophe before ordinary text is the user's own
        ("O'Neil", "O'Neil"),
    ],
)
def test_cell_text_undoes_exactly_the_exports_formula_neutralisation(cell: str, text: str) -> None:
    assert cell_text(cell) == text


@given(st.text())
def test_cell_text_of_a_neutralised_text_is_the_original(text: str) -> None:
    assert cell_text(neutralise(text)) == text


# --- split_multi ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Sprache und Bildung|Arbeit und Ausbildung", ["Sprache und Bildung", "Arbeit und Ausbildung"]),
        ("a;b|c", ["a", "b", "c"]),
        ("  a  |  b  ", ["a", "b"]),
        ("Kultur, Freizeit und Sport", ["Kultur, Freizeit und Sport"]),  # never split on a comma
        ("Kultur, Freizeit | Sport", ["Kultur, Freizeit", "Sport"]),
        (" | a ||;", ["a"]),  # empty parts dropped
        ("", []),
        ("   ", []),
    ],
)
def test_split_multi(text: str, parts: list[str]) -> None:
    assert split_multi(text) == parts


# --- parse_date ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("17.05.2021", "2021-05-17"),  # dd.mm.yyyy, as German Excel writes it
        ("1.5.2021", "2021-05-01"),
        ("31.12.2023", "2023-12-31"),
        ("2021-05-17", "2021-05-17"),
        ("2021-05-17T10:00:00", "2021-05-17"),  # an ISO timestamp gives its date
        ("2021-05-17 10:00", "2021-05-17"),
        ("05.2021", "2021-05"),  # mm.yyyy: only the month is known
        ("5.2021", "2021-05"),
        ("5/2021", "2021-05"),
        ("2021-05", "2021-05"),
        ("2021", "2021"),  # only the year is known
        (" 2021 ", "2021"),
        (dt.date(2021, 5, 17), "2021-05-17"),  # spreadsheet date cells
        (dt.datetime(2021, 5, 17), "2021-05-17"),
        (dt.datetime(2021, 5, 17, 13, 45), "2021-05-17"),  # the time of day is dropped
        (2022, "2022"),  # a year typed into a number cell
        (2022.0, "2022"),
    ],
)
def test_parse_date_accepts_every_promised_form(value: object, iso: str) -> None:
    assert parse_date(value) == iso


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("31.02.2021", "31.02.2021"),  # no such day
        ("2021-02-30", "2021-02-30"),
        ("13.2021", "13.2021"),  # no such month
        ("2021-13", "2021-13"),
        ("00.2021", "00.2021"),
        ("17.05.21", "17.05.21"),  # a two-digit year is not guessed
        ("Mai 2021", "Mai 2021"),
        ("", ""),
        (999, "999"),  # not a four-digit year
        (10000, "10000"),
        (True, "true"),  # a checkbox cell is no year
    ],
)
def test_parse_date_rejects_anything_else_saying_how_to_write_it(value: object, shown: str) -> None:
    with pytest.raises(CellError) as info:
        parse_date(value)
    assert str(info.value) == f"{shown!r} is not a date; write it as 17.05.2021 or 2021-05-17"
    assert isinstance(info.value, ValueError)


# --- parse_int -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "number"),
    [
        (94859, 94859),
        (0, 0),
        (-3, -3),
        (12726.0, 12726),  # a number cell holding a whole number
        ("94859", 94859),
        (" 42 ", 42),
        ("94.859", 94859),  # German thousands separator
        ("1.234.567", 1234567),
        ("-1.000", -1000),
        ("12 726", 12726),  # a space, a narrow no-break space or a no-break space as separator
        ("12\u202f726", 12726),
        ("12\u00a0726", 12726),
    ],
)
def test_parse_int_accepts_whole_numbers_with_german_thousands_separators(value: object, number: int) -> None:
    assert parse_int(value) == number
    assert type(parse_int(value)) is int


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (3.5, "3.5"),
        ("1.23", "1.23"),  # a point before fewer than three digits is no thousands separator
        ("1.2345", "1.2345"),
        ("12.34.567", "12.34.567"),
        ("viele", "viele"),
        ("", ""),
        (True, "true"),
    ],
)
def test_parse_int_rejects_anything_else(value: object, shown: str) -> None:
    with pytest.raises(CellError) as info:
        parse_int(value)
    assert str(info.value) == f"{shown!r} is not a whole number"


# --- parse_float ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "number"),
    [
        (48.889441, 48.889441),
        (9, 9.0),
        ("48.89", 48.89),
        ("48,89", 48.89),  # a decimal comma
        ("48,889441", 48.889441),
        ("-9,5", -9.5),
        (" 9,1 ", 9.1),
        ("1e3", 1000.0),
    ],
)
def test_parse_float_accepts_a_decimal_point_or_comma(value: object, number: float) -> None:
    assert parse_float(value) == number
    assert type(parse_float(value)) is float


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("1,234.5", "1,234.5"),  # a comma beside a point is not a decimal comma
        ("1,2,3", "1,2,3"),
        ("nördlich", "nördlich"),
        ("", ""),
        (True, "true"),
    ],
)
def test_parse_float_rejects_anything_else(value: object, shown: str) -> None:
    with pytest.raises(CellError) as info:
        parse_float(value)
    assert str(info.value) == f"{shown!r} is not a number"
