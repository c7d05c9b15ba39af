"""geo.model.Record: the one schema every bundled record obeys.

Each rejection test starts from VALID (a chain project as the curated data describes one) and changes
one thing, so a failure points at exactly one rule.
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from geo.model import (
    AOI_BOUNDS,
    CHAIN_SEGMENTS,
    LAYERS,
    POINT_LAYERS,
    RECORD_FIELDS,
    SEGMENT_COLORS,
    SEGMENTS,
    TOWNSHIP_CODES,
    Record,
)

# A chain project in the county, every optional field left out.
VALID = {
    "id": "P-TEST-1",
    "layer": "chain",
    "kind": "project",
    "name_zh": "测试项目",
    "name_en": "Test project",
    "chain_segment": "cells",
    "status": "operating",
    "lon": 117.40,
    "lat": 37.78,
    "location_provenance": "illustrative",
    "provenance": "reported",
    "source": "S1;ILLUSTRATIVE",
}
# An energy asset (wind farm) with a source position.
VALID_ASSET = {
    **VALID,
    "id": "WIND-TEST-1",
    "layer": "wind_farm",
    "kind": "asset",
    "chain_segment": "green_power",
    "capacity_mw": 50.0,
    "location_provenance": "approximate",
    "source": "GEM-WIND",
}


def _errors(values: dict) -> list[dict]:
    with pytest.raises(ValidationError) as info:
        Record.model_validate(values)
    return info.value.errors()


def _error_text(values: dict) -> str:
    return " | ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in _errors(values))


@pytest.mark.parametrize("values", [VALID, VALID_ASSET], ids=["chain-project", "wind-asset"])
def test_valid_record_is_accepted(values):
    record = Record.model_validate(values)
    assert record.id == values["id"]
    assert record.layer == values["layer"]
    assert record.township_code is None


def test_csv_strings_are_coerced_like_the_loader_sees_them():
    """CSV cells arrive as strings; numbers must be parsed, not rejected."""
    record = Record.model_validate({**VALID_ASSET, "capacity_mw": "30.5", "lon": "117.41", "lat": "37.70",
                                    "start_year": "2017"})
    assert record.capacity_mw == 30.5
    assert record.lon == 117.41
    assert record.start_year == 2017


def test_known_township_code_is_accepted():
    assert Record.model_validate({**VALID, "township_code": TOWNSHIP_CODES[1]}).township_code == "371423100"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"chain_segment": "batteries"}, "chain_segment"),
        ({"chain_segment": ""}, "chain_segment"),
        ({"status": "planned"}, "status"),
        ({"status": "Operating"}, "status"),
        ({"layer": "wind"}, "layer"),
        ({"kind": "company"}, "kind"),
        ({"provenance": "rumoured"}, "provenance"),
        ({"location_provenance": "exact"}, "location_provenance"),
    ],
)
def test_unknown_vocabulary_code_is_rejected(change, field):
    assert field in {e["loc"][0] for e in _errors({**VALID, **change})}


def test_chain_record_cannot_be_an_asset():
    assert "chain records are enterprises or projects" in _error_text({**VALID, "kind": "asset"})


@pytest.mark.parametrize("layer", [layer for layer in POINT_LAYERS if layer != "chain"])
def test_energy_asset_outside_green_power_is_rejected(layer):
    text = _error_text({**VALID_ASSET, "layer": layer, "chain_segment": "cells"})
    assert "green_power" in text


@pytest.mark.parametrize("kind", ["enterprise", "project"])
def test_energy_layer_record_must_be_an_asset(kind):
    assert "records are assets" in _error_text({**VALID_ASSET, "kind": kind})


@pytest.mark.parametrize("field", ["capacity_mw", "cells_per_day", "investment_cny", "output_value_cny_per_year",
                                   "production_lines"])
def test_negative_quantity_is_rejected(field):
    assert [e["loc"] for e in _errors({**VALID_ASSET, field: -1})] == [(field,)]


def test_zero_capacity_is_allowed_but_zero_cell_ah_is_not():
    assert Record.model_validate({**VALID_ASSET, "capacity_mw": 0}).capacity_mw == 0
    assert [e["loc"] for e in _errors({**VALID, "cell_ah": 0})] == [("cell_ah",)]


@pytest.mark.parametrize(
    ("lon", "lat", "field"),
    [
        (AOI_BOUNDS["lon_min"] - 0.01, 37.8, "lon"),
        (AOI_BOUNDS["lon_max"] + 0.01, 37.8, "lon"),
        (117.4, AOI_BOUNDS["lat_min"] - 0.01, "lat"),
        (117.4, AOI_BOUNDS["lat_max"] + 0.01, "lat"),
        (37.8, 117.4, "lon"),  # lat/lon swapped, the usual spreadsheet mistake
        (116.38, 37.35, "lon"),  # GPPD's "Shandong Dezhou" PV plant: Dezhou, but not Qingyun's area
        (float("nan"), 37.8, "lon"),
    ],
)
def test_coordinates_outside_the_area_are_rejected(lon, lat, field):
    assert field in {e["loc"][0] for e in _errors({**VALID, "lon": lon, "lat": lat})}


def test_coordinates_on_the_area_edge_are_accepted():
    record = Record.model_validate({**VALID, "lon": AOI_BOUNDS["lon_max"], "lat": AOI_BOUNDS["lat_min"]})
    assert (record.lon, record.lat) == (AOI_BOUNDS["lon_max"], AOI_BOUNDS["lat_min"])


@pytest.mark.parametrize("location", ["reported", "approximate"])
def test_illustrative_record_cannot_have_a_source_location(location):
    text = _error_text({**VALID, "provenance": "illustrative", "location_provenance": location})
    assert "illustrative record cannot have a reported location" in text


def test_illustrative_record_with_illustrative_location_is_accepted():
    record = Record.model_validate({**VALID, "provenance": "illustrative", "location_provenance": "illustrative"})
    assert record.provenance == "illustrative"


@pytest.mark.parametrize("code", ["371423999", "371424001", "100", "unknown", ""])
def test_unknown_township_code_is_rejected(code):
    assert [e["loc"] for e in _errors({**VALID, "township_code": code})] == [("township_code",)]


@pytest.mark.parametrize("extra", [{"capacity": 5}, {"in_park": "PARK-ZHONGQING"}, {"geometry": "POINT (1 2)"}])
def test_extra_fields_are_rejected(extra):
    (error,) = _errors({**VALID, **extra})
    assert error["type"] == "extra_forbidden"
    assert error["loc"] == (next(iter(extra)),)


@pytest.mark.parametrize("field", ["id", "layer", "kind", "name_zh", "name_en", "chain_segment", "status", "lon",
                                   "lat", "location_provenance", "provenance", "source"])
def test_required_field_missing_is_rejected(field):
    values = {k: v for k, v in VALID.items() if k != field}
    assert (field,) in [e["loc"] for e in _errors(values)]


@pytest.mark.parametrize("bad_id", ["p-lower", "X", "E YUTUO", "E-" + "A" * 41, "<script>"])
def test_malformed_id_is_rejected(bad_id):
    assert [e["loc"] for e in _errors({**VALID, "id": bad_id})] == [("id",)]


def test_record_is_frozen():
    record = Record.model_validate(VALID)
    with pytest.raises(ValidationError):
        record.capacity_mw = 5  # type: ignore[misc]


@pytest.mark.parametrize("source", [";", " ; ", " "])
def test_source_without_any_source_id_is_rejected(source):
    _errors({**VALID, "source": source})


def test_vocabularies_are_consistent():
    assert set(CHAIN_SEGMENTS) < set(SEGMENTS)
    assert set(SEGMENT_COLORS) == set(SEGMENTS)
    assert set(POINT_LAYERS) < set(LAYERS)
    assert set(Record.model_fields["layer"].annotation.__args__) == set(POINT_LAYERS)
    assert RECORD_FIELDS[0] == "id" and "geometry" not in RECORD_FIELDS
