"""The HTML export in a real headless Chromium: it opens offline, and hostile names show literally and never run.

Needs ``/usr/bin/chromium``; without it these tests skip, or fail when ``REQUIRE_BROWSER=1``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.exports.formats import export_snapshot
from graph.model.domain import Actor, GraphBatch, Relation
from graph.model.vocabulary import Vocabulary
from graph.snapshots.snapshot import SnapshotFolder
from graph.store.embedded import EmbeddedStore

pytestmark = pytest.mark.browser

HOSTILE = {
    "img": "<img src=x onerror=window.__xss=1>",
    "script": "</script><script>window.__xss=1</script>",
    "href": '<a href="javascript:window.__xss=1">Klick mich</a> href',
    "svg": "<svg onload=window.__xss=1>Ümlaut's `tick`",
}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from graph.settings import DATA_DIR

    vocabulary = Vocabulary.load(DATA_DIR / "vocabularies")
    path = tmp_path_factory.mktemp("html")
    with EmbeddedStore(path / "s.sqlite", vocabulary) as store:
        store.initialise()
        store.write(GraphBatch(
            actors=tuple(Actor(key, name, "volunteer_group", town=name, provenance=name)
                         for key, name in HOSTILE.items()),
            relations=(Relation("img", "cooperates_with", "script", note=HOSTILE["href"], provenance=HOSTILE["img"]),
                       Relation("href", "advises", "svg", provenance="illustrative")),
        ))
        made = SnapshotFolder(path / "snapshots").create(store, HOSTILE["script"],
                                                         now=dt.datetime(2025, 1, 15, tzinfo=dt.UTC))
        return export_snapshot(made, "html", path / "map.html", vocabulary, language="en")[0]


class OpenedMap:
    """The exported page open in a fresh browser tab, with every request, error and dialog recorded."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.page = browser.new_page(viewport={"width": 1200, "height": 800})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", self._dialog)
        self.page.goto(path.as_uri())
        self.page.wait_for_function("window.integranetNetwork !== undefined", timeout=15_000)
        # An injected handler (an image's onerror, an svg's onload) fires before the load event, which waits
        # for every image; two rendered frames later, whatever the first paint set off has run too.
        self.page.wait_for_load_state("load")
        self.page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def opened(browser: Any, exported: Path) -> Iterator[OpenedMap]:
    loaded = OpenedMap(browser, exported)
    yield loaded
    loaded.page.close()


def test_hostile_names_do_not_execute_and_nothing_is_fetched(opened: OpenedMap, exported: Path) -> None:
    page = opened.page
    assert page.evaluate("() => window.__xss") is None
    assert page.locator("img, svg, a").count() == 0, "user text became markup"
    assert page.locator("script").count() == 2, "only the page's own two scripts"
    assert opened.errors == [] and opened.dialogs == []
    # The only request is the page itself (a file:// URL); no script, style or font from anywhere.
    assert [r for r in opened.requests if r != exported.as_uri()] == []


def test_hostile_names_are_shown_literally(opened: OpenedMap) -> None:
    page = opened.page
    labels = page.evaluate(
        "() => Object.fromEntries(window.integranetNetwork.body.data.nodes.get().map(n => [n.id, n.label]))")
    assert labels == HOSTILE
    position = page.evaluate(
        """() => { const n = window.integranetNetwork; const p = n.getPositions(['href'])['href'];
                   const d = n.canvasToDOM(p); const box = document.getElementById('integranet-map')
                   .getBoundingClientRect(); return {x: box.left + d.x, y: box.top + d.y}; }""")
    page.mouse.move(5, 5)
    page.mouse.move(position["x"], position["y"], steps=4)
    page.wait_for_function(
        "() => { const t = document.querySelector('div.vis-tooltip');"
        " return t && t.style.visibility !== 'hidden' && t.textContent.length > 0; }", timeout=5_000)
    tooltip = page.evaluate("() => document.querySelector('div.vis-tooltip').textContent")
    assert tooltip.splitlines()[0] == HOSTILE["href"]
    assert page.evaluate("() => document.querySelector('div.vis-tooltip .integranet-tooltip').children.length") == 0
    assert page.evaluate("() => window.__xss") is None
