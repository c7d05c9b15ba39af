"""geo.importing.headers and geo.importing.mappings (issue 12, point 1): headers as officials write
them, the editor's column mapping, and mappings remembered for the next file with the same headers."""

from __future__ import annotations

import datetime as dt
import json
import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.importing.fields import IMPORT_LISTS
from geo.importing.headers import (
    HIGH,
    LOW,
    confidence,
    effective_mapping,
    header_key,
    match_columns,
    needs_confirmation,
    score_field,
    similarity,
    split_header,
)
from geo.importing.importer import ImportOptions, preview
from geo.importing.mappings import load_mapping, mappings_path, save_mapping
from tests.import_helpers import read

TODAY = dt.date(2026, 11, 25)
CHAIN = IMPORT_LISTS["chain"]
REALISTIC = ["序号", "企业名称（全称）", "所属环节", "东经", "北纬", "投资额(万元)", "备注"]


def fields_of(matches) -> dict[str, str | None]:
    return {m.header: m.field.name if m.field is not None else None for m in matches}


# --- normalising ---------------------------------------------------------------------------------


@given(st.text(max_size=30))
def test_normalising_is_idempotent(text):
    assert header_key(header_key(text)) == header_key(text)


@given(st.text(max_size=30), st.text(max_size=30))
def test_similarity_is_a_symmetric_score_in_zero_one(a, b):
    a, b = header_key(a), header_key(b)
    assert 0.0 <= similarity(a, b) <= 1.0
    assert similarity(a, b) == pytest.approx(similarity(b, a))


@pytest.mark.parametrize(("header", "key"), [
    ("企业名称（全称）", ("企业名称", ("全称",))), ("经度(GCJ-02)", ("经度", ("gcj02",))),
    ("投资额【万元】", ("投资额", ("万元",))), ("Ｎａｍｅ　 ＥＮ", ("nameen", ())), ("LONGITUDE.", ("longitude", ())),
    ("名称《中文》", ("名称", ("中文",))),
])
def test_full_width_case_spaces_and_brackets(header, key):
    assert split_header(header) == key


def test_confidence_thresholds():
    assert (confidence(1.0), confidence(HIGH), confidence(HIGH - 0.01), confidence(LOW), confidence(LOW - 0.01)) == (
        "high", "high", "low", "low", "none")


# --- matching ------------------------------------------------------------------------------------


@pytest.mark.parametrize("list_key", IMPORT_LISTS)
def test_every_name_of_every_field_matches_itself_with_high_confidence(list_key):
    spec = IMPORT_LISTS[list_key]
    for f in spec.fields:
        for name in (f.zh, f.en, f.name, *f.aliases):
            [match] = match_columns(spec, [name])
            assert match.field is not None and match.field.name == f.name, (list_key, name, match)
            assert match.confidence == "high", (list_key, name, match)


def test_a_realistic_header_row_maps_right():
    matches = match_columns(CHAIN, REALISTIC)
    assert fields_of(matches) == {"序号": None, "企业名称（全称）": "name_zh", "所属环节": "chain_segment",
                                  "东经": "lon", "北纬": "lat", "投资额(万元)": "investment_cny", "备注": "note_zh"}
    by_header = {m.header: m for m in matches}
    assert by_header["投资额(万元)"].unit == "10k_cny" and not by_header["投资额(万元)"].unit_assumed
    assert by_header["序号"].source == "row_number"
    assert all(m.confidence == "high" for m in matches)
    assert not needs_confirmation(matches)


@pytest.mark.parametrize(("header", "field"), [
    ("产业环节", "chain_segment"), ("环节", "chain_segment"), ("链条环节", "chain_segment"),
    ("单位名称", "name_zh"), ("企业全称", "name_zh"), ("Company Name", "name_zh"), ("经度", "lon"), ("lng", "lon"),
    ("Long", "lon"), ("X", "lon"), ("纬度", "lat"), ("Y坐标", "lat"), ("LAT", "lat"), ("经度(GCJ-02)", "lon"),
    ("总投资万元", "investment_cny"), ("投资额/亿元", "investment_cny"), ("名称(英文)", "name_en"),
    ("企业名称（英文）", "name_en"), ("ＳＴＡＴＵＳ", "status"), ("Chain  Segment", "chain_segment"),
])
def test_headers_as_officials_write_them(header, field):
    [match] = match_columns(CHAIN, [header])
    assert match.field is not None and match.field.name == field, match


