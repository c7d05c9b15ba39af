"""geo.figures.metrics: reported figures with sources, derived figures with formulas, and counts under a filter."""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.figures.metrics import (
    Q1_Q3_2022_HOURS,
    capacity_factor,
    full_load_hours,
    implied_total_capacity_mw,
    kpis,
    listed_chain,
)
from geo.filters import ViewState, filter_records, visible_records
from geo.i18n import t
from geo.map.legend import illustrative_shown, legend_entries
from geo.model import CHAIN_SEGMENTS, LAYERS, SEGMENT_COLORS, SEGMENTS, STATUSES

# S1: 550 MW new-energy capacity = 95.7 % of installed; 839 million kWh in Q1-Q3 2022.
CAPACITY_MW, SHARE_PCT, GENERATION_KWH = 550, 95.7, 839e6


def _by_key(figures):
    return {k.key: k for k in figures}


def test_implied_total_capacity():
    assert implied_total_capacity_mw(CAPACITY_MW, SHARE_PCT) == pytest.approx(574.7, abs=0.05)
    assert implied_total_capacity_mw(100, 50) == 200


def test_full_load_hours():
    assert full_load_hours(GENERATION_KWH, CAPACITY_MW) == pytest.approx(1525.45, abs=0.01)
    assert full_load_hours(1000, 1) == 1  # 1,000 kWh from 1 MW is one hour at full load


def test_capacity_factor_over_q1_q3_2022():
    assert Q1_Q3_2022_HOURS == 273 * 24
    assert capacity_factor(GENERATION_KWH, CAPACITY_MW, Q1_Q3_2022_HOURS) == pytest.approx(0.2328, abs=0.0001)
    assert capacity_factor(24_000, 1, 24) == 1


def test_kpis_from_the_bundled_facts(dataset):
    figures = _by_key(kpis(dataset, ViewState(lang="en")))
    assert list(figures) == ["capacity", "share", "generation", "wind_farms", "rooftop", "enterprises", "projects",
                             "implied_total", "full_load_hours", "capacity_factor"]
    assert figures["capacity"].value == "550 MW"
    assert figures["share"].value == "95.7%"
    assert figures["generation"].value == "0.839 bn kWh"
    assert figures["wind_farms"].value == "7"
    assert figures["rooftop"].value == "2,078"
    assert figures["enterprises"].value == "13"
    assert figures["projects"].value == "7"
    assert figures["implied_total"].value == "574.7 MW"
    assert figures["full_load_hours"].value == "1,525 h"
    assert figures["capacity_factor"].value == "23.3%"


def test_generation_unit_in_chinese(dataset):
    assert _by_key(kpis(dataset, ViewState()))["generation"].value == "8.39 亿kWh"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_reported_kpis_name_their_sources_and_derived_ones_their_formula(dataset, lang):
    figures = kpis(dataset, ViewState(lang=lang))
    assert {k.kind for k in figures} == {"reported", "derived"}
    source_prefix = t("kpi.source", lang, source="")
    derived_prefix = t("kpi.derived", lang, formula="")
    facts = dataset.facts
    for kpi in figures:
        if kpi.kind == "reported":
            assert kpi.help.startswith(source_prefix), kpi
            assert re.search(r"\bS[123]\b", kpi.help), kpi
        else:
            assert kpi.help.startswith(derived_prefix), kpi
            assert "=" in kpi.help and kpi.help.endswith(kpi.value), kpi
    capacity = _by_key(figures)["capacity"]
    sources = facts.loc["newenergy_capacity_mw", "source"].replace(";", ", ")
    assert capacity.help == t("kpi.source", lang, source=sources)


def test_derived_formulas_show_their_inputs(dataset):
    figures = _by_key(kpis(dataset, ViewState(lang="en")))
    assert figures["implied_total"].help == "Derived: 550 MW ÷ 95.7% = 574.7 MW"
    assert "839,000,000 kWh ÷ 550,000 kW = 1,525 h" in figures["full_load_hours"].help
    assert "6,552 h" in figures["capacity_factor"].help


def test_kpis_follow_the_facts_table(dataset):
    """The figures are read from reported_facts.csv, not typed into the code."""
    facts = dataset.facts.copy()
    facts.loc["newenergy_capacity_mw", "value"] = 600
    facts.loc["wind_farms_operating", "value"] = 9
    changed = dataclasses.replace(dataset, facts=facts)
    figures = _by_key(kpis(changed, ViewState(lang="en")))
    assert figures["capacity"].value == "600 MW"
    assert figures["wind_farms"].value == "9"
    assert figures["implied_total"].value == f"{600 / 0.957:,.1f} MW"


@pytest.mark.parametrize(("segments", "listed"), [
    (SEGMENTS, 3),  # E-CONDUCTIVE (materials), E-YUTUO (cells), E-RECYCLER (recycling); E-CGN is green power
    (tuple(s for s in SEGMENTS if s != "cells"), 2),
    (tuple(s for s in SEGMENTS if s not in ("cells", "materials")), 1),
    (tuple(s for s in SEGMENTS if s not in ("cells", "materials", "recycling")), 0),
    (("green_power", "platform"), 0),
])
def test_enterprises_listed_follow_the_segment_filter(dataset, segments, listed):
    for lang, text in [("en", f"13 reported · {listed} listed"), ("zh", f"报道 13 · 清单 {listed}")]:
        figure = _by_key(kpis(dataset, ViewState(lang=lang, segments=segments)))["enterprises"]
        assert figure.detail == text
        assert figure.value == "13"  # the reported figure never changes with the filter


