"""Helpers for the browser tests: constants, the hostile test record, and :class:`MapPage`."""

from __future__ import annotations

import csv
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Frame, Page

# The browser tests' app is a deployment that configured a licensed Gaode tile service (geo/basemaps.py),
# so "auto" draws Gaode (GCJ-02) there; its host is never resolved (the router blocks every remote
# request), so the map falls back to its plain background by itself. Without this setting "auto" is
# the plain background and the app asks for no tiles at all.
GAODE_TEST_HOST = "gaode.tiles.test"
BASEMAP_ENV = {"QCM_GAODE_TILE_URL": f"https://{GAODE_TEST_HOST}/appmaptile?x={{x}}&y={{y}}&z={{z}}&key={{key}}",
               "QCM_GAODE_KEY": "e2e-test-key"}

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
FAILURES = ARTIFACTS / "failures"

MAP_TIMEOUT_MS = 45_000
ACTION_TIMEOUT_MS = 20_000
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}

XSS_ID = "E-XSS-TEST"
XSS_NAME = "<img src=x onerror=alert(1)>"
XSS_NOTE = "<script>alert(2)</script> note"


def is_local(url: str) -> bool:
    if url.startswith(("data:", "blob:", "about:")):
        return True
    return (urlsplit(url).hostname or "") in LOCAL_HOSTS


