"""The knowledge graph's part of a snapshot: which nodes and links of the store a snapshot keeps, and their counts.

A snapshot of the whole network keeps every node (:class:`~graph.model.knowledge.Node`) and every link
(:class:`~graph.model.knowledge.Link`). A filtered snapshot keeps the nodes linked directly to one of its actors
and, of the links, those whose two ends are both in it (an actor of the snapshot, a field of action, a kept
node). Personal properties (schema ``personal``) are left out unless asked for, as for actors.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from graph.model.domain import Subgraph
from graph.model.knowledge import Link, Node
from graph.model.personal import undeclared_personal
from graph.model.schema import ACTOR_TYPE, FIELD_TYPE, Schema

__all__ = ["knowledge_counts", "link_order", "node_order", "public_subgraph", "select_knowledge",
           "without_personal_properties"]


def node_order(node: Node) -> tuple[str, str]:
    """The order of nodes in a snapshot: by type, then id (as the stores give them)."""
    return (node.type, node.id)


def link_order(link: Link) -> tuple[str, str, str]:
    """The order of links in a snapshot: by (source, type, target)."""
    return link.key


def without_personal_properties(nodes: Iterable[Node], schema: Schema) -> tuple[Node, ...]:
    """The nodes without the properties their type declares ``personal``, and without any property their type
    does not declare whose value looks like an e-mail address or a phone number (:mod:`graph.model.personal`)."""
    kept = []
    for node in nodes:
        node_type = schema.node_types.get(node.type)
        declared = [p.name for p in node_type.properties] if node_type is not None else []
        personal = {*(node_type.personal_properties if node_type is not None else ()),
                    *undeclared_personal(node.properties, declared)}
        kept.append(node.without(tuple(sorted(personal))) if personal & set(node.properties) else node)
    return tuple(kept)


def public_subgraph(subgraph: Subgraph, schema: Schema | None = None) -> Subgraph:
    """``subgraph`` without personal data: each actor without contact person, e-mail, phone, the properties the
    schema declares personal for actors and undeclared ones that look like contact data; each tie without
    undeclared properties that look like contact data (:meth:`~graph.model.domain.Actor.personal_keys`)."""
    actor_type = schema.node_types.get(ACTOR_TYPE) if schema is not None else None
    declared = [p.name for p in actor_type.properties] if actor_type is not None else []
    personal = actor_type.personal_properties if actor_type is not None else ()
    return Subgraph(tuple(a.without_personal_data(declared, personal) for a in subgraph.actors),
                    tuple(r.without_personal_data() for r in subgraph.relations))


def select_knowledge(nodes: Iterable[Node], links: Iterable[Link], subgraph: Subgraph, field_ids: Iterable[str],
                     *, filtered: bool) -> tuple[tuple[Node, ...], tuple[Link, ...]]:
    """The nodes and links a snapshot of ``subgraph`` keeps, sorted (see the module's description).

    ``filtered``: the snapshot holds a filtered part of the network, so only the nodes linked to one of its actors
    stay. Either way a link stays only when both its ends (by type and id) are in the snapshot.
    """
    all_nodes = list(nodes)
    all_links = list(links)
    actors = {(ACTOR_TYPE, a.id) for a in subgraph.actors}
    if filtered:
        touching = {(link.target_type, link.target) for link in all_links if (link.source_type, link.source) in actors}
        touching |= {(link.source_type, link.source) for link in all_links if (link.target_type, link.target) in actors}
        all_nodes = [n for n in all_nodes if (n.type, n.id) in touching]
    present = actors | {(FIELD_TYPE, f) for f in field_ids} | {(n.type, n.id) for n in all_nodes}
    kept_links = [link for link in all_links
                  if (link.source_type, link.source) in present and (link.target_type, link.target) in present]
    return tuple(sorted(all_nodes, key=node_order)), tuple(sorted(kept_links, key=link_order))


def knowledge_counts(nodes: Iterable[Node], links: Iterable[Link], actors: int, fields: int,
                     schema: Schema | None = None) -> tuple[dict[str, int], dict[str, int]]:
    """``(nodes per type, links per type)`` as :meth:`GraphStore.stats` counts them: every type of ``schema``
    (when given) with 0 when absent, Actor and FieldOfAction included; link types only when present."""
    by_node_type = {t: 0 for t in (schema.node_types if schema is not None else ())}
    by_node_type.update(Counter(n.type for n in nodes))
    by_node_type.update({ACTOR_TYPE: actors, FIELD_TYPE: fields})
    return by_node_type, dict(Counter(link.type for link in links))
