"""The map page as a person uses it, in a real browser with no internet.

Expected numbers come from the bundled data (geo.data.dataset + geo.filters), never hard-coded.
Screenshots of each state land in test-artifacts/screenshots/.
"""

from __future__ import annotations

import re

import pytest

from geo.data.dataset import load_dataset
from geo.filters import ViewState, visible_records
from geo.i18n import t
from geo.map.layers import drawn_on_map
from geo.model import POINT_LAYERS, SEGMENTS

from .helpers import GAODE_TEST_HOST, XSS_ID, XSS_NAME, MapPage, wait_until

STALE_LABEL_BUG = ("app bug: after switching the language, the basemap selectbox and the township multiselect "
                   "in the sidebar (ui/sidebar.py sidebar(): st.selectbox key='basemap' and st.multiselect "
                   "key='townships', labels from format_func) keep showing the previous language's labels "
                   "for the selected values, while their options are in the new language")

@pytest.fixture(scope="module")
def data(dataset):
    return dataset


def expected_counts(data, state: ViewState) -> dict[str, int]:
    """What the map should draw for ``state``: one count per layer, from the data."""
    records = visible_records(data.records, state)
    counts = {}
    if "boundary" in state.layers:
        counts["context"] = len(data.context)
        counts["boundary"] = len(data.county)
    if "park" in state.layers:
        counts["park"] = len(data.park)
    for layer in POINT_LAYERS:
        if layer in state.layers:  # rooftop PV at invented positions is counted, never drawn
            counts[layer] = len(drawn_on_map(records[records["layer"] == layer]))
    return counts


def chain_records(data, state: ViewState):
    records = visible_records(data.records, state)
    return records[records["layer"] == "chain"]


def segment_counts(data, state: ViewState) -> dict[str, int]:
    chain = chain_records(data, state)
    return {f"segment.{s}": int((chain["chain_segment"] == s).sum()) for s in state.segments}


def record(data, record_id: str):
    return data.records[data.records["id"] == record_id].iloc[0]


def assert_no_exception(page) -> None:
    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, f"Streamlit shows an exception: {exceptions.first.inner_text()}"


def open_tooltip_by_script(qcm: MapPage, layer: str, record_id: str) -> list[dict]:
    qcm.map_frame().evaluate(
        """async ([layer, id]) => { const e = window.qcmLayers[layer];
                                    e.openTooltipAt(await e.indexOf(id)); }""", [layer, record_id])
    qcm.map_frame().wait_for_selector(".leaflet-tooltip .qcm-tip-name", state="visible")
    return qcm.tooltip_texts()


# --- loading -----------------------------------------------------------------------------------


def test_map_loads_offline_and_draws_the_data(qcm, page, data):
    qcm.open("/")
    state = ViewState()
    expected = expected_counts(data, state)
    assert qcm.wait_counts(expected) == expected

    # Nothing outside this machine was asked for but the default basemap's tiles (Gaode, blocked here:
    # the map falls back to its plain background, tests/e2e/test_map_rendering.py).
    assert all(GAODE_TEST_HOST in url for url in page.qcm_blocked), page.qcm_blocked[:10]

    assert page.get_by_role("heading", level=1).first.inner_text().strip() == t("app.title", "zh")
    assert "庆云" in page.title(), page.title()
    assert page.locator(".qcm-date").is_visible()  # the title row: the county and the data's dates
    capacity = float(data.fact("newenergy_capacity_mw")["value"])
    kpi = page.locator(".st-key-qcm_kpis .qcm-kpi-value").filter(has_text=f"{capacity:,.0f} MW")
    assert kpi.first.is_visible()
    assert page.get_by_text(t("kpi.capacity", "zh")).first.is_visible()

    legend = qcm.legend()
    assert legend["chain"] == expected["chain"]
    assert legend["wind_farm"] == expected["wind_farm"]
    assert legend["pv_rooftop"] == int((data.records["layer"] == "pv_rooftop").sum())
    for key, count in segment_counts(data, state).items():
        assert legend[key] == count, key
    assert_no_exception(page)
    qcm.screenshot("map_zh")


