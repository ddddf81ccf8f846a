"""``integranet review`` and ``integranet confirm``: facts not confirmed for too long, and confirming that they
still hold.

:mod:`integranet.cli` registers the commands. ``review`` only reads; :mod:`graph.analysis.fact_age` decides
what is stale (not confirmed, or never confirmed and imported, more than ``--months`` months ago; default
``INTEGRANET_REVIEW_MONTHS``, 12). ``confirm`` sets the named facts' ``confirmed`` date to today as one change
set (action ``confirm``), which ``integranet undo`` can take back.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import click

from graph.analysis.fact_age import FACT_KINDS, StaleFact, confirmation_changes, count_stale, fact_records, stale_facts
from graph.model.changes import ChangeMeta, FactKey
from graph.model.domain import Actor, Relation
from graph.model.knowledge import Link, Node
from graph.model.vocabulary import MUNICIPALITY_KIND, Vocabulary
from graph.store import GraphStore
from integranet.context import current_settings, opened_store, plain_errors, store_option

__all__ = ["confirm", "review"]


@dataclass(frozen=True)
class _Facts:
    """Everything that ages, read from the store once."""

    actors: list[Actor]
    relations: list[Relation]
    nodes: list[Node]
    links: list[Link]
    vocabulary: Vocabulary

    @classmethod
    def read(cls, store: GraphStore) -> _Facts:
        return cls(store.actors(), store.relations(), store.nodes(), store.links(), store.vocabulary)

    def municipality_id(self, given: str | None) -> str | None:
        """The id of the municipality ``given`` names (its id, name or AGS, any case); a usage error if none."""
        if given is None:
            return None
        wanted = given.strip().casefold()
        for actor in self.actors:
            if actor.kind == MUNICIPALITY_KIND and wanted in (
                    actor.id.casefold(), actor.name.casefold(), str(actor.properties.get("ags", "")).casefold()):
                return actor.id
        raise click.BadParameter(f"no municipality {given!r} in the store (give its id, name or AGS).",
                                 param_hint="--municipality")

    def stale(self, months: int, municipality: str | None, kind: str | None) -> list[StaleFact]:
        return stale_facts(self.actors, self.relations, self.nodes, self.links, date.today(), months,
                           self.municipality_id(municipality), kind, vocabulary=self.vocabulary)


#: The options that choose which facts are due for review (``review``, and ``confirm --all-listed``).
_months = click.option("--months", type=click.IntRange(1), default=None, metavar="N",
                       help="Facts not confirmed for more than N months (default: INTEGRANET_REVIEW_MONTHS, 12).")
_municipality = click.option("--municipality", default=None, metavar="ID|NAME|AGS",
                             help="Only the facts of this municipality (an actor's seat, a tie's source's, "
                                  "a node's place).")
_kind = click.option("--kind", default=None, metavar="K",
                     help=f"Only one kind of fact ({', '.join(FACT_KINDS)}) or one actor kind, relation, node "
                          "or link type (by its id).")


@click.command()
@store_option
@_months
@_municipality
@_kind
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON object: months, total, by_municipality, by_kind, facts.")
@plain_errors
def review(months: int | None, municipality: str | None, kind: str | None, as_json: bool) -> None:
    """List the facts (actors, ties, nodes, links) not confirmed for more than N months, oldest first, with
    counts per municipality and per kind. Nothing is changed; `integranet confirm KEY` confirms one."""
    settings = current_settings()
    limit = months or settings.review_months
    with opened_store(settings) as (store, _):
        facts = _Facts.read(store)
    stale = facts.stale(limit, municipality, kind)
    counts = count_stale(stale)
    names = {a.id: a.name for a in facts.actors}
    if as_json:
        click.echo(json.dumps({
            "months": limit, "total": counts.total,
            "by_municipality": [{"municipality": m, "name": names.get(m, ""), "count": n}
                                for m, n in counts.by_municipality.items()],
            "by_kind": [{"kind": k, "type": t, "count": n} for (k, t), n in counts.by_kind.items()],
            "facts": [f.as_dict() for f in stale]}, ensure_ascii=False))
        return
    if not stale:
        scope = "".join((f" of {municipality}" if municipality else "", f" of kind {kind}" if kind else ""))
        click.echo(f"No fact{scope} has gone unconfirmed for more than {limit} month(s): nothing to review.")
        return
    click.echo(f"{counts.total} fact(s) not confirmed for more than {limit} month(s), oldest first:")
    for fact in stale:
        when = fact.last_confirmed or "no date"
        never = "  (never confirmed: imported then)" if fact.never_confirmed and fact.last_confirmed else ""
        town = f"  [{fact.municipality_name}]" if fact.municipality else ""
        click.echo(f"  {when}  {fact.kind} {fact.key}  {fact.name}  ({fact.type}){town}{never}")
    click.echo("Per municipality: " + ", ".join(f"{names.get(m, m) or '(none)'} {n}"
                                                for m, n in counts.by_municipality.items()))
    click.echo("Per kind: " + ", ".join(f"{k} {t} {n}" for (k, t), n in counts.by_kind.items()))
    click.echo("Confirm that facts still hold with `integranet confirm KEY ...` (or --all-listed).")


@click.command()
@store_option
@click.argument("keys", nargs=-1, metavar="[KEY]...")
@click.option("--all-listed", is_flag=True, help="Confirm every fact `integranet review` lists with the same "
                                                 "--months, --municipality and --kind.")
@_months
@_municipality
@_kind
@click.option("--comment", default="", help="Why they still hold, e.g. how it was checked (kept with the change).")
@plain_errors
def confirm(keys: tuple[str, ...], all_listed: bool, months: int | None, municipality: str | None,
            kind: str | None, comment: str) -> None:
    """Confirm that facts still hold: set their confirmed date to today, all in one change set (`integranet undo`
    takes it back). KEY is a fact's key as `review` lists it (an id, or SOURCE|TYPE|TARGET for a tie or link),
    optionally prefixed by its kind (`actor:ID`, `relation:A|TYPE|B`, `node:ID`, `link:A|TYPE|B`)."""
    if not keys and not all_listed:
        raise click.UsageError("Name the facts to confirm (KEY ..., as `integranet review` lists them) "
                               "or give --all-listed.")
    if keys and all_listed:
        raise click.UsageError("Give either KEY ... or --all-listed, not both.")
    if not all_listed and (months or municipality or kind):
        raise click.UsageError("--months, --municipality and --kind choose the facts only with --all-listed.")
    settings = current_settings()
    with opened_store(settings) as (store, _):
        facts = _Facts.read(store)
        records = fact_records(facts.actors, facts.relations, facts.nodes, facts.links)
        if all_listed:
            wanted = [f.fact for f in facts.stale(months or settings.review_months, municipality, kind)]
        else:
            wanted = [_resolve(key, records) for key in keys]
        changes = confirmation_changes((records[fact] for fact in wanted), date.today())
        if not changes:
            click.echo("Nothing to confirm: " + ("no fact is listed for review." if all_listed
                                                 else "every named fact was already confirmed today."))
            return
        done = store.apply_changes(changes, ChangeMeta.local("confirm", comment=comment))
    assert done is not None  # changes is not empty
    click.echo(f"Confirmed {done.size} fact(s) as of {date.today().isoformat()} in change set {done.id} "
               f"(`integranet undo {done.id}` takes it back).")


def _resolve(given: str, records: Mapping[FactKey, object]) -> FactKey:
    """The fact ``given`` names (``kind:key`` or a bare key); a usage error when none or several match."""
    kind, _, key = given.partition(":")
    if kind in FACT_KINDS and key:
        if (kind, key) in records:
            return (kind, key)
        candidates: list[FactKey] = []
    else:
        candidates = [(k, given) for k in FACT_KINDS if (k, given) in records]
        if len(candidates) == 1:
            return candidates[0]
    if len(candidates) > 1:
        raise click.BadParameter(f"{given!r} names several facts; write it as "
                                 + " or ".join(f"{k}:{given}" for k, _ in candidates) + ".", param_hint="KEY")
    raise click.BadParameter(f"no fact {given!r} in the store; `integranet review` lists the keys.",
                             param_hint="KEY")
