"""``integranet gaps`` and ``integranet analyse``: the gap matrix and the network measures.

:mod:`integranet.cli` registers both commands.

Both only parse arguments, ask :mod:`graph.analysis.coverage` / :mod:`graph.analysis.measures` and print.
The gap matrix comes from :meth:`GraphStore.gap_facts` (the actors per cell aggregated by the backend, Neo4j
on the server, plus the offers) and the network from :meth:`GraphStore.tie_counts`, which each backend
aggregates itself. Errors and exit codes as in :mod:`integranet.context`: an unknown field or municipality
is wrong usage (2) and the message lists the valid values.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

import click

from graph.analysis.coverage import (
    CoverageCell,
    CoverageReport,
    MunicipalityRef,
    coverage_gaps,
    load_expected_roles,
    status_label,
)
from graph.analysis.measures import AnalysisSettings, NetworkMeasures, network_measures
from graph.analysis.projection import actor_network
from graph.exports.formulas import csv_cell
from graph.exports.gap_table import gap_table
from graph.language import format_number, phrasebook
from graph.model.vocabulary import Vocabulary
from integranet.context import current_settings, opened_store, plain_errors, store_option

__all__ = ["GAP_COLUMNS", "analyse", "gaps"]

#: The columns of ``gaps --format csv``: the keys of a cell of the JSON output (``absent_offers`` as their
#: names joined by ``|``).
GAP_COLUMNS = ("municipality_id", "municipality", "field", "local_actors", "district_wide_actors", "per_10k",
               "missing_roles", "single_point_of_failure", "gap", "explanation", "status", "local_offers",
               "district_wide_offers", "absent_offers")

@click.command()
@store_option
@click.option("--field", "field_", metavar="ID",
              help="Only this field of action (its id, or its German or English label).")
@click.option("--municipality", metavar="NAME|AGS", help="Only this municipality (its name or official key).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
              help="table: aligned columns; csv: one row per cell; json: one object.")
@click.option("--lang", type=click.Choice(["de", "en"]), default="de", show_default=True,
              help="Language of the explanations (and of the table's headings).")
@plain_errors
def gaps(field_: str | None, municipality: str | None, fmt: str, lang: str) -> None:
    """Coverage and gaps per municipality and field of action.

    Each cell has one status: covered (a sourced local actor or offer in every expected role; data:
    expected_roles.csv beside the vocabularies), district-wide only, confirmed gap (a sourced offer confirmed
    not offered concerns it) or not surveyed (too little is known). Each cell explains itself in one sentence.
    """
    settings = current_settings()
    with opened_store(settings) as (store, vocabulary):
        field_id = _resolve_field(vocabulary, field_) if field_ else None
        roles = load_expected_roles(settings.vocabulary_dir / "expected_roles.csv", vocabulary)
        report = coverage_gaps(store.gap_facts(), vocabulary, roles)
        location = store.location
    towns = _resolve_municipalities(report.municipalities, municipality) if municipality else None
    report = _filtered(report, field_id, towns)
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(lang), ensure_ascii=False))
    elif fmt == "csv":
        click.echo(_gaps_csv(report.cells, lang), nl=False)
    elif not report.cells:
        click.echo(f"No municipality in the store {location}. Run `integranet seed` or import municipalities "
                   "first.", err=True)
    else:
        click.echo(_gaps_table(report, vocabulary, lang))


@click.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="table: a summary with rankings; json: every measure per actor and every list.")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help="table: how many actors each ranking shows.")
@plain_errors
def analyse(fmt: str, top: int) -> None:
    """Network measures: centralities, communities, weak points, brokers and the home organisation's reach.

    The home organisation is INTEGRANET_HOME_ORGANISATION (an actor id).
    """
    settings = current_settings()
    with opened_store(settings) as (store, _):
        network = actor_network(store.tie_counts())  # ties counted per pair by the store: all the measures need
    measures = network_measures(network, AnalysisSettings.from_settings(settings))
    if fmt == "json":
        click.echo(json.dumps(measures.as_dict(), ensure_ascii=False))
    else:
        click.echo(_measures_table(measures, top))


# -- arguments ------------------------------------------------------------------------------------------------


def _resolve_field(vocabulary: Vocabulary, text: str) -> str:
    field_id = vocabulary.fields.resolve(text.strip())
    if field_id is None:
        valid = ", ".join(f"{t.id} ({t.label_de} / {t.label_en})" for t in vocabulary.fields)
        raise click.BadParameter(f"{text!r} is not a field of action. Valid values: {valid}.",
                                 param_hint="'--field'")
    return field_id


def _resolve_municipalities(towns: Sequence[MunicipalityRef], text: str) -> set[str]:
    wanted = text.strip()
    # Names repeat across a state (several towns called Altdorf): a name selects every town so called.
    found = {t.id for t in towns if wanted in (t.ags, t.id) or t.name.casefold() == wanted.casefold()}
    if not found:
        valid = ", ".join(f"{t.name} ({t.ags})" if t.ags else t.name for t in towns) or "none (the store holds no "\
            "municipality; run `integranet seed` or import municipalities first)"
        raise click.BadParameter(f"{text!r} is not a municipality in the store. Valid values: {valid}.",
                                 param_hint="'--municipality'")
    return found


def _filtered(report: CoverageReport, field_id: str | None, towns: set[str] | None) -> CoverageReport:
    fields = report.fields if field_id is None else (field_id,)
    refs = report.municipalities if towns is None else tuple(m for m in report.municipalities if m.id in towns)
    kept = {m.id for m in refs}
    cells = tuple(c for c in report.cells if c.field in fields and c.municipality_id in kept)
    return CoverageReport(fields=fields, municipalities=refs, cells=cells)


# -- output ---------------------------------------------------------------------------------------------------


def _gaps_csv(cells: Sequence[CoverageCell], lang: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(GAP_COLUMNS)
    for cell in cells:
        data = cell.as_dict(lang)
        data["absent_offers"] = [offer.name for offer in cell.absent_offers]
        writer.writerow([csv_cell(data[column]) for column in GAP_COLUMNS])
    return out.getvalue()


def _gaps_table(report: CoverageReport, vocabulary: Vocabulary, lang: str) -> str:
    table = gap_table(report, vocabulary, lang)
    _, rows = table.columns(_TEXT_COLUMNS)
    # The terminal's short headers (the table's own are written for a spreadsheet's wide columns).
    words = phrasebook("gaps_table", lang)
    header = [words[column] for column in _TEXT_COLUMNS]
    text_rows = [[_shown(value, column, lang) for column, value in zip(_TEXT_COLUMNS, row, strict=True)]
                 for row in rows]
    # The summary is the legend too: every status with its symbol, label and number of cells.
    statuses = ", ".join(f"{status_label(status, lang)}: {format_number(n, lang)}"
                         for status, n in report.counts().items())
    summary = words["summary"].format(cells=format_number(len(report.cells), lang), statuses=statuses,
                                      spof=format_number(sum(c.single_point_of_failure for c in report.cells), lang))
    return _aligned(header, text_rows, numeric=(3, 4, 5)) + "\n\n" + summary


# The gap table's columns a terminal has room for, in this order.
_TEXT_COLUMNS = ("municipality", "field", "status", "local", "wide", "per_10k", "missing", "explanation")


def _shown(value: Any, column: str, lang: str) -> str:
    if column == "per_10k":
        return "–" if value is None else format_number(value, lang, decimals=2)
    if isinstance(value, int):
        return format_number(value, lang)
    return str(value) or "–"


def _aligned(header: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = ()) -> str:
    """Columns padded to their widest cell (numbers to the right); the last column is left as it is."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]

    def line(cells: Sequence[str]) -> str:
        padded = [cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
                  for i, cell in enumerate(cells[:-1])]
        return "  ".join([*padded, cells[-1]]).rstrip()

    rule = "  ".join("-" * width for width in widths) + "  " + "-" * len(header[-1])
    return "\n".join([line(header), rule, *(line(r) for r in rows)])


