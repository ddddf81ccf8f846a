"""Page: the profile of any node (URL ``/node?id=…``). The page itself is :mod:`dashboard.node_profile_page`."""

import streamlit as st

from dashboard.i18n import t
from dashboard.node_profile_page import render
from dashboard.session import language, store_or_error

lang = language()
st.title(t("node.title", lang), anchor=False)
store = store_or_error(lang)
if store is not None:
    render(store, lang)
