"""The floor for the benchmark: an empty Streamlit page that only writes one line."""

import streamlit as st

st.write("empty page ready")
