"""Exports of a snapshot or of the live store, in every format a report or another tool needs.

=========  ==================================================================================
graphml    GraphML with declared attribute types (Gephi, yEd, igraph, networkx); every node has a ``type``
gexf       GEXF 1.3 with colours and positions (Gephi), see :mod:`graph.exports.gexf`
csv        ``actors.csv`` and ``relations.csv`` in the importer's format, ``<NodeType>.csv`` per node type and
           ``links.csv`` (a folder; see :mod:`graph.exports.knowledge_tables`)
xlsx       one workbook: actors, relations, a sheet per node type, links, key figures, gaps
           (see :mod:`graph.exports.workbook`)
json       networkx node-link JSON, the snapshot's metadata as graph attributes; every node's type as ``label``
cypher     parameter-free ``MERGE`` statements for an empty Neo4j (see :mod:`graph.exports.cypher`)
png/svg/   the print figure (see :mod:`graph.exports.figure`)
pdf
html       the interactive map as one standalone page, every script inline (see :mod:`graph.maps.html`)
pack       one ZIP for the report (see :mod:`graph.exports.report_pack`)
=========  ==================================================================================

Everywhere: personal fields (contact person, e-mail, phone, every property the schema marks personal) are left
out unless asked for; CSV and XLSX cells that a spreadsheet would read as formulas are neutralised; XML formats
carry no character XML forbids; dates are ISO 8601. The nodes and links of the knowledge graph
(:mod:`graph.model.knowledge`) are in every format that holds data (JSON and GraphML through
:mod:`graph.exports.knowledge_network`). No export names a file path: an embedded store is named by its file
name only.

No export writes over a file that exists unless asked (``overwrite=True``, the command line's ``--force``),
and none writes onto the store's own files or into the snapshot folder at all (``protected``; see
:mod:`graph.exports.targets`). Every file of an export is checked before the first is written.
"""

from __future__ import annotations

import csv
import json
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.errors import ExportError
from graph.exports.formulas import csv_cell
from graph.exports.knowledge_network import knowledge_networkx
from graph.exports.knowledge_tables import KnowledgeTable, link_table, node_tables
from graph.exports.tables import ACTOR_COLUMNS, RELATION_COLUMNS, actor_rows, relation_rows
from graph.exports.targets import check_target, check_targets, protected_paths
from graph.exports.xmltext import xml_safe
from graph.model.domain import ActorFilter, Subgraph, plain_value
from graph.model.vocabulary import Vocabulary
from graph.snapshots.knowledge import public_subgraph, without_personal_properties
from graph.snapshots.snapshot import Snapshot, SnapshotFolder, SnapshotInfo

if TYPE_CHECKING:
    import networkx as nx

    from graph.snapshots.diff import SnapshotDiff
    from graph.store.base import GraphStore

__all__ = [
    "ACTOR_CSV_COLUMNS",
    "DIFF_FORMATS",
    "EXPORT_FORMATS",
    "LANGUAGES",
    "POSITIONED_FORMATS",
    "RELATION_CSV_COLUMNS",
    "ExportFile",
    "diff_bytes",
    "export_bytes",
    "export_diff",
    "export_live",
    "export_snapshot",
    "export_subgraph",
]

EXPORT_FORMATS = ("graphml", "gexf", "csv", "xlsx", "json", "cypher", "png", "svg", "pdf", "html", "pack")
#: Formats that draw the network and so need positions.
POSITIONED_FORMATS = frozenset({"gexf", "png", "svg", "pdf", "html", "pack"})
#: Formats of a snapshot comparison: the table (csv, xlsx, json) or the figure.
DIFF_FORMATS = ("json", "csv", "xlsx", "png", "svg", "pdf")
LANGUAGES = ("de", "en")
_SUFFIXES = {"graphml": ".graphml", "gexf": ".gexf", "xlsx": ".xlsx", "json": ".json", "cypher": ".cypher",
             "png": ".png", "svg": ".svg", "pdf": ".pdf", "html": ".html", "pack": ".zip", "csv": ".csv"}
