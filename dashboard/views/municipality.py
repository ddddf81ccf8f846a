"""Page: the municipality profile (URL ``/municipality``, ``/municipality?id=…``). The page itself is
:mod:`dashboard.municipality_page`."""

import streamlit as st

from dashboard.i18n import t
from dashboard.municipality_page import render
from dashboard.session import language, store_or_error
from graph.settings import Settings

lang = language()
st.title(t("municipality.title", lang), anchor=False)
store = store_or_error(lang)
if store is not None:
    # store_or_error has just built the settings from the environment without error.
    render(store, Settings.from_env(), lang)
