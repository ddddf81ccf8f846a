"""A read-only piece of the knowledge graph as the pages of formats, offers, recommendations, search and the
node profile see it: some nodes, the links at them, and the names and types of every end.

Built from plain store reads by :mod:`dashboard.knowledge_reads` (which caches it per store revision) and
never changed afterwards. A link is seen from either end (:class:`Linked`): from an event, the ``ORGANISES``
link of an actor is incoming; from the actor it is outgoing. Actors and fields of action keep their own
records; their names come from the actors read with the view and from the vocabulary.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from graph.model.domain import Actor
from graph.model.knowledge import Link, Node
from graph.model.schema import ACTOR_TYPE, FIELD_TYPE
from graph.model.vocabulary import Vocabulary

__all__ = ["KnowledgeView", "Linked"]


@dataclass(frozen=True)
class Linked:
    """One link seen from one of its ends: the link, the id and type of the other end, and its direction."""

    link: Link
    other: str
    other_type: str
    outgoing: bool


class KnowledgeView:
    """Nodes, the links at them, the actors at their ends and the vocabulary, indexed by id (read-only)."""

    __slots__ = ("_at", "_nodes", "actors", "links", "vocabulary")

    def __init__(self, nodes: Iterable[Node], links: Iterable[Link], actors: Mapping[str, Actor],
                 vocabulary: Vocabulary) -> None:
        self._nodes: Mapping[str, Node] = MappingProxyType({n.id: n for n in nodes})
        self.links: tuple[Link, ...] = tuple(links)
        self.actors: Mapping[str, Actor] = actors
        self.vocabulary = vocabulary
        at: dict[str, list[Linked]] = {}
        for link in self.links:
            at.setdefault(link.source, []).append(Linked(link, link.target, link.target_type, True))
            if link.target != link.source:
                at.setdefault(link.target, []).append(Linked(link, link.source, link.source_type, False))
        self._at = MappingProxyType({k: tuple(v) for k, v in at.items()})

    # -- the nodes ---------------------------------------------------------------------------------
    def node(self, node_id: str) -> Node | None:
        """The node ``node_id`` when it is in the view."""
        return self._nodes.get(node_id)

    def nodes(self, type_id: str | None = None) -> list[Node]:
        """The view's nodes (of ``type_id`` when given), by name (case-insensitive), then id."""
        chosen = [n for n in self._nodes.values() if type_id is None or n.type == type_id]
        return sorted(chosen, key=lambda n: (n.name.casefold(), n.id))

    def type_of(self, node_id: str, fallback: str = "") -> str:
        """The node type of ``node_id``: a node's type, ``Actor``, ``FieldOfAction``, else ``fallback``."""
        found = self._nodes.get(node_id)
        if found is not None:
            return found.type
        if node_id in self.actors:
            return ACTOR_TYPE
        if node_id in self.vocabulary.fields:
            return FIELD_TYPE
        return fallback

    def name(self, node_id: str, lang: str) -> str:
        """What ``node_id`` is called: a node's or actor's name, a field's label in ``lang``, else the id."""
        found = self._nodes.get(node_id)
        if found is not None:
            return found.name
        actor = self.actors.get(node_id)
        if actor is not None:
            return actor.name
        return self.vocabulary.fields.label(node_id, lang)

    # -- the links ---------------------------------------------------------------------------------
    def linked(self, node_id: str, link_type: str | None = None, outgoing: bool | None = None) -> list[Linked]:
        """The links at ``node_id`` (of ``link_type``, in one direction when ``outgoing`` is given), in the
        order the store gave them."""
        return [seen for seen in self._at.get(node_id, ())
                if (link_type is None or seen.link.type == link_type)
                and (outgoing is None or seen.outgoing == outgoing)]

    def ends(self, node_id: str, link_type: str, outgoing: bool) -> list[str]:
        """The ids at the other end of ``node_id``'s ``link_type`` links in one direction, without repeats."""
        return list(dict.fromkeys(seen.other for seen in self.linked(node_id, link_type, outgoing)))

    def ends_of_type(self, node_id: str, type_id: str) -> list[str]:
        """The ids of type ``type_id`` linked to ``node_id`` by any link in either direction, without repeats."""
        return list(dict.fromkeys(seen.other for seen in self._at.get(node_id, ()) if seen.other_type == type_id))
