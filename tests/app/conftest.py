"""AppTest runs of the app, as a warm server runs them."""

import pytest
from streamlit.runtime.pages_manager import PagesManager


@pytest.fixture(autouse=True)
def server_after_first_navigation(monkeypatch):
    """Run every AppTest run the way a server runs once any session has called st.navigation.

    Streamlit treats a ``pages/`` folder beside the entry point as an old-style (v1) multipage app
    until the first ``st.navigation`` call switches that off for the whole process
    (``PagesManager.uses_pages_directory``). AppTest resets that flag before *every* run, so from the
    second run on it would run a page file alone, without app.py. Setting the flag the way a warm
    server has it keeps these tests about our pages; the cold-server case (ui/router.ensure_router)
    is ``test_cold_server_runs_the_router_for_a_deep_link`` in test_pages.py, which undoes this.
    """
    original_init = PagesManager.__init__

    def init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)
