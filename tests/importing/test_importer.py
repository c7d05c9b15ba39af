"""geo.importing.importer (with its cellvalues, rows and matching): what officials' files look like,
and what the import makes of them before anything is written."""

from __future__ import annotations

import datetime as dt
import io
import json

import openpyxl
import pytest

from geo.crs import wgs84_to_bd09, wgs84_to_gcj02
from geo.data.tables import CONFIDENTIAL_IMPORT, table_rows
from geo.i18n import t
from geo.importing.fields import IMPORT_LISTS, UNITS
from geo.importing.importer import ImportOptions, preview
from geo.importing.readers import RawTable
from geo.importing.templates import template_header, template_xlsx
from geo.model import credit_code_check_character
from geo.store import open_store
from tests.import_helpers import read, xlsx_bytes

TODAY = dt.date(2026, 11, 25)
HEAD = "名称,经度,纬度,产业链环节,状态"
# A point well inside the county (WGS-84) and one just outside its eastern edge.
INSIDE = (117.45, 37.80)


def credit_code(first17: str = "91371423MA3C00001") -> str:
    return first17 + credit_code_check_character(first17)


def run(dataset, list_key: str, name: str, data: bytes, **options):
    """The preview of ``data``; positions read as WGS-84 unless the test says otherwise (``crs=None``:
    the evidence decides, tests/importing/test_crs_evidence.py)."""
    options.setdefault("crs", "wgs84")
    table = read(list_key, name, data)
    return preview(list_key, table, dataset, ImportOptions(user="tester", today=TODAY, **options))


def codes(result, severity: str | None = None) -> list[tuple]:
    return [(p.code, p.row, p.column) for p in result.problems if severity in (None, p.severity)]


def csv(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


# --- headers -------------------------------------------------------------------------------------


@pytest.mark.parametrize("list_key", IMPORT_LISTS)
def test_every_header_name_belongs_to_one_field_of_its_list(list_key):
    from geo.importing.cellvalues import match_header

    spec = IMPORT_LISTS[list_key]
    for f in spec.fields:
        for name in (f.zh, f.en, f.name, template_header(f), *f.aliases):
            found = match_header(spec, name)
            assert found is not None and found[0].name == f.name, (list_key, name, found)


@pytest.mark.parametrize("header", ["投资额（亿元）", "投资额(亿元)", "Investment (100 million CNY)", "总投资【亿元】",
                                    "investment (100m yuan)", "投资额（亿元） Investment (100 million CNY)"])
def test_headers_with_units_in_either_language(dataset, header):
    data = csv(f"名称,{header},经度,纬度,产业链环节,状态\n测试,3.5,117.45,37.8,电芯,在建\n")
    result = run(dataset, "chain", "a.csv", data)
    assert result.ok, codes(result)
    assert result.added[0]["investment_cny"] == 3.5e8


def test_a_money_column_without_unit_is_read_in_the_template_unit_with_a_warning(dataset):
    data = csv("名称,投资额,经度,纬度,产业链环节,状态\n测试,3.5,117.45,37.8,电芯,在建\n")
    result = run(dataset, "chain", "a.csv", data)
    assert ("unit_assumed", 1, "投资额") in codes(result, "warning")
    assert result.added[0]["investment_cny"] == 3.5 * UNITS["money"]["10k_cny"][0]


def test_a_title_row_above_the_header_and_unknown_columns(dataset):
    text = "庆云县企业台账（内部）\n\n名称,联系人,经度,纬度,产业链环节,状态\n测试企业,张三,117.45,37.8,电池,在建\n"
    result = run(dataset, "chain", "a.csv", csv(text))
    assert ("unknown_column", 3, "联系人") in codes(result, "warning")
    assert result.ok and result.added[0]["chain_segment"] == "cells"


def test_unknown_unit_and_repeated_column_are_errors(dataset):
    result = run(dataset, "chain", "a.csv", csv("名称,投资额（美元）,企业名称,经度,纬度\n测试,1,测试,117.45,37.8\n"))
    assert ("unknown_unit", 1, "投资额（美元）") in codes(result, "error")
    assert ("duplicate_column", 1, "企业名称") in codes(result, "error")


# --- cells ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("lon", "lat"), [
    ("１１７．４５", "３７．８"),  # full-width digits from a Chinese input method
    ("117°27'0\"", "37°48'0\""),
    ("117度27分0秒", "37度48分"),
    ("E117°27′", "N37°48′"),
    ("117 27 0", "37 48 0"),
])
def test_coordinates_as_officials_type_them(dataset, lon, lat):
    quoted = [v.replace('"', '""') for v in (lon, lat)]
    result = run(dataset, "chain", "a.csv", csv(HEAD + f'\n测试,"{quoted[0]}","{quoted[1]}",电芯,在建\n'),
                 crs="wgs84")
    assert result.ok, codes(result)
    assert (result.added[0]["lon"], result.added[0]["lat"]) == pytest.approx(INSIDE)


