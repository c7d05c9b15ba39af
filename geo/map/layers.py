"""Encode map layers for the browser: compact, published once, filtered in the browser.

A point layer becomes (see static/js/qcm-cloud.js for the reader):
- its styles (:func:`marker_style`: colour, size, shape, illustrative, subject or context) and, for the
  chain, the names drawn as labels (a small JSON file);
- one binary file: Int32 lon and lat x 1e6 interleaved (8 bytes a point, ~0.1 m), then one Uint8
  array per code column: ``style`` (an index into the descriptor's styles), then one column per
  record filter of geo.filters (``segment``, ``status``, ``township``, ``node``: each record's index
  into the dimension's choices; one past the last for a record with no value);
- attribute chunks (JSON, ``CHUNK`` records each): ids, names, popup fields, dictionary-encoded,
  fetched by the browser on first hover or click only;
- a small descriptor (URLs, styles, counts, the code columns' names) that travels with every
  rerun, with the filter as allowed codes per column (:func:`filter_codes`); the browser draws a
  point when each column's code is allowed.
Everything depends on (dataset, language, basemap) only, so it is built once per combination and
the files are content-addressed: a filter change sends a few hundred bytes.
"""

from __future__ import annotations

import base64
import json
import math
import re
from collections import OrderedDict
from collections.abc import Callable

import numpy as np
import pandas as pd

from geo import crs, units
from geo.data.dataset import inferred_text, names_in, source_ids_text
from geo.filters import RECORD_FILTERS, FilterDimension, ViewState
from geo.i18n import t
from geo.map.publish import Publisher
from geo.model import SEGMENT_COLORS

CHUNK = 2000
CODE_COLUMNS = ("style", *(d.column for d in RECORD_FILTERS))
PV_UTILITY_COLOR = "#F2B701"


def _translate(values: pd.Series, prefix: str, lang: str) -> pd.Series:
    """Vocabulary codes -> labels, translating each distinct code once."""
    labels = {code: t(f"{prefix}.{code}", lang) for code in values.dropna().unique()}
    return values.map(labels)


def _formatted(values: pd.Series, template: str, strip_zero: bool = False) -> pd.Series:
    """Format the present values (e.g. "{:,.1f}"); missing ones stay missing."""
    def one(value):
        text = template.format(value)
        return text.removesuffix(".0") if strip_zero else text

    return values.astype(object).map(one, na_action="ignore")


def popup_columns(frame: pd.DataFrame, lang: str, townships: dict[str, str]) -> list[tuple[str, np.ndarray]]:
    """The popup's rows, in order: (translated label, one display value or None per record)."""
    def vocab(prefix, column):
        return _translate(frame[column], prefix, lang)

    operator = frame["operator_en"] if lang == "en" else frame["operator_zh"]
    note = frame["note_en"] if lang == "en" else frame["note_zh"]
    capacity = _formatted(frame["capacity_mw"], "{:,.1f}", strip_zero=True)
    energy = frame["layer"].isin(("wind_farm", "pv_utility", "pv_rooftop"))
    capacity = capacity.where(capacity.notna() | ~energy, t("value.not_reported", lang))
    township = frame["township_code"].map(townships).fillna(t("township.unknown", lang))
    columns = [
        ("field.id", frame["id"]),
        ("field.kind", vocab("kind", "kind")),
        ("field.chain_segment", vocab("segment", "chain_segment")),
        ("field.status", vocab("status", "status")),
        ("field.operator", operator),
        ("field.capacity_mw", capacity),
        ("field.energy_mwh", _formatted(frame["energy_mwh"], "{:,.1f}", strip_zero=True)),
        ("field.cells_per_day", _formatted(frame["cells_per_day"], "{:,.0f}")),
        ("field.cell_ah", _formatted(frame["cell_ah"], "{:,.1f}")),
        ("field.cell_format", frame["cell_format"]),
        # Popups give money in 亿元 in both languages: the field.* headers name that unit.
        ("field.investment_cny", frame["investment_cny"].map(lambda v: units.yuan_number(v, "zh"))),
        ("field.output_value_cny_per_year",
         frame["output_value_cny_per_year"].map(lambda v: units.yuan_number(v, "zh"))),
        ("field.start_year", _formatted(frame["start_year"], "{:.0f}")),
        ("field.settled_year", _formatted(frame["settled_year"], "{:.0f}")),
        ("field.township", township),
        ("field.location_provenance", vocab("location", "location_provenance")),
        ("field.provenance", vocab("provenance", "provenance")),
        ("field.source", frame["source"].map(lambda v: source_ids_text(v, lang))),
        ("field.note", note),
        ("field.inferred", pd.Series([inferred_text(f, zh, en, lang) for f, zh, en in zip(
            frame["inferred"], frame["inferred_note_zh"], frame["inferred_note_en"], strict=True)],
            index=frame.index, dtype=object)),
    ]
    return [(t(key, lang), _present(values)) for key, values in columns]


