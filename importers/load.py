"""Loading a validated import plan into a store: all of it in one transaction, or nothing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from graph.errors import InvalidInputError, StoreError
from graph.model.changes import ChangeMeta, FactKey
from graph.model.domain import GraphBatch
from graph.model.vocabulary import MUNICIPALITY_KIND
from graph.store.base import GraphStore, ImportRecord

from .records import ImportPlan

__all__ = ["ImportInterruptedError", "LoadResult", "load_plan"]


@dataclass(frozen=True)
class LoadResult:
    """What a load wrote: actors, ties between actors, nodes per type, links, and in how many batches (statements
    of at most the batch size, all inside one transaction)."""

    actors: int
    relations: int
    batches: int
    nodes: Mapping[str, int] = field(default_factory=dict)
    links: int = 0
    #: The id of the change set the load kept (empty when it changed no fact).
    change_set: str = ""


class ImportInterruptedError(StoreError):
    """The store failed during the import; the import is one transaction, so nothing of it was written."""


def _batches(plan: ImportPlan, size: int) -> list[GraphBatch]:
    """One batch when the plan fits in ``size`` records; otherwise chunks in an order in which each batch refers
    only to what is written before it or in it: municipalities, other actors, nodes, ties, links. The chunks bound
    the size of each statement; they are written in one transaction all the same."""
    municipalities = [a for a in plan.actors if a.kind == MUNICIPALITY_KIND]
    others = [a for a in plan.actors if a.kind != MUNICIPALITY_KIND]
    total = len(plan.actors) + len(plan.relations) + len(plan.nodes) + len(plan.links)
    if total <= size:
        whole = GraphBatch(actors=(*municipalities, *others), relations=plan.relations, nodes=plan.nodes,
                           links=plan.links)
        return [whole] if total else []
    batches: list[GraphBatch] = []
    for group in (municipalities, others):
        batches.extend(GraphBatch(actors=tuple(chunk)) for chunk in _chunked(group, size))
    batches.extend(GraphBatch(nodes=tuple(chunk)) for chunk in _chunked(list(plan.nodes), size))
    batches.extend(GraphBatch(relations=tuple(chunk)) for chunk in _chunked(list(plan.relations), size))
    batches.extend(GraphBatch(links=tuple(chunk)) for chunk in _chunked(list(plan.links), size))
    return batches


T = TypeVar("T")


def _chunked(items: Sequence[T], size: int) -> list[Sequence[T]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def load_plan(plan: ImportPlan, store: GraphStore, *, batch_size: int = 1000, skip_invalid: bool = False,
              change: ChangeMeta | None = None, remove: Sequence[FactKey] = ()) -> LoadResult:
    """Write the plan's valid records to ``store``.

    Refuses (raises :class:`InvalidInputError`, writing nothing) when the plan has errors, unless
    ``skip_invalid``. Initialises an empty store (schema and fields of action) first. The records, in batches of
    ``batch_size``, and the import record are written in ONE transaction: a failure, or the process dying
    midway, leaves the store as it was and no import record (:class:`ImportInterruptedError` says so), and
    running the same import again writes it whole. The import is one change set (``change``; by default the
    local user's ``import`` with the files' names as its source), which ``integranet undo`` takes back; the facts
    ``remove`` names (those that vanished from a re-imported file) are removed in it (``GraphStore.write_all``).
    """
    if plan.has_errors and not skip_invalid:
        raise InvalidInputError(
            f"{len(plan.errors)} error(s) in the input; nothing was written.", plan.errors
        )
    if not store.is_initialised():
        store.initialise()
    batches = _batches(plan, batch_size)
    record = ImportRecord(imported_at=plan.imported_at, files=plan.files, actors=len(plan.actors),
                          relations=len(plan.relations), rows=plan.rows, skipped=plan.rejected)
    try:
        meta = change or ChangeMeta.local("import", source=", ".join(Path(f).name for f in plan.files))
        change_set = store.write_all(batches, record, meta, remove=remove)
    except StoreError as exc:
        raise ImportInterruptedError(
            f"The store failed during the import ({len(batches)} batch(es) in one transaction): {exc} Nothing of "
            "the import was written. Run the same import again once the store works."
        ) from exc
    return LoadResult(actors=len(plan.actors), relations=len(plan.relations), batches=len(batches),
                      nodes=plan.nodes_by_type(), links=len(plan.links),
                      change_set=change_set.id if change_set else "")
