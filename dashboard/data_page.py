"""The data page (``/data``; ``/data?table=actors&id=…`` from a profile's *edit* action): create, change and
delete any actor, tie, node or link in a table, checked exactly as an import checks a file, and saved as one
change set after a preview.

The table has the import template's columns in the user's language (:mod:`importers.edits`); rows are added at
its end and deleted with the row's tick and the bin. *Check* runs the edited rows through the importer: problems
are listed with their row and column and nothing can be saved while there are errors. Otherwise the preview
shows every fact before and after — a deleted actor or node with all its ties and links — and *Save* writes them
as one change set (undone on the history page). Should someone else have changed one of the facts in the
meantime, nothing is written and the page names who did it and when.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import knowledge_reads as reads
from dashboard.fact_words import fact_rows, moment_label
from dashboard.i18n import markdown_literal, t
from dashboard.session import author, permitted, render_guarded
from graph.errors import ChangeConflictError
from graph.model.changes import ChangeMeta, ChangeSet, FactChange, FactKey
from graph.store import GraphStore
from importers.edits import EditTable, edit_changes, edit_sheets, edit_table, plan_rows
from importers.problems import Problem
from importers.template_layout import TemplateSheet, template_layout

__all__ = ["render"]
#: Tables longer than this are shown filtered: the editor stays quick, and the user searches by name.
_MAX_ROWS = 500
_PENDING = "data_pending"
_DONE = "data_done"
_CONFLICT = "data_conflict"
_GENERATION = "data_generation"
_FACT_KINDS = {"actors": "actor", "relations": "relation", "links": "link"}
#: The versions of the facts as this session first showed them (per table and record filter): a save hands them
#: back, and the store refuses it when someone else saved one of them in between.
_VERSIONS = "data_versions_"


def _remember_versions(store: GraphStore, table: EditTable, state_key: str) -> None:
    kind = _FACT_KINDS.get(table.sheet.key, "node")
    known = st.session_state.setdefault(state_key, {})
    missing = [(kind, k) for k in table.keys if (kind, k) not in known]
    if missing:  # rows seen for the first time (a new search, a record saved meanwhile by this session)
        known.update(store.versions(missing))


def _versions_read() -> dict[FactKey, int]:
    read: dict[FactKey, int] = {}
    for state_key in [k for k in st.session_state if str(k).startswith(_VERSIONS)]:
        read.update(st.session_state[state_key])
    return read


def render(store: GraphStore, lang: str) -> None:
    """Draw the page (below its title); store errors become a message that says what to do."""
    render_guarded(store, lang, lambda: _render(store, lang))


def _render(store: GraphStore, lang: str) -> None:
    st.caption(t("data.intro", lang))
    if not permitted("edit", lang):  # the page is an editor; its table holds personal data too
        return
    if done := st.session_state.pop(_DONE, None):
        st.success(done, icon=":material/check_circle:")
    if conflict := st.session_state.pop(_CONFLICT, None):
        _conflict(store, *conflict, lang)
    sheets = {s.key: s for s in edit_sheets(store.vocabulary, lang)}
    asked = st.query_params.get("table")
    if asked in sheets and st.session_state.get("data_table_url") != asked:
        st.session_state["data_table_url"] = asked
        st.session_state["data_table"] = asked
    key = st.selectbox(t("data.table", lang), list(sheets), format_func=lambda k: sheets[k].title, key="data_table")
    if key != asked:
        st.query_params["table"] = key
        st.query_params.pop("id", None)
    only = st.query_params.get("id")
    ids = [only] if only else None
    table = edit_table(store, key, lang, ids=ids)
    search = "" if only else st.text_input(t("data.search", lang), key=f"data_search_{key}")
    rows = _matching(table, search)
    if only:
        st.info(t("data.one_record", lang, id=markdown_literal(only)), icon=":material/edit:")
        if not table.rows:
            st.warning(t("data.not_found", lang, id=markdown_literal(only)), icon=":material/help:")
    elif len(rows) > _MAX_ROWS:
        st.info(t("data.too_many", lang, shown=_MAX_ROWS, total=len(rows)), icon=":material/filter_list:")
        rows = rows[:_MAX_ROWS]
    _remember_versions(store, table, f"{_VERSIONS}{key}_{only}")
    if only and table.rows and table.sheet.key != "relations" and table.sheet.key != "links":
        _record_form(store, table, lang)
    else:
        edited = st.data_editor(_frame(table, rows), num_rows="dynamic", hide_index=True, width="stretch",
                                column_config=_column_config(store, table.sheet, lang),
                                key=_fresh(f"data_editor_{key}_{only}"))
        st.caption(t("data.editor_hint", lang))
        if st.button(t("data.check", lang), icon=":material/fact_check:", key="data_check"):
            _check_table(store, table, rows, edited, lang)
    pending = st.session_state.get(_PENDING)
    if pending and pending["table"] == key:
        _preview_and_save(store, pending, lang)


def _matching(table: EditTable, search: str) -> list[tuple[str, dict[str, str]]]:
    pairs = list(zip(table.keys, table.rows, strict=True))
    if not search.strip():
        return pairs
    needle = search.casefold().strip()
    return [(k, r) for k, r in pairs if any(needle in v.casefold() for v in r.values())]


def _frame(table: EditTable, rows: Sequence[tuple[str, dict[str, str]]]) -> pd.DataFrame:
    # The fact key rides along in a hidden column: it tells a changed row from a new one, and names deleted rows.
    frame = pd.DataFrame([{"_key": k, **r} for k, r in rows], columns=["_key", *table.headers])
    return frame.astype(str)


def _column_config(store: GraphStore, sheet: TemplateSheet, lang: str) -> dict[str, Any]:
    lists = template_layout(store.vocabulary, lang).lists
    config: dict[str, Any] = {"_key": None}
    for column in sheet.columns:
        header = column.header_de if lang == "de" else column.header_en
        label = f"{header} *" if column.required else header
        if column.datatype == "term" and column.values in lists:
            config[header] = st.column_config.SelectboxColumn(label, options=list(lists[column.values]),
                                                              required=column.required, help=column.meaning)
        else:
            config[header] = st.column_config.TextColumn(label, required=column.required, help=column.meaning)
    return config


def _record_form(store: GraphStore, table: EditTable, lang: str) -> None:
    """One record as a form: a field per column (a list to choose from where the column takes terms), and the
    choice to delete the record with everything that goes with it."""
    lists = template_layout(store.vocabulary, lang).lists
    row, key = table.rows[0], table.keys[0]
    values: dict[str, str] = {}
    with st.form("data_record"):
        for column in table.sheet.columns:
            header = column.header_de if lang == "de" else column.header_en
            label = f"{header} *" if column.required else header
            current = row.get(header, "")
            if column.datatype == "term" and column.values in lists:
                options = ["", *lists[column.values]]
                index = options.index(current) if current in options else 0
                values[header] = st.selectbox(label, options, index=index, help=column.meaning,
                                              key=_fresh(f"data_field_{key}_{column.key}"))
            else:
                # The id says which record this is; a new id would make a second record, not rename this one.
                values[header] = st.text_input(label, value=current, help=column.meaning,
                                               key=_fresh(f"data_field_{key}_{column.key}"),
                                               disabled=column.key == "id")
        delete = st.checkbox(t("data.delete_record", lang), key=_fresh(f"data_delete_{key}"))
        pressed = st.form_submit_button(t("data.check", lang), icon=":material/fact_check:")
    if pressed:
        kind = _FACT_KINDS.get(table.sheet.key, "node")
        if delete:
            _plan(store, table, [], [(kind, key)], lang)
        else:
            _plan(store, table, [] if values == row else [values], [], lang)


def _check_table(store: GraphStore, table: EditTable, rows: Sequence[tuple[str, dict[str, str]]],
                 edited: pd.DataFrame, lang: str) -> None:
    """The table's changed and new rows, and the rows deleted from it, planned."""
    original = dict(rows)
    kept: set[str] = set()
    changed: list[dict[str, str]] = []
    for record in edited.fillna("").to_dict("records"):
        key = str(record.pop("_key", "") or "")
        values = {h: str(record.get(h, "") or "") for h in table.headers}
        if key in original:
            kept.add(key)
            if values == original[key]:
                continue
        changed.append(values)
    kind = _FACT_KINDS.get(table.sheet.key, "node")
    _plan(store, table, changed, [(kind, k) for k in original if k not in kept], lang)


