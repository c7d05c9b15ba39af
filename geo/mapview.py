"""Build the folium map: a stable base map (basemap, view) and the data layers as feature groups.

The split follows how st_folium updates a map: the base map's script keys the iframe, so it must not
change when a filter does; the layers are passed as ``feature_group_to_add`` and swapped inside
the live iframe. Each layer is one compact payload drawn by static/js/qcm-layers.js, not one folium
object per point. Coordinates are WGS-84 throughout and converted for the basemap here, at the edge.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import folium
import numpy as np
import pandas as pd
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template
from shapely.geometry import mapping

from geo import crs
from geo.assets import LOCAL_MAP_CSS, LOCAL_MAP_JS, STATIC_URL_PREFIX, use_local_assets
from geo.dataset import Dataset
from geo.filters import ViewState, visible_records
from geo.i18n import t
from geo.model import SEGMENT_COLORS

LAYERS_JS_URL = f"{STATIC_URL_PREFIX}/js/qcm-layers.js"
MAP_CSS_URL = f"{STATIC_URL_PREFIX}/css/qcm-map.css"
HEAT_JS_URL = f"{STATIC_URL_PREFIX}/vendor/leaflet-heat/leaflet-heat.js"
# Every script any layer may need is loaded with the base map: st_folium loads scripts only when
# the iframe mounts, and later layer swaps must find them there.
MAP_JS = [*LOCAL_MAP_JS, ("leaflet-heat", HEAT_JS_URL), ("qcm-layers", LAYERS_JS_URL)]
MAP_CSS = [*LOCAL_MAP_CSS, ("qcm-map", MAP_CSS_URL)]

MAX_ZOOM = 18
COORD_DECIMALS = 5  # ~1 m: finer than any source position, and fewer bytes

TIANDITU_URL = (
    "https://t{s}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
    "&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}"
    "&TILECOL={x}&tk={key}"
)
TILE_SOURCES: dict[str, dict] = {
    "osm": {"tiles": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            "attr": "© OpenStreetMap contributors", "subdomains": "abc"},
    "gaode": {"tiles": "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1"
                       "&style=8&x={x}&y={y}&z={z}",
              "attr": "© 高德地图 AutoNavi", "subdomains": "1234"},
}


def display_transform(basemap: str) -> Callable:
    """WGS-84 -> the coordinates the basemap's tiles use (only Gaode differs: GCJ-02)."""
    return crs.wgs84_to_gcj02 if basemap == "gaode" else (lambda lon, lat: (lon, lat))


