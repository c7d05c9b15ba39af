"""The import page's small map (issue 12, point 4): a file's positions drawn under each of the three
coordinate systems, in three colours, with the stored records some rows matched and the county
outline, so that an editor can see which reading puts the rows where they belong.

Works offline: the outline and the points are drawn as vector layers on the plain background; tiles
only when the deployment has a basemap (geo.basemaps.resolve_basemap), drawn in its own system.
Pure: folium only, no streamlit (ui/importcrs.py shows it).
"""

from __future__ import annotations

from html import escape

import folium
import shapely
from shapely.geometry import mapping

from geo import crs
from geo.basemaps import BasemapSettings, resolve_basemap
from geo.crs import CRS_NAMES, to_wgs84
from geo.i18n import t
from geo.importing.crsevidence import CrsEvidence
from geo.map.build import build_base_map

__all__ = ["COLOURS", "SHORT_NAMES", "crs_compare_map"]

COLOURS = {"wgs84": "#1d4ed8", "gcj02": "#ea580c", "bd09": "#9333ea"}
SHORT_NAMES = {"wgs84": "WGS-84", "gcj02": "GCJ-02", "bd09": "BD-09"}  # codes, the same in every language
STORED_COLOUR = "#111827"
PAD_DEG = 0.01  # around the drawn points (about 1 km)
MAX_FIT_ZOOM = 15

_LEGEND = """<div class="qcm-crs-legend" style="position:absolute;z-index:1000;right:8px;top:8px;
background:rgba(255,255,255,.92);padding:4px 8px;border-radius:4px;font:12px/1.5 sans-serif;
box-shadow:0 1px 3px rgba(0,0,0,.3)">{items}</div>"""
_ITEM = ('<div><span style="display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:5px;'
         '{style}"></span>{label}</div>')


def _legend(lang: str, chosen: str | None, stored: bool) -> str:
    items = []
    for system in CRS_NAMES:
        label = escape(SHORT_NAMES[system]) + (" ✓" if system == chosen else "")
        items.append(_ITEM.format(style=f"background:{COLOURS[system]}", label=label))
    if stored:
        items.append(_ITEM.format(style=f"border:2px solid {STORED_COLOUR};width:8px;height:8px",
                                  label=escape(t("importcrs.map_stored", lang))))
    return _LEGEND.format(items="".join(items))


def crs_compare_map(evidence: CrsEvidence, county, bounds, lang: str, *, basemap: str = "auto",
                    settings: BasemapSettings | None = None, chosen: str | None = None) -> folium.Map:
    """``county``: the WGS-84 outline (shapely); ``bounds``: the county's (minx, miny, maxx, maxy);
    ``chosen``: the system the editor chose or was proposed (drawn on top, ticked in the legend)."""
    provider = resolve_basemap(basemap, settings)
    to_display = crs.to_basemap(provider)
    m = build_base_map(tuple(bounds), basemap, lang, settings)
    outline = shapely.transform(county, lambda xy: _display_xy(xy, to_display))
    folium.GeoJson(mapping(outline), name="county", interactive=False,
                   style_function=lambda _: {"color": "#475569", "weight": 2, "fill": True, "fillOpacity": 0.04,
                                             "dashArray": "4 3"}).add_to(m)
    drawn: list[tuple[float, float]] = []
    order = [c for c in CRS_NAMES if c != chosen] + ([chosen] if chosen in CRS_NAMES else [])
    for system in order:
        group = folium.FeatureGroup(name=SHORT_NAMES[system])
        for point in evidence.sample:
            lon, lat = to_display(*to_wgs84(point.lon, point.lat, system))
            drawn.append((float(lat), float(lon)))
            label = t("importcrs.map_row", lang, row=point.row) + (f" · {point.name}" if point.name else "")
            folium.CircleMarker([float(lat), float(lon)], radius=4 if system == chosen else 3, weight=1,
                                color="#ffffff", fill=True, fill_color=COLOURS[system], fill_opacity=0.9,
                                tooltip=escape(f"{SHORT_NAMES[system]} · {label}")).add_to(group)
        group.add_to(m)
    for match in evidence.matches:
        lon, lat = to_display(match.lon, match.lat)
        drawn.append((float(lat), float(lon)))
        tip = f"{t('importcrs.map_stored', lang)} · {match.record_id} · {match.name}"
        folium.CircleMarker([float(lat), float(lon)], radius=8, weight=2, color=STORED_COLOUR, fill=False,
                            tooltip=escape(tip)).add_to(m)
    if drawn:  # the rows, close enough to see the systems apart (~0.5-1.4 km), at most street level
        lats, lons = [p[0] for p in drawn], [p[1] for p in drawn]
        m.fit_bounds([[min(lats) - PAD_DEG, min(lons) - PAD_DEG], [max(lats) + PAD_DEG, max(lons) + PAD_DEG]],
                     max_zoom=MAX_FIT_ZOOM)
    m.get_root().html.add_child(folium.Element(_legend(lang, chosen, bool(evidence.matches))))
    return m


def _display_xy(xy, to_display):
    lon, lat = to_display(xy[:, 0], xy[:, 1])
    xy = xy.copy()
    xy[:, 0], xy[:, 1] = lon, lat
    return xy
