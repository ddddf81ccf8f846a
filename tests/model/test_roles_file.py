"""The roles file: read back as written, a broken one named with its line and column, a missing one meaning
nobody has a role, and saved only by an admin."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import AccessDeniedError, ConfigurationError
from graph.model.access import RoleAssignments
from graph.model.changes import ChangeMeta
from graph.model.roles_file import RolesFile, read_roles, write_roles


def test_written_roles_read_back_and_decide_by_email_and_group(tmp_path: Path) -> None:
    path = tmp_path / "conf" / "roles.toml"
    roles = RolesFile(RoleAssignments({'Anna "A" <x>@amt.example': "admin"}, {"planung\n": "editor"}), "roles")
    write_roles(path, roles, ChangeMeta("ada@amt.example", "roles", role="admin"))
    again = read_roles(path)
    assert again == roles
    assert again.role_of({"email": 'anna "a" <x>@amt.example'}) == "admin"
    assert again.role_of({"email": "b@amt.example", "roles": ["planung\n"]}) == "editor"
    assert again.role_of({"email": "b@amt.example", "groups": ["planung\n"]}) is None  # the claim is "roles"


def test_a_missing_file_gives_nobody_a_role(tmp_path: Path) -> None:
    assert read_roles(tmp_path / "none.toml").role_of({"email": "a@b.de"}) is None


def test_a_broken_file_is_named_with_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "roles.toml"
    path.write_text('[emails]\n"a@b.de" = editor\n', encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"roles\.toml.*line 2, column 12"):
        read_roles(path)
    path.write_text('[emails]\n"a@b.de" = "boss"\n', encoding="utf-8")
    with pytest.raises(ConfigurationError, match="'boss'; the roles are viewer, editor, admin"):
        read_roles(path)


@pytest.mark.parametrize("role", ["viewer", "editor", None])
def test_only_an_admin_saves_roles(tmp_path: Path, role: str | None) -> None:
    path = tmp_path / "roles.toml"
    path.write_text("# before\n", encoding="utf-8")
    with pytest.raises(AccessDeniedError, match="needs the role admin"):
        write_roles(path, RolesFile(RoleAssignments({"me@b.de": "admin"})), ChangeMeta("me@b.de", "roles", role=role))
    assert path.read_text(encoding="utf-8") == "# before\n"
