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
from html import escape

import folium
import numpy as np
from branca.element import Element, Figure, MacroElement
from folium.elements import ElementAddToElement, JSCSSMixin
from folium.map import FitBounds
from jinja2 import Template
from shapely.geometry import box, mapping

from geo import crs
from geo.basemaps import BasemapSettings, resolve_basemap
from geo.data.dataset import Dataset, names_in
from geo.filters import ViewState
from geo.i18n import t
from geo.map.assets import LOCAL_MAP_CSS, LOCAL_MAP_JS, STATIC_URL_PREFIX, use_local_assets
from geo.map.layers import LayerCache, drawn_on_map, filter_codes, point_layer
from geo.map.publish import CACHE_DIR, CACHE_URL, Publisher, bundle

LAYERS_JS_URL = f"{STATIC_URL_PREFIX}/js/qcm-layers.js"
CLOUD_JS_URL = f"{STATIC_URL_PREFIX}/js/qcm-cloud.js"
MAP_CSS_URL = f"{STATIC_URL_PREFIX}/css/qcm-map.css"
BASEMAP_JS_URL = f"{STATIC_URL_PREFIX}/js/qcm-basemap.js"
MARKS_JS_URL = f"{STATIC_URL_PREFIX}/js/qcm-marks.js"
# Every script any layer may need is loaded with the base map: st_folium loads scripts only when
# the iframe mounts, and later layer swaps must find them there.
MAP_JS = [*LOCAL_MAP_JS, ("qcm-layers", LAYERS_JS_URL), ("qcm-marks", MARKS_JS_URL),
          ("qcm-cloud", CLOUD_JS_URL), ("qcm-basemap", BASEMAP_JS_URL)]
MAP_CSS = [*LOCAL_MAP_CSS, ("qcm-map", MAP_CSS_URL)]


def map_scripts() -> list[tuple[str, str]]:
    """What a map loads: MAP_JS as one published file (one request instead of five one after another in
    st_folium's iframe; geo.map.publish.bundle), or the five files where the cache is read-only."""
    url = bundle([url for _, url in MAP_JS])
    return [("qcm-map-js", url)] if url else list(MAP_JS)

MAX_ZOOM = 18
MIN_ZOOM = 7  # the browser raises it to the zoom that shows the whole region (qcm-basemap.js)
REGION_PAD_DEG = 0.25  # the view is held to the county and its context, with this margin
COUNTY_MARGIN_DEG = 1.0  # ... and to this much around the county (~half a 1920 px screen at county zoom)
LABEL_NEAR_DEG = 0.06  # a neighbour is named where it touches the county's box widened by this
TILE_TIMEOUT_MS = 3500  # no tile by then (or a failed first tile): the plain background instead

TIANDITU_URL = (
    "https://t{s}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
    "&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}"
    "&TILECOL={x}&tk={key}"
)
# OpenStreetMap's tile URL as its usage policy names it (no subdomains); tiles are requested with a
# Referer (the policy asks for one), never in bulk: only while a viewer looks at the map
# (https://operations.osmfoundation.org/policies/tiles/).
OSM_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
REFERRER_POLICY = "strict-origin-when-cross-origin"


def tile_layers(provider: str, settings: BasemapSettings, lang: str) -> list[dict]:
    """The tile layers ``provider`` draws (folium.TileLayer keyword arguments), with its credit in
    the UI language; none for the plain background or a provider the deployment has not configured.
    Tile credits are i18n keys (map.attr_*) or the deployment's own text (QCM_TILE_ATTRIBUTION)."""
    common = {"max_zoom": MAX_ZOOM, "referrerPolicy": REFERRER_POLICY}
    if provider == "osm":
        return [{**common, "tiles": OSM_URL, "attr": t("map.attr_osm", lang)}]
    if provider == "gaode" and (url := settings.gaode_tiles()):
        return [{**common, "tiles": url, "attr": t("map.attr_gaode", lang), "subdomains": settings.gaode_subdomains}]
    if provider == "tianditu" and settings.tianditu_key:
        number = settings.tianditu_review_no if lang == "zh" else settings.tianditu_review_no.removesuffix("号")
        credit = t("map.attr_tianditu_review", lang, number=number)
        return [{**common, "tiles": TIANDITU_URL.replace("{layer}", layer).replace("{key}", settings.tianditu_key),
                 "attr": credit, "subdomains": "01234567", "overlay": layer == "cva"} for layer in ("vec", "cva")]
    if provider in ("custom", "custom_gcj02") and settings.tile_url:
        credit = escape(settings.tile_attribution) if settings.tile_attribution else t("map.attr_custom", lang)
        return [{**common, "tiles": settings.tile_url, "attr": credit, "subdomains": settings.tile_subdomains}]
    return []


