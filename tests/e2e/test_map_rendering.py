"""The map as an official reads it (issue 10), in Chromium with every non-local request blocked:
chain names drawn as labels, no rooftop points at invented positions, the online basemap falling back
to the labelled plain background by itself, the view held to the region, a selection that neither
zooms nor covers the marker, a wheel that scrolls the page until the map is focused (or Ctrl is held),
a metric scale and credits without a flag, and exported pictures without zoom buttons."""

from __future__ import annotations

import re
import time

import numpy as np
import pytest

from geo import crs
from geo.data.dataset import names_in
from geo.filters import ViewState
from geo.i18n import t
from geo.map.layers import drawn_on_map, short_label
from geo.meeting.render import Chromium
from geo.meeting.standalone import map_html

from .helpers import GAODE_TEST_HOST, MAP_IFRAME, MAP_TIMEOUT_MS
from .test_map_page import expected_counts

CJK = re.compile(r"[\u4e00-\u9fff]")
VIEW_JS = "() => ({lat: map.getCenter().lat, lng: map.getCenter().lng, zoom: map.getZoom()})"


def chain_ready(qcm, path: str):
    frame = qcm.open(path)
    frame.wait_for_function("() => window.qcmLayers.chain.ready")
    return frame


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_chain_names_are_drawn_as_labels_that_do_not_overlap(qcm, dataset, lang):
    frame = chain_ready(qcm, f"/?basemap=none&lang={lang}")
    frame.wait_for_function("() => window.qcmLayers.chain.labels().length >= 5")
    labels = frame.evaluate("() => window.qcmLayers.chain.labels()")
    chain = dataset.records[dataset.records["layer"] == "chain"]
    names = {short_label(name) for name in names_in(chain, lang)}
    assert {label["text"] for label in labels} <= names
    assert all(bool(CJK.search(label["text"])) == (lang == "zh") for label in labels), labels
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            apart = (a["x"] + a["w"] <= b["x"] or b["x"] + b["w"] <= a["x"]
                     or a["y"] + a["h"] <= b["y"] or b["y"] + b["h"] <= a["y"])
            assert apart, (a, b)
    # Drawn on the canvas: pixels of dark text where the first label is.
    first = labels[0]
    dark = frame.evaluate("""(b) => {
        const c = document.querySelector('.leaflet-overlay-pane canvas'), r = c.getBoundingClientRect();
        const m = map.getContainer().getBoundingClientRect(), k = c.width / r.width;
        const d = c.getContext('2d').getImageData((b.x + m.left - r.left) * k, (b.y + m.top - r.top) * k,
                                                  b.w * k, b.h * k).data;
        let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 200 && d[i] < 90) n++;
        return n; }""", first)
    assert dark > 20, first
    qcm.screenshot(f"labels_{lang}", at_map=True)


def test_rooftop_points_at_illustrative_positions_are_not_drawn(qcm, dataset):
    """No spatial pattern that no source gives: the bundled data holds no rooftop point (issue 11; the
    county's 2,078 is a reported figure in the strip), and none is drawn, nor any heat map."""
    frame = chain_ready(qcm, "/?basemap=none")
    expected = expected_counts(dataset, ViewState())
    assert expected["pv_rooftop"] == 0
    assert qcm.wait_counts(expected) == expected
    assert frame.evaluate("() => typeof L.heatLayer") == "undefined"
    assert frame.locator(".leaflet-heatmap-layer").count() == 0
    rooftop = dataset.records[dataset.records["layer"] == "pv_rooftop"]
    assert drawn_on_map(rooftop).empty and qcm.legend()["pv_rooftop"] == len(rooftop) == 0


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_unreachable_tiles_fall_back_to_the_labelled_plain_background(qcm, page, dataset, lang):
    started = time.monotonic()
    frame = qcm.open(f"/?lang={lang}")  # the default basemap: auto (the configured Gaode service, BASEMAP_ENV)
    notice = frame.locator('[data-testid="qcm-basemap-notice"]')
    notice.wait_for(state="visible", timeout=8000)
    assert notice.inner_text().strip() == t("map.basemap_offline", lang)
    assert time.monotonic() - started < 45  # the page and the map loaded, then the fallback came fast
    state = frame.evaluate("""() => ({basemap: window.qcmBasemap.state,
        plain: map.getContainer().classList.contains('qcm-plain'),
        tiles: Object.values(map._layers).filter(l => l instanceof L.TileLayer).length,
        attribution: map.attributionControl.getContainer().textContent})""")
    assert state["basemap"] == "fallback" and state["plain"] and state["tiles"] == 0, state
    assert t("map.attr_gaode", lang) not in state["attribution"]  # no credit for tiles not shown
    assert any(GAODE_TEST_HOST in url for url in page.qcm_blocked)
    # Dezhou's counties around Qingyun are named on the plain background, in the UI language.
    frame.wait_for_function("() => window.qcmLayers.context && window.qcmLayers.context.ready")
    names = frame.evaluate("""() => Array.from(document.querySelectorAll('.qcm-area-label'))
        .filter(e => getComputedStyle(e).display !== 'none').map(e => e.textContent)""")
    context = dataset.context.set_index("id")
    neighbours = set(names_in(dataset.context, lang))
    assert names and set(names) <= neighbours, names
    leling = context.loc["371481", "name_zh" if lang == "zh" else "name_en"]
    assert leling in names
    visible = frame.evaluate("""(name) => { const m = map.getContainer().getBoundingClientRect();
        return Array.from(document.querySelectorAll('.qcm-area-label')).some(e => {
          const r = e.getBoundingClientRect();
          return e.textContent === name && r.left >= m.left && r.right <= m.right && r.top >= m.top
            && r.bottom <= m.bottom; }); }""", leling)
    assert visible, f"{leling} is not on the map"
    # Everything stays in one frame (GCJ-02, as drawn for Gaode): points and outlines agree.
    points = {p["id"]: p for p in qcm.marker_points("chain")}
    row = dataset.records.set_index("id").loc["E-YUTUO"]
    assert (points["E-YUTUO"]["lng"], points["E-YUTUO"]["lat"]) == pytest.approx(
        crs.wgs84_to_gcj02(row["lon"], row["lat"]), abs=2e-6)
    outline = frame.evaluate("""() => { const e = window.qcmLayers.boundary.vector;
        const ll = e.getLayers()[0].getLatLngs()[0][0]; return [ll.lng, ll.lat]; }""")
    first = np.array(dataset.county.geometry.iloc[0].exterior.coords[0])
    assert outline == pytest.approx(list(crs.wgs84_to_gcj02(*first)), abs=1e-6)
    qcm.screenshot(f"fallback_{lang}", at_map=True)


