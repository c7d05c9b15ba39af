"""The N lists (N张清单) as data: which rows each list holds, its columns with zh/en headers and units,
and its totals; and the function that turns the dataset, the view's filters and a search text into
the table a page shows and an export writes.

A list never hides where a row comes from: every list has provenance and source columns, record
lists say when a position is illustrative (示意位置), and where the sources report more than the
list holds (13 enterprises above designated size, 550 MW) the reported figure is shown beside the
list's own total, never mixed into it. The rows themselves are made in :mod:`geo.lists.rows`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo import units
from geo.data.dataset import Dataset
from geo.filters import ViewState, filter_records
from geo.i18n import t
from geo.lists.rows import filter_plots, filter_targets, plot_rows, record_rows, rooftop_by_township, target_rows
from geo.model import SEGMENTS

LIST_KEYS: tuple[str, ...] = ("enterprises", "projects", "targets", "energy", "plots")
# The stage pipeline of projects (线索 -> 签约 -> 开工 -> 投产 -> 达产), then the side state.
PIPELINE: tuple[str, ...] = ("lead", "signed", "pre_construction", "construction", "operating",
                             "full_capacity")
SIDE_STAGES: tuple[str, ...] = ("renovating",)
ENERGY_ORDER = {"wind_farm": 0, "pv_utility": 1, "pv_rooftop": 2}


@dataclass(frozen=True)
class Column:
    key: str  # the column in ListTable.frame
    label: str  # geo.i18n key of the header; the text carries the unit
    kind: str = "text"  # text | int | number | year
    decimals: int = 0
    width: int = 14  # spreadsheet width, in characters

    def header(self, lang: str) -> str:
        return t(self.label, lang)

    def bilingual_header(self) -> str:
        """"名称 Name": both languages, for exports that officials share across offices."""
        zh, en = t(self.label, "zh"), t(self.label, "en")
        return zh if zh == en else f"{zh} {en}"


@dataclass(frozen=True)
class ListSpec:
    key: str
    columns: tuple[Column, ...]
    totals: tuple[str, ...]  # keys of TOTALS, in display order
    reported: tuple[str, ...] = ()  # reported_facts ids shown beside the totals
    on_map: bool = True  # rows are records or plots with a position

    @property
    def title(self) -> str:
        return f"lists.{self.key}.title"


C = Column
ID = C("id", "field.id", width=16)
NAME = C("name", "field.name", width=40)
SEGMENT = C("segment", "field.chain_segment", width=16)
NODE = C("node", "lists.col.chain_node", width=14)
STATUS = C("status", "field.status", width=14)
STAGE = C("status", "lists.col.stage", width=12)
OPERATOR = C("operator", "field.operator", width=28)
PARK = C("park", "lists.col.park", width=26)
TOWNSHIP = C("township", "field.township", width=12)
CAPACITY = C("capacity_mw", "field.capacity_mw", "number", 1, 12)
ENERGY_MWH = C("energy_mwh", "field.energy_mwh", "number", 1, 12)
CELLS = C("cells_per_day", "field.cells_per_day", "int", 0, 14)
CELL_AH = C("cell_ah", "field.cell_ah", "number", 1, 12)
CELL_FORMAT = C("cell_format", "field.cell_format", width=10)
LINES = C("production_lines", "lists.col.production_lines", "int", 0, 10)
GWH = C("gwh_per_year", "lists.col.gwh_per_year", "number", 3, 14)
INVESTMENT = C("investment", "field.investment_cny", "number", 2, 14)
OUTPUT = C("output_value", "field.output_value_cny_per_year", "number", 2, 14)
SETTLED = C("settled_year", "field.settled_year", "year", 0, 10)
START = C("start_year", "field.start_year", "year", 0, 10)
ASSET_TYPE = C("asset_type", "lists.col.asset_type", width=16)
SYSTEMS = C("systems", "lists.col.systems", "int", 0, 10)
AREA = C("area_ha", "lists.col.area_ha", "number", 2, 14)
TARGET_NAME = C("name", "lists.col.target_name", width=36)
TARGET_TYPE = C("target_type", "lists.col.target_type", width=14)
CONTACT = C("contact_status", "lists.col.contact_status", width=12)
DEPARTMENT = C("owner_department", "lists.col.owner_department", width=18)
LOCATION = C("location", "field.location_provenance", width=14)
PROVENANCE = C("provenance", "field.provenance", width=10)
SOURCE = C("source", "field.source", width=22)
NOTE = C("note", "field.note", width=60)
INFERRED = C("inferred", "field.inferred", width=60)

LISTS: dict[str, ListSpec] = {spec.key: spec for spec in (
    ListSpec("enterprises", (ID, NAME, SEGMENT, NODE, STATUS, PARK, TOWNSHIP, CELLS, SETTLED, INVESTMENT, OUTPUT,
                             LOCATION, PROVENANCE, SOURCE, NOTE, INFERRED),
             totals=("count", "investment", "output_value"),
             reported=("enterprises_above_size", "enterprises_output_value_cny")),
    ListSpec("projects", (ID, NAME, STAGE, SEGMENT, NODE, OPERATOR, CAPACITY, ENERGY_MWH, CELLS, CELL_AH,
                          CELL_FORMAT, LINES, GWH, INVESTMENT, OUTPUT, SETTLED, START, PARK, TOWNSHIP, LOCATION,
                          PROVENANCE, SOURCE, NOTE, INFERRED),
             totals=("count", "gwh_per_year", "investment", "output_value"),
             reported=("chain_projects_settled_2022",)),
    ListSpec("targets", (ID, TARGET_NAME, TARGET_TYPE, NODE, CONTACT, DEPARTMENT, NOTE, PROVENANCE, SOURCE),
             totals=("count",), on_map=False),
    ListSpec("energy", (ID, ASSET_TYPE, NAME, STATUS, OPERATOR, CAPACITY, ENERGY_MWH, SYSTEMS, START, TOWNSHIP,
                        LOCATION, PROVENANCE, SOURCE, NOTE, INFERRED),
             totals=("systems", "capacity_mw"),
             reported=("newenergy_capacity_mw", "wind_farms_operating", "rooftop_pv_installations")),
    ListSpec("plots", (ID, NAME, PARK, AREA, LOCATION, PROVENANCE, SOURCE, NOTE),
             totals=("count", "area_ha")),
)}

# total key -> (label key, column summed (None: rows counted), decimals)
TOTALS: dict[str, tuple[str, str | None, int]] = {
    "count": ("lists.total.count", None, 0),
    "systems": ("lists.total.systems", "systems", 0),
    "capacity_mw": ("lists.total.capacity_mw", "capacity_mw", 1),
    "gwh_per_year": ("lists.total.gwh_per_year", "gwh_per_year", 3),
    "investment": ("lists.total.investment", "investment", 2),
    "output_value": ("lists.total.output_value", "output_value", 2),
    "area_ha": ("lists.total.area_ha", "area_ha", 2),
}


@dataclass(frozen=True)
class Total:
    key: str
    label: str
    value: float | None  # None when no row reports the value
    decimals: int
    covered: int  # rows that report the value
    rows: int

    @property
    def text(self) -> str:
        return "—" if self.value is None else f"{self.value:,.{self.decimals}f}"


@dataclass(frozen=True)
class ReportedFigure:
    fact_id: str
    label: str
    value: str
    source: str


@dataclass(frozen=True)
class ListTable:
    """One list as shown: ``frame`` has the spec's column keys and typed values (numbers in the
    header's unit, NaN = not reported); ``ids`` are the rows' record ids, in the same order."""

    spec: ListSpec
    lang: str
    frame: pd.DataFrame
    ids: tuple[str, ...]
    totals: tuple[Total, ...]
    reported: tuple[ReportedFigure, ...]
    query: str
    available: int  # rows the list holds before filters and search
    status_codes: tuple[str | None, ...] = ()  # each row's status code (record lists)

    @property
    def empty(self) -> bool:
        return self.frame.empty

    @property
    def columns(self) -> tuple[Column, ...]:
        return self.spec.columns

    def headers(self) -> dict[str, str]:
        return {c.key: c.header(self.lang) for c in self.columns}

    def display_frame(self) -> pd.DataFrame:
        """The frame with the UI language's headers, for a page's table."""
        return self.frame.rename(columns=self.headers())

    def row_of(self, record_id: str | None) -> int | None:
        return self.ids.index(record_id) if record_id in self.ids else None

    @property
    def illustrative_rows(self) -> int:
        if "location" not in self.frame:
            return 0
        return int((self.frame["location"] == t("location.illustrative", self.lang)).sum())


def _rows_for(spec: ListSpec, dataset: Dataset, state: ViewState) -> tuple[pd.DataFrame, int]:
    """(rows under the filters, rows the list holds without them)."""
    lang, records = state.lang, dataset.records
    if spec.key in ("enterprises", "projects"):
        kind = spec.key.removesuffix("s")
        listed = records[(records["layer"] == "chain") & (records["kind"] == kind)]
        filtered = filter_records(listed, state)
        # Chain order (materials first), then id: how officials read the chain.
        filtered = filtered.iloc[filtered["chain_segment"].map(SEGMENTS.index).argsort(kind="stable")]
        return record_rows(filtered, dataset, lang), len(listed)
    if spec.key == "energy":
        listed = records[records["kind"] == "asset"]
        filtered = filter_records(listed, state)
        points = filtered[filtered["layer"] != "pv_rooftop"]
        points = points.iloc[points["layer"].map(ENERGY_ORDER).argsort(kind="stable")]
        rooftop = rooftop_by_township(filtered[filtered["layer"] == "pv_rooftop"], dataset, lang)
        frames = [f for f in (record_rows(points, dataset, lang), rooftop) if not f.empty]
        rows = pd.concat(frames, ignore_index=True) if frames else record_rows(points, dataset, lang)
        return rows, len(listed)
    if spec.key == "targets":
        targets = dataset.investment_targets
        return target_rows(filter_targets(targets, state), lang), len(targets)
    plots = dataset.park_plots
    return plot_rows(filter_plots(plots, state), dataset, lang), len(plots)


def matches(search_text: pd.Series, query: str) -> pd.Series:
    """Every word of the query appears (case-insensitive) in the row's names, id or operator."""
    mask = pd.Series(True, index=search_text.index)
    for word in query.casefold().split():
        mask &= search_text.str.contains(word, regex=False)
    return mask


