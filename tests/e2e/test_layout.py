"""Issue 10 ("map first"): the geometry a person sees, measured in a real browser at the screen sizes
officials use, in both languages, with the sidebar open. Screenshots go to test-artifacts/screenshots/.

- The map is in the first screen and takes at least half of it (more on a 1920 x 1080 screen).
- The county's bounds are inside the map's box; the legend is inside the viewport.
- Nothing of the title row or the headline strip is cut off or overlaps.
- Presentation mode: controls on one row, the county whole and filling most of the map's height, the
  step's caption at most three lines.
- A phone: the map first, then the figures and the legend in a collapsible panel.
"""

from __future__ import annotations

import pytest

from geo.data.dataset import load_dataset
from geo.i18n import t

from .helpers import MAP_IFRAME, MapPage, wait_until
from .test_present import MeetingPage

SIZES = [(1280, 720), (1366, 768), (1920, 1080)]


@pytest.fixture(scope="module")
def data(dataset):
    return dataset

_COUNTY_BOX_JS = """([west, south, east, north]) => {
  const a = map.latLngToContainerPoint([north, west]), b = map.latLngToContainerPoint([south, east]);
  const s = map.getSize();
  return {left: a.x, top: a.y, right: b.x, bottom: b.y, w: s.x, h: s.y, zoom: map.getZoom()};
}"""

# Elements whose content is wider than their box (text cut off or spilling out).
_OVERFLOWING_JS = """(selector) => [...document.querySelectorAll(selector)]
  .filter(e => e.getClientRects().length && e.scrollWidth > e.clientWidth + 1)
  .map(e => (e.className || e.tagName) + ': ' + e.textContent.slice(0, 40))"""


def _box(page, selector: str) -> dict:
    box = page.locator(selector).first.bounding_box()
    assert box, f"{selector} is not on the page"
    return box


def _inside(box: dict, width: int, height: int, slack: float = 1) -> bool:
    return (box["x"] >= -slack and box["y"] >= -slack and box["x"] + box["width"] <= width + slack
            and box["y"] + box["height"] <= height + slack)


def _county_in_map(qcm: MapPage, data) -> dict:
    """The county's bounds in the map's pixels, once the map has its final size."""
    frame = qcm.map_frame()

    def settled():
        box = frame.evaluate(_COUNTY_BOX_JS, [float(v) for v in data.county.total_bounds])
        iframe = qcm.page.locator(MAP_IFRAME).first.bounding_box()
        return box if iframe and abs(box["h"] - iframe["height"]) <= 2 else None

    return wait_until(qcm.page, settled, "Leaflet never took the map's full height")


def _assert_county_inside(county: dict) -> None:
    assert county["left"] >= 0 and county["top"] >= 0, county
    assert county["right"] <= county["w"] and county["bottom"] <= county["h"], county


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_map_is_the_first_screen(qcm, page, data, width, height, lang):
    page.set_viewport_size({"width": width, "height": height})
    qcm.open(f"/?lang={lang}")
    assert qcm.sidebar.is_visible()  # measured with the sidebar open
    county = _county_in_map(qcm, data)
    qcm.screenshot(f"layout_{lang}_{width}x{height}")

    # The map: inside the first screen, at least half of it (more on a large screen).
    box = _box(page, MAP_IFRAME)
    assert _inside(box, width, height), box
    share = box["width"] * box["height"] / (width * height)
    assert share >= (0.6 if width >= 1920 else 0.5), f"the map is {share:.0%} of the screen"
    _assert_county_inside(county)
    assert county["bottom"] - county["top"] >= 0.6 * county["h"]  # the county fills most of the map's height

    # The legend beside the map, on screen; the title names the county and the data's date.
    assert _inside(_box(page, ".st-key-qcm_panel .st-key-qcm_legend"), width, height)
    title = page.locator(".qcm-title h1")
    assert title.inner_text() == t("app.title", lang)
    assert load_dataset().meta["facts_as_of"] in page.locator(".qcm-date").inner_text()

    # Nothing cut off: the strip's figures, the title row; the title not under the search box.
    assert page.evaluate(_OVERFLOWING_JS, ".qcm-strip, .qcm-kpi, .qcm-kpi *, .qcm-title, .qcm-title *") == []
    strip = page.locator(".st-key-qcm_kpis .qcm-kpi")
    assert strip.count() == 7
    for i in range(strip.count()):
        assert _inside(strip.nth(i).bounding_box(), width, height)
    for selector in (".st-key-qcm_head", ".st-key-qcm_toolbar", ".st-key-qcm_kpis"):
        assert _inside(_box(page, selector), width, height), selector
    search = _box(page, ".st-key-search")
    title_box = title.bounding_box()
    assert title_box["x"] + title_box["width"] <= search["x"] + 1
    toolbar = page.locator(".st-key-qcm_toolbar button, .st-key-qcm_toolbar label")
    tops = {round(toolbar.nth(i).bounding_box()["y"] + toolbar.nth(i).bounding_box()["height"] / 2)
            for i in range(toolbar.count()) if toolbar.nth(i).is_visible()}
    assert max(tops) - min(tops) <= 6, f"the toolbar wraps: {tops}"  # one row
    assert _inside(_box(page, ".qcm-notice"), width, height)  # the illustrative notice, one line
    notice = _box(page, ".qcm-notice")
    assert notice["height"] <= 30


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_selection_opens_its_card_beside_the_map(qcm, page, data, lang):
    page.set_viewport_size({"width": 1280, "height": 720})
    qcm.open(f"/?lang={lang}&sel=E-YUTUO")
    card = page.locator(".st-key-qcm_card")
    card.wait_for()
    name = data.records.set_index("id").loc["E-YUTUO", f"name_{lang}"] or data.records.set_index("id").loc[
        "E-YUTUO", "name_zh"]
    assert page.locator(".qcm-card-name").inner_text() == name
    warning = _box(page, ".qcm-card-warning")  # the illustrative position, visible without scrolling
    assert _inside(warning, 1280, 720)
    assert warning["y"] < _box(page, ".qcm-card-fields")["y"]
    assert _box(page, MAP_IFRAME)["y"] <= _box(page, ".st-key-qcm_card")["y"]  # over the map's edge, not below
    qcm.screenshot(f"layout_card_{lang}_1280x720")
    page.get_by_role("button", name=t("layout.card_close", lang)).click()
    qcm.wait_query(lambda q: "sel" not in q)
    card.wait_for(state="detached")


