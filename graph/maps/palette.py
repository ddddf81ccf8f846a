"""The map's colours and shapes: the colour-blind-safe palette, the shapes, each actor kind's pair, the legend's
entries, and a node's look.

Shared by the live map, the HTML export, the print figure and the GEXF export, so every picture of the
network uses the same symbol for the same kind.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from graph.model.vocabulary import Vocabulary

__all__ = ["KIND_STYLES", "PALETTE", "SHAPES", "NodeLook", "kind_style", "kind_styles", "legend_entries"]

#: Okabe–Ito, the colour-blind-safe palette (Okabe & Ito 2008), plus a neutral grey.
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#CC79A7",  # reddish purple
    "#F0E442",  # yellow
    "#000000",  # black
    "#999999",  # grey
)
#: vis-network shapes that draw the label below the node, so every shape can carry any name.
SHAPES: tuple[str, ...] = ("dot", "square", "diamond", "triangle", "triangleDown", "star", "hexagon")

#: Colour and shape of the default vocabulary's kinds. No two kinds share both; kinds that belong together
#: (public bodies, education, civil society) share a colour and differ in shape.
KIND_STYLES: Mapping[str, tuple[str, str]] = {
    "municipality": ("#0072B2", "square"),
    "district_office": ("#D55E00", "star"),
    "state_ministry": ("#CC79A7", "star"),
    "state_agency": ("#CC79A7", "triangle"),
    "federal_agency": ("#000000", "star"),
    "employment_agency": ("#E69F00", "diamond"),
    "course_provider": ("#009E73", "dot"),
    "education": ("#009E73", "square"),
    "welfare_organisation": ("#56B4E9", "dot"),
    "counselling_service": ("#56B4E9", "diamond"),
    "volunteer_group": ("#F0E442", "dot"),
    "migrant_organisation": ("#E69F00", "dot"),
    "religious_community": ("#F0E442", "hexagon"),
    "chamber_business": ("#D55E00", "square"),
    "network": ("#000000", "hexagon"),
    "health": ("#0072B2", "triangleDown"),
    "other": ("#999999", "dot"),
}


@dataclass(frozen=True)
class NodeLook:
    """Colour (CSS hex), vis-network shape and size of one node."""

    colour: str
    shape: str
    size: float


def kind_style(kind: str, vocabulary: Vocabulary) -> tuple[str, str]:
    """The (colour, shape) of an actor kind.

    The kinds of the default vocabulary have fixed styles (:data:`KIND_STYLES`); any other kind gets the
    first (colour, shape) pair no listed kind uses, in vocabulary order, so a district's own kinds are
    distinct from each other and from the default ones. A kind outside the vocabulary is grey.

    >>> from graph.settings import DATA_DIR
    >>> kind_style("municipality", Vocabulary.load(DATA_DIR / "vocabularies"))
    ('#0072B2', 'square')
    """
    return kind_styles(vocabulary).get(kind, ("#999999", "dot"))


def kind_styles(vocabulary: Vocabulary) -> dict[str, tuple[str, str]]:
    """The (colour, shape) of every kind of the vocabulary (see :func:`kind_style`)."""
    styles = {kind: KIND_STYLES[kind] for kind in vocabulary.kinds.ids() if kind in KIND_STYLES}
    used = set(styles.values())
    # Stepping colour and shape together (9 and 7 are coprime, so this visits all 63 pairs) gives
    # successive extra kinds a different colour *and* a different shape.
    pairs = [(PALETTE[i % len(PALETTE)], SHAPES[i % len(SHAPES)]) for i in range(len(PALETTE) * len(SHAPES))]
    free = [pair for pair in pairs if pair not in used]
    for kind in vocabulary.kinds.ids():
        if kind not in styles:
            styles[kind] = free.pop(0) if free else ("#999999", "dot")
    return styles


def legend_entries(
    vocabulary: Vocabulary, kinds_present: Collection[str], language: str
) -> list[tuple[str, str, str, str]]:
    """``(kind id, label, colour, shape)`` for each kind in ``kinds_present``, in vocabulary order.

    It uses the same styles as :func:`network_map_html`, so a legend built from it matches the map.
    Kinds not in the vocabulary come last, labelled with their id.
    """
    styles = kind_styles(vocabulary)
    present = set(kinds_present)
    ordered = [k for k in vocabulary.kinds.ids() if k in present]
    ordered += sorted(present - set(ordered))
    return [
        (kind, vocabulary.kinds.label(kind, language), *styles.get(kind, ("#999999", "dot")))
        for kind in ordered
    ]
