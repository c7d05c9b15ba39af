"""The charts in a real browser with no internet (issue 13, point 6): every chart of the tracker and the chain
page renders (an SVG or canvas with a size inside each .vega-embed) from Streamlit's own bundle, with zero
refused requests, at 1920×1080 and 1280×720, in Chinese and English; the first chart is above the fold,
nothing is cut off, no word of the other language; a click on a node of the chain graph filters the map
and the lists. Screenshots in test-artifacts/screenshots/charts_*.png."""

from __future__ import annotations

import pytest

from geo.figures.chain import chain_summary
from geo.i18n import t
from tests.langscan import foreign_words

from .helpers import SCREENSHOTS, MapPage
from .test_chain import full_screenshot, no_exception, open_page, remote_requests

SIZES = {"1920x1080": {"width": 1920, "height": 1080}, "1280x720": {"width": 1280, "height": 720}}
PAGES = {"tracker": ("page.tracker", "tracker.title", 2), "chain": ("page.chain", "diagram.title", 4)}

# Each chart's box, drawn marks and text, and whether it fits the main column.
_CHARTS_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"] [data-testid="stMainBlockContainer"]')
               || document.querySelector('[data-testid="stMain"]');
  const right = main.getBoundingClientRect().right;
  return [...document.querySelectorAll('.vega-embed')].map(e => {
    const g = e.querySelector('svg, canvas');
    const box = g ? g.getBoundingClientRect() : {width: 0, height: 0, top: 0, right: 0};
    return {width: box.width, height: box.height, top: box.top + window.scrollY, right: box.right,
            mainRight: right, marks: e.querySelectorAll('svg path, svg text, canvas').length,
            text: [...e.querySelectorAll('svg text')].map(x => x.textContent).join(' ')};
  });
}"""


def charts(page) -> list[dict]:
    return page.evaluate(_CHARTS_JS)


def wait_for_charts(page, n: int) -> list[dict]:
    page.wait_for_function(
        f"""() => {{ const e = [...document.querySelectorAll('.vega-embed')];
                   return e.length >= {n} && e.every(x => {{ const g = x.querySelector('svg, canvas');
                     return g && g.getBoundingClientRect().width > 0 && x.querySelectorAll('svg text').length > 3;
                   }}); }}""")
    page.wait_for_timeout(300)  # let the last chart finish its layout (not an assertion wait)
    return charts(page)


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_every_chart_renders_offline(qcm: MapPage, page, name, lang, size):
    link, title, count = PAGES[name]
    page.set_viewport_size(SIZES[size])
    open_page(qcm, link, lang)
    page.get_by_role("heading", level=1, name=t(title, lang)).wait_for()
    drawn = wait_for_charts(page, count)
    assert len(drawn) == count
    viewport = SIZES[size]
    for chart in drawn:
        assert chart["width"] > 100 and chart["height"] > 100, chart
        assert chart["marks"] > 5, chart
        assert chart["right"] <= chart["mainRight"] + 1, chart  # nothing cut off at the right
        assert foreign_words(chart["text"], lang) == [], foreign_words(chart["text"], lang)
    # the first chart starts above the fold, right under the title
    assert drawn[0]["top"] < viewport["height"] * 0.6, drawn[0]["top"]
    if name == "tracker" and size == "1920x1080":  # the rings and the capacity mix side by side: one row
        assert abs(drawn[0]["top"] - drawn[1]["top"]) < 60, (drawn[0]["top"], drawn[1]["top"])
    no_exception(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"charts_{name}_{lang}_{size}.png"))
    if size == "1920x1080":
        full_screenshot(page, f"charts_{name}_{lang}_full")
    assert remote_requests(page) == [], remote_requests(page)[:10]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_click_on_a_chain_node_filters_map_and_lists(qcm: MapPage, page, data, lang):
    page.set_viewport_size(SIZES["1280x720"])
    open_page(qcm, "page.chain", lang)
    wait_for_charts(page, 4)
    summary = chain_summary(data.records)

    def node(node_id: str):
        s = summary[node_id]
        label = t("chart.chain.aria", lang, name=t(f"chain_node.{node_id}", lang), n=s.entities + s.assets,
                  strength=t(f"chart.chain.strength.{s.status or 'none'}", lang))
        return page.locator(f'.vega-embed [aria-label="{label}"]')

    node("cells").click()
    assert qcm.wait_query(lambda q: "node" in q)["node"] == "cells"
    chosen = t("chain_node.cells", lang)
    page.get_by_text(t("diagram.active", lang, nodes=chosen, count=len(summary["cells"].ids))).wait_for()
    assert qcm.sidebar.get_by_text(t("sidebar.node_filter", lang, nodes=chosen)).is_visible()
    wait_for_charts(page, 4)
    page.screenshot(path=str(SCREENSHOTS / f"charts_chain_clicked_{lang}.png"))

    node("wind").click()  # another node: the filter follows
    assert qcm.wait_query(lambda q: q.get("node") == "wind")["node"] == "wind"
    page.get_by_role("link", name=t("diagram.open_map", lang)).click()
    page.get_by_role("heading", level=1, name=t("app.title", lang)).wait_for()
    assert qcm.query().get("node") == "wind"
    assert remote_requests(page) == [], remote_requests(page)[:10]


@pytest.fixture(scope="module")
def data(dataset):
    return dataset
