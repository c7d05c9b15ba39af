"""Green-power coverage: local generation after the county's own consumption, against the chain's need.

Hand-computed (S1: 839 M kWh in Q1-Q3 2022; S2: 292 M kWh in Q1 2022 = 1.28 x the county's consumption):
    C3 = 292 / 1.28                 = 228.125 M kWh
    G  = 839 x 365 / 273            = 1,121.7399 M kWh
    C  = 228.125 x 4                = 912.5 M kWh
    S  = G - C                      = 209.2399 M kWh
    N_now  = 0.96 GWh x 37.5        = 36 M kWh    -> S / N = 5.812 -> coverage 100%
    N_1612 = 10 x 37.5 + 6 x 0 + 10 x 0 = 375 M kWh -> coverage 209.2399 / 375 = 55.80%
    method B: G' = 292 x 4 = 1,168; S' = 255.5; 255.5 / 375 = 68.13%
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.figures.green import (
    Factors,
    Output,
    annualise_by_days,
    annualise_by_quarters,
    consumption_from_ratio,
    coverage,
    coverage_rows,
    coverage_table,
    coverage_text,
    green_coverage,
    need_formula,
    need_kwh,
    production_kwh,
    surplus,
    times_over,
)
from geo.i18n import t

FACTS = pd.DataFrame([
    {"id": "generation_q1_q3_2022_kwh", "value": 839e6, "source": "S1"},
    {"id": "generation_q1_2022_kwh", "value": 292e6, "source": "S2"},
    {"id": "q1_2022_generation_to_consumption", "value": 1.28, "source": "S2"},
]).set_index("id")
NOW = Output(cells=0.96, packs=0.0, ess=0.0)
GOALS = Output(cells=10.0, packs=6.0, ess=10.0)


def test_the_terms_by_hand():
    c = green_coverage(FACTS, NOW, GOALS)
    assert c.cons_q1 == pytest.approx(228_125_000)
    assert c.gen_year == pytest.approx(1_121_739_926.7, rel=1e-9)
    assert c.cons_year == pytest.approx(912_500_000)
    assert c.surplus == pytest.approx(209_239_926.7, rel=1e-9)
    assert c.need_now == pytest.approx(36e6)
    assert c.need_1612 == pytest.approx(375e6)  # packs and storage systems at zero energy
    assert c.cover_now == 1.0 and times_over(c.surplus, c.need_now) == pytest.approx(5.8122, rel=1e-4)
    assert c.cover_1612 == pytest.approx(0.55797, rel=1e-4)
    assert c.gen_year_b == pytest.approx(1_168e6) and c.surplus_b == pytest.approx(255.5e6)
    assert c.cover_1612_b == pytest.approx(0.68133, rel=1e-4)
    assert c.zero_factors() == ("pack", "ess")


def test_not_the_gross_share():
    """The old figure, 33.4% (need / gross generation), is not what coverage means."""
    c = green_coverage(FACTS, NOW, GOALS)
    assert c.need_1612 / c.gen_year == pytest.approx(0.3343, rel=1e-3)
    assert c.cover_1612 != pytest.approx(c.need_1612 / c.gen_year)


def test_pack_and_storage_energy_when_entered():
    c = green_coverage(FACTS, NOW, GOALS, Factors(cell=37.5, pack=2.0, ess=1.0))
    assert c.need_1612 == pytest.approx(375e6 + 6 * 2e6 + 10 * 1e6)
    assert c.zero_factors() == ()


def test_formulas():
    assert annualise_by_days(839e6, 273) == pytest.approx(839e6 * 365 / 273)
    assert annualise_by_quarters(292e6) == pytest.approx(1_168e6)
    assert annualise_by_quarters(839e6, quarters=3) == pytest.approx(839e6 * 4 / 3)
    assert consumption_from_ratio(292e6, 1.28) == pytest.approx(228_125_000)
    assert production_kwh(10, 37.5) == pytest.approx(375e6)  # 10 GWh x 1e6 kWh/GWh x 37.5
    assert surplus(100, 120) == -20
    assert coverage(209e6, 375e6) == pytest.approx(209 / 375)
    assert coverage(1e9, 36e6) == 1.0 and coverage(-5, 10) == 0.0 and coverage(5, 0) is None
    assert times_over(5, 0) is None


@given(st.floats(0, 1e10), st.floats(1e-3, 1e10))
def test_coverage_is_a_share(available, need):
    share = coverage(available, need)
    assert 0.0 <= share <= 1.0
    assert share == pytest.approx(min(available / need, 1.0))


@given(st.floats(0, 100), st.floats(0, 100), st.floats(0, 100), st.floats(0, 100), st.floats(0, 100),
       st.floats(0, 100))
def test_the_need_is_linear_and_zero_factors_add_nothing(cells, packs, ess, k_cell, k_pack, k_ess):
    factors = Factors(k_cell, k_pack, k_ess)
    total = need_kwh(Output(cells, packs, ess), factors)
    assert total == pytest.approx((cells * k_cell + packs * k_pack + ess * k_ess) * 1e6)
    assert need_kwh(Output(cells, packs, ess), Factors(k_cell, 0, 0)) == pytest.approx(cells * k_cell * 1e6)


@given(st.floats(1e6, 1e10), st.floats(1e6, 1e10), st.floats(1.01, 5))
def test_more_consumption_never_covers_more(gen_q1_q3, gen_q1, ratio):
    facts = FACTS.copy()
    facts.loc["generation_q1_q3_2022_kwh", "value"] = gen_q1_q3
    facts.loc["generation_q1_2022_kwh", "value"] = gen_q1
    facts.loc["q1_2022_generation_to_consumption", "value"] = ratio
    low_use = green_coverage(facts, NOW, GOALS)
    facts.loc["q1_2022_generation_to_consumption", "value"] = ratio / 2  # twice the consumption
    high_use = green_coverage(facts, NOW, GOALS)
    assert high_use.surplus <= low_use.surplus
    assert high_use.cover_1612 <= low_use.cover_1612


def test_the_table_every_term_with_its_provenance():
    c = green_coverage(FACTS, NOW, GOALS)
    rows = {r.key: r for r in coverage_rows(c, "en")}
    assert list(rows) == ["gen_q1_q3", "gen_q1", "ratio", "cons_q1", "gen_year", "cons_year", "surplus",
                          "k_cell", "k_pack", "k_ess", "need_now", "need_1612", "cover_now", "cover_1612"]
    assert {k: r.sources for k, r in rows.items() if r.provenance == "reported"} == {
        "gen_q1_q3": ("S1",), "gen_q1": ("S2",), "ratio": ("S2",)}
    assert {k for k, r in rows.items() if r.provenance == "assumption"} == {"k_cell", "k_pack", "k_ess"}
    assert rows["cons_q1"].formula == "Q1 generation 292.0 million kWh ÷ 1.28 = 228.1 million kWh"
    assert rows["gen_year"].formula.startswith("Q1–Q3 839.0 million kWh × 365 ÷ 273 = 1,121.7 million kWh; "
                                               "assumption A1")
    assert rows["cons_year"].formula.startswith("Q1 consumption 228.1 million kWh × 4 = 912.5 million kWh; "
                                                "assumption A2")
    assert rows["surplus"].text == "209.2 million kWh"
    assert rows["k_pack"].formula == rows["k_ess"].formula == t("green.f.k_zero", "en")
    assert rows["need_1612"].formula == (
        "cells 10 GWh × 37.5 + packs 6 GWh × 0 + storage 10 GWh × 0 = 375.0 million kWh")
    assert rows["cover_1612"].text == "55.8%"
    assert rows["cover_now"].text == "100.0% (surplus = 5.81 × the need)"
    zh = {r.key: r for r in coverage_rows(c, "zh")}
    assert zh["surplus"].formula == "全年发电 11.217 亿kWh − 全年用电 9.125 亿kWh = 2.092 亿kWh"
    assert zh["gen_q1"].formula == "来源：S2"
    table = coverage_table(c, "zh")
    assert list(table.columns) == ["项目", "数值", "公式或来源", "性质"]
    assert len(table) == 14


def test_need_formula_and_coverage_text():
    assert need_formula(Output(0.96, 0, 0), Factors(), "zh") == (
        "电芯 0.96 GWh × 37.5 + PACK 0 GWh × 0 + 储能系统 0 GWh × 0 = 0.360 亿kWh")
    c = green_coverage(FACTS, Output(0, 0, 0), GOALS)
    assert coverage_text(c, c.need_now, "en") == "—"  # nothing to cover
