"""How the map reads (issue 10): the chain as the subject with labels, context marks that recede, no
rooftop points at invented positions, basemaps that fall back, the view held to the region, metric
scale and credits in one language. Without a browser (tests/e2e checks what is drawn)."""

from __future__ import annotations

import dataclasses
import json
import re

import folium
import pytest

from geo.basemaps import BasemapSettings, resolve_basemap
from geo.filters import ViewState
from geo.i18n import t
from geo.map.build import (
    MAP_JS,
    REGION_PAD_DEG,
    TILE_TIMEOUT_MS,
    build_base_map,
    build_map,
    layer_payloads,
    map_region,
)
from geo.map.layers import LayerCache, marker_style, read_published, short_label
from geo.map.publish import Publisher
from geo.model import SEGMENT_COLORS
from tests.mapscript import EVERY_BASEMAP, GAODE_TILES, SELF_HOSTED_TILES, drawn_ids

SETUP = re.compile(r"qcmSetup\(\s*\w+,\s*")


@pytest.fixture
def cache():
    return LayerCache(Publisher(None))


def setup_options(m) -> dict:
    html = m.get_root().render()
    match = SETUP.search(html)
    assert match, "the map has no qcmSetup call"
    return json.JSONDecoder().raw_decode(html, match.end())[0]


def test_chain_marks_are_the_most_prominent(dataset, cache):
    payloads = layer_payloads(dataset, ViewState(), cache=cache)
    chain = payloads["chain"]["desc"]["styles"]
    context = payloads["wind_farm"]["desc"]["styles"] + payloads["pv_utility"]["desc"]["styles"]
    assert {s["role"] for s in chain} == {"subject"} and {s["role"] for s in context} == {"context"}
    assert min(s["radius"] for s in chain) > max(s["radius"] for s in context)
    assert {s["color"] for s in chain} <= set(SEGMENT_COLORS.values())
    assert {s["shape"] for s in chain} == {"circle", "diamond"}  # enterprises and projects


def test_chain_size_follows_investment_where_a_source_gives_it():
    small = marker_style("chain", "cells", "project", None, 1e9, "reported")
    large = marker_style("chain", "platform", "project", None, 3.5e9, "reported")
    unknown = marker_style("chain", "cells", "enterprise", None, None, "illustrative")
    assert unknown[1] < small[1] < large[1] <= 18
    assert unknown[2] is True and unknown[3] == "circle" and small[3] == "diamond"
    assert marker_style("chain", "cells", "project", None, 1e30, "reported")[1] == 18  # capped


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_chain_labels_are_published_in_the_language(dataset, cache, lang):
    desc = layer_payloads(dataset, ViewState(lang=lang), cache=cache)["chain"]["desc"]
    labels = json.loads(read_published(desc["labels"]))
    chain = dataset.records[dataset.records["layer"] == "chain"]
    assert labels == [short_label(name) for name in chain[f"name_{lang}"]]
    assert all(labels)
    cjk = [bool(re.search(r"[\u4e00-\u9fff]", label)) for label in labels]
    assert all(cjk) if lang == "zh" else not any(cjk)
    # Labels travel with the published layer, not with each rerun.
    assert desc["labels"].startswith("data:") and "labels" not in json.dumps(
        {k: v for k, v in layer_payloads(dataset, ViewState(lang=lang), cache=cache)["chain"].items() if k != "desc"})


def test_short_labels_drop_a_trailing_note():
    assert short_label("纳米导电剂化工企业（名称未见报道）") == "纳米导电剂化工企业"
    assert short_label("Yutuo 5Ah Li-ion cell project (200000 cells/day)") == "Yutuo 5Ah Li-ion cell project"
    assert short_label("中国广核集团（中广核）") == "中国广核集团"
    assert short_label("（示意）") == "（示意）" and short_label(None) is None


def test_rooftop_points_at_invented_positions_are_never_drawn(dataset, rooftop_dataset, cache):
    payload = layer_payloads(dataset, ViewState(), cache=cache)["pv_rooftop"]
    assert payload["desc"]["n"] == 0 and drawn_ids(payload) == []  # the bundled layer is empty (issue 11)
    payload = layer_payloads(rooftop_dataset, ViewState(), cache=LayerCache(Publisher(None)))["pv_rooftop"]
    reported = rooftop_dataset.records.query("layer == 'pv_rooftop' and location_provenance == 'reported'")
    assert drawn_ids(payload) == reported["id"].tolist()  # the illustrative ones are not drawn
    records = rooftop_dataset.records.copy()
    first = records.index[records["layer"] == "pv_rooftop"][:3]
    records.loc[first, "location_provenance"] = "reported"  # an import with real positions
    imported = dataclasses.replace(rooftop_dataset, records=records)
    payload = layer_payloads(imported, ViewState(), cache=LayerCache(Publisher(None)))["pv_rooftop"]
    assert drawn_ids(payload) == records.loc[records["layer"] == "pv_rooftop", "id"].tolist()
    assert {s["radius"] for s in payload["desc"]["styles"]} == {3}  # small points


