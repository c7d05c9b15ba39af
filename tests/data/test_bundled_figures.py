"""The figures of the bundled data (data/), pinned in one place.

Tests elsewhere derive their expected values from the data (``dataset``, ``layer_counts``) or use
test data of their own; only this module (and the other tests in tests/data/) says what the bundled
data holds. When data/ changes, update the figures here, from their sources: data/README.md says
where each file comes from, and reported_facts.csv is copied from REPORTED-FACTS (S1-S3).
"""

from __future__ import annotations

import pytest

from geo.figures.chain import chain_summary
from geo.figures.green import Output, green_coverage
from geo.figures.metrics import kpis, listed_chain
from geo.figures.tracker import DEFAULT_ASSUMPTIONS, cell_contributions, tracker_figures
from geo.filters import ViewState, filter_records
from geo.lists.definitions import build_list, stage_pipeline
from geo.map.legend import illustrative_shown, legend_entries
from geo.meeting.tours import caption_fields
from geo.model import SEGMENTS, STATUSES


def _by_key(figures):
    return {k.key: k for k in figures}


def _total(table, key):
    return next(x for x in table.totals if x.key == key)


# --- reported facts and the KPIs derived from them ------------------------------------------------


def test_kpis_of_the_bundled_facts(dataset):
    """S1: 550 MW new-energy capacity = 95.7 % of installed; 839 million kWh in Q1-Q3 2022."""
    figures = _by_key(kpis(dataset, ViewState(lang="en")))
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
    assert figures["implied_total"].help == "Derived: 550 MW ÷ 95.7% = 574.7 MW"
    assert "839,000,000 kWh ÷ 550,000 kW = 1,525 h" in figures["full_load_hours"].help
    assert "over 4 bn yuan/yr" in figures["enterprises"].help
    zh = _by_key(kpis(dataset, ViewState()))
    assert zh["generation"].value == "8.39 亿kWh"
    assert "年产值超40亿元（S1）" in zh["enterprises"].help


def test_kpi_details_reported_beside_listed(dataset):
    figures = _by_key(kpis(dataset, ViewState(lang="en")))
    # E-CGN is green power, not chain; E-ZKYB is the sodium-ion cell maker (DZRB-2023, FOUND-2026-12 F6).
    assert figures["enterprises"].detail == "13 reported · 4 listed"
    assert figures["projects"].detail == "7 reported · 3 listed"  # the park itself is a platform, not a project
    # S1, S2: 7 farms operating in 2022 (GEM's two older farms and five whose positions are not
    # reported); GEM-WIND gives WIND-GEM-2 (30 MW) the start year 2023: listed, not in the 2022 count.
    assert figures["wind_farms"].detail == "7 reported · 7 listed (1 more started after 2022, not counted)"
    # No rooftop point is bundled (issue 11): the county figure stands alone.
    assert figures["rooftop"].detail == "2,078 reported · 0 listed"
    nothing_operating = ViewState(lang="en", statuses=tuple(s for s in STATUSES if s != "operating"))
    figures = _by_key(kpis(dataset, nothing_operating))
    assert figures["wind_farms"].detail == "7 reported · 0 listed"
    assert figures["rooftop"].detail == "2,078 reported · 0 listed"
    assert figures["projects"].detail == "7 reported · 1 listed"  # P-CELL-14500 (renovating); CTG operates (F3, F4)
    no_cells = ViewState(lang="zh", segments=tuple(s for s in SEGMENTS if s != "cells"))
    assert _by_key(kpis(dataset, no_cells))["enterprises"].detail == "报道 13 · 清单 2"


def test_listed_chain_records(dataset):
    assert set(listed_chain(dataset.records, "enterprise")["id"]) == {"E-CONDUCTIVE", "E-YUTUO", "E-RECYCLER",
                                                                      "E-ZKYB"}
    assert set(listed_chain(dataset.records, "project")["id"]) == {"P-YUTUO-5AH", "P-CELL-14500", "P-CTG-ESS"}


def test_tour_caption_fields(dataset):
    en = caption_fields(dataset, "en")
    assert en["capacity_mw"] == "550 MW"
    assert caption_fields(dataset, "zh")["share_pct"] == "95.7%"
    # GEM-WIND: 50 MW started 2017, 100 MW with no start year, 30 MW started 2023 (not in S1's 2022 count)
    assert (en["wind_gem_by_year"], en["wind_gem_by_year_mw"]) == ("1", "50 MW")
    assert (en["wind_gem_undated"], en["wind_gem_undated_mw"]) == ("1", "100 MW")
    assert (en["wind_gem_later"], en["wind_gem_later_mw"], en["wind_gem_later_years"]) == ("1", "30 MW", "2023")
    # GEM-SOLAR: 4 MW operating, 70 + 100 MW pre-construction
    assert (en["pv_utility_operating_mw"], en["pv_utility_pre_mw"]) == ("4 MW", "170 MW")
    assert en["park_investment"] == "3.5 bn yuan" and en["park_room"] == "20"  # S2