_MEDIA_TYPES = {
    "graphml": "application/graphml+xml", "gexf": "application/gexf+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "json": "application/json",
    "cypher": "text/plain; charset=utf-8", "png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf",
    "html": "text/html; charset=utf-8", "pack": "application/zip", "csv": "text/csv; charset=utf-8",
}

#: Kept for callers of the first version of this module.
ACTOR_CSV_COLUMNS = ACTOR_COLUMNS
RELATION_CSV_COLUMNS = RELATION_COLUMNS


def _public(subgraph: Subgraph, include_personal_data: bool, vocabulary: Vocabulary | None = None) -> Subgraph:
    if include_personal_data:
        return subgraph
    return public_subgraph(subgraph, vocabulary.schema if vocabulary is not None else None)


def _public_snapshot(snapshot: Snapshot, vocabulary: Vocabulary) -> Snapshot:
    """The snapshot without personal data (actors' and nodes' personal properties), its store named path-free."""
    return Snapshot(_path_free(snapshot.info), snapshot.fields, _public(snapshot.subgraph, False, vocabulary),
                    snapshot.positions, without_personal_properties(snapshot.nodes, vocabulary.schema), snapshot.links)


def _path_free(info: SnapshotInfo) -> SnapshotInfo:
    """``info`` with its store named without a file path: an embedded store by its file name (a Neo4j URI is
    already without credentials)."""
    if "://" in info.store or not info.store:
        return info
    return SnapshotInfo(**{**info.__dict__, "store": Path(info.store).name})


@contextmanager
def _writing(out: Path) -> Iterator[None]:
    """Turn an OSError into an ExportError that names the path and says what to do."""
    try:
        yield
    except OSError as exc:
        raise ExportError(f"Cannot write {out}: {exc.strerror or exc}. Choose a folder you may write to.") from exc


def export_subgraph(subgraph: Subgraph, fmt: str, out: Path, *, include_personal_data: bool = False,
                    metadata: dict[str, Any] | None = None, overwrite: bool = False,
                    protected: Sequence[Path] = ()) -> list[Path]:
    """Write ``subgraph`` as ``json``, ``csv`` or ``graphml`` to ``out`` (a file; for ``csv`` a folder).

    The formats that need no positions or vocabulary; :func:`export_snapshot` writes every format.
    Returns the files written. Raises :class:`ExportError`, writing nothing, when a file to write exists
    (unless ``overwrite``) or lies in ``protected`` (see :func:`graph.exports.targets.check_target`).
    """
    subgraph = _public(subgraph, include_personal_data)
    check_targets(_csv_files(out, []) if fmt == "csv" else [out], protected, overwrite)
    with _writing(out):
        if fmt == "json":
            return [_write_json(knowledge_networkx(subgraph, type_key="label"), out, metadata or {})]
        if fmt == "csv":
            return _write_csv(subgraph, out)
        if fmt == "graphml":
            return [_write_graphml(knowledge_networkx(subgraph), out, metadata or {})]
    raise ExportError(f"Unknown export format {fmt!r}; choose one of: json, csv, graphml.")


def _target(out: Path, fmt: str, snapshot: Snapshot) -> Path:
    """``out`` itself, or a file named after the snapshot when ``out`` is an existing folder."""
    if fmt != "csv" and out.is_dir():
        return out / f"integranet-{snapshot.id}{_SUFFIXES[fmt]}"
    return out


def _metadata(snapshot: Snapshot) -> dict[str, Any]:
    return snapshot.info.as_dict()


