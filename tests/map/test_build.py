"""geo.map.build and geo.map.layers: the published layers, the per-view payloads and the folium map,
tested without a browser (the browser side is in tests/e2e)."""

from __future__ import annotations

import dataclasses
import json
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo import crs
from geo.data.dataset import records_to_frame
from geo.filters import BASEMAPS, ViewState, visible_records
from geo.i18n import TEXT, t
from geo.map.assets import find_remote_links
from geo.map.build import build_base_map, build_map, feature_groups, layer_payloads
from geo.map.layers import (
    CHUNK,
    LayerCache,
    attributes,
    drawn_on_map,
    encode_array,
    filter_codes,
)
from geo.map.publish import Publisher
from geo.model import POINT_LAYERS, Record
from tests.mapscript import EVERY_BASEMAP, decode_points
from tests.mapscript import drawn_ids as _drawn_ids

SCRIPT_BREAKOUT = "</script><script>alert(1)</script>"
IMG_ONERROR = "<img src=x onerror=alert(1)>"
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")
COORD_TOLERANCE = 1e-6  # the browser gets lon/lat x 1e6 as integers

PLAIN = ViewState(basemap="none")  # the plain background: WGS-84, as the records are

STATES = {
    "default": ViewState(),
    "filtered": ViewState(segments=("cells", "green_power"), statuses=("operating",),
                          layers=("boundary", "chain", "wind_farm", "pv_utility")),
    "empty": ViewState(segments=()),
}


@pytest.fixture
def cache():
    """Inline publishing (data: URLs): nothing is written to static/cache by the tests."""
    return LayerCache(Publisher(None))


def _payloads(dataset, state, cache, **kwargs):
    """Payloads in a deployment that configured every online basemap (so "gaode" draws Gaode)."""
    return layer_payloads(dataset, state, cache=cache, **{"settings": EVERY_BASEMAP, **kwargs})


def _decode(column: dict) -> list:
    return [None if code < 0 else column["dict"][code] for code in column["codes"]]


def _column(desc: dict, name: str) -> list:
    """A tooltip/subtitle/warning column over every chunk."""
    return [value for chunk in attributes(desc)["chunks"] for value in _decode(chunk[name])]


def _field(desc: dict, label: str) -> dict:
    """A popup field as {id: display value} over every chunk (absent in a chunk: None)."""
    values = {}
    for chunk in attributes(desc)["chunks"]:
        field = next((f for f in chunk["fields"] if f["label"] == label), None)
        decoded = _decode(field) if field else [None] * len(chunk["ids"])
        values.update(zip(chunk["ids"], decoded, strict=True))
    return values


def _geojson(payload: dict) -> dict:
    from geo.map.layers import read_published

    return json.loads(read_published(payload["url"]))


@pytest.mark.parametrize("state", STATES.values(), ids=STATES.keys())
def test_drawn_points_equal_visible_records(dataset, cache, state):
    payloads = _payloads(dataset, state, cache)
    visible = visible_records(dataset.records, state)
    for layer in POINT_LAYERS:
        if layer not in state.layers:
            assert layer not in payloads
            continue
        expected = drawn_on_map(visible[visible["layer"] == layer])["id"].tolist()
        assert _drawn_ids(payloads[layer]) == expected, layer


def test_published_layers_hold_every_record_and_the_filter_travels_separately(dataset, cache):
    payloads = _payloads(dataset, STATES["filtered"], cache)
    chain = payloads["chain"]
    assert chain["desc"]["n"] == int((dataset.records["layer"] == "chain").sum())
    assert chain["filter"] == filter_codes(STATES["filtered"])
    # The same published files serve every filter: only the small filter part differs.
    assert _payloads(dataset, ViewState(), cache)["chain"]["desc"] is chain["desc"]


def test_default_counts(dataset, layer_counts, cache):
    payloads = _payloads(dataset, ViewState(), cache)
    assert {k: len(_drawn_ids(p)) for k, p in payloads.items() if "desc" in p} == {
        # Every bundled rooftop record has an illustrative position: none is drawn (issue 10).
        layer: 0 if layer == "pv_rooftop" else layer_counts.get(layer, 0)
        for layer in ("pv_rooftop", "pv_utility", "wind_farm", "chain")}
    assert [payloads[k]["n"] for k in ("context", "boundary", "park")] == [
        len(dataset.context), len(dataset.county), len(dataset.park)]


def test_empty_state_draws_no_points_but_keeps_outlines(dataset, cache):
    payloads = _payloads(dataset, STATES["empty"], cache)
    assert all(_drawn_ids(payloads[layer]) == [] for layer in POINT_LAYERS)
    assert payloads["boundary"]["n"] == 1
    assert "highlight" not in payloads


