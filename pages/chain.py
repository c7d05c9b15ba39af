"""The chain diagram (产业链图谱): every node with what the lists hold, its gaps, and a button that
filters the map and the lists to it. The chain's shape comes from geo.chain, not from this page."""

import datetime as dt

import pandas as pd
import streamlit as st

from geo import units
from geo.chain import NODE_IDS, NODES, chain_columns, nodes_in_segment
from geo.data.dataset import names_in
from geo.figures.chain import DEFAULT_WEAK_BELOW, chain_summary, dataset_targets, dot_source, targets_for_node
from geo.figures.chain_chart import SELECTION, chain_graph
from geo.figures.charts import growth_chart, pipeline, segment_money
from geo.figures.growth import chain_growth, growth_frame
from geo.figures.metrics import period_label
from geo.filters import filter_records, node_filter_active
from geo.i18n import t
from geo.model import SEGMENTS
from ui.charts import show
from ui.data import dataset
from ui.router import ensure_router
from ui.view import set_view, sync_url, view

ensure_router()

data = dataset()
state = view()
lang = state.lang

STATUS_BADGE = {"gap": ("diagram.badge_gap", "red", ":material/link_off:"),
                "weak": ("diagram.badge_weak", "orange", ":material/warning:")}


def _filter_to(node_id: str) -> None:
    """Filter every page to one node; make sure its segment is not filtered away."""
    set_view(nodes=[node_id])
    segment = NODES[node_id].segment
    segments = list(st.session_state.get("segments", SEGMENTS))
    if segment not in segments:
        set_view(segments=[s for s in SEGMENTS if s in {*segments, segment}])


def _clear() -> None:
    set_view(nodes=NODE_IDS)


# One chart widget per filter: a click that changes the filter starts a fresh selection, so the same
# node can be clicked again after the filter was cleared.
GRAPH_KEY = "chain_graph_" + ("-".join(state.nodes) if node_filter_active(state) else "all")


def _graph_clicked() -> None:
    """A click on a node of the chain graph: the same filter as the node's button."""
    event = st.session_state.get(GRAPH_KEY)
    chosen = (event or {}).get("selection", {}).get(SELECTION) or []
    node_id = chosen[0].get("node") if chosen else None
    if node_id in NODES:
        _filter_to(node_id)


st.title(t("diagram.title", lang))
st.caption(t("diagram.subtitle", lang))
graph_slot = st.container(key="chain-graph")  # drawn once the weak-link threshold below is read

weak_below = st.number_input(t("diagram.weak_below", lang), min_value=1, max_value=50,
                             value=DEFAULT_WEAK_BELOW, step=1, key="chain_weak_below",
                             help=t("diagram.weak_below_help", lang), width=260)
# Each node counts what the sidebar's filters let through, but never filters itself away.
records = filter_records(data.records, state.with_(nodes=NODE_IDS))
targets = dataset_targets(data)
summary = chain_summary(records, int(weak_below))
names = {node_id: t(f"chain_node.{node_id}", lang) for node_id in NODE_IDS}

if node_filter_active(state):
    chosen = "、".join(names[n] for n in state.nodes) if lang == "zh" else ", ".join(
        names[n] for n in state.nodes)
    shown = len(filter_records(data.records, state))
    with st.container(border=True, key="chain-active"):
        st.success(t("diagram.active", lang, nodes=chosen or "—", count=shown),
                   icon=":material/filter_alt:")
        link_column, clear_column = st.columns(2)
        with link_column:
            st.page_link("pages/map.py", label=t("diagram.open_map", lang), icon=":material/map:")
        clear_column.button(t("sidebar.node_clear", lang), on_click=_clear, key="chain-clear")


with graph_slot:
    active = state.nodes if node_filter_active(state) else ()
    show(chain_graph(summary, data.meta, lang, active=active, weak_below=int(weak_below)), GRAPH_KEY,
         on_select=_graph_clicked)
with st.container(horizontal=True, gap="large", key="chain-money"):  # side by side where they fit
    show(pipeline(records, data.meta, lang), "chain_pipeline")
    show(segment_money(records, data.meta, lang), "chain_money")


def target_names(node_targets: pd.DataFrame) -> pd.DataFrame:
    """The targets' names in the UI language (English falls back to Chinese where it is missing)."""
    names = names_in(node_targets, lang, prefix="target_") if len(node_targets) else []
    return pd.DataFrame({t("field.name", lang): list(names)})


def node_card(node_id: str) -> None:
    s = summary[node_id]
    node = s.node
    active = node_filter_active(state) and node_id in state.nodes
    with st.container(border=True, key=f"node-{node_id}"):
        st.markdown(f"**{names[node_id]}**")
        if s.status in STATUS_BADGE or node.extension_target:
            with st.container(horizontal=True, gap="small"):
                if s.status in STATUS_BADGE:
                    key, color, icon = STATUS_BADGE[s.status]
                    st.badge(t(key, lang), color=color, icon=icon)
                if node.extension_target:
                    st.badge(t("diagram.badge_extension", lang, source=node.extension_source),
                             color="violet", help=t("diagram.extension_help", lang,
                                                    source=node.extension_source))
        if s.assets:
            st.markdown(t("diagram.assets_line", lang, assets=f"{s.assets:,}",
                          enterprises=s.enterprises))
        else:
            st.markdown(t("diagram.count_line", lang, enterprises=s.enterprises, projects=s.projects))
        facts = []
        if s.cells_per_day is not None:
            facts.append(units.cells_per_day(s.cells_per_day, lang))
        if s.capacity_mw is not None:
            # operating and not yet operating apart: never one sum beside the county's reported capacity
            operating = s.capacity_mw_operating or 0.0
            facts.append(t("diagram.mw_line", lang, operating=units.mw(operating, lang),
                           other=units.mw(s.capacity_mw - operating, lang), n=s.capacity_mw_records))
        if s.output_value_cny_per_year is not None:
            facts.append(t("diagram.output_line", lang, value=units.yuan(s.output_value_cny_per_year, lang)))
        for fact in facts:
            st.caption(fact)
        node_targets = targets_for_node(targets, node_id)
        if len(node_targets):
            with st.popover(t("diagram.targets_button", lang, n=len(node_targets))):
                st.dataframe(target_names(node_targets), hide_index=True)
        st.button(t("diagram.filter_active" if active else "diagram.filter_button", lang),
                  key=f"filter-{node_id}", on_click=_filter_to, args=(node_id,),
                  type="primary" if active else "secondary", icon=":material/filter_alt:",
                  help=t("diagram.filter_help", lang, node=names[node_id], n=len(s.ids)), width="stretch")


