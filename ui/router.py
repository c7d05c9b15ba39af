"""The one workaround for Streamlit's pages/-folder convention.

The design card keeps page files in ``pages/``, and Streamlit treats a folder of that name as an
old-style multipage app until app.py has called st.navigation once. Every page calls
:func:`ensure_router` first.
"""

from __future__ import annotations

import streamlit as st


def ensure_router() -> None:
    """Every page calls this first. On a freshly started server Streamlit treats the pages/ folder
    as an old-style multipage app until app.py has called st.navigation once, so a deep link
    (/map?lang=en) would run the page file alone: no sidebar, no URL state. Switch that
    convention off and rerun through app.py, the router. (PagesManager is Streamlit-internal;
    tests/e2e cover this path on a cold server.)"""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