def _plan(store: GraphStore, table: EditTable, changed: list[dict[str, str]], removed: list[FactKey],
          lang: str) -> None:
    """Validate the changed and new rows, plan the change set with the removals, and keep it for the preview."""
    st.session_state.pop(_PENDING, None)
    plan = plan_rows(store, table.sheet.key, changed, lang)
    problems = list(plan.problems)
    if problems:
        st.dataframe(_problem_rows(problems, changed, lang), hide_index=True, width="stretch")
    if plan.errors:
        st.error(t("data.has_errors", lang, count=len(plan.errors)), icon=":material/error:")
        return
    edited_nodes = [n.id for n in plan.nodes]
    facts = edit_changes(store, plan, removed=removed, edited_nodes=edited_nodes)
    if not facts:
        st.info(t("data.no_change", lang), icon=":material/info:")
        return
    read = _versions_read()
    st.session_state[_PENDING] = {"table": table.sheet.key, "facts": facts,
                                  "versions": {f.fact: read[f.fact] for f in facts if f.fact in read},
                                  "action": "delete" if all(f.after is None for f in facts) else "edit"}


def _problem_rows(problems: Sequence[Problem], changed: Sequence[Mapping[str, str]], lang: str,
                  ) -> list[dict[str, object]]:
    """The problems as a table; a row is named by its place among the checked rows and by its first cell."""
    out = []
    for problem in problems:
        index = problem.line - 2
        first = next(iter(changed[index].values()), "") if 0 <= index < len(changed) else ""
        out.append({t("data.column_row", lang): first or index + 1, t("data.column_column", lang): problem.column,
                    t("data.column_severity", lang): t("data.error", lang) if problem.is_error
                    else t("data.warning", lang),
                    t("data.column_message", lang): problem.message, t("data.column_code", lang): problem.code})
    return out


