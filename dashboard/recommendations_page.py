"""The page "Recommendations" (``/recommendations``, shown by ``views/recommendations.py``): the needs and
recommendations of the reports, by field of action and status, with who is responsible.

Filters by field and status; each field lists its recommendations with their status, the report they result
from, who is responsible (``RESPONSIBLE_FOR``; marked when nobody is) and who addresses them (``ADDRESSES``),
every name a link to its profile; a table repeats them with their sources. Without any recommendation the
page says how to record them. Reads are the cached ones of :mod:`dashboard.knowledge_reads`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import streamlit as st

from dashboard import knowledge_reads as reads
from dashboard.i18n import format_number, markdown_literal, t
from dashboard.knowledge_view import KnowledgeView
from dashboard.knowledge_widgets import choice_filter, node_link, node_links, node_term
from dashboard.profile_widgets import page_style, show_table
from dashboard.session import render_guarded
from graph.model.domain import ILLUSTRATIVE
from graph.model.knowledge import Node
from graph.model.schema import Schema
from graph.store import GraphStore

__all__ = ["RECOMMENDATION", "WIDGET_KEYS", "by_field", "render"]

#: The node type this page shows.
RECOMMENDATION = "Recommendation"
#: The session-state keys of the filters.
WIDGET_KEYS = ("recommendations_fields", "recommendations_status")
#: The group of recommendations that concern no field of action.
NO_FIELD = ""


def render(store: GraphStore, lang: str) -> None:
    """Draw the page (below its title) for ``store`` in ``lang``; store errors and an empty store become a
    message that says what to do."""
    render_guarded(store, lang, lambda: _render(store, lang))


def by_field(view: KnowledgeView, recommendations: Sequence[Node], field_order: Sequence[str], *,
             fields: Collection[str] = (), statuses: Collection[str] = ()) -> list[tuple[str, list[Node]]]:
    """``(field id, recommendations)`` in ``field_order`` (then :data:`NO_FIELD`), each recommendation under
    every field it concerns; only those of the chosen ``fields`` and ``statuses`` when given."""
    groups: dict[str, list[Node]] = {}
    for item in recommendations:
        if statuses and item.get("status") not in statuses:
            continue
        concerned = view.ends(item.id, "CONCERNS", True) or [NO_FIELD]
        for field in concerned:
            if not fields or field in fields:
                groups.setdefault(field, []).append(item)
    order = {f: n for n, f in enumerate(field_order)}
    return sorted(groups.items(), key=lambda g: (g[0] == NO_FIELD, order.get(g[0], len(order)), g[0]))


def _render(store: GraphStore, lang: str) -> None:
    page_style()
    token = reads.revision(store)
    view = reads.view(store, store.location, token, (RECOMMENDATION,))
    schema = store.vocabulary.schema
    recommendations = view.nodes(RECOMMENDATION)
    if not recommendations:
        st.info(t("recommendations.empty", lang), icon=":material/info:")
        return
    fields = {f.id: f.label(lang) for f in store.fields_of_action()}
    spec = schema.node_type(RECOMMENDATION).spec("status")
    terms = schema.terms.get(spec.vocabulary) if spec is not None else None
    statuses = {term.id: term.label(lang) for term in terms} if terms is not None else {}
    field_column, status_column = st.columns(2)
    chosen: list[list[str]] = []
    filters = ((field_column, WIDGET_KEYS[0], fields, t("recommendations.filter_fields", lang)),
               (status_column, WIDGET_KEYS[1], statuses, t("recommendations.filter_status", lang)))
    for column, key, options, label in filters:
        chosen.append(choice_filter(column, label, options, key, t("recommendations.filter_all", lang)))
    groups = by_field(view, recommendations, list(fields), fields=chosen[0], statuses=chosen[1])
    shown = list(dict.fromkeys(item for _, items in groups for item in items))
    without = sum(1 for item in shown if not _responsible(view, item))
    st.caption(t("recommendations.counts", lang, shown=format_number(len(shown), lang),
                 total=format_number(len(recommendations), lang), without=format_number(without, lang)))
    if not shown:
        st.info(t("recommendations.none_match", lang))
        return
    for field, items in groups:
        heading = fields.get(field, field) if field != NO_FIELD else t("recommendations.no_field", lang)
        st.subheader(f"{markdown_literal(heading)} ({format_number(len(items), lang)})", anchor=False)
        for item in items:
            _recommendation(view, item, schema, lang)
    with st.expander(t("recommendations.table", lang)):
        show_table(_rows(view, shown, schema, lang), linked=(t("recommendations.col_source", lang),))


def _responsible(view: KnowledgeView, item: Node) -> list[str]:
    return view.ends(item.id, "RESPONSIBLE_FOR", False)


def _recommendation(view: KnowledgeView, item: Node, schema: Schema, lang: str) -> None:
    with st.container(border=True):
        node_link(view, item.id, lang)
        st.caption(markdown_literal(t("recommendations.status", lang, status=node_term(schema, item, "status", lang))))
        if item.get("description"):
            st.markdown(markdown_literal(item.get("description")))
        responsible = _responsible(view, item)
        st.markdown(f"**{t('recommendations.responsible', lang)}:**")
        if responsible:
            node_links(view, responsible, lang)
        else:
            st.markdown(t("recommendations.nobody", lang))
        sources = view.ends(item.id, "RESULTS_FROM", True)
        if sources:
            st.markdown(f"**{t('recommendations.results_from', lang)}:**")
            node_links(view, sources, lang)
        addressing = view.ends(item.id, "ADDRESSES", False)
        if addressing:
            st.markdown(f"**{t('recommendations.addressed_by', lang)}:**")
            node_links(view, addressing, lang)


def _rows(view: KnowledgeView, items: Sequence[Node], schema: Schema, lang: str) -> list[dict[str, object]]:
    return [{
        t("recommendations.col_name", lang): item.name,
        t("recommendations.col_fields", lang): ", ".join(view.name(f, lang) for f in view.ends(item.id, "CONCERNS",
                                                                                               True)),
        t("recommendations.col_status", lang): node_term(schema, item, "status", lang),
        t("recommendations.col_responsible", lang): ", ".join(view.name(a, lang) for a in _responsible(view, item)),
        t("recommendations.col_source", lang): t("recommendations.source_illustrative", lang)
        if item.provenance == ILLUSTRATIVE else item.provenance,
    } for item in items]
