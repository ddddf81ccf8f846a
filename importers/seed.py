"""The bundled dataset: a folder with ``dataset.toml`` naming its actor and relation files."""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from pathlib import Path

from graph.errors import ConfigurationError
from graph.model.vocabulary import Vocabulary
from graph.store.base import GraphStore

from .columns import Role
from .load import LoadResult, load_plan
from .records import ImportPlan, KnownActors, plan_import

__all__ = ["Dataset", "load_dataset", "seed"]


@dataclass(frozen=True)
class Dataset:
    """A dataset folder's manifest."""

    folder: Path
    name: str
    ags: str
    home_organisation: str
    actor_files: tuple[Path, ...]
    relation_files: tuple[Path, ...]
    district_figures: Path | None

    def district_figures_rows(self) -> list[dict[str, str]]:
        """The district's dated key figures (population, foreign nationals), each row with its source."""
        if self.district_figures is None or not self.district_figures.is_file():
            return []
        with self.district_figures.open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.DictReader(handle))


def load_dataset(folder: Path) -> Dataset:
    """Read ``folder/dataset.toml``; raises ConfigurationError naming what is wrong."""
    manifest = folder / "dataset.toml"
    try:
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigurationError(f"No dataset at {folder}: {manifest.name} is missing. Set INTEGRANET_DATASET_DIR "
                                 "to a folder with a dataset.toml.") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"{manifest}: {exc}") from None
    figures = data.get("district_figures")
    return Dataset(
        folder=folder,
        name=str(data.get("name", folder.name)),
        ags=str(data.get("ags", "")),
        home_organisation=str(data.get("home_organisation", "")),
        actor_files=tuple(folder / f for f in data.get("actors", ())),
        relation_files=tuple(folder / f for f in data.get("relations", ())),
        district_figures=folder / figures if figures else None,
    )


def seed(store: GraphStore, vocabulary: Vocabulary, folder: Path, *, batch_size: int = 1000) -> tuple[ImportPlan,
                                                                                                      LoadResult]:
    """Import the dataset in ``folder`` into ``store`` (idempotent: seeding twice changes nothing)."""
    dataset = load_dataset(folder)
    files = [*dataset.actor_files, *dataset.relation_files]
    roles = {str(f): Role.ACTORS for f in dataset.actor_files}
    roles.update({str(f): Role.RELATIONS for f in dataset.relation_files})
    plan = plan_import(files, vocabulary, KnownActors.from_store(store), roles=roles)
    return plan, load_plan(plan, store, batch_size=batch_size)
