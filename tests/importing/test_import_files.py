"""The corpus of bad files: each gets its own clear message (in zh and en), never a traceback, and
the store is left exactly as it was. The files are made here, so each sits next to what it expects.
"""

from __future__ import annotations

import io
import json
import random
import zipfile

import pytest

from geo.i18n import t
from geo.importing.importer import ImportOptions, preview
from geo.importing.readers import MAX_BYTES, MAX_ROWS, MAX_UNPACKED_BYTES, FileProblem
from geo.importing.templates import required_headers, template_xlsx
from geo.store import open_store
from tests.import_helpers import read, xlsx_bytes
from tests.store.test_store import assert_same_dataset

GOOD_CSV = "名称,经度,纬度,产业链环节,状态\n测试企业,117.45,37.8,电芯,在建\n"


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _shapefile_zip(encoding: str = "UTF-8", keep_cpg: bool = True) -> bytes:
    """A point shapefile as officials get them: short Chinese field names (a .dbf name has at most
    10 bytes), GBK text, often no .cpg saying so."""
    import tempfile
    from pathlib import Path

    import geopandas as gpd
    from shapely.geometry import Point

    frame = gpd.GeoDataFrame({"名称": ["测试企业"], "环节": ["电芯"], "状态": ["在建"]},
                             geometry=[Point(117.45, 37.8)], crs=4326)
    with tempfile.TemporaryDirectory() as tmp:
        frame.to_file(Path(tmp) / "plants.shp", encoding=encoding)
        return _zip({p.name: p.read_bytes() for p in Path(tmp).iterdir() if keep_cpg or p.suffix != ".cpg"})


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive, archive.open("xl/workbook.xml", "w") as f:
        chunk = b"\0" * 2**20
        for _ in range(MAX_UNPACKED_BYTES // 2**20 + 8):
            f.write(chunk)
    return buffer.getvalue()


def _many_rows() -> bytes:
    lines = ["名称,经度,纬度,产业链环节,状态"] + [f"企业{i},117.45,37.8,电芯,在建" for i in range(100_000)]
    return "\n".join(lines).encode("utf-8")


JUNK = random.Random(371423).randbytes(4096)

# name -> (file name, content factory, expected problem code)
BAD_FILES = {
    "empty": ("企业.csv", lambda: b"", "empty"),
    "only_blank_lines": ("企业.csv", lambda: b"  \r\n\r\n \n", "empty"),
    "binary_junk_as_csv": ("企业.csv", lambda: JUNK, "not_text"),
    "nul_bytes_in_csv": ("企业.csv", lambda: GOOD_CSV.encode() + b"\x00\x00\x00", "not_text"),
    "junk_named_xlsx": ("企业.xlsx", lambda: JUNK, "xlsx_broken"),
    "truncated_xlsx": ("企业.xlsx", lambda: template_xlsx("chain")[:3000], "xlsx_broken"),
    "word_document_named_xlsx": ("企业.xlsx", lambda: _zip({"word/document.xml": b"<w/>"}), "xlsx_broken"),
    "old_xls": ("企业.xls", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + JUNK, "xls_old"),
    "xlsx_with_empty_sheet": ("企业.xlsx", lambda: xlsx_bytes([]), "empty"),
    "xlsx_unknown_headers": ("企业.xlsx", lambda: xlsx_bytes([["甲", "乙"], [1, 2]]), "no_header"),
    "zip_bomb": ("企业.xlsx", _zip_bomb, "too_large_unpacked"),
    "truncated_zip": ("plants.zip", lambda: _shapefile_zip()[:200], "zip_broken"),
    "zip_without_shapefile": ("plants.zip", lambda: _zip({"readme.txt": b"hello"}), "zip_no_shp"),
    "shapefile_without_dbf": ("plants.zip", lambda: _zip({"a.shp": b"x", "a.shx": b"x"}), "shp_incomplete"),
    "shapefile_of_junk": ("plants.zip", lambda: _zip({"a.shp": JUNK, "a.shx": JUNK, "a.dbf": JUNK}), "shp_broken"),
    "two_shapefiles": ("plants.zip", lambda: _zip({"a.shp": b"", "b.shp": b""}), "zip_many_shp"),
    "pdf": ("企业.pdf", lambda: b"%PDF-1.4\n" + JUNK, "unknown_type"),
    "png": ("企业.png", lambda: b"\x89PNG\r\n\x1a\n" + JUNK, "unknown_type"),
    "malformed_geojson": ("企业.geojson", lambda: b'{"type": "FeatureCollection", "features": [', "json_broken"),
    "json_not_features": ("企业.json", lambda: b'{"hello": "world"}', "not_features"),
    "geojson_without_features": ("企业.geojson", lambda: b'{"type":"FeatureCollection","features":[]}', "no_rows"),
    "deeply_nested_json": ("企业.json", lambda: b"[" * 200_000 + b"]" * 200_000, "json_broken"),
    "csv_unknown_headers": ("企业.csv", lambda: b"foo,bar\n1,2\n", "no_header"),
    "csv_header_only": ("企业.csv", lambda: "名称,经度,纬度\n".encode(), "no_rows"),
    "csv_huge_field": ("企业.csv", lambda: ("名称,说明\n测试,\"" + "长" * 200_000 + "\"\n").encode(), "csv_broken"),
    "100000_rows": ("企业.csv", _many_rows, "too_many_rows"),
    "over_the_size_limit": ("企业.csv", lambda: GOOD_CSV.encode() * (MAX_BYTES // len(GOOD_CSV.encode()) + 10),
                            "too_large"),
}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return open_store(tmp_path_factory.mktemp("store") / "qcm.gpkg")


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_file_gets_its_message_and_changes_nothing(store, case):
    name, make, expected = BAD_FILES[case]
    revision, before = store.revision(), store.dataset()
    with pytest.raises(FileProblem) as caught:
        read("chain", name, make())
    problem = caught.value
    assert problem.code == expected, (case, problem.code)
    zh, en = (t(f"import.file.{problem.code}", lang, needed=required_headers("chain", lang), **problem.params)
              for lang in ("zh", "en"))  # as the import page says it
    assert zh and en and zh != en
    assert store.revision() == revision
    assert_same_dataset(store.dataset(), before)


@pytest.mark.parametrize("content", [b"Company,Address,Phone\nA Co,Qingyun,123\n",
                                     "公司,地址,电话\n甲公司,庆云县,123\n".encode()])
def test_a_file_whose_headers_match_nothing_is_told_what_is_needed_and_what_it_has(content):
    """Issue 12, point 7: a clear refusal names the columns the list needs and the headers it found."""
    with pytest.raises(FileProblem) as caught:
        read("chain", "企业.csv", content)
    problem = caught.value
    assert problem.code == "no_header"
    first_row = content.decode().splitlines()[0].split(",")
    assert problem.params["found"] == " | ".join(first_row)
    for lang in ("zh", "en"):
        text = t("import.file.no_header", lang, needed=required_headers("chain", lang), **problem.params)
        assert required_headers("chain", lang) in text and problem.params["found"] in text
        for name in ("name_zh", "chain_segment", "status"):
            assert required_headers("chain", lang, (name,)) in text, (lang, name)


def test_the_limits_are_stated_in_the_messages():
    assert str(MAX_ROWS // 1000) in t("import.file.too_many_rows", "en", limit=f"{MAX_ROWS:,}")
    assert "20" in t("import.file.too_large", "zh", size_mb="25.0", limit_mb=20)


# Files that look odd but are fine: they must import.
GOOD_FILES = {
    "utf8_bom": ("企业.csv", lambda: "\ufeff".encode() + GOOD_CSV.encode()),
    "gbk": ("企业.csv", lambda: GOOD_CSV.encode("gbk")),
    "gb18030": ("企业.csv", lambda: GOOD_CSV.encode("gb18030")),
    "utf16_tab_separated": ("企业.txt", lambda: GOOD_CSV.replace(",", "\t").encode("utf-16")),
    "semicolons": ("企业.csv", lambda: GOOD_CSV.replace(",", ";").encode()),
    "xlsx": ("企业.xlsx", lambda: xlsx_bytes([r.split(",") for r in GOOD_CSV.strip().split("\n")])),
    "geojson": ("企业.geojson", lambda: json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"名称": "测试企业", "产业链环节": "电芯", "状态": "在建"},
        "geometry": {"type": "Point", "coordinates": [117.45, 37.8]}}]}, ensure_ascii=False).encode()),
    "shapefile_utf8": ("plants.zip", _shapefile_zip),
    "shapefile_gbk_without_cpg": ("plants.zip", lambda: _shapefile_zip("GBK", keep_cpg=False)),
    "no_extension": ("企业", lambda: GOOD_CSV.encode()),
}


