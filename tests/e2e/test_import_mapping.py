"""The column mapping step in the browser (issue 12, point 1): an editor uploads a file with headers
the importer cannot all place, picks the field of one column in the mapping table (a select in the
grid, as import wizards have it), and the preview follows: its errors go, its new rows appear.
Screenshots land in test-artifacts/screenshots/."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from geo.i18n import t

from .test_import import UPLOAD_INPUT, ImportFlow

ODD = ("序号,单位名称（全称）,链条位置,进展情况,东经,北纬,投资额(万元),联系人\n"
       "1,映射测试电池有限公司,电芯,在建,117.45,37.80,35000,张三\n"
       "2,映射测试回收有限公司,回收,投产,117.46,37.83,8000,李四\n").encode()
GRID = '[class*="st-key-qcm-import-map-"] [data-testid="stDataFrame"]'
ROW_PX, FIRST_COLUMN_PX = 35, 200  # the grid's row height; the header column is "medium"


EDITOR_FOCUSED = ("() => document.activeElement && document.activeElement.tagName === 'INPUT'"
                  " && !document.activeElement.closest('[data-testid=\"stFileUploader\"]')")


def _open_field_editor(page, grid, row: int, attempts: int = 4) -> None:
    """Double-click the "field" cell of the table's row ``row``; the select opens with its search
    box focused. The grid is measured again before each try: a rerun that lands late (the CRS
    choice, the preview below) can move it after it first showed, and a click on the old place
    falls beside the cell."""
    for attempt in range(attempts):
        grid.scroll_into_view_if_needed()
        page.wait_for_timeout(300)  # let a scroll or late reflow settle before measuring
        box = grid.bounding_box()
        page.mouse.dblclick(box["x"] + FIRST_COLUMN_PX + 100, box["y"] + ROW_PX * (row + 1) + ROW_PX / 2)
        try:
            page.wait_for_function(EDITOR_FOCUSED, timeout=5000)
            return
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise
            page.keyboard.press("Escape")


@pytest.fixture
def flow(page, import_app_url):
    page.set_viewport_size({"width": 1280, "height": 900})
    return ImportFlow(page, import_app_url)


def test_fixing_one_column_in_the_mapping_table_changes_the_preview(flow):
    page = flow.page
    flow.open("/")
    flow.sign_in_and_open_import()
    page.locator(UPLOAD_INPUT).set_input_files(files=[{"name": "台账.csv", "mimeType": "text/csv", "buffer": ODD}])
    flow.wait_idle()
    page.get_by_text(t("crs.wgs84", "zh"), exact=False).first.click()  # the points fit every system
    flow.wait_idle()

    flow.wait_text(t("importmap.attention", "zh", n=2))
    flow.wait_metric(t("import.errors", "zh"), "2")  # no chain segment on either row
    flow.wait_metric(t("import.added", "zh"), "0")
    grid = page.locator(GRID).first
    grid.scroll_into_view_if_needed()
    headers_js = f"""() => Array.from(document.querySelectorAll('{GRID} td[id^="glide-cell-0-"]'))
                              .map(td => td.textContent)"""
    page.wait_for_function(f"() => ({headers_js})().includes('链条位置')")
    row = page.evaluate(headers_js).index("链条位置")
    _open_field_editor(page, grid, row)
    page.keyboard.type("产业链环节")
    page.get_by_role("option", name="产业链环节", exact=True).wait_for()
    flow.screenshot("import_mapping_choose_zh")
    page.keyboard.press("Enter")
    flow.wait_idle()

    flow.wait_metric(t("import.errors", "zh"), "0")
    flow.wait_metric(t("import.added", "zh"), "2")
    flow.wait_text(t("importmap.attention", "zh", n=1))  # 联系人 is still unplaced (ignored)
    assert "产业链环节" in flow.table_text(t("importmap.conf.mapping", "zh"))
    expect(page.get_by_role("button", name=t("import.confirm", "zh"))).to_be_enabled()  # waits for the rerun's end
    flow.screenshot("import_mapping_fixed_zh")
