"""The "1612" tracker's formulas and its reading of the lists (green power: test_green.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from geo import units
from geo.figures import tracker
from geo.figures.tracker import (
    DEFAULT_AH,
    DEFAULT_ASSUMPTIONS,
    DEFAULT_VOLTS,
    CellAssumptions,
    Progress,
    annual_gwh,
    cell_contributions,
    cell_formula,
    cell_wh,
    tracker_figures,
)
from geo.model import CHAIN_SEGMENTS


@pytest.fixture(scope="module")
def data(dataset):
    return dataset


def _cell_records(records):
    """The listed records that report cells/day and a cell format, so the formula converts them (the
    bundled ones are pinned in tests/data/; the others: test_records_that_cannot_be_computed_say_why)."""
    return records[(records["layer"] == "chain") & records["cells_per_day"].notna()
                   & records["cell_format"].notna()].set_index("id")


def _gwh(record, days=300.0, ah_by_format=DEFAULT_AH, volts_by_format=DEFAULT_VOLTS):
    """The documented formula on one record: cells/day x Ah x V x days / 1e9, Ah assumed where not reported."""
    ah = record["cell_ah"] if pd.notna(record["cell_ah"]) else ah_by_format[record["cell_format"]]
    return record["cells_per_day"] * ah * volts_by_format[record["cell_format"]] * days / 1e9


def _fact(data, fact_id) -> float:
    return float(data.fact(fact_id)["value"])


# --- conversions ---------------------------------------------------------------------------------


def test_the_worked_example():
    # 200,000 cells/day x 5 Ah x 3.2 V x 300 d = 960,000,000 Wh = 0.96 GWh/yr
    assert cell_wh(5, 3.2) == pytest.approx(16.0)
    assert annual_gwh(200_000, 5, 3.2, 300) == pytest.approx(0.96)


def test_conversion_scales_linearly():
    assert annual_gwh(2_000_000, 0.8, 3.7, 300) == pytest.approx(1.776)
    assert annual_gwh(200_000, 5, 3.2, 365) == pytest.approx(0.96 * 365 / 300)
    assert annual_gwh(0, 5, 3.2, 300) == 0


def test_negative_inputs_are_refused():
    with pytest.raises(ValueError):
        annual_gwh(-1, 5, 3.2, 300)


def test_progress():
    p = Progress(0.96, 10)
    assert p.share == pytest.approx(0.096) and p.remaining == pytest.approx(9.04) and p.bar == p.share
    over = Progress(12, 10)
    assert over.share == pytest.approx(1.2) and over.remaining == 0 and over.bar == 1.0
    assert Progress(1, 0).share == 0.0


# --- the lists -----------------------------------------------------------------------------------


def test_contributions_with_default_assumptions(data):
    records = _cell_records(data.records)
    by_id = {c.id: c for c in cell_contributions(data.records) if c.cell_format is not None}
    assert set(by_id) == set(records.index)
    assert {c.ah_assumed for c in by_id.values()} == {True, False}  # the data has both kinds
    for record_id, c in by_id.items():
        record = records.loc[record_id]
        assert c.ah_assumed == pd.isna(record["cell_ah"]), record_id
        assert c.ah == (DEFAULT_AH[record["cell_format"]] if c.ah_assumed else record["cell_ah"]), record_id
        assert (c.volts, c.days) == (DEFAULT_VOLTS[record["cell_format"]], 300.0), record_id
        assert c.gwh == pytest.approx(_gwh(record)), record_id
        renovating = record["status"] == "renovating"
        assert c.counted == (not renovating), record_id
        assert c.reason == ("renovating_excluded" if renovating else "counted"), record_id


def test_renovating_projects_count_when_asked(data):
    figures = tracker_figures(data.records, data.facts, DEFAULT_ASSUMPTIONS.with_(include_renovating=True))
    assert figures.cells_gwh == pytest.approx(sum(_gwh(r) for _, r in _cell_records(data.records).iterrows()))


def test_assumptions_are_editable(data):
    assumptions = CellAssumptions(operating_days=330, volts_by_format=(("32650", 3.3), ("14500", 3.2)),
                                  ah_by_format=(("14500", 0.6),), include_renovating=True)
    records = _cell_records(data.records)
    by_id = {c.id: c for c in cell_contributions(data.records, assumptions) if c.cell_format is not None}
    assert set(by_id) == set(records.index)
    for record_id, c in by_id.items():
        expected = _gwh(records.loc[record_id], 330, {"14500": 0.6}, {"32650": 3.3, "14500": 3.2})
        assert c.gwh == pytest.approx(expected), record_id


def test_records_that_cannot_be_computed_say_why():
    frame = pd.DataFrame([
        {"id": "P-A", "layer": "chain", "name_zh": "甲", "name_en": "A", "status": "operating",
         "cells_per_day": 1000, "cell_ah": None, "cell_format": "21700"},
        {"id": "P-B", "layer": "chain", "name_zh": "乙", "name_en": "B", "status": "operating",
         "cells_per_day": 1000, "cell_ah": 4.0, "cell_format": None},
        {"id": "P-C", "layer": "chain", "name_zh": "丙", "name_en": "C", "status": "operating",
         "cells_per_day": None, "cell_ah": 4.0, "cell_format": "32650"},
    ])
    by_id = {c.id: c for c in cell_contributions(frame)}
    assert set(by_id) == {"P-A", "P-B"}  # no cells/day, nothing to convert
    assert by_id["P-A"].reason == "no_ah" and by_id["P-A"].gwh is None
    assert by_id["P-B"].reason == "no_volts" and by_id["P-B"].gwh is None
    assert tracker.counted_gwh(list(by_id.values())) == 0
    assert cell_formula(by_id["P-A"], "en") == "cannot compute: Ah unknown"


def test_tracker_figures_keep_reported_and_listed_apart(data):
    records = data.records
    figures = tracker_figures(records, data.facts)
    assert figures.targets == {key: _fact(data, f"target_{fact}_2025") for key, fact in (
        ("cells", "cells_gwh"), ("packs", "packs_gwh"), ("ess", "ess_gwh"), ("output_value", "output_value_cny"))}
    cells = _cell_records(records)
    counted = sum(_gwh(r) for _, r in cells[cells["status"] != "renovating"].iterrows())
    assert figures.cells_gwh == pytest.approx(counted)
    assert figures.packs_gwh == 0 and figures.ess_gwh == 0
    outputs = records[(records["layer"] == "chain") & records["chain_segment"].isin(CHAIN_SEGMENTS)
                      & records["output_value_cny_per_year"].notna()]
    listed = float(outputs["output_value_cny_per_year"].sum())
    assert listed > 0 and figures.listed_output_cny == listed and figures.output_ids == tuple(outputs["id"])
    reported = data.fact("enterprises_output_value_cny")
    assert figures.reported_output_cny == float(reported["value"])
    assert figures.progress("output_value").current == listed  # the listed sum, not reported + listed
    assert figures.progress("cells").share == pytest.approx(counted / figures.targets["cells"])


def test_the_tracker_ignores_view_filters_by_design(data):
    """County-wide goals: the page passes every record; filtering is the caller's choice."""
    only_wind = data.records[data.records["chain_node"] == "wind"]
    assert tracker_figures(only_wind, data.facts).cells_gwh == 0


