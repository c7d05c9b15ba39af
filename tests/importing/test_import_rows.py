"""Issue 12, points 2, 3, 5, 6: row-level problems stay on their rows, every check runs on every row,
spreadsheet decorations are skipped with a note, ambiguous values wait for the editor, and the
rows kept out go to a problem sheet while the good rows can be imported alone."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from geo.data.tables import same_row, table_rows
from geo.i18n import t
from geo.importing.importer import ImportOptions, preview
from geo.importing.preview import kind_counts, problems_frame
from geo.importing.problemsheet import problem_sheet
from geo.model import credit_code_check_character
from geo.store import open_store
from tests.import_helpers import read, xlsx_bytes

TODAY = dt.date(2026, 12, 1)
HEADER = ["企业名称", "产业链环节", "状态", "经度", "纬度", "投资额（万元）", "备注"]


def run(dataset, name: str, data: bytes, list_key: str = "chain", **options):
    options.setdefault("crs", "wgs84")
    return preview(list_key, read(list_key, name, data), dataset, ImportOptions(user="tester", today=TODAY, **options))


def codes(result, severity=None) -> list[tuple]:
    return [(p.code, p.row, p.column) for p in result.problems if severity in (None, p.severity)]


def credit_code(first17: str = "91371423MA3C00001") -> str:
    return first17 + credit_code_check_character(first17)


# --- point 2: a wrong check character is a warning on its row --------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_wrong_check_character_is_a_warning_and_the_row_imports_without_the_code(dataset, lang):
    good = credit_code()
    typo = good[:-1] + ("0" if good[-1] != "0" else "1")
    data = (f"名称,统一社会信用代码,经度,纬度,产业链环节,状态\n甲,{good},117.45,37.8,电芯,在建\n"
            f"乙,{typo},117.46,37.8,电芯,在建\n").encode()
    result = run(dataset, "a.csv", data)
    assert ("credit_code_checksum", 3, "统一社会信用代码") in codes(result, "warning")
    assert result.ok and not result.kept_out
    assert [p.row for p in result.to_confirm] == [3]
    assert {r["name_zh"]: r["credit_code"] for r in result.added} == {"甲": good, "乙": None}
    message = result.to_confirm[0].message(lang)
    assert typo in message and ("不含此代码" in message if lang == "zh" else "without it" in message)
    assert result.change_set("tester").changes  # no error: it commits (the page asks for the tick)


def test_a_wrong_code_on_a_stored_record_keeps_the_stored_code(tmp_path):
    store = open_store(tmp_path / "qcm.gpkg")
    data = store.dataset()
    chain = table_rows(data, "chain")
    target = chain[0]
    typo = credit_code()[:-1] + ("0" if credit_code()[-1] != "0" else "1")
    result = run(data, "a.csv", f"编号,统一社会信用代码,状态\n{target['id']},{typo},在建\n".encode())
    assert result.ok and result.to_confirm
    after = next((a for _, a in result.changed), None) or target
    assert after["credit_code"] == target["credit_code"]


# --- point 3: every check on every row -----------------------------------------------------------


def test_a_row_with_a_bad_number_no_name_and_a_duplicate_id_gets_all_three_problems(dataset):
    data = ("编号,名称,投资额（万元）,经度,纬度,产业链环节,状态\n"
            "E-TEST1,甲,100,117.45,37.80,电芯,在建\n"
            "E-TEST1,,abc,117.46,37.81,电芯,在建\n").encode()
    result = run(dataset, "a.csv", data)
    found = codes(result, "error")
    assert ("not_a_number", 3, "投资额（万元）") in found
    assert ("required", 3, "名称") in found
    assert ("duplicate_row", 3, "编号") in found
    assert result.kept_out == [3] and [r["id"] for r in result.added] == ["E-TEST1"]


def test_a_bad_row_first_still_makes_the_second_a_duplicate_and_a_bad_cell_is_not_also_required(dataset):
    data = ("编号,名称,经度,纬度,产业链环节,状态\n"
            "E-TEST2,甲,117.45,abc,电池片,在建\n"
            "E-TEST2,乙,117.46,37.81,电芯,在建\n"
            ",丙,,,电芯,在建\n").encode()
    result = run(dataset, "a.csv", data)
    found = codes(result, "error")
    assert ("not_a_coordinate", 2, "纬度") in found and ("unknown_value", 2, "产业链环节") in found
    assert not [c for c in found if c[0] in ("required", "coordinate_half") and c[1] == 2]  # said once, not twice
    assert ("duplicate_row", 3, "编号") in found
    assert ("required", 4, "经度") in found  # no position where the list needs one
    assert result.kept_out == [2, 3, 4] and not result.added


def test_problems_frame_sorts_rows_as_numbers_and_names_kinds(dataset):
    lines = ["名称,投资额（万元）,经度,纬度,产业链环节,状态"] + [f"企业{i},x{i},117.45,37.{80 + i},电芯,在建"
                                                           for i in range(12)]
    result = run(dataset, "a.csv", "\n".join(lines).encode())
    for lang in ("zh", "en"):
        frame = problems_frame(result, lang)
        row = frame.columns[0]
        assert str(frame[row].dtype) == "Int64"
        ordered = frame.sort_values(row)[row].dropna().tolist()
        assert ordered == sorted(ordered) and 10 in ordered and ordered.index(10) > ordered.index(9)
        kind = t("importrows.col.kind", lang)
        assert set(frame[kind]) >= {t("importrows.kind.format", lang), t("importrows.kind.position", lang)}
        assert frame[frame.columns[4]].map(type).eq(str).all()
    assert kind_counts(result)["format"] == 12


# --- point 5: decorations --------------------------------------------------------------------------

DECORATED = [
    ["庆云县锂电产业企业清单（2024年6月）"],
    ["填报单位：庆云县发展和改革局", None, None, None, "单位：万元"],
    [],
    ["序号", *HEADER],
    [1, "合计新能源有限公司", "电芯", "在建", 117.45, 37.80, 1000, "注：已签约"],
    [2, "庆云测试材料有限公司", "电池材料", "投产", 117.46, 37.81, 2000, None],
    [3, "说明科技有限公司", "回收", "在建", 117.47, 37.82, 300, "备注：无"],
    [4],
    [],
    ["合计", None, None, None, None, None, 3300, None],
    [None, None, None, None, None, None, 3300, None],
    ["填表说明：1. 坐标为高德坐标；2. 投资额单位为万元。"],
    ["注：本表数据截至2024年6月。"],
    ["制表人：张三", None, "审核人：李四", None, "联系电话：0534-1234567", None, "日期：2024-06-30"],
]


def _csv(rows: list[list]) -> bytes:
    return "\n".join(",".join("" if v is None else str(v) for v in row) for row in rows).encode("gb18030")


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_title_rows_and_notes_totals_and_signatures_are_skipped_with_one_note_each(dataset, kind):
    data = xlsx_bytes(DECORATED) if kind == "xlsx" else _csv(DECORATED)
    result = run(dataset, f"清单.{kind}", data)
    assert result.ok, codes(result, "error")
    names = sorted(r["name_zh"] for r in result.added)
    assert names == ["合计新能源有限公司", "庆云测试材料有限公司", "说明科技有限公司"]
    skipped = {p.row: p.code for p in result.problems if p.code.startswith("skipped_")}
    assert skipped == {8: "skipped_blank", 10: "skipped_total", 11: "skipped_total", 12: "skipped_note",
                       13: "skipped_note", 14: "skipped_signature"}
    assert result.rows_read == 3
    assert not [p for p in result.problems if p.code == "required"]
    for lang in ("zh", "en"):
        assert all(p.message(lang) for p in result.problems)


def test_a_row_without_a_name_but_with_data_is_not_taken_for_a_decoration(dataset):
    rows = [HEADER, ["甲", "电芯", "在建", 117.45, 37.80, 1, None], [None, "电芯", "在建", None, None, 5, "注：待补"]]
    result = run(dataset, "a.xlsx", xlsx_bytes(rows))
    assert ("required", 3, "企业名称") in codes(result, "error")
    assert not [p for p in result.problems if p.code.startswith("skipped_")]


# --- point 6: ambiguity is asked ---------------------------------------------------------------------


def test_ambiguous_values_wait_for_the_editor_once_per_distinct_value(dataset):
    rows = [HEADER, ["甲", "电池", "在建", 117.45, 37.80, 1, None], ["乙", "电池", "在建", 117.46, 37.81, 1, None],
            ["丙", "储能", "在建", 117.47, 37.82, 1, None], ["丁", "电芯", "在建", 117.44, 37.79, 1, None]]
    data = xlsx_bytes(rows)
    result = run(dataset, "a.xlsx", data)
    assert set(result.ambiguous) == {("chain_segment", "电池"), ("chain_segment", "储能")}
    battery = result.ambiguous[("chain_segment", "电池")]
    assert battery.rows == [2, 3] and battery.options == ("cells", "pack") and battery.suggestion == "cells"
    assert len(result.pending) == 2 and result.ok
    with pytest.raises(ValueError):
        result.change_set("tester")
    notes = [p for p in result.problems if p.code == "ambiguous"]
    assert [p.row for p in notes] == [2, 4]
    assert "电芯 / PACK" in notes[0].message("zh") and "Battery cells / PACK" in notes[0].message("en")

    answered = run(dataset, "a.xlsx", data, resolutions=(("chain_segment", "电池", "pack"),
                                                          ("chain_segment", "储能", "application")))
    assert not answered.pending
    assert {r["name_zh"]: r["chain_segment"] for r in answered.added} == {
        "甲": "pack", "乙": "pack", "丙": "application", "丁": "cells"}
    assert answered.change_set("tester").changes


# --- point 2: the good rows alone, and the problem sheet ---------------------------------------------


def test_good_rows_only_is_explicit_and_leaves_the_kept_out_records_unchanged(tmp_path):
    store = open_store(tmp_path / "qcm.gpkg")
    before = store.dataset()
    chain = {r["id"]: r for r in table_rows(before, "chain")}
    good_id, bad_id = sorted(chain)[:2]
    data = ("编号,名称,投资额（万元）,经度,纬度,产业链环节,状态\n"
            f"{good_id},,12345,,,,\n"
            f"{bad_id},,abc,,,,达产\n"
            ",无位置企业,5,,,电芯,在建\n"
            ",新企业,5,117.45,37.80,电芯,在建\n").encode()
    result = run(before, "a.csv", data, mode="replace")
    assert result.kept_out == [3, 4]
    assert [a["id"] for _, a in result.changed] == [good_id] and [r["name_zh"] for r in result.added] == ["新企业"]
    assert bad_id not in {r["id"] for r in result.removed}  # replace mode never removes a kept-out row's record
    with pytest.raises(ValueError):
        result.change_set("tester")  # never by accident
    store.commit(result.change_set("tester", good_rows_only=True))
    after = {r["id"]: r for r in table_rows(store.dataset(), "chain")}
    assert after[good_id]["investment_cny"] == 12345 * 1e4
    assert same_row(after[bad_id], chain[bad_id])
    assert {k for k in chain if k not in after} == {r["id"] for r in result.removed}
    for key in chain.keys() & after.keys() - {good_id}:
        assert same_row(after[key], chain[key]), key


def test_file_level_errors_block_even_the_good_rows(dataset):
    data = "名称,经度,经度,纬度,产业链环节,状态\n甲,117.45,117.45,37.8,电芯,在建\n乙,x,x,37.8,电芯,在建\n".encode()
    result = run(dataset, "a.csv", data)
    assert result.file_errors and not result.good_rows_only_possible
    with pytest.raises(ValueError):
        result.change_set("tester", good_rows_only=True)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_problem_sheet_reads_back_with_the_original_columns_and_a_problems_column(dataset, lang):
    rows = [["庆云县企业清单"], HEADER, ["甲", "电芯", "在建", 117.45, 37.80, 1, None],
            ["=HYPERLINK(\"http://x\")", "电池片", "在建", 117.46, "abc", 2, "<b>x</b>"],
            [None, "电芯", "在建", 117.47, 37.82, 3, "缺名称"]]
    text = "\n".join(",".join("" if v is None else str(v).replace('"', '""').join('""') for v in row)
                     for row in rows)
    table = read("chain", "a.csv", text.encode("utf-8-sig"))
    result = preview("chain", table, dataset, ImportOptions(crs="wgs84", today=TODAY))
    assert result.kept_out == [4, 5]
    book = openpyxl.load_workbook(io.BytesIO(problem_sheet(table, result, lang)))
    sheet = book.active
    assert sheet.title == t("importrows.sheet_title", lang)
    header = [c.value for c in sheet[1]]
    assert header == [t("importrows.sheet_row", lang), *HEADER, t("importrows.sheet_problems", lang)]
    body = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [r[0] for r in body] == [4, 5]
    assert body[0][1] == "=HYPERLINK(\"http://x\")" and sheet.cell(2, 2).data_type == "s"  # text, not a formula
    assert body[0][1:-1] == [None if v is None else str(v) for v in rows[3]] and body[1][4] == "117.47"
    problems = body[0][-1]
    assert "电池片" in problems and "abc" in problems and "纬度" in problems
    assert ("必填项为空" if lang == "zh" else "Required, but empty") in body[1][-1]
    assert sheet.freeze_panes == "B2"


def test_reading_a_workbook_reports_progress():
    from geo.importing.cellvalues import header_score
    from geo.importing.fields import IMPORT_LISTS
    from geo.importing.readers import read_upload

    rows = [HEADER] + [[f"企业{i}", "电芯", "在建", 117.45, 37.8, 1, None] for i in range(2500)]
    calls = []
    read_upload("a.xlsx", xlsx_bytes(rows), lambda h: header_score(IMPORT_LISTS["chain"], h),
                lambda done, total: calls.append((done, total)))
    assert calls[0] == (1000, 2501) and calls[-1] == (2000, 2501)


def test_a_large_problem_sheet_reports_progress(dataset):
    rows = [HEADER] + [[None, "电芯", "在建", 117.45, 37.8, i, None] for i in range(2500)]
    table = read("chain", "a.xlsx", xlsx_bytes(rows))
    result = preview("chain", table, dataset, ImportOptions(crs="wgs84", today=TODAY))
    assert len(result.kept_out) == 2500 and not result.good_rows_only_possible
    calls = []
    data = problem_sheet(table, result, "en", lambda done, total: calls.append((done, total)))
    assert calls == [(1000, 2500), (2000, 2500)]
    assert openpyxl.load_workbook(io.BytesIO(data)).active.max_row == 2501
