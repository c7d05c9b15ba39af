"""The command-centre screen (大屏, ``?screen=1`` or the toolbar's button): a dark full-screen layout — the
title bar, headline tiles above the central map, charts in the side columns, a ticker of the latest
changes — and, with ``&advance=30``, a tour that steps by itself. The content is geo/meeting/screen.py's
and the charts' (geo/figures/charts.py); this module lays it out.

Everything is sized from the window (CSS ``vh``/``vw``, and the map and chart heights from the window's
height, ui/layout.screen_height), so 1280×720, 1920×1080 and 3840×2160 show the same screen, nothing cut off.
"""

from __future__ import annotations

import time
from datetime import date
from html import escape

import streamlit as st

from geo.data.dataset import Dataset
from geo.figures.metrics import kpis
from geo.filters import ViewState, any_visible
from geo.i18n import t
from geo.map.legend import illustrative_shown, legend_entries
from geo.meeting.screen import legend_html, ticker_html, ticker_items, tiles_html, title_bar_html
from ui.data import data_dir, store
from ui.data import tours as current_tours
from ui.layout import screen_height
from ui.mapwidget import chain_map
from ui.meeting import step_context
from ui.screencharts import side_charts
from ui.view import go_to_step, set_meeting
from ui.view import meeting as current_meeting

# Fractions of the window's height (the CSS below uses the same numbers in vh).
BAR_VH, TILES_VH, TICKER_VH = 8.5, 11.0, 4.6
# The share of the map's width its key (legend_html, bottom right) may take: the county is fitted left of it.
KEY_ROOM = 0.2
DESIGN_HEIGHT_PX = 1080

