"""Headline figures: the reported ones with their sources, the derived ones with their formulas,
and the counts of what the lists hold under the current filter.

Reported and derived figures are kept apart (``kind``) and never mixed silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import geopandas as gpd

from geo import units
from geo.data.dataset import Dataset
from geo.filters import ViewState, filter_records
from geo.i18n import t
from geo.model import CHAIN_SEGMENTS

# Q1-Q3 2022 = 1 January to 30 September 2022.
Q1_Q3_2022_HOURS = ((date(2022, 10, 1) - date(2022, 1, 1)).days) * 24


@dataclass(frozen=True)
class Kpi:
    key: str
    label: str
    value: str
    kind: str  # "reported" or "derived"
    help: str  # the source, or the formula
    detail: str = ""


def implied_total_capacity_mw(new_energy_mw: float, share_pct: float) -> float:
    return new_energy_mw / (share_pct / 100)


def full_load_hours(generation_kwh: float, capacity_mw: float) -> float:
    return generation_kwh / (capacity_mw * 1000)


def capacity_factor(generation_kwh: float, capacity_mw: float, hours: float) -> float:
    return generation_kwh / (capacity_mw * 1000 * hours)


def listed_chain(records: gpd.GeoDataFrame, kind: str) -> gpd.GeoDataFrame:
    """Enterprises or projects in the six chain segments (not energy operators, not the park)."""
    return records[(records["layer"] == "chain") & (records["kind"] == kind)
                   & records["chain_segment"].isin(CHAIN_SEGMENTS)]


def kpis(dataset: Dataset, state: ViewState) -> list[Kpi]:
    lang = state.lang
    fact = dataset.fact
    filtered = filter_records(dataset.records, state)

    def source(fact_id: str) -> str:
        return t("kpi.source", lang, source=fact(fact_id)["source"].replace(";", ", "))

    def reported_listed(fact_id: str, listed: int) -> str:
        return t("kpi.reported_listed", lang, reported=f"{int(fact(fact_id)['value']):,}",
                 listed=f"{listed:,}")

    capacity = float(fact("newenergy_capacity_mw")["value"])
    share = float(fact("newenergy_share_pct")["value"])
    generation = float(fact("generation_q1_q3_2022_kwh")["value"])
    implied = implied_total_capacity_mw(capacity, share)
    hours = full_load_hours(generation, capacity)
    factor = capacity_factor(generation, capacity, Q1_Q3_2022_HOURS)
    wind_listed = int((filtered["layer"] == "wind_farm").sum())
    rooftop_listed = int((filtered["layer"] == "pv_rooftop").sum())
    output_value = fact("enterprises_output_value_cny")
    unit_gen = "亿kWh" if lang == "zh" else "bn kWh"
    gen_value = f"{generation / 1e8:.2f} {unit_gen}" if lang == "zh" else f"{generation / 1e9:.3f} {unit_gen}"
    return [
        Kpi("capacity", t("kpi.capacity", lang), f"{capacity:,.0f} MW", "reported",
            source("newenergy_capacity_mw")),
        Kpi("share", t("kpi.share", lang), f"{share:.1f}%", "reported",
            source("newenergy_share_pct")),
        Kpi("generation", t("kpi.generation", lang), gen_value, "reported",
            source("generation_q1_q3_2022_kwh")),
        Kpi("wind_farms", t("kpi.wind_farms", lang), f"{int(fact('wind_farms_operating')['value'])}",
            "reported", source("wind_farms_operating"),
            reported_listed("wind_farms_operating", wind_listed)),
        Kpi("rooftop", t("kpi.rooftop", lang), f"{int(fact('rooftop_pv_installations')['value']):,}",
            "reported", source("rooftop_pv_installations"),
            reported_listed("rooftop_pv_installations", rooftop_listed)),
        Kpi("enterprises", t("kpi.enterprises", lang),
            f"{int(fact('enterprises_above_size')['value'])}", "reported",
            source("enterprises_above_size") + " · " + t(
                "kpi.output_value", lang,
                value=units.yuan_number(float(output_value["value"]), lang),
                source=output_value["source"]),
            reported_listed("enterprises_above_size", len(listed_chain(filtered, "enterprise")))),
        Kpi("projects", t("kpi.projects", lang),
            f"{int(fact('chain_projects_settled_2022')['value'])}", "reported",
            source("chain_projects_settled_2022"),
            reported_listed("chain_projects_settled_2022", len(listed_chain(filtered, "project")))),
        Kpi("implied_total", t("kpi.implied_total", lang), f"{implied:,.1f} MW", "derived",
            t("kpi.derived", lang, formula=f"{capacity:g} MW ÷ {share:g}% = {implied:,.1f} MW")),
        Kpi("full_load_hours", t("kpi.full_load_hours", lang), f"{hours:,.0f} h", "derived",
            t("kpi.derived", lang,
              formula=f"{generation:,.0f} kWh ÷ {capacity * 1000:,.0f} kW = {hours:,.0f} h")),
        Kpi("capacity_factor", t("kpi.capacity_factor", lang), f"{factor:.1%}", "derived",
            t("kpi.derived", lang, formula=f"{hours:,.0f} h ÷ {Q1_Q3_2022_HOURS:,} h "
              f"({t('kpi.q1_q3_period', lang)}) = {factor:.1%}")),
    ]
