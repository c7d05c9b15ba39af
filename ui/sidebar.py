"""The one sidebar every page shares: language, basemap, filters and layers (app.py draws it once)."""

from __future__ import annotations

import streamlit as st

from geo import crs
from geo.basemaps import available, resolve_basemap
from geo.filters import BASEMAPS, DIMENSIONS, NODE, FilterDimension, ViewState, dimension_values, offered
from geo.i18n import LANGUAGES, t
from ui.data import basemap_settings, dataset
from ui.view import from_widget, set_view, sync_url, view, widget_key

LANGUAGE_NAMES = {"zh": "中文", "en": "English"}
# Pills (the sidebar's filters): chosen ones filled and ticked, the others white and dashed, so the
# difference reads at a glance (Streamlit's own two looks differ only by a faint tint).
_ON = 'button[data-variant="pills"][aria-pressed="true"]'
_OFF = 'button[data-variant="pills"][aria-pressed="false"]'
PILLS_CSS = f"""<style>
{_ON} {{ background: #1b4f72 !important; border: 1px solid #1b4f72 !important; font-weight: 600; }}
{_ON}, {_ON} p, {_ON} span {{ color: #fff !important; }}
{_ON}::before {{ content: "✓" / ""; margin-right: 0.3em; font-weight: 700; }}
{_OFF} {{ background: #fff !important; border: 1px dashed #8a9096 !important; color: #4d5156 !important; }}
</style>"""


EXPORT_COORDINATES = "export_coordinates"  # session state: exports carry coordinates (default: yes)


def export_coordinates() -> bool:
    """Whether exports carry raw coordinates: on for internal use unless the viewer turned it off."""
    return bool(st.session_state.get(EXPORT_COORDINATES, True))


def _basemap_notes(basemap: str, lang: str) -> None:
    """What the chosen basemap draws in this deployment (geo.basemaps), under the basemap choice."""
    settings = basemap_settings()
    drawn = resolve_basemap(basemap, settings)
    if basemap == "auto" and drawn == "none":
        st.caption(t("sidebar.basemap_auto_none", lang))
    elif basemap == "auto":
        st.caption(t("sidebar.basemap_auto_is", lang, provider=t(f"basemap.{drawn.removesuffix('_gcj02')}", lang)))
    elif basemap == "tianditu" and not available("tianditu", settings):
        st.warning(t("sidebar.tianditu_missing", lang))
    elif drawn == "none" and basemap != "none":
        st.warning(t("sidebar.basemap_missing", lang))
    if drawn != "none":
        st.caption(t("sidebar.online_basemap", lang))
    if drawn == "osm":
        st.caption(t("sidebar.osm_policy", lang))
    if crs.BASEMAP_CRS[drawn] == "gcj02":
        st.caption(t("sidebar.gcj_note", lang))


def _reset_filters() -> None:
    set_view(**dimension_values(ViewState()), selected=None)


def clear_node_filter() -> None:
    set_view(**{NODE.attr: NODE.choices})


def _multi(d: FilterDimension, lang: str) -> None:
    """The dimension's multi-choice widget, bound to its canonical state ``d.attr`` (the widget is
    drawn from it, and writes back to it on change)."""
    key = widget_key(d.attr, lang)
    widget = st.pills if d.widget == "pills" else st.multiselect
    format_func = d.value_labels(lang, dataset() if d.names is not None else None)
    widget(t(d.label_key, lang), d.choices, key=key, default=list(st.session_state.get(d.attr, d.choices)),
           format_func=format_func, on_change=from_widget, args=(d.attr, key),
           **({"selection_mode": "multi"} if widget is st.pills else {}))
    if d.note_key:
        st.caption(t(d.note_key, lang))


def sidebar() -> ViewState:
    lang = view().lang
    with st.sidebar:
        st.html(PILLS_CSS)
        st.radio(t("sidebar.language", lang), LANGUAGES, key="w_lang", horizontal=True,
                 index=LANGUAGES.index(lang), format_func=LANGUAGE_NAMES.get,
                 on_change=from_widget, args=("lang", "w_lang"))
        lang = view().lang
        basemap_key = widget_key("basemap", lang)
        st.selectbox(t("sidebar.basemap", lang), BASEMAPS, key=basemap_key,
                     index=BASEMAPS.index(view().basemap), format_func=lambda b: t(f"basemap.{b}", lang),
                     on_change=from_widget, args=("basemap", basemap_key))
        basemap = view().basemap
        _basemap_notes(basemap, lang)
        st.subheader(t("sidebar.filters", lang))
        records = dataset().records
        for d in DIMENSIONS:
            if d.widget is not None and offered(d, records, view()):
                _multi(d, lang)
        if NODE.narrowed(view()):  # set by clicking a node of the chain diagram
            name = NODE.value_labels(lang)
            node_names = ("、" if lang == "zh" else ", ").join(name(n) for n in st.session_state[NODE.attr])
            st.info(t("sidebar.node_filter", lang, nodes=node_names or "—"), icon=":material/account_tree:")
            st.button(t("sidebar.node_clear", lang), on_click=clear_node_filter, key="clear_nodes",
                      width="stretch")
        st.button(t("sidebar.reset", lang), on_click=_reset_filters, width="stretch")
        st.subheader(t("sidebar.exports", lang))
        st.session_state.setdefault(EXPORT_COORDINATES, True)
        st.toggle(t("sidebar.export_coordinates", lang), key=EXPORT_COORDINATES,
                  help=t("sidebar.export_coordinates_help", lang))
    sync_url()
    return view()

