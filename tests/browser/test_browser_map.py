"""The network map in a real headless Chromium: hostile names show literally and never execute.

Needs ``/usr/bin/chromium``; without it these tests skip, or fail when ``REQUIRE_BROWSER=1``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from graph.layout.force import force_layout
from graph.maps.html import network_map_html
from graph.model.domain import ILLUSTRATIVE, Actor, Relation, Subgraph
from graph.model.vocabulary import Vocabulary

pytestmark = pytest.mark.browser

#: True while no vis tooltip shows (none made yet, or the last one hidden).
TOOLTIP_HIDDEN = ("() => { const t = document.querySelector('div.vis-tooltip');"
                  " return !t || t.style.visibility === 'hidden'; }")

HOSTILE_NAMES = (
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(1)</script>",
    'a href="javascript:alert(1)"',
    "<svg onload=alert(1)>Ümlaut's `backtick` \"quote\"",
    "<b>bold</b> & <i>italic</i>",
)


class LoadedMap:
    """A map document open in a fresh page, with everything the page tried to do recorded."""

    def __init__(self, browser: Any, html: str) -> None:
        self.page = browser.new_page(viewport={"width": 1200, "height": 800})
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", self._on_dialog)
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        # A fresh page per document: set_content() reuses the document, and with it the first one's CSP.
        self.page.set_content(html)
        self.page.wait_for_function("window.integranetNetwork !== undefined", timeout=15_000)

    def _on_dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def dom_positions(self) -> dict[str, dict[str, float]]:
        """Each node's centre in page coordinates."""
        return self.page.evaluate(
            """() => {
                const network = window.integranetNetwork;
                const box = document.getElementById('integranet-map').getBoundingClientRect();
                const out = {};
                for (const [id, p] of Object.entries(network.getPositions())) {
                    const d = network.canvasToDOM(p);
                    out[id] = {x: box.left + d.x, y: box.top + d.y};
                }
                return out;
            }"""
        )

    def tooltip_at(self, x: float, y: float) -> str:
        self.page.mouse.move(5, 5)
        # Off every node the last tooltip hides (vis hides it on the next mouse move); the next one must be new.
        self.page.wait_for_function(TOOLTIP_HIDDEN, timeout=5_000)
        self.page.mouse.move(x, y, steps=4)
        self.page.wait_for_function(
            "() => { const t = document.querySelector('div.vis-tooltip');"
            " return t && t.style.visibility !== 'hidden' && t.textContent.length > 0; }",
            timeout=5_000,
        )
        return self.page.evaluate("() => document.querySelector('div.vis-tooltip').textContent")

    def close(self) -> None:
        self.page.close()


def hostile_subgraph() -> Subgraph:
    actors = tuple(
        Actor(f"h{i}", name, kind, town=name, provenance=name)
        for i, (name, kind) in enumerate(zip(HOSTILE_NAMES, ("volunteer_group", "municipality", "other",
                                                            "network", "course_provider"), strict=True))
    )
    relations = (
        Relation("h0", "cooperates_with", "h1", note=HOSTILE_NAMES[0], provenance=HOSTILE_NAMES[2]),
        Relation("h2", "funds", "h3", provenance=ILLUSTRATIVE),
        Relation("h3", "advises", "h4"),
    )
    return Subgraph(actors, relations)


@pytest.fixture
def loaded(browser: Any, vocabulary: Vocabulary) -> Iterator[LoadedMap]:
    subgraph = hostile_subgraph()
    html = network_map_html(subgraph, vocabulary, force_layout(subgraph), "en")
    page = LoadedMap(browser, html)
    yield page
    page.close()


def assert_nothing_happened(loaded: LoadedMap) -> None:
    assert loaded.dialogs == [], "a script from user text ran"
    assert loaded.page.locator("img").count() == 0, "user text became an <img> element"
    assert loaded.page.locator("svg, b, i, a").count() == 0, "user text became markup"
    assert loaded.page.locator("script").count() == 2, "only the template's two scripts may exist"
    assert loaded.page.evaluate("() => window.alertCalled === undefined")
    assert loaded.errors == []
    # Nothing leaves the machine: set_content() itself makes no request, so any request is the page's.
    assert loaded.requests == []


