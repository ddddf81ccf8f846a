"""Page: who may do what (URL ``/roles``, admins only). The page is :mod:`dashboard.roles_page`."""

import streamlit as st

from dashboard.i18n import t
from dashboard.roles_page import render
from dashboard.session import language

lang = language()
st.title(t("nav.roles", lang), anchor=False)
render(lang)
