"""geo.mapview: the layer payloads and the folium map, tested without a browser."""

from __future__ import annotations

import dataclasses
import json
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo import crs
from geo.assets import find_remote_links
from geo.dataset import load_dataset
from geo.filters import BASEMAPS, ViewState, visible_records
from geo.i18n import TEXT, t
from geo.mapview import (
    COORD_DECIMALS,
    build_base_map,
    build_map,
    encode_column,
    feature_groups,
    layer_payloads,
)
from geo.model import POINT_LAYERS

SCRIPT_BREAKOUT = "</script><script>alert(1)</script>"
IMG_ONERROR = "<img src=x onerror=alert(1)>"
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")

STATES = {
    "default": ViewState(),
    "filtered": ViewState(segments=("cells", "green_power"), statuses=("operating",),
                          layers=("boundary", "chain", "wind_farm", "pv_utility")),
    "empty": ViewState(segments=()),
}


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def _decode(column: dict) -> list:
    return [None if code < 0 else column["dict"][code] for code in column["codes"]]


def _payloads_in(script: str) -> dict[str, dict]:
    """The JSON payload of every qcm*Layer(...) call in a rendered map script, by layer name."""
    decoder = json.JSONDecoder()
    found = {}
    for match in re.finditer(r"\bqcm(?:Point|Heat|Polygon)Layer\(\s*", script):
        payload, _ = decoder.raw_decode(script, match.end())
        found[payload["name"]] = payload
    return found


@pytest.mark.parametrize("state", STATES.values(), ids=STATES.keys())
def test_point_payload_counts_equal_visible_records(dataset, state):
    payloads = layer_payloads(dataset, state)
    visible = visible_records(dataset.records, state)
    for layer in POINT_LAYERS:
        if layer not in state.layers:
            assert layer not in payloads
            continue
        expected = visible.loc[visible["layer"] == layer, "id"].tolist()
        payload = payloads[layer]
        assert payload["ids"] == expected, layer
        assert len(payload["lonlat"]) == 2 * len(expected)
        if layer != "pv_rooftop":
            assert len(payload["style_codes"]) == len(expected)
            assert len(payload["tooltip"]["codes"]) == len(expected)
            for field in payload["fields"]:
                assert len(field["codes"]) == len(expected), field["label"]


def test_default_payload_counts(dataset):
    payloads = layer_payloads(dataset, ViewState())
    assert {k: len(p["ids"]) for k, p in payloads.items() if "ids" in p} == {
        "pv_rooftop": 2078, "pv_utility": 3, "wind_farm": 7, "chain": 8}
    assert [len(payloads[k]["geojson"]["features"]) for k in ("context", "boundary", "park")] == [11, 1, 1]


def test_empty_state_draws_no_points_but_keeps_outlines(dataset):
    payloads = layer_payloads(dataset, STATES["empty"])
    assert all(payloads[layer]["ids"] == [] for layer in POINT_LAYERS)
    assert len(payloads["boundary"]["geojson"]["features"]) == 1
    assert "highlight" not in payloads


def test_no_layers_no_payloads(dataset):
    assert layer_payloads(dataset, ViewState(layers=())) == {}


def test_point_coordinates_are_the_records_rounded(dataset):
    chain = layer_payloads(dataset, ViewState())["chain"]
    records = dataset.records.set_index("id").loc[chain["ids"]]
    lonlat = np.array(chain["lonlat"]).reshape(-1, 2)
    np.testing.assert_allclose(lonlat[:, 0], records["lon"], atol=10 ** -COORD_DECIMALS)
    np.testing.assert_allclose(lonlat[:, 1], records["lat"], atol=10 ** -COORD_DECIMALS)


@pytest.mark.parametrize("layer", POINT_LAYERS)
def test_gaode_shifts_every_point_to_gcj02(dataset, layer):
    wgs = layer_payloads(dataset, ViewState(basemap="none"))[layer]
    gcj = layer_payloads(dataset, ViewState(basemap="gaode"))[layer]
    assert gcj["ids"] == wgs["ids"]
    records = dataset.records.set_index("id").loc[wgs["ids"]]
    expected = np.column_stack(crs.wgs84_to_gcj02(records["lon"].to_numpy(), records["lat"].to_numpy()))
    shifted = np.array(gcj["lonlat"]).reshape(-1, 2)
    np.testing.assert_allclose(shifted, expected, atol=0.51 * 10 ** -COORD_DECIMALS, rtol=0)
    offset = shifted - np.array(wgs["lonlat"]).reshape(-1, 2)
    # Near Qingyun GCJ-02 is ~+0.0063° lon, ~+0.0009° lat (SOURCES.md): the shift is really there.
    assert np.all((offset[:, 0] > 0.005) & (offset[:, 0] < 0.0075))
    assert np.all((offset[:, 1] > 0.0003) & (offset[:, 1] < 0.0015))


