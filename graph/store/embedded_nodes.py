"""The embedded store's nodes and links (:mod:`graph.model.knowledge`): writing, checking and reading them.

The tables are :data:`graph.store.embedded_schema.SCHEMA_SQL`'s ``node`` and ``link``. Writers take the open
transaction's connection (the caller holds the lock and rolls back on any error); readers take the store's
``query`` function, which holds the lock and treats a missing table as empty.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from graph.errors import StoreWriteError
from graph.model.coverage_facts import OfferFacts, offer_facts_from_rows
from graph.model.domain import ILLUSTRATIVE, GraphBatch, plain_value
from graph.model.knowledge import Link, Node
from graph.model.schema import ACTOR_TYPE, FIELD_TYPE, Schema
from graph.store.checks import link_ends, unknown_references

__all__ = [
    "Query", "check_namespace", "chunks", "delete_links_of", "delete_node", "dump", "find_nodes", "knowledge_counts",
    "load", "marks", "read_links", "read_nodes", "require_link_ends", "types_of", "write_links", "write_nodes",
]

#: The store's read function: SQL and parameters in, rows out (empty when the table does not exist yet).
Query = Callable[[str, Sequence[Any]], list[Any]]

# SQLite limits the number of host parameters in one statement; chunks stay well below it.
_CHUNK = 500
_NODE_COLUMNS = "id, type, name, provenance, confirmed, imported_at, properties"
_LINK_COLUMNS = "source, source_type, type, target, target_type, provenance, confirmed, imported_at, properties"
#: The tables of the records that are not nodes: (their node type, table).
_ID_TABLES = ((ACTOR_TYPE, "actor"), (FIELD_TYPE, "field_of_action"))


def chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def marks(count: int) -> str:
    return ",".join("?" * count)


def dump(properties: Mapping[str, Any]) -> str:
    """Free properties as the JSON text of a ``properties`` column (lists for tuples, keys sorted)."""
    return json.dumps({k: plain_value(v) for k, v in properties.items()}, ensure_ascii=False, sort_keys=True)


def load(text: str) -> dict[str, Any]:
    return json.loads(text) if text else {}


def _ids_in(db: sqlite3.Connection, table: str, ids: Iterable[str], extra: str = "") -> list[tuple[Any, ...]]:
    """Rows ``(id, …extra)`` of ``table`` (a constant of this module) whose id is among ``ids``."""
    rows: list[tuple[Any, ...]] = []
    for chunk in chunks(sorted(set(ids))):
        rows.extend(db.execute(f"SELECT id{extra} FROM {table} WHERE id IN ({marks(len(chunk))})", chunk))
    return rows


# -- writes -------------------------------------------------------------------------------------------------
def check_namespace(db: sqlite3.Connection, batch: GraphBatch) -> None:
    """Refuse a node whose id is an actor's, a field's or another type's node in the store, and an actor or
    field whose id is a node's: ids are one namespace. Raises :class:`StoreWriteError`."""
    node_ids = {n.id: n.type for n in batch.nodes}
    clashes = sorted(r[0] for _, table in _ID_TABLES for r in _ids_in(db, table, node_ids))
    clashes += sorted(r[0] for r in _ids_in(db, "node", [*(a.id for a in batch.actors), *(f.id for f in batch.fields)]))
    retyped = sorted(f"{r[0]} ({r[1]})" for r in _ids_in(db, "node", node_ids, ", type") if r[1] != node_ids[r[0]])
    if clashes or retyped:
        problems = []
        if clashes:
            problems.append(f"the id(s) {', '.join(clashes)} name both a node and an actor or field of action")
        if retyped:
            problems.append(f"{', '.join(retyped)} already stored as another type; delete the node first")
        raise StoreWriteError(f"Ids are one namespace: {'; '.join(problems)}. Nothing of this batch was written.")


