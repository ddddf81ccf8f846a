"""Actors on a map of the district, drawn offline: municipalities at their coordinates, others around their seat.

The projection is equirectangular with the east–west distances shrunk by the cosine of the district's
middle latitude, north up and east right (vis-network's y axis points down, so north is negative y).
For a district some 50 km across that is as true to shape as any map projection: the towns sit where a
reader of a paper map expects them. No map tiles and nothing fetched: the picture is the towns themselves.

Every actor seated in a municipality with coordinates is placed on arcs above it (the municipality at
their centre, its name below), sorted by kind and name; actors without such a seat (e.g. a ministry in Stuttgart
or a federal agency) line up in rows below the district.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

from graph.model.domain import Actor, Subgraph
from graph.model.place import actor_coordinates
from graph.model.vocabulary import MUNICIPALITY_KIND

__all__ = ["geographic_layout", "municipality_coordinates", "project"]

Point = tuple[float, float]

#: Half the width (or height, whichever is larger) of the district in canvas units.
HALF_EXTENT = 1500.0
#: Distance between the arcs of actors around a seat, and between the places on an arc.
ARC_STEP = 42.0
_ROW_STEP = 130.0
#: The arcs of actors around a town span this many degrees above it; below it goes the town's name.
_FAN_DEGREES = 200.0


def municipality_coordinates(actors: Iterable[Actor]) -> dict[str, tuple[float, float]]:
    """``{municipality id: (lat, lon)}`` from the ``lat`` and ``lon`` properties of the municipality actors;
    municipalities without both (or with values that are not numbers) are left out."""
    found = {}
    for actor in actors:
        if actor.kind != MUNICIPALITY_KIND:
            continue
        place = actor_coordinates(actor)
        if place is not None:
            found[actor.id] = place
    return dict(sorted(found.items()))


def project(coordinates: Mapping[str, tuple[float, float]], *, half_extent: float = HALF_EXTENT) -> dict[str, Point]:
    """Canvas positions of ``coordinates`` (``{id: (lat, lon)}``): north up, east right, the middle of the
    area at (0, 0), and the larger half-extent of the area ``half_extent`` units.

    >>> pos = project({"north": (49.0, 9.2), "south": (48.8, 9.2), "east": (48.9, 9.4)})
    >>> pos["north"][1] < pos["south"][1], pos["east"][0] > pos["north"][0]
    (True, True)
    """
    if not coordinates:
        return {}
    lats = [lat for lat, _ in coordinates.values()]
    lons = [lon for _, lon in coordinates.values()]
    lat0, lon0 = (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2
    shrink = math.cos(math.radians(lat0))
    raw = {key: ((lon - lon0) * shrink, -(lat - lat0)) for key, (lat, lon) in coordinates.items()}
    extent = max(max(abs(x) for x, _ in raw.values()), max(abs(y) for _, y in raw.values()))
    factor = half_extent / extent if extent else 0.0
    return {key: (round(x * factor, 1) + 0.0, round(y * factor, 1) + 0.0) for key, (x, y) in raw.items()}


def geographic_layout(
    subgraph: Subgraph,
    coordinates: Mapping[str, tuple[float, float]],
    kind_order: Sequence[str] = (),
    *,
    half_extent: float = HALF_EXTENT,
    arc_step: float = ARC_STEP,
) -> dict[str, Point]:
    """Positions for every actor of ``subgraph``, rounded to 0.1.

    ``coordinates`` should hold every municipality of the district (not just those shown), so that a
    town is always drawn at the same place whatever the filters: a municipality sits at its projected
    coordinates (:func:`project`); an actor seated in one lies on arcs ``arc_step`` apart above it (each
    spanning 200°, places ``arc_step`` apart), in ``kind_order`` and then by name and id; every other
    actor lies in rows below the district. Ties do not move anyone. The input is not changed.
    """
    anchors = project(coordinates, half_extent=half_extent)
    rank = {kind: i for i, kind in enumerate(kind_order)}

    def order(actor: Actor) -> tuple[int, str, str, str]:
        return (rank.get(actor.kind, len(rank)), actor.kind, actor.name.casefold(), actor.id)

    around: dict[str, list[Actor]] = {}
    homeless: list[Actor] = []
    placed: dict[str, Point] = {}
    for actor in subgraph.actors:
        if actor.kind == MUNICIPALITY_KIND and actor.id in anchors:
            placed[actor.id] = anchors[actor.id]
        elif actor.kind != MUNICIPALITY_KIND and actor.municipality in anchors:
            around.setdefault(actor.municipality, []).append(actor)
        else:
            homeless.append(actor)
    for seat, actors in around.items():
        cx, cy = anchors[seat]
        for i, actor in enumerate(sorted(actors, key=order)):
            placed[actor.id] = _fan_point(i, cx, cy, arc_step)
    bottom = max((y for _, y in anchors.values()), default=0.0)
    bottom = max([bottom, *(y for _, y in placed.values())])
    per_row = max(1, int(2 * half_extent // _ROW_STEP))
    for i, actor in enumerate(sorted(homeless, key=order)):
        row, column = divmod(i, per_row)
        in_row = min(per_row, len(homeless) - row * per_row)
        x = (column - (in_row - 1) / 2) * _ROW_STEP
        placed[actor.id] = (x, bottom + 4 * arc_step + row * arc_step * 2)
    return {key: (round(x, 1) + 0.0, round(y, 1) + 0.0) for key, (x, y) in sorted(placed.items())}


def _fan_point(index: int, cx: float, cy: float, step: float) -> Point:
    """The ``index``-th place on arcs around (cx, cy), ``step`` apart: each arc spans the 200° above the
    centre, so the town's name below it stays free, with places about ``step`` apart along it."""
    arc, start = 1, 0
    while index >= start + _places(arc):
        start += _places(arc)
        arc += 1
    places = _places(arc)
    half = math.radians(_FAN_DEGREES / 2)
    # Places spread evenly from one end of the arc to the other, centred on north (angle -90° with y down).
    share = (index - start + 0.5) / places
    angle = -math.pi / 2 - half + 2 * half * share
    return (cx + arc * step * math.cos(angle), cy + arc * step * math.sin(angle))


def _places(arc: int) -> int:
    """How many places the ``arc``-th arc holds: as many as fit ``step`` apart along it."""
    return max(1, int(math.radians(_FAN_DEGREES) * arc))
