"""Importing an office's real spreadsheet in the browser (issue 12, points 2, 3, 5, 6): a title above
the header, an ambiguous segment, a mistyped credit code, a row without a name, then notes, a
total and a signature line. The editor reads every problem at once, downloads the rows kept out
as a problem sheet, confirms the segment and the credit code, and imports the good rows.
Screenshots (1280x720 and 1920x1080, zh and en) land in test-artifacts/screenshots/."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from geo.i18n import t
from geo.model import credit_code_check_character
from tests.import_helpers import xlsx_bytes

from .test_import import ImportFlow

FIRST17 = "91371423MA3C00003"
TYPO = FIRST17 + ("0" if credit_code_check_character(FIRST17) != "0" else "1")
ROWS = [["庆云县锂电产业企业清单（2024年6月）"], ["填报单位：庆云县工信局"], [],
        ["序号", "企业名称", "统一社会信用代码", "产业链环节", "状态", "经度", "纬度", "投资额（万元）"],
        [1, "浏览器测试电池企业", None, "电池", "在建", 117.45, 37.80, 5000],
        [2, "浏览器测试储能企业", None, "储能", "在建", 117.46, 37.81, 3000],
        [3, "浏览器测试材料企业", TYPO, "电池材料", "投产", 117.44, 37.79, 800],
        [4, None, None, "电芯", "在建", 117.43, 37.78, "约三千"],
        [None, "合计", None, None, None, None, None, 8800],
        ["填表说明：坐标取自天地图。"],
        ["制表人：张三", None, None, "审核人：李四", None, "日期：2024-06-30"]]
MESSY = xlsx_bytes(ROWS)
SIZES = ((1280, 720), (1920, 1080))


@pytest.fixture
def flow(page, import_app_url):
    page.set_viewport_size({"width": 1600, "height": 1300})
    return ImportFlow(page, import_app_url)


def _shoot(flow: ImportFlow, lang: str) -> None:
    page = flow.page
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        flow.wait_idle()
        page.get_by_role("heading", name=t("import.preview", lang)).evaluate("e => e.scrollIntoView()")
        flow.screenshot(f"import_rows_preview_{lang}_{width}x{height}")
        page.locator('[data-testid="stDataFrame"]').first.evaluate("e => e.scrollIntoView({block: 'center'})")
        flow.screenshot(f"import_rows_problems_{lang}_{width}x{height}")
    page.set_viewport_size({"width": 1600, "height": 1300})


def test_every_problem_at_once_the_problem_sheet_and_the_good_rows(flow):
    page = flow.page
    flow.open("/")
    flow.sign_in_and_open_import()

    flow.upload("企业清单.xlsx", MESSY)
    # Nothing in the file tells its coordinate system: the editor names it (WGS-84, as the file was written).
    flow.wait_text(t("importcrs.verdict.none", "zh"))
    page.get_by_text(t("crs.wgs84", "zh"), exact=False).first.click()
    flow.wait_text(t("importrows.kept_out", "zh", rows="8", n=1, good=3))
    text = flow.table_text("约三千", TYPO)  # the grid draws the rows in view: the file's first problems
    assert t("import.problem.required", "zh") in text and t("importrows.kind.ambiguous", "zh") in text
    flow.wait_text(f"{t('importrows.kind.skipped', 'zh')} 3")  # the title, total and signature, counted
    confirm = page.get_by_role("button", name=t("importrows.import_good", "zh", n="3"))
    expect(confirm).to_be_disabled()
    _shoot(flow, "zh")

    with page.expect_download() as download:
        page.get_by_role("button", name=t("importrows.download_sheet", "zh", n=1)).click()
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    assert [c.value for c in sheet[1]][-1] == "问题" and sheet.max_row == 2
    assert "约三千" in [c.value for c in sheet[2]]

    flow.language("English")
    flow.wait_text(t("importrows.kept_out", "en", rows="8", n=1, good=3))
    flow.table_text(t("import.problem.required", "en"))
    flow.wait_text(f"{t('importrows.kind.skipped', 'en')} 3")
    _shoot(flow, "en")
    flow.language("中文")

    # Confirm the suggested meanings of "电池" and "储能" as they are, tick the credit code, import.
    page.get_by_role("button", name=t("importrows.ambiguous_confirm", "zh")).click()
    flow.wait_idle()
    flow.wait_text(t("importrows.ambiguous_done", "zh", choices="")[:4])
    page.get_by_text(t("importrows.confirm_codes", "zh", rows="7")).click()
    flow.wait_idle()
    confirm = page.get_by_role("button", name=t("importrows.import_good", "zh", n="3"))
    expect(confirm).to_be_enabled()
    confirm.click()
    # The batch's number depends on what the other import tests wrote to this server's store before.
    done = t("import.done", "zh", batch="#", added=3, changed=0, removed=0)
    flow.wait_text(done[done.index("：") + 1:])
