"""Meeting mode in a real browser with no internet: presentation mode, a tour stepped with the arrow
keys, the exports (HTML offline, PNG, PDF), and links that reopen the same view.

Expected numbers come from the bundled data and data/tours.json, never hard-coded.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from geo.data.dataset import DATA_DIR
from geo.figures.tracker import tracker_figures
from geo.filters import ViewState
from geo.i18n import t
from geo.meeting.presentation import MapPosition, caption_lead, screen_zoom
from geo.meeting.tours import TOURS_FILE, caption, caption_fields, load_tours
from geo.model import SEGMENTS

from .helpers import GAODE_TEST_HOST, MAP_IFRAME, MAP_TIMEOUT_MS, SCREENSHOTS, MapPage, wait_until
from .test_map_page import expected_counts

SCREEN = {"width": 1920, "height": 1080}
DOWNLOAD_TIMEOUT_MS = 120_000


# The map is ready when Leaflet and every layer registered so far have drawn (a tour step may have no
# chain layer, which MapPage.map_frame waits for).
_READY_JS = """(selector) => {
  const el = document.querySelector(selector);
  let w = null;
  try { w = el && el.contentWindow; } catch (e) { return false; }
  const r = w && w.qcmLayers;
  return !!(w && w.map && r && r.boundary
            && Object.keys(r).every(n => n.startsWith("__") || !r[n] || r[n].ready !== false));
}"""


class MeetingPage(MapPage):
    def map_frame(self, timeout: int = MAP_TIMEOUT_MS):
        self.page.wait_for_function(_READY_JS, arg=MAP_IFRAME, timeout=timeout)
        frame = self.page.locator(MAP_IFRAME).first.element_handle().content_frame()
        assert frame is not None, "the map iframe has no content frame"
        return frame


@pytest.fixture
def qcm(page, app_url):
    return MeetingPage(page, app_url)


@pytest.fixture(scope="module")
def data(dataset):
    return dataset


@pytest.fixture(scope="module")
def tour(data):
    return load_tours(DATA_DIR / TOURS_FILE, data).get("default")


def map_view(qcm: MapPage) -> dict:
    return qcm.map_frame().evaluate("() => { const c = map.getCenter(); return {lat: c.lat, lng: c.lng, "
                                    "zoom: map.getZoom(), w: map.getSize().x, h: map.getSize().y}; }")


def wait_map_at(qcm: MapPage, lat: float, lng: float, zoom: float) -> dict:
    def there():
        view = map_view(qcm)
        near = abs(view["lat"] - lat) < 1e-3 and abs(view["lng"] - lng) < 1e-3 and abs(view["zoom"] - zoom) < 1e-6
        return view if near else None
    return wait_until(qcm.page, there, lambda: f"the map never went to {lat},{lng} z{zoom}; it is at {map_view(qcm)}")


def wait_step(qcm: MapPage, data, tour, number: int, lang: str = "zh") -> None:
    """The URL, the caption, the layers and the map position are step ``number``'s, as stored."""
    qcm.wait_query(lambda q: q.get("step") == str(number))
    step = tour.step(number)
    text = caption(step, caption_fields(data, lang), lang)
    qcm.page.get_by_text(text[:20]).first.wait_for()
    expected = expected_counts(data, step.view(lang, "none"))
    assert qcm.wait_counts(expected) == expected
    # The stored zoom frames the step for a 720-pixel-high screen; a larger one shows it closer.
    screen = qcm.page.viewport_size["height"]
    wait_map_at(qcm, step.center[0], step.center[1], screen_zoom(MapPosition(*step.center, step.zoom), screen).zoom)


def wait_url_has_the_map_position(qcm: MapPage) -> dict:
    """Wait until the map has stopped (a wheel zoom animates) and ``at`` in the URL says where it is."""
    def agree():
        query, view = qcm.query(), map_view(qcm)
        if "at" not in query:
            return None
        lat, lng, zoom = (float(v) for v in query["at"].split(","))
        near = abs(view["lat"] - lat) < 1e-4 and abs(view["lng"] - lng) < 1e-4 and view["zoom"] == zoom
        return query if near else None
    return wait_until(qcm.page, agree, lambda: f"the URL {qcm.page.url} never said where the map is: {map_view(qcm)}")


def download(qcm: MapPage, label: str, lang: str, target: Path) -> Path:
    page = qcm.page
    if not page.get_by_role("button", name=label).is_visible():
        page.get_by_role("button", name=t("meeting.export", lang)).click()
    with page.expect_download(timeout=DOWNLOAD_TIMEOUT_MS) as info:
        page.get_by_role("button", name=label).click()
    info.value.save_as(target)
    return target


