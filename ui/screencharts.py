"""The big screen's side columns: the app's charts (geo/figures/charts.py) in the screen's dark theme.

Vega-Lite sizes charts and their type in pixels, so they are made once for the 1920×1080 design and scaled
to the window with CSS ``zoom`` (0.67 at 1280×720, 2 at 3840×2160): the charts keep their proportions to
the rest of the screen, whose sizes are in vh/vw."""

from __future__ import annotations

import textwrap

import altair as alt
import streamlit as st

from geo.data.dataset import Dataset
from geo.figures.charts import capacity_mix, goal_rings, pipeline, segment_money
from geo.figures.tracker import tracker_figures
from geo.filters import ViewState
from ui.charts import show

DESIGN_PANEL_PX = 893  # a side column's height on the 1920×1080 design (ui/screen.py)
DESIGN_WIDTH_PX = 440  # and its inner width
KEYS = ("screen_goals", "screen_mix", "screen_pipeline", "screen_money")


# English labels are longer: the segment chart's two panels of axis labels alone are wider than the column.
NARROWER = {("screen_money", "en"): 0.82}


def chart_zoom_css(scale: float, lang: str) -> str:
    """The charts' zoom for a window ``scale`` times the design's height."""
    rules = [f".st-key-qcm-chart-{key} {{ zoom: {scale * NARROWER.get((key, lang), 1.0):.3f}; }}" for key in KEYS]
    return f"<style>{' '.join(rules)}</style>"


def _wrapped(chart, lang: str, width_px: int):
    """The chart with its title and subtitle lines wrapped to the column (Vega-Lite never wraps a title)."""
    title = chart.title
    if not isinstance(title, alt.TitleParams):
        return chart
    def wrap(lines, px: int) -> list[str]:
        chars = width_px // (px if lang == "zh" else px // 2)
        lines = [lines] if isinstance(lines, str) else list(lines)
        out = []
        for line in lines:
            if lang == "zh":
                out += [line[i:i + chars] for i in range(0, len(line), chars)] or [""]
            else:
                out += textwrap.wrap(line, chars) or [""]
        return out

    text = wrap(title.text, 16)  # a title's type is about 15 px, a subtitle's 11 px
    subtitle = wrap(title.subtitle, 12) if title.subtitle is not alt.Undefined else alt.Undefined
    return chart.properties(title=alt.TitleParams(text=text, subtitle=subtitle))


def side_charts(side: str, data: Dataset, state: ViewState, height_px: int) -> None:
    """The charts of the ``left`` ("1612" goals, capacity mix) or ``right`` (pipeline, segments) column,
    made for the design's column and zoomed to one ``height_px`` high."""
    lang = state.lang
    if side == "left":
        st.html(chart_zoom_css(height_px / DESIGN_PANEL_PX, lang))
    height_px, width = DESIGN_PANEL_PX, DESIGN_WIDTH_PX
    if side == "left":
        ring = max(64, min((width - 40) // 2, int(height_px * 0.14)))
        show(_wrapped(goal_rings(tracker_figures(data.records, data.facts), data.facts, data.meta, lang,
                                 dark=True, size=ring, columns=2), lang, width), "screen_goals")
        labels = 200 if lang == "zh" else 300  # the type names and the bars' notes beside the plot
        show(_wrapped(capacity_mix(data.records, data.facts, data.meta, lang, dark=True, width=width - labels,
                                   height=int(height_px * 0.12)), lang, width), "screen_mix")
    else:
        show(_wrapped(pipeline(data.records, data.meta, lang, dark=True, width=width // 2 - 120,
                               height=int(height_px * 0.25)), lang, width), "screen_pipeline")
        labels = 130 if lang == "zh" else 175
        show(_wrapped(segment_money(data.records, data.meta, lang, dark=True, width=width // 2 - labels,
                                    height=int(height_px * 0.22)), lang, width), "screen_money")
