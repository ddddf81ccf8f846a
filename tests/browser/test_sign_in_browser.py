"""Signing in through a real OpenID Connect provider in a real headless Chromium: ``oidc-provider-mock`` (from
PyPI) runs in the test process as the office's identity provider; the dashboard runs with an ``[auth]`` section
pointing at it and a roles file. A viewer signs in and finds no edit control, and a write reached by the data
page's address is refused; an editor signs in, edits an actor, and the edit is in the history under the editor's
e-mail address.

Needs ``/usr/bin/chromium``; without it these tests skip, or fail when ``REQUIRE_BROWSER=1``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.model.access import RoleAssignments
from graph.model.changes import ChangeMeta
from graph.model.roles_file import RolesFile, write_roles
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.store.embedded import EmbeddedStore
from importers.seed import seed
from tests.support import free_port, running_dashboard

pytestmark = pytest.mark.browser

WAIT_MS = 30_000
VHS = "vhs-lb"
VIEWER, EDITOR = "vera@amt.example", "ed@amt.example"
NOTE = "Im Browser nach Anmeldung bearbeitet"


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The identity provider, and the dashboard signed in through it over a seeded store of its own."""
    from oidc_provider_mock import User, run_server_in_thread

    folder = tmp_path_factory.mktemp("sign-in")
    store_path = folder / "store.sqlite"
    vocabulary = Vocabulary.load(DATA_DIR / "vocabularies")
    with EmbeddedStore(store_path, vocabulary) as store:
        seed(store, vocabulary, DATA_DIR / "ludwigsburg")
    users = [User(sub="vera", claims={"email": VIEWER, "name": "Vera Viewer", "groups": ["integration-lesen"]}),
             User(sub="ed", claims={"email": EDITOR, "name": "Ed Editor", "groups": []})]
    roles = folder / "roles.toml"
    write_roles(roles, RolesFile(RoleAssignments({EDITOR: "editor"}, {"integration-lesen": "viewer"})),
                ChangeMeta.local("roles"))
    with run_server_in_thread(user_claims=users) as provider:
        port = free_port()
        (folder / ".streamlit").mkdir()
        (folder / ".streamlit" / "secrets.toml").write_text(f"""[auth]
redirect_uri = "http://localhost:{port}/oauth2callback"
cookie_secret = "a-test-cookie-secret-that-is-long-enough-0123456789"
client_id = "integranet"
client_secret = "integranet-secret"
server_metadata_url = "http://localhost:{provider.server_port}/.well-known/openid-configuration"
""", encoding="utf-8")
        with running_dashboard(store_path, folder, port=port, env_extra={"INTEGRANET_ROLES": str(roles)}):
            yield f"http://localhost:{port}", store_path


def _wait_for_text(page: Any, text: str) -> None:
    page.wait_for_function("text => document.body.innerText.includes(text)", arg=text, timeout=WAIT_MS)


def _settled(page: Any) -> None:
    page.wait_for_function("() => document.querySelector('[data-testid=stApp]')"
                           ".getAttribute('data-test-script-state') === 'notRunning'", timeout=WAIT_MS)


def _sign_in(browser: Any, url: str, sub: str) -> Any:
    page = browser.new_context(viewport={"width": 1440, "height": 1400}).new_page()
    page.goto(url)
    _wait_for_text(page, "Melden Sie sich mit Ihrem Dienstkonto an")
    page.locator("button", has_text="Anmelden").first.click()
    page.wait_for_selector(f'button[name="sub"][value="{sub}"]', timeout=WAIT_MS)  # the provider's own page
    page.locator(f'button[name="sub"][value="{sub}"]').click()
    _wait_for_text(page, "Angemeldet als")
    _settled(page)
    return page


def test_a_viewer_signs_in_sees_no_edit_control_and_is_refused_a_write(browser: Any,
                                                                       office: tuple[str, Path]) -> None:
    url, _ = office
    page = _sign_in(browser, url, "vera")
    assert "Rolle: Lesen" in page.inner_text("[data-testid=stSidebar]")
    page.goto(f"{url}/actor?id={VHS}")
    _wait_for_text(page, "Volkshochschule")
    _settled(page)
    assert page.locator('[data-testid="stPageLink-NavLink"]', has_text="Bearbeiten oder löschen").count() == 0
    page.goto(f"{url}/data?table=actors&id={VHS}")  # the edit form's address, typed by hand
    _wait_for_text(page, "darf hier lesen, aber nichts ändern")
    _settled(page)
    assert page.locator('[data-testid="stMain"] button', has_text="Änderungen prüfen").count() == 0
    assert page.locator('[data-testid="stMain"] input').count() == 0
    page.close()


def test_an_editor_signs_in_and_the_edit_lands_in_the_history_under_their_name(browser: Any,
                                                                              office: tuple[str, Path]) -> None:
    url, store_path = office
    page = _sign_in(browser, url, "ed")
    page.goto(f"{url}/data?table=actors&id={VHS}")
    _wait_for_text(page, f"Nur {VHS} wird bearbeitet")
    page.get_by_label("Bemerkungen", exact=True).fill(NOTE)
    page.locator('[data-testid="stMain"] button', has_text="Änderungen prüfen").first.click()
    _wait_for_text(page, "Was das Speichern ändert")
    _settled(page)
    page.get_by_text("Ja, diese Änderungen speichern", exact=True).click()
    page.locator('[data-testid="stMain"] button', has_text="Speichern").first.click()
    _wait_for_text(page, "Gespeichert: 1 Fakt(en)")
    with EmbeddedStore(store_path, Vocabulary.load(DATA_DIR / "vocabularies")) as store:
        actor = store.get_actor(VHS)
        newest = store.change_sets(limit=1)[0]
    assert actor is not None and actor.properties.get("notes") == NOTE
    assert (newest.who, newest.action) == (EDITOR, "edit")
    page.close()
