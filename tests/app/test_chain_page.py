"""The chain diagram page through the router (AppTest): nodes, numbers, badges, the node filter."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import units
from geo.chain import NODE_IDS
from geo.figures.chain import chain_summary
from geo.filters import ViewState, filter_records
from geo.i18n import t
from tests.app.editor import sign_in_editor
from tests.mapscript import drawn_ids, payloads_in

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT_S = 30
FOLIUM_COMPONENT = "streamlit_folium.st_folium"




def chain_page(editor: bool = False, **query_params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    if editor:
        sign_in_editor(at)
    for name, value in query_params.items():
        at.query_params[name] = value
    at.run()
    at.switch_page("pages/chain.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown] + [c.value for c in at.caption]


def chain_ids_on_map(at: AppTest) -> list[str]:
    """The ids the map page's chain layer would draw (its payload inside st_folium's arguments)."""
    maps = [e for e in at.get("component_instance") if e.proto.component_name == FOLIUM_COMPONENT]
    assert len(maps) == 1
    feature_group = json.loads(maps[0].proto.json_args)["feature_group"]
    drawn = payloads_in(feature_group)
    if "chain" not in drawn:
        raise AssertionError("no chain layer drawn")
    return drawn_ids(drawn["chain"])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_node_is_drawn_with_its_button(lang):
    at = chain_page(lang=lang)
    assert [title.value for title in at.title] == [t("diagram.title", lang)]
    keys = {b.key for b in at.button}
    assert {f"filter-{node_id}" for node_id in NODE_IDS} <= keys
    shown = " ".join(texts(at))
    for node_id in NODE_IDS:
        assert f"**{t(f'chain_node.{node_id}', lang)}**" in shown, node_id


def _summary(dataset, **filters):
    """The chain summary of the data (checked against the records in tests/figures/test_chain.py)."""
    return chain_summary(filter_records(dataset.records, ViewState(**filters)))


def test_the_numbers_from_the_lists_are_shown(dataset):
    shown = texts(chain_page())
    summary = _summary(dataset)
    cells, wind, solar = summary["cells"], summary["wind"], summary["solar"]
    assert t("diagram.count_line", "zh", enterprises=cells.enterprises, projects=cells.projects) in shown
    assert units.cells_per_day(cells.cells_per_day, "zh") in shown
    assert t("diagram.output_line", "zh", value=units.yuan(cells.output_value_cny_per_year, "zh")) in shown
    for energy in (wind, solar):
        assert t("diagram.assets_line", "zh", assets=f"{energy.assets:,}", enterprises=energy.enterprises) in shown
        operating = energy.capacity_mw_operating or 0.0
        assert t("diagram.mw_line", "zh", operating=units.mw(operating, "zh"),
                 other=units.mw(energy.capacity_mw - operating, "zh"), n=energy.capacity_mw_records) in shown


def test_numbers_in_english(dataset):
    shown = texts(chain_page(lang="en"))
    cells = _summary(dataset)["cells"]
    assert units.cells_per_day(cells.cells_per_day, "en") in shown
    assert f"Output {units.yuan(cells.output_value_cny_per_year, 'en')}/yr" in shown


def _badges(at: AppTest, key: str, lang: str, **fields) -> int:
    label = t(key, lang, **fields)
    return sum(label in m.value for m in at.markdown)


def _verdicts(dataset, status, weak_below=2, **filters):
    records = filter_records(dataset.records, ViewState(**filters))
    return sum(s.status == status for s in chain_summary(records, weak_below=weak_below).values())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_gaps_weak_links_and_extension_targets_are_marked(dataset, lang):
    at = chain_page(lang=lang)
    assert _badges(at, "diagram.badge_gap", lang) == _verdicts(dataset, "gap") > 0
    assert _badges(at, "diagram.badge_weak", lang) == _verdicts(dataset, "weak")
    assert _badges(at, "diagram.badge_extension", lang, source="S2") == 2  # separators, anode materials
    assert [c.value for c in at.caption].count(t("diagram.no_targets", lang)) == 1  # the list is empty


def test_the_weak_threshold_is_a_parameter(dataset):
    at = chain_page()
    at.number_input(key="chain_weak_below").set_value(1).run()
    assert _badges(at, "diagram.badge_weak", "zh") == 0
    at.number_input(key="chain_weak_below").set_value(4).run()
    assert _badges(at, "diagram.badge_weak", "zh") == _verdicts(dataset, "weak", weak_below=4)


def test_gap_counts_follow_the_sidebar_filters(dataset):
    at = chain_page(status="operating,full_capacity")
    # Nodes whose records are all signed, under construction or renovating turn into gaps.
    assert _badges(at, "diagram.badge_gap", "zh") == _verdicts(dataset, "gap", statuses=("operating", "full_capacity"))


def test_clicking_a_node_filters_every_page_to_it(dataset, layer_counts):
    records = dataset.records
    cells = sorted(records.loc[records["chain_node"] == "cells", "id"])
    at = chain_page()
    at.button(key="filter-cells").click().run()
    assert not at.exception
    assert at.session_state["nodes"] == ["cells"]
    assert dict(at.query_params) == {"node": "cells"}
    assert t("diagram.active", "zh", nodes="电芯", count=len(cells)) in [s.value for s in at.success]
    assert at.button(key="filter-cells").label == t("diagram.filter_active", "zh")
    # The sidebar says so, with a way to clear it.
    assert t("sidebar.node_filter", "zh", nodes="电芯") in [i.value for i in at.sidebar.info]
    # The map follows.
    at.switch_page("pages/map.py").run()
    assert not at.exception
    assert sorted(chain_ids_on_map(at)) == sorted(records.loc[(records["chain_node"] == "cells")
                                                               & (records["layer"] == "chain"), "id"])
    assert dict(at.query_params) == {"node": "cells"}
    at.sidebar.button(key="clear_nodes").click().run()
    assert dict(at.query_params) == {}
    assert len(chain_ids_on_map(at)) == layer_counts["chain"]


def test_filtering_to_a_node_brings_back_its_segment():
    at = chain_page(seg="cells")
    at.button(key="filter-wind").click().run()
    assert at.session_state["nodes"] == ["wind"]
    assert "green_power" in at.session_state["segments"]


def test_node_filter_from_a_copied_link():
    at = chain_page(node="recycling", lang="en")
    assert t("diagram.active", "en", nodes="Recycling", count=1) in [s.value for s in at.success]
    at.button(key="chain-clear").click().run()
    assert dict(at.query_params) == {"lang": "en"}
    assert not at.success


def test_the_overview_graph_is_drawn():
    at = chain_page()
    charts = at.get("graphviz_chart")
    assert len(charts) == 1
    dot = charts[0].proto.spec
    assert all(f'"{node_id}"' in dot for node_id in NODE_IDS)


def test_a_node_shows_its_investment_targets(tmp_path, monkeypatch):
    """With a target list (a copy of data/ plus one row made up for this test), the node shows it
    to an editor (the list is confidential: tests/app/test_roles.py checks viewers never see it)."""
    data_dir = tmp_path / "data"
    shutil.copytree(Path(APP).parent / "data", data_dir)
    header = (data_dir / "investment_targets.csv").read_text(encoding="utf-8").splitlines()[0]
    row = {"id": "T-TEST-1", "target_name_zh": "测试用隔膜企业类型", "target_name_en": "Test separator maker type",
           "target_type": "company_type", "chain_node": "separator", "contact_status": "not_contacted",
           "owner_department": "", "note": "", "provenance": "illustrative", "source": "ILLUSTRATIVE"}
    (data_dir / "investment_targets.csv").write_text(
        header + "\n" + ",".join(row[c] for c in header.split(",")) + "\n", encoding="utf-8")
    monkeypatch.setenv("QCM_DATA_DIR", str(data_dir))
    # shared.dataset() is cached per data directory: no cache to clear.
    at = chain_page(editor=True, lang="en")
    popovers = at.get("popover")
    assert len(popovers) == 1
    assert popovers[0].proto.popover.label == t("diagram.targets_button", "en", n=1)
    assert t("diagram.no_targets", "en") not in [c.value for c in at.caption]
    (table,) = [d for d in at.dataframe if "Name" in d.value.columns]
    assert list(table.value["Name"]) == ["Test separator maker type"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_how_the_chain_grew_is_shown_with_the_reported_progress_dated(dataset, lang):
    """Issue 11: records by the year they joined and their status (geo/figures/growth.py), and the
    reported progress beside it, each figure with its period and source."""
    from geo.figures.growth import chain_growth

    at = chain_page(lang=lang)
    assert t("growth.title", lang) in [s.value for s in at.subheader]
    [table] = [d.value for d in at.dataframe if t("growth.year", lang) in d.value.columns]
    growth = chain_growth(dataset.records, int(table[t("growth.year", lang)].iloc[-1]))
    assert table[t("growth.year", lang)].iloc[0] == "2017"
    assert table[t("growth.total", lang)].iloc[-1] == len(dataset.records) - len(growth.undated)
    assert [t(f"status.{s}", lang) for s in growth.statuses] == [
        c for c in table.columns if c not in (t("growth.year", lang), t("growth.added", lang), t("growth.total", lang))]
    shown = " ".join(texts(at))
    assert t("growth.undated", lang, n=len(growth.undated), names="").split("（")[0].split("(")[0] in shown
    framing = dataset.fact("chain_framing_2023")
    assert str(framing[f"label_{lang}"]) in shown and "DZRB-2023" in shown
    assert f"{float(dataset.fact('chain_projects_20_months_2023')['value']):,.0f}" in shown


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_page_leads_with_the_chain_graph(lang):
    at = chain_page(lang=lang)
    charts = at.get("vega_lite_chart")
    specs = [json.loads(c.proto.spec) for c in charts]
    assert [s["title"]["text"] for s in specs] == [t("chart.chain.title", lang), t("chart.pipeline.title", lang),
                                                   t("chart.segments.title", lang), t("growth.title", lang)]
    assert "chain_node" in {p["name"] for p in specs[0].get("params", [])}
    assert list(charts[0].proto.selection_mode) == ["chain_node"]  # a click comes back to Python
    assert not at.get("arrow_bar_chart")  # one chart library everywhere
    kinds = [e.type for e in at.main.children.values()]
    assert kinds[:3] == ["title", "caption", "flex_container"]  # the graph right under the title
