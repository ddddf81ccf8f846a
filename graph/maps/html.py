"""The network map as one self-contained HTML page: the adapter around pyvis.

pyvis is used behind this one function and nothing else of it leaks out. What the adapter adds:

- the caller's records are never handed to pyvis; it builds fresh node and edge dicts;
- positions come from the caller (see :mod:`graph.layout.force`) and physics is off, so the picture is stable;
- its own template (``templates/network_map.html``) replaces pyvis's, which loads Bootstrap from a CDN
  even in ``in_line`` mode and shows tooltips through ``innerHTML`` as soon as any title contains
  ``href``. Here tooltips are plain text set with ``textContent``, the pyvis ``title`` key is never used
  (so pyvis's ``href`` switch cannot trigger), every script is inline, and a Content-Security-Policy with
  the hashes of exactly those scripts forbids anything else to run or to be fetched;
- colour *and* shape carry the actor kind (colour-blind-safe Okabe–Ito colours), or whatever the caller's
  looks (:mod:`graph.maps.style`) encode; ties of provenance ``illustrative`` are dashed and say in their
  tooltip that they are for demonstration;
- :func:`group_map_html` draws the aggregated map (one node per municipality or kind, see
  :mod:`graph.maps.aggregation`) with the same template and the same guarantees.

User text is not HTML-escaped on purpose: the labels are drawn on a canvas and the tooltips are set as
text, so escaping would show ``&lt;`` to the user instead of ``<``. What keeps it inert is that it only
ever travels as JSON inside a script (Jinja's ``tojson`` escapes ``<``, ``>``, ``&`` and ``'``) and is
only ever put into the page as text.
"""

from __future__ import annotations

import base64
import hashlib
import html as html_text
import math
import re
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.language import language_of, phrasebook
from graph.maps.overlay import OVERLAY_SHAPE, Overlay, node_type_colour
from graph.maps.palette import NodeLook, kind_styles
from graph.model.domain import ILLUSTRATIVE, Actor, Relation, Subgraph
from graph.model.vocabulary import MUNICIPALITY_KIND, Vocabulary

if TYPE_CHECKING:
    from graph.maps.aggregation import Aggregate, Group

__all__ = ["group_map_html", "legend_html", "network_map_html"]

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "network_map.html"

_NODE_BORDER = "#333333"
_TIE_COLOUR = "#555555"
_ILLUSTRATIVE_TIE_COLOUR = "#9a9a9a"
_FOCUS_BORDER = "#000000"
_PATH_COLOUR = "#000000"
_GROUP_OUTSIDE = ("#999999", "dot")
_HEIGHT = re.compile(r"^\d{1,5}(\.\d+)?(px|vh|%)$")

# The legend's symbols, drawn as SVG in a 16 × 16 box to match vis-network's shapes.
_SVG_SHAPES: Mapping[str, str] = {
    "dot": '<circle cx="8" cy="8" r="6.5"/>',
    "square": '<rect x="2" y="2" width="12" height="12"/>',
    "diamond": '<polygon points="8,1 15,8 8,15 1,8"/>',
    "triangle": '<polygon points="8,1.5 15,14 1,14"/>',
    "triangleDown": '<polygon points="1,2 15,2 8,14.5"/>',
    "star": '<polygon points="8,0.8 10,6 15.5,6.1 11.2,9.5 12.7,15 8,11.8 3.3,15 4.8,9.5 0.5,6.1 6,6"/>',
    "hexagon": '<polygon points="4.5,1.5 11.5,1.5 15,8 11.5,14.5 4.5,14.5 1,8"/>',
    "box": '<rect x="1" y="3.5" width="14" height="9" rx="2"/>',
}


