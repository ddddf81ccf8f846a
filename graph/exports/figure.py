"""Print figures of a snapshot (and of the difference between two) with matplotlib: PNG, SVG, PDF.

A figure is A4 landscape by default, with a title, a line giving the date of the data and the counts, a
legend of the actor kinds beside (never over) the network, and a source line. Actors sit at the
snapshot's positions (y pointing up, so the figure looks like the dashboard's map), drawn in the map's
colour *and* shape per kind (:func:`graph.maps.html.kind_style`); demonstration ties are dashed.

The same snapshot always gives the same file: the SVG's ids come from a fixed salt, no creation date is
written into SVG, PDF or PNG, and text is set in DejaVu Sans (shipped with matplotlib, so umlauts and ß
look the same on every machine). SVG text is drawn as paths, so it prints the same everywhere.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph import __version__
from graph.exports.xmltext import xml_safe
from graph.language import format_date, phrasebook
from graph.maps.palette import kind_style, legend_entries
from graph.model.domain import Actor, Subgraph
from graph.model.provenance import illustrative_share, source_counts
from graph.model.vocabulary import Vocabulary
from graph.snapshots.snapshot import Position, Snapshot, SnapshotInfo

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from graph.snapshots.diff import SnapshotDiff

__all__ = ["FIGURE_FORMATS", "PAPER_SIZES", "diff_figure", "figure_bytes", "network_figure", "save_figure"]

FIGURE_FORMATS = ("png", "svg", "pdf")
#: Landscape paper sizes in inches.
PAPER_SIZES: Mapping[str, tuple[float, float]] = {"a4": (11.69, 8.27), "a3": (16.54, 11.69)}

#: rc settings that make output reproducible and readable; applied while drawing and while saving.
_RC: Mapping[str, Any] = {
    "font.family": "DejaVu Sans",
    "svg.hashsalt": "integranet",
    "svg.fonttype": "path",
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "axes.unicode_minus": True,
}
_MARKERS: Mapping[str, str] = {"dot": "o", "square": "s", "diamond": "D", "triangle": "^", "triangleDown": "v",
                               "star": "*", "hexagon": "h"}
# Marker areas look different at the same size: a star fills little of its box, a square all of it.
_MARKER_AREA: Mapping[str, float] = {"*": 2.0, "D": 0.7, "^": 1.2, "v": 1.2, "s": 0.85}
_TIE_COLOUR = "#555555"
_ILLUSTRATIVE_COLOUR = "#9a9a9a"
_BORDER = "#333333"
_TEXT = "#1a1a1a"
_MUTED = "#555555"
_ADDED, _REMOVED, _CHANGED, _UNCHANGED = "#009E73", "#D55E00", "#E69F00", "#d4d4d4"
#: Above this many actors only the best-connected get a label, so that the labels stay legible.
_MAX_LABELS = 150

def _words(language: str) -> Mapping[str, str]:
    return phrasebook("figure", language)


@contextmanager
def _style() -> Iterator[None]:
    import matplotlib

    # matplotlib types the keys as a Literal of every rc name; _RC holds only such names.
    rc: dict[Any, Any] = dict(_RC)
    with matplotlib.rc_context(rc):
        yield


# -- drawing --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _NodeLook:
    colour: str
    marker: str
    edge: str = _BORDER
    edge_width: float = 0.6
    linestyle: str = "solid"
    label: bool = True


@dataclass(frozen=True)
class _TieLook:
    colour: str
    width: float
    dashed: bool
    zorder: float = 1.0


def _short(name: str, width: int = 24) -> str:
    """A label of at most two lines: bracketed additions dropped first, then cut at a word with "…"."""
    text = " ".join(xml_safe(name).split())
    if len(text) > width:
        without = " ".join(_drop_brackets(text).split())
        text = without or text
    lines = textwrap.wrap(text, width=width, max_lines=2, placeholder=" …", break_long_words=True)
    return "\n".join(lines) or "–"


def _drop_brackets(text: str) -> str:
    out, depth = [], 0
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        elif not depth:
            out.append(ch)
    return "".join(out).strip(" –-,")


def _degrees(subgraph: Subgraph) -> Counter[str]:
    degree: Counter[str] = Counter()
    for rel in subgraph.relations:
        degree[rel.source] += 1
        degree[rel.target] += 1
    return degree


def _marker_area(degree: int, marker: str, scale: float) -> float:
    return (28.0 + 22.0 * math.sqrt(degree)) * _MARKER_AREA.get(marker, 1.0) * scale


def _draw_network(figure: Figure, ax: Axes, subgraph: Subgraph, positions: Mapping[str, Position],
                  node_look: Mapping[str, _NodeLook], tie_look: Mapping[tuple[str, str, str], _TieLook]) -> None:
    """Ties, then actors, then labels placed where they cover neither other labels nor actors."""
    from matplotlib.patches import FancyArrowPatch

    ax.set_axis_off()
    ax.set_aspect("equal")
    actors = sorted(subgraph.actors, key=lambda a: a.id)
    if not actors:
        return
    point = {a.id: (positions.get(a.id, (0.0, 0.0))[0], -positions.get(a.id, (0.0, 0.0))[1]) for a in actors}
    xs = [p[0] for p in point.values()]
    ys = [p[1] for p in point.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1.0)
    pad = span * 0.08
    ax.set_xlim(min(xs) - pad, max(xs) + pad)
    ax.set_ylim(min(ys) - pad, max(ys) + pad)
    # Crowded drawings get smaller symbols and labels (still 4.5 pt at least: legible in print).
    crowd = len(actors)
    scale = 1.0 if crowd <= 60 else 0.8 if crowd <= 150 else 0.55
    font_size = 6.5 if crowd <= 60 else 5.5 if crowd <= 150 else 4.5
    degree = _degrees(subgraph)
    radius_pt = {a.id: math.sqrt(_marker_area(degree[a.id], node_look[a.id].marker, scale)) / 2 for a in actors}

    many = len(subgraph.relations) > 600
    parallel: Counter[frozenset[str]] = Counter()
    for rel in sorted(subgraph.relations, key=lambda r: r.key):
        look = tie_look.get(rel.key)
        if look is None or rel.source not in point or rel.target not in point or rel.source == rel.target:
            continue
        # Several ties between the same two actors bend apart instead of covering each other (as on the map).
        pair = frozenset((rel.source, rel.target))
        bend = 0.12 * parallel[pair]
        parallel[pair] += 1
        ax.add_patch(FancyArrowPatch(
            point[rel.source], point[rel.target], connectionstyle=f"arc3,rad={bend:.2f}",
            arrowstyle="-" if many else "-|>", mutation_scale=5.5, color=look.colour, linewidth=look.width,
            linestyle=(0, (3.0, 2.0)) if look.dashed else "solid",
            shrinkA=radius_pt[rel.source] + 0.5, shrinkB=radius_pt[rel.target] + 0.5,
            zorder=look.zorder, joinstyle="miter", capstyle="butt",
        ))
    for actor in actors:
        shown = node_look[actor.id]
        x, y = point[actor.id]
        ax.scatter([x], [y], s=_marker_area(degree[actor.id], shown.marker, scale), marker=shown.marker,
                   c=shown.colour, edgecolors=shown.edge, linewidths=shown.edge_width, linestyles=shown.linestyle,
                   zorder=3)
    labelled = [a for a in actors if node_look[a.id].label]
    if len(labelled) > _MAX_LABELS:
        labelled = sorted(labelled, key=lambda a: (-degree[a.id], a.id))[:_MAX_LABELS]
    _place_labels(figure, ax, labelled, point, radius_pt, degree, font_size)


def _place_labels(figure: Figure, ax: Axes, actors: Sequence[Actor], point: Mapping[str, Position],
                  radius_pt: Mapping[str, float], degree: Mapping[str, int], font_size: float) -> None:
    """Greedy placement: best-connected actors first, each label at the first spot around its actor
    (see :func:`_spots`) that overlaps no placed label and no other actor and stays inside the drawing;
    where there is none, at the spot that overlaps least. Labels sit on a light white box, so ties
    under them do not strike through the text."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(figure)
    renderer = canvas.get_renderer()  # type: ignore[no-untyped-call]
    # The equal aspect is otherwise applied only at drawing time, and would move every actor afterwards.
    ax.apply_aspect()
    to_display = ax.transData
    px = figure.dpi / 72.0
    ids = sorted(point)
    index = {actor_id: i for i, actor_id in enumerate(ids)}
    centres = to_display.transform(np.array([point[i] for i in ids], dtype=float))
    radii = np.array([radius_pt[i] * px for i in ids])
    # Boxes are rows (x0, y0, x1, y1) in display pixels.
    nodes = np.column_stack([centres[:, 0] - radii, centres[:, 1] - radii, centres[:, 0] + radii,
                             centres[:, 1] + radii])
    frame = ax.get_window_extent(renderer)
    # A translucent white box rather than a stroke: a stroked outline makes matplotlib write every label as
    # outlines twice, which multiplies the size of SVG and PDF files.
    halo: dict[str, Any] = {"boxstyle": "square,pad=0.08", "facecolor": "white", "edgecolor": "none", "alpha": 0.72}
    style: dict[str, Any] = {"fontsize": font_size, "color": _TEXT, "zorder": 4, "linespacing": 1.0}
    placed = np.empty((0, 4))
    for actor in sorted(actors, key=lambda a: (-degree[a.id], a.id)):
        label = _short(actor.name)
        # The label's size is measured once; each spot's box follows from it arithmetically.
        probe = ax.text(0, 0, label, **style)
        extent = probe.get_window_extent(renderer)
        probe.remove()
        width, height = extent.width * 1.04, extent.height * 1.08
        others = np.delete(nodes, index[actor.id], axis=0)
        anchor_x, anchor_y = centres[index[actor.id]]
        best: tuple[float, Any, Any] = (math.inf, None, None)
        for spot in _spots(radius_pt[actor.id] + 1.5):
            (dx, dy), ha, va, far = spot
            x0 = anchor_x + dx * px - {"center": width / 2, "left": 0.0, "right": width}[ha]
            y0 = anchor_y + dy * px - {"center": height / 2, "bottom": 0.0, "top": height}[va]
            box = np.array([x0, y0, x0 + width, y0 + height])
            inside = _overlap(box, np.array([[frame.x0, frame.y0, frame.x1, frame.y1]]))
            cost = _overlap(box, placed) + _overlap(box, others) + width * height - inside
            cost += 0.5 if far else 0.0  # with equal overlap, the label next to its actor wins
            if cost < best[0]:
                best = (cost, spot, box)
                if cost == 0:
                    break
        (dx, dy), ha, va, far = best[1]
        # A label moved away from its actor gets a thin leader line, so it is clear whose it is.
        arrow = {"arrowstyle": "-", "color": "#8c8c8c", "linewidth": 0.3, "shrinkA": 0.5,
                 "shrinkB": radius_pt[actor.id]} if far else None
        ax.annotate(label, point[actor.id], xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                    multialignment="center" if ha == "center" else ha, arrowprops=arrow, bbox=halo,
                    **style)
        placed = np.vstack([placed, best[2]])
    figure.set_canvas(canvas)


