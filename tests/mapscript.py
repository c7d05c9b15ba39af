"""Read what a rendered map script would draw: shared by the AppTest and unit tests."""

from __future__ import annotations

import json
import re

import numpy as np

from geo.map.layers import attributes, decode_points

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