def totals(spec: ListSpec, frame: pd.DataFrame, lang: str) -> tuple[Total, ...]:
    out = []
    for key in spec.totals:
        label_key, column, decimals = TOTALS[key]
        if column is None:
            out.append(Total(key, t(label_key, lang), float(len(frame)), 0, len(frame), len(frame)))
            continue
        values = pd.to_numeric(frame[column], errors="coerce").dropna()
        out.append(Total(key, t(label_key, lang), float(values.sum()) if len(values) else None, decimals,
                         len(values), len(frame)))
    return tuple(out)


def _fact_value(fact: pd.Series, lang: str) -> str:
    value, unit = float(fact["value"]), str(fact["unit"])
    over = t("lists.reported.more_than", lang) if fact["qualifier"] == "more than" else ""
    if unit == "CNY/yr":
        return over + units.yuan(value, lang, decimals=0, per_year=True)
    return f"{over}{value:,.0f}" + ("" if unit == "count" else f" {unit}")


def reported_figures(spec: ListSpec, dataset: Dataset, lang: str) -> tuple[ReportedFigure, ...]:
    out = []
    for fact_id in spec.reported:
        fact = dataset.fact(fact_id)
        out.append(ReportedFigure(fact_id, str(fact[f"label_{lang}"]), _fact_value(fact, lang),
                                  str(fact["source"]).replace(";", ", ")))
    return tuple(out)


