"""Meeting mode: what a presentation adds to the view, and how it lives in the URL.

Beside the filters (geo/filters.py) a meeting's view has:

- ``present=1``: presentation mode (no sidebar or Streamlit chrome, the map fills the screen, large
  type for the back of the room);
- ``tour=<id>&step=<n>``: a step of a tour (geo/meeting/tours.py), counted from 1; while a step is open, the
  filter parameters in the URL are changes to the step's stored view, so the bare
  ``?tour=default&step=3`` is the step as stored;
- ``at=<lat>,<lon>,<zoom>``: where the map is, once someone has panned or zoomed it. The browser
  writes it (static/js/qcm-meeting.js, on the map's ``moveend``, without a rerun); the server reads
  it when a link is opened and hands it to the map.

Pure Python: ui/view.py keeps this in the session and the URL.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from string import Formatter

from geo.figures.metrics import Kpi, period_label
from geo.filters import ViewState
from geo.i18n import t
from geo.meeting.tours import (
    FIELD_BASIS,
    MAX_ZOOM,
    MIN_ZOOM,
    TourFile,
    TourStep,
    clamp_step,
    field_kind,
    field_sources,
)
from geo.model import AOI_BOUNDS

_AT = re.compile(r"^\s*(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?),(\d+(?:\.\d+)?)\s*$")
# Presentation layout, sized for a 1920 x 1080 projector and still usable at 1280 x 720.
PRESENT_MAP_HEIGHT_PX = 760  # before the browser stretches the map to the screen (qcm-meeting.js)
PRESENT_KPIS: tuple[str, ...] = ("capacity", "share", "generation", "wind_farms", "rooftop", "enterprises",
                                 "projects")
STEP_FIGURES_MAX = 6
# A caption's {field} as a figure of the strip: a headline KPI ("kpi:<key>"), or a label of its own
# ("layout.f.<field>") with the reported fact that gives its period (None: computed from the lists).
STEP_FIGURES: dict[str, tuple[str, str | None]] = {
    "capacity_mw": ("kpi:capacity", None), "share_pct": ("kpi:share", None),
    "generation_q1_q3": ("kpi:generation", None), "wind_farms_reported": ("kpi:wind_farms", None),
    "wind_farms_listed": ("kpi:wind_farms", None), "wind_gem_mw": ("layout.f.wind_gem_mw", None),
    "pv_utility_mw": ("layout.f.pv_utility_mw", None), "rooftop_reported": ("kpi:rooftop", None),
    "enterprises_reported": ("kpi:enterprises", None), "enterprises_listed": ("kpi:enterprises", None),
    "output_reported": ("layout.f.output_reported", "enterprises_output_value_cny"),
    "projects_reported": ("kpi:projects", None), "projects_listed": ("kpi:projects", None),
    "park_investment": ("layout.f.park_investment", None),
    "cells_gwh": ("layout.f.cells_gwh", None), "cells_target": ("layout.f.cells_target", "target_cells_gwh_2025"),
    "cells_share": ("layout.f.cells_share", None), "packs_target": ("layout.f.packs_target", "target_packs_gwh_2025"),
    "ess_target": ("layout.f.ess_target", "target_ess_gwh_2025"),
    "output_target": ("layout.f.output_target", "target_output_value_cny_2025"),
    "output_listed": ("layout.f.output_listed", None), "output_share": ("layout.f.output_share", None),
    "gap_nodes": ("layout.f.gap_nodes", None), "weak_nodes": ("layout.f.weak_nodes", None),
    "extension_nodes": ("layout.f.extension_nodes", None),
    "wind_gem_by_year_mw": ("layout.f.wind_gem_by_year_mw", None),
    "pv_utility_operating_mw": ("layout.f.pv_utility_operating_mw", None),
    "pv_utility_pre_mw": ("layout.f.pv_utility_pre_mw", None),
    "park_room": ("layout.f.park_room", "park_enterprise_room"),
}


@dataclass(frozen=True)
class MapPosition:
    lat: float
    lon: float
    zoom: float

    @property
    def center(self) -> tuple[float, float]:
        return (self.lat, self.lon)

    def param(self) -> str:
        """"37.82900,117.44900,11.25": ~1 m, and quarter zoom steps as the map snaps."""
        return f"{self.lat:.5f},{self.lon:.5f},{self.zoom:g}"


def parse_position(text: object) -> MapPosition | None:
    """``at=lat,lon,zoom`` -> a position near Qingyun, or None for anything else (never an error)."""
    match = _AT.match(str(text or ""))
    if not match:
        return None
    lat, lon, zoom = (float(g) for g in match.groups())
    margin = 1.0  # the map may be panned a little beyond the area the data covers
    if not (AOI_BOUNDS["lat_min"] - margin <= lat <= AOI_BOUNDS["lat_max"] + margin
            and AOI_BOUNDS["lon_min"] - margin <= lon <= AOI_BOUNDS["lon_max"] + margin):
        return None
    if not (math.isfinite(zoom) and MIN_ZOOM <= zoom <= MAX_ZOOM):
        return None
    return MapPosition(lat, lon, zoom)


@dataclass(frozen=True)
class Meeting:
    present: bool = False
    tour: str | None = None
    step: int | None = None  # 1-based; set whenever ``tour`` is
    at: MapPosition | None = None
    screen: bool = False  # the command-centre layout (大屏, ``?screen=1``; geo/meeting/screen.py)
    advance: int | None = None  # seconds between tour steps on the big screen (``?advance=30``)

    def with_(self, **changes) -> Meeting:
        return replace(self, **changes)


def meeting_from_query_params(params: Mapping[str, str], tours: TourFile) -> Meeting:
    """Unknown tours and steps out of range fall back to something valid, never an error."""
    tour = tours.get(params.get("tour"))
    step = None
    if tour is not None:
        try:
            step = clamp_step(int(str(params.get("step") or "1")), len(tour.steps))
        except ValueError:
            step = 1
    return Meeting(present=str(params.get("present", "")) in ("1", "true"), tour=tour.id if tour else None,
                   step=step, at=parse_position(params.get("at")),
                   screen=str(params.get("screen", "")) in ("1", "true"), advance=parse_advance(params.get("advance")))


ADVANCE_RANGE_S = (5, 3600)  # a big screen's tour steps: from a quick demo to one step an hour


def parse_advance(text: object) -> int | None:
    """Seconds between tour steps (``advance=30``), kept within :data:`ADVANCE_RANGE_S`; anything
    else (absent, not a number, zero or less) means no auto-advance."""
    try:
        seconds = int(float(str(text).strip()))
    except (TypeError, ValueError, OverflowError):
        return None
    if seconds <= 0:
        return None
    return max(ADVANCE_RANGE_S[0], min(ADVANCE_RANGE_S[1], seconds))


def meeting_to_query_params(meeting: Meeting) -> dict[str, str]:
    params: dict[str, str] = {}
    if meeting.present:
        params["present"] = "1"
    if meeting.tour:
        params["tour"] = meeting.tour
        params["step"] = str(meeting.step or 1)
    if meeting.at is not None:
        params["at"] = meeting.at.param()
    if meeting.screen:
        params["screen"] = "1"
        if meeting.advance:
            params["advance"] = str(meeting.advance)
    return params


def current_step(meeting: Meeting, tours: TourFile) -> TourStep | None:
    tour = tours.get(meeting.tour)
    return tour.step(meeting.step or 1) if tour else None


def url_base(meeting: Meeting, tours: TourFile) -> ViewState:
    """What an absent filter parameter means in this meeting: the open step's view, or everything."""
    step = current_step(meeting, tours)
    return step.view(ViewState.lang, ViewState.basemap) if step else ViewState()