def test_no_layers_no_payloads(dataset, cache):
    assert _payloads(dataset, ViewState(layers=()), cache) == {}


def test_point_coordinates_are_the_records(dataset, cache):
    desc = _payloads(dataset, PLAIN, cache)["chain"]["desc"]
    points = decode_points(desc)
    records = dataset.records.set_index("id").loc[attributes(desc)["ids"]]
    np.testing.assert_allclose(points["lon"], records["lon"], atol=COORD_TOLERANCE)
    np.testing.assert_allclose(points["lat"], records["lat"], atol=COORD_TOLERANCE)


@pytest.mark.parametrize("layer", POINT_LAYERS)
def test_gaode_shifts_every_point_to_gcj02(dataset, cache, layer):
    wgs = _payloads(dataset, ViewState(basemap="none"), cache)[layer]["desc"]
    gcj = _payloads(dataset, ViewState(basemap="gaode"), cache)[layer]["desc"]
    ids = attributes(wgs)["ids"]
    assert attributes(gcj)["ids"] == ids
    records = dataset.records.set_index("id").loc[ids]
    expected = np.column_stack(crs.wgs84_to_gcj02(records["lon"].to_numpy(), records["lat"].to_numpy()))
    shifted = np.column_stack([decode_points(gcj)["lon"], decode_points(gcj)["lat"]])
    np.testing.assert_allclose(shifted, expected, atol=COORD_TOLERANCE, rtol=0)
    plain = np.column_stack([decode_points(wgs)["lon"], decode_points(wgs)["lat"]])
    offset = shifted - plain
    # Near Qingyun GCJ-02 is ~+0.0063° lon, ~+0.0009° lat (SOURCES.md): the shift is really there.
    assert np.all((offset[:, 0] > 0.005) & (offset[:, 0] < 0.0075))
    assert np.all((offset[:, 1] > 0.0003) & (offset[:, 1] < 0.0015))


@pytest.mark.parametrize("basemap", ["none", "osm", "tianditu", "custom", "auto"])
def test_only_gaode_shifts(dataset, cache, basemap):
    for layer in POINT_LAYERS:
        a = decode_points(_payloads(dataset, ViewState(basemap=basemap), cache)[layer]["desc"])
        b = decode_points(_payloads(dataset, PLAIN, cache)[layer]["desc"])
        np.testing.assert_array_equal(a["lon"], b["lon"])
        np.testing.assert_array_equal(a["lat"], b["lat"])


def test_unconfigured_gaode_draws_the_plain_background_unshifted(dataset):
    cache = LayerCache(Publisher(None))
    plain = decode_points(layer_payloads(dataset, PLAIN, cache=cache)["chain"]["desc"])
    gaode = decode_points(layer_payloads(dataset, ViewState(basemap="gaode"), cache=cache)["chain"]["desc"])
    np.testing.assert_array_equal(gaode["lon"], plain["lon"])


def test_self_hosted_gcj02_tiles_shift_like_gaode(dataset, cache):
    settings = dataclasses.replace(EVERY_BASEMAP, tile_crs="gcj02")
    custom = decode_points(_payloads(dataset, ViewState(basemap="custom"), cache, settings=settings)["chain"]["desc"])
    gaode = decode_points(_payloads(dataset, ViewState(basemap="gaode"), cache)["chain"]["desc"])
    np.testing.assert_array_equal(custom["lon"], gaode["lon"])
    np.testing.assert_array_equal(custom["lat"], gaode["lat"])


def _polygon_coords(payload: dict) -> np.ndarray:
    coords = []

    def walk(value):
        if isinstance(value[0], int | float):
            coords.append(value[:2])
        else:
            for item in value:
                walk(item)

    for feature in _geojson(payload)["features"]:
        walk(feature["geometry"]["coordinates"])
    return np.array(coords, dtype=float)


@pytest.mark.parametrize("layer", ["context", "boundary", "park"])
def test_gaode_shifts_polygons_to_gcj02(dataset, cache, layer):
    wgs = _polygon_coords(_payloads(dataset, PLAIN, cache)[layer])
    gcj = _polygon_coords(_payloads(dataset, ViewState(basemap="gaode"), cache)[layer])
    assert wgs.shape == gcj.shape and len(wgs) > 5
    expected = np.column_stack(crs.wgs84_to_gcj02(wgs[:, 0], wgs[:, 1]))
    np.testing.assert_allclose(gcj, expected, atol=1e-9, rtol=0)
    assert np.all(gcj[:, 0] - wgs[:, 0] > 0.005)


