"""The charts' Vega-Lite specs (geo/figures/charts.py, chain_chart.py): titled with period, source and data
date in the viewer's language; values equal the figures modules' own; derived drawn apart from reported;
no URL anywhere (the charts render offline)."""

from __future__ import annotations

import json
import math
import re

import pytest

from geo.chain import NODE_IDS, links
from geo.data.dataset import load_dataset
from geo.figures import chain_chart, charts
from geo.figures.chain import chain_summary
from geo.figures.growth import chain_growth
from geo.figures.tracker import tracker_figures
from geo.i18n import t
from geo.lists.definitions import PIPELINE, SIDE_STAGES
from geo.model import SEGMENT_COLORS, STATUSES

LANGS = ("zh", "en")
URL = re.compile(r"(https?:|//|www\.|url\()", re.IGNORECASE)
CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture(scope="module")
def data():
    return load_dataset()


def all_charts(data, lang):
    figures = tracker_figures(data.records, data.facts)
    return {
        "goals": charts.goal_rings(figures, data.facts, data.meta, lang),
        "mix": charts.capacity_mix(data.records, data.facts, data.meta, lang),
        "pipeline": charts.pipeline(data.records, data.meta, lang),
        "segments": charts.segment_money(data.records, data.meta, lang),
        "growth": charts.growth_chart(chain_growth(data.records, 2026), data.meta, lang),
        "chain": chain_chart.chain_graph(chain_summary(data.records), data.meta, lang),
    }


def spec_of(chart) -> dict:
    spec = chart.to_dict()
    spec.pop("$schema")  # the schema's id: metadata vega-embed never fetches
    return spec


def datasets(spec) -> list[dict]:
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


def strings(value):
    if isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)
    elif isinstance(value, str):
        yield value


@pytest.mark.parametrize("lang", LANGS)
def test_every_chart_is_titled_with_its_source_and_data_date(data, lang):
    as_of = t("chart.as_of", lang, date=data.meta["facts_as_of"])
    for name, chart in all_charts(data, lang).items():
        title = spec_of(chart)["title"]
        assert title["text"].strip(), name
        assert as_of in " ".join(title["subtitle"]), name
        if lang == "en":
            assert not CJK.search(json.dumps(title, ensure_ascii=False)), name
        else:
            assert CJK.search(title["text"]), name
    specs = {n: " ".join(spec_of(c)["title"]["subtitle"]) for n, c in all_charts(data, lang).items()}
    assert "S1" in specs["goals"] and ("2025年" if lang == "zh" else "2025") in specs["goals"]
    assert "GEM-WIND" in specs["mix"] and ("2022年" if lang == "zh" else "2022") in specs["mix"]
    assert ("2022年前三季度" if lang == "zh" else "Q1–Q3 2022") in specs["mix"]  # the generation's period


@pytest.mark.parametrize("lang", LANGS)
def test_no_chart_references_a_url(data, lang):
    for name, chart in all_charts(data, lang).items():
        spec = spec_of(chart)
        found = [s for s in strings(spec) if URL.search(s)]
        assert found == [], (name, found[:5])
        assert "url" not in json.dumps(spec).lower().replace('"curl', ""), name
        assert set(spec["config"]) >= {"font"} and "Noto Sans CJK SC" in spec["config"]["font"], name


def test_the_goal_rings_hold_the_tracker_figures(data):
    figures = tracker_figures(data.records, data.facts)
    rows = charts.goal_rows(figures, "zh")
    derived = rows[rows["kind"] == "derived"].set_index("goal")
    for key in charts.GOALS:
        progress = figures.progress(key)
        assert derived.loc[key, "current"] == progress.current
        assert derived.loc[key, "target"] == progress.target
        assert derived.loc[key, "share"] == pytest.approx(progress.share)
    reported = rows[rows["kind"] == "reported"]
    assert list(reported["goal"]) == ["output_value"]
    assert reported.iloc[0]["current"] == figures.reported_output_cny
    # never added: no arc holds the listed plus the reported output value
    assert figures.listed_output_cny + figures.reported_output_cny not in set(rows["current"])
    assert not derived.loc["packs", "computable"] and not derived.loc["ess", "computable"]
    assert derived.loc["cells", "computable"] and derived.loc["cells", "theta2"] == pytest.approx(
        2 * math.pi * min(figures.progress("cells").share, 1))


@pytest.mark.parametrize("lang", LANGS)
def test_derived_is_drawn_apart_from_reported(data, lang):
    spec = spec_of(all_charts(data, lang)["goals"])
    rows = datasets(spec)
    opacity = {(r["goal"], r["kind"]): r["opacity"] for r in rows if "opacity" in r}
    assert opacity[("output_value", "reported")] == 1.0
    assert opacity[("output_value", "derived")] == charts.DERIVED_OPACITY == opacity[("cells", "derived")]
    text = json.dumps(spec, ensure_ascii=False)
    assert t("chart.kind.derived", lang) in text and t("chart.goal.cannot", lang) in text
    assert '"strokeDash"' in text  # derived arcs dashed


