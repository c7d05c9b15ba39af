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


def _expected_summary(records, node_id, weak_below=2):
    """What a node's summary should say, counted straight from the records (the figures of the bundled
    data are pinned in tests/data/test_bundled_figures.py)."""
    at = records[records["chain_node"] == node_id]
    chain = at[at["layer"] == "chain"]
    enterprises, projects = int((chain["kind"] == "enterprise").sum()), int((chain["kind"] == "project").sum())
    operating = at[at["status"].isin(("operating", "full_capacity"))]

    def total(frame, column):
        return float(frame[column].sum()) if frame[column].notna().any() else None

    return {
        "ids": set(at["id"]), "enterprises": enterprises, "projects": projects,
        "assets": int((at["kind"] == "asset").sum()),
        "cells_per_day": int(at["cells_per_day"].sum()) if at["cells_per_day"].notna().any() else None,
        "output_value_cny_per_year": total(at, "output_value_cny_per_year"),
        "capacity_mw": total(at, "capacity_mw"), "capacity_mw_records": int(at["capacity_mw"].notna().sum()),
        "capacity_mw_operating": total(operating, "capacity_mw"),
        # gaps are judged on the six chain segments only
        "status": gap_status(enterprises + projects, weak_below) if NODES[node_id].segment in CHAIN_SEGMENTS else None,
    }


def _actual_summary(s):
    return {"ids": set(s.ids), "enterprises": s.enterprises, "projects": s.projects, "assets": s.assets,
            "cells_per_day": s.cells_per_day, "output_value_cny_per_year": s.output_value_cny_per_year,
            "capacity_mw": s.capacity_mw, "capacity_mw_records": s.capacity_mw_records,
            "capacity_mw_operating": s.capacity_mw_operating,
            "status": s.status}


def test_summary_of_the_bundled_lists(data):
    summary = chain_summary(data.records)
    assert list(summary) == list(NODE_IDS)
    for node_id, s in summary.items():
        assert _actual_summary(s) == _expected_summary(data.records, node_id), node_id
    assert summary["wind"].status is None and summary["park"].status is None
    assert {s.status for s in summary.values()} >= {"gap", "ok"}  # the data exercises the verdicts
    # Nothing is lost or counted twice: every record with a node is at exactly one node.
    assert sum(len(s.ids) for s in summary.values()) == data.records["chain_node"].notna().sum()


@pytest.mark.parametrize("weak_below", [1, 2, 4])
def test_threshold_changes_the_verdicts(data, weak_below):
    summary = chain_summary(data.records, weak_below=weak_below)
    for node_id, s in summary.items():
        assert s.status == _expected_summary(data.records, node_id, weak_below)["status"], node_id


def test_summary_follows_the_other_filters(data):
    no_renovating = tuple(s for s in ViewState().statuses if s != "renovating")
    records = filter_records(data.records, ViewState(statuses=no_renovating))
    for node_id, s in chain_summary(records).items():
        assert _actual_summary(s) == _expected_summary(data.records[data.records["status"] != "renovating"],
                                                       node_id), node_id


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
    records = data.records
    state = ViewState(nodes=("cells",))
    assert node_filter_active(state)
    cells = records[records["chain_node"] == "cells"]
    assert set(filter_records(records, state)["id"]) == set(cells["id"])
    chain_layer = visible_records(records, state)
    assert (chain_layer["layer"] == "chain").sum() == (cells["layer"] == "chain").sum() > 0
    wind = filter_records(records, ViewState(nodes=("wind",)))
    assert set(wind["id"]) == set(records.loc[records["chain_node"] == "wind", "id"])
    assert set(wind["layer"]) == {"chain", "wind_farm"}


def test_node_filter_combines_with_the_others(data):
    records = data.records
    state = ViewState(nodes=("cells",), statuses=("operating",))
    expected = records[(records["chain_node"] == "cells") & (records["status"] == "operating")]
    assert set(filter_records(records, state)["id"]) == set(expected["id"])


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
