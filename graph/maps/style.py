"""How an actor looks on the map: colour and shape by kind, by field of action or by community; size by
degree or betweenness; and the legend that goes with exactly that choice.

Colour is never the only carrier: whatever the colour stands for, the shape stands for it too (each
category gets its own (colour, shape) pair), and the legend shows both. Legend entries carry a language-
neutral ``key`` (``kind:<id>``, ``field:<id>``, ``field:*several*``, ``community:<n>``, …) that the
caller turns into words; kinds and fields also come with their vocabulary label.

The measures are those of :mod:`graph.analysis.centrality` and :mod:`graph.analysis.structure`, taken on the
ties shown (so a filtered map sizes actors by their role in what is shown); larger views are measured by
python-igraph, as :mod:`graph.analysis.engine` decides.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from graph.maps.palette import PALETTE, SHAPES, NodeLook, kind_style
from graph.model.domain import Subgraph
from graph.model.vocabulary import Vocabulary

__all__ = [
    "COLOUR_KEYS", "SIZE_MEASURES", "Encoding", "LegendItem", "encode", "measure",
]

#: What the node size can stand for: nothing, the number of partners, the broker role.
SIZE_MEASURES = ("uniform", "degree", "betweenness")
#: What colour and shape can stand for.
COLOUR_KEYS = ("kind", "field", "community")

#: Node sizes in vis-network units: the default, and the range a measure is mapped onto.
DEFAULT_SIZE = 14.0
_MIN_SIZE, _MAX_SIZE = 9.0, 40.0
#: Communities after the first this many share one grey "smaller communities" entry.
_NAMED_COMMUNITIES = 8

_SEVERAL = ("#000000", "hexagon")
_NONE = ("#999999", "dot")




@dataclass(frozen=True)
class LegendItem:
    """One line of the legend: ``key`` says what it stands for, ``label`` is the vocabulary label of a
    kind or field in the requested language (empty for other keys), ``count`` the actors it applies to."""

    key: str
    label: str
    colour: str
    shape: str
    count: int


@dataclass(frozen=True)
class Encoding:
    """The looks of every actor of a view and the legend that matches them.

    ``values`` holds the size measure per actor (empty for ``uniform``), ``communities`` the community
    number (1 = largest) per actor when colouring by community (else empty).
    """

    looks: Mapping[str, NodeLook]
    legend: tuple[LegendItem, ...]
    values: Mapping[str, float]
    communities: Mapping[str, int]


def measure(subgraph: Subgraph, size_by: str) -> dict[str, float]:
    """``degree`` (number of distinct partners) or normalised ``betweenness`` of every actor of
    ``subgraph`` on its ties, by actor id; empty for ``uniform``. Raises ValueError for anything else."""
    if size_by == "uniform":
        return {}
    if size_by not in SIZE_MEASURES:
        raise ValueError(f"size_by must be one of {', '.join(SIZE_MEASURES)}, not {size_by!r}.")
    from graph.analysis.centrality import betweenness, degree
    from graph.analysis.network import to_networkx
    from graph.analysis.projection import simple_projection

    graph = simple_projection(to_networkx(_structure(subgraph)))
    if size_by == "degree":
        return {str(k): float(v) for k, v in degree(graph).items()}
    # Exact whatever the size: the map's views are small enough, and sampled sizes would jitter between views.
    exact = graph.number_of_nodes()
    return {str(k): float(v) for k, v in betweenness(graph, exact_limit=exact).values.items()}


def encode(
    subgraph: Subgraph, vocabulary: Vocabulary, language: str, *, size_by: str = "uniform", colour_by: str = "kind"
) -> Encoding:
    """Colour, shape and size for every actor of ``subgraph`` and the legend for them, for one choice of
    ``size_by`` (:data:`SIZE_MEASURES`) and ``colour_by`` (:data:`COLOUR_KEYS`).

    - ``kind``: the kind styles of :func:`graph.maps.html.kind_style`;
    - ``field``: one pair per field of action (in vocabulary order) for actors working on exactly one
      field; ``field:*several*`` (black hexagon) for more than one, ``field:*none*`` (grey dot) for none;
    - ``community``: Louvain communities of the ties shown (:func:`graph.analysis.measures.communities`, fixed
      seed), the largest eight with a pair each (``community:1`` …), the rest ``community:*other*``.

    Legend items come in that order and only for categories present. Deterministic; the input is not
    changed. Raises ValueError for an unknown choice.
    """
    if colour_by not in COLOUR_KEYS:
        raise ValueError(f"colour_by must be one of {', '.join(COLOUR_KEYS)}, not {colour_by!r}.")
    values = measure(subgraph, size_by)
    sizes = _sizes(values, [a.id for a in subgraph.actors])
    communities: dict[str, int] = {}
    if colour_by == "kind":
        category = {a.id: f"kind:{a.kind}" for a in subgraph.actors}
        order = [f"kind:{k}" for k in vocabulary.kinds.ids()]
        pairs = {key: kind_style(key[5:], vocabulary) for key in set(category.values())}
    elif colour_by == "field":
        category = {
            a.id: f"field:{a.fields[0]}" if len(a.fields) == 1 else ("field:*several*" if a.fields else "field:*none*")
            for a in subgraph.actors
        }
        fields = list(vocabulary.fields.ids())
        fields += sorted({key[6:] for key in category.values()} - set(fields) - {"*several*", "*none*"})
        order = [f"field:{f}" for f in fields] + ["field:*several*", "field:*none*"]
        pairs = {f"field:{f}": _pair(i) for i, f in enumerate(fields)}
        pairs.update({"field:*several*": _SEVERAL, "field:*none*": _NONE})
    else:
        from graph.analysis.network import to_networkx
        from graph.analysis.structure import communities as find_communities

        groups = find_communities(to_networkx(_structure(subgraph)))
        communities = {str(actor): number for number, group in enumerate(groups, 1) for actor in group}
        category = {
            a.id: f"community:{communities[a.id]}" if communities[a.id] <= _NAMED_COMMUNITIES else "community:*other*"
            for a in subgraph.actors
        }
        order = [f"community:{n}" for n in range(1, _NAMED_COMMUNITIES + 1)] + ["community:*other*"]
        # Community pairs skip grey, which stands for "the rest".
        pairs = {f"community:{n}": _pair(n - 1) for n in range(1, _NAMED_COMMUNITIES + 1)}
        pairs["community:*other*"] = _NONE
    counts = Counter(category.values())
    order += sorted(set(counts) - set(order))
    looks = {
        a.id: NodeLook(*pairs.get(category[a.id], _NONE), size=sizes.get(a.id, DEFAULT_SIZE))
        for a in subgraph.actors
    }
    legend = tuple(
        LegendItem(key, _label(key, vocabulary, language), *pairs.get(key, _NONE), count=counts[key])
        for key in order if counts[key]
    )
    return Encoding(looks, legend, values, communities)


def _pair(index: int) -> tuple[str, str]:
    """The ``index``-th (colour, shape) pair: colour and shape both step, so neighbours differ in both;
    grey (the palette's last colour) is left for "none" and "the rest"."""
    colours = PALETTE[:-1]
    return colours[index % len(colours)], SHAPES[index % len(SHAPES)]


def _label(key: str, vocabulary: Vocabulary, language: str) -> str:
    what, _, value = key.partition(":")
    if what == "kind":
        return vocabulary.kinds.label(value, language)
    if what == "field" and not value.startswith("*"):
        return vocabulary.fields.label(value, language)
    return ""


def _sizes(values: Mapping[str, float], ids: list[str]) -> dict[str, float]:
    """Sizes from ``values`` by square root (area grows with the value), between 9 and 40."""
    if not values:
        return {}
    top = max(values.values())
    return {
        node: round(_MIN_SIZE + (_MAX_SIZE - _MIN_SIZE) * math.sqrt(max(values.get(node, 0.0), 0.0) / top), 1)
        if top > 0 else _MIN_SIZE
        for node in ids
    }


def _structure(subgraph: Subgraph) -> Subgraph:
    """Only what the measures need: ids and ties, none of the properties."""
    from graph.model.domain import Actor, Relation

    return Subgraph(
        tuple(Actor(a.id, a.id, a.kind) for a in subgraph.actors),
        tuple(Relation(r.source, r.type, r.target) for r in subgraph.relations),
    )