# --- presentation mode ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_presentation_mode_hides_the_chrome_and_the_map_fills_the_screen(qcm, page, lang):
    page.set_viewport_size(SCREEN)
    qcm.open(f"/?present=1&lang={lang}")
    for testid in ("stSidebar", "stHeader", "stToolbar"):
        assert not page.locator(f'[data-testid="{testid}"]').first.is_visible(), testid
    assert not page.get_by_role("combobox", name=t("map.search", lang)).is_visible()
    frame = page.locator(MAP_IFRAME).first

    def stretched():
        box = frame.bounding_box()
        return box if box and box["y"] + box["height"] >= SCREEN["height"] - 60 else None

    box = wait_until(page, stretched, lambda: f"the map does not reach the bottom: {frame.bounding_box()}")
    assert box["width"] >= 0.7 * SCREEN["width"] and box["height"] >= 0.65 * SCREEN["height"]
    assert box["y"] + box["height"] <= SCREEN["height"] + 1  # fits: no scrolling to see the map
    view = map_view(qcm)
    assert abs(view["w"] - box["width"]) <= 2 and abs(view["h"] - box["height"]) <= 2  # Leaflet uses all of it
    value = page.locator(".st-key-qcm_kpis .qcm-kpi-value").first
    assert float(value.evaluate("e => getComputedStyle(e).fontSize").removesuffix("px")) >= 28
    assert page.locator(".st-key-qcm_kpis .qcm-kpi").count() == 7
    qcm.screenshot(f"present_{lang}")
    page.keyboard.press("Escape")
    qcm.wait_query(lambda q: "present" not in q)
    qcm.sidebar.wait_for()

    def page_sized():  # the page's layout again: below the title row and the strip, still on screen
        box = frame.bounding_box() or {}
        return box if box.get("y", 0) > 100 and box["y"] + box["height"] <= SCREEN["height"] + 1 else None

    wait_until(page, page_sized, "the map kept its full-screen size")


# --- a tour ---------------------------------------------------------------------------------------


def test_arrow_keys_step_the_tour_and_each_step_is_as_stored(qcm, page, data, tour):
    page.set_viewport_size(SCREEN)
    # On the plain background, so the stored (WGS-84) centres are the map's own (the default "auto"
    # basemap draws in Gaode's GCJ-02, some 500 m off).
    qcm.open("/?tour=default&step=1&present=1&basemap=none")
    wait_step(qcm, data, tour, 1)
    page.keyboard.press("ArrowRight")
    wait_step(qcm, data, tour, 2)
    qcm.screenshot("tour_step2_present")
    page.keyboard.press("ArrowRight")
    wait_step(qcm, data, tour, 3)
    page.keyboard.press("ArrowRight")
    wait_step(qcm, data, tour, 4)
    rings = qcm.map_frame().evaluate("() => window.qcmLayers.__rings && window.qcmLayers.__rings.ids")
    assert rings == list(tour.step(4).highlight)
    qcm.screenshot("tour_step4_present")
    page.keyboard.press("ArrowLeft")
    wait_step(qcm, data, tour, 3)
    # After a click on the map the keys go to its iframe: they still step the tour (and do not pan).
    box = page.locator(MAP_IFRAME).first.bounding_box()
    page.mouse.click(box["x"] + 30, box["y"] + box["height"] - 60)
    page.keyboard.press("ArrowRight")
    wait_step(qcm, data, tour, 4)
    page.keyboard.press("Escape")
    qcm.wait_query(lambda q: "present" not in q and q.get("step") == "4")
    qcm.sidebar.wait_for()
    stored = tour.step(4).view("zh", "none")
    for segment in SEGMENTS:
        pressed = qcm.pill(t("sidebar.segments", "zh"), t(f"segment.{segment}", "zh")).get_attribute("aria-pressed")
        assert pressed == ("true" if segment in stored.segments else "false"), segment
    assert not page.locator('[data-testid="stException"]').count()


# --- exports ----------------------------------------------------------------------------------------


def test_the_exported_html_opens_offline_with_the_same_counts(qcm, page, data, tmp_path):
    state = ViewState(segments=("materials", "cells", "green_power"), lang="en")
    qcm.open("/?seg=materials,cells,green_power&lang=en")
    in_app = qcm.wait_counts(expected_counts(data, state))
    path = download(qcm, t("meeting.export_html", "en"), "en", tmp_path / "map.html")
    offline = page.context.new_page()
    requested: list[str] = []

    def route(r):
        requested.append(r.request.url)
        (r.continue_ if r.request.url.startswith(("file:", "data:", "about:")) else r.abort)()

    offline.route("**/*", route)
    offline.goto(path.as_uri())
    offline.wait_for_function("""() => { const r = window.qcmLayers; return window.qcmExportReady && r && r.chain
        && Object.keys(r).every(n => n.startsWith("__") || !r[n] || r[n].ready !== false); }""")
    counts = offline.evaluate("""() => { const out = {};
        for (const [n, e] of Object.entries(window.qcmLayers)) {
          if (!n.startsWith("__") && e && e.layer && window.map.hasLayer(e.layer)) out[n] = e.count; }
        return out; }""")
    assert counts == in_app
    assert [u for u in requested if not u.startswith(("file:", "data:"))] == []
    assert offline.get_by_text("Data as of").first.is_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    offline.screenshot(path=str(SCREENSHOTS / "export_html_offline.png"))
    offline.close()


