"""Page: recommendations (URL ``/recommendations``). The page itself is :mod:`dashboard.recommendations_page`."""

import streamlit as st

from dashboard.i18n import t
from dashboard.recommendations_page import render
from dashboard.session import language, store_or_error

lang = language()
st.title(t("recommendations.title", lang), anchor=False)
store = store_or_error(lang)
if store is not None:
    render(store, lang)