def export_snapshot(snapshot: Snapshot, fmt: str, out: Path, vocabulary: Vocabulary, *, language: str = "de",
                    include_personal_data: bool = False, overwrite: bool = False,
                    protected: Sequence[Path] = ()) -> list[Path]:
    """Write ``snapshot`` as ``fmt`` (one of :data:`EXPORT_FORMATS`) to ``out`` and return the files written.

    ``out`` is a file, or an existing folder (the file is then named after the snapshot); for ``csv`` it
    is the folder that receives ``actors.csv`` and ``relations.csv`` (and a file per node type with nodes and
    ``links.csv`` when the snapshot has any). Texts of figures, maps, workbooks
    and labels are in ``language``. Personal fields are written only with ``include_personal_data``, and
    only if the snapshot kept them. Raises :class:`ExportError` for an unknown format or language, a
    path that cannot be written, or personal data asked of a snapshot made without it; and, before writing
    anything, for a file to write that exists (unless ``overwrite``; for ``csv`` any of the folder's files
    it would write) or lies in ``protected`` (the store's files, the snapshot folder: never, see
    :func:`graph.exports.targets.check_target`).
    """
    if fmt not in EXPORT_FORMATS:
        raise ExportError(f"Unknown export format {fmt!r}; choose one of: {', '.join(EXPORT_FORMATS)}.")
    if language not in LANGUAGES:
        raise ExportError(f"Unknown language {language!r}; choose one of: {', '.join(LANGUAGES)}.")
    if include_personal_data and not snapshot.info.personal_data_included:
        raise ExportError(f"Snapshot {snapshot.id} was made without personal data, so none can be exported. "
                          "Create a snapshot with --include-personal-data first.")
    if include_personal_data:
        snapshot = Snapshot(_path_free(snapshot.info), snapshot.fields, snapshot.subgraph, snapshot.positions,
                            snapshot.nodes, snapshot.links)
    else:
        snapshot = _public_snapshot(snapshot, vocabulary)
    target = _target(out, fmt, snapshot)
    tables = _knowledge_tables(snapshot, vocabulary, language) if fmt == "csv" else []
    check_targets(_csv_files(target, tables) if fmt == "csv" else [target], protected, overwrite)
    with _writing(target):
        return _write(snapshot, fmt, target, vocabulary, language, tables)


def _write(snapshot: Snapshot, fmt: str, out: Path, vocabulary: Vocabulary, language: str,
           tables: list[KnowledgeTable]) -> list[Path]:
    if fmt in ("json", "graphml"):
        graph = knowledge_networkx(snapshot.subgraph, snapshot.nodes, snapshot.links, snapshot.fields,
                                   type_key="label" if fmt == "json" else "type", language=language)
        write = _write_json if fmt == "json" else _write_graphml
        return [write(graph, out, _metadata(snapshot))]
    if fmt == "csv":
        written = _write_csv(snapshot.subgraph, out)
        return written + _write_knowledge_csv(tables, out)
    if fmt == "gexf":
        from graph.exports.gexf import write_gexf

        return [write_gexf(snapshot, vocabulary, out, language)]
    if fmt == "xlsx":
        from graph.exports.workbook import write_workbook

        return [write_workbook(snapshot, vocabulary, out, language)]
    if fmt == "cypher":
        from graph.exports.cypher import write_cypher_script

        return [write_cypher_script(snapshot, vocabulary, out)]
    if fmt in ("png", "svg", "pdf"):
        from graph.exports.figure import network_figure, save_figure

        return [save_figure(network_figure(snapshot, vocabulary, language), out, fmt, title=snapshot.info.label)]
    if fmt == "html":
        from graph.maps.html import network_map_html

        page = network_map_html(snapshot.subgraph, vocabulary, snapshot.positions, language, height="96vh")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(page, encoding="utf-8")
        return [out]
    from graph.exports.report_pack import write_report_pack

    return [write_report_pack(snapshot, vocabulary, out, language)]