# --- the map: legend and illustrative positions -------------------------------------------------


def test_legend_default_counts(dataset):
    counts = {e.key: e.count for e in legend_entries(dataset, ViewState())}
    assert counts == {
        "boundary": 1, "park": 1, "pv_rooftop": 0, "pv_utility": 3, "wind_farm": 8, "chain": 9,
        "segment.materials": 1, "segment.cells": 4, "segment.pack": 0, "segment.application": 1,
        "segment.cascade": 0, "segment.recycling": 1, "segment.green_power": 1, "segment.platform": 1,
    }


def test_illustrative_positions_shown(dataset):
    # 5 wind + 9 chain + the park outline are illustrative; 3 GEM wind + 3 GEM PV are not; no rooftop
    # point is bundled (S1 gives no positions).
    assert illustrative_shown(dataset, ViewState()) == (15, 21)
    assert illustrative_shown(dataset, ViewState(layers=("wind_farm",))) == (5, 8)


# --- the chain: per-node summaries and gaps -------------------------------------------------------


def test_chain_summary_of_the_bundled_lists(dataset):
    summary = chain_summary(dataset.records)
    cells = summary["cells"]
    assert (cells.enterprises, cells.projects) == (2, 2)
    assert set(cells.ids) == {"E-YUTUO", "E-ZKYB", "P-YUTUO-5AH", "P-CELL-14500"}
    assert cells.cells_per_day == 200_000 + 2_000_000 + 300_000  # S1, S1, DZRB-2023 (sodium-ion)
    assert cells.output_value_cny_per_year == 1e9
    assert cells.status == "ok"
    assert summary["conductive_agent"].status == "weak"
    assert summary["recycling"].status == "weak"
    assert summary["energy_storage"].status == "weak"
    for node_id in ("cathode", "anode", "separator", "electrolyte", "pack", "vehicles", "tools", "cascade"):
        assert summary[node_id].status == "gap" and summary[node_id].ids == (), node_id
    wind = summary["wind"]
    assert (wind.assets, wind.enterprises) == (8, 1)
    assert wind.capacity_mw == 280.0 and wind.capacity_mw_records == 4  # GEM: 50 + 30 + 100 MW; SEP 100 MW (F10)
    assert wind.capacity_mw_operating == 280.0
    solar = summary["solar"]
    assert solar.assets == 3  # utility PV (no rooftop point is bundled)
    assert solar.capacity_mw == 174.0 and solar.capacity_mw_operating == 4.0  # GEM: 70 + 4 + 100 MW
    assert summary["park"].projects == 1
    assert [s.status for s in summary.values()].count("gap") == 8  # 4 materials, PACK, vehicles, tools, cascade
    assert [s.status for s in summary.values()].count("weak") == 3  # conductive agent, energy storage, recycling
    assert [s.status for s in chain_summary(dataset.records, weak_below=5).values()].count("weak") == 4
    operating = filter_records(dataset.records, ViewState(statuses=("operating", "full_capacity")))
    # The CTG storage station operates (F3, F4): energy storage stays weak, not a gap.
    assert [s.status for s in chain_summary(operating).values()].count("gap") == 8
    assert chain_summary(dataset.records, weak_below=1)["conductive_agent"].status == "ok"
    assert chain_summary(dataset.records, weak_below=5)["cells"].status == "weak"
    no_renovating = tuple(s for s in ViewState().statuses if s != "renovating")
    cells = chain_summary(filter_records(dataset.records, ViewState(statuses=no_renovating)))["cells"]
    assert cells.projects == 1 and cells.cells_per_day == 200_000 + 300_000


def test_node_filter_of_the_bundled_records(dataset):
    wind = filter_records(dataset.records, ViewState(nodes=("wind",)))
    assert wind["layer"].value_counts().to_dict() == {"wind_farm": 8, "chain": 1}
    cells = filter_records(dataset.records, ViewState(nodes=("cells",), statuses=("operating",)))
    assert set(cells["id"]) == {"E-YUTUO", "E-ZKYB", "P-YUTUO-5AH"}


# --- the "1612" tracker and the green-power balance ------------------------------------------------


