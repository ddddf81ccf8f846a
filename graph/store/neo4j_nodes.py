"""The Neo4j backend's nodes and links (:mod:`graph.model.knowledge`): writing, checking and reading them.

A node of type ``T`` is a Neo4j node labelled ``T`` (:meth:`Schema.neo4j_label`) with the properties ``id``,
``name``, ``provenance``, ``confirmed``, ``imported_at`` and its free properties; each type has a uniqueness
constraint on ``id`` (:func:`graph.store.neo4j_records.schema_statements`). A link is a relationship of its
link type (:meth:`Schema.neo4j_link_type`) between the nodes labelled with its ends' types, with
``provenance``, ``confirmed``, ``imported_at`` and its free properties. An offer's ``SERVES`` link and an
actor's ``SERVES`` structure edge share the relationship type; the structure edge joins two actors, which no
``SERVES`` link of the schema does, and the reads here leave it out.

Filtered reads are filtered on the server: one ``UNION`` branch per label, each found through the label's id
or name index, never a scan of the whole graph.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, LiteralString, TypeVar

from graph.errors import StoreWriteError
from graph.model.coverage_facts import OfferFacts, offer_facts_from_rows
from graph.model.domain import ILLUSTRATIVE, GraphBatch
from graph.model.knowledge import Link, Node
from graph.model.schema import ACTOR_TYPE, FIELD_TYPE, STRUCTURE_TYPES, Schema
from graph.store.base import GraphStore
from graph.store.checks import link_ends, unknown_references
from graph.store.neo4j_records import link_from_row, link_properties, node_from_row, node_properties

if TYPE_CHECKING:
    import neo4j

__all__ = ["Neo4jKnowledge", "write_knowledge"]

T = TypeVar("T")
_ROWS = 2000
#: A relationship of a structure type between two actors is an actor's structure edge, not a link.
_NOT_STRUCTURE: LiteralString = "NOT (type(r) IN $structure AND s:Actor AND t:Actor)"
_LINK_RETURN: LiteralString = (
    " RETURN s.id AS source, [x IN labels(s) WHERE x IN $node_types][0] AS source_type, type(r) AS type,"
    " t.id AS target, [x IN labels(t) WHERE x IN $node_types][0] AS target_type, properties(r) AS props"
)


def _chunks(rows: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(rows), _ROWS):
        yield rows[start : start + _ROWS]


def _labels(schema: Schema, types: Iterable[str]) -> list[LiteralString]:
    return [schema.neo4j_label(t) for t in types]


def _each_label(labels: Sequence[LiteralString], branch: Callable[[LiteralString], LiteralString]) -> LiteralString:
    """``CALL () { branch(L1) UNION ALL branch(L2) … }``: one subquery per label, each using its own index."""
    return "CALL () { " + " UNION ALL ".join(branch(label) for label in labels) + " } "


def _typed(labels: Sequence[LiteralString], where: LiteralString, returns: LiteralString) -> LiteralString:
    """Per label: ``MATCH (n:L) <where> RETURN 'L' AS type, <returns>``."""
    return _each_label(labels, lambda label: "MATCH (n:" + label + ")" + where + " RETURN '" + label
                       + "' AS type, " + returns)


def _types_of(tx: neo4j.ManagedTransaction, labels: Sequence[LiteralString], ids: Iterable[str]) -> dict[str, str]:
    wanted = sorted(set(ids))
    if not wanted or not labels:
        return {}
    query = _typed(labels, " WHERE n.id IN $ids", "n.id AS id") + "RETURN id, type"
    return {r["id"]: r["type"] for r in tx.run(query, ids=wanted)}


# -- writes -------------------------------------------------------------------------------------------------
def write_knowledge(tx: neo4j.ManagedTransaction, batch: GraphBatch, schema: Schema) -> None:
    """Upsert the batch's nodes and links inside the batch's transaction (after its actors and fields).

    Raises :class:`StoreWriteError` for an id that is already an actor's, a field's or another type's node (and
    for an actor or field whose id is a node's), :class:`UnknownReferenceError` for a link end that is neither
    in the batch nor in the store with its type; the caller's transaction then rolls back.
    """
    node_labels = _labels(schema, (t.id for t in schema.node_only_types))
    wanted = {n.id: n.type for n in batch.nodes}
    found = _types_of(tx, _labels(schema, schema.node_types), wanted)
    clashes = sorted(i for i, t in found.items() if t in (ACTOR_TYPE, FIELD_TYPE))
    clashes += sorted(_types_of(tx, node_labels, [*(a.id for a in batch.actors), *(f.id for f in batch.fields)]))
    retyped = sorted(f"{i} ({t})" for i, t in found.items() if t not in (ACTOR_TYPE, FIELD_TYPE, wanted[i]))
    if clashes or retyped:
        problems = []
        if clashes:
            problems.append(f"the id(s) {', '.join(clashes)} name both a node and an actor or field of action")
        if retyped:
            problems.append(f"{', '.join(retyped)} already stored as another type; delete the node first")
        raise StoreWriteError(f"Ids are one namespace: {'; '.join(problems)}. Nothing of this batch was written.")
    by_type: dict[str, list[dict[str, Any]]] = {}
    for node in batch.nodes:
        by_type.setdefault(node.type, []).append({"id": node.id, "props": node_properties(node)})
    for type_id, rows in sorted(by_type.items()):
        query: LiteralString = ("UNWIND $rows AS row MERGE (n:" + schema.neo4j_label(type_id)
                                + " {id: row.id}) SET n = row.props")
        for chunk in _chunks(rows):
            tx.run(query, rows=chunk).consume()
    for end_type, ids in sorted(link_ends(batch).items()):
        ends: LiteralString = ("UNWIND $ids AS id OPTIONAL MATCH (n:" + schema.neo4j_label(end_type)
                               + " {id: id}) WITH id, n WHERE n IS NULL RETURN collect(id) AS missing")
        record = tx.run(ends, ids=sorted(ids)).single()
        missing = sorted(record["missing"]) if record else []
        if missing:
            raise unknown_references(missing, node_type=end_type)
    _write_links(tx, batch.links, schema)


def _write_links(tx: neo4j.ManagedTransaction, links: Sequence[Link], schema: Schema) -> None:
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for link in links:
        groups.setdefault((link.source_type, link.type, link.target_type), []).append(
            {"source": link.source, "target": link.target, "props": link_properties(link)})
    for (source_type, type_id, target_type), rows in sorted(groups.items()):
        query: LiteralString = (
            "UNWIND $rows AS row MATCH (s:" + schema.neo4j_label(source_type) + " {id: row.source}) "
            "MATCH (t:" + schema.neo4j_label(target_type) + " {id: row.target}) "
            "MERGE (s)-[r:" + schema.neo4j_link_type(type_id) + "]->(t) SET r = row.props"
        )
        for chunk in _chunks(rows):
            tx.run(query, rows=chunk).consume()


# -- reads --------------------------------------------------------------------------------------------------
class Neo4jKnowledge(GraphStore):
    """The node and link methods of :class:`graph.store.neo4j.Neo4jStore`, on its transactions."""

    @abstractmethod
    def _read(self, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        """Run ``work`` in a managed read transaction, errors translated."""

    @abstractmethod
    def _write(self, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        """Run ``work`` in a managed write transaction, errors translated."""

    @abstractmethod
    def _rows(self, query: LiteralString, **params: Any) -> list[dict[str, Any]]:
        """The records of one read query as dicts."""

    def _node_labels(self, types: Sequence[str] = ()) -> list[LiteralString]:
        schema = self.vocabulary.schema
        return _labels(schema, (t.id for t in schema.node_only_types if not types or t.id in types))

    def _nodes(self, types: Sequence[str], where: LiteralString, **params: Any) -> list[Node]:
        labels = self._node_labels(types)
        if not labels:
            return []
        rows = self._rows(_typed(labels, where, "properties(n) AS props") + "RETURN type, props", **params)
        return sorted((node_from_row(r["type"], r["props"]) for r in rows), key=lambda n: (n.type, n.id))

    def nodes(self, types: Sequence[str] = (), ids: Iterable[str] | None = None) -> list[Node]:
        if ids is None:
            return self._nodes(types, "")
        wanted = sorted(set(ids))
        return self._nodes(types, " WHERE n.id IN $ids", ids=wanted) if wanted else []

    def get_node(self, node_id: str) -> Node | None:
        found = self._nodes((), " WHERE n.id = $id", id=node_id)
        return found[0] if found else None

    def find_nodes_by_name(self, name: str, types: Sequence[str] = ()) -> list[Node]:
        return self._nodes(types, " WHERE n.name = $name", name=name.strip())

    def links(self, node_ids: Iterable[str] | None = None, types: Sequence[str] = ()) -> list[Link]:
        schema = self.vocabulary.schema
        link_types: list[LiteralString] = [
            schema.neo4j_link_type(t) for t in schema.link_types if not types or t in types]
        if not link_types:
            return []
        relationship: LiteralString = "|".join(link_types)
        params: dict[str, Any] = {"structure": list(STRUCTURE_TYPES), "node_types": list(schema.node_types)}
        if node_ids is None:
            query: LiteralString = "MATCH (s)-[r:" + relationship + "]->(t) WHERE " + _NOT_STRUCTURE + _LINK_RETURN
        else:
            params["ids"] = sorted(set(node_ids))
            if not params["ids"]:
                return []
            # Found through each label's id index, then expanded; a link between two of them is met twice.
            anchors = _each_label(_labels(schema, schema.node_types),
                                  lambda label: "MATCH (n:" + label + ") WHERE n.id IN $ids RETURN n")
            query = (anchors + "MATCH (n)-[r:" + relationship + "]-() WITH DISTINCT r "
                     "WITH r, startNode(r) AS s, endNode(r) AS t WHERE " + _NOT_STRUCTURE + _LINK_RETURN)
        return sorted((link_from_row(r) for r in self._rows(query, **params)), key=lambda k: k.key)

    def types_of(self, ids: Iterable[str]) -> dict[str, str]:
        labels = _labels(self.vocabulary.schema, self.vocabulary.schema.node_types)
        return self._read(lambda tx: _types_of(tx, labels, ids))

    def knowledge_counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """(nodes per schema type, Actor and FieldOfAction included, 0 when absent; links per link type present)."""
        schema = self.vocabulary.schema
        counts = _typed(_labels(schema, schema.node_types), "", "count(n) AS n") + "RETURN type, n"
        # A label without nodes gives no row (the count is grouped by the label's literal): 0 is the default.
        by_node_type = {t: 0 for t in schema.node_types} | {r["type"]: r["n"] for r in self._rows(counts)}
        link_types: list[LiteralString] = [schema.neo4j_link_type(t) for t in schema.link_types]
        if not link_types:
            return by_node_type, {}
        query: LiteralString = ("MATCH (s)-[r:" + "|".join(link_types) + "]->(t) WHERE " + _NOT_STRUCTURE
                                + " RETURN type(r) AS type, count(*) AS n")
        return by_node_type, {r["type"]: r["n"] for r in self._rows(query, structure=list(STRUCTURE_TYPES))}

    def illustrative_actors(self) -> frozenset[str]:
        rows = self._rows("MATCH (a:Actor) WHERE a.provenance = $mark RETURN a.id AS id", mark=ILLUSTRATIVE)
        return frozenset(r["id"] for r in rows)

    def offer_facts(self) -> tuple[OfferFacts, ...]:
        # One aggregate query on the server: the offers with their fields, towns and sourced providers' kinds.
        rows = self._rows(
            "MATCH (o:Offer) RETURN o.id AS id, o.name AS name, o.status AS status, o.district_wide AS wide,"
            " o.provenance AS provenance,"
            " COLLECT { MATCH (o)-[:CONCERNS]->(f:FieldOfAction) RETURN f.id } AS fields,"
            " COLLECT { MATCH (o)-[:SERVES]->(m:Actor) RETURN m.id } AS towns,"
            " COLLECT { MATCH (p:Actor)-[:PROVIDES]->(o) WHERE coalesce(p.provenance, '') <> $mark"
            " RETURN p.kind } AS kinds",
            mark=ILLUSTRATIVE,
        )
        return offer_facts_from_rows(
            [(r["id"], r["name"], r["status"], r["wide"], r["provenance"]) for r in rows],
            concerns=[(r["id"], f) for r in rows for f in r["fields"]],
            serves=[(r["id"], m) for r in rows for m in r["towns"]],
            providers=[(r["id"], k) for r in rows for k in r["kinds"]],
        )

    def answer(self, question_id: str, **params: object) -> list[dict[str, object]]:
        from graph.store.questions import neo4j_query

        query, values = neo4j_query(question_id, params, self.vocabulary.schema)
        return self._rows(query, **values)
