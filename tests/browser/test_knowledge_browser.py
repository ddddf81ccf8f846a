"""The knowledge-graph pages (formats & events, offers, recommendations, search, the node profile) in a real
headless Chromium against a running dashboard, in German and English: what only a browser shows.

The timeline chart is drawn, links between the pages and profiles keep the session (the chosen language) and
update the address bar, the search box answers what is typed, and hostile names show literally and never run.
Each test writes its page's screenshot to ``docs/screenshots/`` (the README links them). Needs
``/usr/bin/chromium``; without it these tests skip, or fail when ``REQUIRE_BROWSER=1``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.model.domain import ILLUSTRATIVE, GraphBatch
from graph.model.knowledge import Link, Node
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.store.embedded import EmbeddedStore
from importers.seed import seed
from tests.support import running_dashboard

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
HOSTILE = '<img src=x onerror=window.__xss=1> </script><script>window.__xss=1</script> $x$ "q"'
WAIT_MS = 30_000
CONFERENCE = "event-integrationskonferenz-2020"


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard on a free local port over the bundled data, plus a demonstration recommendation (the
    bundled data has none) and a programme with a hostile name."""
    folder = tmp_path_factory.mktemp("browser-knowledge")
    store_path = folder / "store.sqlite"
    vocabulary = Vocabulary.load(DATA_DIR / "vocabularies")
    with EmbeddedStore(store_path, vocabulary) as store:
        seed(store, vocabulary, DATA_DIR / "ludwigsburg")
        store.write(GraphBatch(
            # The hostile text on a programme, which none of the listing pages shows: the screenshots stay clean.
            nodes=(Node("programme-hostile", "Programme", HOSTILE, HOSTILE,
                        properties={"kind": "project", "description": HOSTILE}),
                   Node("recommendation-example", "Recommendation", "Beispiel: Sprachkurse mit Kinderbetreuung",
                        ILLUSTRATIVE, properties={"status": "open", "description": "Eine Demonstrationsempfehlung"})),
            links=(Link("recommendation-example", "Recommendation", "CONCERNS", "language_education",
                        "FieldOfAction", ILLUSTRATIVE),
                   Link("vhs-lb", "Actor", "RESPONSIBLE_FOR", "recommendation-example", "Recommendation",
                        ILLUSTRATIVE),
                   Link("programme-hostile", "Programme", "FUNDED_BY", "sozialministerium-bw", "Actor", HOSTILE)),
        ))
    with running_dashboard(store_path, folder) as url:
        yield url


def open_page(browser: Any, url: str, title: str) -> Any:
    page = browser.new_page(viewport={"width": 1440, "height": 1600})
    page.goto(url)
    wait_for_heading(page, "h1", title)
    return page


def wait_for_heading(page: Any, level: str, text: str) -> None:
    page.wait_for_function(
        "([level, text]) => Array.from(document.querySelectorAll(level)).some(h => h.innerText.trim() === text)",
        arg=[level, text], timeout=WAIT_MS,
    )


def wait_for_text(page: Any, text: str) -> None:
    page.wait_for_function("text => document.querySelector('[data-testid=stMain]').innerText.includes(text)",
                           arg=text, timeout=WAIT_MS)


def to_english(page: Any, title: str) -> None:
    page.get_by_text("English", exact=True).click()
    wait_for_heading(page, "h1", title)


def screenshot(page: Any, name: str) -> None:
    """The page as the user sees it, written to docs/screenshots/ (settled: no script run under way)."""
    page.wait_for_function("() => document.querySelector('[data-testid=stApp]')"
                           ".getAttribute('data-test-script-state') === 'notRunning'", timeout=WAIT_MS)
    page.wait_for_timeout(500)  # charts and fonts finish drawing after the run
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name))
    assert (SCREENSHOTS / name).stat().st_size > 10_000


def test_formats_timeline_and_a_link_to_an_event_profile(browser: Any, dashboard: str) -> None:
    page = open_page(browser, f"{dashboard}/formats", "Formate & Veranstaltungen")
    wait_for_text(page, "Erste Integrationskonferenz des Landkreises Ludwigsburg")
    # The timeline is drawn (Vega renders into a canvas or an SVG inside the chart's element).
    page.wait_for_selector('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg',
                           timeout=WAIT_MS)
    body = page.locator('[data-testid="stMain"]').inner_text()
    for expected in ("Austauschtreffen", "Zweimal im Jahr", "Organisiert von", "Teile (5)", "09.11.2020 – 19.11.2020"):
        assert expected in body, expected
    screenshot(page, "formats-events-de.png")

    to_english(page, "Formats & events")
    wait_for_text(page, "Twice a year")
    screenshot(page, "formats-events-en.png")
    page.locator('[data-testid="stPageLink-NavLink"]', has_text="Erste Integrationskonferenz").first.click()
    wait_for_heading(page, "h1", "Profile")  # still English: the session was kept
    wait_for_heading(page, "h2", "Erste Integrationskonferenz des Landkreises Ludwigsburg")
    assert page.evaluate("window.location.href").endswith(f"/node?id={CONFERENCE}")
    page.close()


