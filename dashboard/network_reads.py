"""Cached reads and drawings of the network map page (:mod:`dashboard.network_page`).

Everything read from the store or computed from it is cached, keyed by primitive arguments: the store's
location, a revision token that changes with the store's content (counts and the time of the last import,
so an import invalidates every entry), the normalised query (:meth:`graph.maps.view.MapQuery.key`) and the
display choices. Arguments starting with "_" are not hashed (Streamlit's rule); ``location`` and ``revision``
stand in for the store. Positions depend only on the view and the layout, so changing colours or the
language redraws the same picture.

Also here: the words of what is drawn that no vocabulary holds (group names, legend entries), since the
cached drawing is made of them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import streamlit as st

from dashboard.i18n import t
from graph.exports.map_table import (
    GROUP_COLUMNS,
    TIE_COLUMNS,
    actor_columns,
    actor_rows,
    group_rows,
    sort_key,
    tie_rows,
)
from graph.layout.geographic import municipality_coordinates
from graph.maps.aggregation import Aggregate
from graph.maps.html import group_map_html, legend_html, network_map_html
from graph.maps.overlay import Overlay, overlay, overlay_legend_entries
from graph.maps.palette import legend_entries
from graph.maps.style import LegendItem, encode
from graph.maps.view import MapQuery, MapView, map_view, view_positions
from graph.model.domain import Actor, ActorFilter, Relation, Subgraph
from graph.model.vocabulary import MUNICIPALITY_KIND, Vocabulary
from graph.store import GraphStore

__all__ = [
    "CACHE_TTL_SECONDS", "MAP_HEIGHT", "TOWN_LABEL_SIZE", "CachedView", "catalogue", "drawing", "group_label",
    "legend_words", "positions", "read", "thawed", "view",
]

#: Height of the map in CSS pixels.
MAP_HEIGHT = 720
#: Font size of the town names on the geographic map (other labels: 14).
TOWN_LABEL_SIZE = 44.0
#: How long cached reads live at most; the revision token refreshes them sooner when the content changes.
CACHE_TTL_SECONDS = 1800

#: A cached view: the MapView without its subgraph, and the subgraph's actors and ties as plain dicts
#: (cached values are pickled, and an Actor's read-only properties mapping is not picklable).
CachedView = tuple[MapView, list[dict[str, Any]], list[dict[str, Any]]]


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=8, show_spinner=False)
def catalogue(_store: GraphStore, location: str, revision: str) -> dict[str, Any]:
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
def read(
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
def view(_store: GraphStore, location: str, revision: str, query: tuple[Any, ...], node_limit: int) -> CachedView:
    """The view of one query (see :func:`graph.maps.view.map_view`), in picklable form."""

    def read_filtered(where: ActorFilter) -> Subgraph:
        return read(_store, location, revision, where.kinds, where.fields, where.municipalities,
                    where.include_district_wide)

    made = map_view(_store, MapQuery.from_key(query), node_limit=node_limit, read=read_filtered)
    return (dataclasses.replace(made, subgraph=Subgraph((), ())),
            [a.as_record() for a in made.subgraph.actors], [r.as_record() for r in made.subgraph.relations])


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=32, show_spinner=False)
def positions(
    _store: GraphStore, location: str, revision: str, query: tuple[Any, ...], node_limit: int, layout: str
) -> dict[str, tuple[float, float]]:
    """Positions of one view in one layout: computed once, whatever the colours or the language."""
    shown = thawed(view(_store, location, revision, query, node_limit))
    coordinates = catalogue(_store, location, revision)["coordinates"]
    return view_positions(shown, layout, coordinates, _store.vocabulary.kinds.ids())


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=16, show_spinner=False)
def drawing(
    _store: GraphStore, location: str, revision: str, query: tuple[Any, ...], node_limit: int,
    layout: str, size_by: str, colour_by: str, physics: bool, lang: str, extra_types: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Everything below the notes for one view and display choice: the map document, the legend (HTML),
    which size note applies, and the table rows with their columns. ``extra_types``: node types to draw
    beside the actors they are linked to (not on the grouped map)."""
    shown = thawed(view(_store, location, revision, query, node_limit))
    placed = positions(_store, location, revision, query, node_limit, layout)
    vocabulary = _store.vocabulary
    height = f"{MAP_HEIGHT}px"
    tie_label, illustrative_label = t("network.legend_tie", lang), t("network.legend_illustrative", lang)
    groups = shown.aggregate
    if groups is not None:
        if groups.by == "kind":
            entries = legend_entries(vocabulary, {g.value for g in groups.groups}, lang)
        else:
            entries = [(MUNICIPALITY_KIND, t("network.legend_municipality_group", lang),
                        *legend_entries(vocabulary, {MUNICIPALITY_KIND}, lang)[0][2:])]
            if any(not g.value for g in groups.groups):
                entries.append(("", t("network.group_outside", lang), "#999999", "dot"))
        labels = {g.id: group_label(g.id, groups, vocabulary, lang) for g in groups.groups}
        return {
            "html": group_map_html(groups, vocabulary, placed, lang, height=height, physics=physics),
            "legend": legend_html(entries, tie_label, illustrative_label),
            "size_note": "groups",
            "groups": group_rows(groups, labels),
            "groups_columns": GROUP_COLUMNS,
        }
    encoding = encode(shown.subgraph, vocabulary, lang, size_by=size_by, colour_by=colour_by)
    query_ = shown.query
    highlight = [a for a in (query_.focus, query_.path_from, query_.path_to) if a]
    # On the geographic map the towns are the map: their names stay readable when zoomed out.
    town_labels = {a.id: TOWN_LABEL_SIZE for a in shown.subgraph.actors
                   if layout == "geographic" and a.kind == MUNICIPALITY_KIND}
    extra = knowledge_overlay(_store, shown.subgraph, extra_types, placed) if extra_types else None
    html = network_map_html(shown.subgraph, vocabulary, placed, lang, height=height, physics=physics,
                            highlight=highlight, looks=encoding.looks, path=shown.path, label_sizes=town_labels,
                            extra=extra)
    legend = legend_words(encoding.legend, lang)
    if extra is not None:
        legend += overlay_legend_entries(vocabulary.schema, sorted({n.type for n in extra.nodes}), lang)
    return {
        "html": html,
        "legend": legend_html(legend, tie_label, illustrative_label),
        "size_note": size_by if size_by != "uniform" else "",
        "groups": None,
        "actors": actor_rows(shown, vocabulary, lang, encoding, size_by),
        "actors_columns": actor_columns(shown, encoding, size_by),
        "ties": tie_rows(shown, vocabulary, lang),
        "ties_columns": TIE_COLUMNS,
    }


