"""The XLSX workbook of a snapshot: sheets ``actors``, ``relations``, one per node type with nodes (named by the
type's plural in the export language), the links, ``key figures`` and ``gaps``.

``actors`` and ``relations`` are the importer's format (the workbook imports back as it is; key figures and gaps
are skipped with a warning). The node and link sheets are :mod:`graph.exports.knowledge_tables`: headers
are the properties' labels in the language, term values their labels. Text that a spreadsheet would run as a
formula (``=``, ``+``, ``-``, ``@``, tab, CR first) is neutralised with a leading ``'``, which the importer removes
again; characters XML does not allow are removed (an XLSX file is XML inside). Numbers stay numbers.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.analysis.coverage import DEFAULT_EXPECTED_ROLES, coverage_facts, coverage_gaps, load_expected_roles
from graph.errors import IntegraNetError
from graph.exports.formulas import neutralise
from graph.exports.gap_table import gap_table
from graph.exports.knowledge_tables import knowledge_counts_rows, link_table, node_tables, sheet_title
from graph.exports.tables import actor_rows, relation_rows
from graph.exports.xmltext import xml_safe
from graph.language import phrasebook
from graph.model.provenance import illustrative_share
from graph.model.vocabulary import MUNICIPALITY_KIND, Vocabulary
from graph.snapshots.snapshot import Snapshot

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["SHEETS", "workbook_cell", "write_table_workbook", "write_workbook"]

#: The sheets every workbook may have; a sheet per node type and the links sheet come between relations and
#: key figures.
SHEETS = ("actors", "relations", "key figures", "gaps")

def workbook_cell(value: Any) -> Any:
    """A value as an XLSX cell: numbers as numbers, booleans as ``true``/``false`` (as in CSV), lists
    joined with ``|``, text stripped of XML-illegal characters and neutralised against formulas."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    if isinstance(value, tuple | list):
        value = "|".join(str(v) for v in value)
    return neutralise(xml_safe(str(value)))


