"""Page: erasing a person's data (URL ``/erasure``, admins only). The page is :mod:`dashboard.erasure_page`."""

import streamlit as st

from dashboard.erasure_page import render
from dashboard.i18n import t
from dashboard.session import language, store_or_error
from graph.settings import Settings

lang = language()
st.title(t("nav.erasure", lang), anchor=False)
store = store_or_error(lang)
if store is not None:
    render(store, Settings.from_env(), lang)
