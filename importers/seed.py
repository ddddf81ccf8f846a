"""The bundled dataset: a folder with ``dataset.toml`` naming its actor, relation, node and link files.

``nodes = [...]`` lists one CSV per node type, its type named by the file's stem (``formats.csv``,
``Veranstaltungen.csv``: see :func:`importers.node_tables.table_kind`), in the order given; ``links = [...]``
the links tables. Everything is validated together and written all or nothing, after actors and relations.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from graph.errors import ConfigurationError
from graph.model.changes import ChangeMeta
from graph.model.vocabulary import Vocabulary
from graph.store.base import GraphStore

from .columns import Role
from .load import LoadResult, load_plan
from .node_tables import TableKind, table_kind
from .records import ImportPlan, KnownActors, plan_import

__all__ = ["Dataset", "load_dataset", "plan_seed", "seed"]


@dataclass(frozen=True)
class Dataset:
    """A dataset folder's manifest."""

    folder: Path
    name: str
    ags: str
    home_organisation: str
    actor_files: tuple[Path, ...]
    relation_files: tuple[Path, ...]
    node_files: tuple[Path, ...] = ()
    link_files: tuple[Path, ...] = ()


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
    return Dataset(
        folder=folder,
        name=str(data.get("name", folder.name)),
        ags=str(data.get("ags", "")),
        home_organisation=str(data.get("home_organisation", "")),
        actor_files=tuple(folder / f for f in data.get("actors", ())),
        relation_files=tuple(folder / f for f in data.get("relations", ())),
        node_files=tuple(folder / f for f in data.get("nodes", ())),
        link_files=tuple(folder / f for f in data.get("links", ())),
    )


def seed(store: GraphStore, vocabulary: Vocabulary, folder: Path, *, batch_size: int = 1000) -> tuple[ImportPlan,
                                                                                                      LoadResult]:
    """Import the dataset in ``folder`` into ``store`` (idempotent: seeding twice changes nothing).

    This overwrites every stored record the dataset holds; :func:`importers.preview.preview_plan` on
    :func:`plan_seed`'s plan says first what that would change.
    """
    plan = plan_seed(store, vocabulary, folder)
    return plan, load_plan(plan, store, batch_size=batch_size, change=ChangeMeta.local("seed", source=folder.name))


def plan_seed(store: GraphStore, vocabulary: Vocabulary, folder: Path) -> ImportPlan:
    """The validated plan of the dataset in ``folder``, its references resolved against ``store``; nothing is
    written."""
    dataset = load_dataset(folder)
    files = [*dataset.actor_files, *dataset.relation_files, *dataset.node_files, *dataset.link_files]
    roles: dict[str, Role | TableKind] = {str(f): Role.ACTORS for f in dataset.actor_files}
    roles.update({str(f): Role.RELATIONS for f in dataset.relation_files})
    roles.update({str(f): _node_kind(f, vocabulary) for f in dataset.node_files})
    roles.update({str(f): Role.LINKS for f in dataset.link_files})
    return plan_import(files, vocabulary, KnownActors.from_store(store), roles=roles)


def _node_kind(file: Path, vocabulary: Vocabulary) -> TableKind:
    """The node type a file of ``nodes = [...]`` holds, from its stem; ConfigurationError when it names none."""
    kind = table_kind(file.stem, vocabulary.schema)
    if kind is None or kind.role is not Role.NODES:
        types = ", ".join(t.plural_en.lower() for t in vocabulary.schema.node_only_types)
        raise ConfigurationError(f"{file.parent / 'dataset.toml'}: nodes: the name of {file.name} names no node type; "
                                 f"name the file after its type ({types}, or the German plural).")
    return kind