def legend_html(entries: Sequence[tuple[str, str, str, str]], tie_label: str, illustrative_label: str) -> str:
    """A small HTML legend for :func:`legend_entries`, plus the two kinds of line; no script, no fetch.

    The symbols are SVG images in ``data:`` URIs (HTML sanitisers such as ``st.html``'s keep images but
    drop inline ``<svg>``). Labels are HTML-escaped: unlike the map, this fragment is markup.
    """
    items = []
    for _kind, label, colour, shape in entries:
        symbol = _SVG_SHAPES.get(shape, _SVG_SHAPES["dot"])
        svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16" '
               f'fill="{colour}" stroke="{_NODE_BORDER}" stroke-width="1">{symbol}</svg>')
        items.append(_legend_item(svg, 16, label))
    for dashes, label in (("", tie_label), ("4 3", illustrative_label)):
        colour = _ILLUSTRATIVE_TIE_COLOUR if dashes else _TIE_COLOUR
        svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="28" height="16" viewBox="0 0 28 16">'
               f'<line x1="1" y1="8" x2="27" y2="8" stroke="{colour}" stroke-width="2" '
               f'stroke-dasharray="{dashes}"/></svg>')
        items.append(_legend_item(svg, 28, label))
    return '<div style="display:flex;flex-wrap:wrap;font-size:0.9rem">' + "".join(items) + "</div>"


def _legend_item(svg: str, width: int, label: str) -> str:
    source = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return (
        '<span style="display:inline-flex;align-items:center;gap:0.35em;margin:0 1.2em 0.3em 0">'
        f'<img src="{source}" width="{width}" height="16" alt="">{html_text.escape(label)}</span>'
    )


def network_map_html(
    subgraph: Subgraph,
    vocabulary: Vocabulary,
    positions: Mapping[str, tuple[float, float]],
    language: str,
    *,
    height: str = "720px",
    physics: bool = False,
    highlight: str | Collection[str] | None = None,
    looks: Mapping[str, NodeLook] | None = None,
    path: Sequence[str] = (),
    label_sizes: Mapping[str, float] | None = None,
    extra: Overlay | None = None,
) -> str:
    """The map of ``subgraph`` as one self-contained HTML document (a string; nothing is written to disk).

    Nodes sit at ``positions`` (an actor without a position is placed at the origin) and stay there unless
    ``physics`` is True, in which case the positions are only the start. ``highlight`` names one actor or
    several to draw larger and selected. ``looks`` gives colour, shape and size per actor id (see
    :func:`graph.maps.style.encode`; default: the kind's style, size 14). The ties between consecutive
    actors of ``path`` are drawn thick and black. ``label_sizes`` gives a larger font to some actors
    (e.g. the towns on the geographic map, readable while everything else is too small to label).
    ``extra`` adds nodes of the other types with their links (:mod:`graph.maps.overlay`).
    Labels and tooltips are in ``language`` ("de" or "en"). The document loads nothing from the network,
    and no text from ``subgraph`` can become markup or script in it. Raises ValueError for a ``height``
    that is not a CSS length in px, vh or %.
    """
    lang = language_of(language)
    words = phrasebook("map", lang)
    styles = kind_styles(vocabulary)
    names = {actor.id: actor.name for actor in subgraph.actors}
    focus = {highlight} if isinstance(highlight, str) else set(highlight or ())
    steps = {frozenset(pair) for pair in pairwise(path)}

    nodes = []
    for actor in sorted(subgraph.actors, key=lambda a: a.id):
        look = looks.get(actor.id) if looks else None
        colour, shape = (look.colour, look.shape) if look else styles.get(actor.kind, ("#999999", "dot"))
        size = look.size if look else 14.0
        x, y = positions.get(actor.id, (0.0, 0.0))
        focused = actor.id in focus
        node: dict[str, Any] = {
            "id": actor.id,
            "label": actor.name,
            "shape": shape,
            "color": {
                "background": colour,
                "border": _FOCUS_BORDER if focused else _NODE_BORDER,
                "highlight": {"background": colour, "border": _FOCUS_BORDER},
                "hover": {"background": colour, "border": _FOCUS_BORDER},
            },
            "x": float(x),
            "y": float(y),
            "size": max(size * 1.4, 26.0) if focused else size,
            "borderWidth": 4 if focused else 1.5,
            # Not "title": pyvis switches its template to innerHTML popups when a title contains "href".
            "tooltip": _actor_tooltip(actor, vocabulary, lang, words),
            "integranetFocus": focused,
        }
        if label_sizes and actor.id in label_sizes:
            node["font"] = {"size": float(label_sizes[actor.id]), "strokeWidth": 6}
            node["widthConstraint"] = {"maximum": 40 * float(label_sizes[actor.id])}
        nodes.append(node)
    if label_sizes:
        # vis-network draws nodes in data order: the large labels go last, on top of their neighbours.
        nodes.sort(key=lambda n: n["id"] in label_sizes)

    edges = []
    pair_counts: dict[frozenset[str], int] = defaultdict(int)
    for rel in sorted(subgraph.relations, key=lambda r: r.key):
        if rel.source not in names or rel.target not in names:
            continue
        pair = frozenset((rel.source, rel.target))
        index = pair_counts[pair]
        pair_counts[pair] += 1
        illustrative = rel.provenance == ILLUSTRATIVE
        on_path = pair in steps
        colour = _PATH_COLOUR if on_path else _ILLUSTRATIVE_TIE_COLOUR if illustrative else _TIE_COLOUR
        edges.append({
            "from": rel.source,
            "to": rel.target,
            "id": "\x1f".join(rel.key),
            "color": {"color": colour, "highlight": "#000000"},
            "dashes": [6, 6] if illustrative else False,
            "width": 4 if on_path else 1 if illustrative else 1.5,
            # Parallel ties between the same two actors curve apart instead of covering each other.
            "smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.15 * index} if index else False,
            "tooltip": _tie_tooltip(rel, names, vocabulary, lang, words),
        })
    if extra is not None:
        _add_overlay(extra, nodes, edges, names, vocabulary, lang, words)
    return _document(nodes, edges, _options(physics, words["map"], lang, len(nodes)), height)