@pytest.mark.parametrize("basemap", ["none", "osm", "tianditu"])
def test_only_gaode_shifts(dataset, basemap):
    assert layer_payloads(dataset, ViewState(basemap=basemap)) == layer_payloads(dataset, ViewState())


def _polygon_coords(payload: dict) -> np.ndarray:
    coords = []

    def walk(value):
        if isinstance(value[0], (int, float)):
            coords.append(value[:2])
        else:
            for item in value:
                walk(item)

    for feature in payload["geojson"]["features"]:
        walk(feature["geometry"]["coordinates"])
    return np.array(coords, dtype=float)


@pytest.mark.parametrize("layer", ["context", "boundary", "park"])
def test_gaode_shifts_polygons_to_gcj02(dataset, layer):
    wgs = _polygon_coords(layer_payloads(dataset, ViewState())[layer])
    gcj = _polygon_coords(layer_payloads(dataset, ViewState(basemap="gaode"))[layer])
    assert wgs.shape == gcj.shape and len(wgs) > 5
    expected = np.column_stack(crs.wgs84_to_gcj02(wgs[:, 0], wgs[:, 1]))
    np.testing.assert_allclose(gcj, expected, atol=1e-9, rtol=0)
    assert np.all(gcj[:, 0] - wgs[:, 0] > 0.005)


def test_boundary_payload_is_the_county_outline(dataset):
    coords = _polygon_coords(layer_payloads(dataset, ViewState())["boundary"])
    np.testing.assert_allclose(coords, np.array(dataset.county.geometry.iloc[0].exterior.coords), atol=1e-12)


def test_highlight_follows_the_basemap(dataset):
    record = dataset.records.set_index("id").loc["WIND-GEM-1"]
    plain = layer_payloads(dataset, ViewState(selected="WIND-GEM-1"))["highlight"]
    assert (plain["lon"], plain["lat"]) == (record["lon"], record["lat"])
    gaode = layer_payloads(dataset, ViewState(selected="WIND-GEM-1", basemap="gaode"))["highlight"]
    assert (gaode["lon"], gaode["lat"]) == pytest.approx(crs.wgs84_to_gcj02(record["lon"], record["lat"]))
    assert "highlight" not in layer_payloads(dataset, ViewState(selected="NO-SUCH-ID"))


def test_base_map_centre_follows_the_basemap(dataset):
    bounds = tuple(dataset.county.total_bounds)
    plain = build_base_map(bounds, "none", "zh").location
    gaode = build_base_map(bounds, "gaode", "zh").location
    assert plain == pytest.approx([(bounds[1] + bounds[3]) / 2, (bounds[0] + bounds[2]) / 2])
    assert gaode[1] - plain[1] == pytest.approx(0.0063, abs=0.0005)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_popup_labels_and_subtitles_are_translated(dataset, lang):
    payloads = layer_payloads(dataset, ViewState(lang=lang))
    field_texts = {entry[lang] for key, entry in TEXT.items() if key.startswith("field.")}
    for layer in ("chain", "wind_farm", "pv_utility"):
        labels = [f["label"] for f in payloads[layer]["fields"]]
        assert labels and set(labels) <= field_texts, layer
        if lang == "en":
            assert not any(CJK.search(label) for label in labels), labels
            assert not any(CJK.search(s) for s in payloads[layer]["subtitle"]["dict"])
    wind_labels = [f["label"] for f in payloads["wind_farm"]["fields"]]
    assert t("field.capacity_mw", lang) in wind_labels
    assert t("field.cells_per_day", lang) not in wind_labels  # no wind farm has it: the row is left out
    chain_labels = [f["label"] for f in payloads["chain"]["fields"]]
    assert t("field.cells_per_day", lang) in chain_labels


def test_popup_values_in_english(dataset):
    payload = layer_payloads(dataset, ViewState(lang="en"))["wind_farm"]
    fields = {f["label"]: _decode(f) for f in payload["fields"]}
    ids = payload["ids"]
    capacity = dict(zip(ids, fields["Capacity (MW)"], strict=True))
    assert capacity["WIND-GEM-1"] == "50"
    assert capacity["WIND-S1-4"] == "not reported"
    position = dict(zip(ids, fields["Position"], strict=True))
    assert position["WIND-GEM-1"] == "From source (approximate)"
    assert position["WIND-S1-4"] == "Illustrative position"
    assert set(fields["Township"]) == {"Not reported"}
    warnings = dict(zip(ids, _decode(payload["warning"]), strict=True))
    assert warnings["WIND-GEM-1"] is None
    assert warnings["WIND-S1-4"] == t("popup.illustrative_warning", "en")


