"""``integranet template``: write the import template (an XLSX workbook generated from the schema).

:mod:`integranet.cli` registers the command; the workbook is :func:`importers.template.template_workbook`.
"""

from __future__ import annotations

from pathlib import Path

import click

from graph.exports.formats import LANGUAGES
from graph.language import text
from graph.model.vocabulary import Vocabulary
from integranet.context import EXIT_USAGE, current_settings, fail, plain_errors

__all__ = ["template"]


@click.command()
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The workbook to write, e.g. Vorlage.xlsx.")
@click.option("--language", type=click.Choice(LANGUAGES), default="de", show_default=True,
              help="Language of the headers, the lists of values and the explanation.")
@click.option("--force", is_flag=True, help="Overwrite the file if it exists.")
@plain_errors
def template(out: Path, language: str, force: bool) -> None:
    """Write an XLSX template to fill in and import: one sheet per table, drop-down lists, an explanation."""
    from importers.template import write_template
    from importers.template_layout import template_layout

    if out.exists() and not force:
        fail(text("template.cli_exists", language, path=out), EXIT_USAGE)
    vocabulary = Vocabulary.load(current_settings().vocabulary_dir)
    write_template(vocabulary, out, language, overwrite=force)
    titles = [sheet.title for sheet in template_layout(vocabulary, language).sheets]
    click.echo(text("template.cli_written", language, path=out, sheets=len(titles), names=", ".join(titles)))
