"""The lists page in Chromium: a row selected in a list is highlighted on the map, a marker clicked on
a map selects its row (on the lists page and from the map page), the map page opens on the
selection, and an export downloads as a real .xlsx. Screenshots of the page (zh, en, a selected row)
land in test-artifacts/screenshots/."""

from __future__ import annotations

import contextlib
import io

import openpyxl
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from geo.filters import ViewState
from geo.i18n import t
from geo.lists.definitions import build_list

from .helpers import MAP_IFRAME, MapPage

GRID = '[data-testid="stDataFrame"]'
ROW_HEIGHT_PX = 35  # Streamlit's default dataframe row (and header) height
TALL = {"width": 1600, "height": 1900}  # the whole page, list and map, in one screenshot

# True when the map's highlight ring is drawn for the record ``id``.
HIGHLIGHT_JS = """([selector, id]) => {
  const el = document.querySelector(selector);
  let w = null;
  try { w = el && el.contentWindow; } catch (e) { return false; }
  const h = w && w.qcmLayers && w.qcmLayers.__highlight;
  return !!(h && h.id === id && w.map && w.map.hasLayer(h.layer));
}"""
CLICK_POINT_JS = """async ([lat, lng, layer, id, offsets]) => {
  await window.qcmLayers[layer].points();  // every attribute chunk, so that ids are known
  const m = window.map, c = m.latLngToContainerPoint([lat, lng]);
  for (const dx of offsets) {
    const p = L.point(c.x + dx, c.y), lp = m.containerPointToLayerPoint(p);
    const hits = Object.entries(window.qcmLayers || {}).filter(([n, e]) => e && e.cloud)
      .map(([n, e]) => [n, e.cloud.pointAt(lp), e.cloud]).filter(([n, i]) => i >= 0);
    if (hits.length === 1 && hits[0][0] === layer && hits[0][2].idAt(hits[0][1]) === id) return [p.x, p.y];
  }
  return null;
}"""
SELECTED_ROWS_JS = """(selector) => Array.from(document.querySelectorAll(selector + ' tr[aria-selected="true"]'))
  .map(tr => tr.querySelector('td').textContent)"""


@pytest.fixture(scope="module")
def data(dataset):
    return dataset


class ListsPage(MapPage):
    """The lists page: its tabs, its table (a canvas grid with an accessible twin), its map."""

    def open_lists(self, query: str = "") -> None:
        # The router first, until its map is drawn: on a server no session has used yet, a deep
        # link to /lists would run pages/lists.py without app.py (tests/app/test_pages.py, cold server).
        # On the plain background (WGS-84): the tests click markers at the records' own positions.
        query = query + ("&" if query else "?") + "basemap=none"
        self.open("/?basemap=none")
        self.page.goto(self.base + "/lists" + query)
        self.page.locator(GRID).first.wait_for()
        self.map_frame()

    def tab(self, label: str) -> None:
        self.page.get_by_role("tab", name=label, exact=True).click()
        self.page.wait_for_function(
            """(label) => { const s = document.querySelector('[role="tab"][aria-selected="true"]');
                            return s && s.textContent.trim() === label; }""", arg=label)
        self.wait_idle()
        self.page.locator(GRID).first.wait_for()

    def click_row(self, index: int) -> None:
        """Click the selection box of data row ``index`` (0 = first row under the header)."""
        box = self.page.locator(GRID).first.bounding_box()
        assert box is not None
        self.page.mouse.click(box["x"] + 14, box["y"] + ROW_HEIGHT_PX * (index + 1) + ROW_HEIGHT_PX / 2)

    def selected_rows(self) -> list[str]:
        """The ids (first column) of the rows the table shows as selected."""
        return self.page.evaluate(SELECTED_ROWS_JS, GRID)

    def wait_selected_row(self, record_id: str) -> None:
        self.page.wait_for_function(f"(arg) => {{ const ids = ({SELECTED_ROWS_JS})(arg[0]); "
                                    "return ids.length === 1 && ids[0] === arg[1]; }",
                                    arg=[GRID, record_id])

    def wait_highlight(self, record_id: str) -> None:
        self.page.wait_for_function(HIGHLIGHT_JS, arg=[MAP_IFRAME, record_id])

    def screen_point(self, lat: float, lng: float) -> tuple[float, float]:
        """Where a WGS-84 position (no basemap: no shift) is on the page, in viewport pixels."""
        self.scroll_to_map()
        box = self.page.locator(MAP_IFRAME).first.bounding_box()
        assert box is not None
        point = self.map_frame().evaluate(
            """([lat, lng]) => { const r = window.map.getContainer().getBoundingClientRect();
                                 const p = window.map.latLngToContainerPoint([lat, lng]);
                                 return [r.left + p.x, r.top + p.y]; }""", [lat, lng])
        return box["x"] + point[0], box["y"] + point[1]

    def click_record(self, record, dx: float = 0) -> None:
        """Click the marker of ``record`` (a row of the records frame), ``dx`` pixels right of its
        centre, once its layer is drawn."""
        self.map_frame().wait_for_function(
            "(name) => window.qcmLayers[name] && window.qcmLayers[name].ready !== false", arg=record["layer"])
        lat, lng = float(record["lat"]), float(record["lon"])
        # Pan to it (as a person would) if it is off screen.
        self.map_frame().evaluate(
            """([lat, lng]) => { if (!window.map.getBounds().pad(-0.1).contains([lat, lng]))
                                   window.map.setView([lat, lng], window.map.getZoom(), {animate: false}); }""",
            [lat, lng])
        self.wait_map_at_rest()
        self.scroll_to_map()
        # The first of these offsets at which the record's own mark, and no other layer's, is under
        # the pointer (the chain is drawn over the wind farms, so a chain mark within reach would win).
        point = self.map_frame().evaluate(CLICK_POINT_JS, [lat, lng, record["layer"], record["id"], [dx, -dx, 0]])
        assert point, f"no point of {record['id']}'s mark is clear of the other layers' marks"
        # Clicked relative to the map's own element at click time, so a late shift of the page
        # (a strip or message appearing above the map) cannot move the click off the mark.
        self.map_frame().locator(".leaflet-container").first.click(position={"x": point[0], "y": point[1]})

    def wait_map_at_rest(self) -> None:
        """Until the map's view and size stop changing (st_folium sizes the map after it mounts,
        and a selection flies it): a click computed on a moving map misses."""
        self.map_frame().wait_for_function(
            """() => { const m = window.map;
                       const view = JSON.stringify([m.getCenter(), m.getZoom(), m.getSize()]);
                       const same = window.__qcmLastView === view;
                       window.__qcmLastView = view;
                       return same && !m._animatingZoom; }""", polling=250)

    def shot(self, name: str) -> None:
        """Screenshot once the page is idle and the map is drawn and at rest."""
        self.wait_idle()
        self.map_frame().wait_for_function(
            """() => !window.map._animatingZoom && Object.values(window.qcmLayers || {})
                       .every(e => !e || e.ready !== false)""")
        self.screenshot(name)


