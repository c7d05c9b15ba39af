"""The big screen (大屏) in a real browser with no internet: at 1280×720, 1920×1080 and 3840×2160 it fills
the window with nothing outside it and nothing clipped, draws the map and the side charts, and with
``advance`` steps through a tour by itself."""

from __future__ import annotations

import pytest

from geo.i18n import t

from .helpers import MAP_IFRAME, MAP_TIMEOUT_MS, MapPage, wait_until

# Everything a person reads on the screen: each must lie inside the window.
PARTS = (".qcm-scr-bar", ".qcm-scr-tiles", ".st-key-qcm_scr_map", ".qcm-scr-ticker", ".st-key-qcm_scr_left",
         ".st-key-qcm_scr_right", ".qcm-scr-tile", ".qcm-scr-lines", ".st-key-qcm_scr_exit", ".qcm-scr-legend")

LAYOUT_JS = """(parts) => {
  const W = window.innerWidth, H = window.innerHeight, out = [], clipped = [];
  for (const sel of parts) {
    const els = document.querySelectorAll(sel);
    if (!els.length) out.push(sel + ': missing');
    els.forEach(el => {
      const r = el.getBoundingClientRect();
      if (r.width < 1 || r.height < 1 || r.left < -1 || r.top < -1 || r.right > W + 1 || r.bottom > H + 1)
        out.push(sel + ' ' + [r.left, r.top, r.right, r.bottom].map(Math.round).join(','));
    });
  }
  // Text that does not fit its tile (cut off) is a defect too.
  document.querySelectorAll('.qcm-scr-value, .qcm-scr-label, .qcm-scr-title').forEach(el => {
    if (el.scrollWidth > el.clientWidth + 1) clipped.push(el.textContent);
  });
  document.querySelectorAll('.qcm-scr-tile').forEach(el => {
    if (el.scrollHeight > el.clientHeight + 1) clipped.push(el.textContent);
  });
  // Each side chart is drawn (an SVG or canvas of real size) and lies inside its column's panel.
  const charts = [];
  document.querySelectorAll('.st-key-qcm_scr_left, .st-key-qcm_scr_right').forEach(panel => {
    const p = panel.getBoundingClientRect();
    panel.querySelectorAll('.vega-embed').forEach(v => {
      const g = v.querySelector('svg, canvas'), r = (g || v).getBoundingClientRect();
      charts.push(!!g && r.width > 50 && r.height > 50 && r.left >= p.left - 1 && r.right <= p.right + 1
                  && r.top >= p.top - 1 && r.bottom <= p.bottom + 1);
    });
  });
  // The map's key lies on the map, its rows whole.
  const key = document.querySelector('.qcm-scr-legend'), map = document.querySelector('.st-key-qcm_scr_map iframe');
  const k = key && key.getBoundingClientRect(), m = map && map.getBoundingClientRect();
  const keyOnMap = !!(k && m && k.left >= m.left && k.right <= m.right && k.top >= m.top && k.bottom <= m.bottom);
  document.querySelectorAll('.qcm-scr-keys, .qcm-scr-keynote').forEach(el => {
    if (el.scrollWidth > el.clientWidth + 1) clipped.push(el.textContent);
  });
  const doc = document.scrollingElement, main = document.querySelector('[data-testid="stMain"]');
  return {outside: out, clipped: clipped, charts: charts, keyOnMap: keyOnMap,
          scroll: [doc.scrollWidth - W, doc.scrollHeight - H, main.scrollHeight - main.clientHeight]};
}"""


class ScreenPage(MapPage):
    def open_screen(self, query: str) -> None:
        # basemap=none: the offline basemap (this server is configured with a test Gaode key it cannot reach)
        self.page.goto(f"{self.base}/?screen=1&basemap=none&{query}")
        self.page.wait_for_selector(".qcm-scr-ticker", timeout=MAP_TIMEOUT_MS)
        self.map_frame()
        self.wait_idle()
        # The window's height reaches the server once (ui/layout.screen_height), which sizes map and charts.
        self.page.wait_for_function(
            """() => { const m = document.querySelector('.st-key-qcm_scr_map iframe');
                       return m && Math.abs(m.getBoundingClientRect().height - window.innerHeight * 0.675) < 40; }""",
            timeout=MAP_TIMEOUT_MS)
        self.wait_idle()
        self.page.wait_for_function(
            "() => document.querySelectorAll('.st-key-qcm_scr_left .vega-embed svg, .st-key-qcm_scr_right "
            ".vega-embed svg, .st-key-qcm_scr_left .vega-embed canvas, .st-key-qcm_scr_right .vega-embed canvas')"
            ".length >= 4", timeout=MAP_TIMEOUT_MS)


@pytest.fixture
def screen(page, app_url):
    return ScreenPage(page, app_url)


@pytest.mark.parametrize("width, height, lang", [(1280, 720, "zh"), (1920, 1080, "zh"), (1920, 1080, "en"),
                                                 (3840, 2160, "zh")])
def test_the_screen_fills_the_window_with_nothing_outside_it(screen, width, height, lang):
    screen.page.set_viewport_size({"width": width, "height": height})
    screen.open_screen(f"lang={lang}")
    layout = screen.page.evaluate(LAYOUT_JS, list(PARTS))
    assert layout["outside"] == [] and layout["clipped"] == []
    assert layout["keyOnMap"]
    assert layout["charts"] == [True] * 4  # "1612" rings, capacity mix | pipeline, segments: whole, in their panels
    assert max(layout["scroll"]) <= 1, layout["scroll"]
    title = screen.page.locator(".qcm-scr-title").inner_text()
    assert title == t("screen.title", lang)
    assert screen.page.locator(".qcm-scr-tile").count() >= 6
    frame = screen.page.locator(MAP_IFRAME).first.element_handle().content_frame()
    assert frame.evaluate("() => window.qcmLayers.chain.count") > 0
    # The key covers no name of the chain: the county is fitted beside it.
    key = screen.page.locator(".qcm-scr-legend").bounding_box()

    def under_the_key() -> list[str]:
        return [b["id"] for b in screen.label_boxes()
                if b["x"] < key["x"] + key["width"] and key["x"] < b["x"] + b["w"]
                and b["y"] < key["y"] + key["height"] and key["y"] < b["y"] + b["h"]]

    wait_until(screen.page, lambda: screen.label_boxes() and not under_the_key(),
               lambda: f"names under the map's key: {under_the_key()}", timeout_s=10)
    screen.screenshot(f"screen_{lang}_{width}x{height}")
    assert screen.page.qcm_blocked == []


def test_advance_steps_the_tour_by_itself(screen):
    screen.page.set_viewport_size({"width": 1280, "height": 720})
    screen.open_screen("tour=default&step=1&advance=5")

    def step() -> int:
        return int(screen.page.url.split("step=")[1].split("&")[0])

    first = step()
    wait_until(screen.page, lambda: step() != first, "the tour did not step by itself", timeout_s=30)
    assert "screen=1" in screen.page.url and "advance=5" in screen.page.url
    now = step()
    screen.page.wait_for_function("(n) => (document.querySelector('.qcm-scr-step') || {}).textContent"
                                  "?.includes(` ${n}/`)", arg=now)
    assert screen.page.qcm_blocked == []