@pytest.mark.parametrize("case", GOOD_FILES)
def test_files_in_every_accepted_format_and_encoding_import(store, case):
    name, make = GOOD_FILES[case]
    result = preview("chain", read("chain", name, make()), store.dataset(), ImportOptions(crs="wgs84"))
    assert result.ok, [(p.code, p.row, p.column) for p in result.errors]
    (added,) = result.added
    expected = ("测试企业", "cells", 117.45, 37.8)
    assert (added["name_zh"], added["chain_segment"], added["lon"], added["lat"]) == expected


# Files that read, but whose rows are wrong: the preview has errors and cannot be committed.
BAD_ROWS = {
    "unknown_segment": ("名称,经度,纬度,产业链环节,状态\n甲,117.45,37.8,电池片,在建\n", "unknown_value"),
    "coordinates_in_beijing": ("名称,经度,纬度,产业链环节,状态\n甲,116.4,39.9,电芯,在建\n", "far_outside"),
    "text_in_number": ("名称,经度,纬度,产业链环节,状态,投资额（万元）\n甲,117.45,37.8,电芯,在建,很多\n",
                       "not_a_number"),
    "missing_status": ("名称,经度,纬度,产业链环节\n甲,117.45,37.8,电芯\n", "required"),
    "duplicate_rows": ("名称,经度,纬度,产业链环节,状态\n甲,117.45,37.8,电芯,在建\n甲,117.45,37.8,电芯,在建\n",
                       "duplicate_name_place"),
    "bad_year": ("名称,经度,纬度,产业链环节,状态,落户年份\n甲,117.45,37.8,电芯,在建,1850\n", "year_range"),
    "only_longitude": ("名称,经度,产业链环节,状态\n甲,117.45,电芯,在建\n", "missing_column"),
}


