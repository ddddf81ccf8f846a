"""The network map page (shown by ``views/network.py``): filters, focus and path, display choices, the map,
its legend and the tables of what it shows.

The page lays out widgets and calls graph/: :func:`graph.maps.view.map_view` decides what is shown,
:func:`graph.maps.view.view_positions` where, :func:`graph.maps.style.encode` how it looks,
:mod:`graph.maps.html` draws it and :mod:`graph.maps.table` tabulates it.

Everything read or computed is cached with ``st.cache_data``, keyed by primitive arguments: the store's
location, a revision token that changes with the store's content (counts and the time of the last
import, so an import invalidates every entry), the normalised query and the display choices. Positions
depend only on the view and the layout, so changing colours or the language redraws the same picture.
Only the widgets' selections live in ``st.session_state`` (keys ``network_*``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from dashboard.i18n import format_number, markdown_literal, t
from graph.errors import IntegraNetError, StoreError
from graph.layout.geographic import municipality_coordinates
from graph.maps.aggregation import Aggregate
from graph.maps.html import group_map_html, legend_entries, legend_html, network_map_html
from graph.maps.style import COLOUR_KEYS, SIZE_MEASURES, LegendItem, encode
from graph.maps.table import (
    GROUP_COLUMNS,
    TIE_COLUMNS,
    actor_columns,
    actor_rows,
    csv_text,
    group_rows,
    sort_key,
    tie_rows,
)
from graph.maps.view import DEFAULT_NODE_LIMIT, LAYOUTS, MODES, MapQuery, MapView, map_view, view_positions
from graph.model.domain import Actor, ActorFilter, Relation, Subgraph
from graph.model.vocabulary import MUNICIPALITY_KIND, Vocabulary
from graph.store import GraphStore

__all__ = ["AGGREGATE_ABOVE", "MAP_HEIGHT", "WIDGET_KEYS", "render"]

#: Height of the map in CSS pixels.
MAP_HEIGHT = 720
#: The most actors the map draws one by one; above it, it draws groups. Read at every run, so a test
#: can lower it.
AGGREGATE_ABOVE = DEFAULT_NODE_LIMIT
#: Font size of the town names on the geographic map (other labels: 14).
TOWN_LABEL_SIZE = 44.0
#: How long cached reads live at most; the revision token refreshes them sooner when the content changes.
CACHE_TTL_SECONDS = 1800
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

#: A cached view: the MapView without its subgraph, and the subgraph's actors and ties as plain dicts
#: (cached values are pickled, and an Actor's read-only properties mapping is not picklable).
CachedView = tuple[MapView, list[dict[str, Any]], list[dict[str, Any]]]


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
        st.info(t("empty.body", lang, location=markdown_literal(store.location)), icon=":material/info:")
        return
    last = store.last_imports(1)
    revision = f"{stats.actors}/{stats.relations}/{last[0].imported_at if last else ''}"
    catalogue = _catalogue(store, store.location, revision)
    vocabulary = store.vocabulary
    # "Name (Town)" tells apart actors of the same name; a town is not repeated after its own name.
    actor_labels = {a_id: f"{name} ({town})" if town and town != name else name
                    for a_id, name, town in catalogue["actors"]}
    _forget_unknown(catalogue, actor_labels)
    for key, value in _DEFAULTS.items():
        # Defaults go through session state, not the widgets' value=, so that the app may carry the
        # selections over page switches without Streamlit's "default and Session State" warning.
        st.session_state.setdefault(key, value)

    query = _choices(catalogue, actor_labels, vocabulary, lang)
    layout, size_by, colour_by, physics = _display_choices(lang)
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
        view = _thawed(_view(store, store.location, revision, key, node_limit))
    if view.missing:
        st.warning(t("network.actor_missing", lang))
    if not view.selected_actors:
        if not view.missing:
            st.info(t("network.nothing_matches", lang))
        return
    _describe(view, actor_labels, vocabulary, lang, node_limit)
    if view.aggregate is not None or view.opened:
        _group_choices(view, vocabulary, lang)
    if not view.shown_actors:
        return

    with st.spinner(t("network.loading", lang)):
        drawing = _drawing(store, store.location, revision, key, node_limit, layout, size_by, colour_by, physics,
                           lang)
    st.iframe(drawing["html"], height=MAP_HEIGHT + 4, alt=t("network.title", lang))
    st.caption(t("network.legend", lang))
    st.html(drawing["legend"])
    if drawing["size_note"] == "degree":
        st.caption(t("network.legend_size_degree", lang))
    elif drawing["size_note"] == "betweenness":
        st.caption(t("network.legend_size_betweenness", lang))
    elif drawing["size_note"] == "groups":
        st.caption(t("network.legend_group_size", lang))
    _tables(drawing, lang)


# -- widgets ------------------------------------------------------------------------------------------


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


def _display_choices(lang: str) -> tuple[str, str, str, bool]:
    """Draw layout, size, colour and motion choices; return them."""
    layout_labels = {
        "force": t("network.layout_force", lang),
        "geographic": t("network.layout_geographic", lang),
        "grouped": t("network.layout_grouped", lang),
    }
    size_labels = {
        "uniform": t("network.size_uniform", lang),
        "degree": t("network.size_degree", lang),
        "betweenness": t("network.size_betweenness", lang),
    }
    colour_labels = {
        "kind": t("network.colour_kind", lang),
        "field": t("network.colour_field", lang),
        "community": t("network.colour_community", lang),
    }
    with st.expander(t("network.display", lang), expanded=True):
        col_layout, col_size, col_colour, col_physics = st.columns([3, 3, 3, 2])
        layout = col_layout.selectbox(
            t("network.layout", lang), options=list(LAYOUTS), format_func=layout_labels.__getitem__,
            help=t("network.layout_help", lang), key="network_layout",
        )
        size_by = col_size.selectbox(
            t("network.size_by", lang), options=list(SIZE_MEASURES), format_func=size_labels.__getitem__,
            key="network_size_by",
        )
        colour_by = col_colour.selectbox(
            t("network.colour_by", lang), options=list(COLOUR_KEYS), format_func=colour_labels.__getitem__,
            key="network_colour_by",
        )
        physics = col_physics.toggle(t("network.physics", lang), help=t("network.physics_help", lang),
                                     key="network_physics")
    return layout, size_by, colour_by, bool(physics)


def _group_choices(view: MapView, vocabulary: Vocabulary, lang: str) -> None:
    """Draw the grouping switch and one "open a group" box per aggregation level of ``view``."""
    by_labels = {"municipality": t("network.by_municipality", lang), "kind": t("network.by_kind", lang)}
    columns = st.columns(1 + len(view.levels))
    columns[0].radio(t("network.group_by", lang), options=list(by_labels), format_func=by_labels.__getitem__,
                     key="network_group_by")
    titles = (t("network.open_group", lang), t("network.open_subgroup", lang))
    keys = ("network_open_group", "network_open_subgroup")
    for level, (column, key) in enumerate(zip(columns[1:], keys, strict=False)):
        # "" is the overview: a choice of its own, so that going back is one click.
        labels = {"": t("network.open_none", lang)}
        labels.update({
            g.id: t("network.group_option", lang, name=_group_label(g.id, view.levels[level], vocabulary, lang),
                    actors=format_number(g.actors, lang))
            for g in view.levels[level].groups
        })
        _drop_unknown(key, list(labels))
        column.selectbox(titles[level], options=list(labels), format_func=labels.__getitem__, key=key)


def _forget_unknown(catalogue: Mapping[str, Any], actor_labels: Mapping[str, str]) -> None:
    """Forget selections the store no longer offers (e.g. after an import changed the data)."""
    known: dict[str, Sequence[str]] = {
        "network_fields": catalogue["fields"],
        "network_municipalities": [m for m, _ in catalogue["municipalities"]],
        "network_kinds": catalogue["kinds"],
        "network_types": catalogue["relation_types"],
        "network_focus": list(actor_labels),
        "network_path_from": list(actor_labels),
        "network_path_to": list(actor_labels),
    }
    for key, options in known.items():
        _drop_unknown(key, options)


def _drop_unknown(key: str, options: Sequence[str]) -> None:
    if key not in st.session_state:
        return
    value = st.session_state[key]
    allowed = set(options)
    if isinstance(value, list):
        if any(v not in allowed for v in value):
            st.session_state[key] = [v for v in value if v in allowed]
    elif value is not None and value not in allowed:
        del st.session_state[key]


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
        opened = " › ".join(markdown_literal(_group_label(g.id, level, vocabulary, lang))
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


def _group_label(gid: str, level: Aggregate, vocabulary: Vocabulary, lang: str) -> str:
    group = next(g for g in level.groups if g.id == gid)
    if group.by == "kind":
        return vocabulary.kinds.label(group.value, lang)
    return group.name or t("network.group_outside", lang)


def _tables(drawing: Mapping[str, Any], lang: str) -> None:
    headers = _headers(lang)
    names = ["actors", "ties"] if drawing["groups"] is None else ["groups"]
    titles = {"actors": t("network.tab_actors", lang), "ties": t("network.tab_ties", lang),
              "groups": t("network.tab_groups", lang)}
    for name, tab in zip(names, st.tabs([titles[n] for n in names]), strict=True):
        rows, columns = drawing[name], drawing[f"{name}_columns"]
        shown = {c: headers[c] for c in columns}
        tab.dataframe([{shown[c]: row[c] for c in columns} for row in rows], hide_index=True, width="stretch")
        # A byte-order mark, so that spreadsheet programs read the umlauts right.
        tab.download_button(
            t("network.download", lang), data="\ufeff" + csv_text(rows, shown),
            file_name=f"integranet-{name}.csv", mime="text/csv", icon=":material/download:", key=f"network_csv_{name}",
        )


def _headers(lang: str) -> dict[str, str]:
    """Column headers by column id (literal ids, so that the catalogue test sees every one)."""
    return {
        "name": t("network.col_name", lang), "kind": t("network.col_kind", lang),
        "town": t("network.col_town", lang), "fields": t("network.col_fields", lang),
        "ties": t("network.col_ties", lang), "steps": t("network.col_steps", lang),
        "partners": t("network.col_partners", lang), "betweenness": t("network.col_betweenness", lang),
        "community": t("network.col_community", lang), "provenance": t("network.col_provenance", lang),
        "from": t("network.col_from", lang), "type": t("network.col_type", lang), "to": t("network.col_to", lang),
        "since": t("network.col_since", lang), "until": t("network.col_until", lang),
        "note": t("network.col_note", lang), "group": t("network.col_group", lang),
        "actors": t("network.col_actors", lang), "ties_within": t("network.col_ties_within", lang),
        "ties_between": t("network.col_ties_between", lang), "illustrative": t("network.col_illustrative", lang),
    }


def _legend(items: Sequence[LegendItem], lang: str) -> list[tuple[str, str, str, str]]:
    """``(key, label, colour, shape)`` with words for the keys that have no vocabulary label."""
    entries = []
    for item in items:
        label = item.label
        if item.key == "field:*several*":
            label = t("network.legend_several_fields", lang)
        elif item.key == "field:*none*":
            label = t("network.legend_no_field", lang)
        elif item.key == "community:*other*":
            label = t("network.legend_other_communities", lang)
        elif item.key.startswith("community:"):
            label = t("network.legend_community", lang, number=item.key.partition(":")[2])
        entries.append((item.key, label, item.colour, item.shape))
    return entries


# -- cached reads and drawings --------------------------------------------------------------------------
# Arguments starting with "_" are not hashed (Streamlit's rule); ``location`` and ``revision`` stand in
# for the store, ``query`` is MapQuery.key() (a tuple of primitives).


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=8, show_spinner=False)
def _catalogue(_store: GraphStore, location: str, revision: str) -> dict[str, Any]:
    """What the widgets offer: fields, kinds and relation types present, municipalities with their
    coordinates, every actor (id, name, town), and the totals."""
    stats = _store.stats()
    actors = _store.actors()
    vocabulary = _store.vocabulary
    kinds = [k for k in vocabulary.kinds.ids() if stats.by_kind.get(k)]
    kinds += sorted(k for k in stats.by_kind if k not in kinds)
    types = [r for r in vocabulary.relation_types.ids() if stats.by_relation_type.get(r)]
    types += sorted(r for r in stats.by_relation_type if r not in types)
    by_name = sorted(actors, key=lambda a: (sort_key(a.name), a.id))
    return {
        "fields": [f.id for f in _store.fields_of_action()],
        "kinds": kinds,
        "relation_types": types,
        "municipalities": [(a.id, a.name) for a in by_name if a.kind == MUNICIPALITY_KIND],
        "coordinates": municipality_coordinates(actors),
        "actors": [(a.id, a.name, a.town) for a in by_name],
    }


@st.cache_resource(ttl=CACHE_TTL_SECONDS, max_entries=3, show_spinner=False)
def _read(
    _store: GraphStore, location: str, revision: str, kinds: tuple[str, ...], fields: tuple[str, ...],
    municipalities: tuple[str, ...], district_wide: bool,
) -> Subgraph:
    """The store's actors for one actor filter and the ties among them: the expensive read (seconds for
    100,000 ties), shared by every view with that filter, whatever its tie filters, search or grouping.

    A resource cache, not a data cache: the records are immutable and are handed out as they are
    instead of being copied (unpickled) on every use, which would cost about as much as the read.
    """
    return _store.subgraph(ActorFilter(kinds=kinds, fields=fields, municipalities=municipalities,
                                       include_district_wide=district_wide))


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=32, show_spinner=False)
def _view(_store: GraphStore, location: str, revision: str, query: tuple[Any, ...], node_limit: int) -> CachedView:
    """The view of one query (see :func:`graph.maps.view.map_view`), in picklable form."""

    def read(where: ActorFilter) -> Subgraph:
        return _read(_store, location, revision, where.kinds, where.fields, where.municipalities,
                     where.include_district_wide)

    view = map_view(_store, MapQuery.from_key(query), node_limit=node_limit, read=read)
    return (dataclasses.replace(view, subgraph=Subgraph((), ())),
            [_plain(a) for a in view.subgraph.actors], [_plain(r) for r in view.subgraph.relations])


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=32, show_spinner=False)
def _positions(
    _store: GraphStore, location: str, revision: str, query: tuple[Any, ...], node_limit: int, layout: str
) -> dict[str, tuple[float, float]]:
    """Positions of one view in one layout: computed once, whatever the colours or the language."""
    view = _thawed(_view(_store, location, revision, query, node_limit))
    coordinates = _catalogue(_store, location, revision)["coordinates"]
    return view_positions(view, layout, coordinates, _store.vocabulary.kinds.ids())


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=16, show_spinner=False)
def _drawing(
    _store: GraphStore, location: str, revision: str, query: tuple[Any, ...], node_limit: int,
    layout: str, size_by: str, colour_by: str, physics: bool, lang: str,
) -> dict[str, Any]:
    """Everything below the notes for one view and display choice: the map document, the legend (HTML),
    which size note applies, and the table rows with their columns."""
    view = _thawed(_view(_store, location, revision, query, node_limit))
    positions = _positions(_store, location, revision, query, node_limit, layout)
    vocabulary = _store.vocabulary
    height = f"{MAP_HEIGHT}px"
    tie_label, illustrative_label = t("network.legend_tie", lang), t("network.legend_illustrative", lang)
    groups = view.aggregate
    if groups is not None:
        if groups.by == "kind":
            entries = legend_entries(vocabulary, {g.value for g in groups.groups}, lang)
        else:
            entries = [(MUNICIPALITY_KIND, t("network.legend_municipality_group", lang),
                        *legend_entries(vocabulary, {MUNICIPALITY_KIND}, lang)[0][2:])]
            if any(not g.value for g in groups.groups):
                entries.append(("", t("network.group_outside", lang), "#999999", "dot"))
        labels = {g.id: _group_label(g.id, groups, vocabulary, lang) for g in groups.groups}
        return {
            "html": group_map_html(groups, vocabulary, positions, lang, height=height, physics=physics),
            "legend": legend_html(entries, tie_label, illustrative_label),
            "size_note": "groups",
            "groups": group_rows(groups, labels),
            "groups_columns": GROUP_COLUMNS,
        }
    encoding = encode(view.subgraph, vocabulary, lang, size_by=size_by, colour_by=colour_by)
    query_ = view.query
    highlight = [a for a in (query_.focus, query_.path_from, query_.path_to) if a]
    # On the geographic map the towns are the map: their names stay readable when zoomed out.
    town_labels = {a.id: TOWN_LABEL_SIZE for a in view.subgraph.actors
                   if layout == "geographic" and a.kind == MUNICIPALITY_KIND}
    html = network_map_html(view.subgraph, vocabulary, positions, lang, height=height, physics=physics,
                            highlight=highlight, looks=encoding.looks, path=view.path, label_sizes=town_labels)
    return {
        "html": html,
        "legend": legend_html(_legend(encoding.legend, lang), tie_label, illustrative_label),
        "size_note": size_by if size_by != "uniform" else "",
        "groups": None,
        "actors": actor_rows(view, vocabulary, lang, encoding, size_by),
        "actors_columns": actor_columns(view, encoding, size_by),
        "ties": tie_rows(view, vocabulary, lang),
        "ties_columns": TIE_COLUMNS,
    }


def _plain(record: Actor | Relation) -> dict[str, Any]:
    values = {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}
    values["properties"] = dict(values["properties"])
    return values


def _thawed(cached: CachedView) -> MapView:
    view, actors, relations = cached
    return dataclasses.replace(
        view, subgraph=Subgraph(tuple(Actor(**a) for a in actors), tuple(Relation(**r) for r in relations))
    )