# --- formulas as text ---------------------------------------------------------------------------


def test_formula_text_marks_assumptions():
    frame = pd.DataFrame([
        {"id": "P-A", "layer": "chain", "name_zh": "甲", "name_en": "A", "status": "operating",
         "cells_per_day": 200_000, "cell_ah": 5.0, "cell_format": "32650"},
        {"id": "P-B", "layer": "chain", "name_zh": "乙", "name_en": "B", "status": "renovating",
         "cells_per_day": 2_000_000, "cell_ah": None, "cell_format": "14500"},
    ])
    by_id = {c.id: c for c in cell_contributions(frame)}
    assert cell_formula(by_id["P-A"], "en") == "200,000 cells/day × 5 Ah × 3.2* V × 300 d = 0.96 GWh/yr"
    assert cell_formula(by_id["P-B"], "zh") == (
        "2,000,000 只/天 × 0.8* Ah × 3.7* V × 300 天 = 1.776 GWh/年")


@pytest.mark.parametrize(("value", "lang", "expected"), [
    (2e10, "zh", "200 亿元"), (2e10, "en", "20 bn yuan"), (1e9, "en", "1 bn yuan"), (4e9, "zh", "40 亿元"),
    (None, "en", "not reported"),
])
def test_units_yuan(value, lang, expected):
    assert units.yuan(value, lang) == expected


def test_units_energy_and_cells():
    assert units.kwh(839e6, "zh") == "8.39 亿kWh"
    assert units.kwh(839e6, "en") == "839 million kWh"
    assert units.kwh(36e6, "en") == "36.0 million kWh"
    assert units.cells_per_day(2_200_000, "zh") == "220万只/天"
    assert units.cells_per_day(2_200_000, "en") == "2,200,000 cells/day"
    assert units.gwh(0.96) == "0.96 GWh"
    assert units.mw(180.0, "en") == "180 MW"
    assert units.percent(0.096) == "9.6%" and units.percent(None) == "—"
