"""From raw tables to validated records: every problem collected, nothing written.

Parsing (``tables``), validation (this module, with :mod:`importers.record_builder` for each row) and
loading (``load``) are three steps. Validation resolves every reference — kinds, relation types and fields
by id or label; municipalities by name or AGS; actors in relations by id or exact name — against the same
import and the store. This module checks the tables as a whole (their role, their columns) and puts the
rows in the order the references need.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.model.domain import Actor, Relation
from graph.model.vocabulary import Vocabulary

from .columns import ColumnMap, Role, detect_role, map_columns
from .problems import Problem, Severity
from .record_builder import DISTRICT_WORDS, RecordBuilder
from .rows import TableRow
from .tables import RawTable, read_tables

__all__ = ["DISTRICT_WORDS", "ImportPlan", "KnownActors", "plan_import"]

_ALIASES_SHOWN = {"name": ("name", "Name", "Bezeichnung"), "kind": ("kind", "type", "Art", "Typ")}


@dataclass(frozen=True)
class KnownActors:
    """What the store already holds, for resolving references: every actor's id, name and kind."""

    actors: tuple[Actor, ...] = ()

    @classmethod
    def from_store(cls, store: Any) -> KnownActors:
        return cls(tuple(store.actors()))


@dataclass(frozen=True)
class ImportPlan:
    """Validated records ready to load, and every problem found.

    ``actors`` and ``relations`` hold only valid rows; ``rejected`` counts rows left out because of
    errors. ``problems`` lists errors and warnings in file order.
    """

    actors: tuple[Actor, ...]
    relations: tuple[Relation, ...]
    problems: tuple[Problem, ...]
    files: tuple[str, ...]
    rows: int
    rejected: int
    imported_at: str

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def plan_import(
    files: Sequence[str | Path],
    vocabulary: Vocabulary,
    known: KnownActors = KnownActors(),
    *,
    roles: Mapping[str, Role] | None = None,
    imported_at: str | None = None,
) -> ImportPlan:
    """Read and validate ``files`` (CSV, or XLSX workbooks with a sheet per table).

    ``roles`` maps a file (as given) to its role when the headers should not decide. Nothing is
    written; the plan says what would be and lists every problem with file, line and column.
    """
    roles = roles or {}
    stamp = imported_at or _now()
    problems: list[Problem] = []
    actor_tables: list[tuple[RawTable, ColumnMap]] = []
    relation_tables: list[tuple[RawTable, ColumnMap]] = []
    for file in files:
        result = read_tables(file)
        problems.extend(result.problems)
        for table in result.tables:
            role = roles.get(str(file)) or detect_role(table.headers)
            if role is None:
                severity = Severity.WARNING if table.sheet and len(result.tables) > 1 else Severity.ERROR
                problems.append(Problem(
                    table.source, 1, "", "unknown-table",
                    "cannot tell whether this table holds actors (needs a name column: name/Name/Bezeichnung) or "
                    "relations (needs from and to columns: from/Von and to/Nach); rename the headers or pass "
                    "--actors / --relations" + (" — sheet ignored" if severity is Severity.WARNING else ""),
                    severity,
                ))
                continue
            columns = map_columns(table.headers, role)
            for canonical, header in columns.duplicates:
                problems.append(Problem(table.source, 1, header, "duplicate-column",
                                        f"a second column for {canonical!r}; keep only one"))
            (actor_tables if role is Role.ACTORS else relation_tables).append((table, columns))

    builder = RecordBuilder(vocabulary, known.actors, stamp)
    for table, columns in actor_tables:
        _check_actor_columns(table, columns, problems)
    # Municipalities first: other actors' seats and served towns refer to them.
    actor_rows = [TableRow(t, r, c) for t, c in actor_tables for r in t.rows]
    actor_rows.sort(key=lambda row: 0 if builder.is_municipality_row(row) else 1)
    for row in actor_rows:
        builder.actor(row)
    for table, columns in relation_tables:
        _check_relation_columns(table, columns, problems)
    relation_rows = [TableRow(t, r, c) for t, c in relation_tables for r in t.rows]
    for row in relation_rows:
        builder.relation(row)

    all_rows = actor_rows + relation_rows
    for row in all_rows:
        problems.extend(row.problems)
    order = {str(Path(f)): i for i, f in enumerate(files)}
    problems.sort(key=lambda p: (order.get(p.source.split("[")[0], 0), p.source, p.line))
    return ImportPlan(
        actors=tuple(builder.valid_actors()),
        relations=tuple(builder.valid_relations()),
        problems=tuple(problems),
        files=tuple(str(f) for f in files),
        rows=len(all_rows),
        rejected=sum(1 for row in all_rows if not row.ok),
        imported_at=stamp,
    )


def _check_actor_columns(table: RawTable, columns: ColumnMap, problems: list[Problem]) -> None:
    for required in ("name", "kind"):
        if required not in columns.positions:
            problems.append(Problem(table.source, 1, "", f"missing-column-{required}",
                                    f"the actors table has no {required!r} column "
                                    f"({' / '.join(_ALIASES_SHOWN[required])})"))


def _check_relation_columns(table: RawTable, columns: ColumnMap, problems: list[Problem]) -> None:
    if "type" not in columns.positions:
        problems.append(Problem(table.source, 1, "", "missing-column-type",
                                "the relations table has no 'type' column (type / Beziehung / Art)"))
