"""The erasure page (``/erasure``, admins only): a person's data erased from the store, its change history and
every snapshot, for good (GDPR Art. 17; :mod:`graph.archive.erasure`).

The page lists the actors and nodes that hold personal data now (never the values), asks for the reason and a
confirmation, and erases. A person without the admin role is told which role it needs; the library refuses the
erasure by anybody else as well.
"""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import markdown_literal, t
from dashboard.session import author, refusal
from dashboard.sign_in import can, current_person
from graph.archive import erase_personal_data, holders_of_personal_data
from graph.errors import AccessDeniedError, IntegraNetError
from graph.settings import Settings
from graph.snapshots.snapshot import SnapshotFolder
from graph.store.base import GraphStore

__all__ = ["render"]

_DONE, _WHO, _REASON, _SURE = "erasure_done", "erasure_record", "erasure_reason", "erasure_confirm"


def _holders(store: GraphStore) -> dict[str, str]:
    """id → "name (id)" of every actor and node that holds personal data now."""
    return {record.id: f"{record.name} ({record.id})" for record in holders_of_personal_data(store)}


def render(store: GraphStore, settings: Settings, lang: str) -> None:
    """Draw the page (below its title)."""
    if not can("erase"):
        person = current_person()
        refusal(AccessDeniedError(person.who, person.role or "", "erase", "admin"), lang)
        return
    if done := st.session_state.pop(_DONE, None):
        st.success(done, icon=":material/check:")
    st.caption(t("erasure.intro", lang))
    try:
        holders = _holders(store)
    except IntegraNetError as exc:
        st.error(markdown_literal(exc), icon=":material/error:")
        return
    if not holders:
        st.info(t("erasure.nobody", lang), icon=":material/info:")
        return
    chosen = st.selectbox(t("erasure.record", lang), options=list(holders), format_func=holders.__getitem__,
                          index=None, placeholder=t("erasure.record_placeholder", lang), key=_WHO)
    reason = st.text_input(t("erasure.reason", lang), help=t("erasure.reason_help", lang), key=_REASON)
    sure = st.checkbox(t("erasure.confirm", lang), key=_SURE)
    ready = chosen is not None and bool(reason.strip()) and sure
    if not st.button(t("erasure.erase", lang), type="primary", icon=":material/delete_forever:", disabled=not ready,
                     key="erasure_erase"):
        return
    try:
        result = erase_personal_data(store, SnapshotFolder(settings.snapshot_folder), str(chosen), reason,
                                     author("erase"))
    except AccessDeniedError as exc:
        refusal(exc, lang)
        return
    except IntegraNetError as exc:
        st.error(markdown_literal(exc), icon=":material/error:")
        return
    st.session_state[_DONE] = t("erasure.done", lang, name=holders[str(chosen)], facts=result.other_facts,
                                history=result.history_entries, snapshots=len(result.snapshots))
    for key in (_WHO, _REASON, _SURE):
        st.session_state.pop(key, None)
    st.rerun()
