"""The roles file: who has which role, as a TOML file the office keeps beside its settings.

An admin edits it on the dashboard's roles page (or by hand)::

    # Who may do what in IntegraNet: viewer, editor or admin. No entry means no access.
    group_claim = "groups"

    [emails]
    "anna.muster@landkreis.example" = "admin"

    [groups]
    "integration-planung" = "editor"

``group_claim`` names the claim of the identity provider's ID token that lists a person's groups (Keycloak and
Entra ID call it ``groups``; Entra ID can send ``roles`` instead). A missing file means nobody signed in has a
role, so a sign-in without a roles file grants no access. Reading is cheap and repeated on every page run, so
a change an admin saves takes effect at once for everyone.
"""

from __future__ import annotations

import json
import os
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from graph.errors import ConfigurationError
from graph.model.access import ROLES, RoleAssignments, require
from graph.model.changes import ChangeMeta

__all__ = ["DEFAULT_GROUP_CLAIM", "RolesFile", "read_roles", "write_roles"]

#: The claim that lists a person's groups when the file does not name one.
DEFAULT_GROUP_CLAIM = "groups"


@dataclass(frozen=True)
class RolesFile:
    """The content of a roles file: the assignments and the name of the group claim."""

    assignments: RoleAssignments = field(default_factory=RoleAssignments)
    group_claim: str = DEFAULT_GROUP_CLAIM

    def role_of(self, claims: Mapping[str, object]) -> str | None:
        """The role of a signed-in person from the claims of their ID token (``email`` and the group claim);
        None means no access.

        >>> RolesFile(RoleAssignments({}, {"planung": "editor"})).role_of({"email": "x@a.de", "groups": ["planung"]})
        'editor'
        """
        raw = claims.get(self.group_claim) or ()
        groups = [raw] if isinstance(raw, str) else [str(g) for g in raw] if isinstance(raw, list | tuple) else []
        email = claims.get("email")
        return self.assignments.role_of(str(email) if email else None, groups)


def _table(path: Path, data: Mapping[str, object], name: str) -> dict[str, str]:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise ConfigurationError(f"{path}: [{name}] must be a table of names and roles.")
    for key, role in table.items():
        if role not in ROLES:
            raise ConfigurationError(
                f"{path}: [{name}] {key!r} has the role {role!r}; the roles are {', '.join(ROLES)}. "
                "Correct the entry and save the file again.")
    return {str(k): str(v) for k, v in table.items()}


def read_roles(path: Path) -> RolesFile:
    """The roles in ``path``; an empty :class:`RolesFile` (nobody has a role) when the file does not exist.

    Raises :class:`~graph.errors.ConfigurationError`, naming the file, the line and column where TOML says so,
    for a file that cannot be read or holds something other than roles.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return RolesFile()
    except OSError as exc:
        raise ConfigurationError(f"{path}: the roles file cannot be read ({exc.strerror}).") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        # tomllib says "… (at line 3, column 7)"; the message keeps that position.
        raise ConfigurationError(f"{path}: the roles file is not valid TOML: {exc}. Correct it, "
                                 "or delete it and assign the roles again on the roles page.") from None
    claim = data.get("group_claim", DEFAULT_GROUP_CLAIM)
    if not isinstance(claim, str) or not claim.strip():
        raise ConfigurationError(f"{path}: group_claim must be the name of a claim, e.g. \"groups\".")
    return RolesFile(RoleAssignments(_table(path, data, "emails"), _table(path, data, "groups")), claim.strip())


def _toml_string(text: str) -> str:
    # A JSON string with ensure_ascii is a valid TOML basic string: the same escapes, no raw control characters.
    return json.dumps(text, ensure_ascii=True)


def write_roles(path: Path, roles: RolesFile, change: ChangeMeta) -> None:
    """Save ``roles`` to ``path`` atomically (a reader sees the old file or the new one, never half of one),
    when the acting person (``change``) may assign roles; else raise
    :class:`~graph.errors.AccessDeniedError` and leave the file as it was.

    The file is settings, not facts, so it is not part of a store's change history; its first line says who
    saved it and when.
    """
    require(change.role, "roles", change.who)
    lines = ["# Who may do what in IntegraNet: viewer, editor or admin. No entry means no access.",
             f"# Saved by {' '.join(change.who.split())} on {datetime.now(UTC).strftime('%Y-%m-%d %H:%M')} UTC.",
             f"group_claim = {_toml_string(roles.group_claim)}", "", "[emails]"]
    lines += [f"{_toml_string(k)} = {_toml_string(v)}" for k, v in sorted(roles.assignments.by_email.items())]
    lines += ["", "[groups]"]
    lines += [f"{_toml_string(k)} = {_toml_string(v)}" for k, v in sorted(roles.assignments.by_group.items())]
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
