"""Page: the overview (the start page). A placeholder: the store's key figures and a way to the map."""

import streamlit as st

from dashboard.i18n import format_date, format_number, markdown_literal, t
from dashboard.session import language, store_or_error
from graph.errors import IntegraNetError, StoreError


def _overview(lang: str) -> None:
    st.title(t("overview.title", lang))
    st.write(t("overview.intro", lang))
    store = store_or_error(lang)
    if store is None:
        return
    try:
        stats = store.stats()
        last = store.last_imports(1)
    except IntegraNetError as exc:
        st.error(t("error.read_failed", lang, detail=markdown_literal(exc)))
        if isinstance(exc, StoreError):
            st.info(t("error.store_hint", lang))
        return
    if stats.actors == 0:
        st.info(t("empty.body", lang, location=markdown_literal(store.location)), icon=":material/info:")
        return
    figures = (
        (t("overview.actors", lang), stats.actors),
        (t("overview.ties", lang), stats.relations),
        (t("overview.municipalities", lang), stats.municipalities),
        (t("overview.fields", lang), stats.fields_of_action),
    )
    for column, (label, value) in zip(st.columns(len(figures)), figures, strict=True):
        column.metric(label, format_number(value, lang))
    if last:
        st.caption(t("overview.as_of", lang, when=format_date(last[0].imported_at, lang)))
    st.page_link("views/network.py", label=t("overview.open_map", lang), icon=":material/hub:")


_overview(language())
