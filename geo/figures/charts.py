"""The charts: Vega-Lite (through Altair) from the figures the other modules compute, never recomputed.

Each function returns an Altair chart, configured (theme, CJK font) and titled with what it shows, its
period and sources or formula, and the data date ("数据截至 / data as of"). Every chart takes ``dark``
(the 大屏's dark theme) and a size, so any layout can reuse it. Data is inline (no URL anywhere: the
charts render offline inside Streamlit's own Vega bundle). Reported and derived figures are drawn
differently (derived: lighter, dashed outline, labelled 推算 / derived) and never added together.

Pure: no Streamlit.
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from geo import units
from geo.figures.chain import OPERATING
from geo.figures.growth import Growth, growth_frame
from geo.figures.metrics import period_label
from geo.figures.tracker import TrackerFigures
from geo.i18n import t
from geo.model import CHAIN_SEGMENTS, SEGMENT_COLORS, SEGMENTS

FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'
PV_COLOR = "#F2B701"  # the map's utility-PV colour (geo/map/layers.PV_UTILITY_COLOR)
DERIVED_OPACITY = 0.45
PALETTES = {
    False: {"background": "#ffffff", "text": "#1f2933", "muted": "#5f6b7a", "grid": "#e5e8ec", "track": "#e9ecef"},
    True: {"background": "#0b1a2e", "text": "#e8eef7", "muted": "#9fb3c8", "grid": "#22344d", "track": "#1d3049"},
}
# The stage pipeline of projects (线索 -> 签约 -> 开工 -> 投产 -> 达产), then the side state: the lists'
# order (geo/lists/definitions.PIPELINE + SIDE_STAGES, which this package may not import; a test
# keeps them equal).
PIPELINE_ORDER: tuple[str, ...] = ("lead", "signed", "pre_construction", "construction", "operating",
                                   "full_capacity", "renovating")
# The stages from pale to dark as a project advances; renovating grey, apart.
STATUS_COLORS = {"lead": "#c6dbef", "signed": "#9ecae1", "pre_construction": "#6baed6", "construction": "#3182bd",
                 "operating": "#1b4f72", "full_capacity": "#08306b", "renovating": "#9aa3ab"}
GOALS: tuple[str, ...] = ("cells", "packs", "ess", "output_value")
GOAL_COLORS = {"cells": SEGMENT_COLORS["cells"], "packs": SEGMENT_COLORS["pack"],
               "ess": SEGMENT_COLORS["application"], "output_value": SEGMENT_COLORS["materials"]}
MIX_TYPES: tuple[str, ...] = ("wind", "pv_utility", "pv_rooftop", "storage", "other")
MIX_COLORS = {"wind": SEGMENT_COLORS["green_power"], "pv_utility": PV_COLOR, "pv_rooftop": "#C99A00",
              "storage": SEGMENT_COLORS["application"], "other": "#9aa3ab"}


# --- theme and titles ----------------------------------------------------------------------------


def palette(dark: bool = False) -> dict[str, str]:
    return PALETTES[bool(dark)]


def theme_config(dark: bool = False) -> dict:
    """The Vega-Lite config every chart shares: CJK font, colours, no view frame."""
    p = palette(dark)
    label = {"labelFont": FONT, "titleFont": FONT, "labelColor": p["muted"], "titleColor": p["text"],
             "labelFontSize": 12, "titleFontSize": 12}
    return {
        "font": FONT, "background": p["background"], "padding": 8,
        "title": {"font": FONT, "subtitleFont": FONT, "fontSize": 16, "subtitleFontSize": 12, "anchor": "start",
                  "color": p["text"], "subtitleColor": p["muted"], "offset": 10},
        "axis": {**label, "gridColor": p["grid"], "domainColor": p["grid"], "tickColor": p["grid"]},
        "legend": {**label, "orient": "bottom", "symbolStrokeWidth": 1.5},
        "header": {"labelFont": FONT, "titleFont": FONT, "labelColor": p["text"], "titleColor": p["text"]},
        "view": {"stroke": None},
        "text": {"font": FONT, "color": p["text"]},
        "concat": {"spacing": 18},
    }


def as_of_line(meta: dict, lang: str, assets: bool = False) -> str:
    """"数据截至 2023-12-26" (reported facts), with the energy assets' date where they are drawn."""
    text = t("chart.as_of", lang, date=meta.get("facts_as_of") or "—")
    if assets:
        text += t("chart.as_of_assets", lang, date=meta.get("energy_assets_as_of") or "—")
    return text


