"""The whole knowledge graph of a snapshot as one networkx graph, for the JSON and GraphML exports.

Actors and their ties come from :func:`graph.analysis.network.to_networkx`; every node of another type is a
node too, with its name, provenance, date of confirmation, import time and properties, and every link an edge
keyed and typed by its link type, with the types of both ends. A field of action is a node when a link ends at
it. Each node carries its type under one attribute (``label`` in the JSON export, ``type`` in GraphML): ``Actor``,
``FieldOfAction`` or the node's type.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from graph.analysis.network import to_networkx
from graph.model.domain import FieldOfAction, Subgraph
from graph.model.knowledge import Link, Node
from graph.model.schema import ACTOR_TYPE, FIELD_TYPE

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["knowledge_networkx"]


def knowledge_networkx(subgraph: Subgraph, nodes: Iterable[Node] = (), links: Iterable[Link] = (),
                       fields: Iterable[FieldOfAction] = (), *, type_key: str = "type",
                       language: str = "de") -> nx.MultiDiGraph:
    """A ``MultiDiGraph`` of actors, ties, nodes and links (see the module); ``type_key`` names the attribute
    that holds each node's type. A field of action's ``name`` is its label in ``language``. A link whose end is
    not among the nodes is left out (a snapshot keeps no such link; the check keeps a hand-made one from adding
    a bare node)."""
    graph = to_networkx(subgraph)
    for actor_attrs in graph.nodes.values():
        actor_attrs[type_key] = ACTOR_TYPE
    links = list(links)
    linked_fields = {lk.target for lk in links if lk.target_type == FIELD_TYPE}
    linked_fields |= {lk.source for lk in links if lk.source_type == FIELD_TYPE}
    ends = {(ACTOR_TYPE, a.id) for a in subgraph.actors}
    for item in fields:
        if item.id in linked_fields and item.id not in graph:
            graph.add_node(item.id, **{"name": item.label(language), "label_en": item.label_en,
                                       "label_de": item.label_de, "provenance": item.provenance, type_key: FIELD_TYPE})
            ends.add((FIELD_TYPE, item.id))
    for node in nodes:
        if node.id in graph:
            continue  # ids are one namespace; a store never hands out a node with an actor's id
        attrs: dict[str, object] = dict(node.properties)
        attrs.update(name=node.name, provenance=node.provenance, confirmed=node.confirmed,
                     imported_at=node.imported_at)
        attrs[type_key] = node.type
        graph.add_node(node.id, **attrs)
        ends.add((node.type, node.id))
    for link in links:
        if (link.source_type, link.source) not in ends or (link.target_type, link.target) not in ends:
            continue
        edge: dict[str, object] = dict(link.properties)
        edge.update(type=link.type, source_type=link.source_type, target_type=link.target_type,
                    provenance=link.provenance, confirmed=link.confirmed, imported_at=link.imported_at)
        graph.add_edge(link.source, link.target, key=link.type, **edge)
    return graph
