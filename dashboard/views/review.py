"""Page: facts not confirmed for too long, and confirming them (URL ``/review``). The page is
:mod:`dashboard.review_page`."""

import streamlit as st

from dashboard.i18n import t
from dashboard.review_page import render
from dashboard.session import language, store_or_error

lang = language()
st.title(t("nav.review", lang), anchor=False)
store = store_or_error(lang)
if store is not None:
    render(store, lang)
