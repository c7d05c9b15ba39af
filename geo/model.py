"""The domain model: vocabularies of the chain and the one schema every bundled record obeys.

Every record on the map or in a list is a :class:`Record`. Vocabularies are tuples of codes; their
display names live in :mod:`geo.i18n` so that zh and en stay in one table.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# The six segments the source (S1) names, in chain order, then the two that feed or host the chain.
CHAIN_SEGMENTS: tuple[str, ...] = (
    "materials",
    "cells",
    "pack",
    "application",
    "cascade",
    "recycling",
)
SEGMENTS: tuple[str, ...] = (*CHAIN_SEGMENTS, "green_power", "platform")

# Colours chosen to be told apart on a projector and by the colour-blind (Okabe-Ito based).
SEGMENT_COLORS: dict[str, str] = {
    "materials": "#E69F00",
    "cells": "#D55E00",
    "pack": "#CC79A7",
    "application": "#0072B2",
    "cascade": "#56B4E9",
    "recycling": "#009E73",
    "green_power": "#7A9A01",
    "platform": "#555555",
}

# Stage pipeline of projects (lead -> full capacity) plus the states energy assets report.
STATUSES: tuple[str, ...] = (
    "lead",
    "signed",
    "pre_construction",
    "construction",
    "operating",
    "full_capacity",
    "renovating",
)

# Map layers of point records, in drawing order (bottom first).
POINT_LAYERS: tuple[str, ...] = ("pv_rooftop", "pv_utility", "wind_farm", "chain")
# Layers a user can switch on and off, including the polygon ones.
LAYERS: tuple[str, ...] = ("boundary", "park", *POINT_LAYERS)

KINDS: tuple[str, ...] = ("enterprise", "project", "asset")
PROVENANCES: tuple[str, ...] = ("reported", "derived", "illustrative")
LOCATION_PROVENANCES: tuple[str, ...] = ("reported", "approximate", "illustrative")

TOWNSHIP_CODES: tuple[str, ...] = (
    "371423001",
    "371423100",
    "371423101",
    "371423102",
    "371423103",
    "371423104",
    "371423200",
    "371423202",
    "371423203",
)
UNKNOWN_TOWNSHIP = "unknown"

# Rough box around Qingyun and its neighbours; a bundled record outside it is a data error.
AOI_BOUNDS = {"lon_min": 117.1, "lon_max": 117.8, "lat_min": 37.5, "lat_max": 38.1}

Segment = Literal[
    "materials", "cells", "pack", "application", "cascade", "recycling", "green_power", "platform"
]
Status = Literal[
    "lead", "signed", "pre_construction", "construction", "operating", "full_capacity", "renovating"
]
Layer = Literal["pv_rooftop", "pv_utility", "wind_farm", "chain"]


# 统一社会信用代码: 18 characters from this alphabet (no I, O, S, V, Z); the last is a check character.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_character(first17: str) -> str:
    """The check character of a unified social credit code (GB 32100-2015, weights 3^i mod 31)."""
    total = sum(CREDIT_CODE_ALPHABET.index(c) * w for c, w in zip(first17, _CREDIT_CODE_WEIGHTS, strict=True))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def credit_code_is_valid(code: str) -> bool:
    return (len(code) == 18 and all(c in CREDIT_CODE_ALPHABET for c in code)
            and credit_code_check_character(code[:17]) == code[17])


class Record(BaseModel):
    """One point on the map and one row in a list.

    ``provenance`` says where the record's facts come from; ``location_provenance`` says where its
    position comes from, because most positions are not published and are drawn illustratively.
    Units are in the field names: MW, yuan (CNY), cells per day, ampere-hours.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[A-Z][A-Z0-9-]{1,40}$")
    layer: Layer
    kind: Literal["enterprise", "project", "asset"]
    name_zh: str = Field(min_length=1, max_length=200)
    name_en: str = Field(min_length=1, max_length=200)
    # 统一社会信用代码 (GB 32100-2015), optional: the one identifier of an enterprise that survives
    # renames and typos in its name; imports match records by it.
    credit_code: str | None = None
    chain_segment: Segment
    chain_node: str | None = None
    status: Status
    township_code: str | None = None
    operator_zh: str | None = None
    operator_en: str | None = None
    capacity_mw: float | None = Field(default=None, ge=0, le=100_000)
    # Energy a storage station holds (MWh), beside its power (capacity_mw): 301 MW / 602 MWh.
    energy_mwh: float | None = Field(default=None, ge=0, le=1_000_000)
    cells_per_day: int | None = Field(default=None, ge=0)
    cell_ah: float | None = Field(default=None, gt=0, le=1000)
    cell_format: str | None = None
    production_lines: int | None = Field(default=None, ge=0)
    investment_cny: float | None = Field(default=None, ge=0)
    output_value_cny_per_year: float | None = Field(default=None, ge=0)
    start_year: int | None = Field(default=None, ge=1990, le=2100)
    settled_year: int | None = Field(default=None, ge=1990, le=2100)
    park_id: str | None = None
    lon: float = Field(ge=AOI_BOUNDS["lon_min"], le=AOI_BOUNDS["lon_max"])
    lat: float = Field(ge=AOI_BOUNDS["lat_min"], le=AOI_BOUNDS["lat_max"])
    location_provenance: Literal["reported", "approximate", "illustrative"]
    provenance: Literal["reported", "derived", "illustrative"]
    source: str = Field(min_length=1)
    note_zh: str | None = None
    note_en: str | None = None
    # Values a source implies but does not state (a cell format, a park's stage, an expanded company
    # name): the fields, ";"-separated, and why each was inferred, in both languages.
    inferred: str | None = None
    inferred_note_zh: str | None = None
    inferred_note_en: str | None = None

    @field_validator("township_code")
    @classmethod
    def _known_township(cls, value: str | None) -> str | None:
        if value is not None and value not in TOWNSHIP_CODES:
            raise ValueError(f"unknown township code {value!r}")
        return value

    @field_validator("credit_code")
    @classmethod
    def _valid_credit_code(cls, value: str | None) -> str | None:
        if value is not None and not credit_code_is_valid(value):
            raise ValueError(f"not a valid unified social credit code {value!r}")
        return value

    @field_validator("source")
    @classmethod
    def _at_least_one_source(cls, value: str) -> str:
        if not any(part.strip() for part in value.split(";")):
            raise ValueError("at least one source id is needed (e.g. S1)")
        return value

    @model_validator(mode="after")
    def _layer_rules(self) -> Record:
        if self.layer == "chain" and self.kind == "asset":
            raise ValueError("chain records are enterprises or projects, not assets")
        if self.layer != "chain" and self.kind != "asset":
            raise ValueError(f"{self.layer} records are assets")
        if self.layer != "chain" and self.chain_segment != "green_power":
            raise ValueError("energy assets belong to the green_power segment")
        if self.provenance == "illustrative" and self.location_provenance != "illustrative":
            raise ValueError("an illustrative record cannot have a reported location")
        if self.inferred:
            unknown = [f for f in inferred_fields(self.inferred) if f not in Record.model_fields or f in _NOT_INFERABLE]
            if unknown:
                raise ValueError(f"inferred names fields that cannot be inferred: {unknown}")
            if not (self.inferred_note_zh and self.inferred_note_en):
                raise ValueError("an inferred value needs its reasoning (inferred_note_zh and inferred_note_en)")
        elif self.inferred_note_zh or self.inferred_note_en:
            raise ValueError("an inference note needs the fields it explains (inferred)")
        return self