def finish(chart, title: str, lines: list[str], dark: bool = False):
    """Title (its period, sources or formula, and the data date as subtitle lines) and the theme.

    A single or layered view is wrapped in a one-view concat: Streamlit sizes a chart with a top-level
    height to that height alone, which would cut off its title and legend."""
    if isinstance(chart, alt.Chart | alt.LayerChart):
        chart = alt.vconcat(chart)
    return chart.properties(title=alt.TitleParams(text=title, subtitle=lines)).configure(**theme_config(dark))


def _sources(text: str) -> str:
    return ", ".join(s.strip() for s in str(text).split(";") if s.strip() and s.strip() != "ILLUSTRATIVE")


# --- (a) the "1612" goals as rings ---------------------------------------------------------------


def goal_rows(figures: TrackerFigures, lang: str) -> pd.DataFrame:
    """One row per arc: the four goals' progress from the lists (derived), and the reported output value
    beside the listed one on its own ring (never added). ``computable`` is False where no listed record
    reports what the goal counts (packs, storage systems: the tracker's 0)."""
    computable = {
        "cells": any(c.counted and c.gwh is not None for c in figures.contributions),
        "packs": False, "ess": False,  # no listed record reports a pack or storage-system output
        "output_value": bool(figures.output_ids),
    }
    rows = []
    for key in GOALS:
        progress = figures.progress(key)
        rows.append({"goal": key, "ring": "inner" if key == "output_value" else "outer", "kind": "derived",
                     "current": progress.current, "target": progress.target, "share": progress.share,
                     "computable": computable[key]})
    reported = figures.reported_output_cny
    target = figures.targets["output_value"]
    rows.append({"goal": "output_value", "ring": "outer", "kind": "reported", "current": reported,
                 "target": target, "share": reported / target if target else 0.0, "computable": True})
    frame = pd.DataFrame(rows)
    frame["tag"] = [t(f"chart.kind.{k}", lang) for k in frame["kind"]]
    frame["theta2"] = [2 * math.pi * min(max(s, 0.0), 1.0) if c else 0.0
                       for s, c in zip(frame["share"], frame["computable"], strict=True)]
    return frame


def _goal_value(key: str, value: float, lang: str) -> str:
    return units.yuan(value, lang) if key == "output_value" else units.gwh(value)


