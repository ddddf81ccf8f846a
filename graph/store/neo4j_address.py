"""A Neo4j address as a person may write it, with ``user:password@`` in it, made safe to connect with and to show.

The Neo4j driver refuses credentials in a ``bolt://`` URI (and would echo the whole URI, password included, in
its error). So the credentials are taken out here, before the driver sees the URI, and used as its
authentication; everywhere else the URI is shown without them (:func:`redact_uri`).
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit, urlunsplit

__all__ = ["redact_uri", "split_credentials"]


def redact_uri(uri: str) -> str:
    """The URI without ``user:password@``, for messages and display."""
    return re.sub(r"//[^/@]*@", "//", uri)


def split_credentials(uri: str, username: str | None, password: str | None) -> tuple[str, str | None, str | None]:
    """``uri`` without ``user:password@``, and the username and password to connect with: those given (from
    NEO4J_USERNAME / NEO4J_PASSWORD) win over those in the URI, which are percent-decoded."""
    parts = urlsplit(uri)
    if "@" not in parts.netloc:
        return uri, username, password
    userinfo, _, host = parts.netloc.rpartition("@")
    user, _, secret = userinfo.partition(":")
    bare = urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
    if username:
        return bare, username, password
    return bare, unquote(user) or None, unquote(secret) if secret else password
