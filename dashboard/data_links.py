"""The *edit* action of the profiles: links to the data page showing one record, and its ties or links."""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import t
from dashboard.sign_in import can

__all__ = ["DATA_PAGE", "edit_links"]

#: The data page's script (:mod:`dashboard.data_page`).
DATA_PAGE = "views/data.py"


def edit_links(record_id: str, table: str, ties_table: str, lang: str) -> None:
    """Two links side by side: edit (or delete) the record ``record_id`` of ``table``, and edit its ties or links
    (``ties_table``, showing only those that touch it). Nothing for a person who may not edit."""
    if not can("edit"):
        return
    left, right, _ = st.columns([1, 1, 3])
    left.page_link(DATA_PAGE, label=t("data.edit_link", lang), query_params={"table": table, "id": record_id},
                   icon=":material/edit:")
    right.page_link(DATA_PAGE, label=t("data.edit_ties_link", lang),
                    query_params={"table": ties_table, "id": record_id}, icon=":material/share:")
