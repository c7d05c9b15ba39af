"""The coordinate system of an import, from evidence, never a silent default (issue 12, point 4):
geo.importing.crsevidence and how the importer uses it."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from pyproj import Geod

from geo.crs import wgs84_to_bd09, wgs84_to_gcj02
from geo.i18n import escape_markdown, t
from geo.importing.crsevidence import MAX_SAMPLE, FilePoint, crs_hint, gather
from geo.importing.importer import ImportOptions, preview
from geo.importing.preview import changes_frame
from geo.model import credit_code_check_character
from tests.import_helpers import read, xlsx_bytes

TODAY = dt.date(2026, 11, 25)
GEOD = Geod(ellps="WGS84")
# Points well inside the county (WGS-84): every system puts them inside, so the outline cannot tell.
DEEP_INSIDE = [(117.45, 37.80), (117.42, 37.84), (117.48, 37.76)]
HEAD = "名称,经度,纬度,产业链环节,状态"
CREDIT = "91371423MA3C00002" + credit_code_check_character("91371423MA3C00002")


def metres(a, b) -> float:
    return GEOD.inv(a[0], a[1], b[0], b[1])[2]


def run(dataset, data: bytes, name: str = "a.csv", list_key: str = "chain", **options):
    return preview(list_key, read(list_key, name, data), dataset, ImportOptions(user="tester", today=TODAY, **options))


def codes(result, severity: str | None = None) -> list[str]:
    return [p.code for p in result.problems if severity in (None, p.severity)]


@pytest.fixture(scope="module")
def measured(dataset):
    """The bundled dataset with two chain records whose positions were measured (not illustrative),
    one of them with its credit code."""
    records = dataset.records.copy()
    for rid in ("E-YUTUO", "E-ZKYB"):
        records.loc[records["id"] == rid, "location_provenance"] = "reported"
    records.loc[records["id"] == "E-ZKYB", "credit_code"] = CREDIT
    return dataclasses.replace(dataset, records=records)


def stored(data, rid: str) -> tuple[str, float, float]:
    row = data.records.set_index("id").loc[rid]
    return row["name_zh"], float(row["lon"]), float(row["lat"])


def gcj_file(data, *, credit_header: bool = True) -> bytes:
    """E-ZKYB by its credit code (another name), E-YUTUO by its name; both written as Gaode gives them."""
    _, lon1, lat1 = stored(data, "E-ZKYB")
    name2, lon2, lat2 = stored(data, "E-YUTUO")
    (x1, y1), (x2, y2) = wgs84_to_gcj02(lon1, lat1), wgs84_to_gcj02(lon2, lat2)
    return (f"名称,统一社会信用代码,经度,纬度,状态\n中科亿博（简称）,{CREDIT},{x1:.7f},{y1:.7f},在建\n"
            f"{name2},,{x2:.7f},{y2:.7f},在建\n").encode()


# --- no evidence: no proposal, nothing converted, nothing imported --------------------------------


@pytest.mark.parametrize(("system", "convert", "offset_m"), [("gcj02", wgs84_to_gcj02, (450, 700)),
                                                            ("bd09", wgs84_to_bd09, (1200, 1500))])
def test_points_deep_inside_with_no_evidence_stay_pending_until_the_editor_chooses(dataset, system, convert, offset_m):
    """The reported case: all three systems put the points inside, and WGS-84 used to be taken
    silently, storing GCJ-02 points ~560 m and BD-09 points ~1.36 km off."""
    written = [convert(lon, lat) for lon, lat in DEEP_INSIDE]
    for truth, point in zip(DEEP_INSIDE, written, strict=True):
        assert offset_m[0] < metres(truth, point) < offset_m[1]  # what a silent WGS-84 would store
    lines = [HEAD, *(f"新企业{i},{x:.7f},{y:.7f},电芯,在建" for i, (x, y) in enumerate(written))]
    data = ("\n".join(lines) + "\n").encode()
    result = run(dataset, data)
    evidence = result.crs_evidence
    assert evidence.proposed is None and not evidence.supporting and not evidence.conflict
    assert [s.code for s in evidence.signals] == ["outline_tie"]
    assert evidence.inside == {"wgs84": 3, "gcj02": 3, "bd09": 3}
    assert result.crs_used is None and result.positions_pending
    assert codes(result, "error") == ["crs_required"] and not result.ok
    assert [c for a in result.added for c in (a["lon"], a["lat"])] == pytest.approx(
        [c for p in written for c in p])  # not converted
    with pytest.raises(ValueError):
        result.change_set("tester")
    for lang in ("zh", "en"):
        assert set(changes_frame(result, "added", lang).iloc[:, 2]) == {t("importcrs.pending", lang)}
        message = next(p for p in result.problems if p.code == "crs_required").message(lang)
        assert message.startswith(t("import.problem.crs_required", lang, reason="")[:6])
        assert t("importcrs.reason.none", lang) in message
    assert "请选择坐标系" in result.problems[0].message("zh")

    chosen = run(dataset, data, crs=system)  # the editor chooses: converted, and importable
    assert chosen.ok and not chosen.positions_pending and chosen.crs_used == system
    assert "crs_chosen" in codes(chosen, "warning")
    for truth, added in zip(DEEP_INSIDE, chosen.added, strict=True):
        assert metres(truth, (added["lon"], added["lat"])) < 0.5
    chosen.change_set("tester")


# --- rows landing on stored records ---------------------------------------------------------------


def test_rows_landing_on_stored_records_under_gcj02_propose_it(measured):
    result = run(measured, gcj_file(measured))
    evidence = result.crs_evidence
    assert evidence.proposed == "gcj02" and result.crs_used == "gcj02" and result.ok
    (match,) = [s for s in evidence.supporting]
    assert match.kind == "match" and match.crs == "gcj02" and match.strength == "strong"
    assert sorted((m.record_id, m.how) for m in evidence.matches) == [("E-YUTUO", "name"), ("E-ZKYB", "credit_code")]
    assert evidence.match_within == {"wgs84": 0, "gcj02": 2, "bd09": 0}
    assert evidence.match_median_m["gcj02"] < 1
    assert 450 < evidence.match_median_m["wgs84"] < 700 and 700 < evidence.match_median_m["bd09"] < 1100
    assert "crs_proposed" in codes(result, "warning") and "crs_required" not in codes(result)
    assert {b["id"] for b, _ in result.changed} | {r["id"] for r in result.added} <= {"E-YUTUO", "E-ZKYB"}
    for lang in ("zh", "en"):
        text = match.message(lang)
        assert t("crs.gcj02", lang) in text and "{" not in text
    assert "2/2" in match.message("zh") and "2 of 2" in match.message("en")


def test_illustrative_stored_positions_are_not_evidence(dataset, measured):
    """The bundled records' positions are illustrative (drawn): a row at exactly such a position
    says nothing about the file's system. The same file against measured positions does."""
    name, lon, lat = stored(dataset, "E-YUTUO")
    data = f"名称,经度,纬度,状态\n{name},{lon},{lat},在建\n".encode()
    result = run(dataset, data)
    assert result.crs_evidence.proposed is None and not result.crs_evidence.matches
    assert "match_illustrative" in [s.code for s in result.crs_evidence.signals]
    assert "crs_required" in codes(result, "error")
    assert run(measured, data).crs_evidence.proposed == "wgs84"


