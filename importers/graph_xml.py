"""GraphML and GEXF files read safely into plain graph elements: nodes and edges with their attributes and lines.

The files come from elsewhere (Gephi, yEd, Cytoscape, another IntegraNet), so the XML is parsed with expat
directly and nothing in it is trusted: a document type declaration is refused outright (that is where external
entities, XXE, and entity expansion, "billion laughs", live), and so is any entity or external reference;
nothing is fetched from the network or the disk. networkx's readers are not used: they parse with ElementTree,
which keeps no line numbers, and leave those guards to the expat version at hand.

What comes out is the file as the tool wrote it, with every attribute under the name the file gives it
(GraphML's ``attr.name``, GEXF's attribute ``title``; yEd's node and edge labels as ``label``), values typed as
declared. What the attributes mean is decided in :mod:`importers.graph_files`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from .problems import Problem

__all__ = ["GRAPH_SUFFIXES", "GraphDocument", "GraphElement", "read_graph_document"]

GRAPH_SUFFIXES = (".graphml", ".gexf")
#: What GraphML and GEXF declare as an attribute's type → how its text becomes a value.
_BOOLEAN = {"boolean"}
_INTEGER = {"int", "integer", "long", "short", "byte"}
_FLOAT = {"float", "double", "bigdecimal"}
_SPACE = re.compile(r"\s+")


class _Refused(Exception):
    """The document is refused; ``problem`` says why and where."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass
class _Element:
    tag: str  # the local name, without its namespace
    namespace: str
    attrib: dict[str, str]  # local names
    line: int
    children: list[_Element] = field(default_factory=list)
    text: str = ""

    def all(self, tag: str) -> list[_Element]:
        return [c for c in self.children if c.tag == tag]

    def first(self, tag: str) -> _Element | None:
        return next((c for c in self.children if c.tag == tag), None)

    def descendants(self, tag: str) -> list[_Element]:
        found: list[_Element] = []
        for child in self.children:
            if child.tag == tag:
                found.append(child)
            found.extend(child.descendants(tag))
        return found


@dataclass(frozen=True)
class GraphElement:
    """One node or edge of a graph file: its id as written, its line, and its attributes by the file's names."""

    kind: str  # "node" or "edge"
    id: str
    line: int
    attributes: dict[str, object]
    source: str = ""
    target: str = ""


@dataclass(frozen=True)
class GraphDocument:
    """The nodes and edges of one graph file, in file order; ``format`` is ``graphml`` or ``gexf``."""

    format: str
    nodes: tuple[GraphElement, ...]
    edges: tuple[GraphElement, ...]


def _local(name: str) -> tuple[str, str]:
    namespace, _, local = name.rpartition(" ")
    return local, namespace


def _parse(data: bytes, source: str) -> _Element:
    """The document's root element; :class:`_Refused` for a document type, an entity, or XML that is not well formed."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[_Element] = []
    roots: list[_Element] = []

    def refuse_doctype(*_: object) -> None:
        raise _Refused(Problem(source, parser.CurrentLineNumber, "", "xml-doctype",
                       "the file declares a document type (<!DOCTYPE …>); graph files need none, and one can make "
                       "the file read other files or grow without end, so it is refused. Export the graph again "
                       "from its program, or delete the DOCTYPE lines"))

    def refuse_entity(*_: object) -> int:
        raise _Refused(Problem(source, parser.CurrentLineNumber, "", "xml-doctype",
                               "the file uses an entity (&…; declared in a document type); refused for safety"))

    def start(name: str, attributes: dict[str, str]) -> None:
        tag, namespace = _local(name)
        element = _Element(tag, namespace, {_local(k)[0]: v for k, v in attributes.items()}, parser.CurrentLineNumber)
        (stack[-1].children if stack else roots).append(element)
        stack.append(element)

    def end(_: str) -> None:
        stack.pop()

    def text(data: str) -> None:
        if stack:
            stack[-1].text += data

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_entity
    parser.ExternalEntityRefHandler = refuse_entity
    parser.SkippedEntityHandler = refuse_entity
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise _Refused(Problem(source, exc.lineno or 0, "", "xml-malformed",
                               f"the file is not well-formed XML ({expat.errors.messages[exc.code]}, column "
                               f"{exc.offset + 1}); export it again from its program")) from None
    return roots[0]


def _typed(text: str, declared: str) -> object:
    """The value of an attribute's text by its declared type; text that does not fit the type stays text."""
    kind = declared.strip().lower()
    value = text.strip()
    if kind in _BOOLEAN and value.lower() in ("true", "false", "1", "0"):
        return value.lower() in ("true", "1")
    if kind in _INTEGER:
        try:
            return int(value)
        except ValueError:
            return text
    if kind in _FLOAT:
        try:
            return float(value)
        except ValueError:
            return text
    return text


