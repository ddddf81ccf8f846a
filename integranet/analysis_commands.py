"""``integranet gaps`` and ``integranet analyse``: the gap matrix and the network measures.

Importing this module adds both commands to :data:`integranet.cli.cli` (``cli.py`` imports it at its end;
either module may be imported first).

Both only parse arguments, ask :mod:`graph.analysis.coverage` / :mod:`graph.analysis.measures`
and print. The gap matrix comes
from :meth:`GraphStore.coverage_facts` and the network from :meth:`GraphStore.actor_network`, which each
backend aggregates itself (Neo4j on the server). Errors and exit codes as in :mod:`integranet.cli`: an unknown field
or municipality is wrong usage (2) and the message lists the valid values.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

import click

from graph.analysis.coverage import CoverageCell, CoverageReport, MunicipalityRef, coverage_gaps, load_expected_roles
from graph.analysis.measures import AnalysisSettings, NetworkMeasures, network_measures
from graph.exports.formulas import neutralise
from graph.model.vocabulary import Vocabulary
from integranet.cli import _guarded, _opened, _settings, _store_option, cli

__all__ = ["GAP_COLUMNS", "analyse", "gaps"]

#: The columns of ``gaps --format csv``: the keys of a cell of the JSON output.
GAP_COLUMNS = ("municipality_id", "municipality", "field", "local_actors", "district_wide_actors", "per_10k",
               "missing_roles", "single_point_of_failure", "gap", "explanation")

_TABLE_WORDS = {
    "en": {"municipality": "Municipality", "field": "Field of action", "local": "Local", "wide": "District-wide",
           "per_10k": "Per 10,000", "missing": "Missing roles", "gap": "Gap", "explanation": "Explanation",
           "yes": "yes", "no": "no", "summary": "Cells: {cells}, gaps: {gaps}, single points of failure: {spof}."},
    "de": {"municipality": "Gemeinde", "field": "Handlungsfeld", "local": "Lokal", "wide": "Kreisweit",
           "per_10k": "Je 10.000", "missing": "Fehlende Rollen", "gap": "Lücke", "explanation": "Erläuterung",
           "yes": "ja", "no": "nein", "summary": "Zellen: {cells}, Lücken: {gaps}, ohne Ersatz bei Ausfall: {spof}."},
}


@cli.command()
@_store_option
@click.option("--field", "field_", metavar="ID",
              help="Only this field of action (its id, or its German or English label).")
@click.option("--municipality", metavar="NAME|AGS", help="Only this municipality (its name or official key).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
              help="table: aligned columns; csv: one row per cell; json: one object.")
@click.option("--lang", type=click.Choice(["de", "en"]), default="de", show_default=True,
              help="Language of the explanations (and of the table's headings).")
@_guarded
def gaps(field_: str | None, municipality: str | None, fmt: str, lang: str) -> None:
    """Coverage and gaps per municipality and field of action.

    A cell is a gap when no actor works on the field in the municipality or an expected role (data:
    expected_roles.csv beside the vocabularies) is missing; each cell explains itself in one sentence.
    """
    settings = _settings()
    with _opened(settings) as (store, vocabulary):
        field_id = _resolve_field(vocabulary, field_) if field_ else None
        roles = load_expected_roles(settings.vocabulary_dir / "expected_roles.csv", vocabulary)
        report = coverage_gaps(store.coverage_facts(), vocabulary, roles)
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
        click.echo(_gaps_table(report.cells, vocabulary, lang))


@cli.command()
@_store_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="table: a summary with rankings; json: every measure per actor and every list.")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help="table: how many actors each ranking shows.")
@_guarded
def analyse(fmt: str, top: int) -> None:
    """Network measures: centralities, communities, weak points, brokers and the home organisation's reach.

    The home organisation is INTEGRANET_HOME_ORGANISATION (an actor id).
    """
    settings = _settings()
    with _opened(settings) as (store, _):
        network = store.actor_network()  # ties counted per pair by the store: the measures need no more
    measures = network_measures(network, AnalysisSettings(home_organisation=settings.home_organisation))
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
        writer.writerow([_csv_value(data[column]) for column in GAP_COLUMNS])
    return out.getvalue()


def _csv_value(value: Any) -> str:
    # Names and explanations are user data: a spreadsheet must not read any of them as a formula.
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, list):
        return neutralise("|".join(value))
    return neutralise(str(value))


def _gaps_table(cells: Sequence[CoverageCell], vocabulary: Vocabulary, lang: str) -> str:
    w = _TABLE_WORDS[lang]
    rows = [
        [c.municipality, vocabulary.fields.label(c.field, lang), str(c.local_actors), str(c.district_wide_actors),
         _decimal(c.per_10k, lang), ", ".join(vocabulary.kinds.label(k, lang) for k in c.missing_roles) or "–",
         w["yes"] if c.gap else w["no"], c.explanation(lang)]
        for c in cells
    ]
    header = [w["municipality"], w["field"], w["local"], w["wide"], w["per_10k"], w["missing"], w["gap"],
              w["explanation"]]
    summary = w["summary"].format(cells=len(cells), gaps=sum(c.gap for c in cells),
                                  spof=sum(c.single_point_of_failure for c in cells))
    return _aligned(header, rows, numeric=(2, 3, 4)) + "\n\n" + summary


def _decimal(value: float | None, lang: str) -> str:
    if value is None:
        return "–"
    text = f"{value:.2f}"
    return text.replace(".", ",") if lang == "de" else text


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
