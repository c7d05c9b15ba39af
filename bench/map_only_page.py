"""The map alone, for the benchmark: the app's live map (ui/mapwidget.py, the same layers, basemap and
scripts) on a page with nothing else. Its first paint less the empty page's is what the map
component itself costs (st_folium's frame, Leaflet, the layers); the app's less this one is the
rest of the page (title row, figures, legend, sidebar)."""

import streamlit as st

from geo.filters import ViewState
from ui.data import dataset
from ui.mapwidget import chain_map

st.set_page_config(layout="wide")
chain_map(dataset(), ViewState(), "map", 600)
