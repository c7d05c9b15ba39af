"""Qingyun Chain Map: the router. Page config, the one shared sidebar, and the pages."""

import streamlit as st

from geo.i18n import t
from ui.sidebar import sidebar
from ui.signin import current_user
from ui.view import load_url_once, view

st.set_page_config(page_title="庆云县新能源产业链一张图 · Qingyun Chain Map", page_icon="🔋",
                   layout="wide", initial_sidebar_state="auto")  # a phone opens on the map

load_url_once()
lang = view().lang
pages = [
    st.Page("pages/map.py", title=t("page.map", lang), icon=":material/map:", url_path="map", default=True),
    st.Page("pages/lists.py", title=t("page.lists", lang), icon=":material/table_view:", url_path="lists"),
    st.Page("pages/chain.py", title=t("page.chain", lang), icon=":material/account_tree:", url_path="chain"),
    st.Page("pages/tracker.py", title=t("page.tracker", lang), icon=":material/flag:", url_path="tracker"),
    st.Page("pages/tours.py", title=t("page.tours", lang), icon=":material/slideshow:", url_path="tours"),
    st.Page("pages/about.py", title=t("page.about", lang), icon=":material/menu_book:", url_path="about"),
]
# Issue 4: editor pages exist only for editors (a viewer's URL to them finds no page), and each
# checks the role again itself (pages/require_editor).
user = current_user()
if user.is_editor:
    pages += [
        st.Page("pages/data_import.py", title=t("page.import", lang), icon=":material/upload_file:",
                url_path="import"),
        st.Page("pages/edit.py", title=t("page.edit", lang), icon=":material/edit_note:", url_path="edit"),
        st.Page("pages/history.py", title=t("page.history", lang), icon=":material/history:", url_path="history"),
    ]
account_title = t("page.account_signed_in", lang, name=user.label) if user.signed_in else t("page.account", lang)
pages.append(st.Page("pages/account.py", title=account_title, icon=":material/account_circle:", url_path="account"))
page = st.navigation(pages, position="sidebar")
sidebar()
page.run()
