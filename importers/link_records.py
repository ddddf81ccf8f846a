"""Links between any two nodes: from the rows of a links table (or link-type rows of a relations table), and from
the link columns of node tables (:mod:`importers.node_records`).

A links row has ``from`` (``Von``), ``type`` (``Art``: a link type's id or its English or German label), ``to``
(``Nach``), ``provenance`` (``Quelle``), ``confirmed`` (``Bestätigt am``) and ``note`` (``Hinweis``); its ends are
named by id or exact name (:class:`importers.node_refs.References`) and must be of the types the link type
joins. A link is identified by (source, type, target): the same link twice is one, unless the two differ.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from graph.model.knowledge import Link
from graph.model.schema import LinkType, Schema
from graph.model.terms import normalise_label

from .contact_data import warn_contact_data
from .node_refs import References
from .property_values import confirmed_on, optional_date
from .rows import TableRow

__all__ = ["LinkBuilder"]


class LinkBuilder:
    """Collects the links of an import, each with the row (and column) it comes from."""

    def __init__(self, schema: Schema, references: References, confirmed_default: str, imported_at: str) -> None:
        self.schema = schema
        self.references = references
        self.confirmed_default = confirmed_default
        self.imported_at = imported_at
        # Every row that gives a link, the first one first: a repeat keeps the link when the first row fails.
        # With each: the columns that name its source and its target (where a problem with that end is shown).
        self.links: dict[tuple[str, str, str], list[tuple[Link, TableRow, str, str]]] = {}
        self._lookup: dict[str, str] = {}
        for link in schema.link_types.values():
            for key in (link.id, link.label_en, link.label_de):
                self._lookup.setdefault(normalise_label(key), link.id)

    def link_type_of(self, text: str) -> str | None:
        """The link type ``text`` names (its id or its English or German label, in any case), or None."""
        return self._lookup.get(normalise_label(text)) if text.strip() else None

    def options(self) -> str:
        """The link types as a message lists them."""
        return ", ".join(f"{t.label_de} ({t.id})" for t in self.schema.link_types.values())

    # -- building -----------------------------------------------------------------------------------
    def add(self, link: Link, row: TableRow, column: str, source_column: str = "", target_column: str = "") -> None:
        """Keep ``link`` from ``row`` (``column``: where an error about it is shown; the ends' columns when they
        are others), unless the same link with other properties came first (an error on ``row``); the same link
        again changes nothing."""
        given = self.links.setdefault(link.key, [])
        previous = given[0] if given else None
        if previous is None or _same(previous[0], link):
            given.append((link, row, source_column or column, target_column or column))
            return
        row.error(column, "conflicting-duplicate",
                  f"the link {link.source} –{link.type}→ {link.target} appears already at {previous[1].where} with "
                  "other data; merge the two rows")

    def table_row(self, row: TableRow, type_id: str) -> None:
        """Build the link of a links-table row (or a relations-table row whose type is a link type)."""
        link_type = self.schema.link_type(type_id)
        source = self.references.resolve(row, "from", row.text("from"), link_type.from_types,
                                         f"the start of a {link_type.label_en!r} link")
        target = self.references.resolve(row, "to", row.text("to"), link_type.to_types,
                                         f"the end of a {link_type.label_en!r} link")
        if row.text("fields"):
            row.error("fields", "fields-on-link", f"a {link_type.label_en!r} link has no fields of action; link the "
                      "node to its field with a row of the type CONCERNS (betrifft) instead")
        props = row.extra_properties()
        if note := row.text("note"):
            props["note"] = note
        since, until = optional_date(row, "since"), optional_date(row, "until")
        if since:
            props["since"] = since
        if until:
            props["until"] = until
        if since and until and until < since:
            row.error("until", "until-before-since", f"the link ends ({until}) before it starts ({since}); "
                      "correct one of the two dates")
        warn_contact_data(row, ("note",))
        confirmed = confirmed_on(row, self.confirmed_default)
        if source and target and source.id == target.id:
            row.error("to", "self-link", f"a {link_type.label_en!r} link needs two different nodes; "
                      "name another node in this column")
        if not row.ok or source is None or target is None:
            return
        self.add(Link(source.id, source.type, type_id, target.id, target.type,
                      provenance=row.text("provenance") or Path(row.table.path).name, confirmed=confirmed,
                      imported_at=self.imported_at, properties=props), row, "type", "from", "to")

    def column_link(self, row: TableRow, column: str, link_type: LinkType, direction: str, node_id: str,
                    node_type: str, text: str, provenance: str, confirmed: str) -> None:
        """One value of a node's link column: ``direction`` out makes the node the source, in the target."""
        sides = link_type.to_types if direction == "out" else link_type.from_types
        what = f"the {row.header(column)!r} of this {node_type}"
        other = self.references.resolve(row, column, text, sides, what)
        if other is None or not node_id:
            return
        if other.id == node_id:
            row.error(column, "self-link", f"a {node_type} cannot be {what} of itself")
            return
        source, target = ((node_id, node_type), (other.id, other.type)) if direction == "out" else \
            ((other.id, other.type), (node_id, node_type))
        self.add(Link(source[0], source[1], link_type.id, target[0], target[1], provenance=provenance,
                      confirmed=confirmed, imported_at=self.imported_at), row, column)

    # -- results ------------------------------------------------------------------------------------
    def settle(self) -> bool:
        """Reject every link to a node of this import whose row has errors, and with a link column the node too;
        again, until nothing changes (a rejected node can take the links to it, and their nodes, with it).
        True when it rejected any."""
        changed, rejected = True, False
        while changed:
            changed = False
            for link, row, source_column, target_column in (e for given in self.links.values() for e in given):
                if not row.ok:
                    continue
                for end, column in ((link.source, source_column), (link.target, target_column)):
                    holder = self.references.row_of(end)
                    if holder is not None and holder is not row and not holder.ok:
                        row.error(column, "invalid-node",
                                  f"{end!r} is the node of {holder.where}, which has errors; fix that row first")
                        changed = rejected = True
                        break
        return rejected

    def linked_ends(self) -> set[tuple[str, str, str]]:
        """(node id, link type, ``out`` or ``in``) for both ends of every valid link."""
        ends: set[tuple[str, str, str]] = set()
        for link in self.valid_links():
            ends.update({(link.source, link.type, "out"), (link.target, link.type, "in")})
        return ends

    def valid_links(self) -> list[Link]:
        """The links of rows without errors, in the order they were built."""
        found = (next((link for link, row, _, _ in given if row.ok), None) for given in self.links.values())
        return [link for link in found if link is not None]


def _same(a: Link, b: Link) -> bool:
    return replace(a, provenance="", confirmed="") == replace(b, provenance="", confirmed="")
