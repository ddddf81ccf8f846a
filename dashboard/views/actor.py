"""Page: the actor profile (URL ``/actor``, ``/actor?id=…``). The page itself is :mod:`dashboard.actor_page`."""

import streamlit as st

from dashboard.actor_page import render
from dashboard.i18n import t
from dashboard.session import language, store_or_error
from graph.settings import Settings

lang = language()
st.title(t("actor.title", lang), anchor=False)
store = store_or_error(lang)
if store is not None:
    # store_or_error has just built the settings from the environment without error.
    render(store, Settings.from_env(), lang)