def test_swapped_coordinates_are_swapped_back_with_a_warning(dataset):
    result = run(dataset, "chain", "a.csv", csv(HEAD + "\n测试,37.8,117.45,电芯,在建\n"), crs="wgs84")
    assert ("swapped", 2, "经度") in codes(result, "warning")
    assert (result.added[0]["lon"], result.added[0]["lat"]) == INSIDE


def test_one_coordinates_cell_as_gaode_gives_it(dataset):
    lon, lat = wgs84_to_gcj02(*INSIDE)
    data = csv(f"名称,高德坐标,产业链环节,状态\n测试,\"{lon:.6f},{lat:.6f}\",电芯,在建\n")
    result = run(dataset, "chain", "a.csv", data,
                 crs="gcj02")
    assert result.ok, codes(result)
    assert (result.added[0]["lon"], result.added[0]["lat"]) == pytest.approx(INSIDE, abs=1e-6)


@pytest.mark.parametrize(("cell", "code"), [
    ("abc", "not_a_coordinate"), ("117°75'", "dms_invalid"), ("1170", "lon_range"),
])
def test_bad_coordinates_name_row_and_column(dataset, cell, code):
    result = run(dataset, "chain", "a.csv", csv(HEAD + f"\n好,117.45,37.8,电芯,在建\n坏,{cell},37.8,电芯,在建\n"))
    assert (code, 3, "经度") in codes(result, "error")
    assert not result.ok


def test_a_point_far_away_is_an_error_and_one_just_outside_needs_confirmation(dataset):
    result = run(dataset, "chain", "a.csv", csv(HEAD + "\n北京,116.40,39.90,电芯,在建\n"
                                                "邻县,117.25,37.80,电芯,在建\n"), crs="wgs84")
    assert ("far_outside", 2, "经度") in codes(result, "error")
    assert ("outside_county", 3, "经度") in codes(result, "warning")
    assert result.outside_county == [3]


@pytest.mark.parametrize(("cell", "expected"), [
    ("电芯", "cells"), ("Battery cells", "cells"), ("cells", "cells"), ("ＰＡＣＫ", "pack"), ("储能", "application"),
    ("梯次利用", "cascade"), ("回收", "recycling"),
])
def test_chain_segments_in_chinese_english_and_common_words(dataset, cell, expected):
    result = run(dataset, "chain", "a.csv", csv(HEAD + f"\n测试,117.45,37.8,{cell},投产\n"))
    assert result.ok, codes(result)
    assert result.added[0]["chain_segment"] == expected
    assert result.added[0]["status"] == "operating"


def test_unknown_value_lists_the_allowed_ones_in_the_ui_language(dataset):
    result = run(dataset, "chain", "a.csv", csv(HEAD + "\n测试,117.45,37.8,电池片,在建\n"))
    (problem,) = [p for p in result.errors if p.code == "unknown_value"]
    assert (problem.row, problem.column) == (2, "产业链环节")
    assert "电芯" in problem.message("zh") and "Battery cells" in problem.message("en")
    assert "电池片" in problem.message("en")


@pytest.mark.parametrize(("cell", "expected"), [
    ("3.5亿", 3.5e8), ("5000万元", 5e7), ("1,200", 1.2e7), ("１２００", 1.2e7), ("12000000元", 1.2e7),
])
def test_numbers_with_units_in_the_cell_and_separators(dataset, cell, expected):
    result = run(dataset, "chain", "a.csv", csv(HEAD + f",投资额（万元）\n测试,117.45,37.8,电芯,在建,\"{cell}\"\n"))
    assert result.ok, codes(result)
    assert result.added[0]["investment_cny"] == pytest.approx(expected)


@pytest.mark.parametrize(("cell", "code"), [("约3亿", "not_a_number"), ("-5", "negative"),
                                            ("3 apples", "not_a_number")])
def test_bad_numbers(dataset, cell, code):
    result = run(dataset, "chain", "a.csv", csv(HEAD + f",投资额（万元）\n测试,117.45,37.8,电芯,在建,{cell}\n"))
    assert (code, 2, "投资额（万元）") in codes(result, "error")


