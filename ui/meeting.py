"""Meeting mode on the map page: presentation mode, the tour bar, the keys and the exports.

Not a page (app.py does not register it): widgets the map page draws, each calling geo/ for what it
shows (geo/meeting/: presentation, tours, standalone, brief, render).
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from geo.data.dataset import Dataset
from geo.figures.metrics import Kpi
from geo.filters import ViewState
from geo.i18n import escape_markdown, t
from geo.map.assets import STATIC_DIR
from geo.meeting.brief import brief_html
from geo.meeting.presentation import (
    PRESENT_KPIS,
    PRESENT_MAP_HEIGHT_PX,
    MapPosition,
    caption_lead,
    map_position,
    safe_markdown,
    screen_zoom,
    step_figures,
    step_nudge,
)
from geo.meeting.render import availability, render_png, with_chromium
from geo.meeting.slides import PPTX_MIME, slides_file_name, tour_pptx
from geo.meeting.standalone import BRIEF_MAP_SIZE, HTML_MIME, PDF_MIME, PNG_MIME, PNG_SIZE, Caption, file_name, map_html
from geo.meeting.tours import Tour, caption, caption_fields, title
from ui.data import tours as current_tours
from ui.data import tours_and_error
from ui.layout import kpi_strip, screen_height, title_block
from ui.sidebar import export_coordinates
from ui.view import go_to_step, leave_tour, set_meeting
from ui.view import meeting as current_meeting

PAGE_MAP_HEIGHT_PX = 560  # before the page's CSS stretches the map to the screen (ui/layout.py)
_KEYS = st.components.v2.component("qcm_meeting", js=(STATIC_DIR / "js" / "qcm-meeting.js").read_text("utf-8"))

PRESENT_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stExpandSidebarButton"],
[data-testid="stSidebarCollapsedControl"], [data-testid="stDecoration"], .st-key-search, .st-key-search_query,
.st-key-qcm_toolbar { display: none !important; }
/* Sized for the back of the room on a 1920 x 1080 projector, scaled down with the screen's width. */
:root { --qcm-top: calc(6.4vw + 68px); }
[data-testid="stMainBlockContainer"] { padding: 0.5rem 1.2rem 0.3rem !important; }
.qcm-title h1 { font-size: clamp(1.4rem, 1.8vw, 2.2rem) !important; }
.qcm-date { font-size: clamp(0.8rem, 0.8vw, 1rem) !important; }
.st-key-qcm_present_head button p { font-size: clamp(0.9rem, 0.9vw, 1.15rem) !important; }
.qcm-kpi-label { font-size: clamp(0.78rem, 0.85vw, 1.05rem) !important; }
.qcm-kpi-value { font-size: clamp(1.2rem, 1.55vw, 1.9rem) !important; }
.qcm-kpi-meta { font-size: clamp(0.72rem, 0.75vw, 0.95rem) !important; }
.qcm-kpi-text .qcm-kpi-value { font-size: clamp(0.85rem, 0.95vw, 1.2rem) !important; }
.st-key-qcm_panel { width: clamp(300px, 25vw, 480px) !important; }
.st-key-qcm_tour_bar p { font-size: clamp(1rem, 1.15vw, 1.4rem) !important; line-height: 1.4 !important; }
.st-key-qcm_tour_bar strong { font-size: clamp(1.1rem, 1.35vw, 1.65rem) !important; }
.st-key-qcm_panel .st-key-qcm_legend {
    font-size: clamp(0.85rem, 0.85vw, 1.05rem) !important; line-height: 1.45 !important; }
.st-key-qcm_panel .st-key-qcm_legend .qcm-note { font-size: clamp(0.75rem, 0.75vw, 0.92rem) !important; }
.qcm-sw { width: 16px !important; height: 16px !important; }
</style>
"""


def present_css() -> None:
    st.html(PRESENT_CSS)


_FIELDS: dict[tuple[int, str], tuple[Dataset, dict]] = {}


def _caption_fields(data: Dataset, lang: str) -> dict[str, str]:
    """Caption figures per dataset and language (~40 ms to compute; a page asks several times)."""
    key = (id(data), lang)
    entry = _FIELDS.get(key)
    if entry is None or entry[0] is not data:
        if len(_FIELDS) > 8:
            _FIELDS.clear()
        entry = _FIELDS[key] = (data, caption_fields(data, lang))
    return entry[1]


def step_context(data: Dataset, lang: str):
    """(tour, step number, step, caption) of the open tour step, or Nones."""
    meeting, tours = current_meeting(), current_tours()
    tour = tours.get(meeting.tour)
    if tour is None:
        return None, None, None, None
    number = meeting.step or 1
    step = tour.step(number)
    fields = _caption_fields(data, lang)
    return tour, number, step, Caption(title(step, fields, lang), caption(step, fields, lang), step.sources)


