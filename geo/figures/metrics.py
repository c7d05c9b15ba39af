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
from geo.data.memo import per_dataset
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
    kind: str  # "reported", "derived" or (a tour step's count of the lists) "listed"
    help: str  # the source, or the formula
    detail: str = ""
    period: str = ""  # when the figure holds, as the source says it (period_label)
    shown: str = ""  # the count under the current filter, for county totals the lists also hold


_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def period_label(period: str, lang: str) -> str:
    """A fact's ``period`` ("2022", "2022-01/2022-09") as county reports write it: 2022年,
    2022年前三季度, 2022年1–10月 (Q1–Q3 2022, Jan–Oct 2022). Anything else is shown as it is."""
    text = str(period or "").strip()
    if len(text) == 4 and text.isdigit():
        return t("kpi.period_year", lang, year=text)
    parts = text.split("/")
    if len(parts) != 2 or not all(len(p) == 7 and p[4] == "-" for p in parts) or parts[0][:4] != parts[1][:4]:
        return text
    year, first, last = parts[0][:4], int(parts[0][5:]), int(parts[1][5:])
    if first == 1 and last in (3, 6, 9):
        return t(f"kpi.period_to_{last}", lang, year=year)
    if first == 1 and last == 12:
        return t("kpi.period_year", lang, year=year)
    months = f"{first}–{last}月" if lang == "zh" else f"{_MONTHS_EN[first - 1]}–{_MONTHS_EN[last - 1]}"
    return t("kpi.period_months", lang, year=year, months=months)


def implied_total_capacity_mw(new_energy_mw: float, share_pct: float) -> float:
    return new_energy_mw / (share_pct / 100)


def full_load_hours(generation_kwh: float, capacity_mw: float) -> float:
    return generation_kwh / (capacity_mw * 1000)


def capacity_factor(generation_kwh: float, capacity_mw: float, hours: float) -> float:
    return generation_kwh / (capacity_mw * 1000 * hours)


def started_by(records: gpd.GeoDataFrame, year: int) -> gpd.GeoDataFrame:
    """Records not known to have started after ``year`` (start year up to ``year``, or not reported):
    the ones a figure for ``year`` may count. A farm commissioned in 2023 is not in a 2022 total."""
    start = records["start_year"].astype(float)
    return records[start.isna() | (start <= year)]


def listed_chain(records: gpd.GeoDataFrame, kind: str) -> gpd.GeoDataFrame:
    """Enterprises or projects in the six chain segments (not energy operators, not the park)."""
    return records[(records["layer"] == "chain") & (records["kind"] == kind)
                   & records["chain_segment"].isin(CHAIN_SEGMENTS)]


@per_dataset()  # a filter change reruns the page; each view's figures are computed once (issue 14)
def kpis(dataset: Dataset, state: ViewState) -> list[Kpi]:
    lang = state.lang
    fact = dataset.fact
    filtered = filter_records(dataset.records, state)

    def source(fact_id: str) -> str:
        return t("kpi.source", lang, source=fact(fact_id)["source"].replace(";", ", "))

    def period(fact_id: str) -> str:
        return period_label(fact(fact_id)["period"], lang)

    def reported_listed(fact_id: str, listed: int) -> str:
        return t("kpi.reported_listed", lang, reported=f"{int(fact(fact_id)['value']):,}",
                 listed=f"{listed:,}")

    capacity = float(fact("newenergy_capacity_mw")["value"])
    share = float(fact("newenergy_share_pct")["value"])
    generation = float(fact("generation_q1_q3_2022_kwh")["value"])
    implied = implied_total_capacity_mw(capacity, share)
    hours = full_load_hours(generation, capacity)
    factor = capacity_factor(generation, capacity, Q1_Q3_2022_HOURS)
    wind = filtered[filtered["layer"] == "wind_farm"]
    wind_year = int(str(fact("wind_farms_operating")["period"])[:4])
    wind_listed = len(started_by(wind, wind_year))
    wind_later = len(wind) - wind_listed
    rooftop_listed = int((filtered["layer"] == "pv_rooftop").sum())
    enterprises_listed = len(listed_chain(filtered, "enterprise"))
    projects_listed = len(listed_chain(filtered, "project"))
    output_value = fact("enterprises_output_value_cny")
    unit_gen = "亿kWh" if lang == "zh" else "bn kWh"
    gen_value = f"{generation / 1e8:.2f} {unit_gen}" if lang == "zh" else f"{generation / 1e9:.3f} {unit_gen}"
    return [
        Kpi("capacity", t("kpi.capacity", lang), f"{capacity:,.0f} MW", "reported",
            source("newenergy_capacity_mw"), period=period("newenergy_capacity_mw")),
        Kpi("share", t("kpi.share", lang), f"{share:.1f}%", "reported",
            source("newenergy_share_pct"), period=period("newenergy_share_pct")),
        Kpi("generation", t("kpi.generation", lang), gen_value, "reported",
            source("generation_q1_q3_2022_kwh"), period=period("generation_q1_q3_2022_kwh")),
        Kpi("wind_farms", t("kpi.wind_farms", lang), f"{int(fact('wind_farms_operating')['value'])}",
            "reported", source("wind_farms_operating"),
            t("kpi.wind_listed_later", lang, reported=f"{int(fact('wind_farms_operating')['value']):,}",
              listed=f"{wind_listed:,}", later=f"{wind_later:,}", year=wind_year) if wind_later
            else reported_listed("wind_farms_operating", wind_listed), period("wind_farms_operating"),
            f"{wind_listed:,}"),
        Kpi("rooftop", t("kpi.rooftop", lang), f"{int(fact('rooftop_pv_installations')['value']):,}",
            "reported", source("rooftop_pv_installations"),
            reported_listed("rooftop_pv_installations", rooftop_listed), period("rooftop_pv_installations"),
            f"{rooftop_listed:,}"),
        Kpi("enterprises", t("kpi.enterprises", lang),
            f"{int(fact('enterprises_above_size')['value'])}", "reported",
            source("enterprises_above_size") + " · " + t(
                "kpi.output_value", lang,
                value=units.yuan_number(float(output_value["value"]), lang),
                source=output_value["source"]),
            reported_listed("enterprises_above_size", enterprises_listed), period("enterprises_above_size"),
            f"{enterprises_listed:,}"),
        Kpi("projects", t("kpi.projects", lang),
            f"{int(fact('chain_projects_settled_2022')['value'])}", "reported",
            source("chain_projects_settled_2022"),
            reported_listed("chain_projects_settled_2022", projects_listed), period("chain_projects_settled_2022"),
            f"{projects_listed:,}"),
        Kpi("implied_total", t("kpi.implied_total", lang), f"{implied:,.1f} MW", "derived",
            t("kpi.derived", lang, formula=f"{capacity:g} MW ÷ {share:g}% = {implied:,.1f} MW"),
            period=period("newenergy_share_pct")),
        Kpi("full_load_hours", t("kpi.full_load_hours", lang), f"{hours:,.0f} h", "derived",
            t("kpi.derived", lang,
              formula=f"{generation:,.0f} kWh ÷ {capacity * 1000:,.0f} kW = {hours:,.0f} h"),
            period=period("generation_q1_q3_2022_kwh")),
        Kpi("capacity_factor", t("kpi.capacity_factor", lang), f"{factor:.1%}", "derived",
            t("kpi.derived", lang, formula=f"{hours:,.0f} h ÷ {Q1_Q3_2022_HOURS:,} h "
              f"({t('kpi.q1_q3_period', lang)}) = {factor:.1%}"), period=period("generation_q1_q3_2022_kwh")),
    ]
