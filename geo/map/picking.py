"""Map clicks back to records: what a click on a marker selects.

streamlit-folium reports a click on a map object as ``last_object_clicked``, the event's position.
qcm-cloud.js makes a marker's click report the marker's own position carrying the clicked record's
id: ``{"lat": .., "lng": .., "id": "WIND-GEM-1"}`` (the position in the basemap's coordinates, so
GCJ-02 on Gaode; only the id is read here). The id comes from the browser, so it selects something
only when it names a record drawn as a clickable marker in the current view; anything else (a click
on an outline, which reports a position only, an unknown id, a record filtered out or on a layer
that is switched off) selects nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from geo.data.dataset import Dataset
from geo.filters import ViewState, visible_records
from geo.map.layers import drawn_on_map

# Every point layer draws clickable marks (rooftop PV only those with real positions: drawn_on_map).
CLICKABLE_LAYERS: tuple[str, ...] = ("pv_rooftop", "pv_utility", "wind_farm", "chain")
MAX_ID_LENGTH = 64  # as the URL's "sel" (geo.filters.from_query_params)


def clicked_id(clicked: Mapping | None) -> str | None:
    """The record id a streamlit-folium click carries, or None (no id, or not a plausible one)."""
    if not isinstance(clicked, Mapping):
        return None
    record_id = clicked.get("id")
    if not isinstance(record_id, str) or not record_id or len(record_id) > MAX_ID_LENGTH:
        return None
    return record_id


def clickable_records(dataset: Dataset, state: ViewState) -> pd.DataFrame:
    """The records this view draws as clickable markers."""
    drawn = drawn_on_map(visible_records(dataset.records, state))
    return drawn[drawn["layer"].isin(CLICKABLE_LAYERS)]


def record_at_click(dataset: Dataset, state: ViewState, clicked: Mapping | None) -> str | None:
    """The id of the clicked marker's record, or None (a click on an outline, or an id that names
    no marker drawn in this view)."""
    record_id = clicked_id(clicked)
    if record_id is None:
        return None
    return record_id if (clickable_records(dataset, state)["id"] == record_id).any() else None