def _add_overlay(
    extra: Overlay, nodes: list[dict[str, Any]], edges: list[dict[str, Any]], names: Mapping[str, str],
    vocabulary: Vocabulary, language: str, words: Mapping[str, str],
) -> None:
    """Append the overlay's nodes (labelled boxes in their type's tint) and its links (thin, dotted)."""
    schema = vocabulary.schema
    all_names = {**names, **{n.id: n.name for n in extra.nodes}}
    for node in extra.nodes:
        colour = node_type_colour(schema, node.type)
        x, y = extra.positions[node.id]
        type_label = schema.node_type(node.type).label(language) if node.type in schema.node_types else node.type
        lines = [node.name, f"{words['node_type']}: {type_label}"]
        lines += [f"{words['provenance']}: {node.provenance or words['none']}"]
        nodes.append({
            "id": node.id, "label": node.name, "shape": OVERLAY_SHAPE,
            "color": {"background": colour, "border": _NODE_BORDER,
                      "highlight": {"background": colour, "border": _FOCUS_BORDER},
                      "hover": {"background": colour, "border": _FOCUS_BORDER}},
            "font": {"size": 12}, "widthConstraint": {"maximum": 160},
            "x": float(x), "y": float(y), "size": 12.0, "borderWidth": 1, "tooltip": "\n".join(lines),
            "integranetFocus": False,
        })
    for link in extra.links:
        link_type = schema.link_types.get(link.type)
        label = link_type.label(language) if link_type else link.type
        edges.append({
            "from": link.source, "to": link.target, "id": "\x1f".join(link.key),
            "color": {"color": _ILLUSTRATIVE_TIE_COLOUR, "highlight": "#000000"},
            "dashes": [2, 4], "width": 1, "smooth": False,
            "tooltip": f"{all_names.get(link.source, link.source)} → {all_names.get(link.target, link.target)}"
                       f"\n{words['type']}: {label}\n{words['provenance']}: {link.provenance or words['none']}",
        })


