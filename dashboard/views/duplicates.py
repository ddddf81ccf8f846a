"""Page: likely duplicates and merging them (URL ``/duplicates``). The page itself is
:mod:`dashboard.duplicates_page`."""

import streamlit as st

from dashboard.duplicates_page import render
from dashboard.i18n import t
from dashboard.session import language, store_or_error

lang = language()
st.title(t("duplicates.title", lang), anchor=False)
store = store_or_error(lang)
if store is not None:
    render(store, lang)