def _fill(sheet: Worksheet, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet.append([workbook_cell(h) for h in headers])
    for row in rows:
        sheet.append([workbook_cell(v) for v in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = sheet.dimensions
    for number, header in enumerate(headers, start=1):
        values = [header, *(row[number - 1] for row in rows[:200])]
        width = max(len(str(v)) if v is not None else 0 for v in values)
        sheet.column_dimensions[get_column_letter(number)].width = min(60, max(8, width + 2))


def _key_figures(snapshot: Snapshot, vocabulary: Vocabulary, language: str, gaps_note: str) -> list[list[Any]]:
    w = phrasebook("workbook", language)
    info, subgraph = snapshot.info, snapshot.subgraph
    filters = info.filters
    selection = "; ".join(f"{k}: {', '.join(v)}" for k, v in filters.items() if isinstance(v, list) and v)
    illustrative, total = illustrative_share(subgraph)
    kinds = Counter(a.kind for a in subgraph.actors)
    types = Counter(r.type for r in subgraph.relations)
    rows: list[list[Any]] = [
        [w["snapshot"], info.id], [w["label"], info.label], [w["created"], info.created_at],
        [w["last_import"], info.last_import or ""], [w["store"], info.store], [w["selection"], selection or w["whole"]],
        [w["hash"], info.content_hash], [w["software"], info.software],
        [w["personal"], w["yes"] if info.personal_data_included else w["no"]],
        [w["actors"], len(subgraph.actors)], [w["municipalities"], kinds.get(MUNICIPALITY_KIND, 0)],
        [w["ties"], total], [w["illustrative"], illustrative],
        [w["share"], round(100.0 * illustrative / total, 1) if total else 0.0],
        [w["fields"], len(snapshot.fields)],
    ]
    rows += [[w["by_kind"] + vocabulary.kinds.label(k, language), kinds[k]]
             for k in [*vocabulary.kinds.ids(), *sorted(set(kinds) - set(vocabulary.kinds.ids()))] if kinds.get(k)]
    rows += [[w["by_type"] + vocabulary.relation_types.label(t, language), types[t]]
             for t in [*vocabulary.relation_types.ids(), *sorted(set(types) - set(vocabulary.relation_types.ids()))]
             if types.get(t)]
    rows += [[w["by_field"] + f.label(language), sum(1 for a in subgraph.actors if f.id in a.fields)]
             for f in snapshot.fields]
    rows += knowledge_counts_rows(snapshot.nodes, snapshot.links, vocabulary.schema, language)
    if gaps_note:
        rows.append([w["gaps_missing"], gaps_note])
    return rows


def _gap_rows(snapshot: Snapshot, vocabulary: Vocabulary, language: str,
              expected_roles: Path) -> tuple[list[str], list[list[Any]]]:
    # The snapshot's offers and their links count as in the store: a known missing offer is a confirmed gap.
    facts = coverage_facts(snapshot.subgraph).with_knowledge(snapshot.nodes, snapshot.links, snapshot.subgraph.actors)
    report = coverage_gaps(facts, vocabulary, load_expected_roles(expected_roles, vocabulary))
    return gap_table(report, vocabulary, language).columns()


def write_workbook(snapshot: Snapshot, vocabulary: Vocabulary, out: Path, language: str = "de", *,
                   expected_roles: Path = DEFAULT_EXPECTED_ROLES) -> Path:
    """Write the snapshot's workbook to ``out``; returns ``out``.

    ``key figures`` holds the snapshot's metadata and counts with labels in ``language``; ``gaps`` the
    coverage report (:func:`graph.analysis.coverage.coverage_gaps` with ``expected_roles``) when the snapshot has
    municipalities — when the expected roles do not fit the vocabulary, ``key figures`` says why instead.
    """
    from openpyxl import Workbook

    book = Workbook()
    actors = book.active
    assert actors is not None
    actors.title = "actors"
    _fill(actors, *actor_rows(snapshot.subgraph))
    _fill(book.create_sheet("relations"), *relation_rows(snapshot.subgraph))
    _knowledge_sheets(book, snapshot, vocabulary, language)
    gaps: tuple[list[str], list[list[Any]]] | None = None
    note = ""
    if any(a.kind == MUNICIPALITY_KIND for a in snapshot.subgraph.actors):
        try:
            gaps = _gap_rows(snapshot, vocabulary, language, expected_roles)
        except IntegraNetError as exc:
            note = str(exc)
    w = phrasebook("workbook", language)
    _fill(book.create_sheet("key figures"), [w["figure"], w["value"]], _key_figures(snapshot, vocabulary, language,
                                                                                    note))
    if gaps is not None:
        _fill(book.create_sheet("gaps"), *gaps)
    # The workbook's own dates are the snapshot's, so the same snapshot gives the same content.
    created = dt.datetime.fromisoformat(snapshot.info.created_at).astimezone(dt.UTC).replace(tzinfo=None)
    book.properties.created = created
    book.properties.modified = created
    book.properties.creator = snapshot.info.software
    book.properties.title = xml_safe(snapshot.info.label)
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return out


def _knowledge_sheets(book: Any, snapshot: Snapshot, vocabulary: Vocabulary, language: str) -> None:
    """A sheet per node type with nodes, then the links sheet when there are links."""
    tables = node_tables(snapshot.nodes, vocabulary.schema, language)
    if snapshot.links:
        tables.append(link_table(snapshot.links, vocabulary.schema, language))
    taken = [*SHEETS]
    for table in tables:
        title = sheet_title(xml_safe(table.title), taken)
        taken.append(title)
        _fill(book.create_sheet(title), table.headers, table.rows)


def write_table_workbook(sheet_title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]], out: Path) -> Path:
    """A one-sheet workbook of ``rows`` (cells as :func:`workbook_cell`); returns ``out``."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = xml_safe(sheet_title)[:31] or "table"
    _fill(sheet, headers, rows)
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return out
