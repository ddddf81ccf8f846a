"""The backup page (``/backup``, admins only): download a backup of the whole store, its snapshots and its
vocabulary as one file, and restore such a file into an empty store (:mod:`graph.archive`).

The page is listed for everybody in the administration group; a person without the admin role is told which role
it needs, and the library refuses a backup or restore by anybody else as well (``require`` in
:func:`~graph.archive.backup.backup_bytes` and :func:`~graph.archive.restore.restore_backup`).
"""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from dashboard.i18n import markdown_literal, t
from dashboard.session import author, refusal, store_name
from dashboard.sign_in import can, current_person
from graph.archive import Backup, backup_bytes, read_backup, restore_backup
from graph.errors import AccessDeniedError, BackupError, IntegraNetError
from graph.settings import Settings
from graph.snapshots.snapshot import SnapshotFolder
from graph.store.base import GraphStore

__all__ = ["render"]

_MADE, _DONE, _UPLOAD, _CONFIRM = "backup_made", "backup_restored", "backup_upload", "backup_confirm"


def _counts(backup: Backup, lang: str) -> str:
    c = backup.counts()
    return t("backup.counts", lang, actors=c["actors"], ties=c["relations"], nodes=c["nodes"], links=c["links"],
             changes=c["change_sets"], snapshots=c["snapshots"])


def _backup_section(store: GraphStore, folder: SnapshotFolder, settings: Settings, lang: str) -> None:
    st.subheader(t("backup.make_title", lang), anchor=False)
    st.caption(t("backup.make_intro", lang))
    if st.button(t("backup.make", lang), icon=":material/inventory_2:", key="backup_make"):
        data = backup_bytes(store, folder, author("backup"), vocabulary_dir=settings.vocabulary_dir)
        made = read_backup(data)
        st.session_state[_MADE] = (data, made.checksum, _counts(made, lang))
    if made_now := st.session_state.get(_MADE):
        data, checksum, counts = made_now
        st.success(t("backup.made", lang, counts=counts, checksum=checksum[:16]), icon=":material/check:")
        st.download_button(t("backup.download", lang), data=data, mime="application/gzip",
                           file_name=f"integranet-{datetime.now(UTC).date().isoformat()}.backup.gz",
                           icon=":material/download:", key="backup_download", on_click="ignore")


def _restore_section(store: GraphStore, folder: SnapshotFolder, settings: Settings, lang: str) -> None:
    st.subheader(t("backup.restore_title", lang), anchor=False)
    if done := st.session_state.pop(_DONE, None):
        st.success(done, icon=":material/check:")
    try:
        store.refuse_unless_empty()
    except BackupError:
        st.info(t("backup.restore_not_empty", lang, store=markdown_literal(store_name(store, lang))),
                icon=":material/info:")
        return
    st.caption(t("backup.restore_intro", lang))
    upload = st.file_uploader(t("backup.restore_file", lang), type=["gz"], key=_UPLOAD)
    if upload is None:
        return
    try:
        found = read_backup(upload.getvalue())
    except BackupError as exc:
        st.error(markdown_literal(exc), icon=":material/error:")
        return
    st.write(t("backup.restore_found", lang, created=found.created_at, kind=found.store_kind,
               counts=_counts(found, lang)))
    sure = st.checkbox(t("backup.restore_confirm", lang), key=_CONFIRM)
    if not st.button(t("backup.restore", lang), type="primary", disabled=not sure, icon=":material/restore:",
                     key="backup_restore"):
        return
    result = restore_backup(found, store, folder, author("restore"), vocabulary_dir=settings.vocabulary_dir)
    message = t("backup.restored", lang, counts=_counts(found, lang))
    if result.vocabulary_differs:
        message += " " + t("backup.vocabulary_differs", lang, files=", ".join(result.vocabulary_differs))
    st.session_state[_DONE] = message
    st.session_state.pop(_UPLOAD, None)
    st.rerun()


def render(store: GraphStore, settings: Settings, lang: str) -> None:
    """Draw the page (below its title): the backup download and, for an empty store, the restore."""
    if not can("backup"):
        person = current_person()
        refusal(AccessDeniedError(person.who, person.role or "", "backup", "admin"), lang)
        return
    folder = SnapshotFolder(settings.snapshot_folder)
    try:
        _backup_section(store, folder, settings, lang)
        st.divider()
        _restore_section(store, folder, settings, lang)
    except AccessDeniedError as exc:
        refusal(exc, lang)
    except IntegraNetError as exc:
        st.error(markdown_literal(exc), icon=":material/error:")
