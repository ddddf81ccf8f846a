"""``integranet backup``, ``integranet restore`` and ``integranet erase``: a whole store, its snapshots and
vocabulary in one file and back into an empty store of either backend; a person's data erased everywhere.

:mod:`integranet.cli` registers the commands; the work is :mod:`graph.archive`. All act as the local user with
the admin role (a terminal on the office's machine is the admin's); the dashboard's admin page does the same for
a signed-in admin.
"""

from __future__ import annotations

from pathlib import Path

import click

from graph.archive import erase_personal_data, read_backup, restore_backup, write_backup
from graph.model.changes import ChangeMeta
from graph.snapshots.snapshot import SnapshotFolder
from integranet.context import confirmed, current_settings, opened_store, plain_errors, store_option

__all__ = ["backup", "erase", "restore"]


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


@click.command()
@store_option
@click.argument("record_id", metavar="ID")
@click.option("--reason", required=True, help="Why (e.g. the date and reference of the request); kept with the "
              "erasure and in every rewritten snapshot.")
@click.option("--yes", "-y", is_flag=True, help="Erase without asking (an erasure cannot be undone).")
@plain_errors
def erase(record_id: str, reason: str, yes: bool) -> None:
    """Erase the personal data (contact person, e-mail, phone, and what the schema declares personal) held by the
    actor or node ID: from the store, its change history and every snapshot, for good (GDPR Art. 17)."""
    settings = current_settings()
    with opened_store(settings) as (store, _):
        found = store.get_actor(record_id) or store.get_node(record_id)
        name = f"{found.name} ({record_id})" if found else record_id
        if not confirmed(f"Erase the personal data of {name} everywhere, for good?",
                         f"Nothing was erased: an erasure cannot be undone. Run `integranet erase {record_id} "
                         "--reason ... --yes` to erase.", yes):
            click.echo("Nothing was erased.")
            return
        result = erase_personal_data(store, SnapshotFolder(settings.snapshot_folder), record_id, reason,
                                     ChangeMeta.local("erase"))
    removed = ", ".join(result.properties) or "none left on the record"
    click.echo(f"Erased the personal data of {name} as change set {result.change_set.id}: properties {removed}; "
               f"{result.other_facts} other fact(s) and {result.history_entries} history entry(ies) rewritten; "
               f"{len(result.snapshots)} snapshot(s) rewritten with a redaction note.")
