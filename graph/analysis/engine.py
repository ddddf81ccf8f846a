"""Which implementation computes a network algorithm: networkx, or python-igraph's compiled code.

The one place that decides. networkx is the reference (readable, the pictures and communities planners
know from the small district); python-igraph computes the same measures in C, which a state-sized network
(50,000 actors, 250,000 ties) needs: there pure-Python Louvain takes minutes and betweenness from 200
sources half a minute. A graph with more actors than ``compiled_above`` (``Settings.compiled_above``,
default :data:`graph.settings.COMPILED_ABOVE`) goes to igraph.

igraph draws random numbers from one process-wide generator. :func:`seeded_igraph_random` is the one
lock around it, so that two dashboard sessions computing a layout and communities at the same time do not
draw from each other's seeded generator.

>>> choose(10, 250), choose(251, 250)
('networkx', 'igraph')
"""

from __future__ import annotations

import random
import threading
from collections.abc import Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from graph.analysis.projection import simple_projection
from graph.errors import ConfigurationError
from graph.settings import COMPILED_ABOVE

if TYPE_CHECKING:
    import igraph as ig
    import networkx as nx

__all__ = [
    "ENGINES", "CompiledGraph", "Engine", "choose", "compile_graph", "igraph_of", "prepare", "seeded_igraph_random",
]

Engine = Literal["networkx", "igraph"]
#: The engines, the reference first.
ENGINES: tuple[Engine, ...] = ("networkx", "igraph")

_IGRAPH_RANDOM = threading.Lock()


def choose(node_count: int, compiled_above: int = COMPILED_ABOVE) -> Engine:
    """``"igraph"`` for more than ``compiled_above`` nodes, else ``"networkx"``."""
    return "igraph" if node_count > compiled_above else "networkx"


@contextmanager
def seeded_igraph_random(seed: int) -> Iterator[None]:
    """Hold the process's one igraph lock and give igraph a generator seeded with ``seed`` until the block ends.

    Every use of igraph that draws random numbers (Leiden, Fruchterman–Reingold) runs inside this block:
    the same seed gives the same result in every thread and process.
    """
    import igraph as ig

    with _IGRAPH_RANDOM:
        ig.set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            ig.set_random_number_generator(random)


def igraph_of(nodes: Sequence[Hashable], edges: Iterable[tuple[Hashable, Hashable]]) -> ig.Graph:
    """An undirected igraph graph whose vertex ``i`` is ``nodes[i]``, with one edge per pair in ``edges``.

    Raises :class:`~graph.errors.ConfigurationError` when python-igraph is not installed.
    """
    try:
        import igraph as ig
    except ImportError as exc:  # a damaged installation: igraph is a dependency of the package
        raise ConfigurationError(
            f"Working with {len(nodes)} actors needs the Python package python-igraph, which is not installed. "
            "Narrow the view with the filters, or ask whoever set up IntegraNet to install it (pip install igraph)."
        ) from exc
    index = {node: i for i, node in enumerate(nodes)}
    return ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in edges])


@dataclass(frozen=True)
class CompiledGraph:
    """The undirected simple projection as an igraph graph: vertex ``i`` is actor ``nodes[i]``.

    Edge attribute ``weight``: the number of ties between the pair. ``nodes`` is in the projection's
    (sorted) order, which keeps every seeded result reproducible.
    """

    graph: ig.Graph
    nodes: tuple[Hashable, ...]

    def __len__(self) -> int:
        return len(self.nodes)


def compile_graph(graph: nx.Graph | CompiledGraph) -> CompiledGraph:
    """The projection of ``graph`` (:func:`~graph.analysis.projection.simple_projection`) as a
    :class:`CompiledGraph`; a compiled graph is returned as it is.

    >>> import networkx as nx
    >>> compile_graph(nx.Graph([("b", "a"), ("b", "c")])).nodes
    ('a', 'b', 'c')
    """
    if isinstance(graph, CompiledGraph):
        return graph
    g = simple_projection(graph)
    nodes = tuple(g)
    edges = list(g.edges(data="weight"))
    compiled = igraph_of(nodes, ((u, v) for u, v, _ in edges))
    compiled.es["weight"] = [w for _, _, w in edges]
    return CompiledGraph(compiled, nodes)


def prepare(graph: nx.Graph | CompiledGraph, engine: Engine | None = None,
            compiled_above: int = COMPILED_ABOVE) -> nx.Graph | CompiledGraph:
    """``graph`` ready for the engine that will measure it: the simple projection for networkx, a
    :class:`CompiledGraph` for igraph.

    ``engine`` None means :func:`choose` by the number of actors; a :class:`CompiledGraph` stays compiled.
    A caller running several measures prepares once and passes the result to each of them.
    """
    if isinstance(graph, CompiledGraph):
        return graph
    g = simple_projection(graph)
    if (engine or choose(g.number_of_nodes(), compiled_above)) == "igraph":
        return compile_graph(g)
    return g