def map_position(meeting: Meeting, tours: TourFile) -> MapPosition | None:
    """Where the map should be: the position from the link, else the open step's, else None (the
    county's extent, or the selected record)."""
    if meeting.at is not None:
        return meeting.at
    step = current_step(meeting, tours)
    if step is not None and step.center is not None and step.zoom is not None:
        return MapPosition(step.center[0], step.center[1], step.zoom)
    return None


# A tour step's zoom frames its view for a map 670 pixels high: the county at zoom 11 is 669 px tall.
# The map is the screen's height less what sits above it (the title row and the strip, ~150 px), so a
# step is zoomed by log2 of the map's height to that, in Leaflet's quarter steps, rounded towards
# showing more (a 1280 x 720 projector: 10.75 for 11; 1920 x 1080: 11.25).
STEP_MAP_HEIGHT_PX = 670
MAP_CHROME_PX = 150


def screen_zoom(position: MapPosition, screen_height: int | None) -> MapPosition:
    """A stored step's position on a screen ``screen_height`` pixels high (None: unchanged)."""
    if not screen_height or screen_height <= MAP_CHROME_PX + 100:
        return position
    extra = math.floor(4 * math.log2((screen_height - MAP_CHROME_PX) / STEP_MAP_HEIGHT_PX) + 1e-9) / 4
    return replace(position, zoom=min(MAX_ZOOM, max(MIN_ZOOM, position.zoom + extra)))


