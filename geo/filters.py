"""The view's filters, declared once: what they select, and how they live in the URL.

Each way of narrowing the view is one :class:`FilterDimension` in :data:`DIMENSIONS`; everything
else is derived from that declaration: the :class:`ViewState` fields and their defaults, the URL
parameters, the sidebar's widgets and session-state keys (ui/view.py, ui/sidebar.py), the fields of
a tour step (geo/meeting/tours.py), the "filters applied" of exports (geo/lists/spreadsheets.py,
geo/meeting/standalone.py) and the browser's code columns (geo/map/layers.py). Which records pass
is :func:`filter_mask`, the one rule; the browser applies it to the codes it is sent.

The URL form is short and readable (``?seg=cells,pack&lang=en``). A parameter that is absent means
"everything"; one that is present but empty means "nothing" (so an empty selection survives a
copied link). Unknown codes in a URL are dropped, never an error.

The chain-node filter (``node``, set by clicking a node of the chain diagram) follows the same rules.
A record whose ``chain_node`` is empty belongs to no node: it passes only while no node filter is
set (every node selected), because "at this node" cannot be said of it.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, make_dataclass, replace
from typing import Any, Literal, TypeVar

import pandas as pd

from geo.chain import NODE_IDS
from geo.crs import BASEMAP_CHOICES
from geo.i18n import DEFAULT_LANGUAGE, LANGUAGES, TEXT, t
from geo.model import LAYERS, SEGMENTS, STATUSES, TOWNSHIP_CODES, UNKNOWN_TOWNSHIP

TOWNSHIP_CHOICES: tuple[str, ...] = (*TOWNSHIP_CODES, UNKNOWN_TOWNSHIP)
BASEMAPS: tuple[str, ...] = BASEMAP_CHOICES
DEFAULT_BASEMAP = "auto"  # a real basemap where tiles load, the plain background where not


def record_township(records: pd.DataFrame) -> pd.Series:
    return records["township_code"].where(records["township_code"].notna(), UNKNOWN_TOWNSHIP)


def record_node(records: pd.DataFrame) -> pd.Series:
    """Each record's chain node; None where it has none (empty or missing)."""
    nodes = records["chain_node"]
    return nodes.where(nodes.notna() & (nodes.astype(object) != ""), None)


@dataclass(frozen=True)
class FilterDimension:
    """One way of narrowing the view. Its state is a tuple of ``choices`` (default: all of them)."""

    attr: str  # the ViewState field and session-state key ("segments"); its widget key is w_{attr}_{lang}
    param: str  # the URL parameter ("seg")
    choices: tuple[str, ...]  # the vocabulary, in the order the state, the URL and the widgets keep
    label_key: str  # i18n key of its name: the sidebar label, the export's heading
    value_prefix: str  # i18n prefix of a value's label: "segment" -> "segment.cells"
    widget: Literal["pills", "multiselect"] | None = None  # in the sidebar; None: set elsewhere (chain diagram)
    # Each record's value, for a dimension that filters records (the layers switch layers, see visible_records).
    values: Callable[[pd.DataFrame], pd.Series] | None = None
    column: str | None = None  # the browser's code column (geo/map/layers.py) of a record filter
    # Records may have no value (no chain node): then the dimension filters only while narrowed.
    optional: bool = False
    names: Callable[[Any, str], Mapping[str, str]] | None = None  # value labels from the dataset (townships)
    note_key: str | None = None  # i18n key of a caption under the widget

    def canonical(self, values: Iterable[str]) -> tuple[str, ...]:
        """The known values, in vocabulary order, without repeats."""
        wanted = set(values)
        return tuple(v for v in self.choices if v in wanted)

    def narrowed(self, state) -> bool:
        return set(getattr(state, self.attr)) != set(self.choices)

    def applies(self, state) -> bool:
        """Whether it narrows the records: always, except an optional dimension keeping every choice."""
        return not self.optional or self.narrowed(state)

    def value_labels(self, lang: str, dataset=None) -> Callable[[str], str]:
        """value -> its display label: the dataset's name where the dimension has ``names`` (a code the
        dataset does not name is "{value_prefix}.unknown"), else its i18n label, else the code."""
        if self.names is not None:
            names = self.names(dataset, lang) if dataset is not None else {}
            unknown = t(f"{self.value_prefix}.unknown", lang)
            return lambda value: names.get(value, unknown)
        return lambda value: t(key, lang) if (key := f"{self.value_prefix}.{value}") in TEXT else value


SEGMENT = FilterDimension("segments", "seg", SEGMENTS, "sidebar.segments", "segment", "pills",
                          values=lambda records: records["chain_segment"], column="segment")
STATUS = FilterDimension("statuses", "status", STATUSES, "sidebar.statuses", "status", "pills",
                         values=lambda records: records["status"], column="status")
TOWNSHIP = FilterDimension("townships", "town", TOWNSHIP_CHOICES, "sidebar.townships", "township", "multiselect",
                           values=record_township, column="township",
                           names=lambda dataset, lang: dataset.township_names(lang), note_key="map.township_note")
LAYER = FilterDimension("layers", "layers", LAYERS, "sidebar.layers", "layer", "pills")
NODE = FilterDimension("nodes", "node", NODE_IDS, "lists.col.chain_node", "chain_node", None,
                       values=record_node, column="node", optional=True)

# In URL order; the sidebar draws the widgets in this order too.
DIMENSIONS: tuple[FilterDimension, ...] = (SEGMENT, STATUS, TOWNSHIP, LAYER, NODE)
# The dimensions that decide which records pass (the layers decide what is drawn of them).
RECORD_FILTERS: tuple[FilterDimension, ...] = tuple(d for d in DIMENSIONS if d.values is not None)
BY_ATTR: dict[str, FilterDimension] = {d.attr: d for d in DIMENSIONS}

