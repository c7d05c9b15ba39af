"""The home page: the whole chain on one map, with KPIs, search, legend and notices."""

import streamlit as st

from geo.figures.metrics import kpis
from geo.filters import visible_records
from geo.i18n import t
from geo.map.build import selected_lonlat
from geo.map.legend import illustrative_shown
from geo.map.search import LIST_ALL_UP_TO, matches, search_labels
from ui.data import dataset
from ui.legend import legend
from ui.mapwidget import chain_map
from ui.meeting import keys_and_position, map_view, present_css, present_header, toolbar, tour_bar, tour_side
from ui.router import ensure_router
from ui.view import meeting, select, sync_url, view

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

labels = search_labels(data.records, lang)
if selected_lonlat(data, view().selected) is None:
    select(None)  # an id that names nothing (an old link): select nothing
if len(labels) > LIST_ALL_UP_TO:  # province scale: list the matches of a query, not every record
    query = st.text_input(t("map.search_query", lang), key="search_query",
                          placeholder=t("map.search_query_hint", lang))
    labels = matches(labels, query) if query.strip() else labels.iloc[0:0]
selected = view().selected
options = list(labels.index) + ([selected] if selected and selected not in labels.index else [])
st.session_state["search"] = selected


def _on_search():
    select(st.session_state["search"])


st.selectbox(t("map.search", lang), options, key="search",
             format_func=lambda rid: labels.get(rid, rid),
             index=None, placeholder=t("map.search", lang), help=t("map.search_help", lang),
             on_change=_on_search)
sync_url()
state = view()

map_column, legend_column = st.columns([5, 1.6 if present else 1.35])
with map_column:
    # Issue 3 (lists linked with the map): a click on a marker selects its record, as a row of the
    # lists does (ui/mapwidget.py).
    position = map_view(data, state)  # a tour step's or a link's position; presentation height
    chain_map(data, state, "map", position["height"], center=position["center"], zoom=position["zoom"],
              highlights=position["highlights"], fly=position["fly"])
with legend_column:
    if present:
        tour_side(data, state)
    legend(data, state)

st.caption(t("footer.credits", lang))
keys_and_position(present)
