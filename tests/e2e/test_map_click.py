"""What a click on a marker sends back to the app, read in Chromium as it leaves for the server:
streamlit-folium's value ``last_object_clicked`` is the marker's position carrying the clicked
record's id, ``{"lat", "lng", "id"}`` (static/js/qcm-cloud.js), which geo/map/picking.py reads. On
Gaode too (the position is then GCJ-02), and also when the record's attributes (where its id is)
had not arrived before the click: no click without an id is ever sent."""

from __future__ import annotations

import pytest

from geo import crs
from geo.data.dataset import load_dataset

from .helpers import MAP_IFRAME, wait_until

POINT_LAYERS_READY_JS = """() => ["pv_utility", "wind_farm", "chain"].every(
  n => window.qcmLayers[n] && window.qcmLayers[n].ready)"""

# Every map value the page receives from the st_folium iframe, as Streamlit sends it on (JSON).
RECORD_SENT_JS = """() => {
  window.__qcmSent = [];
  window.addEventListener("message", (e) => {
    const d = e.data;
    if (d && d.type === "streamlit:setComponentValue" && d.value && "last_object_clicked" in d.value)
      window.__qcmSent.push(JSON.parse(JSON.stringify(d.value)));
  });
}"""

# Forget a layer's attribute chunks and make fetching them slow, as on a slow link.
FORGET_ATTRIBUTES_JS = """([name, delay]) => {
  const attrs = window.qcmLayers[name].cloud._desc.attrs;
  attrs.forEach(url => { delete window.qcmDataCache[url]; delete window.qcmLoadedChunks[url]; });
  const fetch = window.fetch;
  window.__qcmDelayed = 0;
  window.fetch = (url, ...rest) => {
    if (!attrs.includes(url)) return fetch(url, ...rest);
    window.__qcmDelayed += 1;
    return new Promise(r => setTimeout(r, delay)).then(() => fetch(url, ...rest));
  };
}"""

HIGHLIGHT_JS = """([selector, id]) => {
  const w = document.querySelector(selector).contentWindow;
  const h = w.qcmLayers && w.qcmLayers.__highlight;
  return !!(h && h.id === id && w.map.hasLayer(h.layer));
}"""


@pytest.fixture(scope="module")
def data():
    return load_dataset()


def clicks_sent(page) -> list[dict]:
    return [value["last_object_clicked"] for value in page.evaluate("() => window.__qcmSent")
            if value["last_object_clicked"] is not None]


def click_and_read(qcm, page, target: dict) -> dict:
    """Click ``target`` (a marker point of MapPage.marker_points) and return what was sent back."""
    page.evaluate(RECORD_SENT_JS)
    qcm.click_marker(target)
    sent = wait_until(page, lambda: clicks_sent(page), "no click was sent to the app")
    assert all(set(value) == {"lat", "lng", "id"} for value in sent), sent
    assert [value["id"] for value in sent] == [target["id"]] * len(sent), sent
    return sent[-1]


@pytest.mark.parametrize("basemap", ["none", "gaode"])
def test_a_marker_click_sends_its_record_id(qcm, page, data, basemap):
    frame = qcm.open(f"/?basemap={basemap}")
    frame.wait_for_function(POINT_LAYERS_READY_JS)
    target = qcm.isolated_marker("wind_farm")  # loads the attribute chunks: the id is known at the click
    clicked = click_and_read(qcm, page, target)
    # The marker's own position, in the basemap's coordinates (GCJ-02 on Gaode).
    row = data.records.set_index("id").loc[target["id"]]
    lon, lat = crs.to_basemap(basemap)(float(row["lon"]), float(row["lat"]))
    assert clicked["lng"] == pytest.approx(lon, abs=2e-6) and clicked["lat"] == pytest.approx(lat, abs=2e-6)
    qcm.wait_query(lambda q: q.get("sel") == target["id"])
    page.wait_for_function(HIGHLIGHT_JS, arg=[MAP_IFRAME, target["id"]])


def test_a_click_before_the_attributes_arrive_sends_the_id_once_they_have(qcm, page):
    frame = qcm.open("/?basemap=none")
    frame.wait_for_function(POINT_LAYERS_READY_JS)
    target = qcm.isolated_marker("chain")
    # Slower than streamlit-folium's 250 ms debounce: a click passed on without its id would be sent.
    frame.evaluate(FORGET_ATTRIBUTES_JS, ["chain", 1500])
    clicked = click_and_read(qcm, page, target)
    assert frame.evaluate("() => window.__qcmDelayed") >= 1  # the chunk really was on its way at the click
    assert clicked["id"] == target["id"]
    qcm.wait_query(lambda q: q.get("sel") == target["id"])
    page.wait_for_function(HIGHLIGHT_JS, arg=[MAP_IFRAME, target["id"]])
