"""Tours (汇报模式): saved sequences of map views that a meeting steps through.

A tour is data, not code: ``data/tours.json`` (see data/README.md and ``data/tours.schema.json``)
holds every tour, and editors change it like the rest of data/. Each step stores what the map shows
(filters, layers, the selected and highlighted records, the map's centre and zoom) and a caption in
zh and en with the sources it cites.

Captions never hold a typed-in figure that the data can compute: they use ``{fields}`` filled from
the dataset, the "1612" tracker and the chain's gap analysis (:func:`caption_fields`), so a caption
cannot drift from the map and the lists. A field no one computes is a load error.

Loading validates the file against :class:`TourFile` and, given the dataset, checks every record id
and source id a step names (:func:`check_against`); every problem is reported with its tour, step
and field (:class:`TourError`), as geo/data/dataset.py does for records.
"""

from __future__ import annotations

import json
import re
import string
from pathlib import Path
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    create_model,
    field_validator,
    model_validator,
)

from geo import units
from geo.figures.chain import chain_summary
from geo.figures.metrics import listed_chain
from geo.figures.tracker import DEFAULT_ASSUMPTIONS, tracker_figures
from geo.filters import BY_ATTR, DIMENSIONS, ViewState
from geo.i18n import t
from geo.model import AOI_BOUNDS, CHAIN_SEGMENTS

TOURS_FILE = "tours.json"
SCHEMA_FILE = "tours.schema.json"
FORMAT_VERSION = 1
MIN_ZOOM, MAX_ZOOM = 5.0, 18.0


class TourError(ValueError):
    """The tours file is unreadable or breaks the schema; the message names every problem."""


