"""Which coordinate system a file's positions are in, with the evidence for it (issue 12, point 4).

A file rarely says how its positions were taken, and the three systems in use (WGS-84, GCJ-02,
BD-09; geo/crs.py) differ by a few hundred metres to 1.4 km around Qingyun, so a wrong guess stores
every point off by that much. Nothing here guesses: a system is proposed only when a signal
supports it, and the editor sees the signals.

- **outline**: the points read in each system, counted inside the county outline
  (geo.importing.coordinates.detect_crs). Only when one system puts more inside than the others
  does it say anything; points deep inside the county fit all three.
- **match**: rows whose id, credit code or name is a record already stored, and whose stored
  position is not illustrative (illustrative positions are drawn, not measured): under which
  system the row lands within :data:`MATCH_M` metres of the stored position.
- **hint**: words in the headers, the sheet name or the file name (高德 / 百度 / GPS / WGS84 / GCJ /
  BD09 …), the file's coordinate-system column, a shapefile's .prj.

:func:`gather` combines them: one system supported → proposed; none → no proposal; two or more →
no proposal, and the evidence says they conflict. Pure: no streamlit.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass, field

import numpy as np
from pyproj import Geod

from geo.crs import CRS_NAMES, to_wgs84
from geo.i18n import t
from geo.importing.coordinates import CrsGuess, detect_crs
from geo.importing.fields import normalise

__all__ = ["MATCH_M", "MAX_SAMPLE", "CrsEvidence", "FilePoint", "Match", "Signal", "crs_hint", "gather"]

MATCH_M = 30.0  # a row "lands on" a stored record within this many metres
MAX_SAMPLE = 500  # rows kept for the map
STRENGTHS = ("strong", "moderate", "weak")
DATA_PARAMS = frozenset({"text", "name"})  # a signal's parameters that hold the file's own text
_GEOD = Geod(ellps="WGS84")

# Words that name a system, matched in a header, sheet or file name after normalising (NFKC, case,
# no spaces, dashes or underscores). Gaode and Tencent publish GCJ-02; Baidu BD-09; GPS, Tianditu,
# CGCS2000 and Beidou positions are WGS-84 within centimetres.
HINTS: dict[str, tuple[str, ...]] = {
    "gcj02": ("高德", "gaode", "amap", "gcj", "火星", "国测局", "腾讯", "tencent"),
    "bd09": ("百度", "baidu", "bd09", "bdmap", "bmap"),
    "wgs84": ("gps", "wgs84", "wgs1984", "天地图", "tianditu", "cgcs2000", "cgcs", "北斗", "beidou", "epsg4326"),
}
_JOIN = re.compile(r"[\s_\-–—.·:：()（）\[\]【】]+")


@dataclass(frozen=True)
class FilePoint:
    """One row's position as the file has it, and what could tie it to a stored record."""

    row: int
    lon: float
    lat: float
    name: str = ""  # as the file writes it (for the map's tooltip)
    names: tuple[str, ...] = ()  # normalised names (zh, en, target)
    credit_code: str | None = None
    record_id: str | None = None
    stated: str | None = None  # the system the row's own coordinate-system column names


@dataclass(frozen=True)
class Match:
    """A row tied to a stored record, and how far it lands from it under each system."""

    row: int
    record_id: str
    name: str  # the stored record's name
    lon: float  # the stored (WGS-84) position
    lat: float
    how: str  # id | credit_code | name
    distance_m: dict[str, float]  # system -> metres


@dataclass(frozen=True)
class Signal:
    kind: str  # outline | match | hint | column | prj
    code: str  # i18n key importcrs.signal.<code>
    crs: str | None  # the system it supports; None: it supports none
    strength: str | None  # strong | moderate | weak; None with crs None
    params: tuple[tuple[str, object], ...] = ()

    def message(self, lang: str, escape=str) -> str:
        """In ``lang``; ``escape`` is applied to the text that comes from the file (a header, a name)."""
        params = {}
        for key, value in self.params:
            if key in DATA_PARAMS:
                value = escape(value)
            elif isinstance(value, tuple) and value and value[0] == "metres":
                value = _metres(value[1], lang)
            elif isinstance(value, tuple) and value and value[0] == "crs":
                value = t(f"crs.{value[1]}", lang)
            elif isinstance(value, tuple) and value and value[0] == "label":
                value = t(value[1], lang)
            elif isinstance(value, tuple) and value and value[0] == "per_crs":  # {system: metres}
                value = t("importcrs.list_sep", lang).join(
                    t("importcrs.per_crs", lang, crs=t(f"crs.{c}", lang), m=_metres(m, lang)) for c, m in value[1])
            params[key] = value
        return t(f"importcrs.signal.{self.code}", lang, **params)


def _metres(value: float | None, lang: str) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if value < 10_000 else t("importcrs.km", lang, km=f"{value / 1000:,.1f}")


