"""The page "Duplicates" (``/duplicates``, shown by ``views/duplicates.py``): likely duplicates, and merging them.

Lists the pairs :mod:`graph.analysis.duplicates` finds (actors of one kind and town, nodes of one type) with
score, why, kind or type and town. For a chosen pair the user picks the record to keep, sees what the merge
does (:func:`graph.store.merging.plan_merge`: ties and links moved, joined or dropped, attributes filled,
seats re-pointed), ticks a confirmation and merges: one change set of the signed-in (or local) user, which the
history page (``/history``) can undo. Reads go to the store directly, so a merge shows at once; every user text
is escaped; a library error is an ``st.error`` saying what to do, never a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st

from dashboard.i18n import format_number, markdown_literal, t
from dashboard.profile_widgets import show_table
from dashboard.session import author, permitted, render_guarded
from graph.analysis.duplicates import DuplicatePair, likely_duplicates, likely_node_duplicates
from graph.errors import IntegraNetError
from graph.model.domain import Actor
from graph.model.knowledge import Node
from graph.model.names import normalise_name
from graph.store import GraphStore
from graph.store.merging import MergePlan, plan_merge

__all__ = ["HISTORY_PAGE", "WIDGET_KEYS", "render"]

#: The history page, where a merge is seen and undone (relative to ``dashboard/app.py``).
HISTORY_PAGE = "views/history.py"
#: Session-state keys: the chosen pair, and the last merge's result (shown once after the page reloads).
WIDGET_KEYS = ("duplicates_pair", "duplicates_done")


@dataclass(frozen=True)
class _Candidate:
    """A pair with both records, for the table and the merge."""

    pair: DuplicatePair
    first: Actor | Node
    second: Actor | Node


def render(store: GraphStore, lang: str) -> None:
    """Draw the page (below its title) for ``store`` in ``lang``; store errors and an empty store become a
    message that says what to do."""
    render_guarded(store, lang, lambda: _render(store, lang))


def _candidates(store: GraphStore) -> list[_Candidate]:
    actors = store.actors()
    nodes = store.nodes()
    records: dict[str, Actor | Node] = {a.id: a for a in actors} | {n.id: n for n in nodes}
    pairs = likely_duplicates(actors) + likely_node_duplicates(nodes)
    return [_Candidate(p, records[p.a], records[p.b]) for p in pairs]


def _kind(store: GraphStore, record: Actor | Node, lang: str) -> str:
    if isinstance(record, Actor):
        return store.vocabulary.kinds.label(record.kind, lang)
    return store.vocabulary.schema.node_type(record.type).label(lang)


def _reason(candidate: _Candidate, lang: str) -> str:
    if normalise_name(candidate.first.name) == normalise_name(candidate.second.name):
        return t("duplicates.same_name", lang)
    return t("duplicates.alike_names", lang)


def _town(record: Actor | Node) -> str:
    return record.town if isinstance(record, Actor) and record.town else "—"


def _label(record: Actor | Node) -> str:
    return f"{record.name} ({record.id})"


def _render(store: GraphStore, lang: str) -> None:
    _show_last_merge(lang)
    st.caption(t("duplicates.intro", lang))
    candidates = _candidates(store)
    if not candidates:
        st.success(t("duplicates.none", lang), icon=":material/check_circle:")
        return
    st.subheader(t("duplicates.pairs", lang, n=format_number(len(candidates), lang)), anchor=False)
    show_table({
        t("duplicates.col_score", lang): [format_number(round(c.pair.score, 1), lang) for c in candidates],
        t("duplicates.col_first", lang): [_label(c.first) for c in candidates],
        t("duplicates.col_second", lang): [_label(c.second) for c in candidates],
        t("duplicates.col_kind", lang): [_kind(store, c.first, lang) for c in candidates],
        t("duplicates.col_town", lang): [_town(c.first) for c in candidates],
        t("duplicates.col_reason", lang): [_reason(c, lang) for c in candidates],
    })
    if permitted("edit", lang):
        _merge_form(store, candidates, lang)


def _merge_form(store: GraphStore, candidates: Sequence[_Candidate], lang: str) -> None:
    st.subheader(t("duplicates.merge_heading", lang), anchor=False)
    # Options are the pairs' ids, not positions: after a merge the list is shorter, and a position would name
    # another pair.
    by_ids = {f"{c.pair.a}|{c.pair.b}": c for c in candidates}
    ids = st.selectbox(t("duplicates.choose_pair", lang), list(by_ids), key=WIDGET_KEYS[0],
                       format_func=lambda key: f"{_label(by_ids[key].first)}  ~  {_label(by_ids[key].second)}")
    ids = ids if ids in by_ids else next(iter(by_ids))
    candidate = by_ids[ids]
    keep_first = st.radio(t("duplicates.keep", lang), (True, False), key=f"duplicates_keep|{ids}",
                          format_func=lambda first: markdown_literal(
                              _label(candidate.first if first else candidate.second)))
    keep, drop = (candidate.first, candidate.second) if keep_first else (candidate.second, candidate.first)
    try:
        plan = plan_merge(store, keep.id, drop.id)
    except IntegraNetError as exc:
        _failed(exc, lang)
        return
    _describe(store, plan, lang)
    comment = st.text_input(t("duplicates.comment", lang), key=f"duplicates_comment|{ids}")
    confirmed = st.checkbox(t("duplicates.confirm", lang, drop=markdown_literal(_label(drop)),
                              keep=markdown_literal(_label(keep))), key=f"duplicates_confirm|{ids}|{keep.id}")
    if st.button(t("duplicates.merge", lang), type="primary", disabled=not confirmed, icon=":material/merge:"):
        try:
            done = store.apply_changes(plan.facts, author(
                "merge", comment=comment.strip() or t("duplicates.default_comment", lang, drop=drop.id,
                                                      keep=keep.id)))
        except IntegraNetError as exc:
            _failed(exc, lang)
            return
        assert done is not None  # a merge deletes the dropped record at least
        st.session_state[WIDGET_KEYS[1]] = (done.id, _label(drop), _label(keep))
        st.rerun()


def _attribute(store: GraphStore, plan: MergePlan, name: str, lang: str) -> str:
    """The name of an attribute of the kept record as the user knows it: its label, a property's label of the
    schema, else the property's name."""
    words = {"municipality": t("duplicates.attr_municipality", lang), "town": t("duplicates.attr_town", lang),
             "fields": t("duplicates.attr_fields", lang), "serves": t("duplicates.attr_serves", lang),
             "serves_district": t("duplicates.attr_serves_district", lang),
             "provenance": t("duplicates.attr_provenance", lang), "confirmed": t("duplicates.attr_confirmed", lang)}
    if name in words:
        return words[name]
    prop = name.removeprefix("properties.")
    spec = store.vocabulary.schema.node_type(plan.type).spec(prop)
    return spec.label(lang) if spec is not None else prop