def test_matched_rows_far_from_every_system_support_none(measured):
    name, lon, lat = stored(measured, "E-YUTUO")
    data = f"名称,经度,纬度,状态\n{name},{lon + 0.002},{lat},在建\n".encode()  # ~180 m east: moved, or approximate
    evidence = run(measured, data).crs_evidence
    assert evidence.proposed is None and next(s.code for s in evidence.signals) == "match_none"


# --- hints ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "system"), [
    ("经度(高德)", "gcj02"), ("纬度（高德）", "gcj02"), ("lng_gcj02", "gcj02"), ("AMap坐标", "gcj02"),
    ("火星坐标", "gcj02"),
    ("百度经度", "bd09"), ("BD-09 lat", "bd09"), ("Baidu", "bd09"),
    ("GPS坐标", "wgs84"), ("WGS-84", "wgs84"), ("天地图", "wgs84"), ("CGCS2000", "wgs84"), ("北斗定位", "wgs84"),
    ("经度", None), ("名称", None), ("高德/百度", None), ("", None)])
def test_words_that_name_a_system(text, system):
    assert crs_hint(text) == system


def test_a_gaode_header_is_a_gcj02_hint(dataset):
    county = dataset.county.geometry.iloc[0]
    points = [FilePoint(i + 2, *wgs84_to_gcj02(lon, lat)) for i, (lon, lat) in enumerate(DEEP_INSIDE)]
    evidence = gather(points, county, dataset.records, headers=["名称", "经度(高德)", "纬度(高德)"])
    assert evidence.proposed == "gcj02"
    (hint,) = evidence.supporting
    assert hint.kind == "hint" and hint.strength == "strong"
    assert hint.message("zh") == "表头“经度(高德)、纬度(高德)”表明 GCJ-02（高德、腾讯地图）。"
    assert "a header" in hint.message("en")
    assert escape_markdown("经度(高德)") in hint.message("zh", escape=escape_markdown)


