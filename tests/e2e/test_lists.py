"""The lists page in Chromium: a row selected in a list is highlighted on the map, a marker clicked on
a map selects its row (on the lists page and from the map page), the map page opens on the
selection, and an export downloads as a real .xlsx. Screenshots of the page (zh, en, a selected row)
land in test-artifacts/screenshots/."""

from __future__ import annotations

import openpyxl
import pytest

from geo.dataset import load_dataset
from geo.filters import ViewState
from geo.i18n import t
from geo.lists import build_list

from .helpers import MAP_IFRAME, SCREENSHOTS, MapPage

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
SELECTED_ROWS_JS = """(selector) => Array.from(document.querySelectorAll(selector + ' tr[aria-selected="true"]'))
  .map(tr => tr.querySelector('td').textContent)"""


@pytest.fixture(scope="module")
def data():
    return load_dataset()


class ListsPage(MapPage):
    """The lists page: its tabs, its table (a canvas grid with an accessible twin), its map."""

    def open_lists(self, query: str = "") -> None:
        # The router first, until its map is drawn: on a server no session has used yet, a deep
        # link to /lists would run pages/lists.py without app.py (tests/app/test_pages.py, cold server).
        self.open("/")
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

    def click_marker(self, layer: str, record_id: str) -> None:
        self.map_frame().evaluate("() => window.map.closePopup()")  # a popup may cover the marker
        (point,) = [p for p in self.marker_points(layer) if p["id"] == record_id]
        self.page.mouse.click(point["x"], point["y"])

    def shot(self, name: str) -> None:
        self.wait_idle()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


@pytest.fixture
def lists(page, app_url):
    page.set_viewport_size(TALL)
    return ListsPage(page, app_url)


def test_lists_page_in_chinese_and_english(lists, data):
    lists.open_lists()
    assert lists.page.locator("h1").first.inner_text() == t("lists.title", "zh")
    ids = [c.inner_text() for c in lists.page.locator(f"{GRID} tbody tr td:first-child").all()]
    assert ids == list(build_list(data, ViewState(), "enterprises").ids)
    lists.shot("lists_zh")
    lists.sidebar.get_by_text("English", exact=True).click()
    lists.page.get_by_role("tab", name="Enterprises", exact=True).wait_for()
    lists.wait_idle()
    headers = [h.inner_text() for h in lists.page.locator(f"{GRID} thead th").all()]
    assert headers[:3] == ["ID", "Name", "Chain segment"]
    lists.tab("Projects")
    assert lists.page.get_by_text("Project stages").count() == 1
    lists.shot("lists_en")


def test_selecting_a_row_highlights_it_on_the_map(lists, data):
    lists.open_lists()
    table = build_list(data, ViewState(), "enterprises")
    index = table.ids.index("E-YUTUO")
    lists.click_row(index)
    lists.wait_highlight("E-YUTUO")
    assert lists.wait_query(lambda q: q.get("sel") == "E-YUTUO")["sel"] == "E-YUTUO"
    assert lists.selected_rows() == ["E-YUTUO"]
    # The map is centred on the record.
    record = data.records.set_index("id").loc["E-YUTUO"]
    lists.map_frame().wait_for_function(
        """([lat, lng]) => { const c = window.map.getCenter();
                             return Math.abs(c.lat - lat) < 1e-4 && Math.abs(c.lng - lng) < 1e-4; }""",
        arg=[float(record["lat"]), float(record["lon"])])
    name = t("lists.map.selected", "zh", name=record["name_zh"])
    assert lists.page.get_by_text(name, exact=True).count() == 1
    lists.shot("lists_row_selected")


def test_clicking_a_marker_on_the_lists_map_selects_its_row(lists):
    lists.open_lists()
    lists.click_marker("chain", "E-RECYCLER")
    lists.wait_highlight("E-RECYCLER")
    lists.wait_query(lambda q: q.get("sel") == "E-RECYCLER")
    lists.wait_selected_row("E-RECYCLER")


def test_a_marker_clicked_on_the_map_page_is_the_selected_row_of_its_list(lists):
    lists.open("/")
    big = max(lists.marker_points("wind_farm"), key=lambda p: p["radius"])
    assert big["radius"] > 10  # Leaflet reports the pointer, not the marker, for these: snapped in JS
    lists.page.mouse.click(big["x"] + big["radius"] / 2, big["y"])  # off centre, inside the circle
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
    book = openpyxl.load_workbook(download.path())
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
