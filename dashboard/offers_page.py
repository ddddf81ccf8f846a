"""The page "Offers" (``/offers``, shown by ``views/offers.py``): courses and services, and the offers a source
says do not exist.

Filters by field of action, target group, language level, status and municipality (an offer for the whole
district serves every municipality); the offers confirmed not offered come first, marked as known gaps with
their source; then every chosen offer in a table (status by its label, provider, fields, target groups,
levels, municipalities, period, source) and links to their profiles. Reads are the cached ones of
:mod:`dashboard.knowledge_reads`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import streamlit as st

from dashboard import knowledge_reads as reads
from dashboard.i18n import format_date, format_number, markdown_literal, t
from dashboard.knowledge_view import KnowledgeView
from dashboard.knowledge_widgets import choice_filter, node_links, node_term, period_text, provenance_markdown
from dashboard.profile_widgets import page_style, show_table
from dashboard.session import render_guarded
from graph.model.domain import ILLUSTRATIVE
from graph.model.knowledge import Node
from graph.model.schema import Schema
from graph.model.vocabulary import MUNICIPALITY_KIND
from graph.store import GraphStore

__all__ = ["ABSENT", "OFFER", "WIDGET_KEYS", "matching_offers", "render"]

#: The node type this page shows, and the status of an offer a source says does not exist.
OFFER = "Offer"
ABSENT = "not_offered"
#: The session-state keys of the filters.
WIDGET_KEYS = ("offers_fields", "offers_targets", "offers_levels", "offers_status", "offers_municipalities")


def render(store: GraphStore, lang: str) -> None:
    """Draw the page (below its title) for ``store`` in ``lang``; store errors and an empty store become a
    message that says what to do."""
    render_guarded(store, lang, lambda: _render(store, lang))


def matching_offers(view: KnowledgeView, offers: Sequence[Node], *, fields: Collection[str] = (),
                    target_groups: Collection[str] = (), levels: Collection[str] = (),
                    statuses: Collection[str] = (), municipalities: Collection[str] = ()) -> list[Node]:
    """The offers that match every filter given (an empty filter matches all): one of the chosen fields
    (``CONCERNS``), target groups, language levels, statuses, or municipalities (``SERVES``, or the whole
    district)."""

    def values(offer: Node, name: str) -> set[str]:
        value = offer.get(name)
        return set(value) if isinstance(value, tuple | list) else {value} if value else set()

    chosen = []
    for offer in offers:
        if fields and not set(view.ends(offer.id, "CONCERNS", True)) & set(fields):
            continue
        if target_groups and not values(offer, "target_groups") & set(target_groups):
            continue
        if levels and not values(offer, "language_levels") & set(levels):
            continue
        if statuses and offer.get("status") not in statuses:
            continue
        if municipalities and offer.get("district_wide") is not True and not (
                set(view.ends(offer.id, "SERVES", True)) & set(municipalities)):
            continue
        chosen.append(offer)
    return chosen


def _terms(schema: Schema, name: str) -> list[tuple[str, str, str]]:
    """``(id, English, German)`` of the vocabulary of the offer's property ``name``."""
    spec = schema.node_type(OFFER).spec(name)
    terms = schema.terms.get(spec.vocabulary) if spec is not None else None
    return [(term.id, term.label_en, term.label_de) for term in terms] if terms is not None else []