def test_the_view_is_held_to_the_region(qcm, dataset):
    frame = chain_ready(qcm, "/?basemap=none")
    frame.wait_for_function("() => map.getMinZoom() > 7", timeout=MAP_TIMEOUT_MS)
    # Ask for the world (zoom 2) until the map is at rest to take it: the frame is still being sized
    # to the screen for a moment after the layers are drawn, and a re-fit would undo the zoom.
    frame.wait_for_function("() => { map.setZoom(2, {animate: false}); return map.getZoom() === map.getMinZoom(); }",
                            polling=250, timeout=MAP_TIMEOUT_MS)  # a loaded machine sizes the frame late
    info = frame.evaluate("""() => {
        const z = map.getZoom(), min = map.getMinZoom(), b = map.options.maxBounds;
        map.panTo([39.9, 116.4], {animate: false});  // Beijing: outside the region
        const c = map.getCenter();
        return {zoom: z, min: min, south: b.getSouth(), west: b.getWest(), north: b.getNorth(),
                east: b.getEast(), lat: c.lat, lng: c.lng}; }""")
    assert info["zoom"] == info["min"] >= 7.5, info
    west, south, east, north = dataset.context.total_bounds
    assert info["west"] < west and info["south"] < south and info["east"] > east and info["north"] > north
    assert info["west"] > west - 1.5 and info["north"] < north + 1.5  # around Dezhou, not the world
    assert info["south"] <= info["lat"] <= info["north"] and info["west"] <= info["lng"] <= info["east"], info


def test_selecting_a_marker_keeps_the_zoom_and_opens_no_popup(qcm, page, dataset):
    frame = chain_ready(qcm, "/?basemap=none")
    qcm.wait_counts(expected_counts(dataset, ViewState()))
    before = frame.evaluate(VIEW_JS)
    target = qcm.isolated_marker("chain")
    qcm.click_marker(target)
    qcm.wait_query(lambda q: q.get("sel") == target["id"])
    frame = qcm.map_frame()
    frame.wait_for_function("(id) => window.qcmLayers.__highlight && window.qcmLayers.__highlight.id === id",
                            arg=target["id"])
    page.wait_for_timeout(1200)  # time for any fly-to to have started
    after = frame.evaluate(VIEW_JS)
    assert after["zoom"] == before["zoom"], (before, after)
    assert after["lat"] == pytest.approx(before["lat"], abs=1e-6)  # on screen: no pan either
    assert frame.locator(".leaflet-popup").count() == 0
    assert frame.evaluate("() => window.qcmLayers.__highlight.panned") is False