def _preview_and_save(store: GraphStore, pending: Mapping[str, Any], lang: str) -> None:
    facts: list[FactChange] = pending["facts"]
    preview = ChangeSet.new(ChangeMeta("", pending["action"]), facts)
    counts = preview.counts()
    st.subheader(t("data.preview", lang), anchor=False)
    st.markdown(t("history.counts", lang, added=counts["added"], changed=counts["changed"],
                  removed=counts["removed"]))
    token = reads.revision(store)
    names = {actor_id: actor.name for actor_id, actor in reads.actors(store, store.location, token).items()}
    names.update({node_id: name for node_id, name, _ in reads.catalogue(store, store.location, token)})
    st.dataframe(fact_rows(preview, store.vocabulary, names, lang), hide_index=True, width="stretch")
    with st.form("data_save"):
        comment = st.text_input(t("data.comment", lang))
        confirmed = st.checkbox(t("data.confirm_delete", lang) if counts["removed"] else t("data.confirm", lang))
        pressed = st.form_submit_button(t("data.save", lang), icon=":material/save:", type="primary")
    if not pressed:
        return
    if not confirmed:
        st.warning(t("data.unconfirmed", lang), icon=":material/warning:")
        return
    try:
        done = store.apply_changes(facts, author(pending["action"], comment=comment),
                                   versions=pending.get("versions"))
    except ChangeConflictError as exc:
        # Shown at the top of the next run, whose form then holds the store's version, not the stale one.
        st.session_state[_CONFLICT] = (exc, facts)
        st.session_state.pop(_PENDING, None)
        _forget_edits()
        st.rerun()
    st.session_state.pop(_PENDING, None)
    _forget_edits()
    st.session_state[_DONE] = t("data.saved", lang, count=len(facts), id=done.id if done else "–")
    st.rerun()


def _fresh(key: str) -> str:
    """A widget key of the current generation of the page's edit widgets (see :func:`_forget_edits`)."""
    generation = st.session_state.get(_GENERATION, 0)
    return f"{key}~{generation}" if generation else key


def _forget_edits() -> None:
    """Drop the edited values and the versions read: the next run shows the store as it is now. The edit
    widgets get new keys too — the browser would otherwise send the old values back into the same widgets."""
    prefixes = ("data_editor_", "data_field_", "data_delete_", _VERSIONS)
    for widget in [k for k in st.session_state if str(k).startswith(prefixes)]:
        del st.session_state[widget]
    st.session_state[_GENERATION] = st.session_state.get(_GENERATION, 0) + 1


def _conflict(store: GraphStore, exc: ChangeConflictError, yours: Sequence[FactChange], lang: str) -> None:
    """Who changed the facts in the meantime, and when, and both versions side by side; nothing was written."""
    # ``later`` runs oldest first; the newest of them made what the store holds now.
    later = [c for c in map(store.change_set, exc.later[-1:]) if c is not None]
    who = "; ".join(f"{c.who} ({moment_label(c.at, lang)})" for c in later) or "–"
    st.error(t("data.conflict", lang, who=markdown_literal(who)), icon=":material/sync_problem:")
    mine = {f.fact: f.after for f in yours}
    for change_set in later:
        theirs = {f.fact: f for f in change_set.facts}
        rows = [{t("history.column_name", lang): f.name, t("history.column_property", lang): p,
                 t("data.column_theirs", lang): "" if a is None else str(a),
                 t("data.column_yours", lang): "" if b is None else str(b)}
                for fact in exc.facts if (f := theirs.get(fact))
                for p, a, b in FactChange(f.kind, f.key, f.after, mine.get(fact)).properties()]
        if rows:
            st.dataframe(rows, hide_index=True, width="stretch")
