"""``integranet init``, ``seed``, ``import``, ``validate``, ``stats`` and ``export``: the store and its contents.

Each command parses its arguments, calls :mod:`importers` or :mod:`graph`, and prints; errors and exit codes
as in :mod:`integranet.context`. :mod:`integranet.cli` registers the commands.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

from graph.exports.formats import EXPORT_FORMATS, LANGUAGES
from graph.model.changes import ChangeMeta
from integranet.context import (
    EXIT_INVALID,
    EXIT_OK,
    current_settings,
    fail,
    opened_store,
    plain_errors,
    store_option,
)

__all__ = ["export", "import_", "init", "seed", "stats", "validate"]

_file_arg = click.Path(dir_okay=False, path_type=Path)


@click.command()
@store_option
@plain_errors
def init() -> None:
    """Create the store's schema and write the vocabulary's fields of action."""
    settings = current_settings()
    with opened_store(settings) as (store, _):
        store.initialise()
        click.echo(f"Store ready at {store.location}.")


@click.command()
@store_option
@click.option("--dataset", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Dataset folder with a dataset.toml (default: the bundled Ludwigsburg data).")
@click.option("--verbose", "-v", is_flag=True, help="List every note on the data (e.g. places outside the district).")
@click.option("--yes", "-y", is_flag=True, help="Overwrite stored records that differ from the dataset without asking.")
@click.option("--if-empty", is_flag=True, help="Load only into an empty store; otherwise load nothing (`make run`).")
@plain_errors
def seed(dataset: Path | None, verbose: bool, yes: bool, if_empty: bool) -> None:
    """Load the bundled dataset: municipalities, organisations, ties, and formats, events, offers … and links.

    An empty store gets everything. A store that holds data is compared with the dataset first: new records are
    added, and records changed in the store are overwritten only when you confirm (or pass --yes).
    """
    from importers.load import load_plan
    from importers.preview import preview_plan
    from importers.seed import plan_seed

    settings = current_settings()
    with opened_store(settings) as (store, vocabulary):
        empty = _holds_no_data(store)
        if if_empty and not empty:
            click.echo(f"The store {store.location} already holds data; nothing loaded. Run `integranet seed` to "
                       "compare it with the bundled data.")
            return
        plan = plan_seed(store, vocabulary, dataset or settings.dataset_dir)
        if not empty:
            chosen = _seed_plan_to_write(plan, preview_plan(plan, store, whole=True), yes)
            if chosen is None:
                return
            plan = chosen
        result = load_plan(plan, store, batch_size=settings.batch_size,
                           change=ChangeMeta.local("seed", source=str((dataset or settings.dataset_dir).name)))
        if verbose:
            _report_warnings(plan.warnings)
        click.echo(f"Seeded {store.location}: {result.actors} actors, {result.relations} ties"
                   f"{_knowledge_counts(vocabulary, result.nodes, result.links)}.")
        if plan.warnings and not verbose:
            codes = Counter(p.code for p in plan.warnings)
            listed = ", ".join(f"{n} × {code}" for code, n in sorted(codes.items()))
            click.echo(f"Notes on the data: {listed} (--verbose lists them).")


def _holds_no_data(store: Any) -> bool:
    """True when the store holds no actor, tie, node or link (its fields of action do not count)."""
    if not store.is_initialised():
        return True
    counts = store.stats()
    nodes = sum(n for node_type, n in counts.by_node_type.items() if node_type not in ("Actor", "FieldOfAction"))
    return not (counts.actors or counts.relations or counts.links or nodes)


def _seed_plan_to_write(plan: Any, preview: Any, yes: bool) -> Any:
    """What seeding a store that holds data writes: nothing when nothing would change; only the new records when
    no stored record would change; the whole plan when stored records would change and the user agrees (--yes, or
    a yes at the terminal). None when nothing is to be written; without a terminal and --yes it refuses."""
    from importers.preview import describe_changes, new_only

    if preview.changes_nothing:
        click.echo("The store already holds the bundled data as it is; nothing was written.")
        return None
    if not preview.changed:
        click.echo(f"{preview.new} record(s) of the bundled data are new to the store; the stored ones stay as they "
                   "are.")
        return new_only(plan, preview)
    if yes:
        return plan
    for line in describe_changes(preview):
        click.echo(line)
    if sys.stdin is None or not sys.stdin.isatty():
        fail("Nothing was written: seeding would overwrite the stored records listed above with the bundled data. "
             "Keep them as they are, or run `integranet seed --yes` to overwrite them.", EXIT_INVALID)
    if not click.confirm("Overwrite these records with the bundled data?", default=False):
        click.echo("Nothing was written; the store keeps its records. `integranet seed --yes` overwrites them.")
        return None
    return plan


def _knowledge_counts(vocabulary: Any, nodes: Mapping[str, int], links: int) -> str:
    """``, 3 formats, 1 event, 12 links`` for the nodes per type (in the schema's order) and links; "" for none."""
    schema = vocabulary.schema
    parts = []
    for node_type in schema.node_only_types:
        n = nodes.get(node_type.id, 0)
        if n:
            parts.append(f"{n} {(node_type.label_en if n == 1 else node_type.plural_en).lower()}")
    if links or parts:
        parts.append(f"{links} link{'' if links == 1 else 's'}")
    return "".join(f", {part}" for part in parts)


def _report_warnings(warnings: tuple[Any, ...], limit: int = 50) -> None:
    for problem in warnings[:limit]:
        click.echo(str(problem), err=True)
    if len(warnings) > limit:
        click.echo(f"… and {len(warnings) - limit} more warning(s).", err=True)


def _run_import(files: tuple[Path, ...], actors: tuple[Path, ...], relations: tuple[Path, ...], table_type: str | None,
                skip_invalid: bool, dry_run: bool, remove_vanished: bool = False,
                overwrite_edited: bool = False) -> None:
    from importers.columns import Role
    from importers.node_tables import TableKind, table_kind
    from importers.records import KnownActors, plan_import

    all_files = [*files, *actors, *relations]
    if not all_files:
        raise click.UsageError("Name at least one file to import.")
    roles: dict[str, Role | TableKind] = {str(f): Role.ACTORS for f in actors}
    roles |= {str(f): Role.RELATIONS for f in relations}
    settings = current_settings()
    with opened_store(settings) as (store, vocabulary):
        if table_type is not None:
            kind = table_kind(table_type, vocabulary.schema, any_role=True)
            if kind is None:
                names = ", ".join([t.id for t in vocabulary.schema.node_only_types] + ["Actor", "relations", "links"])
                raise click.BadParameter(f"{table_type!r} names no node type or table; use one of {names} (or "
                                         "their English or German label or plural)", param_hint="--type")
            # A workbook's sheets are recognised by their names; --type is for files of one table.
            roles |= {str(f): kind for f in files if f.suffix.lower() not in (".xlsx", ".xlsm")}
        known = KnownActors.from_store(store) if store.is_initialised() else KnownActors()
        from importers.graph_files import is_graph_file, plan_graph_import  # GraphML/GEXF: one element, one row

        planner = plan_graph_import if all(is_graph_file(f) for f in all_files) else plan_import
        plan = planner(all_files, vocabulary, known, roles=roles)
        for problem in plan.problems[:200]:  # past a few hundred, a list only hides the cause: fix these first
            click.echo(str(problem), err=True)
        if len(plan.problems) > 200:
            click.echo(f"… and {len(plan.problems) - 200:,} more problems; fix these first.", err=True)
        counts = _knowledge_counts(vocabulary, plan.nodes_by_type(), len(plan.links))
        summary = (f"{plan.rows} row(s) read: {len(plan.actors)} actor(s), {len(plan.relations)} tie(s){counts} valid; "
                   f"{len(plan.errors)} error(s), {len(plan.warnings)} warning(s).")
        if dry_run:
            click.echo(summary + " Checked only; nothing was written.")
            _show_preview(plan, store, removing=remove_vanished)
            sys.exit(EXIT_INVALID if plan.has_errors else EXIT_OK)
        if plan.has_errors and not skip_invalid:
            fail(summary + " Nothing was written. Fix the rows above and import again, or use --skip-invalid "
                 "to write the valid rows only.", EXIT_INVALID)
        from importers.reimport import describe_reimport, load_reimport, reimport_preview

        reimport = reimport_preview(plan, store, compare=False)
        if remove_vanished and reimport.incomplete:
            fail(summary + " Nothing was written: with invalid rows the facts that vanished from the files cannot be "
                 "told apart; fix the rows first, or import without --remove-vanished.", EXIT_INVALID)
        result = load_reimport(plan, store, reimport, batch_size=settings.batch_size, skip_invalid=skip_invalid,
                               remove=[v.fact for v in reimport.vanished] if remove_vanished else (),
                               overwrite=[e.fact for e in reimport.edited_since] if overwrite_edited else ())
        for line in describe_reimport(reimport, removing=remove_vanished, overwriting=overwrite_edited):
            click.echo(line)
        skipped = f" {plan.rejected} invalid row(s) skipped (listed above)." if plan.rejected else ""
        click.echo(f"Imported into {store.location}: {result.actors} actor(s), {result.relations} tie(s)"
                   f"{_knowledge_counts(vocabulary, result.nodes, result.links)}.{skipped}")
        click.echo(f"Change set {result.change_set}: `integranet undo {result.change_set}` takes it back."
                   if result.change_set else "Nothing in the store changed (every row equals what it holds).")


def _show_preview(plan: Any, store: Any, removing: bool = False) -> None:
    """Print what importing the plan's valid records would change in the store, and what vanished from the files
    since their last import (nothing is written)."""
    from importers.preview import describe_changes, summary
    from importers.reimport import describe_reimport, reimport_preview

    reimport = reimport_preview(plan, store)
    preview = reimport.preview
    click.echo(summary(preview))
    for line in [*describe_changes(preview, with_missing=True), *describe_reimport(reimport, removing=removing)]:
        click.echo(line)
    if preview.changed:
        click.echo("Importing overwrites the changed records above with the file's values; run the import without "
                   "--dry-run to do so, or correct the file first.")


_type_help = ("What the FILES hold, when their names do not say it: a node type (Format, Veranstaltungen, offers …), "
              "links, actors or relations. Sheets of a workbook are recognised by their names.")


@click.command("import")
@store_option
@click.argument("files", nargs=-1, type=_file_arg)
@click.option("--actors", multiple=True, type=_file_arg, help="A file that holds actors (whatever its headers).")
@click.option("--relations", multiple=True, type=_file_arg, help="A file that holds relations.")
@click.option("--type", "table_type", default=None, metavar="TYPE", help=_type_help)
@click.option("--skip-invalid", is_flag=True, help="Write the valid rows and list the invalid ones.")
@click.option("--dry-run", is_flag=True, help="Only check the files; write nothing.")
@click.option("--remove-vanished", is_flag=True,
              help="Remove the facts an earlier import of the same files wrote that they no longer hold.")
@click.option("--overwrite-edited", is_flag=True,
              help="Overwrite records changed in the store since the last import of the same files (kept otherwise).")
@plain_errors
def import_(files: tuple[Path, ...], actors: tuple[Path, ...], relations: tuple[Path, ...], table_type: str | None,
            skip_invalid: bool, dry_run: bool, remove_vanished: bool, overwrite_edited: bool) -> None:
    """Import actors, relations, nodes of every type and links from CSV files or XLSX workbooks.

    A table of formats, events, offers … is recognised by its name (file or sheet: Formate, events, Angebote …),
    a links table by the name links / Verknüpfungen, actors and relations by their headers. Every problem is
    listed as FILE:LINE: COLUMN: message [code]. By default nothing is written when any row has an error.
    """
    _run_import(files, actors, relations, table_type, skip_invalid, dry_run, remove_vanished, overwrite_edited)


@click.command()
@store_option
@click.argument("files", nargs=-1, type=_file_arg)
@click.option("--actors", multiple=True, type=_file_arg, help="A file that holds actors.")
@click.option("--relations", multiple=True, type=_file_arg, help="A file that holds relations.")
@click.option("--type", "table_type", default=None, metavar="TYPE", help=_type_help)
@plain_errors
def validate(files: tuple[Path, ...], actors: tuple[Path, ...], relations: tuple[Path, ...],
             table_type: str | None) -> None:
    """Check files as `import --dry-run` does; write nothing."""
    _run_import(files, actors, relations, table_type, skip_invalid=False, dry_run=True)


@click.command()
@store_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@plain_errors
def stats(as_json: bool) -> None:
    """Count actors, ties, municipalities and fields of action."""
    settings = current_settings()
    with opened_store(settings) as (store, vocabulary):
        counts = store.stats()
    if as_json:
        click.echo(json.dumps(counts.as_dict(), ensure_ascii=False, sort_keys=False))
        return
    click.echo(f"Store: {store.location}")
    click.echo(f"Actors: {counts.actors} (municipalities: {counts.municipalities})")
    click.echo(f"Ties: {counts.relations}")
    click.echo(f"Fields of action: {counts.fields_of_action}")
    for kind, n in sorted(counts.by_kind.items(), key=lambda kv: (-kv[1], kv[0])):
        click.echo(f"  {vocabulary.kinds.label(kind, 'en')}: {n}")
    for rel_type, n in sorted(counts.by_relation_type.items(), key=lambda kv: (-kv[1], kv[0])):
        click.echo(f"  {vocabulary.relation_types.label(rel_type, 'en')}: {n}")
    click.echo("Nodes by type:")
    for node_type, n in counts.by_node_type.items():
        known = vocabulary.schema.node_types.get(node_type)
        click.echo(f"  {known.plural_en if known else node_type}: {n}")
    click.echo(f"Links: {counts.links}")
    for link_type, n in sorted(counts.by_link_type.items(), key=lambda kv: (-kv[1], kv[0])):
        known_link = vocabulary.schema.link_types.get(link_type)
        click.echo(f"  {known_link.label_en if known_link else link_type}: {n}")


@click.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True,
              help="graphml, gexf, csv (actors.csv and relations.csv in the folder OUT), xlsx, json (node-link), "
                   "cypher, png/svg/pdf (figure), html (map), pack (ZIP for the report).")
