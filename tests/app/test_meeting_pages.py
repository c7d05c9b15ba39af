"""Meeting mode through AppTest: presentation mode, tour steps and their URLs, the Tours page, the
exports' availability, a broken tours file. (The browser side, keys and the map filling the screen,
is tests/e2e/test_present.py.)"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.data.dataset import DATA_DIR
from geo.figures.metrics import kpis
from geo.i18n import t
from geo.map.build import layer_payloads
from geo.meeting.presentation import PRESENT_KPIS, PRESENT_MAP_HEIGHT_PX, MapPosition, step_figures, step_nudge
from geo.meeting.tours import TOURS_FILE, caption, caption_fields, load_tours
from tests.mapscript import app_layer_cache, payloads_in
from ui.meeting import PAGE_MAP_HEIGHT_PX

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT_S = 60
FOLIUM_COMPONENT = "streamlit_folium.st_folium"




@pytest.fixture(scope="module")
def tour(dataset):
    return load_tours(DATA_DIR / TOURS_FILE, dataset).get("default")


def run(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def folium_args(at: AppTest) -> dict:
    (args,) = [json.loads(e.proto.json_args) for e in at.get("component_instance")
               if e.proto.component_name == FOLIUM_COMPONENT]
    return args


def button(at: AppTest, key: str):
    (found,) = [b for b in at.button if b.key == key]
    return found


def texts(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def strip_keys(at: AppTest) -> list[str]:
    """The figures of the KPI strip above the map, in order (geo/figures/strip.py)."""
    bodies = [h.proto.body for h in at.get("html")]
    html = "\n".join(b for b in bodies if not b.startswith('<div class="qcm-phone-only">'))
    return re.findall(r'<div class="qcm-kpi [^"]*" role="listitem" data-kpi="([^"]+)"', html)


def html_title(at: AppTest) -> str:
    html = "\n".join(h.proto.body for h in at.get("html"))
    return re.findall(r'<div class="qcm-title"><h1>(.*?)</h1>', html)[0]


def test_presentation_mode_hides_the_chrome_and_enlarges_the_figures():
    at = run(present="1", lang="en")
    styles = [h.proto.body for h in at.get("html") if '[data-testid="stSidebar"]' in h.proto.body]
    assert styles and "display: none" in styles[0]
    assert strip_keys(at) == list(PRESENT_KPIS) and not at.metric
    assert folium_args(at)["height"] == PRESENT_MAP_HEIGHT_PX
    assert not [b for b in at.button if b.key == "qcm_tour_start"]  # no toolbar in presentation mode
    assert dict(at.query_params) == {"present": "1", "lang": "en"}
    button(at, "qcm_present_exit").click().run()
    assert dict(at.query_params) == {"lang": "en"}
    assert folium_args(at)["height"] == PAGE_MAP_HEIGHT_PX and strip_keys(at) == list(PRESENT_KPIS)


def test_the_toggle_turns_presentation_mode_on_and_keeps_the_filters():
    at = run(seg="cells")
    at.toggle(key="qcm_present_toggle").set_value(True).run()
    assert dict(at.query_params) == {"present": "1", "seg": "cells"}


def test_a_step_link_shows_the_step_as_stored(dataset, tour):
    at = run(tour="default", step="3", lang="en")
    step = tour.step(3)
    lead, rest = caption(step, caption_fields(dataset, "en"), "en").split(". ", 1)
    assert lead + "." in texts(at) and rest in texts(at)  # the first sentence, and the rest folded away
    assert t("meeting.step", "en", n=3, total=len(tour.steps)) in texts(at)
    args = folium_args(at)
    position = step_nudge(MapPosition(*step.center, step.zoom), 3)
    assert args["center"] == list(position.center) and args["zoom"] == step.zoom
    drawn = payloads_in(args["feature_group"])
    expected = json.loads(json.dumps(layer_payloads(dataset, step.view("en", "auto"), cache=app_layer_cache())))
    assert drawn == expected
    assert dict(at.query_params) == {"tour": "default", "step": "3", "lang": "en"}


def test_next_and_back_step_through_and_the_url_follows(tour):
    at = run(tour="default", step="1")
    assert button(at, "qcm_prev").disabled
    button(at, "qcm_next").click().run()
    assert dict(at.query_params) == {"tour": "default", "step": "2"}
    assert at.button_group(key="w_segments_zh").value == list(tour.step(2).segments)  # the sidebar shows it
    for _ in range(2):
        button(at, "qcm_next").click().run()
    assert dict(at.query_params) == {"tour": "default", "step": "4"}
    rings = payloads_in(folium_args(at)["feature_group"])["rings"]
    assert [p["id"] for p in rings["points"]] == list(tour.step(4).highlight)
    button(at, "qcm_prev").click().run()
    assert dict(at.query_params) == {"tour": "default", "step": "3"}


def test_changing_a_filter_during_a_step_is_kept_in_the_link():
    at = run(tour="default", step="3")
    at.button_group(key="w_segments_zh").set_value(["cells"]).run()
    assert dict(at.query_params) == {"tour": "default", "step": "3", "seg": "cells"}
    reopened = run(**dict(at.query_params))
    assert reopened.button_group(key="w_segments_zh").value == ["cells"]


def test_ending_the_tour_keeps_its_view(tour):
    at = run(tour="default", step="2")
    button(at, "qcm_tour_exit").click().run()
    assert dict(at.query_params) == {"seg": "green_power", "layers": ",".join(tour.step(2).layers)}
    assert not [b for b in at.button if b.key == "qcm_next"]


def test_starting_the_tour_from_the_map_page():
    at = run()
    button(at, "qcm_tour_start").click().run()
    assert dict(at.query_params)["tour"] == "default" and dict(at.query_params)["step"] == "1"


def test_a_links_position_goes_to_the_map_and_beats_flying_to_the_selection():
    at = run(at="37.80000,117.50000,13", sel="WIND-GEM-1")
    args = folium_args(at)
    assert args["center"] == [37.8, 117.5] and args["zoom"] == 13
    assert payloads_in(args["feature_group"])["highlight"]["fly"] is False


def test_the_tours_page_presents_a_tour(dataset, tour):
    at = run(lang="en")
    at.switch_page("pages/tours.py").run()
    assert not at.exception
    assert [title.value for title in at.title] == [t("tours.title", "en")]
    (table,) = at.table
    assert len(table.value) == len(tour.steps)
    assert caption(tour.step(1), caption_fields(dataset, "en"), "en") in table.value.iloc[0].tolist()
    button(at, "qcm_present_default").click().run()
    assert not at.exception
    assert dict(at.query_params) == {"present": "1", "tour": "default", "step": "1", "lang": "en"}
    assert html_title(at) == t("app.title", "en")


def downloads(at: AppTest) -> dict[str, object]:
    return {e.proto.label: e.proto for e in at.get("download_button")}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_tours_page_offers_each_tour_as_slides(tour, lang):
    """Issue 13, point 4: beside "present" and "open", the tour as a PowerPoint file (made when pressed)."""
    at = run(lang=lang)
    at.switch_page("pages/tours.py").run()
    assert not at.exception
    found = downloads(at)
    slides = found[t("slides.download", lang)]
    assert not slides.disabled
    assert slides.help == t("slides.download_help", lang)
    assert "qcm_slides_default" in slides.id
    assert not any(t("slides.render_missing", lang, reason="") in w.value for w in at.warning)


def test_a_tour_step_exports_its_tour_as_slides():
    at = run(tour="default", step="2", lang="en")
    assert "qcm_export_pptx" in downloads(at)[t("slides.download", "en")].id
    assert t("slides.download", "en") not in downloads(run(lang="en"))  # no tour open: no slides


def test_slides_say_when_chromium_is_missing(monkeypatch):
    monkeypatch.setenv("QCM_CHROMIUM", "/nonexistent/chromium")
    at = run(lang="en")
    at.switch_page("pages/tours.py").run()
    assert downloads(at)[t("slides.download", "en")].disabled
    assert any("Slides cannot be made on this server" in w.value for w in at.warning)


def test_each_presented_step_shows_its_own_figures(dataset, tour):
    """The strip follows the step: the figures its caption names, not the same strip every step."""
    seen = []
    for number, step in enumerate(tour.steps, start=1):
        at = run(present="1", tour="default", step=str(number), lang="en")
        figures = kpis(dataset, step.view("en", "none"))
        expected = step_figures(step, figures, caption_fields(dataset, "en"), dataset.facts, "en")
        keys = strip_keys(at)
        assert keys and len(keys) <= 6
        assert keys == [k.key for k in expected]
        seen.append(tuple(keys))
    assert len(set(seen)) == len(seen)  # no two steps show the same strip


def test_exports_say_when_chromium_is_missing(monkeypatch):
    monkeypatch.setenv("QCM_CHROMIUM", "/nonexistent/chromium")
    at = run(lang="en")
    assert any("PNG and PDF exports need Chromium" in w.value for w in at.warning)


@pytest.fixture
def broken_tours_dir(tmp_path, monkeypatch):
    data_dir = tmp_path / "data"
    shutil.copytree(DATA_DIR, data_dir, ignore=shutil.ignore_patterns("raw"))
    document = json.loads((data_dir / TOURS_FILE).read_text(encoding="utf-8"))
    document["tours"][0]["steps"][1]["zoom"] = 40
    (data_dir / TOURS_FILE).write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("QCM_DATA_DIR", str(data_dir))
    return data_dir


def test_a_broken_tours_file_is_reported_and_the_map_still_works(broken_tours_dir):
    at = run(lang="en", tour="default", step="2")
    errors = [e.value for e in at.error]
    assert any("tours file has errors" in e and "tour 1 (default) step 2: zoom" in e for e in errors), errors
    assert folium_args(at)["feature_group"]  # the map is drawn
    assert "tour" not in dict(at.query_params)
