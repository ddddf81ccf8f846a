"""``integranet snapshot …``: freeze the network on a date, list, show, compare, export and delete snapshots.

The commands parse, call :mod:`graph.snapshots.snapshot`, :mod:`graph.snapshots.diff` and
:mod:`graph.exports.formats`, and print; errors and exit codes as in :mod:`integranet.context`. Only ``create``
opens the store; the others read the snapshot folder (``INTEGRANET_SNAPSHOT_DIR``, else beside the embedded
store, or in the user's data folder for a Neo4j store). :mod:`integranet.cli` registers the group.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

from graph.errors import ConfigurationError
from graph.exports.formats import DIFF_FORMATS, EXPORT_FORMATS, LANGUAGES, export_diff, export_snapshot
from graph.exports.targets import protected_paths
from graph.model.changes import ChangeMeta
from graph.model.vocabulary import Vocabulary
from graph.settings import Settings
from graph.snapshots.diff import SnapshotDiff, diff_snapshots
from graph.snapshots.snapshot import SnapshotFolder, SnapshotInfo
from integranet.context import confirmed, current_settings, opened_store, plain_errors, store_option

__all__ = ["snapshot"]

_language_option = click.option("--language", type=click.Choice(LANGUAGES), default="de", show_default=True,
                                help="Language of figures, maps and tables.")


def _folder(settings: Settings) -> SnapshotFolder:
    return SnapshotFolder(settings.snapshot_folder)


def _protected(settings: Settings) -> tuple[Path, ...]:
    """What no export may write onto or into: the embedded store's files and the snapshot folder."""
    return protected_paths(None if settings.is_neo4j else Path(settings.store), settings.snapshot_folder)


_force_option = click.option("--force", is_flag=True,
                             help="Overwrite files that exist (never the store or its snapshots).")


def _knowledge_text(counts: Mapping[str, Any]) -> str:
    """The other nodes per type and the links per type of a snapshot's counts ("none" for a snapshot without)."""
    nodes = {t: n for t, n in counts.get("by_node_type", {}).items() if n and t not in ("Actor", "FieldOfAction")}
    links = counts.get("by_link_type", {})
    node_text = ", ".join(f"{t} {n}" for t, n in sorted(nodes.items())) or "none"
    link_text = ", ".join(f"{t} {n}" for t, n in sorted(links.items()) if n) or "none"
    return f"{sum(nodes.values())} ({node_text}); links: {counts.get('links', 0)} ({link_text})"


def _filters_text(info: SnapshotInfo) -> str:
    parts = [f"{key} {', '.join(info.filters[key])}" for key in ("kinds", "fields", "municipalities")
             if info.filters.get(key)]
    if parts and info.filters.get("include_district_wide"):
        parts.append("with district-wide actors")
    return "; ".join(parts) or "none (whole network)"


@click.group()
@store_option
def snapshot() -> None:
    """Dated, unchangeable copies of the network for reports: create, list, show, diff, export, delete."""


@snapshot.command()
@store_option
@click.option("--label", required=True, help="What the snapshot is for, e.g. 'Integrationsbericht 2025'.")
@click.option("--field", "fields", multiple=True, metavar="ID|LABEL", help="Only actors working on this field "
              "of action (repeatable).")
@click.option("--municipality", "municipalities", multiple=True, metavar="NAME|AGS|ID",
              help="Only actors seated in or serving this municipality, and the municipality (repeatable).")
@click.option("--kind", "kinds", multiple=True, metavar="ID|LABEL", help="Only actors of this kind (repeatable).")
@click.option("--include-district-wide", is_flag=True, help="With --municipality: add actors serving the whole "
              "district.")
@click.option("--include-personal-data", is_flag=True, help="Keep contact person, e-mail and phone.")
@plain_errors
def create(label: str, fields: tuple[str, ...], municipalities: tuple[str, ...], kinds: tuple[str, ...],
           include_district_wide: bool, include_personal_data: bool) -> None:
    """Freeze the current network (or the filtered part) as a snapshot; prints its id last."""
    from graph.store.filters import actor_filter

    settings = current_settings()
    with opened_store(settings) as (store, vocabulary):
        where = actor_filter(store, vocabulary, kinds=kinds, fields=fields, municipalities=municipalities,
                             include_district_wide=include_district_wide)
        made = _folder(settings).create(store, label, where=None if where.is_empty else where,
                                        include_personal_data=include_personal_data)
    info = made.info
    counts = info.counts
    click.echo(f"Snapshot of {info.store}: {counts['actors']} actor(s), {counts['relations']} tie(s) "
               f"({counts.get('illustrative_relations', 0)} illustrative); filters: {_filters_text(info)}; "
               f"personal data {'included' if info.personal_data_included else 'left out'}.")
    click.echo(f"Other nodes: {_knowledge_text(counts)}.")
    click.echo(f"Saved in {settings.snapshot_folder}.")
    click.echo(info.id)