def test_about_page_loads(qcm, page, data):
    page.goto(qcm.base + "/about")
    page.get_by_role("heading", name=t("about.title", "zh")).first.wait_for()
    table = page.locator("table.qcm-sources").first
    table.wait_for()
    assert page.get_by_text(t("about.sources", "zh"), exact=True).first.is_visible()
    # A table that wraps: every column inside the page at this size (no sideways scrolling).
    main = page.locator('[data-testid="stMainBlockContainer"]').bounding_box()
    box = table.bounding_box()
    assert box["x"] + box["width"] <= main["x"] + main["width"] + 1, (box, main)
    assert table.locator("a", has_text="dzb.dezhoudaily.com").count() >= 1  # a link shows its site
    assert_no_exception(page)
    assert page.qcm_blocked == [], page.qcm_blocked[:10]
    qcm.screenshot("about")


# --- filters -----------------------------------------------------------------------------------


def test_segment_pill_filters_the_map_and_reset_restores(qcm, page, data):
    qcm.open("/")
    full = expected_counts(data, ViewState())
    qcm.wait_counts(full)
    without_cells = ViewState(segments=tuple(s for s in SEGMENTS if s != "cells"))
    expected = expected_counts(data, without_cells)
    n_cells = int((chain_records(data, ViewState())["chain_segment"] == "cells").sum())
    assert n_cells > 0 and expected["chain"] == full["chain"] - n_cells
    assert qcm.legend()["segment.cells"] == n_cells

    cells_pill = qcm.pill(t("sidebar.segments", "zh"), t("segment.cells", "zh"))
    assert cells_pill.get_attribute("aria-pressed") == "true"
    cells_pill.click()

    assert qcm.wait_counts(expected) == expected
    qcm.wait_idle()
    drawn_ids = set(qcm.map_frame().evaluate("async () => (await window.qcmLayers.chain.points()).map(p => p.id)"))
    assert drawn_ids == set(chain_records(data, without_cells)["id"])
    query = qcm.wait_query(lambda q: "seg" in q)
    assert set(query["seg"].split(",")) == set(SEGMENTS) - {"cells"}
    assert cells_pill.get_attribute("aria-pressed") == "false"
    wait_until(page, lambda: "segment.cells" not in qcm.legend(), "the legend still shows cells as chosen")
    legend = qcm.legend()
    assert "segment.cells" not in legend
    assert legend["chain"] == expected["chain"]
    qcm.screenshot("filtered", at_map=True)

    qcm.sidebar.get_by_role("button", name=t("sidebar.reset", "zh")).click()
    assert qcm.wait_counts(full) == full
    qcm.wait_query(lambda q: "seg" not in q)
    assert cells_pill.get_attribute("aria-pressed") == "true"
    wait_until(page, lambda: "segment.cells" in qcm.legend(), "the legend does not show cells as chosen")
    assert qcm.legend()["segment.cells"] == n_cells


# --- the map: popups, tooltips, search ----------------------------------------------------------


def test_clicking_a_marker_selects_it_and_rings_it_without_a_popup(qcm, page, data):
    qcm.open("/")
    qcm.wait_counts(expected_counts(data, ViewState()))
    target = qcm.isolated_marker("chain")
    qcm.click_marker(target)
    qcm.wait_query(lambda q: q.get("sel") == target["id"])
    qcm.map_frame().wait_for_function(
        "(id) => window.qcmLayers.__highlight && window.qcmLayers.__highlight.id === id", arg=target["id"])
    qcm.screenshot("select_click", at_map=True)
    assert qcm.map_frame().locator(".leaflet-popup").count() == 0  # the details are beside the map


# Regression: outlines and point layers once sat in separate SVG/canvas layers, and the top one (the
# filled county outline) took every pointer event, so no marker inside the county could be hovered
# or clicked, and a wind farm under the chain layer's canvas neither.
@pytest.mark.parametrize("layer", ["chain", "wind_farm"])
def test_hovering_a_marker_shows_its_name(qcm, page, data, layer):
    qcm.open("/")
    qcm.wait_counts(expected_counts(data, ViewState()))
    target = qcm.isolated_marker(layer)
    rec = record(data, target["id"])
    # Two moves inside the marker (radius >= 8 px), so the pointer never crosses anything else.
    page.mouse.move(target["x"] + 3, target["y"] + 3)
    page.mouse.move(target["x"], target["y"], steps=3)
    try:
        qcm.map_frame().wait_for_selector(".leaflet-tooltip .qcm-tip-name", state="visible", timeout=5000)
    except Exception as exc:
        raise AssertionError(f"no marker tooltip; tooltips open: {qcm.tooltip_texts()}") from exc
    names = [tip["name"] for tip in qcm.tooltip_texts()]
    assert names == [rec["name_zh"]]