def test_png_and_pdf_exports(qcm, page, data, tmp_path):
    qcm.open("/?tour=default&step=5&lang=en")
    png = download(qcm, t("meeting.export_png", "en"), "en", tmp_path / "map.png")
    image = Image.open(io.BytesIO(png.read_bytes())).convert("RGB")
    assert image.size == (1920, 1080)
    assert len(image.getcolors(1_000_000)) > 200 and max(ImageStat.Stat(image).stddev) > 20
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(png, SCREENSHOTS / "export_png_en.png")
    pdf = download(qcm, t("meeting.export_pdf", "en"), "en", tmp_path / "brief.pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert 1 <= pages <= 3
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    capacity = float(data.fact("newenergy_capacity_mw")["value"])
    share = float(data.fact("newenergy_share_pct")["value"])
    cells = tracker_figures(data.records, data.facts).cells_gwh
    for expected in (f"{capacity:,.0f} MW", f"{share:.1f}%", f"{cells:.2f} GWh", "Progress towards", "Data as of",
                     "Sources cited",
                     "Chain segment: Battery cells, PACK, Application"):
        assert expected in text, expected
    subprocess.run(["pdftoppm", "-r", "70", "-png", str(pdf), str(SCREENSHOTS / "export_pdf_en")], check=True)


# --- links ------------------------------------------------------------------------------------------


def test_a_link_reopens_the_same_view_with_the_map_where_it_was(qcm, page, data):
    qcm.open("/?seg=materials,cells&lang=en")
    qcm.scroll_to_map()
    box = page.locator(MAP_IFRAME).first.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 180, y - 90, steps=8)
    page.mouse.up()
    page.mouse.wheel(0, -240)
    wait_url_has_the_map_position(qcm)
    qcm.pill(t("sidebar.segments", "en"), t("segment.pack", "en")).click()
    qcm.wait_query(lambda q: q.get("seg") == "materials,cells,pack")
    query = wait_url_has_the_map_position(qcm)  # the rerun rewrote the URL; the position is put back
    lat, lng, zoom = (float(v) for v in query["at"].split(","))
    url = page.url
    page.goto("about:blank")
    page.goto(url)
    qcm.map_frame()
    wait_map_at(qcm, lat, lng, zoom)
    state = ViewState(segments=("materials", "cells", "pack"), lang="en")
    assert qcm.wait_counts(expected_counts(data, state)) == expected_counts(data, state)
    assert qcm.pill(t("sidebar.segments", "en"), t("segment.pack", "en")).get_attribute("aria-pressed") == "true"
    assert qcm.query() == query
    qcm.screenshot("link_reopened_en", at_map=True)


def test_a_changed_tour_step_link_reopens_as_changed(qcm, page, data, tour):
    qcm.open("/?tour=default&step=3&seg=cells&lang=en")
    lead, _ = caption_lead(caption(tour.step(3), caption_fields(data, "en"), "en"))
    page.get_by_text(lead[:30]).first.wait_for()
    state = tour.step(3).view("en", "none").with_(segments=("cells",))
    assert qcm.wait_counts(expected_counts(data, state)) == expected_counts(data, state)
    assert qcm.query() == {"tour": "default", "step": "3", "seg": "cells", "lang": "en"}
    # Nothing remote but the default basemap's tiles (blocked here: the map falls back by itself).
    assert all(GAODE_TEST_HOST in url for url in page.qcm_blocked), page.qcm_blocked[:5]


def test_the_tours_page_starts_a_presentation(qcm, page, data, tour):
    page.goto(qcm.base + "/tours")
    page.get_by_role("button", name=t("tours.present", "zh")).wait_for()
    page.get_by_text(caption(tour.step(1), caption_fields(data, "zh"), "zh")[:20]).first.wait_for()
    qcm.screenshot("tours_page_zh")
    page.get_by_role("button", name=t("tours.present", "zh")).click()
    qcm.wait_query(lambda q: q == {"present": "1", "tour": "default", "step": "1"})
    qcm.map_frame()
    assert not qcm.sidebar.is_visible()