@snapshot.command("list")
@store_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array of the snapshots' metadata.")
@plain_errors
def list_(as_json: bool) -> None:
    """List the snapshots, oldest first."""
    settings = current_settings()
    infos = _folder(settings).infos()
    if as_json:
        click.echo(json.dumps([i.as_dict() for i in infos], ensure_ascii=False))
        return
    if not infos:
        click.echo(f"No snapshots in {settings.snapshot_folder}. Create one with: integranet snapshot create "
                   "--label TEXT")
        return
    click.echo(f"{'id':<24} {'created (UTC)':<20} {'actors':>6} {'ties':>6}  label")
    for info in infos:
        marker = " [filtered]" if info.is_filtered else ""
        click.echo(f"{info.id:<24} {info.created_at[:19].replace('T', ' '):<20} {info.counts.get('actors', 0):>6} "
                   f"{info.counts.get('relations', 0):>6}  {info.label}{marker}")


@snapshot.command()
@store_option
@click.argument("snapshot_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print the metadata as one JSON object.")
@plain_errors
def show(snapshot_id: str, as_json: bool) -> None:
    """Show a snapshot's metadata (ID may be a unique beginning of the id)."""
    info = _folder(current_settings()).info(snapshot_id)
    if as_json:
        click.echo(json.dumps(info.as_dict(), ensure_ascii=False))
        return
    counts = info.counts
    lines = [
        ("Snapshot", info.id), ("Label", info.label), ("Created (UTC)", info.created_at),
        ("Data last imported", info.last_import or "–"), ("Store", info.store), ("Filters", _filters_text(info)),
        ("Actors", f"{counts.get('actors', 0)} (municipalities: {counts.get('municipalities', 0)})"),
        ("Ties", f"{counts.get('relations', 0)} (illustrative: {counts.get('illustrative_relations', 0)})"),
        ("Fields of action", str(counts.get("fields_of_action", 0))),
        ("Other nodes", _knowledge_text(counts)),
        ("Personal data", "included" if info.personal_data_included else "left out"),
        ("Content hash", info.content_hash), ("Software", info.software),
    ]
    for name, value in lines:
        click.echo(f"{name + ':':<20} {value}")


@snapshot.command()
@store_option
@click.argument("snapshot_id", metavar="ID")
@click.option("--yes", "-y", is_flag=True, help="Delete without asking.")
@plain_errors
def delete(snapshot_id: str, yes: bool) -> None:
    """Delete a snapshot for good. ID is its full id, or a beginning of at least its date that names only it;
    asks first (or takes --yes)."""
    folder = _folder(current_settings())
    info = folder.info(folder.resolve_for_delete(snapshot_id))
    described = f"{info.id} “{info.label}” of {info.created_at[:10]}"
    if not confirmed(f"Delete snapshot {described} for good?", f"Nothing was deleted: deleting snapshot {described} "
                     f"cannot be undone. Run `integranet snapshot delete {info.id} --yes` to delete it.", yes):
        click.echo("Nothing was deleted.")
        return
    deleted = folder.delete(info.id, ChangeMeta.local("snapshot"))
    click.echo(f"Deleted snapshot {deleted}.")


def _suffix_format(path: Path, allowed: tuple[str, ...], option: str) -> str:
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in allowed:
        raise ConfigurationError(f"{option} {path}: name a file ending in {', '.join('.' + a for a in allowed)}.")
    return fmt


