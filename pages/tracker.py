"""The "1612" tracker: the 2025 annual-output goals against what the lists hold, with every assumption
editable, and the green-power coverage (local generation after the county's own consumption, against the
electricity the chain's production needs), every term in one table."""

import pandas as pd
import streamlit as st

from geo import units
from geo.data.dataset import name_of
from geo.figures.charts import capacity_mix, goal_rings
from geo.figures.green import (
    CELL_PRODUCTION_KWH_PER_KWH,
    ESS_ASSEMBLY_KWH_PER_KWH,
    PACK_ASSEMBLY_KWH_PER_KWH,
    Factors,
    Output,
    coverage,
    coverage_table,
    green_coverage,
    times_over,
)
from geo.figures.tracker import (
    DEFAULT_AH,
    DEFAULT_OPERATING_DAYS,
    DEFAULT_VOLTS,
    RANGE_14500_AH,
    RANGE_14500_V,
    CellAssumptions,
    Progress,
    annual_gwh,
    cell_formula,
    related_records,
    tracker_figures,
)
from geo.i18n import t
from ui.charts import show
from ui.data import dataset
from ui.layout import term_table
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


def yuan(value: float) -> str:
    return units.yuan(value, lang)


def fact_sources(source: str) -> str:
    """A record's sources for its facts (ILLUSTRATIVE is about its position only)."""
    return ", ".join(s.strip() for s in source.split(";") if s.strip() and s.strip() != "ILLUSTRATIVE")


st.title(t("tracker.title", lang))
st.caption(t("tracker.subtitle", lang))
# The charts lead; the assumptions they rest on (edited below) are read first, so the charts are
# drawn into this slot once the figures are known.
charts = st.container(key="tracker-charts", horizontal=True, gap="large")  # side by side where they fit
details = st.expander(t("chart.tracker.details", lang), icon=":material/tune:")

# --- assumptions ---------------------------------------------------------------------------------
with details:
    st.subheader(t("tracker.assumptions", lang))
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
with details:
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


    bar(t("tracker.target.output_listed", lang), figures.progress("output_value"), yuan)
    listed = data.records[data.records["id"].isin(figures.output_ids)]
    st.caption(t("tracker.output_listed_note", lang, records="; ".join(
        f"{r['id']} {name(r)}: {yuan(r['output_value_cny_per_year'])} ({fact_sources(r['source'])})"
        for _, r in listed.iterrows()) or "—"))
    reported = Progress(figures.reported_output_cny, figures.targets["output_value"])
    st.progress(reported.bar, text=t("tracker.output_reported_bar", lang, current=yuan(reported.current),
                                     target=yuan(reported.target), share=units.percent(reported.share)))
    st.caption(t("tracker.output_reported_note", lang))

    # --- contributing records ---------------------------------------------------------------------
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

with charts:
    show(goal_rings(figures, data.facts, data.meta, lang), "tracker_goals")
    # 450 px: beside the rings in one row at 1920 wide, in both languages (they stack on narrower screens)
    show(capacity_mix(data.records, data.facts, data.meta, lang, width=450), "tracker_mix")

# --- green power: coverage after the county's own consumption ---------------------------------------
st.header(t("green.title", lang))
st.caption(t("green.subtitle", lang))
g1, g2, g3 = st.columns(3)
cell_k = g1.number_input(t("green.cell_k", lang), min_value=0.0, max_value=500.0,
                         value=CELL_PRODUCTION_KWH_PER_KWH, step=0.5, format="%.1f", key="gp_cell_k")
pack_k = g2.number_input(t("green.pack_k", lang), min_value=0.0, max_value=500.0,
                         value=PACK_ASSEMBLY_KWH_PER_KWH, step=0.5, format="%.1f", key="gp_pack_k")
ess_k = g3.number_input(t("green.ess_k", lang), min_value=0.0, max_value=500.0,
                        value=ESS_ASSEMBLY_KWH_PER_KWH, step=0.5, format="%.1f", key="gp_ess_k")
st.markdown(t("green.why_cell_k", lang))
st.markdown(t("green.why_pack_k", lang))

target = figures.targets
cover = green_coverage(data.facts, Output(figures.cells_gwh, figures.packs_gwh, figures.ess_gwh),
                       Output(target["cells"], target["packs"], target["ess"]),
                       Factors(float(cell_k), float(pack_k), float(ess_k)))
if zero := cover.zero_factors():
    st.warning(t("green.zero_note", lang, items=t("green.and", lang).join(t(f"green.item.{k}", lang) for k in zero)),
               icon=":material/info:")
for column, label, need in zip(st.columns(2), ("green.cover_now", "green.cover_1612"),
                               (cover.need_now, cover.need_1612), strict=True):
    column.metric(t(label, lang), units.percent(coverage(cover.surplus, need)), help=t("green.cover_help", lang))
    if (over := times_over(cover.surplus, need)) is not None and over > 1:
        column.caption(t("green.times_over", lang, times=f"{over:.2f}"))
term_table(coverage_table(cover, lang), key="qcm_green_terms")  # a table wraps the formulas
st.caption(t("green.assumptions_note", lang))
st.caption(t("green.sensitivity", lang, g=units.kwh(cover.gen_year_b, lang), s=units.kwh(cover.surplus_b, lang),
             cover=units.percent(cover.cover_1612_b)))
st.info(t("green.caveats", lang), icon=":material/info:")

with st.expander(t("tracker.sources", lang), icon=":material/menu_book:"):
    st.markdown(t("tracker.sources_text", lang))

sync_url()
st.caption(t("footer.credits", lang))
