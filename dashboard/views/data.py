"""Page: edit the data (URL ``/data``, ``/data?table=…&id=…``). The page is :mod:`dashboard.data_page`."""

import streamlit as st

from dashboard.data_page import render
from dashboard.i18n import t
from dashboard.session import language, store_or_error

lang = language()
st.title(t("nav.data", lang), anchor=False)
store = store_or_error(lang)
if store is not None:
    render(store, lang)