def test_boundary_is_the_county_outline(dataset, cache):
    coords = _polygon_coords(_payloads(dataset, PLAIN, cache)["boundary"])
    np.testing.assert_allclose(coords, np.array(dataset.county.geometry.iloc[0].exterior.coords), atol=1e-12)


def test_highlight_follows_the_basemap(dataset, cache):
    record = dataset.records.set_index("id").loc["WIND-GEM-1"]
    plain = _payloads(dataset, PLAIN.with_(selected="WIND-GEM-1"), cache)["highlight"]
    assert (plain["lon"], plain["lat"]) == (record["lon"], record["lat"])
    gaode = _payloads(dataset, ViewState(selected="WIND-GEM-1", basemap="gaode"), cache)["highlight"]
    assert (gaode["lon"], gaode["lat"]) == pytest.approx(crs.wgs84_to_gcj02(record["lon"], record["lat"]))
    assert "highlight" not in _payloads(dataset, ViewState(selected="NO-SUCH-ID"), cache)


def test_base_map_centre_follows_the_basemap(dataset):
    bounds = tuple(dataset.county.total_bounds)
    plain = build_base_map(bounds, "none", "zh").location
    gaode = build_base_map(bounds, "gaode", "zh", EVERY_BASEMAP).location
    assert plain == pytest.approx([(bounds[1] + bounds[3]) / 2, (bounds[0] + bounds[2]) / 2])
    assert gaode[1] - plain[1] == pytest.approx(0.0063, abs=0.0005)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_popup_labels_and_subtitles_are_translated(dataset, cache, lang):
    payloads = _payloads(dataset, ViewState(lang=lang), cache)
    field_texts = {entry[lang] for key, entry in TEXT.items() if key.startswith("field.")}
    for layer in ("chain", "wind_farm", "pv_utility"):
        chunk = attributes(payloads[layer]["desc"])["chunks"][0]
        labels = [f["label"] for f in chunk["fields"]]
        assert labels and set(labels) <= field_texts, layer
        if lang == "en":
            assert not any(CJK.search(label) for label in labels), labels
            assert not any(CJK.search(s) for s in chunk["subtitle"]["dict"])
    wind_labels = [f["label"] for f in attributes(payloads["wind_farm"]["desc"])["chunks"][0]["fields"]]
    assert t("field.capacity_mw", lang) in wind_labels
    assert t("field.cells_per_day", lang) not in wind_labels  # no wind farm has it: the row is left out
    chain_labels = [f["label"] for f in attributes(payloads["chain"]["desc"])["chunks"][0]["fields"]]
    assert t("field.cells_per_day", lang) in chain_labels


def test_popup_values_in_english(dataset, cache):
    desc = _payloads(dataset, ViewState(lang="en"), cache)["wind_farm"]["desc"]
    capacity = _field(desc, "Capacity (MW)")
    assert capacity["WIND-GEM-1"] == "50"
    assert capacity["WIND-S1-5"] == "not reported"
    position = _field(desc, "Position")
    assert position["WIND-GEM-1"] == "From source (approximate)"
    assert position["WIND-S1-5"] == "Illustrative position"
    towns = dataset.township_names("en")
    assert set(_field(desc, "Township").values()) == {"Not reported", *(
        towns[c] for c in dataset.records.loc[dataset.records["layer"] == "wind_farm", "township_code"].dropna())}
    warnings = dict(zip(attributes(desc)["ids"], _column(desc, "warning"), strict=True))
    assert warnings["WIND-GEM-1"] is None
    # Reported to exist, drawn at an illustrative position: the warning says both (issue 11).
    assert warnings["WIND-S1-5"] == t("popup.reported_illustrative_warning", "en")


def test_popup_investment_is_in_100_million_yuan_and_years_have_no_comma(dataset, cache):
    desc = _payloads(dataset, ViewState(lang="en"), cache)["chain"]["desc"]
    assert _field(desc, "Investment (100 m yuan)")["P-YUTUO-5AH"] == "10"
    assert _field(desc, "Investment (100 m yuan)")["P-ZHONGQING-PARK"] == "35"
    assert _field(desc, "Output (cells/day)")["P-CELL-14500"] == "2,000,000"
    assert _field(desc, "Year settled")["P-YUTUO-5AH"] == "2022"


def test_names_follow_the_language(dataset, cache):
    for lang, column in [("zh", "name_zh"), ("en", "name_en")]:
        desc = _payloads(dataset, ViewState(lang=lang), cache)["chain"]["desc"]
        names = dataset.records.set_index("id").loc[attributes(desc)["ids"], column].tolist()
        assert _column(desc, "tooltip") == names
        park = _payloads(dataset, ViewState(lang=lang), cache)["park"]
        assert _geojson(park)["features"][0]["properties"]["name"] == dataset.park[column].iloc[0]


