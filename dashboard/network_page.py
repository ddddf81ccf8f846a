"""The network map page (shown by ``views/network.py``): filters, a focus search, the map, legend, table.

The page lays out widgets and calls graph/ (the store, :func:`graph.layout.force_layout`,
:mod:`graph.map_html`). Reads, positions and the map's HTML are cached with ``st.cache_data``, keyed by
primitive arguments: the store's location, a revision token that changes when the store's content does,
and the selection. Positions do not depend on the language, so switching it redraws the same picture.
Only the widgets' selections live in ``st.session_state`` (keys ``network_*``).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence
from typing import Any

import streamlit as st

from dashboard.i18n import format_number, markdown_literal, t
from graph.errors import IntegraNetError, StoreError
from graph.layout import force_layout
from graph.map_html import legend_entries, legend_html, network_map_html
from graph.model import Actor, ActorFilter, Relation, Subgraph
from graph.store import GraphStore
from graph.vocabulary import MUNICIPALITY_KIND

__all__ = ["MAP_HEIGHT", "WIDGET_KEYS", "render"]

#: Height of the map in CSS pixels.
MAP_HEIGHT = 720
#: How long cached reads live at most; the revision token refreshes them sooner when the content changes.
CACHE_TTL_SECONDS = 600
#: The session-state keys of this page's widgets.
WIDGET_KEYS = (
    "network_fields",
    "network_municipalities",
    "network_kinds",
    "network_district_wide",
    "network_focus",
    "network_depth",
)

Records = tuple[list[dict[str, Any]], list[dict[str, Any]]]


def render(store: GraphStore, lang: str) -> None:
    """Draw the page (below its title) for ``store`` in ``lang``.

    Store errors become an ``st.error`` that says what failed and what to check.
    """
    st.caption(t("network.intro", lang))
    try:
        _render(store, lang)
    except StoreError as exc:
        st.error(t("error.read_failed", lang, detail=markdown_literal(exc)))
        st.info(t("error.store_hint", lang))
    except IntegraNetError as exc:
        # E.g. a view too large to lay out without scipy; the message says what to do.
        st.error(t("error.map_failed", lang, detail=markdown_literal(exc)))


def _render(store: GraphStore, lang: str) -> None:
    stats = store.stats()
    if stats.actors == 0:
        st.info(t("empty.body", lang, location=markdown_literal(store.location)), icon=":material/info:")
        return
    last = store.last_imports(1)
    revision = f"{stats.actors}/{stats.relations}/{last[0].imported_at if last else ''}"
    catalogue = _catalogue(store, store.location, revision)
    vocabulary = store.vocabulary

    municipality_names = dict(catalogue["municipalities"])
    actor_labels = {a_id: f"{name} ({town})" if town else name for a_id, name, town in catalogue["actors"]}
    _drop_unknown("network_fields", catalogue["fields"])
    _drop_unknown("network_municipalities", list(municipality_names))
    _drop_unknown("network_kinds", catalogue["kinds"])
    _drop_unknown("network_focus", list(actor_labels))
    # Defaults go through session state, not the widgets' value=, so that the app may carry the
    # selections over page switches without Streamlit's "default and Session State" warning.
    st.session_state.setdefault("network_district_wide", True)
    st.session_state.setdefault("network_depth", 1)
    # Read before the search box is drawn: a focused actor switches the filters off.
    focus: str | None = st.session_state.get("network_focus")

    with st.container(border=True):
        st.markdown(f"**{t('network.filters', lang)}**")
        col_fields, col_places, col_kinds = st.columns(3)
        fields = col_fields.multiselect(
            t("network.filter_fields", lang),
            options=catalogue["fields"],
            format_func=lambda f: vocabulary.fields.label(f, lang),
            placeholder=t("network.filter_any", lang),
            disabled=focus is not None,
            key="network_fields",
        )
        municipalities = col_places.multiselect(
            t("network.filter_municipalities", lang),
            options=list(municipality_names),
            format_func=lambda m: municipality_names.get(m, m),
            placeholder=t("network.filter_any", lang),
            disabled=focus is not None,
            key="network_municipalities",
        )
        kinds = col_kinds.multiselect(
            t("network.filter_kinds", lang),
            options=catalogue["kinds"],
            format_func=lambda k: vocabulary.kinds.label(k, lang),
            placeholder=t("network.filter_any", lang),
            disabled=focus is not None,
            key="network_kinds",
        )
        district_wide = st.checkbox(
            t("network.district_wide", lang),
            disabled=focus is not None or not municipalities,
            key="network_district_wide",
        )
        col_search, col_depth = st.columns([3, 1])
        focus = col_search.selectbox(
            t("network.search", lang),
            options=list(actor_labels),
            index=None,
            format_func=lambda a: actor_labels.get(a, a),
            placeholder=t("network.search_placeholder", lang),
            help=t("network.search_help", lang),
            key="network_focus",
        )
        depth = col_depth.slider(
            t("network.depth", lang),
            min_value=1,
            max_value=3,
            help=t("network.depth_help", lang),
            disabled=focus is None,
            key="network_depth",
        )

    # One canonical argument tuple per view, so equal views share cache entries.
    if focus is not None:
        view: tuple[Any, ...] = ((), (), (), False, focus, depth)
    else:
        view = (tuple(sorted(kinds)), tuple(sorted(fields)), tuple(sorted(municipalities)),
                bool(district_wide), None, 0)
    actor_records, relation_records = _records(store, store.location, revision, *view)
    if not actor_records:
        st.info(t("network.nothing_matches", lang))
        return
    subgraph = _subgraph(actor_records, relation_records)

    if focus is not None:
        # Messages are Markdown; the actor name is user text and must show literally.
        name = markdown_literal(actor_labels.get(focus, focus))
        st.info(t("network.focus_active", lang, name=name, depth=depth))
    st.markdown(
        t(
            "network.counts",
            lang,
            actors_shown=format_number(len(subgraph.actors), lang),
            actors_total=format_number(catalogue["actors_total"], lang),
            ties_shown=format_number(len(subgraph.relations), lang),
            ties_total=format_number(catalogue["ties_total"], lang),
        )
    )
    illustrative = sum(1 for rel in subgraph.relations if rel.is_illustrative)
    if illustrative:
        st.warning(
            t("network.illustrative_banner", lang, count=format_number(illustrative, lang)),
            icon=":material/science:",
        )

    html = _map_html(store, store.location, revision, *view, lang)
    st.iframe(html, height=MAP_HEIGHT + 4, alt=t("network.title", lang))

    st.caption(t("network.legend", lang))
    entries = legend_entries(vocabulary, {a.kind for a in subgraph.actors}, lang)
    st.html(legend_html(entries, t("network.legend_tie", lang), t("network.legend_illustrative", lang)))

    st.subheader(t("network.table", lang))
    st.dataframe(_table_rows(subgraph, store, lang), hide_index=True, width="stretch")


def _drop_unknown(key: str, options: Sequence[str]) -> None:
    """Forget selections the store no longer offers (e.g. after the data changed)."""
    if key not in st.session_state:
        return
    value = st.session_state[key]
    known = set(options)
    if isinstance(value, list):
        if any(v not in known for v in value):
            st.session_state[key] = [v for v in value if v in known]
    elif value is not None and value not in known:
        del st.session_state[key]


def _table_rows(subgraph: Subgraph, store: GraphStore, lang: str) -> list[dict[str, Any]]:
    vocabulary = store.vocabulary
    degree: Counter[str] = Counter()
    for rel in subgraph.relations:
        degree[rel.source] += 1
        degree[rel.target] += 1
    rows = []
    for actor in sorted(subgraph.actors, key=lambda a: (a.name.casefold(), a.id)):
        rows.append({
            t("network.col_name", lang): actor.name,
            t("network.col_kind", lang): vocabulary.kinds.label(actor.kind, lang),
            t("network.col_town", lang): actor.town,
            t("network.col_fields", lang): ", ".join(vocabulary.fields.label(f, lang) for f in actor.fields),
            t("network.col_ties", lang): degree[actor.id],
            t("network.col_provenance", lang): actor.provenance,
        })
    return rows


# -- cached reads ---------------------------------------------------------------------------------------
# Arguments starting with "_" are not hashed (Streamlit's rule); ``location`` and ``revision`` stand in
# for the store. Records are returned as plain dicts because cached values are pickled and an Actor's
# read-only properties mapping is not picklable.


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=8, show_spinner=False)
def _catalogue(_store: GraphStore, location: str, revision: str) -> dict[str, Any]:
    """What the widgets offer: fields, municipalities, kinds present, every actor, and the totals."""
    stats = _store.stats()
    actors = _store.actors()
    kinds_present = [k for k in _store.vocabulary.kinds.ids() if stats.by_kind.get(k)]
    kinds_present += sorted(k for k in stats.by_kind if k not in kinds_present)
    by_name = sorted(actors, key=lambda a: (a.name.casefold(), a.id))
    return {
        "actors_total": stats.actors,
        "ties_total": stats.relations,
        "fields": [f.id for f in _store.fields_of_action()],
        "kinds": kinds_present,
        "municipalities": [(a.id, a.name) for a in by_name if a.kind == MUNICIPALITY_KIND],
        "actors": [(a.id, a.name, a.town) for a in by_name],
    }


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=32, show_spinner=False)
def _records(
    _store: GraphStore,
    location: str,
    revision: str,
    kinds: tuple[str, ...],
    fields: tuple[str, ...],
    municipalities: tuple[str, ...],
    district_wide: bool,
    focus: str | None,
    depth: int,
) -> Records:
    """The actors and ties of one view, as plain dicts."""
    if focus is not None:
        subgraph = _store.neighbourhood(focus, depth)
    else:
        where = ActorFilter(kinds=kinds, fields=fields, municipalities=municipalities,
                            include_district_wide=district_wide)
        subgraph = _store.subgraph(where)
    return [_plain(a) for a in subgraph.actors], [_plain(r) for r in subgraph.relations]


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=32, show_spinner=False)
def _positions(
    _store: GraphStore,
    location: str,
    revision: str,
    kinds: tuple[str, ...],
    fields: tuple[str, ...],
    municipalities: tuple[str, ...],
    district_wide: bool,
    focus: str | None,
    depth: int,
) -> dict[str, tuple[float, float]]:
    """Positions of one view, computed once per view and language-independent."""
    records = _records(_store, location, revision, kinds, fields, municipalities, district_wide, focus, depth)
    return force_layout(_subgraph(*records))


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=16, show_spinner=False)
def _map_html(
    _store: GraphStore,
    location: str,
    revision: str,
    kinds: tuple[str, ...],
    fields: tuple[str, ...],
    municipalities: tuple[str, ...],
    district_wide: bool,
    focus: str | None,
    depth: int,
    lang: str,
) -> str:
    """The map document of one view in one language."""
    view = (kinds, fields, municipalities, district_wide, focus, depth)
    subgraph = _subgraph(*_records(_store, location, revision, *view))
    positions = _positions(_store, location, revision, *view)
    return network_map_html(
        subgraph, _store.vocabulary, positions, lang, height=f"{MAP_HEIGHT}px", highlight=focus
    )


def _plain(record: Actor | Relation) -> dict[str, Any]:
    values = {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}
    values["properties"] = dict(values["properties"])
    return values


def _subgraph(actors: list[dict[str, Any]], relations: list[dict[str, Any]]) -> Subgraph:
    return Subgraph(tuple(Actor(**a) for a in actors), tuple(Relation(**r) for r in relations))