def _present(values: pd.Series) -> np.ndarray:
    """Display values as an object array, with None wherever there is nothing to show."""
    array = values.astype(object).to_numpy(copy=True)
    missing = pd.isna(array) | (array == "")
    array[missing] = None
    return array


def encode_array(array: np.ndarray) -> dict:
    codes, uniques = pd.factorize(array, use_na_sentinel=True)
    return {"dict": [str(u) for u in uniques], "codes": codes.tolist()}


def _encode_fields(columns: list[tuple[str, np.ndarray]], rows: slice) -> list[dict]:
    fields = []
    for label, values in columns:
        column = encode_array(values[rows])
        if column["dict"]:
            fields.append({"label": label, **column})
    return fields


# How each mark looks: the one place (the legend draws its swatches from the same descriptors).
# The chain's enterprises and projects are the subject: large, saturated, labelled, a shape per kind;
# energy assets are context: small, light, thin. An illustrative position keeps its mark but dashed
# and lighter (subject) or hollow (context); the legend explains both.
CHAIN_SHAPES = {"enterprise": "circle", "project": "diamond"}
CONTEXT_SHAPES = {"wind_farm": "circle", "pv_utility": "square", "pv_rooftop": "circle"}
LABELLED_LAYERS = ("chain",)
# Rooftop PV: the county reports how many systems there are, not where; a record with an invented
# position is counted (lists, legend, figures) but never drawn. Records with real positions are.
UNDRAWN_ILLUSTRATIVE_LAYERS = ("pv_rooftop",)


def _known(value) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def _half_px(value: float) -> float:
    """Radii in half pixels: a layer has a few styles (at most 256: a Uint8 column), not one per value."""
    return round(value * 2) / 2


def marker_style(layer: str, segment: str, kind: str, capacity_mw, investment_cny,
                 location_provenance: str) -> tuple:
    """(colour, radius px, illustrative, shape, role): colour by segment; chain marks sized by
    investment where a source gives it, wind and PV by MW; "subject" (the chain) or "context"."""
    illustrative = location_provenance == "illustrative"
    if layer == "chain":
        radius = _half_px(9 + 1.3 * math.sqrt(investment_cny / 1e8)) if _known(investment_cny) else 9
        return (SEGMENT_COLORS[segment], min(radius, 18), illustrative, CHAIN_SHAPES.get(kind, "circle"), "subject")
    if layer == "wind_farm":
        radius = _half_px(4 + 0.45 * math.sqrt(capacity_mw)) if _known(capacity_mw) else 4.5
        return (SEGMENT_COLORS["green_power"], radius, illustrative, CONTEXT_SHAPES[layer], "context")
    if layer == "pv_utility":
        radius = _half_px(4 + 0.4 * math.sqrt(capacity_mw)) if _known(capacity_mw) else 4.5
        return (PV_UTILITY_COLOR, radius, illustrative, CONTEXT_SHAPES[layer], "context")
    return (PV_UTILITY_COLOR, 3, illustrative, CONTEXT_SHAPES.get(layer, "circle"), "context")


