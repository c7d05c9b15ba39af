"""scripts/build_dataset.py reproduces data/ byte for byte, and the bundled data tells only what the
sources say (docs: /work/shared/data/REPORTED-FACTS.md, SOURCES.md)."""

from __future__ import annotations

import csv
import json
import shutil

import pandas as pd
import pytest
import shapely
from shapely.geometry import shape

from geo.data.dataset import DATA_DIR, load_dataset
from scripts import build_dataset
from scripts.build_dataset import OUTPUT_FILES, build, differences

# GEM wind phases inside the county polygon (SOURCES.md §3), owner-split rows summed per phase.
GEM_WIND_CAPACITIES_MW = {50.0, 30.0, 100.0}
WIND_FARMS_OPERATING_2022 = 7  # S1 (2022-12), S2 (2022-07)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("built")
    build(out)
    return out


@pytest.fixture(scope="module")
def county():
    collection = json.loads((DATA_DIR / "county.geojson").read_text(encoding="utf-8"))
    (feature,) = collection["features"]
    return shape(feature["geometry"])


@pytest.fixture(scope="module")
def park():
    collection = json.loads((DATA_DIR / "park.geojson").read_text(encoding="utf-8"))
    (feature,) = collection["features"]
    return shape(feature["geometry"])


def test_build_reproduces_every_committed_output_byte_for_byte(built):
    assert sorted(p.name for p in built.iterdir()) == sorted(OUTPUT_FILES)
    assert differences(built, DATA_DIR) == []


def test_differences_finds_a_changed_and_a_missing_file(built, tmp_path):
    committed = tmp_path / "committed"
    shutil.copytree(built, committed)
    path = committed / "wind_farms.csv"
    path.write_bytes(path.read_bytes().replace(b"50.0", b"50.1", 1))
    (committed / "park.geojson").unlink()
    assert differences(built, committed) == ["park.geojson", "wind_farms.csv"]


