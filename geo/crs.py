"""Conversions between WGS-84, GCJ-02 ("Mars coordinates") and BD-09 (Baidu).

Chinese web maps do not use plain WGS-84. By law, maps published in China
(AMap/Gaode, Tencent, Google's China tiles) use GCJ-02, which adds a
deliberately non-linear offset of a few hundred metres to WGS-84. Baidu adds
a second distortion on top of GCJ-02 and calls the result BD-09. Boundary
files from AMap come in GCJ-02, GPS and OpenStreetMap data are WGS-84, and
folium/Leaflet does not know about any of this. Layers from different
sources only line up once they are all converted to one system.

The formulas are the public, widely re-implemented reverse-engineered ones
(see e.g. wandergis/coordtransform and googollee/eviltransform). GCJ-02 has
no closed-form inverse: the usual one-step inverse is only good to about
1-2 m, so :func:`gcj02_to_wgs84` iterates until the forward transform of its
answer hits the input to within 1e-9 degrees (about 0.1 mm).

Every function takes scalars or NumPy arrays. Scalar input gives Python
floats and array input gives arrays, so the same functions work for single
markers and for whole geometries (see :func:`transform_geometry`).

The module only uses NumPy and shapely, and it must never import streamlit:
data-preparation scripts and tests use it without a running app.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import shapely

__all__ = [
    "BASEMAP_CHOICES",
    "BASEMAP_CRS",
    "CRS_NAMES",
    "bd09_to_gcj02",
    "bd09_to_wgs84",
    "gcj02_to_bd09",
    "gcj02_to_wgs84",
    "out_of_china",
    "to_basemap",
    "to_wgs84",
    "transform_geometry",
    "wgs84_to_bd09",
    "wgs84_to_gcj02",
]

CRS_NAMES = ("wgs84", "gcj02", "bd09")

# GCJ-02 is defined on the Krasovsky 1940 ellipsoid, not on WGS-84. These
# exact values are what the published implementations use, so matching them
# reproduces their reference outputs.
_A = 6378245.0
_EE = 0.00669342162296594323
_X_PI = np.pi * 3000.0 / 180.0

# The rough box that all common implementations use. It is deliberately
# loose: it covers neighbouring countries too, and that matches what
# Chinese map providers do.
_LON_MIN, _LON_MAX = 72.004, 137.8347
_LAT_MIN, _LAT_MAX = 0.8293, 55.8271

# 1e-9 degrees is about 0.1 mm, far below what the forward formula means.
# It is still well above float64 rounding noise at ~100 degrees (~1e-14).
_INVERSE_TOL_DEG = 1e-9
# The offset's Jacobian is about 1e-3, so each step gains ~3 digits and
# 3-4 steps are enough. The cap only stops NaN/inf inputs from looping forever.
_INVERSE_MAX_ITER = 50


def _as_arrays(lon, lat):
    """Turn the inputs into float64 arrays and record whether both were scalars."""
    scalar = np.ndim(lon) == 0 and np.ndim(lat) == 0
    lon_a, lat_a = np.broadcast_arrays(np.asarray(lon, dtype=np.float64), np.asarray(lat, dtype=np.float64))
    return lon_a, lat_a, scalar


def _out(lon, lat, scalar):
    """Give back the same kind of value the caller passed in."""
    if scalar:
        return float(lon), float(lat)
    return lon, lat


def _transform_lat(x, y):
    return (
        -100.0
        + 2.0 * x
        + 3.0 * y
        + 0.2 * y * y
        + 0.1 * x * y
        + 0.2 * np.sqrt(np.abs(x))
        + (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
        + (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
        + (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    )


def _transform_lon(x, y):
    return (
        300.0
        + x
        + 2.0 * y
        + 0.1 * x * x
        + 0.1 * x * y
        + 0.1 * np.sqrt(np.abs(x))
        + (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
        + (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
        + (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    )


def _gcj_offset(lon, lat):
    """GCJ-02 minus WGS-84 in degrees, evaluated at a WGS-84 point (no China test)."""
    dlat = _transform_lat(lon - 105.0, lat - 35.0)
    dlon = _transform_lon(lon - 105.0, lat - 35.0)
    radlat = lat / 180.0 * np.pi
    magic = 1.0 - _EE * np.sin(radlat) ** 2
    sqrtmagic = np.sqrt(magic)
    # The raw terms are metres on the Krasovsky ellipsoid. Divide by the
    # meridian and parallel radii of curvature to get degrees.
    dlat = (dlat * 180.0) / ((_A * (1.0 - _EE)) / (magic * sqrtmagic) * np.pi)
    dlon = (dlon * 180.0) / (_A / sqrtmagic * np.cos(radlat) * np.pi)
    return dlon, dlat


def out_of_china(lon, lat):
    """True where (lon, lat) lies outside the rough China box.

    Returns a bool for scalar input and a bool array for array input.
    """
    lon_a, lat_a, scalar = _as_arrays(lon, lat)
    outside = (lon_a < _LON_MIN) | (lon_a > _LON_MAX) | (lat_a < _LAT_MIN) | (lat_a > _LAT_MAX)
    return bool(outside) if scalar else outside


def wgs84_to_gcj02(lon, lat):
    """WGS-84 to GCJ-02. Points outside China are returned unchanged."""
    lon_a, lat_a, scalar = _as_arrays(lon, lat)
    dlon, dlat = _gcj_offset(lon_a, lat_a)
    outside = out_of_china(lon_a, lat_a)
    return _out(
        np.where(outside, lon_a, lon_a + dlon),
        np.where(outside, lat_a, lat_a + dlat),
        scalar,
    )


def gcj02_to_wgs84(lon, lat):
    """GCJ-02 to WGS-84, iterated until the round trip is within 1e-9 degrees.

    Points outside China are returned unchanged.
    """
    lon_a, lat_a, scalar = _as_arrays(lon, lat)
    # Start from the common one-step inverse, which is already within ~2 m.
    dlon, dlat = _gcj_offset(lon_a, lat_a)
    w_lon, w_lat = lon_a - dlon, lat_a - dlat
    for _ in range(_INVERSE_MAX_ITER):
        # Use the offset without the China box test here. Otherwise a
        # preimage just outside the box edge would flip between two branches
        # and never converge.
        dlon, dlat = _gcj_offset(w_lon, w_lat)
        res_lon = w_lon + dlon - lon_a
        res_lat = w_lat + dlat - lat_a
        w_lon = w_lon - res_lon
        w_lat = w_lat - res_lat
        # Written as "not greater than" so NaN counts as done and does not
        # hold up the other elements.
        if np.all(~(np.abs(res_lon) > _INVERSE_TOL_DEG)) and np.all(~(np.abs(res_lat) > _INVERSE_TOL_DEG)):
            break
    outside = out_of_china(lon_a, lat_a)
    return _out(np.where(outside, lon_a, w_lon), np.where(outside, lat_a, w_lat), scalar)


def gcj02_to_bd09(lon, lat):
    """GCJ-02 to BD-09 (Baidu), using the published formula."""
    lon_a, lat_a, scalar = _as_arrays(lon, lat)
    z = np.hypot(lon_a, lat_a) + 0.00002 * np.sin(lat_a * _X_PI)
    theta = np.arctan2(lat_a, lon_a) + 0.000003 * np.cos(lon_a * _X_PI)
    return _out(z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006, scalar)


def bd09_to_gcj02(lon, lat):
    """BD-09 (Baidu) to GCJ-02, using the published inverse formula.

    The published formula is not an exact inverse of :func:`gcj02_to_bd09`.
    Its round-trip error is up to about 2e-6 degrees (about 0.2 m) over
    mainland China. We keep it anyway so results match the reference
    implementations everyone else uses.
    """
    lon_a, lat_a, scalar = _as_arrays(lon, lat)
    x = lon_a - 0.0065
    y = lat_a - 0.006
    z = np.hypot(x, y) - 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) - 0.000003 * np.cos(x * _X_PI)
    return _out(z * np.cos(theta), z * np.sin(theta), scalar)


def wgs84_to_bd09(lon, lat):
    """WGS-84 to BD-09 (via GCJ-02)."""
    return gcj02_to_bd09(*wgs84_to_gcj02(lon, lat))


def bd09_to_wgs84(lon, lat):
    """BD-09 to WGS-84 (via GCJ-02, with the iterative GCJ-02 inverse)."""
    return gcj02_to_wgs84(*bd09_to_gcj02(lon, lat))


def _normalise_crs(crs) -> str:
    # Accept the common spellings ("GCJ-02", "BD_09", "WGS84") without
    # listing every variant.
    key = None
    if isinstance(crs, str):
        key = crs.strip().lower().replace("-", "").replace("_", "").replace(" ", "")
    # Non-strings (None, an EPSG code as int) count as unknown names too, so
    # callers only have to handle one exception type.
    if key not in CRS_NAMES:
        raise ValueError(f"unknown crs {crs!r}; expected one of {CRS_NAMES}")
    return key


def _identity(lon, lat):
    lon_a, lat_a, scalar = _as_arrays(lon, lat)
    # Copy so that callers never get back an alias of their own input array.
    return _out(lon_a.copy(), lat_a.copy(), scalar)


_TO_WGS84 = {
    "wgs84": _identity,
    "gcj02": gcj02_to_wgs84,
    "bd09": bd09_to_wgs84,
}
_FROM_WGS84 = {
    "wgs84": _identity,
    "gcj02": wgs84_to_gcj02,
    "bd09": wgs84_to_bd09,
}


def to_wgs84(lon, lat, crs: str):
    """Convert (lon, lat) from ``crs`` (one of :data:`CRS_NAMES`) to WGS-84."""
    return _TO_WGS84[_normalise_crs(crs)](lon, lat)


# The coordinate system of each basemap's tiles: by law Gaode (AMap) draws in GCJ-02; OpenStreetMap
# and Tianditu (CGCS2000, within centimetres of WGS-84) draw in WGS-84, as does the tile-less plain
# background; self-hosted tiles ("custom") declare theirs (QCM_TILE_CRS): "custom" is WGS-84 and
# "custom_gcj02" the same option with GCJ-02 tiles. The one place that says so. "auto" is the default:
# the real basemap the deployment can offer (geo.basemaps.resolve_basemap), falling back in the browser
# to the plain background when its tiles do not load; its entry here is the case of a deployment that
# configured no online basemap (the plain background). Draw with ``to_basemap(resolve_basemap(...))``.
BASEMAP_CRS: dict[str, str] = {"auto": "wgs84", "none": "wgs84", "osm": "wgs84", "gaode": "gcj02",
                               "tianditu": "wgs84", "custom": "wgs84", "custom_gcj02": "gcj02"}
# The options a viewer chooses from (sidebar, URL); "custom_gcj02" is only ever drawn, never chosen.
BASEMAP_CHOICES: tuple[str, ...] = ("auto", "none", "osm", "gaode", "tianditu", "custom")


def to_basemap(basemap: str) -> Callable:
    """WGS-84 (lon, lat) -> the coordinates ``basemap``'s tiles use."""
    return _FROM_WGS84[BASEMAP_CRS[basemap]]


def transform_geometry(geom, func: Callable):
    """Apply a vectorised ``func(lon, lat) -> (lon, lat)`` to every vertex of ``geom``.

    ``geom`` is a shapely 2 geometry (or an array of them) of any type:
    points, lines, (multi)polygons, collections. Z values are kept unchanged.
    """

    def _wrapper(coords: np.ndarray) -> np.ndarray:
        # shapely hands over one (N, 2) or (N, 3) array for all vertices, so
        # func runs once per geometry and not once per point.
        out = np.array(coords, dtype=np.float64, copy=True)
        lon, lat = func(coords[:, 0], coords[:, 1])
        out[:, 0] = lon
        out[:, 1] = lat
        return out

    # include_z=None keeps each geometry's own dimension. With False, 3D
    # input would silently lose its Z.
    return shapely.transform(geom, _wrapper, include_z=None)
