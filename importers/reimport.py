"""Importing a file again: only the facts that came from it are updated, and what vanished from it is listed.

A fact's source is the import that last wrote it (:func:`graph.store.history.source_facts`, by the files' names).
Re-importing a source compares the plan with the store as :func:`importers.preview.preview_plan` does, and adds:

* ``vanished``: facts whose latest write was an import of these files and which the files no longer hold. They
  are kept unless the user names them for removal; then they go in the import's own change set.
* ``edited_since``: records the plan would change whose stored version was written, after an import of these
  files, by another change set (an officer's edit in the dashboard, a merge, another import). By default they are
  not overwritten: the plan to load leaves them out unless the user chooses to overwrite them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from graph.errors import InvalidInputError, StoreWriteError
from graph.model.changes import ChangeMeta, FactKey, Record, fact_key
from graph.model.domain import GraphBatch
from graph.store import history
from graph.store.base import GraphStore

from .load import LoadResult, load_plan
from .preview import KINDS, ChangePreview, preview_plan
from .records import ImportPlan

__all__ = ["EditedSince", "ReimportPreview", "Vanished", "describe_reimport", "load_reimport", "plan_to_load",
           "reimport_preview", "shown_key", "source_names"]


@dataclass(frozen=True)
class Vanished:
    """A fact that an earlier import of the files wrote and the files no longer hold."""

    kind: str
    key: str
    name: str

    @property
    def fact(self) -> FactKey:
        return (self.kind, self.key)

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "key": self.key, "name": self.name}


@dataclass(frozen=True)
class EditedSince:
    """A record the plan would change that another change set wrote after the files were imported: who, when,
    which change set, and each property the file would write over it as ``(property, stored, file)``."""

    kind: str
    key: str
    name: str
    who: str
    at: str
    change_set: str
    properties: tuple[tuple[str, Any, Any], ...]

    @property
    def fact(self) -> FactKey:
        return (self.kind, self.key)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "key": self.key, "name": self.name, "who": self.who, "at": self.at,
                "change_set": self.change_set,
                "properties": [{"property": p, "before": b, "after": a} for p, b, a in self.properties]}


@dataclass(frozen=True)
class ReimportPreview:
    """What importing a plan again would do: the :class:`~importers.preview.ChangePreview` (whose ``missing`` no
    longer lists the vanished facts), the files' names, the vanished facts and the records edited since.

    ``incomplete`` is True when rows of the files were invalid: their facts cannot be told from vanished ones, so
    ``vanished`` is left empty until every row is valid."""

    preview: ChangePreview
    sources: tuple[str, ...]
    vanished: tuple[Vanished, ...] = ()
    edited_since: tuple[EditedSince, ...] = ()
    imported_before: bool = False
    incomplete: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"sources": list(self.sources), "imported_before": self.imported_before,
                "incomplete": self.incomplete, "vanished": [v.as_dict() for v in self.vanished],
                "edited_since": [e.as_dict() for e in self.edited_since], "preview": self.preview.as_dict()}


def source_names(plan: ImportPlan) -> tuple[str, ...]:
    """The names (without folder) of the plan's files, as an import's change set names its source."""
    return tuple(dict.fromkeys(Path(f).name for f in plan.files))


def _records(plan: ImportPlan) -> dict[str, Sequence[Record]]:
    return {"actors": plan.actors, "nodes": plan.nodes, "relations": plan.relations, "links": plan.links}


def shown_key(fact: FactKey) -> str:
    """A fact's key as the preview writes it (``source → type → target`` for ties and links)."""
    return fact[1].replace("|", " → ") if fact[0] in ("relation", "link") else fact[1]


def reimport_preview(plan: ImportPlan, store: GraphStore, *, compare: bool = True) -> ReimportPreview:
    """Compare ``plan`` with the store, and with what earlier imports of the same files (by name) wrote; nothing
    is written. Without ``compare`` the record-by-record comparison is made only where it is needed to find the
    records edited since (an import that only wants ``vanished`` and ``edited_since`` saves reading the store)."""
    names = source_names(plan)
    owned = history.source_facts(store, names)
    preview = preview_plan(plan, store) if compare or owned.edited else ChangePreview()
    facts = {kind: {shown_key(fact_key(r)): fact_key(r) for r in records} for kind, records in _records(plan).items()}
    edited: list[EditedSince] = []
    for kind in KINDS:
        for change in preview.of(kind).changed:
            fact = facts[kind].get(change.key)
            writer = owned.edited.get(fact) if fact is not None else None
            if fact is not None and writer is not None:
                edited.append(EditedSince(fact[0], fact[1], change.name, writer.who, writer.at, writer.id,
                                          change.properties))
    planned = {fact for by_key in facts.values() for fact in by_key.values()}
    gone = sorted(owned.current - planned)
    stored = history.current_facts(store, gone)
    vanished = tuple(Vanished(kind, key, str(stored.get((kind, key), {}).get("name") or shown_key((kind, key))))
                     for kind, key in gone)
    incomplete = plan.rejected > 0 or plan.has_errors
    shown = {shown_key(v.fact) for v in vanished}
    kinds = {kind: replace(preview.of(kind), missing=tuple(k for k in preview.of(kind).missing if k not in shown))
             for kind in KINDS}
    return ReimportPreview(ChangePreview(kinds), names, () if incomplete else vanished, tuple(edited),
                           imported_before=bool(owned.current or owned.edited), incomplete=incomplete)


