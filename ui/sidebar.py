"""The one sidebar every page shares: language, basemap, filters and layers (app.py draws it once)."""

from __future__ import annotations

import streamlit as st

from geo import crs
from geo.chain import NODE_IDS
from geo.filters import BASEMAPS, TOWNSHIP_CHOICES, ViewState, node_filter_active
from geo.i18n import LANGUAGES, t
from geo.model import LAYERS, SEGMENTS, STATUSES
from ui.data import dataset, tianditu_key
from ui.view import _from_widget, _widget_key, set_view, sync_url, view

LANGUAGE_NAMES = {"zh": "中文", "en": "English"}


def _reset_filters() -> None:
    set_view(segments=SEGMENTS, statuses=STATUSES, townships=TOWNSHIP_CHOICES, layers=LAYERS,
             nodes=NODE_IDS, selected=None)


def clear_node_filter() -> None:
    set_view(nodes=NODE_IDS)


def _multi(widget, name: str, options, lang: str, label_key: str, format_func) -> None:
    """A multi-choice widget bound to the canonical state ``name`` (the widget is drawn from it,
    and writes back to it on change)."""
    key = _widget_key(name, lang)
    widget(t(label_key, lang), options, key=key, default=list(st.session_state.get(name, options)),
           format_func=format_func, on_change=_from_widget, args=(name, key),
           **({"selection_mode": "multi"} if widget is st.pills else {}))


def sidebar() -> ViewState:
    lang = view().lang
    with st.sidebar:
        st.radio(t("sidebar.language", lang), LANGUAGES, key="w_lang", horizontal=True,
                 index=LANGUAGES.index(lang), format_func=LANGUAGE_NAMES.get,
                 on_change=_from_widget, args=("lang", "w_lang"))
        lang = view().lang
        basemap_key = _widget_key("basemap", lang)
        st.selectbox(t("sidebar.basemap", lang), BASEMAPS, key=basemap_key,
                     index=BASEMAPS.index(view().basemap), format_func=lambda b: t(f"basemap.{b}", lang),
                     on_change=_from_widget, args=("basemap", basemap_key))
        basemap = view().basemap
        if basemap != "none":
            st.caption(t("sidebar.online_basemap", lang))
        if crs.BASEMAP_CRS[basemap] == "gcj02":
            st.caption(t("sidebar.gcj_note", lang))
        if basemap == "tianditu" and not tianditu_key():
            st.warning(t("sidebar.tianditu_missing", lang))
        st.subheader(t("sidebar.filters", lang))
        _multi(st.pills, "segments", SEGMENTS, lang, "sidebar.segments", lambda s: t(f"segment.{s}", lang))
        _multi(st.pills, "statuses", STATUSES, lang, "sidebar.statuses", lambda s: t(f"status.{s}", lang))
        names = dataset().township_names(lang)
        _multi(st.multiselect, "townships", TOWNSHIP_CHOICES, lang, "sidebar.townships",
               lambda c: names.get(c, t("township.unknown", lang)))
        st.caption(t("map.township_note", lang))
        _multi(st.pills, "layers", LAYERS, lang, "sidebar.layers", lambda layer: t(f"layer.{layer}", lang))
        if node_filter_active(view()):  # set by clicking a node of the chain diagram
            node_names = ("、" if lang == "zh" else ", ").join(
                t(f"chain_node.{n}", lang) for n in st.session_state["nodes"])
            st.info(t("sidebar.node_filter", lang, nodes=node_names or "—"), icon=":material/account_tree:")
            st.button(t("sidebar.node_clear", lang), on_click=clear_node_filter, key="clear_nodes",
                      width="stretch")
        st.button(t("sidebar.reset", lang), on_click=_reset_filters, width="stretch")
    sync_url()
    return view()