def write_nodes(db: sqlite3.Connection, nodes: Sequence[Node]) -> None:
    """Upsert nodes by id; the row is authoritative (its properties replace the stored ones)."""
    db.executemany(
        f"INSERT INTO node ({_NODE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
        "type = excluded.type, name = excluded.name, provenance = excluded.provenance, "
        "confirmed = excluded.confirmed, imported_at = excluded.imported_at, properties = excluded.properties",
        [(n.id, n.type, n.name, n.provenance, n.confirmed, n.imported_at, dump(n.properties)) for n in nodes],
    )


def require_link_ends(db: sqlite3.Connection, batch: GraphBatch) -> None:
    """Raise UnknownReferenceError unless every link end the batch lacks is in the store with its type."""
    tables = dict(_ID_TABLES)
    for end_type, ids in sorted(link_ends(batch).items()):
        if end_type in tables:
            found = {r[0] for r in _ids_in(db, tables[end_type], ids)}
        else:
            found = {r[0] for r in _ids_in(db, "node", ids, ", type") if r[1] == end_type}
        missing = sorted(ids - found)
        if missing:
            raise unknown_references(missing, node_type=end_type)


def write_links(db: sqlite3.Connection, links: Sequence[Link]) -> None:
    """Upsert links by (source, type, target)."""
    db.executemany(
        f"INSERT INTO link ({_LINK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (source, type, target) DO UPDATE SET source_type = excluded.source_type, "
        "target_type = excluded.target_type, provenance = excluded.provenance, confirmed = excluded.confirmed, "
        "imported_at = excluded.imported_at, properties = excluded.properties",
        [
            (k.source, k.source_type, k.type, k.target, k.target_type, k.provenance, k.confirmed, k.imported_at,
             dump(k.properties))
            for k in links
        ],
    )


def delete_links_of(db: sqlite3.Connection, node_id: str) -> None:
    """Remove every link with ``node_id`` at either end (an actor's or a node's)."""
    db.execute("DELETE FROM link WHERE source = ? OR target = ?", (node_id, node_id))


def delete_node(db: sqlite3.Connection, node_id: str) -> bool:
    """Delete the node and its links; True when it existed."""
    if db.execute("DELETE FROM node WHERE id = ?", (node_id,)).rowcount == 0:
        return False
    delete_links_of(db, node_id)
    return True


# -- reads --------------------------------------------------------------------------------------------------
def _node(r: Sequence[Any]) -> Node:
    return Node(id=r[0], type=r[1], name=r[2], provenance=r[3], confirmed=r[4], imported_at=r[5],
                properties=load(r[6]))


def _link(r: Sequence[Any]) -> Link:
    return Link(source=r[0], source_type=r[1], type=r[2], target=r[3], target_type=r[4], provenance=r[5],
                confirmed=r[6], imported_at=r[7], properties=load(r[8]))


def read_nodes(query: Query, types: Sequence[str] = (), ids: Iterable[str] | None = None) -> list[Node]:
    """Nodes (of ``types``, with ``ids`` when given) ordered by (type, id)."""
    type_clause = f"type IN ({marks(len(types))})" if types else "1 = 1"
    if ids is None:
        rows = query(f"SELECT {_NODE_COLUMNS} FROM node WHERE {type_clause}", list(types))
    else:
        rows = []
        for chunk in chunks(sorted(set(ids))):
            rows.extend(query(f"SELECT {_NODE_COLUMNS} FROM node WHERE id IN ({marks(len(chunk))}) "
                              f"AND {type_clause}", [*chunk, *types]))
    return sorted((_node(r) for r in rows), key=lambda n: (n.type, n.id))


def find_nodes(query: Query, name: str, types: Sequence[str] = ()) -> list[Node]:
    """Nodes named exactly ``name`` (after trimming), of ``types`` when given, by (type, id)."""
    type_clause = f" AND type IN ({marks(len(types))})" if types else ""
    rows = query(f"SELECT {_NODE_COLUMNS} FROM node WHERE name = ?{type_clause}", [name.strip(), *types])
    return sorted((_node(r) for r in rows), key=lambda n: (n.type, n.id))