def test_a_selection_off_screen_pans_without_zooming(qcm, dataset):
    frame = chain_ready(qcm, "/?basemap=none")
    qcm.wait_counts(expected_counts(dataset, ViewState()))
    frame.evaluate("() => map.setView([37.70, 117.33], 12, {animate: false})")  # the far south-west
    rec = dataset.records.set_index("id").loc["E-CONDUCTIVE"]  # the far north-east
    assert not frame.evaluate("([lat, lng]) => map.getBounds().contains([lat, lng])", [rec["lat"], rec["lon"]])
    qcm.choose(t("map.search", "zh"), re.compile("纳米导电剂"), typed="导电剂")
    qcm.wait_query(lambda q: q.get("sel") == "E-CONDUCTIVE")
    frame = qcm.map_frame()
    frame.wait_for_function("() => window.qcmLayers.__highlight && window.qcmLayers.__highlight.id === 'E-CONDUCTIVE'")
    frame.wait_for_function("([lat, lng]) => map.getBounds().contains([lat, lng])", arg=[rec["lat"], rec["lon"]])
    assert frame.evaluate("() => map.getZoom()") == 12
    assert frame.locator(".leaflet-popup").count() == 0


@pytest.mark.parametrize("how", ["ctrl", "focus"])
def test_the_wheel_scrolls_the_page_until_the_map_is_focused_or_ctrl_is_held(qcm, page, how):
    frame = chain_ready(qcm, "/?basemap=none")
    page.locator(MAP_IFRAME).first.evaluate("e => e.scrollIntoView({block: 'center'})")
    box = page.locator(MAP_IFRAME).first.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    zoom = frame.evaluate("() => map.getZoom()")
    scrolled = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTop")
    page.mouse.wheel(0, -300)
    frame.wait_for_function("() => window.qcmWheel.hints > 0")
    assert frame.locator(".qcm-wheel-hint.qcm-show").inner_text() == t("map.wheel_hint", "zh")
    page.wait_for_timeout(600)
    assert frame.evaluate("() => map.getZoom()") == zoom
    # ... and the page scrolled instead (up, towards its top).
    assert page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTop") < scrolled
    page.locator(MAP_IFRAME).first.evaluate("e => e.scrollIntoView({block: 'center'})")
    box = page.locator(MAP_IFRAME).first.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    if how == "ctrl":
        page.keyboard.down("Control")
        page.mouse.wheel(0, -300)
        page.keyboard.up("Control")
    else:
        # A click on the map itself (the bottom-left corner holds the illustrative-positions notice).
        page.mouse.click(box["x"] + 30, box["y"] + box["height"] / 2)
        page.mouse.wheel(0, -300)
    frame.wait_for_function("(z) => map.getZoom() > z", arg=zoom)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_scale_is_metric_and_the_credits_have_no_flag(qcm, lang):
    frame = chain_ready(qcm, f"/?basemap=none&lang={lang}")
    scales = frame.evaluate("() => Array.from(document.querySelectorAll('.leaflet-control-scale-line'))"
                            ".map(e => e.textContent)")
    assert len(scales) == 1 and re.fullmatch(r"\d+ k?m", scales[0]), scales
    credits = frame.locator(".leaflet-control-attribution")
    assert credits.locator("svg").count() == 0
    text = credits.inner_text()
    assert "Leaflet" in text and t("map.attribution", lang) in text
    if lang == "en":
        assert not CJK.search(text), text


def test_exported_pictures_have_no_zoom_buttons(browser, dataset):
    html = map_html(dataset, ViewState(), __import__("datetime").date(2026, 12, 1))
    chromium = Chromium(browser)
    context, page = chromium._page(1280, 720)
    try:
        chromium._load(page, html)
        shown = page.evaluate("""() => Array.from(document.querySelectorAll('.leaflet-control-zoom'))
            .map(e => getComputedStyle(e).display)""")
        assert shown and set(shown) == {"none"}
        assert page.locator(".leaflet-control-scale-line").count() == 1
        assert page.locator(".leaflet-control-attribution svg").count() == 0
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_exported_picture_shows_the_illustrative_warning_and_the_filters_whole(browser, dataset, lang):
    """The PNG export's side panel clips what does not fit (a picture cannot scroll): the warning on
    illustrative positions and the filters come first, so the longer English legend cannot push
    them out of the 1920 × 1080 picture."""
    html = map_html(dataset, ViewState(lang=lang), __import__("datetime").date(2026, 12, 1))
    chromium = Chromium(browser)
    context, page = chromium._page(1920, 1080)
    try:
        chromium._load(page, html)
        side = page.locator(".qcm-x-side").bounding_box()
        for selector in ('[data-testid="qcm-export-illustrative"]', ".qcm-x-side .qcm-x-dl",
                         '[data-testid="qcm-legend"]'):
            box = page.locator(selector).bounding_box()
            assert box["y"] >= side["y"] and box["y"] + box["height"] <= side["y"] + side["height"], selector
    finally:
        context.close()
