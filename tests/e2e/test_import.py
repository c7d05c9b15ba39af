"""Importing in the browser: a viewer cannot reach the import page; an editor signs in, uploads a
spreadsheet with mistakes, reads the preview's errors (zh and en), uploads the corrected file,
confirms, finds the new records on the map, sees them in the edit history, and undoes the import.
Screenshots land in test-artifacts/screenshots/."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect

from geo.crs import wgs84_to_gcj02
from geo.data.dataset import load_dataset
from geo.i18n import t
from geo.importing.readers import MAX_FILE_MB
from tests.import_helpers import xlsx_bytes

from .conftest import IMPORT_EDITOR
from .helpers import SCREENSHOTS, MapPage

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPLOAD_INPUT = '[data-testid="stFileUploader"] input[type="file"]'
TABLE_TEXT_JS = """() => Array.from(document.querySelectorAll('[data-testid="stDataFrame"] td'))
  .map(td => td.textContent).join('\\n')"""
BUNDLED_CHAIN = int((load_dataset().records["layer"] == "chain").sum())
# Two positions inside the county, written as Gaode gives them (GCJ-02).
POSITIONS = [wgs84_to_gcj02(117.40, 37.78), wgs84_to_gcj02(117.46, 37.83)]
HEADER = ["企业名称", "产业链环节", "状态", "经度", "纬度", "投资额（亿元）", "备注"]
NAME_CELLS, NAME_RECYCLER = "测试电芯企业<b>E2E</b>", "测试回收企业（E2E）"  # HTML in a name stays text


def _rows(segment: str, recycler_lon: str) -> list[list]:
    (lon1, lat1), (_, lat2) = POSITIONS
    return [["庆云县锂电企业台账（测试）"], HEADER,
            [NAME_CELLS, segment, "在建", f"{lon1:.6f}", f"{lat1:.6f}", 3.5, "<b>not bold</b>"],
            [NAME_RECYCLER, "回收", "投产", recycler_lon, f"{lat2:.6f}", "5000万", ""]]


BAD = xlsx_bytes(_rows("电池片", "117°75'"))  # an unknown segment, minutes over 60
GOOD = xlsx_bytes(_rows("电芯", f"{POSITIONS[1][0]:.6f}"))


class ImportFlow(MapPage):
    def nav(self, label: str) -> None:
        """Follow a link of the sidebar navigation (a person's click keeps the session)."""
        self.sidebar.get_by_role("link", name=label).first.click()
        self.wait_idle()

    def sign_in_and_open_import(self) -> None:
        """Sign in as the test editor (on the account page, from wherever the session is) and open the
        import page, ready for a file."""
        self.nav(t("page.account", "zh"))
        name, password = IMPORT_EDITOR
        self.page.get_by_label(t("account.name", "zh")).fill(name)
        self.page.get_by_label(t("account.password", "zh")).fill(password)
        self.page.get_by_role("button", name=t("account.sign_in", "zh")).click()
        self.wait_text(t("account.signed_in_as", "zh", name="测试编辑", role=t("account.role.editor", "zh")))
        self.nav(t("page.import", "zh"))
        self.page.locator(UPLOAD_INPUT).wait_for(state="attached")

    def upload(self, name: str, content: bytes) -> None:
        self.page.locator(UPLOAD_INPUT).set_input_files(files=[{"name": name, "mimeType": XLSX, "buffer": content}])
        self.wait_idle()

    def upload_and_replayer(self, name: str, content: bytes):
        """Upload as an editor does, and return ``replay(name, content)``: that same upload request (its
        session, file id and XSRF headers) sent again with another file; it returns the response."""
        with self.page.expect_request(lambda r: "/_stcore/upload_file/" in r.url and r.method == "PUT") as seen:
            self.upload(name, content)
        request = seen.value
        headers = {k: v for k, v in request.headers.items() if k.lower().startswith("x-")}

        def replay(other_name: str, other: bytes):
            return self.page.request.put(request.url, headers=headers, multipart={
                "file": {"name": other_name, "mimeType": XLSX, "buffer": other}})

        return replay

    def table_text(self, *waiting_for: str) -> str:
        """The text of every table on the page (their accessible twins), once it holds ``waiting_for``."""
        if waiting_for:
            self.page.wait_for_function(f"(parts) => {{ const text = ({TABLE_TEXT_JS})(); "
                                        "return parts.every(p => text.includes(p)); }", arg=list(waiting_for))
        return self.page.evaluate(TABLE_TEXT_JS)

    def wait_text(self, text: str) -> None:
        self.page.get_by_text(text, exact=False).first.wait_for()

    def wait_metric(self, label: str, value: str) -> None:
        """Until the metric ``label`` shows ``value`` (a rerun replaces the page bit by bit)."""
        self.page.wait_for_function(
            """([label, value]) => Array.from(document.querySelectorAll('[data-testid="stMetric"]')).some(m =>
                 m.querySelector('[data-testid="stMetricLabel"]')?.textContent.trim() === label &&
                 m.querySelector('[data-testid="stMetricValue"]')?.textContent.trim() === value)""",
            arg=[label, value])

    def screenshot(self, name: str, *, at_map: bool = False) -> Path:
        """The coordinate-system step's small map has no chain layer to wait for (MapPage.map_frame)."""
        if at_map or not self.page.locator(".st-key-qcm-import-crs-step").count():
            return super().screenshot(name, at_map=at_map)
        self.page.wait_for_timeout(500)  # the step's map settles
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path

    def language(self, name: str) -> None:
        self.sidebar.get_by_text(name, exact=True).click()
        self.wait_idle()


@pytest.fixture
def flow(page, import_app_url):
    page.set_viewport_size({"width": 1600, "height": 1900})  # the preview below the coordinate-system step
    return ImportFlow(page, import_app_url)


def test_sign_in_import_fix_confirm_find_on_map_and_undo(flow):
    page = flow.page
    # The map first (the router warms up), with the bundled chain records.
    flow.open("/")
    flow.wait_counts({"chain": BUNDLED_CHAIN})

    # A viewer: no editor page in the navigation, and its URL leads nowhere.
    assert flow.sidebar.get_by_role("link", name=t("page.import", "zh")).count() == 0
    page.goto(flow.base + "/import")
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("Page not found").wait_for()  # Streamlit's own message; it runs the main page
    flow.map_frame()
    flow.wait_idle()
    assert page.locator(UPLOAD_INPUT).count() == 0
    assert page.get_by_role("heading", name=t("import.title", "zh")).count() == 0
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")

    # Sign in.
    flow.nav(t("page.account", "zh"))
    name, password = IMPORT_EDITOR
    page.get_by_label(t("account.name", "zh")).fill(name)
    page.get_by_label(t("account.password", "zh")).fill(password)
    flow.screenshot("import_signin_zh")
    page.get_by_role("button", name=t("account.sign_in", "zh")).click()
    flow.wait_text(t("account.signed_in_as", "zh", name="测试编辑", role=t("account.role.editor", "zh")))

    # Upload the file with mistakes: the preview names rows and columns, in Chinese and English.
    flow.nav(t("page.import", "zh"))
    page.locator(UPLOAD_INPUT).wait_for(state="attached")
    with page.expect_download() as download:
        page.get_by_role("button", name=t("import.template_empty", "zh")).click()
    assert download.value.suggested_filename.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert [c.value for c in book["数据 data"][1]][:2] == ["编号 ID", "名称 Name"]
    flow.upload("企业台账.xlsx", BAD)
    flow.wait_text(t("import.has_errors", "zh", errors=3))  # and the coordinate system, not chosen yet
    text = flow.table_text("“电池片”不是可选值", "“117°75'”的分或秒不小于60")
    assert "产业链环节" in text
    expect(page.get_by_role("button", name=t("import.confirm", "zh"))).to_be_disabled()
    flow.screenshot("import_preview_errors_zh")
    flow.language("English")
    flow.wait_text(t("import.has_errors", "en", errors=3))
    assert "Battery cells" in flow.table_text("“电池片” is not an allowed value")
    flow.screenshot("import_preview_errors_en")
    flow.language("中文")

    # The corrected file: nothing tells its system (points deep inside the county), so nothing is
    # preselected and the import waits for a choice; the points are Gaode's: choose GCJ-02, then confirm.
    flow.upload("企业台账（改正）.xlsx", GOOD)
    flow.wait_metric(t("import.errors", "zh"), "1")
    flow.wait_metric(t("import.added", "zh"), "2")
    flow.wait_text(t("importcrs.verdict.none", "zh"))
    expect(page.get_by_role("button", name=t("import.confirm", "zh"))).to_be_disabled()
    page.get_by_text(t("crs.gcj02", "zh"), exact=False).first.click()
    flow.wait_idle()
    flow.wait_metric(t("import.errors", "zh"), "0")
    flow.table_text(t("import.problem.crs_chosen", "zh", crs=t("crs.gcj02", "zh"), inside=2, total=2))
    flow.table_text(NAME_CELLS)  # the tag shown as text in the preview…
    assert page.locator("b", has_text="E2E").count() == 0  # …and no <b> element made of it
    confirm = page.get_by_role("button", name=t("import.confirm", "zh"))
    expect(confirm).to_be_enabled()  # the button is drawn last in the rerun: wait for its state
    flow.screenshot("import_preview_ready_zh")
    confirm.click()
    flow.wait_text(t("import.done", "zh", batch=2, added=2, changed=0, removed=0))

    # On the map, at once.
    flow.nav(t("page.map", "zh"))
    flow.wait_counts({"chain": BUNDLED_CHAIN + 2})

    # In the history: new since today, by the signed-in editor.
    flow.nav(t("page.history", "zh"))
    flow.wait_text(t("history.tab.since", "zh"))
    page.get_by_role("tab", name=t("history.tab.since", "zh")).click()
    flow.table_text(NAME_CELLS, NAME_RECYCLER, name)
    flow.screenshot("history_since_zh")
    page.get_by_role("tab", name=t("history.tab.log", "zh")).click()
    flow.wait_idle()
    flow.screenshot("history_log_zh")

    # Undo the import: the map is back to the bundled records.
    page.get_by_role("tab", name=t("history.tab.batches", "zh")).click()
    page.get_by_text(t("history.undo_confirm", "zh")).click()
    flow.wait_idle()
    page.get_by_role("button", name=t("history.undo_button", "zh")).click()
    flow.wait_text(t("history.undone", "zh", batch=2, undo=3))
    flow.nav(t("page.map", "zh"))
    flow.wait_counts({"chain": BUNDLED_CHAIN})

    # The in-place editor shows the list with the same columns as the template.
    flow.nav(t("page.edit", "zh"))
    page.locator('[data-testid="stDataFrame"]').first.wait_for()
    flow.table_text("E-CGN")
    flow.screenshot("edit_list_zh")


def test_the_upload_endpoint_refuses_more_than_the_importers_limit(flow):
    """Security review, point 10: Streamlit's upload endpoint takes 200 MB from any session unless told;
    .streamlit/config.toml sets it to the importer's own limit. An editor's real upload request is
    replayed with a body over the limit: the server answers 413 and keeps nothing."""
    flow.open("/")
    flow.wait_counts({"chain": BUNDLED_CHAIN})
    flow.sign_in_and_open_import()
    replay = flow.upload_and_replayer("企业台账.xlsx", GOOD)
    small = replay("a.xlsx", GOOD)
    assert small.status == 204, small.status  # the replay itself is accepted ...
    refused = replay("big.xlsx", b"0" * ((MAX_FILE_MB + 1) * 1024 * 1024))
    assert refused.status == 413, refused.status  # ... and one over the limit is not
