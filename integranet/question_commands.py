"""``integranet ask``: the ready questions of :mod:`graph.store.questions`, answered by the store.

:mod:`integranet.cli` registers the command. Each answer is one query on the backend
(:meth:`GraphStore.answer`); this module only parses the parameters, asks and prints. Without a question it
lists the ready questions and their parameters. Errors and exit codes as in :mod:`integranet.context`: an
unknown question or parameter is wrong usage (2) and the message lists the valid values.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

import click

from graph.language import format_number, text
from graph.model.vocabulary import Vocabulary
from graph.store.questions import QUESTIONS, Column, Question, cell_text, question_words, resolve_parameters
from integranet.context import current_settings, opened_store, plain_errors, store_option

__all__ = ["ask"]


@click.command()
@store_option
@click.argument("question_id", metavar="QUESTION", required=False)
@click.option("--param", "params", metavar="NAME=VALUE", multiple=True,
              help="A parameter of the question (repeatable), e.g. --param days=90 or "
                   "--param field=language_education.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object: the question, its parameters and the rows.")
@click.option("--lang", type=click.Choice(["de", "en"]), default="de", show_default=True,
              help="Language of the question, the headings and the values (terms, dates, numbers).")
@plain_errors
def ask(question_id: str | None, params: Sequence[str], as_json: bool, lang: str) -> None:
    """Answer one of the ready questions (without QUESTION: list them).

    Questions: actors_without_format, recommendations_without_responsible (field),
    offers_ending_within (today, days), municipalities_without_offer (field), formats_by_participants,
    events_without_documents (today). A date is YYYY-MM-DD (default: today); a field of action is given
    by its id or its German or English label (default: any field).
    """
    words = question_words(lang)
    if question_id is None:
        click.echo(_listing(words, lang))
        return
    asked = QUESTIONS.get(question_id)
    if asked is None:
        raise click.BadParameter(f"{question_id!r} is not a ready question. Valid values: {', '.join(QUESTIONS)}.",
                                 param_hint="'QUESTION'")
    settings = current_settings()
    with opened_store(settings) as (store, vocabulary):
        values = resolve_parameters(asked.id, _parsed(params, asked, vocabulary))
        # A store nobody has initialised holds nothing (and has none of the tables the queries read).
        rows = store.answer(asked.id, **values) if store.is_initialised() else []
    if as_json:
        click.echo(json.dumps({"question": asked.id, "text": words[asked.msgid], "parameters": values,
                               "columns": list(asked.column_names), "rows": rows}, ensure_ascii=False))
        return
    click.echo(_answer_text(asked, values, rows, vocabulary, words, lang))


def _parsed(params: Sequence[str], asked: Question, vocabulary: Vocabulary) -> dict[str, object]:
    """``NAME=VALUE`` pairs as a mapping; a field of action given by its label becomes its id."""
    found: dict[str, str] = {}
    for pair in params:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{pair!r} is not NAME=VALUE.", param_hint="'--param'")
        found[name.strip()] = value.strip()
    kinds = {p.name: p.kind for p in asked.parameters}
    for name, value in found.items():
        if kinds.get(name) == "field" and value:
            field_id = vocabulary.fields.resolve(value)
            if field_id is None:
                valid = ", ".join(f"{t.id} ({t.label_de} / {t.label_en})" for t in vocabulary.fields)
                raise click.BadParameter(f"{value!r} is not a field of action. Valid values: {valid}.",
                                         param_hint="'--param field'")
            found[name] = field_id
    return dict(found)


def _listing(words: Mapping[str, str], lang: str) -> str:
    lines = [text("questions.cli_listing", lang)]
    for q in QUESTIONS.values():
        names = ", ".join(f"{p.name} ({words[p.msgid]})" for p in q.parameters)
        lines += ["", f"{q.id}: {words[q.msgid]}", f"  {words[q.help_msgid]}"]
        if names:
            lines.append("  " + text("questions.cli_parameters", lang, names=names))
    return "\n".join(lines)


def _answer_text(asked: Question, values: Mapping[str, object], rows: Sequence[Mapping[str, object]],
                 vocabulary: Vocabulary, words: Mapping[str, str], lang: str) -> str:
    given = ", ".join(f"{words[p.msgid]}: {_parameter_text(values[p.name], p.kind, vocabulary, lang)}"
                      for p in asked.parameters)
    lines = [words[asked.msgid] + (f" ({given})" if given else ""), words[asked.help_msgid], ""]
    if not rows:
        return "\n".join([*lines, text("questions.none", lang)])
    header = [words[c.msgid] for c in asked.columns]
    cells = [[cell_text(c, row.get(c.name), vocabulary, lang) for c in asked.columns] for row in rows]
    numeric = [i for i, c in enumerate(asked.columns) if c.values == "number"]
    lines.append(_aligned(header, cells, numeric))
    lines += ["", text("questions.count", lang, n=format_number(len(rows), lang))]
    return "\n".join(lines)


def _parameter_text(value: object, kind: str, vocabulary: Vocabulary, lang: str) -> str:
    if kind == "field":
        return vocabulary.fields.label(str(value), lang) if value else text("questions.any_field", lang)
    if kind == "days":
        return format_number(int(str(value)), lang)
    return cell_text(Column(kind, "date"), value, vocabulary, lang)


def _aligned(header: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int]) -> str:
    """Columns padded to their widest cell (numbers to the right); the last column is left as it is."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        padded = [cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i]) for i, cell in enumerate(cells)]
        return "  ".join(padded).rstrip()

    return "\n".join([line(header), "  ".join("-" * w for w in widths), *(line(r) for r in rows)])