SCREEN_CSS = """
<style>
:root { color-scheme: dark; }
html, body, .stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"] {
  background: radial-gradient(ellipse at 50% 0%, #0f2a4a 0%, #071426 55%, #040b16 100%) !important;
  color: #dce9f7 !important; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.6vh 0.8vw 0 !important; max-width: 100% !important; }
[data-testid="stMain"] [data-testid="stVerticalBlock"] { gap: 0.7vh !important; }
[data-testid="stMain"] [data-testid="stHorizontalBlock"] { gap: 0.8vw !important; }
.qcm-scr-bar { display: grid; grid-template-columns: 1fr auto 1fr; align-items: center; height: 8.5vh;
  padding: 0 1.2vw; border-bottom: 2px solid #1f6fb2;
  background: linear-gradient(90deg, rgba(31,111,178,0) 0%, rgba(31,111,178,.35) 50%,
  rgba(31,111,178,0) 100%); }
.qcm-scr-county { font-size: 1.9vh; color: #8fc3f0; letter-spacing: .1em; }
.qcm-scr-title { margin: 0 !important; padding: 0 !important; font-size: 4.1vh !important; font-weight: 700;
  letter-spacing: .12em; color: #f2f8ff !important; text-shadow: 0 0 1.2vh rgba(64,160,255,.8);
  white-space: nowrap; }
.qcm-scr-dates { text-align: right; font-size: 1.65vh; line-height: 1.45; color: #a9c6e3; }
/* The three columns stay side by side at every size: the charts, the map (half the width), the charts. */
[data-testid="stHorizontalBlock"]:has(.st-key-qcm_scr_map) { flex-wrap: nowrap !important; }
[data-testid="stHorizontalBlock"]:has(.st-key-qcm_scr_map) > [data-testid="stColumn"] {
  flex: 0 0 24.5% !important; width: 24.5% !important; min-width: 0 !important; }
[data-testid="stHorizontalBlock"]:has(.st-key-qcm_scr_map) > [data-testid="stColumn"]:nth-child(2) {
  flex: 1 1 auto !important; width: auto !important; }
.qcm-scr-tiles { display: flex; gap: 0.5vw; height: 11vh; }
.qcm-scr-tile { flex: 1 1 0; min-width: min-content; border: 1px solid #1d4f7e; border-radius: 0.6vh;
  padding: 0.7vh 0.6vw;
  overflow: hidden;
  background: linear-gradient(180deg, rgba(20,60,104,.75), rgba(8,26,48,.75));
  box-shadow: inset 0 0 1.4vh rgba(40,130,220,.25); }
.qcm-scr-value { font-size: min(3.2vh, 1.45vw); font-weight: 700; color: #4fd1ff; line-height: 1.15;
  white-space: nowrap;
  font-variant-numeric: tabular-nums; }
.qcm-scr-derived .qcm-scr-value { color: #ffc266; }
.qcm-scr-label { font-size: min(1.55vh, 0.72vw); line-height: 1.2; color: #d2e4f5; }
.qcm-scr-period { font-size: min(1.3vh, 0.62vw); color: #86a6c6; white-space: nowrap; }
.qcm-scr-tag { margin-left: .4vw; padding: 0 .3vw; border-radius: .3vh; background: #6b4300; color: #ffe2b0;
  font-size: 1.2vh; }
.qcm-scr-panel-head { font-size: 1.9vh; font-weight: 650; color: #e8f3ff; border-left: 0.4vw solid #2f8ee0;
  padding-left: 0.5vw; margin: 0.3vh 0 0.2vh; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.st-key-qcm_scr_left, .st-key-qcm_scr_right { border: 1px solid #17426b; border-radius: 0.8vh; padding: 0.6vh 0.5vw;
  background: rgba(6,22,42,.72); overflow: hidden; }
.st-key-qcm_scr_left [data-testid="stVegaLiteChart"],
.st-key-qcm_scr_right [data-testid="stVegaLiteChart"] {
  background: transparent !important; }
.st-key-qcm_scr_map iframe[title="streamlit_folium.st_folium"] {
  height: calc(100vh - 8.5vh - 11vh - 4.6vh - 2.4vh - 6vh) !important; border: 1px solid #1d4f7e;
  border-radius: 0.8vh; }
.qcm-scr-note { font-size: 1.4vh; color: #ffd18a; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.qcm-scr-lines { display: flex; gap: 1.2vw; height: 2.4vh; overflow: hidden; }
.qcm-scr-step { font-size: 1.6vh; color: #cfe6ff; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.qcm-scr-ticker { display: flex; align-items: center; height: 4.6vh; border-top: 1px solid #1f6fb2; overflow: hidden;
  font-size: 1.75vh; color: #d6e8fb; background: rgba(5,18,36,.9); }
.qcm-scr-ticker-head { flex: 0 0 auto; padding: 0 1vw; height: 100%; display: flex; align-items: center;
  font-weight: 700;
  background: #1f6fb2; color: #fff; }
.qcm-scr-ticker { padding-right: 11vw; }
.qcm-scr-ticker-window { flex: 1 1 auto; overflow: hidden; white-space: nowrap; }
.qcm-scr-ticker-run { display: inline-block; padding-left: 100%; animation: qcm-scr-scroll 90s linear infinite; }
.qcm-scr-item { margin-right: 3vw; }
.qcm-scr-item b { color: #4fd1ff; margin-right: .4vw; }
.qcm-scr-src { color: #86a6c6; }
@keyframes qcm-scr-scroll { from { transform: translateX(0); } to { transform: translateX(-100%); } }
@media (prefers-reduced-motion: reduce) { .qcm-scr-ticker-run { animation: none; padding-left: 0; } }
.st-key-qcm_scr_exit { position: fixed !important; bottom: 0.5vh; right: 0.5vw; z-index: 1000; width: auto !important;
  opacity: .45; }
.st-key-qcm_scr_exit:hover, .st-key-qcm_scr_exit:focus-within { opacity: 1; }
.st-key-qcm_scr_exit button { min-height: 0 !important; padding: .2vh .5vw !important; background: #0b2540 !important;
  color: #cfe6ff !important; border-color: #1d4f7e !important; }
/* The map's key, over the map's bottom right corner, above the attribution, where the county leaves the
   map empty (out of the column's flow: it takes no height). */
.st-key-qcm_scr_map { position: relative; }
.st-key-qcm_scr_map > [data-testid="stElementContainer"]:has(.qcm-scr-legend) {
  position: absolute; bottom: max(4.4vh, 40px); right: 0.7vw; z-index: 5; width: auto !important; max-width: 11.5vw;
  pointer-events: none; }
.qcm-scr-legend { padding: 0.7vh 0.6vw; border: 1px solid #1d4f7e; border-radius: 0.6vh;
  background: rgba(6,22,42,.86); color: #d2e4f5; font-size: min(1.45vh, 0.68vw); line-height: 1.5; }
.qcm-scr-keys { display: flex; justify-content: space-between; gap: 0.8vw; white-space: nowrap; }
.qcm-scr-keys b { color: #4fd1ff; font-variant-numeric: tabular-nums; }
.qcm-scr-key { display: inline-flex; align-items: center; gap: 0.35vw; }
.qcm-scr-keynote { display: flex; align-items: center; gap: 0.35vw; color: #a9c6e3; white-space: nowrap;
  font-size: min(1.3vh, 0.6vw); }
.qcm-scr-kinds { padding-bottom: .3vh; margin-bottom: .3vh; border-bottom: 1px solid #1d4f7e; }
.qcm-scr-keys + .qcm-scr-keynote { padding-top: .3vh; margin-top: .3vh; border-top: 1px solid #1d4f7e; }
.qcm-scr-sw { display: inline-block; flex: none; width: 1.3vh; height: 1.3vh; box-sizing: border-box;
  background: #dce9f7; }
.qcm-scr-dot { border-radius: 50%; }
.qcm-scr-small { transform: scale(.65); }
.qcm-scr-diamond { transform: rotate(45deg) scale(.85); }
.qcm-scr-park { background: rgba(153,153,153,.35); border: 1.5px dashed #c7ced6; }
.qcm-scr-hollow { background: transparent; border: 1.5px dashed #dce9f7; }
</style>
"""
# Inside the map's frame: a dark sea around the county, so the map sits in the screen, not on top of it.
MAP_FRAME_CSS = "<style>.leaflet-container { background: #0a1b2e !important; }</style>"