class _PayloadLayer(JSCSSMixin, MacroElement):
    """A layer drawn in the browser by one call to a qcm-layers.js function with a JSON payload."""

    default_js = MAP_JS
    default_css = MAP_CSS
    js_function = ""
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = {{ this.js_function }}(
            {{ this.payload|tojson }}, {{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, payload: dict):
        super().__init__()
        self._name = type(self).__name__
        self.payload = payload


class PointLayer(_PayloadLayer):
    js_function = "qcmPointLayer"


class HeatLayer(_PayloadLayer):
    js_function = "qcmHeatLayer"


class PolygonLayer(_PayloadLayer):
    js_function = "qcmPolygonLayer"


class Highlight(_PayloadLayer):
    js_function = "qcmHighlight"


class MapSetup(MacroElement):
    """Plain background for the tile-less basemap, and the data credits in the corner."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {% if this.plain %}{{ this._parent.get_name() }}.getContainer().classList.add("qcm-plain");{% endif %}
        qcmAttribution({{ this._parent.get_name() }}, {{ this.credits|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, plain: bool, credits: str):
        super().__init__()
        self._name = "MapSetup"
        self.plain = plain
        self.credits = credits


def build_base_map(
    bounds: tuple[float, float, float, float],
    basemap: str,
    lang: str,
    tianditu_key: str | None = None,
) -> folium.Map:
    """The part of the map that stays put while filters change. ``bounds`` is WGS-84
    (minx, miny, maxx, maxy)."""
    to_display = display_transform(basemap)
    (west, east), (south, north) = (
        to_display(np.array([bounds[0], bounds[2]]), np.array([bounds[1], bounds[3]]))
    )
    m = folium.Map(
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=11,
        tiles=None,
        max_zoom=MAX_ZOOM,
        control_scale=True,
        zoom_snap=0.25,
    )
    use_local_assets(m)
    m.default_js = list(MAP_JS)
    m.default_css = list(MAP_CSS)
    m.options["max_zoom"] = MAX_ZOOM  # clusters and heat need it when there is no tile layer
    if basemap in TILE_SOURCES:
        folium.TileLayer(max_zoom=MAX_ZOOM, **TILE_SOURCES[basemap]).add_to(m)
    elif basemap == "tianditu" and tianditu_key:
        for layer in ("vec", "cva"):
            folium.TileLayer(
                tiles=TIANDITU_URL.replace("{layer}", layer).replace("{key}", tianditu_key),
                attr="© 天地图 Tianditu", subdomains="01234567", max_zoom=MAX_ZOOM,
                overlay=layer == "cva",
            ).add_to(m)
    plain = basemap == "none" or (basemap == "tianditu" and not tianditu_key)
    MapSetup(plain=plain, credits=t("map.attribution", lang)).add_to(m)
    m.fit_bounds([[float(south), float(west)], [float(north), float(east)]])
    return m


def encode_column(values) -> dict:
    """Dictionary-encode a column for the browser: distinct values once, one small int per row."""
    codes, uniques = pd.factorize(pd.Series(list(values), dtype=object), use_na_sentinel=True)
    return {"dict": [str(u) for u in uniques], "codes": codes.tolist()}


def _style_codes(styles: list[tuple]) -> tuple[list[tuple], list[int]]:
    distinct = list(dict.fromkeys(styles))
    index = {style: i for i, style in enumerate(distinct)}
    return distinct, [index[s] for s in styles]


def _flat_lonlat(frame: pd.DataFrame, to_display: Callable) -> list[float]:
    lon, lat = to_display(frame["lon"].to_numpy(float), frame["lat"].to_numpy(float))
    return np.round(np.column_stack([lon, lat]), COORD_DECIMALS).ravel().tolist()


def format_number(value, decimals: int = 0) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return f"{value:,.{decimals}f}"


def yuan_to_100m(value) -> str | None:
    """Yuan -> 亿元 (100 million yuan), the unit county reports use."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return f"{value / 1e8:,.1f}".removesuffix(".0")


def record_name(frame: pd.DataFrame, lang: str) -> pd.Series:
    return frame["name_en"] if lang == "en" else frame["name_zh"]


def popup_fields(frame: pd.DataFrame, lang: str, townships: dict[str, str]) -> list[dict]:
    """The popup's rows, in order, each a dictionary-encoded column with a translated label."""
    def vocab(prefix, column):
        return [t(f"{prefix}.{v}", lang) if isinstance(v, str) else None for v in frame[column]]

    def optional_number(column, decimals=0):
        return [format_number(v, decimals) if pd.notna(v) else None for v in frame[column]]

    operator = frame["operator_en"] if lang == "en" else frame["operator_zh"]
    note = frame["note_en"] if lang == "en" else frame["note_zh"]
    capacity = [format_number(v, 1).removesuffix(".0") if pd.notna(v) else
                (t("value.not_reported", lang) if layer in ("wind_farm", "pv_utility", "pv_rooftop")
                 else None)
                for v, layer in zip(frame["capacity_mw"], frame["layer"], strict=True)]
    township = [townships.get(code, t("township.unknown", lang)) if isinstance(code, str)
                else t("township.unknown", lang) for code in frame["township_code"]]
    columns = [
        ("field.id", frame["id"].tolist()),
        ("field.kind", vocab("kind", "kind")),
        ("field.chain_segment", vocab("segment", "chain_segment")),
        ("field.status", vocab("status", "status")),
        ("field.operator", operator.tolist()),
        ("field.capacity_mw", capacity),
        ("field.cells_per_day", optional_number("cells_per_day")),
        ("field.cell_ah", optional_number("cell_ah", 1)),
        ("field.cell_format", frame["cell_format"].tolist()),
        ("field.investment_cny", [yuan_to_100m(v) for v in frame["investment_cny"]]),
        ("field.output_value_cny_per_year",
         [yuan_to_100m(v) for v in frame["output_value_cny_per_year"]]),
        ("field.start_year", [str(int(v)) if pd.notna(v) else None for v in frame["start_year"]]),
        ("field.settled_year", [str(int(v)) if pd.notna(v) else None for v in frame["settled_year"]]),
        ("field.township", township),
        ("field.location_provenance", vocab("location", "location_provenance")),
        ("field.provenance", vocab("provenance", "provenance")),
        ("field.source", frame["source"].str.replace(";", ", ").tolist()),
        ("field.note", note.tolist()),
    ]
    fields = []
    for key, values in columns:
        column = encode_column([v if v not in ("", None) else None for v in values])
        if column["dict"]:  # skip fields no record in this layer has
            fields.append({"label": t(key, lang), **column})
    return fields


def _marker_style(row) -> tuple:
    hollow = row.location_provenance == "illustrative"
    if row.layer == "wind_farm":
        radius = 7 + 1.1 * math.sqrt(row.capacity_mw) if pd.notna(row.capacity_mw) else 8
        return (SEGMENT_COLORS["green_power"], round(radius, 1), hollow)
    if row.layer == "pv_utility":
        radius = 6 + 0.9 * math.sqrt(row.capacity_mw) if pd.notna(row.capacity_mw) else 7
        return ("#F2B701", round(radius, 1), hollow)
    return (SEGMENT_COLORS[row.chain_segment], 10, hollow)


def point_payload(frame: pd.DataFrame, layer: str, lang: str, basemap: str,
                  townships: dict[str, str]) -> dict:
    to_display = display_transform(basemap)
    styles, style_codes = _style_codes([_marker_style(row) for row in frame.itertuples()])
    subtitle = [
        f"{t('segment.' + seg, lang)} · {t('status.' + st, lang)}"
        for seg, st in zip(frame["chain_segment"], frame["status"], strict=True)
    ]
    warning = [t("popup.illustrative_warning", lang) if lp == "illustrative" else None
               for lp in frame["location_provenance"]]
    return {
        "name": layer,
        "ids": frame["id"].tolist(),
        "lonlat": _flat_lonlat(frame, to_display),
        "styles": [{"color": c, "radius": r, "hollow": h} for c, r, h in styles],
        "style_codes": style_codes,
        "tooltip": encode_column(record_name(frame, lang)),
        "subtitle": encode_column(subtitle),
        "warning": encode_column(warning),
        "fields": popup_fields(frame, lang, townships),
    }


def heat_payload(frame: pd.DataFrame, layer: str, basemap: str) -> dict:
    return {
        "name": layer,
        "ids": frame["id"].tolist(),
        "lonlat": _flat_lonlat(frame, display_transform(basemap)),
        # Positions are illustrative and uniform: a light wash, not a hot spot map.
        "options": {"radius": 12, "blur": 16, "max": 6.0, "minOpacity": 0.08, "maxZoom": 12,
                    "gradient": {"0.2": "#fff5c2", "0.5": "#ffe08a", "0.8": "#ffc24d",
                                 "1.0": "#f4a000"}},
    }


def polygon_payload(frame, layer: str, lang: str, basemap: str, style: dict,
                    subtitle: str | None = None) -> dict:
    to_display = display_transform(basemap)
    name_column = "name_en" if lang == "en" and "name_en" in frame.columns else "name_zh"
    features = []
    for row in frame.itertuples():
        geometry = crs.transform_geometry(row.geometry, to_display)
        features.append({"type": "Feature", "properties": {"name": getattr(row, name_column)},
                         "geometry": mapping(geometry)})
    return {
        "name": layer,
        "geojson": {"type": "FeatureCollection", "features": features},
        "style": style,
        "tooltip_field": "name",
        "subtitle": subtitle,
    }


BOUNDARY_STYLE = {"color": "#1b4f72", "weight": 3, "fill": True, "fillOpacity": 0.03}
CONTEXT_STYLE = {"color": "#8a9aa6", "weight": 1, "dashArray": "3 3", "fill": False}
PARK_STYLE = {"color": "#555555", "weight": 2.5, "dashArray": "6 4", "fillColor": "#999999",
              "fillOpacity": 0.15}
PARK_PLOT_STYLE = {"color": "#777777", "weight": 1, "dashArray": "2 3", "fill": True, "fillOpacity": 0.0}


def selected_lonlat(dataset: Dataset, selected: str | None) -> tuple[float, float] | None:
    """WGS-84 position of the selected record, or of the selected park plot (a point inside it)."""
    if not selected:
        return None
    match = dataset.records[dataset.records["id"] == selected]
    if len(match):
        return float(match["lon"].iloc[0]), float(match["lat"].iloc[0])
    plots = getattr(dataset, "park_plots", None)
    if plots is not None and len(plot := plots[plots["id"] == selected]):
        point = plot.geometry.iloc[0].representative_point()
        return float(point.x), float(point.y)
    return None


def layer_payloads(dataset: Dataset, state: ViewState, park_plots: bool = False) -> dict[str, dict]:
    """Everything the layers need, as plain data (cacheable, and testable without a browser).

    ``park_plots`` adds the (illustrative) plots inside the park outline, when the park layer is on;
    the lists page draws them, the map page keeps its layers as they are."""
    lang, basemap = state.lang, state.basemap
    townships = dict(zip(dataset.townships["code"],
                         dataset.townships["name_en" if lang == "en" else "name_zh"], strict=True))
    records = visible_records(dataset.records, state)
    payloads: dict[str, dict] = {}
    if "boundary" in state.layers:
        payloads["context"] = polygon_payload(dataset.context, "context", lang, basemap,
                                              CONTEXT_STYLE)
        payloads["boundary"] = polygon_payload(dataset.county, "boundary", lang, basemap,
                                               BOUNDARY_STYLE)
    if "park" in state.layers:
        payloads["park"] = polygon_payload(dataset.park, "park", lang, basemap, PARK_STYLE,
                                           subtitle=t("legend.park", lang))
        if park_plots and len(getattr(dataset, "park_plots", ())):
            payloads["park_plots"] = polygon_payload(dataset.park_plots, "park_plots", lang, basemap,
                                                     PARK_PLOT_STYLE, subtitle=t("legend.park", lang))
    for layer in ("pv_rooftop", "pv_utility", "wind_farm", "chain"):
        frame = records[records["layer"] == layer]
        if layer not in state.layers:
            continue
        if layer == "pv_rooftop":
            payloads[layer] = heat_payload(frame, layer, basemap)
        else:
            payloads[layer] = point_payload(frame, layer, lang, basemap, townships)
    if (position := selected_lonlat(dataset, state.selected)) is not None:
        lon, lat = display_transform(basemap)(*position)
        payloads["highlight"] = {"id": state.selected, "lon": lon, "lat": lat}
    return payloads


_ELEMENTS = {"context": PolygonLayer, "boundary": PolygonLayer, "park": PolygonLayer, "park_plots": PolygonLayer,
             "pv_rooftop": HeatLayer, "pv_utility": PointLayer, "wind_farm": PointLayer,
             "chain": PointLayer, "highlight": Highlight}


def feature_groups(payloads: dict[str, dict]) -> list[folium.FeatureGroup]:
    """One feature group per layer, in drawing order, for st_folium's feature_group_to_add."""
    groups = []
    for name, payload in payloads.items():
        group = folium.FeatureGroup(name=name, control=False)
        _ELEMENTS[name](payload).add_to(group)
        groups.append(group)
    return groups


def build_map(dataset: Dataset, state: ViewState, tianditu_key: str | None = None) -> folium.Map:
    """The whole map as one folium object: for exports and tests without st_folium."""
    m = build_base_map(tuple(dataset.county.total_bounds), state.basemap, state.lang, tianditu_key)
    for group in feature_groups(layer_payloads(dataset, state)):
        group.add_to(m)
    return m
