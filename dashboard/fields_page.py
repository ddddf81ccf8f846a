"""The page "Fields of action" (``/fields``, shown by ``views/fields.py``): coverage and gaps per
municipality × field of action.

It shows a heatmap of local actors (or local actors per 10,000 residents) with every value written in its
cell and the same numbers as a table; one chosen cell with its local and district-wide actors (linked to
their profiles) and its explanation; the largest gaps; a map of the municipalities at their coordinates
marked by the gap in the chosen field (drawn offline with matplotlib, no tiles); the network's single
points of failure and brokers; and the gap table as CSV and XLSX.

The numbers come from :mod:`graph.analysis.coverage` (through the cached report of :mod:`dashboard.profile_reads`,
which the municipality profile shares) and :mod:`graph.analysis.measures`; this module lays them out and draws them.
Everything is cached per store location and revision token, so an import refreshes the page and a rerun
computes nothing twice. Widget selections live in ``st.session_state`` (keys ``fields_*``).
"""

from __future__ import annotations

import io
import math
import tempfile
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import streamlit as st

from dashboard import profile_reads as reads
from dashboard.i18n import format_date, format_number, markdown_literal, t
from dashboard.profile_widgets import actor_links, page_style, show_table
from dashboard.session import render_guarded
from graph.analysis.coverage import CoverageCell, CoverageReport
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
#: How many of the largest gaps the ranked list shows (the downloads hold all cells).
GAPS_SHOWN = 10
#: The session-state keys of this page's widgets.
WIDGET_KEYS = ("fields_measure", "fields_field", "fields_municipality")
#: A sequential palette designed to read the same for people with colour-vision deficiencies (and in
#: greyscale): dark = few, light = many.
PALETTE = "cividis"
# Okabe–Ito blue and vermillion, told apart by every common colour-vision deficiency; the map also
# varies the marker shape, so the colour is never the only sign.
_NO_GAP_COLOUR, _GAP_COLOUR = "#0072B2", "#D55E00"
_DPI = 150


def render(store: GraphStore, settings: Settings, lang: str) -> None:
    """Draw the page (below its title) for ``store`` in ``lang``.

    Store errors become an ``st.error`` that says what failed and what to check; a figure that cannot be
    drawn becomes a warning, and its table still shows the numbers.
    """
    page_style()
    st.caption(t("fields.intro", lang))
    render_guarded(store, lang, lambda: _render(store, settings, lang))


def gap_rank(cell: CoverageCell) -> tuple[bool, int, float, str, str]:
    """The order of the ranked list, largest gap first: no local actor, then more missing roles, then
    fewer local actors per 10,000 residents (unknown population last), then municipality and field."""
    per_10k = math.inf if cell.per_10k is None else cell.per_10k
    return (cell.local_actors > 0, -len(cell.missing_roles), per_10k, cell.municipality.casefold(), cell.field)


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
        _figure(lambda: _heatmap_png(report, location, token, measure, lang, tuple(field_labels.values())),
                t("fields.heatmap_alt", lang, measure=measure_labels[measure].lower() if lang == "en"
                  else measure_labels[measure], towns=format_number(len(towns), lang),
                  fields=format_number(len(report.fields), lang)), lang)
    with col_cell:
        _cell(report.cell(town_id, field_id), actors, vocabulary, field_labels, lang)
    _matrix(report, measure, field_labels, measure_labels, lang)

    st.subheader(t("fields.gaps_heading", lang), anchor=False)
    _largest_gaps(report, vocabulary, field_labels, lang)

    st.subheader(t("fields.map_heading", lang, field=markdown_literal(field_labels[field_id])), anchor=False)
    _gap_map(report, actors, field_id, vocabulary, field_labels, location, token, lang)

    st.subheader(t("fields.weak_heading", lang), anchor=False)
    _weak_points(store, actors, vocabulary, location, token, lang)

    st.subheader(t("fields.download_heading", lang), anchor=False)
    _downloads(report, vocabulary, location, token, lang)


# -- sections -------------------------------------------------------------------------------------------


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
    (st.warning if cell.gap else st.success)(markdown_literal(cell.explanation(lang)))
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
    """The heatmap's numbers as a table: a row per municipality, a column per field; gaps say so in words."""
    st.markdown(f"**{markdown_literal(measure_labels[measure])}**")
    columns: dict[str, list[str]] = {t("fields.col_municipality", lang): [m.name for m in report.municipalities]}
    by_key = {(c.municipality_id, c.field): c for c in report.cells}
    for field_id in report.fields:
        cells = [by_key[(m.id, field_id)] for m in report.municipalities]
        columns[field_labels[field_id]] = [
            t("fields.gap_mark", lang, value=_value(c, measure, lang)) if c.gap else _value(c, measure, lang)
            for c in cells
        ]
    show_table(columns)