def test_tooltip_shows_name_and_the_illustrative_warning(qcm, data):
    qcm.open("/")
    qcm.wait_counts(expected_counts(data, ViewState()))
    chain = chain_records(data, ViewState())
    rec = chain[chain["location_provenance"] == "illustrative"].iloc[0]
    open_tooltip_by_script(qcm, "chain", rec["id"])
    qcm.map_frame().wait_for_selector(".leaflet-tooltip .qcm-tip-warn", state="visible")
    tip = qcm.map_frame().locator(".leaflet-tooltip:has(.qcm-tip)").first.inner_text()
    # Issue 11: a record whose existence is reported but whose position is not says exactly that.
    warning = "popup.reported_illustrative_warning" if rec["provenance"] == "reported" else "popup.illustrative_warning"
    assert rec["name_zh"] in tip and t(warning, "zh") in tip


def test_search_selects_and_rings_a_record_without_zooming_in(qcm, page, data):
    frame = qcm.open("/?basemap=none")
    qcm.wait_counts(expected_counts(data, ViewState()))
    before = frame.evaluate("() => window.map.getZoom()")
    searchable = data.records[data.records["layer"] != "pv_rooftop"]
    hits = searchable[searchable["name_zh"].str.contains("宇拓")]
    assert len(hits) >= 1
    rec = hits[hits["kind"] == "project"].iloc[0] if (hits["kind"] == "project").any() else hits.iloc[0]

    qcm.choose(t("map.search", "zh"), re.compile(re.escape(rec["name_zh"])), typed="宇拓")

    frame = qcm.map_frame()
    frame.wait_for_function(
        "(id) => window.qcmLayers.__highlight && window.qcmLayers.__highlight.id === id"
        " && window.map.hasLayer(window.qcmLayers.__highlight.layer)", arg=rec["id"])
    assert qcm.wait_query(lambda q: "sel" in q)["sel"] == rec["id"]
    page.wait_for_timeout(1000)
    assert frame.evaluate("() => window.map.getZoom()") == before  # the county stays in view
    assert frame.evaluate("([lat, lng]) => window.map.getBounds().contains([lat, lng])", [rec["lat"], rec["lon"]])
    assert frame.locator(".leaflet-popup").count() == 0
    ring = frame.evaluate(
        "() => { const ll = window.qcmLayers.__highlight.layer.getLayers()[0].getLatLng(); return [ll.lat, ll.lng]; }")
    assert ring == pytest.approx([rec["lat"], rec["lon"]], abs=2e-5)
    qcm.screenshot("search_selected", at_map=True)


# --- language, basemaps, URL ------------------------------------------------------------------


def test_switch_to_english(qcm, page, data):
    qcm.open("/")
    qcm.wait_counts(expected_counts(data, ViewState()))
    mark = qcm.mark_map()
    qcm.sidebar.locator('[data-testid="stRadioOption"]').filter(has_text="English").click()

    page.get_by_role("heading", level=1, name=t("app.title", "en")).wait_for()
    qcm.wait_map_replaced(mark)
    expected = expected_counts(data, ViewState(lang="en"))
    assert qcm.wait_counts(expected) == expected
    assert qcm.wait_query(lambda q: "lang" in q)["lang"] == "en"

    legend = page.locator(".st-key-qcm_legend")
    assert t("legend.title", "en") in legend.inner_text()
    assert qcm.legend_label("seg_cells").startswith(t("segment.cells", "en"))
    assert page.get_by_role("combobox", name=t("map.search", "en")).is_visible()
    assert qcm.pill(t("sidebar.segments", "en"), t("segment.cells", "en")).is_visible()

    chain = chain_records(data, ViewState(lang="en"))
    rec = chain.iloc[0]
    tips = open_tooltip_by_script(qcm, "chain", rec["id"])
    assert rec["name_en"] in [tip["name"] for tip in tips]
    assert not any(re.search(r"[\u4e00-\u9fff]", tip["text"]) for tip in tips), tips
    qcm.screenshot("map_en", at_map=True)


