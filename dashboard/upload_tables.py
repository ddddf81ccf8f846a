"""The tables of the upload page, as plain rows: the problems of the files (file, sheet, line, column, message, code)
and the preview of the change (new records, changed records property by property, before and after).

Every cell is plain text; the page shows the rows with ``st.dataframe``, which shows text literally.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from dashboard.fact_words import fact_kind_label, fact_name, shown_value
from dashboard.i18n import t
from graph.model.changes import FactChange, FactKey, Record, fact_key
from graph.model.vocabulary import Vocabulary
from importers.preview import KINDS
from importers.problems import Problem
from importers.records import ImportPlan
from importers.reimport import ReimportPreview, shown_key

__all__ = ["changed_rows", "fact_label", "new_rows", "plan_facts", "problem_rows"]

#: ``folder/book.xlsx[Sheet]``: a workbook's sheet is named in brackets after the file.
_SHEET = re.compile(r"^(?P<file>.*?)(?:\[(?P<sheet>[^\[\]]*)\])?$")


def problem_rows(problems: Iterable[Problem], folder: Path | None, lang: str) -> list[dict[str, object]]:
    """One row per problem: file (its name only, never the folder it was saved in), sheet, line (empty for the
    file as a whole), column, message, code and whether it is an error or a warning."""
    hidden = f"{folder}{os.sep}" if folder is not None else None
    rows: list[dict[str, object]] = []
    for problem in problems:
        match = _SHEET.match(problem.source)
        file, sheet = (match.group("file"), match.group("sheet") or "") if match else (problem.source, "")
        message = problem.message.replace(hidden, "") if hidden else problem.message
        rows.append({
            t("upload.col_file", lang): Path(file).name,
            t("upload.col_sheet", lang): sheet,
            t("upload.col_line", lang): str(problem.line) if problem.line else "",
            t("upload.col_column", lang): problem.column,
            t("upload.col_severity", lang): (t("upload.severity_error", lang) if problem.is_error
                                              else t("upload.severity_warning", lang)),
            t("upload.col_message", lang): message,
            t("upload.col_code", lang): problem.code,
        })
    return rows


def plan_facts(plan: ImportPlan) -> dict[str, dict[str, FactChange]]:
    """Per preview kind (``actors``, ``nodes``, ``relations``, ``links``): each of the plan's records as a new fact,
    by the key the preview gives it."""
    records: Mapping[str, Sequence[Record]] = {"actors": plan.actors, "nodes": plan.nodes,
                                               "relations": plan.relations, "links": plan.links}
    facts: dict[str, dict[str, FactChange]] = {}
    for kind in KINDS:
        facts[kind] = {}
        for record in records[kind]:
            facts[kind][shown_key(fact_key(record))] = FactChange.of(None, record)
    return facts


def fact_label(fact: FactChange, vocabulary: Vocabulary, names: Mapping[str, str], lang: str) -> str:
    """"Akteur · Verein A": a fact's kind and readable name."""
    return f"{fact_kind_label(fact, vocabulary, lang)} · {fact_name(fact, vocabulary, names, lang)}"


def new_rows(reimport: ReimportPreview, facts: Mapping[str, Mapping[str, FactChange]], vocabulary: Vocabulary,
             names: Mapping[str, str], lang: str) -> list[dict[str, str]]:
    """One row per new record: its kind and name."""
    rows = []
    for kind in KINDS:
        for key in reimport.preview.of(kind).new:
            fact = facts[kind][key]
            rows.append({t("upload.col_kind", lang): fact_kind_label(fact, vocabulary, lang),
                         t("upload.col_name", lang): fact_name(fact, vocabulary, names, lang)})
    return rows


def changed_rows(reimport: ReimportPreview, facts: Mapping[str, Mapping[str, FactChange]], vocabulary: Vocabulary,
                 names: Mapping[str, str], lang: str, *, which: Callable[[FactKey], bool] = lambda _: True,
                 ) -> list[dict[str, str]]:
    """One row per changed property of a changed record (kind, name, property, before → after), for the records
    ``which`` says yes to (e.g. those edited since the last import, or all others)."""
    rows = []
    for kind in KINDS:
        for change in reimport.preview.of(kind).changed:
            fact = facts[kind][change.key]
            if not which(fact.fact):
                continue
            head = (fact_kind_label(fact, vocabulary, lang), fact_name(fact, vocabulary, names, lang))
            for prop, before, after in change.properties:
                rows.append({t("upload.col_kind", lang): head[0], t("upload.col_name", lang): head[1],
                             t("upload.col_property", lang): prop, t("upload.col_before", lang): shown_value(before),
                             t("upload.col_after", lang): shown_value(after)})
    return rows
