"""The chain diagram and the "1612" tracker in a real browser with no internet: clicking a chain
node filters the map; both pages render in zh and en (screenshots in test-artifacts/screenshots/)."""

from __future__ import annotations

import pytest

from geo import units
from geo.figures.chain import chain_summary
from geo.figures.tracker import DEFAULT_ASSUMPTIONS, tracker_figures
from geo.filters import ViewState, visible_records
from geo.i18n import t
from geo.map.layers import drawn_on_map
from geo.model import POINT_LAYERS

from .helpers import GAODE_TEST_HOST, SCREENSHOTS, MapPage, wait_until

TALL = {"width": 1600, "height": 2600}  # the whole diagram in one screenshot


@pytest.fixture(scope="module")
def data(dataset):
    return dataset


def point_counts(data, state: ViewState) -> dict[str, int]:
    records = visible_records(data.records, state)
    return {layer: len(drawn_on_map(records[records["layer"] == layer])) for layer in POINT_LAYERS}


def remote_requests(page) -> list[str]:
    """What the page asked of other hosts, but the default basemap's tiles (blocked: the map falls back)."""
    return [url for url in page.qcm_blocked if GAODE_TEST_HOST not in url]


def open_page(qcm: MapPage, title_key: str, lang: str = "zh") -> None:
    """Through the sidebar's navigation, as a person does (a deep link on a cold server is a known
    router bug, see tests/app/test_pages.py), once the first page has loaded: navigating while the
    first run is still going leaves the sidebar's township filter empty in the browser (a sidebar
    bug, reported), which the next click then applies."""
    qcm.open("/?lang=en" if lang == "en" else "/")
    qcm.wait_idle()
    qcm.sidebar.get_by_role("link", name=t(title_key, lang)).click()


def no_exception(page) -> None:
    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, exceptions.first.inner_text()


def full_screenshot(page, name: str) -> None:
    """The whole page in one image: a tall viewport, so Streamlit's inner scroll area shows it all."""
    size = page.viewport_size
    page.set_viewport_size(TALL)
    page.wait_for_timeout(300)  # let the layout settle after the resize (not an assertion wait)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    page.set_viewport_size(size)


def test_clicking_a_chain_node_filters_the_map(qcm, page, data):
    open_page(qcm, "page.chain")
    page.get_by_role("heading", level=1, name=t("diagram.title", "zh")).wait_for()
    cells = page.locator(".st-key-node-cells")
    summary = chain_summary(data.records)["cells"]
    cells.get_by_text(t("diagram.count_line", "zh", enterprises=summary.enterprises,
                        projects=summary.projects)).wait_for()
    no_exception(page)
    full_screenshot(page, "chain_zh")

    cells.get_by_role("button", name=t("diagram.filter_button", "zh")).click()
    assert qcm.wait_query(lambda q: "node" in q)["node"] == "cells"
    page.get_by_text(t("diagram.active", "zh", nodes="电芯", count=len(summary.ids))).wait_for()
    assert qcm.sidebar.get_by_text(t("sidebar.node_filter", "zh", nodes="电芯")).is_visible()

    page.get_by_role("link", name=t("diagram.open_map", "zh")).click()
    page.get_by_role("heading", level=1, name=t("app.title", "zh")).wait_for()
    expected = point_counts(data, ViewState(nodes=("cells",)))
    at_cells = data.records[data.records["chain_node"] == "cells"]
    assert expected == {layer: int((at_cells["layer"] == layer).sum()) for layer in POINT_LAYERS}
    assert expected["chain"] > 0 and expected["pv_rooftop"] == 0
    drawn = qcm.wait_counts(expected)
    assert {layer: drawn[layer] for layer in POINT_LAYERS} == expected
    ids = qcm.map_frame().evaluate("async () => (await window.qcmLayers.chain.points()).map(p => p.id)")
    assert sorted(ids) == sorted(at_cells.loc[at_cells["layer"] == "chain", "id"])
    assert qcm.query().get("node") == "cells"
    qcm.screenshot("chain_node_on_map")

    qcm.sidebar.get_by_role("button", name=t("sidebar.node_clear", "zh")).click()
    everything = point_counts(data, ViewState())
    drawn = qcm.wait_counts(everything)
    assert {layer: drawn[layer] for layer in POINT_LAYERS} == everything
    wait_until(page, lambda: "node" not in qcm.query(), "the node filter stayed in the URL")
    assert remote_requests(page) == [], remote_requests(page)[:10]


