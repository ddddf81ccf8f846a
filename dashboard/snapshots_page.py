"""The page "Snapshots & export" (``/snapshots``, shown by ``views/snapshots.py``): freeze the network on a
date, list and delete snapshots, download each export format, compare two snapshots.

The page lays out widgets and calls graph/: :class:`graph.snapshots.snapshot.SnapshotFolder` creates, lists, loads
and deletes, :func:`graph.store.filters.actor_filter` turns the choices into a filter,
:func:`graph.exports.formats.export_bytes` and :func:`graph.exports.formats.diff_bytes` make the files,
:func:`graph.snapshots.diff.diff_snapshots` compares. It is the dashboard twin of ``integranet snapshot …``.

Snapshots never change, so everything read from or made of one is cached by the snapshot folder and the
snapshot ids (``st.cache_resource`` for the immutable snapshot objects, ``st.cache_data`` for bytes). The
figures take seconds to draw, so they are made when asked for ("make" button, then the download button);
tables and graph files take a fraction of that and are offered at once. Only widget selections and the
page's small state (a pending deletion, a notice, which files were asked for) live in
``st.session_state`` (keys ``snapshots_*``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import streamlit as st

from dashboard.i18n import format_date, format_number, markdown_literal, t
from graph.errors import IntegraNetError
from graph.exports.formats import ExportFile, diff_bytes, export_bytes
from graph.model.domain import ActorFilter
from graph.model.vocabulary import MUNICIPALITY_KIND, Vocabulary
from graph.settings import Settings
from graph.snapshots.diff import SnapshotDiff, diff_snapshots, diff_table
from graph.snapshots.snapshot import Snapshot, SnapshotFolder, SnapshotInfo
from graph.store import GraphStore
from graph.store.filters import actor_filter

__all__ = [
    "FILE_FORMATS", "NETWORK_SELECTION_KEYS", "ON_DEMAND_FORMATS", "WIDGET_KEYS", "created_text", "option_text",
    "render", "selection_text",
]

#: Drawn with matplotlib (seconds each): made only when asked for. The report pack holds all three.
ON_DEMAND_FORMATS = ("pack", "png", "svg", "pdf")
#: Fast to make: offered at once.
FILE_FORMATS = ("xlsx", "csv", "html", "graphml", "gexf", "json", "cypher")
#: The comparison's formats: the table (fast) and the figure (PNG drawn for the page anyway; SVG, PDF on demand).
DIFF_TABLE_FORMATS = ("csv", "xlsx", "json")
DIFF_FIGURE_FORMATS = ("png", "svg", "pdf")

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
    "snapshots_delete", "snapshots_download", "snapshots_download_personal", "snapshots_before", "snapshots_after",
)
#: The session-state keys of this page's widgets.
WIDGET_KEYS = (_LABEL, _FIELDS, _TOWNS, _KINDS, _DISTRICT_WIDE, _PERSONAL, _DELETE, _DOWNLOAD,
               _DOWNLOAD_PERSONAL, _BEFORE, _AFTER)
#: Plain page state: the id awaiting confirmation of its deletion, a notice for the next run, files asked for.
_PENDING_DELETE, _NOTICE, _ASKED, _FROM_MAP = (
    "snapshots_pending_delete", "snapshots_notice", "snapshots_asked", "snapshots_from_map",
)

#: How long cached reads of the store live at most (snapshots never change; the store does).
CACHE_TTL_SECONDS = 600


def render(store: GraphStore | None, settings: Settings, lang: str) -> None:
    """Draw the page (below its title) in ``lang``: creating needs ``store``; listing, downloading and
    comparing need only the snapshot folder of ``settings``, so they work while the store is unavailable.

    Every IntegraNet error becomes an ``st.error`` in words, in the section it happened in.
    """
    st.caption(t("snapshots.intro", lang))
    folder = SnapshotFolder(settings.snapshot_folder)
    try:
        vocabulary = store.vocabulary if store is not None else Vocabulary.load(settings.vocabulary_dir)
        catalogue = _catalogue(store, store.location, _revision(store)) if store is not None else _EMPTY_CATALOGUE
    except IntegraNetError as exc:
        _error(exc, lang)
        return

    st.subheader(t("snapshots.create_title", lang), anchor=False)
    if store is None:
        st.info(t("snapshots.no_store", lang), icon=":material/info:")
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
    _guarded(lambda: _download_section(folder, infos, vocabulary, lang), lang)
    st.subheader(t("snapshots.compare_title", lang), anchor=False)
    _guarded(lambda: _compare_section(folder, infos, vocabulary, lang), lang)


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
                             include_personal_data=bool(personal))
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
    _delete_controls(folder, infos, lang)


def _delete_controls(folder: SnapshotFolder, infos: Sequence[SnapshotInfo], lang: str) -> None:
    """A choice and a "Delete …" button; the deletion itself waits for an explicit confirmation."""
    by_id = {i.id: i for i in infos}
    _keep_known(_DELETE, list(by_id))
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
        folder.delete(info.id)
    except IntegraNetError as exc:
        st.session_state[_NOTICE] = ("error", t("snapshots.error", lang, detail=markdown_literal(exc)))
        return
    st.session_state[_NOTICE] = ("success", t("snapshots.deleted", lang, label=markdown_literal(info.label)))


# -- download -------------------------------------------------------------------------------------------


def _download_section(folder: SnapshotFolder, infos: Sequence[SnapshotInfo], vocabulary: Vocabulary,
                      lang: str) -> None:
    by_id = {i.id: i for i in infos}
    _keep_known(_DOWNLOAD, list(by_id))
    chosen = st.selectbox(t("snapshots.download_choose", lang), options=[i.id for i in reversed(infos)],
                          format_func=lambda i: option_text(by_id[i], lang), key=_DOWNLOAD)
    info = by_id[chosen]
    snapshot = _snapshot_or_error(folder, info, lang)
    if snapshot is None:
        return
    personal = False
    if info.personal_data_included:
        personal = bool(st.checkbox(t("snapshots.download_personal", lang),
                                    help=t("snapshots.download_personal_help", lang), key=_DOWNLOAD_PERSONAL))
    labels, helps = _format_texts(lang)
    makes = _make_labels(lang)
    where = str(folder.path)

    def offer(fmt: str, **look: Any) -> None:
        _offer(f"snapshot-{info.id}-{fmt}-{lang}-{personal}", labels[fmt], helps.get(fmt),
               lambda: _export(snapshot, where, info.id, fmt, vocabulary, lang, personal),
               make_label=makes.get(fmt), lang=lang, **look)

    with st.container(border=True):
        st.markdown(f"**{t('snapshots.pack_title', lang)}**")
        st.caption(t("snapshots.pack_body", lang))
        offer("pack", primary=True, icon=":material/folder_zip:")
    st.markdown(f"**{t('snapshots.figures_title', lang)}**")
    st.caption(t("snapshots.slow_note", lang))
    for column, fmt in zip(st.columns(3), ON_DEMAND_FORMATS[1:], strict=True):
        with column:
            offer(fmt)
    st.markdown(f"**{t('snapshots.files_title', lang)}**")
    columns = st.columns(4)
    for index, fmt in enumerate(FILE_FORMATS):
        with columns[index % len(columns)]:
            offer(fmt)


def _format_texts(lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """Button labels and tooltips of the snapshot formats (literal ids, so the catalogue test sees each)."""
    labels = {
        "pack": t("snapshots.format_pack", lang), "png": t("snapshots.format_png", lang),
        "svg": t("snapshots.format_svg", lang), "pdf": t("snapshots.format_pdf", lang),
        "xlsx": t("snapshots.format_xlsx", lang), "csv": t("snapshots.format_csv", lang),
        "html": t("snapshots.format_html", lang), "graphml": t("snapshots.format_graphml", lang),
        "gexf": t("snapshots.format_gexf", lang), "json": t("snapshots.format_json", lang),
        "cypher": t("snapshots.format_cypher", lang),
    }
    helps = {
        "png": t("snapshots.help_png", lang), "svg": t("snapshots.help_svg", lang),
        "pdf": t("snapshots.help_pdf", lang), "xlsx": t("snapshots.help_xlsx", lang),
        "csv": t("snapshots.help_csv", lang), "html": t("snapshots.help_html", lang),
        "graphml": t("snapshots.help_graphml", lang), "gexf": t("snapshots.help_gexf", lang),
        "json": t("snapshots.help_json", lang), "cypher": t("snapshots.help_cypher", lang),
    }
    return labels, helps


def _make_labels(lang: str) -> dict[str, str]:
    """Labels of the "make" buttons of the formats drawn on demand."""
    return {"pack": t("snapshots.make_pack", lang), "png": t("snapshots.make_png", lang),
            "svg": t("snapshots.make_svg", lang), "pdf": t("snapshots.make_pdf", lang)}


def _offer(key: str, label: str, help_text: str | None, make: Callable[[], ExportFile], *, make_label: str | None,
           lang: str, primary: bool = False, icon: str = ":material/download:") -> None:
    """A download button labelled ``label`` for the file ``make`` returns.

    With a ``make_label`` the file is made only after a click on a button of that label (remembered for
    the session), and the download button then takes its place. A failure is said in words in place of
    the button.
    """
    asked: set[str] = st.session_state.setdefault(_ASKED, set())
    slot = st.empty()
    if make_label is not None and key not in asked:
        if not slot.button(make_label, key=f"make-{key}", help=help_text, type="primary" if primary else "secondary",
                           icon=":material/draw:"):
            return
        asked.add(key)
    try:
        with st.spinner(t("snapshots.preparing", lang)):
            file = make()
    except (IntegraNetError, OSError) as exc:
        slot.error(t("snapshots.error_export", lang, what=label, detail=markdown_literal(exc)),
                   icon=":material/error:")
        return
    slot.download_button(label, data=file.data, file_name=file.name, mime=file.media_type, key=key,
                         help=help_text, on_click="ignore", type="primary" if primary else "secondary", icon=icon)


# -- compare --------------------------------------------------------------------------------------------


def _compare_section(folder: SnapshotFolder, infos: Sequence[SnapshotInfo], vocabulary: Vocabulary,
                     lang: str) -> None:
    if len(infos) < 2:
        st.info(t("snapshots.compare_need_two", lang), icon=":material/info:")
        return
    by_id = {i.id: i for i in infos}
    ids = [i.id for i in reversed(infos)]
    _keep_known(_BEFORE, ids)
    _keep_known(_AFTER, ids)
    st.session_state.setdefault(_BEFORE, infos[-2].id)
    st.session_state.setdefault(_AFTER, infos[-1].id)
    col_before, col_after = st.columns(2)
    before = col_before.selectbox(t("snapshots.compare_before", lang), options=ids,
                                  format_func=lambda i: option_text(by_id[i], lang), key=_BEFORE)
    after = col_after.selectbox(t("snapshots.compare_after", lang), options=ids,
                                format_func=lambda i: option_text(by_id[i], lang), key=_AFTER)
    if before == after:
        st.info(t("snapshots.compare_same", lang), icon=":material/info:")
        return
    first = _snapshot_or_error(folder, by_id[before], lang)
    second = _snapshot_or_error(folder, by_id[after], lang)
    if first is None or second is None:
        return
    where = str(folder.path)
    diff = _diff(first, second, where, before, after)
    if dict(first.info.filters) != dict(second.info.filters):
        st.warning(t("snapshots.compare_filters_differ", lang), icon=":material/filter_alt:")
    if first.info.personal_data_included != second.info.personal_data_included:
        st.warning(t("snapshots.compare_personal_differs", lang), icon=":material/warning:")
    _metrics(diff, lang)
    if diff.is_empty:
        st.success(t("snapshots.compare_none", lang), icon=":material/check_circle:")
        return

    st.markdown(f"**{t('snapshots.changes_title', lang)}**")
    headers, rows = diff_table(diff, vocabulary, lang)
    # On screen without the id column (the third): names are what people read; the downloads keep the ids.
    shown = [h for index, h in enumerate(headers) if index != 2]
    st.dataframe([dict(zip(headers, row, strict=True)) for row in _field_words(rows, diff, vocabulary, lang)],
                 hide_index=True, width="stretch", column_order=shown)

    def make(fmt: str) -> Callable[[], ExportFile]:
        return lambda: _diff_file(diff, where, before, after, fmt, vocabulary, lang)

    st.markdown(f"**{t('snapshots.figure_title', lang)}**")
    try:
        with st.spinner(t("snapshots.preparing", lang)):
            picture = make("png")()
        st.image(picture.data, caption=t("snapshots.figure_caption", lang), width="stretch")
    except (IntegraNetError, OSError) as exc:
        st.error(t("snapshots.error_export", lang, what=t("snapshots.figure_title", lang),
                   detail=markdown_literal(exc)), icon=":material/error:")

    st.markdown(f"**{t('snapshots.by_field_title', lang)}**")
    field_labels = {f.id: f.label(lang) for f in (*first.fields, *second.fields)}
    st.dataframe(_count_rows(diff.by_field, lambda f, _: field_labels.get(f, vocabulary.fields.label(f, lang)),
                             t("snapshots.col_field", lang), lang), hide_index=True, width="stretch")
    st.markdown(f"**{t('snapshots.by_municipality_title', lang)}**")
    moved = diff.municipalities_changed()
    if moved:
        st.caption(t("snapshots.by_municipality_changed_only", lang))
        st.dataframe(_count_rows(moved, lambda _, v: str(v["name"]), t("snapshots.col_municipality", lang), lang),
                     hide_index=True, width="stretch")
    else:
        st.caption(t("snapshots.by_municipality_none", lang))

    st.markdown(f"**{t('snapshots.diff_downloads', lang)}**")
    labels = {
        "csv": t("snapshots.diff_csv", lang), "xlsx": t("snapshots.diff_xlsx", lang),
        "json": t("snapshots.diff_json", lang), "png": t("snapshots.diff_png", lang),
        "svg": t("snapshots.diff_svg", lang), "pdf": t("snapshots.diff_pdf", lang),
    }
    # The PNG is drawn for the page anyway; SVG and PDF take as long again each, so only when asked for.
    makes = {k: v for k, v in _make_labels(lang).items() if k in ("svg", "pdf")}
    formats = (*DIFF_TABLE_FORMATS, *DIFF_FIGURE_FORMATS)
    columns = st.columns(3)
    for index, fmt in enumerate(formats):
        with columns[index % len(columns)]:
            _offer(f"diff-{before}-{after}-{fmt}-{lang}", labels[fmt], None, make(fmt), make_label=makes.get(fmt),
                   lang=lang)


def _field_words(rows: Sequence[tuple[str, ...]], diff: SnapshotDiff, vocabulary: Vocabulary,
                 lang: str) -> list[tuple[str, ...]]:
    """The rows of :func:`diff_table` with the fields of action of added and removed ties (their last cell,
    ids joined by ", ") in words, as everywhere else on the page. diff_table lists actors (added, removed,
    changed) first, then added and removed ties."""
    first = len(diff.actors_added) + len(diff.actors_removed) + len(diff.actors_changed)
    last = first + len(diff.relations_added) + len(diff.relations_removed)
    return [(*row[:-1], ", ".join(vocabulary.fields.label(f, lang) for f in row[-1].split(", ")))
            if first <= index < last and row[-1] else row for index, row in enumerate(rows)]


def _metrics(diff: SnapshotDiff, lang: str) -> None:
    values = (
        (t("snapshots.metric_actors_added", lang), len(diff.actors_added)),
        (t("snapshots.metric_actors_removed", lang), len(diff.actors_removed)),
        (t("snapshots.metric_actors_changed", lang), len(diff.actors_changed)),
        (t("snapshots.metric_ties_added", lang), len(diff.relations_added)),
        (t("snapshots.metric_ties_removed", lang), len(diff.relations_removed)),
        (t("snapshots.metric_ties_changed", lang), len(diff.relations_changed)),
    )
    for column, (label, value) in zip(st.columns(len(values)), values, strict=True):
        column.metric(label, format_number(value, lang))


def _count_rows(counts: Mapping[str, Mapping[str, Any]], name: Callable[[str, Mapping[str, Any]], str],
                first_header: str, lang: str) -> list[dict[str, Any]]:
    """One row per key of ``counts``: actors and ties before → after, added and removed."""

    def change(values: Mapping[str, Any], what: str) -> str:
        return t("snapshots.change_count", lang, before=format_number(values.get(f"{what}_before", 0), lang),
                 after=format_number(values.get(f"{what}_after", 0), lang))

    return [{
        first_header: name(key, values),
        t("snapshots.col_actors_change", lang): change(values, "actors"),
        t("snapshots.col_actors_added", lang): int(values.get("actors_added", 0)),
        t("snapshots.col_actors_removed", lang): int(values.get("actors_removed", 0)),
        t("snapshots.col_ties_change", lang): change(values, "relations"),
        t("snapshots.col_ties_added", lang): int(values.get("relations_added", 0)),
        t("snapshots.col_ties_removed", lang): int(values.get("relations_removed", 0)),
    } for key, values in counts.items()]


# -- texts of a snapshot --------------------------------------------------------------------------------


def created_text(info: SnapshotInfo, lang: str) -> str:
    """When ``info`` was created, in this computer's time zone, as ``lang`` writes dates:
    ``17.05.2025, 14:03 Uhr`` or ``2025-05-17 14:03``."""
    try:
        moment = dt.datetime.fromisoformat(info.created_at).astimezone()
    except ValueError:
        return info.created_at
    return t("snapshots.timestamp", lang, date=format_date(moment, lang), time=f"{moment:%H:%M}")


def option_text(info: SnapshotInfo, lang: str) -> str:
    """A snapshot in a choice list: label and creation time (plain text, not Markdown)."""
    return f"{info.label} – {created_text(info, lang)}"


def selection_text(info: SnapshotInfo, vocabulary: Vocabulary, towns: Mapping[str, str], lang: str) -> str:
    """The snapshot's filters in words (plain text), or "whole network"."""
    filters = info.filters
    parts = []
    if filters.get("fields"):
        parts.append(t("snapshots.selection_fields", lang,
                       values=", ".join(vocabulary.fields.label(f, lang) for f in filters["fields"])))
    if filters.get("municipalities"):
        parts.append(t("snapshots.selection_municipalities", lang,
                       values=", ".join(towns.get(m, m) for m in filters["municipalities"])))
        if filters.get("include_district_wide"):
            parts.append(t("snapshots.selection_district_wide", lang))
    if filters.get("kinds"):
        parts.append(t("snapshots.selection_kinds", lang,
                       values=", ".join(vocabulary.kinds.label(k, lang) for k in filters["kinds"])))
    return "; ".join(parts) or t("snapshots.whole_network", lang)


