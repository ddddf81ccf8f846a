"""Cached reads of the knowledge-graph pages (formats and events, offers, recommendations, search, the node
profile, and the actor profile's section on them).

Every cache is keyed by the store's location and a revision token (:func:`revision`) that changes with the
store's content: the counts of actors, ties, nodes and links, the time of the last import and the latest change
set. Nodes, links and actors are immutable records holding read-only mappings, which ``st.cache_data`` cannot
pickle, so they live in ``st.cache_resource`` (shared, never copied, safe because nothing mutates them); plain
tuples go through ``st.cache_data``. Reads ask the store for what a page needs (``nodes(types=…)``,
``links(node_ids=…)``), never for the whole graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

import streamlit as st

from dashboard.knowledge_search import Entry, entries
from dashboard.knowledge_view import KnowledgeView
from graph.model.domain import Actor
from graph.model.knowledge import Link, Node
from graph.store import GraphStore

__all__ = ["CACHE_TTL_SECONDS", "actors", "around", "catalogue", "nodes", "revision", "searchable", "view"]

#: How long cached reads live at most; the revision token refreshes them sooner when the content changes.
CACHE_TTL_SECONDS = 600


def revision(store: GraphStore) -> str:
    """A token that changes whenever the store's content does: the counts of actors, ties, nodes per type and
    links per type, the time of the last import and the latest change set (which every edit and undo keeps)."""
    stats = store.stats()
    last = store.last_imports(1)
    nodes = ",".join(f"{k}={v}" for k, v in sorted(stats.by_node_type.items()))
    links = ",".join(f"{k}={v}" for k, v in sorted(stats.by_link_type.items()))
    latest = store.change_sets(limit=1)
    return (f"{stats.actors}/{stats.relations}/{nodes}/{links}/{last[0].imported_at if last else ''}/"
            f"{latest[0].id if latest else ''}")


@st.cache_resource(ttl=CACHE_TTL_SECONDS, max_entries=4, show_spinner=False)
def actors(_store: GraphStore, location: str, revision: str) -> Mapping[str, Actor]:
    """Every actor by id (for the names and profile links of the actors at the ends of links)."""
    return MappingProxyType({a.id: a for a in _store.actors()})


@st.cache_resource(ttl=CACHE_TTL_SECONDS, max_entries=16, show_spinner=False)
def nodes(_store: GraphStore, location: str, revision: str, types: tuple[str, ...]) -> tuple[Node, ...]:
    """The nodes of ``types`` (every node type when empty), by (type, id)."""
    return tuple(_store.nodes(types=types))


@st.cache_data(ttl=CACHE_TTL_SECONDS, max_entries=4, show_spinner=False)
def catalogue(_store: GraphStore, location: str, revision: str) -> tuple[tuple[str, str, str], ...]:
    """``(id, name, type)`` of every node, for the profile's selection."""
    return tuple((n.id, n.name, n.type) for n in nodes(_store, location, revision, ()))


def _view(store: GraphStore, location: str, revision: str, own: Iterable[Node], links: Iterable[Link]) -> KnowledgeView:
    """The view of ``own`` nodes and ``links``, with the other nodes at the links' ends read by id."""
    own = tuple(own)
    links = tuple(links)
    known = {n.id for n in own}
    everyone = actors(store, location, revision)
    vocabulary = store.vocabulary
    others = {end for link in links for end in (link.source, link.target)
              if end not in known and end not in everyone and end not in vocabulary.fields}
    more = store.nodes(ids=sorted(others)) if others else []
    return KnowledgeView((*own, *more), links, everyone, vocabulary)


@st.cache_resource(ttl=CACHE_TTL_SECONDS, max_entries=16, show_spinner=False)
def view(_store: GraphStore, location: str, revision: str, types: tuple[str, ...]) -> KnowledgeView:
    """The nodes of ``types``, every link at them, and the nodes at the links' other ends."""
    own = nodes(_store, location, revision, types)
    links = _store.links(node_ids=[n.id for n in own]) if own else []
    return _view(_store, location, revision, own, links)


@st.cache_resource(ttl=CACHE_TTL_SECONDS, max_entries=32, show_spinner=False)
def around(_store: GraphStore, location: str, revision: str, node_id: str) -> KnowledgeView:
    """The links at ``node_id`` (a node, an actor or a field of action) and the nodes at their ends; the node
    itself too when it is one."""
    own = _store.get_node(node_id)
    return _view(_store, location, revision, (own,) if own is not None else (), _store.links(node_ids=[node_id]))



@st.cache_resource(ttl=CACHE_TTL_SECONDS, max_entries=4, show_spinner=False)
def searchable(_store: GraphStore, location: str, revision: str) -> tuple[Entry, ...]:
    """Every actor, field of action and node as an entry of the search, folded once per revision."""
    return tuple(entries(nodes(_store, location, revision, ()), actors(_store, location, revision).values(),
                         _store.fields_of_action(), _store.vocabulary.schema))