@snapshot.command()
@store_option
@click.argument("before", metavar="A")
@click.argument("after", metavar="B")
@click.option("--json", "as_json", is_flag=True, help="Print the difference as one JSON object.")
@click.option("--figure", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also draw the difference to this .png, .svg or .pdf file.")
@click.option("--table", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the table of changes to this .csv or .xlsx file.")
@_language_option
@_force_option
@plain_errors
def diff(before: str, after: str, as_json: bool, figure: Path | None, table: Path | None, language: str,
         force: bool) -> None:
    """Compare snapshot A with snapshot B: actors and ties added, removed, changed."""
    settings = current_settings()
    figure_format = _suffix_format(figure, tuple(f for f in DIFF_FORMATS if f in ("png", "svg", "pdf")),
                                   "--figure") if figure else None
    table_format = _suffix_format(table, ("csv", "xlsx"), "--table") if table else None
    folder = _folder(settings)
    difference = diff_snapshots(folder.load(before), folder.load(after))
    written = []
    if figure or table:
        vocabulary = Vocabulary.load(settings.vocabulary_dir)
        if figure and figure_format:
            written.append(export_diff(difference, figure_format, figure, vocabulary, language=language,
                                       overwrite=force, protected=_protected(settings)))
        if table and table_format:
            written.append(export_diff(difference, table_format, table, vocabulary, language=language,
                                       overwrite=force, protected=_protected(settings)))
    if as_json:
        click.echo(json.dumps(difference.as_dict(), ensure_ascii=False))
    else:
        _print_diff(difference)
    for path in written:
        click.echo(f"Wrote {path}", err=as_json)


def _print_diff(d: SnapshotDiff) -> None:
    click.echo(f"From {d.before.id} ({d.before.label}, {d.before.created_date}) "
               f"to {d.after.id} ({d.after.label}, {d.after.created_date}):")
    click.echo(f"Actors: {len(d.actors_added)} added, {len(d.actors_removed)} removed, {len(d.actors_changed)} "
               f"changed. Ties: {len(d.relations_added)} added, {len(d.relations_removed)} removed, "
               f"{len(d.relations_changed)} changed.")
    if d.nodes_added or d.nodes_removed or d.nodes_changed or d.links_added or d.links_removed or d.links_changed:
        click.echo(f"Nodes: {len(d.nodes_added)} added, {len(d.nodes_removed)} removed, {len(d.nodes_changed)} "
                   f"changed. Links: {len(d.links_added)} added, {len(d.links_removed)} removed, "
                   f"{len(d.links_changed)} changed.")
    for actor in d.actors_added:
        click.echo(f"+ actor {actor.id}: {actor.name} ({actor.kind})")
    for actor in d.actors_removed:
        click.echo(f"- actor {actor.id}: {actor.name} ({actor.kind})")
    for change in d.actors_changed:
        click.echo(f"~ actor {change.after.id}: {change.after.name}: changed {', '.join(change.changes)}")
    for rel in d.relations_added:
        click.echo(f"+ tie {rel.source} -[{rel.type}]-> {rel.target}")
    for rel in d.relations_removed:
        click.echo(f"- tie {rel.source} -[{rel.type}]-> {rel.target}")
    for rel_change in d.relations_changed:
        rel = rel_change.after
        click.echo(f"~ tie {rel.source} -[{rel.type}]-> {rel.target}: changed {', '.join(rel_change.changes)}")
    _print_knowledge_diff(d)
    moved = d.fields_changed()
    if moved:
        click.echo("By field of action:")
        for key, v in moved.items():
            click.echo(f"  {key}: actors {v['actors_before']} → {v['actors_after']}, "
                       f"ties {v['relations_before']} → {v['relations_after']}")
    towns = d.municipalities_changed()
    if towns:
        click.echo("By municipality:")
        for v in towns.values():
            click.echo(f"  {v['name']}: actors {v['actors_before']} → {v['actors_after']}, "
                       f"ties {v['relations_before']} → {v['relations_after']}")


def _print_knowledge_diff(d: SnapshotDiff) -> None:
    for node in d.nodes_added:
        click.echo(f"+ {node.type} {node.id}: {node.name}")
    for node in d.nodes_removed:
        click.echo(f"- {node.type} {node.id}: {node.name}")
    for node_change in d.nodes_changed:
        node = node_change.after
        for name, (old, new) in node_change.changes.items():
            click.echo(f"~ {node.type} {node.id}: {name}: {_value(old)} → {_value(new)}")
    for link in d.links_added:
        click.echo(f"+ link {link.source} ({link.source_type}) -[{link.type}]-> {link.target} ({link.target_type})")
    for link in d.links_removed:
        click.echo(f"- link {link.source} ({link.source_type}) -[{link.type}]-> {link.target} ({link.target_type})")
    for link_change in d.links_changed:
        link = link_change.after
        click.echo(f"~ link {link.source} -[{link.type}]-> {link.target}: changed {', '.join(link_change.changes)}")
    for type_id, v in d.by_node_type.items():
        if v["added"] or v["removed"] or v["changed"]:
            click.echo(f"  {type_id}: {v['before']} → {v['after']} ({v['added']} added, {v['removed']} removed, "
                       f"{v['changed']} changed)")


def _value(value: object) -> str:
    if value is None or value == "" or value == ():
        return "–"
    return "|".join(map(str, value)) if isinstance(value, tuple | list) else str(value)


@snapshot.command("export")
@store_option
@click.argument("snapshot_id", metavar="ID")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True,
              help="graphml, gexf, csv (a folder: actors, relations, one file per node type, links), xlsx, json, "
                   "cypher, png/svg/pdf (figure), html (map), "
                   "pack (ZIP for the report).")
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="File to write (for csv: a folder; an existing folder gets a file named after the snapshot).")
@_language_option
@click.option("--include-personal-data", is_flag=True, help="Keep contact person, e-mail and phone (only if the "
              "snapshot kept them).")
@_force_option
@plain_errors
def export(snapshot_id: str, fmt: str, out: Path, language: str, include_personal_data: bool, force: bool) -> None:
    """Export a snapshot in one format.

    Refuses to overwrite a file unless --force; never writes onto the store or into the snapshot folder."""
    settings = current_settings()
    frozen = _folder(settings).load(snapshot_id)
    vocabulary = Vocabulary.load(settings.vocabulary_dir)
    for path in export_snapshot(frozen, fmt, out, vocabulary, language=language,
                                include_personal_data=include_personal_data, overwrite=force,
                                protected=_protected(settings)):
        click.echo(f"Wrote {path}")
