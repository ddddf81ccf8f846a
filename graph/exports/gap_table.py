"""The gap table: one row per municipality × field of action, with headers in the reader's language.

The one table behind every place that shows the coverage report as rows: the workbook's ``gaps`` sheet,
the dashboard's download and the ``integranet gaps`` text table (each may show a part of its columns).
Numbers stay numbers, field and kind ids become their labels, and the status its symbol and label
(:func:`graph.analysis.coverage.status_label`, e.g. ``✗ confirmed gap``), so that it reads without colour.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graph.analysis.coverage import CoverageReport, status_label
from graph.language import phrasebook
from graph.model.vocabulary import Vocabulary

__all__ = ["GAP_TABLE_COLUMNS", "GapTable", "gap_table"]

#: The columns, in order, with the catalogue id of each header (group ``workbook``).
_HEADERS: Mapping[str, str] = {
    "municipality_id": "municipality_id", "municipality": "municipality", "ags": "ags", "field": "field",
    "status": "status", "local": "local", "wide": "district_wide", "population": "population",
    "population_date": "population_date", "per_10k": "per_10k", "missing": "missing", "spof": "spof", "gap": "gap",
    "absent": "absent", "explanation": "explanation",
}
GAP_TABLE_COLUMNS: tuple[str, ...] = tuple(_HEADERS)


@dataclass(frozen=True)
class GapTable:
    """``headers`` maps each column id (:data:`GAP_TABLE_COLUMNS`) to its header; ``rows`` map column ids to
    values, in the report's cell order."""

    headers: Mapping[str, str]
    rows: tuple[Mapping[str, Any], ...]

    def columns(self, wanted: Sequence[str] = GAP_TABLE_COLUMNS) -> tuple[list[str], list[list[Any]]]:
        """The headers and the rows as lists, with the ``wanted`` columns in that order."""
        return [self.headers[c] for c in wanted], [[row[c] for c in wanted] for row in self.rows]


def gap_table(report: CoverageReport, vocabulary: Vocabulary, language: str) -> GapTable:
    """The coverage report as a :class:`GapTable` in ``language``: kinds and fields by their labels, the status
    with its symbol, single point of failure and (confirmed) gap as the words for yes and no, the offers
    confirmed not offered as "name (source)" joined by "; ", the explanation in ``language``."""
    w = phrasebook("workbook", language)
    ags = {m.id: m.ags for m in report.municipalities}
    rows = tuple({
        "municipality_id": c.municipality_id, "municipality": c.municipality, "ags": ags.get(c.municipality_id, ""),
        "field": vocabulary.fields.label(c.field, language), "status": status_label(c.status, language),
        "local": c.local_actors, "wide": c.district_wide_actors, "population": c.population,
        "population_date": c.population_date,
        "per_10k": c.per_10k, "missing": ", ".join(vocabulary.kinds.label(k, language) for k in c.missing_roles),
        "spof": w["yes"] if c.single_point_of_failure else w["no"], "gap": w["yes"] if c.gap else w["no"],
        "absent": "; ".join(f"{o.name} ({o.source})" if o.source else o.name for o in c.absent_offers),
        "explanation": c.explanation(language),
    } for c in report.cells)
    return GapTable({column: w[key] for column, key in _HEADERS.items()}, rows)
