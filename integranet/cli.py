"""``integranet``: the command line over ``graph`` and ``importers``.

This module holds the ``cli`` group and :func:`main`, and registers every sub-command; the commands live in
modules by concern (:mod:`integranet.store_commands`, :mod:`integranet.analysis_commands`,
:mod:`integranet.snapshot_commands`, :mod:`integranet.dashboard_command`), and what they share — the
``--store`` option, the settings, the opened store, the translation of errors into exit codes — in
:mod:`integranet.context`.

Exit codes: 0 success, 1 invalid input (nothing written), 2 wrong usage, 3 store unreachable or unusable,
4 a conflict with a later change, 5 access denied.
No traceback reaches the user (set INTEGRANET_DEBUG=1 to see one).
"""

from __future__ import annotations

import click

from integranet import (
    analysis_commands,
    archive_commands,
    dashboard_command,
    snapshot_commands,
    store_commands,
    template_command,
)
from integranet.context import Invocation, group_store_option
from integranet.duplicate_commands import duplicates, merge
from integranet.history_commands import history, undo
from integranet.question_commands import ask
from integranet.review_commands import confirm, review
from integranet.survey_commands import survey

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@group_store_option
@click.version_option(package_name="integranet")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """IntegraNet: a district's integration network as a knowledge graph.

    Neo4j credentials come from NEO4J_USERNAME / NEO4J_PASSWORD (none: no authentication), the database
    from NEO4J_DATABASE.
    """
    ctx.ensure_object(Invocation)


cli.add_command(store_commands.init)
cli.add_command(store_commands.seed)
cli.add_command(store_commands.import_)
cli.add_command(store_commands.validate)
cli.add_command(store_commands.stats)
cli.add_command(store_commands.export)
cli.add_command(dashboard_command.dashboard)
cli.add_command(analysis_commands.gaps)
cli.add_command(analysis_commands.analyse)
cli.add_command(snapshot_commands.snapshot)
cli.add_command(ask)
cli.add_command(template_command.template)
cli.add_command(duplicates)
cli.add_command(history)
cli.add_command(undo)
cli.add_command(merge)
cli.add_command(review)
cli.add_command(confirm)
cli.add_command(survey)
cli.add_command(archive_commands.backup)
cli.add_command(archive_commands.restore)
cli.add_command(archive_commands.erase)

def main() -> None:
    """Entry point of the console script and of ``python -m integranet``."""
    cli(prog_name="integranet")
