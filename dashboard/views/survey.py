"""Page: the survey round of the municipalities (URL ``/survey``). The page itself is :mod:`dashboard.survey_page`."""

import streamlit as st

from dashboard.i18n import t
from dashboard.session import language, store_or_error
from dashboard.survey_page import render

lang = language()
st.title(t("survey.title", lang), anchor=False)
store = store_or_error(lang)
if store is not None:
    render(store, lang)
