"""Fixtures of the browser tests: one headless Chromium per module.

Needs ``/usr/bin/chromium``; without it the browser tests skip, or fail when ``REQUIRE_BROWSER=1``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _require_browser() -> bool:
    return os.environ.get("REQUIRE_BROWSER", "").strip() in {"1", "true", "yes"}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium, launched once per module; skips without it, or fails when ``REQUIRE_BROWSER=1``."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (install it with: apt-get install chromium)"
        if _require_browser():
            pytest.fail(f"{reason}; REQUIRE_BROWSER=1, so this fails instead of skipping")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()
