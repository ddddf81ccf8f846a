"""One exception hierarchy for IntegraNet.

Library code raises these; only the edges (the command line, the dashboard) turn them into words and exit
codes. Every error carries a message a user can act on.
"""

from __future__ import annotations

__all__ = [
    "AccessDeniedError",
    "BackupError",
    "ChangeConflictError",
    "ChangeSetNotFoundError",
    "ConfigurationError",
    "ExportError",
    "IntegraNetError",
    "InvalidInputError",
    "SnapshotError",
    "StoreError",
    "StoreUnavailableError",
    "StoreWriteError",
    "UnknownReferenceError",
    "VocabularyError",
]


class IntegraNetError(Exception):
    """Base of every error IntegraNet raises on purpose."""

    exit_code = 1


class ConfigurationError(IntegraNetError):
    """A setting or an argument is wrong (a bad store URI, an unknown option value)."""

    exit_code = 2


class VocabularyError(IntegraNetError):
    """A vocabulary file is malformed, or a value is not in the vocabulary."""

    exit_code = 1


class StoreError(IntegraNetError):
    """The store could not do what was asked."""

    exit_code = 3


class StoreUnavailableError(StoreError):
    """The store cannot be reached or opened (server down, wrong credentials, unreadable file)."""

    exit_code = 3


class StoreWriteError(StoreError):
    """A write failed; the transaction that carried it was rolled back."""

    exit_code = 3


class UnknownReferenceError(StoreError):
    """A write refers to an actor or field of action that is neither in the batch nor in the store.

    The whole batch is rolled back.
    """

    exit_code = 1

    def __init__(self, message: str, missing: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.missing = missing


class ChangeConflictError(StoreError):
    """A change (an edit, a merge, an undo) meets facts that others changed since it was planned; nothing is
    written. ``facts`` names them (kind, key), ``later`` the ids of the change sets that touched them."""

    exit_code = 4

    def __init__(self, message: str, facts: tuple[tuple[str, str], ...] = (), later: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.facts = facts
        self.later = later


class EditConflictError(ChangeConflictError):
    """An edit meets facts whose version changed since the editor read them (someone else saved in between): the
    check ran in the write's own transaction, and nothing was written. ``facts`` names them, ``later`` the change
    sets that touched them (the newest last: its author and time are in the message)."""


class ChangeSetNotFoundError(StoreError):
    """No change set has the id asked for."""

    exit_code = 1


class InvalidInputError(IntegraNetError):
    """Input files have errors; nothing was written. ``problems`` lists them."""

    exit_code = 1

    def __init__(self, message: str, problems: tuple[object, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems


class ExportError(IntegraNetError):
    """An export could not be written (an unknown format, a folder that cannot be created)."""

    exit_code = 1


class SnapshotError(IntegraNetError):
    """A snapshot cannot be found, read or written; the message says which and what to do."""

    exit_code = 1


class BackupError(IntegraNetError):
    """A backup file cannot be read (damaged, foreign, of a newer format) or restored (a target that is not
    empty); nothing was written. The message says what is wrong and what to do."""

    exit_code = 1


class AccessDeniedError(IntegraNetError):
    """The acting person's role does not allow what was asked; nothing was written. ``who``, ``role`` (empty for
    none), ``permission`` and ``needed`` (the least role that has it) say who was refused what."""

    exit_code = 5

    def __init__(self, who: str, role: str, permission: str, needed: str) -> None:
        shown = f"{who} ({role})" if role else f"{who} (no role)"
        super().__init__(f"{shown.strip()} may not {permission.replace('_', ' ')}: that needs the role {needed}; "
                         "ask an admin of the office to assign it")
        self.who, self.role, self.permission, self.needed = who, role, permission, needed
