"""What every page of a run needs: the chosen language, the opened store and the guard around its body.

The store is opened once per process and location (``st.cache_resource``) from settings read from the
environment; a failure is shown as an ``st.error`` that says what failed and what to check, never as a
traceback. ``st.session_state`` holds only the language choice (and the pages' widget selections).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGES, markdown_literal, t
from graph.errors import IntegraNetError, StoreError
from graph.model.access import ADMIN
from graph.model.changes import ChangeMeta, local_user
from graph.settings import Settings
from graph.store import GraphStore, open_store

__all__ = ["LANGUAGE_KEY", "author", "language", "language_switch", "render_guarded", "store_or_error"]

#: The session-state key of the language switch.
LANGUAGE_KEY = "language"


def language() -> str:
    """The language the user chose in this session, German until they choose another."""
    chosen = st.session_state.get(LANGUAGE_KEY, DEFAULT_LANGUAGE)
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def author(action: str, source: str = "", comment: str = "") -> ChangeMeta:
    """Who makes a change from this session, for its change set: the signed-in user's e-mail (or name) where
    the dashboard has a sign-in, otherwise the person at this computer."""
    who = ""
    try:
        if st.user.is_logged_in:
            who = str(st.user.get("email") or st.user.get("name") or "")
    except (AttributeError, KeyError, RuntimeError):  # no [auth] configured: st.user has nothing to say
        who = ""
    if not who:  # the single-user dashboard on this computer: its user owns the store
        return ChangeMeta(local_user(), action, source, comment, role=ADMIN)
    return ChangeMeta(who, action, source, comment)


def language_switch() -> str:
    """Draw the language switch in the sidebar and return the language now in force."""
    st.session_state.setdefault(LANGUAGE_KEY, DEFAULT_LANGUAGE)
    return st.sidebar.radio(
        t("app.language", language()),
        options=list(LANGUAGES),
        format_func=lambda code: LANGUAGES[code],
        horizontal=True,
        key=LANGUAGE_KEY,
    )


@st.cache_resource(show_spinner=False)
def _open_store(
    store: str, vocabulary_dir: str, username: str | None, database: str | None, _settings: Settings
) -> GraphStore:
    """The store of these settings, shared by every session of this process.

    The primitive arguments are the cache key (``_settings`` is not hashed). A failure is not cached, so
    the next run tries again, e.g. once the Neo4j server is up.
    """
    return open_store(_settings)


def store_or_error(lang: str) -> GraphStore | None:
    """The store named by the environment (read here, once per run), or None after telling the user
    what failed and what to check."""
    try:
        settings = Settings.from_env()
        store = _open_store(
            settings.store, str(settings.vocabulary_dir), settings.neo4j_username, settings.neo4j_database, settings
        )
        # ``location`` is credential-free by contract, so it may be shown.
        st.sidebar.caption(t("app.store", lang, location=markdown_literal(store.location)))
        return store
    except IntegraNetError as exc:
        st.error(t("error.store_unavailable", lang, detail=markdown_literal(exc)), icon=":material/error:")
        st.info(t("error.store_hint", lang))
    except ImportError as exc:
        # A backend whose driver package is not installed.
        st.error(t("error.backend_missing", lang, detail=markdown_literal(exc)), icon=":material/error:")
    return None


def render_guarded(store: GraphStore, lang: str, draw: Callable[[], None]) -> None:
    """Draw a page's body with ``draw`` unless ``store`` is empty, which gives a hint how to fill it.

    Store errors become an ``st.error`` that says what failed and a hint what to check; other IntegraNet
    errors an ``st.error``.
    """
    try:
        if store.is_empty():
            st.info(t("empty.body", lang, location=markdown_literal(store.location)), icon=":material/info:")
            return
        draw()
    except StoreError as exc:
        st.error(t("error.read_failed", lang, detail=markdown_literal(exc)), icon=":material/error:")
        st.info(t("error.store_hint", lang))
    except IntegraNetError as exc:
        st.error(t("error.read_failed", lang, detail=markdown_literal(exc)), icon=":material/error:")