def inferred_fields(value) -> list[str]:
    """The field names a record's ``inferred`` cell lists ("status;cell_format" -> two names)."""
    if not isinstance(value, str):
        return []
    return [part.strip() for part in value.split(";") if part.strip()]


# Bookkeeping fields: a value of these is never "inferred" (positions have location_provenance).
_NOT_INFERABLE = ("id", "layer", "lon", "lat", "location_provenance", "provenance", "source", "note_zh",
                  "note_en", "inferred", "inferred_note_zh", "inferred_note_en")


RECORD_FIELDS: tuple[str, ...] = tuple(Record.model_fields)


# --- the lists beyond the map's records (issue 3) ------------------------------------------------


class InvestmentTarget(BaseModel):
    """One row of the investment-target list (招商目标企业清单, data/investment_targets.csv).

    ``chain_node`` names the node of the chain the target would fill (checked against
    :data:`geo.chain.NODE_IDS` when the dataset loads). Targets have no position: they are not on
    the map until they settle.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[A-Z][A-Z0-9-]{1,40}$")
    target_name_zh: str = Field(min_length=1, max_length=200)
    target_name_en: str | None = Field(default=None, max_length=200)
    # 招商目标: a named company, or a kind of company the county wants (e.g. "separator makers").
    target_type: Literal["company", "company_type"]
    chain_node: str = Field(min_length=1)
    # Where contact with a target stands, in the order a target moves through it.
    contact_status: Literal["not_contacted", "contacted", "negotiating", "signed", "dropped"]
    owner_department: str | None = Field(default=None, max_length=200)
    note: str | None = None
    provenance: Literal["reported", "derived", "illustrative"]
    source: str = Field(min_length=1)


INVESTMENT_TARGET_FIELDS: tuple[str, ...] = tuple(InvestmentTarget.model_fields)


class ParkPlot(BaseModel):
    """The properties of one park plot (园区地块, data/park_plots.geojson).

    Until real plots are imported the plots are illustrative: a subdivision of the illustrative park
    outline. Their area is derived from their geometry (``area_provenance``); no tenant is recorded.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[A-Z][A-Z0-9-]{1,40}$")
    park_id: str
    name_zh: str = Field(min_length=1, max_length=200)
    name_en: str = Field(min_length=1, max_length=200)
    area_ha: float | None = Field(default=None, ge=0)
    area_provenance: Literal["reported", "derived", "illustrative"] | None = None
    tenant_zh: str | None = None
    tenant_en: str | None = None
    location_provenance: Literal["reported", "approximate", "illustrative"]
    provenance: Literal["reported", "derived", "illustrative"]
    source: str = Field(min_length=1)
    note_zh: str | None = None
    note_en: str | None = None

    @model_validator(mode="after")
    def _illustrative_plots_have_no_tenant(self) -> ParkPlot:
        if self.provenance == "illustrative" and (self.tenant_zh or self.tenant_en):
            raise ValueError("an illustrative plot cannot name a tenant")
        return self


PARK_PLOT_FIELDS: tuple[str, ...] = tuple(ParkPlot.model_fields)
