"""The district's dated key figures (population, foreign nationals, share), from the graph's Indicator nodes.

Every figure is a dated, sourced fact in the graph: an ``Indicator`` node (measure, value, unit, reference
date, source) measured for the district's ``Region``. This module groups them per reference date and keeps
the precision they were published with, so the dashboard can write ``21,51 %`` and not ``21,5100 %``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from graph.model.knowledge import Node

__all__ = ["DISTRICT_MEASURES", "Amount", "DistrictFigure", "district_figures", "parse_amount"]

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


#: The Indicator measures the district table shows, and the figure each fills.
DISTRICT_MEASURES: Mapping[str, str] = {
    "population": "population", "foreign_nationals": "foreign_nationals", "foreign_share": "foreign_share_pct",
}


def district_figures(region: Node, indicators: Iterable[Node]) -> tuple[DistrictFigure, ...]:
    """The region's figures (Indicator nodes measured for it) as one :class:`DistrictFigure` per reference date,
    oldest first.

    Only the measures of :data:`DISTRICT_MEASURES` count; a measure a date does not have is None (the source
    does not give it), never 0. The sources of one date's figures are joined, each named once.

    >>> region = Node("region-lb", "Region", "Landkreis Ludwigsburg", properties={"ags": "08118"})
    >>> share = Node("i1", "Indicator", "Anteil", provenance="LRA", properties={
    ...     "measure": "foreign_share", "value": 21.51, "unit": "percent", "reference_date": "2023-12-31"})
    >>> (figure,) = district_figures(region, [share])
    >>> figure.reference_date, figure.foreign_share_pct, figure.population
    ('2023-12-31', Amount(value=21.51, decimals=2), None)
    """
    by_date: dict[str, dict[str, Node]] = {}
    for node in indicators:
        measure = DISTRICT_MEASURES.get(str(node.get("measure", "")))
        date = str(node.get("reference_date", "")).strip()
        if measure and date:
            by_date.setdefault(date, {})[measure] = node
    figures = []
    for date, measures in sorted(by_date.items()):
        sources = list(dict.fromkeys(n.provenance for n in measures.values() if n.provenance))
        notes = list(dict.fromkeys(str(n.get("note")) for n in measures.values() if n.get("note")))
        figures.append(DistrictFigure(
            ags=str(region.get("ags", "")), name=region.name, reference_date=date,
            population=_amount(measures.get("population")),
            foreign_nationals=_amount(measures.get("foreign_nationals")),
            foreign_share_pct=_amount(measures.get("foreign_share_pct")),
            source=" ; ".join(sources), note=" ".join(notes),
        ))
    return tuple(figures)


def _amount(node: Node | None) -> Amount | None:
    return parse_amount(node.get("value")) if node is not None else None