@st.cache_data(show_spinner=False, max_entries=4)
def _history(directory, revision: int) -> list:
    """The store's batches at ``revision``: read once per change, not on every rerun of every screen."""
    return store(directory).batches()


def _leave() -> None:
    set_meeting(screen=False, advance=None)


def _window_height() -> int:
    return screen_height() or DESIGN_HEIGHT_PX


def _auto_advance(seconds: int) -> None:
    """Step the open tour every ``seconds`` (the first tour if none is open), back to step 1 after the
    last. A fragment that reruns on a timer; the step itself reruns the whole page."""

    @st.fragment(run_every=seconds)
    def tick() -> None:
        now = time.monotonic()
        last = st.session_state.get("_qcm_scr_advanced")
        if last is not None and now - last < seconds * 0.9:
            return
        st.session_state["_qcm_scr_advanced"] = now
        meeting, tours = current_meeting(), current_tours()
        tour = tours.get(meeting.tour) or (tours.tours[0] if tours.tours else None)
        if tour is None:
            return
        if last is None and meeting.tour:  # the screen has just opened: show the step the link names first
            return
        number = 1 if meeting.tour != tour.id else (meeting.step or 1) % len(tour.steps) + 1
        go_to_step(tour.id, number)
        st.rerun(scope="app")

    tick()


def big_screen(data: Dataset, state: ViewState) -> None:
    """The whole screen (the map page calls it when the meeting state says ``screen``)."""
    lang = state.lang
    st.html(SCREEN_CSS)
    meeting = current_meeting()
    st.button(t("screen.exit", lang), key="qcm_scr_exit", on_click=_leave, icon=":material/close_fullscreen:")
    st.html(title_bar_html(data, lang, date.today()))
    height = _window_height()
    side_px = int(height * (100 - BAR_VH - TICKER_VH - 4.2) / 100)
    left, centre, right = st.columns([1, 2.15, 1], gap=None)
    with left.container(key="qcm_scr_left", height=side_px):
        st.html(f'<div class="qcm-scr-panel-head">{escape(t("screen.left", lang))}</div>')
        side_charts("left", data, state, side_px)
    with centre:
        st.html(tiles_html(kpis(data, state), lang))
        tour, number, _, cap = step_context(data, lang)
        with st.container(key="qcm_scr_map"):
            map_px = int(height * (100 - BAR_VH - TILES_VH - TICKER_VH - 2.4 - 6) / 100)
            chain_map(data, state, "screen", map_px, fill=True, frame_css=MAP_FRAME_CSS, key_room=KEY_ROOM)
            if key := legend_html(legend_entries(data, state), lang):
                st.html(key)
        illustrative, _ = illustrative_shown(data, state)
        lines = []
        if tour is not None and cap is not None:
            step = t("screen.step", lang, tour=tour.title(lang), n=number, total=len(tour.steps))
            lines.append(f'<div class="qcm-scr-step">{escape(step)} · {escape(cap.title)}</div>')
        if meeting.advance and tour is not None:
            every = t("screen.advance", lang, seconds=meeting.advance)
            lines.append(f'<div class="qcm-scr-step">{escape(every)}</div>')
        if not any_visible(data.records, state):  # an empty map says why, as the map page does
            lines.append(f'<div class="qcm-scr-note">⚠ {escape(t("screen.nothing_matches", lang))}</div>')
        if illustrative:  # what stands at a made-up position says so, on the screen too
            note = t("screen.illustrative", lang, illustrative=f"{illustrative:,}")
            lines.append(f'<div class="qcm-scr-note">⚠ {escape(note)}</div>')
        st.html(f'<div class="qcm-scr-lines">{"".join(lines)}</div>')
    with right.container(key="qcm_scr_right", height=side_px):
        st.html(f'<div class="qcm-scr-panel-head">{escape(t("screen.right", lang))}</div>')
        side_charts("right", data, state, side_px)
    heading, items = ticker_items(_history(data_dir(), store(data_dir()).revision()), data, lang)
    st.html(ticker_html(heading, items, lang))
    if meeting.advance:
        _auto_advance(meeting.advance)
