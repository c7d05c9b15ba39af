"""Build the folium map: a stable base map (basemap, view) and the data layers as feature groups.

The split follows how st_folium updates a map: the base map's script keys the iframe, so it must not
change when a filter does; the layers are passed as ``feature_group_to_add`` and swapped inside
the live iframe. Each point layer is published once as compact static files (geo/map/layers.py) and
drawn by static/js/qcm-cloud.js; what travels with a rerun is a small descriptor plus the filter,
which the browser applies. Coordinates are WGS-84 throughout and converted for the basemap at the
edge (geo.crs.to_basemap).
"""

from __future__ import annotations

import json

import folium
import numpy as np
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template
from shapely.geometry import mapping

from geo import crs
from geo.data.dataset import Dataset, names_in
from geo.filters import ViewState
from geo.i18n import t
from geo.map.assets import LOCAL_MAP_CSS, LOCAL_MAP_JS, STATIC_URL_PREFIX, use_local_assets
from geo.map.layers import (
    HEAT_OPTIONS,
    LayerCache,
    filter_codes,
    point_layer,
)

LAYERS_JS_URL = f"{STATIC_URL_PREFIX}/js/qcm-layers.js"
CLOUD_JS_URL = f"{STATIC_URL_PREFIX}/js/qcm-cloud.js"
MAP_CSS_URL = f"{STATIC_URL_PREFIX}/css/qcm-map.css"
HEAT_JS_URL = f"{STATIC_URL_PREFIX}/vendor/leaflet-heat/leaflet-heat.js"
# Every script any layer may need is loaded with the base map: st_folium loads scripts only when
# the iframe mounts, and later layer swaps must find them there.
MAP_JS = [*LOCAL_MAP_JS, ("leaflet-heat", HEAT_JS_URL), ("qcm-layers", LAYERS_JS_URL),
          ("qcm-cloud", CLOUD_JS_URL)]
MAP_CSS = [*LOCAL_MAP_CSS, ("qcm-map", MAP_CSS_URL)]

MAX_ZOOM = 18
SELECTED_ZOOM = 14

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


class CloudLayer(_PayloadLayer):
    js_function = "qcmCloudLayer"


class HeatLayer(_PayloadLayer):
    js_function = "qcmHeatCloud"


class PolygonLayer(_PayloadLayer):
    js_function = "qcmPolygonLayer"