def style_descriptor(style: tuple) -> dict:
    color, radius, illustrative, shape, role = style
    return {"color": color, "radius": radius, "hollow": illustrative, "shape": shape, "role": role}


def drawn_on_map(frame: pd.DataFrame) -> pd.DataFrame:
    """The records of a point layer's frame that the map draws: all but those whose layer is drawn
    only from real positions (rooftop PV) and whose position is illustrative."""
    undrawn = frame["layer"].isin(UNDRAWN_ILLUSTRATIVE_LAYERS) & (frame["location_provenance"] == "illustrative")
    return frame[~undrawn]


_TRAILING_NOTE = re.compile(r"\s*[（(][^（()）]*[)）]\s*$")


def short_label(name) -> str | None:
    """A mark's label: its name without a trailing bracketed note ("（名称未见报道）", "(2 million cells/day)")."""
    if not isinstance(name, str) or not name.strip():
        return None
    short = _TRAILING_NOTE.sub("", name).strip()
    return short or name.strip()


def _codes(values: pd.Series, vocabulary: tuple[str, ...], missing: int | None = None) -> np.ndarray:
    """Index of each value in the vocabulary; an empty value gets ``missing`` where allowed."""
    codes = pd.Categorical(values, categories=list(vocabulary)).codes.astype(np.int16)
    if missing is not None:
        codes[values.isna().to_numpy()] = missing
    if (codes < 0).any():  # the schema forbids it; a silent 255 would draw the record wrongly
        raise ValueError(f"values outside {vocabulary}: {sorted(set(values) - set(vocabulary))}")
    return codes.astype(np.uint8)


def attribute_columns(frame: pd.DataFrame, lang: str, townships: dict[str, str]) -> dict:
    """Everything tooltips and popups show, computed once for the whole layer."""
    subtitle = (_translate(frame["chain_segment"], "segment", lang) + " · "
                + _translate(frame["status"], "status", lang))
    # Two provenances, never mixed: a record that is reported to exist but drawn where no source puts
    # it says exactly that; a wholly illustrative record keeps the plain warning.
    illustrative = frame["location_provenance"] == "illustrative"
    reported = frame["provenance"] != "illustrative"
    warning = pd.Series([t("popup.reported_illustrative_warning", lang) if i and r
                         else t("popup.illustrative_warning", lang) if i else None
                         for i, r in zip(illustrative, reported, strict=True)], index=frame.index, dtype=object)
    return {
        "ids": frame["id"].astype(object).to_numpy(),
        "tooltip": _present(names_in(frame, lang)),
        "subtitle": _present(subtitle),
        "warning": _present(warning),
        "fields": popup_columns(frame, lang, townships),
    }


def attribute_chunk(columns: dict, rows: slice) -> dict:
    return {
        "ids": columns["ids"][rows].tolist(),
        "tooltip": encode_array(columns["tooltip"][rows]),
        "subtitle": encode_array(columns["subtitle"][rows]),
        "warning": encode_array(columns["warning"][rows]),
        "fields": _encode_fields(columns["fields"], rows),
    }