def test_popup_investment_is_in_100_million_yuan(dataset):
    payload = layer_payloads(dataset, ViewState(lang="en"))["chain"]
    fields = {f["label"]: dict(zip(payload["ids"], _decode(f), strict=True)) for f in payload["fields"]}
    assert fields["Investment (100 m yuan)"]["P-YUTUO-5AH"] == "10"
    assert fields["Investment (100 m yuan)"]["P-ZHONGQING-PARK"] == "35"
    assert fields["Output (cells/day)"]["P-CELL-14500"] == "2,000,000"


def test_names_follow_the_language(dataset):
    for lang, column in [("zh", "name_zh"), ("en", "name_en")]:
        payload = layer_payloads(dataset, ViewState(lang=lang))["chain"]
        names = dataset.records.set_index("id").loc[payload["ids"], column].tolist()
        assert _decode(payload["tooltip"]) == names
        park = layer_payloads(dataset, ViewState(lang=lang))["park"]
        assert park["geojson"]["features"][0]["properties"]["name"] == dataset.park[column].iloc[0]


@pytest.mark.parametrize("basemap", BASEMAPS)
def test_map_loads_nothing_remote(dataset, basemap):
    m = build_map(dataset, ViewState(basemap=basemap), tianditu_key="test-key")
    assert find_remote_links(m) == []
    html = m.get_root().render()
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"(https?:)?//", html)


def test_rendered_map_holds_every_layer_payload(dataset):
    state = ViewState(lang="en")
    html = build_map(dataset, state).get_root().render()
    expected = json.loads(json.dumps(layer_payloads(dataset, state)))  # tuples become lists, as in the page
    assert _payloads_in(html) == expected


def test_feature_groups_are_in_drawing_order(dataset):
    payloads = layer_payloads(dataset, ViewState(selected="E-YUTUO"))
    groups = feature_groups(payloads)
    assert [g.layer_name for g in groups] == list(payloads)
    assert list(payloads) == ["context", "boundary", "park", "pv_rooftop", "pv_utility", "wind_farm", "chain",
                              "highlight"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_hostile_names_are_escaped_in_the_rendered_map(dataset, lang):
    records = dataset.records.copy()
    yutuo = records["id"] == "E-YUTUO"
    records.loc[yutuo, ["name_zh", "name_en"]] = SCRIPT_BREAKOUT
    records.loc[yutuo, ["note_zh", "note_en"]] = IMG_ONERROR
    wind = records["id"] == "WIND-GEM-1"
    records.loc[wind, ["name_zh", "name_en", "operator_zh", "operator_en"]] = IMG_ONERROR
    county = dataset.county.copy()
    county[["name_zh", "name_en"]] = SCRIPT_BREAKOUT
    hostile = dataclasses.replace(dataset, records=records, county=county)

    html = build_map(hostile, ViewState(lang=lang)).get_root().render()
    assert SCRIPT_BREAKOUT not in html
    assert IMG_ONERROR not in html
    assert "alert(1)" in html  # the text is there, only escaped
    assert "\\u003c/script\\u003e" in html
    # ... and it decodes back to exactly what the data said.
    payloads = _payloads_in(html)
    assert SCRIPT_BREAKOUT in payloads["chain"]["tooltip"]["dict"]
    assert IMG_ONERROR in payloads["wind_farm"]["tooltip"]["dict"]
    assert payloads["boundary"]["geojson"]["features"][0]["properties"]["name"] == SCRIPT_BREAKOUT


@given(st.lists(st.none() | st.text(max_size=12) | st.sampled_from(["cells", "电芯", "", "None"]), max_size=40))
def test_encode_column_round_trips(values):
    column = encode_column(values)
    assert _decode(column) == values
    assert len(column["dict"]) == len(set(v for v in values if v is not None))
    assert column["dict"] == list(dict.fromkeys(v for v in values if v is not None))  # first-seen order


def test_encode_column_shares_repeated_values():
    column = encode_column(["a", "b", "a", None, "a"])
    assert column == {"dict": ["a", "b"], "codes": [0, 1, 0, -1, 0]}
