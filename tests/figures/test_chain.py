"""The chain node model, the per-node summaries and gap logic, and the chain-node filter."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.chain import CHAIN_NODES, NODE_IDS, NODES, chain_columns, links
from geo.figures.chain import (
    chain_summary,
    dataset_targets,
    dot_source,
    gap_status,
    summarise_node,
    targets_for_node,
)
from geo.filters import (
    ViewState,
    filter_records,
    from_query_params,
    node_filter_active,
    to_query_params,
    visible_records,
)
from geo.i18n import LANGUAGES, TEXT, t
from geo.model import CHAIN_SEGMENTS, SEGMENTS

MATERIALS = ("cathode", "anode", "separator", "electrolyte", "conductive_agent")
APPLICATIONS = ("energy_storage", "vehicles", "tools")


@pytest.fixture(scope="module")
def data(dataset):
    return dataset


# --- the model ---------------------------------------------------------------------------------


def test_model_is_consistent():
    assert len(set(NODE_IDS)) == len(NODE_IDS)
    for node in CHAIN_NODES:
        assert node.segment in SEGMENTS, node.id
        for target, kind in node.links:
            assert target in NODES and kind in ("flow", "loop", "power", "hosts"), (node.id, target, kind)
        assert node.extension_source or not node.extension_target, node.id


def test_columns_follow_the_chain_order_officials_read():
    columns = chain_columns()
    assert [segment for segment, _ in columns] == list(CHAIN_SEGMENTS)
    by_segment = {segment: tuple(n.id for n in nodes) for segment, nodes in columns}
    assert by_segment["materials"] == MATERIALS
    assert by_segment["cells"] == ("cells",)
    assert by_segment["pack"] == ("pack",)
    assert by_segment["application"] == APPLICATIONS
    assert by_segment["cascade"] == ("cascade",)
    assert by_segment["recycling"] == ("recycling",)
    assert {n.segment for n in CHAIN_NODES} == set(SEGMENTS)


def test_links_form_the_loop_and_green_power_feeds_production():
    flow = {(s, d) for s, d, _ in links("flow")}
    for material in MATERIALS:
        assert (material, "cells") in flow
    assert ("cells", "pack") in flow
    for application in APPLICATIONS:
        assert ("pack", application) in flow and (application, "cascade") in flow
    assert ("cascade", "recycling") in flow
    assert {d for s, d, _ in links("loop") if s == "recycling"} == set(MATERIALS)
    for source in ("wind", "solar"):
        assert {d for s, d, _ in links("power") if s == source} >= {"cells", "pack"}


def test_extension_targets_are_the_ones_s2_names(data):
    targets = {n.id: n.extension_source for n in CHAIN_NODES if n.extension_target}
    assert targets == {"separator": "S2", "anode": "S2"}
    assert "S2" in set(data.sources["id"])


def test_every_node_has_a_name_in_every_language():
    for node in CHAIN_NODES:
        assert f"chain_node.{node.id}" in TEXT
        names = {lang: t(f"chain_node.{node.id}", lang) for lang in LANGUAGES}
        assert all(names.values()) and names["zh"] != names["en"], node.id


def test_bundled_records_name_known_nodes(data):
    assert set(data.records["chain_node"].dropna()) <= set(NODE_IDS)
    assert set(data.records["chain_node"].dropna()) >= {
        "cells", "conductive_agent", "recycling", "energy_storage", "park", "wind", "solar"}


# --- gap logic and summaries ---------------------------------------------------------------------


@pytest.mark.parametrize(("entities", "weak_below", "expected"), [
    (0, 2, "gap"), (1, 2, "weak"), (2, 2, "ok"), (5, 2, "ok"),
    (0, 1, "gap"), (1, 1, "ok"), (4, 5, "weak"), (5, 5, "ok"),
])
def test_gap_status(entities, weak_below, expected):
    assert gap_status(entities, weak_below) == expected


def test_gap_threshold_must_be_positive():
    with pytest.raises(ValueError):
        gap_status(1, 0)


def test_summary_of_the_bundled_lists(data):
    summary = chain_summary(data.records)
    assert list(summary) == list(NODE_IDS)
    cells = summary["cells"]
    assert (cells.enterprises, cells.projects) == (1, 2)
    assert set(cells.ids) == {"E-YUTUO", "P-YUTUO-5AH", "P-CELL-14500"}
    assert cells.cells_per_day == 200_000 + 2_000_000
    assert cells.output_value_cny_per_year == 1e9
    assert cells.status == "ok"
    assert summary["conductive_agent"].status == "weak"
    assert summary["recycling"].status == "weak"
    assert summary["energy_storage"].status == "weak"
    for node_id in ("cathode", "anode", "separator", "electrolyte", "pack", "vehicles", "tools", "cascade"):
        assert summary[node_id].status == "gap" and summary[node_id].ids == (), node_id
    wind = summary["wind"]
    assert wind.status is None  # gaps are judged on the six chain segments only
    assert (wind.assets, wind.enterprises) == (7, 1)
    assert wind.capacity_mw == 180.0 and wind.capacity_mw_records == 3
    solar = summary["solar"]
    assert solar.assets == 2078 + 3  # rooftop and utility PV
    assert solar.capacity_mw == 174.0 and solar.capacity_mw_operating == 4.0
    assert summary["park"].status is None and summary["park"].projects == 1
    # Nothing is lost or counted twice: every record with a node is at exactly one node.
    assert sum(len(s.ids) for s in summary.values()) == data.records["chain_node"].notna().sum()


def test_threshold_changes_the_verdicts(data):
    assert chain_summary(data.records, weak_below=1)["conductive_agent"].status == "ok"
    assert chain_summary(data.records, weak_below=4)["cells"].status == "weak"


def test_summary_follows_the_other_filters(data):
    no_renovating = tuple(s for s in ViewState().statuses if s != "renovating")
    records = filter_records(data.records, ViewState(statuses=no_renovating))
    cells = chain_summary(records)["cells"]
    assert cells.projects == 1 and cells.cells_per_day == 200_000


def test_sums_are_none_when_nothing_is_reported():
    frame = pd.DataFrame([{
        "id": "E-X", "layer": "chain", "kind": "enterprise", "chain_node": "pack", "status": "operating",
        "cells_per_day": None, "capacity_mw": None, "output_value_cny_per_year": None, "investment_cny": None,
    }])
    s = summarise_node(NODES["pack"], frame)
    assert (s.enterprises, s.cells_per_day, s.capacity_mw, s.output_value_cny_per_year) == (1, None, None, None)
    assert s.status == "weak"


# --- investment targets ---------------------------------------------------------------------------


def test_targets_are_never_invented(data):
    assert targets_for_node(None, "separator").empty
    assert targets_for_node(pd.DataFrame({"name": ["x"]}), "separator").empty
    targets = dataset_targets(data)
    if targets is not None:  # the bundled list is empty: no node gets a target
        assert all(targets_for_node(targets, n).empty for n in NODE_IDS)
    assert dataset_targets(object()) is None


def test_targets_are_listed_per_node():
    targets = pd.DataFrame({"name_zh": ["甲", "乙", "丙"], "chain_node": ["separator", "separator", "anode"]})
    assert list(targets_for_node(targets, "separator")["name_zh"]) == ["甲", "乙"]
    assert targets_for_node(targets, "cells").empty


# --- the chain-node filter -----------------------------------------------------------------------


def test_no_node_filter_by_default(data):
    state = ViewState()
    assert not node_filter_active(state)
    assert to_query_params(state) == {}
    assert len(filter_records(data.records, state)) == len(data.records)


def test_node_filter_selects_the_node_records(data):
    state = ViewState(nodes=("cells",))
    assert node_filter_active(state)
    assert set(filter_records(data.records, state)["id"]) == {"E-YUTUO", "P-YUTUO-5AH", "P-CELL-14500"}
    chain_layer = visible_records(data.records, state)
    assert (chain_layer["layer"] == "chain").sum() == 3
    wind = filter_records(data.records, ViewState(nodes=("wind",)))
    assert set(wind["layer"]) == {"chain", "wind_farm"} and len(wind) == 8


def test_node_filter_combines_with_the_others(data):
    state = ViewState(nodes=("cells",), statuses=("operating",))
    assert set(filter_records(data.records, state)["id"]) == {"E-YUTUO", "P-YUTUO-5AH"}


def test_records_without_a_node_pass_only_without_a_node_filter(data):
    records = data.records.copy()
    records.loc[records["id"] == "E-YUTUO", "chain_node"] = None
    assert "E-YUTUO" in set(filter_records(records, ViewState())["id"])
    assert "E-YUTUO" not in set(filter_records(records, ViewState(nodes=("cells",)))["id"])
    # Every node selected, even in another order, is no filter at all.
    assert "E-YUTUO" in set(filter_records(records, ViewState(nodes=tuple(reversed(NODE_IDS))))["id"])


def test_node_url_parameter():
    assert to_query_params(ViewState(nodes=("cells",))) == {"node": "cells"}
    assert to_query_params(ViewState(nodes=("pack", "cells"))) == {"node": "cells,pack"}
    assert from_query_params({"node": "cells"}).nodes == ("cells",)
    assert from_query_params({"node": "pack,bogus,cells"}).nodes == ("cells", "pack")
    assert from_query_params({}).nodes == NODE_IDS
    # Present but empty means nothing (an empty selection survives a copied link).
    assert from_query_params({"node": ""}).nodes == ()
    assert to_query_params(ViewState(nodes=())) == {"node": ""}


def test_empty_node_selection_shows_nothing(data):
    assert filter_records(data.records, ViewState(nodes=())).empty


@given(st.sets(st.sampled_from(NODE_IDS)), st.sampled_from(("zh", "en")))
def test_node_url_round_trip(nodes, lang):
    state = ViewState(nodes=tuple(n for n in NODE_IDS if n in nodes), lang=lang)
    assert from_query_params(to_query_params(state)) == state


# --- the overview graph ------------------------------------------------------------------------


def test_dot_source_draws_every_node_and_link(data):
    names = {n: t(f"chain_node.{n}", "zh") for n in NODE_IDS}
    segments = {s: t(f"segment.{s}", "zh") for s in SEGMENTS}
    dot = dot_source(chain_summary(data.records), names, segments)
    assert dot.startswith("digraph chain {") and dot.rstrip().endswith("}")
    for node_id in NODE_IDS:
        assert f'"{node_id}" [label="{names[node_id]}\\n' in dot
    loops = {(s, NODES[d].segment) for s, d, _ in links("loop")}
    assert dot.count(" -> ") == len(links()) - len(links("loop")) + len(loops)
    assert 'lhead="cluster_materials"' in dot  # recycling loops back to the materials segment
    assert 'fillcolor="#fde2e1"' in dot  # a gap is drawn as one


def test_dot_source_escapes_quotes(data):
    names = {n: 'say "hi" \\ there' for n in NODE_IDS}
    segments = {s: 'seg "x"' for s in SEGMENTS}
    dot = dot_source(chain_summary(data.records), names, segments)
    assert 'label="say \\"hi\\" \\\\ there\\n' in dot
    assert 'label="seg \\"x\\""' in dot