def test_capacity_in_10k_kw(dataset):
    data = csv("名称,装机容量（万千瓦）,经度,纬度,状态\n新风电场,5,117.45,37.8,运行\n")
    result = run(dataset, "wind_farm", "a.csv", data)
    assert result.ok, codes(result)
    added = result.added[0]
    assert (added["capacity_mw"], added["layer"], added["kind"], added["chain_segment"]) == (
        50.0, "wind_farm", "asset", "green_power")


def test_credit_codes_are_checked(dataset):
    good, typo = credit_code(), credit_code()[:-2] + ("0" if credit_code()[-2] != "0" else "1") + credit_code()[-1]
    rows = (f"名称,统一社会信用代码,经度,纬度,产业链环节,状态\n甲,{good},117.45,37.8,电芯,在建\n"
            f"乙,{typo},117.46,37.8,电芯,在建\n")
    rows += "丙,12345,117.47,37.8,电芯,在建\n"
    result = run(dataset, "chain", "a.csv", csv(rows))
    # Warnings (issue 12, point 2): the rows import without the wrong codes, once the editor confirms.
    assert ("credit_code_checksum", 3, "统一社会信用代码") in codes(result, "warning")
    assert ("bad_credit_code", 4, "统一社会信用代码") in codes(result, "warning")
    assert result.ok and not result.kept_out and len(result.to_confirm) == 2
    codes_stored = {r["name_zh"]: r["credit_code"] for r in result.added}
    assert codes_stored == {"甲": good, "乙": None, "丙": None}


def test_a_credit_code_excel_turned_into_a_number(dataset):
    data = xlsx_bytes([["名称", "统一社会信用代码", "经度", "纬度", "产业链环节", "状态"],
                       ["甲", 913714230000000000, 117.45, 37.8, "电芯", "在建"]])
    result = run(dataset, "chain", "a.xlsx", data)
    assert ("credit_code_number", 2, "统一社会信用代码") in codes(result, "warning")
    assert result.ok and result.added[0]["credit_code"] is None


def test_html_and_script_are_kept_as_text(dataset):
    name = "<img src=x onerror=alert(1)><script>alert(2)</script>"
    data = csv(f"名称,说明,经度,纬度,产业链环节,状态\n\"{name}\",<b>粗</b>,117.45,37.8,电芯,在建\n")
    result = run(dataset, "chain", "a.csv", data)
    assert result.ok
    assert result.added[0]["name_zh"] == name and result.added[0]["note_zh"] == "<b>粗</b>"


# --- duplicates and matching ---------------------------------------------------------------------


def test_duplicates_within_a_file(dataset):
    code = credit_code()
    rows = (f"名称,统一社会信用代码,经度,纬度,产业链环节,状态\n甲,{code},117.45,37.8,电芯,在建\n"
            f"乙,{code},117.50,37.85,电芯,在建\n丙,,117.40,37.75,电芯,在建\n丙,,117.4001,37.7501,电芯,在建\n")
    result = run(dataset, "chain", "a.csv", csv(rows))
    assert ("duplicate_credit_code", 3, "统一社会信用代码") in codes(result, "error")
    assert ("duplicate_name_place", 5, "名称") in codes(result, "error")


def test_rows_match_existing_records_by_id_and_by_name_and_place(dataset):
    cgn = dataset.records.set_index("id").loc["E-CGN"]
    rows = (f"编号,名称,状态\nE-CGN,{cgn['name_zh']},在建\n"
            f"\"\",{cgn['name_zh']},达产\n")
    result = run(dataset, "chain", "a.csv", csv(rows))
    assert ("duplicate_row", 3, "名称") in codes(result, "error")  # both rows are E-CGN (by id, by name)
    rows = f"名称,经度,纬度,状态\n{cgn['name_zh']},{cgn['lon'] + 0.001},{cgn['lat']},在建\n"
    result = run(dataset, "chain", "a.csv", csv(rows), crs="wgs84")
    assert ("matched_by_name", 2, "名称") in codes(result, "warning")
    ((before, after),) = result.changed
    assert before["id"] == after["id"] == "E-CGN" and after["status"] == "construction"
    assert after["location_provenance"] == "reported"  # moved by the file


def test_an_update_keeps_the_columns_the_file_does_not_have_and_its_empty_cells(dataset):
    result = run(dataset, "chain", "a.csv", csv("编号,状态,投资额（亿元）,说明\nP-YUTUO-5AH,达产,,\n"))
    ((before, after),) = result.changed
    assert {k for k in after if before[k] != after[k]} == {"status"}
    assert result.crs_used is None  # no coordinates, nothing to detect
    result = run(dataset, "chain", "a.csv", csv("编号,投资额（亿元）\nP-YUTUO-5AH,未报道\n"))
    ((before, after),) = result.changed
    assert before["investment_cny"] == 1e9 and after["investment_cny"] is None


