"""Exports of the live store: node-link JSON, CSV in the importer's format, GraphML.

Personal fields (contact person, e-mail, phone) are left out unless asked for; CSV cells that a
spreadsheet would read as formulas are neutralised; dates are ISO 8601 throughout.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .errors import ExportError
from .formulas import neutralise
from .model import PERSONAL_PROPERTIES, Actor, Relation, Subgraph
from .network import to_networkx

__all__ = ["ACTOR_CSV_COLUMNS", "EXPORT_FORMATS", "RELATION_CSV_COLUMNS", "export_subgraph"]

EXPORT_FORMATS = ("json", "csv", "graphml")

#: The canonical headers the importer reads (the first alias of each column).
ACTOR_CSV_COLUMNS = ("id", "name", "kind", "municipality", "fields", "serves", "website", "notes", "provenance",
                     "ags", "population", "population_date", "lat", "lon")
RELATION_CSV_COLUMNS = ("from", "to", "type", "fields", "since", "until", "note", "provenance")


def _public(subgraph: Subgraph, include_personal_data: bool) -> Subgraph:
    if include_personal_data:
        return subgraph
    return Subgraph(tuple(a.without_personal_data() for a in subgraph.actors), subgraph.relations)


def export_subgraph(subgraph: Subgraph, fmt: str, out: Path, *, include_personal_data: bool = False,
                    metadata: dict[str, Any] | None = None) -> list[Path]:
    """Write ``subgraph`` as ``fmt`` to ``out`` (a file; for ``csv`` a folder). Returns the files written."""
    subgraph = _public(subgraph, include_personal_data)
    try:
        if fmt == "json":
            return [_write_json(subgraph, out, metadata or {})]
        if fmt == "csv":
            return _write_csv(subgraph, out)
        if fmt == "graphml":
            return [_write_graphml(subgraph, out)]
    except OSError as exc:
        raise ExportError(f"Cannot write {out}: {exc.strerror or exc}. Choose a folder you may write to.") from exc
    raise ExportError(f"Unknown export format {fmt!r}; choose one of: {', '.join(EXPORT_FORMATS)}.")


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _write_json(subgraph: Subgraph, out: Path, metadata: dict[str, Any]) -> Path:
    import networkx as nx

    graph = to_networkx(subgraph)
    graph.graph.update(metadata)
    data = nx.node_link_data(graph, edges="links")
    for item in [*data["nodes"], *data["links"]]:
        for key, value in list(item.items()):
            item[key] = _plain(value)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple | list):
        return neutralise("|".join(str(v) for v in value))
    return neutralise(str(value))


def _extra_keys(records: Iterable[Actor] | Iterable[Relation], fixed: Iterable[str]) -> list[str]:
    fixed = set(fixed)
    return sorted({k for r in records for k in r.properties if k not in fixed})


def _write_csv(subgraph: Subgraph, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    names = {a.id: a for a in subgraph.actors}
    actor_columns = list(ACTOR_CSV_COLUMNS) + [k for k in PERSONAL_PROPERTIES if any(k in a.properties
                                                                                    for a in subgraph.actors)]
    actor_columns += _extra_keys(subgraph.actors, actor_columns)
    actors_path = folder / "actors.csv"
    with actors_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(actor_columns)
        for actor in subgraph.actors:
            serves = ["district"] if actor.serves_district else []
            serves += [_municipality_ref(names.get(m), m) for m in actor.serves]
            core = {
                "id": actor.id, "name": actor.name, "kind": actor.kind,
                "municipality": "" if actor.kind == "municipality" else actor.town,
                "fields": actor.fields, "serves": serves, "provenance": actor.provenance,
            }
            writer.writerow([_cell(core[c] if c in core else actor.properties.get(c)) for c in actor_columns])
    relation_columns = list(RELATION_CSV_COLUMNS) + _extra_keys(subgraph.relations, RELATION_CSV_COLUMNS)
    relations_path = folder / "relations.csv"
    with relations_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(relation_columns)
        for rel in subgraph.relations:
            core = {"from": rel.source, "to": rel.target, "type": rel.type, "fields": rel.fields,
                    "since": rel.since, "until": rel.until, "note": rel.note, "provenance": rel.provenance}
            writer.writerow([_cell(core[c] if c in core else rel.properties.get(c)) for c in relation_columns])
    return [actors_path, relations_path]


def _municipality_ref(actor: Actor | None, actor_id: str) -> str:
    if actor is None:
        return actor_id
    ags = actor.properties.get("ags")
    return ags if isinstance(ags, str) and ags else actor.name


def _write_graphml(subgraph: Subgraph, out: Path) -> Path:
    import networkx as nx

    graph = to_networkx(subgraph)
    # GraphML wants one declared type per attribute: lists become "|"-joined text, None is dropped, and an
    # attribute whose values differ in type is written as text throughout.
    for items in (graph.nodes.values(), (d for _, _, d in graph.edges(data=True))):
        items = list(items)
        types: dict[str, set[type]] = {}
        for attrs in items:
            for key, value in list(attrs.items()):
                if value is None or value == ():
                    del attrs[key]
                    continue
                if isinstance(value, tuple):
                    attrs[key] = value = "|".join(value)
                types.setdefault(key, set()).add(type(value))
        mixed = {k for k, t in types.items() if len(t) > 1}
        for attrs in items:
            for key in mixed & attrs.keys():
                attrs[key] = str(attrs[key])
    out.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(graph, out, encoding="utf-8", prettyprint=True, named_key_ids=True)
    return out