def test_switching_language_relabels_the_sidebar_choices(qcm, page, data):
    # The township filter is offered once it narrows something (no bundled record has a township):
    # a link that narrows it shows it.
    towns = ",".join(data.townships["code"])
    qcm.open(f"/?town={towns}")
    box = page.get_by_role("combobox", name=t("sidebar.basemap", "zh"), exact=True)
    assert box.input_value() == t("basemap.auto", "zh")
    zh_towns = dict(zip(data.townships["code"], data.townships["name_zh"], strict=True))
    en_towns = dict(zip(data.townships["code"], data.townships["name_en"], strict=True))
    wait_until(page, lambda: qcm.township_tags(), "no township tags shown")
    assert set(qcm.township_tags()) <= set(zh_towns.values())

    qcm.sidebar.locator('[data-testid="stRadioOption"]').filter(has_text="English").click()
    page.get_by_role("heading", level=1, name=t("app.title", "en")).wait_for()
    qcm.wait_idle()
    box = page.get_by_role("combobox", name=t("sidebar.basemap", "en"), exact=True)
    wait_until(page, lambda: box.input_value() == t("basemap.auto", "en"),
               lambda: f"the basemap box still reads {box.input_value()!r} in English", timeout_s=6)
    english = set(en_towns.values())
    wait_until(page, lambda: set(qcm.township_tags()) <= english,
               lambda: f"the township tags still read {qcm.township_tags()[:3]} in English", timeout_s=6)


def test_basemaps_keep_the_filter_and_convert_to_gcj02(qcm, page, data):
    qcm.open("/")
    qcm.wait_counts(expected_counts(data, ViewState()))
    state = ViewState(segments=tuple(s for s in SEGMENTS if s != "cells"))
    expected = expected_counts(data, state)
    qcm.pill(t("sidebar.segments", "zh"), t("segment.cells", "zh")).click()
    qcm.wait_counts(expected)
    qcm.wait_idle()
    truth = {r.id: (r.lon, r.lat) for r in chain_records(data, state).itertuples()}

    for basemap, host in (("osm", "openstreetmap.org"), ("gaode", GAODE_TEST_HOST)):
        mark = qcm.mark_map()
        qcm.choose(t("sidebar.basemap", "zh"), t(f"basemap.{basemap}", "zh"))
        frame = qcm.wait_map_replaced(mark)
        assert qcm.wait_counts(expected) == expected
        query = qcm.wait_query(lambda q, b=basemap: q.get("basemap") == b)
        assert set(query["seg"].split(",")) == set(state.segments), query
        assert qcm.pill(t("sidebar.segments", "zh"), t("segment.cells", "zh")).get_attribute("aria-pressed") == "false"
        # The tiles are remote: the router blocked them, the map fell back to its plain background
        # (tests/e2e/test_map_rendering.py) and the page lives on without them.
        frame.wait_for_function("() => window.qcmBasemap && window.qcmBasemap.state === 'fallback'")
        wait_until(page, lambda h=host: any(h in u for u in page.qcm_blocked),
                   lambda h=host: f"no {h} tile was requested; blocked: {page.qcm_blocked[:5]}")
        assert_no_exception(page)

        drawn = {p["id"]: (p["lng"], p["lat"]) for p in qcm.marker_points("chain")}
        assert set(drawn) == set(truth)
        for rid, (lon, lat) in truth.items():
            dlon, dlat = drawn[rid][0] - lon, drawn[rid][1] - lat
            if basemap == "gaode":
                assert 0.005 <= dlon <= 0.007 and 0.0005 <= dlat <= 0.0015, (rid, dlon, dlat)
            else:
                assert abs(dlon) < 1e-5 and abs(dlat) < 1e-5, (rid, dlon, dlat)
        # The note about GCJ-02 tells a person why the markers moved.
        if basemap == "gaode":
            assert page.get_by_text(t("sidebar.gcj_note", "zh")).is_visible()
            qcm.screenshot("gaode", at_map=True)