def _measures_table(m: NetworkMeasures, top: int) -> str:
    def name(actor: Any) -> str:
        return f"{m.names.get(actor, str(actor))} [{actor}]"

    def ranking(title: str, values: Any, fmt: str) -> list[str]:
        best = sorted(values, key=lambda a: (-values[a], str(a)))[:top]
        rows = [[str(i), fmt.format(values[a]), name(a)] for i, a in enumerate(best, start=1)]
        return ["", f"{title} (top {len(best)}):", _aligned(["#", "value", "actor"], rows, numeric=(0, 1))]

    def listing(title: str, items: Sequence[str]) -> list[str]:
        shown = [f"  {item}" for item in items[:top]]
        more = [f"  … and {len(items) - top} more (see --format json)"] if len(items) > top else []
        return ["", f"{title}: {len(items)}", *shown, *more]

    b, c = m.betweenness, m.closeness
    lines = [
        f"Actors: {m.actors}, ties: {m.ties}, fragments: {len(m.fragments)} "
        f"(largest: {len(m.fragments[0]) if m.fragments else 0} actors)",
        f"Computed with {m.backend}; communities by {m.communities_method}.",
        f"Betweenness: {b.method}" + (f" from {b.k} sampled actors, error ≤ {b.error_bound:.4f} ({b.error_note})"
                                      if b.approximate else ""),
        f"Closeness: {c.method}" + (f" from {c.k} sampled actors, error ≤ {c.error_bound:.4f} ({c.error_note})"
                                    if c.approximate else ""),
    ]
    lines += ranking("Degree (distinct partners)", m.degree, "{}")
    lines += ranking("Betweenness", m.betweenness.values, "{:.4f}")
    lines += ranking("PageRank", m.pagerank, "{:.4f}")
    lines += listing("Communities", [f"{len(group)} actors, e.g. {name(group[0])}" for group in m.communities])
    lines += listing("Articulation points (single points of failure)", [name(a) for a in m.articulation_points])
    lines += listing("Bridges (the only link between two parts)", [f"{name(u)} – {name(v)}" for u, v in m.bridges])
    lines += listing("Isolates", [name(a) for a in m.isolates])
    lines += listing("Brokers between fields of action",
                     [f"{name(x.actor)}: {x.cross_field_pairs} cross-field pairs, share {x.share:.2f}, "
                      f"fields {', '.join(x.fields)}" for x in m.brokers])
    if m.reach is None:
        lines += ["", "Reach: no home organisation set (INTEGRANET_HOME_ORGANISATION)."]
    elif not m.reach.found:
        lines += ["", f"Reach: the home organisation {m.reach.home!r} is not in the store; set "
                      "INTEGRANET_HOME_ORGANISATION to an actor id."]
    else:
        farthest = max(m.reach.hops.values(), default=0)
        lines += ["", f"Reach of {name(m.reach.home)}: {len(m.reach.hops) - 1} actors within {farthest} hops."]
        lines += listing("Out of reach", [name(a) for a in m.reach.out_of_reach])
    return "\n".join(lines)
