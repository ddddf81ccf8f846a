"""What every page of a run needs: the chosen language, the opened store and the guard around its body.

The store is opened once per process and location (``st.cache_resource``) from settings read from the
environment; a failure is shown as an ``st.error`` that says what failed and what to check, never as a
traceback. ``st.session_state`` holds only the language choice (and the pages' widget selections).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dashboard.i18n import DEFAULT_LANGUAGE, LANGUAGES, markdown_literal, t
from dashboard.sign_in import can, current_person, role_name
from graph.archive import personal_properties
from graph.errors import AccessDeniedError, IntegraNetError, StoreError
from graph.model.access import PERMISSIONS
from graph.model.changes import ChangeMeta
from graph.settings import Settings
from graph.store import GraphStore, open_store

__all__ = [
    "LANGUAGE_KEY", "author", "language", "language_switch", "permitted", "personal_names", "refusal",
    "render_guarded", "store_name", "store_or_error",
]

#: The session-state key of the language switch.
LANGUAGE_KEY = "language"


def language() -> str:
    """The language the user chose in this session, German until they choose another."""
    chosen = st.session_state.get(LANGUAGE_KEY, DEFAULT_LANGUAGE)
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def author(action: str, source: str = "", comment: str = "") -> ChangeMeta:
    """Who makes a change from this session, for its change set, with their role, which the library checks:
    the signed-in person (e-mail address) where the dashboard has a sign-in, otherwise the person at this
    computer, who owns the store."""
    person = current_person()
    return ChangeMeta(person.who, action, source, comment, role=person.role)


def permitted(permission: str, lang: str) -> bool:
    """True when this session's person may ``permission``; else say so (their role, the role it needs) and
    return False, so the page leaves out what that permission would do."""
    if can(permission):
        return True
    person = current_person()
    st.info(t("auth.read_only", lang, role=role_name(person.role, lang),
              needed=role_name(PERMISSIONS[permission], lang)), icon=":material/visibility:")
    return False


def personal_names(store: GraphStore) -> frozenset[str]:
    """The properties that hold personal data: contact person, e-mail, phone, and any the schema declares."""
    return personal_properties(store)


def store_name(store: GraphStore, lang: str) -> str:
    """A name for ``store`` to show on a page: no folder, no host, no account."""
    if store.kind == "neo4j":
        return t("app.store_neo4j", lang, name=store.display_name)
    return t("app.store_embedded", lang, name=store.display_name)


def refusal(exc: AccessDeniedError, lang: str) -> None:
    """Say that this person's role does not allow what they tried, which role does, and whom to ask."""
    st.error(t("auth.refused", lang, role=role_name(exc.role, lang), needed=role_name(exc.needed, lang)),
             icon=":material/block:")


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
        st.sidebar.caption(t("app.store", lang, location=markdown_literal(store_name(store, lang))))
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
            st.info(t("empty.body", lang, location=markdown_literal(store_name(store, lang))),
                    icon=":material/info:")
            return
        draw()
    except AccessDeniedError as exc:
        refusal(exc, lang)
    except StoreError as exc:
        st.error(t("error.read_failed", lang, detail=markdown_literal(exc)), icon=":material/error:")
        st.info(t("error.store_hint", lang))
    except IntegraNetError as exc:
        st.error(t("error.read_failed", lang, detail=markdown_literal(exc)), icon=":material/error:")
