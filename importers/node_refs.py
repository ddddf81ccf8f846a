"""Naming any node in a cell: an actor, a field of action or a node of another type, by its id or its exact name.

A link's end is looked up in this import (the actors and nodes of rows built before) and in the store
(:meth:`GraphStore.types_of` for ids, :meth:`GraphStore.find_nodes_by_name` for names; the store's actors come
with :class:`importers.records.KnownActors`); a field of action by its id or label, a municipality also by its
AGS. Of what a cell names, only the node types the link may join count: a name shared by an event and a format
is no ambiguity where only events may stand.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from graph.model.knowledge import Node
from graph.model.schema import ACTOR_TYPE, FIELD_TYPE
from graph.model.terms import normalise_label
from graph.store.base import GraphStore

from .record_builder import RecordBuilder
from .rows import TableRow

__all__ = ["Candidate", "References"]


@dataclass(frozen=True)
class Candidate:
    """A node a cell may name: its id, its type and how a message shows it."""

    id: str
    type: str
    shown: str


class References:
    """The nodes of this import and of the store, found by id or name; every problem recorded on the row."""

    def __init__(self, actors: RecordBuilder, store: GraphStore | None) -> None:
        self.actors = actors
        self.vocabulary = actors.vocabulary
        self.store = store
        self.nodes: dict[str, tuple[Node, TableRow]] = {}  # this import's nodes by id
        self.by_name: dict[str, list[str]] = {}  # folded name → ids of this import's nodes
        self.invalid: dict[str, str] = {}  # id or folded name of a node row with errors → where that row is
        self._stored_types: dict[str, str | None] = {}
        self._stored_names: dict[str, list[Node]] = {}

    # -- this import's nodes ------------------------------------------------------------------------
    def add_node(self, node: Node, row: TableRow) -> None:
        self.nodes[node.id] = (node, row)
        self.by_name.setdefault(normalise_label(node.name), []).append(node.id)

    def add_invalid(self, keys: Sequence[str], row: TableRow) -> None:
        for key in keys:
            if key:
                self.invalid.setdefault(key, row.where)

    def row_of(self, node_id: str) -> TableRow | None:
        """The row of this import that holds the node ``node_id`` (None for actors, fields and stored nodes)."""
        found = self.nodes.get(node_id)
        return found[1] if found else None

    # -- the store ----------------------------------------------------------------------------------
    def stored_types(self, ids: Sequence[str]) -> dict[str, str]:
        """The type of every id in ``ids`` the store holds (asked once per id)."""
        missing = [i for i in ids if i not in self._stored_types]
        if missing and self.store is not None:
            found = self.store.types_of(missing)
            self._stored_types.update({i: found.get(i) for i in missing})
        return {i: t for i in ids if (t := self._stored_types.get(i))}

    def prefetch(self, texts: Sequence[str]) -> None:
        """Ask the store once for the types of every id among ``texts`` (the cells that name nodes), so that
        resolving them one by one asks it no more."""
        self.stored_types([t.strip() for t in texts if t.strip()])

    def _stored_nodes_named(self, text: str) -> list[Node]:
        if self.store is None:
            return []
        if text not in self._stored_names:
            self._stored_names[text] = self.store.find_nodes_by_name(text)
        return self._stored_names[text]

    # -- lookup -------------------------------------------------------------------------------------
    def candidates(self, text: str) -> list[Candidate]:
        """What ``text`` names: the node with this id, else every node with this exact name (folded)."""
        found: dict[str, Candidate] = {}
        actors, stored = self.actors.actors, self.actors.stored
        if text in actors or text in stored:
            actor = actors[text][0] if text in actors else stored[text]
            found[text] = Candidate(text, ACTOR_TYPE, _actor_shown(actor.id, actor.name, actor.town))
        if text in self.nodes:
            node = self.nodes[text][0]
            found[text] = Candidate(text, node.type, f"{node.id} ({node.type} {node.name})")
        if text in self.vocabulary.fields:
            found[text] = Candidate(text, FIELD_TYPE, f"{text} ({FIELD_TYPE})")
        if not found:
            for node_id, node_type in self.stored_types([text]).items():
                found[node_id] = Candidate(node_id, node_type, f"{node_id} ({node_type})")
        if found:
            return list(found.values())
        folded = normalise_label(text)
        for actor in [a for a, _ in actors.values()] + list(stored.values()):
            if normalise_label(actor.name) == folded:
                found.setdefault(actor.id, Candidate(actor.id, ACTOR_TYPE,
                                                     _actor_shown(actor.id, actor.name, actor.town)))
        for node_id in self.by_name.get(folded, ()):
            node = self.nodes[node_id][0]
            found.setdefault(node_id, Candidate(node_id, node.type, f"{node.id} ({node.type} {node.name})"))
        for node in self._stored_nodes_named(text):
            found.setdefault(node.id, Candidate(node.id, node.type, f"{node.id} ({node.type} {node.name})"))
        field_id = self.vocabulary.fields.resolve(text)
        if field_id:
            found.setdefault(field_id, Candidate(field_id, FIELD_TYPE, f"{field_id} ({FIELD_TYPE})"))
        if text.strip().isdigit() and (town := self.actors.resolve_municipality(text)):
            found.setdefault(town[0], Candidate(town[0], ACTOR_TYPE, _actor_shown(town[0], town[1], town[1])))
        return list(found.values())

    def resolve(self, row: TableRow, column: str, text: str, allowed: Sequence[str], what: str) -> Candidate | None:
        """The node ``text`` names, of one of the ``allowed`` types, or None with an error on ``row`` in ``column``.

        ``what`` says in a message what the cell is for (``the organiser of this Format``).
        """
        text = unicodedata.normalize("NFC", text).strip()
        if not text:
            row.error(column, "missing-node", f"empty; name {what} by its id or its exact name")
            return None
        found = self.candidates(text)
        fitting = [c for c in found if c.type in allowed]
        kinds = "/".join(allowed)
        if len(fitting) == 1:
            return fitting[0]
        if len(fitting) > 1:
            listed = "; ".join(c.shown for c in sorted(fitting, key=lambda c: c.id))
            row.error(column, "ambiguous-node", f"{text!r} names {len(fitting)} nodes: {listed}; use the id")
            return None
        if found:
            listed = "; ".join(c.shown for c in sorted(found, key=lambda c: c.id))
            row.error(column, "link-not-allowed", f"{text!r} is {listed}; {what} must be a {kinds}")
            return None
        folded = normalise_label(text)
        bad = (self.invalid.get(text) or self.invalid.get(folded) or self.actors.invalid_actor_refs.get(text)
               or self.actors.invalid_actor_refs.get(folded))
        if bad:
            row.error(column, "invalid-node", f"{text!r} is the row {bad}, which has errors; fix that row first")
        else:
            row.error(column, "unknown-node", f"no {kinds} with the id or name {text!r} in this import or in the "
                      "store; check the spelling or import it first")
        return None


def _actor_shown(actor_id: str, name: str, town: str) -> str:
    return f"{actor_id} ({ACTOR_TYPE} {name}, {town or '–'})"
