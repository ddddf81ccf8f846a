"""Conversion of store content to networkx."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.model.domain import Subgraph

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["to_networkx"]


def to_networkx(subgraph: Subgraph) -> nx.MultiDiGraph:
    """A ``MultiDiGraph`` with one node per actor and one edge per tie, keyed by the tie's type.

    Node attributes: name, kind, municipality, town, fields, serves, serves_district, provenance,
    imported_at and the actor's properties. Edge attributes: type, fields, since, until, note,
    provenance, imported_at and the tie's properties. Lists become tuples. The input is not changed.
    """
    import networkx as nx

    graph = nx.MultiDiGraph()
    for actor in subgraph.actors:
        attrs: dict[str, object] = dict(actor.properties)
        attrs.update(
            name=actor.name,
            kind=actor.kind,
            municipality=actor.municipality,
            town=actor.town,
            fields=actor.fields,
            serves=actor.serves,
            serves_district=actor.serves_district,
            provenance=actor.provenance,
            imported_at=actor.imported_at,
        )
        graph.add_node(actor.id, **attrs)
    for rel in subgraph.relations:
        edge: dict[str, object] = dict(rel.properties)
        edge.update(
            type=rel.type,
            fields=rel.fields,
            since=rel.since,
            until=rel.until,
            note=rel.note,
            provenance=rel.provenance,
            imported_at=rel.imported_at,
        )
        graph.add_edge(rel.source, rel.target, key=rel.type, **edge)
    return graph