def plan_to_load(plan: ImportPlan, reimport: ReimportPreview, overwrite: Collection[FactKey] = ()) -> ImportPlan:
    """The plan without the records edited since the last import of its files, but for those in ``overwrite``."""
    held = {e.fact for e in reimport.edited_since} - set(overwrite)
    if not held:
        return plan
    return replace(plan, actors=tuple(a for a in plan.actors if fact_key(a) not in held),
                   nodes=tuple(n for n in plan.nodes if fact_key(n) not in held),
                   relations=tuple(r for r in plan.relations if fact_key(r) not in held),
                   links=tuple(k for k in plan.links if fact_key(k) not in held))


def load_reimport(plan: ImportPlan, store: GraphStore, reimport: ReimportPreview, *,
                  remove: Iterable[FactKey] = (), overwrite: Collection[FactKey] = (), batch_size: int = 1000,
                  skip_invalid: bool = False, change: ChangeMeta | None = None) -> LoadResult:
    """Write the plan (without the records edited since, but for ``overwrite``) and remove the vanished facts named
    in ``remove``, in ONE transaction and change set (:func:`importers.load.load_plan`).

    Raises :class:`InvalidInputError` (writing nothing) when ``remove`` names a fact that is not among the vanished
    ones, or when a removal would take away what the plan writes (a vanished actor whose tie the files still hold).
    """
    chosen = list(dict.fromkeys(remove))
    unknown = set(chosen) - {v.fact for v in reimport.vanished}
    if unknown:
        named = ", ".join(f"{kind} {key}" for kind, key in sorted(unknown)[:5])
        raise InvalidInputError(f"Only facts that vanished from the files are removed with an import, not {named}. "
                                "Nothing was written.")
    loaded = plan_to_load(plan, reimport, overwrite)
    if chosen:
        records = [*loaded.actors, *loaded.nodes, *loaded.relations, *loaded.links]
        try:
            history.check_apart(history.removal_changes(store, chosen), [GraphBatch(
                actors=loaded.actors, relations=loaded.relations, nodes=loaded.nodes, links=loaded.links)])
        except StoreWriteError as exc:
            raise InvalidInputError(f"{exc} (Removing a vanished actor or node takes its ties and links with it; "
                                    f"the files still hold some of them among their {len(records)} record(s).)"
                                    ) from exc
    return load_plan(loaded, store, batch_size=batch_size, skip_invalid=skip_invalid, change=change, remove=chosen)


def describe_reimport(reimport: ReimportPreview, limit: int = 20, *, removing: bool = False,
                      overwriting: bool = False) -> list[str]:
    """Plain lines for the vanished facts (removed with ``removing``, else kept) and the records edited since the
    last import (kept as they are, overwritten with ``overwriting``), up to ``limit`` each."""
    lines: list[str] = []
    if reimport.incomplete and reimport.imported_before:
        lines.append("Facts that vanished from the files are listed once every row is valid.")
    if reimport.vanished:
        what = "removed with this import" if removing else "kept; --remove-vanished removes them"
        lines.append(f"{len(reimport.vanished)} fact(s) an earlier import of {', '.join(reimport.sources)} wrote are "
                     f"no longer in the files ({what}):")
        lines.extend(f"  {v.kind} {shown_key(v.fact)} ({v.name})" for v in reimport.vanished[:limit])
        lines.extend(_more(len(reimport.vanished), limit))
    if reimport.edited_since:
        what = ("overwritten with the files' values" if overwriting
                else "they keep the stored values; --overwrite-edited overwrites them")
        lines.append(f"{len(reimport.edited_since)} record(s) were changed in the store since the last import of "
                     f"these files ({what}):")
        for e in reimport.edited_since[:limit]:
            lines.append(f"  {e.kind} {shown_key(e.fact)} ({e.name}): by {e.who} at {e.at[:19]} in change set "
                         f"{e.change_set}")
        lines.extend(_more(len(reimport.edited_since), limit))
    return lines


def _more(total: int, limit: int) -> list[str]:
    return [f"  … and {total - limit} more."] if total > limit else []
