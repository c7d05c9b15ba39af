"""geo.lists.spreadsheets: each list, as filtered, to .xlsx and CSV. The files are opened the way their readers
open them (openpyxl for Excel, pandas for the CSV) and checked for what an official relies on:
bilingual headers with units, a frozen header row, the rows and the totals, and an About sheet that
says when the data is from, what was filtered and which sources the rows cite."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pandas as pd
import pytest

from geo.figures.tracker import tracker_figures
from geo.filters import ViewState
from geo.i18n import t
from geo.lists.definitions import LIST_KEYS, build_list
from geo.lists.spreadsheets import (
    UTF8_BOM,
    export_filename,
    filters_applied,
    positions,
    sheet_title,
    to_csv,
    to_xlsx,
    with_coordinates,
)
from tests.import_helpers import read

TODAY = date(2026, 11, 25)


def workbook(dataset, state, list_key, query=""):
    table = build_list(dataset, state, list_key, query)
    return table, openpyxl.load_workbook(io.BytesIO(to_xlsx(table, dataset, state, TODAY)))


def about(book) -> dict[str, str]:
    sheet = book["说明 About"]
    return {row[0]: row[1] for row in sheet.iter_rows(min_row=3, max_col=2, values_only=True) if row[0]}


def test_projects_workbook_sheets_headers_rows_and_totals(dataset):
    table, book = workbook(dataset, ViewState(), "projects")
    assert book.sheetnames == ["项目清单", "说明 About"]
    sheet = book["项目清单"]
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["编号 ID", "名称 Name", "阶段 Stage"]
    assert "投资额（亿元） Investment (100 m yuan)" in headers
    assert "年产量（GWh/年，推算） Annual output (GWh/yr, derived)" in headers
    assert "位置来源 Position" in headers and "数据性质 Provenance" in headers and "来源 Source" in headers
    assert sheet.freeze_panes == "A2"
    n = len(table.ids)
    assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(headers))}{n + 1}"
    ids = [sheet.cell(row=r, column=1).value for r in range(2, n + 2)]
    assert ids == list(table.ids)
    # The totals row, under the data: label and count in column A, sums under their columns.
    totals = [c.value for c in sheet[n + 2]]
    expected = {x.key: x.value for x in table.totals}
    assert totals[0] == f"合计 Total ({n})"
    assert totals[headers.index("投资额（亿元） Investment (100 m yuan)")] == pytest.approx(expected["investment"])
    assert totals[headers.index("年产值（亿元） Output value (100 m yuan/yr)")] == pytest.approx(
        expected["output_value"])
    assert totals[headers.index("年产量（GWh/年，推算） Annual output (GWh/yr, derived)")] == pytest.approx(
        tracker_figures(dataset.records, dataset.facts).cells_gwh)
    assert sheet[n + 2][0].font.bold
    assert sheet.max_row == n + 2


def test_cells_keep_numbers_and_formats(dataset):
    _, book = workbook(dataset, ViewState(), "projects")
    sheet = book["项目清单"]
    headers = [c.value for c in sheet[1]]
    yutuo = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "P-YUTUO-5AH")
    record = dataset.records.set_index("id").loc["P-YUTUO-5AH"]
    cells = yutuo[headers.index("日产量（只/天） Output (cells/day)")]
    assert cells.value == record["cells_per_day"] and cells.number_format == "#,##0"
    investment = yutuo[headers.index("投资额（亿元） Investment (100 m yuan)")]
    assert investment.value == pytest.approx(record["investment_cny"] / 1e8)
    assert investment.number_format == "#,##0.00"
    year = yutuo[headers.index("落户年份 Year settled")]
    assert year.value == 2022 and year.number_format == "0"
    # Not reported stays empty, never 0.
    renovating = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "P-CELL-14500")
    assert renovating[headers.index("投资额（亿元） Investment (100 m yuan)")].value is None
    assert sheet.column_dimensions["B"].width == 20  # the name wraps within its printed width (printing.py)


def test_illustrative_positions_are_marked_in_the_workbook(rooftop_dataset):
    table, book = workbook(rooftop_dataset, ViewState(), "energy")
    sheet = book["能源设施清单"]
    column = [c.value for c in sheet[1]].index("位置来源 Position")
    marked = {r[0].value: r[column].value for r in sheet.iter_rows(min_row=2, max_row=len(table.ids) + 1)}
    assert marked["WIND-S1-4"] == "示意位置" and marked["RPV-TOWN-UNKNOWN"] == "示意位置"
    assert marked["WIND-GEM-1"] == "来源给出（近似）"
    assert about(book)["示意位置 Illustrative positions"].startswith(f"{table.illustrative_rows} 行的位置为示意")


def test_about_sheet_data_date_filters_sources(dataset):
    state = ViewState(statuses=("operating", "renovating"), segments=("cells",))
    table, book = workbook(dataset, state, "projects", query="电池")
    info = about(book)
    assert info["清单 List"] == "项目清单"
    assert info["导出日期 Exported"] == "2026-11-25"
    meta = dataset.meta
    assert meta["facts_as_of"] in info["数据日期 Data as of"]
    assert meta["energy_assets_as_of"] in info["数据日期 Data as of"]
    assert info["筛选条件 Filters · 产业链环节"] == "电芯"
    assert info["筛选条件 Filters · 状态"] == "投产/运行、技改中"
    assert info["筛选条件 Filters · 乡镇（街道）"] == "全部"
    assert info["搜索词 Search"] == "电池"
    assert info["行数 Rows"] == f"{len(table.ids)} / {table.available}"
    projects = dataset.fact("chain_projects_settled_2022")
    assert info["报道值（不计入合计） Reported figures (not in the totals) · 1-10月落户锂电产业项目"] == (
        f"{float(projects['value']):,.0f} ({projects['source'].replace(';', ', ')})")
    sheet = book["说明 About"]
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == "编号 ID")
    assert rows[start][:3] == ("编号 ID", "发布者 Publisher", "标题 Title")
    cited = [r[0] for r in rows[start + 1:] if r[0]]
    assert cited == ["S1", "S2", "S3", "ILLUSTRATIVE"]  # sources.csv order; no GEM in these rows
    assert "德州日报" in [r[1] for r in rows[start + 1:]]  # a zh list cites its sources in Chinese


def test_english_workbook_keeps_bilingual_headers(dataset):
    table, book = workbook(dataset, ViewState(lang="en"), "enterprises")
    n = len(table.ids)
    assert book.sheetnames == ["Enterprises", "说明 About"]
    sheet = book["Enterprises"]
    assert [c.value for c in sheet[1]][:2] == ["编号 ID", "名称 Name"]
    names = [sheet.cell(row=r, column=2).value for r in range(2, n + 2)]
    assert "Hunan Yutuo New Energy Technology Co. Ltd." in names
    info = about(book)
    assert info["筛选条件 Filters · Chain segment"] == "all"
    assert info["合计 Totals · Rows"] == str(n)
    assert info["合计 Totals · Investment (100 m yuan)"] == f"— (0 of {n} rows report it)"


def test_empty_list_exports_headers_and_about_but_no_totals_row(dataset):
    table, book = workbook(dataset, ViewState(), "targets")
    sheet = book["招商目标企业清单"]
    assert sheet.max_row == 1
    assert [c.value for c in sheet[1]][:2] == ["编号 ID", "目标企业或企业类型 Target company or type"]
    assert about(book)["行数 Rows"] == "0 / 0"
    assert table.empty


@pytest.mark.parametrize("list_key", LIST_KEYS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_csv_starts_with_the_bom_and_round_trips(dataset, list_key, lang):
    table = build_list(dataset, ViewState(lang=lang), list_key)
    data = to_csv(table)
    assert data.startswith(UTF8_BOM)
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype={"编号 ID": str}, skiprows=1)
    assert list(frame.columns) == [c.bilingual_header() for c in table.columns]
    assert len(frame) == len(table.ids)  # data rows only: no totals row
    assert tuple(frame["编号 ID"]) == table.ids
    for column in table.columns:
        if column.kind in ("int", "number") and len(frame):
            expected = pd.to_numeric(table.frame[column.key], errors="coerce").astype(float)
            pd.testing.assert_series_equal(frame[column.bilingual_header()].astype(float), expected,
                                           check_names=False)


def test_csv_keeps_chinese_text(dataset):
    text = to_csv(build_list(dataset, ViewState(), "enterprises")).decode("utf-8-sig")
    assert "湖南宇拓新能源科技有限责任公司" in text and "示意位置" in text


def test_file_names_carry_the_list_and_the_date():
    assert export_filename("enterprises", "zh", TODAY, "xlsx") == "庆云县企业清单_2026-11-25.xlsx"
    assert export_filename("energy", "en", TODAY, "csv") == "qingyun-energy-assets_2026-11-25.csv"


def test_sheet_titles_are_valid_for_excel():
    assert sheet_title("a/b:c*d?[e]") == "a b c d  e "
    assert len(sheet_title("x" * 40)) == 31


def test_filters_applied_reads_all_none_and_lists(dataset):
    every = dict(filters_applied(dataset, ViewState()))
    assert set(every.values()) == {t("export.filter_all", "zh")}
    nothing = dict(filters_applied(dataset, ViewState(statuses=())))
    assert nothing[t("sidebar.statuses", "zh")] == t("export.filter_none", "zh")
    towns = dict(filters_applied(dataset, ViewState(lang="en", townships=("371423100", "unknown"))))
    assert towns["Township"] == "Qingyun Town, Not reported"


def test_csv_cells_that_excel_would_run_as_formulas_are_kept_as_text():
    from geo.lists.spreadsheets import defuse_formula

    assert defuse_formula("=HYPERLINK(\"http://x\",\"y\")") == "'=HYPERLINK(\"http://x\",\"y\")"
    assert defuse_formula("@SUM(A1)") == "'@SUM(A1)"
    assert defuse_formula("-1+2") == "'-1+2"
    assert defuse_formula("宇拓") == "宇拓"
    assert defuse_formula(-5.0) == -5.0  # a number is not a formula


def test_every_text_cell_on_every_sheet_is_text_not_a_formula(dataset):
    """Security review, point 12: the About sheet wrote source rows as they were, so a source title
    starting with "=" became a live formula."""
    import dataclasses

    sources = dataset.sources.copy()
    hostile = '=HYPERLINK("http://evil.example","点此")'
    sources.loc[sources["id"] == "S1", ["title", "title_zh"]] = hostile
    sources.loc[sources["id"] == "S1", "publisher"] = "+cmd|' /C calc'!A0"
    data = dataclasses.replace(dataset, sources=sources)
    content = to_xlsx(build_list(data, ViewState(), "projects"), data, ViewState(), date(2026, 12, 1))
    book = openpyxl.load_workbook(io.BytesIO(content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert hostile in [cell.value for cell in cells]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert all(cell.data_type == "s" for cell in cells if isinstance(cell.value, str))


# --- issue 11: the notice, and coordinates in or out -----------------------------------------------

LON, LAT = "经度（WGS-84） Longitude (WGS-84)", "纬度（WGS-84） Latitude (WGS-84)"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_list_export_says_it_is_for_internal_use(dataset, lang):
    table, book = workbook(dataset, ViewState(lang=lang), "enterprises")
    first = next(book["说明 About"].iter_rows(min_row=3, max_row=3, max_col=2, values_only=True))
    assert first == ("使用限制 Use", t("export.notice", lang))
    text = to_csv(table).decode("utf-8-sig")
    assert text.splitlines()[0] == f'"{t("export.notice", lang)}"'
    assert text.splitlines()[1].startswith("编号 ID,")


def test_the_importer_reads_an_exported_csv_past_its_notice(dataset):
    table = build_list(dataset, ViewState(), "enterprises")
    raw = read("chain", "exported.csv", to_csv(table, dataset))
    assert raw.header_row == 2
    assert raw.headers[0] == "编号 ID" and len(raw.rows) == len(table.ids)


@pytest.mark.parametrize("list_key", ["enterprises", "projects", "energy", "plots"])
def test_coordinates_are_in_by_default_and_out_on_request(dataset, list_key):
    table = build_list(dataset, ViewState(), list_key)
    with_them = pd.read_csv(io.BytesIO(to_csv(table, dataset)), encoding="utf-8-sig", skiprows=1,
                            dtype={"编号 ID": str})
    expected = positions(dataset, table.ids)
    assert list(with_them.columns[-2:]) == [LON, LAT]
    pd.testing.assert_series_equal(with_them[LON], expected["lon"].round(6), check_names=False)
    pd.testing.assert_series_equal(with_them[LAT], expected["lat"].round(6), check_names=False)
    without = to_csv(table, dataset, coordinates=False).decode("utf-8-sig")
    assert "WGS-84" not in without and "Longitude" not in without
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(table, dataset, ViewState(), TODAY, coordinates=False))).active
    assert not {LON, LAT} & {c.value for c in sheet[1]}
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(table, dataset, ViewState(), TODAY))).active
    assert [c.value for c in sheet[1]][-2:] == [LON, LAT]


def test_a_list_without_positions_never_gets_coordinate_columns(dataset):
    table = build_list(dataset, ViewState(), "targets")
    assert [c.key for c in with_coordinates(table, dataset, True).columns] == [c.key for c in table.columns]


def test_coordinate_columns_a_list_may_carry_are_dropped_when_left_out(dataset):
    table = with_coordinates(build_list(dataset, ViewState(), "enterprises"), dataset, True)
    stripped = with_coordinates(table, dataset, False)
    assert "lon" not in stripped.frame and "lat" not in stripped.frame
    assert not {"lon", "lat"} & {c.key for c in stripped.columns}
