"""Page: the change history with undo (URL ``/history``, ``/history?id=…``). The page is
:mod:`dashboard.history_page`."""

import streamlit as st

from dashboard.history_page import render
from dashboard.i18n import t
from dashboard.session import language, store_or_error

lang = language()
st.title(t("nav.history", lang), anchor=False)
store = store_or_error(lang)
if store is not None:
    render(store, lang)