def _step(delta: int) -> None:
    meeting = current_meeting()
    if meeting.tour:
        go_to_step(meeting.tour, (meeting.step or 1) + delta)


def _leave_present() -> None:
    set_meeting(present=False)


def _toggle_present() -> None:
    set_meeting(present=bool(st.session_state.get("qcm_present_toggle")))


def _start_tour() -> None:
    tour_id = st.session_state.get("qcm_tour_pick")
    if tour_id:
        go_to_step(tour_id, 1)


def _on_key() -> None:
    """Arrows step the tour, Esc leaves presentation mode (static/js/qcm-meeting.js)."""
    what = (getattr(st.session_state.get("qcm_keys"), "key", None) or {}).get("action")
    if what == "next":
        _step(1)
    elif what == "prev":
        _step(-1)
    elif what == "exit":
        _leave_present()


def tours_error(lang: str) -> None:
    error = tours_and_error()[1]
    if error:
        st.error(t("meeting.tours_error", lang, error=error), icon=":material/error:")


def toolbar(data: Dataset, state: ViewState) -> None:
    """In the header's row: presentation mode, the tour picker (a popover), the exports (a popover)."""
    lang = state.lang
    meeting, tours = current_meeting(), current_tours()
    with st.container(horizontal=True, vertical_alignment="center", key="qcm_toolbar", width="content", gap="small",
                      wrap=False):
        st.session_state["qcm_present_toggle"] = meeting.present
        st.toggle(t("meeting.present", lang), key="qcm_present_toggle", on_change=_toggle_present,
                  help=t("meeting.present_help", lang))
        if tours.tours:
            ids = [tour.id for tour in tours.tours]
            with st.popover(t("meeting.tour", lang), icon=":material/slideshow:", key="qcm_tour_menu"):
                st.selectbox(t("meeting.tour", lang), ids, key="qcm_tour_pick", width=300,
                             index=ids.index(meeting.tour) if meeting.tour in ids else 0,
                             format_func=lambda i: tours.get(i).title(lang))
                st.button(t("meeting.tour_start", lang), on_click=_start_tour, icon=":material/slideshow:",
                          key="qcm_tour_start")
                # The command-centre screen sits with the other ways of showing the map to a room.
                st.button(t("screen.enter", lang), key="qcm_screen_enter", icon=":material/tv:",
                          help=t("screen.enter_help", lang), on_click=set_meeting,
                          kwargs={"screen": True, "present": False})
        exports(data, state)


def _step_controls(lang: str, number: int, total: int) -> None:
    st.button(t("meeting.prev", lang), on_click=_step, args=(-1,), key="qcm_prev", disabled=number <= 1)
    st.markdown(t("meeting.step", lang, n=number, total=total))
    st.button(t("meeting.next", lang), on_click=_step, args=(1,), key="qcm_next", disabled=number >= total,
              type="primary")
    st.button(t("meeting.tour_exit", lang), on_click=leave_tour, key="qcm_tour_exit",
              icon=":material/close:")


def _sources_line(cap: Caption, lang: str) -> str:
    sources = ("、" if lang == "zh" else ", ").join(cap.sources)
    return t("meeting.sources", lang, sources=sources or "—") + " · " + t("meeting.keys_hint", lang)


def tour_bar(data: Dataset, state: ViewState, *, present: bool = False) -> None:
    """Over the map: the open step's title, its controls (page mode), the caption's first sentence with
    the rest folded away, and the sources."""
    lang = state.lang
    tour, number, _, cap = step_context(data, lang)
    if tour is None:
        return
    with st.container(key="qcm_tour_bar"):
        st.markdown(f"**{escape_markdown(cap.title)}**")
        if not present:
            with st.container(horizontal=True, vertical_alignment="center", gap="small"):
                _step_controls(lang, number, len(tour.steps))
        lead, rest = caption_lead(safe_markdown(cap.text))
        st.markdown(lead)
        with st.expander(t("layout.caption_more", lang)):
            if rest:
                st.markdown(rest)
            st.caption(_sources_line(cap, lang))


def present_header(data: Dataset, state: ViewState, figures: list[Kpi]) -> None:
    """Presentation mode's top: the title and the data's dates, the tour's steps and the way out, all
    on one row; then the strip with the open step's figures (or the headline ones)."""
    lang = state.lang
    tour, number, step, _ = step_context(data, lang)
    with st.container(horizontal=True, vertical_alignment="center", key="qcm_present_head", gap="small",
                      wrap=False):
        title_block(data, lang)
        if tour is not None:
            _step_controls(lang, number, len(tour.steps))
        st.button(t("meeting.present_exit", lang), on_click=_leave_present, key="qcm_present_exit",
                  icon=":material/fullscreen_exit:")
    if step is None:
        kpi_strip([k for k in figures if k.key in PRESENT_KPIS], lang, fold_derived=False)
    else:
        shown = step_figures(step, figures, _caption_fields(data, lang), data.facts, lang)
        kpi_strip(shown, lang, fold_derived=False, scope=(t("layout.step_scope", lang),
                                                         t("layout.step_scope_help", lang)))


