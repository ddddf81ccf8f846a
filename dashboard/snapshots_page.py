"""The page "Snapshots & export" (``/snapshots``, shown by ``views/snapshots.py``): freeze the network on a
date, list and delete snapshots, download each export format, compare two snapshots.

The page lays out widgets and calls graph/: :class:`graph.snapshots.snapshot.SnapshotFolder` creates, lists, loads
and deletes, :func:`graph.store.filters.actor_filter` turns the choices into a filter,
:func:`graph.exports.formats.export_bytes` and :func:`graph.exports.formats.diff_bytes` make the files,
:func:`graph.snapshots.diff.diff_snapshots` compares. It is the dashboard twin of ``integranet snapshot …``.

This module holds the page's run and its sections "create" and "list and delete";
:mod:`dashboard.snapshot_downloads` the download section, :mod:`dashboard.snapshot_compare` the comparison,
:mod:`dashboard.snapshot_labels` how a snapshot is named, and :mod:`dashboard.snapshot_reads` every cached
read and file (snapshots never change, so they are cached by the snapshot folder and the snapshot ids).
Only widget selections and the page's small state (a pending deletion, a notice, which files were asked for)
live in ``st.session_state`` (keys ``snapshots_*``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import streamlit as st

from dashboard import snapshot_reads as reads
from dashboard.i18n import format_date, format_number, markdown_literal, t
from dashboard.session import author, permitted
from dashboard.sign_in import can
from dashboard.snapshot_compare import AFTER_KEY, BEFORE_KEY, compare_section
from dashboard.snapshot_downloads import DOWNLOAD_KEY, DOWNLOAD_PERSONAL_KEY, download_section
from dashboard.snapshot_labels import created_text, keep_known, option_text, selection_text
from graph.errors import IntegraNetError
from graph.model.vocabulary import Vocabulary
from graph.settings import Settings
from graph.snapshots.snapshot import SnapshotFolder, SnapshotInfo
from graph.store import GraphStore
from graph.store.filters import actor_filter

__all__ = ["NETWORK_SELECTION_KEYS", "WIDGET_KEYS", "created_text", "option_text", "render", "selection_text"]

#: The network map's selections this page starts from (its session-state keys, see dashboard.network_page).
NETWORK_SELECTION_KEYS = {
    "snapshots_fields": "network_fields",
    "snapshots_municipalities": "network_municipalities",
    "snapshots_kinds": "network_kinds",
    "snapshots_district_wide": "network_district_wide",
}
_LABEL, _FIELDS, _TOWNS, _KINDS, _DISTRICT_WIDE, _PERSONAL = (
    "snapshots_label", "snapshots_fields", "snapshots_municipalities", "snapshots_kinds",
    "snapshots_district_wide", "snapshots_personal",
)
_DELETE, _DOWNLOAD, _DOWNLOAD_PERSONAL, _BEFORE, _AFTER = (
    "snapshots_delete", DOWNLOAD_KEY, DOWNLOAD_PERSONAL_KEY, BEFORE_KEY, AFTER_KEY,
)
#: The session-state keys of this page's widgets.
WIDGET_KEYS = (_LABEL, _FIELDS, _TOWNS, _KINDS, _DISTRICT_WIDE, _PERSONAL, _DELETE, _DOWNLOAD,
               _DOWNLOAD_PERSONAL, _BEFORE, _AFTER)
#: Plain page state: the id awaiting confirmation of its deletion, a notice for the next run, whether the
#: filters were taken over from the map. (The files asked for: :data:`dashboard.snapshot_downloads.ASKED_KEY`.)
_PENDING_DELETE, _NOTICE, _FROM_MAP = "snapshots_pending_delete", "snapshots_notice", "snapshots_from_map"


def render(store: GraphStore | None, settings: Settings, lang: str) -> None:
    """Draw the page (below its title) in ``lang``: creating needs ``store``; listing, downloading and
    comparing need only the snapshot folder of ``settings``, so they work while the store is unavailable.

    Every IntegraNet error becomes an ``st.error`` in words, in the section it happened in.
    """
    st.caption(t("snapshots.intro", lang))
    folder = SnapshotFolder(settings.snapshot_folder)
    try:
        vocabulary = store.vocabulary if store is not None else Vocabulary.load(settings.vocabulary_dir)
        catalogue = (reads.catalogue(store, store.location, reads.revision(store)) if store is not None
                     else reads.EMPTY_CATALOGUE)
    except IntegraNetError as exc:
        _error(exc, lang)
        return

    st.subheader(t("snapshots.create_title", lang), anchor=False)
    if store is None:
        st.info(t("snapshots.no_store", lang), icon=":material/info:")
        created = None
    elif not permitted("snapshot_create", lang):
        created = None
    else:
        created = _guarded(lambda: _create_section(store, folder, vocabulary, catalogue, lang), lang)
    try:
        infos = folder.infos()
    except IntegraNetError as exc:
        _error(exc, lang)
        return
    if created is not None:
        _select_new(created, infos)

    st.subheader(t("snapshots.list_title", lang), anchor=False)
    _guarded(lambda: _list_section(folder, infos, vocabulary, catalogue, lang), lang)
    if not infos:
        return
    st.subheader(t("snapshots.download_title", lang), anchor=False)
    _guarded(lambda: download_section(folder, infos, vocabulary, lang), lang)
    st.subheader(t("snapshots.compare_title", lang), anchor=False)
    _guarded(lambda: compare_section(folder, infos, vocabulary, lang), lang)


def _guarded(section: Callable[[], Any], lang: str) -> Any:
    """Run one section; an IntegraNet error (or a file system error) ends only that section, in words."""
    try:
        return section()
    except (IntegraNetError, OSError) as exc:
        _error(exc, lang)
        return None


def _error(exc: BaseException, lang: str) -> None:
    st.error(t("snapshots.error", lang, detail=markdown_literal(exc)), icon=":material/error:")


# -- create ---------------------------------------------------------------------------------------------


def _create_section(store: GraphStore, folder: SnapshotFolder, vocabulary: Vocabulary,
                    catalogue: Mapping[str, Any], lang: str) -> str | None:
    """Draw the creation form; on "create", freeze the store and return the new snapshot's id."""
    st.caption(t("snapshots.create_intro", lang))
    prefilled = _prefill(catalogue)
    towns = dict(catalogue["municipalities"])
    with st.container(border=True):
        if prefilled:
            st.info(t("snapshots.prefilled", lang), icon=":material/filter_alt:")
        label = st.text_input(t("snapshots.label", lang), placeholder=t("snapshots.label_placeholder", lang),
                              help=t("snapshots.label_help", lang), key=_LABEL, max_chars=200)
        col_fields, col_towns, col_kinds = st.columns(3)
        fields = col_fields.multiselect(
            t("snapshots.filter_fields", lang), options=catalogue["fields"],
            format_func=lambda f: vocabulary.fields.label(f, lang), placeholder=t("snapshots.filter_any", lang),
            key=_FIELDS,
        )
        municipalities = col_towns.multiselect(
            t("snapshots.filter_municipalities", lang), options=list(towns), format_func=lambda m: towns.get(m, m),
            placeholder=t("snapshots.filter_any", lang), key=_TOWNS,
        )
        kinds = col_kinds.multiselect(
            t("snapshots.filter_kinds", lang), options=catalogue["kinds"],
            format_func=lambda k: vocabulary.kinds.label(k, lang), placeholder=t("snapshots.filter_any", lang),
            key=_KINDS,
        )
        district_wide = st.checkbox(t("snapshots.district_wide", lang), help=t("snapshots.district_wide_help", lang),
                                    disabled=not municipalities, key=_DISTRICT_WIDE)
        personal = st.checkbox(t("snapshots.personal", lang), key=_PERSONAL)
        # Said in full, not hidden in a tooltip: this is the choice with consequences.
        st.caption(t("snapshots.personal_help", lang))
        clicked = st.button(t("snapshots.create_button", lang), type="primary", icon=":material/photo_camera:",
                            key="snapshots_create")
    if not clicked:
        return None
    if not label.strip():
        st.warning(t("snapshots.label_missing", lang), icon=":material/edit:")
        return None
    with st.spinner(t("snapshots.creating", lang)):
        where = actor_filter(store, vocabulary, kinds=kinds, fields=fields, municipalities=municipalities,
                             include_district_wide=bool(district_wide) and bool(municipalities))
        made = folder.create(store, label, where=None if where.is_empty else where,
                             include_personal_data=bool(personal), change=author("snapshot"))
    counts = made.info.counts
    st.success(t("snapshots.created", lang, label=markdown_literal(made.info.label),
                 actors=format_number(counts.get("actors", 0), lang),
                 ties=format_number(counts.get("relations", 0), lang)), icon=":material/check_circle:")
    return made.id