def test_auto_is_tianditu_then_configured_gaode_then_self_hosted_else_plain(dataset, cache):
    gaode_only = BasemapSettings(gaode_url=GAODE_TILES, gaode_key="k")
    self_hosted = BasemapSettings(tile_url=SELF_HOSTED_TILES)
    assert resolve_basemap("auto") == "none"  # nothing configured: the plain background, never keyless Gaode
    assert resolve_basemap("auto", EVERY_BASEMAP) == "tianditu"
    assert resolve_basemap("auto", gaode_only) == "gaode"
    assert resolve_basemap("auto", self_hosted) == "custom"
    assert resolve_basemap("none", EVERY_BASEMAP) == "none"
    auto = layer_payloads(dataset, ViewState(), cache=cache)["chain"]["desc"]
    assert auto is layer_payloads(dataset, ViewState(basemap="none"), cache=cache)["chain"]["desc"]
    tianditu = layer_payloads(dataset, ViewState(basemap="tianditu"), cache=cache, settings=EVERY_BASEMAP)
    assert layer_payloads(dataset, ViewState(), cache=cache, settings=EVERY_BASEMAP)["chain"]["desc"] is (
        tianditu["chain"]["desc"])
    html = build_map(dataset, ViewState(), EVERY_BASEMAP, cache=cache).get_root().render()
    assert "tianditu.gov.cn" in html and "gaode.tiles.test" not in html and "autonavi" not in html
    html = build_map(dataset, ViewState(), gaode_only, cache=cache).get_root().render()
    assert "gaode.tiles.test" in html and "key=k" in html and "autonavi" not in html


def test_no_keyless_gaode_tiles_anywhere(dataset, cache):
    for basemap in ("auto", "gaode"):
        html = build_map(dataset, ViewState(basemap=basemap), cache=cache).get_root().render()
        assert "autonavi" not in html and "amap.com" not in html
    # A template asking for a key draws nothing without one.
    assert resolve_basemap("gaode", BasemapSettings(gaode_url=GAODE_TILES)) == "none"


def test_online_basemaps_fall_back_and_the_plain_one_is_plain(dataset):
    bounds = tuple(dataset.county.total_bounds)
    online = setup_options(build_base_map(bounds, "auto", "zh", EVERY_BASEMAP))
    assert online["online"] is True and online["tileTimeoutMs"] == TILE_TIMEOUT_MS <= 4000
    assert online["offlineNotice"] == t("map.basemap_offline", "zh")
    assert setup_options(build_base_map(bounds, "auto", "zh"))["online"] is False  # nothing configured
    assert setup_options(build_base_map(bounds, "none", "en"))["online"] is False
    assert setup_options(build_base_map(bounds, "tianditu", "en"))["online"] is False  # no key: plain
    assert setup_options(build_base_map(bounds, "osm", "en"))["online"] is True  # chosen by the viewer


def _tile_options(m) -> list[dict]:
    return [child.options for child in m._children.values() if isinstance(child, folium.TileLayer)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_tile_credits_follow_each_providers_terms(dataset, lang):
    bounds = tuple(dataset.county.total_bounds)
    tianditu = _tile_options(build_base_map(bounds, "tianditu", lang, EVERY_BASEMAP))
    assert len(tianditu) == 2 and all("GS(2024)0568" in o["attribution"] for o in tianditu)
    assert ("审图号" in tianditu[0]["attribution"]) == (lang == "zh")
    osm = _tile_options(build_base_map(bounds, "osm", lang))
    assert [o["attribution"] for o in osm] == [t("map.attr_osm", lang)]
    assert osm[0]["referrerPolicy"] == "strict-origin-when-cross-origin"  # the policy asks for a Referer
    custom = _tile_options(build_base_map(bounds, "custom", lang, EVERY_BASEMAP))
    assert [o["attribution"] for o in custom] == ["© County GIS"]
    unnamed = _tile_options(build_base_map(bounds, "custom", lang, BasemapSettings(tile_url=SELF_HOSTED_TILES)))
    assert [o["attribution"] for o in unnamed] == [t("map.attr_custom", lang)]


def test_the_view_is_held_to_the_region(dataset):
    region = map_region(dataset)
    assert region[0] < dataset.county.total_bounds[0] and region[1] < dataset.county.total_bounds[1]
    options = setup_options(build_base_map(tuple(dataset.county.total_bounds), "none", "zh", region=region))
    (south, west), (north, east) = options["region"]
    assert (west, south) == pytest.approx((region[0] - REGION_PAD_DEG, region[1] - REGION_PAD_DEG))
    assert (east, north) == pytest.approx((region[2] + REGION_PAD_DEG, region[3] + REGION_PAD_DEG))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_scale_is_metric_and_credits_speak_one_language(dataset, lang):
    m = build_base_map(tuple(dataset.county.total_bounds), "gaode", lang, EVERY_BASEMAP)
    assert m.control_scale is False  # Leaflet's default scale shows miles; ours is metric (qcm-basemap.js)
    tiles = [child for child in m._children.values() if isinstance(child, folium.TileLayer)]
    credits = [tile.options["attribution"] for tile in tiles] + setup_options(m)["credits"]
    assert credits[0] == t("map.attr_gaode", lang)
    if lang == "en":
        assert not any(re.search(r"[\u4e00-\u9fff]", text) for text in credits), credits
    else:
        assert not any(re.search(r"AutoNavi|contributors|Tianditu", text) for text in credits), credits


def test_neighbouring_counties_carry_label_points(dataset, cache):
    payload = layer_payloads(dataset, ViewState(basemap="none"), cache=cache)["context"]
    features = json.loads(read_published(payload["url"]))["features"]
    labelled = [f for f in features if "label" in f["properties"]]
    assert len(labelled) == len(dataset.context) - 1  # all but Qingyun itself
    assert dataset.county["name_zh"].iloc[0] not in {f["properties"]["name"] for f in labelled}


def test_selection_never_zooms(dataset, cache):
    highlight = layer_payloads(dataset, ViewState(selected="E-YUTUO"), cache=cache)["highlight"]
    assert "zoom" not in highlight
    assert not any("leaflet-heat" in url for _, url in MAP_JS)
