"""Read what a rendered map script would draw: shared by the AppTest and unit tests."""

from __future__ import annotations

import json
import re

import numpy as np

from geo.map.layers import attributes, visible_mask

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


def drawn_ids(payload: dict) -> list[str]:
    """Ids of the points the browser draws for a point-layer payload (its filter applied)."""
    ids = np.array(attributes(payload["desc"])["ids"], dtype=object)
    return ids[visible_mask(payload["desc"], payload["filter"])].tolist()