def _prefill(catalogue: Mapping[str, Any]) -> bool:
    """Start the filters from the network map's selections (once per visit: Streamlit forgets this page's
    widget values when another page is shown). Returns whether anything was taken over."""
    allowed = {_FIELDS: set(catalogue["fields"]), _TOWNS: {m for m, _ in catalogue["municipalities"]},
               _KINDS: set(catalogue["kinds"])}
    state = st.session_state
    if _FIELDS not in state:
        taken = {key: [v for v in state.get(NETWORK_SELECTION_KEYS[key]) or [] if v in values]
                 for key, values in allowed.items()}
        state.update(taken)
        state[_FROM_MAP] = any(taken.values())
        # The map shows district-wide actors by default; a snapshot should hold what the map shows.
        state[_DISTRICT_WIDE] = bool(state.get(NETWORK_SELECTION_KEYS[_DISTRICT_WIDE], True))
        state[_PERSONAL] = False
    for key, values in allowed.items():
        if any(v not in values for v in state.get(key, [])):
            # The store changed meanwhile (an import); a choice it no longer offers would be an error.
            state[key] = [v for v in state[key] if v in values]
    return bool(state.get(_FROM_MAP))


def _select_new(snapshot_id: str, infos: Sequence[SnapshotInfo]) -> None:
    """Choose a snapshot just made for download, and compare it with the one made before it."""
    ids = [i.id for i in infos]
    if snapshot_id not in ids:
        return
    st.session_state[_DOWNLOAD] = snapshot_id
    position = ids.index(snapshot_id)
    if position > 0:
        st.session_state[_BEFORE] = ids[position - 1]
        st.session_state[_AFTER] = snapshot_id


