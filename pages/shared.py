"""What every page shares: the cached dataset, the view state and its URL, the sidebar.

This is the only module besides the pages that imports streamlit; app.py calls :func:`sidebar`
once per run, so the sidebar lives in one place.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from geo.chain import NODE_IDS
from geo.dataset import DATA_DIR, Dataset, load_dataset
from geo.filters import (
    BASEMAPS,
    TOWNSHIP_CHOICES,
    ViewState,
    from_query_params,
    node_filter_active,
    to_query_params,
)
from geo.i18n import LANGUAGES, t
from geo.model import LAYERS, SEGMENTS, STATUSES

LANGUAGE_NAMES = {"zh": "中文", "en": "English"}


def ensure_router() -> None:
    """Every page calls this first. On a freshly started server Streamlit treats the pages/ folder
    as an old-style multipage app until app.py has called st.navigation once, so a deep link
    (/map?lang=en) would run the page file alone: no sidebar, no URL state. Switch that
    convention off and rerun through app.py, the router. (PagesManager is Streamlit-internal;
    tests/e2e cover this path on a cold server.)"""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
_STATE_KEYS = ("segments", "statuses", "townships", "layers", "nodes")


def data_dir() -> Path:
    return Path(os.environ.get("QCM_DATA_DIR") or DATA_DIR)


# cache_resource, not cache_data: the dataset is immutable (frozen dataclass; nothing may modify
# its frames) and shared by every session, so there is one copy in memory instead of one unpickled
# copy per rerun, and its identity keys the published map layers (geo/mapview.LAYER_CACHE).
@st.cache_resource(show_spinner=False, max_entries=4)
def _load(directory: str) -> Dataset:
    return load_dataset(directory)


def dataset(directory: str | None = None) -> Dataset:
    """The dataset of the configured data directory (QCM_DATA_DIR), loaded once per directory."""
    return _load(str(directory or data_dir()))


def tianditu_key() -> str | None:
    key = os.environ.get("TIANDITU_KEY")
    if key:
        return key
    try:
        return st.secrets.get("tianditu_key")
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        return None


def load_url_once() -> None:
    """Seed the session from the URL on its first run, so a copied link reopens the same view."""
    if st.session_state.get("_qcm_from_url"):
        return
    state = from_query_params(st.query_params.to_dict())
    for key in _STATE_KEYS:
        st.session_state[key] = list(getattr(state, key))
    st.session_state["lang"] = state.lang
    st.session_state["basemap"] = state.basemap
    st.session_state["selected"] = state.selected
    st.session_state["_qcm_from_url"] = True


def view() -> ViewState:
    ss = st.session_state
    return ViewState(
        segments=tuple(ss.get("segments", SEGMENTS)),
        statuses=tuple(ss.get("statuses", STATUSES)),
        townships=tuple(ss.get("townships", TOWNSHIP_CHOICES)),
        layers=tuple(ss.get("layers", LAYERS)),
        nodes=tuple(ss.get("nodes", NODE_IDS)),
        lang=ss.get("lang", "zh"),
        basemap=ss.get("basemap", "none"),
        selected=ss.get("selected"),
    )


def sync_url() -> None:
    params = to_query_params(view())
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)


def _widget_key(name: str, lang: str) -> str:
    # One widget per language: Streamlit keeps a keyed widget's labels when only format_func
    # changes, so a language switch would leave old-language labels on screen.
    return f"w_{name}_{lang}"


def set_view(**changes) -> None:
    """Change the view from code (buttons, callbacks): the canonical state and the widgets that
    show it (set through the Session State API, so the browser shows the new value too). Call it
    from a callback, before the widgets are drawn."""
    for name, value in changes.items():
        value = list(value) if isinstance(value, tuple | list) else value
        st.session_state[name] = value
        for key in [k for k in st.session_state if str(k).startswith(f"w_{name}_")]:
            st.session_state[key] = list(value) if isinstance(value, list) else value


def _from_widget(name: str, key: str) -> None:
    st.session_state[name] = st.session_state[key]


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
        if basemap == "gaode":
            st.caption(t("sidebar.gcj_note", lang))
        if basemap == "tianditu" and not tianditu_key():
            st.warning(t("sidebar.tianditu_missing", lang))
        st.subheader(t("sidebar.filters", lang))
        _multi(st.pills, "segments", SEGMENTS, lang, "sidebar.segments", lambda s: t(f"segment.{s}", lang))
        _multi(st.pills, "statuses", STATUSES, lang, "sidebar.statuses", lambda s: t(f"status.{s}", lang))
        names = township_names(lang)
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


def township_names(lang: str) -> dict[str, str]:
    townships = dataset().townships
    column = "name_en" if lang == "en" else "name_zh"
    return dict(zip(townships["code"], townships[column], strict=True))
