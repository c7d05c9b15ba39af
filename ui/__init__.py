"""The Streamlit glue that pages share: view state and URL, sidebar, cached data, sign-in, map widget, meeting."""

__all__ = ["data", "editor", "legend", "mapwidget", "meeting", "router", "sidebar", "signin", "view"]