def _spots(near: float) -> list[tuple[tuple[float, float], str, str, bool]]:
    """Label spots around an actor, best first: ``((dx, dy) in points, ha, va, far)``. Below, above,
    right, left and the diagonals next to the actor, then the same further and further out."""
    spots = []
    for distance, far in ((near, False), (near + 8.0, True), (near + 16.0, True), (near + 26.0, True)):
        d = distance * 0.8
        spots += [((0.0, -distance), "center", "top", far), ((0.0, distance), "center", "bottom", far),
                  ((distance, 0.0), "left", "center", far), ((-distance, 0.0), "right", "center", far),
                  ((d, -d), "left", "top", far), ((-d, -d), "right", "top", far),
                  ((d, d), "left", "bottom", far), ((-d, d), "right", "bottom", far)]
    return spots


def _overlap(box: Any, boxes: Any) -> float:
    """The total area ``box`` shares with the rows of ``boxes`` (both ``(x0, y0, x1, y1)``)."""
    import numpy as np

    if len(boxes) == 0:
        return 0.0
    width = np.minimum(box[2], boxes[:, 2]) - np.maximum(box[0], boxes[:, 0])
    height = np.minimum(box[3], boxes[:, 3]) - np.maximum(box[1], boxes[:, 1])
    return float(np.sum(np.clip(width, 0, None) * np.clip(height, 0, None)))