def test_tracker_figures_of_the_bundled_lists(dataset):
    by_id = {c.id: c for c in cell_contributions(dataset.records)}
    assert set(by_id) == {"P-YUTUO-5AH", "P-CELL-14500", "E-ZKYB"}
    assert by_id["E-ZKYB"].reason == "no_ah" and by_id["E-ZKYB"].gwh is None  # no Ah reported (F6)
    assert by_id["P-YUTUO-5AH"].gwh == pytest.approx(0.96) and by_id["P-YUTUO-5AH"].counted
    assert by_id["P-CELL-14500"].gwh == pytest.approx(1.776)
    assert by_id["P-CELL-14500"].reason == "renovating_excluded"
    figures = tracker_figures(dataset.records, dataset.facts)
    assert figures.targets == {"cells": 10.0, "packs": 6.0, "ess": 10.0, "output_value": 2e10}
    assert figures.cells_gwh == pytest.approx(0.96)
    assert figures.packs_gwh == 0 and figures.ess_gwh == 0
    assert figures.listed_output_cny == 1e9 and figures.output_ids == ("P-YUTUO-5AH",)
    assert figures.reported_output_cny == 4e9
    assert figures.progress("cells").share == pytest.approx(0.096)
    assert figures.progress("cells").remaining == pytest.approx(9.04)
    renovating = tracker_figures(dataset.records, dataset.facts, DEFAULT_ASSUMPTIONS.with_(include_renovating=True))
    assert renovating.cells_gwh == pytest.approx(0.96 + 1.776)


def test_green_power_coverage_of_the_bundled_facts(dataset):
    """S1: 839 M kWh in Q1-Q3 2022; S2: 292 M kWh in Q1 2022 = 1.28 x the county's consumption."""
    c = green_coverage(dataset.facts, Output(0.96, 0, 0), Output(10, 6, 10))
    assert (c.gen_q1_q3, c.gen_q1, c.ratio) == (839e6, 292e6, 1.28)
    assert c.sources == {"generation_q1_q3_2022_kwh": "S1", "generation_q1_2022_kwh": "S2",
                         "q1_2022_generation_to_consumption": "S2"}
    assert c.gen_year == pytest.approx(1_121_739_926.7, rel=1e-9)
    assert c.cons_year == pytest.approx(912_500_000)
    assert c.surplus == pytest.approx(209_239_926.7, rel=1e-9)
    assert c.need_1612 == pytest.approx(375e6)
    assert c.cover_now == 1.0 and c.cover_1612 == pytest.approx(0.558, abs=5e-4)


# --- the lists ------------------------------------------------------------------------------------


def test_list_figures_of_the_bundled_data(dataset):
    enterprises = build_list(dataset, ViewState(), "enterprises")
    projects = build_list(dataset, ViewState(), "projects")
    energy = build_list(dataset, ViewState(), "energy")
    assert (len(enterprises.ids), len(projects.ids)) == (5, 4)
    assert _total(energy, "systems").value == 8 + 3  # wind farms, utility PV; no rooftop row
    capacity = _total(energy, "capacity_mw")
    assert capacity.value == pytest.approx(50 + 30 + 100 + 100 + 70 + 4 + 100)  # GEM wind, SEP wind, GEM PV
    assert (capacity.covered, capacity.rows) == (7, 11)
    operating = build_list(dataset, ViewState(statuses=("operating",)), "energy")
    assert _total(operating, "capacity_mw").value == pytest.approx(50 + 30 + 100 + 100 + 4)
    assert energy.illustrative_rows == 5  # the five wind farms without a published position
    reported = {f.fact_id: f.value for f in energy.reported}
    assert reported["newenergy_capacity_mw"] == "550 MW"
    assert reported["rooftop_pv_installations"] == "2,078"
    assert {f.fact_id: f.value for f in enterprises.reported} == {
        "enterprises_above_size": "13", "enterprises_output_value_cny": "超过40 亿元/年"}
    # 亿元: Yutuo (S2) + park (S2) + CTG storage (F4, 1.1 bn yuan)
    assert _total(projects, "investment").value == pytest.approx((1e9 + 3.5e9 + 1.1e9) / 1e8)
    assert _total(projects, "output_value").value == pytest.approx(10)
    assert _total(projects, "gwh_per_year").value == pytest.approx(0.96)
    assert dict(stage_pipeline(projects)) == {"lead": 0, "signed": 0, "pre_construction": 0, "construction": 1,
                                              "operating": 2, "full_capacity": 0, "renovating": 1}
    assert len(dataset.park_plots) == 6