class Highlight(_PayloadLayer):
    """The selected record's ring; the map (the group's parent) flies to it."""

    js_function = "qcmHighlight"
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = qcmHighlight({{ this.payload|tojson }}, {{ this._parent.get_name() }},
            {{ this._parent._parent.get_name() }});
        {% endmacro %}
        """
    )


class Rings(_PayloadLayer):
    """Rings around further highlighted records (a tour step's), without moving the map."""

    js_function = "qcmRings"


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
    to_display = crs.to_basemap(basemap)
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


def polygon_layer(frame, layer: str, lang: str, basemap: str, style: dict, publish,
                  subtitle: str | None = None) -> dict:
    """Publish outlines as GeoJSON (in the basemap's coordinates) and return their descriptor."""
    to_display = crs.to_basemap(basemap)
    features = []
    for geometry, name in zip(frame.geometry, names_in(frame, lang), strict=True):
        features.append({"type": "Feature", "properties": {"name": name},
                         "geometry": mapping(crs.transform_geometry(geometry, to_display))})
    collection = {"type": "FeatureCollection", "features": features}
    return {
        "name": layer,
        "url": publish(json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode(), "json"),
        "n": len(features),
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


LAYER_CACHE = LayerCache()


def _published_layers(dataset: Dataset, lang: str, basemap: str, publish) -> dict[str, dict]:
    """Every layer of the dataset, unfiltered, published for one language and basemap."""
    townships = dataset.township_names(lang)
    park_subtitle = t("legend.park", lang)
    layers = {
        "context": polygon_layer(dataset.context, "context", lang, basemap, CONTEXT_STYLE, publish),
        "boundary": polygon_layer(dataset.county, "boundary", lang, basemap, BOUNDARY_STYLE, publish),
        "park": polygon_layer(dataset.park, "park", lang, basemap, PARK_STYLE, publish, park_subtitle),
    }
    if len(getattr(dataset, "park_plots", ())):
        layers["park_plots"] = polygon_layer(dataset.park_plots, "park_plots", lang, basemap,
                                             PARK_PLOT_STYLE, publish, park_subtitle)
    for layer in ("pv_rooftop", "pv_utility", "wind_farm", "chain"):
        frame = dataset.records[dataset.records["layer"] == layer]
        layers[layer] = point_layer(frame, layer, lang, basemap, townships, publish)
        if layer == "pv_rooftop":
            layers[layer]["options"] = HEAT_OPTIONS
    return layers


def layer_payloads(dataset: Dataset, state: ViewState, park_plots: bool = False,
                   cache: LayerCache | None = None, highlights: tuple[str, ...] = (),
                   fly: bool = True) -> dict[str, dict]:
    """What each layer of this view needs in the browser, in drawing order: the published
    layer's descriptor and, for point layers, the filter as allowed codes.

    ``park_plots`` adds the (illustrative) plots inside the park outline, when the park layer is on;
    the lists page draws them, the map page keeps its layers as they are. ``highlights`` rings
    further records (a tour step's); ``fly=False`` keeps the map where it is put (a tour step's or a
    link's position) instead of flying to the selected record."""
    cache = cache or LAYER_CACHE
    published = cache.get(dataset, state.lang, state.basemap,
                          lambda: _published_layers(dataset, state.lang, state.basemap, cache.publish))
    wanted = []
    if "boundary" in state.layers:
        wanted += ["context", "boundary"]
    if "park" in state.layers:
        wanted += ["park"] + (["park_plots"] if park_plots and "park_plots" in published else [])
    wanted += [layer for layer in ("pv_rooftop", "pv_utility", "wind_farm", "chain") if layer in state.layers]
    codes = filter_codes(state)
    payloads: dict[str, dict] = {}
    for name in wanted:
        desc = published[name]
        payloads[name] = {"desc": desc, "filter": codes} if "data" in desc else desc
    if (position := selected_lonlat(dataset, state.selected)) is not None:
        lon, lat = crs.to_basemap(state.basemap)(*position)
        payloads["highlight"] = {"id": state.selected, "lon": float(lon), "lat": float(lat),
                                 "zoom": SELECTED_ZOOM}
        if not fly:
            payloads["highlight"]["fly"] = False
    rings = []
    for record_id in dict.fromkeys(highlights):
        if record_id != state.selected and (position := selected_lonlat(dataset, record_id)) is not None:
            lon, lat = crs.to_basemap(state.basemap)(*position)
            rings.append({"id": record_id, "lon": float(lon), "lat": float(lat)})
    if rings:
        payloads["rings"] = {"name": "rings", "points": rings}
    return payloads


_ELEMENTS = {"context": PolygonLayer, "boundary": PolygonLayer, "park": PolygonLayer,
             "park_plots": PolygonLayer, "pv_rooftop": HeatLayer, "pv_utility": CloudLayer,
             "wind_farm": CloudLayer, "chain": CloudLayer, "highlight": Highlight, "rings": Rings}


def feature_groups(payloads: dict[str, dict]) -> list[folium.FeatureGroup]:
    """One feature group per layer, in drawing order, for st_folium's feature_group_to_add."""
    groups = []
    for name, payload in payloads.items():
        group = folium.FeatureGroup(name=name, control=False)
        _ELEMENTS[name](payload).add_to(group)
        groups.append(group)
    return groups


def build_map(dataset: Dataset, state: ViewState, tianditu_key: str | None = None,
              cache: LayerCache | None = None, highlights: tuple[str, ...] = (),
              fly: bool = True) -> folium.Map:
    """The whole map as one folium object: for exports and tests without st_folium. With
    ``LayerCache(Publisher(None))`` the data is inlined (data: URLs), for a standalone file."""
    m = build_base_map(tuple(dataset.county.total_bounds), state.basemap, state.lang, tianditu_key)
    for group in feature_groups(layer_payloads(dataset, state, cache=cache, highlights=highlights, fly=fly)):
        group.add_to(m)
    return m
