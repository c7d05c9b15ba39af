"""The pages, run by streamlit.testing.v1.AppTest through app.py (the router), without a browser.

The map is the st_folium component: AppTest keeps it as an UnknownElement whose proto holds the
component's arguments (STACK-NOTES.md, AppTest), so a test can read what would be drawn and which
scripts and stylesheets the map's iframe would load.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import crs
from geo.data.dataset import DATA_DIR, SOURCE_FIELDS, source_ids_text
from geo.figures.metrics import implied_total_capacity_mw
from geo.filters import DIMENSIONS, ViewState
from geo.i18n import t
from geo.map.assets import STATIC_URL_PREFIX, static_file_path
from geo.map.build import layer_payloads
from geo.map.layers import attributes
from geo.model import POINT_LAYERS
from tests.mapscript import app_layer_cache, decode_points, drawn_ids, payloads_in

APP = str(Path(__file__).resolve().parents[2] / "app.py")  # AppTest resolves relative paths oddly
TIMEOUT_S = 30
FOLIUM_COMPONENT = "streamlit_folium.st_folium"





def _app(**query_params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    for name, value in query_params.items():
        at.query_params[name] = value
    return at.run()


def _no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _folium_maps(at: AppTest) -> list[dict]:
    """The arguments of every st_folium component on the page."""
    return [json.loads(e.proto.json_args) for e in at.get("component_instance")
            if e.proto.component_name == FOLIUM_COMPONENT]


def _folium_args(at: AppTest) -> dict:
    maps = _folium_maps(at)
    assert len(maps) == 1, "the map page draws exactly one st_folium map"
    return maps[0]


def _html(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def _map_title(at: AppTest) -> str:
    """The map page's title (ui/layout.py title_block: the county's name in an st.html heading)."""
    titles = re.findall(r'<div class="qcm-title"><h1>(.*?)</h1>', _html(at))
    assert len(titles) == 1, "the map page has one title"
    return titles[0]


def _expected_payloads(dataset, state: ViewState) -> dict[str, dict]:
    # As JSON (tuples become lists), published where the app publishes.
    return json.loads(json.dumps(layer_payloads(dataset, state, cache=app_layer_cache())))


def test_map_page_runs_and_draws_the_map(dataset):
    at = _app()
    _no_exception(at)
    assert _map_title(at) == t("app.title", "zh") and "庆云县" in _map_title(at)
    assert dataset.meta["facts_as_of"] in _html(at)  # the data's date (data/meta.json facts_as_of)
    args = _folium_args(at)
    assert {"script", "js_links", "css_links", "feature_group"} <= set(args)
    assert args["js_links"] and args["css_links"]


def test_map_assets_are_local_files():
    args = _folium_args(_app())
    for url in [*args["js_links"], *args["css_links"]]:
        assert url.startswith(STATIC_URL_PREFIX + "/"), url
        assert static_file_path(url).is_file(), url
    # The default basemap ("auto") with no online basemap configured is the plain background: nothing
    # remote (never Gaode's keyless tiles).
    assert set(re.findall(r"https?://([^/\"']+)", args["script"] + args["feature_group"])) <= {"leafletjs.com"}
    plain = _folium_args(_app(basemap="none"))
    assert not re.search(r"https?://(?!leafletjs\.com)", plain["script"] + plain["feature_group"])


def test_map_layers_are_the_payloads_of_the_default_view(dataset, layer_counts):
    feature_group = _folium_args(_app())["feature_group"]
    drawn = payloads_in(feature_group)
    assert drawn == _expected_payloads(dataset, ViewState())
    assert {name: len(drawn_ids(drawn[name])) for name in POINT_LAYERS} == {
        # rooftop PV at invented positions is counted (legend, lists) but never drawn
        name: 0 if name == "pv_rooftop" else layer_counts[name] for name in POINT_LAYERS}


def test_kpis_and_legend_are_shown(dataset, layer_counts):
    """One compact strip, not metric tiles: each figure with its period, the group marked as county
    totals, the counts a filter changes beside them, the derived figures folded away."""
    at = _app()
    assert not at.metric
    strip = _html(at)
    for key in ("capacity", "share", "generation", "wind_farms", "rooftop", "enterprises", "projects"):
        assert f'data-kpi="{key}"' in strip
    assert "2022年前三季度" in strip and "2022年1–10月" in strip  # each figure says its period
    assert f'<div class="qcm-kpi-scope" title="{t("layout.county_help", "zh")}">{t("layout.county", "zh")}' in strip
    assert t("layout.shown", "zh", n=f"{layer_counts['pv_rooftop']:,}") in strip
    implied = implied_total_capacity_mw(float(dataset.fact("newenergy_capacity_mw")["value"]),
                                        float(dataset.fact("newenergy_share_pct")["value"]))
    assert '<details class="qcm-kpi-more">' in strip and f"{implied:,.1f} MW" in strip
    # The legend is the filter (ui/legend.py): one button per layer and segment, with its count.
    assert f"{layer_counts['pv_rooftop']:,}" in at.button(key="qcm_leg_lay_pv_rooftop").label


def test_filtered_counts_follow_the_filter_and_county_totals_do_not(dataset):
    at = _app(seg="cells")
    strip = _html(at)
    records = dataset.records
    cells = records[(records["layer"] == "chain") & (records["chain_segment"] == "cells")]
    assert t("layout.shown", "zh", n=str((cells["kind"] == "enterprise").sum())) in strip
    assert t("layout.shown", "zh", n="0") in strip  # no wind farm is in the cells segment
    assert f'{int(dataset.fact("wind_farms_operating")["value"])}<span class="qcm-kpi-shown"' in strip


def test_the_selected_record_has_its_card_beside_the_map(dataset):
    at = _app(sel="E-YUTUO")
    _no_exception(at)
    card = _html(at)
    name = dataset.records.set_index("id").loc["E-YUTUO", "name_zh"]
    assert f'<div class="qcm-card" data-record="E-YUTUO"><div class="qcm-card-name">{name}</div>' in card
    # The position's warning, before the fields: reported to exist, drawn at an illustrative position.
    assert t("popup.reported_illustrative_warning", "zh") in card
    assert card.index("qcm-card-warning") < card.index("qcm-card-fields")
    assert t("field.location_provenance", "zh") in card and t("field.source", "zh") in card
    [close] = [b for b in at.button if b.key == "qcm_card_close"]
    close.click().run()
    assert 'class="qcm-card"' not in _html(at) and "sel" not in dict(at.query_params)


def test_empty_segment_selection_warns_that_nothing_matches(dataset):
    at = _app(seg="")
    _no_exception(at)
    assert t("map.nothing_matches", "zh") in [w.value for w in at.warning]
    drawn = payloads_in(_folium_args(at)["feature_group"])
    assert all(drawn_ids(drawn[layer]) == [] for layer in POINT_LAYERS)
    assert drawn == _expected_payloads(dataset, ViewState(segments=()))


def test_default_view_has_no_nothing_matches_warning():
    assert t("map.nothing_matches", "zh") not in [w.value for w in _app().warning]


def test_filter_from_the_url_reaches_the_map(dataset):
    at = _app(seg="cells", lang="en")
    _no_exception(at)
    drawn = payloads_in(_folium_args(at)["feature_group"])
    records = dataset.records
    cells = records[(records["layer"] == "chain") & (records["chain_segment"] == "cells")]
    assert drawn_ids(drawn["chain"]) == sorted(cells["id"]) != []
    assert drawn == _expected_payloads(dataset, ViewState(segments=("cells",), lang="en"))
    assert dict(at.query_params) == {"seg": "cells", "lang": "en"}


def test_english_from_the_url():
    at = _app(lang="en")
    _no_exception(at)
    assert _map_title(at) == "Qingyun New-Energy Chain Map"
    assert at.sidebar.radio(key="w_lang").value == "en"
    assert "Wind farms" in _html(at) and "Q1–Q3 2022" in _html(at)


def test_unknown_url_values_are_ignored():
    at = _app(lang="fr", basemap="google", seg="cells,bogus", sel="<script>")
    _no_exception(at)
    assert _map_title(at) == t("app.title", "zh")
    assert dict(at.query_params) == {"seg": "cells"}


def test_selected_record_is_highlighted_without_zooming_in(dataset):
    args = _folium_args(_app(sel="WIND-GEM-1", basemap="none"))
    record = dataset.records.set_index("id").loc["WIND-GEM-1"]
    highlight = payloads_in(args["feature_group"])["highlight"]
    assert (highlight["id"], highlight["lon"], highlight["lat"]) == ("WIND-GEM-1", record["lon"], record["lat"])
    assert "zoom" not in highlight  # it pans only when off screen, never zooms (qcm-layers.js)


def test_gaode_basemap_shifts_the_layers(dataset, monkeypatch):
    monkeypatch.setenv("QCM_GAODE_TILE_URL", "https://gaode.tiles.test/{z}/{x}/{y}.png?key={key}")
    monkeypatch.setenv("QCM_GAODE_KEY", "test-key")
    at = _app()  # "auto": no Tianditu key, so the configured Gaode service
    _no_exception(at)
    args = _folium_args(at)
    assert all(url.startswith(STATIC_URL_PREFIX + "/") for url in [*args["js_links"], *args["css_links"]])
    assert "gaode.tiles.test" in args["script"] and "autonavi" not in args["script"]
    chain = payloads_in(args["feature_group"])["chain"]["desc"]
    record = dataset.records.set_index("id").loc[attributes(chain)["ids"][0]]
    expected = crs.wgs84_to_gcj02(record["lon"], record["lat"])
    points = decode_points(chain)
    assert [points["lon"][0], points["lat"][0]] == pytest.approx(list(expected), abs=1e-6)
    assert t("sidebar.gcj_note", "zh") in [c.value for c in at.sidebar.caption]


def test_an_unconfigured_gaode_basemap_says_so_and_draws_the_plain_background(dataset):
    at = _app(basemap="gaode")
    _no_exception(at)
    assert t("sidebar.basemap_missing", "zh") in [w.value for w in at.sidebar.warning]
    assert "autonavi" not in _folium_args(at)["script"]


def test_the_sidebar_switch_for_coordinates_in_exports_is_on_by_default():
    at = _app()
    _no_exception(at)
    (switch,) = [w for w in at.sidebar.toggle if w.label == t("sidebar.export_coordinates", "zh")]
    assert switch.value is True and at.session_state["export_coordinates"] is True
    switch.set_value(False).run()
    _no_exception(at)
    assert at.session_state["export_coordinates"] is False
    # The other pages keep the viewer's choice: the switch is the sidebar's, drawn on every page.
    at.switch_page("pages/lists.py").run()
    _no_exception(at)
    assert at.session_state["export_coordinates"] is False


def test_about_page_lists_the_sources():
    at = _app()
    at.switch_page("pages/about.py").run()
    _no_exception(at)
    assert [title.value for title in at.title] == [t("about.title", "zh")]
    (table,) = [h.proto.body for h in at.get("html") if "qcm-sources" in h.proto.body]
    # One language at a time (issue 10): headers in Chinese, the method id ILLUSTRATIVE in words.
    headers = [unescape(h) for h in re.findall(r"<th(?:\s[^>]*)?>(.*?)</th>", table)]
    assert headers == [t(f"about.col.{c}", "zh") for c in SOURCE_FIELDS]
    rows = [[unescape(re.sub(r"<[^>]+>", "", cell)) for cell in re.findall(r"<td>(.*?)</td>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1])]
    listed = [row[0] for row in rows]
    with (DATA_DIR / "sources.csv").open(encoding="utf-8") as f:
        expected = [source_ids_text(line.split(",", 1)[0], "zh") for line in f.read().splitlines()[1:]]
    assert listed == expected
    assert {"S1", "S2", "S3", "GEM-WIND", "GEM-SOLAR", "AMAP-BOUNDARY", t("source.illustrative", "zh")} <= set(listed)
    assert "德州日报" in [row[SOURCE_FIELDS.index("publisher")] for row in rows]
    # A link shows its site and opens the page.
    assert '<a href="https://dzb.dezhoudaily.com/shtml/dzrb/2022/20220712/879620.shtml"' in table
    # Issue 11: the map rules and the licences, pointing at the files that hold them.
    assert [w.value for w in at.warning] == [t("about.rules_text", "zh")]
    assert t("about.licences_text", "zh") in [c.value for c in at.caption]
    assert _folium_maps(at) == []  # the map is not drawn on the about page


def test_about_page_in_english_keeps_the_sidebar():
    at = _app(lang="en")
    at.switch_page("pages/about.py").run()
    _no_exception(at)
    assert [title.value for title in at.title] == ["Sources and notes"]
    assert at.sidebar.radio(key="w_lang").value == "en"
    assert dict(at.query_params) == {"lang": "en"}


def test_sidebar_changes_update_the_url():
    at = _app()
    assert dict(at.query_params) == {}
    at.sidebar.radio(key="w_lang").set_value("en").run()
    _no_exception(at)
    assert dict(at.query_params) == {"lang": "en"}
    assert _map_title(at) == t("app.title", "en")
    at.button_group(key="w_segments_en").set_value(["cells", "pack"]).run()
    assert dict(at.query_params) == {"seg": "cells,pack", "lang": "en"}
    at.sidebar.selectbox(key="w_basemap_en").set_value("osm").run()
    assert dict(at.query_params) == {"seg": "cells,pack", "lang": "en", "basemap": "osm"}
    at.button_group(key="w_segments_en").set_value([]).run()
    assert dict(at.query_params)["seg"] == ""
    assert "Nothing matches the current filters." in " ".join(w.value for w in at.warning)


def test_language_survives_the_next_interaction():
    """The first rerun after a change must not fall back to the URL-less defaults."""
    at = _app()
    at.sidebar.radio(key="w_lang").set_value("en").run()
    at.run()
    _no_exception(at)
    assert _map_title(at) == t("app.title", "en")
    assert dict(at.query_params) == {"lang": "en"}


def test_reset_restores_the_filters_but_keeps_the_language():
    at = _app(seg="cells", status="operating", layers="chain", lang="en")
    assert dict(at.query_params) == {"seg": "cells", "status": "operating", "layers": "chain", "lang": "en"}
    reset = [b for b in at.sidebar.button if b.label == t("sidebar.reset", "en")]
    assert len(reset) == 1
    reset[0].click().run()
    _no_exception(at)
    assert dict(at.query_params) == {"lang": "en"}


def test_cold_server_runs_the_router_for_a_deep_link(monkeypatch):
    # Undo the warm-server fixture: PagesManager detects pages/ on every AppTest run, as a cold server
    # does until the first st.navigation call. The second run requests the map page by its hash.
    monkeypatch.undo()
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    at.query_params["lang"] = "en"
    at.run()
    at.run()
    _no_exception(at)
    assert [radio.key for radio in at.sidebar.radio] == ["w_lang"]
    assert at.sidebar.radio(key="w_lang").value == "en"
    assert _map_title(at) == t("app.title", "en")


def test_the_sidebar_has_a_widget_per_dimension():
    """Each filter dimension with a widget (geo.filters.DIMENSIONS) is in the sidebar, keyed, labelled
    and seeded from the URL by its declaration, and writes its URL parameter back on change."""
    narrowed = {d: d.choices[1:3] for d in DIMENSIONS}
    at = _app(lang="en", **{d.param: ",".join(narrowed[d]) for d in DIMENSIONS})
    _no_exception(at)
    for d in DIMENSIONS:
        assert at.session_state[d.attr] == list(narrowed[d])
    for d in (d for d in DIMENSIONS if d.widget is not None):
        widget = (at.button_group if d.widget == "pills" else at.multiselect)(key=f"w_{d.attr}_en")
        assert widget.label == t(d.label_key, "en")
        assert list(widget.value) == list(narrowed[d])
        widget.set_value(list(d.choices[:1])).run()
        _no_exception(at)
        assert dict(at.query_params)[d.param] == d.choices[0]