def knowledge_overlay(
    store: GraphStore, subgraph: Subgraph, types: Sequence[str], placed: dict[str, tuple[float, float]]
) -> Overlay:
    """The nodes of ``types`` linked to the actors of ``subgraph`` (and the nodes of ``types`` linked to
    those), with their links, placed beside them. Two filtered reads on the store, never the whole graph."""
    wanted = set(types)
    actor_ids = [a.id for a in subgraph.actors]
    first = [link for link in store.links(node_ids=actor_ids)
             if link.source_type in wanted or link.target_type in wanted]
    ids = {end for link in first for end, kind in ((link.source, link.source_type), (link.target, link.target_type))
           if kind in wanted}
    second = [link for link in store.links(node_ids=sorted(ids)) if link.source_type in wanted
              and link.target_type in wanted] if ids else []
    ids |= {link.source for link in second} | {link.target for link in second}
    nodes = store.nodes(ids=sorted(ids)) if ids else []
    return overlay(nodes, [*first, *second], placed)


def thawed(cached: CachedView) -> MapView:
    """The MapView of a :data:`CachedView`, its subgraph rebuilt from the plain dicts."""
    shown, actors, relations = cached
    return dataclasses.replace(
        shown, subgraph=Subgraph(tuple(Actor.from_record(a) for a in actors),
                                 tuple(Relation.from_record(r) for r in relations))
    )


def group_label(gid: str, level: Aggregate, vocabulary: Vocabulary, lang: str) -> str:
    """The name of group ``gid`` of ``level``: its kind's label, its town, or "outside any town"."""
    group = next(g for g in level.groups if g.id == gid)
    if group.by == "kind":
        return vocabulary.kinds.label(group.value, lang)
    return group.name or t("network.group_outside", lang)


def legend_words(items: Sequence[LegendItem], lang: str) -> list[tuple[str, str, str, str]]:
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
