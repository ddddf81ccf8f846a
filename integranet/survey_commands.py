"""``integranet survey``: the survey round of the municipalities — workbooks out, answers in, who has answered.

``survey create`` writes one pre-filled workbook per municipality (:mod:`importers.survey_workbook`), refusing
to overwrite a file or to write onto the store or its snapshots; ``survey read`` checks returned workbooks
(:mod:`importers.survey_read`), prints their problems and what they would change, and commits each as one
change set unless ``--dry-run``; ``survey status`` lists which municipalities have answered. :mod:`integranet.cli`
registers the group.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from graph.exports.targets import protected_paths
from graph.model.changes import ChangeMeta
from graph.store import GraphStore
from importers.load import load_plan
from importers.preview import describe_changes, preview_plan, summary
from importers.survey_read import SurveyReading, read_survey, survey_ids, survey_status
from importers.survey_workbook import survey_id_of, survey_round
from integranet.context import EXIT_INVALID, EXIT_OK, current_settings, fail, opened_store, plain_errors, store_option

__all__ = ["survey"]

_PROBLEMS_SHOWN = 200


@click.group()
def survey() -> None:
    """The survey round: a workbook per municipality to send out, its answers read back, who has answered."""


@survey.command()
@store_option
@click.option("--out", "folder", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="The folder to write the workbooks into (created if missing).")
@click.option("--municipality", "municipalities", multiple=True, metavar="ID",
              help="Only this municipality (its actor id, e.g. ags-08118003); may be repeated. Default: all.")
@click.option("--date", "survey_date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The survey's date (YYYY-MM-DD), its source and the day its answers are confirmed on. "
                   "Default: today.")
@click.option("--language", type=click.Choice(["de", "en"]), default="de", show_default=True,
              help="The language of the workbooks' sheets, headers and questions.")
@click.option("--force", is_flag=True, help="Overwrite workbooks of the same name.")
@plain_errors
def create(folder: Path, municipalities: tuple[str, ...], survey_date: dt.datetime | None, language: str,
           force: bool) -> None:
    """Write one survey workbook per municipality into --out, pre-filled with the actors and offers the store
    knows there and a question per field of action. Refuses to overwrite a file unless --force."""
    settings = current_settings()
    day = survey_date.date() if survey_date else dt.date.today()
    protected = protected_paths(None if settings.is_neo4j else Path(settings.store), settings.snapshot_folder)
    with opened_store(settings) as (store, vocabulary):
        try:
            paths = survey_round(store, vocabulary, folder, language, day, municipalities, protected=protected,
                                 overwrite=force)
        except KeyError as exc:
            raise click.BadParameter(str(exc.args[0]), param_hint="--municipality") from exc
    click.echo(f"{len(paths)} survey workbook(s) for the survey {survey_id_of(day)} written to {folder}:")
    for path in paths:
        click.echo(f"  {path.name}")


@survey.command()
@store_option
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Only check the workbooks and show what they would change.")
@plain_errors
def read(files: tuple[Path, ...], dry_run: bool) -> None:
    """Read returned survey workbooks: their problems (file, sheet, line, column), what they would change, and
    — unless --dry-run, and only when no workbook has an error — commit each as one change set."""
    settings = current_settings()
    with opened_store(settings) as (store, vocabulary):
        readings = [read_survey(file, vocabulary, store) for file in files]
        errors = 0
        for reading in readings:
            errors += len(reading.plan.errors)
            _show(reading, store)
        if dry_run:
            click.echo("Checked only; nothing was written.")
            sys.exit(EXIT_INVALID if errors else EXIT_OK)
        if errors:
            fail(f"{errors} error(s) in the workbooks; nothing was written. Correct the cells named above (or ask "
                 "the municipality to) and read the workbooks again.", EXIT_INVALID)
        for reading in readings:
            if not reading.plan.nodes and not reading.plan.actors:
                click.echo(f"{Path(reading.file).name}: no answers and no corrections; nothing to write.")
                continue
            result = load_plan(reading.plan, store, batch_size=settings.batch_size,
                               change=ChangeMeta.local("import", source=Path(reading.file).name))
            click.echo(f"{Path(reading.file).name}: committed as change set {result.change_set} "
                       f"(`integranet undo {result.change_set}` takes it back)." if result.change_set
                       else f"{Path(reading.file).name}: nothing in the store changed.")


@survey.command()
@store_option
@click.option("--survey", "survey_id", default=None, metavar="ID",
              help="The survey (its month, e.g. 2026-12). Default: the latest whose answers the store holds.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: {survey, municipalities: [...]}.")
@plain_errors
def status(survey_id: str | None, as_json: bool) -> None:
    """Which municipalities have answered the survey, when their answers were read in and from which files, and
    which have not."""
    settings = current_settings()
    with opened_store(settings) as (store, _):
        chosen = survey_id or next(iter(survey_ids(store)), "")
        rows = survey_status(store, chosen) if chosen else []
        towns = rows or survey_status(store, "")
    if as_json:
        click.echo(json.dumps({"survey": chosen, "municipalities": [
            {"id": s.municipality, "name": s.name, "answered": s.answered, "when": s.when, "files": list(s.files),
             "fields": s.fields} for s in towns]}, ensure_ascii=False))
        return
    if not chosen:
        click.echo(f"No survey answers in the store yet; none of its {len(towns)} municipalities has answered. "
                   "Send the workbooks of `integranet survey create` and read the answers with `integranet survey "
                   "read`.")
        return
    answered = [s for s in towns if s.answered]
    click.echo(f"Survey {chosen}: {len(answered)} of {len(towns)} municipalities have answered.")
    for s in answered:
        click.echo(f"  answered  {s.name} ({s.municipality}): {s.fields} field(s), read in {s.when}"
                   f" from {', '.join(s.files) or '(no file name)'}")
    for s in towns:
        if not s.answered:
            click.echo(f"  not yet   {s.name} ({s.municipality})")


def _show(reading: SurveyReading, store: GraphStore) -> None:
    """Print a workbook's problems (first :data:`_PROBLEMS_SHOWN`) and what it would change."""
    plan = reading.plan
    name = Path(reading.file).name
    for problem in plan.problems[:_PROBLEMS_SHOWN]:
        click.echo(str(problem), err=True)
    if len(plan.problems) > _PROBLEMS_SHOWN:
        click.echo(f"… and {len(plan.problems) - _PROBLEMS_SHOWN:,} more problems; fix these first.", err=True)
    counted = {a: sum(1 for x in reading.answers if x.answer == a) for a in ("yes", "no", "unknown")}
    click.echo(f"{name}: survey {reading.survey_id or '?'}, municipality {reading.municipality or '?'}: "
               f"{counted['yes']} yes, {counted['no']} no, {counted['unknown']} unknown; {len(plan.actors)} actor "
               f"correction(s); {len(plan.errors)} error(s), {len(plan.warnings)} warning(s).")
    if plan.has_errors:
        return
    preview = preview_plan(plan, store)
    click.echo(summary(preview))
    for line in describe_changes(preview):
        click.echo(line)
