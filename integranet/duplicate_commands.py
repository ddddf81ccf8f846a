"""``integranet duplicates``: actors and other nodes that are likely one organisation entered twice.

:mod:`integranet.cli` registers the command. It only reads the store, asks :mod:`graph.analysis.duplicates`
(names normalised, compared within one kind and municipality, or one node type) and prints; nothing is merged.
"""

from __future__ import annotations

import json

import click

from graph.analysis.duplicates import DUPLICATE_THRESHOLD, DuplicatePair, likely_duplicates, likely_node_duplicates
from integranet.context import current_settings, opened_store, plain_errors, store_option

__all__ = ["duplicates"]


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


def _record(pair: DuplicatePair, names: dict[str, str]) -> dict[str, object]:
    return {**pair.as_record(), "a_name": names[pair.a], "b_name": names[pair.b]}
