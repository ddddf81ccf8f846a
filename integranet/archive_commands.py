"""``integranet backup`` and ``integranet restore``: a whole store, its snapshots and vocabulary in one file, and
back into an empty store of either backend.

:mod:`integranet.cli` registers the commands; the work is :mod:`graph.archive`. Both act as the local user with
the admin role (a terminal on the office's machine is the admin's); the dashboard's admin page does the same for
a signed-in admin.
"""

from __future__ import annotations

from pathlib import Path

import click

from graph.archive import read_backup, restore_backup, write_backup
from graph.model.changes import ChangeMeta
from integranet.context import current_settings, opened_store, plain_errors, store_option

__all__ = ["backup", "restore"]


def _summary(counts: dict[str, int]) -> str:
    return (f"{counts['actors']} actor(s), {counts['relations']} tie(s), {counts['nodes']} node(s), "
            f"{counts['links']} link(s), {counts['change_sets']} change set(s), {counts['snapshots']} snapshot(s)")


@click.command()
@store_option
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="The backup file to write (e.g. integranet-2026-12-04.backup.gz).")
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@plain_errors
def backup(out: Path, force: bool) -> None:
    """Write one file with every node, tie, the change history, every snapshot and the vocabulary files, with a
    checksum. `integranet restore FILE` fills an empty store of either backend from it."""
    settings = current_settings()
    with opened_store(settings) as (store, _):
        written = write_backup(store, settings.snapshot_folder, out, ChangeMeta.local("backup"),
                               vocabulary_dir=settings.vocabulary_dir, overwrite=force)
    click.echo(f"Backup written to {out.name}: {_summary(written.counts())}; checksum {written.checksum[:16]}.")


@click.command()
@store_option
@click.argument("backup_file", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--comment", default="", help="Why it is restored (kept with the restore's change set).")
@plain_errors
def restore(backup_file: Path, comment: str) -> None:
    """Fill the EMPTY store (--store) and its snapshot folder from the backup FILE. Refuses, writing nothing, a
    damaged or foreign file, and a store that holds data already."""
    settings = current_settings()
    found = read_backup(backup_file)
    with opened_store(settings) as (store, _):
        result = restore_backup(found, store, settings.snapshot_folder, ChangeMeta.local("restore", comment=comment),
                                vocabulary_dir=settings.vocabulary_dir)
    done = f" as change set {result.change_set.id}" if result.change_set else ""
    click.echo(f"Restored from {backup_file.name}{done}: {_summary(found.counts())}.")
    if result.vocabulary_differs:
        click.echo("Note: the backup's vocabulary files differ from the ones this store is read with: "
                   f"{', '.join(result.vocabulary_differs)}. The backup's versions are inside the file; copy them "
                   "into the vocabulary folder if the district's vocabulary should be the one of the backup.",
                   err=True)
