"""The page "Fields of action" (``/fields``, shown by ``views/fields.py``): coverage and gaps per
municipality × field of action.

Every cell has one of four statuses (:mod:`graph.analysis.coverage`): covered, district-wide only,
confirmed gap, not surveyed. The page shows a heatmap coloured by status, with each cell's status symbol
and value (local actors, or local actors per 10,000 residents) written in it, a legend of the statuses and
the same as a table; one chosen cell with its status, explanation, the offers confirmed not offered (name and
source) and its local and district-wide actors (linked to their profiles); the cells not covered locally; a
map of the municipalities at their coordinates marked by status in the chosen field (drawn offline, see
:mod:`dashboard.fields_figures`); the network's single points of failure and brokers; and the gap table as
CSV and XLSX. A status is never told by colour alone: a symbol and a label go with every colour.

The numbers come from :mod:`graph.analysis.coverage` (through the cached report of :mod:`dashboard.profile_reads`,
which the municipality profile shares) and :mod:`graph.analysis.measures`; this module lays them out and draws them.
Everything is cached per store location and revision token, so an import refreshes the page and a rerun
computes nothing twice. Widget selections live in ``st.session_state`` (keys ``fields_*``).
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import streamlit as st

from dashboard import profile_reads as reads
from dashboard.fields_figures import heatmap_png, map_png
from dashboard.i18n import format_date, format_number, markdown_literal, t
from dashboard.profile_widgets import actor_links, page_style, show_table
from dashboard.session import render_guarded
from graph.analysis.coverage import (
    CONFIRMED_GAP,
    COVERED,
    DISTRICT_WIDE_ONLY,
    NOT_SURVEYED,
    STATUS_SYMBOLS,
    STATUSES,
    CoverageCell,
    CoverageReport,
    status_label,
)
from graph.analysis.projection import actor_network
from graph.analysis.structure import articulation_points, brokers
from graph.exports.gap_table import gap_table
from graph.exports.map_table import csv_text
from graph.exports.workbook import write_table_workbook
from graph.layout.geographic import municipality_coordinates
from graph.model.domain import Actor
from graph.model.vocabulary import Vocabulary
from graph.settings import Settings
from graph.store import GraphStore

__all__ = ["GAPS_SHOWN", "MEASURES", "WIDGET_KEYS", "gap_rank", "render"]

#: The measures the heatmap can show.
MEASURES = ("local", "per_10k")
#: How many of the cells not covered the ranked list shows (the downloads hold all cells).
GAPS_SHOWN = 10
#: The session-state keys of this page's widgets.
WIDGET_KEYS = ("fields_measure", "fields_field", "fields_municipality")
#: The order of the ranked list: a known gap first, then what nobody has looked at, then what the district fills.
_RANK = {CONFIRMED_GAP: 0, NOT_SURVEYED: 1, DISTRICT_WIDE_ONLY: 2, COVERED: 3}


def render(store: GraphStore, settings: Settings, lang: str) -> None:
    """Draw the page (below its title) for ``store`` in ``lang``.

    Store errors become an ``st.error`` that says what failed and what to check; a figure that cannot be
    drawn becomes a warning, and its table still shows the numbers.
    """
    page_style()
    st.caption(t("fields.intro", lang))
    render_guarded(store, lang, lambda: _render(store, settings, lang))


def gap_rank(cell: CoverageCell) -> tuple[int, bool, int, float, str, str]:
    """The order of the ranked list: confirmed gaps, then cells not surveyed, then those covered only
    district-wide (covered last); within a status no local actor first, then more missing roles, then fewer
    local actors per 10,000 residents (unknown population last), then municipality and field."""
    per_10k = math.inf if cell.per_10k is None else cell.per_10k
    return (_RANK[cell.status], cell.local_actors > 0, -len(cell.missing_roles), per_10k,
            cell.municipality.casefold(), cell.field)


def _render(store: GraphStore, settings: Settings, lang: str) -> None:
    location, token = store.location, reads.revision(store)
    report, with_roles = reads.coverage_report(store, location, token, str(settings.vocabulary_dir))
    if not report.municipalities:
        st.info(t("fields.no_municipalities", lang), icon=":material/info:")
        return
    if not with_roles:
        st.caption(t("fields.no_expected_roles", lang,
                     path=markdown_literal(settings.vocabulary_dir / "expected_roles.csv")))
    vocabulary = store.vocabulary
    actors = _actors(store, location, token)
    field_labels = {f: vocabulary.fields.label(f, lang) for f in report.fields}
    towns = {m.id: m.name for m in report.municipalities}
    _forget_unknown({"fields_measure": MEASURES, "fields_field": report.fields, "fields_municipality": list(towns)})

    measure_labels = {"local": t("fields.measure_local", lang), "per_10k": t("fields.measure_per_10k", lang)}
    col_measure, col_field, col_town = st.columns([2, 2, 2])
    measure = col_measure.radio(t("fields.measure", lang), options=list(MEASURES),
                                format_func=measure_labels.__getitem__, key="fields_measure")
    field_id = col_field.selectbox(t("fields.field", lang), options=list(report.fields),
                                   format_func=field_labels.__getitem__, key="fields_field")
    town_id = col_town.selectbox(t("fields.municipality", lang), options=list(towns),
                                 format_func=towns.__getitem__, key="fields_municipality")

    st.subheader(t("fields.heatmap_heading", lang), anchor=False)
    st.caption(t("fields.heatmap_caption", lang))
    col_heat, col_cell = st.columns([1, 1], gap="large")
    with col_heat:
        _figure(lambda: heatmap_png(report, location, token, measure, lang, tuple(field_labels.values())),
                t("fields.heatmap_alt", lang, measure=measure_labels[measure].lower() if lang == "en"
                  else measure_labels[measure], towns=format_number(len(towns), lang),
                  fields=format_number(len(report.fields), lang), statuses=_counts(report.cells, lang)), lang)
        _legend(lang)
    with col_cell:
        _cell(report.cell(town_id, field_id), actors, vocabulary, field_labels, lang)
    _matrix(report, measure, field_labels, measure_labels, lang)

    st.subheader(t("fields.gaps_heading", lang), anchor=False)
    _not_covered(report, vocabulary, field_labels, lang)

    st.subheader(t("fields.map_heading", lang, field=markdown_literal(field_labels[field_id])), anchor=False)
    _gap_map(report, actors, field_id, vocabulary, field_labels, location, token, lang)

    st.subheader(t("fields.weak_heading", lang), anchor=False)
    _weak_points(store, actors, vocabulary, location, token, lang)

    st.subheader(t("fields.download_heading", lang), anchor=False)
    _downloads(report, vocabulary, location, token, lang)


# -- sections -------------------------------------------------------------------------------------------


def _legend(lang: str) -> None:
    """The four statuses with symbol, label and meaning (the heatmap's own legend gives their colours)."""
    meanings = {
        COVERED: t("fields.define_covered", lang),
        DISTRICT_WIDE_ONLY: t("fields.define_district_wide_only", lang),
        CONFIRMED_GAP: t("fields.define_confirmed_gap", lang),
        NOT_SURVEYED: t("fields.define_not_surveyed", lang),
    }
    st.markdown(f"**{t('fields.legend_heading', lang)}**")
    st.markdown("\n".join(f"- **{markdown_literal(status_label(s, lang))}**: {meanings[s]}" for s in STATUSES))


def _figure(draw: Any, alt: str, lang: str) -> None:
    """Show the PNG ``draw()`` returns, with ``alt`` as its caption (the words a screen reader gets)."""
    try:
        png = draw()
    except (ValueError, RuntimeError, OSError) as exc:
        st.warning(t("fields.figure_failed", lang, detail=markdown_literal(exc)), icon=":material/warning:")
        return
    st.image(png, caption=alt, width="stretch")


def _cell(cell: CoverageCell, actors: Mapping[str, Actor], vocabulary: Vocabulary,
          field_labels: Mapping[str, str], lang: str) -> None:
    """The chosen cell: its figures, its explanation and its actors linked to their profiles."""
    st.markdown(f"##### {t('fields.cell_heading', lang)}")
    st.markdown(f"**{markdown_literal(cell.municipality)} · {markdown_literal(field_labels[cell.field])}**")
    st.markdown(t("fields.cell_facts", lang, local=format_number(cell.local_actors, lang),
                  wide=format_number(cell.district_wide_actors, lang), per_10k=_per_10k(cell, lang)))
    if cell.population is not None:
        st.caption(t("fields.population", lang, population=format_number(cell.population, lang),
                     date=markdown_literal(format_date(cell.population_date or "", lang))))
    # The explanation is the model's sentence in the chosen language; it holds actor names, so it is escaped.
    # Each status has its own kind of box, and its label (with the symbol) opens the text.
    box: Callable[..., Any] = {COVERED: st.success, DISTRICT_WIDE_ONLY: st.info, CONFIRMED_GAP: st.error,
                               NOT_SURVEYED: st.warning}[cell.status]
    box(f"**{markdown_literal(status_label(cell.status, lang))}** — {markdown_literal(cell.explanation(lang))}")
    if cell.absent_offers:
        st.markdown(f"**{t('fields.absent_heading', lang)}**")
        st.markdown("\n".join(
            "- " + t("fields.absent_item", lang, name=markdown_literal(o.name),
                     source=markdown_literal(o.source or t("common.none", lang)))
            for o in cell.absent_offers))
    # District-wide actors are the same dozen or so for every town; folded, they do not bury the local ones.
    for heading, ids, folded in ((t("fields.local_heading", lang), cell.local_actor_ids, False),
                                 (t("fields.wide_heading", lang), cell.district_wide_actor_ids, True)):
        listed = [(actors[a], " — " + vocabulary.kinds.label(actors[a].kind, lang)) for a in ids if a in actors]
        title = f"{heading} ({format_number(len(listed), lang)})"
        with st.expander(title, expanded=not folded) if folded else st.container():
            if not folded:
                st.markdown(f"**{title}**")
            if listed:
                actor_links(listed, columns=1)
            else:
                st.caption(t("fields.none_listed", lang))


def _matrix(report: CoverageReport, measure: str, field_labels: Mapping[str, str],
            measure_labels: Mapping[str, str], lang: str) -> None:
    """The heatmap's numbers as a table: a row per municipality, a column per field; each value after its
    status symbol (the legend above gives the symbols' meaning)."""
    st.markdown(f"**{markdown_literal(measure_labels[measure])}**")
    columns: dict[str, list[str]] = {t("fields.col_municipality", lang): [m.name for m in report.municipalities]}
    by_key = {(c.municipality_id, c.field): c for c in report.cells}
    for field_id in report.fields:
        cells = [by_key[(m.id, field_id)] for m in report.municipalities]
        columns[field_labels[field_id]] = [f"{STATUS_SYMBOLS[c.status]} {_value(c, measure, lang)}" for c in cells]
    show_table(columns)


def _not_covered(report: CoverageReport, vocabulary: Vocabulary, field_labels: Mapping[str, str],
                 lang: str) -> None:
    gaps = sorted((c for c in report.cells if c.status != COVERED), key=gap_rank)
    if not gaps:
        st.success(t("fields.no_gaps", lang))
        return
    st.caption(t("fields.gaps_caption", lang, limit=format_number(GAPS_SHOWN, lang),
                 total=format_number(len(gaps), lang)))
    shown = gaps[:GAPS_SHOWN]
    show_table({
        t("fields.col_rank", lang): [format_number(i, lang) for i in range(1, len(shown) + 1)],
        t("fields.col_municipality", lang): [c.municipality for c in shown],
        t("fields.col_field", lang): [field_labels[c.field] for c in shown],
        t("fields.col_status", lang): [status_label(c.status, lang) for c in shown],
        t("fields.col_local", lang): [format_number(c.local_actors, lang) for c in shown],
        t("fields.col_per_10k", lang): [_per_10k(c, lang) for c in shown],
        t("fields.col_missing", lang): [_kinds(c.missing_roles, vocabulary, lang) for c in shown],
        t("fields.col_explanation", lang): [c.explanation(lang) for c in shown],
    })


def _gap_map(report: CoverageReport, actors: Mapping[str, Actor], field_id: str, vocabulary: Vocabulary,
             field_labels: Mapping[str, str], location: str, token: str, lang: str) -> None:
    coordinates = municipality_coordinates(actors.values())
    cells = [report.cell(m.id, field_id) for m in report.municipalities]
    if not coordinates:
        st.info(t("fields.no_coordinates", lang))
    else:
        st.caption(t("fields.map_caption", lang))
        placed = [c for c in cells if c.municipality_id in coordinates]
        _, middle, _ = st.columns([1, 6, 1])
        with middle:
            _figure(lambda: map_png(report, location, token, field_id, lang, tuple(sorted(coordinates.items()))),
                    t("fields.map_alt", lang, statuses=_counts(placed, lang),
                      towns=format_number(len(coordinates), lang), field=markdown_literal(field_labels[field_id])),
                    lang)
    show_table({
        t("fields.col_municipality", lang): [c.municipality for c in cells],
        t("fields.col_status", lang): [status_label(c.status, lang) for c in cells],
        t("fields.col_local", lang): [format_number(c.local_actors, lang) for c in cells],
        t("fields.col_wide", lang): [format_number(c.district_wide_actors, lang) for c in cells],
        t("fields.col_missing", lang): [_kinds(c.missing_roles, vocabulary, lang) for c in cells],
    })


def _weak_points(store: GraphStore, actors: Mapping[str, Actor], vocabulary: Vocabulary, location: str,
                 token: str, lang: str) -> None:
    points, found_brokers = _analysis(store, location, token)
    col_points, col_brokers = st.columns(2, gap="large")
    with col_points:
        st.markdown(f"**{t('fields.articulation_heading', lang)}**")
        st.caption(t("fields.articulation_caption", lang))
        listed = [(actors[a], " — " + vocabulary.kinds.label(actors[a].kind, lang)) for a in points if a in actors]
        if listed:
            actor_links(listed, columns=1)
        else:
            st.caption(t("fields.no_articulation", lang))
    with col_brokers:
        st.markdown(f"**{t('fields.brokers_heading', lang)}**")
        st.caption(t("fields.brokers_caption", lang))
        listed = [
            (actors[a], t("fields.broker_suffix", lang, share=format_number(share * 100, lang),
                          fields=", ".join(vocabulary.fields.label(f, lang) for f in fields)))
            for a, share, fields in found_brokers if a in actors
        ]
        if listed:
            actor_links(listed, columns=1)
        else:
            st.caption(t("fields.no_brokers", lang))


def _downloads(report: CoverageReport, vocabulary: Vocabulary, location: str, token: str, lang: str) -> None:
    st.caption(t("fields.download_caption", lang))
    csv_data, xlsx_data = _gap_files(report, vocabulary, location, token, lang)
    col_csv, col_xlsx, _ = st.columns([1, 1, 3])
    # A byte-order mark, so that spreadsheet programs read the umlauts right.
    col_csv.download_button(t("fields.download_csv", lang), data="\ufeff" + csv_data, file_name="integranet-gaps.csv",
                            mime="text/csv", icon=":material/download:", key="fields_csv")
    col_xlsx.download_button(
        t("fields.download_xlsx", lang), data=xlsx_data, file_name="integranet-gaps.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", icon=":material/download:",
        key="fields_xlsx",
    )


# -- helpers --------------------------------------------------------------------------------------------


def _value(cell: CoverageCell, measure: str, lang: str) -> str:
    return format_number(cell.local_actors, lang) if measure == "local" else _per_10k(cell, lang)


def _per_10k(cell: CoverageCell, lang: str) -> str:
    return "–" if cell.per_10k is None else format_number(cell.per_10k, lang, 2)


def _counts(cells: Sequence[CoverageCell], lang: str) -> str:
    """How many of ``cells`` have each status, e.g. "✓ covered: 2, ◐ district-wide only: 5, …"."""
    return ", ".join(f"{status_label(s, lang)}: {format_number(sum(c.status == s for c in cells), lang)}"
                     for s in STATUSES)


def _kinds(kinds: Sequence[str], vocabulary: Vocabulary, lang: str) -> str:
    return ", ".join(vocabulary.kinds.label(k, lang) for k in kinds) or t("common.none", lang)


def _forget_unknown(known: Mapping[str, Sequence[str]]) -> None:
    """Drop remembered selections the store no longer offers (e.g. after an import changed the data)."""
    for key, options in known.items():
        if key in st.session_state and st.session_state[key] not in options:
            del st.session_state[key]


# -- cached reads and drawings ----------------------------------------------------------------------------
# Arguments starting with "_" are not hashed (Streamlit's rule); ``location`` and ``revision`` stand in for
# the store and the report computed from it.


@st.cache_resource(ttl=reads.CACHE_TTL_SECONDS, max_entries=4, show_spinner=False)
def _actors(_store: GraphStore, location: str, revision: str) -> Mapping[str, Actor]:
    """Every actor of the store by id (shared, never changed: actors are frozen)."""
    return {a.id: a for a in _store.actors()}


@st.cache_data(ttl=reads.CACHE_TTL_SECONDS, max_entries=4, show_spinner=False)
def _analysis(_store: GraphStore, location: str, revision: str) -> tuple[
        tuple[str, ...], tuple[tuple[str, float, tuple[str, ...]], ...]]:
    """Articulation points, and brokers as ``(actor id, share, fields)``, of the whole network."""
    network = actor_network(_store.tie_counts())  # ties counted per pair by the store: all the measures need
    points = tuple(str(a) for a in articulation_points(network))
    found = tuple((str(b.actor), b.share, tuple(str(f) for f in b.fields)) for b in brokers(network))
    return points, found


@st.cache_data(ttl=reads.CACHE_TTL_SECONDS, max_entries=8, show_spinner=False)
def _gap_files(_report: CoverageReport, _vocabulary: Vocabulary, location: str, revision: str,
               lang: str) -> tuple[str, bytes]:
    """The gap table (:func:`graph.exports.gap_table.gap_table`) as CSV text and XLSX bytes, text cells
    neutralised against formulas."""
    table = gap_table(_report, _vocabulary, lang)
    headers, rows = table.columns()
    with tempfile.TemporaryDirectory(prefix="integranet-gaps-") as folder:
        xlsx = write_table_workbook(t("fields.sheet", lang), headers, rows, Path(folder) / "gaps.xlsx").read_bytes()
    return csv_text(table.rows, table.headers), xlsx
