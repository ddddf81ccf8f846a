"""Page: the network map (URL ``/network``). The page itself is :mod:`dashboard.network_page`."""

import streamlit as st

from dashboard.i18n import t
from dashboard.network_page import render
from dashboard.session import language, store_or_error

lang = language()
st.title(t("network.title", lang))
store = store_or_error(lang)
if store is not None:
    render(store, lang)
