"""Settings: one frozen object, built once from the environment at the entry point and passed down."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

__all__ = ["COMPILED_ABOVE", "DATA_DIR", "Settings", "default_snapshot_dir", "default_store_path"]


def _bundled_data_dir() -> Path:
    """The folder of the package ``integranet_data`` — the repository's ``data/``, as pyproject.toml maps it —
    in an installed wheel as in the editable install."""
    from importlib.resources import files

    # A wheel is installed as plain files, so the package is a real folder on disk.
    return Path(str(files("integranet_data")))


#: The bundled data folder (vocabularies and the Ludwigsburg dataset).
DATA_DIR = _bundled_data_dir()

#: Above this many actors the heavy algorithms (betweenness, closeness, PageRank, communities, weak points,
#: the force layout) run in python-igraph instead of networkx (:mod:`graph.analysis.engine` decides). At
#: 300 actors networkx's spring layout took 1.2 s and its betweenness 0.4 s here, igraph 0.3 s and 0.01 s;
#: below it the difference is not felt and networkx's Louvain and layout are the reference pictures.
COMPILED_ABOVE = 250

NEO4J_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")


def default_store_path() -> Path:
    """The embedded store in the user's data folder (platform-specific, e.g. ~/.local/share/integranet)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("integranet", appauthor=False)) / "integranet.sqlite"


def default_snapshot_dir(store: str, neo4j_database: str | None = None) -> Path:
    """Where snapshots live unless configured: beside an embedded store (``<name>-snapshots``), or for a
    Neo4j store in the user's data folder, one folder per server and database.

    >>> default_snapshot_dir("/data/integranet.sqlite").as_posix()
    '/data/integranet-snapshots'
    """
    if store.startswith(NEO4J_SCHEMES):
        from platformdirs import user_data_dir

        # Credentials never become part of a path: only host, port and database name are kept.
        address = re.sub(r"^[a-z0-9+]+://([^/@]*@)?", "", store)
        slug = re.sub(r"[^A-Za-z0-9.]+", "-", f"{address}-{neo4j_database or ''}").strip("-") or "neo4j"
        return Path(user_data_dir("integranet", appauthor=False)) / "snapshots" / f"neo4j-{slug}"
    path = Path(store)
    return path.with_name(f"{path.stem}-snapshots")


def _path(env: Mapping[str, str], name: str) -> Path | None:
    raw = env.get(name, "").strip()
    return Path(raw).expanduser() if raw else None


