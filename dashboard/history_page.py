"""The change history (``/history``, ``/history?id=…``): every write to the store as a change set — when, who,
what kind of write, from which file, with which comment, and each fact before and after — and undoing one with
one click after a confirmation.

An undo is itself a change set (the history shows which one it undid). The store refuses an undo whose facts
were changed by later change sets (:class:`~graph.errors.ChangeConflictError`); the page names those change sets,
each a link to its own entry, so the user can undo them first, newest first.
"""

from __future__ import annotations

import streamlit as st

from dashboard import knowledge_reads as reads
from dashboard.fact_words import action_label, change_set_label, fact_rows, moment_label
from dashboard.i18n import markdown_literal, t
from dashboard.profile_widgets import synced_selection
from dashboard.session import author, permitted, personal_names, render_guarded
from dashboard.sign_in import can
from graph.errors import ChangeConflictError, ChangeSetNotFoundError
from graph.model.changes import ChangeSet
from graph.store import GraphStore

__all__ = ["HISTORY_PAGE", "SELECT_KEY", "render"]

#: The page's script, for links to one of its entries.
HISTORY_PAGE = "views/history.py"
#: The session-state key of the change-set selection.
SELECT_KEY = "history_select"
#: How many change sets the list offers at most, newest first.
_LIST_SIZES = (50, 200, 1000)
#: The message of the last undo, shown once after the rerun that follows it.
_DONE_KEY = "history_done"


def render(store: GraphStore, lang: str) -> None:
    """Draw the page (below its title); store errors become a message that says what to do."""
    render_guarded(store, lang, lambda: _render(store, lang))


def _render(store: GraphStore, lang: str) -> None:
    st.caption(t("history.intro", lang))
    if done := st.session_state.pop(_DONE_KEY, None):
        st.success(done, icon=":material/undo:")
    size = st.selectbox(t("history.list_size", lang), _LIST_SIZES, key="history_size")
    sets = store.change_sets(limit=size)
    if not sets:
        st.info(t("history.none", lang), icon=":material/info:")
        return
    st.dataframe(_overview(sets, lang), hide_index=True, width="stretch")
    labels = {c.id: change_set_label(c, lang) for c in sets}
    chosen, unknown = synced_selection(
        key=SELECT_KEY, label=t("history.select", lang), options=list(labels), format_func=lambda k: labels[k],
        default=None, resolve=lambda requested: requested, placeholder=t("history.select_placeholder", lang),
    )
    if unknown is not None and store.change_set(unknown) is None:
        st.warning(t("history.unknown", lang, id=markdown_literal(unknown)), icon=":material/help:")
        return
    change_id = chosen or unknown
    if change_id is None:
        return
    change_set = store.change_set(change_id)
    if change_set is None:
        st.warning(t("history.unknown", lang, id=markdown_literal(change_id)), icon=":material/help:")
        return
    _details(store, change_set, lang)


def _overview(sets: list[ChangeSet], lang: str) -> list[dict[str, object]]:
    return [{t("history.column_when", lang): moment_label(c.at, lang), t("history.column_who", lang): c.who,
             t("history.column_action", lang): action_label(c.action, lang),
             t("history.column_source", lang): c.source, t("history.column_comment", lang): c.comment,
             t("history.column_facts", lang): c.size,
             t("history.column_state", lang): _state(c, lang), t("history.column_id", lang): c.id}
            for c in sets]


def _state(change_set: ChangeSet, lang: str) -> str:
    if change_set.undone_by:
        return t("history.state_undone", lang, id=change_set.undone_by)
    if change_set.undoes:
        return t("history.state_undoes", lang, id=change_set.undoes)
    return ""


def _details(store: GraphStore, change_set: ChangeSet, lang: str) -> None:
    st.subheader(markdown_literal(change_set_label(change_set, lang)), anchor=False)
    counts = change_set.counts()
    st.markdown(t("history.counts", lang, added=counts["added"], changed=counts["changed"],
                  removed=counts["removed"]))
    if change_set.source:
        st.markdown(t("history.source", lang, source=markdown_literal(change_set.source)))
    if change_set.comment:
        st.markdown(t("history.comment", lang, comment=markdown_literal(change_set.comment)))
    token = reads.revision(store)
    names = {actor_id: actor.name for actor_id, actor in reads.actors(store, store.location, token).items()}
    names.update({node_id: name for node_id, name, _ in reads.catalogue(store, store.location, token)})
    hidden = frozenset() if can("read_personal") else personal_names(store)
    st.dataframe(fact_rows(change_set, store.vocabulary, names, lang, hidden=hidden), hide_index=True,
                 width="stretch")
    if change_set.undone_by:
        st.info(t("history.already_undone", lang, id=change_set.undone_by), icon=":material/info:")
        return
    if permitted("edit", lang):
        _undo_form(store, change_set, lang)


def _undo_form(store: GraphStore, change_set: ChangeSet, lang: str) -> None:
    with st.form(f"undo-{change_set.id}", border=True):
        st.markdown(t("history.undo_explained", lang, count=change_set.size))
        comment = st.text_input(t("history.undo_comment", lang), key=f"undo_comment_{change_set.id}")
        confirmed = st.checkbox(t("history.undo_confirm", lang), key=f"undo_confirm_{change_set.id}")
        pressed = st.form_submit_button(t("history.undo_button", lang), icon=":material/undo:", type="primary")
    if not pressed:
        return
    if not confirmed:
        st.warning(t("history.undo_unconfirmed", lang), icon=":material/warning:")
        return
    try:
        done = store.undo(change_set.id, author("undo", comment=comment))
    except ChangeConflictError as exc:
        st.error(t("history.undo_conflict", lang, count=len(exc.later)), icon=":material/block:")
        for later in exc.later:
            st.page_link(HISTORY_PAGE, label=markdown_literal(later), query_params={"id": later},
                         icon=":material/history:")
        return
    except ChangeSetNotFoundError:
        st.error(t("history.unknown", lang, id=markdown_literal(change_set.id)), icon=":material/error:")
        return
    st.session_state[_DONE_KEY] = t("history.undone", lang, id=change_set.id, count=done.size, new=done.id)
    st.query_params["id"] = done.id
    st.session_state.pop(SELECT_KEY, None)
    st.rerun()
