"""The embedded store's change history: the ``change_set`` and ``fact_change`` tables, and deleting facts.

A change set is one row of ``change_set`` (the tables are in :mod:`graph.store.embedded_schema`); each fact it
changed is a row of ``fact_change`` with the fact's whole record before and after as JSON (NULL where it did not
or no longer exists). Both are written inside the transaction of the write they record.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from graph.errors import EditConflictError, StoreWriteError
from graph.model.changes import ChangeSet, FactChange, FactKey, HistoryRewrite, dumps, loads
from graph.store.embedded_nodes import Query, chunks, delete_links_of, marks

if TYPE_CHECKING:
    from graph.store.base import ImportRecord

__all__ = ["change_set", "change_sets", "change_sets_touching", "check_versions", "delete_facts", "purge_freed",
           "rewrite", "versions", "write_change_set", "write_import"]

_HEADER = ("SELECT c.id, c.at, c.who, c.action, c.source, c.comment, c.undoes, c.size, "
           "coalesce((SELECT u.id FROM change_set u WHERE u.undoes = c.id ORDER BY u.seq DESC LIMIT 1), '') "
           "FROM change_set c")


def delete_facts(db: sqlite3.Connection, deletions: Sequence[FactChange]) -> None:
    """Delete the facts inside the caller's transaction: links and ties first, then nodes and actors (whose
    structure rows go with them)."""
    for change in deletions:
        if change.kind in ("link", "relation"):
            source, type_, target = change.key.split("|")
            table = "link" if change.kind == "link" else "relation"
            db.execute(f"DELETE FROM {table} WHERE source = ? AND type = ? AND target = ?", (source, type_, target))
    for change in deletions:
        if change.kind in ("node", "actor"):
            delete_links_of(db, change.key)
            db.execute(f"DELETE FROM {change.kind} WHERE id = ?", (change.key,))


def write_change_set(db: sqlite3.Connection, change_set: ChangeSet) -> None:
    """Keep the change set and its facts inside the caller's transaction."""
    cursor = db.execute(
        "INSERT INTO change_set (id, at, who, action, source, comment, undoes, size) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (change_set.id, change_set.at, change_set.who, change_set.action, change_set.source, change_set.comment,
         change_set.undoes, len(change_set.facts)),
    )
    seq = cursor.lastrowid
    db.executemany(
        "INSERT INTO fact_change (change_set, position, kind, key, before, after) VALUES (?, ?, ?, ?, ?, ?)",
        [(seq, i, f.kind, f.key, dumps(f.before), dumps(f.after)) for i, f in enumerate(change_set.facts)],
    )


def versions(query: Query, facts: Iterable[FactKey]) -> dict[FactKey, int]:
    """The version of each fact: how many change sets wrote it (0 for a fact no change set wrote)."""
    by_kind: dict[str, list[str]] = {}
    for kind, key in facts:
        by_kind.setdefault(kind, []).append(key)
    found = {(kind, key): 0 for kind, keys in by_kind.items() for key in keys}
    for kind, keys in by_kind.items():
        for chunk in chunks(sorted(set(keys))):
            rows = query(f"SELECT key, count(*) FROM fact_change WHERE kind = ? AND key IN ({marks(len(chunk))}) "
                         "GROUP BY key", [kind, *chunk])
            found.update({(kind, r[0]): int(r[1]) for r in rows})
    return found


def check_versions(db: sqlite3.Connection, expected: Mapping[FactKey, int]) -> None:
    """Inside the write's transaction (BEGIN IMMEDIATE: no other writer in between), raise
    :class:`~graph.errors.EditConflictError` naming the facts whose version is no longer the one expected."""
    if not expected:
        return
    now = versions(lambda sql, params: db.execute(sql, params).fetchall(), expected)
    stale = tuple(sorted(fact for fact, version in expected.items() if now.get(fact, 0) != version))
    if stale:
        raise EditConflictError("", stale)