def step_nudge(position: MapPosition, step: int | None) -> MapPosition:
    """st_folium moves the live map only when the centre or zoom it is given changes; two steps with
    the same stored position would leave the map wherever the audience last panned it. A step-dependent
    shift of ~1 cm makes each step's position distinct."""
    return replace(position, lat=position.lat + (step or 0) * 1e-7)


def caption_field_names(text: str) -> list[str]:
    """The ``{fields}`` a caption names, in order, each once."""
    return list(dict.fromkeys(name for _, name, _, _ in Formatter().parse(text) if name))


def step_figure(name: str, label: str, value: str, facts, lang: str) -> Kpi:
    """A caption field as a figure of the step's strip: reported ones cite the sources that state them
    (geo/meeting/tours.py ``FIELD_BASIS``), what the lists count says so, derived ones are marked derived."""
    kind = field_kind(name)
    basis = FIELD_BASIS[name][1]
    period = period_label(facts.loc[basis]["period"], lang) if kind == "reported" and basis in facts.index else ""
    if kind == "reported":
        help_text = t("kpi.source", lang, source=", ".join(field_sources(name, facts)))
    else:
        help_text = t(f"layout.f_{kind}_help", lang)
    return Kpi(name, label, value, kind, help_text, period=period)


def step_figures(step: TourStep, figures: list[Kpi], fields: Mapping[str, str], facts, lang: str) -> list[Kpi]:
    """The figures of a tour step's strip: the ones its caption names (``STEP_FIGURES``), at most
    ``STEP_FIGURES_MAX``; a step that names none shows the headline ``PRESENT_KPIS``."""
    by_key = {k.key: k for k in figures}
    chosen: dict[str, Kpi] = {}
    for name in caption_field_names(step.caption_zh):
        what = STEP_FIGURES.get(name, ("", None))[0]
        if what.startswith("kpi:"):
            if what[4:] in by_key:
                chosen.setdefault(what[4:], by_key[what[4:]])
        elif what:
            chosen.setdefault(name, step_figure(name, t(what, lang), fields[name], facts, lang))
    shown = list(chosen.values())[:STEP_FIGURES_MAX]
    return shown or [k for k in figures if k.key in PRESENT_KPIS]


_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_REFERENCE = re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$", re.MULTILINE)
_AUTOLINK = re.compile(r"<((?:[a-z][a-z0-9+.-]*:|www\.)[^>]*)>", re.IGNORECASE)
_HTML_TAG = re.compile(r"<[^>]*>")


def safe_markdown(text: str) -> str:
    """A caption's Markdown with nothing that reaches outside (security review, point 13): images
    (``![..](..)``) become their alt text, links their words, ``<url>`` and bare URLs plain text
    (``://`` escaped, so nothing is autolinked); bold, italics and lists stay."""
    text = _IMAGE.sub(lambda m: m.group(1), text)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = _REFERENCE.sub("", text)
    text = _AUTOLINK.sub(lambda m: m.group(1), text)
    text = _HTML_TAG.sub("", text)
    return re.sub(r"(?i)\b(https?|ftp|file|data|javascript|mailto)(:)", r"\1\\\2", text).replace("www.", "www\\.")


def caption_lead(text: str) -> tuple[str, str]:
    """A caption's first sentence, and the rest (folded away: a step says one short thing)."""
    for mark in ("。", ". ", "；"):
        head, sep, tail = text.partition(mark)
        if sep and tail.strip():
            return head + sep.strip(), tail.strip()
    return text, ""