@dataclass(frozen=True)
class Settings:
    """Everything configurable, read once from the environment.

    ``store`` is a path to the embedded store or a Neo4j URI. Credentials are never part of the URI shown
    to users. ``home_organisation`` is the actor id of the organisation that runs IntegraNet.
    ``snapshot_dir`` is the snapshot folder; None means :func:`default_snapshot_dir` of the store (see
    :attr:`snapshot_folder`).
    """

    store: str
    neo4j_username: str | None = None
    neo4j_password: str | None = field(default=None, repr=False)
    neo4j_database: str | None = None
    vocabulary_dir: Path = DATA_DIR / "vocabularies"
    dataset_dir: Path = DATA_DIR / "ludwigsburg"
    home_organisation: str = "lra-stabsstelle-integration"
    batch_size: int = 1000
    dashboard_host: str = "127.0.0.1"
    dashboard_port: int = 8501
    snapshot_dir: Path | None = None
    compiled_above: int = COMPILED_ABOVE
    exact_limit: int = 2000
    sample_size: int = 200
    #: Facts not confirmed for more months than this are listed for review (``integranet review``).
    review_months: int = 12
    #: The roles file (:mod:`graph.model.roles_file`): who may do what once the dashboard has a sign-in.
    roles_file: Path | None = None
    #: The Streamlit secrets file with the sign-in's ``[auth]`` section; None: Streamlit's own places
    #: (``.streamlit/secrets.toml`` in the folder the dashboard starts from, then ``~/.streamlit/secrets.toml``).
    secrets_file: Path | None = None
    #: The largest file the dashboard accepts for upload, in megabytes.
    max_upload_mb: int = 20

    @property
    def is_neo4j(self) -> bool:
        """True when ``store`` is a Neo4j URI."""
        return self.store.startswith(NEO4J_SCHEMES)

    @property
    def snapshot_folder(self) -> Path:
        """The snapshot folder: ``snapshot_dir`` when set, else the default for ``store``."""
        return self.snapshot_dir if self.snapshot_dir is not None else default_snapshot_dir(
            self.store, self.neo4j_database)

    @property
    def roles_path(self) -> Path:
        """The roles file: ``roles_file`` when set, else ``roles.toml`` in the user's configuration folder."""
        if self.roles_file is not None:
            return self.roles_file
        from platformdirs import user_config_dir

        return Path(user_config_dir("integranet", appauthor=False)) / "roles.toml"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Build settings from ``environ`` (default: ``os.environ``); keyword overrides win.

        Variables: INTEGRANET_STORE, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE,
        INTEGRANET_VOCABULARY_DIR, INTEGRANET_DATASET_DIR, INTEGRANET_HOME_ORGANISATION,
        INTEGRANET_BATCH_SIZE, INTEGRANET_HOST, INTEGRANET_PORT, INTEGRANET_SNAPSHOT_DIR,
        INTEGRANET_COMPILED_ABOVE (see :data:`COMPILED_ABOVE`), INTEGRANET_EXACT_LIMIT and
        INTEGRANET_SAMPLE_SIZE (betweenness and closeness are exact up to the limit, sampled from that
        many source actors above it), INTEGRANET_REVIEW_MONTHS (facts not confirmed for longer are listed for
        review), INTEGRANET_ROLES (the roles file), INTEGRANET_SECRETS (the Streamlit secrets file with the
        sign-in), INTEGRANET_MAX_UPLOAD_MB (the largest upload).
        """
        env = os.environ if environ is None else environ
        from graph.errors import ConfigurationError

        def number(name: str, default: int) -> int:
            raw = env.get(name, "").strip()
            if not raw:
                return default
            try:
                value = int(raw)
            except ValueError:
                raise ConfigurationError(f"{name} must be a whole number, not {raw!r}.") from None
            if value <= 0:
                raise ConfigurationError(f"{name} must be greater than 0, not {value}.")
            return value

        settings = cls(
            store=env.get("INTEGRANET_STORE", "").strip() or str(default_store_path()),
            neo4j_username=env.get("NEO4J_USERNAME") or None,
            neo4j_password=env.get("NEO4J_PASSWORD") or None,
            neo4j_database=env.get("NEO4J_DATABASE") or None,
            vocabulary_dir=Path(env.get("INTEGRANET_VOCABULARY_DIR") or DATA_DIR / "vocabularies"),
            dataset_dir=Path(env.get("INTEGRANET_DATASET_DIR") or DATA_DIR / "ludwigsburg"),
            home_organisation=env.get("INTEGRANET_HOME_ORGANISATION") or "lra-stabsstelle-integration",
            batch_size=number("INTEGRANET_BATCH_SIZE", 1000),
            dashboard_host=env.get("INTEGRANET_HOST") or "127.0.0.1",
            dashboard_port=number("INTEGRANET_PORT", 8501),
            snapshot_dir=Path(env["INTEGRANET_SNAPSHOT_DIR"].strip()) if env.get("INTEGRANET_SNAPSHOT_DIR", "").strip()
            else None,
            compiled_above=number("INTEGRANET_COMPILED_ABOVE", COMPILED_ABOVE),
            exact_limit=number("INTEGRANET_EXACT_LIMIT", 2000),
            sample_size=number("INTEGRANET_SAMPLE_SIZE", 200),
            review_months=number("INTEGRANET_REVIEW_MONTHS", 12),
            roles_file=_path(env, "INTEGRANET_ROLES"),
            secrets_file=_path(env, "INTEGRANET_SECRETS"),
            max_upload_mb=number("INTEGRANET_MAX_UPLOAD_MB", 20),
        )
        clean: dict[str, Any] = {k: v for k, v in overrides.items() if v is not None}
        return replace(settings, **clean) if clean else settings