def test_check_mode_reports_data_up_to_date(capsys):
    assert build_dataset.main(["--check"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_the_built_copy_loads_as_the_committed_one(built, dataset):
    shutil.copy(DATA_DIR / "sources.csv", built)
    shutil.copy(DATA_DIR / "reported_facts.csv", built)
    shutil.copy(DATA_DIR / "meta.json", built)
    rebuilt = load_dataset(built)
    assert rebuilt.records.drop(columns="geometry").equals(dataset.records.drop(columns="geometry"))


# --- what the data says ------------------------------------------------------------------------------


def test_seven_wind_farms_of_2022_and_gems_later_one(dataset):
    """S1 counts 7 wind farms operating in 2022. GEM places 3 in the county, one started in 2023 (not one
    of the 7), so 5 of the 7 have no published position; one of those is SEP's (FOUND-2026-12 F10)."""
    wind = dataset.records[dataset.records["layer"] == "wind_farm"]
    by_2022 = wind[wind["start_year"].isna() | (wind["start_year"] <= 2022)]
    assert len(by_2022) == WIND_FARMS_OPERATING_2022 and len(wind) == WIND_FARMS_OPERATING_2022 + 1
    from_gem = wind[wind["source"].str.split(";").map(lambda ids: "GEM-WIND" in ids)]
    assert len(from_gem) == 3
    assert set(from_gem["capacity_mw"]) == GEM_WIND_CAPACITIES_MW
    assert (from_gem["location_provenance"] == "approximate").all()
    assert (from_gem["provenance"] == "reported").all()
    later = wind[wind["start_year"] > 2022]
    assert later["id"].tolist() == ["WIND-GEM-2"] and "2023" in later["name_zh"].iloc[0]
    assert "2023" in later["name_en"].iloc[0] and "S1" in later["note_en"].iloc[0]
    others = wind.drop(from_gem.index)
    assert len(others) == 5
    assert (others["location_provenance"] == "illustrative").all()
    assert others["source"].str.contains("ILLUSTRATIVE").all()
    sep = others[others["capacity_mw"].notna()]
    assert sep["id"].tolist() == ["WIND-S1-4"]
    assert (sep["capacity_mw"].iloc[0], sep["township_code"].iloc[0]) == (100.0, "371423200")  # F10: 严务乡
    assert sep["operator_zh"].iloc[0].startswith("上海电力") and "SEP-2016" in sep["source"].iloc[0]
    assert "medium confidence" in sep["note_en"].iloc[0]


def test_gem_wind_positions_are_the_published_ones(dataset):
    """SOURCES.md lists the three GEM wind farms inside the county with their positions."""
    wind = dataset.records[dataset.records["id"].str.startswith("WIND-GEM-")]
    positions = {(round(lat, 4), round(lon, 4)): cap for lat, lon, cap in
                 zip(wind["lat"], wind["lon"], wind["capacity_mw"], strict=True)}
    assert positions == {(37.7667, 117.3833): 50.0, (37.7052, 117.4176): 30.0, (37.6920, 117.4855): 100.0}


def test_utility_pv_is_the_three_gem_phases_in_the_county(dataset):
    pv = dataset.records[dataset.records["layer"] == "pv_utility"]
    assert sorted(zip(pv["capacity_mw"], pv["status"], strict=True)) == [
        (4.0, "operating"), (70.0, "pre_construction"), (100.0, "pre_construction")]
    assert (pv["location_provenance"] == "approximate").all()


def test_no_invented_rooftop_points(dataset, built):
    """S1's 2,078 rooftop systems are a county figure with no positions: no point is bundled (the file
    is a header), and the count stays a reported fact."""
    assert (dataset.records["layer"] == "pv_rooftop").sum() == 0
    assert (built / "pv_rooftop.csv").read_text(encoding="utf-8").count("\n") == 1
    assert float(dataset.fact("rooftop_pv_installations")["value"]) == 2078  # S1


def test_every_point_record_is_in_the_county(dataset, county):
    records = dataset.records
    inside = shapely.contains_xy(county, records["lon"].to_numpy(), records["lat"].to_numpy())
    assert inside.all(), records.loc[~inside, "id"].tolist()


def test_chain_records_in_the_park_lie_inside_the_park_polygon(dataset, park):
    in_park = dataset.records[dataset.records["park_id"].notna()]
    assert set(in_park["park_id"]) == {"PARK-ZHONGQING"}
    assert set(in_park["id"]) == {"E-YUTUO", "P-YUTUO-5AH", "P-ZHONGQING-PARK"}
    assert shapely.contains_xy(park, in_park["lon"].to_numpy(), in_park["lat"].to_numpy()).all()


def test_chain_records_outside_the_park_are_not_in_it(dataset, park):
    elsewhere = dataset.records[(dataset.records["layer"] == "chain") & dataset.records["park_id"].isna()]
    assert len(elsewhere) == 6  # + the sodium-ion cell maker, address not reported (F6)
    assert not shapely.contains_xy(park, elsewhere["lon"].to_numpy(), elsewhere["lat"].to_numpy()).any()


def test_park_polygon_is_inside_the_county(county, park, dataset):
    assert county.contains(park)
    assert dataset.park.geometry.iloc[0].equals(park)
    assert 2.0 < park.area * (111.0 * 111.0 * 0.79) < 4.5  # ~3 km², in degrees² -> km² at 37.8°N


def test_no_invented_company_names(dataset):
    """Chain records carry exactly the names curated from the press sources, nothing made up."""
    with (DATA_DIR / "curated" / "chain_records.csv").open(encoding="utf-8") as f:
        curated = {row["id"]: row for row in csv.DictReader(f)}
    chain = dataset.records[dataset.records["layer"] == "chain"].set_index("id")
    assert set(chain.index) == set(curated)
    for record_id, row in curated.items():
        assert chain.loc[record_id, "name_zh"] == row["name_zh"]
        assert chain.loc[record_id, "name_en"] == row["name_en"]
        operator = chain.loc[record_id, "operator_zh"]
        assert (operator if isinstance(operator, str) else "") == row["operator_zh"]


def test_chain_facts_come_from_the_curated_sources(dataset):
    with (DATA_DIR / "curated" / "chain_records.csv").open(encoding="utf-8") as f:
        curated = {row["id"]: row for row in csv.DictReader(f)}
    chain = dataset.records[dataset.records["layer"] == "chain"].set_index("id")
    for record_id, row in curated.items():
        assert chain.loc[record_id, "source"] == row["source"] + ";ILLUSTRATIVE"
        assert chain.loc[record_id, "location_provenance"] == "illustrative"
    yutuo = chain.loc["P-YUTUO-5AH"]
    assert (yutuo["cells_per_day"], yutuo["cell_ah"], yutuo["investment_cny"]) == (200_000, 5.0, 1e9)
    assert chain.loc["P-CELL-14500", "cells_per_day"] == 2_000_000


def test_the_three_gorges_storage_station_as_found(dataset):
    """FOUND-2026-12 F1-F4: construction 2021-09-01, phase 1 connected 2021-12-30, 301 MW / 602 MWh in
    commercial operation 2023-10-31, investor the listed subsidiary, 1.1 bn yuan; position not reported."""
    ess = dataset.records.set_index("id").loc["P-CTG-ESS"]
    assert (ess["status"], ess["settled_year"], ess["start_year"]) == ("operating", 2021, 2021)
    assert (ess["capacity_mw"], ess["energy_mwh"], ess["investment_cny"]) == (301.0, 602.0, 1.1e9)
    assert ess["operator_zh"] == "中国三峡新能源(集团)股份有限公司"
    assert ess["location_provenance"] == "illustrative" and ess["provenance"] == "reported"
    for date in ("2021-09-01", "2021-12-30", "2023-10-31"):
        assert date in ess["note_zh"] and date in ess["note_en"]
    assert set(ess["source"].split(";")) >= {"ZJSSBA-2022", "MENAFN-2023", "SHCYMC-2021", "ILLUSTRATIVE"}


def test_the_sodium_ion_cell_maker(dataset):
    """FOUND-2026-12 F6 (德州日报 2023-12-26): 300,000 sodium-ion cells a day, address not given."""
    zkyb = dataset.records.set_index("id").loc["E-ZKYB"]
    assert zkyb["name_zh"] == "中科亿博(德州)新能源科技有限公司" and zkyb["cells_per_day"] == 300_000
    assert zkyb["source"] == "DZRB-2023;ILLUSTRATIVE" and pd.isna(zkyb["park_id"])
    assert "钠离子" in zkyb["note_zh"] and "Sodium-ion" in zkyb["note_en"]