# -- list and delete ------------------------------------------------------------------------------------


def _list_section(folder: SnapshotFolder, infos: Sequence[SnapshotInfo], vocabulary: Vocabulary,
                  catalogue: Mapping[str, Any], lang: str) -> None:
    notice = st.session_state.pop(_NOTICE, None)
    if notice and notice[0] == "error":
        st.error(notice[1], icon=":material/error:")
    elif notice:
        st.success(notice[1], icon=":material/check_circle:")
    if not infos:
        st.info(t("snapshots.none", lang), icon=":material/info:")
        return
    towns = dict(catalogue["municipalities"])
    headers = {
        "label": t("snapshots.col_label", lang), "created": t("snapshots.col_created", lang),
        "data_date": t("snapshots.col_data_date", lang), "actors": t("snapshots.col_actors", lang),
        "ties": t("snapshots.col_ties", lang), "illustrative": t("snapshots.col_illustrative", lang),
        "personal": t("snapshots.col_personal", lang), "selection": t("snapshots.col_selection", lang),
        "id": t("snapshots.col_id", lang),
    }
    rows = []
    for info in reversed(infos):  # newest first: the one just made is on top
        counts = info.counts
        ties = int(counts.get("relations", 0))
        illustrative = int(counts.get("illustrative_relations", 0))
        row = {
            "label": info.label,
            "created": created_text(info, lang),
            "data_date": format_date(info.last_import, lang) if info.last_import else "–",
            "actors": format_number(counts.get("actors", 0), lang),
            "ties": format_number(ties, lang),
            "illustrative": t("snapshots.share", lang, count=format_number(illustrative, lang),
                              percent=format_number(100 * illustrative / ties if ties else 0, lang)),
            "personal": t("snapshots.personal_yes", lang) if info.personal_data_included
            else t("snapshots.personal_no", lang),
            "selection": selection_text(info, vocabulary, towns, lang),
            "id": info.id,
        }
        rows.append({headers[k]: v for k, v in row.items()})
    st.dataframe(rows, hide_index=True, width="stretch")
    if any(i.counts.get("illustrative_relations") for i in infos):
        st.caption(t("snapshots.illustrative_note", lang))
    st.caption(t("snapshots.folder", lang, folder=markdown_literal(folder.path)))
    if can("snapshot_delete"):
        _delete_controls(folder, infos, lang)


def _delete_controls(folder: SnapshotFolder, infos: Sequence[SnapshotInfo], lang: str) -> None:
    """A choice and a "Delete …" button; the deletion itself waits for an explicit confirmation."""
    by_id = {i.id: i for i in infos}
    keep_known(_DELETE, list(by_id))
    col_choice, col_button = st.columns([3, 1], vertical_alignment="bottom")
    chosen = col_choice.selectbox(t("snapshots.delete_choose", lang), options=[i.id for i in reversed(infos)],
                                  format_func=lambda i: option_text(by_id[i], lang), key=_DELETE)
    col_button.button(t("snapshots.delete_button", lang), icon=":material/delete:", key="snapshots_delete_ask",
                      on_click=_ask_delete, args=(chosen,))
    pending = st.session_state.get(_PENDING_DELETE)
    if pending not in by_id:
        st.session_state.pop(_PENDING_DELETE, None)
        return
    info = by_id[pending]
    with st.container(border=True):
        st.warning(t("snapshots.delete_confirm", lang, label=markdown_literal(info.label),
                     created=created_text(info, lang)), icon=":material/warning:")
        col_yes, col_no, _ = st.columns([2, 1, 3])
        col_yes.button(t("snapshots.delete_yes", lang), type="primary", key="snapshots_delete_yes",
                       on_click=_delete, args=(folder, info, lang))
        col_no.button(t("snapshots.delete_no", lang), key="snapshots_delete_no", on_click=_cancel_delete)


def _ask_delete(snapshot_id: str | None) -> None:
    if snapshot_id:
        st.session_state[_PENDING_DELETE] = snapshot_id


def _cancel_delete() -> None:
    st.session_state.pop(_PENDING_DELETE, None)


def _delete(folder: SnapshotFolder, info: SnapshotInfo, lang: str) -> None:
    """Delete after confirmation (a button callback, so that the list drawn next no longer shows it)."""
    st.session_state.pop(_PENDING_DELETE, None)
    # A callback cannot draw where the page is; the outcome is shown above the list.
    try:
        folder.delete(info.id, author("snapshot"))
    except IntegraNetError as exc:
        st.session_state[_NOTICE] = ("error", t("snapshots.error", lang, detail=markdown_literal(exc)))
        return
    st.session_state[_NOTICE] = ("success", t("snapshots.deleted", lang, label=markdown_literal(info.label)))
