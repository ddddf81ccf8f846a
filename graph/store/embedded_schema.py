"""The embedded store's tables, and the non-destructive upgrade of a store file made by an older version.

Actors, fields of action, their structure and the ties between actors each have their own table; the nodes of
the schema's other types share ``node`` (their free properties as a JSON object in ``properties``, list values
as JSON arrays) and every link between any two of them is a row of ``link``, whose ends are named by id and by
node type (``Actor``, ``FieldOfAction`` or a node type).

An upgrade only adds: missing tables and indexes (``CREATE … IF NOT EXISTS``) and missing columns (``ALTER TABLE
… ADD COLUMN`` with a default). It never drops or changes a row.
"""

from __future__ import annotations

import sqlite3

__all__ = ["SCHEMA_SQL", "SCHEMA_VERSION", "needs_upgrade", "upgrade"]

SCHEMA_VERSION = "1"

SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS vocabulary_term (
    category TEXT NOT NULL, id TEXT NOT NULL, label_en TEXT NOT NULL, label_de TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '', source TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (category, id));
CREATE TABLE IF NOT EXISTS field_of_action (
    id TEXT PRIMARY KEY, label_en TEXT NOT NULL, label_de TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '', provenance TEXT NOT NULL DEFAULT '',
    imported_at TEXT NOT NULL DEFAULT '', position INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS actor (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, town TEXT NOT NULL DEFAULT '',
    serves_district INTEGER NOT NULL DEFAULT 0, provenance TEXT NOT NULL DEFAULT '',
    imported_at TEXT NOT NULL DEFAULT '', properties TEXT NOT NULL DEFAULT '{}',
    confirmed TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS actor_kind ON actor (kind);
CREATE INDEX IF NOT EXISTS actor_name ON actor (name);
CREATE TABLE IF NOT EXISTS located_in (
    actor_id TEXT PRIMARY KEY REFERENCES actor (id) ON DELETE CASCADE,
    municipality_id TEXT NOT NULL REFERENCES actor (id) ON DELETE CASCADE);
CREATE INDEX IF NOT EXISTS located_in_municipality ON located_in (municipality_id);
CREATE TABLE IF NOT EXISTS serves (
    actor_id TEXT NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
    municipality_id TEXT NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
    PRIMARY KEY (actor_id, municipality_id));
CREATE INDEX IF NOT EXISTS serves_municipality ON serves (municipality_id);
CREATE TABLE IF NOT EXISTS works_on (
    actor_id TEXT NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
    field_id TEXT NOT NULL REFERENCES field_of_action (id) ON DELETE CASCADE,
    PRIMARY KEY (actor_id, field_id));
CREATE INDEX IF NOT EXISTS works_on_field ON works_on (field_id);
CREATE TABLE IF NOT EXISTS relation (
    source TEXT NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    target TEXT NOT NULL REFERENCES actor (id) ON DELETE CASCADE,
    fields TEXT NOT NULL DEFAULT '[]', since TEXT, until TEXT, note TEXT NOT NULL DEFAULT '',
    provenance TEXT NOT NULL DEFAULT '', imported_at TEXT NOT NULL DEFAULT '',
    properties TEXT NOT NULL DEFAULT '{}', confirmed TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (source, type, target));
CREATE INDEX IF NOT EXISTS relation_target ON relation (target);
CREATE TABLE IF NOT EXISTS node (
    id TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, provenance TEXT NOT NULL DEFAULT '',
    confirmed TEXT NOT NULL DEFAULT '', imported_at TEXT NOT NULL DEFAULT '',
    properties TEXT NOT NULL DEFAULT '{}');
CREATE INDEX IF NOT EXISTS node_type ON node (type);
CREATE INDEX IF NOT EXISTS node_name ON node (name);
CREATE TABLE IF NOT EXISTS link (
    source TEXT NOT NULL, source_type TEXT NOT NULL, type TEXT NOT NULL,
    target TEXT NOT NULL, target_type TEXT NOT NULL, provenance TEXT NOT NULL DEFAULT '',
    confirmed TEXT NOT NULL DEFAULT '', imported_at TEXT NOT NULL DEFAULT '',
    properties TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (source, type, target));
CREATE INDEX IF NOT EXISTS link_target ON link (target);
CREATE INDEX IF NOT EXISTS link_type ON link (type);
CREATE TABLE IF NOT EXISTS import_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, imported_at TEXT NOT NULL, files TEXT NOT NULL,
    actors INTEGER NOT NULL, relations INTEGER NOT NULL, rows INTEGER NOT NULL,
    skipped INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS change_set (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, at TEXT NOT NULL, who TEXT NOT NULL,
    action TEXT NOT NULL, source TEXT NOT NULL DEFAULT '', comment TEXT NOT NULL DEFAULT '',
    undoes TEXT NOT NULL DEFAULT '', size INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS change_set_undoes ON change_set (undoes);
CREATE TABLE IF NOT EXISTS fact_change (
    change_set INTEGER NOT NULL REFERENCES change_set (seq) ON DELETE CASCADE, position INTEGER NOT NULL,
    kind TEXT NOT NULL, key TEXT NOT NULL, before TEXT, after TEXT,
    PRIMARY KEY (change_set, position));
CREATE INDEX IF NOT EXISTS fact_change_fact ON fact_change (kind, key);
"""

#: Columns added after the first version: (table, column, declaration). Table and column are constants.
_ADDED_COLUMNS = (
    ("actor", "confirmed", "TEXT NOT NULL DEFAULT ''"),
    ("relation", "confirmed", "TEXT NOT NULL DEFAULT ''"),
)
_ADDED_TABLES = ("node", "link", "change_set", "fact_change")


def _tables(db: sqlite3.Connection) -> set[str]:
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _columns(db: sqlite3.Connection, table: str) -> set[str]:
    # ``table`` is a constant of this module; PRAGMA takes no parameters.
    return {r[1] for r in db.execute(f"PRAGMA table_info({table})")}


def needs_upgrade(db: sqlite3.Connection) -> bool:
    """True when the file holds a store (it has an ``actor`` table) made before a table or column was added."""
    tables = _tables(db)
    if "actor" not in tables:
        return False
    if not set(_ADDED_TABLES) <= tables:
        return True
    return any(column not in _columns(db, table) for table, column, _ in _ADDED_COLUMNS if table in tables)


def upgrade(db: sqlite3.Connection) -> None:
    """Create every missing table and index and add every missing column; existing rows stay as they are.

    Idempotent. The caller holds the store's lock; ``db`` is in autocommit mode (no transaction open).
    """
    db.executescript(SCHEMA_SQL)
    for table, column, declaration in _ADDED_COLUMNS:
        if column not in _columns(db, table):
            try:
                db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")
            except sqlite3.OperationalError:
                # Another process opening the same old file may have added it in between.
                if column not in _columns(db, table):
                    raise
            # Before `confirmed` was a field, a spreadsheet column of that name was kept as a free property:
            # its value moves into the field (unchanged), where every reader now looks for it.
            with db:
                db.execute(
                    f"UPDATE {table} SET {column} = CAST(json_extract(properties, '$.{column}') AS TEXT),"
                    f" properties = json_remove(properties, '$.{column}')"
                    f" WHERE json_extract(properties, '$.{column}') IS NOT NULL"
                )
