"""The dashboard end to end: ``integranet dashboard`` in a subprocess, driven by headless Chromium.

The server runs on a free port against a seeded temporary store (the bundled data plus actors with hostile
names). Needs ``/usr/bin/chromium``; without it these tests skip, or fail when ``REQUIRE_BROWSER=1``.
"""

from __future__ import annotations

import csv
import io
import os
import re
import signal
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from graph.model.domain import ILLUSTRATIVE, Actor, Relation
from graph.model.vocabulary import Vocabulary
from graph.settings import DATA_DIR
from graph.store.embedded import EmbeddedStore
from importers.seed import seed
from tests.support import STREAMLIT_READY, ServerOutput

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
#: The hostile actors' town: searching for it shows exactly them.
HOSTILE_TOWN = "Hostilstadt"
HOSTILE_NAMES = {
    "xss-img": "<img src=x onerror=window.__xss=1>",
    "xss-script": "</script><script>window.__xss=1</script>",
    "xss-href": '<a href="javascript:window.__xss=1">href Verein</a>',
    "xss-formula": '=HYPERLINK("http://example.invalid/x","Verein")',
}
COUNT = re.compile(r"(\d+) von (\d+) Akteuren")
STARTUP_SECONDS = 90
#: Installed before the page's own scripts: counts the script runs the page has started (Streamlit marks its
#: app element with the run state) and keeps the current state.
RUN_COUNTER = """
window.__integranetRuns = {started: 0, state: null};
new MutationObserver((records) => {
    for (const record of records) {
        const state = record.target.getAttribute('data-test-script-state');
        if (state === 'running' && window.__integranetRuns.state !== 'running') window.__integranetRuns.started++;
        window.__integranetRuns.state = state;
    }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-test-script-state']});
"""
#: True once more runs than ``seen`` have started and the last has finished, with no element of an earlier run
#: left on the page.
RUN_FINISHED = """(seen) => {
    const app = document.querySelector('[data-testid="stApp"]');
    return window.__integranetRuns.started > seen && app !== null
        && app.getAttribute('data-test-script-state') === 'notRunning'
        && document.querySelector('[data-stale="true"]') === null
        && !document.querySelector('[data-testid="stStatusWidget"]');
}"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _seeded_store(path: Path) -> None:
    vocabulary = Vocabulary.load(DATA_DIR / "vocabularies")
    with EmbeddedStore(path, vocabulary) as store:
        store.initialise()
        seed(store, vocabulary, DATA_DIR / "ludwigsburg")
        store.upsert_actors([
            Actor(actor_id, name, kind, town=HOSTILE_TOWN, fields=("language_education",), provenance=name)
            for (actor_id, name), kind in zip(
                HOSTILE_NAMES.items(), ("volunteer_group", "migrant_organisation", "other", "counselling_service"),
                strict=True)
        ])
        store.upsert_relations([
            Relation("xss-img", "cooperates_with", "xss-script", note=HOSTILE_NAMES["xss-href"], provenance="test"),
            Relation("xss-href", "exchanges_with", "xss-img", provenance=ILLUSTRATIVE),
            Relation("xss-formula", "refers_to", "xss-href", note=HOSTILE_NAMES["xss-script"], provenance="test"),
        ])


@pytest.fixture(scope="module")
def dashboard(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``integranet dashboard`` on a free port; its base URL. Stopped (the whole process group) afterwards."""
    folder = tmp_path_factory.mktemp("dashboard")
    store = folder / "store.sqlite"
    _seeded_store(store)
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INTEGRANET_", "NEO4J_"))}
    # A session of its own: `integranet dashboard` starts Streamlit as a child, and both must stop.
    server = subprocess.Popen(
        [sys.executable, "-m", "integranet", "--store", str(store), "dashboard", "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )
    output = ServerOutput(server, folder / "server.log")
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_answering(f"{url}/_stcore/health", server, output)
        yield url
    finally:
        server.terminate()
        try:
            os.killpg(server.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)


def _wait_until_answering(url: str, server: subprocess.Popen[bytes], output: ServerOutput) -> None:
    """Until Streamlit says it listens, then one health check; fails with the server's last output."""
    if not output.wait_for_line(STREAMLIT_READY, timeout=STARTUP_SECONDS):
        if server.poll() is not None:
            pytest.fail(f"the dashboard exited with {server.returncode}: {output.text()[-2000:]}")
        pytest.fail(f"the dashboard did not answer within {STARTUP_SECONDS} s: {output.text()[-2000:]}")
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200


class DashboardPage:
    """One browser page on the dashboard, recording dialogs (an executed ``alert`` would show one)."""

    def __init__(self, browser: Any, url: str) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        self.context.add_init_script(RUN_COUNTER)
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.runs_seen = 0
        self.page.on("dialog", self._on_dialog)
        self.page.goto(f"{url}/network")
        self.page.wait_for_selector("iframe", timeout=60_000)
        self.settle()

    def _on_dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def settle(self) -> None:
        """Wait until Streamlit has finished the run the last action started (the page's first run, after
        opening it) and has drawn all of it."""
        self.page.wait_for_function(RUN_FINISHED, arg=self.runs_seen, timeout=60_000)
        self.runs_seen = self.page.evaluate("() => window.__integranetRuns.started")

    def counts(self, differ_from: tuple[int, int] | None = None) -> tuple[int, int]:
        """(shown, total) actors from the count line; with ``differ_from``, once they differ from it
        (the run the last click started may not have drawn the line yet)."""
        if differ_from is not None:
            try:
                self.page.wait_for_function(
                    "([pattern, before]) => { const m = document.body.innerText.match(new RegExp(pattern));"
                    " return m !== null && `${m[1]} ${m[2]}` !== before; }",
                    arg=[COUNT.pattern, f"{differ_from[0]} {differ_from[1]}"], timeout=60_000,
                )
            except PlaywrightTimeoutError:
                pass  # still the same after a minute: the caller's assertion shows the count
        text = self.page.get_by_text(COUNT).first.inner_text()
        match = COUNT.search(text)
        assert match, text
        return int(match.group(1)), int(match.group(2))

    def map_frame(self, nodes: int) -> Any:
        """The frame of the map document (Streamlit shows it in an iframe) once its network has ``nodes``
        nodes: the frame of an earlier run may still be there for a moment."""
        # Streamlit's iframes share the page's origin, so the page can look into each for the network.
        try:
            found = self.page.wait_for_function(
                """(nodes) => Array.from(document.querySelectorAll('iframe')).find((iframe) => {
                    try {
                        const network = iframe.contentWindow.integranetNetwork;
                        return network !== undefined && network.body.data.nodes.length === nodes;
                    } catch (error) {
                        return false;  // a frame being replaced by the next run
                    }
                }) || false""",
                arg=nodes, timeout=60_000,
            )
        except PlaywrightTimeoutError:
            pytest.fail(f"no map frame with a network of {nodes} nodes")
        element = found.as_element()
        frame = element.content_frame() if element is not None else None
        if frame is None:
            pytest.fail(f"the map frame with a network of {nodes} nodes went away")
        return frame

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def dashboard_page(browser: Any, dashboard: str) -> Iterator[DashboardPage]:
    page = DashboardPage(browser, dashboard)
    yield page
    page.close()


def test_german_field_filter_changes_the_count(dashboard_page: DashboardPage, tmp_path: Path) -> None:
    page = dashboard_page.page
    page.get_by_text("English", exact=True).click()
    dashboard_page.settle()
    page.get_by_role("heading", name="Network map").wait_for(timeout=30_000)
    page.get_by_text("Deutsch", exact=True).click()
    dashboard_page.settle()
    page.get_by_role("heading", name="Netzwerkkarte").wait_for(timeout=30_000)
    before = dashboard_page.counts()
    assert before[0] == before[1] == 87

    page.get_by_label("Handlungsfeld", exact=True).click()
    page.get_by_role("option", name="Arbeit und Ausbildung").click()
    page.keyboard.press("Escape")
    dashboard_page.settle()
    after = dashboard_page.counts(differ_from=before)
    assert after[1] == 87 and 0 < after[0] < before[0]
    # The map shows exactly the actors counted.
    dashboard_page.map_frame(nodes=after[0])
    shot = tmp_path / "network-de-arbeit.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


def test_hostile_names_show_literally_and_never_run(dashboard_page: DashboardPage, tmp_path: Path) -> None:
    page = dashboard_page.page
    search = page.get_by_label("Suche in Namen und Orten", exact=True)
    search.fill(HOSTILE_TOWN)
    search.press("Enter")
    dashboard_page.settle()
    assert dashboard_page.counts(differ_from=(87, 87)) == (4, 87)
    frame = dashboard_page.map_frame(nodes=4)

    # The map: the names are the nodes' labels, as text.
    labels = frame.evaluate("() => window.integranetNetwork.body.data.nodes.get().map(n => n.label)")
    assert sorted(labels) == sorted(HOSTILE_NAMES.values())
    # The tooltips, after hovering every node: the text shows literally, and nothing ran.
    frame.frame_element().scroll_into_view_if_needed()
    frame.frame_element().wait_for_element_state("stable")
    iframe_box = frame.frame_element().bounding_box()
    shown = ""  # the tooltip of the node hovered last: the next one must be another
    for actor_id, name in HOSTILE_NAMES.items():
        spot = frame.evaluate(
            "(id) => { const n = window.integranetNetwork; return n.canvasToDOM(n.getPositions([id])[id]); }", actor_id
        )
        box = frame.evaluate("() => document.getElementById('integranet-map').getBoundingClientRect().toJSON()")
        page.mouse.move(5, 5)
        page.mouse.move(iframe_box["x"] + box["x"] + spot["x"], iframe_box["y"] + box["y"] + spot["y"], steps=5)
        # Outside the frame the last tooltip stays up (the frame sees no move): wait for this node's own.
        frame.wait_for_function(
            "(before) => { const t = document.querySelector('div.vis-tooltip');"
            " return t && t.style.visibility !== 'hidden' && t.textContent.length > 0 && t.textContent !== before; }",
            arg=shown, timeout=10_000,
        )
        tooltip = frame.evaluate("() => document.querySelector('div.vis-tooltip').textContent")
        shown = tooltip
        assert tooltip.startswith(name + "\n") or tooltip.startswith(name)
        assert f"Quelle: {name}" in tooltip
    assert frame.evaluate("() => document.querySelectorAll('div.vis-tooltip img, div.vis-tooltip a').length") == 0

    # The tables (Streamlit's data grid draws on a canvas and keeps the visible cells, as text, in an
    # accessible table for screen readers).
    grid = page.locator("[data-testid=stDataFrame]").first
    grid.scroll_into_view_if_needed()
    names_shown = "(grid) => Array.from(grid.querySelectorAll('td')).map(td => td.textContent)"
    try:  # the grid fills its cells a moment after it appears
        page.wait_for_function(
            "([grid, names]) => { const shown = new Set(Array.from(grid.querySelectorAll('td'))"
            ".map(td => td.textContent)); return names.every(name => shown.has(name)); }",
            arg=[grid.element_handle(), list(HOSTILE_NAMES.values())], timeout=30_000,
        )
    except PlaywrightTimeoutError:
        pass  # the assertions below name what is missing
    cells = grid.evaluate(names_shown)
    for name in HOSTILE_NAMES.values():
        assert name in cells
    assert grid.evaluate("(grid) => grid.querySelectorAll('td img, td a, td script').length") == 0
    # The CSV download: literal names, the formula neutralised.
    with page.expect_download() as download:
        page.get_by_role("button", name="Tabelle als CSV herunterladen").first.click()
    saved = tmp_path / "actors.csv"
    download.value.save_as(saved)
    rows = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    names = {row[0] for row in rows[1:]}
    assert names == {*(n for k, n in HOSTILE_NAMES.items() if k != "xss-formula"), "'" + HOSTILE_NAMES["xss-formula"]}

    # Nothing executed, in the page or in the map's frame, and no injected element exists.
    assert page.evaluate("() => typeof window.__xss") == "undefined"
    assert frame.evaluate("() => typeof window.__xss") == "undefined"
    for target in (page, frame):
        assert target.evaluate("() => document.querySelectorAll('img[src=\"x\"], a[href^=\"javascript\"]').length") == 0
    assert dashboard_page.dialogs == []