def _snapshot_or_error(folder: SnapshotFolder, info: SnapshotInfo, lang: str) -> Snapshot | None:
    """The snapshot, or None after saying why it cannot be read (damaged or edited files)."""
    try:
        return _snapshot(folder, str(folder.path), info.id)
    except IntegraNetError as exc:
        st.error(t("snapshots.error_read", lang, label=markdown_literal(info.label), detail=markdown_literal(exc)),
                 icon=":material/error:")
        return None


def _keep_known(key: str, options: Sequence[str]) -> None:
    """Forget a choice that is no longer offered (a snapshot deleted meanwhile)."""
    if key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]


# -- cached reads and files -----------------------------------------------------------------------------
# Arguments starting with "_" are not hashed (Streamlit's rule): the folder path and the snapshot ids
# stand in for the snapshots, which never change once written.

_EMPTY_CATALOGUE: Mapping[str, Any] = {"fields": [], "kinds": [], "municipalities": []}


def _revision(store: GraphStore) -> str:
    stats = store.stats()
    last = store.last_imports(1)
    return f"{stats.actors}/{stats.relations}/{last[0].imported_at if last else ''}"


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=4, show_spinner=False)
def _catalogue(_store: GraphStore, location: str, revision: str) -> dict[str, Any]:
    """What the filters offer: the fields of action, the kinds present, the municipalities (id, name)."""
    stats = _store.stats()
    vocabulary = _store.vocabulary
    kinds = [k for k in vocabulary.kinds.ids() if stats.by_kind.get(k)]
    kinds += sorted(k for k in stats.by_kind if k not in kinds)
    towns = sorted(_store.actors(ActorFilter(kinds=(MUNICIPALITY_KIND,))), key=lambda a: (a.name.casefold(), a.id))
    return {
        "fields": [f.id for f in _store.fields_of_action()],
        "kinds": kinds,
        "municipalities": [(a.id, a.name) for a in towns],
    }


@st.cache_resource(max_entries=8, show_spinner=False)
def _snapshot(_folder: SnapshotFolder, where: str, snapshot_id: str) -> Snapshot:
    """A snapshot read once (its hash checked) and shared: immutable, so never copied."""
    return _folder.load(snapshot_id)


@st.cache_resource(max_entries=4, show_spinner=False)
def _diff(_before: Snapshot, _after: Snapshot, where: str, before: str, after: str) -> SnapshotDiff:
    return diff_snapshots(_before, _after)


@st.cache_data(max_entries=24, show_spinner=False)
def _export(_snapshot: Snapshot, where: str, snapshot_id: str, fmt: str, _vocabulary: Vocabulary, lang: str,
            personal: bool) -> ExportFile:
    return export_bytes(_snapshot, fmt, _vocabulary, language=lang, include_personal_data=personal)


@st.cache_data(max_entries=16, show_spinner=False)
def _diff_file(_diff: SnapshotDiff, where: str, before: str, after: str, fmt: str, _vocabulary: Vocabulary,
               lang: str) -> ExportFile:
    return diff_bytes(_diff, fmt, _vocabulary, language=lang)
