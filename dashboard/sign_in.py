"""Who is using the dashboard, and what they may do: Streamlit's own OpenID Connect sign-in and the roles file.

Without an ``[auth]`` section in Streamlit's secrets the dashboard is the single-user dashboard of this
computer (``integranet dashboard`` listens on the loopback address only): the person at the computer owns the
store and acts as admin, as on the command line. With ``[auth]`` every page first asks to sign in with the
office's identity provider (``st.login``); the signed-in person's role comes from the roles file
(:mod:`graph.model.roles_file`) by e-mail address or group claim, and no role means no access. The role
decides what a page shows (:func:`can`), and the library checks it again where data is written: every write
takes the :class:`~graph.model.changes.ChangeMeta` of :func:`current_person`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from dashboard.i18n import markdown_literal, t
from graph.errors import ConfigurationError
from graph.model.access import ADMIN, EDITOR, VIEWER, allows
from graph.model.changes import local_user
from graph.model.roles_file import RolesFile, read_roles
from graph.settings import Settings

__all__ = ["Person", "can", "current_person", "require_person", "role_name", "roles_path", "sign_in_configured"]


@dataclass(frozen=True)
class Person:
    """The person behind this session: who (e-mail address, or the local user), their role (None: no access),
    and whether they signed in through the identity provider."""

    who: str
    role: str | None
    signed_in: bool
    #: Why the role could not be determined (a broken roles file), for the no-access page.
    problem: str = ""


def role_name(role: str | None, lang: str) -> str:
    """The word for ``role`` in ``lang`` ("no role" for None or an unknown one)."""
    names = {VIEWER: t("auth.role_viewer", lang), EDITOR: t("auth.role_editor", lang),
             ADMIN: t("auth.role_admin", lang)}
    return names.get(role or "", t("auth.no_role_name", lang))


def sign_in_configured() -> bool:
    """True when Streamlit's secrets hold an ``[auth]`` section, i.e. the dashboard has a sign-in."""
    try:
        return bool(st.secrets.load_if_toml_exists() and "auth" in st.secrets)
    except FileNotFoundError:  # Streamlit's "no secrets" error is one
        return False


def roles_path() -> Path:
    """The roles file of this deployment (``INTEGRANET_ROLES``, else the user's configuration folder)."""
    return Settings.from_env().roles_path


@st.cache_data(show_spinner=False, max_entries=4)
def _read_roles(path: str, modified: int) -> RolesFile:
    """The roles file, read again whenever it changes (``modified`` is part of the cache key)."""
    return read_roles(Path(path))


def current_roles() -> RolesFile:
    """The roles now in force (raises :class:`~graph.errors.ConfigurationError` for a broken file)."""
    path = roles_path()
    try:
        modified = path.stat().st_mtime_ns
    except OSError:
        modified = 0
    return _read_roles(str(path), modified)


def current_person() -> Person:
    """The person of this session; the local user as admin where the dashboard has no sign-in."""
    if not sign_in_configured():
        return Person(local_user(), ADMIN, signed_in=False)
    if not st.user.is_logged_in:
        return Person("", None, signed_in=False)
    claims = {key: st.user.get(key) for key in st.user if key != "tokens"}
    who = str(claims.get("email") or claims.get("name") or claims.get("sub") or "")
    try:
        return Person(who, current_roles().role_of(claims), signed_in=True)
    except ConfigurationError as exc:
        return Person(who, None, signed_in=True, problem=str(exc))


def can(permission: str) -> bool:
    """True when the person of this session has ``permission`` (see :mod:`graph.model.access`)."""
    return allows(current_person().role, permission)


def require_person(lang: str) -> Person:
    """The person of this session, with their name and a sign-out in the sidebar; or, for nobody signed in
    or a person without a role, the page that says so and what to do, and the script stops there."""
    person = current_person()
    if person.role is not None:
        if person.signed_in:
            st.sidebar.caption(t("auth.signed_in_as", lang, who=markdown_literal(person.who),
                                 role=role_name(person.role, lang)))
            st.sidebar.button(t("auth.sign_out", lang), on_click=st.logout, icon=":material/logout:")
        return person
    st.title("IntegraNet")
    if not person.signed_in:
        st.markdown(t("auth.intro", lang))
        st.button(t("auth.sign_in", lang), on_click=st.login, type="primary", icon=":material/login:")
    else:
        st.error(t("auth.no_role", lang, who=markdown_literal(person.who)), icon=":material/block:")
        if person.problem:
            # The detail names a server path: the admin sees it on the roles page, not a person without access.
            st.warning(t("auth.roles_broken", lang), icon=":material/warning:")
        st.button(t("auth.sign_out", lang), on_click=st.logout, icon=":material/logout:")
    st.stop()
    raise AssertionError("st.stop() ends the script run")  # pragma: no cover
