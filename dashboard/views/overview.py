"""Page: the overview (the start page, URL ``/``). The page itself is :mod:`dashboard.overview_page`."""

import streamlit as st

from dashboard.i18n import t
from dashboard.overview_page import render
from dashboard.session import language, store_or_error
from graph.settings import Settings

lang = language()
st.title(t("overview.title", lang), anchor=False)
st.write(t("overview.intro", lang))
store = store_or_error(lang)
if store is not None:
    # store_or_error has just built the settings from the environment without error.
    render(store, Settings.from_env(), lang)