def test_url_round_trip_cells_in_english(qcm, page, data):
    qcm.open("/?seg=cells&lang=en")
    state = ViewState(segments=("cells",), lang="en")
    expected = expected_counts(data, state)
    assert qcm.wait_counts(expected) == expected
    ids = set(qcm.map_frame().evaluate("async () => (await window.qcmLayers.chain.points()).map(p => p.id)"))
    cells = chain_records(data, state)
    assert ids == set(cells["id"]) and len(ids) > 0
    assert (cells["chain_segment"] == "cells").all()
    page.get_by_role("heading", level=1, name=t("app.title", "en")).wait_for()
    legend = qcm.legend()
    assert {k for k in legend if k.startswith("segment.")} == {"segment.cells"}
    assert legend["segment.cells"] == len(cells)
    for segment in SEGMENTS:
        pressed = qcm.pill(t("sidebar.segments", "en"), t(f"segment.{segment}", "en")).get_attribute("aria-pressed")
        assert pressed == ("true" if segment == "cells" else "false"), segment
    assert qcm.query() == {"seg": "cells", "lang": "en"}
    assert_no_exception(page)
    qcm.screenshot("url_cells_en")


def test_empty_segment_url_shows_nothing_matches(qcm, page, data):
    qcm.open("/?seg=")
    state = ViewState(segments=())
    expected = expected_counts(data, state)
    assert expected["chain"] == 0
    assert qcm.wait_counts(expected) == expected
    warning = page.locator('[data-testid="stAlert"]').filter(has_text=t("map.nothing_matches", "zh")[:12])
    warning.first.wait_for()
    assert_no_exception(page)
    assert qcm.query().get("seg") == ""
    for segment in SEGMENTS:
        pill = qcm.pill(t("sidebar.segments", "zh"), t(f"segment.{segment}", "zh"))
        assert pill.get_attribute("aria-pressed") == "false", segment
    qcm.screenshot("nothing_matches")


# --- hostile data ------------------------------------------------------------------------------


def test_hostile_record_text_is_shown_as_text(page, xss_app_url, xss_data_dir):
    qcm = MapPage(page, xss_app_url)
    data = load_dataset(xss_data_dir)
    assert XSS_ID in set(data.records["id"])
    qcm.open("/")
    expected = expected_counts(data, ViewState())
    assert qcm.wait_counts(expected) == expected
    frame = qcm.map_frame()
    assert XSS_ID in frame.evaluate("async () => (await window.qcmLayers.chain.points()).map(p => p.id)")

    tips = open_tooltip_by_script(qcm, "chain", XSS_ID)
    assert XSS_NAME in [tip["name"] for tip in tips]

    # Its name is drawn as a label (canvas text, never markup).
    frame.wait_for_function("(id) => window.qcmLayers.chain.labels().length > 0")
    # The search lists it as text; picking it selects it.
    qcm.choose(t("map.search", "zh"), re.compile(re.escape(XSS_NAME)), typed="img src")
    assert qcm.wait_query(lambda q: "sel" in q)["sel"] == XSS_ID
    assert page.get_by_role("combobox", name=t("map.search", "zh")).input_value().startswith(XSS_NAME)

    # The legend counts it, as a number in its segment.
    rec = record(data, XSS_ID)
    assert qcm.legend()[f"segment.{rec['chain_segment']}"] == segment_counts(data, ViewState())[
        f"segment.{rec['chain_segment']}"]

    for where, target in (("page", page), ("map frame", qcm.map_frame())):
        assert target.locator('img[src="x"]').count() == 0, f"an <img src=x> was created in the {where}"
        scripts = target.evaluate(
            "() => Array.from(document.scripts).filter(s => s.textContent.trim() === 'alert(2)').length")
        assert scripts == 0, f"the note became a <script> in the {where}"
    assert page.qcm_dialogs == [], page.qcm_dialogs
    qcm.screenshot("xss", at_map=True)
    assert page.qcm_dialogs == [], page.qcm_dialogs
