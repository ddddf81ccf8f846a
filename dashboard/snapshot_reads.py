"""Cached reads and files of the page "Snapshots & export" (:mod:`dashboard.snapshots_page`).

Snapshots never change, so everything read from or made of one is cached by the snapshot folder and the
snapshot ids: ``st.cache_resource`` for the immutable snapshot objects and their comparison,
``st.cache_data`` for bytes. Arguments starting with "_" are not hashed (Streamlit's rule): the folder path
(``where``) and the snapshot ids stand in for the snapshots. What the creation form offers is read from the
store, keyed by its location and a revision token (:func:`revision`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from dashboard.i18n import markdown_literal, t
from graph.errors import IntegraNetError
from graph.exports.formats import ExportFile, diff_bytes, export_bytes
from graph.model.domain import ActorFilter
from graph.model.vocabulary import MUNICIPALITY_KIND, Vocabulary
from graph.snapshots.diff import SnapshotDiff, diff_snapshots
from graph.snapshots.snapshot import Snapshot, SnapshotFolder, SnapshotInfo
from graph.store import GraphStore

__all__ = [
    "CACHE_TTL_SECONDS", "EMPTY_CATALOGUE", "catalogue", "diff", "diff_file", "export", "revision", "snapshot",
    "snapshot_or_error",
]

#: How long cached reads of the store live at most (snapshots never change; the store does).
CACHE_TTL_SECONDS = 600
#: What the creation form offers without a store.
EMPTY_CATALOGUE: Mapping[str, Any] = {"fields": [], "kinds": [], "municipalities": []}


def revision(store: GraphStore) -> str:
    """A token that changes with the store's content: counts of actors and ties, time of the last import."""
    stats = store.stats()
    last = store.last_imports(1)
    return f"{stats.actors}/{stats.relations}/{last[0].imported_at if last else ''}"


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=4, show_spinner=False)
def catalogue(_store: GraphStore, location: str, revision: str) -> dict[str, Any]:
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
def snapshot(_folder: SnapshotFolder, where: str, snapshot_id: str) -> Snapshot:
    """A snapshot read once (its hash checked) and shared: immutable, so never copied."""
    return _folder.load(snapshot_id)


@st.cache_resource(max_entries=4, show_spinner=False)
def diff(_before: Snapshot, _after: Snapshot, where: str, before: str, after: str) -> SnapshotDiff:
    """The comparison of two snapshots (see :func:`graph.snapshots.diff.diff_snapshots`), made once."""
    return diff_snapshots(_before, _after)


@st.cache_data(max_entries=24, show_spinner=False)
def export(_snapshot: Snapshot, where: str, snapshot_id: str, fmt: str, _vocabulary: Vocabulary, lang: str,
           personal: bool) -> ExportFile:
    """One export file of a snapshot (see :func:`graph.exports.formats.export_bytes`)."""
    return export_bytes(_snapshot, fmt, _vocabulary, language=lang, include_personal_data=personal)


@st.cache_data(max_entries=16, show_spinner=False)
def diff_file(_diff: SnapshotDiff, where: str, before: str, after: str, fmt: str, _vocabulary: Vocabulary,
              lang: str) -> ExportFile:
    """One file of a comparison (see :func:`graph.exports.formats.diff_bytes`)."""
    return diff_bytes(_diff, fmt, _vocabulary, language=lang)


def snapshot_or_error(folder: SnapshotFolder, info: SnapshotInfo, lang: str) -> Snapshot | None:
    """The snapshot, or None after saying why it cannot be read (damaged or edited files)."""
    try:
        return snapshot(folder, str(folder.path), info.id)
    except IntegraNetError as exc:
        st.error(t("snapshots.error_read", lang, label=markdown_literal(info.label), detail=markdown_literal(exc)),
                 icon=":material/error:")
        return None
