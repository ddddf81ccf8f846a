"""Fixtures of the dashboard tests: Streamlit's caches reset around each test, the shared seeded store as
the dashboard's store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def fresh_caches() -> Iterator[None]:
    """Streamlit's caches live in the process; every test starts without them.

    The dashboard test modules use it for every test (``pytestmark = pytest.mark.usefixtures("fresh_caches")``).
    """
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def bundled_store(bundled_store_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shared seeded store as ``INTEGRANET_STORE``, with no home organisation set (read only)."""
    monkeypatch.setenv("INTEGRANET_STORE", str(bundled_store_file))
    monkeypatch.delenv("INTEGRANET_HOME_ORGANISATION", raising=False)
    return bundled_store_file