def test_replace_mode_removes_what_the_file_no_longer_lists(dataset):
    result = run(dataset, "wind_farm", "a.csv", csv("编号,状态\nWIND-GEM-1,运行\n"), mode="replace")
    assert result.unchanged == 1
    wind_farms = set(dataset.records.query("layer == 'wind_farm'")["id"])
    assert {r["id"] for r in result.removed} == wind_farms - {"WIND-GEM-1"}


def test_new_rows_get_ids_defaults_and_the_import_as_source(dataset):
    result = run(dataset, "chain", "ledger.csv", csv(HEAD + "\n新电芯项目,117.45,37.8,电芯,签约\n"),
                 source_title="县工信局台账")
    (added,) = result.added
    assert added["id"] == "P-0001" and added["kind"] == "project"  # "项目" in the name
    assert ("kind_guessed", 2, None) in codes(result, "warning")
    assert added["name_en"] == "新电芯项目" and added["provenance"] == "reported"
    (source,) = result.extra_changes
    assert source.table == "sources" and added["source"] == source.key
    assert source.after["title"] == "县工信局台账" and source.after["publisher"] == "tester"


def test_a_new_record_without_coordinates_or_required_fields(dataset):
    result = run(dataset, "chain", "a.csv", csv("名称,产业链环节\n测试,电芯\n"))
    assert ("required", 2, template_header(IMPORT_LISTS["chain"].field("lon"))) in codes(result, "error")
    assert ("required", 2, template_header(IMPORT_LISTS["chain"].field("status"))) in codes(result, "error")


def test_illustrative_record_with_reported_position_breaks_a_rule(dataset):
    result = run(dataset, "chain", "a.csv", csv(HEAD + ",数据性质,位置来源\n测试,117.45,37.8,电芯,在建,示意,实测\n"))
    assert ("rule_illustrative_location", 2, None) in [(c, r, None) for c, r, _ in codes(result, "error")]


# --- coordinate systems --------------------------------------------------------------------------


def _boundary_points(dataset, n: int = 24):
    county = dataset.county.geometry.iloc[0].buffer(-0.0015)
    ring = max(getattr(county, "geoms", [county]), key=lambda g: g.area).exterior
    return [ring.interpolate(i / n, normalized=True).coords[0] for i in range(n)]


@pytest.mark.parametrize(("system", "convert"), [("wgs84", None), ("gcj02", wgs84_to_gcj02), ("bd09", wgs84_to_bd09)])
def test_the_file_coordinate_system_is_detected_and_stored_as_wgs84(dataset, system, convert):
    points = _boundary_points(dataset)
    lines = ["名称,经度,纬度,产业链环节,状态"]
    for i, (lon, lat) in enumerate(points):
        x, y = convert(lon, lat) if convert else (lon, lat)
        lines.append(f"测试{i},{x:.7f},{y:.7f},电芯,在建")
    result = run(dataset, "chain", "a.csv", csv("\n".join(lines) + "\n"), crs=None)
    assert result.crs_evidence.guess.decisive and result.crs_used == system
    assert result.crs_evidence.proposed == system and [s.kind for s in result.crs_evidence.supporting] == ["outline"]
    assert ("crs_proposed", None, None) in codes(result, "warning")
    assert result.ok and not result.outside_county
    for (lon, lat), added in zip(points, result.added, strict=True):
        assert (added["lon"], added["lat"]) == pytest.approx((lon, lat), abs=2e-6)  # ~0.2 m


def test_the_user_choice_of_system_wins(dataset):
    lon, lat = wgs84_to_gcj02(*INSIDE)
    result = run(dataset, "chain", "a.csv", csv(HEAD + f"\n测试,{lon},{lat},电芯,在建\n"), crs="gcj02")
    assert result.crs_used == "gcj02"
    assert (result.added[0]["lon"], result.added[0]["lat"]) == pytest.approx(INSIDE, abs=1e-6)


# --- other lists ---------------------------------------------------------------------------------