# Green power feeds production (row above the chain).
st.subheader(t("diagram.green_power_heading", lang))
wind_column, solar_column, note_column = st.columns([1, 1, 2], vertical_alignment="center")
for column, node in zip((wind_column, solar_column), nodes_in_segment("green_power"), strict=True):
    with column:
        node_card(node.id)
with note_column:
    capacity = data.fact("newenergy_capacity_mw")
    generation = data.fact("generation_q1_q3_2022_kwh")
    st.markdown(t("diagram.green_power_feeds", lang))
    st.caption(t("diagram.green_power_reported", lang, mw=f"{float(capacity['value']):,.0f}",
                 mw_source=capacity["source"].replace(";", ", "),
                 kwh=units.kwh(float(generation["value"]), lang), kwh_source=generation["source"]))
    st.caption(t("diagram.green_power_more", lang))

# The chain itself, left to right. A segment with many nodes (materials) gets two sub-columns, so
# the diagram stays short enough for one projector screen.
st.subheader(t("diagram.diagram_heading", lang))
if targets is None or targets.empty:
    st.caption(t("diagram.no_targets", lang))
columns = chain_columns()
spans = [2 if len(nodes) > 3 else 1 for _, nodes in columns]
widths = []
for i, span in enumerate(spans):
    widths += [float(span)] if i == len(columns) - 1 else [float(span), 0.14]
grid = st.columns(widths, vertical_alignment="center", gap="small")
for i, (segment, nodes) in enumerate(columns):
    with grid[2 * i]:
        st.markdown(f"#### {t(f'segment.{segment}', lang)}")
        if spans[i] == 1:
            for node in nodes:
                node_card(node.id)
        else:
            halves = st.columns(2, gap="small")
            for j, node in enumerate(nodes):
                with halves[j % 2]:
                    node_card(node.id)
    if i < len(columns) - 1:
        grid[2 * i + 1].markdown("## →")

st.info(t("diagram.loop", lang), icon=":material/autorenew:")

# The platform that hosts the chain.
st.subheader(t("diagram.platform_heading", lang))
park_column, park_note = st.columns([1, 3], vertical_alignment="center")
with park_column:
    node_card("park")
park_note.caption(t("diagram.park_note", lang))

st.caption(t("diagram.legend", lang))
with st.expander(t("diagram.overview", lang), icon=":material/account_tree:"):
    segment_names = {s: t(f"segment.{s}", lang) for s in SEGMENTS}
    st.graphviz_chart(dot_source(summary, names, segment_names), width="stretch")
    st.caption(t("diagram.overview_note", lang))

# How the chain grew (issue 11): records by the year they joined and their status; the reported
# progress beside it, each figure with its own date.
GROWTH_FACTS = ("chain_framing_2022", "chain_projects_settled_2022", "chain_framing_2023",
                "chain_projects_20_months_2023", "chain_investment_20_months_2023_cny")
st.subheader(t("growth.title", lang))
st.caption(t("growth.caption", lang))
growth = chain_growth(records, dt.date.today().year)
frame = growth_frame(growth)
status_names = {s: t(f"status.{s}", lang) for s in growth.statuses}
year_label = t("growth.year", lang)
chart_column, table_column = st.columns([3, 2], vertical_alignment="top")
with chart_column:
    show(growth_chart(growth, data.meta, lang), "chain_growth")
with table_column:
    table = frame.rename(columns={"year": year_label, **status_names, "added": t("growth.added", lang),
                                  "total": t("growth.total", lang)})
    table[year_label] = table[year_label].astype(str)
    st.dataframe(table, hide_index=True)
if growth.undated:
    undated = data.records.set_index("id").loc[list(growth.undated)]
    separator = "、" if lang == "zh" else "; "
    st.caption(t("growth.undated", lang, n=len(growth.undated),
                 names=separator.join(names_in(undated, lang).astype(str))))
with st.container(border=True, key="growth-reported"):
    st.markdown(f"**{t('growth.reported_heading', lang)}**")
    for fact_id in GROWTH_FACTS:
        if fact_id not in data.facts.index:
            continue
        fact = data.fact(fact_id)
        money_decimals = 2 if lang == "en" else 1  # 6.95 bn yuan = 69.5 亿元, as the source gives it
        value = ("" if fact["unit"] == "text" else units.yuan(float(fact["value"]), lang, decimals=money_decimals)
                 if fact["unit"] == "CNY" else f"{float(fact['value']):,.0f}")
        st.caption(t("growth.reported_text" if fact["unit"] == "text" else "growth.reported_item", lang,
                     label=str(fact[f"label_{lang}"]), value=value, period=period_label(fact["period"], lang),
                     source=str(fact["source"]).replace(";", ", ")))

sync_url()
st.caption(t("footer.credits", lang))