@dataclass(frozen=True)
class CrsEvidence:
    proposed: str | None  # one of CRS_NAMES, or None: the editor must choose
    signals: tuple[Signal, ...]
    inside: dict[str, int]  # system -> points inside the county read in that system
    total: int  # points tested against the outline
    match_within: dict[str, int] = field(default_factory=dict)  # system -> matched rows within MATCH_M
    match_median_m: dict[str, float | None] = field(default_factory=dict)  # system -> median distance
    matches: tuple[Match, ...] = ()
    sample: tuple[FilePoint, ...] = ()  # up to MAX_SAMPLE of the file's points, for the map
    guess: CrsGuess | None = None

    @property
    def supporting(self) -> tuple[Signal, ...]:
        return tuple(s for s in self.signals if s.crs is not None)

    @property
    def conflict(self) -> tuple[str, ...]:
        """The systems the signals disagree on (empty when they agree or there are none)."""
        systems = tuple(c for c in CRS_NAMES if any(s.crs == c for s in self.supporting))
        return systems if len(systems) > 1 else ()

    def verdict(self, lang: str) -> str:
        if self.proposed:
            return t("importcrs.verdict.proposed", lang, crs=t(f"crs.{self.proposed}", lang))
        if self.conflict:
            return t("importcrs.verdict.conflict", lang,
                     systems=t("importcrs.list_sep", lang).join(t(f"crs.{c}", lang) for c in self.conflict))
        return t("importcrs.verdict.none", lang)


def crs_hint(text: str) -> str | None:
    """The system a header, sheet or file name names (None: none, or more than one)."""
    key = _JOIN.sub("", unicodedata.normalize("NFKC", str(text)).casefold())
    found = {system for system, words in HINTS.items() if any(w in key for w in words)}
    return found.pop() if len(found) == 1 else None


def _hint_signals(headers, sheet, file_name, source_crs) -> list[Signal]:
    signals: dict[tuple[str, str], list[str]] = {}  # (system, where) -> texts
    for where, texts in (("header", headers), ("sheet", [sheet] if sheet else []),
                         ("file", [file_name] if file_name else [])):
        for text in texts:
            text = str(text or "").strip()
            system = crs_hint(text) if text else None
            if system:
                signals.setdefault((system, where), []).append(text[:60])
    out = [Signal("hint", "hint", system, "strong" if where in ("header", "sheet") else "moderate",
                  (("text", "、".join(dict.fromkeys(texts))[:120]), ("where", ("label", f"importcrs.where.{where}")),
                   ("crs", ("crs", system))))
           for (system, where), texts in signals.items()]
    if source_crs:  # a shapefile's .prj names a datum (GCJ-02 and BD-09 have none)
        out.append(Signal("prj", "prj", "wgs84", "moderate", (("name", str(source_crs)[:60]),
                                                               ("crs", ("crs", "wgs84")))))
    return out


def _column_signals(points: list[FilePoint]) -> list[Signal]:
    stated: dict[str, int] = {}
    for p in points:
        if p.stated:
            stated[p.stated] = stated.get(p.stated, 0) + 1
    return [Signal("column", "column", system, "strong", (("n", n), ("crs", ("crs", system))))
            for system, n in stated.items()]


def _outline_signal(guess: CrsGuess) -> Signal | None:
    if guess.total == 0:
        return None
    ranked = sorted(guess.inside.values(), reverse=True)
    best, second = ranked[0], ranked[1]
    if best == 0:
        return None  # no system puts any point inside: far away (the rows' own errors say so)
    if best == second:
        return Signal("outline", "outline_tie", None, None, (("inside", best), ("total", guess.total)))
    margin = best - second
    strength = "strong" if margin >= max(3, 0.1 * guess.total) else "weak"
    return Signal("outline", "outline", guess.proposed, strength,
                  (("crs", ("crs", guess.proposed)), ("inside", best), ("total", guess.total), ("other", second)))


def _stored_index(records) -> tuple[dict, dict, dict, int]:
    """Stored positions that count as evidence, by id, credit code and normalised name; and how many
    records were left out because their position is illustrative."""
    by_id, by_credit, by_name, skipped = {}, {}, {}, 0
    if records is None or len(records) == 0:
        return by_id, by_credit, by_name, skipped
    columns = set(records.columns)
    for row in records.to_dict("records"):
        lon, lat = row.get("lon"), row.get("lat")
        if lon is None or lat is None or not (np.isfinite(lon) and np.isfinite(lat)):
            continue
        if row.get("location_provenance") == "illustrative" or row.get("provenance") == "illustrative":
            skipped += 1
            entry = None
        else:
            entry = row
        for key, index in (("id", by_id), ("credit_code", by_credit)):
            if key in columns and row.get(key):
                index.setdefault(str(row[key]), []).append(entry)
        for key in ("name_zh", "name_en", "target_name_zh", "target_name_en"):
            if key in columns and isinstance(row.get(key), str) and row[key].strip():
                index_key = normalise(row[key])
                if entry not in by_name.get(index_key, []):
                    by_name.setdefault(index_key, []).append(entry)
    return by_id, by_credit, by_name, skipped


