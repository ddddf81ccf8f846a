"""Roles and what each may do: the one place that says whether a person may read personal data or write.

Three roles, each allowed everything of the one before it:

- *viewer* reads everything except personal data;
- *editor* also reads personal data, changes data, imports, creates snapshots;
- *admin* also assigns roles, deletes snapshots, erases personal data, backs up and restores.

No role means no access. Which person has which role is data (:class:`RoleAssignments`, by e-mail address or
by a group claim of the identity provider), kept where the office keeps its settings and edited by an admin.
The library checks the role where data is written (:func:`require`): every write takes the acting person's
:class:`~graph.model.changes.ChangeMeta` with its role, so a write reached past the dashboard's buttons is
refused as well. Where nobody signs in (the command line, the single-user dashboard on this computer) the
person at the computer owns the store and acts as admin.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from graph.errors import AccessDeniedError

__all__ = [
    "ADMIN", "EDITOR", "PERMISSIONS", "ROLES", "VIEWER", "RoleAssignments", "allows", "require",
]

VIEWER, EDITOR, ADMIN = "viewer", "editor", "admin"
#: The roles, from least to most allowed.
ROLES = (VIEWER, EDITOR, ADMIN)

#: Each permission and the least role that has it.
PERMISSIONS: Mapping[str, str] = {
    "read": VIEWER,
    "read_personal": EDITOR,
    "edit": EDITOR,  # every write of facts: an edit, a delete, an import, a merge, an undo, a confirmation
    "snapshot_create": EDITOR,
    "snapshot_delete": ADMIN,
    "erase": ADMIN,
    "backup": ADMIN,
    "restore": ADMIN,
    "roles": ADMIN,
}


def allows(role: str | None, permission: str) -> bool:
    """True when ``role`` has ``permission``; False for no role or an unknown one.

    >>> allows("editor", "edit"), allows("viewer", "edit"), allows(None, "read")
    (True, False, False)

    Raises KeyError for a permission that does not exist (a typo must not quietly refuse or allow).
    """
    least = PERMISSIONS[permission]
    return role in ROLES and ROLES.index(role) >= ROLES.index(least)


def require(role: str | None, permission: str, who: str = "") -> None:
    """Return when ``role`` has ``permission``; else raise :class:`~graph.errors.AccessDeniedError` saying who
    was refused what and which role it needs. Nothing has been written when it raises."""
    if not allows(role, permission):
        raise AccessDeniedError(who, role or "", permission, PERMISSIONS[permission])


@dataclass(frozen=True)
class RoleAssignments:
    """Who has which role: by e-mail address (compared without case) and by group (a claim of the identity
    provider, e.g. ``groups``). A person with several matches gets the most allowed role."""

    by_email: Mapping[str, str] = field(default_factory=dict)
    by_group: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for role in (*self.by_email.values(), *self.by_group.values()):
            if role not in ROLES:
                raise ValueError(f"{role!r} is no role; the roles are {', '.join(ROLES)}")
        object.__setattr__(self, "by_email", {k.strip().casefold(): v for k, v in self.by_email.items()})

    def role_of(self, email: str | None, groups: Iterable[str] = ()) -> str | None:
        """The role of a signed-in person, or None (no access).

        >>> RoleAssignments({"A@amt.de": "editor"}, {"it": "admin"}).role_of("a@amt.de", ["it"])
        'admin'
        """
        found = [self.by_email.get((email or "").strip().casefold())] + [self.by_group.get(g) for g in groups]
        given = [r for r in found if r]
        return max(given, key=ROLES.index) if given else None
