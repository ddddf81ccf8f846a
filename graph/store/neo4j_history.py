"""The Neo4j backend's change history, and deleting facts by their change.

A change set is a ``(:ChangeSet {id, seq, at, who, action, source, comment, undoes, size})`` node; each fact it
changed a ``(:FactChange {change_set, position, kind, key, before, after})`` node holding the fact's whole record
before and after as JSON text (absent where it did not or no longer exists). ``seq`` comes from a counter on the
``IntegraNetMeta`` node, taken in the write's own transaction, so change sets are ordered as committed. Neither
label is a node type of the schema: no read of the graph meets them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, LiteralString

from graph.errors import EditConflictError
from graph.model.changes import ChangeSet, FactChange, FactKey, HistoryRewrite, dumps, loads
from graph.model.vocabulary import Vocabulary

if TYPE_CHECKING:
    import neo4j

    from graph.store.base import ImportRecord

__all__ = [
    "HISTORY_STATEMENTS",
    "change_set",
    "change_sets",
    "change_sets_touching",
    "check_versions",
    "delete_facts",
    "rewrite",
    "versions",
    "write_change_set",
    "write_import",
]

#: The constraint and indexes of the history; not part of an exported Cypher script (the history is the store's).
HISTORY_STATEMENTS: tuple[LiteralString, ...] = (
    "CREATE CONSTRAINT integranet_change_set_id IF NOT EXISTS FOR (c:ChangeSet) REQUIRE c.id IS UNIQUE",
    "CREATE INDEX integranet_change_set_seq IF NOT EXISTS FOR (c:ChangeSet) ON (c.seq)",
    "CREATE INDEX integranet_change_set_undoes IF NOT EXISTS FOR (c:ChangeSet) ON (c.undoes)",
    "CREATE INDEX integranet_fact_change_set IF NOT EXISTS FOR (f:FactChange) ON (f.change_set)",
    "CREATE INDEX integranet_fact_change_fact IF NOT EXISTS FOR (f:FactChange) ON (f.kind, f.key)",
)
_ROWS = 2000
_HEADER: LiteralString = (
    " RETURN c.id AS id, c.at AS at, c.who AS who, c.action AS action, c.source AS source, c.comment AS comment,"
    " c.undoes AS undoes, c.size AS size,"
    " coalesce(COLLECT { MATCH (u:ChangeSet {undoes: c.id}) RETURN u.id ORDER BY u.seq DESC LIMIT 1 }[0], '')"
    " AS undone_by, c.seq AS seq"
)


def delete_facts(tx: neo4j.ManagedTransaction, deletions: Sequence[FactChange], vocabulary: Vocabulary) -> None:
    """Delete the facts inside the caller's transaction: links and ties first, then nodes and actors with every
    relationship they have. Labels and relationship types come only from the vocabulary and its schema."""
    schema = vocabulary.schema
    for change in deletions:
        if change.kind not in ("link", "relation") or change.before is None:
            continue
        before = change.before
        if change.kind == "relation":
            source_label, target_label = "Actor", "Actor"
            rel_type = vocabulary.neo4j_relationship_type(before["type"])
        else:
            source_label = schema.neo4j_label(before["source_type"])
            target_label = schema.neo4j_label(before["target_type"])
            rel_type = schema.neo4j_link_type(before["type"])
        query: LiteralString = ("MATCH (s:" + source_label + " {id: $source})-[r:" + rel_type + "]->(t:"
                                + target_label + " {id: $target}) DELETE r")
        tx.run(query, source=before["source"], target=before["target"]).consume()
    for change in deletions:
        if change.kind == "actor":
            tx.run("MATCH (a:Actor {id: $id}) DETACH DELETE a", id=change.key).consume()
        elif change.kind == "node" and change.before is not None:
            label = schema.neo4j_label(change.before["type"])
            node_query: LiteralString = "MATCH (n:" + label + " {id: $id}) DETACH DELETE n"
            tx.run(node_query, id=change.key).consume()


def write_change_set(tx: neo4j.ManagedTransaction, change_set: ChangeSet) -> None:
    """Keep the change set and its facts inside the caller's transaction."""
    header = {k: v for k, v in change_set.header().items() if k != "undone_by"}
    header["size"] = len(change_set.facts)
    record = tx.run(
        "MERGE (m:IntegraNetMeta {key: 'history'}) SET m.seq = coalesce(m.seq, 0) + 1 "
        "WITH m CREATE (c:ChangeSet) SET c = $header, c.seq = m.seq RETURN c.seq AS seq", header=header,
    ).single()
    seq = int(record["seq"]) if record else 0
    rows = [{"position": i, "kind": f.kind, "key": f.key, "before": dumps(f.before), "after": dumps(f.after)}
            for i, f in enumerate(change_set.facts)]
    for start in range(0, len(rows), _ROWS):
        tx.run("UNWIND $rows AS row CREATE (f:FactChange) SET f = row, f.change_set = $seq",
               rows=rows[start:start + _ROWS], seq=seq).consume()


