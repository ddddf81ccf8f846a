"""The network map page (shown by ``views/network.py``): filters, focus and path, display choices, the map,
its legend and the tables of what it shows.

The page lays out widgets and calls graph/: :func:`graph.maps.view.map_view` decides what is shown,
:func:`graph.maps.view.view_positions` where, :func:`graph.maps.style.encode` how it looks,
:mod:`graph.maps.html` draws it and :mod:`graph.exports.map_table` tabulates it.

This module holds the page's run, its filter panel (selection, focus, path) and the notes on what the map
shows; :mod:`dashboard.network_choices` the display and grouping choices, :mod:`dashboard.network_tables`
the tables below the map, and :mod:`dashboard.network_reads` everything read or computed, cached with
``st.cache_data`` / ``st.cache_resource`` and keyed by primitive arguments (see there).
Only the widgets' selections live in ``st.session_state`` (keys ``network_*``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from dashboard import network_reads as reads
from dashboard import profile_reads
from dashboard.i18n import format_number, markdown_literal, t
from dashboard.network_choices import display_choices, forget_unknown, group_choices, overlay_choice
from dashboard.network_reads import MAP_HEIGHT
from dashboard.network_tables import tables
from dashboard.session import store_name
from graph.errors import IntegraNetError, StoreError
from graph.maps.view import DEFAULT_NODE_LIMIT, MODES, MapQuery, MapView
from graph.model.vocabulary import Vocabulary
from graph.store import GraphStore

__all__ = ["AGGREGATE_ABOVE", "MAP_HEIGHT", "WIDGET_KEYS", "render"]

#: The most actors the map draws one by one; above it, it draws groups. Read at every run, so a test
#: can lower it.
AGGREGATE_ABOVE = DEFAULT_NODE_LIMIT
#: The session-state keys of this page's widgets (the app keeps them over visits to other pages).
WIDGET_KEYS = (
    "network_fields",
    "network_municipalities",
    "network_kinds",
    "network_types",
    "network_search",
    "network_district_wide",
    "network_hide_illustrative",
    "network_mode",
    "network_focus",
    "network_depth",
    "network_path_from",
    "network_path_to",
    "network_layout",
    "network_size_by",
    "network_colour_by",
    "network_physics",
    "network_group_by",
    "network_open_group",
    "network_open_subgroup",
    "network_show_types",
)
_DEFAULTS: Mapping[str, Any] = {
    "network_district_wide": True,
    "network_hide_illustrative": False,
    "network_mode": "selection",
    "network_depth": 1,
    "network_layout": "force",
    "network_size_by": "uniform",
    "network_colour_by": "kind",
    "network_physics": False,
    "network_group_by": "municipality",
}


def render(store: GraphStore, lang: str, *, node_limit: int | None = None) -> None:
    """Draw the page (below its title) for ``store`` in ``lang``; views of more than ``node_limit``
    actors (default :data:`AGGREGATE_ABOVE`) are drawn as groups.

    Store errors become an ``st.error`` that says what failed and what to check.
    """
    st.caption(t("network.intro", lang))
    try:
        _render(store, lang, AGGREGATE_ABOVE if node_limit is None else node_limit)
    except StoreError as exc:
        st.error(t("error.read_failed", lang, detail=markdown_literal(exc)))
        st.info(t("error.store_hint", lang))
    except IntegraNetError as exc:
        # E.g. a view too large to lay out without igraph; the message says what to do.
        st.error(t("error.map_failed", lang, detail=markdown_literal(exc)))


def _render(store: GraphStore, lang: str, node_limit: int) -> None:
    stats = store.stats()
    if stats.actors == 0:
        st.info(t("empty.body", lang, location=markdown_literal(store_name(store, lang))), icon=":material/info:")
        return
    revision = profile_reads.revision(store)
    catalogue = reads.catalogue(store, store.location, revision)
    vocabulary = store.vocabulary
    # "Name (Town)" tells apart actors of the same name; a town is not repeated after its own name.
    actor_labels = {a_id: f"{name} ({town})" if town and town != name else name
                    for a_id, name, town in catalogue["actors"]}
    forget_unknown(catalogue, actor_labels)
    for widget_key, value in _DEFAULTS.items():
        # Defaults go through session state, not the widgets' value=, so that the app may carry the
        # selections over page switches without Streamlit's "default and Session State" warning.
        st.session_state.setdefault(widget_key, value)

    query = _choices(catalogue, actor_labels, vocabulary, lang)
    layout, size_by, colour_by, physics = display_choices(lang)
    extra_types = overlay_choice([k for k, n in stats.by_node_type.items() if n], vocabulary, lang)
    if query.mode == "focus" and not query.focus:
        st.info(t("network.focus_choose", lang))
        return
    if query.mode == "path" and not (query.path_from and query.path_to):
        st.info(t("network.path_choose", lang))
        return

    key = query.key()
    # The first view of a large store takes seconds (reading every tie); cached views show at once, and
    # the spinner only appears for what takes longer than a moment.
    with st.spinner(t("network.loading", lang)):
        view = reads.thawed(reads.view(store, store.location, revision, key, node_limit))
    if view.missing:
        st.warning(t("network.actor_missing", lang))
    if not view.selected_actors:
        if not view.missing:
            st.info(t("network.nothing_matches", lang))
        return
    _describe(view, actor_labels, vocabulary, lang, node_limit)
    if view.aggregate is not None or view.opened:
        group_choices(view, vocabulary, lang)
    if not view.shown_actors:
        return

    with st.spinner(t("network.loading", lang)):
        drawing = reads.drawing(store, store.location, revision, key, node_limit, layout, size_by, colour_by,
                                physics, lang, extra_types)
    st.iframe(drawing["html"], height=MAP_HEIGHT + 4, alt=t("network.title", lang))
    st.caption(t("network.legend", lang))
    st.html(drawing["legend"])
    if drawing["size_note"] == "degree":
        st.caption(t("network.legend_size_degree", lang))
    elif drawing["size_note"] == "betweenness":
        st.caption(t("network.legend_size_betweenness", lang))
    elif drawing["size_note"] == "groups":
        st.caption(t("network.legend_group_size", lang))
    tables(drawing, lang)


# -- the filter panel ----------------------------------------------------------------------------------


def _choices(
    catalogue: Mapping[str, Any], actor_labels: Mapping[str, str], vocabulary: Vocabulary, lang: str
) -> MapQuery:
    """Draw the selection and focus widgets; return the query they describe."""
    state = st.session_state
    # Read before the widgets are drawn: the mode switches the actor filters off.
    mode = state.get("network_mode", "selection")
    actor_filters_off = mode != "selection"
    municipality_names = dict(catalogue["municipalities"])
    with st.container(border=True):
        st.markdown(f"**{t('network.filters', lang)}**")
        col_fields, col_places, col_kinds = st.columns(3)
        fields = col_fields.multiselect(
            t("network.filter_fields", lang), options=catalogue["fields"],
            format_func=lambda f: vocabulary.fields.label(f, lang), placeholder=t("network.filter_any", lang),
            disabled=actor_filters_off, key="network_fields",
        )
        municipalities = col_places.multiselect(
            t("network.filter_municipalities", lang), options=list(municipality_names),
            format_func=lambda m: municipality_names.get(m, m), placeholder=t("network.filter_any", lang),
            disabled=actor_filters_off, key="network_municipalities",
        )
        kinds = col_kinds.multiselect(
            t("network.filter_kinds", lang), options=catalogue["kinds"],
            format_func=lambda k: vocabulary.kinds.label(k, lang), placeholder=t("network.filter_any", lang),
            disabled=actor_filters_off, key="network_kinds",
        )
        col_types, col_search = st.columns([1, 2])
        types = col_types.multiselect(
            t("network.filter_types", lang), options=catalogue["relation_types"],
            format_func=lambda r: vocabulary.relation_types.label(r, lang),
            placeholder=t("network.filter_any", lang), help=t("network.filter_types_help", lang),
            key="network_types",
        )
        search = col_search.text_input(
            t("network.search", lang), placeholder=t("network.search_placeholder", lang),
            disabled=actor_filters_off, key="network_search",
        )
        col_district, col_illustrative = st.columns(2)
        district_wide = col_district.checkbox(
            t("network.district_wide", lang), disabled=actor_filters_off or not municipalities,
            key="network_district_wide",
        )
        hide_illustrative = col_illustrative.checkbox(
            t("network.hide_illustrative", lang), help=t("network.hide_illustrative_help", lang),
            key="network_hide_illustrative",
        )

        mode_labels = {
            "selection": t("network.mode_selection", lang),
            "focus": t("network.mode_focus", lang),
            "path": t("network.mode_path", lang),
        }
        mode = st.radio(
            t("network.mode", lang), options=list(MODES), format_func=mode_labels.__getitem__, horizontal=True,
            help=t("network.mode_help", lang), key="network_mode",
        )
        actor_ids = list(actor_labels)
        focus = path_from = path_to = None
        depth = 1
        if mode == "focus":
            col_actor, col_depth = st.columns([3, 1])
            focus = col_actor.selectbox(
                t("network.focus_actor", lang), options=actor_ids, index=None,
                format_func=lambda a: actor_labels.get(a, a), placeholder=t("network.actor_placeholder", lang),
                key="network_focus",
            )
            depth = col_depth.slider(
                t("network.depth", lang), min_value=1, max_value=3, help=t("network.depth_help", lang),
                key="network_depth",
            )
        elif mode == "path":
            col_from, col_to = st.columns(2)
            path_from = col_from.selectbox(
                t("network.path_from", lang), options=actor_ids, index=None,
                format_func=lambda a: actor_labels.get(a, a), placeholder=t("network.actor_placeholder", lang),
                key="network_path_from",
            )
            path_to = col_to.selectbox(
                t("network.path_to", lang), options=actor_ids, index=None,
                format_func=lambda a: actor_labels.get(a, a), placeholder=t("network.actor_placeholder", lang),
                key="network_path_to",
            )
    opened = (state.get("network_open_group"), state.get("network_open_subgroup"))
    return MapQuery(
        mode=mode, kinds=tuple(kinds), fields=tuple(fields), municipalities=tuple(municipalities),
        include_district_wide=bool(district_wide), relation_types=tuple(types),
        hide_illustrative=bool(hide_illustrative), search=search or "", focus=focus, depth=int(depth),
        path_from=path_from, path_to=path_to, group_by=state.get("network_group_by", "municipality"),
        open_groups=tuple(g for g in (opened[0], opened[1] if opened[0] else None) if g),
    )


# -- what the map says ----------------------------------------------------------------------------------


def _describe(
    view: MapView, actor_labels: Mapping[str, str], vocabulary: Vocabulary, lang: str, node_limit: int
) -> None:
    """The counts line and the notes on focus, path, aggregation and demonstration ties."""
    numbers = {
        "actors_shown": format_number(view.shown_actors, lang),
        "actors_total": format_number(view.total_actors, lang),
        "ties_shown": format_number(view.shown_ties, lang),
        "ties_total": format_number(view.total_ties, lang),
    }
    groups = view.aggregate
    if groups is None:
        st.markdown(t("network.counts", lang, **numbers))
    else:
        st.markdown(t("network.counts_aggregated", lang, groups=format_number(len(groups.groups), lang), **numbers))

    def name(actor_id: str | None) -> str:
        # Messages are Markdown; actor names are user text and must show literally.
        return markdown_literal(actor_labels.get(actor_id or "", actor_id or ""))

    query = view.query
    if query.mode == "focus" and not view.missing:
        st.info(t("network.focus_active", lang, name=name(query.focus), depth=query.depth))
    elif query.mode == "path" and view.path_found:
        st.info(t("network.path_found", lang, source=name(query.path_from), target=name(query.path_to),
                  steps=len(view.path) - 1))
    elif query.mode == "path" and view.path_found is False:
        st.info(t("network.path_none", lang, source=name(query.path_from), target=name(query.path_to)))
    if groups is not None:
        by = t("network.by_municipality", lang) if groups.by == "municipality" else t("network.by_kind", lang)
        st.info(t("network.aggregated", lang, actors=format_number(groups.actors, lang),
                  limit=format_number(node_limit, lang), by=by), icon=":material/group_work:")
    elif view.opened:
        opened = " › ".join(markdown_literal(reads.group_label(g.id, level, vocabulary, lang))
                            for g, level in zip(view.opened, view.levels, strict=False))
        st.info(t("network.opened", lang, groups=opened), icon=":material/group_work:")
    if view.truncated:
        st.warning(t("network.truncated", lang, limit=format_number(node_limit, lang)))
    illustrative = view.illustrative_ties
    if illustrative:
        st.warning(
            t("network.illustrative_banner", lang, count=format_number(illustrative, lang)),
            icon=":material/science:",
        )
