"""IntegraNet's dashboard, the Streamlit entry point: ``streamlit run dashboard/app.py`` (``make run``).

It draws the language switch (German by default, kept for the session) and declares the pages with
``st.navigation``; each page is a short script in ``dashboard/views/`` that opens the store through
:mod:`dashboard.session` and calls graph/. (The folder is not called ``pages/``: Streamlit would also
treat that as an old-style page folder and, on a fresh server, run ``pages/network.py`` directly for the
URL ``/network``.)
"""

from __future__ import annotations

import streamlit as st

from dashboard import network_page
from dashboard.i18n import t
from dashboard.session import language_switch
from dashboard.sign_in import require_person


def main() -> None:
    # No page_icon and no page icons: the current page's icon becomes the favicon, and a Material icon
    # as favicon is fetched from a Google CDN. Nothing may leave the machine.
    st.set_page_config(page_title="IntegraNet", layout="wide")
    # A page's widgets lose their state while another page is shown; re-assigning keeps the map's
    # selections when the user visits the overview and comes back.
    for key in network_page.WIDGET_KEYS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]
    lang = language_switch()
    # Where the dashboard has a sign-in, nothing below is drawn for a person who is not signed in or has no role.
    require_person(lang)
    pages = [
        st.Page("views/overview.py", title=t("nav.overview", lang), url_path="overview", default=True),
        st.Page("views/network.py", title=t("nav.network", lang), url_path="network"),
        st.Page("views/actor.py", title=t("nav.actor", lang), url_path="actor"),
        st.Page("views/municipality.py", title=t("nav.municipality", lang), url_path="municipality"),
        st.Page("views/snapshots.py", title=t("nav.snapshots", lang), url_path="snapshots"),
        st.Page("views/fields.py", title=t("nav.fields", lang), url_path="fields"),
    ]
    # The knowledge graph beyond actors and ties: its own group below the network's pages (the unnamed group).
    knowledge = [
        st.Page("views/formats.py", title=t("knowledge.nav_formats", lang), url_path="formats"),
        st.Page("views/offers.py", title=t("knowledge.nav_offers", lang), url_path="offers"),
        st.Page("views/recommendations.py", title=t("knowledge.nav_recommendations", lang), url_path="recommendations"),
        st.Page("views/search.py", title=t("knowledge.nav_search", lang), url_path="search"),
        st.Page("views/node.py", title=t("knowledge.nav_node", lang), url_path="node"),
    ]
    # Keeping the graph up to date: editing, uploads, the change history and the review lists.
    maintenance = [
        st.Page("views/data.py", title=t("nav.data", lang), url_path="data"),
        st.Page("views/upload.py", title=t("nav.upload", lang), url_path="upload"),
        st.Page("views/history.py", title=t("nav.history", lang), url_path="history"),
        st.Page("views/duplicates.py", title=t("nav.duplicates", lang), url_path="duplicates"),
        st.Page("views/review.py", title=t("nav.review", lang), url_path="review"),
        st.Page("views/survey.py", title=t("nav.survey", lang), url_path="survey"),
    ]
    groups = {"": pages, t("knowledge.nav_group", lang): knowledge, t("nav.group_maintenance", lang): maintenance}
    # The office's administration. Listed for everybody: a person without the admin role who opens it is told
    # which role it needs (and the library refuses the writes) rather than sent elsewhere without a word.
    groups[t("nav.group_admin", lang)] = [
        st.Page("views/roles.py", title=t("nav.roles", lang), url_path="roles"),
        st.Page("views/backup.py", title=t("nav.backup", lang), url_path="backup"),
        st.Page("views/erasure.py", title=t("nav.erasure", lang), url_path="erasure"),
    ]
    st.navigation(groups).run()


main()