@pytest.fixture
def meeting(page, app_url):
    return MeetingPage(page, app_url)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)], ids=["1280x720", "1920x1080"])
def test_presentation_fits_the_wall(meeting, page, data, width, height, lang):
    page.set_viewport_size({"width": width, "height": height})
    meeting.open(f"/?present=1&tour=default&step=1&lang={lang}")
    meeting.page.locator(".st-key-qcm_tour_bar").wait_for()

    def framed():  # the step's view, zoomed for this screen (a probe reports the screen's height)
        county = _county_in_map(meeting, data)
        return county if county["bottom"] - county["top"] >= 0.75 * county["h"] else None

    county = wait_until(page, framed, lambda: f"the county does not fill the map: {_county_in_map(meeting, data)}")
    _assert_county_inside(county)
    meeting.screenshot(f"layout_present_step1_{lang}_{width}x{height}")
    box = _box(page, MAP_IFRAME)
    assert _inside(box, width, height) and box["height"] >= 0.7 * height
    controls = page.locator(".st-key-qcm_present_head button")
    tops = {round(controls.nth(i).bounding_box()["y"]) for i in range(controls.count())}
    assert len(controls.all()) >= 4 and max(tops) - min(tops) <= 6, f"the controls wrap: {tops}"
    assert _inside(_box(page, ".st-key-qcm_panel .st-key-qcm_legend"), width, height)
    lead = page.locator(".st-key-qcm_tour_bar [data-testid='stMarkdownContainer'] p").nth(1)
    lines = lead.evaluate("e => e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight)")
    assert lines <= 3.2, f"the caption runs to {lines:.1f} lines"
    assert page.evaluate(_OVERFLOWING_JS, ".qcm-kpi:not(.qcm-kpi-text), .qcm-kpi:not(.qcm-kpi-text) *") == []
    strip = page.locator(".st-key-qcm_kpis").inner_text()
    assert t("kpi.capacity", lang) in strip and t("kpi.rooftop", lang) not in strip  # the step's figures
    page.keyboard.press("ArrowRight")
    meeting.wait_query(lambda q: q.get("step") == "2")
    wait_until(page, lambda: t("kpi.rooftop", lang) in page.locator(".st-key-qcm_kpis").inner_text(),
               "the strip did not change with the step")


def test_a_phone_gets_the_map_first_and_a_collapsible_panel(qcm, page, data):
    page.set_viewport_size({"width": 390, "height": 844})
    qcm.open("/?lang=zh")
    map_box = _box(page, MAP_IFRAME)
    assert map_box["width"] >= 0.9 * 390 and map_box["height"] >= 0.45 * 844
    panel = page.locator(".st-key-qcm_panel")
    qcm.screenshot("layout_phone_zh_390x844")
    assert map_box["y"] < 844 and _box(page, ".st-key-qcm_panel")["y"] >= map_box["y"] + map_box["height"] - 1
    assert page.locator(".qcm-phone-only .qcm-kpi").first.is_visible()  # the figures, in the panel
    assert not page.locator(".st-key-qcm_kpis").is_visible()
    legend = panel.locator(".st-key-qcm_legend")
    assert legend.is_visible()
    panel.locator("summary").first.click()  # collapsible
    wait_until(page, lambda: not legend.is_visible(), "the panel did not fold")
    assert page.evaluate(_OVERFLOWING_JS, ".qcm-kpi, .qcm-kpi *, .qcm-title, .qcm-title *") == []