def point_layer(frame: pd.DataFrame, layer: str, lang: str, basemap: str, townships: dict[str, str],
                publish: Callable[[bytes, str], str]) -> dict:
    """Publish one point layer (all its records, unfiltered) and return its descriptor."""
    frame = frame.reset_index(drop=True)
    lon, lat = crs.to_basemap(basemap)(frame["lon"].to_numpy(float), frame["lat"].to_numpy(float))
    coords = np.empty(2 * len(frame), dtype="<i4")
    coords[0::2] = np.round(np.asarray(lon) * 1e6)
    coords[1::2] = np.round(np.asarray(lat) * 1e6)
    # A style per distinct (layer, segment, capacity, position kind), not per row.
    keys = frame[["layer", "chain_segment", "kind", "capacity_mw", "investment_cny",
                  "location_provenance"]].astype(object)
    key_codes, distinct = pd.factorize(pd.MultiIndex.from_frame(keys))
    key_styles = [marker_style(*key) for key in distinct]
    styles = list(dict.fromkeys(key_styles))
    style_of_key = np.array([styles.index(style) for style in key_styles], dtype=np.uint8)
    columns = {"style": style_of_key[key_codes]}
    for d in RECORD_FILTERS:
        columns[d.column] = _codes(d.values(frame), d.choices, missing=no_value_code(d) if d.optional else None)
    blob = coords.tobytes() + b"".join(columns[name].tobytes() for name in CODE_COLUMNS)
    attributes = attribute_columns(frame, lang, townships)
    attrs = [publish(json.dumps(attribute_chunk(attributes, slice(start, start + CHUNK)),
                                ensure_ascii=False, separators=(",", ":")).encode("utf-8"), "json")
             for start in range(0, len(frame), CHUNK)]
    desc = {
        "name": layer, "n": len(frame), "data": publish(blob, "bin"), "columns": list(CODE_COLUMNS),
        "styles": [style_descriptor(style) for style in styles],
        "attrs": attrs, "chunk": CHUNK,
    }
    if layer in LABELLED_LAYERS and len(frame):
        # Names drawn beside the marks, one per point (None: no label): published with the layer,
        # fetched with its data, so a rerun carries nothing more.
        labels = [short_label(name) for name in names_in(frame, lang)]
        desc["labels"] = publish(json.dumps(labels, ensure_ascii=False, separators=(",", ":")).encode(), "json")
    return desc


def no_value_code(dimension: FilterDimension) -> int:
    """The code of a record with no value for an optional dimension (no chain node)."""
    return len(dimension.choices)


def filter_codes(state: ViewState) -> dict[str, list[int]]:
    """The view's filter as the allowed codes of each record filter's column: the chosen values, and
    every record where the dimension does not apply (geo.filters.filter_mask's rule: a record with no
    chain node passes only while no node filter is set)."""
    codes = {}
    for d in RECORD_FILTERS:
        codes[d.column] = [d.choices.index(v) for v in getattr(state, d.attr)]
        if not d.applies(state):
            codes[d.column].append(no_value_code(d))
    return codes


class LayerCache:
    """Descriptors per (dataset, language, basemap). Holds the dataset it was built from, so an
    identical id() can never be a different dataset; keeps the few most recent combinations."""

    def __init__(self, publish: Callable[[bytes, str], str] | None = None, size: int = 16):
        self._publish = publish
        self.size = size
        self._entries: OrderedDict = OrderedDict()

    @property
    def publish(self) -> Callable[[bytes, str], str]:
        if self._publish is None:  # made on first use: importing must not touch the disk
            self._publish = Publisher()
        return self._publish

    def get(self, dataset, lang: str, basemap: str, build: Callable[[], dict]) -> dict:
        key = (id(dataset), lang, basemap)
        entry = self._entries.get(key)
        if entry is None or entry[0] is not dataset:
            entry = (dataset, build())
            self._entries[key] = entry
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        self._entries.move_to_end(key)
        return entry[1]


def read_published(url: str) -> bytes:
    """The bytes behind a published URL (a data: URL, or a file in the static cache): what the
    browser would fetch. For tests, the benchmark and standalone exports."""
    if url.startswith("data:"):
        return base64.b64decode(url.split(",", 1)[1])
    from geo.map.assets import static_file_path

    return static_file_path(url).read_bytes()


def attributes(desc: dict, read: Callable[[str], bytes] = read_published) -> dict:
    """All attribute chunks of a point layer joined: ids, tooltip, subtitle, warning, fields."""
    chunks = [json.loads(read(url)) for url in desc["attrs"]]
    return {"ids": [i for chunk in chunks for i in chunk["ids"]], "chunks": chunks}