class _Verbatim(Element):
    """A macro's rendered output, kept as text. branca wraps each output in ``Element(text)``, which
    compiles the text as a Jinja template: for a layer, kilobytes of JSON compiled on every rerun (a
    sixth of a filter change's server CPU, bench/profile_rerun.py), though st_folium never renders it.
    Rendered, it gives what the compiled template gives (Jinja drops one trailing newline), and a
    ``{{`` or ``{%`` in the data stays text."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text.removesuffix("\n")

    def render(self, **kwargs) -> str:
        return self.text


class _VerbatimMacro(MacroElement):
    """MacroElement whose header, html and script outputs go to the figure as :class:`_Verbatim`."""

    def render(self, **kwargs):
        figure = self.get_root()
        assert isinstance(figure, Figure), "You cannot render this Element if it is not in a Figure."
        macros = self._template.module.__dict__
        for part, target in (("header", figure.header), ("html", figure.html), ("script", figure.script)):
            if macros.get(part) is not None:
                target.add_child(_Verbatim(macros[part](self, kwargs)), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)


class _Map(folium.Map, _VerbatimMacro):
    """folium's Map, its script kept as text (:class:`_Verbatim`)."""


class _TileLayer(folium.TileLayer, _VerbatimMacro):
    """folium's TileLayer, its script kept as text."""


class _FitBounds(FitBounds, _VerbatimMacro):
    """folium's FitBounds, its script kept as text."""


class _AddTo(ElementAddToElement, _VerbatimMacro):
    """folium's "layer.addTo(map)", kept as text."""


class _PayloadLayer(JSCSSMixin, _VerbatimMacro):
    """A layer drawn in the browser by one call to a qcm-layers.js function with a JSON payload."""

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

    @property
    def default_js(self) -> list[tuple[str, str]]:  # the base map's scripts, never loaded twice
        return map_scripts()


class CloudLayer(_PayloadLayer):
    js_function = "qcmCloudLayer"


class PolygonLayer(_PayloadLayer):
    js_function = "qcmPolygonLayer"


class Highlight(_PayloadLayer):
    """The selected record's ring; the map (the group's parent) pans to it only if it is off screen."""

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


class MapSetup(_VerbatimMacro):
    """The map's behaviour (static/js/qcm-basemap.js): the view held to the region, the wheel zooming
    only once the map is focused or with Ctrl, a metric scale, credits without Leaflet's flag, and
    online tiles that fall back to the plain background (saying so on the map) when they do not load."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        qcmSetup({{ this._parent.get_name() }}, {{ this.options|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, options: dict):
        super().__init__()
        self._name = "MapSetup"
        self.options = options


def map_region(dataset: Dataset) -> tuple[float, float, float, float]:
    """WGS-84 (minx, miny, maxx, maxy) where the view may go: Dezhou's counties (the context), and the
    county with room around it, so a wide screen (presentation mode, 1920 px at county zoom) can
    still centre anything in the county though Qingyun is at Dezhou's north-eastern edge."""
    minx, miny, maxx, maxy = dataset.county.total_bounds
    boxes = [(minx - COUNTY_MARGIN_DEG, miny - COUNTY_MARGIN_DEG, maxx + COUNTY_MARGIN_DEG, maxy + COUNTY_MARGIN_DEG)]
    if len(getattr(dataset, "context", ())):
        boxes.append(dataset.context.total_bounds)
    stacked = np.array(boxes, dtype=float)
    return (float(stacked[:, 0].min()), float(stacked[:, 1].min()),
            float(stacked[:, 2].max()), float(stacked[:, 3].max()))


def _display_box(bounds, to_display, pad: float = 0.0) -> list[list[float]]:
    """[[south, west], [north, east]] of WGS-84 (minx, miny, maxx, maxy), in the basemap's coordinates."""
    (west, east), (south, north) = to_display(np.array([bounds[0] - pad, bounds[2] + pad]),
                                              np.array([bounds[1] - pad, bounds[3] + pad]))
    return [[float(south), float(west)], [float(north), float(east)]]