def test_attributes_are_chunked_for_large_layers(dataset, cache):
    # The bundled rooftop layer is empty (issue 11): an imported per-site list with real positions.
    template = dataset.records[dataset.records["layer"] == "pv_utility"].iloc[0].to_dict()
    rows = [{**template, "id": f"RPV-{n:04d}", "layer": "pv_rooftop", "capacity_mw": 0.01, "inferred": None,
             "lon": 117.3 + n / 20_000, "lat": 37.77, "location_provenance": "reported"} for n in range(CHUNK + 78)]
    added = records_to_frame([Record.model_validate({k: v for k, v in r.items() if k != "geometry" and not (
        isinstance(v, float) and v != v) and v is not None}) for r in rows])
    records = pd.concat([dataset.records, added], ignore_index=True)
    rooftop = records["layer"] == "pv_rooftop"
    imported = dataclasses.replace(dataset, records=records)
    desc = _payloads(imported, ViewState(), cache)["pv_rooftop"]["desc"]
    assert desc["n"] == int(rooftop.sum()) > CHUNK
    assert len(desc["attrs"]) == -(-desc["n"] // CHUNK)
    assert attributes(desc)["ids"] == records.loc[rooftop, "id"].tolist()


@pytest.mark.parametrize("basemap", BASEMAPS)
def test_map_loads_nothing_remote(dataset, cache, basemap):
    m = build_map(dataset, ViewState(basemap=basemap), EVERY_BASEMAP, cache=cache)
    assert find_remote_links(m) == []
    html = m.get_root().render()
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"(https?:)?//", html)


def test_published_files_are_served_from_the_static_cache(dataset, tmp_path):
    urls = []

    def publish(content: bytes, ext: str) -> str:
        urls.append(f"/app/static/cache/{len(urls)}.{ext}")
        return urls[-1]

    payloads = layer_payloads(dataset, ViewState(), cache=LayerCache(publish))
    assert payloads["chain"]["desc"]["data"].startswith("/app/static/cache/")
    assert all(url.startswith("/app/static/cache/") for url in payloads["chain"]["desc"]["attrs"])
    assert payloads["boundary"]["url"].startswith("/app/static/cache/")


def test_feature_groups_are_in_drawing_order(dataset, cache):
    payloads = _payloads(dataset, ViewState(selected="E-YUTUO"), cache)
    groups = feature_groups(payloads)
    assert [g.layer_name for g in groups] == list(payloads)
    assert list(payloads) == ["context", "boundary", "park", "pv_rooftop", "pv_utility", "wind_farm", "chain",
                              "highlight"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_hostile_names_travel_as_data_and_decode_intact(dataset, lang):
    records = dataset.records.copy()
    yutuo = records["id"] == "E-YUTUO"
    records.loc[yutuo, ["name_zh", "name_en"]] = SCRIPT_BREAKOUT
    records.loc[yutuo, ["note_zh", "note_en"]] = IMG_ONERROR
    wind = records["id"] == "WIND-GEM-1"
    records.loc[wind, ["name_zh", "name_en", "operator_zh", "operator_en"]] = IMG_ONERROR
    county = dataset.county.copy()
    county[["name_zh", "name_en"]] = SCRIPT_BREAKOUT
    hostile = dataclasses.replace(dataset, records=records, county=county)

    cache = LayerCache(Publisher(None))
    html = build_map(hostile, ViewState(lang=lang), cache=cache).get_root().render()
    assert SCRIPT_BREAKOUT not in html
    assert IMG_ONERROR not in html
    # ... and it decodes back to exactly what the data said (the browser shows it via textContent).
    payloads = layer_payloads(hostile, ViewState(lang=lang), cache=cache)
    assert SCRIPT_BREAKOUT in _column(payloads["chain"]["desc"], "tooltip")
    assert IMG_ONERROR in _column(payloads["wind_farm"]["desc"], "tooltip")
    assert _geojson(payloads["boundary"])["features"][0]["properties"]["name"] == SCRIPT_BREAKOUT


@given(st.lists(st.none() | st.text(min_size=1, max_size=12) | st.sampled_from(["cells", "电芯", "None"]),
                max_size=40))
def test_encode_array_round_trips(values):
    column = encode_array(np.array(values, dtype=object))
    assert _decode(column) == values
    assert column["dict"] == list(dict.fromkeys(v for v in values if v is not None))  # first-seen order
