"""Property-based tests (hypothesis) of the import's validator and of coordinate-system detection."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from geo.crs import CRS_NAMES, wgs84_to_bd09, wgs84_to_gcj02
from geo.data.dataset import load_dataset
from geo.i18n import t
from geo.importing.coordinates import detect_crs, parse_coordinate
from geo.importing.fields import UNITS
from geo.importing.importer import ImportOptions, preview
from geo.model import SEGMENTS, STATUSES
from tests.import_helpers import read

# Module-level, not the session fixture: the strategies below need the outline when the module loads.
DATASET = load_dataset()
COUNTY = DATASET.county.geometry.iloc[0]
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# WGS-84 -> each system, to write test files in it
FROM_WGS84 = {"wgs84": lambda lon, lat: (lon, lat), "gcj02": wgs84_to_gcj02, "bd09": wgs84_to_bd09}


def _ring(inset_deg: float):
    inner = COUNTY.buffer(-inset_deg)
    return max(getattr(inner, "geoms", [inner]), key=lambda g: g.area).exterior


# --- strategies ----------------------------------------------------------------------------------


GRID_STEP = 0.004  # ~400 m


def _interior_grid() -> list[tuple[float, float]]:
    lon_min, lat_min, lon_max, lat_max = COUNTY.bounds
    lon, lat = np.meshgrid(np.arange(lon_min, lon_max, GRID_STEP), np.arange(lat_min, lat_max, GRID_STEP))
    inside = shapely.contains_xy(COUNTY.buffer(-GRID_STEP), lon.ravel(), lat.ravel())
    return list(zip(lon.ravel()[inside].tolist(), lat.ravel()[inside].tolist(), strict=True))


INTERIOR = _interior_grid()
jitter = st.floats(-GRID_STEP / 2, GRID_STEP / 2)
# A grid point well inside the county, moved by up to half a grid step: inside, anywhere.
point_inside = st.tuples(st.sampled_from(INTERIOR), jitter, jitter).map(lambda p: (p[0][0] + p[1], p[0][1] + p[2]))


def points_inside(min_size=1, max_size=12):
    return st.lists(point_inside, min_size=min_size, max_size=max_size)


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" or c == "." else c for c in text)


def dms(value: float) -> str:
    milliseconds = round(value * 3_600_000)  # to 1/1000 s, ~3 cm
    degrees, rest = divmod(milliseconds, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{degrees}°{minutes}'{rest / 1000}\""


COORDINATE_FORMATS = {
    "decimal": lambda v: f"{v:.7f}",
    "full_width": lambda v: full_width(f"{v:.7f}"),
    "dms": dms,
    "chinese_dms": lambda v: dms(v).replace("°", "度").replace("'", "分").replace('"', "秒"),
}


def _labels(prefix: str, codes) -> st.SearchStrategy:
    """A code written as itself, its Chinese label or its English label."""
    return st.sampled_from(codes).flatmap(
        lambda code: st.tuples(st.just(code), st.sampled_from([code, t(f"{prefix}.{code}", "zh"),
                                                               t(f"{prefix}.{code}", "en")])))


names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1,
                max_size=40).filter(lambda s: s.strip() and s.strip() not in ("-", "/", "无"))


@st.composite
def valid_rows(draw):
    points = draw(points_inside(1, 8))
    rows = []
    for i, (lon, lat) in enumerate(points):
        segment, segment_text = draw(_labels("segment", SEGMENTS))
        status, status_text = draw(_labels("status", STATUSES))
        unit = draw(st.sampled_from(sorted(UNITS["money"])))
        amount = draw(st.one_of(st.none(), st.integers(0, 10**6)))
        fmt = draw(st.sampled_from(sorted(COORDINATE_FORMATS)))
        name = f"{draw(names).strip()} #{i}"  # unique names: two equal names nearby are a duplicate
        rows.append({"name": name, "segment": segment, "segment_text": segment_text, "status": status,
                     "status_text": status_text, "lon": lon, "lat": lat, "format": fmt, "unit": unit,
                     "amount": amount})
    return rows


def _csv(rows: list[dict], unit: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    _, zh, _, _ = UNITS["money"][unit]
    writer.writerow(["名称", "产业链环节", "状态", "经度", "纬度", f"投资额（{zh}）"])
    for r in rows:
        fmt = COORDINATE_FORMATS[r["format"]]
        writer.writerow([r["name"], r["segment_text"], r["status_text"], fmt(r["lon"]), fmt(r["lat"]),
                         "" if r["amount"] is None else str(r["amount"])])
    return buffer.getvalue().encode("utf-8")


# --- the validator -------------------------------------------------------------------------------


@SETTINGS
@given(rows=valid_rows(), unit=st.sampled_from(sorted(UNITS["money"])))
def test_any_valid_file_imports_exactly_what_it_says(rows, unit):
    result = preview("chain", read("chain", "a.csv", _csv(rows, unit)), DATASET, ImportOptions(crs="wgs84"))
    assert result.ok, [(p.code, p.row, p.column) for p in result.errors]
    assert len(result.added) == len(rows)
    factor = UNITS["money"][unit][0]
    for expected, added in zip(rows, result.added, strict=True):
        assert added["name_zh"] == expected["name"]  # text, HTML and all, kept as written
        assert (added["chain_segment"], added["status"]) == (expected["segment"], expected["status"])
        assert added["lon"] == pytest.approx(expected["lon"], abs=1e-6)
        assert added["lat"] == pytest.approx(expected["lat"], abs=1e-6)
        if expected["amount"] is None:
            assert added["investment_cny"] is None
        else:
            assert added["investment_cny"] == pytest.approx(expected["amount"] * factor)


cells = st.one_of(st.none(), st.text(max_size=30), st.integers(-10**12, 10**12),
                  st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(
                      ["117.45", "37.8", "电芯", "在建", "-", "３７．８", "117°", "1e400", "NaN", "<script>"]))


@SETTINGS
@given(rows=st.lists(st.lists(cells, min_size=7, max_size=7), min_size=1, max_size=6))
def test_any_cells_give_messages_never_exceptions(rows):
    """Whatever the cells hold, the preview finishes and every problem has a message in zh and en
    that names a row of the file (or none) and a column."""
    headers = ["编号", "名称", "产业链环节", "状态", "经度", "纬度", "投资额（万元）"]
    from geo.importing.readers import RawTable

    table = RawTable("fuzz.csv", "csv", headers, [list(r) for r in rows], list(range(2, len(rows) + 2)))
    result = preview("chain", table, DATASET, ImportOptions())
    for problem in result.problems:
        assert problem.message("zh") and problem.message("en")
        assert problem.row is None or 2 <= problem.row <= len(rows) + 1
    if not result.ok:
        with pytest.raises(ValueError):
            result.change_set("x")


@SETTINGS
@given(value=st.floats(-180, 180, allow_nan=False), fmt=st.sampled_from(sorted(COORDINATE_FORMATS)))
def test_coordinate_text_round_trips(value, fmt):
    assume(value >= 0 or fmt == "decimal")  # DMS writers here only handle east/north
    assert parse_coordinate(COORDINATE_FORMATS[fmt](value)) == pytest.approx(value, abs=1e-6)


# --- coordinate-system detection -----------------------------------------------------------------


@SETTINGS
@given(start=st.floats(0, 1), count=st.integers(8, 40), inset_m=st.floats(20, 150),
       system=st.sampled_from(CRS_NAMES))
def test_points_spread_around_the_county_reveal_their_system(start, count, inset_m, system):
    """Points inside the county, near its edge (well within the 0.5-1.4 km the systems differ by) and spread
    around it, converted to ``system``:
    detection names ``system``, decisively."""
    ring = _ring(inset_m / 111_000)
    fractions = [(start + i / count) % 1 for i in range(count)]
    wgs = np.array([ring.interpolate(f, normalized=True).coords[0] for f in fractions])
    assert shapely.contains_xy(COUNTY, wgs[:, 0], wgs[:, 1]).all()
    lon, lat = FROM_WGS84[system](wgs[:, 0], wgs[:, 1])
    guess = detect_crs(lon, lat, COUNTY)
    assert guess.decisive and guess.proposed == system, guess


@SETTINGS
@given(points=points_inside(1, 30), system=st.sampled_from(CRS_NAMES))
def test_detection_never_rules_out_the_true_system(points, system):
    """Any points inside the county: the true system is always among the best explanations, and a
    decisive answer is the true one (deep inside the county, the file alone cannot tell)."""
    wgs = np.array(points)
    lon, lat = FROM_WGS84[system](wgs[:, 0], wgs[:, 1])
    guess = detect_crs(lon, lat, COUNTY)
    assert guess.inside[system] == len(points)
    assert guess.inside[system] == max(guess.inside.values())
    if guess.decisive:
        assert guess.proposed == system


def test_the_published_gcj02_outline_is_detected_as_gcj02():
    """The county outline as Amap publishes it (GCJ-02, data/raw): its vertices, pulled a little
    inwards, read as GCJ-02 and not as WGS-84 or BD-09."""
    import json

    from shapely.geometry import shape

    from geo.data.dataset import DATA_DIR

    raw = json.loads((DATA_DIR / "raw" / "qingyun_371423_boundary_amap_gcj02.geojson").read_text(encoding="utf-8"))
    outline = shape(raw)  # a bare MultiPolygon
    inner = outline.buffer(-0.002)
    ring = max(getattr(inner, "geoms", [inner]), key=lambda g: g.area).exterior
    points = np.array([ring.interpolate(i / 50, normalized=True).coords[0] for i in range(50)])
    guess = detect_crs(points[:, 0], points[:, 1], COUNTY)
    assert guess.decisive and guess.proposed == "gcj02", guess
