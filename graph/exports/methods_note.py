"""The methods note of a report pack (Markdown, German or English): what was counted, the definitions,
the date of the data, the sources and the share of illustrative ties.

Text from the data (labels, names, sources) is backslash-escaped, so that it shows literally in any
Markdown renderer and cannot become a link, an image or HTML.
"""

from __future__ import annotations

import re
from collections import Counter

from graph.language import format_date, phrasebook
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


_MAX_SOURCES = 40


def _percent(n: int, m: int, language: str) -> str:
    value = f"{100.0 * n / m:.1f}" if m else "0.0"
    return (value.replace(".", ",") + " %") if language == "de" else value + "%"


def methods_note(snapshot: Snapshot, vocabulary: Vocabulary, language: str = "de") -> str:
    """The methods note of ``snapshot`` in ``language`` ("de" or "en") as Markdown text."""
    t = phrasebook("methods_note", language)
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
        parts.append(f"{t['municipality']} " + ", ".join(markdown_text(names.get(str(m), str(m)))
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