def _matches(points: list[FilePoint], records) -> tuple[list[Match], int]:
    """Rows tied to stored records with evidential positions; and rows tied only to illustrative ones."""
    by_id, by_credit, by_name, _ = _stored_index(records)
    out, illustrative = [], 0
    for p in points:
        candidates, how = [], None
        for value, index, kind in ((p.record_id, by_id, "id"), (p.credit_code, by_credit, "credit_code")):
            if value and value in index:
                candidates, how = index[value], kind
                break
        else:
            for name in p.names:
                if name in by_name:
                    candidates, how = by_name[name], "name"
                    break
        real = [c for c in candidates if c is not None]
        if candidates and not real:
            illustrative += 1
        if not real:
            continue
        converted = {c: to_wgs84(p.lon, p.lat, c) for c in CRS_NAMES}
        best = None
        for record in real:  # a name shared by several records: the nearest one under any system
            distances = {c: float(_GEOD.inv(*converted[c], record["lon"], record["lat"])[2]) for c in CRS_NAMES}
            if best is None or min(distances.values()) < min(best[1].values()):
                best = (record, distances)
        record, distances = best
        name = record.get("name_zh") or record.get("target_name_zh") or record.get("id") or ""
        out.append(Match(p.row, str(record.get("id") or ""), str(name), float(record["lon"]), float(record["lat"]),
                         how, distances))
    return out, illustrative


def _match_signals(matches: list[Match], illustrative: int) -> tuple[list[Signal], dict, dict]:
    within = {c: sum(1 for m in matches if m.distance_m[c] <= MATCH_M) for c in CRS_NAMES}
    median = {c: (statistics.median(m.distance_m[c] for m in matches) if matches else None) for c in CRS_NAMES}
    signals = []
    if illustrative:
        signals.append(Signal("match", "match_illustrative", None, None, (("n", illustrative),)))
    if not matches:
        return signals, within, median
    medians = ("per_crs", tuple((c, median[c]) for c in CRS_NAMES))
    landing = [c for c in CRS_NAMES if within[c]]
    if not landing:
        signals.append(Signal("match", "match_none", None, None, (("n", len(matches)), ("m", f"{MATCH_M:.0f}"),
                                                                   ("medians", medians))))
    for system in landing:
        n = within[system]
        strength = "strong" if n >= 2 and n * 2 > len(matches) else "moderate" if n * 2 > len(matches) else "weak"
        signals.append(Signal("match", "match", system, strength,
                              (("n", n), ("of", len(matches)), ("crs", ("crs", system)), ("m", f"{MATCH_M:.0f}"),
                               ("median", ("metres", median[system])), ("medians", medians))))
    return signals, within, median


def _sample(points: list[FilePoint]) -> tuple[FilePoint, ...]:
    if len(points) <= MAX_SAMPLE:
        return tuple(points)
    picks = np.linspace(0, len(points) - 1, MAX_SAMPLE).round().astype(int)  # even, and the same every run
    return tuple(points[i] for i in dict.fromkeys(picks.tolist()))


def gather(points: list[FilePoint], county, records=None, *, outline_lonlat=None, headers=(), sheet: str | None = None,
           file_name: str | None = None, source_crs: str | None = None) -> CrsEvidence:
    """The evidence for the system of ``points`` (as the file has them). ``county`` is the WGS-84
    outline; ``records`` the stored point records (a frame with id, names, credit_code, lon, lat,
    location_provenance); ``outline_lonlat`` the (lon, lat) arrays tested against the outline when
    they are not the points' (a polygon's vertices)."""
    lon, lat = outline_lonlat if outline_lonlat is not None else (
        np.array([p.lon for p in points], dtype=float), np.array([p.lat for p in points], dtype=float))
    guess = detect_crs(lon, lat, county)
    signals: list[Signal] = []
    signals += _hint_signals(headers, sheet, file_name, source_crs)
    signals += _column_signals(points)
    matches, illustrative = _matches(points, records)
    match_signals, within, median = _match_signals(matches, illustrative)
    signals += match_signals
    outline = _outline_signal(guess)
    if outline is not None:
        signals.append(outline)
    signals.sort(key=lambda s: (s.crs is None, STRENGTHS.index(s.strength) if s.strength else 9))
    systems = {s.crs for s in signals if s.crs is not None}
    proposed = systems.pop() if len(systems) == 1 else None
    return CrsEvidence(proposed, tuple(signals), dict(guess.inside), guess.total, within, median, tuple(matches),
                       _sample(points), guess)
