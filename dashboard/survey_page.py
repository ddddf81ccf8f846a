"""The page "Survey of the municipalities" (``/survey``, shown by ``views/survey.py``): the survey round.

Three parts: the workbooks to send (one municipality's, or all of them as a ZIP, from
:mod:`importers.survey_workbook`); the returned workbooks, checked by :func:`importers.survey_read.read_survey`
with their problems as a table (file, sheet, line, column), what they would change, and one commit button that
writes each workbook as one change set of the person at the dashboard (nothing while any workbook has an error);
and which municipalities have answered a survey, when, and which have not (:func:`survey_status`).

Uploaded workbooks are saved under their own names in a temporary folder for the reader, removed right after.
Every cell of user data reaches the screen through ``st.dataframe`` (shown as text) or escaped Markdown.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import streamlit as st

from dashboard.i18n import format_date, markdown_literal, t
from dashboard.session import author, permitted, render_guarded
from graph.store import GraphStore
from importers.load import load_plan
from importers.preview import KINDS, ChangePreview, preview_plan
from importers.problems import Problem
from importers.survey_read import SurveyReading, read_survey, survey_ids, survey_status
from importers.survey_workbook import SurveyFacts, survey_book, survey_file_name, survey_id_of

__all__ = ["UPLOADER_KEY", "render"]

#: The session-state key of the uploader (with a generation number: a commit starts a fresh, empty one).
UPLOADER_KEY = "survey_files"
_GENERATION_KEY = "survey_generation"
_DONE_KEY = "survey_done"
_ZIP_KEY = "survey_zip"


class _Uploaded(Protocol):
    """What the page needs of an uploaded file."""

    name: str

    def getvalue(self) -> bytes: ...


def render(store: GraphStore, lang: str) -> None:
    """Draw the page (below its title) for ``store`` in ``lang``; store errors and an empty store become a
    message that says what to do."""
    render_guarded(store, lang, lambda: _render(store, lang))


def _render(store: GraphStore, lang: str) -> None:
    st.caption(t("survey.intro", lang))
    if not permitted("edit", lang):  # the workbooks carry the contact data the graph knows
        return
    facts = SurveyFacts.from_store(store)
    _workbooks(store, facts, lang)
    _returned(store, lang)
    _status(store, lang)


def _workbooks(store: GraphStore, facts: SurveyFacts, lang: str) -> None:
    """A municipality's workbook to download, and all of them as one ZIP once prepared."""
    st.subheader(t("survey.create_heading", lang), anchor=False)
    towns = facts.municipalities()
    if not towns:
        return
    day = st.date_input(t("survey.date", lang), value=dt.date.today(), key="survey_date", format="DD.MM.YYYY")
    day = day if isinstance(day, dt.date) else dt.date.today()
    survey = survey_id_of(day)
    names = {town.id: town.name for town in towns}
    chosen = st.selectbox(t("survey.municipality", lang), options=list(names), format_func=names.__getitem__,
                          key="survey_municipality")
    st.download_button(t("survey.download_one", lang, town=markdown_literal(names[chosen])),
                       data=survey_book(facts, store.vocabulary, chosen, lang, day, survey),
                       file_name=survey_file_name(names[chosen], survey, lang), icon=":material/download:",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    prepared = st.session_state.get(_ZIP_KEY)
    if prepared is not None and prepared[0] == (survey, lang):
        st.download_button(t("survey.download_zip", lang), data=prepared[1], file_name=f"{survey}.zip",
                           mime="application/zip", icon=":material/folder_zip:")
    elif st.button(t("survey.prepare_zip", lang, count=len(towns)), key="survey_prepare_zip"):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for town in towns:
                archive.writestr(survey_file_name(town.name, survey, lang),
                                 survey_book(facts, store.vocabulary, town.id, lang, day, survey))
        st.session_state[_ZIP_KEY] = ((survey, lang), buffer.getvalue())
        st.rerun()


def _returned(store: GraphStore, lang: str) -> None:
    """The uploader, the problems and previews of the workbooks, and the commit."""
    st.subheader(t("survey.read_heading", lang), anchor=False)
    done = st.session_state.pop(_DONE_KEY, None)
    if done:
        st.success(t("survey.done", lang, count=len(done), ids=markdown_literal(", ".join(done))),
                   icon=":material/check_circle:")
    generation = st.session_state.get(_GENERATION_KEY, 0)
    uploaded = st.file_uploader(t("survey.files", lang), type=["xlsx"], accept_multiple_files=True,
                                key=f"{UPLOADER_KEY}_{generation}")
    if not uploaded:
        st.info(t("survey.choose", lang), icon=":material/upload_file:")
        return
    readings = _read(store, list(uploaded))
    problems = [p for reading in readings for p in reading.plan.problems]
    if problems:
        st.markdown(f"**{t('survey.problems', lang)}**")
        st.dataframe(_problem_rows(problems, lang), hide_index=True, width="stretch")
    errors = sum(len(reading.plan.errors) for reading in readings)
    previews = []
    names = {a.id: a.name for a in store.actors()}
    for reading in readings:
        counted = {a: sum(1 for x in reading.answers if x.answer == a) for a in ("yes", "no", "unknown")}
        st.markdown(t("survey.reading", lang, file=markdown_literal(Path(reading.file).name),
                      town=markdown_literal(names.get(reading.municipality, reading.municipality or "?")),
                      survey=markdown_literal(reading.survey_id or "?"), actors=len(reading.plan.actors), **counted))
        if not reading.plan.has_errors:
            preview = preview_plan(reading.plan, store)
            previews.append(preview)
            totals = {n: sum(preview.of(kind).counts()[n] for kind in KINDS) for n in ("new", "changed", "unchanged")}
            st.markdown(t("survey.preview", lang, **totals))
            if rows := _change_rows(preview, reading, lang):
                with st.expander(t("survey.changes", lang)):
                    st.dataframe(rows, hide_index=True, width="stretch")
    if errors:
        st.error(t("survey.errors", lang, count=errors), icon=":material/error:")
        return
    if st.button(t("survey.commit", lang), type="primary", key="survey_commit",
                 disabled=all(p.changes_nothing for p in previews)):
        committed = []
        for reading in readings:
            result = load_plan(reading.plan, store, change=author("import", source=Path(reading.file).name))
            if result.change_set:
                committed.append(result.change_set)
        st.session_state[_DONE_KEY] = committed
        st.session_state[_GENERATION_KEY] = generation + 1
        st.cache_data.clear()  # the other pages' reads show the answers at once
        st.rerun()


def _read(store: GraphStore, uploaded: Sequence[_Uploaded]) -> list[SurveyReading]:
    """Each uploaded workbook read back (saved under its own name in a temporary folder, removed right after)."""
    readings = []
    with tempfile.TemporaryDirectory(prefix="integranet-survey-") as folder:
        for file in uploaded:
            # Only the name, never a folder the browser sent along.
            name = Path(file.name.replace("\\", "/")).name or "survey.xlsx"
            path = Path(folder) / name
            path.write_bytes(file.getvalue())
            reading = read_survey(path, store.vocabulary, store)
            readings.append(reading)
    return readings


def _problem_rows(problems: Sequence[Problem], lang: str) -> dict[str, list[object]]:
    """The problems by column: file (its name only), sheet, line, column, error or warning, message."""
    files, sheets = [], []
    for problem in problems:
        file, _, sheet = problem.source.partition("[")
        files.append(Path(file).name)
        sheets.append(sheet.removesuffix("]"))
    return {
        t("survey.col_file", lang): files,
        t("survey.col_sheet", lang): sheets,
        t("survey.col_line", lang): [p.line or "" for p in problems],
        t("survey.col_column", lang): [p.column for p in problems],
        t("survey.col_severity", lang): [t("survey.severity_error", lang) if p.is_error
                                         else t("survey.severity_warning", lang) for p in problems],
        t("survey.col_message", lang): [p.message for p in problems],
    }


def _change_rows(preview: ChangePreview, reading: SurveyReading, lang: str) -> dict[str, list[str]]:
    """The new records (by name where they have one) and each changed property (before → after)."""
    named = {a.id: a.name for a in reading.plan.actors} | {n.id: n.name for n in reading.plan.nodes}
    rows: dict[str, list[str]] = {t("survey.col_record", lang): [], t("survey.col_change", lang): [],
                                  t("survey.col_property", lang): [], t("survey.col_before", lang): [],
                                  t("survey.col_after", lang): []}

    def add(record: str, change: str, prop: str = "", before: object = "", after: object = "") -> None:
        for heading, value in zip(rows, (record, change, prop, before, after), strict=True):
            rows[heading].append("" if value is None else str(value))

    for kind in KINDS:
        for key in preview.of(kind).new:
            add(named.get(key, key), t("survey.change_new", lang))
        for changed in preview.of(kind).changed:
            for prop, before, after in changed.properties:
                add(changed.name or changed.key, t("survey.change_changed", lang), prop, before, after)
    return rows if rows[t("survey.col_record", lang)] else {}


def _status(store: GraphStore, lang: str) -> None:
    """Which municipalities have answered the chosen survey, when, from which file; and which not."""
    st.subheader(t("survey.status_heading", lang), anchor=False)
    surveys = survey_ids(store)
    if not surveys:
        st.info(t("survey.status_none", lang, total=len(survey_status(store, ""))), icon=":material/info:")
        return
    chosen = st.selectbox(t("survey.survey_select", lang), options=surveys, key="survey_status_survey")
    rows = survey_status(store, chosen)
    st.markdown(t("survey.status_counts", lang, answered=sum(1 for r in rows if r.answered), total=len(rows)))
    st.dataframe({
        t("survey.municipality", lang): [r.name for r in rows],
        t("survey.col_answered", lang): [t("survey.yes", lang) if r.answered else t("survey.no", lang) for r in rows],
        t("survey.col_when", lang): [format_date(r.when[:10], lang) if r.when else "" for r in rows],
        t("survey.col_files", lang): [", ".join(r.files) for r in rows],
        t("survey.col_fields", lang): [r.fields for r in rows],
    }, hide_index=True, width="stretch")
