"""Map clicks back to records: what a click on a marker selects.

streamlit-folium reports a click on a map object as the clicked position (``last_object_clicked``),
not as the object. qcm-layers.js makes a marker's click report the marker's own position, so the
record is the one drawn there: the nearest clickable record, within a tolerance that only absorbs
rounding (coordinates go to the browser with 5 decimals, ~1 m). Positions arrive in the basemap's
coordinates, so a Gaode (GCJ-02) click is converted back to WGS-84 first.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from geo import crs
from geo.data.dataset import Dataset
from geo.filters import ViewState, visible_records

CLICK_TOLERANCE_M = 25.0
EARTH_RADIUS_M = 6_371_008.8
# The heat layer draws no clickable markers.
CLICKABLE_LAYERS: tuple[str, ...] = ("pv_utility", "wind_farm", "chain")


def clicked_lonlat(clicked: Mapping | None, basemap: str) -> tuple[float, float] | None:
    """WGS-84 (lon, lat) of a streamlit-folium click ({"lat": .., "lng": ..}); None if unusable."""
    if not isinstance(clicked, Mapping):
        return None
    try:
        lat, lon = float(clicked["lat"]), float(clicked["lng"])
    except (KeyError, TypeError, ValueError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lon)) or abs(lat) > 90 or abs(lon) > 180:
        return None
    return crs.from_basemap(basemap)(lon, lat)


def distances_m(lon: float, lat: float, lons, lats) -> np.ndarray:
    """Great-circle distances (haversine), metres."""
    lon1, lat1 = np.radians(lon), np.radians(lat)
    lon2, lat2 = np.radians(np.asarray(lons, float)), np.radians(np.asarray(lats, float))
    a = (np.sin((lat2 - lat1) / 2) ** 2
         + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def nearest_record(records: pd.DataFrame, lon: float, lat: float,
                   tolerance_m: float = CLICK_TOLERANCE_M) -> str | None:
    if records.empty:
        return None
    distance = distances_m(lon, lat, records["lon"], records["lat"])
    best = int(np.argmin(distance))
    return str(records["id"].iloc[best]) if distance[best] <= tolerance_m else None


def clickable_records(dataset: Dataset, state: ViewState) -> pd.DataFrame:
    drawn = visible_records(dataset.records, state)
    return drawn[drawn["layer"].isin(CLICKABLE_LAYERS)]


def record_at_click(dataset: Dataset, state: ViewState, clicked: Mapping | None,
                    tolerance_m: float = CLICK_TOLERANCE_M) -> str | None:
    """The id of the record drawn where the map was clicked, or None (a click beside every marker,
    on an outline, or on a layer that is switched off)."""
    position = clicked_lonlat(clicked, state.basemap)
    if position is None:
        return None
    return nearest_record(clickable_records(dataset, state), *position, tolerance_m=tolerance_m)
