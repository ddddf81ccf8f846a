"""The comparison section of the page "Snapshots & export": choose two snapshots, see what changed between
them (counts, the changes as a table, the figure, the changes per field of action and per municipality)
and download the comparison.

:func:`graph.snapshots.diff.diff_snapshots` compares and :func:`graph.snapshots.diff.diff_table` tabulates
(both cached in :mod:`dashboard.snapshot_reads`); this module only puts the result into words and widgets.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import streamlit as st

from dashboard import snapshot_reads as reads
from dashboard.i18n import format_number, markdown_literal, t
from dashboard.snapshot_downloads import make_labels, offer
from dashboard.snapshot_labels import keep_known, option_text
from graph.errors import IntegraNetError
from graph.exports.formats import ExportFile
from graph.model.vocabulary import Vocabulary
from graph.snapshots.diff import SnapshotDiff, diff_table
from graph.snapshots.snapshot import SnapshotFolder, SnapshotInfo

__all__ = ["AFTER_KEY", "BEFORE_KEY", "DIFF_FIGURE_FORMATS", "DIFF_TABLE_FORMATS", "compare_section"]

#: The comparison's formats: the table (fast) and the figure (PNG drawn for the page anyway; SVG, PDF on demand).
DIFF_TABLE_FORMATS = ("csv", "xlsx", "json")
DIFF_FIGURE_FORMATS = ("png", "svg", "pdf")
#: Session-state keys of the two choices: the earlier and the later snapshot.
BEFORE_KEY, AFTER_KEY = "snapshots_before", "snapshots_after"


def compare_section(folder: SnapshotFolder, infos: Sequence[SnapshotInfo], vocabulary: Vocabulary,
                    lang: str) -> None:
    """Draw the choice of two snapshots and what changed between them, with the comparison's downloads."""
    if len(infos) < 2:
        st.info(t("snapshots.compare_need_two", lang), icon=":material/info:")
        return
    by_id = {i.id: i for i in infos}
    ids = [i.id for i in reversed(infos)]
    keep_known(BEFORE_KEY, ids)
    keep_known(AFTER_KEY, ids)
    st.session_state.setdefault(BEFORE_KEY, infos[-2].id)
    st.session_state.setdefault(AFTER_KEY, infos[-1].id)
    col_before, col_after = st.columns(2)
    before = col_before.selectbox(t("snapshots.compare_before", lang), options=ids,
                                  format_func=lambda i: option_text(by_id[i], lang), key=BEFORE_KEY)
    after = col_after.selectbox(t("snapshots.compare_after", lang), options=ids,
                                format_func=lambda i: option_text(by_id[i], lang), key=AFTER_KEY)
    if before == after:
        st.info(t("snapshots.compare_same", lang), icon=":material/info:")
        return
    first = reads.snapshot_or_error(folder, by_id[before], lang)
    second = reads.snapshot_or_error(folder, by_id[after], lang)
    if first is None or second is None:
        return
    where = str(folder.path)
    diff = reads.diff(first, second, where, before, after)
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
        return lambda: reads.diff_file(diff, where, before, after, fmt, vocabulary, lang)

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
    makes = {k: v for k, v in make_labels(lang).items() if k in ("svg", "pdf")}
    formats = (*DIFF_TABLE_FORMATS, *DIFF_FIGURE_FORMATS)
    columns = st.columns(3)
    for index, fmt in enumerate(formats):
        with columns[index % len(columns)]:
            offer(f"diff-{before}-{after}-{fmt}-{lang}", labels[fmt], None, make(fmt), make_label=makes.get(fmt),
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
    """One metric per count of the comparison: actors and ties added, removed, changed."""
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
