"""The standalone map (geo/meeting/standalone.py): nothing fetched from anywhere, the data inside, and it says
what it shows (legend, filters, sources, data date, illustrative data)."""

from __future__ import annotations

import base64
import re
from datetime import date
from html import escape

import pytest

from geo.data.dataset import load_dataset
from geo.filters import ViewState, visible_records
from geo.i18n import t
from geo.map.build import MAP_CSS, MAP_JS
from geo.map.layers import drawn_on_map
from geo.meeting.presentation import MapPosition
from geo.meeting.standalone import (
    COARSE_DEG,
    Caption,
    cited_source_ids,
    file_name,
    generalised,
    inline_local_assets,
    map_html,
)
from geo.model import POINT_LAYERS
from tests.e2e.helpers import XSS_ID, XSS_NAME, write_xss_data
from tests.mapscript import decode_points, drawn_ids, payloads_in

TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def default_html(dataset):
    return map_html(dataset, ViewState(), TODAY)


def test_no_script_stylesheet_or_font_is_fetched(default_html):
    assert not re.search(r"<script[^>]*\bsrc=", default_html)
    assert not re.search(r"<link[^>]*stylesheet", default_html)
    # Fetched resources only: Leaflet's own code holds a link to leafletjs.com for its attribution.
    fetched = r"""<(?:img|iframe|source|video|audio|embed)[^>]*\bsrc\s*=\s*["']?(?:https?:)?//"""
    assert not re.search(fetched, default_html)
    assert "{z}/{x}/{y}" not in default_html  # no tile layer on the offline basemap
    assert not re.search(r"@import|url\(\s*['\"]?(?:https?:)?//", default_html)
    assert "/app/static/" not in default_html


def test_every_asset_is_inlined(default_html):
    assert len(MAP_JS) == 5 and len(MAP_CSS) == 2  # Leaflet and our four scripts; two stylesheets
    assert "Leaflet 1.9.4" in default_html  # the vendored library's banner
    assert "heatLayer" not in default_html  # rooftop PV is no heat map any more (issue 10)
    for function in ("window.qcmCloudLayer", "window.qcmPolygonLayer", "window.qcmHighlight", "window.qcmRings",
                     "window.qcmMarks", "window.qcmSetup"):
        assert function in default_html
    assert ".leaflet-container.qcm-plain" in default_html  # static/css/qcm-map.css
    assert "images/layers.png" not in default_html  # leaflet.css's images became data: URLs


def test_the_layer_data_is_inside_and_draws_what_the_app_draws(dataset, default_html):
    payloads = payloads_in(default_html)
    records = visible_records(dataset.records, ViewState())
    for layer in POINT_LAYERS:
        desc = payloads[layer]["desc"]
        assert desc["data"].startswith("data:") and all(url.startswith("data:") for url in desc["attrs"])
        assert len(drawn_ids(payloads[layer])) == len(drawn_on_map(records[records["layer"] == layer]))
    for layer in ("context", "boundary", "park"):
        assert payloads[layer]["url"].startswith("data:")
    assert len(re.findall(r'"data:application/(?:octet-stream|json);base64,[A-Za-z0-9+/=]+"', default_html)) >= 4 + 3


def test_a_filtered_view_exports_its_filter(dataset):
    state = ViewState(segments=("cells",), lang="en")
    html = map_html(dataset, state, TODAY)
    payloads = payloads_in(html)
    records = dataset.records
    cells = records[(records["layer"] == "chain") & (records["chain_segment"] == "cells")]
    assert drawn_ids(payloads["chain"]) == sorted(cells["id"]) != []
    assert drawn_ids(payloads["pv_rooftop"]) == []
    assert "Battery cells" in html and 'lang="en"' in html


def test_it_says_what_it_shows(dataset, layer_counts, default_html):
    html = default_html
    assert 'data-testid="qcm-legend"' in html and f"{layer_counts['pv_rooftop']:,}" in html
    meta = dataset.meta
    assert escape(t("about.data_as_of", "zh", facts=meta["facts_as_of"], assets=meta["energy_assets_as_of"],
                    compiled=meta["compiled"])) in html
    assert t("meeting.exported_on", "zh", date="2026-11-25") in html
    assert t("sidebar.segments", "zh") in html and t("export.filter_all", "zh") in html
    assert 'data-testid="qcm-export-illustrative"' in html  # illustrative positions are announced
    for source in ("S1", "S2", "GEM-WIND", "GEM-SOLAR", "AMAP-BOUNDARY", t("source.illustrative", "zh")):
        assert f"<b>{source}</b>" in html  # the method id ILLUSTRATIVE in words (issue 10)
    assert "CC BY 4.0" in html
    capacity = float(dataset.fact("newenergy_capacity_mw")["value"])
    share = float(dataset.fact("newenergy_share_pct")["value"])
    assert f"{capacity:,.0f} MW" in html and f"{share:.1f}%" in html  # the headline figures, each with its source