def build_base_map(
    bounds: tuple[float, float, float, float],
    basemap: str,
    lang: str,
    settings: BasemapSettings | None = None,
    region: tuple[float, float, float, float] | None = None,
    key_room: float = 0.0,
) -> folium.Map:
    """The part of the map that stays put while filters change. ``bounds`` (the county) and
    ``region`` (where the view may go; default: the county) are WGS-84 (minx, miny, maxx, maxy);
    ``settings`` are the deployment's online basemaps (geo.basemaps: what "auto" draws); ``key_room`` is
    the share of the map's width, on its right, that a key laid over the map takes (the big screen's):
    the county is fitted into the rest."""
    settings = settings or BasemapSettings()
    basemap = resolve_basemap(basemap, settings)
    to_display = crs.to_basemap(basemap)
    (south, west), (north, east) = _display_box(bounds, to_display)
    m = _Map(
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=11,
        tiles=None,
        max_zoom=MAX_ZOOM,
        min_zoom=MIN_ZOOM,
        control_scale=False,  # ours is metric only (qcm-basemap.js)
        zoom_snap=0.25,
    )
    use_local_assets(m)
    m.default_js = map_scripts()
    m.default_css = list(MAP_CSS)
    m.options["max_zoom"] = MAX_ZOOM  # Leaflet needs it when there is no tile layer
    credits = [t("map.attribution", lang)]
    tiles = tile_layers(basemap, settings, lang)
    for options in tiles:
        _TileLayer(**options).add_to(m)
    online = bool(tiles)
    setup = {
        "online": online,
        "credits": credits,
        "region": _display_box(region or bounds, to_display, REGION_PAD_DEG),
        "home": [[south, west], [north, east]],  # the county: the view fit_bounds asks for below
        "tileTimeoutMs": TILE_TIMEOUT_MS,
        "offlineNotice": t("map.basemap_offline", lang),
        "wheelHint": t("map.wheel_hint", lang),
    }
    if key_room:
        setup["keyRoom"] = key_room
    MapSetup(setup).add_to(m)
    m.add_child(_FitBounds([[south, west], [north, east]]))  # what m.fit_bounds adds
    return m


