"""Sign-in and roles on the dashboard, with Streamlit's AppTest against a real embedded store and a real roles
file: where ``[auth]`` is configured nothing shows before the sign-in, a person without a role gets no access,
a viewer sees no edit control and no personal data, an editor edits under their own name, only an admin assigns
roles, and a write forged past the hidden buttons is refused by the library with a clear message.

(The sign-in itself, through a real OpenID Connect provider, is the browser test
``tests/browser/test_sign_in_browser.py``.)
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph.model.access import RoleAssignments
from graph.model.changes import ChangeMeta
from graph.model.domain import Actor, GraphBatch
from graph.model.roles_file import RolesFile, read_roles, write_roles
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard" / "app.py"
AUTH = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                 "client_id": "integranet", "client_secret": "s", "server_metadata_url": "http://localhost:1/x"}}
VIEWER = {"is_logged_in": True, "email": "vera@amt.example", "name": "Vera Viewer", "groups": ["lesende"]}
EDITOR = {"is_logged_in": True, "email": "ed@amt.example", "name": "Ed Editor"}
ADMIN_USER = {"is_logged_in": True, "email": "ada@amt.example", "name": "Ada Admin"}

pytestmark = pytest.mark.usefixtures("fresh_caches")


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store with one actor that has a contact person, and a roles file: viewers by group, an editor and an
    admin by e-mail address."""
    path = tmp_path / "office.sqlite"
    with EmbeddedStore(path, Vocabulary.load(DATA_DIR / "vocabularies")) as store:
        for contact, action in (("Petra Persönlich", "import"), ("Paula Privat", "edit")):
            vhs = Actor("vhs", "Volkshochschule", "course_provider", provenance="https://x.example",
                        properties={"contact": contact, "email": "petra@vhs.example"})
            store.write(GraphBatch(actors=(vhs,)), ChangeMeta.local(action))
    roles = tmp_path / "roles.toml"
    write_roles(roles, RolesFile(RoleAssignments({"ed@amt.example": "editor", "ada@amt.example": "admin"},
                                                 {"lesende": "viewer"})), ChangeMeta.local("roles"))
    monkeypatch.setenv("INTEGRANET_STORE", str(path))
    monkeypatch.setenv("INTEGRANET_ROLES", str(roles))
    monkeypatch.delenv("INTEGRANET_HOME_ORGANISATION", raising=False)
    return path


