"""The import template: an XLSX workbook generated from the schema, to fill in and import as it is.

``integranet template --out Vorlage.xlsx`` writes it. Its sheets (:mod:`importers.template_layout`):

1. **Erläuterung / Explanation** — every column of every sheet: its name in German and English, data type,
   whether it is required, its list of values, what it means and an example.
2. **Akteure, Beziehungen, one sheet per node type (Formate, Veranstaltungen …), Verknüpfungen** (in English:
   Actors, Relations, Formats …, Links) — one header row in the chosen language, frozen; required columns in
   bold with a note; a drop-down list in every column whose values come from a vocabulary (kinds, relation and
   link types, fields of action, each ``term`` property's values, yes/no), as labels in the chosen language.
3. **Listen / Lists** — the drop-down lists, hidden.

The importer (:func:`importers.records.plan_import`) reads every data sheet by its name or headers; the
explanation and the lists are no tables of data and are left aside with a warning.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from graph.errors import ExportError
from graph.model.vocabulary import Vocabulary

from .template_layout import TemplateColumn, TemplateLayout, TemplateSheet, template_layout

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["TEMPLATE_ROWS", "template_workbook", "write_template"]

#: How many rows below the header the drop-down lists and formats cover.
TEMPLATE_ROWS = 2000
_REQUIRED_FILL, _OPTIONAL_FILL, _HEAD_FILL = "FFF2CC", "EDEDED", "DDEBF7"
_FORBIDDEN_IN_TITLES = str.maketrans({c: " " for c in "[]:*?/\\"})


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


def _title(text: str) -> str:
    """A sheet title Excel accepts: at most 31 characters, none of ``[]:*?/\\``."""
    return text.translate(_FORBIDDEN_IN_TITLES).strip()[:31] or "Sheet"


def _width(*texts: str, low: int = 10, high: int = 45) -> float:
    longest = max((len(line) for text in texts for line in text.splitlines()), default=0)
    return float(min(max(longest + 3, low), high))


def _lists_sheet(book: Workbook, layout: TemplateLayout) -> dict[str, str]:
    """Write the hidden sheet of lists; list name → the defined name that refers to its values."""
    from openpyxl.workbook.defined_name import DefinedName

    sheet = book.create_sheet(_title(layout.lists_title))
    sheet.sheet_state = "hidden"
    names: dict[str, str] = {}
    heads: set[str] = set()
    for number, (name, values) in enumerate(layout.lists.items(), start=1):
        letter = _letter(number)
        head = f"{layout.words['list_note']}: {layout.list_titles.get(name, name)}"
        head = head if head not in heads else f"{head} ({name})"  # a header once, as in every table
        heads.add(head)
        sheet.cell(1, number, head)
        for row, value in enumerate(values, start=2):
            sheet.cell(row, number, value).data_type = "s"  # a label is text even when it looks like a number
        sheet.column_dimensions[letter].width = _width(*values)
        if not values:
            continue
        defined = f"Liste_{number}_{''.join(ch for ch in name if ch.isalnum() or ch == '_')}"
        reference = f"'{sheet.title}'!${letter}$2:${letter}${len(values) + 1}"
        book.defined_names[defined] = DefinedName(defined, attr_text=reference)
        names[name] = defined
    return names


def _header(sheet: Worksheet, column: int, spec: TemplateColumn, layout: TemplateLayout) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill

    cell = sheet.cell(1, column, spec.header(layout.language))
    cell.font = Font(bold=spec.required)
    cell.fill = PatternFill("solid", fgColor=_REQUIRED_FILL if spec.required else _OPTIONAL_FILL)
    cell.alignment = Alignment(vertical="top")
    note = spec.meaning if not spec.required else f"{layout.words['required_note']} {spec.meaning}"
    if spec.example:
        note = f"{note}\n{layout.words['head_example']}: {spec.example}"
    cell.comment = Comment(note.strip(), "IntegraNet", width=320, height=140)


def _data_sheet(book: Workbook, sheet_spec: TemplateSheet, layout: TemplateLayout, lists: dict[str, str]) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    sheet = book.create_sheet(_title(sheet_spec.title))
    for number, spec in enumerate(sheet_spec.columns, start=1):
        letter = _letter(number)
        _header(sheet, number, spec, layout)
        sheet.column_dimensions[letter].width = _width(spec.header(layout.language), spec.example, low=12)
        cells = f"{letter}2:{letter}{TEMPLATE_ROWS + 1}"
        if spec.datatype == "date":
            sheet.column_dimensions[letter].number_format = "DD.MM.YYYY" if layout.language == "de" else "YYYY-MM-DD"
        elif spec.key == "ags":
            sheet.column_dimensions[letter].number_format = "@"  # the official key keeps its leading zero
        if spec.values in lists:
            # Several values ("A | B") are no single entry of the list: there the list helps and does not forbid.
            validation = DataValidation(type="list", formula1=f"={lists[spec.values]}", allow_blank=True,
                                        showErrorMessage=not spec.multiple, errorStyle="warning",
                                        errorTitle=spec.header(layout.language), error=spec.meaning,
                                        promptTitle=spec.header(layout.language), prompt=spec.meaning[:255],
                                        showInputMessage=True)
            validation.error = (spec.meaning or spec.header(layout.language))[:255]
            sheet.add_data_validation(validation)
            validation.add(cells)
    sheet.freeze_panes = "A2"


def _explanation_sheet(book: Workbook, layout: TemplateLayout) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    sheet = book.create_sheet(_title(layout.explanation_title), 0)
    words = layout.words
    heads = (words["head_sheet"], words["head_column_de"], words["head_column_en"], words["head_datatype"],
             words["head_required"], words["head_values"], words["head_meaning"], words["head_example"])
    widths = (18, 24, 24, 22, 10, 50, 70, 30)
    for number, (head, width) in enumerate(zip(heads, widths, strict=True), start=1):
        cell = sheet.cell(1, number, head)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=_HEAD_FILL)
        sheet.column_dimensions[_letter(number)].width = width
    row = 2
    for sheet_spec in layout.sheets:
        for spec in sheet_spec.columns:
            values = ", ".join(layout.lists.get(spec.values, ()))
            texts = (_title(sheet_spec.title), spec.header_de, spec.header_en, spec.datatype_text,
                     words["yes"] if spec.required else words["no"], values, spec.meaning, spec.example)
            for number, text in enumerate(texts, start=1):
                cell = sheet.cell(row, number, text)
                cell.data_type = "s"
                cell.alignment = Alignment(wrap_text=number in (6, 7), vertical="top")
                if number == 5 and spec.required:
                    cell.font = Font(bold=True)
            row += 1
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:H{row - 1}"


def template_workbook(vocabulary: Vocabulary, language: str = "de") -> bytes:
    """The import template for ``vocabulary`` in ``language`` (``de`` or ``en``) as XLSX bytes (see the module)."""
    import openpyxl

    layout = template_layout(vocabulary, language)
    book = openpyxl.Workbook()
    book.remove(book.worksheets[0])  # the empty sheet every new workbook has
    lists = _lists_sheet(book, layout)
    for sheet_spec in layout.sheets:
        _data_sheet(book, sheet_spec, layout, lists)
    _explanation_sheet(book, layout)
    # The lists sheet last: after the data sheets, where it stays out of the way (and hidden).
    book.move_sheet(book[_title(layout.lists_title)], offset=len(book.sheetnames) - 1)
    book.active = 0
    book.properties.title = layout.explanation_title
    book.properties.creator = "IntegraNet"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_template(vocabulary: Vocabulary, out: Path, language: str = "de", *, overwrite: bool = False) -> Path:
    """Write :func:`template_workbook` to ``out`` and return it; :class:`ExportError` when ``out`` exists (unless
    ``overwrite``) or cannot be written."""
    if out.exists() and not overwrite:
        raise ExportError(f"{out} exists already; nothing was written.")
    data = template_workbook(vocabulary, language)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    except OSError as exc:
        raise ExportError(f"Cannot write {out}: {exc.strerror or exc}. Choose a folder you may write to.") from exc
    return out