def write_import(db: sqlite3.Connection, record: ImportRecord) -> None:
    """Remember an import inside the caller's transaction (the log the overview shows)."""
    db.execute(
        "INSERT INTO import_log (imported_at, files, actors, relations, rows, skipped) VALUES (?, ?, ?, ?, ?, ?)",
        (record.imported_at, json.dumps(list(record.files)), record.actors, record.relations, record.rows,
         record.skipped),
    )


def rewrite(db: sqlite3.Connection, rewrites: Sequence[HistoryRewrite]) -> None:
    """Rewrite change sets of the history in place (an erasure), inside the caller's transaction."""
    for item in rewrites:
        found = db.execute("SELECT seq FROM change_set WHERE id = ?", (item.change_set,)).fetchone()
        if found is None:
            continue
        db.execute("UPDATE change_set SET comment = ? WHERE seq = ?", (item.comment, found[0]))
        db.executemany("UPDATE fact_change SET before = ?, after = ? WHERE change_set = ? AND position = ?",
                       [(dumps(before), dumps(after), found[0], position) for position, before, after in item.facts])


def purge_freed(db: sqlite3.Connection) -> None:
    """Rebuild the database file and empty its write-ahead log, outside any transaction: no page of the files
    keeps a value deleted or overwritten before (with ``secure_delete`` on, freed pages are zeroed as well)."""
    try:
        db.execute("VACUUM")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error as exc:
        raise StoreWriteError(f"The store's file could not be rewritten after the erasure ({exc}); the erased values "
                              "are gone from the data but may linger in its free space. Close every other program "
                              "that has the store open (another dashboard, a command) and erase again: that finds "
                              "nothing left to erase and rewrites the file.") from exc


def _header(row: Sequence[Any], facts: tuple[FactChange, ...] = ()) -> ChangeSet:
    return ChangeSet(id=row[0], at=row[1], who=row[2], action=row[3], source=row[4], comment=row[5],
                     undoes=row[6], size=row[7], undone_by=row[8], facts=facts)


def change_sets(query: Query, limit: int | None, offset: int) -> list[ChangeSet]:
    """The change sets, newest first, without facts."""
    rows = query(_HEADER + " ORDER BY c.seq DESC LIMIT ? OFFSET ?", [-1 if limit is None else limit, offset])
    return [_header(r) for r in rows]


def change_set(query: Query, change_set_id: str) -> ChangeSet | None:
    """One change set with its facts in the order written."""
    rows = query(_HEADER + " WHERE c.id = ?", [change_set_id])
    if not rows:
        return None
    facts = query("SELECT f.kind, f.key, f.before, f.after FROM fact_change f JOIN change_set c "
                  "ON c.seq = f.change_set WHERE c.id = ? ORDER BY f.position", [change_set_id])
    return _header(rows[0], tuple(FactChange(r[0], r[1], loads(r[2]), loads(r[3])) for r in facts))


def change_sets_touching(query: Query, facts: Iterable[FactKey], after: str | None) -> list[ChangeSet]:
    """The change sets (oldest first, without facts) that changed any of ``facts``, after ``after`` if given."""
    since = query("SELECT seq FROM change_set WHERE id = ?", [after]) if after else []
    floor = since[0][0] if since else 0
    seqs: set[int] = set()
    by_kind: dict[str, list[str]] = {}
    for kind, key in facts:
        by_kind.setdefault(kind, []).append(key)
    for kind, keys in by_kind.items():
        for chunk in chunks(sorted(set(keys))):
            rows = query(f"SELECT DISTINCT change_set FROM fact_change WHERE kind = ? AND key IN ({marks(len(chunk))})"
                         " AND change_set > ?", [kind, *chunk, floor])
            seqs.update(r[0] for r in rows)
    if not seqs:
        return []
    found: list[ChangeSet] = []
    for chunk_seqs in chunks([str(s) for s in sorted(seqs)]):
        rows = query(_HEADER + f" WHERE c.seq IN ({marks(len(chunk_seqs))}) ORDER BY c.seq",
                     [int(s) for s in chunk_seqs])
        found.extend(_header(r) for r in rows)
    return found
