"""The page "Search" (``/search``, shown by ``views/search.py``): one search box over every node type.

Actors, fields of action, formats, events, documents, offers, programmes, recommendations, figures and regions
are found by name and by their text properties, whatever the case and however umlauts are written
(:mod:`dashboard.knowledge_search`); the results are grouped by type, each a link to its profile (actors to
the actor profile), with the property where the words were found. The query is kept in the address
(``/search?q=…``), so a search can be shared.
"""

from __future__ import annotations

import streamlit as st

from dashboard import knowledge_reads as reads
from dashboard.i18n import format_number, markdown_literal, t
from dashboard.knowledge_search import Hit, search
from dashboard.knowledge_view import KnowledgeView
from dashboard.knowledge_widgets import node_link, type_label
from dashboard.profile_widgets import page_style
from dashboard.session import render_guarded
from graph.model.schema import Schema
from graph.store import GraphStore

__all__ = ["QUERY_PARAM", "RESULTS_PER_TYPE", "SEARCH_KEY", "render"]

#: The session-state key of the search box, and the query parameter that keeps the query in the address.
SEARCH_KEY = "search_query"
QUERY_PARAM = "q"
#: How many results of one type are listed at most.
RESULTS_PER_TYPE = 50
_SNIPPET = 160


def render(store: GraphStore, lang: str) -> None:
    """Draw the page (below its title) for ``store`` in ``lang``; store errors and an empty store become a
    message that says what to do."""
    render_guarded(store, lang, lambda: _render(store, lang))


def _render(store: GraphStore, lang: str) -> None:
    page_style()
    seen = f"{SEARCH_KEY}_url"
    requested = st.query_params.get(QUERY_PARAM)
    if requested is not None and requested != st.session_state.get(seen):
        # A shared address or the Back button: its query fills the box.
        st.session_state[seen] = requested
        st.session_state[SEARCH_KEY] = requested
    elif SEARCH_KEY not in st.session_state:
        st.session_state[SEARCH_KEY] = st.session_state.get(f"{SEARCH_KEY}_kept", "")
    query = st.text_input(t("search.query", lang), key=SEARCH_KEY, placeholder=t("search.placeholder", lang))
    st.session_state[f"{SEARCH_KEY}_kept"] = query
    if query.strip():
        st.query_params[QUERY_PARAM] = query
        st.session_state[seen] = query
    elif QUERY_PARAM in st.query_params:
        del st.query_params[QUERY_PARAM]
        st.session_state.pop(seen, None)
    if not query.strip():
        st.info(t("search.hint", lang), icon=":material/search:")
        return

    token = reads.revision(store)
    hits = search(query, reads.searchable(store, store.location, token))
    if not hits:
        st.info(t("search.nothing", lang, query=markdown_literal(query)), icon=":material/search_off:")
        return
    schema = store.vocabulary.schema
    every = {n.id: n for n in reads.nodes(store, store.location, token, ())}
    found = [every[h.entry.id] for h in hits if h.entry.id in every]
    view = KnowledgeView(found, (), reads.actors(store, store.location, token), store.vocabulary)
    groups: dict[str, list[Hit]] = {}
    for hit in hits:
        groups.setdefault(hit.entry.type, []).append(hit)
    st.caption(t("search.counts", lang, count=format_number(len(hits), lang)))
    order = {type_id: number for number, type_id in enumerate(schema.node_types)}
    for type_id in sorted(groups, key=lambda k: (order.get(k, len(order)), k)):
        _group(view, type_id, groups[type_id], schema, lang)


def _group(view: KnowledgeView, type_id: str, hits: list[Hit], schema: Schema, lang: str) -> None:
    st.subheader(f"{markdown_literal(type_label(schema, type_id, lang, plural=True))} "
                 f"({format_number(len(hits), lang)})", anchor=False)
    node_type = schema.node_types.get(type_id)
    for hit in hits[:RESULTS_PER_TYPE]:
        node_link(view, hit.entry.id, lang)
        if hit.where and hit.where != "label_en":
            spec = node_type.spec(hit.where) if node_type is not None else None
            label = spec.label(lang) if spec is not None else _known_label(hit.where, lang)
            text = " ".join(hit.text.split())
            text = text if len(text) <= _SNIPPET else text[:_SNIPPET - 1] + "…"
            st.caption(f"{markdown_literal(label)}: {markdown_literal(text)}")
    if len(hits) > RESULTS_PER_TYPE:
        st.caption(t("search.more", lang, shown=format_number(RESULTS_PER_TYPE, lang),
                     count=format_number(len(hits), lang)))


def _known_label(key: str, lang: str) -> str:
    """The heading of an actor's or a field's text where the words were found."""
    return {"town": t("search.in_town", lang), "description": t("search.in_description", lang),
            "notes": t("search.in_notes", lang), "website": t("search.in_website", lang)}.get(key, key)
