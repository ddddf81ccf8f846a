"""The overview's panel of ready questions (:mod:`graph.store.questions`): choose a question, set its
parameters, read the answer.

Each answer is one query on the store (:meth:`GraphStore.answer`), asked again on every rerun so that it is
never stale. Rows that are actors link to the actor profile (municipalities to the municipality profile),
other nodes to the node profile, with ``st.page_link`` as the rest of the overview links them, so following
a link keeps the session. Every value from the store is shown literally (:func:`markdown_literal`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dashboard.i18n import format_number, markdown_literal, t
from dashboard.knowledge_widgets import NODE_PAGE, TYPE_ICONS
from dashboard.profile_widgets import ACTOR_PAGE, MUNICIPALITY_PAGE, QUERY_KEY, show_table
from graph.errors import IntegraNetError
from graph.model.vocabulary import Vocabulary
from graph.store import GraphStore
from graph.store.questions import MAX_DAYS, QUESTIONS, Parameter, Question, cell_text, question_words

__all__ = ["LINKED_ROWS", "render"]

#: Up to this many rows each row is a line with a link to its profile; a longer answer is one table.
LINKED_ROWS = 100
_CHOICE_KEY = "questions_chosen"


def render(store: GraphStore, lang: str) -> None:
    """Draw the panel: a heading, the choice of question, its parameters and the answer.

    An error of the store is shown in the panel (the rest of the page still draws).
    """
    words = question_words(lang)
    st.header(t("questions.panel_heading", lang), anchor=False)
    st.caption(t("questions.panel_intro", lang))
    chosen = st.selectbox(t("questions.panel_choose", lang), options=list(QUESTIONS), key=_CHOICE_KEY,
                          format_func=lambda question_id: words[QUESTIONS[question_id].msgid])
    asked = QUESTIONS[chosen or next(iter(QUESTIONS))]
    st.caption(markdown_literal(words[asked.help_msgid]))
    params = _parameters(asked, store.vocabulary, words, lang)
    try:
        rows = store.answer(asked.id, **params)
    except IntegraNetError as exc:
        st.error(t("questions.panel_error", lang, detail=markdown_literal(exc)), icon=":material/error:")
        return
    if not rows:
        st.info(t("questions.none", lang), icon=":material/check_circle:")
        return
    st.caption(t("questions.count", lang, n=format_number(len(rows), lang)))
    if len(rows) > LINKED_ROWS:
        st.caption(t("questions.panel_unlinked", lang, n=format_number(LINKED_ROWS, lang)))
        shown = [c for c in asked.columns if c.name != asked.id_column]
        show_table({words[c.msgid]: [cell_text(c, row.get(c.name), store.vocabulary, lang) for row in rows]
                    for c in shown})
        return
    _linked_rows(asked, rows, store.vocabulary, words, lang)


def _parameters(asked: Question, vocabulary: Vocabulary, words: Mapping[str, str], lang: str) -> dict[str, object]:
    """One widget per parameter of the question, side by side; their values by parameter name."""
    if not asked.parameters:
        return {}
    values: dict[str, object] = {}
    for spec, column in zip(asked.parameters, st.columns(len(asked.parameters)), strict=True):
        values[spec.name] = _widget(spec, column, vocabulary, words[spec.msgid], f"questions_{asked.id}_{spec.name}",
                                    lang)
    return values


def _widget(spec: Parameter, column: DeltaGenerator, vocabulary: Vocabulary, label: str, key: str,
            lang: str) -> object:
    if spec.kind == "date":
        return column.date_input(label, value=dt.date.today(), key=key,
                                 format="DD.MM.YYYY" if lang == "de" else "YYYY-MM-DD")
    if spec.kind == "days":
        default = spec.default if isinstance(spec.default, int) else 365
        return column.number_input(label, min_value=0, max_value=MAX_DAYS, value=default, step=30, key=key)
    any_field = t("questions.any_field", lang)
    chosen = column.selectbox(label, options=["", *vocabulary.fields.ids()], key=key,
                              format_func=lambda f: vocabulary.fields.label(f, lang) if f else any_field)
    return chosen or None


def _linked_rows(asked: Question, rows: Sequence[Mapping[str, object]], vocabulary: Vocabulary,
                 words: Mapping[str, str], lang: str) -> None:
    """The answer as lines: the first column after the id links to the row's profile, the others are text."""
    shown = [c for c in asked.columns if c.name != asked.id_column]
    widths = [5.0, *([2.0] * (len(shown) - 1))]
    for column, c in zip(st.columns(widths), shown, strict=True):
        column.markdown(f"**{markdown_literal(words[c.msgid])}**")
    page, icon = _profile(asked)
    for row in rows:
        cells = st.columns(widths)
        name = cell_text(shown[0], row.get(shown[0].name), vocabulary, lang)
        cells[0].page_link(page, label=markdown_literal(name), icon=icon,
                           query_params={QUERY_KEY: str(row[asked.id_column])})
        for cell, c in zip(cells[1:], shown[1:], strict=True):
            cell.markdown(markdown_literal(cell_text(c, row.get(c.name), vocabulary, lang)))


def _profile(asked: Question) -> tuple[str, str]:
    """The profile page and the link icon of the question's rows."""
    if asked.subject != "Actor":
        return NODE_PAGE, TYPE_ICONS.get(asked.subject, ":material/label:")
    if asked.id_column == "municipality_id":
        return MUNICIPALITY_PAGE, ":material/location_city:"
    return ACTOR_PAGE, ":material/account_circle:"
