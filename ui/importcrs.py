"""The import page's coordinate-system step (issue 12, point 4): the radio, preselected only when the
evidence proposes a system (geo.importing.crsevidence), the evidence as a short list, and a small map
of the file's rows under each system (geo.map.crscompare). With no proposal nothing is preselected
and the preview's positions stay pending (an error blocks the import) until the editor chooses."""

from __future__ import annotations

from collections.abc import Callable

import shapely
import streamlit as st
from streamlit_folium import st_folium

from geo.crs import CRS_NAMES
from geo.data.dataset import Dataset
from geo.i18n import escape_markdown, t
from geo.importing.crsevidence import MAX_SAMPLE, CrsEvidence
from geo.importing.preview import Preview
from geo.map.crscompare import crs_compare_map
from ui.data import basemap_settings
from ui.view import view

MAP_HEIGHT = 360


def crs_step(result: Preview, redo: Callable[[str | None], Preview], data: Dataset, lang: str, name: str) -> Preview:
    """Draw the step for ``result`` (a preview made with the editor's choice, ``st.session_state[name]``,
    or None); returns the preview to show, made again by ``redo(crs)`` when the editor chooses."""
    evidence = result.crs_evidence
    if evidence is None:
        return result
    chosen = st.session_state.get(name)
    shown = chosen if chosen in CRS_NAMES else evidence.proposed
    key = f"{name}-{lang}"  # one widget per language, one choice (as ui.editor.choice)

    def remember() -> None:
        st.session_state[name] = st.session_state[key]

    with st.container(border=True, key="qcm-import-crs-step"):
        left, right = st.columns([3, 2], gap="medium")
        with left:
            value = st.radio(t("importcrs.radio", lang), CRS_NAMES, index=CRS_NAMES.index(shown) if shown else None,
                             key=key, format_func=lambda c: t(f"crs.{c}", lang), on_change=remember,
                             help=t("importcrs.help", lang))
            chosen = st.session_state.get(name) if value is not None else None
            _verdict(evidence, chosen, lang)
            _evidence_list(evidence, lang)
        with right:
            _map(evidence, data, lang, chosen or evidence.proposed)
    if chosen in CRS_NAMES and result.crs_used != chosen:
        result = redo(chosen)
    return result


def _verdict(evidence: CrsEvidence, chosen: str | None, lang: str) -> None:
    if chosen in CRS_NAMES:
        if evidence.proposed and chosen != evidence.proposed:
            st.warning(t("importcrs.chosen_differs", lang, crs=t(f"crs.{chosen}", lang),
                         proposed=t(f"crs.{evidence.proposed}", lang)), icon=":material/warning:")
        else:
            st.success(t("importcrs.chosen", lang, crs=t(f"crs.{chosen}", lang)), icon=":material/check:")
    elif evidence.proposed:
        st.info(evidence.verdict(lang), icon=":material/my_location:")
    else:
        st.error(evidence.verdict(lang), icon=":material/location_off:")


def _evidence_list(evidence: CrsEvidence, lang: str) -> None:
    """One line per signal: its strength (or "no support"), then what it found; file text escaped."""
    if not evidence.signals:
        st.caption(t("importcrs.no_evidence", lang))
        return
    lines = []
    for signal in evidence.signals:
        strength = t(f"importcrs.strength.{signal.strength or 'none'}", lang)
        lines.append(f"- **{escape_markdown(strength)}** · {signal.message(lang, escape=escape_markdown)}")
    st.markdown(f"**{t('importcrs.evidence', lang)}**\n\n" + "\n".join(lines))


def _map(evidence: CrsEvidence, data: Dataset, lang: str, chosen: str | None) -> None:
    county = shapely.union_all(data.county.geometry.values)
    basemap = view().basemap
    m = crs_compare_map(evidence, county, data.county.total_bounds, lang, basemap=basemap,
                        settings=basemap_settings(), chosen=chosen)
    st_folium(m, key=f"qcm-import-crs-map-{lang}-{chosen}", height=MAP_HEIGHT, use_container_width=True,
              returned_objects=[])
    st.caption(t("importcrs.map_caption", lang, n=MAX_SAMPLE))