@click.option("--out", type=click.Path(path_type=Path), required=True, help="File, or folder for csv.")
@click.option("--label", default=None, help="Title of figures and maps (default: 'Netzwerk der Integrationsarbeit').")
@click.option("--language", type=click.Choice(LANGUAGES), default="de", show_default=True,
              help="Language of figures, maps and tables.")
@click.option("--include-personal-data", is_flag=True, help="Keep contact person, e-mail and phone.")
@click.option("--force", is_flag=True, help="Overwrite files that exist (never the store or its snapshots).")
@plain_errors
def export(fmt: str, out: Path, label: str | None, language: str, include_personal_data: bool, force: bool) -> None:
    """Export the whole graph as it is now (actors placed as in the snapshots; nothing is saved).

    Refuses to overwrite a file unless --force; never writes onto the store or into its snapshot folder."""
    from graph.exports.formats import export_live
    from graph.snapshots.snapshot import SnapshotFolder

    settings = current_settings()
    default_label = "Netzwerk der Integrationsarbeit" if language == "de" else "Network of integration work"
    with opened_store(settings) as (store, _):
        _, written = export_live(store, SnapshotFolder(settings.snapshot_folder), fmt, out,
                                 label=label or default_label, language=language,
                                 include_personal_data=include_personal_data, overwrite=force)
    for path in written:
        click.echo(f"Wrote {path}")