def _legend(ax: Axes, entries: Sequence[tuple[str, str, str, str]], ties: Sequence[tuple[str, str, bool]],
            kinds_title: str, ties_title: str, note: str) -> None:
    from matplotlib.lines import Line2D

    ax.set_axis_off()
    handles = [Line2D([], [], linestyle="none", marker=_MARKERS.get(shape, "o"), markersize=7 if shape != "star" else 9,
                      markerfacecolor=colour, markeredgecolor=_BORDER, markeredgewidth=0.6, label=xml_safe(label))
               for _kind, label, colour, shape in entries]
    kinds = ax.legend(handles=handles, title=kinds_title, loc="upper left", bbox_to_anchor=(0.0, 1.0),
                      frameon=False, fontsize=7.5, title_fontsize=8.5, alignment="left", handletextpad=0.6,
                      labelspacing=0.55, borderaxespad=0.0)
    ax.add_artist(kinds)
    tie_handles = [Line2D([], [], color=colour, linewidth=1.2, linestyle=(0, (3.0, 2.0)) if dashed else "solid",
                          label=label) for label, colour, dashed in ties]
    ax.legend(handles=tie_handles, title=ties_title, loc="lower left", bbox_to_anchor=(0.0, 0.06), frameon=False,
              fontsize=7.5, title_fontsize=8.5, alignment="left", handlelength=2.6, borderaxespad=0.0)
    if note:
        ax.text(0.0, 0.0, note, transform=ax.transAxes, fontsize=7, color=_MUTED, va="bottom", ha="left")