def _describe(store: GraphStore, plan: MergePlan, lang: str) -> None:
    """What the merge does, in a few sentences."""
    keep, drop = markdown_literal(plan.keep_name), markdown_literal(plan.drop_name)
    lines = [t("duplicates.plan_moved", lang, moved=format_number(plan.moved, lang),
               joined=format_number(plan.joined, lang), dropped=format_number(plan.dropped, lang), keep=keep,
               drop=drop)]
    if plan.filled:
        attributes = ", ".join(markdown_literal(_attribute(store, plan, name, lang)) for name in plan.filled)
        lines.append(t("duplicates.plan_filled", lang, keep=keep, drop=drop, attributes=attributes))
    if plan.repointed:
        names = {a.id: a.name for a in store.actors()}
        actors = ", ".join(markdown_literal(names.get(i, i)) for i in plan.repointed)
        lines.append(t("duplicates.plan_repointed", lang, keep=keep, drop=drop, actors=actors))
    lines.append(t("duplicates.plan_deleted", lang, drop=drop, n=format_number(len(plan.facts), lang)))
    st.info("\n\n".join(lines), icon=":material/merge:")


def _failed(exc: IntegraNetError, lang: str) -> None:
    st.error(t("duplicates.failed", lang, detail=markdown_literal(exc)), icon=":material/error:")
    st.info(t("duplicates.failed_hint", lang))


def _show_last_merge(lang: str) -> None:
    done = st.session_state.pop(WIDGET_KEYS[1], None)
    if done is None:
        return
    change_set, drop, keep = done
    st.success(t("duplicates.merged", lang, drop=markdown_literal(drop), keep=markdown_literal(keep),
                 id=markdown_literal(change_set)), icon=":material/check_circle:")
    st.page_link(HISTORY_PAGE, label=t("duplicates.history_link", lang), icon=":material/history:")