class _StepText(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    title_zh: str = Field(min_length=1, max_length=80)
    title_en: str = Field(min_length=1, max_length=80)
    caption_zh: str = Field(min_length=1, max_length=600)
    caption_en: str = Field(min_length=1, max_length=600)
    sources: tuple[str, ...] = ()


# One field per filter dimension (geo.filters.DIMENSIONS), after the text: the order of the file's
# and the schema's properties.
_StepFilters = create_model(
    "_StepFilters", __base__=_StepText,
    **{d.attr: (tuple[Literal[d.choices], ...] | None, None) for d in DIMENSIONS})


# Markdown images and links, autolinks and bare web addresses (security review, point 13; the page
# also renders captions through geo.meeting.presentation.safe_markdown).
_REACHES_OUT = re.compile(r"!\[|\]\(|<[a-z][a-z0-9+.-]*:|\b(?:https?|ftp|file|data|javascript):|www\.", re.IGNORECASE)


class TourStep(_StepFilters):
    """One view of a tour. A filter left out (``null``) means "everything", as in a plain link."""

    selected: str | None = Field(default=None, max_length=64)
    highlight: tuple[str, ...] = Field(default=(), max_length=20)
    center: tuple[float, float] | None = None  # [latitude, longitude], WGS-84
    zoom: float | None = Field(default=None, ge=MIN_ZOOM, le=MAX_ZOOM)

    @field_validator(*BY_ATTR)
    @classmethod
    def _canonical(cls, v, info: ValidationInfo):
        """Vocabulary order, no repeats (unknown values are rejected by the field's type)."""
        return None if v is None else BY_ATTR[info.field_name].canonical(v)

    @field_validator("center")
    @classmethod
    def _in_area(cls, v):
        if v is not None:
            lat, lon = v
            if not (AOI_BOUNDS["lat_min"] <= lat <= AOI_BOUNDS["lat_max"]
                    and AOI_BOUNDS["lon_min"] <= lon <= AOI_BOUNDS["lon_max"]):
                raise ValueError(f"[{lat}, {lon}] is not [latitude, longitude] near Qingyun "
                                 f"(lat {AOI_BOUNDS['lat_min']}-{AOI_BOUNDS['lat_max']}, "
                                 f"lon {AOI_BOUNDS['lon_min']}-{AOI_BOUNDS['lon_max']})")
        return v

    @field_validator("caption_zh", "caption_en", "title_zh", "title_en")
    @classmethod
    def _known_fields(cls, text: str) -> str:
        try:
            names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
        except ValueError as exc:
            raise ValueError(f"bad {{field}} syntax ({exc}); write a literal brace as {{{{ or }}}}") from exc
        unknown = sorted(names - set(CAPTION_FIELDS))
        if unknown:
            raise ValueError(f"unknown field(s) {unknown}; known: {', '.join(CAPTION_FIELDS)}")
        if _REACHES_OUT.search(text):
            raise ValueError("no images, links or web addresses in a caption: it is shown as it is, offline")
        return text

    @model_validator(mode="after")
    def _centre_and_zoom_together(self) -> TourStep:
        if (self.center is None) != (self.zoom is None):
            raise ValueError("give both center and zoom, or neither")
        return self

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_zh

    def view(self, lang: str, basemap: str) -> ViewState:
        """The step's view; language and basemap stay the viewer's."""
        stored = {d.attr: getattr(self, d.attr) for d in DIMENSIONS if getattr(self, d.attr) is not None}
        return ViewState(lang=lang, basemap=basemap, selected=self.selected).with_(**stored)


class Tour(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")
    title_zh: str = Field(min_length=1, max_length=80)
    title_en: str = Field(min_length=1, max_length=80)
    description_zh: str = Field(default="", max_length=400)
    description_en: str = Field(default="", max_length=400)
    steps: tuple[TourStep, ...] = Field(min_length=1, max_length=40)

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_zh

    def description(self, lang: str) -> str:
        return self.description_en if lang == "en" else self.description_zh

    def step(self, number: int) -> TourStep:
        """Step ``number``, counted from 1 as the URL counts (``?tour=default&step=1``)."""
        return self.steps[clamp_step(number, len(self.steps)) - 1]


class TourFile(BaseModel):
    """The whole file: ``{"version": 1, "tours": [...]}``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[1] = FORMAT_VERSION
    tours: tuple[Tour, ...] = ()

    @model_validator(mode="after")
    def _unique_ids(self) -> TourFile:
        ids = [tour.id for tour in self.tours]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate tour id(s) {duplicates}")
        return self

    def get(self, tour_id: str | None) -> Tour | None:
        return next((tour for tour in self.tours if tour.id == tour_id), None)


NO_TOURS = TourFile()


def clamp_step(number: int, count: int) -> int:
    return min(max(int(number), 1), count)


# --- reading and writing ------------------------------------------------------------------------


def _where(loc: tuple, document: object) -> str:
    """("tours", 0, "steps", 2, "zoom") -> "tour 1 (default) step 3: zoom"."""
    parts, field = [], []
    tours = document.get("tours") if isinstance(document, dict) else None
    i = 0
    while i < len(loc):
        key = loc[i]
        if key == "tours" and i + 1 < len(loc) and isinstance(loc[i + 1], int):
            index = loc[i + 1]
            tour_id = tours[index].get("id") if isinstance(tours, list) and index < len(tours) \
                and isinstance(tours[index], dict) else None
            parts.append(f"tour {index + 1}" + (f" ({tour_id})" if tour_id else ""))
            i += 2
        elif key == "steps" and i + 1 < len(loc) and isinstance(loc[i + 1], int):
            parts.append(f"step {loc[i + 1] + 1}")
            i += 2
        else:
            field.append(str(key))
            i += 1
    return " ".join(parts) + (": " if parts and field else "") + ".".join(field)


def tours_from_document(document: object, name: str = TOURS_FILE) -> TourFile:
    """Validate a parsed tours document (e.g. from the store) against the schema."""
    try:
        return TourFile.model_validate(document)
    except ValidationError as exc:
        errors = exc.errors()
        # A list whose items all failed is also "too short": say only what is wrong with the items.
        inner = [tuple(e["loc"]) for e in errors]
        errors = [e for e in errors if not (e["type"] == "too_short" and any(
            loc[:len(e["loc"])] == tuple(e["loc"]) and len(loc) > len(e["loc"]) for loc in inner))]
        problems = [f"{_where(tuple(e['loc']), document) or 'file'}: {e['msg']}" for e in errors]
        raise TourError(f"{name}: {len(problems)} problem(s):\n  " + "\n  ".join(problems[:20])) from None


def load_tours(path: Path | str, dataset=None) -> TourFile:
    """The tours in ``path``; none when the file does not exist. With ``dataset``, every record and
    source a step names must exist in it."""
    path = Path(path)
    if not path.is_file():
        return NO_TOURS
    try:
        document = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TourError(f"{path.name}: not valid UTF-8 JSON ({exc})") from None
    tours = tours_from_document(document, path.name)
    if dataset is not None and (problems := check_against(tours, dataset)):
        raise TourError(f"{path.name}: {len(problems)} problem(s):\n  " + "\n  ".join(problems[:20]))
    return tours


def check_against(tours: TourFile, dataset) -> list[str]:
    """Record and source ids the steps name that the dataset does not have."""
    records = set(dataset.records["id"]) | set(getattr(dataset, "park_plots", {"id": []})["id"])
    sources = set(dataset.sources["id"])
    problems = []
    for t_index, tour in enumerate(tours.tours, start=1):
        for s_index, step in enumerate(tour.steps, start=1):
            where = f"tour {t_index} ({tour.id}) step {s_index}"
            for field, ids in (("selected", [step.selected] if step.selected else []),
                               ("highlight", list(step.highlight))):
                if missing := [i for i in ids if i not in records]:
                    problems.append(f"{where}: {field}: unknown record id(s) {missing}")
            if missing := [s for s in step.sources if s not in sources]:
                problems.append(f"{where}: sources: unknown source id(s) {missing}")
    return problems


def tours_json(tours: TourFile) -> bytes:
    """The file as editors keep it: UTF-8, Chinese as is, two-space indents, defaults left out."""
    document = tours.model_dump(mode="json", exclude_defaults=True)
    document = {"version": FORMAT_VERSION, **document}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def json_schema() -> dict:
    """The JSON Schema of the file (written to data/tours.schema.json for editors and tools)."""
    schema = TourFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Qingyun Chain Map tours (汇报模式)"
    return schema


def schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


# --- captions ------------------------------------------------------------------------------------

CAPTION_FIELDS: tuple[str, ...] = (
    "capacity_mw", "share_pct", "generation_q1_q3", "wind_farms_reported", "wind_farms_listed",
    "wind_gem", "wind_gem_mw", "pv_utility_listed", "pv_utility_mw", "rooftop_reported",
    "enterprises_reported", "enterprises_listed", "projects_reported", "projects_listed",
    "output_reported", "segments_with_records", "segments_without_records", "gap_nodes", "weak_nodes",
    "extension_nodes", "park_investment", "cells_gwh", "cells_target", "cells_share", "packs_gwh",
    "packs_target", "ess_gwh", "ess_target", "output_listed", "output_target", "output_share",
    "renovating_gwh",
    # issue 11: period-correct wind, utility PV by status, the park's room
    "wind_year", "wind_gem_by_year", "wind_gem_by_year_mw", "wind_gem_undated", "wind_gem_undated_mw",
    "wind_gem_later", "wind_gem_later_mw", "wind_gem_later_years", "pv_utility_operating",
    "pv_utility_operating_mw", "pv_utility_pre", "pv_utility_pre_mw", "park_room",
)

# What each field rests on, so that a caption cites exactly the sources that state it:
# ("fact", id): a reported figure of reported_facts.csv, cited by the fact's sources;
# ("source", id): values one source states (a dataset's rows, a figure of one press source);
# ("lists", None): counted or summed from the lists, no source states it;
# ("derived", None): computed from the lists with the tracker's default assumptions;
# ("period", id): the year a reported fact holds for (a date, not a figure).
FIELD_BASIS: dict[str, tuple[str, str | None]] = {
    "capacity_mw": ("fact", "newenergy_capacity_mw"), "share_pct": ("fact", "newenergy_share_pct"),
    "generation_q1_q3": ("fact", "generation_q1_q3_2022_kwh"),
    "wind_farms_reported": ("fact", "wind_farms_operating"), "wind_farms_listed": ("lists", None),
    "wind_gem": ("source", "GEM-WIND"), "wind_gem_mw": ("source", "GEM-WIND"),
    "pv_utility_listed": ("source", "GEM-SOLAR"), "pv_utility_mw": ("source", "GEM-SOLAR"),
    "rooftop_reported": ("fact", "rooftop_pv_installations"),
    "enterprises_reported": ("fact", "enterprises_above_size"), "enterprises_listed": ("lists", None),
    "projects_reported": ("fact", "chain_projects_settled_2022"), "projects_listed": ("lists", None),
    "output_reported": ("fact", "enterprises_output_value_cny"), "segments_with_records": ("lists", None),
    "segments_without_records": ("lists", None), "gap_nodes": ("lists", None), "weak_nodes": ("lists", None),
    "extension_nodes": ("source", "S2"), "park_investment": ("fact", "park_investment_cny"),
    "cells_gwh": ("derived", None), "cells_target": ("fact", "target_cells_gwh_2025"),
    "cells_share": ("derived", None), "packs_gwh": ("derived", None),
    "packs_target": ("fact", "target_packs_gwh_2025"), "ess_gwh": ("derived", None),
    "ess_target": ("fact", "target_ess_gwh_2025"), "output_listed": ("lists", None),
    "output_target": ("fact", "target_output_value_cny_2025"), "output_share": ("derived", None),
    "renovating_gwh": ("derived", None), "wind_year": ("period", "wind_farms_operating"),
    "wind_gem_by_year": ("source", "GEM-WIND"), "wind_gem_by_year_mw": ("source", "GEM-WIND"),
    "wind_gem_undated": ("source", "GEM-WIND"), "wind_gem_undated_mw": ("source", "GEM-WIND"),
    "wind_gem_later": ("source", "GEM-WIND"), "wind_gem_later_mw": ("source", "GEM-WIND"),
    "wind_gem_later_years": ("source", "GEM-WIND"), "pv_utility_operating": ("source", "GEM-SOLAR"),
    "pv_utility_operating_mw": ("source", "GEM-SOLAR"), "pv_utility_pre": ("source", "GEM-SOLAR"),
    "pv_utility_pre_mw": ("source", "GEM-SOLAR"), "park_room": ("fact", "park_enterprise_room"),
}


def field_sources(name: str, facts) -> tuple[str, ...]:
    """The sources that state a field's figure (none for what the lists count or the tracker derives)."""
    kind, ref = FIELD_BASIS[name]
    if kind == "fact":
        return tuple(s.strip() for s in str(facts.loc[ref, "source"]).split(";") if s.strip())
    return (ref,) if kind == "source" else ()


def field_kind(name: str) -> str:
    """reported (a source states it), listed (the lists hold it), derived (computed on assumptions) or
    period (the year a fact holds for)."""
    return {"fact": "reported", "source": "reported", "lists": "listed", "derived": "derived",
            "period": "period"}[FIELD_BASIS[name][0]]


def operating_by(rows, year: int):
    """Split assets by start year: (started by ``year``, start year not reported, started later)."""
    start = rows["start_year"].astype(float)
    return rows[start <= year], rows[start.isna()], rows[start > year]


def caption_fields(dataset, lang: str) -> dict[str, str]:
    """Every ``{field}`` a caption may use, computed from the data in ``lang``."""
    fact = dataset.fact
    records = dataset.records
    sep = "、" if lang == "zh" else ", "
    wind = records[records["layer"] == "wind_farm"]
    gem_wind = wind[wind["source"].fillna("").str.split(";").map(lambda ids: "GEM-WIND" in ids)
                    & wind["capacity_mw"].notna()]
    pv = records[records["layer"] == "pv_utility"]
    summary = chain_summary(records)
    figures = tracker_figures(records, dataset.facts, DEFAULT_ASSUMPTIONS)
    chain = records[records["layer"] == "chain"]
    present = [s for s in CHAIN_SEGMENTS if (chain["chain_segment"] == s).any()]
    absent = [s for s in CHAIN_SEGMENTS if s not in present]
    renovating = sum(c.gwh or 0.0 for c in figures.contributions if c.reason == "renovating_excluded")
    park_investment = dataset.park["investment_cny"].dropna() if "investment_cny" in dataset.park else []

    def nodes(status: str) -> str:
        return sep.join(t(f"chain_node.{n}", lang) for n, s in summary.items() if s.status == status) or "—"

    def gwh(value: float) -> str:
        return f"{value:,.2f}".rstrip("0").rstrip(".") + " GWh"

    year = int(str(fact("wind_farms_operating")["period"])[:4])
    by_year, undated, later = operating_by(gem_wind, year)
    pv_operating = pv[pv["status"].isin(("operating", "full_capacity"))]
    pv_pre = pv[~pv["status"].isin(("operating", "full_capacity"))]

    def mw(rows) -> str:
        return units.mw(float(rows["capacity_mw"].sum()), lang)

    later_years = sorted({int(y) for y in later["start_year"]})
    return {
        "wind_year": f"{year}",
        "wind_gem_by_year": f"{len(by_year)}", "wind_gem_by_year_mw": mw(by_year),
        "wind_gem_undated": f"{len(undated)}", "wind_gem_undated_mw": mw(undated),
        "wind_gem_later": f"{len(later)}", "wind_gem_later_mw": mw(later),
        "wind_gem_later_years": sep.join(str(y) for y in later_years) or "—",
        "pv_utility_operating": f"{len(pv_operating)}", "pv_utility_operating_mw": mw(pv_operating),
        "pv_utility_pre": f"{len(pv_pre)}", "pv_utility_pre_mw": mw(pv_pre),
        "park_room": f"{int(fact('park_enterprise_room')['value'])}",
        "capacity_mw": f"{float(fact('newenergy_capacity_mw')['value']):,.0f} MW",
        "share_pct": f"{float(fact('newenergy_share_pct')['value']):g}%",
        "generation_q1_q3": units.kwh(float(fact("generation_q1_q3_2022_kwh")["value"]), lang),
        "wind_farms_reported": f"{int(fact('wind_farms_operating')['value'])}",
        "wind_farms_listed": f"{len(wind)}",
        "wind_gem": f"{len(gem_wind)}",
        "wind_gem_mw": units.mw(float(gem_wind["capacity_mw"].sum()), lang),
        "pv_utility_listed": f"{len(pv)}",
        "pv_utility_mw": units.mw(float(pv["capacity_mw"].sum()), lang),
        "rooftop_reported": f"{int(fact('rooftop_pv_installations')['value']):,}",
        "enterprises_reported": f"{int(fact('enterprises_above_size')['value'])}",
        "enterprises_listed": f"{len(listed_chain(records, 'enterprise'))}",
        "projects_reported": f"{int(fact('chain_projects_settled_2022')['value'])}",
        "projects_listed": f"{len(listed_chain(records, 'project'))}",
        "output_reported": units.yuan(float(fact("enterprises_output_value_cny")["value"]), lang),
        "segments_with_records": sep.join(t(f"segment.{s}", lang) for s in present) or "—",
        "segments_without_records": sep.join(t(f"segment.{s}", lang) for s in absent) or "—",
        "gap_nodes": nodes("gap"),
        "weak_nodes": nodes("weak"),
        "extension_nodes": sep.join(t(f"chain_node.{n.node.id}", lang) for n in summary.values()
                                    if n.node.extension_target) or "—",
        "park_investment": units.yuan(float(park_investment.sum()) if len(park_investment) else None, lang),
        "cells_gwh": gwh(figures.cells_gwh),
        "cells_target": gwh(figures.targets["cells"]),
        "cells_share": units.percent(figures.progress("cells").share),
        "packs_gwh": gwh(figures.packs_gwh),
        "packs_target": gwh(figures.targets["packs"]),
        "ess_gwh": gwh(figures.ess_gwh),
        "ess_target": gwh(figures.targets["ess"]),
        "output_listed": units.yuan(figures.listed_output_cny, lang),
        "output_target": units.yuan(figures.targets["output_value"], lang),
        "output_share": units.percent(figures.progress("output_value").share),
        "renovating_gwh": gwh(renovating),
    }


def caption(step: TourStep, fields: dict[str, str], lang: str) -> str:
    return (step.caption_en if lang == "en" else step.caption_zh).format(**fields)


def title(step: TourStep, fields: dict[str, str], lang: str) -> str:
    return step.title(lang).format(**fields)