# -- GraphML --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Key:
    name: str
    domain: str  # node, edge, graph, all
    type: str
    default: str | None
    yfiles: str  # yEd's yfiles.type (nodegraphics, edgegraphics …), else ""


def _graphml_keys(root: _Element) -> dict[tuple[str, str], _Key]:
    """(domain, id) → key: Cytoscape gives a node key and an edge key the same id (``SUID``, ``name``)."""
    keys: dict[tuple[str, str], _Key] = {}
    for key in root.all("key"):
        key_id = key.attrib.get("id", "")
        default = key.first("default")
        spec = _Key(key.attrib.get("attr.name") or key_id, key.attrib.get("for", "all"),
                    key.attrib.get("attr.type", "string"), default.text if default is not None else None,
                    key.attrib.get("yfiles.type", ""))
        keys[(spec.domain, key_id)] = spec
    return keys


def _yed_label(data: _Element, tag: str) -> str:
    """The first non-empty label yEd drew for a node (``NodeLabel``) or an edge (``EdgeLabel``)."""
    for label in data.descendants(tag):
        if text := _SPACE.sub(" ", label.text).strip():
            return text
    return ""


def _graphml_attributes(element: _Element, keys: dict[tuple[str, str], _Key], kind: str) -> dict[str, object]:
    values: dict[str, object] = {}
    for data in element.all("data"):
        key_id = data.attrib.get("key", "")
        key = keys.get((kind, key_id)) or keys.get(("all", key_id))
        if key is None:
            values[data.attrib.get("key", "")] = data.text
        elif key.yfiles in ("nodegraphics", "edgegraphics"):
            label = _yed_label(data, "NodeLabel" if kind == "node" else "EdgeLabel")
            if label:
                values.setdefault("label", label)
        elif not key.yfiles:
            values[key.name] = _typed(data.text, key.type)
    for key in keys.values():
        if key.domain in (kind, "all") and key.default is not None and not key.yfiles:
            values.setdefault(key.name, _typed(key.default, key.type))
    return values


def _graphml(root: _Element) -> GraphDocument:
    keys = _graphml_keys(root)
    nodes: list[GraphElement] = []
    edges: list[GraphElement] = []

    def walk(graph: _Element) -> None:
        for child in graph.children:
            if child.tag == "node":
                nodes.append(GraphElement("node", child.attrib.get("id", ""), child.line,
                                          _graphml_attributes(child, keys, "node")))
                for inner in child.all("graph"):  # yEd's groups and folders: a graph inside a node
                    walk(inner)
            elif child.tag == "edge":
                edges.append(GraphElement("edge", child.attrib.get("id", ""), child.line,
                                          _graphml_attributes(child, keys, "edge"),
                                          child.attrib.get("source", ""), child.attrib.get("target", "")))

    for graph in root.all("graph"):
        walk(graph)
    return GraphDocument("graphml", tuple(nodes), tuple(edges))


# -- GEXF -----------------------------------------------------------------------------------------------------