def export_live(store: GraphStore, folder: SnapshotFolder, fmt: str, out: Path, *, label: str,
                language: str = "de", include_personal_data: bool = False,
                where: ActorFilter | None = None, overwrite: bool = False,
                protected: Sequence[Path] = ()) -> tuple[Snapshot, list[Path]]:
    """Export the live store as :func:`export_snapshot` would export a snapshot of it made now, without
    saving that snapshot; actors sit where the snapshots in ``folder`` put them. Only formats that draw
    the network compute positions, so a CSV or JSON export of a large store needs no layout.

    The store's own files and ``folder`` are protected (besides ``protected``): no export writes there, not
    even with ``overwrite``. A target that exists or is protected is refused before the store is read."""
    if fmt not in EXPORT_FORMATS:
        raise ExportError(f"Unknown export format {fmt!r}; choose one of: {', '.join(EXPORT_FORMATS)}.")
    protected = (*protected_paths(store, folder.path), *protected)
    if fmt != "csv" and not out.is_dir():  # else the names depend on the snapshot; export_snapshot checks them
        check_target(out, protected, overwrite)
    snapshot = folder.preview(store, label, where=where, include_personal_data=include_personal_data,
                              positions=fmt in POSITIONED_FORMATS)
    return snapshot, export_snapshot(snapshot, fmt, out, store.vocabulary, language=language,
                                     include_personal_data=include_personal_data, overwrite=overwrite,
                                     protected=protected)


