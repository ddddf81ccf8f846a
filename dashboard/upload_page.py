"""Upload with a preview (``/upload``): CSV files or XLSX workbooks are checked as ``integranet import`` checks them,
their problems shown as a table (file, sheet, line, column), then what they would change — new records, changed
records property by property (before → after), how many stay unchanged, and, for files imported before (by
name), the facts that vanished from them (removed only when ticked) and the records someone changed in the store
since (kept unless ticked) — and only the commit button writes it all, in ONE transaction and ONE change set.

The uploaded files are saved under their own names in a temporary folder for the importer to read, and removed
right after; the folder is never shown. Nothing can be written while the files have errors, unless the user
chooses to write the valid rows only.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import streamlit as st

from dashboard import knowledge_reads as reads
from dashboard.fact_words import moment_label
from dashboard.i18n import markdown_literal, t
from dashboard.session import author, permitted
from dashboard.upload_tables import changed_rows, fact_label, new_rows, plan_facts, problem_rows
from graph.errors import IntegraNetError, StoreError
from graph.model.changes import FactChange, FactKey
from graph.store import GraphStore, history
from importers.preview import KINDS
from importers.records import ImportPlan, KnownActors, plan_import
from importers.reimport import ReimportPreview, load_reimport, reimport_preview

__all__ = ["UPLOADER_KEY", "render"]

#: The session-state key of the file uploader (with a generation number: a commit starts a fresh, empty one).
UPLOADER_KEY = "upload_files"
_GENERATION_KEY = "upload_generation"
_SKIP_KEY = "upload_skip_invalid"
_DONE_KEY = "upload_done"
#: The page of the change history, where the link after a commit leads (``/history?id=…``).
_HISTORY_PAGE = "views/history.py"


class _Uploaded(Protocol):
    """What the page needs of an uploaded file (``streamlit.runtime.uploaded_file_manager.UploadedFile``)."""

    name: str

    def getvalue(self) -> bytes: ...


def render(store: GraphStore, lang: str) -> None:
    """Draw the page (below its title). An empty store may be filled here; store errors become a message."""
    try:
        _render(store, lang)
    except StoreError as exc:
        st.error(t("error.read_failed", lang, detail=markdown_literal(exc)), icon=":material/error:")
        st.info(t("error.store_hint", lang))
    except IntegraNetError as exc:
        st.error(t("error.read_failed", lang, detail=markdown_literal(exc)), icon=":material/error:")


def _render(store: GraphStore, lang: str) -> None:
    st.caption(t("upload.intro", lang))
    if not permitted("edit", lang):
        return
    _show_done(lang)
    generation = st.session_state.get(_GENERATION_KEY, 0)
    uploaded = st.file_uploader(t("upload.files", lang), type=["csv", "xlsx"], accept_multiple_files=True,
                                key=f"{UPLOADER_KEY}_{generation}")
    if not uploaded:
        st.info(t("upload.choose", lang), icon=":material/upload_file:")
        return
    plan = _checked_plan(store, list(uploaded), lang)
    if plan is None:
        return
    if plan.has_errors:
        st.error(t("upload.errors", lang, count=len(plan.errors)), icon=":material/error:")
        if not st.checkbox(t("upload.skip_invalid", lang), key=_SKIP_KEY):
            return
    reimport = reimport_preview(plan, store)
    remove, overwrite = _preview(store, plan, reimport, lang)
    _commit_form(store, plan, reimport, remove, overwrite, lang)


def _show_done(lang: str) -> None:
    """The outcome of the last commit, once, after the rerun that follows it."""
    done = st.session_state.pop(_DONE_KEY, None)
    if done is None:
        return
    if not done:
        st.info(t("upload.done_nothing", lang), icon=":material/info:")
        return
    st.success(t("upload.done", lang, id=markdown_literal(done)), icon=":material/check_circle:")
    st.page_link(_HISTORY_PAGE, label=t("upload.history_link", lang), query_params={"id": done},
                 icon=":material/history:")


def _checked_plan(store: GraphStore, uploaded: Sequence[_Uploaded], lang: str) -> ImportPlan | None:
    """The import plan of the uploaded files (saved under their names in a temporary folder, removed right after),
    with its problems shown as a table; None when no file has a usable name."""
    with tempfile.TemporaryDirectory(prefix="integranet-upload-") as folder:
        paths: list[Path] = []
        for file in uploaded:
            # Only the name, never a folder the browser sent along: the file stays in the temporary folder.
            name = Path(file.name.replace("\\", "/")).name
            if not name.strip("."):
                continue
            path = Path(folder) / name
            if path in paths:
                st.warning(t("upload.duplicate_name", lang, name=markdown_literal(name)), icon=":material/warning:")
                continue
            path.write_bytes(file.getvalue())
            paths.append(path)
        if not paths:
            return None
        known = KnownActors.from_store(store) if store.is_initialised() else KnownActors()
        plan = plan_import(paths, store.vocabulary, known)
        rows = problem_rows(plan.problems, Path(folder), lang)
    if rows:
        st.subheader(t("upload.problems", lang), anchor=False)
        st.dataframe(rows, hide_index=True, width="stretch")
    return plan


def _names(store: GraphStore, plan: ImportPlan) -> dict[str, str]:
    """Names of the actors and nodes ties and links may name: the store's actors, then the plan's records."""
    names = ({i: a.name for i, a in reads.actors(store, store.location, reads.revision(store)).items()}
             if store.is_initialised() else {})
    names.update({a.id: a.name for a in plan.actors})
    names.update({n.id: n.name for n in plan.nodes})
    return names


def _preview(store: GraphStore, plan: ImportPlan, reimport: ReimportPreview, lang: str
             ) -> tuple[list[FactKey], list[FactKey]]:
    """Draw the preview; return the vanished facts ticked for removal and the edited records ticked to overwrite."""
    preview, vocabulary = reimport.preview, store.vocabulary
    facts, names = plan_facts(plan), _names(store, plan)
    counts = {name: sum(preview.of(kind).counts()[name] for kind in KINDS)
              for name in ("new", "changed", "unchanged")}
    st.subheader(t("upload.preview", lang), anchor=False)
    st.markdown(t("upload.counts", lang, new=counts["new"], changed=counts["changed"], unchanged=counts["unchanged"],
                  vanished=len(reimport.vanished)))
    if rows := new_rows(reimport, facts, vocabulary, names, lang):
        st.markdown(f"**{t('upload.new', lang)}**")
        st.dataframe(rows, hide_index=True, width="stretch")
    edited = {e.fact for e in reimport.edited_since}
    if rows := changed_rows(reimport, facts, vocabulary, names, lang, which=lambda fact: fact not in edited):
        st.markdown(f"**{t('upload.changed', lang)}**")
        st.dataframe(rows, hide_index=True, width="stretch")
    overwrite: list[FactKey] = []
    if reimport.edited_since:
        st.markdown(f"**{t('upload.edited', lang)}**")
        st.caption(t("upload.edited_help", lang))
        st.dataframe(changed_rows(reimport, facts, vocabulary, names, lang, which=lambda fact: fact in edited),
                     hide_index=True, width="stretch")
        for e in reimport.edited_since:
            label = t("upload.edited_by", lang, name=markdown_literal(e.name), who=markdown_literal(e.who),
                      when=moment_label(e.at, lang))
            if st.checkbox(label, key=f"upload_overwrite_{e.kind}|{e.key}"):
                overwrite.append(e.fact)
    if reimport.incomplete and reimport.imported_before:
        st.info(t("upload.incomplete", lang), icon=":material/info:")
    remove: list[FactKey] = []
    if reimport.vanished:
        st.markdown(f"**{t('upload.vanished', lang)}**")
        st.caption(t("upload.vanished_help", lang, files=markdown_literal(", ".join(reimport.sources))))
        stored = history.current_facts(store, [v.fact for v in reimport.vanished])
        for v in reimport.vanished:
            fact = FactChange(v.kind, v.key, stored.get(v.fact, {"name": v.name}), None)
            if st.checkbox(markdown_literal(fact_label(fact, vocabulary, names, lang)),
                           key=f"upload_remove_{v.kind}|{v.key}"):
                remove.append(v.fact)
    return remove, overwrite


def _commit_form(store: GraphStore, plan: ImportPlan, reimport: ReimportPreview, remove: list[FactKey],
                 overwrite: list[FactKey], lang: str) -> None:
    """The comment and the one commit button; the commit writes everything in one change set."""
    if reimport.preview.changes_nothing and not remove:
        st.info(t("upload.nothing", lang), icon=":material/info:")
        return
    comment = st.text_input(t("upload.comment", lang), key="upload_comment")
    if not st.button(t("upload.commit", lang), type="primary", icon=":material/save:", key="upload_commit"):
        return
    try:
        result = load_reimport(plan, store, reimport, remove=remove, overwrite=overwrite,
                               skip_invalid=bool(st.session_state.get(_SKIP_KEY)),
                               change=author("import", source=", ".join(reimport.sources), comment=comment))
    except IntegraNetError as exc:
        st.error(t("upload.failed", lang, detail=markdown_literal(exc)), icon=":material/error:")
        return
    st.session_state[_DONE_KEY] = result.change_set
    # A fresh uploader: the files just written are not offered for a second commit.
    st.session_state[_GENERATION_KEY] = st.session_state.get(_GENERATION_KEY, 0) + 1
    st.rerun()
