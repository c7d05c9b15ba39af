"""Green power as a county official means "coverage": the local new-energy generation left after the
county's own electricity consumption, against the electricity the chain's production needs, now and at
the "1612" goals. Pure formulas; every assumption is a named term with its provenance.

    C₃ = G₃ ÷ r                      county consumption, Q1 2022 (S2: G₃ = 292 M kWh = 1.28 × consumption)
    G  = G₉ × 365 ÷ 273              annual generation (S1: G₉ = 839 M kWh in Q1–Q3 2022); assumption A1
    C  = C₃ × 4                      annual county consumption; assumption A2
    S  = G − C                       the surplus: green power left after the county's own consumption
    N  = cells × k_cell + packs × k_pack + ESS × k_ess   (GWh × kWh/kWh × 10⁶ = kWh)
    coverage = min(max(S, 0) ÷ N, 1)

A1: the fourth quarter generates at the daily average of the first three. A2: every quarter consumes what
Q1 2022 did (no seasons, no growth). Packs and energy-storage systems count at 0 kWh per kWh unless a
figure is entered: no peer-reviewed figure for their assembly was found.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from geo import units
from geo.i18n import t

# Degen, Winter, Bendig & Tübke, Nature Energy 8, 1284-1295 (2023), doi:10.1038/s41560-023-01355-z:
# with today's technology LFP cells need about 37.5 kWh of production energy per kWh of cell
# capacity, the most of the cells analysed (NMC900: ~20.3); factory production only.
CELL_PRODUCTION_KWH_PER_KWH = 37.5
# No peer-reviewed figure for pack or storage-system assembly was found: 0 unless a user enters one.
PACK_ASSEMBLY_KWH_PER_KWH = 0.0
ESS_ASSEMBLY_KWH_PER_KWH = 0.0

Q1_Q3_2022_DAYS = (date(2022, 10, 1) - date(2022, 1, 1)).days  # 273
DAYS_PER_YEAR = 365

GENERATION_Q1_Q3 = "generation_q1_q3_2022_kwh"
GENERATION_Q1 = "generation_q1_2022_kwh"
RATIO_Q1 = "q1_2022_generation_to_consumption"


# --- formulas ----------------------------------------------------------------------------------


def annualise_by_days(kwh: float, period_days: int, year_days: int = DAYS_PER_YEAR) -> float:
    """Scale a period's total to a year pro rata by days (e.g. Q1-Q3 x 365/273)."""
    return kwh * year_days / period_days


def annualise_by_quarters(kwh: float, quarters: int = 1) -> float:
    """Scale a total over ``quarters`` quarters to four (e.g. Q1 x 4)."""
    return kwh * 4 / quarters


def consumption_from_ratio(generation_kwh: float, generation_to_consumption: float) -> float:
    """S2: Q1 generation was 1.28 x the county's consumption, so consumption = generation / 1.28."""
    return generation_kwh / generation_to_consumption


def production_kwh(output_gwh_per_year: float, kwh_per_kwh: float) -> float:
    """Electricity to produce a year's output: GWh x 1e6 kWh/GWh x kWh needed per kWh produced."""
    return output_gwh_per_year * 1e6 * kwh_per_kwh


def surplus(annual_generation_kwh: float, annual_consumption_kwh: float) -> float:
    """Generation left after the county's own consumption (an annual energy balance; may be negative)."""
    return annual_generation_kwh - annual_consumption_kwh


def coverage(available_kwh: float, need_kwh: float) -> float | None:
    """Share of a need that a supply covers on an annual energy balance (0..1); None without need."""
    if need_kwh <= 0:
        return None
    return min(max(available_kwh, 0.0) / need_kwh, 1.0)


def times_over(available_kwh: float, need_kwh: float) -> float | None:
    """How many times the supply covers the need (uncapped); None without need."""
    return max(available_kwh, 0.0) / need_kwh if need_kwh > 0 else None


@dataclass(frozen=True)
class Factors:
    """kWh of electricity per kWh of cells, packs and storage systems produced."""

    cell: float = CELL_PRODUCTION_KWH_PER_KWH
    pack: float = PACK_ASSEMBLY_KWH_PER_KWH
    ess: float = ESS_ASSEMBLY_KWH_PER_KWH


