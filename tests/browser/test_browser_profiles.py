"""The profile pages in a real headless Chromium against a running dashboard: what only a browser shows.

Links between profiles keep the session (the chosen language) and update the address bar, so the Back
button and a copied address work; user text shows literally and never runs. Needs ``/usr/bin/chromium``;
without it these tests skip, or fail when ``REQUIRE_BROWSER=1``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.model.domain import Actor, Relation
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.store.embedded import EmbeddedStore
from importers.seed import seed
from tests.support import running_dashboard

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = "<img src=x onerror=window.__xss=1> </script><script>window.__xss=1</script> href"
WAIT_MS = 30_000


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard on a free local port over the bundled data plus one actor with a hostile name."""
    folder = tmp_path_factory.mktemp("browser-profiles")
    store_path = folder / "store.sqlite"
    vocabulary = Vocabulary.load(DATA_DIR / "vocabularies")
    with EmbeddedStore(store_path, vocabulary) as store:
        seed(store, vocabulary, DATA_DIR / "ludwigsburg")
        store.upsert_actors([Actor("hostile", HOSTILE, "migrant_organisation", municipality="ags-08118003",
                                   town="Asperg", provenance=HOSTILE, properties={"notes": HOSTILE})])
        store.upsert_relations([Relation("hostile", "exchanges_with", "vhs-lb", note=HOSTILE, provenance=HOSTILE)])
    with running_dashboard(store_path, folder) as url:
        yield url


def open_page(browser: Any, url: str) -> Any:
    page = browser.new_page(viewport={"width": 1440, "height": 1600})
    page.goto(url)
    page.wait_for_selector("h2", timeout=WAIT_MS)
    return page


def wait_for_heading(page: Any, level: str, text: str) -> None:
    page.wait_for_function(
        "([level, text]) => Array.from(document.querySelectorAll(level)).some(h => h.innerText.trim() === text)",
        arg=[level, text], timeout=WAIT_MS,
    )


def test_profile_links_keep_the_language_and_update_the_address(browser: Any, dashboard: str) -> None:
    page = open_page(browser, f"{dashboard}/actor?id=lra-asyl-migration")
    wait_for_heading(page, "h2", "Landratsamt Ludwigsburg – Fachbereich Asyl und Migration")
    page.get_by_text("English", exact=True).click()
    wait_for_heading(page, "h1", "Actor profile")

    # A tie's link, used from the keyboard.
    page.locator('[data-testid="stPageLink-NavLink"]', has_text="Kornwestheim").first.focus()
    page.keyboard.press("Enter")
    wait_for_heading(page, "h2", "Kornwestheim")
    assert page.evaluate("window.location.href").endswith("/actor?id=ags-08118046")
    wait_for_heading(page, "h1", "Actor profile")  # still English: the session was kept

    page.go_back()
    wait_for_heading(page, "h2", "Landratsamt Ludwigsburg – Fachbereich Asyl und Migration")
    assert page.evaluate("window.location.href").endswith("/actor?id=lra-asyl-migration")

    # The seat's link opens the municipality profile.
    page.locator('[data-testid="stPageLink-NavLink"]', has_text="Ludwigsburg").first.click()
    wait_for_heading(page, "h1", "Municipality profile")
    wait_for_heading(page, "h2", "Ludwigsburg")
    assert page.evaluate("window.location.href").endswith("/municipality?id=ags-08118048")
    page.close()


def test_hostile_text_shows_literally_and_never_runs(browser: Any, dashboard: str) -> None:
    page = open_page(browser, f"{dashboard}/actor?id=hostile")
    wait_for_heading(page, "h2", HOSTILE)
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert body.count(HOSTILE) >= 3  # heading, notes, provenance (and the tie table)
    assert page.locator('[data-testid="stMain"] img[src="x"]').count() == 0
    page.locator('[data-testid="stMain"] iframe').first.hover()
    assert page.evaluate("window.__xss") is None
    frame = page.frames[-1]
    assert frame.evaluate("window.__xss") is None

    page.goto(f"{dashboard}/municipality?id=ags-08118003")
    wait_for_heading(page, "h2", "Asperg")
    # The actor seated in Asperg, listed with a link to its profile (the page is complete once it is there).
    page.wait_for_function("text => document.querySelector('[data-testid=stMain]').innerText.includes(text)",
                           arg=HOSTILE, timeout=WAIT_MS)
    assert page.evaluate("window.__xss") is None
    page.close()