def _render(store: GraphStore, lang: str) -> None:
    page_style()
    token = reads.revision(store)
    view = reads.view(store, store.location, token, (OFFER,))
    schema = store.vocabulary.schema
    offers = view.nodes(OFFER)
    if not offers:
        st.info(t("offers.empty", lang), icon=":material/info:")
        return
    fields = {f.id: f.label(lang) for f in store.fields_of_action()}
    towns = {a.id: a.name for a in sorted(reads.actors(store, store.location, token).values(),
                                          key=lambda a: a.name.casefold()) if a.kind == MUNICIPALITY_KIND}
    choices = [(fields, t("offers.filter_fields", lang))]
    for name, label in (("target_groups", t("offers.filter_targets", lang)),
                        ("language_levels", t("offers.filter_levels", lang)),
                        ("status", t("offers.filter_status", lang))):
        choices.append(({i: (de if lang == "de" else en) for i, en, de in _terms(schema, name)}, label))
    choices.append((towns, t("offers.filter_municipalities", lang)))
    chosen: list[list[str]] = []
    for column, key, (options, label) in zip(st.columns(len(choices)), WIDGET_KEYS, choices, strict=True):
        chosen.append(choice_filter(column, label, options, key, t("offers.filter_all", lang)))
    shown = matching_offers(view, offers, fields=chosen[0], target_groups=chosen[1], levels=chosen[2],
                            statuses=chosen[3], municipalities=chosen[4])
    absent = [o for o in shown if o.get("status") == ABSENT]
    st.caption(t("offers.counts", lang, shown=format_number(len(shown), lang), total=format_number(len(offers), lang),
                 gaps=format_number(len(absent), lang)))
    if not shown:
        st.info(t("offers.none_match", lang))
        return

    if absent:
        st.subheader(t("offers.gaps_heading", lang, count=format_number(len(absent), lang)), anchor=False)
        st.caption(t("offers.gaps_explained", lang))
        for offer in absent:
            _gap(view, offer, schema, lang)

    st.subheader(t("offers.table_heading", lang, count=format_number(len(shown), lang)), anchor=False)
    show_table(_rows(view, shown, schema, lang), linked=(t("offers.col_source", lang),))
    st.caption(t("offers.profiles", lang))
    node_links(view, [o.id for o in shown], lang)


def _gap(view: KnowledgeView, offer: Node, schema: Schema, lang: str) -> None:
    """One offer a source says does not exist: a warning with what is missing, for whom, and the source."""
    details = [part for part in (
        _names(view, view.ends(offer.id, "CONCERNS", True), lang), node_term(schema, offer, "target_groups", lang),
        node_term(schema, offer, "language_levels", lang),
    ) if part]
    where = t("offers.district_wide", lang) if offer.get("district_wide") is True else _names(
        view, view.ends(offer.id, "SERVES", True), lang)
    lines = [t("offers.gap_line", lang, name=markdown_literal(offer.name),
               status=markdown_literal(node_term(schema, offer, "status", lang)))]
    if details:
        lines.append(markdown_literal(" · ".join(details)))
    if where:
        lines.append(t("offers.gap_where", lang, where=markdown_literal(where)))
    lines.append(f"{t('offers.gap_source', lang)}: {provenance_markdown(offer.provenance, lang)}")
    if offer.confirmed:
        lines.append(t("offers.gap_confirmed", lang, date=format_date(offer.confirmed, lang)))
    st.warning("  \n".join(lines), icon=":material/report:")


def _names(view: KnowledgeView, ids: Sequence[str], lang: str) -> str:
    return ", ".join(view.name(i, lang) for i in ids)


def _rows(view: KnowledgeView, offers: Sequence[Node], schema: Schema, lang: str) -> list[dict[str, str]]:
    """One row per offer, known gaps marked in the status column."""
    rows = []
    for offer in offers:
        status = node_term(schema, offer, "status", lang)
        if offer.get("status") == ABSENT:
            status = t("offers.status_gap", lang, status=status)
        rows.append({
            t("offers.col_name", lang): offer.name,
            t("offers.col_status", lang): status,
            t("offers.col_fields", lang): _names(view, view.ends(offer.id, "CONCERNS", True), lang),
            t("offers.col_targets", lang): node_term(schema, offer, "target_groups", lang),
            t("offers.col_levels", lang): node_term(schema, offer, "language_levels", lang),
            t("offers.col_providers", lang): _names(view, view.ends(offer.id, "PROVIDES", False), lang),
            t("offers.col_municipalities", lang): t("offers.district_wide", lang) if offer.get("district_wide") is True
            else _names(view, view.ends(offer.id, "SERVES", True), lang),
            t("offers.col_period", lang): period_text(offer.get("start"), offer.get("end"), lang),
            t("offers.col_source", lang): t("offers.source_illustrative", lang) if offer.provenance == ILLUSTRATIVE
            else offer.provenance,
        })
    return rows
