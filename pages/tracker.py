"""The "1612" tracker: the 2025 goals against what the lists hold, with every assumption editable,
and the green-power balance (local generation against the electricity production needs)."""

import pandas as pd
import streamlit as st

from geo import units
from geo.data.dataset import name_of
from geo.figures.tracker import (
    CELL_PRODUCTION_KWH_PER_KWH,
    DEFAULT_AH,
    DEFAULT_OPERATING_DAYS,
    DEFAULT_VOLTS,
    PACK_ASSEMBLY_KWH_PER_KWH,
    Q1_Q3_2022_DAYS,
    RANGE_14500_AH,
    RANGE_14500_V,
    CellAssumptions,
    Progress,
    annual_gwh,
    cell_formula,
    coverage,
    green_power_balance,
    need_formula,
    related_records,
    tracker_figures,
)
from geo.i18n import t
from ui.data import dataset
from ui.router import ensure_router
from ui.view import sync_url, view

ensure_router()

data = dataset()
lang = view().lang


def name(row) -> str:
    return name_of(row, lang)


def bar(label: str, progress: Progress, unit_text) -> None:
    st.progress(progress.bar, text=t("tracker.bar", lang, label=label, current=unit_text(progress.current),
                                     target=unit_text(progress.target), share=units.percent(progress.share),
                                     remaining=unit_text(progress.remaining)))


st.title(t("tracker.title", lang))
st.caption(t("tracker.subtitle", lang))

# --- assumptions ---------------------------------------------------------------------------------
with st.expander(t("tracker.assumptions", lang), expanded=True, icon=":material/tune:"):
    c1, c2, c3, c4 = st.columns(4)
    days = c1.number_input(t("tracker.days", lang), min_value=1.0, max_value=366.0,
                           value=DEFAULT_OPERATING_DAYS, step=5.0, format="%.0f", key="tr_days")
    v32650 = c2.number_input(t("tracker.v32650", lang), min_value=1.0, max_value=5.0,
                             value=DEFAULT_VOLTS["32650"], step=0.1, format="%.2f", key="tr_v32650")
    ah14500 = c3.number_input(t("tracker.ah14500", lang), min_value=0.05, max_value=5.0,
                              value=DEFAULT_AH["14500"], step=0.05, format="%.2f", key="tr_ah14500")
    v14500 = c4.number_input(t("tracker.v14500", lang), min_value=1.0, max_value=5.0,
                             value=DEFAULT_VOLTS["14500"], step=0.1, format="%.2f", key="tr_v14500")
    renovating = st.toggle(t("tracker.include_renovating", lang), value=False, key="tr_renovating")
    low = annual_gwh(2_000_000, RANGE_14500_AH[0], RANGE_14500_V[0], days)
    high = annual_gwh(2_000_000, RANGE_14500_AH[1], RANGE_14500_V[1], days)
    st.markdown(t("tracker.why_days", lang))
    st.markdown(t("tracker.why_32650", lang))
    st.markdown(t("tracker.why_14500", lang, low=f"{low:.2f}", high=f"{high:.2f}", days=f"{days:.0f}"))
    st.markdown(t("tracker.why_renovating", lang))

assumptions = CellAssumptions(operating_days=float(days),
                              volts_by_format=(("32650", float(v32650)), ("14500", float(v14500))),
                              ah_by_format=(("14500", float(ah14500)),), include_renovating=renovating)
# The goals are county-wide: computed from every listed record, whatever the sidebar filters show.
figures = tracker_figures(data.records, data.facts, assumptions)

# --- progress --------------------------------------------------------------------------------------
st.header(t("tracker.progress", lang))
st.caption(t("tracker.targets_source", lang))
bar(t("tracker.target.cells", lang), figures.progress("cells"), units.gwh)
bar(t("tracker.target.packs", lang), figures.progress("packs"), units.gwh)
packs = related_records(data.records, "pack")
st.caption(t("tracker.packs_note", lang, n=len(packs)))
bar(t("tracker.target.ess", lang), figures.progress("ess"), units.gwh)
ess = related_records(data.records, "energy_storage")
st.caption(t("tracker.ess_note", lang, records="; ".join(f"{r['id']} {name(r)}" for _, r in ess.iterrows())
             or "—"))


def yuan(value: float) -> str:
    return units.yuan(value, lang)


def fact_sources(source: str) -> str:
    """A record's sources for its facts (ILLUSTRATIVE is about its position only)."""
    return ", ".join(s.strip() for s in source.split(";") if s.strip() and s.strip() != "ILLUSTRATIVE")


bar(t("tracker.target.output_listed", lang), figures.progress("output_value"), yuan)
listed = data.records[data.records["id"].isin(figures.output_ids)]
st.caption(t("tracker.output_listed_note", lang, records="; ".join(
    f"{r['id']} {name(r)}: {yuan(r['output_value_cny_per_year'])} ({fact_sources(r['source'])})"
    for _, r in listed.iterrows()) or "—"))
reported = Progress(figures.reported_output_cny, figures.targets["output_value"])
st.progress(reported.bar, text=t("tracker.output_reported_bar", lang, current=yuan(reported.current),
                                 target=yuan(reported.target), share=units.percent(reported.share)))
st.caption(t("tracker.output_reported_note", lang))

