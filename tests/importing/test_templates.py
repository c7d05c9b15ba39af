"""geo.importing.templates: the Excel template and the in-place editor's table read back by the import unchanged,
and an edit in the editor's table becomes exactly the intended change."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from geo.data.tables import table_rows
from geo.i18n import t
from geo.importing.fields import IMPORT_LISTS
from geo.importing.importer import ImportOptions, preview
from geo.importing.templates import editor_frame, editor_table, header_text, template_header, template_xlsx
from geo.store import open_store

EDITOR = ImportOptions(crs="wgs84", mode="replace", blank="clear", user="zhang")


def test_the_template_header_is_one_row_in_both_languages():
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx("chain")))
    header = [c.value for c in book["数据 data"][1]]
    assert header[:3] == ["编号 ID", "名称 Name", "英文名称 English name"]
    assert "投资额（万元） Investment (10,000 CNY)" in header
    assert book["数据 data"].freeze_panes == "A2"
    notes = "\n".join(str(c.value) for row in book["说明 notes"].iter_rows() for c in row if c.value)
    assert t("template.note.coordinates", "zh") in notes and t("template.note.coordinates", "en") in notes
    assert book["选项 values"].sheet_state == "hidden"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("list_key", IMPORT_LISTS)
def test_the_editor_table_reads_back_unchanged(dataset, list_key, lang):
    towns = dict(zip(dataset.townships["code"], dataset.townships[f"name_{lang}"], strict=True))
    frame = editor_frame(list_key, table_rows(dataset, list_key), lang, towns)
    result = preview(list_key, editor_table(frame), dataset, EDITOR)
    assert result.ok and not result.has_changes, [(p.code, p.row, p.column) for p in result.errors][:5]


def test_an_edit_becomes_exactly_the_intended_change_and_is_logged(tmp_path):
    store = open_store(tmp_path / "qcm.gpkg")
    data = store.dataset()
    frame = editor_frame("chain", table_rows(data, "chain"), "zh")
    status, name = (header_text(IMPORT_LISTS["chain"].field(f), "zh") for f in ("status", "name_zh"))
    note = header_text(IMPORT_LISTS["chain"].field("note_zh"), "zh")
    ids = list(frame[header_text(IMPORT_LISTS["chain"].field("id"), "zh")])
    frame.loc[ids.index("E-CGN"), status] = t("status.construction", "zh")  # changed in a drop-down
    frame.loc[ids.index("E-CGN"), note] = None  # a cell cleared
    frame = frame.drop(index=ids.index("E-RECYCLER"))  # a row deleted
    new = {c: None for c in frame.columns}
    new.update({name: "新录入企业", status: t("status.signed", "zh"),
                header_text(IMPORT_LISTS["chain"].field("chain_segment"), "zh"): t("segment.pack", "zh"),
                header_text(IMPORT_LISTS["chain"].field("kind"), "zh"): t("kind.enterprise", "zh"),
                header_text(IMPORT_LISTS["chain"].field("lon"), "zh"): 117.45,
                header_text(IMPORT_LISTS["chain"].field("lat"), "zh"): 37.8})
    frame = pd.concat([frame, pd.DataFrame([new])], ignore_index=True)  # a row added
    result = preview("chain", editor_table(frame), data, EDITOR)
    assert result.ok
    ((before, after),) = result.changed
    assert after["id"] == "E-CGN" and {k for k in after if before[k] != after[k]} == {"status", "note_zh"}
    assert [r["id"] for r in result.removed] == ["E-RECYCLER"]
    assert [(r["id"], r["chain_segment"]) for r in result.added] == [("E-0001", "pack")]
    batch = store.commit(result.change_set("zhang", kind="edit"))
    assert (batch.kind, batch.user) == ("edit", "zhang")
    assert {e.user for e in store.log() if e.batch_id == batch.id} == {"zhang"}
    records = store.dataset().records.set_index("id")
    assert records.loc["E-CGN", "status"] == "construction" and "E-RECYCLER" not in records.index


def test_template_headers_are_unique_per_list():
    for spec in IMPORT_LISTS.values():
        headers = [template_header(f) for f in spec.fields]
        assert len(set(headers)) == len(headers)


def test_text_that_looks_like_a_formula_stays_text():
    row = {"id": "E-X", "name_zh": '=HYPERLINK("http://example.org","x")', "name_en": "x"}
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx("chain", [row])))
    cell = book["数据 data"]["B2"]
    assert cell.value == row["name_zh"] and cell.data_type == "s"


# --- the rooftop template (issue 11): the county's real per-site list -------------------------------


def test_the_rooftop_template_has_position_coordinate_system_and_capacity_in_kw():
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx("pv_rooftop")))
    header = [c.value for c in book["数据 data"][1]]
    for column in ("经度 Longitude", "纬度 Latitude", "坐标系 Coordinate system", "装机容量（kW） Capacity (kW)",
                   "乡镇 Township", "位置来源 Position", "来源编号 Source ids"):
        assert column in header, column
    notes = "\n".join(str(c.value) for row in book["说明 notes"].iter_rows() for c in row if c.value)
    assert t("template.note.rooftop", "zh") in notes and t("template.note.rooftop", "en") in notes
    assert t("crs.gcj02", "zh") in notes  # the coordinate system's allowed values


def _rooftop_csv(rows: list[str]) -> bytes:
    head = "名称,状态,乡镇,装机容量（kW）,经度,纬度,坐标系,位置来源,数据性质,来源\n"
    return (head + "\n".join(row.replace(",", ",运行,", 1) for row in rows) + "\n").encode()


def test_a_rooftop_list_is_read_in_the_coordinate_system_each_row_names(dataset):
    from geo.crs import wgs84_to_bd09, wgs84_to_gcj02
    from tests.import_helpers import read

    inside = (117.45, 37.80)
    gcj, bd = wgs84_to_gcj02(*inside), wgs84_to_bd09(*inside)
    data = _rooftop_csv([
        f"屋顶甲,常家镇,50,{inside[0]},{inside[1]},WGS-84,实测,报道,S1",
        f"屋顶乙,常家镇,30,{gcj[0]:.7f},{gcj[1]:.7f},高德,实测,报道,S1",
        f"屋顶丙,严务乡,20,{bd[0]:.7f},{bd[1]:.7f},BD-09,实测,报道,S1",
    ])
    result = preview("pv_rooftop", read("pv_rooftop", "rooftop.csv", data), dataset, ImportOptions(user="t"))
    assert result.ok, [(p.code, p.row, p.column) for p in result.problems]
    assert ("crs_stated_rows", None, "坐标系") in [(p.code, p.row, p.column) for p in result.problems]
    for row in result.added:
        assert (row["lon"], row["lat"]) == pytest.approx(inside, abs=2e-6), row["name_zh"]
        assert "coordinate_crs" not in row  # how to read the position, not a stored field
    assert [row["capacity_mw"] for row in result.added] == pytest.approx([0.05, 0.03, 0.02])  # kW -> MW
    assert {row["layer"] for row in result.added} == {"pv_rooftop"}
    # The viewer's explicit choice wins over the column.
    chosen = preview("pv_rooftop", read("pv_rooftop", "rooftop.csv", data), dataset,
                     ImportOptions(user="t", crs="wgs84"))
    assert chosen.added[1]["lon"] == pytest.approx(gcj[0])


def test_one_stated_coordinate_system_is_named_once(dataset):
    from geo.crs import wgs84_to_gcj02
    from tests.import_helpers import read

    lon, lat = wgs84_to_gcj02(117.45, 37.80)
    data = _rooftop_csv([f"屋顶{i},常家镇,10,{lon:.7f},{lat:.7f},GCJ-02,实测,报道,S1" for i in range(3)])
    result = preview("pv_rooftop", read("pv_rooftop", "rooftop.csv", data), dataset, ImportOptions(user="t"))
    stated = [p for p in result.problems if p.code == "crs_stated"]
    assert len(stated) == 1 and t("crs.gcj02", "zh") in stated[0].message("zh")
    assert result.added[0]["lon"] == pytest.approx(117.45, abs=2e-6)
