"""What the import template holds, derived from the schema: its sheets, their columns, and the lists of values.

One sheet per table the importer reads: actors, relations, one per node type stored as ``node`` (named by the
type's plural, e.g. ``Formate``), and links. Each column has its header in the template's language — one the
importer reads (:mod:`importers.columns`, :mod:`importers.node_tables`) —, its data type, whether it is
required, the list of values it takes (labels in the template's language, which the importer reads as well),
what it means and an example. :mod:`importers.template` writes it as a workbook.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from graph.language import phrasebook
from graph.model.schema import ACTOR_TYPE, FIELD_TYPE, NodeType, PropertySpec, Schema
from graph.model.terms import TermSet
from graph.model.vocabulary import MUNICIPALITY_KIND, Vocabulary

__all__ = ["TemplateColumn", "TemplateLayout", "TemplateSheet", "template_layout"]

#: Lists of values the vocabulary (not the schema's node_terms.csv) gives, by the name the template uses.
KINDS, RELATION_TYPES, FIELDS, LINK_TYPES, YES_NO = "actor_kinds", "relation_types", "fields", "link_types", "yes_no"

# canonical column, German header, English header, data type, required, list of values
_ACTOR_COLUMNS = (
    ("id", "Kennung", "id", "text", False, ""),
    ("name", "Bezeichnung", "name", "text", True, ""),
    ("kind", "Art", "kind", "term", True, KINDS),
    ("municipality", "Gemeinde", "municipality", "text", False, ""),
    ("fields", "Handlungsfelder", "fields", "terms", False, FIELDS),
    ("serves", "Einzugsgebiet", "serves", "list", False, ""),
    ("website", "Webseite", "website", "url", False, ""),
    ("notes", "Bemerkungen", "notes", "text", False, ""),
    ("ags", "Gemeindeschlüssel", "ags", "text", False, ""),
    ("population", "Einwohner", "population", "integer", False, ""),
    ("population_date", "Stichtag", "population_date", "date", False, ""),
    ("lat", "Breitengrad", "lat", "number", False, ""),
    ("lon", "Längengrad", "lon", "number", False, ""),
    ("contact", "Ansprechperson", "contact", "text", False, ""),
    ("email", "E-Mail", "email", "text", False, ""),
    ("phone", "Telefon", "phone", "text", False, ""),
    ("provenance", "Quelle", "provenance", "text", False, ""),
    ("confirmed", "Bestätigt am", "confirmed", "date", False, ""),
)
_RELATION_COLUMNS = (
    ("from", "Von", "from", "link", True, ""),
    ("to", "Nach", "to", "link", True, ""),
    ("type", "Beziehung", "type", "term", True, RELATION_TYPES),
    ("fields", "Handlungsfelder", "fields", "terms", False, FIELDS),
    ("since", "Seit", "since", "date", False, ""),
    ("until", "Bis", "until", "date", False, ""),
    ("note", "Bemerkung", "note", "text", False, ""),
    ("provenance", "Quelle", "provenance", "text", False, ""),
    ("confirmed", "Bestätigt am", "confirmed", "date", False, ""),
)
_LINK_COLUMNS = (
    ("from", "Von", "from", "link", True, ""),
    ("type", "Verknüpfung", "link", "term", True, LINK_TYPES),
    ("to", "Nach", "to", "link", True, ""),
    ("since", "Seit", "since", "date", False, ""),
    ("until", "Bis", "until", "date", False, ""),
    ("note", "Hinweis", "note", "text", False, ""),
    ("provenance", "Quelle", "provenance", "text", False, ""),
    ("confirmed", "Bestätigt am", "confirmed", "date", False, ""),
)
_NODE_BASE = {
    "id": ("Kennung", "ID"), "name": ("Name", "Name"), "provenance": ("Quelle", "Provenance"),
    "confirmed": ("Bestätigt am", "Confirmed"),
}
#: The message (``template.<key>``) that says what each fixed column means.
_MEANINGS = (
    "actor_id", "actor_name", "actor_kind", "actor_municipality", "actor_fields", "actor_serves", "actor_website",
    "actor_notes", "actor_ags", "actor_population", "actor_population_date", "actor_lat", "actor_lon",
    "actor_contact", "actor_email", "actor_phone", "actor_provenance", "actor_confirmed", "relation_from",
    "relation_to", "relation_type", "relation_fields", "relation_since", "relation_until", "relation_note",
    "relation_provenance", "relation_confirmed", "link_from", "link_type", "link_to", "link_since", "link_until",
    "link_note", "link_provenance", "link_confirmed", "node_id", "node_name", "node_provenance", "node_confirmed",
)
_DATATYPE_WORDS = {
    "text": "type_text", "url": "type_url", "date": "type_date", "number": "type_number",
    "integer": "type_integer", "boolean": "type_boolean", "list": "type_list", "term": "type_term",
    "terms": "type_terms", "link": "type_link",
}
_MULTIPLE = ("terms", "list", "link")
#: Every other word of the template (``template.<key>``), :mod:`importers.template`'s included.
_WORDS = ("head_sheet", "head_column_de", "head_column_en", "head_datatype", "head_required", "head_values",
          "head_meaning", "head_example", "yes", "no", "required_note", "list_note", "list_kinds",
          "list_relation_types", "list_fields", "list_link_types", "list_yes_no", "example_name", "example_text",
          "example_town", "example_town_2", "example_actor", "example_source", "several", "personal", "about_term",
          "about_link", "about_property", "sheet_explanation", "sheet_lists", "sheet_relations", "sheet_links")


@dataclass(frozen=True)
class TemplateColumn:
    """One column of a template sheet."""

    key: str  # the canonical column or the property's name
    header_de: str
    header_en: str
    datatype: str  # a schema data type (graph.model.schema.DATATYPES)
    datatype_text: str  # the data type in the template's language
    required: bool
    values: str  # the list of values the cell takes (a key of TemplateLayout.lists), or ""
    meaning: str
    example: str

    def header(self, language: str) -> str:
        return self.header_de if language == "de" else self.header_en

    @property
    def multiple(self) -> bool:
        """True when a cell may hold several values, separated by ``|``."""
        return self.datatype in _MULTIPLE and self.key not in ("from", "to")


@dataclass(frozen=True)
class TemplateSheet:
    """One sheet: ``key`` is ``actors``, ``relations``, ``links`` or a node type's id."""

    key: str
    title: str
    columns: tuple[TemplateColumn, ...]