def map_view(data: Dataset, state: ViewState) -> dict:
    """st_folium's centre, zoom and height, and the highlight options, for this meeting state."""
    meeting, tours = current_meeting(), current_tours()
    position = map_position(meeting, tours)
    _, _, step, _ = step_context(data, state.lang)
    if position is not None and meeting.at is None:
        position = step_nudge(screen_zoom(position, screen_height()), meeting.step)
    return {
        "center": list(position.center) if position else None,
        "zoom": position.zoom if position else None,
        "height": PRESENT_MAP_HEIGHT_PX if meeting.present else PAGE_MAP_HEIGHT_PX,
        "highlights": tuple(step.highlight) if step else (),
        "fly": position is None or state.selected != st.session_state.get("_qcm_position_selection"),
    }


def keys_and_position(present: bool) -> None:
    """The browser side (static/js/qcm-meeting.js): keys, the map position in the URL, full screen."""
    meeting = current_meeting()
    token = f"{meeting.tour}:{meeting.step}:{meeting.at.param() if meeting.at else ''}"
    _KEYS(key="qcm_keys", data={"token": token, "at": meeting.at.param() if meeting.at else None,
                                "present": present, "tour": bool(meeting.tour), "height": PAGE_MAP_HEIGHT_PX,
                                "bottom": 34 if present else 0},
          on_key_change=_on_key)


# --- exports ---------------------------------------------------------------------------------------


def _export_position(data: Dataset) -> MapPosition | None:
    return map_position(current_meeting(), current_tours())


def exports(data: Dataset, state: ViewState) -> None:
    """HTML at once; PNG and PDF rendered by the server's Chromium when the button is pressed."""
    lang = state.lang
    today = date.today()
    _, _, step, cap = step_context(data, lang)
    position = _export_position(data)
    highlights = tuple(step.highlight) if step else ()
    problem = availability()
    coordinates = export_coordinates()  # the sidebar's switch: raw coordinates in exports or not

    def html() -> bytes:
        return map_html(data, state, today, position, highlights, cap, coordinates=coordinates).encode("utf-8")

    def png() -> bytes:
        return render_png(map_html(data, state, today, position, highlights, cap, coordinates=coordinates),
                          *PNG_SIZE)

    def pdf() -> bytes:
        def brief(browser) -> bytes:  # one Chromium start for the map picture and the page
            image = browser.png(map_html(data, state, today, position, highlights, None, compact=True,
                                         coordinates=coordinates), *BRIEF_MAP_SIZE)
            return browser.pdf(brief_html(data, state, image, today, cap, coordinates))

        return with_chromium(brief)

    with st.popover(t("meeting.export", lang), icon=":material/download:", key="qcm_export"):
        st.caption(t("meeting.export_help", lang))
        st.download_button(t("meeting.export_html", lang), html, file_name=file_name("map", state, today, "html"),
                           mime=HTML_MIME, on_click="ignore", key="qcm_export_html", icon=":material/public:")
        st.download_button(t("meeting.export_png", lang), png, disabled=problem is not None,
                           file_name=file_name("map", state, today, "png"), mime=PNG_MIME, on_click="ignore",
                           key="qcm_export_png", icon=":material/image:")
        st.download_button(t("meeting.export_pdf", lang), pdf, disabled=problem is not None,
                           file_name=file_name("brief", state, today, "pdf"), mime=PDF_MIME, on_click="ignore",
                           key="qcm_export_pdf", icon=":material/picture_as_pdf:")
        tour = current_tours().get(current_meeting().tour)
        if tour is not None:
            slides_button(data, tour, lang, key="qcm_export_pptx", problem=problem)
        if problem:
            st.warning(t("meeting.render_missing", lang, reason=problem), icon=":material/warning:")


def slides_button(data: Dataset, tour: Tour, lang: str, *, key: str, problem: str | None = None) -> None:
    """The tour as 16:9 slides (geo/meeting/slides.py), made when pressed: the maps are rendered by the
    server's Chromium, as the PNG and PDF exports are (disabled where there is none)."""
    today = date.today()
    coordinates = export_coordinates()

    def pptx() -> bytes:
        return tour_pptx(data, tour, lang, today, coordinates)

    st.download_button(t("slides.download", lang), pptx, disabled=problem is not None,
                       file_name=slides_file_name(tour, lang, today), mime=PPTX_MIME, on_click="ignore",
                       key=key, icon=":material/co_present:", help=t("slides.download_help", lang))

