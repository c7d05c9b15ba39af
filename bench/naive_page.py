"""The naive baseline for the benchmark: one folium CircleMarker (with a tooltip) per point,
the way most folium apps start. Same data (QCM_DATA_DIR), same local Leaflet, no CDN.
(No folium.Popup: folium builds popups with jQuery, which the offline assets leave out.)"""

import os
from html import escape

import folium
import streamlit as st
from streamlit_folium import st_folium

from geo.data.dataset import DATA_DIR, load_dataset
from geo.map.assets import use_local_assets
from geo.model import SEGMENT_COLORS


@st.cache_data
def records(data_dir: str):
    return load_dataset(data_dir).records


frame = records(os.environ.get("QCM_DATA_DIR") or str(DATA_DIR))
m = folium.Map(location=[37.78, 117.42], zoom_start=11, tiles=None, prefer_canvas=True)
use_local_assets(m)
m.options["max_zoom"] = 18
for row in frame.itertuples():
    folium.CircleMarker(
        [row.lat, row.lon], radius=6, color=SEGMENT_COLORS[row.chain_segment], fill=True,
        tooltip=escape(f"{row.name_zh} · {row.source}"),
    ).add_to(m)
st_folium(m, key="naive", height=640, use_container_width=True, returned_objects=[])
