"""``integranet``: the command line over ``graph`` and ``importers``.

Exit codes: 0 success, 1 invalid input (nothing written), 2 wrong usage, 3 store unreachable or unusable.
No traceback reaches the user (set INTEGRANET_DEBUG=1 to see one).
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from graph.errors import IntegraNetError, InvalidInputError
from graph.exports.formats import EXPORT_FORMATS, LANGUAGES
from graph.model.vocabulary import Vocabulary
from graph.settings import Settings
from graph.store import GraphStore, open_store

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_STORE = 0, 1, 2, 3


class _State:
    """What the group's options leave for the subcommands."""

    def __init__(self) -> None:
        self.store: str | None = None


def _store_option(func: F) -> F:
    """``--store`` on a subcommand too, so that it is accepted before or after the subcommand's name."""

    @click.option("--store", "store_", metavar="PATH|URI", default=None,
                  help="Embedded store path or Neo4j URI (default: INTEGRANET_STORE, else your data folder).")
    @functools.wraps(func)
    def wrapper(*args: Any, store_: str | None = None, **kwargs: Any) -> Any:
        state = click.get_current_context().find_object(_State)
        if store_ and state is not None:
            state.store = store_
        return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _settings() -> Settings:
    state = click.get_current_context().find_object(_State)
    return Settings.from_env(store=state.store if state else None)


@contextmanager
def _opened(settings: Settings) -> Iterator[tuple[GraphStore, Vocabulary]]:
    vocabulary = Vocabulary.load(settings.vocabulary_dir)
    store = open_store(settings, vocabulary)
    try:
        yield store, vocabulary
    finally:
        store.close()


def _fail(message: str, code: int) -> None:
    click.echo(message, err=True)
    sys.exit(code)


