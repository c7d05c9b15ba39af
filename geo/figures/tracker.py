"""The "1612" tracker: pure formulas, each with its assumptions explicit (the green-power coverage is in
geo/figures/green.py).

"1612" (S1): by 2025, an ANNUAL OUTPUT of 10 GWh of battery cells, 6 GWh of packs and 10 GWh of
energy-storage systems, and 20 bn yuan output value of the lithium new-energy industry.

Current annual cell output is computed from the lists, record by record (S1 reports daily output):
    cells/day x Ah x nominal V x operating days / 1e9 = GWh/yr
where a record does not report Ah or V the value is an editable assumption, and the result says so.
Reported figures (S1's output value of the enterprises above designated size) are kept apart from
what the lists sum to, never added together.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from geo.i18n import t
from geo.model import CHAIN_SEGMENTS

# --- assumptions -------------------------------------------------------------------------------

# Defaults, each justified in the tracker page's text (geo.i18n "tracker.why_*"):
# - 300 operating days: a year less maintenance stops and holidays; an assumption, no source.
# - 32650 at 3.2 V: S3 lists 18650/32650 cells, and 5 Ah fits a 32650; 32650 cells of 5-6 Ah are
#   typically LFP, nominal 3.2 V.
# - 14500 at 0.8 Ah and 3.7 V: no source reports them. Vendor pages give 14500 Li-ion cells
#   600-1,000 (up to ~1,200) mAh at 3.7 V nominal, LFP ones 3.2 V; 0.8 Ah is mid-range.
DEFAULT_OPERATING_DAYS = 300.0
DEFAULT_VOLTS: dict[str, float] = {"32650": 3.2, "14500": 3.7}
DEFAULT_AH: dict[str, float] = {"14500": 0.8}
RANGE_14500_AH = (0.6, 1.2)
RANGE_14500_V = (3.2, 3.7)


@dataclass(frozen=True)
class CellAssumptions:
    """Hashable (tuples, not dicts), so a page can cache on it."""

    operating_days: float = DEFAULT_OPERATING_DAYS
    volts_by_format: tuple[tuple[str, float], ...] = tuple(DEFAULT_VOLTS.items())
    ah_by_format: tuple[tuple[str, float], ...] = tuple(DEFAULT_AH.items())
    include_renovating: bool = False

    def volts(self, cell_format: str | None) -> float | None:
        return dict(self.volts_by_format).get(str(cell_format)) if cell_format else None

    def ah(self, cell_format: str | None) -> float | None:
        return dict(self.ah_by_format).get(str(cell_format)) if cell_format else None

    def with_(self, **changes) -> CellAssumptions:
        return replace(self, **changes)


DEFAULT_ASSUMPTIONS = CellAssumptions()


# --- formulas ----------------------------------------------------------------------------------


def cell_wh(ah: float, volts: float) -> float:
    """Energy of one cell: Ah x V = Wh."""
    return ah * volts


def annual_gwh(cells_per_day: float, ah: float, volts: float, operating_days: float) -> float:
    """cells/day x Ah x V x days -> GWh/yr (1 GWh = 1e9 Wh)."""
    if min(cells_per_day, ah, volts, operating_days) < 0:
        raise ValueError("cells/day, Ah, V and days cannot be negative")
    return cells_per_day * cell_wh(ah, volts) * operating_days / 1e9


@dataclass(frozen=True)
class Progress:
    current: float
    target: float

    @property
    def share(self) -> float:
        """Fraction of the target reached (may exceed 1)."""
        return self.current / self.target if self.target else 0.0

    @property
    def remaining(self) -> float:
        return max(self.target - self.current, 0.0)

    @property
    def bar(self) -> float:
        """For a progress bar: clamped to 0..1."""
        return min(max(self.share, 0.0), 1.0)


# --- the lists ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CellContribution:
    id: str
    name_zh: str
    name_en: str
    status: str
    cell_format: str | None
    cells_per_day: int
    ah: float | None
    ah_assumed: bool
    volts: float | None
    days: float
    gwh: float | None  # None when Ah or V is unknown
    counted: bool
    reason: str  # counted / renovating_excluded / no_ah / no_volts


def cell_contributions(records: pd.DataFrame, assumptions: CellAssumptions = DEFAULT_ASSUMPTIONS
                       ) -> list[CellContribution]:
    """Every listed record that reports cells/day, with its GWh/yr and whether it counts now."""
    rows = records[(records["layer"] == "chain") & records["cells_per_day"].notna()]
    out = []
    for r in rows.itertuples():
        fmt = None if pd.isna(r.cell_format) else str(r.cell_format)
        ah_assumed = pd.isna(r.cell_ah)
        ah = assumptions.ah(fmt) if ah_assumed else float(r.cell_ah)
        volts = assumptions.volts(fmt)
        gwh = (annual_gwh(float(r.cells_per_day), ah, volts, assumptions.operating_days)
               if ah is not None and volts is not None else None)
        if ah is None:
            reason = "no_ah"
        elif volts is None:
            reason = "no_volts"
        elif r.status == "renovating" and not assumptions.include_renovating:
            reason = "renovating_excluded"
        else:
            reason = "counted"
        out.append(CellContribution(
            id=r.id, name_zh=r.name_zh, name_en=r.name_en, status=r.status, cell_format=fmt,
            cells_per_day=int(r.cells_per_day), ah=ah, ah_assumed=bool(ah_assumed and ah is not None),
            volts=volts, days=assumptions.operating_days, gwh=gwh, counted=reason == "counted",
            reason=reason,
        ))
    return out


def counted_gwh(contributions: list[CellContribution]) -> float:
    return sum(c.gwh for c in contributions if c.counted and c.gwh is not None)


def related_records(records: pd.DataFrame, node_id: str) -> pd.DataFrame:
    """Enterprises and projects at a node (shown beside a target even when they add nothing)."""
    return records[(records["layer"] == "chain") & (records["chain_node"] == node_id)]


def listed_output_value(records: pd.DataFrame) -> tuple[float, pd.DataFrame]:
    """Sum of the output values the lists hold for the six chain segments, and the records summed."""
    rows = records[(records["layer"] == "chain") & records["chain_segment"].isin(CHAIN_SEGMENTS)
                   & records["output_value_cny_per_year"].notna()]
    return float(rows["output_value_cny_per_year"].sum()), rows


TARGET_FACTS: dict[str, str] = {
    "cells": "target_cells_gwh_2025",
    "packs": "target_packs_gwh_2025",
    "ess": "target_ess_gwh_2025",
    "output_value": "target_output_value_cny_2025",
}


def targets_from_facts(facts: pd.DataFrame) -> dict[str, float]:
    return {key: float(facts.loc[fact_id, "value"]) for key, fact_id in TARGET_FACTS.items()}


@dataclass(frozen=True)
class TrackerFigures:
    targets: dict[str, float]
    contributions: tuple[CellContribution, ...]
    cells_gwh: float
    packs_gwh: float
    ess_gwh: float
    listed_output_cny: float
    output_ids: tuple[str, ...]
    reported_output_cny: float

    def progress(self, key: str) -> Progress:
        current = {"cells": self.cells_gwh, "packs": self.packs_gwh, "ess": self.ess_gwh,
                   "output_value": self.listed_output_cny}[key]
        return Progress(current, self.targets[key])


def tracker_figures(records: pd.DataFrame, facts: pd.DataFrame,
                    assumptions: CellAssumptions = DEFAULT_ASSUMPTIONS) -> TrackerFigures:
    """The tracker's numbers. No listed record reports pack or energy-storage production capacity
    (GWh), so those stand at 0 until one does; the related records are shown beside them."""
    contributions = cell_contributions(records, assumptions)
    output, output_rows = listed_output_value(records)
    reported = facts.loc["enterprises_output_value_cny"]
    return TrackerFigures(
        targets=targets_from_facts(facts),
        contributions=tuple(contributions),
        cells_gwh=counted_gwh(contributions),
        packs_gwh=0.0,
        ess_gwh=0.0,
        listed_output_cny=output,
        output_ids=tuple(output_rows["id"]),
        reported_output_cny=float(reported["value"]),
    )


# --- the formulas as a person reads them --------------------------------------------------------


def _num(value: float, decimals: int = 2) -> str:
    text = f"{value:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def cell_formula(c: CellContribution, lang: str) -> str:
    """"200,000 cells/day x 5 Ah x 3.2 V x 300 d = 0.96 GWh/yr", marking assumed values."""
    if c.gwh is None:
        return t(f"tracker.reason.{c.reason}", lang)
    assumed = t("tracker.assumed_mark", lang)
    return t("tracker.formula", lang, cells=f"{c.cells_per_day:,}",
             ah=_num(c.ah) + (assumed if c.ah_assumed else ""), v=_num(c.volts) + assumed,
             days=_num(c.days, 0), gwh=_num(c.gwh, 3))