@dataclass(frozen=True)
class TemplateLayout:
    """Everything the template shows, in one language."""

    language: str
    explanation_title: str
    lists_title: str
    sheets: tuple[TemplateSheet, ...]
    lists: Mapping[str, tuple[str, ...]]  # list name → its values (labels in the language)
    list_titles: Mapping[str, str]
    words: Mapping[str, str]


def _labels(terms: TermSet, language: str) -> tuple[str, ...]:
    return tuple(t.label(language) for t in terms)


class _Builder:
    def __init__(self, vocabulary: Vocabulary, language: str) -> None:
        self.vocabulary, self.language = vocabulary, language
        self.schema: Schema = vocabulary.schema
        words = phrasebook("template", language)
        self.words = {key: words[key] for key in _WORDS}
        self.meanings = {key: words[key] for key in _MEANINGS}
        self.types = {datatype: words[key] for datatype, key in _DATATYPE_WORDS.items()}
        self.lists: dict[str, tuple[str, ...]] = {
            KINDS: _labels(vocabulary.kinds, language), RELATION_TYPES: _labels(vocabulary.relation_types, language),
            FIELDS: _labels(vocabulary.fields, language),
            LINK_TYPES: tuple(t.label(language) for t in self.schema.link_types.values()),
            YES_NO: (self.words["yes"], self.words["no"]),
        }
        self.list_titles = {KINDS: self.words["list_kinds"], RELATION_TYPES: self.words["list_relation_types"],
                            FIELDS: self.words["list_fields"], LINK_TYPES: self.words["list_link_types"],
                            YES_NO: self.words["list_yes_no"]}

    # -- examples ------------------------------------------------------------------------------------
    def example_name(self, node_type: NodeType) -> str:
        return self.words["example_name"].format(type=node_type.label(self.language))

    def example(self, datatype: str, values: str = "") -> str:
        de = self.language == "de"
        if values:
            found = self.lists[values]
            return " | ".join(found[:2]) if datatype == "terms" else found[0] if found else ""
        return {
            "date": "17.05.2021" if de else "2021-05-17", "number": "19,16" if de else "19.16", "integer": "42",
            "boolean": self.words["yes"], "url": "https://www.example.org", "list": "A | B",
        }.get(datatype, self.words["example_text"])

    def fixed_examples(self, sheet: str) -> dict[str, str]:
        town = self.words["example_town"]
        actor = "vhs"
        examples = {
            "id": actor, "name": self.words["example_actor"], "municipality": town,
            "serves": f"{town} | {self.words['example_town_2']}", "ags": "08123456", "population": "12345",
            "lat": "48,89" if self.language == "de" else "48.89", "lon": "9,19" if self.language == "de" else "9.19",
            "contact": "Erika Mustermann", "email": "info@example.org", "phone": "0711 123456",
            "provenance": self.words["example_source"], "from": actor, "to": "jobcenter",
            "kind": next((t.label(self.language) for t in self.vocabulary.kinds if t.id != MUNICIPALITY_KIND), ""),
        }
        if sheet == "links":
            link = next((t for t in self.schema.link_types.values() if ACTOR_TYPE in t.from_types), None)
            if link is not None:
                examples["type"] = link.label(self.language)
                examples["to"] = self.end_example(link.to_types)
        return examples

    def end_example(self, types: tuple[str, ...], own: str = "") -> str:
        """An example of a cell that names a node of one of ``types`` (another than the row's own, of type ``own``)."""
        first = self.schema.node_types[types[0]]
        if first.id == own:
            return f"{self.example_name(first)} 2"
        if first.id == FIELD_TYPE:
            return self.lists[FIELDS][0] if self.lists[FIELDS] else ""
        if first.id == ACTOR_TYPE:
            return "vhs"
        return self.example_name(first)

    # -- columns -------------------------------------------------------------------------------------
    def column(self, key: str, de: str, en: str, datatype: str, required: bool, values: str, meaning: str,
               example: str) -> TemplateColumn:
        if datatype in _MULTIPLE and key not in ("from", "to"):
            meaning = f"{meaning} {self.words['several']}".strip()
        return TemplateColumn(key, de, en, datatype, self.types[datatype], required, values, meaning, example)

    def fixed(self, sheet: str, prefix: str, rows: tuple[tuple[str, str, str, str, bool, str], ...]) -> TemplateSheet:
        examples = self.fixed_examples(sheet)
        columns = tuple(
            self.column(key, de, en, datatype, required, values, self.meanings[f"{prefix}_{key}"],
                        examples.get(key) or self.example(datatype, values))
            for key, de, en, datatype, required, values in rows
        )
        if sheet == "actors":  # a property a district adds to actors gets its column too
            actor = self.schema.node_type(ACTOR_TYPE)
            known = {column.key for column in columns}
            columns += tuple(self.property_column(actor, s) for s in actor.properties if s.name not in known)
        return TemplateSheet(sheet, self.sheet_title(sheet), columns)

    def sheet_title(self, sheet: str) -> str:
        if sheet == "actors":
            return self.schema.node_type(ACTOR_TYPE).plural(self.language)
        return self.words["sheet_relations"] if sheet == "relations" else self.words["sheet_links"]

    def property_column(self, node_type: NodeType, spec: PropertySpec) -> TemplateColumn:
        values, about, example = "", "", ""
        if spec.datatype in ("term", "terms") and spec.vocabulary in self.schema.terms:
            values = spec.vocabulary
            self.lists.setdefault(values, _labels(self.schema.terms[values], self.language))
            self.list_titles.setdefault(values, f"{node_type.label(self.language)}: {spec.label(self.language)}")
            about = self.words["about_term"]
        elif spec.datatype == "boolean":
            values = YES_NO
        elif spec.is_link:
            link = self.schema.link_type(spec.link_type)
            types = link.to_types if spec.direction == "out" else link.from_types
            names = ", ".join(self.schema.node_types[t].plural(self.language) for t in types)
            about = self.words["about_link"].format(link=link.label(self.language), types=names)
            values = FIELDS if types == (FIELD_TYPE,) else ""
            example = self.end_example(types, node_type.id)
        if spec.personal:
            about = f"{about} {self.words['personal']}".strip()
        meaning = " ".join(part for part in (about, spec.description) if part) or self.words["about_property"].format(
            property=spec.label(self.language), type=node_type.label(self.language))
        if spec.name in ("ags", "email", "phone"):
            example = self.fixed_examples("")[spec.name]
        return self.column(spec.name, spec.label_de, spec.label_en, spec.datatype, spec.required, values, meaning,
                           example or self.example(spec.datatype, values))

    def node_sheet(self, node_type: NodeType) -> TemplateSheet:
        def base(key: str, required: bool = False, example: str = "") -> TemplateColumn:
            datatype = "date" if key == "confirmed" else "text"
            return self.column(key, *_NODE_BASE[key], datatype, required, "", self.meanings[f"node_{key}"],
                               example or self.example(datatype))

        columns = (base("id", example=f"{node_type.id_prefix}-1"), base("name", True, self.example_name(node_type)),
                   *(self.property_column(node_type, spec) for spec in node_type.properties),
                   base("provenance", example=self.words["example_source"]), base("confirmed"))
        return TemplateSheet(node_type.id, node_type.plural(self.language), columns)


def template_layout(vocabulary: Vocabulary, language: str = "de") -> TemplateLayout:
    """The sheets, columns and lists of the import template for ``vocabulary`` in ``language`` (``de``/``en``)."""
    builder = _Builder(vocabulary, language)
    sheets = (
        builder.fixed("actors", "actor", _ACTOR_COLUMNS),
        builder.fixed("relations", "relation", _RELATION_COLUMNS),
        *(builder.node_sheet(t) for t in builder.schema.node_only_types),
        builder.fixed("links", "link", _LINK_COLUMNS),
    )
    words = builder.words
    return TemplateLayout(language, words["sheet_explanation"], words["sheet_lists"], sheets, builder.lists,
                          builder.list_titles, words)
