"""Tours (汇报模式): the saved tours with their steps; start one on the map, or download the file."""

import pandas as pd
import streamlit as st

from geo.i18n import t
from geo.meeting.render import availability
from geo.meeting.standalone import view_description
from geo.meeting.tours import SCHEMA_FILE, TOURS_FILE, caption, caption_fields, schema_text, title, tours_json
from ui.data import dataset
from ui.data import tours as current_tours
from ui.meeting import slides_button, tours_error
from ui.router import ensure_router
from ui.view import go_to_step, view

ensure_router()

data = dataset()
state = view()
lang = state.lang
tours = current_tours()

if st.session_state.pop("_qcm_open_map", False):
    st.switch_page("pages/map.py")


def _open(tour_id: str, present: bool) -> None:
    go_to_step(tour_id, 1, present=present)
    st.session_state["_qcm_open_map"] = True


st.title(t("tours.title", lang))
st.caption(t("tours.subtitle", lang))
tours_error(lang)
if not tours.tours:
    st.info(t("tours.none", lang), icon=":material/slideshow:")

fields = caption_fields(data, lang)
render_problem = availability()
for tour in tours.tours:
    with st.container(border=True, key=f"qcm_tour_{tour.id}"):
        st.subheader(tour.title(lang))
        if tour.description(lang):
            st.markdown(tour.description(lang))
        with st.container(horizontal=True):
            st.button(t("tours.present", lang), on_click=_open, args=(tour.id, True), type="primary",
                      icon=":material/slideshow:", key=f"qcm_present_{tour.id}")
            st.button(t("tours.open", lang), on_click=_open, args=(tour.id, False), icon=":material/map:",
                      key=f"qcm_open_{tour.id}")
            slides_button(data, tour, lang, key=f"qcm_slides_{tour.id}", problem=render_problem)
        rows = []
        for number, step in enumerate(tour.steps, start=1):
            described = view_description(data, step.view(lang, state.basemap))
            rows.append({
                t("tours.col.step", lang): number,
                t("tours.col.title", lang): title(step, fields, lang),
                t("tours.col.caption", lang): caption(step, fields, lang),
                t("tours.col.view", lang): "; ".join(f"{k}: {v}" for k, v in described),
                t("tours.col.sources", lang): ", ".join(step.sources),
            })
        st.table(pd.DataFrame(rows), hide_index=True)  # a table wraps the captions
if tours.tours and render_problem:
    st.warning(t("slides.render_missing", lang, reason=render_problem), icon=":material/warning:")

st.subheader(t("tours.file", lang))
st.markdown(t("tours.file_help", lang))
with st.container(horizontal=True):
    st.download_button(t("tours.download", lang), tours_json(tours), file_name=TOURS_FILE,
                       mime="application/json", on_click="ignore", icon=":material/download:",
                       key="qcm_tours_download")
    st.download_button(t("tours.download_schema", lang), schema_text(), file_name=SCHEMA_FILE,
                       mime="application/json", on_click="ignore", icon=":material/data_object:",
                       key="qcm_tours_schema")