def goal_rings(figures: TrackerFigures, facts: pd.DataFrame, meta: dict, lang: str, *, dark: bool = False,
               size: int = 150, columns: int = len(GOALS)):
    """One ring per "1612" goal. Derived progress is a lighter, dashed arc labelled 推算; the reported
    output value is a solid outer ring around the listed (derived) one; a goal the lists cannot compute
    shows an empty ring and says so."""
    p = palette(dark)
    rows = goal_rows(figures, lang)
    radius = size / 2 - 4
    charts = []
    for key in GOALS:
        at = rows[rows["goal"] == key].copy()
        at["r_out"] = [radius if r == "outer" else radius - 14 for r in at["ring"]]
        at["r_in"] = at["r_out"] - (12 if key == "output_value" else 20)
        at["color"] = GOAL_COLORS[key]
        at["opacity"] = [1.0 if k == "reported" else DERIVED_OPACITY for k in at["kind"]]
        at["value_text"] = [_goal_value(key, c, lang) for c in at["current"]]
        at["target_text"] = [_goal_value(key, g, lang) for g in at["target"]]
        at["share_text"] = [units.percent(s) for s in at["share"]]
        at["label"] = t(f"chart.goal.{key}", lang)
        at["zero"] = 0.0
        at["full"] = 2 * math.pi
        base = alt.Chart(at).encode(radius=alt.Radius("r_out:Q", scale=None), radius2=alt.Radius2("r_in:Q"))
        track = base.mark_arc(color=p["track"], cornerRadius=0).encode(
            theta=alt.Theta("zero:Q", scale=None), theta2=alt.Theta2("full:Q"))
        tooltip = [alt.Tooltip("label:N", title=t("chart.col.goal", lang)),
                   alt.Tooltip("tag:N", title=t("chart.col.kind", lang)),
                   alt.Tooltip("value_text:N", title=t("chart.col.value", lang)),
                   alt.Tooltip("target_text:N", title=t("chart.col.target", lang)),
                   alt.Tooltip("share_text:N", title=t("chart.col.share", lang))]
        arc = base.mark_arc(strokeWidth=1.5).encode(
            theta=alt.Theta("zero:Q", scale=None), theta2=alt.Theta2("theta2:Q"),
            fill=alt.Fill("color:N", scale=None), stroke=alt.Stroke("color:N", scale=None),
            fillOpacity=alt.FillOpacity("opacity:Q", scale=None),
            strokeDash=alt.condition(alt.datum.kind == "derived", alt.value([4, 2]), alt.value([1, 0])),
            tooltip=tooltip)
        lines = _center_lines(at, key, lang)
        center = alt.Chart(pd.DataFrame({"line": lines, "dy": _center_offsets(len(lines))})).mark_text(
            fontSize=13, fontWeight="bold", color=p["text"], font=FONT).encode(
            x=alt.value(size / 2), y=alt.value(size / 2), yOffset=alt.YOffset("dy:Q", scale=None), text="line:N")
        subtitle = _ring_subtitle(at, key, lang)
        charts.append(alt.layer(track, arc, center).properties(
            width=size, height=size,
            title=alt.TitleParams(text=t(f"chart.goal.{key}", lang), subtitle=subtitle, anchor="middle",
                                  fontSize=14, subtitleFontSize=11, orient="bottom", offset=6)))
    title = t("chart.goals.title", lang)
    lines = [t("chart.goals.source", lang, source=_sources(facts.loc["target_cells_gwh_2025", "source"])),
             t("chart.goals.legend", lang), as_of_line(meta, lang)]
    return finish(alt.concat(*charts, columns=columns), title, lines, dark)


def _center_lines(at: pd.DataFrame, key: str, lang: str) -> list[str]:
    derived = at[at["kind"] == "derived"].iloc[0]
    if not derived["computable"]:
        return [t("chart.goal.cannot", lang)]
    lines = [units.percent(derived["share"]), t("chart.kind.derived", lang)]
    reported = at[at["kind"] == "reported"]
    if len(reported):
        share = reported.iloc[0]["share"]
        lines = [t("chart.goal.reported_share", lang, share=units.percent(share)),
                 t("chart.goal.derived_share", lang, share=units.percent(derived["share"]))]
    return lines


def _center_offsets(n: int) -> list[float]:
    return [(i - (n - 1) / 2) * 17 for i in range(n)]


def _ring_subtitle(at: pd.DataFrame, key: str, lang: str) -> list[str]:
    derived = at[at["kind"] == "derived"].iloc[0]
    if not derived["computable"]:
        return [t("chart.goal.no_output", lang), t("chart.goal.target", lang, target=derived["target_text"])]
    lines = [t("chart.goal.of", lang, value=derived["value_text"], target=derived["target_text"])]
    reported = at[at["kind"] == "reported"]
    if len(reported):
        lines = [t("chart.goal.reported_of", lang, value=reported.iloc[0]["value_text"]),
                 t("chart.goal.derived_of", lang, value=derived["value_text"]),
                 t("chart.goal.target", lang, target=derived["target_text"])]
    return lines


# --- (b) installed capacity by type --------------------------------------------------------------


