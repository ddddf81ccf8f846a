"""The page "Formats & events" (``/formats``, shown by ``views/formats.py``).

The recurring formats (kind, rhythm, who organises, who takes part, their dates and documents), a timeline of
the events (a chart, and the same events as a dated list by year with their parts nested under the event they
belong to), and every document with its date and link. Names link to the profiles (actors to the actor
profile). Reads are the cached ones of :mod:`dashboard.knowledge_reads`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from dashboard import knowledge_reads as reads
from dashboard.i18n import format_date, format_number, markdown_literal, t
from dashboard.knowledge_view import KnowledgeView
from dashboard.knowledge_widgets import (
    NODE_PAGE,
    TYPE_ICONS,
    node_caption,
    node_link,
    node_links,
    node_term,
    period_text,
    type_label,
)
from dashboard.profile_widgets import QUERY_KEY, linked_markdown, page_style, show_table
from dashboard.session import render_guarded
from graph.model.knowledge import Node
from graph.model.schema import ACTOR_TYPE, Schema
from graph.store import GraphStore

__all__ = ["TYPES", "event_tree", "render"]

#: The node types this page reads.
TYPES = ("Format", "Event", "Document")
#: How deep parts of parts are nested at most (a guard against a cycle of PART_OF links).
MAX_NESTING = 4


def render(store: GraphStore, lang: str) -> None:
    """Draw the page (below its title) for ``store`` in ``lang``; store errors and an empty store become a
    message that says what to do."""
    render_guarded(store, lang, lambda: _render(store, lang))


def _render(store: GraphStore, lang: str) -> None:
    page_style()
    token = reads.revision(store)
    view = reads.view(store, store.location, token, TYPES)
    schema = store.vocabulary.schema
    formats, events, documents = (view.nodes(type_id) for type_id in TYPES)
    if not (formats or events or documents):
        st.info(t("formats.empty", lang), icon=":material/info:")
        return
    st.caption(t("formats.counts", lang, formats=format_number(len(formats), lang),
                 events=format_number(len(events), lang), documents=format_number(len(documents), lang)))

    st.header(t("formats.formats_heading", lang, count=format_number(len(formats), lang)), anchor=False)
    if not formats:
        st.caption(t("formats.no_formats", lang))
    for item in formats:
        _format(view, item, schema, lang)

    st.header(t("formats.events_heading", lang, count=format_number(len(events), lang)), anchor=False)
    if not events:
        st.caption(t("formats.no_events", lang))
    else:
        roots, parts = event_tree(view, events)
        _timeline(view, events, roots, parts, schema, lang)
        year = None
        for event in roots:
            start = str(event.get("start", ""))
            if start[:4] != year:
                year = start[:4]
                st.subheader(markdown_literal(year or t("formats.undated", lang)), anchor=False)
            _event(view, event, parts, schema, lang, depth=0)

    st.header(t("formats.documents_heading", lang, count=format_number(len(documents), lang)), anchor=False)
    if documents:
        _documents_table(view, documents, schema, lang)
    else:
        st.caption(t("formats.no_documents", lang))


def event_tree(view: KnowledgeView, events: Sequence[Node]) -> tuple[list[Node], dict[str, list[Node]]]:
    """The events that are part of no other event of ``events`` (by start date), and the parts of each event
    (by start date): events with their parts nested under the event they belong to."""
    shown = {e.id for e in events}
    parts: dict[str, list[Node]] = {}
    roots = []
    for event in events:
        parents = [p for p in view.ends(event.id, "PART_OF", True) if p in shown and p != event.id]
        if parents:
            parts.setdefault(parents[0], []).append(event)
        else:
            roots.append(event)

    def by_date(e: Node) -> tuple[str, str, str]:
        return (str(e.get("start", "")), e.name.casefold(), e.id)

    return sorted(roots, key=by_date), {k: sorted(v, key=by_date) for k, v in parts.items()}


def _actors_line(view: KnowledgeView, node_id: str, link_type: str, heading: str, lang: str) -> None:
    ends = [e for e in view.ends(node_id, link_type, False) if view.type_of(e) == ACTOR_TYPE]
    if ends:
        st.markdown(f"**{heading}:**")
        node_links(view, ends, lang)


def _documents(view: KnowledgeView, node_id: str, schema: Schema, lang: str) -> None:
    """The documents linked to ``node_id`` (documenting it, resulting from it, an issue of it), each with its
    kind, date and link."""
    ids = view.ends_of_type(node_id, "Document")
    if not ids:
        return
    st.markdown(f"**{t('formats.documents', lang)}:**")
    for doc_id in ids:
        doc = view.node(doc_id)
        if doc is None:
            continue
        details = [node_term(schema, doc, "kind", lang)]
        if doc.get("date"):
            details.append(format_date(str(doc.get("date")), lang))
        node_link(view, doc_id, lang, suffix=f" ({', '.join(d for d in details if d)})")
        if doc.get("url"):
            st.caption(linked_markdown(str(doc.get("url"))))


def _format(view: KnowledgeView, item: Node, schema: Schema, lang: str) -> None:
    with st.container(border=True):
        node_link(view, item.id, lang)
        details = [node_caption(item, schema, lang)]
        if item.get("rhythm"):
            details.append(node_term(schema, item, "rhythm", lang))
        st.caption(markdown_literal(" · ".join(details)))
        if item.get("description"):
            st.markdown(markdown_literal(item.get("description")))
        if item.get("website"):
            st.markdown(linked_markdown(str(item.get("website"))))
        organising, taking_part = st.columns(2)
        with organising:
            _actors_line(view, item.id, "ORGANISES", t("formats.organised_by", lang), lang)
        with taking_part:
            _actors_line(view, item.id, "TAKES_PART_IN", t("formats.taking_part", lang), lang)
        dates = [e for e in view.ends(item.id, "INSTANCE_OF", False) if view.type_of(e) == "Event"]
        if dates:
            st.markdown(f"**{t('formats.dates', lang)}:**")
            node_links(view, dates, lang)
        _documents(view, item.id, schema, lang)


def _event_label(event: Node, lang: str) -> str:
    # An event without an end date takes place on its start date.
    when = period_text(event.get("start"), event.get("end") or event.get("start"), lang)
    return f"{when} · {event.name}" if when else event.name


def _event(view: KnowledgeView, event: Node, parts: dict[str, list[Node]], schema: Schema, lang: str,
           depth: int) -> None:
    with st.container(border=depth == 0):
        st.page_link(NODE_PAGE, label=markdown_literal(_event_label(event, lang)),
                     query_params={QUERY_KEY: event.id}, icon=TYPE_ICONS["Event"])
        details = [node_caption(event, schema, lang)]
        if event.get("mode"):
            details.append(node_term(schema, event, "mode", lang))
        for key in ("time", "place"):
            if event.get(key):
                details.append(str(event.get(key)))
        st.caption(markdown_literal(" · ".join(details)))
        formats = view.ends(event.id, "INSTANCE_OF", True)
        if formats:
            st.markdown(f"**{t('formats.of_format', lang)}:**")
            node_links(view, formats, lang)
        _actors_line(view, event.id, "ORGANISES", t("formats.organised_by", lang), lang)
        _actors_line(view, event.id, "TAKES_PART_IN", t("formats.taking_part", lang), lang)
        _documents(view, event.id, schema, lang)
        children = parts.get(event.id, [])
        if children and depth < MAX_NESTING:
            st.markdown(f"**{t('formats.parts', lang, count=format_number(len(children), lang))}:**")
            _, nested = st.columns([1, 24])
            with nested:
                for child in children:
                    _event(view, child, parts, schema, lang, depth + 1)


def _timeline(view: KnowledgeView, events: Sequence[Node], roots: Sequence[Node], parts: dict[str, list[Node]],
              schema: Schema, lang: str) -> None:
    """Every dated event as a bar from its start to its end on the row of the event it belongs to."""
    import altair as alt

    row_of: dict[str, str] = {}
    for root in roots:
        stack = [(root, 0)]
        while stack:
            event, depth = stack.pop()
            row_of[event.id] = root.name
            if depth < MAX_NESTING:
                stack.extend((child, depth + 1) for child in parts.get(event.id, ()))
    data: list[dict[str, Any]] = []
    for event in events:
        start = str(event.get("start", ""))
        if not start:
            continue
        end = str(event.get("end", "") or start)
        data.append({
            "row": row_of.get(event.id, event.name), "name": event.name, "start": start, "end": end,
            "kind": node_term(schema, event, "kind", lang),
            "when": period_text(start, end, lang),
        })
    if not data:
        return
    heading_event, heading_kind = t("formats.chart_event", lang), t("formats.chart_kind", lang)
    heading_when = t("formats.chart_when", lang)
    # Vega writes month names in English; dates in digits, as format_date writes them, read right in both languages.
    axis = alt.Axis(format="%d.%m.%Y" if lang == "de" else "%Y-%m-%d", labelAngle=0, labelOverlap=True)
    values = alt.Data(values=data)  # type: ignore[no-untyped-call]
    chart = alt.Chart(values).mark_bar(size=14, cornerRadius=2).encode(
        x=alt.X("start:T", title=None, axis=axis),
        x2="end:T",
        y=alt.Y("row:N", sort=None, title=None, axis=alt.Axis(labelLimit=320)),
        color=alt.Color("kind:N", title=heading_kind),
        tooltip=[alt.Tooltip("name:N", title=heading_event), alt.Tooltip("when:N", title=heading_when),
                 alt.Tooltip("kind:N", title=heading_kind)],
    )
    # Point marks as well: a one-day event is a bar too thin to see.
    points = alt.Chart(values).mark_point(filled=True, size=60).encode(
        x="start:T", y=alt.Y("row:N", sort=None), color="kind:N")
    st.altair_chart((chart + points).properties(height=alt.Step(32)), width="stretch",
                    alt=t("formats.chart_alt", lang, count=format_number(len(data), lang)))


def _documents_table(view: KnowledgeView, documents: Sequence[Node], schema: Schema, lang: str) -> None:
    def what(doc: Node) -> str:
        return ", ".join(view.name(o, lang) for o in view.ends_of_type(doc.id, "Event")
                         + view.ends_of_type(doc.id, "Format"))

    ordered = sorted(documents, key=lambda d: (str(d.get("date", "")), d.name.casefold()), reverse=True)
    columns = {
        t("formats.col_title", lang): [d.name for d in ordered],
        t("formats.col_kind", lang): [node_term(schema, d, "kind", lang) for d in ordered],
        t("formats.col_date", lang): [format_date(str(d.get("date")), lang) if d.get("date") else "" for d in ordered],
        t("formats.col_about", lang): [what(d) for d in ordered],
        t("formats.col_link", lang): [str(d.get("url", "")) for d in ordered],
    }
    show_table(columns, linked=(t("formats.col_link", lang),))
    st.caption(t("formats.documents_profiles", lang, type=markdown_literal(type_label(schema, "Document", lang,
                                                                                       plural=True))))
    node_links(view, [d.id for d in ordered], lang)
