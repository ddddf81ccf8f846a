"""Pieces the knowledge-graph pages share: links to the profile of any node, and a node's values, terms,
periods and provenance written as Markdown that shows user text literally.

A link to an actor leads to the actor profile (``/actor?id=…``); a link to any other node, a field of action
included, to the node profile (``/node?id=…``). Links are ``st.page_link``, so following one keeps the session
(the chosen language). User text goes through :func:`dashboard.i18n.markdown_literal`; only ``http(s)``
addresses become links (:func:`dashboard.profile_widgets.linked_markdown`). Nothing here uses
``unsafe_allow_html``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st

from dashboard.i18n import format_date, markdown_literal, t
from dashboard.knowledge_view import KnowledgeView
from dashboard.profile_widgets import QUERY_KEY, actor_link, linked_markdown, value_markdown
from graph.model.domain import ILLUSTRATIVE
from graph.model.knowledge import Node
from graph.model.schema import ACTOR_TYPE, PropertySpec, Schema

__all__ = [
    "NODE_PAGE", "TYPE_ICONS", "choice_filter", "is_actor", "node_caption", "node_link", "node_links", "node_term",
    "period_text", "property_markdown", "provenance_markdown", "term_labels", "type_label",
]

#: The node profile's page script, relative to ``dashboard/app.py`` (as ``st.page_link`` wants it).
NODE_PAGE = "views/node.py"
#: The icon of a link to a node of each type (Material Symbols, shipped with Streamlit).
TYPE_ICONS = {
    "FieldOfAction": ":material/category:", "Region": ":material/map:", "Format": ":material/event_repeat:",
    "Event": ":material/event:", "Document": ":material/description:", "Offer": ":material/volunteer_activism:",
    "Programme": ":material/account_balance:", "Recommendation": ":material/lightbulb:",
    "Indicator": ":material/bar_chart:",
}
_DEFAULT_ICON = ":material/label:"


def type_label(schema: Schema, type_id: str, lang: str, *, plural: bool = False) -> str:
    """The node type's name in ``lang`` (its id when the schema does not know it)."""
    found = schema.node_types.get(type_id)
    if found is None:
        return type_id
    return found.plural(lang) if plural else found.label(lang)


def node_link(view: KnowledgeView, node_id: str, lang: str, *, suffix: str = "", container: object = None) -> None:
    """A link to the profile of ``node_id``, labelled with its name and ``suffix`` (plain text, both shown
    literally; without a suffix, a demonstration node says so): the actor profile for an actor, the node
    profile for anything else."""
    target = container if container is not None else st
    node = view.node(node_id)
    if not suffix and node is not None and node.is_illustrative:
        suffix = t("node.link_illustrative", lang)
    actor = view.actors.get(node_id)
    if actor is not None:
        actor_link(actor, suffix=suffix, container=container)
        return
    target.page_link(  # type: ignore[attr-defined]
        NODE_PAGE, label=markdown_literal(view.name(node_id, lang) + suffix), query_params={QUERY_KEY: node_id},
        icon=TYPE_ICONS.get(view.type_of(node_id), _DEFAULT_ICON),
    )


def node_links(view: KnowledgeView, ids: Sequence[str], lang: str, *, none: str | None = None,
               container: object = None) -> None:
    """Links to the profiles of ``ids``; the text ``none`` (a message, Markdown) when there are none."""
    target = container if container is not None else st
    if not ids and none is not None:
        target.markdown(none)  # type: ignore[attr-defined]
    for node_id in ids:
        node_link(view, node_id, lang, container=container)


def term_labels(schema: Schema, vocabulary: str, value: object, lang: str) -> str:
    """The labels (plain text) of one term id or a tuple of them, joined by commas."""
    values = value if isinstance(value, tuple | list) else (value,)
    return ", ".join(schema.term_label(vocabulary, str(v), lang) for v in values if v not in (None, ""))


def node_term(schema: Schema, node: Node, name: str, lang: str) -> str:
    """The labels (plain text) of the node's term property ``name`` by the vocabulary the schema declares for
    it; "" when the node has no such value."""
    value = node.get(name)
    if value in (None, "", ()):
        return ""
    node_type = schema.node_types.get(node.type)
    spec = node_type.spec(name) if node_type is not None else None
    return term_labels(schema, spec.vocabulary, value, lang) if spec is not None else term_labels(schema, "", value,
                                                                                                  lang)


def property_markdown(spec: PropertySpec | None, key: str, value: object, schema: Schema, lang: str) -> str:
    """A stored value as Markdown in ``lang``: terms by their labels, dates, numbers and yes/no in the locale,
    ``http(s)`` addresses as links, everything else literally."""
    if spec is not None and spec.datatype in ("term", "terms"):
        return markdown_literal(term_labels(schema, spec.vocabulary, value, lang))
    if spec is not None and spec.datatype == "date":
        return markdown_literal(format_date(str(value), lang))
    return value_markdown(key, value, lang)


def period_text(start: object, end: object, lang: str) -> str:
    """A period as plain text: "from – until", "from …", "until …" with dates in ``lang``; "" without either."""
    begin = format_date(str(start), lang) if start else ""
    until = format_date(str(end), lang) if end else ""
    if begin and until:
        return begin if begin == until else f"{begin} – {until}"
    if begin:
        return t("knowledge.period_from", lang, date=begin)
    return t("knowledge.period_until", lang, date=until) if until else ""


def provenance_markdown(provenance: str, lang: str) -> str:
    """Where a fact comes from, as Markdown: its source with web addresses as links, a note for demonstration
    facts, "not given" without one."""
    if provenance == ILLUSTRATIVE:
        return t("knowledge.provenance_illustrative", lang)
    return linked_markdown(provenance) if provenance.strip() else t("common.not_given", lang)


def is_actor(view: KnowledgeView, node_id: str) -> bool:
    """True when ``node_id`` names an actor of the view."""
    return view.type_of(node_id) == ACTOR_TYPE


def node_caption(node: Node, schema: Schema, lang: str) -> str:
    """The type and, for a term property ``kind`` or ``status``, its label: "Veranstaltung · Konferenz"."""
    parts = [type_label(schema, node.type, lang), node_term(schema, node, "kind", lang),
             node_term(schema, node, "status", lang)]
    return " · ".join(p for p in parts if p)


def choice_filter(container: object, label: str, options: Mapping[str, str], key: str, placeholder: str) -> list[str]:
    """A multiselect of ``options`` (id → label) in ``container``; the ids chosen (none: no filter). Choices the
    options no longer hold (another store, another vocabulary) are dropped rather than failing the widget."""
    if key in st.session_state:
        st.session_state[key] = [v for v in st.session_state[key] if v in options]

    def label_of(option: str) -> str:
        return options.get(option, option)

    chosen: list[str] = container.multiselect(  # type: ignore[attr-defined]
        label, options=list(options), format_func=label_of, key=key, placeholder=placeholder)
    return chosen