def read_links(query: Query, node_ids: Iterable[str] | None = None, types: Sequence[str] = ()) -> list[Link]:
    """Links (of ``types``; with at least one end among ``node_ids``) ordered by (source, type, target)."""
    type_clause = f"type IN ({marks(len(types))})" if types else "1 = 1"
    if node_ids is None:
        rows = query(f"SELECT {_LINK_COLUMNS} FROM link WHERE {type_clause}", list(types))
    else:
        found: dict[tuple[str, str, str], Any] = {}
        for chunk in chunks(sorted(set(node_ids))):
            m = marks(len(chunk))
            for r in query(f"SELECT {_LINK_COLUMNS} FROM link WHERE (source IN ({m}) OR target IN ({m})) "
                           f"AND {type_clause}", [*chunk, *chunk, *types]):
                found[(r[0], r[2], r[3])] = r
        rows = list(found.values())
    return sorted((_link(r) for r in rows), key=lambda k: k.key)


def types_of(query: Query, ids: Iterable[str]) -> dict[str, str]:
    """``{id: node type}`` for every id that is an actor, a field of action or a node."""
    found: dict[str, str] = {}
    for chunk in chunks(sorted(set(ids))):
        m = marks(len(chunk))
        for type_id, table in _ID_TABLES:
            found.update((r[0], type_id) for r in query(f"SELECT id FROM {table} WHERE id IN ({m})", chunk))
        found.update((r[0], r[1]) for r in query(f"SELECT id, type FROM node WHERE id IN ({m})", chunk))
    return found


def knowledge_counts(query: Query, schema: Schema, actors: int, fields: int) -> tuple[dict[str, int], dict[str, int]]:
    """(nodes per type, Actor and FieldOfAction included and every schema type with 0 when absent; links per type)."""
    by_node_type = {t: 0 for t in schema.node_types}
    by_node_type.update({r[0]: r[1] for r in query("SELECT type, count(*) FROM node GROUP BY type", ())})
    by_node_type.update({ACTOR_TYPE: actors, FIELD_TYPE: fields})
    by_link_type = {r[0]: r[1] for r in query("SELECT type, count(*) FROM link GROUP BY type", ())}
    return by_node_type, by_link_type


def illustrative_actors(query: Query) -> frozenset[str]:
    """The ids of the actors whose provenance is ``illustrative``."""
    return frozenset(r[0] for r in query("SELECT id FROM actor WHERE provenance = ?", (ILLUSTRATIVE,)))


def offer_facts(query: Query) -> tuple[OfferFacts, ...]:
    """Every offer as :class:`OfferFacts`, selected with four queries (no whole actor is read)."""
    offers = query("SELECT id, name, json_extract(properties, '$.status'), json_extract(properties, '$.district_wide'),"
                   " provenance FROM node WHERE type = 'Offer'", ())
    if not offers:
        return ()

    def pairs(sql: str, params: Sequence[Any] = ()) -> list[tuple[str, str]]:
        return [(r[0], r[1]) for r in query(sql, params)]

    # json_extract gives SQLite's 1/0 for a JSON true/false.
    return offer_facts_from_rows(
        [(r[0], r[1], r[2], bool(r[3]) if isinstance(r[3], int) else r[3], r[4]) for r in offers],
        concerns=pairs("SELECT source, target FROM link WHERE type = 'CONCERNS' AND source_type = 'Offer'"),
        serves=pairs("SELECT source, target FROM link WHERE type = 'SERVES' AND source_type = 'Offer'"),
        providers=pairs("SELECT l.target, a.kind FROM link l JOIN actor a ON a.id = l.source WHERE l.type = 'PROVIDES'"
                        " AND l.target_type = 'Offer' AND a.provenance <> ?", (ILLUSTRATIVE,)),
    )
