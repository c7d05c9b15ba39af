"""ui/mapwidget.py's click handling and ui/view.py's one way to select, run in a Streamlit script
(AppTest): what the map pages' st_folium on_change does with the value the browser sent back.
The real click in a browser is in tests/e2e/test_map_page.py and tests/e2e/test_lists.py."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from geo.model import LAYERS

TIMEOUT_S = 60
KEY = "map-none-zh"


def _click_script():
    import streamlit as st

    from ui.mapwidget import on_map_click

    then = []
    on_map_click("map-none-zh", then.append)
    st.session_state["then"] = then


def _select_script():
    import streamlit as st

    from ui.view import select, set_view

    select(st.session_state["choice"])
    st.session_state["after_select"] = st.session_state["selected"]
    set_view(selected=st.session_state["choice"])
    st.session_state["after_set_view"] = st.session_state["selected"]


def clicked(payload, **session) -> AppTest:
    """Run the on_change of a map whose last value sent back is ``payload``, in a session already
    holding ``session`` (and a previous selection)."""
    at = AppTest.from_function(_click_script, default_timeout=TIMEOUT_S)
    at.session_state["selected"] = "E-YUTUO"
    at.session_state[KEY] = {"last_object_clicked": payload}
    for name, value in session.items():
        at.session_state[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_click_with_a_record_id_selects_it_and_tells_the_page():
    at = clicked({"lat": 37.7, "lng": 117.5, "id": "WIND-GEM-1"})
    assert at.session_state["selected"] == "WIND-GEM-1"
    assert at.session_state["then"] == ["WIND-GEM-1"]  # e.g. the lists page opens the record's list


@pytest.mark.parametrize("payload", [{"lat": 37.7, "lng": 117.5, "id": "NO-SUCH-RECORD"},
                                     {"lat": 37.7, "lng": 117.5}, {"lat": 37.7, "lng": 117.5, "id": None}, None])
def test_a_click_naming_no_record_leaves_the_selection(payload):
    at = clicked(payload)
    assert at.session_state["selected"] == "E-YUTUO"
    assert at.session_state["then"] == []


def test_a_record_on_a_hidden_layer_cannot_be_clicked():
    no_wind = [layer for layer in LAYERS if layer != "wind_farm"]
    at = clicked({"lat": 37.7, "lng": 117.5, "id": "WIND-GEM-1"}, layers=no_wind)
    assert at.session_state["selected"] == "E-YUTUO"
    assert at.session_state["then"] == []


@pytest.mark.parametrize(("choice", "selected"), [("WIND-GEM-1", "WIND-GEM-1"), ("", None), (None, None)])
def test_select_is_the_one_way_to_set_the_selection(choice, selected):
    at = AppTest.from_function(_select_script, default_timeout=TIMEOUT_S)
    at.session_state["selected"] = "E-YUTUO"
    at.session_state["choice"] = choice
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["after_select"] == selected
    assert at.session_state["after_set_view"] == selected
    assert "w_selected_zh" not in at.session_state  # no widget shows it
