"""Read what a rendered map script would draw: shared by the AppTest and unit tests."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import numpy as np

from geo.basemaps import BasemapSettings
from geo.map.layers import attributes, read_published

# A deployment that configured every online basemap (geo.basemaps): Tianditu's key, a licensed Gaode
# tile service and self-hosted tiles (hosts under .test: never resolved, the tests stay offline).
GAODE_TILES = "https://gaode.tiles.test/{z}/{x}/{y}.png?key={key}"
SELF_HOSTED_TILES = "https://tiles.county.test/{z}/{x}/{y}.png"
EVERY_BASEMAP = BasemapSettings(tianditu_key="test-key", gaode_url=GAODE_TILES, gaode_key="gaode-test-key",
                                tile_url=SELF_HOSTED_TILES, tile_attribution="© County GIS")


def decode_points(desc: dict, read: Callable[[str], bytes] = read_published) -> dict:
    """A point layer's published arrays, decoded as qcm-cloud.js decodes them (the test's reader of
    the format geo.map.layers writes)."""
    blob = read(desc["data"])
    n = desc["n"]
    lonlat = np.frombuffer(blob, dtype="<i4", count=2 * n).reshape(n, 2) / 1e6
    codes, offset = {}, 8 * n
    for name in desc["columns"]:
        codes[name] = np.frombuffer(blob, dtype=np.uint8, count=n, offset=offset)
        offset += n
    return {"lon": lonlat[:, 0], "lat": lonlat[:, 1], "codes": codes}


_CALLS = re.compile(r"\bqcm(?:Cloud|Polygon)Layer\(\s*|\bqcmHeatCloud\(\s*|\bqcmHighlight\(\s*|\bqcmRings\(\s*")


def payloads_in(script: str) -> dict[str, dict]:
    """The JSON payload of every qcm layer call in a map script, by layer name."""
    decoder = json.JSONDecoder()
    found = {}
    for match in _CALLS.finditer(script):
        payload, _ = decoder.raw_decode(script, match.end())
        name = payload["desc"]["name"] if "desc" in payload else payload.get("name", "highlight")
        found[name] = payload
    return found


def drawn_mask(payload: dict) -> np.ndarray:
    """Which points of a point-layer payload qcm-cloud.js draws: those whose code in every column
    of the payload's filter is one the filter allows (Cloud._applyFilter). The app has no copy of
    this: tests/test_mapview.py checks that it selects what geo.filters.filter_records selects, and
    the browser tests (tests/e2e) check what the script really draws."""
    codes = decode_points(payload["desc"])["codes"]
    mask = np.ones(payload["desc"]["n"], dtype=bool)
    for column, allowed in payload["filter"].items():
        mask &= np.isin(codes[column], allowed)
    return mask


def drawn_ids(payload: dict) -> list[str]:
    """Ids of the points the browser draws for a point-layer payload (its filter applied)."""
    ids = np.array(attributes(payload["desc"])["ids"], dtype=object)
    return ids[drawn_mask(payload)].tolist()


def app_layer_cache(data_dir=None):
    """The layer cache the running app publishes through: its store's folder of static/cache
    (geo.map.build.layer_cache, ui.data.publish_scope); pass it to layer_payloads to compare."""
    from geo.map.build import layer_cache
    from ui.data import publish_scope

    return layer_cache(publish_scope(data_dir))
