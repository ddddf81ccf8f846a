"""Cached reads for the overview and the profile pages.

Every cache is keyed by the store's location and a revision token (:func:`revision`) that changes when the
store's content does (an import adds or changes actors or ties and records itself), so a page never shows
a stale profile after an import and a rerun never reads the whole graph twice.

The profile index, the standings and the coverage report are immutable objects holding read-only mappings,
which ``st.cache_data`` cannot pickle; they live in ``st.cache_resource`` (shared, never copied), which is
safe because nothing mutates them. Strings and plain tuples go through ``st.cache_data``.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import streamlit as st

from graph.analysis.coverage import CoverageReport, coverage_gaps, load_expected_roles
from graph.analysis.network import to_networkx
from graph.analysis.profiles import ProfileIndex
from graph.analysis.standings import NetworkStandings, actor_standings, most_connected
from graph.errors import VocabularyError
from graph.layout.force import force_layout
from graph.maps.html import network_map_html
from graph.model.domain import Subgraph
from graph.store import GraphStore

__all__ = [
    "CACHE_TTL_SECONDS", "coverage_report", "ego_map_html", "ego_network", "illustrative_counts", "index",
    "revision", "standings", "top_connected",
]

#: How long cached reads live at most; the revision token refreshes them sooner when the content changes.
CACHE_TTL_SECONDS = 600


def revision(store: GraphStore) -> str:
    """A token that changes whenever the store's content does: counts of actors, ties, nodes and links, the time
    of the last import and the latest change set (every write, an edit or an undo included, keeps one). The one
    token of every page."""
    stats = store.stats()
    last = store.last_imports(1)
    latest = store.change_sets(limit=1)
    nodes = sum(n for t, n in stats.by_node_type.items() if t not in ("Actor", "FieldOfAction"))
    return (f"{stats.actors}/{stats.relations}/{nodes}/{stats.links}/{last[0].imported_at if last else ''}/"
            f"{latest[0].id if latest else ''}")


@st.cache_resource(ttl=CACHE_TTL_SECONDS, max_entries=4, show_spinner=False)
def _whole_graph(_store: GraphStore, location: str, revision: str) -> Subgraph:
    return _store.subgraph()


@st.cache_resource(ttl=CACHE_TTL_SECONDS, max_entries=4, show_spinner=False)
def index(_store: GraphStore, location: str, revision: str) -> ProfileIndex:
    """Every actor and tie of the store, indexed for profiles."""
    return ProfileIndex(_whole_graph(_store, location, revision), _store.vocabulary)


@st.cache_resource(ttl=CACHE_TTL_SECONDS, max_entries=4, show_spinner=False)
def standings(_store: GraphStore, location: str, revision: str) -> NetworkStandings:
    """Degree, betweenness and community of every actor, measured once per revision."""
    return actor_standings(to_networkx(_whole_graph(_store, location, revision)))


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=4, show_spinner=False)
def top_connected(_store: GraphStore, location: str, revision: str, limit: int) -> tuple[tuple[str, int, int], ...]:
    """``(actor id, partners, ties)`` of the ``limit`` best-connected actors."""
    return most_connected(to_networkx(_whole_graph(_store, location, revision)), limit)


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=4, show_spinner=False)
def illustrative_counts(_store: GraphStore, location: str, revision: str) -> tuple[dict[str, int], int]:
    """Demonstration ties per relation type, and how many actors are demonstration actors."""
    whole = _whole_graph(_store, location, revision)
    by_type = Counter(r.type for r in whole.relations if r.is_illustrative)
    return dict(by_type), sum(1 for a in whole.actors if a.is_illustrative)


@st.cache_resource(ttl=CACHE_TTL_SECONDS, max_entries=4, show_spinner=False)
def coverage_report(_store: GraphStore, location: str, revision: str, vocabulary_dir: str) -> tuple[
        CoverageReport, bool]:
    """The coverage report of every municipality and field, and whether expected roles were found.

    The expected roles come from ``expected_roles.csv`` beside the vocabularies, as for ``integranet
    gaps``; when that file cannot be read the report is computed without expected roles (``False``), so
    the page still shows who works where.
    """
    vocabulary = _store.vocabulary
    try:
        roles = load_expected_roles(Path(vocabulary_dir) / "expected_roles.csv", vocabulary)
    except VocabularyError:
        roles = None
    report = coverage_gaps(_store.gap_facts(), vocabulary, roles or {})
    return report, roles is not None


@st.cache_resource(ttl=CACHE_TTL_SECONDS, max_entries=16, show_spinner=False)
def ego_network(_store: GraphStore, location: str, revision: str, actor_id: str, depth: int) -> Subgraph:
    """The actor, every actor within ``depth`` ties of it, and the ties among them (from the store)."""
    return _store.neighbourhood(actor_id, depth)


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=16, show_spinner=False)
def ego_map_html(_store: GraphStore, location: str, revision: str, actor_id: str, depth: int, lang: str,
                 height: int) -> str:
    """The ego map of one actor as a self-contained HTML document; positions do not depend on ``lang``."""
    ego = ego_network(_store, location, revision, actor_id, depth)
    return network_map_html(ego, _store.vocabulary, force_layout(ego), lang, height=f"{height}px",
                            highlight=actor_id)