def build_list(dataset: Dataset, state: ViewState, list_key: str, query: str = "") -> ListTable:
    """The list ``list_key`` under the view's filters (and ``query``), in the view's language."""
    spec = LISTS[list_key]
    rows, available = _rows_for(spec, dataset, state)
    query = " ".join(str(query or "").split())[:200]
    if query:
        rows = rows[matches(rows["_search"], query)]
    frame = rows[[c.key for c in spec.columns]].reset_index(drop=True)
    status_codes = tuple(rows["_status"]) if "_status" in rows else ()
    return ListTable(spec=spec, lang=state.lang, frame=frame, ids=tuple(frame["id"]),
                     totals=totals(spec, frame, state.lang), reported=reported_figures(spec, dataset, state.lang),
                     query=query, available=available, status_codes=status_codes)


def list_of(dataset: Dataset, record_id: str | None) -> str | None:
    """The list a record or plot is a row of (a rooftop system: the energy list's township row)."""
    records = dataset.records[dataset.records["id"] == record_id]
    if len(records):
        layer, kind = records["layer"].iloc[0], records["kind"].iloc[0]
        return {"enterprise": "enterprises", "project": "projects"}.get(kind) if layer == "chain" else "energy"
    if record_id in set(dataset.park_plots["id"]):
        return "plots"
    if record_id in set(dataset.investment_targets["id"]):
        return "targets"
    return None


def stage_pipeline(table: ListTable) -> list[tuple[str, int]]:
    """Rows per stage, in pipeline order then the side stages: [(status code, rows)]."""
    return [(code, table.status_codes.count(code)) for code in (*PIPELINE, *SIDE_STAGES)]
