"""What the network map shows for one choice of filters, focus or path: the view model behind the map page.

A :class:`MapQuery` is what the user chose; :func:`map_view` reads what it needs from the store and gives
a :class:`MapView`: the actors and ties to draw, how many of how many that is, and — when more actors are
selected than a map can show readably — the groups to draw instead (see :mod:`graph.maps.aggregation`).

Three modes:

- ``selection``: actors by field of action, municipality, kind (read through the store's filter, so a
  Neo4j store filters on the server), then by a free-text search on name and town; ties by relation type
  and provenance. Choosing relation types keeps only actors with at least one tie of those types.
- ``focus``: one actor and every actor up to ``depth`` ties away (1–3), over the ties the tie filters
  keep; the actor filters do not apply, since a neighbourhood crosses towns and fields by nature.
- ``path``: a shortest chain of ties between two actors, over the ties the tie filters keep.

The selection and the path read through ``read`` (default: the store's ``subgraph``), so that a caller
may cache that read — by far the most expensive step on a large store — and share it between views that
differ only in tie filters, search, grouping or the group opened.

Above ``node_limit`` actors the view is aggregated by ``group_by`` ("municipality" or "kind"); the user
can open one group (``open_groups``), and if that still holds too many, one group of the other key
inside it. Should even that be too many, the best-connected actors up to the limit are drawn.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

from graph.analysis.paths import adjacency, shortest_path, within_steps
from graph.layout.force import force_layout, grouped_layout
from graph.layout.geographic import geographic_layout, project
from graph.maps.aggregation import GROUP_KEYS, Aggregate, Group, aggregate, group_members
from graph.model.domain import ActorFilter, Relation, Subgraph
from graph.model.vocabulary import MUNICIPALITY_KIND
from graph.store.base import GraphStore

__all__ = ["DEFAULT_NODE_LIMIT", "LAYOUTS", "MODES", "MapQuery", "MapView", "map_view", "view_positions"]

#: The most actors a map draws one by one; above it the view is aggregated.
DEFAULT_NODE_LIMIT = 1500
#: What the map can show.
MODES = ("selection", "focus", "path")
#: The deepest neighbourhood the map offers.
MAX_FOCUS_DEPTH = 3
#: How the map can arrange actors: by their ties, on a map of the district, or grouped by kind.
LAYOUTS = ("force", "geographic", "grouped")


@dataclass(frozen=True)
class MapQuery:
    """One choice on the map page. Use :meth:`normalised` before comparing or caching: it sorts the
    lists, trims the search and resets every choice that does not apply to ``mode``."""

    mode: str = "selection"
    kinds: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    municipalities: tuple[str, ...] = ()
    include_district_wide: bool = True
    relation_types: tuple[str, ...] = ()
    hide_illustrative: bool = False
    search: str = ""
    focus: str | None = None
    depth: int = 1
    path_from: str | None = None
    path_to: str | None = None
    group_by: str = "municipality"
    open_groups: tuple[str, ...] = ()

    def normalised(self) -> MapQuery:
        """The same view in canonical form; raises ValueError for an unknown mode or grouping key."""
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {self.mode!r}.")
        if self.group_by not in GROUP_KEYS:
            raise ValueError(f"group_by must be one of {', '.join(GROUP_KEYS)}, not {self.group_by!r}.")
        query = replace(
            self,
            kinds=tuple(sorted(set(self.kinds))),
            fields=tuple(sorted(set(self.fields))),
            municipalities=tuple(sorted(set(self.municipalities))),
            relation_types=tuple(sorted(set(self.relation_types))),
            search=" ".join(self.search.split()),
            depth=min(max(int(self.depth), 1), MAX_FOCUS_DEPTH),
            include_district_wide=bool(self.include_district_wide) and bool(self.municipalities),
        )
        if query.mode != "selection":
            query = replace(query, kinds=(), fields=(), municipalities=(), include_district_wide=False, search="")
        if query.mode != "focus":
            query = replace(query, focus=None, depth=1)
        if query.mode != "path":
            query = replace(query, path_from=None, path_to=None)
        return query

    def key(self) -> tuple[Any, ...]:
        """The normalised query as a tuple of primitives (a cache key); :meth:`from_key` reverses it."""
        query = self.normalised()
        return tuple(getattr(query, f.name) for f in fields(query))

    @classmethod
    def from_key(cls, key: tuple[Any, ...]) -> MapQuery:
        return cls(*key)


@dataclass(frozen=True)
class MapView:
    """What the map shows for a query.

    ``subgraph`` is drawn actor by actor (empty while ``aggregate`` is set: then the groups are drawn).
    ``selected_actors`` / ``selected_ties`` count what the query selects, ``total_*`` the store.
    ``levels`` are the aggregations met on the way (``levels[i]`` is grouped by the i-th key), ``opened``
    the groups opened from them. ``hops`` gives each actor's steps from the focus; ``path`` the actors
    along the path found (empty when none, ``path_found`` says whether one was). ``truncated`` is True
    when only the best-connected ``node_limit`` actors are drawn. ``missing`` lists chosen actor ids that
    the store does not hold.
    """

    query: MapQuery
    subgraph: Subgraph
    selected_actors: int
    selected_ties: int
    total_actors: int
    total_ties: int
    levels: tuple[Aggregate, ...] = ()
    opened: tuple[Group, ...] = ()
    hops: dict[str, int] = field(default_factory=dict)
    path: tuple[str, ...] = ()
    path_found: bool | None = None
    truncated: bool = False
    missing: tuple[str, ...] = ()

    @property
    def aggregate(self) -> Aggregate | None:
        """The groups drawn instead of actors, or None when actors are drawn."""
        return self.levels[-1] if len(self.levels) > len(self.opened) else None

    @property
    def shown_actors(self) -> int:
        """Actors on the map (inside the groups, when aggregated)."""
        found = self.aggregate
        return found.actors if found is not None else len(self.subgraph.actors)

    @property
    def shown_ties(self) -> int:
        found = self.aggregate
        return found.total_ties if found is not None else len(self.subgraph.relations)

    @property
    def illustrative_ties(self) -> int:
        """Demonstration ties in view (inside or between groups, when aggregated)."""
        found = self.aggregate
        if found is not None:
            return found.illustrative_ties
        return sum(1 for rel in self.subgraph.relations if rel.is_illustrative)


#: Reads the actors matching a filter and the ties among them (``GraphStore.subgraph`` or a cached stand-in).
Reader = Callable[[ActorFilter], Subgraph]


def map_view(
    store: GraphStore, query: MapQuery, *, node_limit: int = DEFAULT_NODE_LIMIT, read: Reader | None = None
) -> MapView:
    """Read and select what ``query`` asks for; aggregate above ``node_limit`` actors.

    Selections and paths are read through ``read`` (default ``store.subgraph``; a path reads the whole
    graph once), a focus through ``store.neighbourhood``. Deterministic for the same store content and
    query. Store errors propagate.
    """
    query = query.normalised()
    read = read or store.subgraph
    stats = store.stats()
    hops: dict[str, int] = {}
    path: tuple[str, ...] = ()
    path_found: bool | None = None
    missing: list[str] = []
    if query.mode == "focus" and query.focus:
        selected, hops = _neighbourhood(store, query)
        if not selected.actors:
            missing.append(query.focus)
    elif query.mode == "path" and query.path_from and query.path_to:
        selected, path, missing = _path(read(ActorFilter()), query)
        path_found = bool(path) if not missing else None
    elif query.mode == "selection":
        selected = _selection(read, query)
    else:
        selected = Subgraph((), ())
    drawn, levels, opened, truncated = _within_limit(store, selected, query, node_limit)
    return MapView(
        query=query, subgraph=drawn, selected_actors=len(selected.actors), selected_ties=len(selected.relations),
        total_actors=stats.actors, total_ties=stats.relations, levels=levels, opened=opened, hops=hops,
        path=path, path_found=path_found, truncated=truncated, missing=tuple(missing),
    )


def _keeps(query: MapQuery, rel: Relation) -> bool:
    """Whether the tie filters keep ``rel``."""
    if query.relation_types and rel.type not in query.relation_types:
        return False
    return not (query.hide_illustrative and rel.is_illustrative)


def _selection(read: Reader, query: MapQuery) -> Subgraph:
    base = read(ActorFilter(kinds=query.kinds, fields=query.fields, municipalities=query.municipalities,
                            include_district_wide=query.include_district_wide))
    actors = base.actors
    ties = [rel for rel in base.relations if _keeps(query, rel)]
    if query.relation_types:
        tied = {end for rel in ties for end in (rel.source, rel.target)}
        actors = tuple(a for a in actors if a.id in tied)
    if query.search:
        needle = query.search.casefold()
        actors = tuple(a for a in actors if needle in a.name.casefold() or needle in a.town.casefold())
    ids = {a.id for a in actors}
    return Subgraph(tuple(actors), tuple(r for r in ties if r.source in ids and r.target in ids))


def _neighbourhood(store: GraphStore, query: MapQuery) -> tuple[Subgraph, dict[str, int]]:
    assert query.focus is not None
    # The store's neighbourhood follows every tie, so it holds the filtered one; walk that again.
    around = store.neighbourhood(query.focus, query.depth)
    if not around.actors:
        return Subgraph((), ()), {}
    ties = [rel for rel in around.relations if _keeps(query, rel)]
    hops = within_steps(adjacency((r.source, r.target) for r in ties), query.focus, query.depth)
    actors = tuple(a for a in around.actors if a.id in hops)
    return Subgraph(actors, tuple(r for r in ties if r.source in hops and r.target in hops)), hops


def _path(whole: Subgraph, query: MapQuery) -> tuple[Subgraph, tuple[str, ...], list[str]]:
    assert query.path_from is not None and query.path_to is not None
    by_id = {a.id: a for a in whole.actors}
    ends = (query.path_from, query.path_to)
    missing = [actor_id for actor_id in ends if actor_id not in by_id]
    present = tuple(dict.fromkeys(by_id[a] for a in ends if a in by_id))
    if missing:
        return Subgraph(present, ()), (), missing
    ties = [rel for rel in whole.relations if _keeps(query, rel)]
    found = shortest_path(adjacency((r.source, r.target) for r in ties), query.path_from, query.path_to)
    if not found:
        return Subgraph(present, ()), (), []
    on_path = set(found)
    return (
        Subgraph(tuple(by_id[a] for a in found), tuple(r for r in ties if r.source in on_path and r.target in on_path)),
        found,
        [],
    )


def _within_limit(
    store: GraphStore, selected: Subgraph, query: MapQuery, node_limit: int
) -> tuple[Subgraph, tuple[Aggregate, ...], tuple[Group, ...], bool]:
    """What to draw: ``selected`` if small enough, else the aggregation levels and opened groups."""
    order = (query.group_by, *(key for key in GROUP_KEYS if key != query.group_by))
    levels: list[Aggregate] = []
    opened: list[Group] = []
    current = selected
    names: dict[str, str] | None = None
    for depth, key in enumerate(order):
        if len(current.actors) <= node_limit:
            return current, tuple(levels), tuple(opened), False
        if names is None:
            # Groups are named after their municipality even when it is not among the actors selected.
            names = {a.id: a.name for a in store.actors(ActorFilter(kinds=(MUNICIPALITY_KIND,)))}
        level = aggregate(current, key, names)
        levels.append(level)
        chosen = query.open_groups[depth] if depth < len(query.open_groups) else None
        group = next((g for g in level.groups if g.id == chosen), None)
        if group is None:
            return Subgraph((), ()), tuple(levels), tuple(opened), False
        opened.append(group)
        current = group_members(current, group.id)
    if len(current.actors) <= node_limit:
        return current, tuple(levels), tuple(opened), False
    return _best_connected(current, node_limit), tuple(levels), tuple(opened), True


def _best_connected(subgraph: Subgraph, limit: int) -> Subgraph:
    """The ``limit`` actors with the most ties (then by id) and the ties among them."""
    degree: Counter[str] = Counter()
    for rel in subgraph.relations:
        degree[rel.source] += 1
        degree[rel.target] += 1
    keep = sorted(subgraph.actors, key=lambda a: (-degree[a.id], a.id))[:limit]
    ids = {a.id for a in keep}
    actors = tuple(a for a in subgraph.actors if a.id in ids)
    return Subgraph(actors, tuple(r for r in subgraph.relations if r.source in ids and r.target in ids))


def view_positions(
    view: MapView,
    layout: str,
    coordinates: Mapping[str, tuple[float, float]],
    kind_order: Sequence[str] = (),
) -> dict[str, tuple[float, float]]:
    """Positions for what ``view`` draws (actor ids, or group ids when aggregated), by ``layout``:

    - ``force``: :func:`graph.layout.force.force_layout` (fixed seed, the same picture in every session);
    - ``geographic``: :func:`graph.layout.geographic.geographic_layout` with ``coordinates`` (lat, lon of every
      municipality); municipality groups sit at their town, the group without a seat below the district;
    - ``grouped``: :func:`graph.layout.force.grouped_layout`, kinds in ``kind_order``.

    Groups of kinds, and groups in the grouped layout, are placed by the force layout of the group graph.
    Raises ValueError for an unknown layout.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}, not {layout!r}.")
    groups = view.aggregate
    if groups is None:
        if layout == "geographic":
            return geographic_layout(view.subgraph, coordinates, kind_order)
        if layout == "grouped":
            return grouped_layout(view.subgraph, kind_order)
        return force_layout(view.subgraph)
    if layout == "geographic" and groups.by == "municipality":
        towns = project(coordinates)
        placed = {g.id: towns[g.value] for g in groups.groups if g.value in towns}
        bottom = max((y for _, y in towns.values()), default=0.0)
        homeless = sorted(g.id for g in groups.groups if g.id not in placed)
        for i, gid in enumerate(homeless):
            placed[gid] = (float(i * 200 - (len(homeless) - 1) * 100), bottom + 200.0)
        return placed
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(g.id for g in groups.groups)
    graph.add_edges_from((t.source, t.target) for t in groups.ties)
    return force_layout(graph)