@pytest.fixture
def lists(page, app_url):
    page.set_viewport_size(TALL)
    return ListsPage(page, app_url)


def test_lists_page_in_chinese_and_english(lists, data):
    lists.open_lists()
    assert lists.page.locator("h1").first.inner_text() == t("lists.title", "zh")
    expected = list(build_list(data, ViewState(), "enterprises").ids)
    ids_js = f"""() => Array.from(document.querySelectorAll('{GRID} tbody tr td:first-child'))
                          .map(td => td.textContent)"""
    # The grid draws its rows (and their accessible twins) a moment after the grid itself shows.
    with contextlib.suppress(PlaywrightTimeout):
        lists.page.wait_for_function(f"(n) => ({ids_js})().length >= n", arg=len(expected))
    assert lists.page.evaluate(ids_js) == expected
    lists.shot("lists_zh")
    lists.sidebar.get_by_text("English", exact=True).click()
    lists.page.get_by_role("tab", name="Enterprises", exact=True).wait_for()
    lists.wait_idle()
    lists.page.wait_for_function(
        """(grid) => { const th = document.querySelectorAll(grid + ' [role="columnheader"]');
                       return th.length > 2 && th[0].textContent === "ID" && th[1].textContent === "Name"; }""",
        arg=GRID)
    lists.tab("Projects")
    lists.page.get_by_text("Project stages", exact=True).wait_for()
    lists.map_frame()
    lists.shot("lists_en")


def test_selecting_a_row_highlights_it_on_the_map(lists, data):
    lists.open_lists()
    table = build_list(data, ViewState(), "enterprises")
    index = table.ids.index("E-YUTUO")
    lists.click_row(index)
    lists.wait_highlight("E-YUTUO")
    assert lists.wait_query(lambda q: q.get("sel") == "E-YUTUO")["sel"] == "E-YUTUO"
    lists.wait_selected_row("E-YUTUO")
    # The map keeps the county in view (no zoom-in, issue 10) and the record is on it, ringed.
    record = data.records.set_index("id").loc["E-YUTUO"]
    lists.map_frame().wait_for_function(
        """([lat, lng]) => window.map.getZoom() < 12 && window.map.getBounds().contains([lat, lng])""",
        arg=[float(record["lat"]), float(record["lon"])])
    name = t("lists.map.selected", "zh", name=record["name_zh"])
    lists.page.get_by_text(name, exact=True).wait_for()
    assert lists.map_frame().locator(".leaflet-popup").count() == 0  # the details are beside the map
    lists.shot("lists_row_selected")