def versions(tx: neo4j.ManagedTransaction, facts: Iterable[FactKey]) -> dict[FactKey, int]:
    """The version of each fact: how many change sets wrote it (0 for a fact no change set wrote)."""
    keys = [{"kind": kind, "key": key} for kind, key in facts]
    rows = tx.run("UNWIND $keys AS k OPTIONAL MATCH (f:FactChange {kind: k.kind, key: k.key}) "
                  "RETURN k.kind AS kind, k.key AS key, count(f) AS n", keys=keys).data()
    return {(r["kind"], r["key"]): int(r["n"]) for r in rows}


def check_versions(tx: neo4j.ManagedTransaction, expected: Mapping[FactKey, int]) -> None:
    """Inside the write's transaction, raise :class:`~graph.errors.EditConflictError` naming the facts whose
    version is no longer the one expected. The history's counter node is written first: that takes its lock, so
    a second writer waits here until the first has committed and then sees its change."""
    if not expected:
        return
    tx.run("MERGE (m:IntegraNetMeta {key: 'history'}) SET m.checked_at = timestamp()").consume()
    now = versions(tx, expected)
    stale = tuple(sorted(fact for fact, version in expected.items() if now.get(fact, 0) != version))
    if stale:
        raise EditConflictError("", stale)


def rewrite(tx: neo4j.ManagedTransaction, rewrites: Sequence[HistoryRewrite]) -> None:
    """Rewrite change sets of the history in place (an erasure), inside the caller's transaction."""
    for item in rewrites:
        rows = [{"position": position, "before": dumps(before), "after": dumps(after)}
                for position, before, after in item.facts]
        tx.run("MATCH (c:ChangeSet {id: $id}) SET c.comment = $comment WITH c UNWIND $rows AS row "
               "MATCH (f:FactChange {change_set: c.seq, position: row.position}) "
               "SET f.before = row.before, f.after = row.after", id=item.change_set, comment=item.comment,
               rows=rows).consume()


def write_import(tx: neo4j.ManagedTransaction, record: ImportRecord, position: int = 0) -> None:
    """Remember an import inside the caller's transaction (the log the overview shows)."""
    props = {"imported_at": record.imported_at, "files": list(record.files), "actors": record.actors,
             "relations": record.relations, "rows": record.rows, "skipped": record.skipped}
    # timestamp() is the same throughout a transaction: ``position`` keeps several records of one write in order.
    tx.run("CREATE (i:ImportRecord) SET i = $props, i.seq = timestamp() + $position / 1000.0", props=props,
           position=position).consume()


def _header(row: dict[str, Any], facts: tuple[FactChange, ...] = ()) -> ChangeSet:
    return ChangeSet(id=row["id"], at=row["at"], who=row["who"], action=row["action"], source=row["source"] or "",
                     comment=row["comment"] or "", undoes=row["undoes"] or "", size=int(row["size"] or 0),
                     undone_by=row["undone_by"] or "", facts=facts)


def change_sets(tx: neo4j.ManagedTransaction, limit: int | None, offset: int) -> list[ChangeSet]:
    """The change sets, newest first, without facts."""
    query: LiteralString = "MATCH (c:ChangeSet) WITH c ORDER BY c.seq DESC SKIP $offset LIMIT $limit" + _HEADER
    rows = tx.run(query, offset=offset, limit=limit if limit is not None else 2**62).data()
    return [_header(r) for r in sorted(rows, key=lambda r: -int(r["seq"]))]


def change_set(tx: neo4j.ManagedTransaction, change_set_id: str) -> ChangeSet | None:
    """One change set with its facts in the order written."""
    rows = tx.run("MATCH (c:ChangeSet {id: $id})" + _HEADER, id=change_set_id).data()
    if not rows:
        return None
    facts = tx.run("MATCH (f:FactChange {change_set: $seq}) RETURN f.kind AS kind, f.key AS key, f.before AS before,"
                   " f.after AS after ORDER BY f.position", seq=rows[0]["seq"]).data()
    return _header(rows[0], tuple(FactChange(r["kind"], r["key"], loads(r["before"]), loads(r["after"]))
                                  for r in facts))


def change_sets_touching(tx: neo4j.ManagedTransaction, facts: Iterable[FactKey], after: str | None
                         ) -> list[ChangeSet]:
    """The change sets (oldest first, without facts) that changed any of ``facts``, after ``after`` if given."""
    floor = 0
    if after:
        record = tx.run("MATCH (c:ChangeSet {id: $id}) RETURN c.seq AS seq", id=after).single()
        floor = int(record["seq"]) if record else 0
    wanted = [{"kind": kind, "key": key} for kind, key in sorted(set(facts))]
    seqs: set[int] = set()
    for start in range(0, len(wanted), _ROWS):
        rows = tx.run("UNWIND $facts AS fact MATCH (f:FactChange {kind: fact.kind, key: fact.key}) "
                      "WHERE f.change_set > $floor RETURN DISTINCT f.change_set AS seq",
                      facts=wanted[start:start + _ROWS], floor=floor).data()
        seqs.update(int(r["seq"]) for r in rows)
    if not seqs:
        return []
    query: LiteralString = "MATCH (c:ChangeSet) WHERE c.seq IN $seqs WITH c ORDER BY c.seq" + _HEADER
    return [_header(r) for r in sorted(tx.run(query, seqs=sorted(seqs)).data(), key=lambda r: int(r["seq"]))]
