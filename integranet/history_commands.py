"""``integranet history`` and ``integranet undo``: the store's change sets, and taking one back.

:mod:`integranet.cli` registers the commands. Every write (import, seed, edit, delete, merge, undo) is one change
set kept in the store (:mod:`graph.model.changes`); undo restores exactly the state before one, and refuses,
naming the later change sets, where later changes touched the same facts.
"""

from __future__ import annotations

import json

import click

from graph.model.changes import ChangeMeta, ChangeSet
from integranet.context import current_settings, opened_store, plain_errors, store_option

__all__ = ["history", "undo"]


@click.command()
@store_option
@click.option("--json", "as_json", is_flag=True, help="Print the change sets as one JSON list.")
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True, help="How many, newest first.")
@click.option("--show", "show", default=None, metavar="ID", help="Show every fact of this change set.")
@plain_errors
def history(as_json: bool, limit: int, show: str | None) -> None:
    """List the change sets, newest first: when, who, what kind of write, source, how many facts."""
    settings = current_settings()
    with opened_store(settings) as (store, _):
        if show:
            found = store.change_set(show)
            if found is None:
                raise click.UsageError(f"There is no change set {show!r}; `integranet history` lists them.")
            _show(found, as_json)
            return
        sets = store.change_sets(limit=limit)
    if as_json:
        click.echo(json.dumps([c.header() for c in sets], ensure_ascii=False))
        return
    if not sets:
        click.echo("No change sets yet: nothing has been written to this store.")
        return
    for c in sets:
        done = f"  (undone by {c.undone_by})" if c.undone_by else ""
        undoes = f" of {c.undoes}" if c.undoes else ""
        source = f"  from {c.source}" if c.source else ""
        comment = f"  “{c.comment}”" if c.comment else ""
        click.echo(f"{c.id}  {c.at[:19].replace('T', ' ')} UTC  {c.who}  {c.action}{undoes}  {c.size} fact(s)"
                   f"{source}{comment}{done}")


def _show(change_set: ChangeSet, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(change_set.as_dict(), ensure_ascii=False))
        return
    click.echo(f"{change_set.id}  {change_set.at}  {change_set.who}  {change_set.action}")
    for fact in change_set.facts:
        click.echo(f"  {fact.action} {fact.kind} {fact.key} ({fact.name})")
        if fact.action == "changed":
            for name, before, after in fact.properties():
                click.echo(f"      {name}: {before!r} → {after!r}")


@click.command()
@store_option
@click.argument("change_set_id", metavar="ID")
@click.option("--comment", default="", help="Why it is undone (kept with the undo's own change set).")
@plain_errors
def undo(change_set_id: str, comment: str) -> None:
    """Restore exactly the state before the change set ID (itself a change set, which can be undone in turn).
    Refuses, writing nothing, when later change sets changed the same facts; they are named."""
    settings = current_settings()
    with opened_store(settings) as (store, _):
        done = store.undo(change_set_id, ChangeMeta.local("undo", comment=comment))
    click.echo(f"Undone: change set {change_set_id} ({done.size} fact(s) restored) as change set {done.id}.")