def _guarded(func: F) -> F:
    """Turn library errors into a plain message and the documented exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InvalidInputError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            _fail(f"Error: {exc}", EXIT_INVALID)
        except IntegraNetError as exc:
            _fail(f"Error: {exc}", exc.exit_code)
        except click.ClickException:
            raise  # click prints usage errors itself, with exit code 2
        except KeyboardInterrupt:
            _fail("Interrupted.", 130)
        except Exception as exc:
            if os.environ.get("INTEGRANET_DEBUG"):
                raise
            _fail(f"Unexpected error: {type(exc).__name__}: {exc}. Nothing more was done. "
                  "Run again with INTEGRANET_DEBUG=1 to see the details, and report them.", EXIT_INVALID)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--store", "store_", metavar="PATH|URI", default=None,
              help="Embedded store path or Neo4j URI (bolt://, neo4j://, neo4j+s://). "
                   "Default: INTEGRANET_STORE, else the embedded store in your data folder.")
@click.version_option(package_name="integranet")
@click.pass_context
def cli(ctx: click.Context, store_: str | None) -> None:
    """IntegraNet: a district's integration network as a knowledge graph.

    Neo4j credentials come from NEO4J_USERNAME / NEO4J_PASSWORD (none: no authentication), the database
    from NEO4J_DATABASE.
    """
    state = ctx.ensure_object(_State)
    state.store = store_


@cli.command()
@_store_option
@_guarded
def init() -> None:
    """Create the store's schema and write the vocabulary's fields of action."""
    settings = _settings()
    with _opened(settings) as (store, _):
        store.initialise()
        click.echo(f"Store ready at {store.location}.")


@cli.command()
@_store_option
@click.option("--dataset", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Dataset folder with a dataset.toml (default: the bundled Ludwigsburg data).")
@click.option("--verbose", "-v", is_flag=True, help="List every note on the data (e.g. places outside the district).")
@_guarded
def seed(dataset: Path | None, verbose: bool) -> None:
    """Load the bundled dataset (municipalities, organisations, sourced and illustrative ties)."""
    from importers.seed import seed as seed_dataset

    settings = _settings()
    with _opened(settings) as (store, vocabulary):
        plan, result = seed_dataset(store, vocabulary, dataset or settings.dataset_dir,
                                    batch_size=settings.batch_size)
        if verbose:
            _report_warnings(plan.warnings)
        click.echo(f"Seeded {store.location}: {result.actors} actors, {result.relations} ties.")
        if plan.warnings and not verbose:
            codes = Counter(p.code for p in plan.warnings)
            listed = ", ".join(f"{n} × {code}" for code, n in sorted(codes.items()))
            click.echo(f"Notes on the data: {listed} (--verbose lists them).")


def _report_warnings(warnings: tuple[Any, ...], limit: int = 50) -> None:
    for problem in warnings[:limit]:
        click.echo(str(problem), err=True)
    if len(warnings) > limit:
        click.echo(f"… and {len(warnings) - limit} more warning(s).", err=True)


def _run_import(files: tuple[Path, ...], actors: tuple[Path, ...], relations: tuple[Path, ...],
                skip_invalid: bool, dry_run: bool) -> None:
    from importers.columns import Role
    from importers.load import load_plan
    from importers.records import KnownActors, plan_import

    all_files = [*files, *actors, *relations]
    if not all_files:
        raise click.UsageError("Name at least one file to import.")
    roles = {str(f): Role.ACTORS for f in actors} | {str(f): Role.RELATIONS for f in relations}
    settings = _settings()
    with _opened(settings) as (store, vocabulary):
        known = KnownActors.from_store(store) if store.is_initialised() else KnownActors()
        plan = plan_import(all_files, vocabulary, known, roles=roles)
        for problem in plan.problems:
            click.echo(str(problem), err=True)
        summary = (f"{plan.rows} row(s) read: {len(plan.actors)} actor(s), {len(plan.relations)} tie(s) valid; "
                   f"{len(plan.errors)} error(s), {len(plan.warnings)} warning(s).")
        if dry_run:
            click.echo(summary + " Checked only; nothing was written.")
            sys.exit(EXIT_INVALID if plan.has_errors else EXIT_OK)
        if plan.has_errors and not skip_invalid:
            _fail(summary + " Nothing was written. Fix the rows above and import again, or use --skip-invalid "
                  "to write the valid rows only.", EXIT_INVALID)
        result = load_plan(plan, store, batch_size=settings.batch_size, skip_invalid=skip_invalid)
        skipped = f" {plan.rejected} invalid row(s) skipped (listed above)." if plan.rejected else ""
        click.echo(f"Imported into {store.location}: {result.actors} actor(s), {result.relations} tie(s).{skipped}")


_file_arg = click.Path(dir_okay=False, path_type=Path)


@cli.command("import")
@_store_option
@click.argument("files", nargs=-1, type=_file_arg)
@click.option("--actors", multiple=True, type=_file_arg, help="A file that holds actors (whatever its headers).")
@click.option("--relations", multiple=True, type=_file_arg, help="A file that holds relations.")
@click.option("--skip-invalid", is_flag=True, help="Write the valid rows and list the invalid ones.")
@click.option("--dry-run", is_flag=True, help="Only check the files; write nothing.")
@_guarded
def import_(files: tuple[Path, ...], actors: tuple[Path, ...], relations: tuple[Path, ...], skip_invalid: bool,
            dry_run: bool) -> None:
    """Import actors and relations from CSV files or one XLSX workbook.

    Every problem is listed as FILE:LINE: COLUMN: message [code]. By default nothing is written when any
    row has an error.
    """
    _run_import(files, actors, relations, skip_invalid, dry_run)


@cli.command()
@_store_option
@click.argument("files", nargs=-1, type=_file_arg)
@click.option("--actors", multiple=True, type=_file_arg, help="A file that holds actors.")
@click.option("--relations", multiple=True, type=_file_arg, help="A file that holds relations.")
@_guarded
def validate(files: tuple[Path, ...], actors: tuple[Path, ...], relations: tuple[Path, ...]) -> None:
    """Check files as `import --dry-run` does; write nothing."""
    _run_import(files, actors, relations, skip_invalid=False, dry_run=True)


@cli.command()
@_store_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@_guarded
def stats(as_json: bool) -> None:
    """Count actors, ties, municipalities and fields of action."""
    settings = _settings()
    with _opened(settings) as (store, vocabulary):
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


@cli.command()
@_store_option
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True,
              help="graphml, gexf, csv (actors.csv and relations.csv in the folder OUT), xlsx, json (node-link), "
                   "cypher, png/svg/pdf (figure), html (map), pack (ZIP for the report).")
@click.option("--out", type=click.Path(path_type=Path), required=True, help="File, or folder for csv.")
@click.option("--label", default=None, help="Title of figures and maps (default: 'Netzwerk der Integrationsarbeit').")
@click.option("--language", type=click.Choice(LANGUAGES), default="de", show_default=True,
              help="Language of figures, maps and tables.")
@click.option("--include-personal-data", is_flag=True, help="Keep contact person, e-mail and phone.")
@_guarded
def export(fmt: str, out: Path, label: str | None, language: str, include_personal_data: bool) -> None:
    """Export the whole graph as it is now (actors placed as in the snapshots; nothing is saved)."""
    from graph.exports.formats import export_live
    from graph.snapshots.snapshot import SnapshotFolder

    settings = _settings()
    default_label = "Netzwerk der Integrationsarbeit" if language == "de" else "Network of integration work"
    with _opened(settings) as (store, _):
        _, written = export_live(store, SnapshotFolder(settings.snapshot_folder), fmt, out,
                                 label=label or default_label, language=language,
                                 include_personal_data=include_personal_data)
    for path in written:
        click.echo(f"Wrote {path}")


@cli.command()
@_store_option
@click.option("--host", default=None, help="Address to listen on (default 127.0.0.1: this machine only).")
@click.option("--port", type=int, default=None, help="Port (default 8501).")
@_guarded
def dashboard(host: str | None, port: int | None) -> None:
    """Open the dashboard in the browser (Streamlit)."""
    settings = _settings()
    host, port = host or settings.dashboard_host, port or settings.dashboard_port
    env = dict(os.environ, INTEGRANET_STORE=settings.store)
    click.echo(f"IntegraNet dashboard: http://{host}:{port} (stop with Ctrl-C)")
    command = dashboard_command(host, port)
    sys.exit(subprocess.call(command, env=env))


# -- commands defined in their own modules ---------------------------------------------------------------
# Each module adds its commands to ``cli`` with one line here.
import integranet.analysis_commands  # noqa: E402, F401  (registers `integranet gaps`, `analyse`)
from integranet import snapshot_commands  # noqa: E402, F401  (registers `integranet snapshot …`)


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


def main() -> None:
    """Entry point of the console script and of ``python -m integranet``."""
    cli(prog_name="integranet")
