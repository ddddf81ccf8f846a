"""Page: formats and events (URL ``/formats``). The page itself is :mod:`dashboard.formats_page`."""

import streamlit as st

from dashboard.formats_page import render
from dashboard.i18n import t
from dashboard.session import language, store_or_error

lang = language()
st.title(t("formats.title", lang), anchor=False)
store = store_or_error(lang)
if store is not None:
    render(store, lang)
