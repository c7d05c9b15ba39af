"""geo.data.dataset.load_dataset: the bundled data/ loads, and a broken copy fails loudly and precisely.

Broken inputs are made by copying data/ to a temporary folder and changing one thing; each case below
says what it changes, so the data stays next to the test that uses it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from shapely.geometry import Point

from geo.data.dataset import DATA_DIR, LAYER_FILES, POLYGON_FILES, DatasetError, load_dataset
from geo.model import LOCATION_PROVENANCES, POINT_LAYERS, PROVENANCES, RECORD_FIELDS, Record

# chain: 8 records of S1-S3 + the sodium-ion cell maker (DZRB-2023, FOUND-2026-12 F6); wind: S1's 7 of 2022
# (GEM's 2 dated by 2022 + 5 without a position, one of them SEP's, F10) + GEM's farm started in 2023;
# rooftop: none (S1 gives 2,078 systems for the county, no positions; issue 11).
EXPECTED_LAYER_COUNTS = {"chain": 9, "wind_farm": 8, "pv_utility": 3, "pv_rooftop": 0}


def _nonzero(counts: dict) -> dict:
    return {k: v for k, v in counts.items() if v}


def test_layer_counts(dataset):
    assert dataset.records["layer"].value_counts().to_dict() == _nonzero(EXPECTED_LAYER_COUNTS)


def test_records_frame_has_the_schema_and_a_point_per_record(dataset):
    records = dataset.records
    assert list(records.columns) == [*RECORD_FIELDS, "geometry"]
    assert str(records.crs) == "EPSG:4326"
    assert records["id"].is_unique
    first = records.iloc[0]
    assert first.geometry.equals(Point(first["lon"], first["lat"]))


def test_every_record_round_trips_through_the_schema(dataset):
    for row in dataset.records.drop(columns="geometry").to_dict("records"):
        Record.model_validate({k: v for k, v in row.items() if pd.notna(v)})


def test_every_record_has_provenance_and_source(dataset):
    records = dataset.records
    assert records["provenance"].isin(PROVENANCES).all()
    assert records["location_provenance"].isin(LOCATION_PROVENANCES).all()
    source_ids = records["source"].map(lambda s: [p.strip() for p in s.split(";") if p.strip()])
    assert source_ids.map(len).min() >= 1


def test_every_source_id_exists_in_sources_csv(dataset):
    known = set(pd.read_csv(DATA_DIR / "sources.csv", dtype=str)["id"])
    assert set(dataset.sources["id"]) == known
    used = {p.strip() for source in dataset.records["source"] for p in source.split(";") if p.strip()}
    for frame in (dataset.county, dataset.context, dataset.park, dataset.townships):
        used |= {p.strip() for source in frame["source"] for p in source.split(";") if p.strip()}
    used |= {p.strip() for source in dataset.facts["source"] for p in source.split(";")}
    assert used <= known, used - known


def test_illustrative_positions_say_where_they_come_from(dataset):
    illustrative = dataset.records[dataset.records["location_provenance"] == "illustrative"]
    assert illustrative["source"].str.contains("ILLUSTRATIVE").all()


def test_polygons_and_tables(dataset):
    assert list(dataset.county["id"]) == ["371423"]
    assert len(dataset.context) == 11  # the county-level units of Dezhou in the Amap outlines
    assert list(dataset.park["id"]) == ["PARK-ZHONGQING"]
    assert (dataset.park["location_provenance"] == "illustrative").all()
    assert len(dataset.townships) == 9
    assert dataset.fact("newenergy_capacity_mw")["value"] == 550
    assert dataset.meta["illustrative_seed"] == 371423


# --- broken copies of data/ ------------------------------------------------------------------------


@pytest.fixture
def data_copy(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target, ignore=shutil.ignore_patterns("raw", "curated"))
    return target


def _replace(file_name: str, old: str, new: str) -> Callable[[Path], None]:
    """Replace the first occurrence of ``old`` (which must exist) in one file."""

    def mutate(data: Path) -> None:
        path = data / file_name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"test data drifted: {old!r} not in {file_name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return mutate


def _broken_message(data: Path) -> str:
    with pytest.raises(DatasetError) as info:
        load_dataset(data)
    return str(info.value)


def test_the_unchanged_copy_loads(data_copy):
    assert len(load_dataset(data_copy).records) == sum(EXPECTED_LAYER_COUNTS.values())


# (case id, mutation, file, row as a spreadsheet counts it (header = row 1), field)
ROW_ERRORS = [
    ("capacity-not-a-number", _replace("wind_farms.csv", "50.0,,,,,,,,2017", "abc,,,,,,,,2017"),
     "wind_farms.csv", 2, "capacity_mw"),
    ("negative-capacity", _replace("pv_utility.csv", ",4.0,", ",-4.0,"), "pv_utility.csv", 3, "capacity_mw"),
    ("lat-outside-area", _replace("pv_utility.csv", "117.3777,37.7734", "117.3777,38.7734"),
     "pv_utility.csv", 3, "lat"),
    ("unknown-segment", _replace("chain.csv", ",recycling,recycling,", ",recyling,recycling,"),
     "chain.csv", 4, "chain_segment"),
    ("unknown-status", _replace("wind_farms.csv", "wind,operating,,,,,,", "wind,running,,,,,,"),
     "wind_farms.csv", 6, "status"),
    ("unknown-township", _replace("wind_farms.csv", "wind,operating,371423200,", "wind,operating,371423999,"),
     "wind_farms.csv", 5, "township_code"),
    ("bad-year", _replace("wind_farms.csv", ",2023,", ",20233,"), "wind_farms.csv", 3, "start_year"),
]


@pytest.mark.parametrize(("mutate", "file_name", "row", "field"), [c[1:] for c in ROW_ERRORS],
                         ids=[c[0] for c in ROW_ERRORS])
def test_broken_row_names_file_row_and_field(data_copy, mutate, file_name, row, field):
    mutate(data_copy)
    message = _broken_message(data_copy)
    assert f"{file_name} row {row}" in message
    assert f": {field}:" in message
    assert message.startswith("1 invalid record(s)")


def test_record_in_the_wrong_file_is_named(data_copy):
    _replace("pv_utility.csv", "PV-GEM-2,pv_utility,", "PV-GEM-2,wind_farm,")(data_copy)
    message = _broken_message(data_copy)
    assert "pv_utility.csv row 3 (PV-GEM-2)" in message
    assert "layer" in message


def test_extra_column_is_named(data_copy):
    path = data_copy / "pv_utility.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ",capacity_gw"] + [line + ",0.07" for line in lines[1:]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = _broken_message(data_copy)
    assert "pv_utility.csv row 2 (PV-GEM-1): capacity_gw: Extra inputs are not permitted" in message


def test_many_problems_are_all_counted_but_the_list_is_capped(data_copy):
    header, first = (data_copy / "pv_utility.csv").read_text(encoding="utf-8").splitlines()[:2]
    rows = [first.replace("PV-GEM-1,pv_utility,", f"RPV-{n:04d},pv_rooftop,").replace(",solar,", ",solar,running,", 1)
            .replace(",running,pre_construction,", ",running,") for n in range(1, 31)]
    (data_copy / "pv_rooftop.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    message = _broken_message(data_copy)
    assert message.startswith("30 invalid record(s)")
    assert "… and 10 more" in message


@pytest.mark.parametrize("file_name", [*LAYER_FILES.values(), *POLYGON_FILES.values(), "meta.json"])
def test_missing_file_is_named(data_copy, file_name):
    (data_copy / file_name).unlink()
    message = _broken_message(data_copy)
    assert file_name in message
    assert "missing" in message


@pytest.mark.parametrize("file_name", ["sources.csv", "reported_facts.csv", "townships.csv"])
def test_missing_table_is_a_dataset_error(data_copy, file_name):
    (data_copy / file_name).unlink()
    assert file_name in _broken_message(data_copy)


@pytest.mark.parametrize("file_name", [*POLYGON_FILES.values(), "meta.json"])
@pytest.mark.parametrize("content", [b'{"type": "FeatureCollection", "features": [', b"\xff\xfe{}"],
                         ids=["truncated", "not-utf8"])
def test_invalid_json_is_named(data_copy, file_name, content):
    (data_copy / file_name).write_bytes(content)
    message = _broken_message(data_copy)
    assert message.startswith(f"{file_name}: not valid UTF-8 JSON")


def test_csv_that_is_not_utf8_is_named(data_copy):
    path = data_copy / "chain.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    assert _broken_message(data_copy).startswith("chain.csv: not a readable UTF-8 CSV")


def test_polygon_without_source_is_named(data_copy):
    _replace("park.geojson", '"source":"S2;S3;ILLUSTRATIVE",', "")(data_copy)
    assert _broken_message(data_copy) == "park.geojson: every feature needs a 'source' property"


# Reference errors are found after every row parsed; they name the record.
REFERENCE_ERRORS = [
    ("unknown-source", _replace("pv_utility.csv", ",GEM-SOLAR,", ",GEM-SOLR,"),
     "PV-GEM-1", "pv_utility.csv", 2, "source"),
    ("duplicate-id", _replace("wind_farms.csv", "WIND-S1-5,", "WIND-S1-4,"),
     "WIND-S1-4", "wind_farms.csv", 6, "id"),
    ("duplicate-id-across-files", _replace("pv_utility.csv", "PV-GEM-3,", "WIND-GEM-1,"),
     "WIND-GEM-1", "pv_utility.csv", 4, "id"),
    ("unknown-park", _replace("chain.csv", ",PARK-ZHONGQING,117.472425", ",PARK-ZHONGQIN,117.472425"),
     "E-YUTUO", "chain.csv", 5, "park_id"),
]


@pytest.mark.parametrize(("mutate", "record_id"), [c[1:3] for c in REFERENCE_ERRORS],
                         ids=[c[0] for c in REFERENCE_ERRORS])
def test_broken_reference_is_an_error_naming_the_record(data_copy, mutate, record_id):
    mutate(data_copy)
    assert record_id in _broken_message(data_copy)


@pytest.mark.parametrize(("mutate", "file_name", "row", "field"), [c[1:2] + c[3:] for c in REFERENCE_ERRORS],
                         ids=[c[0] for c in REFERENCE_ERRORS])
def test_broken_reference_names_file_row_and_field(data_copy, mutate, file_name, row, field):
    mutate(data_copy)
    message = _broken_message(data_copy)
    assert f"{file_name} row {row}" in message
    assert field in message


def test_geojson_without_features_is_named(data_copy):
    (data_copy / "park.geojson").write_text('{"type": "Polygon", "coordinates": []}', encoding="utf-8")
    assert "park.geojson" in _broken_message(data_copy)


def test_csv_with_excel_byte_order_mark_loads(data_copy):
    path = data_copy / "pv_utility.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(load_dataset(data_copy).records) == sum(EXPECTED_LAYER_COUNTS.values())


def test_empty_layer_file_is_an_error(data_copy):
    (data_copy / "wind_farms.csv").write_bytes(b"")
    assert "wind_farms.csv" in _broken_message(data_copy)


def test_header_only_layer_file_is_an_empty_layer(data_copy):
    """A layer with no records is legitimate (e.g. nothing imported yet), as long as the header is there."""
    path = data_copy / "pv_utility.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    counts = load_dataset(data_copy).records["layer"].value_counts().to_dict()
    assert counts == _nonzero({k: v for k, v in EXPECTED_LAYER_COUNTS.items() if k != "pv_utility"})


def test_point_layers_all_have_files():
    assert set(LAYER_FILES) == set(POINT_LAYERS)
    for name in [*LAYER_FILES.values(), *POLYGON_FILES.values()]:
        assert (DATA_DIR / name).is_file(), name