def _frame(paper: str) -> tuple[Figure, Axes, Axes]:
    from matplotlib.figure import Figure

    if paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {', '.join(PAPER_SIZES)}, not {paper!r}.")
    figure = Figure(figsize=PAPER_SIZES[paper])
    network = figure.add_axes((0.035, 0.105, 0.735, 0.76))
    legend = figure.add_axes((0.79, 0.105, 0.19, 0.76))
    return figure, network, legend


def _header(figure: Figure, title: str, subtitle: str, source_lines: Sequence[str]) -> None:
    figure.text(0.035, 0.945, xml_safe(title), fontsize=17, fontweight="bold", color=_TEXT, va="baseline")
    figure.text(0.035, 0.905, xml_safe(subtitle), fontsize=9.5, color=_MUTED, va="baseline")
    wrapped = [line for text in source_lines for line in textwrap.wrap(xml_safe(text), width=190)]
    figure.text(0.035, 0.025, "\n".join(wrapped), fontsize=6.8, color=_MUTED, va="bottom", linespacing=1.35)


def _selection(info: SnapshotInfo, vocabulary: Vocabulary, names: Mapping[str, str], language: str) -> str:
    w = _words(language)
    filters = info.filters
    parts = []
    if filters.get("fields"):
        parts.append(f"{w['field']}: " + ", ".join(vocabulary.fields.label(f, language) for f in filters["fields"]))
    if filters.get("municipalities"):
        parts.append(f"{w['municipality']}: " + ", ".join(names.get(m, m) for m in filters["municipalities"]))
    if filters.get("kinds"):
        parts.append(f"{w['kind']}: " + ", ".join(vocabulary.kinds.label(k, language) for k in filters["kinds"]))
    if filters.get("municipalities") and filters.get("include_district_wide"):
        parts.append(w["district_wide"])
    return f"{w['selection']}: " + "; ".join(parts) if parts else ""