@pytest.mark.parametrize("case", BAD_ROWS)
def test_bad_rows_block_the_import_and_change_nothing(store, case):
    text, expected = BAD_ROWS[case]
    revision, before = store.revision(), store.dataset()
    result = preview("chain", read("chain", "a.csv", text.encode()), before, ImportOptions(crs="wgs84"))
    assert expected in [p.code for p in result.errors]
    with pytest.raises(ValueError):
        result.change_set("tester")
    assert store.revision() == revision
    assert_same_dataset(store.dataset(), before)


def _feature(geometry) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {
        "名称": "甲", "产业链环节": "电芯", "状态": "在建"}, "geometry": geometry}]}).encode()


# GeoJSON whose geometry is broken: (list, geometry, expected error).
BAD_GEOMETRIES = {
    "point_of_text": ("chain", {"type": "Point", "coordinates": ["a", "b"]}, "geometry_not_point"),
    "empty_point": ("chain", {"type": "Point", "coordinates": []}, "geometry_not_point"),
    "empty_multipoint": ("chain", {"type": "MultiPoint", "coordinates": []}, "geometry_not_point"),
    "line_for_a_point": ("chain", {"type": "LineString", "coordinates": [[117.4, 37.8], [117.5, 37.9]]},
                         "geometry_not_point"),
    "unknown_type": ("chain", {"type": "Nope"}, "geometry_not_point"),
    "huge_numbers": ("chain", {"type": "Point", "coordinates": [1e308, 1e308]}, "lon_range"),
    "point_for_a_plot": ("park_plots", {"type": "Point", "coordinates": [117.4, 37.8]}, "geometry_not_polygon"),
    "empty_polygon": ("park_plots", {"type": "Polygon", "coordinates": []}, "geometry_not_polygon"),
    "self_crossing_plot": ("park_plots", {"type": "Polygon", "coordinates": [[[117.45, 37.82], [117.46, 37.83],
                                                                              [117.46, 37.82], [117.45, 37.83],
                                                                              [117.45, 37.82]]]},
                           "geometry_invalid"),
    "no_geometry_for_a_new_plot": ("park_plots", None, "plot_needs_geometry"),
}


@pytest.mark.parametrize("case", BAD_GEOMETRIES)
def test_broken_geometries_are_named_and_block_the_import(store, case):
    list_key, geometry, expected = BAD_GEOMETRIES[case]
    before = store.dataset()
    result = preview(list_key, read(list_key, "a.geojson", _feature(geometry)), before, ImportOptions())
    assert expected in [p.code for p in result.errors]
    assert not result.ok and store.revision() == 1


def test_the_no_known_columns_refusal_says_what_is_needed_in_each_language():
    """The preview's own refusal (headers found, none of them this list's) reads like the reader's."""
    from geo.importing.preview import ERROR, problem

    refusal = problem(ERROR, "no_known_columns", 1, needed=("fields", "chain", ("name_zh", "status")),
                      found="Company | Phone")
    assert refusal.message("zh").count("、") >= 1 and "Company | Phone" in refusal.message("zh")
    assert required_headers("chain", "en", ("name_zh", "status")) in refusal.message("en")
