"""Coordinates as officials type and paste them, and which coordinate system they are in.

Spreadsheets kept by hand hold ``117.38``, ``１１７．３８`` (full-width, from a Chinese input method),
``117°23'10"``, ``117度23分10秒``, ``E117°23.5'``, or one cell ``117.381234,37.771234`` copied from
Gaode's coordinate picker. :func:`parse_coordinate` reads all of them or says what is wrong.

Positions copied from Gaode are GCJ-02, from Baidu BD-09, from GPS or Tianditu WGS-84 (CGCS2000 is
within centimetres of it). The offsets are a few hundred metres, so no single point tells them
apart, but a file's points together do: read in the right system they fall inside the county, read
in a wrong one those near its edge fall outside. :func:`detect_crs` counts, for each system, the
points inside the (WGS-84) county outline after converting them from that system, and proposes
the system that puts the most inside. When every system puts the same number inside (all points
deep inside the county, or none inside), the file alone cannot tell and the guess says so.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import shapely

from geo.crs import CRS_NAMES, to_wgs84
from geo.model import AOI_BOUNDS

__all__ = ["CoordinateError", "CrsGuess", "detect_crs", "near_aoi", "parse_coordinate", "parse_pair"]

_PRIMES = str.maketrans({"′": "'", "’": "'", "‘": "'", "´": "'", "″": '"', "”": '"', "“": '"', "º": "°",
                         "˚": "°", "度": "°", "分": "'", "秒": '"'})
_HEMISPHERES = {"e": 1, "n": 1, "w": -1, "s": -1, "东经": 1, "北纬": 1, "西经": -1, "南纬": -1, "东": 1, "北": 1,
                "西": -1, "南": -1}
_HEMISPHERE = re.compile(r"^(东经|北纬|西经|南纬|[东北西南]|[ensw])|(东经|北纬|西经|南纬|[东北西南]|[ensw])$")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)°?$")
_DMS = re.compile(r"""^(?P<d>\d+(?:\.\d+)?)\s*°\s*
                      (?:(?P<m>\d+(?:\.\d+)?)\s*'\s*
                      (?:(?P<s>\d+(?:\.\d+)?)\s*(?:"|'')?)?)?$""", re.VERBOSE)
_SPACED = re.compile(r"^(?P<d>\d+)[\s:]+(?P<m>\d+(?:\.\d+)?)(?:[\s:]+(?P<s>\d+(?:\.\d+)?))?$")
_PAIR_SPLIT = re.compile(r"\s*[,;，；、]\s*|\s+")


class CoordinateError(ValueError):
    """``code`` names the problem (geo.i18n key ``import.problem.<code>``)."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_PRIMES)  # full-width digits, ．, ° variants
    return " ".join(text.split()).casefold()


def parse_coordinate(value) -> float:
    """A longitude or latitude in decimal degrees, from a number or text in any of the forms above.
    Raises :class:`CoordinateError` (``not_a_coordinate`` or ``dms_invalid``)."""
    if isinstance(value, bool):
        raise CoordinateError("not_a_coordinate")
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise CoordinateError("not_a_coordinate")
        return float(value)
    text = _normalise(str(value))
    sign = 1
    while match := _HEMISPHERE.search(text):
        word = match.group(1) or match.group(2)
        sign *= _HEMISPHERES[word]
        text = (text[len(word):] if match.group(1) else text[: -len(word)]).strip()
    if text.startswith(("-", "+")) and not _DECIMAL.match(text):
        sign *= -1 if text[0] == "-" else 1
        text = text[1:].strip()
    if _DECIMAL.match(text):
        return sign * float(text.rstrip("°"))
    match = _DMS.match(text) or _SPACED.match(text)
    if not match:
        raise CoordinateError("not_a_coordinate")
    degrees = float(match["d"])
    minutes = float(match["m"] or 0)
    seconds = float(match["s"] or 0)
    if minutes >= 60 or seconds >= 60 or (match["s"] and not minutes.is_integer()):
        raise CoordinateError("dms_invalid")
    return sign * (degrees + minutes / 60 + seconds / 3600)


def parse_pair(value) -> tuple[float, float]:
    """(lon, lat) from one cell such as ``117.381234,37.771234`` (Gaode's picker: longitude first)."""
    parts = [p for p in _PAIR_SPLIT.split(_normalise(str(value)).strip()) if p]
    if len(parts) != 2:
        raise CoordinateError("not_a_pair")
    return parse_coordinate(parts[0]), parse_coordinate(parts[1])


def near_aoi(lon: float, lat: float, margin_deg: float = 1.0) -> bool:
    """Within ``margin_deg`` of the area the app covers (used to spot swapped lon/lat)."""
    return (AOI_BOUNDS["lon_min"] - margin_deg <= lon <= AOI_BOUNDS["lon_max"] + margin_deg
            and AOI_BOUNDS["lat_min"] - margin_deg <= lat <= AOI_BOUNDS["lat_max"] + margin_deg)


@dataclass(frozen=True)
class CrsGuess:
    proposed: str  # one of geo.crs.CRS_NAMES
    inside: dict[str, int]  # system -> points inside the county when read in that system
    total: int  # points tested
    decisive: bool  # one system puts more points inside than any other


def detect_crs(lon, lat, county) -> CrsGuess:
    """Which of WGS-84, GCJ-02 and BD-09 the points (lon, lat arrays) are in, judged against the
    county outline (a shapely geometry in WGS-84). Ties go to the first of :data:`CRS_NAMES`."""
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    ok = np.isfinite(lon) & np.isfinite(lat)
    lon, lat = lon[ok], lat[ok]
    shapely.prepare(county)
    inside = {}
    for system in CRS_NAMES:
        w_lon, w_lat = to_wgs84(lon, lat, system)
        inside[system] = int(shapely.contains_xy(county, w_lon, w_lat).sum()) if lon.size else 0
    best = max(inside.values())
    tied = [c for c in CRS_NAMES if inside[c] == best]
    return CrsGuess(proposed=tied[0], inside=inside, total=int(lon.size), decisive=len(tied) == 1 and best > 0)