def _source_lines(info: SnapshotInfo, subgraph: Subgraph, language: str) -> list[str]:
    w = _words(language)
    first = w["source"].format(version=__version__, id=info.id, date=format_date(info.created_at, language))
    if info.last_import:
        first += "; " + w["last_import"].format(date=format_date(info.last_import, language))
    sources = source_counts(subgraph)
    if sources:
        top = ", ".join(f"{name} ({count})" for name, count in sources[:4])
        second = w["sources"].format(count=len(sources), top=top) + "."
    else:
        second = w["no_sources"] + "."
    illustrative, total = illustrative_share(subgraph)
    lines = [first + ".", second]
    if illustrative:
        lines.append(w["dashed"].format(n=illustrative, m=total) + ".")
    return lines


def network_figure(snapshot: Snapshot, vocabulary: Vocabulary, language: str = "de", *,
                   title: str | None = None, paper: str = "a4") -> Figure:
    """The print figure of ``snapshot``: a matplotlib ``Figure`` (nothing is written; see
    :func:`save_figure`). ``title`` defaults to the snapshot's label; texts are in ``language``."""
    w = _words(language)
    info, subgraph = snapshot.info, snapshot.subgraph
    with _style():
        figure, ax, legend_ax = _frame(paper)
        illustrative, total = illustrative_share(subgraph)
        counts = f"{len(subgraph.actors)} {w['actors']}, {total} {w['ties']}"
        if illustrative:
            counts += f" ({w['illustrative_of']}: {illustrative})"
        names = {a.id: a.name for a in subgraph.actors}
        subtitle = " · ".join(part for part in (
            w["network"], f"{w['as_of']}: {format_date(info.created_at, language)}", counts,
            _selection(info, vocabulary, names, language)) if part)
        _header(figure, title or info.label, subtitle, _source_lines(info, subgraph, language))
        looks = {}
        for actor in subgraph.actors:
            colour, shape = kind_style(actor.kind, vocabulary)
            looks[actor.id] = _NodeLook(colour, _MARKERS.get(shape, "o"))
        ties = {r.key: _TieLook(_ILLUSTRATIVE_COLOUR, 0.45, True, 1.0) if r.is_illustrative
                else _TieLook(_TIE_COLOUR, 0.7, False, 1.5) for r in subgraph.relations}
        entries = legend_entries(vocabulary, {a.kind for a in subgraph.actors}, language)
        tie_entries = [(w["tie"], _TIE_COLOUR, False)]
        if illustrative:
            tie_entries.append((w["illustrative"], _ILLUSTRATIVE_COLOUR, True))
        _legend(legend_ax, entries, tie_entries, w["kinds"], w["tie_lines"], w["size"])
        if not subgraph.actors:
            ax.text(0.5, 0.5, w["empty"], transform=ax.transAxes, ha="center", va="center", color=_MUTED)
        _draw_network(figure, ax, subgraph, snapshot.positions, looks, ties)
    return figure