def test_node_tooltips_show_hostile_names_literally(loaded: LoadedMap) -> None:
    positions = loaded.dom_positions()
    assert set(positions) == {f"h{i}" for i in range(len(HOSTILE_NAMES))}
    for i, name in enumerate(HOSTILE_NAMES):
        spot = positions[f"h{i}"]
        text = loaded.tooltip_at(spot["x"], spot["y"])
        assert text.splitlines()[0] == name
        assert f"Town: {name}" in text and f"Source: {name}" in text
        # The text is in the DOM as text: one text node, no elements.
        assert loaded.page.evaluate(
            "() => document.querySelector('div.vis-tooltip .integranet-tooltip').children.length"
        ) == 0
    assert_nothing_happened(loaded)


def test_tie_tooltip_shows_hostile_note_literally(loaded: LoadedMap) -> None:
    positions = loaded.dom_positions()
    a, b = positions["h0"], positions["h1"]
    text = loaded.tooltip_at((a["x"] + b["x"]) / 2, (a["y"] + b["y"]) / 2)
    assert f"{HOSTILE_NAMES[0]} → {HOSTILE_NAMES[1]}" in text
    assert f"Note: {HOSTILE_NAMES[0]}" in text
    assert_nothing_happened(loaded)


def test_illustrative_tie_tooltip_says_demonstration(loaded: LoadedMap) -> None:
    positions = loaded.dom_positions()
    a, b = positions["h2"], positions["h3"]
    text = loaded.tooltip_at((a["x"] + b["x"]) / 2, (a["y"] + b["y"]) / 2)
    assert text.startswith("Demonstration tie (illustrative)")
    edge = loaded.page.evaluate("() => window.integranetNetwork.body.data.edges.get().find(e => e.from === 'h2')")
    assert edge["dashes"]


def test_hostile_names_are_in_the_dom_as_text_only(loaded: LoadedMap) -> None:
    for i in range(len(HOSTILE_NAMES)):
        positions = loaded.dom_positions()
        loaded.tooltip_at(positions[f"h{i}"]["x"], positions[f"h{i}"]["y"])
        body_text = loaded.page.evaluate("() => document.body.textContent")
        assert HOSTILE_NAMES[i] in body_text
    assert_nothing_happened(loaded)


def test_positions_are_the_given_ones(loaded: LoadedMap) -> None:
    expected = force_layout(hostile_subgraph())
    # getPositions() reports whole canvas units.
    drawn = loaded.page.evaluate("() => window.integranetNetwork.getPositions()")
    for node_id, (x, y) in expected.items():
        assert drawn[node_id]["x"] == pytest.approx(x, abs=1) and drawn[node_id]["y"] == pytest.approx(y, abs=1)


def test_content_security_policy_blocks_injected_handlers(loaded: LoadedMap) -> None:
    """Defence in depth: even markup that got in some other way could not run script."""
    result = loaded.page.evaluate(
        """async () => {
            const violations = [];
            document.addEventListener('securitypolicyviolation', e => violations.push(e.violatedDirective));
            document.body.insertAdjacentHTML('beforeend', '<img id="probe" src="data:," onerror="window.pwned = 1">');
            const s = document.createElement('script');
            s.textContent = 'window.pwned = 2';
            document.body.appendChild(s);
            await new Promise(r => setTimeout(r, 300));
            document.getElementById('probe').remove();
            s.remove();
            return {pwned: window.pwned === undefined ? null : window.pwned, violations};
        }"""
    )
    assert result["pwned"] is None
    assert result["violations"] and all(v.startswith("script-src") for v in result["violations"])
    assert loaded.dialogs == []
