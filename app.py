"""Qingyun Chain Map: the router. Page config, the one shared sidebar, and the pages."""

import streamlit as st

from geo.i18n import t
from pages import shared

st.set_page_config(page_title="庆云县新能源产业链一张图 · Qingyun Chain Map", page_icon="🔋",
                   layout="wide", initial_sidebar_state="expanded")

shared.load_url_once()
lang = shared.view().lang
pages = [
    st.Page("pages/map.py", title=t("page.map", lang), icon=":material/map:", url_path="map", default=True),
    st.Page("pages/lists.py", title=t("page.lists", lang), icon=":material/table_view:", url_path="lists"),
    st.Page("pages/chain.py", title=t("page.chain", lang), icon=":material/account_tree:", url_path="chain"),
    st.Page("pages/tracker.py", title=t("page.tracker", lang), icon=":material/flag:", url_path="tracker"),
    st.Page("pages/about.py", title=t("page.about", lang), icon=":material/menu_book:", url_path="about"),
]
page = st.navigation(pages, position="sidebar")
shared.sidebar()
page.run()
