"""geo.map.picking: a click on the map (streamlit-folium's ``last_object_clicked``) back to a record.

qcm-cloud.js sends a marker's click as its position carrying the record id, {"lat", "lng", "id"};
the id decides, and only when it names a clickable marker drawn in the current view
(tests/e2e/test_map_page.py checks what the browser really sends)."""

from __future__ import annotations

import math

import pytest

from geo import crs
from geo.filters import ViewState
from geo.map.picking import CLICKABLE_LAYERS, clickable_records, clicked_id, record_at_click
from geo.model import LAYERS


def position(dataset, record_id):
    row = dataset.records.set_index("id").loc[record_id]
    return float(row["lon"]), float(row["lat"])


def click(dataset, record_id, basemap="none"):
    """The payload of a click on ``record_id``'s marker, as the browser sends it."""
    lon, lat = crs.to_basemap(basemap)(*position(dataset, record_id))
    return {"lat": round(lat, 6), "lng": round(lon, 6), "id": record_id}


@pytest.mark.parametrize("record_id", ["E-YUTUO", "P-YUTUO-5AH", "WIND-GEM-3", "PV-GEM-1", "WIND-S1-5"])
def test_a_click_on_a_marker_selects_its_record(dataset, record_id):
    assert record_at_click(dataset, ViewState(), click(dataset, record_id)) == record_id


def test_the_id_decides_not_the_position(dataset):
    # Two markers close together: the id says which one was clicked, whatever the position says.
    payload = {**click(dataset, "WIND-GEM-2"), "id": "WIND-GEM-3"}
    assert record_at_click(dataset, ViewState(), payload) == "WIND-GEM-3"
    assert record_at_click(dataset, ViewState(), {"id": "WIND-GEM-3"}) == "WIND-GEM-3"


def test_gaode_clicks_select_by_id(dataset):
    # On Gaode the browser reports GCJ-02 positions, some 500 m from WGS-84: the id is what counts.
    gaode = ViewState(basemap="gaode")
    payload = click(dataset, "WIND-GEM-1", basemap="gaode")
    assert (payload["lng"], payload["lat"]) != pytest.approx(position(dataset, "WIND-GEM-1"), abs=1e-3)
    assert record_at_click(dataset, gaode, payload) == "WIND-GEM-1"


def test_a_click_without_an_id_selects_nothing(dataset):
    # A click on an outline reports a position only; even one exactly on a marker selects nothing.
    lon, lat = position(dataset, "E-RECYCLER")
    assert record_at_click(dataset, ViewState(), {"lat": lat, "lng": lon}) is None
    assert record_at_click(dataset, ViewState(), {"lat": lat, "lng": lon, "id": None}) is None


@pytest.mark.parametrize("record_id", ["NO-SUCH-RECORD", "e-yutuo", " E-YUTUO", "PLOT-B2", "'; DROP TABLE--"])
def test_an_unknown_id_selects_nothing(dataset, record_id):
    assert record_at_click(dataset, ViewState(), {**click(dataset, "E-YUTUO"), "id": record_id}) is None


@pytest.mark.parametrize("clicked", [None, {}, {"lat": "x", "lng": 1}, {"lat": math.nan, "lng": 117.4},
                                     "E-YUTUO", ["E-YUTUO"], {"id": ""}, {"id": 7}, {"id": ["E-YUTUO"]},
                                     {"id": {"id": "E-YUTUO"}}, {"id": "E-YUTUO" + "x" * 64}])
def test_unusable_clicks_select_nothing(dataset, clicked):
    assert clicked_id(clicked) is None
    assert record_at_click(dataset, ViewState(), clicked) is None


def test_only_drawn_markers_can_be_clicked(dataset, rooftop_dataset):
    payload = click(dataset, "WIND-GEM-1")
    no_wind = ViewState(layers=tuple(layer for layer in LAYERS if layer != "wind_farm"))
    assert record_at_click(dataset, no_wind, payload) is None
    filtered_out = ViewState(statuses=("signed",))
    assert record_at_click(dataset, filtered_out, payload) is None
    # Rooftop PV is a heat layer: its points are not markers.
    assert record_at_click(rooftop_dataset, ViewState(), click(rooftop_dataset, "RPV-0001")) is None


def test_clickable_records_are_the_drawn_markers(dataset):
    clickable = clickable_records(dataset, ViewState())
    assert len(clickable) and set(clickable["layer"]) <= set(CLICKABLE_LAYERS)
    # Rooftop PV records at illustrative positions (all bundled ones) are not drawn, so not clickable.
    assert set(clickable["layer"]) == set(CLICKABLE_LAYERS) & set(dataset.records["layer"]) - {"pv_rooftop"}
    assert not clickable["id"].str.startswith("RPV").any()
    assert clickable_records(dataset, ViewState(layers=("boundary", "park"))).empty
