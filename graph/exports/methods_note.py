"""The methods note of a report pack (Markdown, German or English): what was counted, the definitions,
the date of the data, the sources and the share of illustrative ties.

Text from the data (labels, names, sources) is backslash-escaped, so that it shows literally in any
Markdown renderer and cannot become a link, an image or HTML.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

from graph.exports.figure import format_date
from graph.model.provenance import illustrative_share, source_counts
from graph.model.vocabulary import MUNICIPALITY_KIND, Vocabulary
from graph.snapshots.snapshot import Snapshot

__all__ = ["markdown_text", "methods_note"]

# User text always stands inside a line (after "| ", "# Title: " or in a sentence), so only characters that
# open markup there need escaping: emphasis, code, links and images, HTML and entities, table cells.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~])")


def markdown_text(text: str) -> str:
    """``text`` as literal Markdown: punctuation backslash-escaped, line breaks as spaces.

    >>> print(markdown_text("<img src=x> [a](b) *x* | y.de"))
    \\<img src=x\\> \\[a\\](b) \\*x\\* \\| y.de
    """
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


_TEXT: Mapping[str, Mapping[str, str]] = {
    "de": {
        "title": "Methodenhinweis",
        "intro": "Dieser Hinweis gehört zum Snapshot {id} „{label}“ und beschreibt, was die Abbildung und die "
                 "Tabellen zeigen und wie sie entstanden sind.",
        "counted": "Was gezählt wurde",
        "selection_all": "Gezählt wurde das gesamte Netzwerk im Datenbestand zum Zeitpunkt des Snapshots.",
        "selection": "Gezählt wurde eine Auswahl des Netzwerks: {what}. Verbindungen zählen nur, wenn beide "
                     "Akteure in der Auswahl liegen.",
        "actors": "**{n} Akteure**, darunter {m} Kommunen",
        "ties": "**{n} Verbindungen** zwischen Akteuren",
        "fields": "**{n} Handlungsfelder**: {names}",
        "kind_table": "| Akteursart | Anzahl |\n|---|---:|",
        "type_table": "| Art der Verbindung | Anzahl |\n|---|---:|",
        "definitions": "Begriffe",
        "def_actor": "**Akteur**: eine Organisation oder öffentliche Stelle, die in der Integrationsarbeit "
                     "tätig ist, mit einer Akteursart aus dem Vokabular. Kommunen sind eigene Akteure der Art "
                     "„Kommune“ mit amtlichem Gemeindeschlüssel (AGS) und Einwohnerzahl.",
        "def_tie": "**Verbindung**: eine gerichtete, benannte Beziehung zwischen zwei Akteuren (z. B. „berät“, "
                   "„fördert“, „kooperiert mit“), wahlweise mit Handlungsfeldern und Zeitraum. Zwei Akteure "
                   "können durch Verbindungen verschiedener Art verbunden sein; jede zählt einzeln.",
        "def_field": "**Handlungsfeld**: ein Themenfeld der Integrationsarbeit; ein Akteur arbeitet in keinem, "
                     "einem oder mehreren Handlungsfeldern.",
        "def_illustrative": "**Illustrative Verbindung**: eine Verbindung zur Demonstration, die durch keine "
                            "Quelle belegt ist (Quelle „illustrative“). In der Abbildung ist sie gestrichelt.",
        "def_positions": "**Lage in der Abbildung**: ein kraftbasiertes Layout (Fruchterman–Reingold) legt "
                         "verbundene Akteure nahe zueinander. Ein Akteur behält seinen Platz in allen späteren "
                         "Snapshots; Abstände und Richtungen haben darüber hinaus keine inhaltliche Bedeutung. "
                         "Die Symbolgröße wächst mit der Zahl der Verbindungen.",
        "date": "Datenstand",
        "created": "Snapshot erstellt: {date} (UTC)",
        "last_import": "Daten zuletzt importiert: {date}",
        "population_dates": "Stichtag der Einwohnerzahlen: {dates}",
        "store": "Datenbestand: {store}",
        "sources": "Quellen",
        "sources_intro": "{n} Quellen werden in den Akteuren und Verbindungen angegeben (Websites zusammengefasst "
                         "nach Domain; Anzahl der Akteure und Verbindungen, die sie nennen):",
        "sources_none": "Die Daten nennen keine Quellen.",
        "source_table": "| Quelle | Nennungen |\n|---|---:|",
        "more_sources": "… und {n} weitere Quellen (vollständig in der Tabelle „actors“/„relations“, Spalte "
                        "provenance).",
        "illustrative": "Anteil illustrativer Verbindungen",
        "illustrative_text": "{n} von {m} Verbindungen ({share}) sind illustrativ, also nicht belegt. Aussagen über "
                             "tatsächliche Zusammenarbeit stützen sich nur auf die {k} belegten Verbindungen.",
        "illustrative_none": "Alle {m} Verbindungen sind mit einer Quelle belegt; keine ist illustrativ.",
        "privacy": "Datenschutz",
        "personal_yes": "Personenbezogene Angaben (Ansprechperson, E-Mail, Telefon) sind auf ausdrücklichen "
                        "Wunsch enthalten. Bitte vor einer Veröffentlichung entfernen.",
        "personal_no": "Personenbezogene Angaben (Ansprechperson, E-Mail, Telefon) sind nicht enthalten.",
        "trace": "Nachvollziehbarkeit",
        "hash": "Inhalts-Prüfsumme: `{hash}` (gleicher Inhalt ergibt dieselbe Prüfsumme)",
        "software": "Software: {software}",
        "files": "Dateien dieses Pakets: Abbildung (PNG, SVG, PDF), Arbeitsmappe (XLSX: Akteure, Verbindungen, "
                 "Kennzahlen, Lückentabelle), dieser Hinweis (Deutsch und Englisch) und die Metadaten des "
                 "Snapshots (JSON).",
        "field": "Handlungsfeld", "municipality": "Kommune", "kind": "Akteursart", "district_wide": "mit kreisweit "
        "tätigen Akteuren",
    },
    "en": {
        "title": "Methods note",
        "intro": "This note belongs to snapshot {id} “{label}” and describes what the figure and the tables show "
                 "and how they were made.",
        "counted": "What was counted",
        "selection_all": "The whole network in the data store at the time of the snapshot was counted.",
        "selection": "A selection of the network was counted: {what}. A tie counts only when both of its actors "
                     "are in the selection.",
        "actors": "**{n} actors**, {m} of them municipalities",
        "ties": "**{n} ties** between actors",
        "fields": "**{n} fields of action**: {names}",
        "kind_table": "| Kind of actor | Number |\n|---|---:|",
        "type_table": "| Type of tie | Number |\n|---|---:|",
        "definitions": "Definitions",
        "def_actor": "**Actor**: an organisation or public body working on integration, with a kind from the "
                     "vocabulary. Municipalities are actors of the kind “municipality” with their official key "
                     "(AGS) and population.",
        "def_tie": "**Tie**: a directed, named relation between two actors (e.g. “advises”, “funds”, "
                   "“cooperates with”), optionally with fields of action and a period. Two actors may be joined "
                   "by ties of several types; each counts on its own.",
        "def_field": "**Field of action**: a theme of integration work; an actor works on none, one or several.",
        "def_illustrative": "**Illustrative tie**: a tie for demonstration that no source documents (provenance "
                            "“illustrative”). The figure draws it dashed.",
        "def_positions": "**Position in the figure**: a force-directed layout (Fruchterman–Reingold) puts tied "
                         "actors near each other. An actor keeps its place in every later snapshot; beyond that, "
                         "distances and directions carry no meaning. Symbol size grows with the number of ties.",
        "date": "Date of the data",
        "created": "Snapshot created: {date} (UTC)",
        "last_import": "Data last imported: {date}",
        "population_dates": "Reference date of the population figures: {dates}",
        "store": "Data store: {store}",
        "sources": "Sources",
        "sources_intro": "The actors and ties name {n} sources (websites grouped by domain; number of actors and "
                         "ties citing each):",
        "sources_none": "The data names no sources.",
        "source_table": "| Source | Citations |\n|---|---:|",
        "more_sources": "… and {n} more sources (all of them in the sheets “actors”/“relations”, column "
                        "provenance).",
        "illustrative": "Share of illustrative ties",
        "illustrative_text": "{n} of {m} ties ({share}) are illustrative, i.e. not documented. Statements about "
                             "actual cooperation rest only on the {k} documented ties.",
        "illustrative_none": "All {m} ties are documented by a source; none is illustrative.",
        "privacy": "Privacy",
        "personal_yes": "Personal data (contact person, e-mail, phone) is included, as explicitly requested. "
                        "Remove it before publishing.",
        "personal_no": "Personal data (contact person, e-mail, phone) is not included.",
        "trace": "Traceability",
        "hash": "Content hash: `{hash}` (the same content gives the same hash)",
        "software": "Software: {software}",
        "files": "Files of this pack: the figure (PNG, SVG, PDF), the workbook (XLSX: actors, ties, key figures, "
                 "gap table), this note (German and English) and the snapshot's metadata (JSON).",
        "field": "field of action", "municipality": "municipality", "kind": "kind", "district_wide": "with "
        "district-wide actors",
    },
}

_MAX_SOURCES = 40


def _percent(n: int, m: int, language: str) -> str:
    value = f"{100.0 * n / m:.1f}" if m else "0.0"
    return (value.replace(".", ",") + " %") if language == "de" else value + "%"


def methods_note(snapshot: Snapshot, vocabulary: Vocabulary, language: str = "de") -> str:
    """The methods note of ``snapshot`` in ``language`` ("de" or "en") as Markdown text."""
    t = _TEXT.get(language, _TEXT["en"])
    info, subgraph = snapshot.info, snapshot.subgraph
    kinds = Counter(a.kind for a in subgraph.actors)
    types = Counter(r.type for r in subgraph.relations)
    names = {a.id: a.name for a in subgraph.actors}
    lines = [f"# {t['title']}: {markdown_text(info.label)}", "",
             t["intro"].format(id=f"`{info.id}`", label=markdown_text(info.label)), "", f"## {t['counted']}", ""]
    filters = info.filters
    parts = []
    if filters.get("fields"):
        parts.append(f"{t['field']} " + ", ".join(vocabulary.fields.label(f, language) for f in filters["fields"]))
    if filters.get("municipalities"):
        parts.append(f"{t['municipality']} " + ", ".join(markdown_text(names.get(m, m))
                                                         for m in filters["municipalities"]))
    if filters.get("kinds"):
        parts.append(f"{t['kind']} " + ", ".join(vocabulary.kinds.label(k, language) for k in filters["kinds"]))
    if parts and filters.get("include_district_wide"):
        parts.append(t["district_wide"])
    lines += [t["selection"].format(what="; ".join(parts)) if parts else t["selection_all"], ""]
    field_names = ", ".join(f.label(language) for f in snapshot.fields)
    lines += [f"- {t['actors'].format(n=len(subgraph.actors), m=kinds.get(MUNICIPALITY_KIND, 0))}",
              f"- {t['ties'].format(n=len(subgraph.relations))}",
              f"- {t['fields'].format(n=len(snapshot.fields), names=field_names)}", ""]
    lines.append(t["kind_table"])
    order = [*vocabulary.kinds.ids(), *sorted(set(kinds) - set(vocabulary.kinds.ids()))]
    lines += [f"| {markdown_text(vocabulary.kinds.label(k, language))} | {kinds[k]} |" for k in order if kinds.get(k)]
    lines += ["", t["type_table"]]
    order = [*vocabulary.relation_types.ids(), *sorted(set(types) - set(vocabulary.relation_types.ids()))]
    lines += [f"| {markdown_text(vocabulary.relation_types.label(k, language))} | {types[k]} |"
              for k in order if types.get(k)]
    lines += ["", f"## {t['definitions']}", ""]
    lines += [f"- {t[k]}" for k in ("def_actor", "def_tie", "def_field", "def_illustrative", "def_positions")]
    lines += ["", f"## {t['date']}", "", f"- {t['created'].format(date=info.created_at.replace('+00:00', ''))}"]
    if info.last_import:
        lines.append(f"- {t['last_import'].format(date=format_date(info.last_import, language))}")
    dates = sorted({str(a.properties['population_date']) for a in subgraph.actors
                    if a.kind == MUNICIPALITY_KIND and a.properties.get("population_date")})
    if dates:
        shown = ", ".join(format_date(d, language) for d in dates)
        lines.append(f"- {t['population_dates'].format(dates=shown)}")
    lines += [f"- {t['store'].format(store=markdown_text(info.store))}", "", f"## {t['sources']}", ""]
    sources = source_counts(subgraph)
    if sources:
        lines += [t["sources_intro"].format(n=len(sources)), "", t["source_table"]]
        lines += [f"| {markdown_text(name)} | {count} |" for name, count in sources[:_MAX_SOURCES]]
        if len(sources) > _MAX_SOURCES:
            lines += ["", t["more_sources"].format(n=len(sources) - _MAX_SOURCES)]
    else:
        lines.append(t["sources_none"])
    illustrative, total = illustrative_share(subgraph)
    lines += ["", f"## {t['illustrative']}", ""]
    if illustrative:
        share = _percent(illustrative, total, language)
        lines.append(t["illustrative_text"].format(n=illustrative, m=total, share=share, k=total - illustrative))
    else:
        lines.append(t["illustrative_none"].format(m=total))
    lines += ["", f"## {t['privacy']}", "", t["personal_yes"] if info.personal_data_included else t["personal_no"]]
    lines += ["", f"## {t['trace']}", "", f"- {t['hash'].format(hash=info.content_hash)}",
              f"- {t['software'].format(software=markdown_text(info.software))}", "", t["files"], ""]
    return "\n".join(lines)
