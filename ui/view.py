"""The view: filters, language, basemap, selection and meeting state in the session, and the URL
that carries them (a copied link reopens the same view)."""

from __future__ import annotations

import streamlit as st

from geo.filters import DEFAULT_BASEMAP, DIMENSIONS, ViewState, dimension_values, from_query_params, to_query_params
from geo.meeting.presentation import Meeting, meeting_from_query_params, meeting_to_query_params, url_base
from ui.data import tours


def load_url_once() -> None:
    """Seed the session from the URL on its first run, so a copied link reopens the same view."""
    if st.session_state.get("_qcm_from_url"):
        return
    params = st.query_params.to_dict()
    meeting = meeting_from_query_params(params, tours())
    st.session_state["_qcm_meeting"] = meeting
    state = from_query_params(params, base=url_base(meeting, tours()))
    st.session_state["_qcm_position_selection"] = state.selected  # the link's position beats flying to it
    for d in DIMENSIONS:  # each filter dimension's canonical state is a list under its attribute name
        st.session_state[d.attr] = list(getattr(state, d.attr))
    st.session_state["lang"] = state.lang
    st.session_state["basemap"] = state.basemap
    select(state.selected)
    st.session_state["_qcm_from_url"] = True


def select(record_id: str | None) -> None:
    """Select a record for the whole app, or nothing (None): the session's "selected", which the URL
    carries as "sel". Every selection goes through here: a map click, the search box, a list row, a
    tour step, a link, a reset, an id that names nothing."""
    st.session_state["selected"] = record_id or None


def view() -> ViewState:
    ss = st.session_state
    return ViewState(
        **{d.attr: tuple(ss.get(d.attr, d.choices)) for d in DIMENSIONS},
        lang=ss.get("lang", "zh"),
        basemap=ss.get("basemap", DEFAULT_BASEMAP),
        selected=ss.get("selected"),
    )


def sync_url() -> None:
    # The map position (``at``) is written by the browser (static/js/qcm-meeting.js), never here.
    m = meeting()
    params = {**meeting_to_query_params(m.with_(at=None)), **to_query_params(view(), base=url_base(m, tours()))}
    current = {k: v for k, v in st.query_params.to_dict().items() if k != "at"}
    if current != params:
        st.query_params.from_dict(params)


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
    set_view(**dimension_values(stored), selected=stored.selected)
    st.session_state["_qcm_position_selection"] = stored.selected
    set_meeting(tour=tour.id, step=number, at=None, **({} if present is None else {"present": present}))


def leave_tour() -> None:
    """End the tour and keep its last view as the current one."""
    set_meeting(tour=None, step=None)


def widget_key(name: str, lang: str) -> str:
    # One widget per language: Streamlit keeps a keyed widget's labels when only format_func
    # changes, so a language switch would leave old-language labels on screen.
    return f"w_{name}_{lang}"


def set_view(**changes) -> None:
    """Change the view from code (buttons, callbacks): the canonical state and the widgets that
    show it (set through the Session State API, so the browser shows the new value too). Call it
    from a callback, before the widgets are drawn."""
    for name, value in changes.items():
        if name == "selected":  # no widget shows it
            select(value)
            continue
        value = list(value) if isinstance(value, tuple | list) else value
        st.session_state[name] = value
        for key in [k for k in st.session_state if str(k).startswith(f"w_{name}_")]:
            st.session_state[key] = list(value) if isinstance(value, list) else value


def from_widget(name: str, key: str) -> None:
    """A widget's on_change: its value becomes the canonical state ``name`` (see :func:`widget_key`)."""
    st.session_state[name] = st.session_state[key]
