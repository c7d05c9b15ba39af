"""What every page shares: the cached dataset, the view state and its URL, the sidebar.

This is the only module besides the pages that imports streamlit; app.py calls :func:`sidebar`
once per run, so the sidebar lives in one place.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from geo.chain import NODE_IDS
from geo.dataset import DATA_DIR, Dataset
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
from geo.present import Meeting, meeting_from_query_params, meeting_to_query_params, url_base
from geo.roles import ANONYMOUS, visible_dataset
from geo.tours import NO_TOURS, TOURS_FILE, TourError, TourFile, load_tours
from pages import access

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
# Keyed by the store's revision (issue 4): an import gives a new Dataset at once, on every page and
# in every session; and by role, so that a viewer's copy never holds the confidential target list.
@st.cache_resource(show_spinner=False, max_entries=4)
def _load(directory: str, store_file: str = "", revision: int = 0, confidential: bool = False) -> Dataset:
    data = access.store(directory).dataset()
    return data if confidential else visible_dataset(data, ANONYMOUS)


def dataset(directory: str | None = None) -> Dataset:
    """The current dataset: the store (geo.store, QCM_STORE_DIR) seeded from the data directory
    (QCM_DATA_DIR); one cheap revision check per call."""
    directory = str(directory or data_dir())
    store = access.store(directory)
    return _load(directory, store.name, store.revision(), access.current_user().is_editor)


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
    params = st.query_params.to_dict()
    meeting = meeting_from_query_params(params, tours())
    st.session_state["_qcm_meeting"] = meeting
    state = from_query_params(params, base=url_base(meeting, tours()))
    st.session_state["_qcm_position_selection"] = state.selected  # the link's position beats flying to it
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
    # The map position (``at``) is written by the browser (static/js/qcm-meeting.js), never here.
    m = meeting()
    params = {**meeting_to_query_params(m.with_(at=None)), **to_query_params(view(), base=url_base(m, tours()))}
    current = {k: v for k, v in st.query_params.to_dict().items() if k != "at"}
    if current != params:
        st.query_params.from_dict(params)


# --- meeting mode (geo/present.py, geo/tours.py) ---------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=8)
def _load_tours(path: str, mtime: float, dataset_id: int, _data: Dataset) -> tuple[TourFile, str | None]:
    try:
        return load_tours(path, _data), None
    except TourError as exc:
        return NO_TOURS, str(exc)


def tours_and_error() -> tuple[TourFile, str | None]:
    """The tours of the data directory (data/tours.json), checked against the current dataset and
    reloaded when either changes; a broken file gives no tours and the reason, never a broken page."""
    path = data_dir() / TOURS_FILE
    mtime = path.stat().st_mtime if path.is_file() else 0.0
    data = dataset()  # cached per store revision: a new revision is a new object
    return _load_tours(str(path), mtime, id(data), data)


def tours() -> TourFile:
    return tours_and_error()[0]


def meeting() -> Meeting:
    return st.session_state.get("_qcm_meeting") or Meeting()


def set_meeting(**changes) -> None:
    st.session_state["_qcm_meeting"] = meeting().with_(**changes)


def go_to_step(tour_id: str, number: int, present: bool | None = None) -> None:
    """Open step ``number`` of a tour: its filters, layers and selection become the view (the
    widgets show them), the map goes to its position. Call from a callback."""
    tour = tours().get(tour_id)
    if tour is None:
        return
    number = max(1, min(int(number), len(tour.steps)))
    step = tour.step(number)
    current = view()
    stored = step.view(current.lang, current.basemap)
    set_view(segments=stored.segments, statuses=stored.statuses, townships=stored.townships,
             layers=stored.layers, nodes=stored.nodes, selected=stored.selected)
    st.session_state["_qcm_position_selection"] = stored.selected
    set_meeting(tour=tour.id, step=number, at=None, **({} if present is None else {"present": present}))


def leave_tour() -> None:
    """End the tour and keep its last view as the current one."""
    set_meeting(tour=None, step=None)


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
