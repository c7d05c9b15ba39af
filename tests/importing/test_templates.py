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
