"""geo.map.picking: a click on the map (streamlit-folium's ``last_object_clicked``) back to a record."""

from __future__ import annotations

import math

import pytest

from geo import crs
from geo.filters import ViewState
from geo.map.picking import clicked_lonlat, distances_m, nearest_record, record_at_click
from geo.model import LAYERS


def position(dataset, record_id):
    row = dataset.records.set_index("id").loc[record_id]
    return float(row["lon"]), float(row["lat"])


def click(lon, lat):
    return {"lat": lat, "lng": lon}


@pytest.mark.parametrize("record_id", ["E-YUTUO", "P-YUTUO-5AH", "WIND-GEM-3", "PV-GEM-1", "WIND-S1-5"])
def test_a_click_on_a_marker_selects_its_record(dataset, record_id):
    lon, lat = position(dataset, record_id)
    assert record_at_click(dataset, ViewState(), click(lon, lat)) == record_id
    # The browser gets coordinates rounded to 5 decimals (~1 m): still the same record.
    assert record_at_click(dataset, ViewState(), click(round(lon, 5), round(lat, 5))) == record_id


def test_a_click_beside_every_marker_selects_nothing(dataset):
    lon, lat = position(dataset, "E-RECYCLER")
    assert record_at_click(dataset, ViewState(), click(lon + 0.001, lat)) is None  # ~90 m east


@pytest.mark.parametrize("clicked", [None, {}, {"lat": "x", "lng": 1}, {"lat": math.nan, "lng": 117.4},
                                     {"lat": 95, "lng": 117.4}, "117.4,37.8"])
def test_unusable_clicks_select_nothing(dataset, clicked):
    assert record_at_click(dataset, ViewState(), clicked) is None


def test_gaode_clicks_are_converted_from_gcj02(dataset):
    lon, lat = position(dataset, "WIND-GEM-1")
    gcj_lon, gcj_lat = crs.wgs84_to_gcj02(lon, lat)
    gaode = ViewState(basemap="gaode")
    assert record_at_click(dataset, gaode, click(gcj_lon, gcj_lat)) == "WIND-GEM-1"
    # The same GCJ-02 position read as WGS-84 is some 500 m off: nothing there.
    assert record_at_click(dataset, ViewState(), click(gcj_lon, gcj_lat)) is None
    assert clicked_lonlat(click(gcj_lon, gcj_lat), "gaode") == pytest.approx((lon, lat), abs=1e-8)


def test_only_drawn_markers_can_be_clicked(dataset):
    lon, lat = position(dataset, "WIND-GEM-1")
    no_wind = ViewState(layers=tuple(layer for layer in LAYERS if layer != "wind_farm"))
    assert record_at_click(dataset, no_wind, click(lon, lat)) is None
    filtered_out = ViewState(statuses=("signed",))
    assert record_at_click(dataset, filtered_out, click(lon, lat)) is None
    # Rooftop PV is a heat layer: its points are not markers.
    lon, lat = position(dataset, "RPV-0001")
    assert record_at_click(dataset, ViewState(), click(lon, lat)) is None


def test_distances_are_great_circle_metres():
    # One degree of latitude is ~111.2 km; one of longitude at 37.8° N ~87.9 km.
    assert distances_m(117.4, 37.8, [117.4], [38.8])[0] == pytest.approx(111_195, rel=1e-3)
    assert distances_m(117.4, 37.8, [118.4], [37.8])[0] == pytest.approx(87_870, rel=2e-3)


def test_nearest_record_picks_the_closest_within_the_tolerance(dataset):
    records = dataset.records[dataset.records["layer"] == "wind_farm"]
    lon, lat = position(dataset, "WIND-GEM-2")
    assert nearest_record(records, lon + 0.0001, lat, tolerance_m=50) == "WIND-GEM-2"  # ~9 m
    assert nearest_record(records, lon + 0.0001, lat, tolerance_m=5) is None
    assert nearest_record(records.iloc[0:0], lon, lat) is None
