"""Streamlit pages: widgets and layout only; the logic lives in geo/."""
