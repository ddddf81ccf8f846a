"""Page-render timings of the dashboard, and the first paint of a 1,500-node map in headless Chromium.

Two datasets, each in a fresh embedded store:

1. **Ludwigsburg** — the bundled data (``integranet seed``).
2. **Generated** — 20,000 actors and 100,000 ties from :func:`benchmarks.import_throughput.generate_dataset`
   (fixed seed), so the network page has to aggregate (more than 1,500 actors).

For every page script in ``dashboard/views/`` (whatever exists when this runs) Streamlit's ``AppTest``
opens the app, switches to the page with cold caches and times that run (*first*), then times a second
run of the unchanged page (*rerun*: what a user waits for after any click, the caches warm). On the network
page it also times a filter change (one field of action: a new view, reads and layout not yet cached) and,
on the generated data, opening one group of the aggregated map. AppTest runs the script in this process,
without a browser: the figures are the server's share of a page view.

First paint: a map of 1,500 actors and 4,500 ties (force layout, as the page draws it) is written to a file
and opened in headless Chromium (``/usr/bin/chromium``); the time from navigation start to vis-network's
first ``afterDrawing`` event is taken, best and median of several loads. Skipped (``null``) without
Chromium.

Targets (from the issue; reported, never asserted): a rerun of any page ≤ 1 s on the Ludwigsburg data and
≤ 3 s on the generated graph; first paint of a 1,500-node map ≤ 2 s.

Usage: ``python -m benchmarks.page_render [--json] [--actors N] [--relations M] [--store PATH]``;
``--store`` keeps the generated store at PATH and reuses it when it exists. Prints one JSON object with
``--json``, else a table. Exit codes: 0 measured, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = ["first_paint", "main", "page_timings"]

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dashboard" / "app.py"
VIEWS = ROOT / "dashboard" / "views"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
TARGETS = {"rerun_ludwigsburg_s": 1.0, "rerun_generated_s": 3.0, "first_paint_1500_s": 2.0}
GENERATED_ACTORS = 20_000
GENERATED_RELATIONS = 100_000
GENERATED_SEED = 7
PAINT_NODES = 1500
PAINT_TIES = 4500
PAINT_LOADS = 5
#: Seconds an AppTest run may take before it counts as failed.
RUN_TIMEOUT = 600


def page_timings(store: Path, *, network_extras: bool = True) -> dict[str, Any]:
    """``{page: {"first_s", "rerun_s", ...}}`` for every page script in ``dashboard/views`` on ``store``.

    A page whose run raised reports ``"error"`` instead of failing the benchmark: pages are built in
    parallel, and a half-finished one must not hide the others' figures.
    """
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["INTEGRANET_STORE"] = str(store)
    results: dict[str, Any] = {}
    for script in sorted(VIEWS.glob("*.py")):
        page = f"views/{script.name}"
        st.cache_data.clear()
        st.cache_resource.clear()
        at = AppTest.from_file(str(APP), default_timeout=RUN_TIMEOUT).run()
        timing: dict[str, Any] = {}
        try:
            timing["first_s"] = _timed(lambda at=at, page=page: at.switch_page(page).run())
            _check(at)
            timing["rerun_s"] = _timed(at.run)
            _check(at)
            if network_extras and script.stem == "network":
                timing.update(_network_extras(at))
        except Exception as exc:  # reported per page, see the docstring
            timing["error"] = f"{type(exc).__name__}: {exc}"[:300]
        results[script.stem] = timing
    return results


def _network_extras(at: Any) -> dict[str, float]:
    """A filter change and, when the map is aggregated, opening its largest group."""
    extras: dict[str, float] = {}
    fields = next(m for m in at.multiselect if m.key == "network_fields")
    extras["filter_change_s"] = _timed(lambda: fields.set_value([fields.options[0]]).run())
    _check(at)
    extras["filter_change_rerun_s"] = _timed(at.run)
    fields.set_value([]).run()
    groups = [s for s in at.selectbox if s.key == "network_open_group"]
    if groups:
        largest = groups[0].options[1]  # options[0] is the overview
        extras["open_group_s"] = _timed(lambda: groups[0].set_value(largest).run())
        _check(at)
        extras["open_group_rerun_s"] = _timed(at.run)
    return extras


def _timed(action: Any) -> float:
    start = time.perf_counter()
    action()
    return round(time.perf_counter() - start, 3)


def _check(at: Any) -> None:
    if at.exception:
        raise RuntimeError("; ".join(str(e.value) for e in at.exception))


def first_paint(html_path: Path, loads: int = PAINT_LOADS) -> dict[str, Any] | None:
    """Milliseconds from navigation start to the map's first drawing, over ``loads`` fresh pages;
    None without Chromium."""
    if not CHROMIUM.exists():
        return None
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for _ in range(loads):
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                page.goto(html_path.as_uri())
                page.wait_for_function("window.integranetDrawnAt !== undefined", timeout=60_000)
                times.append(page.evaluate("window.integranetDrawnAt"))
                page.close()
        finally:
            browser.close()
    return {"best_s": round(min(times) / 1000, 3), "median_s": round(statistics.median(times) / 1000, 3),
            "loads": loads}


def _paint_map(folder: Path) -> Path:
    """A 1,500-actor, 4,500-tie map document drawn as the page draws it (force layout, kind styles)."""
    from graph.layout.force import force_layout
    from graph.maps.html import network_map_html
    from graph.model.domain import Actor, Relation, Subgraph
    from graph.model.vocabulary import Vocabulary
    from graph.settings import DATA_DIR

    vocabulary = Vocabulary.load(DATA_DIR / "vocabularies")
    kinds = list(vocabulary.kinds.ids())
    rng = random.Random(GENERATED_SEED)
    actors = tuple(Actor(f"a{i:04d}", f"Akteur {i}", rng.choice(kinds), town="Ludwigsburg")
                   for i in range(PAINT_NODES))
    keys: set[tuple[str, str, str]] = set()
    while len(keys) < PAINT_TIES:
        s, t = rng.sample(range(PAINT_NODES), 2)
        keys.add((f"a{s:04d}", "cooperates_with", f"a{t:04d}"))
    subgraph = Subgraph(actors, tuple(Relation(*key) for key in sorted(keys)))
    html = network_map_html(subgraph, vocabulary, force_layout(subgraph), "de")
    path = folder / "map-1500.html"
    path.write_text(html, encoding="utf-8")
    return path


def _ludwigsburg_store(folder: Path) -> Path:
    from graph.model.vocabulary import Vocabulary
    from graph.settings import DATA_DIR
    from graph.store.embedded import EmbeddedStore
    from importers.seed import seed

    path = folder / "ludwigsburg.sqlite"
    vocabulary = Vocabulary.load(DATA_DIR / "vocabularies")
    with EmbeddedStore(path, vocabulary) as store:
        store.initialise()
        seed(store, vocabulary, DATA_DIR / "ludwigsburg")
    return path


def _generated_store(path: Path, actors: int, relations: int) -> tuple[Path, float | None]:
    """The generated store at ``path`` (written unless it exists) and how long writing it took."""
    from benchmarks.import_throughput import generate_dataset
    from graph.model.vocabulary import Vocabulary
    from graph.settings import DATA_DIR
    from graph.store.base import ImportRecord
    from graph.store.embedded import EmbeddedStore

    if path.exists():
        return path, None
    vocabulary = Vocabulary.load(DATA_DIR / "vocabularies")
    dataset = generate_dataset(vocabulary, actors, relations, seed=GENERATED_SEED)
    start = time.perf_counter()
    with EmbeddedStore(path, vocabulary) as store:
        store.initialise()
        for batch in dataset.batches(5000):
            store.write(batch)
        store.record_import(ImportRecord("2024-06-01T00:00:00+00:00", ("generated",), actors, relations,
                                         actors + relations))
    return path, round(time.perf_counter() - start, 1)


@contextmanager
def _quiet_streamlit() -> Iterator[None]:
    """AppTest outside a server logs a warning per cached call; they would bury the result."""
    import logging

    # Streamlit gives each of its modules a logger of its own, with its own level.
    names = [name for name in logging.root.manager.loggerDict if name.startswith("streamlit")]
    loggers = [logging.getLogger(name) for name in ["streamlit", *names]]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def run(actors: int, relations: int, keep: Path | None) -> dict[str, Any]:
    """Every measurement, as one JSON-ready dict."""
    with tempfile.TemporaryDirectory(prefix="integranet-page-render-") as tmp, _quiet_streamlit():
        folder = Path(tmp)
        ludwigsburg = _ludwigsburg_store(folder)
        generated, write_s = _generated_store(keep or folder / "generated.sqlite", actors, relations)
        result: dict[str, Any] = {
            "benchmark": "page_render",
            "ludwigsburg": page_timings(ludwigsburg),
            "generated": {"actors": actors, "relations": relations, "store_write_s": write_s,
                          "pages": page_timings(generated)},
            "first_paint_1500": first_paint(_paint_map(folder)),
        }
    result["targets_s"] = TARGETS
    result["machine"] = {"python": platform.python_version(), "cores": os.cpu_count(),
                         "platform": platform.platform()}
    return result


def _table(result: dict[str, Any]) -> str:
    lines = [f"{'page':<14} {'data':<12} {'first s':>8} {'rerun s':>8}  more"]
    for data, pages in (("ludwigsburg", result["ludwigsburg"]), ("generated", result["generated"]["pages"])):
        for page, timing in pages.items():
            more = ", ".join(f"{k} {v}" for k, v in timing.items() if k not in ("first_s", "rerun_s"))
            lines.append(f"{page:<14} {data:<12} {timing.get('first_s', '-')!s:>8} {timing.get('rerun_s', '-')!s:>8}"
                         f"  {more}")
    paint = result["first_paint_1500"]
    lines.append(f"first paint of a {PAINT_NODES}-node map: "
                 + (f"best {paint['best_s']} s, median {paint['median_s']} s" if paint else "skipped (no Chromium)"))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.page_render", description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument("--actors", type=int, default=GENERATED_ACTORS)
    parser.add_argument("--relations", type=int, default=GENERATED_RELATIONS)
    parser.add_argument("--store", type=Path, help="keep the generated store here (reused when it exists)")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    result = run(args.actors, args.relations, args.store)
    print(json.dumps(result, indent=2) if args.json else _table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