def test_a_vaguer_header_is_read_on_a_low_score_and_needs_confirmation():
    [match] = match_columns(CHAIN, ["所属产业链环节分类"])
    assert match.field is not None and match.field.name == "chain_segment"
    assert match.confidence == "low" and LOW <= match.score < HIGH
    assert needs_confirmation([match])


def test_an_unrelated_header_is_not_matched():
    [match] = match_columns(CHAIN, ["联系电话"])
    assert match.field is None and match.confidence == "none" and match.suggestion is None


def test_a_likeness_of_letters_alone_is_never_sure():
    assert similarity("phone", "owner") < LOW
    [match] = match_columns(CHAIN, ["Lattitude"])  # a typo: read, but to be confirmed
    assert match.field is not None and match.field.name == "lat" and match.confidence == "low"


@given(st.lists(st.sampled_from([*REALISTIC, "名称", "产业链环节", "经度", "lon", "Investment", "状态", "进展",
                                 "联系人", "坐标", "经纬度", "英文名称", "说明", ""]), max_size=12))
def test_each_field_goes_to_one_column_at_most(headers):
    matches = match_columns(CHAIN, headers)
    names = [m.field.name for m in matches if m.field is not None]
    assert len(names) == len(set(names))
    assert [m.index for m in matches] == [i for i, h in enumerate(headers) if h.strip()]
    assert all(0.0 <= m.score <= 1.0 for m in matches)


def test_the_best_score_wins_a_field_and_an_exact_repeat_is_a_repeat():
    matches = match_columns(CHAIN, ["环节", "产业链环节"])
    assert fields_of(matches) == {"环节": "chain_segment", "产业链环节": None} or \
        fields_of(matches) == {"环节": None, "产业链环节": "chain_segment"}
    repeated = next(m for m in matches if m.field is None)
    assert repeated.repeats is not None


def test_the_editors_mapping_comes_first():
    matches = match_columns(CHAIN, ["名称", "备注", "链条位置"], {"备注": "", "链条位置": "chain_segment"})
    assert fields_of(matches) == {"名称": "name_zh", "备注": None, "链条位置": "chain_segment"}
    assert effective_mapping(matches) == {"名称": "name_zh", "备注": "", "链条位置": "chain_segment"}
    # a stale choice (a field the list does not have) is no choice
    assert fields_of(match_columns(CHAIN, ["备注"], {"备注": "target_name_zh"})) == {"备注": "note_zh"}


def test_unit_in_brackets_still_read_and_an_unknown_one_still_refused():
    assert score_field(CHAIN.field("investment_cny"), "投资额（亿元）").unit == "100m_cny"
    assert score_field(CHAIN.field("investment_cny"), "投资额（美元）").unit_text == "美元"
    assert score_field(CHAIN.field("investment_cny"), "投资额（计划）").unit_text is None  # a note, not a unit


# --- the import with a mapping ---------------------------------------------------------------------

ODD = "序号,单位名称（全称）,链条位置,状态,东经,北纬\n1,测试企业甲,电芯,在建,117.45,37.80\n".encode()


def run(dataset, data: bytes, **options):
    return preview("chain", read("chain", "a.csv", data), dataset,
                   ImportOptions(user="tester", today=TODAY, crs="wgs84", **options))


