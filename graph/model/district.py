"""The district's dated key figures (population, foreign nationals), typed from the dataset's table.

A dataset folder may carry a table of the district's figures (``district.csv`` in the bundled data: one
row per reference date, each with its source). The importer reads it as text
(:meth:`importers.seed.Dataset.district_figures_rows`); this module turns the text into numbers that keep
the precision they were published with, so the dashboard can write ``21,51 %`` and not ``21,5100 %``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = ["Amount", "DistrictFigure", "district_figures", "parse_amount"]

_DECIMAL = re.compile(r"^[+-]?\d+(?:\.(\d+))?$")


@dataclass(frozen=True)
class Amount:
    """A published number and how many decimals it was published with (``21.51`` → 2)."""

    value: float
    decimals: int = 0


def parse_amount(value: object) -> Amount | None:
    """``value`` (an int, a float, or text such as ``"22.2"`` / ``"91810"``) as an :class:`Amount`.

    None for an empty, non-numeric or non-finite value: a figure the source does not give stays absent
    rather than becoming 0. Text must use a decimal point (the data files are written that way).

    >>> parse_amount("21.51"), parse_amount(94859), parse_amount(""), parse_amount("n/a")
    (Amount(value=21.51, decimals=2), Amount(value=94859.0, decimals=0), None, None)
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return Amount(float(value), 0)
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        if value.is_integer():
            return Amount(value, 0)
        text = repr(value)
        # repr is the shortest text that reads back as the same float: its decimals are the published ones.
        # Exponent notation (tiny or huge values) does not occur in figures; six decimals are plenty there.
        return Amount(value, len(text.split(".", 1)[1]) if "e" not in text else 6)
    match = _DECIMAL.match(str(value).strip())
    if not match:
        return None
    return Amount(float(str(value).strip()), len(match.group(1) or ""))


@dataclass(frozen=True)
class DistrictFigure:
    """The district's figures on one reference date; a figure the source does not give is None."""

    ags: str
    name: str
    reference_date: str
    population: Amount | None
    foreign_nationals: Amount | None
    foreign_share_pct: Amount | None
    source: str
    note: str


def district_figures(rows: Iterable[Mapping[str, str | None]]) -> tuple[DistrictFigure, ...]:
    """The rows of a district-figures table as :class:`DistrictFigure`, oldest reference date first.

    Columns: ``ags, name, reference_date, population, foreign_nationals, foreign_share_pct, source, note``;
    a missing column or cell gives an empty text or a None figure, never an error (the overview shows what
    there is).

    >>> rows = [{"reference_date": "2023-12-31", "population": "553689", "foreign_share_pct": "21.51"},
    ...         {"reference_date": "2017-12-31", "population": "542630"}]
    >>> [(f.reference_date, f.population.value) for f in district_figures(rows)]
    [('2017-12-31', 542630.0), ('2023-12-31', 553689.0)]
    """
    figures = [
        DistrictFigure(
            ags=(row.get("ags") or "").strip(),
            name=(row.get("name") or "").strip(),
            reference_date=(row.get("reference_date") or "").strip(),
            population=parse_amount(row.get("population")),
            foreign_nationals=parse_amount(row.get("foreign_nationals")),
            foreign_share_pct=parse_amount(row.get("foreign_share_pct")),
            source=(row.get("source") or "").strip(),
            note=(row.get("note") or "").strip(),
        )
        for row in rows
    ]
    return tuple(sorted(figures, key=lambda f: f.reference_date))
