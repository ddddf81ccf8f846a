"""Page: snapshots and export (URL ``/snapshots``). The page itself is :mod:`dashboard.snapshots_page`."""

import streamlit as st

from dashboard.i18n import t
from dashboard.session import language, store_or_error
from dashboard.snapshots_page import render
from graph.errors import IntegraNetError
from graph.settings import Settings

lang = language()
st.title(t("snapshots.title", lang), anchor=False)
store = store_or_error(lang)
try:
    settings = Settings.from_env()
except IntegraNetError:
    settings = None  # store_or_error has already said what is wrong with the settings
if settings is not None:
    # Without a store the existing snapshots can still be listed, compared and downloaded.
    render(store, settings, lang)