def test_clicking_a_marker_on_the_lists_map_selects_its_row(lists, data):
    lists.open_lists()
    lists.click_record(data.records[data.records["id"] == "E-RECYCLER"].iloc[0])
    lists.wait_highlight("E-RECYCLER")
    lists.wait_query(lambda q: q.get("sel") == "E-RECYCLER")
    lists.wait_selected_row("E-RECYCLER")
    # A marker of another list (a wind farm) opens that list, with its row selected.
    lists.click_record(data.records[data.records["id"] == "WIND-GEM-1"].iloc[0])
    lists.wait_highlight("WIND-GEM-1")
    lists.page.wait_for_function(
        """(label) => { const s = document.querySelector('[role="tab"][aria-selected="true"]');
                        return s && s.textContent.trim() === label; }""", arg=t("lists.energy.title", "zh"))
    lists.wait_selected_row("WIND-GEM-1")


def test_a_marker_clicked_on_the_map_page_is_the_selected_row_of_its_list(lists, data):
    lists.open("/?basemap=none")  # positions as stored (WGS-84); "auto" draws in Gaode's GCJ-02
    # The largest wind farm (100 MW, about 8 px across its radius since context marks recede): a click
    # off its centre must still select it (the browser sends the record's id, not the position).
    wind = data.records[data.records["layer"] == "wind_farm"]
    big = wind.loc[wind["capacity_mw"].idxmax()]
    lists.click_record(big, dx=3)
    lists.wait_highlight(big["id"])
    lists.wait_query(lambda q: q.get("sel") == big["id"])
    lists.sidebar.get_by_role("link", name=t("page.lists", "zh")).click()
    lists.tab(t("lists.energy.title", "zh"))
    lists.wait_highlight(big["id"])
    lists.wait_selected_row(big["id"])
    # And back: the link beside the map opens the map page on the same record.
    lists.page.locator('[data-testid="stMainBlockContainer"]').get_by_role(
        "link", name=t("lists.map.open", "zh")).click()
    lists.page.wait_for_url(lambda url: "/lists" not in url)
    lists.wait_highlight(big["id"])
    # The filters came along (st.switch_page used to drop them).
    assert "seg" not in lists.query() and "status" not in lists.query()


def test_download_the_excel_export(lists, data):
    lists.open_lists("?seg=cells,application,platform")
    lists.tab(t("lists.projects.title", "zh"))
    with lists.page.expect_download() as info:
        lists.page.get_by_role("button", name=t("lists.download_xlsx", "zh")).click()
    download = info.value
    assert download.suggested_filename.startswith("庆云县项目清单_")
    assert download.suggested_filename.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(download.path().read_bytes()))
    assert book.sheetnames == ["项目清单", "说明 About"]
    sheet = book["项目清单"]
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]][:2] == ["编号 ID", "名称 Name"]
    expected = build_list(data, ViewState(segments=("cells", "application", "platform")), "projects")
    ids = [sheet.cell(row=r, column=1).value for r in range(2, len(expected.ids) + 2)]
    assert ids == list(expected.ids)
    assert sheet.cell(row=len(expected.ids) + 2, column=1).value == f"合计 Total ({len(expected.ids)})"
    about = {r[0]: r[1] for r in book["说明 About"].iter_rows(values_only=True) if r[0]}
    assert about["筛选条件 Filters · 产业链环节"] == "电芯、应用（含储能）、园区平台"


def _downloaded_xlsx(lists) -> openpyxl.Workbook:
    with lists.page.expect_download() as info:
        lists.page.get_by_role("button", name=t("lists.download_xlsx", "zh")).click()
    return openpyxl.load_workbook(io.BytesIO(info.value.path().read_bytes()))


def test_the_export_coordinates_switch_leaves_coordinates_out(lists, data):
    """Issue 11: exports carry WGS-84 coordinates for internal use, and a viewer setting leaves them out;
    every export says it is for internal use."""
    lists.open_lists()
    lists.tab(t("lists.enterprises.title", "zh"))
    book = _downloaded_xlsx(lists)
    headers = [c.value for c in book.active[1]]
    assert headers[-2:] == ["经度（WGS-84） Longitude (WGS-84)", "纬度（WGS-84） Latitude (WGS-84)"]
    first_about = next(book["说明 About"].iter_rows(min_row=3, max_row=3, max_col=2, values_only=True))
    assert first_about == ("使用限制 Use", t("export.notice", "zh"))
    switch = lists.page.locator('[data-testid="stSidebar"]').get_by_text(t("sidebar.export_coordinates", "zh"))
    switch.click()
    lists.wait_idle()
    headers = [c.value for c in _downloaded_xlsx(lists).active[1]]
    assert not any("WGS-84" in str(h) for h in headers), headers