def test_sources_follow_what_is_drawn(dataset):
    only_wind = ViewState(layers=("wind_farm",), segments=("green_power",))
    cited = cited_source_ids(dataset, only_wind)
    assert "GEM-WIND" in cited and "GEM-SOLAR" not in cited and "AMAP-BOUNDARY" not in cited
    assert "S1" in cited  # the headline figures


def test_a_tour_step_export_has_its_caption_position_and_rings(dataset):
    caption = Caption("<b>Park</b>", "The outline is illustrative & so on", ("S2",))
    html = map_html(dataset, ViewState(selected="P-YUTUO-5AH"), TODAY, MapPosition(37.83, 117.4675, 14),
                    highlights=("E-YUTUO",), caption=caption)
    assert "&lt;b&gt;Park&lt;/b&gt;" in html and "illustrative &amp; so on" in html
    assert "window.map.setView([37.83, 117.4675], 14" in html
    payloads = payloads_in(html)
    assert payloads["highlight"]["fly"] is False  # the stored position wins over flying to the record
    assert 'qcmRings(\n' in html or "qcmRings(" in html


def test_text_from_data_is_escaped(tmp_path):
    data_dir = tmp_path / "data"
    write_xss_data(data_dir)
    hostile = load_dataset(data_dir)
    html = map_html(hostile, ViewState(selected=XSS_ID), TODAY)
    assert XSS_NAME not in html
    assert escape(XSS_NAME) in html  # the selected record named in the filters, as text


def test_inlining_leaves_other_links_alone():
    page = '<script src="/app/static/js/qcm-layers.js"></script><script src="other.js"></script>'
    out = inline_local_assets(page)
    assert "window.qcmPolygonLayer" in out and '<script src="other.js"></script>' in out


def test_file_names():
    assert file_name("map", ViewState(), TODAY, "html") == "庆云县产业链一张图_2026-11-25.html"
    assert file_name("brief", ViewState(lang="en"), TODAY, "pdf") == "qingyun-chain-brief_2026-11-25.pdf"


def test_exports_are_drawn_on_the_offline_background(dataset):
    html = map_html(dataset, ViewState(basemap="gaode"), TODAY)
    assert "autonavi" not in html and "qcm-plain" in html
    record = dataset.records.set_index("id").loc["WIND-GEM-1"]
    points = decode_points(payloads_in(html)["wind_farm"]["desc"])
    assert min(abs(points["lon"] - record["lon"])) < 1e-6  # WGS-84, not shifted to GCJ-02


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_map_export_says_it_is_for_internal_use(dataset, lang):
    html = map_html(dataset, ViewState(lang=lang), TODAY)
    notice = re.search(r'data-testid="qcm-export-notice">([^<]+)<', html).group(1)
    assert notice == escape(t("export.notice", lang))
    assert "审图号" in notice  # the review number it does not have, by its name
    assert t("export.coordinates_omitted", lang) not in html


def _decoded(html: str, layer: str) -> dict:
    return decode_points(payloads_in(html)[layer]["desc"], read=_data_url)


def _data_url(url: str) -> bytes:
    return base64.b64decode(url.split(",", 1)[1])


def test_without_coordinates_positions_are_rounded_and_it_says_so(dataset):
    state = ViewState(lang="en")
    exact = map_html(dataset, state, TODAY)
    coarse = map_html(dataset, state, TODAY, coordinates=False)
    assert escape(t("export.coordinates_omitted", "en")) in coarse
    for layer in ("chain", "wind_farm"):
        raw, rounded = _decoded(exact, layer), _decoded(coarse, layer)
        assert len(raw["lon"]) == len(rounded["lon"]) > 0
        for values in (rounded["lon"], rounded["lat"]):
            assert all(abs(v / COARSE_DEG - round(v / COARSE_DEG)) < 1e-6 for v in values)
        assert any(abs(a - b) > 1e-4 for a, b in zip(raw["lon"], rounded["lon"], strict=True))
        assert max(abs(a - b) for a, b in zip(raw["lon"], rounded["lon"], strict=True)) <= COARSE_DEG / 2 + 1e-6
    records = generalised(dataset, False).records
    assert (records["lon"] * 100).round(6).mod(1).eq(0).all()
    assert generalised(dataset, True) is dataset