def capacity_rows(records: pd.DataFrame, facts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """MW by type and status from the lists (operating apart from not yet operating: 4 MW of PV in
    operation is never one bar with 170 MW before construction), and "other": the county's capacity
    that is not new energy, derived from the reported 550 MW at a 95.7 % share."""
    kinds = {"wind": records["layer"] == "wind_farm", "pv_utility": records["layer"] == "pv_utility",
             "pv_rooftop": records["layer"] == "pv_rooftop",
             "storage": (records["chain_node"] == "energy_storage") & (records["layer"] == "chain")}
    rows = []
    for kind, mask in kinds.items():
        at = records[mask & records["capacity_mw"].notna()]
        for operating in (True, False):
            part = at[at["status"].isin(OPERATING) == operating]
            if len(part):
                statuses = [x for x in PIPELINE_ORDER if x in set(part["status"])]
                rows.append({"type": kind, "operating": operating, "mw": float(part["capacity_mw"].sum()),
                             "statuses": ",".join(statuses),
                             "records": len(part), "kind": "listed",
                             "source": _sources(";".join(sorted(set(";".join(part["source"]).split(";")))))})
    capacity = float(facts.loc["newenergy_capacity_mw", "value"])
    share = float(facts.loc["newenergy_share_pct", "value"])
    rows.append({"type": "other", "operating": True, "mw": capacity / (share / 100) - capacity, "records": 0,
                 "statuses": "",
                 "kind": "derived", "source": _sources(facts.loc["newenergy_share_pct", "source"])})
    frame = pd.DataFrame(rows)
    frame["type_label"] = [t(f"chart.mix.{k}", lang) for k in frame["type"]]
    frame["status_label"] = [
        t("chart.kind.derived", lang) if k == "derived" else t("chart.mix.operating", lang) if o
        else "、".join(t(f"status.{x}", lang) for x in str(st).split(",")) if lang == "zh"
        else ", ".join(t(f"status.{x}", lang) for x in str(st).split(","))
        for o, k, st in zip(frame["operating"], frame["kind"], frame["statuses"], strict=True)]
    frame["mw_text"] = [units.mw(v, lang) for v in frame["mw"]]
    frame["opacity"] = [1.0 if o and k != "derived" else DERIVED_OPACITY
                        for o, k in zip(frame["operating"], frame["kind"], strict=True)]
    frame["color"] = [MIX_COLORS[k] for k in frame["type"]]
    return frame


def capacity_mix(records: pd.DataFrame, facts: pd.DataFrame, meta: dict, lang: str, *, dark: bool = False,
                 width: int = 560, height: int = 210):
    """Installed MW by type (wind, utility PV, rooftop PV, storage, other), operating and not yet
    operating drawn apart, beside the county's reported new-energy total (a rule, never a sum)."""
    p = palette(dark)
    rows = capacity_rows(records, facts, lang)
    order = [t(f"chart.mix.{k}", lang) for k in MIX_TYPES]
    rooftop = int(facts.loc["rooftop_pv_installations", "value"])
    if not (rows["type"] == "pv_rooftop").any():  # no per-site list: the count, not a made-up MW
        rows = pd.concat([rows, pd.DataFrame([{
            "type": "pv_rooftop", "operating": True, "mw": 0.0, "records": 0, "kind": "reported",
            "source": _sources(facts.loc["rooftop_pv_installations", "source"]),
            "type_label": order[2], "status_label": t("chart.mix.rooftop_count", lang, n=f"{rooftop:,}"),
            "mw_text": t("chart.mix.no_mw", lang), "opacity": 1.0, "color": MIX_COLORS["pv_rooftop"]}])],
            ignore_index=True)
    y = alt.Y("type_label:N", sort=order, title=None, axis=alt.Axis(labelLimit=220, labelFontSize=13))
    tooltip = [alt.Tooltip("type_label:N", title=t("chart.col.type", lang)),
               alt.Tooltip("status_label:N", title=t("chart.col.status", lang)),
               alt.Tooltip("mw_text:N", title=t("chart.col.value", lang)),
               alt.Tooltip("source:N", title=t("chart.col.source", lang))]
    base = alt.Chart(rows)
    bars = base.mark_bar(height=18, strokeWidth=1.2).encode(
        y=y, x=alt.X("mw:Q", stack="zero", title=t("chart.mix.axis", lang)),
        order=alt.Order("operating:O", sort="descending"),
        fill=alt.Fill("color:N", scale=None), stroke=alt.Stroke("color:N", scale=None),
        fillOpacity=alt.FillOpacity("opacity:Q", scale=None),
        strokeDash=alt.condition(alt.datum.opacity < 1, alt.value([4, 2]), alt.value([1, 0])), tooltip=tooltip)
    by_type = rows.groupby("type_label", sort=False).agg(
        mw=("mw", "sum"), text=("status_label", "size")).reset_index()
    by_type["text"] = [" · ".join(f"{s} {m}" for s, m in zip(rows.loc[rows["type_label"] == label, "status_label"],
                                                            rows.loc[rows["type_label"] == label, "mw_text"],
                                                            strict=True)) for label in by_type["type_label"]]
    labels = alt.Chart(by_type).mark_text(align="left", dx=5, fontSize=12, color=p["text"]).encode(
        y=y, x="mw:Q", text="text:N")
    total = float(facts.loc["newenergy_capacity_mw", "value"])
    reference = alt.Chart(pd.DataFrame({"mw": [total], "label": [t("chart.mix.reported_total", lang,
                                                                     mw=units.mw(total, lang))]}))
    rule = reference.mark_rule(color=p["text"], strokeDash=[6, 3], strokeWidth=1.5).encode(x="mw:Q")
    rule_text = reference.mark_text(align="center", baseline="bottom", y=-4, fontSize=12,
                                    color=p["text"]).encode(x="mw:Q", text="label:N")
    generation = float(facts.loc["generation_q1_q3_2022_kwh", "value"])
    listed = sorted({s for s in ", ".join(rows.loc[rows["kind"] == "listed", "source"]).split(", ") if s})
    lines = [t("chart.mix.source", lang, listed=", ".join(listed[i:i + 5]))
             if i == 0 else "  " + ", ".join(listed[i:i + 5]) for i in range(0, len(listed), 5)]
    lines += [
        t("chart.mix.reported", lang, reported=_sources(facts.loc["newenergy_capacity_mw", "source"]),
          period=period_label(facts.loc["newenergy_capacity_mw", "period"], lang)),
        t("chart.mix.formula", lang, share=f"{float(facts.loc['newenergy_share_pct', 'value']):g}",
          mw=units.mw(total, lang)),
        t("chart.mix.generation", lang, kwh=units.kwh(generation, lang),
          period=period_label(facts.loc["generation_q1_q3_2022_kwh", "period"], lang),
          source=_sources(facts.loc["generation_q1_q3_2022_kwh", "source"])),
        as_of_line(meta, lang, assets=True)]
    chart = alt.layer(bars, labels, rule, rule_text).properties(width=width, height=height)
    return finish(chart, t("chart.mix.title", lang), lines, dark)


# --- (c) the project pipeline and (d) money by segment --------------------------------------------


def pipeline_rows(records: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The projects list's records (chain projects) per stage: count, and investment where reported."""
    projects = records[(records["layer"] == "chain") & (records["kind"] == "project")]
    rows = []
    for status in PIPELINE_ORDER:
        at = projects[projects["status"] == status]
        invested = at["investment_cny"].dropna()
        rows.append({"status": status, "label": t(f"status.{status}", lang), "count": len(at),
                     "investment": float(invested.sum()), "with_investment": len(invested),
                     "investment_text": units.yuan(float(invested.sum()), lang) if len(invested) else "—"})
    return pd.DataFrame(rows)


def pipeline(records: pd.DataFrame, meta: dict, lang: str, *, dark: bool = False, width: int = 200,
             height: int = 210):
    """The stage pipeline 线索 → 签约 → 前期 → 在建 → 投产 → 达产 from top to bottom, then renovating apart:
    projects per stage and their investment where a source reports it (two panels, one per measure)."""
    p = palette(dark)
    rows = pipeline_rows(records, lang)
    rows["color"] = [STATUS_COLORS[x] for x in rows["status"]]
    order = list(rows["label"])
    base = alt.Chart(rows).encode(tooltip=[
        alt.Tooltip("label:N", title=t("chart.col.status", lang)),
        alt.Tooltip("count:Q", title=t("chart.pipeline.count", lang)),
        alt.Tooltip("investment_text:N", title=t("chart.pipeline.investment", lang))])
    panels = []
    for i, (field, text, key) in enumerate((("count", "count:Q", "chart.pipeline.count"),
                                            ("investment", "investment_text:N", "chart.pipeline.investment"))):
        y = alt.Y("label:N", sort=order, title=None,
                  axis=alt.Axis(labelLimit=200, labelFontSize=12, labels=i == 0, ticks=False))
        bars = base.mark_bar(height=16).encode(y=y, x=alt.X(f"{field}:Q", title=None, axis=None),
                                               fill=alt.Fill("color:N", scale=None))
        labels = base.mark_text(align="left", dx=4, color=p["text"], fontSize=12).encode(
            y=y, x=f"{field}:Q", text=text)
        panels.append((bars + labels).properties(width=width, height=height, title=alt.TitleParams(
            t(key, lang), fontSize=13, anchor="start")))
    lines = [t("chart.pipeline.source", lang, n=int(rows["count"].sum()),
               with_investment=int(rows["with_investment"].sum())), as_of_line(meta, lang)]
    return finish(alt.hconcat(*panels, spacing=30), t("chart.pipeline.title", lang), lines, dark)


def segment_rows(records: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Investment and annual output value by chain segment, summed over the chain records that report
    them (as the lists and the tracker's listed output value sum them)."""
    chain = records[records["layer"] == "chain"]
    rows = []
    for segment in SEGMENTS:
        at = chain[chain["chain_segment"] == segment]
        for measure, column in (("investment", "investment_cny"), ("output", "output_value_cny_per_year")):
            values = at[column].dropna()
            rows.append({"segment": segment, "label": t(f"segment.{segment}", lang), "measure": measure,
                         "measure_label": t(f"chart.segments.{measure}", lang), "value": float(values.sum()),
                         "records": len(values), "chain": segment in CHAIN_SEGMENTS,
                         "text": units.yuan(float(values.sum()), lang) if len(values) else "",
                         "color": SEGMENT_COLORS[segment]})
    return pd.DataFrame(rows)


def segment_money(records: pd.DataFrame, meta: dict, lang: str, *, dark: bool = False, width: int = 210,
                  height: int = 240):
    """Investment and output value by segment (each a panel of its own: the two are never summed)."""
    p = palette(dark)
    rows = segment_rows(records, lang)
    order = [t(f"segment.{s}", lang) for s in SEGMENTS]
    panels = []
    for i, measure in enumerate(("investment", "output")):
        at = rows[rows["measure"] == measure]
        base = alt.Chart(at).encode(
            y=alt.Y("label:N", sort=order, title=None,
                    axis=alt.Axis(labelLimit=200, labelFontSize=12, labels=i == 0, ticks=False)),
            tooltip=[alt.Tooltip("label:N", title=t("chart.col.segment", lang)),
                     alt.Tooltip("text:N", title=t("chart.col.value", lang)),
                     alt.Tooltip("records:Q", title=t("chart.segments.records", lang))])
        bars = base.mark_bar(height=14).encode(x=alt.X("value:Q", title=None, axis=None),
                                               fill=alt.Fill("color:N", scale=None))
        text = base.mark_text(align="left", dx=4, color=p["text"], fontSize=12).encode(x="value:Q", text="text:N")
        panels.append((bars + text).properties(width=width, height=height,
                                               title=alt.TitleParams(t(f"chart.segments.{measure}", lang),
                                                                     fontSize=13, anchor="start")))
    lines = [t("chart.segments.source", lang), as_of_line(meta, lang)]
    return finish(alt.hconcat(*panels, spacing=60), t("chart.segments.title", lang), lines, dark)


# --- how the chain grew (the chain page's bar chart, issue 11) -------------------------------------


def growth_chart(growth: Growth, meta: dict, lang: str, *, dark: bool = False, width: int = 520, height: int = 240):
    """Records by the year they joined, stacked by today's status (geo/figures/growth.growth_frame)."""
    frame = growth_frame(growth)
    rows = frame.melt(id_vars=["year"], value_vars=list(growth.statuses), var_name="status", value_name="records")
    rows["year"] = rows["year"].astype(str)
    rows["label"] = [t(f"status.{x}", lang) for x in rows["status"]]
    order = [t(f"status.{x}", lang) for x in growth.statuses]
    bars = alt.Chart(rows).mark_bar().encode(
        x=alt.X("year:O", title=t("growth.year", lang), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("sum(records):Q", title=t("growth.records", lang), axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("label:N", title=None, sort=order,
                        scale=alt.Scale(domain=order, range=[STATUS_COLORS[x] for x in growth.statuses])),
        order=alt.Order("stage:Q"),
        tooltip=[alt.Tooltip("year:O", title=t("growth.year", lang)),
                 alt.Tooltip("label:N", title=t("chart.col.status", lang)),
                 alt.Tooltip("records:Q", title=t("growth.records", lang))],
    ).transform_calculate(stage=f"indexof({list(growth.statuses)!r}, datum.status)").properties(
        width=width, height=height)
    lines = [as_of_line(meta, lang, assets=True)]
    return finish(bars, t("growth.title", lang), lines, dark)