@dataclass(frozen=True)
class Output:
    """Annual output, GWh/yr, of cells, packs and energy-storage systems."""

    cells: float
    packs: float
    ess: float


def need_kwh(output: Output, factors: Factors) -> float:
    return (production_kwh(output.cells, factors.cell) + production_kwh(output.packs, factors.pack)
            + production_kwh(output.ess, factors.ess))


@dataclass(frozen=True)
class Coverage:
    """Every term of the green-power coverage, in kWh unless named otherwise."""

    gen_q1_q3: float
    gen_q1: float
    ratio: float
    sources: dict[str, str]  # fact id -> its sources ("S1", "S2")
    factors: Factors
    now: Output
    goals: Output

    @property
    def cons_q1(self) -> float:
        return consumption_from_ratio(self.gen_q1, self.ratio)

    @property
    def gen_year(self) -> float:
        return annualise_by_days(self.gen_q1_q3, Q1_Q3_2022_DAYS)

    @property
    def cons_year(self) -> float:
        return annualise_by_quarters(self.cons_q1)

    @property
    def surplus(self) -> float:
        return surplus(self.gen_year, self.cons_year)

    @property
    def need_now(self) -> float:
        return need_kwh(self.now, self.factors)

    @property
    def need_1612(self) -> float:
        return need_kwh(self.goals, self.factors)

    @property
    def cover_now(self) -> float | None:
        return coverage(self.surplus, self.need_now)

    @property
    def cover_1612(self) -> float | None:
        return coverage(self.surplus, self.need_1612)

    # Sensitivity, method B: generation annualised from Q1 alone (Q1 x 4), consumption as above.
    @property
    def gen_year_b(self) -> float:
        return annualise_by_quarters(self.gen_q1)

    @property
    def surplus_b(self) -> float:
        return surplus(self.gen_year_b, self.cons_year)

    @property
    def cover_1612_b(self) -> float | None:
        return coverage(self.surplus_b, self.need_1612)

    def zero_factors(self) -> tuple[str, ...]:
        """Which of packs and storage systems count at 0 kWh per kWh."""
        return tuple(k for k, v in (("pack", self.factors.pack), ("ess", self.factors.ess)) if v == 0)


def green_coverage(facts: pd.DataFrame, now: Output, goals: Output, factors: Factors = Factors()) -> Coverage:
    """The coverage terms from the reported facts (indexed by fact id), the chain's output now (from
    the lists) and at the "1612" goals."""
    def value(fact_id: str) -> float:
        return float(facts.loc[fact_id, "value"])

    ids = (GENERATION_Q1_Q3, GENERATION_Q1, RATIO_Q1)
    return Coverage(gen_q1_q3=value(GENERATION_Q1_Q3), gen_q1=value(GENERATION_Q1), ratio=value(RATIO_Q1),
                    sources={i: str(facts.loc[i, "source"]) for i in ids}, factors=factors, now=now,
                    goals=goals)


# --- the table a person reads ------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    key: str  # the term: i18n "green.term.<key>"
    value: float | None
    text: str  # the value as shown
    formula: str  # the formula with its numbers, or where the value comes from
    provenance: str  # reported / derived / assumption
    sources: tuple[str, ...] = ()  # the sources that state a reported value


def _n(value: float, decimals: int = 2) -> str:
    text = f"{value:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def kwh_text(value: float, lang: str) -> str:
    """Energy with enough digits that the table's sums add up as printed: 11.217 亿kWh / 1,121.7 million kWh."""
    if lang == "zh":
        return t("unit.kwh", lang, value=f"{value / 1e8:,.3f}")
    return t("unit.kwh", lang, value=f"{value / 1e6:,.1f}")


def _sources(text: str) -> tuple[str, ...]:
    return tuple(s.strip() for s in text.split(";") if s.strip())


