"""``integranet dashboard`` is safe by default: any address other than loopback is refused without a sign-in,
with a message that says how to configure one; XSRF protection is on and uploads are limited."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from graph.settings import Settings
from integranet.dashboard_command import dashboard_command, is_loopback, sign_in_configured

AUTH = """[auth]
redirect_uri = "https://integranet.amt.example/oauth2callback"
cookie_secret = "a-long-random-secret-a-long-random-secret"
client_id = "integranet"
client_secret = "s3cret"
server_metadata_url = "https://login.amt.example/realms/amt/.well-known/openid-configuration"
"""


def _run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("INTEGRANET_", "NEO4J_"))}
    clean["HOME"] = str(tmp_path)  # no ~/.streamlit/secrets.toml of the machine
    return subprocess.run([sys.executable, "-m", "integranet", "--store", str(tmp_path / "s.sqlite"), "dashboard",
                           *args], cwd=tmp_path, env={**clean, **env}, capture_output=True, text=True, timeout=120,
                          check=False)


def test_another_address_without_a_sign_in_is_refused_with_what_to_do(tmp_path: Path) -> None:
    done = _run(tmp_path, "--host", "0.0.0.0")
    assert done.returncode == 2, done.stderr
    assert "will not listen on 0.0.0.0 without a sign-in" in done.stderr
    assert "[auth]" in done.stderr and "docs/deployment.md" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "s.sqlite").exists(), "nothing was started or created"


def test_an_incomplete_auth_section_is_no_sign_in(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[auth]\nredirect_uri = "https://x.example/oauth2callback"\n', encoding="utf-8")
    settings = Settings(store="x.sqlite", secrets_file=secrets)
    assert not sign_in_configured(settings, cwd=tmp_path)
    secrets.write_text(AUTH, encoding="utf-8")
    assert sign_in_configured(settings, cwd=tmp_path)
    provider = AUTH.replace('client_id = "integranet"\nclient_secret = "s3cret"\n', "").replace(
        "server_metadata_url", "[auth.keycloak]\nclient_id = \"i\"\nclient_secret = \"s\"\nserver_metadata_url")
    secrets.write_text(provider, encoding="utf-8")
    assert sign_in_configured(settings, cwd=tmp_path)


def test_streamlits_own_secrets_file_in_the_start_folder_counts(tmp_path: Path) -> None:
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(AUTH, encoding="utf-8")
    assert sign_in_configured(Settings(store="x.sqlite"), cwd=tmp_path)


def test_loopback_addresses() -> None:
    assert all(map(is_loopback, ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost", "LOCALHOST"]))
    assert not any(map(is_loopback, ["0.0.0.0", "::", "192.168.1.10", "integranet.amt.example"]))


def test_xsrf_stays_on_and_uploads_are_limited() -> None:
    command = dashboard_command("127.0.0.1", 8501, Settings(store="x.sqlite", max_upload_mb=7,
                                                            secrets_file=Path("/etc/integranet/secrets.toml")))
    options = dict(zip(command[5::2], command[6::2], strict=True))
    assert options["--server.enableXsrfProtection"] == "true"
    assert options["--server.maxUploadSize"] == "7"
    assert options["--secrets.files"] == "/etc/integranet/secrets.toml"
