"""The profile of any node of the knowledge graph (``/node?id=…``, shown by ``views/node.py``): a format, an
event, a document, an offer, a programme, a recommendation, a figure, a region or a field of action.

It shows the node's type and name, every declared property with its label and its value (dates in the
language, terms by their labels), where the facts come from and when they were last confirmed, and its links
in both directions grouped by link type, each other end a link to its profile (actors to the actor profile).
The selection is kept in step with ``?id=`` as on the actor profile, so the address can be shared; an actor's
id leads on to the actor profile. Reads are the cached ones of :mod:`dashboard.knowledge_reads`.
"""

from __future__ import annotations

import streamlit as st

from dashboard import knowledge_reads as reads
from dashboard.data_links import edit_links
from dashboard.i18n import format_date, format_number, markdown_literal, t
from dashboard.knowledge_view import KnowledgeView, Linked
from dashboard.knowledge_widgets import (
    node_caption,
    node_link,
    property_markdown,
    provenance_markdown,
    type_label,
)
from dashboard.profile_widgets import actor_link, page_style, synced_selection
from dashboard.session import render_guarded
from graph.model.domain import FieldOfAction
from graph.model.knowledge import Node
from graph.model.schema import FIELD_TYPE, Schema
from graph.store import GraphStore

__all__ = ["SELECT_KEY", "render"]

#: The session-state key of the node selection (and, with suffixes, of its memory; see ``synced_selection``).
SELECT_KEY = "node_select"


def render(store: GraphStore, lang: str) -> None:
    """Draw the page (below its title) for ``store`` in ``lang``; store errors and an empty store become a
    message that says what to do."""
    render_guarded(store, lang, lambda: _render(store, lang))


def _render(store: GraphStore, lang: str) -> None:
    page_style()
    token = reads.revision(store)
    schema = store.vocabulary.schema
    fields = {f.id: f for f in store.fields_of_action()}
    labels = {node_id: f"{name} ({type_label(schema, type_id, lang)})"
              for node_id, name, type_id in reads.catalogue(store, store.location, token)}
    labels.update({f.id: f"{f.label(lang)} ({type_label(schema, FIELD_TYPE, lang)})" for f in fields.values()})
    options = sorted(labels, key=lambda k: (labels[k].casefold(), k))
    node_id, unknown = synced_selection(
        key=SELECT_KEY, label=t("node.select", lang), options=options, format_func=lambda k: labels.get(k, k),
        default=None, resolve=lambda requested: requested if requested in labels else None,
        placeholder=t("node.select_placeholder", lang),
    )
    if unknown is not None:
        actor = reads.actors(store, store.location, token).get(unknown)
        if actor is not None:
            st.info(t("node.is_actor", lang, name=markdown_literal(actor.name)), icon=":material/account_circle:")
            actor_link(actor)
            return
        st.warning(t("node.unknown", lang, id=markdown_literal(unknown)), icon=":material/search_off:")
    if node_id is None:
        st.info(t("node.choose", lang))
        return
    view = reads.around(store, store.location, token, node_id)
    node = view.node(node_id)
    if node is not None:
        _node(node, schema, lang)
    elif node_id in fields:
        _field(fields[node_id], schema, lang)
    _links(view, node_id, schema, lang)


def _node(node: Node, schema: Schema, lang: str) -> None:
    st.header(markdown_literal(node.name), anchor=False)
    st.caption(markdown_literal(node_caption(node, schema, lang)))
    edit_links(node.id, node.type, "links", lang)
    if node.is_illustrative:
        st.warning(t("node.illustrative", lang), icon=":material/science:")
    node_type = schema.node_types.get(node.type)
    specs = node_type.stored_properties if node_type is not None else ()
    lines, missing = [], []
    for spec in specs:
        if spec.personal:
            continue  # no node type declares personal data; should one, it stays off this page
        value = node.get(spec.name)
        if value is None or value == "" or value == ():
            missing.append(spec.label(lang))
            continue
        shown = property_markdown(spec, spec.name, value, schema, lang)
        lines.append(f"- **{markdown_literal(spec.label(lang))}:** {shown}")
    declared = {spec.name for spec in specs}
    for key, value in node.properties.items():
        if key not in declared and value not in (None, "", ()):
            lines.append(f"- **{markdown_literal(key)}:** {property_markdown(None, key, value, schema, lang)}")
    st.subheader(t("node.facts_heading", lang), anchor=False)
    st.markdown("\n".join(lines) if lines else t("common.none", lang))
    if missing:
        st.caption(t("node.not_given", lang, names=markdown_literal(", ".join(missing))))
    st.markdown(f"**{t('node.provenance', lang)}:** {provenance_markdown(node.provenance, lang)}")
    confirmed = format_date(node.confirmed, lang) if node.confirmed else t("common.not_given", lang)
    st.markdown(f"**{t('node.confirmed', lang)}:** {markdown_literal(confirmed)}")
    if node.imported_at:
        st.caption(t("node.imported_at", lang, date=format_date(node.imported_at, lang)))


def _field(field: FieldOfAction, schema: Schema, lang: str) -> None:
    st.header(markdown_literal(field.label(lang)), anchor=False)
    st.caption(markdown_literal(type_label(schema, FIELD_TYPE, lang)))
    if field.description:
        st.markdown(markdown_literal(field.description))
    st.page_link("views/fields.py", label=t("node.open_fields", lang), icon=":material/grid_view:")


def _links(view: KnowledgeView, node_id: str, schema: Schema, lang: str) -> None:
    seen = view.linked(node_id)
    st.subheader(t("node.links_heading", lang, count=format_number(len(seen), lang)), anchor=False)
    if not seen:
        st.caption(t("node.no_links", lang))
        return
    order = {type_id: number for number, type_id in enumerate(schema.link_types)}
    by_type: dict[str, list[Linked]] = {}
    for item in seen:
        by_type.setdefault(item.link.type, []).append(item)
    name = markdown_literal(view.name(node_id, lang))
    for link_type in sorted(by_type, key=lambda k: (order.get(k, len(order)), k)):
        known = schema.link_types.get(link_type)
        label = markdown_literal(known.label(lang) if known is not None else link_type)
        group = by_type[link_type]
        st.markdown(f"#### {label} ({format_number(len(group), lang)})")
        for outgoing, heading in ((True, t("node.links_outgoing", lang, name=name, type=label)),
                                  (False, t("node.links_incoming", lang, name=name, type=label))):
            ends = [item for item in group if item.outgoing == outgoing]
            if not ends:
                continue
            st.markdown(f"**{heading}**")
            for item in sorted(ends, key=lambda i: view.name(i.other, lang).casefold()):
                marker = t("node.link_illustrative", lang) if item.link.is_illustrative else ""
                node_link(view, item.other, lang, suffix=marker)
