"""The roles page (``/roles``, admins only): who may do what, by e-mail address or by a group of the
identity provider, saved to the roles file (:mod:`graph.model.roles_file`).

The page is in the navigation only for admins; reached by its address without the role it shows a refusal,
and the library refuses the save as well (:func:`~graph.model.roles_file.write_roles` checks the role).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.i18n import markdown_literal, t
from dashboard.session import author, refusal
from dashboard.sign_in import can, current_roles, role_name, roles_path, sign_in_configured
from graph.errors import AccessDeniedError, ConfigurationError
from graph.model.access import ROLES, RoleAssignments
from graph.model.roles_file import RolesFile, write_roles

__all__ = ["render"]

_DONE_KEY = "roles_done"


def _rows(table: dict[str, str], column: str, lang: str) -> pd.DataFrame:
    # A frame, not a list: an empty table must still have its two columns to add rows to.
    role = t("roles.column_role", lang)
    return pd.DataFrame([{column: key, role: value} for key, value in sorted(table.items())],
                        columns=[column, role], dtype="object")


def _table(rows: pd.DataFrame, column: str, lang: str) -> dict[str, str]:
    """The edited rows as name → role; rows without a name are dropped, a missing role is an error."""
    found: dict[str, str] = {}
    for row in rows.to_dict("records"):
        name = str(row.get(column) or "").strip()
        role = row.get(t("roles.column_role", lang))
        role = role if isinstance(role, str) else None  # an empty cell is NaN or None
        if not name:
            continue
        if role not in ROLES:
            raise ConfigurationError(t("roles.no_role_chosen", lang, name=name))
        found[name] = str(role)
    return found


def render(lang: str) -> None:
    """Draw the page (below its title)."""
    if not can("roles"):
        refusal(AccessDeniedError("", "", "roles", "admin"), lang)
        return
    if not sign_in_configured():
        st.info(t("roles.single_user", lang), icon=":material/info:")
    if done := st.session_state.pop(_DONE_KEY, None):
        st.success(done, icon=":material/check:")
    try:
        roles = current_roles()
    except ConfigurationError as exc:
        st.error(t("roles.broken", lang, detail=markdown_literal(exc)), icon=":material/error:")
        roles = RolesFile()
    st.caption(t("roles.intro", lang))
    email, group = t("roles.column_email", lang), t("roles.column_group", lang)
    config = {t("roles.column_role", lang): st.column_config.SelectboxColumn(
        options=list(ROLES), required=True, help=", ".join(f"{r}: {role_name(r, lang)}" for r in ROLES))}
    with st.form("roles_form"):
        st.subheader(t("roles.by_email", lang), anchor=False)
        emails = st.data_editor(_rows(dict(roles.assignments.by_email), email, lang), num_rows="dynamic",
                                column_config=config, hide_index=True, key="roles_emails", width="stretch")
        st.subheader(t("roles.by_group", lang), anchor=False)
        claim = st.text_input(t("roles.group_claim", lang), value=roles.group_claim,
                              help=t("roles.group_claim_help", lang))
        groups = st.data_editor(_rows(dict(roles.assignments.by_group), group, lang), num_rows="dynamic",
                                column_config=config, hide_index=True, key="roles_groups", width="stretch")
        pressed = st.form_submit_button(t("roles.save", lang), icon=":material/save:", type="primary")
    if not pressed:
        return
    try:
        new = RolesFile(RoleAssignments(_table(emails, email, lang), _table(groups, group, lang)),
                        claim.strip() or roles.group_claim)
        write_roles(roles_path(), new, author("roles"))
    except AccessDeniedError as exc:
        refusal(exc, lang)
        return
    except ConfigurationError as exc:
        st.error(markdown_literal(exc), icon=":material/error:")
        return
    except OSError as exc:
        st.error(t("roles.save_failed", lang, detail=markdown_literal(exc.strerror or exc)), icon=":material/error:")
        return
    st.session_state[_DONE_KEY] = t("roles.saved", lang, emails=len(new.assignments.by_email),
                                    groups=len(new.assignments.by_group))
    st.rerun()
