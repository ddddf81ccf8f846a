"""The tables beside the map: the actors, ties or groups a view shows, and their CSV download.

Rows are dicts keyed by column ids (``name``, ``kind``, …), values in the requested language; the caller
puts its words on the columns. Table cells keep user text as it is (a table widget shows text literally);
only :func:`csv_text` neutralises cells a spreadsheet would read as formulas.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from graph.exports.formulas import csv_cell
from graph.maps.aggregation import Aggregate
from graph.maps.style import Encoding
from graph.maps.view import MapView
from graph.model.vocabulary import Vocabulary

__all__ = ["GROUP_COLUMNS", "TIE_COLUMNS", "actor_columns", "actor_rows", "csv_text", "group_rows", "sort_key",
           "tie_rows"]

#: Columns of the tie and group tables.
TIE_COLUMNS = ("from", "type", "to", "fields", "since", "until", "note", "provenance")
GROUP_COLUMNS = ("group", "actors", "ties_within", "ties_between", "illustrative")


def sort_key(name: str) -> str:
    """The key that sorts names as a reader expects: case and accents ignored (Bönnigheim before Bundesamt).

    >>> sorted(["Bundesamt", "Bönnigheim", "asperg"], key=sort_key)
    ['asperg', 'Bönnigheim', 'Bundesamt']
    """
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def actor_columns(view: MapView, encoding: Encoding | None, size_by: str) -> tuple[str, ...]:
    """The actor table's columns for this view: always name, kind, town, fields, ties and provenance;
    ``steps`` in focus and path mode; the size measure (``partners`` or ``betweenness``) when the size
    stands for one; ``community`` when colour and shape stand for communities."""
    columns = ["name", "kind", "town", "fields", "ties"]
    if view.query.mode in ("focus", "path"):
        columns.append("steps")
    if encoding is not None and encoding.values:
        columns.append("partners" if size_by == "degree" else "betweenness")
    if encoding is not None and encoding.communities:
        columns.append("community")
    columns.append("provenance")
    return tuple(columns)


def actor_rows(
    view: MapView, vocabulary: Vocabulary, language: str, encoding: Encoding | None = None, size_by: str = "uniform"
) -> list[dict[str, Any]]:
    """One row per actor drawn: in path order on a path, by steps then name in focus mode, else by name.

    ``ties`` counts the actor's ties on the map; ``steps`` is the distance from the focus (or the place on
    the path, the start being 0); ``betweenness`` is rounded to four decimals.
    """
    columns = actor_columns(view, encoding, size_by)
    ties: Counter[str] = Counter()
    for rel in view.subgraph.relations:
        ties[rel.source] += 1
        ties[rel.target] += 1
    steps = {actor_id: i for i, actor_id in enumerate(view.path)} if view.path else dict(view.hops)
    rows = []
    ordered = sorted(view.subgraph.actors, key=lambda a: (steps.get(a.id, 0), sort_key(a.name), a.id))
    for actor in ordered:
        row: dict[str, Any] = {
            "name": actor.name,
            "kind": vocabulary.kinds.label(actor.kind, language),
            "town": actor.town,
            "fields": ", ".join(vocabulary.fields.label(f, language) for f in actor.fields),
            "ties": ties[actor.id],
            "steps": steps.get(actor.id),
            "partners": int(encoding.values.get(actor.id, 0)) if encoding else None,
            "betweenness": round(encoding.values.get(actor.id, 0.0), 4) if encoding else None,
            "community": encoding.communities.get(actor.id) if encoding else None,
            "provenance": actor.provenance,
        }
        rows.append({column: row[column] for column in columns})
    return rows


def tie_rows(view: MapView, vocabulary: Vocabulary, language: str) -> list[dict[str, Any]]:
    """One row per tie drawn, by the names of its ends and its type."""
    names = {a.id: a.name for a in view.subgraph.actors}
    rows = [
        {
            "from": names.get(rel.source, rel.source),
            "type": vocabulary.relation_types.label(rel.type, language),
            "to": names.get(rel.target, rel.target),
            "fields": ", ".join(vocabulary.fields.label(f, language) for f in rel.fields),
            "since": rel.since or "",
            "until": rel.until or "",
            "note": rel.note,
            "provenance": rel.provenance,
        }
        for rel in view.subgraph.relations
    ]
    return sorted(rows, key=lambda r: (sort_key(r["from"]), r["type"], sort_key(r["to"])))


def group_rows(aggregate: Aggregate, labels: Mapping[str, str]) -> list[dict[str, Any]]:
    """One row per group (largest first): its label from ``labels`` (by group id), actors, ties within,
    ties to other groups, and demonstration ties among both."""
    between: Counter[str] = Counter()
    illustrative: Counter[str] = Counter()
    for tie in aggregate.ties:
        for end in (tie.source, tie.target):
            between[end] += tie.ties
            illustrative[end] += tie.illustrative
    return [
        {
            "group": labels.get(group.id, group.id),
            "actors": group.actors,
            "ties_within": group.ties_within,
            "ties_between": between[group.id],
            "illustrative": group.illustrative_within + illustrative[group.id],
        }
        for group in aggregate.groups
    ]


def csv_text(rows: Sequence[Mapping[str, Any]], headers: Mapping[str, str]) -> str:
    """``rows`` as CSV (comma-separated, a header line of ``headers`` by column id, in ``headers``' order).

    Cells as :func:`graph.exports.formulas.csv_cell` writes them: text a spreadsheet would take for a formula
    (``= + - @``, tab, CR first) gets a leading ``'``, headers too; numbers stay numbers, None is empty.

    >>> print(csv_text([{"name": "=1+1", "ties": 2}], {"name": "Name", "ties": "Ties"}), end="")
    Name,Ties
    '=1+1,2
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    columns = list(headers)
    writer.writerow([csv_cell(headers[c]) for c in columns])
    for row in rows:
        writer.writerow([csv_cell(row.get(c)) for c in columns])
    return out.getvalue()

