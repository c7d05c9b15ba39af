"""The home page: the whole chain on one map, with KPIs, search, legend and notices."""

import streamlit as st
from streamlit_folium import st_folium

from geo.figures.metrics import kpis
from geo.filters import visible_records
from geo.i18n import t
from geo.map.build import build_base_map, feature_groups, layer_payloads, selected_lonlat
from geo.map.legend import illustrative_shown, legend_entries, legend_html
from geo.map.picking import record_at_click
from geo.map.search import LIST_ALL_UP_TO, matches, search_labels
from ui.data import dataset, tianditu_key
from ui.meeting import keys_and_position, map_view, present_css, present_header, toolbar, tour_bar, tour_side
from ui.router import ensure_router
from ui.view import meeting, sync_url, view

ensure_router()

data = dataset()
state = view()
lang = state.lang
# Meeting mode (issue 5, ui/meeting.py): presentation mode, tours, exports.
present = meeting().present

figures = kpis(data, state)
if present:
    present_css()
    present_header(data, state, figures)
else:
    st.title(t("map.title", lang))
    st.caption(t("app.subtitle", lang))
    for row in (figures[:5], figures[5:]):
        for column, kpi in zip(st.columns(len(row)), row, strict=True):
            badge = t(f"kpi.{kpi.kind}_badge", lang)
            column.metric(f"{kpi.label}（{badge}）" if lang == "zh" else f"{kpi.label} ({badge})",
                          kpi.value, help=kpi.help)
            if kpi.detail:
                column.caption(kpi.detail)
    toolbar(data, state)
    tour_bar(data, state)

drawn = visible_records(data.records, state)
if drawn.empty:
    st.warning(t("map.nothing_matches", lang), icon=":material/search_off:")
illustrative, shown = illustrative_shown(data, state)
if illustrative:
    st.info(t("map.illustrative_notice", lang, illustrative=f"{illustrative:,}", shown=f"{shown:,}"),
            icon=":material/info:")

labels = search_labels(data.records)
if selected_lonlat(data, st.session_state.get("selected")) is None:
    st.session_state["selected"] = None  # an id that names nothing (an old link): select nothing
if len(labels) > LIST_ALL_UP_TO:  # province scale: list the matches of a query, not every record
    query = st.text_input(t("map.search_query", lang), key="search_query",
                          placeholder=t("map.search_query_hint", lang))
    labels = matches(labels, query) if query.strip() else labels.iloc[0:0]
selected = st.session_state["selected"]
options = list(labels.index) + ([selected] if selected and selected not in labels.index else [])
st.session_state["search"] = selected


def _on_search():
    st.session_state["selected"] = st.session_state["search"]


st.selectbox(t("map.search", lang), options, key="search",
             format_func=lambda rid: labels.get(rid, rid),
             index=None, placeholder=t("map.search", lang), help=t("map.search_help", lang),
             on_change=_on_search)
sync_url()
state = view()

# Issue 3 (lists linked with the map): a click on a marker selects its record, as a row of the
# lists does. Only the clicked object is returned, so panning and zooming do not rerun the page.
def _on_map_click(map_key: str) -> None:
    clicked = (st.session_state.get(map_key) or {}).get("last_object_clicked")
    record_id = record_at_click(dataset(), view(), clicked)
    if record_id:
        st.session_state["selected"] = record_id


map_column, legend_column = st.columns([5, 1.6 if present else 1.35])
with map_column:
    base = build_base_map(tuple(data.county.total_bounds), state.basemap, lang, tianditu_key())
    map_key = f"map-{state.basemap}-{lang}"
    # The layers travel as feature groups, so a filter change updates the live map instead of
    # mounting a new one; the selected record's highlight flies the map to it (qcm-layers.js).
    position = map_view(data, state)  # a tour step's or a link's position; presentation height
    st_folium(base, key=map_key, height=position["height"], center=position["center"], zoom=position["zoom"],
              use_container_width=True,
              feature_group_to_add=feature_groups(layer_payloads(data, state, highlights=position["highlights"],
                                                                 fly=position["fly"])),
              returned_objects=["last_object_clicked"],  # issue 3: click selects
              on_change=lambda: _on_map_click(map_key))
with legend_column:
    if present:
        tour_side(data, state)
    st.html(legend_html(legend_entries(data, state), lang))

st.caption(t("footer.credits", lang))
keys_and_position(present)