def test_capacity_keeps_operating_and_planned_pv_apart(data):
    rows = charts.capacity_rows(data.records, data.facts, "zh")
    pv = rows[rows["type"] == "pv_utility"].set_index("operating")
    records = data.records
    utility = records[records["layer"] == "pv_utility"]
    assert pv.loc[True, "mw"] == utility.loc[utility["status"] == "operating", "capacity_mw"].sum() == 4
    assert pv.loc[False, "mw"] == utility.loc[utility["status"] != "operating", "capacity_mw"].sum() == 170
    assert pv.loc[True, "opacity"] == 1.0 and pv.loc[False, "opacity"] == charts.DERIVED_OPACITY
    # the same sums as the chain page's green-power nodes
    summary = chain_summary(records)
    wind = rows[rows["type"] == "wind"]
    assert wind["mw"].sum() == summary["wind"].capacity_mw
    assert rows.loc[rows["type"].isin(["pv_utility", "pv_rooftop"]), "mw"].sum() == summary["solar"].capacity_mw
    storage = rows[rows["type"] == "storage"]
    assert storage["mw"].sum() == summary["energy_storage"].capacity_mw
    other = rows[rows["type"] == "other"].iloc[0]
    facts = data.facts["value"].astype(float)
    assert other["kind"] == "derived"
    assert other["mw"] == pytest.approx(facts["newenergy_capacity_mw"] / (facts["newenergy_share_pct"] / 100)
                                        - facts["newenergy_capacity_mw"])


def test_the_pipeline_is_the_lists_pipeline(data):
    assert (*PIPELINE, *SIDE_STAGES) == charts.PIPELINE_ORDER
    assert set(charts.PIPELINE_ORDER) == set(STATUSES)
    rows = charts.pipeline_rows(data.records, "en").set_index("status")
    projects = data.records[(data.records["layer"] == "chain") & (data.records["kind"] == "project")]
    for status in STATUSES:
        at = projects[projects["status"] == status]
        assert rows.loc[status, "count"] == len(at)
        assert rows.loc[status, "investment"] == at["investment_cny"].fillna(0).sum()


def test_money_by_segment_equals_the_lists(data):
    rows = charts.segment_rows(data.records, "zh")
    chain = data.records[data.records["layer"] == "chain"]
    output = rows[rows["measure"] == "output"].set_index("segment")["value"]
    assert output[["materials", "cells", "pack", "application", "cascade", "recycling"]].sum() == (
        tracker_figures(data.records, data.facts).listed_output_cny)
    for segment, value in rows[rows["measure"] == "investment"].set_index("segment")["value"].items():
        assert value == chain.loc[chain["chain_segment"] == segment, "investment_cny"].fillna(0).sum()
    assert {r["color"] for r in rows.to_dict("records")} <= set(SEGMENT_COLORS.values())


@pytest.mark.parametrize("lang", LANGS)
def test_the_chain_graph_nodes_strength_and_selection(data, lang):
    summary = chain_summary(data.records)
    nodes = chain_chart.node_rows(summary, lang, active=("cells",)).set_index("node")
    assert list(nodes.index) == list(NODE_IDS)
    for node_id, s in summary.items():
        assert nodes.loc[node_id, "strength"] == (s.status or "none")
        assert nodes.loc[node_id, "color"] == chain_chart.STRENGTH_COLORS[s.status or "none"]
        assert nodes.loc[node_id, "count"] == s.entities + s.assets
    assert nodes.loc["cells", "active"] and not nodes["active"].drop("cells").any()
    assert nodes.loc["separator", "extension"] and "S2" in nodes.loc["separator", "label"]
    spec = spec_of(chain_chart.chain_graph(summary, data.meta, lang))
    params = [p for p in spec.get("params", []) if p["name"] == chain_chart.SELECTION]
    assert [p["name"] for p in params] == [chain_chart.SELECTION]
    assert params[0]["select"]["fields"] == ["node"]


def test_every_chain_link_gets_an_arrow_pointing_at_its_target():
    _points, heads = chain_chart.edge_rows(780, 520)
    drawn = {(s, k) for s, _, k in links() if k != "hosts"}
    assert {(e.split(">")[0], k) for e, k in zip(heads["edge"], heads["kind"], strict=True)} == drawn
    at = chain_chart.layout(780, 520)
    for head in heads.itertuples():
        source, target = head.edge.split(">")
        if head.kind == "loop":
            assert 80 < head.angle < 100  # into the materials column from the left
            continue
        (x0, y0), (x1, y1) = at[source], at[target]
        assert head.angle == pytest.approx(math.degrees(math.atan2(x1 - x0, -(y1 - y0))))
    assert chain_chart.layout(780, 520)["cells"][0] < chain_chart.layout(780, 520)["pack"][0]


def test_a_dark_theme_for_the_big_screen(data):
    figures = tracker_figures(data.records, data.facts)
    light = spec_of(charts.goal_rings(figures, data.facts, data.meta, "zh"))["config"]
    dark = spec_of(charts.goal_rings(figures, data.facts, data.meta, "zh", dark=True, size=200))
    assert dark["config"]["background"] != light["background"]
    assert dark["config"]["title"]["color"] == charts.palette(True)["text"]
    assert all(v.get("width") == 200 for v in dark["concat"])