def test_offers_show_the_known_gaps_in_both_languages(browser: Any, dashboard: str) -> None:
    page = open_page(browser, f"{dashboard}/offers", "Angebote")
    wait_for_text(page, "Bekannte Lücken: bestätigt nicht angeboten (2)")
    wait_for_text(page, "Bestätigt nicht angeboten (bekannte Lücke)")  # in the table
    screenshot(page, "offers-de.png")
    to_english(page, "Offers")
    wait_for_text(page, "Known gaps: confirmed not offered (2)")
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert "Language mediators" in body and "the whole district" in body
    # The source of a gap is a real link.
    assert page.locator('[data-testid="stAlert"] a[href^="https://www.landkreis-ludwigsburg.de"]').count() >= 2
    screenshot(page, "offers-en.png")
    page.close()


def test_node_profile_links_both_ways_and_the_back_button(browser: Any, dashboard: str) -> None:
    page = open_page(browser, f"{dashboard}/node?id={CONFERENCE}", "Profil")
    wait_for_heading(page, "h2", "Erste Integrationskonferenz des Landkreises Ludwigsburg")
    wait_for_text(page, "ist Teil von (5)")
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert "09.11.2020" in body and "Konferenz" in body and "Zuletzt bestätigt" in body
    screenshot(page, "node-profile-de.png")
    # A part of the conference, from the keyboard.
    page.locator('[data-testid="stPageLink-NavLink"]', has_text="Auftaktveranstaltung").first.focus()
    page.keyboard.press("Enter")
    wait_for_heading(page, "h2", "Integrationskonferenz 2020 – Auftaktveranstaltung")
    assert "/node?id=event-integrationskonferenz-2020-auftakt" in page.evaluate("window.location.href")
    page.go_back()
    wait_for_heading(page, "h2", "Erste Integrationskonferenz des Landkreises Ludwigsburg")
    # The organiser's link opens the actor profile.
    page.locator('[data-testid="stPageLink-NavLink"]', has_text="Stabsstelle Integration").first.click()
    wait_for_heading(page, "h1", "Akteursprofil")
    assert page.evaluate("window.location.href").endswith("/actor?id=lra-stabsstelle-integration")
    wait_for_text(page, "Formate, Veranstaltungen, Angebote")
    to_english(page, "Actor profile")
    # The actor profile's section links on to the conference's profile, in the language chosen.
    page.locator('[data-testid="stPageLink-NavLink"]', has_text="Erste Integrationskonferenz").first.click()
    wait_for_heading(page, "h1", "Profile")
    wait_for_heading(page, "h2", "Erste Integrationskonferenz des Landkreises Ludwigsburg")
    wait_for_text(page, "is part of (5)")
    assert "2020-11-09" in page.locator('[data-testid="stMain"]').inner_text()
    screenshot(page, "node-profile-en.png")
    page.close()


def test_search_answers_what_is_typed(browser: Any, dashboard: str) -> None:
    page = open_page(browser, f"{dashboard}/search", "Suche")
    box = page.get_by_label("Akteure, Formate, Veranstaltungen, Angebote, Dokumente … suchen")
    box.fill("integrationskonferenz")
    box.press("Enter")
    wait_for_heading(page, "h3", "Veranstaltungen (6)")
    assert "q=integrationskonferenz" in page.evaluate("window.location.href")
    wait_for_heading(page, "h3", "Dokumente (2)")
    screenshot(page, "search-de.png")
    box.fill("vhs")
    box.press("Enter")
    wait_for_text(page, "Volkshochschule Ludwigsburg (vhs)")
    box.fill("sprachmittelnde")
    box.press("Enter")
    wait_for_text(page, "Grundqualifizierung")
    to_english(page, "Search")
    wait_for_heading(page, "h3", "Offers (1)")
    page.close()


def test_recommendations_and_hostile_text(browser: Any, dashboard: str) -> None:
    page = open_page(browser, f"{dashboard}/recommendations", "Empfehlungen")
    wait_for_text(page, "Beispiel: Sprachkurse mit Kinderbetreuung")
    wait_for_text(page, "Volkshochschule Ludwigsburg (vhs)")  # who is responsible
    screenshot(page, "recommendations-de.png")

    page.goto(f"{dashboard}/node?id=programme-hostile")
    wait_for_heading(page, "h2", HOSTILE)
    wait_for_text(page, "Ministerium")
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert body.count(HOSTILE) >= 3  # heading, description, source
    assert page.locator('[data-testid="stMain"] img[src="x"]').count() == 0
    page.goto(f"{dashboard}/search?q=onerror")
    wait_for_text(page, HOSTILE)
    assert page.evaluate("window.__xss") is None
    page.close()
