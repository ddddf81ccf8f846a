"""Recognising personal data by its values: e-mail addresses and phone numbers.

The schema declares which properties are personal (contact person, e-mail, phone, and any a district marks
``personal=yes``). A property the schema does not declare — a column an office added to its spreadsheet, such as
"Durchwahl" or "Mail Leitung" — is treated as personal when its value looks like an e-mail address or a phone
number, until the schema declares it otherwise (``personal=no``). Free text (notes, descriptions) is declared and
stays, but an import warns where it holds such a value (:func:`contact_data_in`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

__all__ = ["EMAIL", "PHONE", "contact_data_in", "looks_personal", "undeclared_personal"]

#: An e-mail address anywhere in a text.
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
#: A phone number anywhere in a text: an optional +country or leading 0, then at least six more digits in groups
#: separated by spaces, slashes, dots, dashes or brackets ("07141 144-0", "+49 (0)7141 1440", "0176/1234567").
#: Dates (2026-12-01, 01.12.2026), years and postcodes do not match: they lack the leading + or 0 with as many
#: digits, or have too few.
PHONE = re.compile(r"(?<![\w.])(?:\+\d{1,3}[\s./-]*(?:\(0\)[\s./-]*)?|0)(?:\d[\s./()-]*){6,14}\d(?![\w.])")
_DATE = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")


#: A number written without any separator is taken for a phone number only from this many digits on: official keys
#: (AGS 08118048) and customer numbers are shorter, German phone numbers written solid are longer (0714114400).
_SOLID_DIGITS = 9


def _phones(text: str) -> list[str]:
    found = []
    for match in PHONE.finditer(text):
        number = match.group(0).strip()
        if _DATE.match(number) or (number.isdigit() and len(number) < _SOLID_DIGITS):
            continue
        found.append(number)
    return found


def contact_data_in(text: object) -> tuple[str, ...]:
    """What kinds of contact data ``text`` holds: ``"email"``, ``"phone"``, both or none (in that order)."""
    if not isinstance(text, str) or not text.strip():
        return ()
    found = []
    if EMAIL.search(text):
        found.append("email")
    if _phones(EMAIL.sub(" ", text)):
        found.append("phone")
    return tuple(found)


def looks_personal(value: object) -> bool:
    """True when ``value`` (a property's value, or a list of them) holds an e-mail address or a phone number."""
    if isinstance(value, list | tuple):
        return any(looks_personal(v) for v in value)
    return bool(contact_data_in(value))


def undeclared_personal(properties: Mapping[str, object], declared: Collection[str]) -> frozenset[str]:
    """The names of ``properties`` outside ``declared`` (the properties the schema declares for the record's type)
    whose values look like e-mail addresses or phone numbers: personal until the schema declares them."""
    return frozenset(k for k, v in properties.items() if k not in declared and looks_personal(v))
