"""The map: folium building, published layers, offline assets, legend, click picking and search."""

__all__ = ["assets", "build", "card", "layers", "legend", "picking", "publish", "search", "viewport"]