def test_projects_wind_and_rooftop_listed_follow_the_filters(dataset):
    figures = _by_key(kpis(dataset, ViewState(lang="en")))
    assert figures["projects"].detail == "7 reported · 3 listed"  # the park itself is a platform, not a project
    assert figures["wind_farms"].detail == "7 reported · 7 listed"
    assert figures["rooftop"].detail == "2,078 reported · 2,078 listed"
    nothing_operating = ViewState(lang="en", statuses=tuple(s for s in STATUSES if s != "operating"))
    figures = _by_key(kpis(dataset, nothing_operating))
    assert figures["wind_farms"].detail == "7 reported · 0 listed"
    assert figures["rooftop"].detail == "2,078 reported · 0 listed"
    assert figures["projects"].detail == "7 reported · 2 listed"  # P-CTG-ESS (signed), P-CELL-14500 (renovating)


def test_listed_chain_counts_only_the_six_chain_segments(dataset):
    enterprises = listed_chain(dataset.records, "enterprise")
    assert set(enterprises["id"]) == {"E-CONDUCTIVE", "E-YUTUO", "E-RECYCLER"}
    assert set(enterprises["chain_segment"]) <= set(CHAIN_SEGMENTS)
    assert set(listed_chain(dataset.records, "project")["id"]) == {"P-YUTUO-5AH", "P-CELL-14500", "P-CTG-ESS"}


def test_output_value_in_english_is_four_billion(dataset):
    help_text = _by_key(kpis(dataset, ViewState(lang="en")))["enterprises"].help
    assert "over 4 bn yuan/yr" in help_text


def test_output_value_in_chinese_is_forty_yi(dataset):
    assert "年产值超40亿元（S1）" in _by_key(kpis(dataset, ViewState()))["enterprises"].help


def test_chinese_kpi_help_has_no_english_words(dataset):
    for kpi in kpis(dataset, ViewState()):
        assert not re.search(r"\b(Jan|Sep|Source|Derived)\b", kpi.help), kpi


# --- legend counts -----------------------------------------------------------------------------------

view_states = st.builds(
    ViewState,
    segments=st.lists(st.sampled_from(SEGMENTS), unique=True).map(tuple),
    statuses=st.lists(st.sampled_from(STATUSES), unique=True).map(tuple),
    layers=st.lists(st.sampled_from(LAYERS), unique=True).map(tuple),
    lang=st.sampled_from(("zh", "en")),
)


@settings(max_examples=40, deadline=None)
@given(state=view_states)
def test_legend_counts_equal_the_filtered_data(dataset, state):
    entries = legend_entries(dataset, state)
    filtered = filter_records(dataset.records, state)
    drawn_chain = visible_records(dataset.records, state).query("layer == 'chain'")
    by_key = {e.key: e for e in entries}
    assert [e.key for e in entries[: len(LAYERS)]] == list(LAYERS)
    for layer in LAYERS:
        entry = by_key[layer]
        assert entry.visible == (layer in state.layers)
        assert entry.label == t(f"layer.{layer}", state.lang)
        if layer == "boundary":
            assert entry.count == 1
        elif layer == "park":
            assert (entry.count, entry.illustrative) == (1, 1)
        else:
            rows = filtered[filtered["layer"] == layer]
            assert entry.count == len(rows)
            assert entry.illustrative == int((rows["location_provenance"] == "illustrative").sum())
    segment_keys = [e.key for e in entries[len(LAYERS):]]
    assert segment_keys == [f"segment.{s}" for s in SEGMENTS if s in state.segments]
    for segment in state.segments:
        entry = by_key[f"segment.{segment}"]
        assert entry.count == int((drawn_chain["chain_segment"] == segment).sum())
        assert entry.color == SEGMENT_COLORS[segment]
        assert entry.visible == ("chain" in state.layers)


def test_legend_default_counts(dataset):
    counts = {e.key: e.count for e in legend_entries(dataset, ViewState())}
    assert counts == {
        "boundary": 1, "park": 1, "pv_rooftop": 2078, "pv_utility": 3, "wind_farm": 7, "chain": 8,
        "segment.materials": 1, "segment.cells": 3, "segment.pack": 0, "segment.application": 1,
        "segment.cascade": 0, "segment.recycling": 1, "segment.green_power": 1, "segment.platform": 1,
    }


def test_illustrative_shown_counts_what_is_drawn(dataset):
    # 2078 rooftop + 4 wind + 8 chain + the park outline are illustrative; 3 GEM wind + 3 GEM PV are not.
    assert illustrative_shown(dataset, ViewState()) == (2091, 2097)
    assert illustrative_shown(dataset, ViewState(layers=("wind_farm",))) == (4, 7)
    assert illustrative_shown(dataset, ViewState(layers=("park",), segments=())) == (1, 1)
    assert illustrative_shown(dataset, ViewState(segments=(), layers=("chain",))) == (0, 0)
