"""Charts on a page: the Altair charts of geo/figures/charts.py and chain_chart.py drawn by Streamlit's own
Vega-Lite bundle (offline), in their own theme, at the size the chart sets (each fits the main column at 1280×720)."""

from __future__ import annotations

import streamlit as st


def show(chart, key: str, on_select=None) -> None:
    """One chart in a keyed container (class st-key-qcm-chart-<key>); ``on_select`` a callback for a selection."""
    with st.container(key=f"qcm-chart-{key}", width="content"):
        kwargs = {"on_select": on_select} if on_select else {}
        st.altair_chart(chart, theme=None, width="content", key=key, **kwargs)
