"""``integranet dashboard``: start the Streamlit dashboard over the chosen store.

Safe by default: without a sign-in (an ``[auth]`` section in Streamlit's secrets) the dashboard is the
single-user dashboard of this computer and listens on the loopback address only; any other address is refused
until a sign-in is configured (docs/deployment.md). :mod:`integranet.cli` registers the command.
"""

from __future__ import annotations

import ipaddress
import os
import subprocess
import sys
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

from graph.errors import ConfigurationError
from graph.settings import Settings
from integranet.context import current_settings, plain_errors, store_option

__all__ = ["dashboard", "dashboard_command", "is_loopback", "secrets_files", "sign_in_configured"]

#: The keys Streamlit's OpenID Connect sign-in needs: in [auth] itself, or in one provider table under it.
_AUTH_KEYS = ("redirect_uri", "cookie_secret")
_PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")


@click.command()
@store_option
@click.option("--host", default=None,
              help="Address to listen on (default 127.0.0.1: this machine only; another address needs a sign-in).")
@click.option("--port", type=int, default=None, help="Port (default 8501).")
@plain_errors
def dashboard(host: str | None, port: int | None) -> None:
    """Open the dashboard in the browser (Streamlit)."""
    settings = current_settings()
    host, port = host or settings.dashboard_host, port or settings.dashboard_port
    if not is_loopback(host) and not sign_in_configured(settings):
        raise ConfigurationError(
            f"The dashboard will not listen on {host} without a sign-in: anybody who reaches it could read and "
            "change the whole graph. Configure the sign-in with your identity provider in the [auth] section of "
            ".streamlit/secrets.toml (or the file named by INTEGRANET_SECRETS) and assign roles "
            "(INTEGRANET_ROLES); docs/deployment.md has a complete example. Without a sign-in, use "
            "--host 127.0.0.1.")
    env = dict(os.environ, INTEGRANET_STORE=settings.store)
    shown = "localhost" if is_loopback(host) else host
    click.echo(f"IntegraNet dashboard: http://{shown}:{port} (stop with Ctrl-C)")
    sys.exit(subprocess.call(dashboard_command(host, port, settings), env=env))


def is_loopback(host: str) -> bool:
    """True for an address that only this computer reaches: ``localhost`` or a loopback IP.

    >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, True, False)
    """
    if host.strip().casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False  # a host name other than localhost may resolve to anything


def secrets_files(settings: Settings, cwd: Path | None = None) -> list[Path]:
    """Where Streamlit reads its secrets: ``INTEGRANET_SECRETS`` when set, else its own two places."""
    if settings.secrets_file is not None:
        return [settings.secrets_file]
    return [Path.home() / ".streamlit" / "secrets.toml", (cwd or Path.cwd()) / ".streamlit" / "secrets.toml"]


def _complete(section: Mapping[str, Any]) -> bool:
    return all(section.get(key) for key in _PROVIDER_KEYS)


def sign_in_configured(settings: Settings, cwd: Path | None = None) -> bool:
    """True when a secrets file holds an ``[auth]`` section Streamlit can sign in with (the redirect URI, the
    cookie secret, and a client id, secret and metadata URL in it or in one provider table under it)."""
    for path in secrets_files(settings, cwd):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        auth = data.get("auth")
        if not isinstance(auth, dict) or not all(auth.get(key) for key in _AUTH_KEYS):
            continue
        if _complete(auth) or any(isinstance(v, dict) and _complete(v) for v in auth.values()):
            return True
    return False


def dashboard_command(host: str, port: int, settings: Settings | None = None) -> list[str]:
    """The Streamlit command line for the dashboard: bound to ``host``, XSRF protection on, uploads limited,
    no usage statistics, no tracebacks."""
    settings = settings or Settings.from_env()
    app = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"
    command = [
        sys.executable, "-m", "streamlit", "run", str(app),
        "--server.address", host,
        "--server.port", str(port),
        "--server.headless", "true",
        # Cross-site request forgery protection stays on, whatever a config file says.
        "--server.enableXsrfProtection", "true",
        "--server.enableCORS", "true",
        "--server.maxUploadSize", str(settings.max_upload_mb),
        "--browser.gatherUsageStats", "false",
        # Unexpected errors show a short message, never a traceback.
        "--client.showErrorDetails", "none",
        "--client.toolbarMode", "minimal",
        "--global.developmentMode", "false",
    ]
    if settings.secrets_file is not None:
        command += ["--secrets.files", str(settings.secrets_file)]
    return command