def export_diff(diff: SnapshotDiff, fmt: str, out: Path, vocabulary: Vocabulary, *, language: str = "de",
                overwrite: bool = False, protected: Sequence[Path] = ()) -> Path:
    """Write the comparison of two snapshots: ``json`` (as ``snapshot diff --json``), ``csv`` or ``xlsx``
    (the table of :func:`graph.snapshots.diff.diff_table`), or ``png``/``svg``/``pdf`` (the figure of
    :func:`graph.exports.figure.diff_figure`). Returns the file written. Refuses, as :func:`export_snapshot`
    does, a file that exists (unless ``overwrite``) or lies in ``protected``."""
    if fmt not in DIFF_FORMATS:
        raise ExportError(f"Unknown format {fmt!r} for a comparison; choose one of: {', '.join(DIFF_FORMATS)}.")
    if language not in LANGUAGES:
        raise ExportError(f"Unknown language {language!r}; choose one of: {', '.join(LANGUAGES)}.")
    from graph.snapshots.diff import diff_table

    check_target(out, protected, overwrite)
    with _writing(out):
        out.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "json":
            out.write_text(json.dumps(diff.as_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            return out
        if fmt in ("png", "svg", "pdf"):
            from graph.exports.figure import diff_figure, save_figure

            title = f"{diff.before.label} → {diff.after.label}"
            return save_figure(diff_figure(diff, vocabulary, language), out, fmt, title=title)
        headers, rows = diff_table(diff, vocabulary, language)
        if fmt == "xlsx":
            from graph.exports.workbook import write_table_workbook

            return write_table_workbook("changes", headers, rows, out)
        _write_rows(out, headers, rows)
        return out


@dataclass(frozen=True)
class ExportFile:
    """An export held in memory, for a download button: file name, media type and content."""

    name: str
    media_type: str
    data: bytes


def export_bytes(snapshot: Snapshot, fmt: str, vocabulary: Vocabulary, *, language: str = "de",
                 include_personal_data: bool = False) -> ExportFile:
    """:func:`export_snapshot` into memory. ``csv`` gives a ZIP of ``actors.csv``, ``relations.csv`` and the
    node and link tables."""
    with tempfile.TemporaryDirectory(prefix="integranet-export-") as folder:
        if fmt == "csv":
            written = export_snapshot(snapshot, fmt, Path(folder) / "csv", vocabulary, language=language,
                                      include_personal_data=include_personal_data)
            archive = Path(folder) / "csv.zip"
            with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
                for path in written:
                    bundle.write(path, path.name)
            return ExportFile(f"integranet-{snapshot.id}-csv.zip", "application/zip", archive.read_bytes())
        name = f"integranet-{snapshot.id}{_SUFFIXES.get(fmt, '')}"
        written = export_snapshot(snapshot, fmt, Path(folder) / name, vocabulary, language=language,
                                  include_personal_data=include_personal_data)
        return ExportFile(name, _MEDIA_TYPES[fmt], written[0].read_bytes())


def diff_bytes(diff: SnapshotDiff, fmt: str, vocabulary: Vocabulary, *, language: str = "de") -> ExportFile:
    """:func:`export_diff` into memory."""
    name = f"integranet-diff-{diff.before.id}-{diff.after.id}.{fmt}"
    with tempfile.TemporaryDirectory(prefix="integranet-export-") as folder:
        path = export_diff(diff, fmt, Path(folder) / name, vocabulary, language=language)
        return ExportFile(name, _MEDIA_TYPES[fmt], path.read_bytes())


# -- the simple formats -----------------------------------------------------------------------------------


def _write_json(graph: nx.MultiDiGraph, out: Path, metadata: dict[str, Any]) -> Path:
    import networkx as nx

    graph.graph.update(metadata)
    data = nx.node_link_data(graph, edges="links")
    for item in [*data["nodes"], *data["links"]]:
        for key, value in list(item.items()):
            item[key] = plain_value(value)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return out


def _write_rows(path: Path, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([csv_cell(h) for h in headers])
        writer.writerows([csv_cell(v) for v in row] for row in rows)


def _csv_files(folder: Path, tables: Sequence[KnowledgeTable]) -> list[Path]:
    """Every file a CSV export into ``folder`` writes: actors, relations and ``tables``."""
    return [folder / "actors.csv", folder / "relations.csv", *(folder / table.file_name for table in tables)]


def _write_csv(subgraph: Subgraph, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    actors_path = folder / "actors.csv"
    _write_rows(actors_path, *actor_rows(subgraph))
    relations_path = folder / "relations.csv"
    _write_rows(relations_path, *relation_rows(subgraph))
    return [actors_path, relations_path]


def _knowledge_tables(snapshot: Snapshot, vocabulary: Vocabulary, language: str) -> list[KnowledgeTable]:
    """A table per node type with nodes, and the links' table when there are links; headers in ``language``."""
    schema = vocabulary.schema
    tables = node_tables(snapshot.nodes, schema, language)
    if snapshot.links:
        tables.append(link_table(snapshot.links, schema, language))
    return tables


def _write_knowledge_csv(tables: Sequence[KnowledgeTable], folder: Path) -> list[Path]:
    """``tables`` as CSV files in ``folder``."""
    written = []
    for table in tables:
        path = folder / table.file_name
        _write_rows(path, table.headers, table.rows)
        written.append(path)
    return written


def _graphml_value(value: Any) -> Any:
    if isinstance(value, str):
        return xml_safe(value)
    return value


def _write_graphml(graph: nx.MultiDiGraph, out: Path, metadata: dict[str, Any]) -> Path:
    import networkx as nx

    # GraphML wants one declared type per attribute: lists become "|"-joined text, None is dropped, and an
    # attribute whose values differ in type is written as text throughout. Text loses the characters XML
    # does not allow (networkx would write them raw and make the file unreadable).
    for items in (graph.nodes.values(), (d for _, _, d in graph.edges(data=True))):
        items = list(items)
        types: dict[str, set[type]] = {}
        for attrs in items:
            for key, value in list(attrs.items()):
                if value is None or value == ():
                    del attrs[key]
                    continue
                if isinstance(value, tuple):
                    value = "|".join(value)
                attrs[key] = value = _graphml_value(value)
                types.setdefault(key, set()).add(type(value))
        mixed = {k for k, t in types.items() if len(t) > 1}
        for attrs in items:
            for key in mixed & attrs.keys():
                attrs[key] = str(attrs[key])
            for key in [k for k in attrs if xml_safe(k) != k]:
                attrs[xml_safe(key)] = attrs.pop(key)
    # Graph-level data: the snapshot's plain metadata (GraphML has no nested values).
    graph.graph.update({k: xml_safe(v) if isinstance(v, str) else v for k, v in metadata.items()
                        if isinstance(v, str | int | float | bool)})
    clean = nx.relabel_nodes(graph, {n: xml_safe(n) for n in graph.nodes if xml_safe(n) != n})
    out.parent.mkdir(parents=True, exist_ok=True)
    # Numbered key ids (d0, d1, …): named ones would give a node key and an edge key of the same name (type,
    # provenance, …) the same id, which the GraphML schema forbids; readers go by attr.name.
    nx.write_graphml(clean, out, encoding="utf-8", prettyprint=True, named_key_ids=False)
    return out
