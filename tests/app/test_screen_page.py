"""The big screen (大屏, ``?screen=1``) as AppTest runs it: its own layout on the map page, the same map
and figures, the way in from the toolbar and the way out."""

from __future__ import annotations

import json
import re

from streamlit.testing.v1 import AppTest

from geo.figures.metrics import kpis
from geo.filters import ViewState
from geo.i18n import t
from geo.meeting.screen import SCREEN_KPIS
from tests.app.test_meeting_pages import run

FOLIUM = "streamlit_folium.st_folium"


def html(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def maps(at: AppTest) -> list[dict]:
    return [json.loads(e.proto.json_args) for e in at.get("component_instance") if e.proto.component_name == FOLIUM]


def test_the_screen_shows_title_tiles_map_and_ticker_in_chinese_by_default(dataset):
    at = run(screen="1")
    body = html(at)
    assert t("screen.title", "zh") in body and t("screen.county", "zh") in body
    assert f"报道 {dataset.meta['facts_as_of']}" in body
    shown = [k.key for k in kpis(dataset, ViewState()) if k.key in SCREEN_KPIS]
    assert re.findall(r'class="qcm-scr-tile[^"]*" data-kpi="([^"]+)"', body) == shown
    assert 'class="qcm-scr-ticker"' in body and t("screen.ticker.facts", "zh") in body
    assert len(maps(at)) == 1
    assert "qcm-scr-note" in body  # the illustrative positions are said on the screen too
    assert 'data-testid="qcm-scr-legend"' in body and t("screen.legend.hollow", "zh") in body  # the map's key
    assert not [b for b in at.button if b.key == "qcm_tour_start"]  # no map-page toolbar
    for english in ("screen.title", "screen.left", "screen.right", "screen.ticker.facts", "screen.exit"):
        assert t(english, "en") not in body  # nothing of the English screen in Chinese mode


def test_english_on_the_screen(dataset):
    body = html(run(screen="1", lang="en"))
    assert t("screen.title", "en") in body and t("screen.ticker.facts", "en") in body
    assert t("screen.title", "zh") not in body
    assert t("screen.legend.hollow", "en") in body and t("screen.legend.hollow", "zh") not in body


def test_the_toolbar_button_opens_the_screen_and_its_exit_closes_it():
    at = run(lang="en")
    (enter,) = [b for b in at.button if b.key == "qcm_screen_enter"]
    enter.click().run()
    assert not at.exception
    assert dict(at.query_params) == {"screen": "1", "lang": "en"}
    assert 'class="qcm-scr-bar"' in html(at)
    (leave,) = [b for b in at.button if b.key == "qcm_scr_exit"]
    leave.click().run()
    assert dict(at.query_params) == {"lang": "en"}
    assert 'class="qcm-scr-bar"' not in html(at)


def test_a_tour_step_on_the_screen_says_which_step(dataset):
    at = run(screen="1", tour="default", step="2", advance="60")
    body = html(at)
    assert "qcm-scr-step" in body and "2/" in body
    assert dict(at.query_params)["advance"] == "60" and dict(at.query_params)["step"] == "2"


def test_an_empty_filter_says_so_on_the_screen():
    """Every segment switched off (a link's seg=): the screen's map is empty and says why, in the
    screen's own words (there is no sidebar on it)."""
    body = html(run(screen="1", seg=""))
    assert t("screen.nothing_matches", "zh") in body
    assert re.findall(r'data-key="([^"]+)"', body) == ["park"]  # the key keys only what is left: the park
    assert t("screen.nothing_matches", "zh") not in html(run(screen="1"))