def polygon_layer(frame, layer: str, lang: str, basemap: str, style: dict, publish,
                  subtitle: str | None = None, labelled: frozenset[str] = frozenset(), label_near=None) -> dict:
    """Publish outlines as GeoJSON (in the basemap's coordinates) and return their descriptor.
    Features whose id is in ``labelled`` carry a label point (``label``: [lat, lon], inside the
    outline, on its part inside ``label_near`` if any): the plain background names them (Dezhou's
    counties around Qingyun)."""
    to_display = crs.to_basemap(basemap)
    features = []
    ids = frame["id"].astype(str) if "id" in frame else [""] * len(frame)
    for geometry, name, fid in zip(frame.geometry, names_in(frame, lang), ids, strict=True):
        properties = {"name": name}
        if fid in labelled:
            # Inside the outline, on the part nearest the county when it is near (in view at county zoom).
            near = geometry.intersection(label_near) if label_near is not None else None
            point = (near if near is not None and not near.is_empty else geometry).representative_point()
            lon, lat = to_display(point.x, point.y)
            properties["label"] = [round(float(lat), 6), round(float(lon), 6)]
        features.append({"type": "Feature", "properties": properties,
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


BOUNDARY_STYLE = {"color": "#1b4f72", "weight": 2.5, "fill": True, "fillColor": "#ffffff", "fillOpacity": 0.25}
CONTEXT_STYLE = {"color": "#9aa8b2", "weight": 1, "dashArray": "4 3", "fill": False}
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
_SCOPED: dict[str, LayerCache] = {}


def layer_cache(scope: str) -> LayerCache:
    """The layer cache that publishes under ``static/cache/<scope>/``: one scope per data store, so
    that pruning what one store no longer uses never touches another's files (geo/map/prune.py)."""
    cache = _SCOPED.get(scope)
    if cache is None:
        cache = _SCOPED[scope] = LayerCache(Publisher(CACHE_DIR / scope, f"{CACHE_URL}/{scope}"))
    return cache


def published_layers(dataset: Dataset, lang: str, basemap: str, publish) -> dict[str, dict]:
    """Every layer of the dataset, unfiltered, published for one language and basemap."""
    townships = dataset.township_names(lang)
    park_subtitle = t("legend.park", lang)
    layers = {
        "context": polygon_layer(dataset.context, "context", lang, basemap, CONTEXT_STYLE, publish,
                                 labelled=frozenset(dataset.context["id"].astype(str))
                                 - frozenset(dataset.county.get("id", ()).astype(str)),
                                 label_near=box(*dataset.county.total_bounds).buffer(LABEL_NEAR_DEG)),
        "boundary": polygon_layer(dataset.county, "boundary", lang, basemap, BOUNDARY_STYLE, publish),
        "park": polygon_layer(dataset.park, "park", lang, basemap, PARK_STYLE, publish, park_subtitle),
    }
    if len(getattr(dataset, "park_plots", ())):
        layers["park_plots"] = polygon_layer(dataset.park_plots, "park_plots", lang, basemap,
                                             PARK_PLOT_STYLE, publish, park_subtitle)
    for layer in ("pv_rooftop", "pv_utility", "wind_farm", "chain"):
        frame = drawn_on_map(dataset.records[dataset.records["layer"] == layer])
        layers[layer] = point_layer(frame, layer, lang, basemap, townships, publish)
    return layers


def layer_payloads(dataset: Dataset, state: ViewState, park_plots: bool = False,
                   cache: LayerCache | None = None, highlights: tuple[str, ...] = (),
                   fly: bool = True, settings: BasemapSettings | None = None) -> dict[str, dict]:
    """What each layer of this view needs in the browser, in drawing order: the published
    layer's descriptor and, for point layers, the filter as allowed codes.

    ``park_plots`` adds the (illustrative) plots inside the park outline, when the park layer is on;
    the lists page draws them, the map page keeps its layers as they are. ``highlights`` rings
    further records (a tour step's); ``fly=False`` keeps the map where it is put (a tour step's or a
    link's position) instead of panning to the selected record when it is off screen. The map never
    zooms to a selection by itself. ``settings`` decide what "auto" draws (geo.basemaps.resolve_basemap)."""
    cache = cache or LAYER_CACHE
    basemap = resolve_basemap(state.basemap, settings)
    published = cache.get(dataset, state.lang, basemap,
                          lambda: published_layers(dataset, state.lang, basemap, cache.publish))
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
        lon, lat = crs.to_basemap(basemap)(*position)
        payloads["highlight"] = {"id": state.selected, "lon": float(lon), "lat": float(lat)}
        if not fly:
            payloads["highlight"]["fly"] = False
    rings = []
    for record_id in dict.fromkeys(highlights):
        if record_id != state.selected and (position := selected_lonlat(dataset, record_id)) is not None:
            lon, lat = crs.to_basemap(basemap)(*position)
            rings.append({"id": record_id, "lon": float(lon), "lat": float(lat)})
    if rings:
        payloads["rings"] = {"name": "rings", "points": rings}
    return payloads


_ELEMENTS = {"context": PolygonLayer, "boundary": PolygonLayer, "park": PolygonLayer,
             "park_plots": PolygonLayer, "pv_rooftop": CloudLayer, "pv_utility": CloudLayer,
             "wind_farm": CloudLayer, "chain": CloudLayer, "highlight": Highlight, "rings": Rings}


class _FeatureGroup(folium.FeatureGroup, _VerbatimMacro):
    """folium's FeatureGroup, its script and its "addTo" kept as text (:class:`_Verbatim`)."""

    def render(self, **kwargs):
        # What folium.map.Layer.render does, with the verbatim addTo (under the same child name).
        if self.show:
            self.add_child(_AddTo(self.get_name(), self._parent.get_name()), name=self.get_name() + "_add")
        super(folium.map.Layer, self).render(**kwargs)


def feature_groups(payloads: dict[str, dict]) -> list[folium.FeatureGroup]:
    """One feature group per layer, in drawing order, for st_folium's feature_group_to_add."""
    groups = []
    for name, payload in payloads.items():
        group = _FeatureGroup(name=name, control=False)
        _ELEMENTS[name](payload).add_to(group)
        groups.append(group)
    return groups


def build_map(dataset: Dataset, state: ViewState, settings: BasemapSettings | None = None,
              cache: LayerCache | None = None, highlights: tuple[str, ...] = (),
              fly: bool = True) -> folium.Map:
    """The whole map as one folium object: for exports and tests without st_folium. With
    ``LayerCache(Publisher(None))`` the data is inlined (data: URLs), for a standalone file."""
    m = build_base_map(tuple(dataset.county.total_bounds), state.basemap, state.lang, settings,
                       region=map_region(dataset))
    for group in feature_groups(layer_payloads(dataset, state, cache=cache, highlights=highlights, fly=fly,
                                               settings=settings)):
        group.add_to(m)
    return m