def group_map_html(
    aggregate: Aggregate,
    vocabulary: Vocabulary,
    positions: Mapping[str, tuple[float, float]],
    language: str,
    *,
    height: str = "720px",
    physics: bool = False,
) -> str:
    """The aggregated map: one node per group of ``aggregate``, sized by how many actors it holds and
    labelled with its name and that number, and one line per pair of groups with ties, as wide as their
    number. A pair whose ties are all demonstration ties is dashed. Same document guarantees as
    :func:`network_map_html`; positions are by group id.
    """
    lang = language_of(language)
    words = phrasebook("map", lang)
    styles = kind_styles(vocabulary)
    largest = max((g.actors for g in aggregate.groups), default=1)
    names = {g.id: _group_name(g, vocabulary, lang, words) for g in aggregate.groups}
    nodes = []
    for group in sorted(aggregate.groups, key=lambda g: g.id):
        if group.by == "kind":
            colour, shape = styles.get(group.value, _GROUP_OUTSIDE)
        else:
            colour, shape = styles.get(MUNICIPALITY_KIND, _GROUP_OUTSIDE) if group.value else _GROUP_OUTSIDE
        x, y = positions.get(group.id, (0.0, 0.0))
        lines = [names[group.id], f"{words['actors']}: {_count(group.actors, lang)}",
                 f"{words['ties_within']}: {_count(group.ties_within, lang)}"]
        if group.illustrative_within:
            lines.append(f"{words['of_which_illustrative']}: {_count(group.illustrative_within, lang)}")
        lines.append(words["open_group"])
        nodes.append({
            "id": group.id,
            "label": f"{names[group.id]} ({_count(group.actors, lang)})",
            "shape": shape,
            "color": {"background": colour, "border": _NODE_BORDER,
                      "highlight": {"background": colour, "border": _FOCUS_BORDER},
                      "hover": {"background": colour, "border": _FOCUS_BORDER}},
            "x": float(x),
            "y": float(y),
            "size": round(12.0 + 38.0 * math.sqrt(group.actors / largest), 1),
            "borderWidth": 1.5,
            # Few nodes, each standing for many: their names should read without zooming in.
            "font": {"size": 28, "strokeWidth": 5},
            "widthConstraint": {"maximum": 420},
            "tooltip": "\n".join(lines),
            "integranetFocus": False,
        })
    most = max((t.ties for t in aggregate.ties), default=1)
    edges = []
    for tie in aggregate.ties:
        only_illustrative = tie.illustrative == tie.ties
        lines = [f"{names[tie.source]} – {names[tie.target]}", f"{words['ties']}: {_count(tie.ties, lang)}"]
        if tie.illustrative:
            lines.append(f"{words['of_which_illustrative']}: {_count(tie.illustrative, lang)}")
        edges.append({
            "from": tie.source,
            "to": tie.target,
            "id": f"{tie.source}\x1f{tie.target}",
            "color": {"color": _ILLUSTRATIVE_TIE_COLOUR if only_illustrative else _TIE_COLOUR,
                      "highlight": "#000000"},
            "dashes": [6, 6] if only_illustrative else False,
            "width": round(1.0 + 5.0 * math.sqrt(tie.ties / most), 1),
            "arrows": {"to": {"enabled": False}},
            "smooth": False,
            "tooltip": "\n".join(lines),
        })
    return _document(nodes, edges, _options(physics, words["group_map"], lang, len(nodes)), height)


def _group_name(group: Group, vocabulary: Vocabulary, language: str, words: Mapping[str, str]) -> str:
    if group.by == "kind":
        return vocabulary.kinds.label(group.value, language)
    return group.name or (words["outside"] if not group.value else group.value)


def _count(value: int, language: str) -> str:
    """A whole number as ``language`` writes it (1.234 / 1,234)."""
    text = f"{value:,}"
    return text.replace(",", ".") if language == "de" else text


