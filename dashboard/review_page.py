"""The page "Review" (``/review``, shown by ``views/review.py``): facts not confirmed for too long, and confirming
that they still hold.

Lists what :func:`graph.analysis.fact_age.stale_facts` finds — actors, ties, nodes and links last confirmed (or,
never confirmed, imported) more than the chosen number of months ago (default ``Settings.review_months``) —
filtered by municipality and kind, with counts per municipality and per kind. The user ticks the facts that still
hold (or all shown) and confirms them: one change set with action ``confirm`` that sets their ``confirmed`` date
to today; the history page can undo it. Tables show text literally; user text in messages goes through
:func:`dashboard.i18n.markdown_literal`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd
import streamlit as st

from dashboard.i18n import format_date, markdown_literal, t
from dashboard.session import author, permitted, render_guarded
from graph.analysis.fact_age import FACT_KINDS, StaleFact, confirmation_changes, count_stale, fact_records, stale_facts
from graph.errors import ChangeConflictError
from graph.model.changes import FactKey
from graph.model.domain import Actor, Relation
from graph.model.knowledge import Link, Node
from graph.model.vocabulary import MUNICIPALITY_KIND
from graph.settings import Settings
from graph.store import GraphStore

__all__ = ["EDITOR_KEY", "render"]

#: The history page's script, for the link to the confirmation's change set.
HISTORY_PAGE = "views/history.py"
#: The prefix of the list's widget key; the round number after it starts the ticks afresh.
EDITOR_KEY = "review_editor"
#: Session-state keys: the message of the last confirmation (shown once after its rerun), the filters under which
#: "tick all shown" was pressed (every fact shown starts ticked while they hold), and the editor's round.
_DONE_KEY, _ALL_KEY, _ROUND_KEY = "review_done", "review_tick_all", "review_round"
#: The hidden column that carries each row's fact ("kind\x1fkey"), and the tick column.
_FACT, _TICK = "_fact", "tick"


def render(store: GraphStore, lang: str) -> None:
    """Draw the page (below its title); store errors become a message that says what to do."""
    render_guarded(store, lang, lambda: _render(store, lang))


def _render(store: GraphStore, lang: str) -> None:
    st.caption(t("review.intro", lang))
    if not permitted("edit", lang):  # a work list whose only action is a write
        return
    if done := st.session_state.pop(_DONE_KEY, None):
        message, change_id = done
        st.success(message, icon=":material/task_alt:")
        st.page_link(HISTORY_PAGE, label=t("review.to_history", lang), query_params={"id": change_id},
                     icon=":material/history:")
    settings = Settings.from_env()
    actors, relations, nodes, links = store.actors(), store.relations(), store.nodes(), store.links()
    towns = {a.id: a.name for a in sorted(actors, key=lambda a: a.name.casefold()) if a.kind == MUNICIPALITY_KIND}
    left, middle, right = st.columns(3)
    months = int(left.number_input(t("review.months", lang), min_value=1, max_value=1200, step=1,
                                   value=settings.review_months, key="review_months"))
    municipality = middle.selectbox(t("review.municipality", lang), [None, *towns],
                                    format_func=lambda m: t("review.all_municipalities", lang) if m is None
                                    else towns[m], key="review_municipality")
    everything = stale_facts(actors, relations, nodes, links, date.today(), months, municipality,
                             vocabulary=store.vocabulary, language=lang)
    kinds = _kind_choices(everything, lang)
    kind = right.selectbox(t("review.kind", lang), [None, *kinds],
                           format_func=lambda k: t("review.all_kinds", lang) if k is None else kinds[k],
                           key="review_kind")
    shown = [f for f in everything if kind is None or _kind_key(f) == kind or f.kind == kind]
    if not shown:
        st.info(t("review.none", lang, months=months), icon=":material/verified:")
        return
    _counts(shown, towns, lang)
    selection = (months, municipality, kind)
    ticked = _list(shown, st.session_state.get(_ALL_KEY) == selection, lang)
    comment = st.text_input(t("review.comment", lang), key="review_comment")
    tick_column, confirm_column = st.columns(2)
    if tick_column.button(t("review.tick_all", lang), icon=":material/done_all:", key="review_tick_all_button"):
        st.session_state[_ALL_KEY] = selection
        _new_round()
        st.rerun()
    if confirm_column.button(t("review.confirm", lang), icon=":material/verified:", type="primary",
                             key="review_confirm"):
        _confirm(store, ticked, (actors, relations, nodes, links), comment, lang)


def _kind_key(fact: StaleFact) -> str:
    return f"{fact.kind}\x1f{fact.type}"


def _kind_label(kind: str, lang: str) -> str:
    labels = {"actor": t("review.kind_actor", lang), "relation": t("review.kind_relation", lang),
              "node": t("review.kind_node", lang), "link": t("review.kind_link", lang)}
    return labels.get(kind, kind)


def _kind_choices(facts: Sequence[StaleFact], lang: str) -> dict[str, str]:
    """Each kind of fact among ``facts``, then each of its types ("Akteur: Kommune"), as choice → label."""
    present = {f.kind for f in facts}
    choices = {kind: _kind_label(kind, lang) for kind in FACT_KINDS if kind in present}
    types = sorted({(FACT_KINDS.index(f.kind), _kind_label(f.kind, lang), f.type_label, _kind_key(f))
                    for f in facts})
    choices.update({key: f"{kind_label}: {type_label}" for _, kind_label, type_label, key in types})
    return choices


def _counts(facts: Sequence[StaleFact], towns: dict[str, str], lang: str) -> None:
    counts = count_stale(facts)
    st.markdown(t("review.total", lang, count=counts.total))
    labels = {(f.kind, f.type): (_kind_label(f.kind, lang), f.type_label) for f in facts}
    count_column = t("review.column_count", lang)
    by_town, by_kind = st.columns(2)
    with by_town:
        st.subheader(t("review.by_municipality", lang), anchor=False)
        st.dataframe(pd.DataFrame([{t("review.column_municipality", lang): towns.get(m, m) if m
                                    else t("review.no_municipality", lang), count_column: n}
                                   for m, n in counts.by_municipality.items()]), hide_index=True, width="stretch")
    with by_kind:
        st.subheader(t("review.by_kind", lang), anchor=False)
        st.dataframe(pd.DataFrame([{t("review.column_kind", lang): labels[k][0],
                                    t("review.column_type", lang): labels[k][1], count_column: n}
                                   for k, n in counts.by_kind.items()]), hide_index=True, width="stretch")


def _last_confirmed(fact: StaleFact, lang: str) -> str:
    if not fact.last_confirmed:
        return t("review.no_date", lang)
    if fact.never_confirmed:
        return t("review.never_confirmed", lang, date=format_date(fact.last_confirmed, lang))
    return format_date(fact.last_confirmed, lang)


def _list(facts: Sequence[StaleFact], tick_all: bool, lang: str) -> list[FactKey]:
    """Draw the list with its tick column (every row ticked to begin with when ``tick_all``); the facts ticked."""
    frame = pd.DataFrame([{
        _FACT: f"{f.kind}\x1f{f.key}", _TICK: tick_all, "kind": _kind_label(f.kind, lang), "type": f.type_label,
        "name": f.name, "municipality": f.municipality_name, "last": _last_confirmed(f, lang),
        "age": f.age_days} for f in facts])
    config = {
        _FACT: None,
        _TICK: st.column_config.CheckboxColumn(t("review.column_tick", lang), help=t("review.tick_help", lang)),
        "kind": st.column_config.TextColumn(t("review.column_kind", lang)),
        "type": st.column_config.TextColumn(t("review.column_type", lang)),
        "name": st.column_config.TextColumn(t("review.column_name", lang)),
        "municipality": st.column_config.TextColumn(t("review.column_municipality", lang)),
        "last": st.column_config.TextColumn(t("review.column_last", lang)),
        "age": st.column_config.NumberColumn(t("review.column_age", lang), format="%d"),
    }
    edited = st.data_editor(frame, column_config=config, disabled=[c for c in frame.columns if c != _TICK],
                            hide_index=True, width="stretch", key=f"{EDITOR_KEY}_{st.session_state.get(_ROUND_KEY, 0)}")
    chosen = edited.loc[edited[_TICK].fillna(False).astype(bool), _FACT]
    return [(kind, key) for kind, _, key in (str(value).partition("\x1f") for value in chosen)]


def _new_round() -> None:
    st.session_state[_ROUND_KEY] = int(st.session_state.get(_ROUND_KEY, 0)) + 1


def _confirm(store: GraphStore, ticked: Sequence[FactKey],
             read: tuple[list[Actor], list[Relation], list[Node], list[Link]], comment: str, lang: str) -> None:
    """Confirm the ticked facts as one change set, or say why not."""
    records = fact_records(*read)
    today = date.today()
    changes = confirmation_changes((records[fact] for fact in ticked if fact in records), today)
    if not changes:
        st.warning(t("review.none_ticked", lang), icon=":material/warning:")
        return
    try:
        done = store.apply_changes(changes, author("confirm", comment=comment))
    except ChangeConflictError as exc:
        later = ", ".join(exc.later) or "–"
        st.error(t("review.conflict", lang, later=markdown_literal(later)), icon=":material/block:")
        _new_round()
        return
    assert done is not None  # changes is not empty
    st.session_state[_DONE_KEY] = (t("review.confirmed", lang, count=done.size, date=format_date(today, lang),
                                     id=markdown_literal(done.id)), done.id)
    st.session_state.pop(_ALL_KEY, None)
    _new_round()
    st.rerun()
