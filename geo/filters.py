"""The view's filters: what they select, and how they live in the URL.

The URL form is short and readable (``?seg=cells,pack&lang=en``). A parameter that is absent means
"everything"; one that is present but empty means "nothing" (so an empty selection survives a
copied link). Unknown codes in a URL are dropped, never an error.

The chain-node filter (``node``, set by clicking a node of the chain diagram) follows the same rules.
A record whose ``chain_node`` is empty belongs to no node: it passes only while no node filter is
set (every node selected), because "at this node" cannot be said of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import geopandas as gpd

from geo.chain import NODE_IDS
from geo.crs import BASEMAP_CRS
from geo.i18n import DEFAULT_LANGUAGE, LANGUAGES
from geo.model import LAYERS, SEGMENTS, STATUSES, TOWNSHIP_CODES, UNKNOWN_TOWNSHIP

TOWNSHIP_CHOICES: tuple[str, ...] = (*TOWNSHIP_CODES, UNKNOWN_TOWNSHIP)
BASEMAPS: tuple[str, ...] = tuple(BASEMAP_CRS)
DEFAULT_BASEMAP = "none"

# URL parameter -> (attribute, allowed values)
_MULTI_PARAMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "seg": ("segments", SEGMENTS),
    "status": ("statuses", STATUSES),
    "town": ("townships", TOWNSHIP_CHOICES),
    "layers": ("layers", LAYERS),
    "node": ("nodes", NODE_IDS),
}


@dataclass(frozen=True)
class ViewState:
    """Everything that defines what the map shows; hashable, so it can key a cache."""

    segments: tuple[str, ...] = SEGMENTS
    statuses: tuple[str, ...] = STATUSES
    townships: tuple[str, ...] = TOWNSHIP_CHOICES
    layers: tuple[str, ...] = LAYERS
    nodes: tuple[str, ...] = NODE_IDS
    lang: str = DEFAULT_LANGUAGE
    basemap: str = DEFAULT_BASEMAP
    selected: str | None = None

    def with_(self, **changes) -> ViewState:
        return replace(self, **changes)


def _ordered(values, allowed: tuple[str, ...]) -> tuple[str, ...]:
    wanted = set(values)
    return tuple(v for v in allowed if v in wanted)


def from_query_params(params: Mapping[str, str], base: ViewState | None = None) -> ViewState:
    """The view a URL describes. ``base`` is what an absent parameter means: everything, or (while a
    tour step is open, geo/meeting/tours.py) the step's view, so that ``?tour=default&step=3`` alone is the
    step as stored and any parameter is a change to it."""
    state = base or ViewState()
    changes: dict[str, object] = {}
    for name, (attr, allowed) in _MULTI_PARAMS.items():
        if name in params:
            raw = params[name] or ""
            changes[attr] = _ordered((v.strip() for v in raw.split(",")), allowed)
    if params.get("lang") in LANGUAGES:
        changes["lang"] = params["lang"]
    if params.get("basemap") in BASEMAPS:
        changes["basemap"] = params["basemap"]
    if "sel" in params:  # present but empty: nothing selected (where the base selects something)
        changes["selected"] = str(params["sel"] or "")[:64] or None
    return state.with_(**changes)


def to_query_params(state: ViewState, base: ViewState | None = None) -> dict[str, str]:
    """Only what differs from the default (or from ``base``, see :func:`from_query_params`), so a
    plain link stays plain."""
    default = base or ViewState()
    params: dict[str, str] = {}
    for name, (attr, allowed) in _MULTI_PARAMS.items():
        value = _ordered(getattr(state, attr), allowed)
        if value != getattr(default, attr):
            params[name] = ",".join(value)
    if state.lang != ViewState.lang:
        params["lang"] = state.lang
    if state.basemap != ViewState.basemap:
        params["basemap"] = state.basemap
    if state.selected != default.selected:
        params["sel"] = state.selected or ""
    return params


def record_township(records: gpd.GeoDataFrame):
    return records["township_code"].where(records["township_code"].notna(), UNKNOWN_TOWNSHIP)


def node_filter_active(state: ViewState) -> bool:
    return set(state.nodes) != set(NODE_IDS)


def filter_records(records: gpd.GeoDataFrame, state: ViewState) -> gpd.GeoDataFrame:
    """Records passing the segment, status, township and chain-node filters (layers are not
    applied here)."""
    mask = (
        records["chain_segment"].isin(state.segments)
        & records["status"].isin(state.statuses)
        & record_township(records).isin(state.townships)
    )
    if node_filter_active(state):
        mask &= records["chain_node"].isin(state.nodes)
    return records[mask]


def visible_records(records: gpd.GeoDataFrame, state: ViewState) -> gpd.GeoDataFrame:
    """Records drawn on the map: filtered, and on a layer that is switched on."""
    filtered = filter_records(records, state)
    return filtered[filtered["layer"].isin(state.layers)]