def _document(nodes: list[dict[str, Any]], edges: list[dict[str, Any]], options: dict[str, Any], height: str) -> str:
    """The page for finished node and edge dicts, rendered through pyvis with this module's template."""
    import pyvis
    from jinja2 import Environment, FileSystemLoader
    from pyvis.network import Network

    if not _HEIGHT.match(height):
        raise ValueError(f"height must be a CSS length such as '720px', not {height!r}.")
    net = Network(height=height, width="100%", directed=True, bgcolor="#ffffff", cdn_resources="in_line")
    # pyvis's template is replaced (CDN references, innerHTML tooltips); the vis-network files it bundles
    # are still found through the second search path. Autoescaping is on for defence in depth: the
    # template's only data, ``tojson`` output, is already safe markup and passes unchanged.
    pyvis_templates = Path(pyvis.__file__).resolve().parent / "templates"
    net.templateEnv = Environment(
        loader=FileSystemLoader([str(TEMPLATE_DIR), str(pyvis_templates)]), autoescape=True
    )
    net.path = TEMPLATE_NAME
    net.options = options
    # The dicts are handed over finished instead of through add_node/add_edge: those check every new
    # edge's ends against a list of all nodes, which takes seconds for a map of 1,500 actors.
    net.nodes = nodes
    net.edges = edges
    net.node_ids = [node["id"] for node in nodes]
    return _with_csp(net.generate_html())


def _actor_tooltip(actor: Actor, vocabulary: Vocabulary, language: str, words: Mapping[str, str]) -> str:
    fields = ", ".join(vocabulary.fields.label(f, language) for f in actor.fields) or words["none"]
    lines = [
        actor.name,
        f"{words['kind']}: {vocabulary.kinds.label(actor.kind, language)}",
        f"{words['town']}: {actor.town or words['none']}",
        f"{words['fields']}: {fields}",
        f"{words['provenance']}: {actor.provenance or words['none']}",
    ]
    if actor.provenance == ILLUSTRATIVE:
        lines.append(words["illustrative_actor"])
    return "\n".join(lines)


def _tie_tooltip(
    rel: Relation, names: Mapping[str, str], vocabulary: Vocabulary, language: str, words: Mapping[str, str]
) -> str:
    lines = []
    if rel.provenance == ILLUSTRATIVE:
        lines.append(words["illustrative_tie"])
    lines.append(f"{names[rel.source]} → {names[rel.target]}")
    lines.append(f"{words['type']}: {vocabulary.relation_types.label(rel.type, language)}")
    if rel.fields:
        lines.append(f"{words['fields']}: " + ", ".join(vocabulary.fields.label(f, language) for f in rel.fields))
    if rel.since or rel.until:
        period = " ".join(
            part for part in (
                f"{words['since']} {rel.since}" if rel.since else "",
                f"{words['until']} {rel.until}" if rel.until else "",
            ) if part
        )
        lines.append(period)
    if rel.note:
        lines.append(f"{words['note']}: {rel.note}")
    lines.append(f"{words['provenance']}: {rel.provenance or words['none']}")
    return "\n".join(lines)


def _options(physics: bool, aria_label: str, language: str, node_count: int) -> dict[str, Any]:
    """vis-network options. Only constants and the map's own words go here: the template inserts this
    JSON without escaping (pyvis's ``options|safe``)."""
    return {
        "integranetAriaLabel": aria_label,
        "integranetLanguage": language,
        "autoResize": True,
        "layout": {"randomSeed": 42, "improvedLayout": False},
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "stabilization": {"enabled": True, "iterations": 200},
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "navigationButtons": False,
            "keyboard": {"enabled": True, "bindToWindow": False},
            "hideEdgesOnDrag": node_count > 300,
        },
        "nodes": {
            "font": {"size": 14, "color": "#1a1a1a", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "widthConstraint": {"maximum": 180},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "smooth": False,
            "hoverWidth": 1.5,
            "selectionWidth": 2,
        },
    }


_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def _with_csp(html: str) -> str:
    """Fill in the template's Content-Security-Policy: only the page's own inline scripts may run
    (by hash, so injected inline handlers would not), styles and images only inline, and no fetch of
    any kind."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"
        for body in _SCRIPT.findall(html)
    )
    policy = (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
        "font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'"
    )
    return html.replace("__INTEGRANET_CSP__", policy, 1)
