"""A Neo4j URI with credentials (``bolt://neo4j:secret@host``, issue 12, item 8): the password is taken out before
the driver sees the URI and used to connect, and it appears in no message, on no page and in no output — neither
when the server is unreachable nor when it answers."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from graph.store.neo4j_address import redact_uri, split_credentials
from tests.support import run

SECRET = "s3cr3t-Pa55"
APP = os.path.join(os.path.dirname(__file__), "..", "..", "dashboard", "app.py")


@pytest.mark.parametrize(("uri", "expected"), [
    ("bolt://neo4j:pw@db.amt.example:7687", ("bolt://db.amt.example:7687", "neo4j", "pw")),
    ("neo4j+s://user%40amt:p%3Aw@db:7687/x", ("neo4j+s://db:7687/x", "user@amt", "p:w")),
    ("bolt://db:7687", ("bolt://db:7687", None, None)),
])
def test_credentials_are_split_from_the_uri(uri: str, expected: tuple[str, str | None, str | None]) -> None:
    assert split_credentials(uri, None, None) == expected
    assert redact_uri(uri) == expected[0]


def test_credentials_from_the_environment_win() -> None:
    assert split_credentials("bolt://a:b@db:1", "env-user", "env-pw") == ("bolt://db:1", "env-user", "env-pw")


def test_an_unreachable_server_is_named_without_the_password() -> None:
    code, out, err = run("--store", f"bolt://neo4j:{SECRET}@127.0.0.1:1", "stats")
    assert code == 3, err
    assert SECRET not in out + err and "bolt://127.0.0.1:1" in err


@pytest.mark.neo4j
def test_a_uri_with_credentials_connects_and_shows_no_password(neo4j_store_uri: str) -> None:
    parts = urlsplit(neo4j_store_uri)
    user = os.environ.get("NEO4J_TEST_USERNAME", "neo4j")
    password = os.environ.get("NEO4J_TEST_PASSWORD", SECRET)
    with_secret = f"{parts.scheme}://{user}:{password}@{parts.netloc}"
    code, out, err = run("--store", with_secret, "stats")
    assert code == 0, err
    assert password not in out + err and f"Store: {parts.scheme}://{parts.netloc}" in out


def test_the_dashboard_shows_no_password(monkeypatch: pytest.MonkeyPatch) -> None:
    import streamlit as st

    st.cache_resource.clear()
    monkeypatch.setenv("INTEGRANET_STORE", f"bolt://neo4j:{SECRET}@127.0.0.1:1")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    shown = " ".join(str(e.value) for e in (*at.error, *at.info, *at.markdown, *at.caption, *at.warning))
    assert at.error and SECRET not in shown
    st.cache_resource.clear()