def test_investment_targets_from_excel(dataset):
    data = xlsx_bytes([["目标企业", "产业链节点", "对接状态", "责任部门"],
                       ["隔膜生产企业（类型）", "隔膜", "洽谈中", "招商局"]])
    result = run(dataset, "investment_targets", "targets.xlsx", data)
    assert result.ok, codes(result)
    (added,) = result.added
    assert (added["id"], added["chain_node"], added["contact_status"], added["target_type"]) == (
        "T-0001", "separator", "negotiating", "company")
    # Security review, point 9: the source this import adds is as confidential as the list.
    (source,) = result.extra_changes
    assert source.table == "sources" and source.after["kind"] == CONFIDENTIAL_IMPORT
    assert added["source"] == source.key
    assert run(dataset, "chain", "ledger.csv", csv(HEAD + "\n新电芯项目,117.45,37.8,电芯,签约\n")
               ).extra_changes[0].after["kind"] == "import"


def test_park_plots_from_geojson_in_gcj02(dataset):
    park = dataset.park.geometry.iloc[0]
    plot = park.buffer(-0.002).envelope.intersection(park)
    from geo.crs import transform_geometry
    gcj = transform_geometry(plot, wgs84_to_gcj02)
    collection = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {
        "名称": "新地块", "入驻企业": "（未定）"}, "geometry": json.loads(json.dumps(gcj.__geo_interface__))}]}
    result = run(dataset, "park_plots", "plots.geojson", json.dumps(collection, ensure_ascii=False).encode(),
                 crs="gcj02")
    assert result.ok, codes(result)
    (added,) = result.added
    assert added["id"] == "PLOT-0001" and added["park_id"] == "PARK-ZHONGQING"
    assert added["geometry"].equals_exact(plot, tolerance=1e-5)
    assert added["area_ha"] > 0 and added["area_provenance"] == "derived"


def test_a_plot_row_from_excel_can_update_but_not_create(dataset):
    result = run(dataset, "park_plots", "a.csv", csv("编号,名称,入驻企业\nPLOT-A1,地块A1,测试企业\n新,新地块,\n"))
    assert ("bad_id", 3, "编号") in codes(result, "error")
    result = run(dataset, "park_plots", "a.csv", csv("名称,面积（亩）\n全新地块,30\n"))
    assert ("plot_needs_geometry", 2, None) in codes(result, "error")


# --- the whole round: template, import, store, undo ---------------------------------------------


def test_the_template_round_trips_without_changes(dataset):
    for list_key in IMPORT_LISTS:
        data = template_xlsx(list_key, table_rows(dataset, list_key))
        book = openpyxl.load_workbook(io.BytesIO(data))
        assert book.sheetnames == ["数据 data", "说明 notes", "选项 values"]
        if not table_rows(dataset, list_key):
            continue
        result = run(dataset, list_key, "template.xlsx", data, crs="wgs84")
        assert result.ok and not result.has_changes, (list_key, codes(result)[:5])


def test_progress_is_reported(dataset):
    calls = []
    lines = ["名称,经度,纬度,产业链环节,状态"] + [f"企业{i},117.45,37.8,电芯,在建" for i in range(600)]
    table = read("chain", "a.csv", csv("\n".join(lines)))
    preview("chain", table, dataset, ImportOptions(), progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (600, 600) and len(calls) >= 3


def test_an_import_committed_and_undone_leaves_the_store_as_it_was(tmp_path):
    store = open_store(tmp_path / "qcm.gpkg")
    before = store.dataset()
    lines = "编号,名称,经度,纬度,产业链环节,状态\nE-CGN,中广核（改）,,,,\n,新企业,117.45,37.8,电芯,在建\n"
    result = run(before, "chain", "a.csv", csv(lines))
    assert result.ok and len(result.added) == 1 and len(result.changed) == 1
    batch = store.commit(result.change_set("tester"))
    assert {"E-0001", "E-CGN"} <= set(store.dataset().records["id"])
    store.undo(batch.id, "tester")
    from tests.store.test_store import assert_same_dataset
    assert_same_dataset(store.dataset(), before)


def test_messages_exist_in_both_languages(dataset):
    result = run(dataset, "chain", "a.csv", csv(HEAD + ",投资额\n测试,abc,37.8,x,y,z\n"))
    for problem in result.problems:
        zh, en = problem.message("zh"), problem.message("en")
        assert zh and en and zh != en


def test_raw_table_from_the_editor_uses_field_names_and_stored_units(dataset):
    table = RawTable("editor", "editor", ["id", "investment_cny"], [["P-YUTUO-5AH", 2e9]], [1], 0)
    result = preview("chain", table, dataset, ImportOptions(crs="wgs84"))
    ((_, after),) = result.changed
    assert after["investment_cny"] == 2e9 and t("import.problem.unit_assumed", "en") not in [
        p.message("en") for p in result.problems]
