"""``integranet duplicates`` and ``integranet merge``: records that are likely one organisation entered twice,
and merging two of them into one.

:mod:`integranet.cli` registers the commands. ``duplicates`` only reads the store, asks
:mod:`graph.analysis.duplicates` (names normalised, compared within one kind and municipality, or one node type)
and prints. ``merge`` plans the merge with :mod:`graph.store.merging`, shows what it does, asks (or takes
``--yes``), and writes it as one change set that ``integranet undo`` takes back.
"""

from __future__ import annotations

import json

import click

from graph.analysis.duplicates import DUPLICATE_THRESHOLD, DuplicatePair, likely_duplicates, likely_node_duplicates
from graph.model.changes import ChangeMeta
from graph.store.merging import MergePlan, plan_merge
from integranet.context import confirmed, current_settings, opened_store, plain_errors, store_option

__all__ = ["duplicates", "merge"]


@click.command()
@store_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object: {actors: [...], nodes: [...]}.")
@click.option("--threshold", type=click.FloatRange(0, 100), default=DUPLICATE_THRESHOLD, show_default=True,
              help="Lowest score (0-100) of a pair that is listed.")
@plain_errors
def duplicates(as_json: bool, threshold: float) -> None:
    """List likely duplicates: actors of the same kind and municipality (other nodes of the same type)
    whose normalised names are alike, with a score 0-100, highest first. Nothing is changed."""
    settings = current_settings()
    with opened_store(settings) as (store, _):
        actors = store.actors()
        nodes = store.nodes()
    names = {a.id: a.name for a in actors} | {n.id: n.name for n in nodes}
    found = {"actors": likely_duplicates(actors, threshold), "nodes": likely_node_duplicates(nodes, threshold)}
    if as_json:
        click.echo(json.dumps({part: [_record(p, names) for p in pairs] for part, pairs in found.items()},
                              ensure_ascii=False))
        return
    pairs = found["actors"] + found["nodes"]
    if not pairs:
        click.echo(f"No likely duplicates (score >= {threshold:g}).")
        return
    click.echo(f"{len(pairs)} likely duplicate pair(s) (score >= {threshold:g}):")
    for pair in pairs:
        click.echo(f"  {pair.score:5.1f}  {pair.a} ({names[pair.a]})  ~  {pair.b} ({names[pair.b]})")
    first = pairs[0]
    click.echo(f"Merge a pair with `integranet merge KEEP DROP` (e.g. `integranet merge {first.a} {first.b}`): it "
               "shows what moves and asks first.")


def _record(pair: DuplicatePair, names: dict[str, str]) -> dict[str, object]:
    return {**pair.as_record(), "a_name": names[pair.a], "b_name": names[pair.b]}


@click.command()
@store_option
@click.argument("keep")
@click.argument("drop")
@click.option("--yes", "-y", is_flag=True, help="Merge without asking.")
@click.option("--comment", default="", help="Why (kept with the merge's change set).")
@plain_errors
def merge(keep: str, drop: str, yes: bool, comment: str) -> None:
    """Merge DROP into KEEP (two actors, or two nodes of one type): every tie and link of DROP moves to KEEP,
    KEEP's empty attributes are filled from DROP and its sources united with DROP's, and DROP is deleted.
    Shows what it does and asks first (--yes does not ask); one change set, which `integranet undo` takes back."""
    settings = current_settings()
    with opened_store(settings) as (store, _):
        plan = plan_merge(store, keep, drop)
        for line in _describe_merge(plan):
            click.echo(line)
        if not confirmed(f"Merge {drop} into {keep}?", f"Nothing was written: a merge asks first. Run `integranet "
                         f"merge {keep} {drop} --yes` to merge without asking.", yes):
            click.echo("Nothing was written.")
            return
        done = store.apply_changes(plan.facts, ChangeMeta.local("merge", comment=comment or
                                                                f"{drop} merged into {keep}"))
    assert done is not None  # a merge deletes DROP at least
    click.echo(f"Merged {drop} into {keep}: change set {done.id} ({done.size} fact(s)). "
               f"`integranet undo {done.id}` takes it back.")


def _describe_merge(plan: MergePlan) -> list[str]:
    """What the merge ``plan`` does, in lines for the terminal."""
    keep, drop = plan.keep, plan.drop
    lines = [f"Merging {drop} ({plan.drop_name}) into {keep} ({plan.keep_name}):",
             f"  {plan.moved} tie(s) and link(s) move from {drop} to {keep}; {plan.joined} are joined with one "
             f"{keep} already has; {plan.dropped} joining the two to each other are dropped."]
    if plan.filled:
        lines.append(f"  {keep} gains from {drop}: {', '.join(plan.filled)}.")
    if plan.repointed:
        lines.append(f"  Seated in or serving {keep} instead of {drop}: {', '.join(plan.repointed)}.")
    lines.append(f"  {drop} is deleted ({len(plan.facts)} fact(s) change in all).")
    return lines