_Filters = make_dataclass(
    "_Filters", [(d.attr, tuple[str, ...], field(default=d.choices)) for d in DIMENSIONS],
    frozen=True, namespace={"__module__": __name__})


@dataclass(frozen=True)
class ViewState(_Filters):
    """Everything that defines what the map shows; hashable, so it can key a cache. Besides the
    fields below, one tuple per filter dimension (``segments``, ``statuses``, ``townships``,
    ``layers``, ``nodes``: :data:`DIMENSIONS`), defaulting to every choice."""

    lang: str = DEFAULT_LANGUAGE
    basemap: str = DEFAULT_BASEMAP
    selected: str | None = None

    def with_(self, **changes) -> ViewState:
        return replace(self, **changes)


def dimension_values(state: ViewState) -> dict[str, tuple[str, ...]]:
    """{attr: value} of every filter dimension (what a reset or a tour step sets)."""
    return {d.attr: getattr(state, d.attr) for d in DIMENSIONS}


def from_query_params(params: Mapping[str, str], base: ViewState | None = None) -> ViewState:
    """The view a URL describes. ``base`` is what an absent parameter means: everything, or (while a
    tour step is open, geo/meeting/tours.py) the step's view, so that ``?tour=default&step=3`` alone is the
    step as stored and any parameter is a change to it."""
    state = base or ViewState()
    changes: dict[str, object] = {}
    for d in DIMENSIONS:
        if d.param in params:
            changes[d.attr] = d.canonical(v.strip() for v in (params[d.param] or "").split(","))
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
    for d in DIMENSIONS:
        value = d.canonical(getattr(state, d.attr))
        if value != getattr(default, d.attr):
            params[d.param] = ",".join(value)
    if state.lang != ViewState.lang:
        params["lang"] = state.lang
    if state.basemap != ViewState.basemap:
        params["basemap"] = state.basemap
    if state.selected != default.selected:
        params["sel"] = state.selected or ""
    return params


def offered(d: FilterDimension, records: pd.DataFrame, state: ViewState) -> bool:
    """Whether a filter is worth a widget: it can tell the records apart (they carry at least two of
    its values), or it narrows the view now (a link or a tour set it, so it must be seen to be undone).
    Derived from the data: townships appear once records carry them (one bundled record does: the SEP
    wind farm in 严务乡)."""
    if d.values is None or d.narrowed(state):
        return True
    return _distinct_values(records, d.attr) > 1


def _distinct_values(records: pd.DataFrame, attr: str) -> int:
    """How many values the records carry for ``attr`` (asked for every filter on every rerun)."""
    return _per_table(_DISTINCT, records, attr, lambda: int(BY_ATTR[attr].values(records).nunique(dropna=False)))


def node_filter_active(state: ViewState) -> bool:
    return NODE.narrowed(state)


def filter_mask(records: pd.DataFrame, state: ViewState, skip: Iterable[str] = ()) -> pd.Series:
    """Which records pass every record filter (the one rule; layers are not applied here). A kind
    of row that has no value for a dimension (targets have no status) names it in ``skip``."""
    skipped = set(skip)
    if skipped - set(BY_ATTR):
        raise ValueError(f"no filter dimension {sorted(skipped - set(BY_ATTR))}")
    mask = pd.Series(True, index=records.index)
    for d in RECORD_FILTERS:
        if d.attr not in skipped and d.applies(state):
            mask &= d.values(records).isin(getattr(state, d.attr))
    return mask


def filter_records(records: pd.DataFrame, state: ViewState) -> pd.DataFrame:
    """Records passing the segment, status, township and chain-node filters (layers are not
    applied here)."""
    return records[_mask(records, state)]


def visible_records(records: pd.DataFrame, state: ViewState) -> pd.DataFrame:
    """Records drawn on the map: filtered, and on a layer that is switched on."""
    return records[_mask(records, state, layers=True)]


def any_visible(records: pd.DataFrame, state: ViewState) -> bool:
    """Whether :func:`visible_records` has any row, without building the filtered table."""
    return bool(_mask(records, state, layers=True).any())


# A page run asks for the same filtered records several times (the strip, the legend, the map, the
# notice): the last few masks are kept, per records table (by identity: a new dataset is a new table,
# and a dataset's tables are never changed in place).
T = TypeVar("T")
_MASKS: dict[tuple, tuple[weakref.ref, pd.Series]] = {}
_DISTINCT: dict[tuple, tuple[weakref.ref, int]] = {}
_KEPT_AT_MOST = 16


def _per_table(kept: dict, records: pd.DataFrame, key: tuple | str, compute: Callable[[], T]) -> T:
    """``compute()`` kept in ``kept`` per records table (by identity, checked by a weak reference, so a
    dropped dataset is not kept alive and a reused id() never answers) and ``key``; the oldest of
    :data:`_KEPT_AT_MOST` entries goes first."""
    full = (id(records), key)
    hit = kept.get(full)
    if hit is not None and hit[0]() is records:
        return hit[1]
    value = compute()
    if len(kept) >= _KEPT_AT_MOST:
        kept.pop(next(iter(kept)), None)
    kept[full] = (weakref.ref(records), value)
    return value


def _mask(records: pd.DataFrame, state: ViewState, layers: bool = False) -> pd.Series:
    def compute() -> pd.Series:
        mask = filter_mask(records, state)
        return mask & records["layer"].isin(state.layers) if layers else mask

    key = (tuple(getattr(state, d.attr) for d in RECORD_FILTERS), state.layers if layers else None)
    return _per_table(_MASKS, records, key, compute)
