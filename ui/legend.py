"""The map's legend beside the map, and the map's filter (issue 10, "the legend is the filter").

Each chain segment is a row with its colour, name and count under the other filters: one click on a
row shows that segment alone, a click on another adds it, a click on a chosen one removes it, and
"全部/All" brings every segment back (geo/map/legend.py `segment_click`). Each layer is a row too,
switched on and off by a click. The rows are native buttons (keyboard and screen-reader friendly, no
script, offline); the state goes through ui/view.set_view, so the URL (`seg=`, `layers=`), the sidebar
and the map follow. geo/map/legend.py builds the rows, their counts and their style.
"""

from __future__ import annotations

import streamlit as st

from geo.data.dataset import Dataset
from geo.filters import SEGMENT, ViewState
from geo.i18n import t
from geo.map.legend import NOTES, ROW_KEY, FilterRow, filter_css, layer_click, layer_rows, segment_click, segment_rows
from ui.view import set_view, view


def _on_segment(value: str) -> None:
    set_view(segments=segment_click(view().segments, value))


def _on_all() -> None:
    set_view(segments=SEGMENT.choices)


def _on_layer(value: str) -> None:
    set_view(layers=layer_click(view().layers, value))


def _row(row: FilterRow, on_click) -> None:
    name = row.label.replace("~", "")  # labels come from i18n; no markdown strike inside them
    label = f"{name}\u2002**{row.count:,}**" if row.chosen else f"~~{name}~~\u2002{row.count:,}"
    st.button(label, key=ROW_KEY[row.attr] + row.value, on_click=on_click, args=(row.value,),
              icon=":material/check_box:" if row.chosen else ":material/check_box_outline_blank:",
              width="stretch")


def legend(data: Dataset, state: ViewState) -> None:
    """Draw the legend for ``state`` in the current column: the filter rows and the notes."""
    lang = state.lang
    segments, layers = segment_rows(data, state), layer_rows(data, state)
    with st.container(key="qcm_legend"):
        st.html(filter_css(segments + layers))
        st.markdown(f"**{t('legend.title', lang)}**", help=t("legend.how", lang))
        every = all(row.chosen for row in segments)
        st.button(t("legend.all", lang), key="qcm_leg_all", on_click=_on_all, width="stretch",
                  type="primary" if every else "secondary", icon=":material/select_all:")
        for row in segments:
            _row(row, _on_segment)
        # Layers are context, switched less often than segments: folded, so the legend fits a
        # 1280x720 projector; the count of hidden ones shows on the fold.
        hidden = sum(not row.chosen for row in layers)
        title = t("sidebar.layers", lang) + (f" ({hidden}✕)" if hidden else "")
        with st.expander(title):
            for row in layers:
                _row(row, _on_layer)
        # What the symbols mean, folded too: the notice on the map already says how many objects
        # stand at illustrative (hollow, dashed) positions.
        with st.expander(t("legend.notes", lang)):
            st.caption("  \n".join(t(note, lang) for note, layer in NOTES if layer is None or layer in state.layers))
