"""The home page: the whole chain on one map. The map fills the first screen; the title, the search and
the meeting toolbar sit in one row above it with the headline figures' strip; the legend, the tour step
and the selected record's card float over the map's edges (ui/layout.py)."""

import streamlit as st

from geo.figures.metrics import kpis
from geo.filters import any_visible
from geo.i18n import t
from geo.map.build import selected_lonlat
from geo.map.legend import illustrative_shown
from geo.map.search import LIST_ALL_UP_TO, matches, search_labels
from ui.data import dataset
from ui.layout import kpi_strip, notice, page_css, phone_figures, selection_card, title_block
from ui.legend import legend
from ui.mapwidget import chain_map
from ui.meeting import keys_and_position, map_view, present_css, present_header, toolbar, tour_bar, tours_error
from ui.router import ensure_router
from ui.view import meeting, select, sync_url, view

ensure_router()

data = dataset()
state = view()
lang = state.lang
# Meeting mode (issue 5, ui/meeting.py): presentation mode, tours, exports.
present = meeting().present
if meeting().screen:  # the command-centre screen (大屏, issue 13): its own layout, the same map and data
    from ui.screen import big_screen  # charts and all: only a screen pays for them

    big_screen(data, state)
    sync_url()
    keys_and_position(False)
    st.stop()

labels = search_labels(data.records, lang)
if selected_lonlat(data, view().selected) is None:
    select(None)  # an id that names nothing (an old link): select nothing


def _on_search():
    select(st.session_state["search"])


figures = kpis(data, state)
page_css()
# The map is sent first, so that its frame starts loading (Leaflet, the layers) while the rest of the
# page is built; the title row and the strip still stand above it, in a container made before it.
top = st.container(key="qcm_top")
stage = st.container(key="qcm_stage")
with stage:
    # Issue 3 (lists linked with the map): a click on a marker selects its record, as a row of the
    # lists does (ui/mapwidget.py).
    position = map_view(data, state)  # a tour step's or a link's position; presentation height
    chain_map(data, state, "map", position["height"], center=position["center"], zoom=position["zoom"],
              highlights=position["highlights"], fly=position["fly"], fill=True)
with top:
    if present:
        present_css()
        present_header(data, state, figures)
    else:
        with st.container(horizontal=True, vertical_alignment="center", key="qcm_head", gap="small"):
            title_block(data, lang)
            if len(labels) > LIST_ALL_UP_TO:  # province scale: list the matches of a query, not every record
                query = st.text_input(t("map.search_query", lang), key="search_query", width=200,
                                      placeholder=t("map.search_query_hint", lang), label_visibility="collapsed")
                labels = matches(labels, query) if query.strip() else labels.iloc[0:0]
            selected = view().selected
            options = list(labels.index) + ([selected] if selected and selected not in labels.index else [])
            st.session_state["search"] = selected
            st.selectbox(t("map.search", lang), options, key="search",
                         format_func=lambda rid: labels.get(rid, rid), index=None,
                         placeholder=t("map.search", lang), help=t("map.search_help", lang),
                         on_change=_on_search, label_visibility="collapsed", width=210)
            toolbar(data, state)
    sync_url()
    state = view()
    if not present:
        kpi_strip(figures, lang)

anything_drawn = any_visible(data.records, state)
illustrative, shown = illustrative_shown(data, state)
with stage:
    with st.expander(t("layout.panel", lang), expanded=True, key="qcm_panel"):
        tour_bar(data, state, present=present)
        tours_error(lang)
        if not anything_drawn:
            st.warning(t("map.nothing_matches", lang), icon=":material/search_off:")
        phone_figures(figures, lang)
        legend(data, state)
    notice(illustrative, shown, lang)
    selection_card(data, state.selected, lang)

keys_and_position(present)
