"""The tables below the network map: what the map shows (actors and ties, or groups) as tabs, each with
a CSV download. The rows come ready-made from :func:`dashboard.network_reads.drawing`; this module only
names the columns and lays the tabs out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from dashboard.i18n import t
from graph.exports.map_table import csv_text

__all__ = ["headers", "tables"]


def tables(drawing: Mapping[str, Any], lang: str) -> None:
    """One tab per table of ``drawing`` (actors and ties, or groups), each with its CSV download."""
    shown_headers = headers(lang)
    names = ["actors", "ties"] if drawing["groups"] is None else ["groups"]
    titles = {"actors": t("network.tab_actors", lang), "ties": t("network.tab_ties", lang),
              "groups": t("network.tab_groups", lang)}
    for name, tab in zip(names, st.tabs([titles[n] for n in names]), strict=True):
        rows, columns = drawing[name], drawing[f"{name}_columns"]
        shown = {c: shown_headers[c] for c in columns}
        tab.dataframe([{shown[c]: row[c] for c in columns} for row in rows], hide_index=True, width="stretch")
        # A byte-order mark, so that spreadsheet programs read the umlauts right.
        tab.download_button(
            t("network.download", lang), data="\ufeff" + csv_text(rows, shown),
            file_name=f"integranet-{name}.csv", mime="text/csv", icon=":material/download:", key=f"network_csv_{name}",
        )


def headers(lang: str) -> dict[str, str]:
    """Column headers by column id (literal ids, so that the catalogue test sees every one)."""
    return {
        "name": t("network.col_name", lang), "kind": t("network.col_kind", lang),
        "town": t("network.col_town", lang), "fields": t("network.col_fields", lang),
        "ties": t("network.col_ties", lang), "steps": t("network.col_steps", lang),
        "partners": t("network.col_partners", lang), "betweenness": t("network.col_betweenness", lang),
        "community": t("network.col_community", lang), "provenance": t("network.col_provenance", lang),
        "from": t("network.col_from", lang), "type": t("network.col_type", lang), "to": t("network.col_to", lang),
        "since": t("network.col_since", lang), "until": t("network.col_until", lang),
        "note": t("network.col_note", lang), "group": t("network.col_group", lang),
        "actors": t("network.col_actors", lang), "ties_within": t("network.col_ties_within", lang),
        "ties_between": t("network.col_ties_between", lang), "illustrative": t("network.col_illustrative", lang),
    }
