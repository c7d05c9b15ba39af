"""The map's legend beside the map: each layer and chain segment with its count under the current
filter (geo/map/legend.py builds it)."""

from __future__ import annotations

import streamlit as st

from geo.data.dataset import Dataset
from geo.filters import ViewState
from geo.map.legend import legend_entries, legend_html


def legend(data: Dataset, state: ViewState) -> None:
    """Draw the legend for ``state`` in the current column."""
    st.html(legend_html(legend_entries(data, state), state.lang))