def test_an_unmatched_column_is_a_warning_and_a_mapping_fixes_the_import(dataset):
    before = run(dataset, ODD)
    [warning] = [p for p in before.problems if p.column == "链条位置"]
    assert (warning.code, warning.severity) == ("column_suggested", "warning")
    assert "产业链环节" in warning.message("zh") and "Chain segment" in warning.message("en")
    assert not before.ok and not before.added
    after = run(dataset, ODD, mapping={"链条位置": "chain_segment"})
    assert after.ok, [p.message("en") for p in after.problems]
    assert after.added[0]["chain_segment"] == "cells" and after.added[0]["name_zh"] == "测试企业甲"


def test_a_low_confidence_column_is_read_with_a_warning_naming_its_field(dataset):
    data = "名称,所属产业链环节分类,状态,经度,纬度\n测试企业乙,电芯,在建,117.45,37.80\n".encode()
    result = run(dataset, data)
    [warning] = [p for p in result.problems if p.code == "column_guessed"]
    assert warning.column == "所属产业链环节分类"
    assert "Chain segment" in warning.message("en") and "产业链环节" in warning.message("zh")
    assert result.ok and result.added[0]["chain_segment"] == "cells"
    ignored = run(dataset, data, mapping={"所属产业链环节分类": ""})
    assert not ignored.ok and "column_guessed" not in [p.code for p in ignored.problems]


def test_a_column_repeated_can_be_ignored_by_the_mapping(dataset):
    data = "名称,企业名称,产业链环节,状态,经度,纬度\n甲,甲,电芯,在建,117.45,37.8\n".encode()
    assert "duplicate_column" in [p.code for p in run(dataset, data).errors]
    assert run(dataset, data, mapping={"企业名称": ""}).ok


# --- remembered mappings --------------------------------------------------------------------------


def test_a_remembered_mapping_is_applied_to_the_next_file_with_the_same_headers(dataset, tmp_path):
    path = mappings_path(tmp_path / "qcm.gpkg")
    table = read("chain", "a.csv", ODD)
    assert load_mapping(path, "chain", table.headers) == {}
    save_mapping(path, "chain", table.headers, {"链条位置": "chain_segment", "序号": ""}, "editor")
    # the same headers written with full-width brackets and spaces: the same file shape
    again = read("chain", "b.csv", ODD.replace("单位名称（全称）".encode(), "单位名称 (全称)".encode()))
    remembered = load_mapping(path, "chain", again.headers)
    assert remembered["链条位置"] == "chain_segment"
    result = preview("chain", again, dataset, ImportOptions(user="t", today=TODAY, crs="wgs84", mapping=remembered))
    assert result.ok and result.added[0]["chain_segment"] == "cells"
    # other headers, or another list: nothing remembered
    assert load_mapping(path, "chain", [*table.headers, "联系人"]) == {}
    assert load_mapping(path, "wind_farm", table.headers) == {}


def test_saving_keeps_the_other_entries(tmp_path):
    path = tmp_path / "m.json"
    save_mapping(path, "chain", ["a", "b"], {"a": "name_zh"})
    save_mapping(path, "wind_farm", ["a", "b"], {"a": "name_en"})
    save_mapping(path, "chain", ["c"], {"c": "status"})
    save_mapping(path, "chain", ["a", "b"], {"a": "", "b": "name_zh"})
    assert load_mapping(path, "chain", ["a", "b"]) == {"a": "", "b": "name_zh"}
    assert load_mapping(path, "wind_farm", ["a", "b"]) == {"a": "name_en"}
    assert load_mapping(path, "chain", ["c"]) == {"c": "status"}
    assert not [p for p in tmp_path.iterdir() if p.name != "m.json"]  # no temporary file left behind


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"lists": 3}', ""])
def test_a_broken_file_is_ignored_with_a_warning_and_set_aside(tmp_path, caplog, content):
    path = tmp_path / "m.json"
    path.write_text(content, encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert load_mapping(path, "chain", ["a"]) == {}
    assert "broken" in caplog.text
    save_mapping(path, "chain", ["a"], {"a": "name_zh"})
    assert load_mapping(path, "chain", ["a"]) == {"a": "name_zh"}
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == 1
    assert [p.read_text(encoding="utf-8") for p in tmp_path.glob("m.json.broken-*")] == [content]
