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

# Worked examples with S1's figures: 550 MW new-energy capacity = 95.7 % of installed; 839 million kWh in Q1-Q3 2022.
CAPACITY_MW, SHARE_PCT, GENERATION_KWH = 550, 95.7, 839e6


def _by_key(figures):
    return {k.key: k for k in figures}


def _fact(dataset, fact_id) -> float:
    return float(dataset.fact(fact_id)["value"])


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
    capacity, share = _fact(dataset, "newenergy_capacity_mw"), _fact(dataset, "newenergy_share_pct")
    generation = _fact(dataset, "generation_q1_q3_2022_kwh")
    assert figures["capacity"].value == f"{capacity:,.0f} MW"
    assert figures["share"].value == f"{share:.1f}%"
    assert figures["generation"].value == f"{generation / 1e9:.3f} bn kWh"
    assert figures["wind_farms"].value == f"{_fact(dataset, 'wind_farms_operating'):,.0f}"
    assert figures["rooftop"].value == f"{_fact(dataset, 'rooftop_pv_installations'):,.0f}"
    assert figures["enterprises"].value == f"{_fact(dataset, 'enterprises_above_size'):,.0f}"
    assert figures["projects"].value == f"{_fact(dataset, 'chain_projects_settled_2022'):,.0f}"
    assert figures["implied_total"].value == f"{capacity / (share / 100):,.1f} MW"
    assert figures["full_load_hours"].value == f"{generation / (capacity * 1000):,.0f} h"
    assert figures["capacity_factor"].value == f"{generation / (capacity * 1000 * 273 * 24):.1%}"


def test_generation_unit_in_chinese(dataset):
    generation = _fact(dataset, "generation_q1_q3_2022_kwh")
    assert _by_key(kpis(dataset, ViewState()))["generation"].value == f"{generation / 1e8:.2f} 亿kWh"


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
    capacity, share = _fact(dataset, "newenergy_capacity_mw"), _fact(dataset, "newenergy_share_pct")
    generation = _fact(dataset, "generation_q1_q3_2022_kwh")
    implied, hours = implied_total_capacity_mw(capacity, share), full_load_hours(generation, capacity)
    assert figures["implied_total"].help == f"Derived: {capacity:g} MW ÷ {share:g}% = {implied:,.1f} MW"
    assert f"{generation:,.0f} kWh ÷ {capacity * 1000:,.0f} kW = {hours:,.0f} h" in figures["full_load_hours"].help
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


def _chain_listed(dataset, kind, state):
    """Chain records of ``kind`` in the six chain segments (not green power, not the platform) that pass
    the view's segment and status filters."""
    records = dataset.records
    return int(((records["layer"] == "chain") & (records["kind"] == kind)
                & records["chain_segment"].isin(set(CHAIN_SEGMENTS) & set(state.segments))
                & records["status"].isin(state.statuses)).sum())


@pytest.mark.parametrize("segments", [
    SEGMENTS,
    tuple(s for s in SEGMENTS if s != "cells"),
    tuple(s for s in SEGMENTS if s not in ("cells", "materials")),
    tuple(s for s in SEGMENTS if s not in ("cells", "materials", "recycling")),
    ("green_power", "platform"),
])
def test_enterprises_listed_follow_the_segment_filter(dataset, segments):
    reported = f"{_fact(dataset, 'enterprises_above_size'):,.0f}"
    listed = _chain_listed(dataset, "enterprise", ViewState(segments=segments))
    for lang, text in [("en", f"{reported} reported · {listed} listed"), ("zh", f"报道 {reported} · 清单 {listed}")]:
        figure = _by_key(kpis(dataset, ViewState(lang=lang, segments=segments)))["enterprises"]
        assert figure.detail == text
        assert figure.value == reported  # the reported figure never changes with the filter
    if segments == ("green_power", "platform"):
        assert listed == 0