def diff_figure(diff: SnapshotDiff, vocabulary: Vocabulary, language: str = "de", *, paper: str = "a4") -> Figure:
    """The difference between two snapshots as a figure: both snapshots' actors and ties at their
    positions, added ones green, removed ones vermillion and dashed, changed actors orange, the rest
    light grey; only added, removed and changed actors are labelled."""
    w = _words(language)
    with _style():
        figure, ax, legend_ax = _frame(paper)
        before, after = diff.before, diff.after
        title = f"{w['changes']}: {before.label} → {after.label}"
        subtitle = w["diff_counts"].format(
            aa=len(diff.actors_added), ar=len(diff.actors_removed), ac=len(diff.actors_changed),
            ra=len(diff.relations_added), rr=len(diff.relations_removed))
        source = w["diff_source"].format(version=__version__, a=before.id, da=format_date(before.created_at, language),
                                         b=after.id, db=format_date(after.created_at, language))
        _header(figure, title, subtitle, [source + "."])
        added = {a.id for a in diff.actors_added}
        removed = {a.id for a in diff.actors_removed}
        changed = {c.after.id for c in diff.actors_changed}
        looks = {}
        for actor in diff.union.actors:
            marker = _MARKERS.get(kind_style(actor.kind, vocabulary)[1], "o")
            if actor.id in added:
                looks[actor.id] = _NodeLook(_ADDED, marker, edge_width=0.9)
            elif actor.id in removed:
                looks[actor.id] = _NodeLook(_REMOVED, marker, edge_width=0.9, linestyle="dashed")
            elif actor.id in changed:
                looks[actor.id] = _NodeLook(_CHANGED, marker, edge_width=0.9)
            else:
                looks[actor.id] = _NodeLook(_UNCHANGED, marker, edge="#9a9a9a", edge_width=0.4, label=False)
        new_ties = {r.key for r in diff.relations_added}
        old_ties = {r.key for r in diff.relations_removed}
        changed_ties = {c.after.key for c in diff.relations_changed}
        ties = {}
        for rel in diff.union.relations:
            if rel.key in new_ties:
                ties[rel.key] = _TieLook(_ADDED, 1.3, False, 2.0)
            elif rel.key in old_ties:
                ties[rel.key] = _TieLook(_REMOVED, 1.1, True, 2.0)
            elif rel.key in changed_ties:
                ties[rel.key] = _TieLook(_CHANGED, 1.1, False, 2.0)
            else:
                ties[rel.key] = _TieLook("#c8c8c8", 0.45, False, 1.0)
        # Colour says what changed (the symbol's shape still follows the kind, as in the network figure).
        entries = [("added", w["added"], _ADDED, "dot"), ("removed", w["removed"], _REMOVED, "dot"),
                   ("changed", w["changed"], _CHANGED, "dot"), ("unchanged", w["unchanged"], _UNCHANGED, "dot")]
        status = [(w["added"], _ADDED, False), (w["removed"], _REMOVED, True), (w["changed"], _CHANGED, False),
                  (w["unchanged"], "#c8c8c8", False)]
        _legend(legend_ax, entries, status, w["actors_title"], w["tie_lines"], "")
        _draw_network(figure, ax, diff.union, diff.positions, looks, ties)
    return figure


# -- saving ---------------------------------------------------------------------------------------------


def _metadata(fmt: str, title: str) -> dict[str, Any]:
    creator = f"IntegraNet {__version__}"
    if fmt == "svg":
        return {"Date": None, "Creator": creator, "Title": xml_safe(title)}
    if fmt == "pdf":
        return {"CreationDate": None, "ModDate": None, "Creator": creator, "Producer": creator, "Title": title}
    return {"Software": creator, "Title": title}


def figure_bytes(figure: Figure, fmt: str, *, title: str = "", dpi: int = 300) -> bytes:
    """``figure`` as PNG, SVG or PDF bytes; the same figure always gives the same bytes."""
    if fmt not in FIGURE_FORMATS:
        raise ValueError(f"fmt must be one of {', '.join(FIGURE_FORMATS)}, not {fmt!r}.")
    buffer = io.BytesIO()
    with _style():
        figure.savefig(buffer, format=fmt, dpi=dpi, metadata=_metadata(fmt, title), facecolor="white")
    return buffer.getvalue()


def save_figure(figure: Figure, out: Path, fmt: str, *, title: str = "", dpi: int = 300) -> Path:
    """Write ``figure`` to ``out`` as ``fmt`` (png, svg, pdf); returns ``out``."""
    data = figure_bytes(figure, fmt, title=title, dpi=dpi)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return out