def _app(user: dict[str, object], page: str | None = None, **query: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.secrets.update(AUTH)
    at.user = dict(user)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page is not None:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _texts(at: AppTest) -> str:
    parts = [m.value for m in (*at.markdown, *at.info, *at.error, *at.warning, *at.caption, *at.success)]
    return "\n".join(str(p) for p in parts).replace("\\", "")  # Markdown escapes: "a\\@b\\.de"


def test_nothing_shows_before_the_sign_in(office: Path) -> None:
    at = _app({"is_logged_in": False})
    assert [b.label for b in at.button] == ["Anmelden"]
    assert "Volkshochschule" not in _texts(at)
    assert not at.dataframe


def test_a_signed_in_person_without_a_role_gets_no_access(office: Path) -> None:
    at = _app({"is_logged_in": True, "email": "nobody@amt.example"})
    assert "keine Rolle" in at.error[0].value and "nobody@amt.example" in _texts(at)
    assert [b.label for b in at.button] == ["Abmelden"]
    assert "Volkshochschule" not in _texts(at)


def test_a_broken_roles_file_grants_nobody_access_and_does_not_show_its_path(office: Path, tmp_path: Path) -> None:
    (tmp_path / "roles.toml").write_text('[emails]\n"ed@amt.example" = "superuser"\n', encoding="utf-8")
    at = _app(EDITOR)
    assert at.error and "keine Rolle" in at.error[0].value
    assert str(tmp_path) not in _texts(at)


def test_a_viewer_sees_no_edit_control_and_no_personal_data(office: Path) -> None:
    at = _app(VIEWER, "views/actor.py", id="vhs")
    assert "Vera Viewer" not in _texts(at) and "vera@amt.example" in _texts(at)  # the sidebar names the e-mail
    assert not at.toggle, "the switch that shows personal data is not offered to a viewer"
    assert "Paula" not in _texts(at)
    links = [p.label for p in at.get("page_link")]
    assert not any("earbeiten" in str(label) for label in links), links
    at.switch_page("views/data.py").run()  # reached by its address
    assert not at.dataframe, "no table editor for a viewer"
    assert "Ihre Rolle (Lesen) darf hier lesen" in _texts(at)
    assert "Petra" not in _texts(at)


def test_a_viewer_sees_the_history_without_personal_values_and_without_undo(office: Path) -> None:
    with EmbeddedStore(office, Vocabulary.load(DATA_DIR / "vocabularies")) as store:
        newest = store.change_sets()[0].id
    at = _app(VIEWER, "views/history.py", id=newest)
    facts = at.dataframe[1].value
    assert "Petra Persönlich" not in facts.to_string() and "Paula Privat" not in facts.to_string()
    assert "(personenbezogen, verborgen)" in facts.to_string()
    assert not [b for b in at.button if "rückgängig" in str(b.label).lower()]
    at = _app(EDITOR, "views/history.py", id=newest)
    assert "Paula Privat" in at.dataframe[1].value.to_string()


def test_roles_are_for_admins_only(office: Path, tmp_path: Path) -> None:
    at = _app(EDITOR)
    at.switch_page("views/roles.py").run()  # reached by its address
    assert "Nicht ausgeführt" in at.error[0].value and "Verwaltung" in at.error[0].value
    assert not at.dataframe
    at = _app(ADMIN_USER, "views/roles.py")
    assert len(at.dataframe) == 2, "the two role tables, by e-mail address and by group"
    at.text_input[0].set_value("roles")
    next(b for b in at.button if b.label == "Rollen speichern").click().run()
    assert not at.exception, [e.value for e in at.exception]
    saved = read_roles(tmp_path / "roles.toml")
    assert saved.group_claim == "roles"
    assert saved.assignments.by_email == {"ed@amt.example": "editor", "ada@amt.example": "admin"}
    assert "Saved by ada@amt.example" in (tmp_path / "roles.toml").read_text(encoding="utf-8")


def _forged_write() -> None:
    """A page that writes whatever the role: the library must refuse a viewer and say so in words."""
    from dashboard.session import author, render_guarded, store_or_error
    from graph.model.domain import Actor, GraphBatch

    store = store_or_error("de")
    assert store is not None
    render_guarded(store, "de", lambda: store.write(GraphBatch(actors=(
        Actor("forged", "Gefälscht", "course_provider", provenance="x"),)), author("edit")))


def test_a_forged_write_of_a_viewer_is_refused_in_words_and_writes_nothing(office: Path) -> None:
    at = AppTest.from_function(_forged_write, default_timeout=60)
    at.secrets.update(AUTH)
    at.user = dict(VIEWER)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Nicht ausgeführt: Ihre Rolle (Lesen)" in at.error[0].value
    with EmbeddedStore(office, Vocabulary.load(DATA_DIR / "vocabularies")) as store:
        assert store.get_actor("forged") is None
        assert all(c.who != "vera@amt.example" for c in store.change_sets())


def test_an_editors_edit_lands_in_the_history_under_their_name(office: Path) -> None:
    at = AppTest.from_function(_forged_write, default_timeout=60)
    at.secrets.update(AUTH)
    at.user = dict(EDITOR)
    at.run()
    assert not at.exception and not at.error
    with EmbeddedStore(office, Vocabulary.load(DATA_DIR / "vocabularies")) as store:
        assert store.get_actor("forged") is not None
        newest = store.change_sets()[0]
        assert (newest.who, newest.action) == ("ed@amt.example", "edit")


def test_without_a_sign_in_the_person_at_the_computer_is_admin(office: Path) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    at.switch_page("views/roles.py").run()
    assert not at.exception
    assert any("keine Anmeldung" in i.value for i in at.info)