def need_formula(output: Output, factors: Factors, lang: str) -> str:
    """"10 GWh × 37.5 + 6 GWh × 0 + 10 GWh × 0 = 3.75 亿kWh"."""
    return t("green.f.need", lang, cells=_n(output.cells, 3), k_cell=_n(factors.cell), packs=_n(output.packs, 3),
             k_pack=_n(factors.pack), ess=_n(output.ess, 3), k_ess=_n(factors.ess),
             kwh=kwh_text(need_kwh(output, factors), lang))


def coverage_text(c: Coverage, need: float, lang: str) -> str:
    """"55.8%", or "100% (5.81 × the need)" when the surplus is larger than the need."""
    share = coverage(c.surplus, need)
    over = times_over(c.surplus, need)
    if share is None:
        return "—"
    if over is not None and over > 1:
        return t("green.covered_times", lang, share=units.percent(share), times=_n(over))
    return units.percent(share)


def coverage_rows(c: Coverage, lang: str) -> list[Row]:
    """The terms in the order they are computed, each with its formula or source and its provenance."""
    def kwh(value: float) -> str:
        return kwh_text(value, lang)

    src = c.sources
    g9, g3, r = GENERATION_Q1_Q3, GENERATION_Q1, RATIO_Q1

    def reported(key: str, fact_id: str, value: float, text: str) -> Row:
        ids = _sources(src[fact_id])
        return Row(key, value, text, t("green.f.reported", lang, sources="、".join(ids) if lang == "zh"
                                        else ", ".join(ids)), "reported", ids)

    def factor(key: str, value: float, why: str) -> Row:
        return Row(key, value, f"{_n(value)} kWh/kWh", t(why, lang), "assumption")

    f = c.factors
    return [
        reported("gen_q1_q3", g9, c.gen_q1_q3, kwh(c.gen_q1_q3)),
        reported("gen_q1", g3, c.gen_q1, kwh(c.gen_q1)),
        reported("ratio", r, c.ratio, f"{c.ratio:g}"),
        Row("cons_q1", c.cons_q1, kwh(c.cons_q1),
            t("green.f.cons_q1", lang, g3=kwh(c.gen_q1), r=f"{c.ratio:g}", c3=kwh(c.cons_q1)), "derived"),
        Row("gen_year", c.gen_year, kwh(c.gen_year),
            t("green.f.gen_year", lang, g9=kwh(c.gen_q1_q3), days=Q1_Q3_2022_DAYS, g=kwh(c.gen_year)), "derived"),
        Row("cons_year", c.cons_year, kwh(c.cons_year),
            t("green.f.cons_year", lang, c3=kwh(c.cons_q1), c=kwh(c.cons_year)), "derived"),
        Row("surplus", c.surplus, kwh(c.surplus),
            t("green.f.surplus", lang, g=kwh(c.gen_year), c=kwh(c.cons_year), s=kwh(c.surplus)), "derived"),
        factor("k_cell", f.cell, "green.f.k_cell"),
        factor("k_pack", f.pack, "green.f.k_zero" if f.pack == 0 else "green.f.k_entered"),
        factor("k_ess", f.ess, "green.f.k_zero" if f.ess == 0 else "green.f.k_entered"),
        Row("need_now", c.need_now, kwh(c.need_now), need_formula(c.now, f, lang), "derived"),
        Row("need_1612", c.need_1612, kwh(c.need_1612), need_formula(c.goals, f, lang), "derived"),
        Row("cover_now", c.cover_now, coverage_text(c, c.need_now, lang),
            t("green.f.cover", lang, s=kwh(c.surplus), n=kwh(c.need_now)), "derived"),
        Row("cover_1612", c.cover_1612, coverage_text(c, c.need_1612, lang),
            t("green.f.cover", lang, s=kwh(c.surplus), n=kwh(c.need_1612)), "derived"),
    ]


def coverage_table(c: Coverage, lang: str) -> pd.DataFrame:
    """The compact table of the tracker page: term, value, formula or source, provenance."""
    return pd.DataFrame([{
        t("green.col.term", lang): t(f"green.term.{row.key}", lang),
        t("green.col.value", lang): row.text,
        t("green.col.basis", lang): row.formula,
        t("green.col.provenance", lang): t(f"green.prov.{row.provenance}", lang),
    } for row in coverage_rows(c, lang)])
