"""Page: backup and restore (URL ``/backup``, admins only). The page is :mod:`dashboard.backup_page`."""

import streamlit as st

from dashboard.backup_page import render
from dashboard.i18n import t
from dashboard.session import language, store_or_error
from graph.settings import Settings

lang = language()
st.title(t("nav.backup", lang), anchor=False)
store = store_or_error(lang)
if store is not None:
    render(store, Settings.from_env(), lang)