def _largest_gaps(report: CoverageReport, vocabulary: Vocabulary, field_labels: Mapping[str, str],
                  lang: str) -> None:
    gaps = sorted((c for c in report.cells if c.gap), key=gap_rank)
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
        gaps = sum(1 for c in cells if c.gap and c.municipality_id in coordinates)
        _, middle, _ = st.columns([1, 6, 1])
        with middle:
            _figure(lambda: _map_png(report, location, token, field_id, lang, tuple(sorted(coordinates.items()))),
                    t("fields.map_alt", lang, gaps=format_number(gaps, lang),
                      towns=format_number(len(coordinates), lang), field=markdown_literal(field_labels[field_id])),
                    lang)
    yes, no = t("common.yes", lang), t("common.no", lang)
    show_table({
        t("fields.col_municipality", lang): [c.municipality for c in cells],
        t("fields.col_gap", lang): [yes if c.gap else no for c in cells],
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


@st.cache_data(ttl=reads.CACHE_TTL_SECONDS, max_entries=8, show_spinner=False)
def _heatmap_png(_report: CoverageReport, location: str, revision: str, measure: str, lang: str,
                 field_labels: tuple[str, ...]) -> bytes:
    """The heatmap as PNG: a row per municipality, a column per field, each cell's value written in it
    and gaps framed and marked "!" (so that nothing is told by colour alone)."""
    import matplotlib
    import numpy as np
    from matplotlib.colors import PowerNorm
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    towns, fields = _report.municipalities, _report.fields
    by_key = {(c.municipality_id, c.field): c for c in _report.cells}
    grid = [[by_key[(m.id, f)] for f in fields] for m in towns]
    values = np.array([[float(c.local_actors) if measure == "local" else
                        (math.nan if c.per_10k is None else c.per_10k) for c in row] for row in grid])
    figure = Figure(figsize=(1.05 * len(fields) + 2.2, 0.27 * len(towns) + 1.3), dpi=_DPI)
    axes = figure.add_subplot()
    finite = values[np.isfinite(values)]
    top = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
    # Unknown rates (no population) are light grey and written "–".
    palette = matplotlib.colormaps[PALETTE].with_extremes(bad="#e6e6e6")
    # A square-root scale: the county town has ten times the actors of most towns, and on a linear scale
    # every other town would look the same.
    norm = PowerNorm(gamma=0.5, vmin=0, vmax=top)
    image = axes.imshow(np.ma.masked_invalid(values), cmap=palette, norm=norm, aspect="auto")
    decimals = 0 if measure == "local" else 1
    for i, row in enumerate(grid):
        for j, cell in enumerate(row):
            value = values[i, j]
            text = "–" if math.isnan(value) else format_number(value, lang, decimals)
            # Dark text on the light end of the palette, white on the dark end: contrast stays readable.
            dark = math.isnan(value) or float(norm(value)) > 0.55
            if cell.gap:
                text += " !"
                axes.add_patch(Rectangle((j - 0.46, i - 0.42), 0.92, 0.84, fill=False, linewidth=1.4,
                                         edgecolor="black" if dark else "white"))
            axes.text(j, i, text, ha="center", va="center", fontsize=7.5, color="black" if dark else "white")
    axes.set_xticks(range(len(fields)), [textwrap.fill(label, 14) for label in field_labels], fontsize=7.5)
    axes.xaxis.tick_top()
    axes.set_yticks(range(len(towns)), [m.name for m in towns], fontsize=7.5)
    axes.tick_params(length=0)
    bar = figure.colorbar(image, ax=axes, fraction=0.05, pad=0.03)
    bar.ax.tick_params(labelsize=7)
    bar.ax.yaxis.set_major_formatter(lambda v, _: format_number(v, lang, decimals))
    figure.tight_layout()
    return _png(figure)


@st.cache_data(ttl=reads.CACHE_TTL_SECONDS, max_entries=16, show_spinner=False)
def _map_png(_report: CoverageReport, location: str, revision: str, field_id: str, lang: str,
             coordinates: tuple[tuple[str, tuple[float, float]], ...]) -> bytes:
    """The municipalities at their coordinates (north up, east–west shrunk by the cosine of the middle
    latitude), a triangle for a gap in ``field_id`` and a circle otherwise, labelled with name and number
    of local actors. Nothing is fetched: there is no background map."""
    from matplotlib.figure import Figure

    where = dict(coordinates)
    lat0 = sum(lat for lat, _ in where.values()) / len(where)
    shrink = math.cos(math.radians(lat0))
    figure = Figure(figsize=(8, 7.5), dpi=_DPI)
    axes = figure.add_subplot()
    for gap, marker, colour, label in ((False, "o", _NO_GAP_COLOUR, t("fields.legend_no_gap", lang)),
                                       (True, "^", _GAP_COLOUR, t("fields.legend_gap", lang))):
        cells = [c for c in (_report.cell(m.id, field_id) for m in _report.municipalities)
                 if c.gap == gap and c.municipality_id in where]
        xs = [where[c.municipality_id][1] * shrink for c in cells]
        ys = [where[c.municipality_id][0] for c in cells]
        axes.scatter(xs, ys, s=70, marker=marker, c=colour, edgecolors="black", linewidths=0.6, label=label,
                     zorder=3)
        for x, y, c in zip(xs, ys, cells, strict=True):
            axes.annotate(f"{c.municipality} ({format_number(c.local_actors, lang)})", (x, y),
                          xytext=(5, 4), textcoords="offset points", fontsize=6.5, zorder=4)
    axes.set_aspect("equal")
    axes.set_xticks([])
    axes.set_yticks([])
    for side in axes.spines.values():
        side.set_color("#bbbbbb")
    axes.legend(loc="lower left", fontsize=8, frameon=True)
    figure.tight_layout()
    return _png(figure)


def _png(figure: Any) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=_DPI)
    return buffer.getvalue()
