"""The download section of the page "Snapshots & export": choose a snapshot, download the report pack, the
figures and every file format; and the download button that both this section and the comparison use.

The figures take seconds to draw, so they are made when asked for ("make" button, then the download button;
which files were asked for is remembered in ``st.session_state``); tables and graph files take a fraction of
that and are offered at once. The files are :func:`graph.exports.formats.export_bytes`' (cached in
:mod:`dashboard.snapshot_reads`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from dashboard import snapshot_reads as reads
from dashboard.i18n import markdown_literal, t
from dashboard.sign_in import can
from dashboard.snapshot_labels import keep_known, option_text
from graph.errors import IntegraNetError
from graph.exports.formats import ExportFile
from graph.model.vocabulary import Vocabulary
from graph.snapshots.snapshot import SnapshotFolder, SnapshotInfo

__all__ = [
    "ASKED_KEY", "DOWNLOAD_KEY", "DOWNLOAD_PERSONAL_KEY", "FILE_FORMATS", "ON_DEMAND_FORMATS", "download_section",
    "make_labels", "offer",
]

#: Drawn with matplotlib (seconds each): made only when asked for. The report pack holds all three.
ON_DEMAND_FORMATS = ("pack", "png", "svg", "pdf")
#: Fast to make: offered at once.
FILE_FORMATS = ("xlsx", "csv", "html", "graphml", "gexf", "json", "cypher")
#: Session-state keys: the snapshot chosen for download, whether its personal data go along (widgets), and
#: the files asked for (plain page state).
DOWNLOAD_KEY, DOWNLOAD_PERSONAL_KEY, ASKED_KEY = "snapshots_download", "snapshots_download_personal", "snapshots_asked"


def download_section(folder: SnapshotFolder, infos: Sequence[SnapshotInfo], vocabulary: Vocabulary,
                     lang: str) -> None:
    """Draw the choice of a snapshot and a download button for each of its formats."""
    by_id = {i.id: i for i in infos}
    keep_known(DOWNLOAD_KEY, list(by_id))
    chosen = st.selectbox(t("snapshots.download_choose", lang), options=[i.id for i in reversed(infos)],
                          format_func=lambda i: option_text(by_id[i], lang), key=DOWNLOAD_KEY)
    info = by_id[chosen]
    snapshot = reads.snapshot_or_error(folder, info, lang)
    if snapshot is None:
        return
    personal = False
    if info.personal_data_included and can("read_personal"):
        personal = bool(st.checkbox(t("snapshots.download_personal", lang),
                                    help=t("snapshots.download_personal_help", lang), key=DOWNLOAD_PERSONAL_KEY))
    labels, helps = _format_texts(lang)
    makes = make_labels(lang)
    where = str(folder.path)

    def offer_format(fmt: str, **look: Any) -> None:
        offer(f"snapshot-{info.id}-{fmt}-{lang}-{personal}", labels[fmt], helps.get(fmt),
              lambda: reads.export(snapshot, where, info.id, fmt, vocabulary, lang, personal),
              make_label=makes.get(fmt), lang=lang, **look)

    with st.container(border=True):
        st.markdown(f"**{t('snapshots.pack_title', lang)}**")
        st.caption(t("snapshots.pack_body", lang))
        offer_format("pack", primary=True, icon=":material/folder_zip:")
    st.markdown(f"**{t('snapshots.figures_title', lang)}**")
    st.caption(t("snapshots.slow_note", lang))
    for column, fmt in zip(st.columns(3), ON_DEMAND_FORMATS[1:], strict=True):
        with column:
            offer_format(fmt)
    st.markdown(f"**{t('snapshots.files_title', lang)}**")
    columns = st.columns(4)
    for index, fmt in enumerate(FILE_FORMATS):
        with columns[index % len(columns)]:
            offer_format(fmt)


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


def make_labels(lang: str) -> dict[str, str]:
    """Labels of the "make" buttons of the formats drawn on demand."""
    return {"pack": t("snapshots.make_pack", lang), "png": t("snapshots.make_png", lang),
            "svg": t("snapshots.make_svg", lang), "pdf": t("snapshots.make_pdf", lang)}


def offer(key: str, label: str, help_text: str | None, make: Callable[[], ExportFile], *, make_label: str | None,
          lang: str, primary: bool = False, icon: str = ":material/download:") -> None:
    """A download button labelled ``label`` for the file ``make`` returns.

    With a ``make_label`` the file is made only after a click on a button of that label (remembered for
    the session), and the download button then takes its place. A failure is said in words in place of
    the button.
    """
    asked: set[str] = st.session_state.setdefault(ASKED_KEY, set())
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