def test_a_sheet_named_after_gaode_is_read_as_gcj02(dataset):
    rows = [["名称", "经度", "纬度", "产业链环节", "状态"]]
    rows += [[f"新企业{i}", *wgs84_to_gcj02(lon, lat), "电芯", "在建"] for i, (lon, lat) in enumerate(DEEP_INSIDE)]
    table = read("chain", "台账.xlsx", xlsx_bytes(rows, sheet="高德坐标"))
    assert table.sheet == "高德坐标"
    result = preview("chain", table, dataset, ImportOptions(user="tester", today=TODAY))
    assert result.crs_used == "gcj02" and result.ok
    for truth, added in zip(DEEP_INSIDE, result.added, strict=True):
        assert metres(truth, (added["lon"], added["lat"])) < 0.5


def test_a_coordinate_system_column_decides_without_blocking(dataset):
    lines = ["名称,经度,纬度,状态,坐标系"]
    lines += [f"屋顶{i},{x:.7f},{y:.7f},运行,高德" for i, (x, y) in enumerate(wgs84_to_gcj02(*p) for p in DEEP_INSIDE)]
    result = run(dataset, ("\n".join(lines) + "\n").encode(), list_key="pv_rooftop")
    assert result.ok and result.crs_evidence.proposed == "gcj02"
    assert [s.kind for s in result.crs_evidence.supporting] == ["column"]


# --- conflicts ------------------------------------------------------------------------------------


def test_a_hint_that_contradicts_the_matches_gives_no_proposal(measured):
    result = run(measured, gcj_file(measured), name="百度坐标导出.csv")
    evidence = result.crs_evidence
    assert evidence.proposed is None and evidence.conflict == ("gcj02", "bd09")
    assert {(s.kind, s.crs) for s in evidence.supporting} == {("match", "gcj02"), ("hint", "bd09")}
    assert result.positions_pending and "crs_required" in codes(result, "error")
    for lang in ("zh", "en"):
        assert t("importcrs.reason.conflict", lang) in next(p for p in result.problems
                                                            if p.code == "crs_required").message(lang)
        assert t("crs.gcj02", lang) in evidence.verdict(lang) and t("crs.bd09", lang) in evidence.verdict(lang)
    assert run(measured, gcj_file(measured), name="百度坐标导出.csv", crs="gcj02").ok  # the editor decides


# --- the map's sample -----------------------------------------------------------------------------


def test_the_map_sample_is_capped_and_spread(dataset):
    county = dataset.county.geometry.iloc[0]
    points = [FilePoint(i, 117.40 + i * 1e-4, 37.80) for i in range(MAX_SAMPLE + 300)]
    evidence = gather(points, county, dataset.records)
    assert len(evidence.sample) == MAX_SAMPLE
    assert evidence.sample[0].row == 0 and evidence.sample[-1].row == MAX_SAMPLE + 299
    assert evidence.total == MAX_SAMPLE + 300  # the outline still tests every point