def wait_until(page: Page, predicate: Callable[[], object], message: Callable[[], str] | str,
               timeout_s: float = ACTION_TIMEOUT_MS / 1000):
    """Poll a Python-side condition (e.g. the URL, requests seen) until it holds."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(message() if callable(message) else message)
        page.wait_for_timeout(100)


def write_xss_data(data_dir: Path) -> dict:
    """Copy data/ to ``data_dir`` and add a hostile but otherwise valid chain record to chain.csv."""
    shutil.copytree(REPO / "data", data_dir)
    chain = data_dir / "chain.csv"
    with chain.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    template = next(r for r in rows if r["layer"] == "chain" and r["kind"] == "enterprise"
                    and r["chain_segment"] == "materials")
    record = {**template, "id": XSS_ID, "name_zh": XSS_NAME, "name_en": XSS_NAME,
              "note_zh": XSS_NOTE, "note_en": XSS_NOTE, "lon": "117.40", "lat": "37.78",
              "location_provenance": "illustrative", "township_code": ""}
    rows.append(record)
    with chain.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return record


# Counts of what is drawn now: a registry entry whose layer left the map (a filter swapped it out)
# is not drawn, so it does not count.
_COUNTS_JS = """() => {
  const out = {};
  const reg = window.qcmLayers || {};
  for (const [name, entry] of Object.entries(reg)) {
    if (name.startsWith("__") || !entry || !entry.layer) continue;
    if (entry.ready !== false && window.map && window.map.hasLayer(entry.layer)) out[name] = entry.count;
  }
  return out;
}"""

_COUNTS_MATCH_JS = """(expected) => {
  const reg = window.qcmLayers;
  if (!reg || !window.map) return false;
  return Object.entries(expected).every(([name, count]) => {
    const entry = reg[name];
    const drawn = entry && entry.ready !== false && entry.layer && window.map.hasLayer(entry.layer)
      ? entry.count : null;
    return drawn === count;
  });
}"""

# Checked from the page (the iframe is same-origin): the map iframe holds Leaflet, our layer
# script and the chain layer, and (after a swap) is not the window tagged with ``mark``.
_MAP_READY_IN_PAGE_JS = """([selector, mark]) => {
  const el = document.querySelector(selector);
  let w = null;
  try { w = el && el.contentWindow; } catch (e) { return false; }
  return !!(w && w.map && w.qcmLayers && w.qcmLayers.chain && (mark === null || w.__qcmMark !== mark));
}"""


class MapPage:
    """The map page as a person sees it, with the few hooks needed to read the Leaflet map."""

    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base = base_url
        self._mark = 0

    # navigation and waiting
    def open(self, path: str = "/") -> Frame:
        """Go to ``path`` and wait for the map frame and its chain layer."""
        self.page.goto(self.base + path)
        return self.map_frame()

    def map_frame(self, timeout: int = MAP_TIMEOUT_MS) -> Frame:
        """The st_folium iframe once Leaflet, our layer script and the chain layer are there."""
        self.page.wait_for_function(_MAP_READY_IN_PAGE_JS, arg=[MAP_IFRAME, None], timeout=timeout)
        frame = self.page.locator(MAP_IFRAME).first.element_handle().content_frame()
        assert frame is not None, "the map iframe has no content frame"
        frame.wait_for_function("() => window.qcmLayers && window.qcmLayers.chain && window.qcmLayers.chain.ready",
                                timeout=timeout)
        return frame

    def mark_map(self) -> int:
        """Tag the current map window, so :meth:`wait_map_replaced` can tell a new one."""
        self._mark += 1
        self.map_frame().evaluate("(m) => { window.__qcmMark = m; }", self._mark)
        return self._mark

    def wait_map_replaced(self, mark: int, timeout: int = MAP_TIMEOUT_MS) -> Frame:
        """Wait for a new map window (language and basemap changes mount a new iframe)."""
        self.page.wait_for_function(_MAP_READY_IN_PAGE_JS, arg=[MAP_IFRAME, mark], timeout=timeout)
        return self.map_frame()

    def counts(self) -> dict[str, int]:
        """{layer name: count} of the layers drawn on the map now."""
        return self.map_frame().evaluate(_COUNTS_JS)

    def wait_counts(self, expected: dict[str, int], timeout: int = ACTION_TIMEOUT_MS) -> dict[str, int]:
        """Wait until each named layer is drawn with the expected count; return all drawn counts."""
        frame = self.map_frame()
        try:
            frame.wait_for_function(_COUNTS_MATCH_JS, arg=expected, timeout=timeout)
        except Exception as exc:
            raise AssertionError(f"layer counts never became {expected}; drawn: {self.counts()}") from exc
        return self.counts()

    def wait_idle(self, timeout: int = ACTION_TIMEOUT_MS) -> None:
        """Wait until Streamlit shows no "running" status."""
        self.page.wait_for_function(
            """() => { const s = document.querySelector('[data-testid="stStatusWidget"]');
                       return !s || !/running|运行/i.test(s.textContent || ""); }""",
            timeout=timeout)

    def query(self) -> dict[str, str]:
        """The page URL's query parameters (blank values kept)."""
        parsed = parse_qs(urlsplit(self.page.url).query, keep_blank_values=True)
        return {k: v[-1] for k, v in parsed.items()}

    def wait_query(self, predicate: Callable[[dict[str, str]], bool]) -> dict[str, str]:
        def matched():
            query = self.query()
            return (query,) if predicate(query) else None  # a 1-tuple: an empty query is a match too

        return wait_until(self.page, matched, lambda: f"the URL never matched; it is {self.page.url}")[0]

    # the sidebar
    @property
    def sidebar(self):
        return self.page.locator('[data-testid="stSidebar"]')

    def pill(self, group_label: str, pill_label: str):
        toolbar = self.sidebar.locator(f'[role="toolbar"][aria-label="{group_label}"]')
        return toolbar.get_by_role("button", name=pill_label, exact=True)

    def choose(self, combobox_label: str, option, *, typed: str | None = None) -> None:
        """Pick an option of a Streamlit selectbox (``option``: its exact text, or a regex),
        typing ``typed`` first as a person searching would."""
        box = self.page.get_by_role("combobox", name=combobox_label, exact=True)
        box.click()
        if typed is not None:
            box.fill(typed)
        self.page.get_by_role("option", name=option, exact=isinstance(option, str)).first.click()

    # the map
    def scroll_to_map(self) -> None:
        self.page.locator(MAP_IFRAME).first.scroll_into_view_if_needed()

    def marker_points(self, layer: str) -> list[dict]:
        """Each marker of a point layer: id, lat/lng, and its position in viewport pixels
        (``map.latLngToContainerPoint`` plus the iframe's offset)."""
        self.scroll_to_map()
        box = self.page.locator(MAP_IFRAME).first.bounding_box()
        assert box is not None
        points = self.map_frame().evaluate(
            """async (name) => {
                 const rect = window.map.getContainer().getBoundingClientRect();
                 const points = await window.qcmLayers[name].points();
                 return points.map(pt => {
                   const p = window.map.latLngToContainerPoint([pt.lat, pt.lng]);
                   return {id: pt.id, lat: pt.lat, lng: pt.lng, radius: pt.radius,
                           x: rect.left + p.x, y: rect.top + p.y};
                 });
               }""", layer)
        for p in points:
            p["x"] += box["x"]
            p["y"] += box["y"]
        return points

    def isolated_marker(self, layer: str = "chain") -> dict:
        """The marker of ``layer`` farthest on screen from every other point marker, so that a
        click on it cannot be meant for another one."""
        drawn = self.counts()
        others = [p for name in ("pv_utility", "wind_farm", "chain") if name in drawn
                  for p in self.marker_points(name)]
        own = self.marker_points(layer)
        assert own, f"no {layer} markers drawn"
        labels = self.label_boxes()  # the chain's names take clicks and hovers too

        def clearance(p):
            to_marks = min((((p["x"] - o["x"]) ** 2 + (p["y"] - o["y"]) ** 2) ** 0.5
                            for o in others if o["id"] != p["id"]), default=1e9)
            to_labels = min((((max(b["x"] - p["x"], 0, p["x"] - b["x"] - b["w"])) ** 2
                              + (max(b["y"] - p["y"], 0, p["y"] - b["y"] - b["h"])) ** 2) ** 0.5
                             for b in labels if b["id"] != p["id"]), default=1e9)
            return min(to_marks, to_labels)

        return max(own, key=clearance)

    def click_marker(self, target: dict) -> None:
        """Click the marker ``target`` (a point of :meth:`marker_points`) where the map draws it now,
        relative to the map's own element at click time: a page that shifts between measuring and
        clicking (a strip or a message appearing above the map) cannot move the click off the mark."""
        frame = self.map_frame()
        x, y = frame.evaluate("([lat, lng]) => { const p = window.map.latLngToContainerPoint([lat, lng]);"
                              " return [p.x, p.y]; }", [target["lat"], target["lng"]])
        frame.locator(".leaflet-container").first.click(position={"x": x, "y": y})

    def label_boxes(self) -> list[dict]:
        """The chain's drawn names: id and box in viewport pixels (as marker_points)."""
        box = self.page.locator(MAP_IFRAME).first.bounding_box()
        boxes = self.map_frame().evaluate(
            """() => {
                 const rect = window.map.getContainer().getBoundingClientRect();
                 const layer = window.qcmLayers.chain;
                 return (layer && layer.labels ? layer.labels() : []).map(b =>
                   ({id: b.id, x: rect.left + b.x, y: rect.top + b.y, w: b.w, h: b.h}));
               }""")
        for b in boxes:
            b["x"] += box["x"]
            b["y"] += box["y"]
        return boxes

    def popup(self) -> dict | None:
        """The open popup as a person reads it: title, rows (label -> value), warning, record id."""
        return self.map_frame().evaluate(
            """() => {
                 const box = document.querySelector('.leaflet-popup .qcm-popup');
                 if (!box) return null;
                 const rows = {};
                 box.querySelectorAll('.qcm-popup-table tr').forEach(tr => {
                   rows[tr.querySelector('th').textContent] = tr.querySelector('td').textContent; });
                 const warn = box.querySelector('.qcm-popup-warning');
                 const title = box.querySelector('.qcm-popup-title');
                 return {id: box.getAttribute('data-record-id'), title: title && title.textContent,
                         rows: rows, warning: warn && warn.textContent, text: box.textContent};
               }""")

    def wait_popup(self, record_id: str | None = None, timeout: int = ACTION_TIMEOUT_MS) -> dict:
        selector = (f'.leaflet-popup .qcm-popup[data-record-id="{record_id}"]' if record_id
                    else ".leaflet-popup .qcm-popup")
        try:
            self.map_frame().wait_for_selector(selector, state="visible", timeout=timeout)
        except Exception as exc:
            raise AssertionError(f"no popup {selector!r} opened; open popup: {self.popup()}") from exc
        return self.popup()

    def tooltip_texts(self) -> list[dict]:
        return self.map_frame().evaluate(
            """() => Array.from(document.querySelectorAll('.leaflet-tooltip:not(.qcm-area-label)')).map(t => {
                 const n = t.querySelector('.qcm-tip-name'), s = t.querySelector('.qcm-tip-sub');
                 return {name: n && n.textContent, sub: s && s.textContent, text: t.textContent}; })""")

    def township_tags(self) -> list[str]:
        """The township multiselect's selected values, as shown."""
        # One read of all tags: counting them and then reading each races with a sidebar rerun.
        tags = self.sidebar.locator('[data-testid="stMultiSelect"] [data-tag]')
        return [text.strip() for text in tags.all_inner_texts()]

    def legend(self) -> dict[str, int]:
        """Legend rows (ui/legend.py, the legend is the filter): layer code, or "segment.<code>" for
        each chosen segment -> the count shown (the last number of the row's button)."""
        rows = self.page.evaluate("""() => [...document.querySelectorAll('[class*="st-key-qcm_leg_"]')]
            .map(el => [[...el.classList].find(c => c.startsWith('st-key-qcm_leg_')), el.querySelector('button')])
            .filter(([key, button]) => button && key !== 'st-key-qcm_leg_all')
            .map(([key, button]) => ({key: key.slice('st-key-qcm_leg_'.length), text: button.textContent,
                                      chosen: !button.querySelector('del')}))""")
        out = {}
        for row in rows:
            kind, _, value = row["key"].partition("_")
            if kind == "seg" and not row["chosen"]:
                continue
            out[f"segment.{value}" if kind == "seg" else value] = int(
                re.findall(r"[\d,]+", row["text"])[-1].replace(",", ""))
        return out

    def legend_label(self, key: str) -> str:
        """A legend row's words (its label, without the check-box icon)."""
        return self.legend_row(key).locator('[data-testid="stMarkdownContainer"]').inner_text().strip()

    def legend_row(self, key: str):
        """A legend row's button: ``key`` a layer code, "seg_<segment>" or "all"."""
        name = key if key.startswith(("seg_", "all")) else f"lay_{key}"
        return self.page.locator(f".st-key-qcm_leg_{name} button").first

    def screenshot(self, name: str, *, at_map: bool = False) -> Path:
        """Save what the person sees (the viewport; ``at_map``: scrolled to the map)."""
        if at_map:
            self.scroll_to_map()
        # Let popups and tooltips finish fading in (the highlight ring's pulse never ends).
        if self.page.locator(MAP_IFRAME).count():
            self.map_frame().wait_for_function(
                """() => document.getAnimations().every(a => a.playState !== "running"
                           || a.effect.getTiming().iterations === Infinity)""")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path