def test_projects_wind_and_rooftop_listed_follow_the_filters(dataset):
    records = dataset.records

    def detail(fact_id, listed):
        return f"{_fact(dataset, fact_id):,.0f} reported · {listed:,} listed"

    def in_layer(layer, state):
        return int(((records["layer"] == layer) & records["status"].isin(state.statuses)).sum())

    def wind_detail(state):
        """A 2022 count beside the farms listed by 2022: one started later is named apart, not counted."""
        wind = records[(records["layer"] == "wind_farm") & records["status"].isin(state.statuses)]
        later = int((wind["start_year"].astype(float) > 2022).sum())
        reported = _fact(dataset, "wind_farms_operating")
        if not later:
            return detail("wind_farms_operating", len(wind))
        return (f"{reported:,.0f} reported · {len(wind) - later:,} listed ({later} more started after 2022, "
                "not counted)")

    everything = ViewState(lang="en")
    nothing_operating = ViewState(lang="en", statuses=tuple(s for s in STATUSES if s != "operating"))
    for state in (everything, nothing_operating):
        figures = _by_key(kpis(dataset, state))
        # the park itself is a platform, not a project
        assert figures["projects"].detail == detail("chain_projects_settled_2022",
                                                    _chain_listed(dataset, "project", state))
        assert figures["wind_farms"].detail == wind_detail(state)
        assert figures["rooftop"].detail == detail("rooftop_pv_installations", in_layer("pv_rooftop", state))


def test_listed_chain_counts_only_the_six_chain_segments(dataset):
    records = dataset.records
    chain = records[records["layer"] == "chain"]
    assert not chain["chain_segment"].isin(CHAIN_SEGMENTS).all()  # the data has chain records to leave out
    for kind in ("enterprise", "project"):
        expected = chain[(chain["kind"] == kind) & chain["chain_segment"].isin(CHAIN_SEGMENTS)]
        assert set(listed_chain(records, kind)["id"]) == set(expected["id"]), kind


def test_output_value_in_english_is_in_billions(dataset):
    help_text = _by_key(kpis(dataset, ViewState(lang="en")))["enterprises"].help
    assert f"over {_fact(dataset, 'enterprises_output_value_cny') / 1e9:g} bn yuan/yr" in help_text


def test_output_value_in_chinese_is_in_yi(dataset):
    value = _fact(dataset, "enterprises_output_value_cny")
    assert f"年产值超{value / 1e8:g}亿元（S1）" in _by_key(kpis(dataset, ViewState()))["enterprises"].help


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


def test_legend_default_counts(dataset, layer_counts):
    counts = {e.key: e.count for e in legend_entries(dataset, ViewState())}
    chain = dataset.records[dataset.records["layer"] == "chain"]
    assert counts == {
        "boundary": len(dataset.county), "park": len(dataset.park),
        **{layer: layer_counts.get(layer, 0) for layer in ("pv_rooftop", "pv_utility", "wind_farm", "chain")},
        **{f"segment.{s}": int((chain["chain_segment"] == s).sum()) for s in SEGMENTS},
    }


def test_illustrative_shown_counts_what_is_drawn(dataset):
    records, park = dataset.records, len(dataset.park)
    illustrative = records["location_provenance"] == "illustrative"
    # Rooftop PV at invented positions is not drawn (geo.map.layers.drawn_on_map), so not counted.
    undrawn = (records["layer"] == "pv_rooftop") & illustrative
    assert illustrative_shown(dataset, ViewState()) == (
        int((illustrative & ~undrawn).sum()) + park, int((~undrawn).sum()) + park)
    wind = records["layer"] == "wind_farm"
    assert illustrative_shown(dataset, ViewState(layers=("wind_farm",))) == (
        int((illustrative & wind).sum()), int(wind.sum()))
    assert illustrative_shown(dataset, ViewState(layers=("park",), segments=())) == (1, 1)
    assert illustrative_shown(dataset, ViewState(segments=(), layers=("chain",))) == (0, 0)
