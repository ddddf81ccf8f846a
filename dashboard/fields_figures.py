"""The figures of the page "Fields of action" (:mod:`dashboard.fields_page`): the status heatmap and the map.

Both show the four statuses of :mod:`graph.analysis.coverage` in four colours of the Okabe–Ito palette,
which every common colour-vision deficiency tells apart, and never by colour alone: the heatmap writes each
cell's status symbol beside its number, the map gives each status its own marker shape, and both carry a
legend with the symbols and labels in the page's language. Drawn offline with matplotlib (no tiles, nothing
fetched), cached per store location and revision like the page's other reads.
"""

from __future__ import annotations

import io
import math
import textwrap
from typing import Any

import streamlit as st

from dashboard import profile_reads as reads
from dashboard.i18n import format_number
from graph.analysis.coverage import (
    CONFIRMED_GAP,
    COVERED,
    DISTRICT_WIDE_ONLY,
    NOT_SURVEYED,
    STATUS_SYMBOLS,
    STATUSES,
    CoverageReport,
    status_label,
)

__all__ = ["STATUS_COLOURS", "STATUS_MARKERS", "heatmap_png", "map_png"]

#: One colour per status (Okabe–Ito bluish green, sky blue, vermillion; light grey for "nothing known").
STATUS_COLOURS = {COVERED: "#009E73", DISTRICT_WIDE_ONLY: "#56B4E9", CONFIRMED_GAP: "#D55E00",
                  NOT_SURVEYED: "#E4E4E4"}
# The text on each colour: a contrast of at least 4.5:1 (white on vermillion 4.9:1, black on the others 6:1+).
_TEXT_COLOURS = {COVERED: "black", DISTRICT_WIDE_ONLY: "black", CONFIRMED_GAP: "white", NOT_SURVEYED: "black"}
#: One marker shape per status on the map: circle, square, triangle, diamond.
STATUS_MARKERS = {COVERED: "o", DISTRICT_WIDE_ONLY: "s", CONFIRMED_GAP: "^", NOT_SURVEYED: "D"}
_DPI = 150


# Arguments starting with "_" are not hashed (Streamlit's rule); ``location`` and ``revision`` stand in for
# the store and the report computed from it.
@st.cache_data(ttl=reads.CACHE_TTL_SECONDS, max_entries=8, show_spinner=False)
def heatmap_png(_report: CoverageReport, location: str, revision: str, measure: str, lang: str,
                field_labels: tuple[str, ...]) -> bytes:
    """The heatmap as PNG: a row per municipality, a column per field, each cell coloured by its status and
    showing its status symbol and its value (local actors, or per 10,000 residents; "–" when unknown), with
    a legend of the four statuses below."""
    import numpy as np
    from matplotlib.colors import ListedColormap
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    towns, fields = _report.municipalities, _report.fields
    by_key = {(c.municipality_id, c.field): c for c in _report.cells}
    grid = [[by_key[(m.id, f)] for f in fields] for m in towns]
    index = {status: i for i, status in enumerate(STATUSES)}
    codes = np.array([[index[c.status] for c in row] for row in grid], dtype=float)
    figure = Figure(figsize=(1.05 * len(fields) + 2.2, 0.27 * len(towns) + 1.9), dpi=_DPI)
    axes = figure.add_subplot()
    palette = ListedColormap([STATUS_COLOURS[s] for s in STATUSES])
    axes.imshow(codes, cmap=palette, vmin=-0.5, vmax=len(STATUSES) - 0.5, aspect="auto")
    decimals = 0 if measure == "local" else 1
    for i, row in enumerate(grid):
        for j, cell in enumerate(row):
            value = float(cell.local_actors) if measure == "local" else cell.per_10k
            shown = "–" if value is None or math.isnan(value) else format_number(value, lang, decimals)
            axes.text(j, i, f"{STATUS_SYMBOLS[cell.status]} {shown}", ha="center", va="center", fontsize=7.5,
                      color=_TEXT_COLOURS[cell.status])
    axes.set_xticks(range(len(fields)), [textwrap.fill(label, 14) for label in field_labels], fontsize=7.5)
    axes.xaxis.tick_top()
    axes.set_yticks(range(len(towns)), [m.name for m in towns], fontsize=7.5)
    axes.tick_params(length=0)
    # Thin white lines between the cells, so that neighbours of one status still read as separate cells.
    axes.set_xticks([j - 0.5 for j in range(1, len(fields))], minor=True)
    axes.set_yticks([i - 0.5 for i in range(1, len(towns))], minor=True)
    axes.grid(which="minor", color="white", linewidth=0.8)
    axes.tick_params(which="minor", length=0)
    handles = [Patch(facecolor=STATUS_COLOURS[s], edgecolor="black", linewidth=0.5, label=status_label(s, lang))
               for s in STATUSES]
    figure.legend(handles=handles, loc="lower center", ncol=2, fontsize=7.5, frameon=False)
    figure.tight_layout(rect=(0, 0.06, 1, 1))
    return _png(figure)


@st.cache_data(ttl=reads.CACHE_TTL_SECONDS, max_entries=16, show_spinner=False)
def map_png(_report: CoverageReport, location: str, revision: str, field_id: str, lang: str,
            coordinates: tuple[tuple[str, tuple[float, float]], ...]) -> bytes:
    """The municipalities at their coordinates (north up, east–west shrunk by the cosine of the middle
    latitude), each marked by its status in ``field_id`` (colour and shape; the legend lists all four) and
    labelled with name and number of local actors. Nothing is fetched: there is no background map."""
    from matplotlib.figure import Figure

    where = dict(coordinates)
    lat0 = sum(lat for lat, _ in where.values()) / len(where)
    shrink = math.cos(math.radians(lat0))
    figure = Figure(figsize=(8, 7.5), dpi=_DPI)
    axes = figure.add_subplot()
    cells = [c for c in (_report.cell(m.id, field_id) for m in _report.municipalities) if c.municipality_id in where]
    # Every status gets its legend entry, drawn or not, so that the map always explains all four.
    for status in STATUSES:
        shown = [c for c in cells if c.status == status]
        xs = [where[c.municipality_id][1] * shrink for c in shown]
        ys = [where[c.municipality_id][0] for c in shown]
        axes.scatter(xs, ys, s=70, marker=STATUS_MARKERS[status], c=STATUS_COLOURS[status], edgecolors="black",
                     linewidths=0.6, label=status_label(status, lang), zorder=3)
        for x, y, c in zip(xs, ys, shown, strict=True):
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
