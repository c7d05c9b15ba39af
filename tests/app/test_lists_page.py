"""The lists page (pages/lists.py), run through app.py with streamlit.testing.v1.AppTest: every list in
both languages, the filters and search, the empty states, the selected row, the map and the exports.
A real row click and a real download are in tests/e2e/test_lists.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from shapely.geometry import Point
from streamlit.testing.v1 import AppTest

from geo.data.dataset import load_dataset, name_of
from geo.filters import ViewState
from geo.i18n import escape_markdown, t
from geo.lists.definitions import LIST_KEYS, build_list
from tests.app.editor import sign_in_editor

APP = str(Path(__file__).resolve().parents[2] / "app.py")
LISTS_PAGE = "pages/lists.py"
TIMEOUT_S = 60
FOLIUM_COMPONENT = "streamlit_folium.st_folium"




def lists_page(list_key: str = "enterprises", selected: str | None = None, **query_params: str) -> AppTest:
    """The app opened with ``query_params`` (on the map page), then the lists page on ``list_key``."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    if list_key == "targets":
        sign_in_editor(at)  # the investment targets are for editors only (issue 4, tests/app/test_roles.py)
    for name, value in query_params.items():
        at.query_params[name] = value
    at.run()
    at.session_state["qcm_list"] = list_key  # the tab the page opens on
    if selected:
        at.session_state["selected"] = selected  # as a row or marker click sets it
    at.switch_page(LISTS_PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def folium_args(at: AppTest) -> dict:
    maps = [json.loads(e.proto.json_args) for e in at.get("component_instance")
            if e.proto.component_name == FOLIUM_COMPONENT]
    assert len(maps) == 1
    return maps[0]


def highlight_in(feature_group: str) -> dict | None:
    match = re.search(r"\bqcmHighlight\(\s*", feature_group)
    return json.JSONDecoder().raw_decode(feature_group, match.end())[0] if match else None


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("list_key", LIST_KEYS)
def test_each_list_renders_with_its_headers_and_totals(dataset, list_key, lang):
    at = lists_page(list_key, lang=lang)
    assert [x.value for x in at.title] == [t("lists.title", lang)]
    expected = build_list(dataset, ViewState(lang=lang), list_key)
    (table,) = at.dataframe
    assert list(table.value.columns) == list(expected.display_frame().columns)
    assert list(table.value[t("field.id", lang)]) == list(expected.ids)
    metrics = {m.label: m.value for m in at.metric}
    for total in expected.totals:
        assert metrics[total.label] == total.text
    assert len(at.get("download_button")) == 2


def test_english_headers_and_values():
    at = lists_page("projects", lang="en")
    frame = at.dataframe[0].value
    assert list(frame.columns[:3]) == ["ID", "Name", "Stage"]
    assert "Annual output (GWh/yr, derived)" in frame.columns
    assert "Yutuo 5Ah Li-ion cell project (200000 cells/day)" in set(frame["Name"])
    assert [x.label for x in at.metric][:2] == ["Lead", "→ Signed"]  # the stage pipeline


def test_filters_from_the_url_apply(dataset):
    at = lists_page("enterprises", seg="cells")
    expected = build_list(dataset, ViewState(segments=("cells",)), "enterprises")
    assert list(at.dataframe[0].value["编号"]) == list(expected.ids) != []
    assert len(expected.ids) < expected.available  # the filter leaves enterprises out
    shown = t("lists.rows", "zh", shown=str(len(expected.ids)), available=str(expected.available))
    assert any(shown in c.value for c in at.caption)


def test_empty_filter_says_nothing_matches():
    at = lists_page("projects", status="")
    assert t("lists.nothing_matches", "zh") in [i.value for i in at.info]
    assert not at.dataframe
    assert {m.label: m.value for m in at.metric}[t("lists.total.count", "zh")] == "0"


def test_no_targets_yet_is_a_clear_empty_state():
    at = lists_page("targets")
    assert [i.value for i in at.info] == [t("lists.targets.empty", "zh")]
    assert at.dataframe[0].value.empty  # the columns are shown, so editors see what a target records
    assert t("lists.targets.reported", "zh") in [c.value for c in at.caption]


def test_search_box_filters_rows():
    at = lists_page("enterprises")
    at.text_input(key="qcm-search-enterprises").input("宇拓").run()
    assert list(at.dataframe[0].value["编号"]) == ["E-YUTUO"]
    at.text_input(key="qcm-search-enterprises").input("recycling").run()
    assert list(at.dataframe[0].value["编号"]) == ["E-RECYCLER"]


def test_selected_record_is_the_selected_row_and_on_the_map(dataset):
    at = lists_page("projects", sel="P-YUTUO-5AH", basemap="none")
    expected = build_list(dataset, ViewState(), "projects")
    selection = json.loads(at.dataframe[0].proto.selection_default)
    assert selection["selection"]["rows"] == [expected.row_of("P-YUTUO-5AH")]
    highlight = highlight_in(folium_args(at)["feature_group"])
    row = dataset.records.set_index("id").loc["P-YUTUO-5AH"]
    assert highlight["id"] == "P-YUTUO-5AH"  # the ring; the map pans there if off screen (qcm-layers.js)
    assert (highlight["lat"], highlight["lon"]) == pytest.approx((row["lat"], row["lon"]))
    assert t("lists.map.selected", "zh", name=row["name_zh"]) in [x.value for x in at.text]
    assert t("popup.illustrative_warning", "zh") in [w.value for w in at.warning]
    (link,) = at.get("page_link")
    assert link.proto.label == t("lists.map.open", "zh")


def test_the_page_opens_on_the_selected_records_list(dataset):
    at = lists_page("enterprises", sel="WIND-GEM-1")  # e.g. a wind farm clicked on the map page
    assert list(at.dataframe[0].value["编号"]) == list(build_list(dataset, ViewState(), "energy").ids)
    selection = json.loads(at.dataframe[0].proto.selection_default)
    assert selection["selection"]["rows"] == [0]


def test_selection_from_another_list_is_not_claimed():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    at.query_params["sel"] = "WIND-GEM-1"
    at.run()
    at.session_state["qcm-list-tabs-zh"] = t("lists.enterprises.title", "zh")  # the person's tab
    at.switch_page(LISTS_PAGE).run()
    assert at.dataframe[0].value["编号"].iloc[0] == "E-CONDUCTIVE"
    assert at.dataframe[0].proto.selection_default == ""
    record = load_dataset().records.set_index("id").loc["WIND-GEM-1"]
    named = t("lists.map.not_in_list", "zh", id=escape_markdown(name_of(record, "zh")))
    assert named in [i.value for i in at.info]  # by its name, as plain text


@pytest.mark.parametrize("crafted", ["[点此核对](https://evil.example/phish)", "![x](https://evil.example/a.png)",
                                     ":red[假消息] https://evil.example"])
def test_a_crafted_sel_link_shows_no_markdown(crafted):
    """Security review, point 13: the sel parameter went into st.info as Markdown, so a crafted link
    showed a working external link on the lists page. An id that names no record shows nothing."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    at.query_params["sel"] = crafted
    at.switch_page(LISTS_PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    shown = [e.proto.body for e in at.get("markdown")] + [i.value for i in at.info] + [c.value for c in at.caption]
    assert not any("evil.example" in text for text in shown)


def test_plots_are_drawn_on_the_lists_map(dataset):
    args = folium_args(lists_page("plots", selected="PLOT-B2", basemap="none"))
    assert "qcmPolygonLayer" in args["feature_group"] and '"name": "park_plots"' in args["feature_group"]
    highlight = highlight_in(args["feature_group"])
    plot = dataset.park_plots.set_index("id").loc["PLOT-B2"].geometry
    assert highlight["id"] == "PLOT-B2"
    assert plot.contains(Point(highlight["lon"], highlight["lat"]))


def test_the_map_returns_only_the_clicked_object():
    args = folium_args(lists_page("energy"))
    assert args["returned_objects"] == ["last_object_clicked"]
