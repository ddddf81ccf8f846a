"""``integranet dashboard``: start the Streamlit dashboard on this machine, over the chosen store.

:mod:`integranet.cli` registers the command.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click

from integranet.context import current_settings, plain_errors, store_option

__all__ = ["dashboard", "dashboard_command"]


@click.command()
@store_option
@click.option("--host", default=None, help="Address to listen on (default 127.0.0.1: this machine only).")
@click.option("--port", type=int, default=None, help="Port (default 8501).")
@plain_errors
def dashboard(host: str | None, port: int | None) -> None:
    """Open the dashboard in the browser (Streamlit)."""
    settings = current_settings()
    host, port = host or settings.dashboard_host, port or settings.dashboard_port
    env = dict(os.environ, INTEGRANET_STORE=settings.store)
    click.echo(f"IntegraNet dashboard: http://{host}:{port} (stop with Ctrl-C)")
    command = dashboard_command(host, port)
    sys.exit(subprocess.call(command, env=env))


def dashboard_command(host: str, port: int) -> list[str]:
    """The Streamlit command line for the dashboard: bound to ``host``, no usage statistics, no tracebacks."""
    app = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"
    return [
        sys.executable, "-m", "streamlit", "run", str(app),
        "--server.address", host,
        "--server.port", str(port),
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        # Unexpected errors show a short message, never a traceback.
        "--client.showErrorDetails", "none",
        "--client.toolbarMode", "minimal",
        "--global.developmentMode", "false",
    ]