def test_a_green_power_node_filters_the_energy_layers(qcm, page, data):
    open_page(qcm, "page.chain")
    page.locator(".st-key-node-wind").get_by_role("button", name=t("diagram.filter_button", "zh")).click()
    assert qcm.wait_query(lambda q: "node" in q)["node"] == "wind"
    page.get_by_role("link", name=t("diagram.open_map", "zh")).click()
    expected = point_counts(data, ViewState(nodes=("wind",)))
    at_wind = data.records[data.records["chain_node"] == "wind"]
    assert expected == {layer: int((at_wind["layer"] == layer).sum()) for layer in POINT_LAYERS}
    assert expected["wind_farm"] > 0 and expected["pv_rooftop"] == 0
    drawn = qcm.wait_counts(expected)
    assert {layer: drawn[layer] for layer in POINT_LAYERS} == expected


def test_chain_diagram_in_english_and_its_overview_graph(qcm, page):
    open_page(qcm, "page.chain", "en")
    page.get_by_role("heading", level=1, name=t("diagram.title", "en")).wait_for()
    separator = page.locator(".st-key-node-separator")
    separator.get_by_text(t("diagram.badge_extension", "en", source="S2")).filter(visible=True).first.wait_for()
    separator.get_by_text(t("diagram.badge_gap", "en")).filter(visible=True).first.wait_for()
    full_screenshot(page, "chain_en")
    page.get_by_text(t("diagram.overview", "en")).click()
    # Graphviz renders inside Streamlit's own bundle: an SVG with every node, offline.
    svg = page.locator('[data-testid="stGraphVizChart"] svg')
    svg.first.wait_for()
    assert svg.locator("g.node").count() == 15
    svg.first.scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator('[data-testid="stGraphVizChart"]').screenshot(path=str(SCREENSHOTS / "chain_overview_en.png"))
    no_exception(page)
    assert remote_requests(page) == [], remote_requests(page)[:10]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_tracker_shows_the_goals_and_the_green_power_balance(qcm, page, data, lang):
    open_page(qcm, "page.tracker", lang)
    page.get_by_role("heading", level=1, name=t("tracker.title", lang)).wait_for()
    figures = tracker_figures(data.records, data.facts)
    now, goal = figures.cells_gwh, figures.targets["cells"]
    first_bar = t("tracker.bar", lang, label=t("tracker.target.cells", lang), current=f"{now:.2f} GWh",
                  target=f"{goal:.2f} GWh", share=f"{now / goal:.1%}", remaining=f"{goal - now:.2f} GWh")
    # The charts lead (tests/e2e/test_charts.py); the bars and the assumptions fold out beneath them.
    page.get_by_text(t("chart.tracker.details", lang)).click()
    page.get_by_text(first_bar).wait_for()
    assert page.locator('[data-testid="stProgress"]').count() == 5
    page.get_by_text(t("green.title", lang)).wait_for()
    no_exception(page)
    full_screenshot(page, f"tracker_{lang}")

    page.get_by_text(t("tracker.include_renovating", lang)).click()
    renovating = tracker_figures(data.records, data.facts, DEFAULT_ASSUMPTIONS.with_(include_renovating=True))
    assert renovating.cells_gwh > now  # the data has renovating cell projects
    page.get_by_text(f"{t('tracker.target.cells', lang)}{'：' if lang == 'zh' else ': '}"
                     f"{units.gwh(renovating.cells_gwh)}").wait_for()
    assert remote_requests(page) == [], remote_requests(page)[:10]
