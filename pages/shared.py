"""What every page shares: the cached dataset, the view state and its URL, the sidebar.

This is the only module besides the pages that imports streamlit; app.py calls :func:`sidebar`
once per run, so the sidebar lives in one place.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from geo.dataset import DATA_DIR, Dataset, load_dataset
from geo.filters import BASEMAPS, TOWNSHIP_CHOICES, ViewState, from_query_params, to_query_params
from geo.i18n import LANGUAGES, t
from geo.model import LAYERS, SEGMENTS, STATUSES

LANGUAGE_NAMES = {"zh": "中文", "en": "English"}
_STATE_KEYS = ("segments", "statuses", "townships", "layers")


def data_dir() -> Path:
    return Path(os.environ.get("QCM_DATA_DIR") or DATA_DIR)


@st.cache_data(show_spinner=False)
def dataset(directory: str | None = None) -> Dataset:
    return load_dataset(directory or data_dir())


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
        lang=ss.get("lang", "zh"),
        basemap=ss.get("basemap", "none"),
        selected=ss.get("selected"),
    )


def sync_url() -> None:
    params = to_query_params(view())
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)


def _reset_filters() -> None:
    st.session_state.update(segments=list(SEGMENTS), statuses=list(STATUSES),
                            townships=list(TOWNSHIP_CHOICES), layers=list(LAYERS), selected=None)


def sidebar() -> ViewState:
    lang = st.session_state.get("lang", "zh")
    with st.sidebar:
        st.radio(t("sidebar.language", lang), LANGUAGES, key="lang", horizontal=True,
                 format_func=LANGUAGE_NAMES.get)
        lang = st.session_state["lang"]
        st.selectbox(t("sidebar.basemap", lang), BASEMAPS, key="basemap",
                     format_func=lambda b: t(f"basemap.{b}", lang))
        if st.session_state["basemap"] != "none":
            st.caption(t("sidebar.online_basemap", lang))
        if st.session_state["basemap"] == "gaode":
            st.caption(t("sidebar.gcj_note", lang))
        if st.session_state["basemap"] == "tianditu" and not tianditu_key():
            st.warning(t("sidebar.tianditu_missing", lang))
        st.subheader(t("sidebar.filters", lang))
        st.pills(t("sidebar.segments", lang), SEGMENTS, key="segments", selection_mode="multi",
                 format_func=lambda s: t(f"segment.{s}", lang))
        st.pills(t("sidebar.statuses", lang), STATUSES, key="statuses", selection_mode="multi",
                 format_func=lambda s: t(f"status.{s}", lang))
        names = township_names(lang)
        st.multiselect(t("sidebar.townships", lang), TOWNSHIP_CHOICES, key="townships",
                       format_func=lambda c: names.get(c, t("township.unknown", lang)))
        st.caption(t("map.township_note", lang))
        st.pills(t("sidebar.layers", lang), LAYERS, key="layers", selection_mode="multi",
                 format_func=lambda layer: t(f"layer.{layer}", lang))
        st.button(t("sidebar.reset", lang), on_click=_reset_filters, width="stretch")
    sync_url()
    return view()


def township_names(lang: str) -> dict[str, str]:
    townships = dataset().townships
    column = "name_en" if lang == "en" else "name_zh"
    return dict(zip(townships["code"], townships[column], strict=True))
