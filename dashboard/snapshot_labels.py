"""How the page "Snapshots & export" names a snapshot: its creation time, its line in a choice list and its
selection in words (all plain text, not Markdown), and how a choice list of snapshots stays valid when one
is deleted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import streamlit as st

from dashboard.i18n import format_date, t
from graph.model.vocabulary import Vocabulary
from graph.snapshots.snapshot import SnapshotInfo

__all__ = ["created_text", "keep_known", "option_text", "selection_text"]


def created_text(info: SnapshotInfo, lang: str) -> str:
    """When ``info`` was created, in this computer's time zone, as ``lang`` writes dates:
    ``17.05.2025, 14:03 Uhr`` or ``2025-05-17 14:03``."""
    try:
        moment = dt.datetime.fromisoformat(info.created_at).astimezone()
    except ValueError:
        return info.created_at
    return t("snapshots.timestamp", lang, date=format_date(moment, lang), time=f"{moment:%H:%M}")


def option_text(info: SnapshotInfo, lang: str) -> str:
    """A snapshot in a choice list: label and creation time (plain text, not Markdown)."""
    return f"{info.label} – {created_text(info, lang)}"


def selection_text(info: SnapshotInfo, vocabulary: Vocabulary, towns: Mapping[str, str], lang: str) -> str:
    """The snapshot's filters in words (plain text), or "whole network"."""
    filters = info.filters
    parts = []
    if filters.get("fields"):
        parts.append(t("snapshots.selection_fields", lang,
                       values=", ".join(vocabulary.fields.label(f, lang) for f in filters["fields"])))
    if filters.get("municipalities"):
        parts.append(t("snapshots.selection_municipalities", lang,
                       values=", ".join(towns.get(m, m) for m in filters["municipalities"])))
        if filters.get("include_district_wide"):
            parts.append(t("snapshots.selection_district_wide", lang))
    if filters.get("kinds"):
        parts.append(t("snapshots.selection_kinds", lang,
                       values=", ".join(vocabulary.kinds.label(k, lang) for k in filters["kinds"])))
    return "; ".join(parts) or t("snapshots.whole_network", lang)


def keep_known(key: str, options: Sequence[str]) -> None:
    """Forget a choice that is no longer offered (a snapshot deleted meanwhile)."""
    if key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]
