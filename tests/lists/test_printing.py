"""geo.lists.printing: the list workbooks print as officials expect (issue 13, point 5) — A4 landscape,
one page wide, the header row on every page, the title, filters and data date in the page header and
page numbers in the footer. Checked in the file's page setup (openpyxl), and where LibreOffice is
installed, on the printed pages themselves (the workbook converted to PDF, read back with pdftotext)."""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
from datetime import date

import openpyxl
import pandas as pd
import pytest

from geo.filters import ViewState
from geo.lists.definitions import LIST_KEYS, build_list
from geo.lists.printing import PART_LIMITS, print_widths, wrapped_lines
from geo.lists.spreadsheets import to_xlsx, with_coordinates

TODAY = date(2026, 11, 25)
EXCEL_HEADER_LIMIT = 255


def book(dataset, state, key, query="", table=None):
    table = table or build_list(dataset, state, key, query)
    return openpyxl.load_workbook(io.BytesIO(to_xlsx(table, dataset, state, TODAY)))


@pytest.mark.parametrize("key", LIST_KEYS)
def test_every_sheet_prints_a4_landscape_one_page_wide(dataset, key):
    workbook = book(dataset, ViewState(), key)
    for sheet in workbook.worksheets:
        setup = sheet.page_setup
        assert setup.orientation == "landscape", sheet.title
        assert int(setup.paperSize) == int(sheet.PAPERSIZE_A4) == 9
        assert int(setup.fitToWidth) == 1 and int(setup.fitToHeight) == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert sheet.oddFooter.center.text == "第 &P 页 / 共 &N 页"
        assert sheet.oddFooter.left.text == "内部使用，未经审核不得公开（无审图号）"
    data = workbook.worksheets[0]
    assert data.print_title_rows == "$1:$1"  # the header row on every page
    assert data.print_options.gridLines is True


def test_page_header_names_the_list_the_filters_and_the_data_date(dataset):
    state = ViewState(statuses=("operating", "renovating"), segments=("cells",))
    sheet = book(dataset, state, "projects", query="电池").worksheets[0]
    assert sheet.oddHeader.center.text == "&B庆云县新能源产业链一张图 · 项目清单"
    left = sheet.oddHeader.left.text
    assert left.startswith("筛选条件：") and "产业链环节 电芯" in left and "状态 投产/运行、技改中" in left
    assert "搜索词 “电池”" in left and "乡镇" not in left  # a filter that keeps everything is left out
    right = sheet.oddHeader.right.text
    assert right == "数据日期：报道截至 {facts_as_of}；能源设施截至 {energy_assets_as_of}；整理于 {compiled}".format(
        **dataset.meta)
    assert sheet.oddFooter.right.text == "导出日期 2026-11-25"


def test_english_footer_and_nothing_filtered(dataset):
    sheet = book(dataset, ViewState(lang="en"), "enterprises").worksheets[0]
    assert sheet.oddFooter.center.text == "Page &P of &N"
    assert sheet.oddHeader.left.text == "Filters: all"
    assert sheet.oddHeader.center.text == "&BQingyun New-Energy Chain Map · Enterprises"


def test_headers_stay_within_excel_limit_and_data_ampersands_are_literal(dataset):
    """Excel refuses a header longer than 255 characters (codes included) and reads "&" as a code."""
    query = "A&B " + "长" * 200
    workbook = book(dataset, ViewState(lang="en"), "projects", query=query)
    for sheet in workbook.worksheets:
        for part in (sheet.oddHeader, sheet.oddFooter):
            assert len(str(part)) <= EXCEL_HEADER_LIMIT, (sheet.title, str(part))
        left = sheet.oddHeader.left.text
        assert "A&&B" in left and left.endswith("…") and len(left) <= PART_LIMITS["left"]


def test_columns_are_sized_for_paper(dataset):
    """Widths from what the columns hold, capped: the enterprises list was 380 characters wide (printed
    at 40 %); now at most 250 (about 60 %), and every text wraps in rows as tall as their text."""
    table = with_coordinates(build_list(dataset, ViewState(), "enterprises"), dataset, True)
    widths = print_widths(table)
    assert sum(widths) <= 250 < sum(c.width for c in table.columns)
    sheet = book(dataset, ViewState(), "enterprises").worksheets[0]
    headers = [c.value for c in sheet[1]]
    for index, width in enumerate(widths, start=1):
        assert sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width == width
    note = headers.index("说明 Note") + 1
    for row in range(2, len(table.frame) + 2):
        cell = sheet.cell(row=row, column=note)
        assert cell.alignment.wrap_text
        if cell.value:
            lines = wrapped_lines(cell.value, widths[note - 1])
            assert lines == 1 or sheet.row_dimensions[row].height >= lines * 14
    assert wrapped_lines("一二三四五六七八九十", 13) == 2 and wrapped_lines("a\nb", 20) == 2


SOFFICE = shutil.which("soffice")
PDFTOTEXT = shutil.which("pdftotext")


@pytest.mark.skipif(not (SOFFICE and PDFTOTEXT), reason="LibreOffice (soffice) and pdftotext not installed")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_printed_pages_are_landscape_one_wide_with_header_and_numbers(dataset, tmp_path, lang):
    """A long enterprises list (the bundled rows twelve times) printed by LibreOffice: every page A4
    landscape, each repeats the header row and says which page of how many it is; no page holds only
    columns cut off the right (the list is one page wide: the last column is on every page)."""
    state = ViewState(lang=lang)
    table = build_list(dataset, state, "enterprises")
    long = dataclasses.replace(table, frame=pd.concat([table.frame] * 12, ignore_index=True), ids=table.ids * 12)
    path = tmp_path / "list.xlsx"
    path.write_bytes(to_xlsx(long, dataset, state, TODAY))
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "list.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "841.89 x 595.3" in info  # A4 landscape, in points
    text = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    total = len(pages)
    assert total >= 3
    sheet_pages = [p for p in pages if "推断项" in p]  # a header of the list's (the About sheet follows)
    assert len(sheet_pages) >= 2 and pages[:len(sheet_pages)] == sheet_pages
    for number, page in enumerate(sheet_pages, start=1):
        assert "纬度" in page  # the last column: one page wide
        marker = f"第{number}页/共{total}页" if lang == "zh" else f"Page{number}of{total}"
        assert marker in "".join(page.split())  # pdftotext keeps some of the spaces
        assert ("数据日期" if lang == "zh" else "Data as of") in page
