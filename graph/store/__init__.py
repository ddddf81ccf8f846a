"""Stores: :func:`open_store` picks the backend from the location (a path or a Neo4j URI)."""

from __future__ import annotations

from graph.model.vocabulary import Vocabulary
from graph.settings import Settings
from graph.store.base import MAX_DEPTH, GraphStore, ImportRecord

__all__ = ["MAX_DEPTH", "GraphStore", "ImportRecord", "open_store"]


def open_store(settings: Settings, vocabulary: Vocabulary | None = None) -> GraphStore:
    """Open the store named by ``settings.store``.

    A ``bolt://``, ``neo4j://`` or ``neo4j+s://`` URI opens Neo4j (credentials and database from the
    settings; no credentials means no authentication); anything else is the path of an embedded store.
    Raises :class:`~graph.errors.StoreUnavailableError` when the store cannot be reached or opened.
    """
    vocabulary = vocabulary or Vocabulary.load(settings.vocabulary_dir)
    if settings.is_neo4j:
        from graph.store.neo4j import Neo4jStore

        return Neo4jStore(
            settings.store,
            vocabulary,
            username=settings.neo4j_username,
            password=settings.neo4j_password,
            database=settings.neo4j_database,
            batch_size=settings.batch_size,
        )
    from graph.store.embedded import EmbeddedStore

    return EmbeddedStore(settings.store, vocabulary)
