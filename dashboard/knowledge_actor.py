"""The actor profile's section "Formats, events, offers": what an actor organises, takes part in, provides, is
responsible for or publishes, and which offers, events and figures concern it as a municipality, each a link
to its profile, with links on to the pages of formats and events, offers and recommendations.

Drawn by :mod:`dashboard.actor_page` below the actor's ties; nothing is drawn for an actor without such links.
"""

from __future__ import annotations

import streamlit as st

from dashboard import knowledge_reads as reads
from dashboard.i18n import format_number, markdown_literal, t
from dashboard.knowledge_view import Linked
from dashboard.knowledge_widgets import node_link
from graph.store import GraphStore

__all__ = ["actor_section"]


def actor_section(store: GraphStore, actor_id: str, lang: str) -> None:
    """The section for ``actor_id`` in ``lang``: its links to formats, events, documents, offers,
    recommendations and figures grouped by link type, and links to the pages that list them."""
    view = reads.around(store, store.location, reads.revision(store), actor_id)
    seen = view.linked(actor_id)
    if not seen:
        return
    schema = store.vocabulary.schema
    st.subheader(t("knowledge.actor_heading", lang, count=format_number(len(seen), lang)), anchor=False)
    order = {type_id: number for number, type_id in enumerate(schema.link_types)}
    groups: dict[tuple[str, bool], list[Linked]] = {}
    for item in seen:
        groups.setdefault((item.link.type, item.outgoing), []).append(item)
    name = markdown_literal(view.name(actor_id, lang))
    columns = st.columns(min(3, len(groups)))
    for number, (link_type, outgoing) in enumerate(sorted(groups, key=lambda g: (order.get(g[0], len(order)), g))):
        known = schema.link_types.get(link_type)
        label = markdown_literal(known.label(lang) if known is not None else link_type)
        heading = (t("node.links_outgoing", lang, name=name, type=label) if outgoing
                   else t("node.links_incoming", lang, name=name, type=label))
        column = columns[number % len(columns)]
        column.markdown(f"**{heading}**")
        for item in sorted(groups[(link_type, outgoing)], key=lambda i: view.name(i.other, lang).casefold()):
            node_link(view, item.other, lang, container=column)
    pages = st.columns(3)
    pages[0].page_link("views/formats.py", label=t("knowledge.open_formats", lang), icon=":material/event:")
    pages[1].page_link("views/offers.py", label=t("knowledge.open_offers", lang), icon=":material/volunteer_activism:")
    pages[2].page_link("views/recommendations.py", label=t("knowledge.open_recommendations", lang),
                       icon=":material/lightbulb:")