def _gexf_declared(graph: _Element) -> dict[str, dict[str, tuple[str, str, str | None]]]:
    """class (node, edge) → attribute id → (title, type, default)."""
    declared: dict[str, dict[str, tuple[str, str, str | None]]] = {"node": {}, "edge": {}}
    for attributes in graph.all("attributes"):
        group = declared.setdefault(attributes.attrib.get("class", "node"), {})
        for attribute in attributes.all("attribute"):
            default = attribute.first("default")
            attribute_id = attribute.attrib.get("id", "")
            title = attribute.attrib.get("title") or attribute_id
            group[attribute_id] = (title, attribute.attrib.get("type", "string"),
                                   default.text if default is not None else None)
    return declared


def _gexf_attributes(element: _Element, declared: dict[str, tuple[str, str, str | None]],
                     own: tuple[str, ...]) -> dict[str, object]:
    values: dict[str, object] = {}
    for attvalues in element.all("attvalues"):
        for attvalue in attvalues.all("attvalue"):
            attribute_id = attvalue.attrib.get("for") or attvalue.attrib.get("id", "")
            title, kind, _ = declared.get(attribute_id, (attribute_id, "string", None))
            values[title] = _typed(attvalue.attrib.get("value", ""), kind)
    for title, kind, default in declared.values():
        if default is not None:
            values.setdefault(title, _typed(default, kind))
    # The element's own label (and an edge's kind) count when no attribute of that name says otherwise.
    for name in own:
        if element.attrib.get(name, "").strip():
            values.setdefault(name, element.attrib[name])
    return values


def _gexf(root: _Element) -> GraphDocument:
    nodes: list[GraphElement] = []
    edges: list[GraphElement] = []
    for graph in root.all("graph"):
        declared = _gexf_declared(graph)

        def walk(container: _Element, node_attributes: dict[str, tuple[str, str, str | None]]) -> None:
            for node in container.all("node"):
                nodes.append(GraphElement("node", node.attrib.get("id", ""), node.line,
                                          _gexf_attributes(node, node_attributes, ("label",))))
                for inner in node.all("nodes"):  # a hierarchy: nodes inside a node
                    walk(inner, node_attributes)

        for container in graph.all("nodes"):
            walk(container, declared["node"])
        for container in graph.all("edges"):
            for edge in container.all("edge"):
                # GEXF's own ``type`` is the edge's direction (directed, undirected), never a relation type.
                edges.append(GraphElement("edge", edge.attrib.get("id", ""), edge.line,
                                          _gexf_attributes(edge, declared["edge"], ("label", "kind")),
                                          edge.attrib.get("source", ""), edge.attrib.get("target", "")))
    return GraphDocument("gexf", tuple(nodes), tuple(edges))


# -- the file -------------------------------------------------------------------------------------------------


def read_graph_document(path: str | Path) -> tuple[GraphDocument | None, list[Problem]]:
    """The nodes and edges of the GraphML or GEXF file ``path``, or None and the problem that stopped the reading:
    a missing or unreadable file (``file-not-found``, ``file-unreadable``), a document type or entity
    (``xml-doctype``), XML that is not well formed (``xml-malformed``), or a root that is neither ``graphml`` nor
    ``gexf`` (``not-a-graph-file``)."""
    source = str(path)
    file = Path(path)
    if not file.is_file():
        return None, [Problem(source, 0, "", "file-not-found", "There is no such file. Check the name and the folder.")]
    try:
        data = file.read_bytes()
    except OSError as exc:
        return None, [Problem(source, 0, "", "file-unreadable", f"The file cannot be read: {exc.strerror or exc}. "
                              "Check that you may read it and close it in the program that has it open.")]
    try:
        root = _parse(data, source)
        if root.tag == "graphml":
            return _graphml(root), []
        if root.tag == "gexf":
            return _gexf(root), []
    except _Refused as refused:
        return None, [refused.problem]
    except RecursionError:
        # Graphs nested thousands of levels deep (no drawing tool writes such a file) would exhaust the stack.
        return None, [Problem(source, 0, "", "xml-too-deep", "the graphs in this file are nested too deeply to "
                              "read; export the graph again without nested groups")]
    return None, [Problem(source, root.line, root.tag, "not-a-graph-file",
                          f"the file's root element is <{root.tag}>, not <graphml> or <gexf>; export the graph as "
                          "GraphML or GEXF")]
