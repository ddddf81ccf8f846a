"""Page: upload CSV/XLSX files with a preview of the change, then one commit (URL ``/upload``). The page itself is
:mod:`dashboard.upload_page`."""

import streamlit as st

from dashboard.i18n import t
from dashboard.session import language, store_or_error
from dashboard.upload_page import render

lang = language()
st.title(t("nav.upload", lang), anchor=False)
store = store_or_error(lang)
if store is not None:
    render(store, lang)