# --- contributing records -------------------------------------------------------------------------
st.header(t("tracker.records", lang))
rows = [{
    t("field.id", lang): c.id,
    t("field.name", lang): c.name_en if lang == "en" else c.name_zh,
    t("tracker.col.formula", lang): cell_formula(c, lang),
    t("tracker.col.gwh", lang): round(c.gwh, 3) if c.gwh is not None else None,
    t("tracker.col.counted", lang): t(f"tracker.reason.{c.reason}", lang),
} for c in figures.contributions]
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", column_config={
    t("field.name", lang): st.column_config.TextColumn(width="medium"),
    t("tracker.col.formula", lang): st.column_config.TextColumn(width="large"),
})
st.caption(t("tracker.assumed_legend", lang))
st.metric(t("tracker.cells_now", lang), units.gwh(figures.cells_gwh),
          help=t("tracker.cells_now_help", lang))

# --- green power ------------------------------------------------------------------------------------
st.header(t("green.title", lang))
st.caption(t("green.subtitle", lang))
g1, g2 = st.columns(2)
cell_k = g1.number_input(t("green.cell_k", lang), min_value=0.0, max_value=500.0,
                         value=CELL_PRODUCTION_KWH_PER_KWH, step=0.5, format="%.1f", key="gp_cell_k")
pack_k = g2.number_input(t("green.pack_k", lang), min_value=0.0, max_value=500.0,
                         value=PACK_ASSEMBLY_KWH_PER_KWH, step=0.5, format="%.1f", key="gp_pack_k")
st.markdown(t("green.why_cell_k", lang))
st.markdown(t("green.why_pack_k", lang))

target = figures.targets
balance = green_power_balance(data.facts, figures.cells_gwh, figures.packs_gwh, target["cells"],
                              target["packs"] + target["ess"], cell_k, pack_k)
r1, r2, r3 = st.columns(3)
r1.metric(t("green.q1_q3", lang), units.kwh(balance.q1_q3_kwh, lang), help=t("green.source_s1", lang))
r2.metric(t("green.q1", lang), units.kwh(balance.q1_kwh, lang), help=t("green.source_s2", lang))
r3.metric(t("green.ratio", lang), f"{balance.ratio_q1:g}×", help=t("green.source_s2", lang))

st.subheader(t("green.annualised", lang))
method_rows = [
    (t("green.method_days", lang),
     f"{balance.q1_q3_kwh:,.0f} × 365 ÷ {Q1_Q3_2022_DAYS} = {balance.annual_by_days_kwh:,.0f} kWh",
     units.kwh(balance.annual_by_days_kwh, lang)),
    (t("green.method_q1", lang), f"{balance.q1_kwh:,.0f} × 4 = {balance.annual_by_q1_kwh:,.0f} kWh",
     units.kwh(balance.annual_by_q1_kwh, lang)),
    (t("green.method_county", lang),
     f"{balance.q1_kwh:,.0f} ÷ {balance.ratio_q1:g} = {balance.county_q1_kwh:,.0f} kWh; × 4 = "
     f"{balance.county_annual_kwh:,.0f} kWh", units.kwh(balance.county_annual_kwh, lang)),
]
st.dataframe(pd.DataFrame(method_rows, columns=[t("green.col.method", lang), t("green.col.formula", lang),
                                                t("green.col.result", lang)]),
             hide_index=True, width="stretch")

st.subheader(t("green.need", lang))
scenarios = [
    (t("green.now", lang), figures.cells_gwh, figures.packs_gwh, balance.need_now_kwh),
    (t("green.at_1612", lang), target["cells"], target["packs"] + target["ess"], balance.need_1612_kwh),
]
need_rows = []
for label, cells_gwh, packs_gwh, need in scenarios:
    need_rows.append({
        t("green.col.scenario", lang): label,
        t("green.col.formula", lang): need_formula(cells_gwh, cell_k, packs_gwh, pack_k, lang),
        t("green.col.need", lang): units.kwh(need, lang),
        t("green.col.share_days", lang): units.percent(need / balance.annual_by_days_kwh),
        t("green.col.cover_surplus_days", lang): units.percent(
            coverage(balance.surplus(balance.annual_by_days_kwh), need)),
        t("green.col.cover_surplus_q1", lang): units.percent(
            coverage(balance.surplus(balance.annual_by_q1_kwh), need)),
    })
st.dataframe(pd.DataFrame(need_rows), hide_index=True, width="stretch", column_config={
    t("green.col.formula", lang): st.column_config.TextColumn(width="large")})
st.caption(t("green.columns_note", lang))
m1, m2 = st.columns(2)
m1.metric(t("green.cover_1612", lang),
          units.percent(coverage(balance.surplus(balance.annual_by_days_kwh), balance.need_1612_kwh), 0),
          help=t("green.cover_1612_help", lang))
m2.metric(t("green.share_1612", lang), units.percent(balance.need_1612_kwh / balance.annual_by_days_kwh, 0),
          help=t("green.share_1612_help", lang))
st.caption(t("green.surplus_note", lang, days=units.kwh(balance.surplus(balance.annual_by_days_kwh), lang),
             q1=units.kwh(balance.surplus(balance.annual_by_q1_kwh), lang)))
st.info(t("green.caveats", lang), icon=":material/info:")

with st.expander(t("tracker.sources", lang), icon=":material/menu_book:"):
    st.markdown(t("tracker.sources_text", lang))

sync_url()
st.caption(t("footer.credits", lang))
