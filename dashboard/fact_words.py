"""Facts of a change set in the user's words: which kind of fact (an actor, a tie, a format …), its readable
name ("VHS Ludwigsburg → kooperiert mit → Jobcenter") and each changed property, before and after.

Shared by the history page and the pages that show a change before it is made (editing, merging). Every text
returned here is plain; the pages put it into tables (which show text literally) or through
:func:`dashboard.i18n.markdown_literal`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from dashboard.i18n import format_date, t
from graph.model.changes import ChangeSet, FactChange
from graph.model.vocabulary import Vocabulary

__all__ = ["action_label", "change_set_label", "fact_kind_label", "fact_name", "fact_rows", "moment_label",
           "shown_value"]


def action_label(action: str, lang: str) -> str:
    """The kind of write (import, edit, delete, merge, seed, undo, confirm, write, restore, erase) in ``lang``."""
    labels = {"import": t("history.action_import", lang), "edit": t("history.action_edit", lang),
              "delete": t("history.action_delete", lang), "merge": t("history.action_merge", lang),
              "seed": t("history.action_seed", lang), "undo": t("history.action_undo", lang),
              "confirm": t("history.action_confirm", lang), "write": t("history.action_write", lang),
              "restore": t("history.action_restore", lang), "erase": t("history.action_erase", lang)}
    return labels.get(action, action)


def fact_kind_label(fact: FactChange, vocabulary: Vocabulary, lang: str) -> str:
    """"Akteur", "Verbindung", "Format" …: the fact's kind, a node by its type."""
    if fact.kind == "node":
        data = fact.after or fact.before or {}
        node_type = vocabulary.schema.node_types.get(str(data.get("type", "")))
        return node_type.label(lang) if node_type else str(data.get("type", ""))
    labels = {"actor": t("history.kind_actor", lang), "relation": t("history.kind_relation", lang),
              "link": t("history.kind_link", lang), "field": t("history.kind_field", lang)}
    return labels.get(fact.kind, fact.kind)


def fact_name(fact: FactChange, vocabulary: Vocabulary, names: Mapping[str, str], lang: str) -> str:
    """A readable name: an actor's or node's name; a tie or link as "source → type → target" by the names in
    ``names`` (id → name; an id not there stands for itself)."""
    if fact.kind in ("relation", "link"):
        source, type_id, target = fact.key.split("|")
        if fact.kind == "relation":
            label = vocabulary.relation_types.label(type_id, lang) if type_id in vocabulary.relation_types else type_id
        else:
            link_type = vocabulary.schema.link_types.get(type_id)
            label = link_type.label(lang) if link_type else type_id
        return f"{names.get(source, source)} → {label} → {names.get(target, target)}"
    if fact.kind == "field":
        data = fact.after or fact.before or {}
        return str(data.get("label_de" if lang == "de" else "label_en") or fact.key)
    return fact.name


def shown_value(value: Any) -> str:
    """A stored value as a table shows it: lists joined by commas, nothing as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return str(value)


def fact_rows(change_set: ChangeSet, vocabulary: Vocabulary, names: Mapping[str, str], lang: str,
              hidden: Collection[str] = ()) -> list[dict[str, str]]:
    """One row per fact (added, removed) or per changed property of a fact: kind, name, what happened, the
    property, before and after — the table of a change set's facts. The values of ``hidden`` properties
    (personal data, for a person who may not read it) are shown as hidden, never as they are."""
    rows: list[dict[str, str]] = []
    columns = (t("history.column_kind", lang), t("history.column_name", lang), t("history.column_change", lang),
               t("history.column_property", lang), t("history.column_before", lang), t("history.column_after", lang))
    happened = {"added": t("history.fact_added", lang), "changed": t("history.fact_changed", lang),
                "removed": t("history.fact_removed", lang)}
    for fact in change_set.facts:
        head = (fact_kind_label(fact, vocabulary, lang), fact_name(fact, vocabulary, names, lang),
                happened[fact.action])
        changes = fact.properties() if fact.action == "changed" else [("", None, None)]
        for attribute, before, after in changes:
            name = attribute.removeprefix("properties.")
            if name in hidden:
                before, after = (None if v is None else t("history.value_hidden", lang) for v in (before, after))
            cells = (*head, name, shown_value(before), shown_value(after))
            rows.append(dict(zip(columns, cells, strict=True)))
    return rows


def moment_label(at: str, lang: str) -> str:
    """A stored UTC moment in the dashboard machine's own time zone, as "3. Dez. 2026, 19:30"."""
    local = datetime.fromisoformat(at).astimezone()
    return f"{format_date(local.date(), lang)}, {local:%H:%M}"


def change_set_label(change_set: ChangeSet, lang: str) -> str:
    """"3. Dez. 2026, 18:30 · anna · Import · 12 Fakten": one change set in a list to choose from."""
    when = moment_label(change_set.at, lang)
    return " · ".join(p for p in (when, change_set.who, action_label(change_set.action, lang),
                                  t("history.facts", lang, count=change_set.size)) if p)
