"""The live map both map pages show (the map page, the lists page): st_folium with the base map and
the data layers (geo/map/build.py), and a click on a marker selecting its record.

How st_folium is used: the base map keys the iframe and stays the same while a filter changes; the
layers travel as ``feature_group_to_add`` and are swapped inside the live map; the selected record's
highlight rings it and pans the map only when it is off screen (qcm-layers.js). Only the clicked
object is returned, so panning and zooming do not rerun the page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import folium
import streamlit as st
from streamlit_folium import st_folium

from geo.data.dataset import Dataset
from geo.filters import ViewState
from geo.map.build import build_base_map, feature_groups, layer_cache, layer_payloads, map_region
from geo.map.picking import record_at_click
from ui.data import basemap_settings, dataset, publish_scope
from ui.view import select, view

# What the browser sends back: the clicked marker, {"lat", "lng", "id"} (qcm-cloud.js, geo/map/picking.py).
CLICK = "last_object_clicked"
# Inside the map's iframe: Leaflet's container follows the iframe, which the page's CSS sizes (ui/layout.py).
FILL_FRAME = "<style>#map_div { height: 100vh !important; }</style>"


def map_key(name: str, state: ViewState) -> str:
    """The widget key: one live map per page, basemap and language (either changes the base map)."""
    return f"{name}-{state.basemap}-{state.lang}"


def on_map_click(key: str, then: Callable[[str], None] | None = None) -> None:
    """st_folium's on_change: a click on a marker selects its record, then ``then(record_id)`` does
    what else the page does with it. A click on nothing selectable leaves the selection as it is."""
    clicked = (st.session_state.get(key) or {}).get(CLICK)
    record_id = record_at_click(dataset(), view(), clicked)
    if record_id is None:
        return
    select(record_id)
    if then is not None:
        then(record_id)


def chain_map(data: Dataset, state: ViewState, name: str, height: int, *, park_plots: bool = False,
              center: Sequence[float] | None = None, zoom: int | None = None, highlights: tuple[str, ...] = (),
              fly: bool = True, on_select: Callable[[str], None] | None = None, fill: bool = False,
              frame_css: str = "", key_room: float = 0.0) -> None:
    """Draw the live map for ``state``, ``height`` pixels high and as wide as its column.

    ``name`` keys the widget (:func:`map_key`); ``park_plots`` draws the plots inside the park;
    ``center``/``zoom`` put the map somewhere (a tour step's or a link's position), ``highlights``
    rings further records and ``fly=False`` keeps the map from flying to the selection
    (geo.map.build.layer_payloads); ``on_select(record_id)`` runs after a click has selected a record;
    ``fill`` lets the map follow its iframe's height, which the page's CSS then sets (ui/layout.py);
    ``frame_css`` is a ``<style>`` element for inside the map's frame (the big screen's dark sea);
    ``key_room`` the share of the width on the right a key over the map takes (geo.map.build.build_base_map).
    """
    settings = basemap_settings()  # what "auto" draws (geo.basemaps.resolve_basemap)
    base = build_base_map(tuple(data.county.total_bounds), state.basemap, state.lang, settings,
                          region=map_region(data), key_room=key_room)
    if fill:
        base.get_root().header.add_child(folium.Element(FILL_FRAME), name="qcm_fill")
    if frame_css:
        base.get_root().header.add_child(folium.Element(frame_css), name="qcm_frame_css")
    key = map_key(name, state)
    groups = feature_groups(layer_payloads(data, state, park_plots=park_plots, highlights=highlights, fly=fly,
                                           settings=settings, cache=layer_cache(publish_scope())))
    st_folium(base, key=key, height=height, center=center, zoom=zoom, use_container_width=True,
              feature_group_to_add=groups, returned_objects=[CLICK],
              on_change=lambda: on_map_click(key, on_select))
