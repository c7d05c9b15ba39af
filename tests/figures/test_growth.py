"""How the chain grew (geo/figures/growth.py): records by the year they joined and their status."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.data.dataset import records_to_frame
from geo.figures.growth import FIRST_YEAR, chain_growth, growth_frame, record_year
from geo.model import STATUSES, Record


def _record(record_id: str, status: str, settled=None, started=None, layer="chain") -> Record:
    chain = layer == "chain"
    return Record(id=record_id, layer=layer, kind="project" if chain else "asset", name_zh=record_id,
                  name_en=record_id, chain_segment="cells" if chain else "green_power", status=status,
                  settled_year=settled, start_year=started, lon=117.4, lat=37.8, location_provenance="illustrative",
                  provenance="reported", source="S1")


RECORDS = records_to_frame([
    _record("P-A", "operating", settled=2022),
    _record("P-B", "construction", settled=2022, started=2024),  # settled wins over started
    _record("W-C", "operating", started=2017, layer="wind_farm"),  # no settling year: the start year
    _record("P-D", "signed"),  # no year at all: counted apart
    _record("P-E", "operating", settled=2015),  # before the first year: in the running total
    _record("P-F", "lead", settled=2031),  # after today: not placed in the future
])


def test_record_year_prefers_the_settling_year():
    assert record_year(2022, 2024) == 2022
    assert record_year(None, 2017) == 2017 and record_year(float("nan"), 2017.0) == 2017
    assert record_year(None, pd.NA) is None


def test_growth_by_year_and_status():
    growth = chain_growth(RECORDS, today_year=2026)
    assert growth.years == tuple(range(FIRST_YEAR, 2027))
    assert growth.statuses == ("construction", "operating")  # in STATUSES order, only those present
    assert growth.new[2022] == {"operating": 1, "construction": 1}
    assert growth.new[2017] == {"operating": 1}
    assert growth.before == 1 and growth.undated == ("P-D", "P-F")
    assert growth.running_total(2016 + 1) == 2 and growth.running_total(2026) == 4


def test_the_frame_has_a_row_per_year_with_added_and_running_total():
    frame = growth_frame(chain_growth(RECORDS, today_year=2023))
    assert frame["year"].tolist() == list(range(2017, 2024))
    assert list(frame.columns) == ["year", "construction", "operating", "added", "total"]
    row = frame.set_index("year").loc[2022]
    assert (row["construction"], row["operating"], row["added"], row["total"]) == (1, 1, 2, 4)
    assert (frame["added"] == frame[["construction", "operating"]].sum(axis=1)).all()


def test_layers_choose_the_records():
    growth = chain_growth(RECORDS, today_year=2026, layers=("wind_farm",))
    assert growth.new[2017] == {"operating": 1} and growth.running_total(2026) == 1 and not growth.undated


def test_today_before_the_first_year_is_an_error():
    with pytest.raises(ValueError, match="before"):
        chain_growth(RECORDS, today_year=2010)


def test_every_status_of_the_data_has_a_place(dataset):
    growth = chain_growth(dataset.records, today_year=2026)
    assert set(growth.statuses) <= set(STATUSES)
    dated = sum(growth.added(y) for y in growth.years) + growth.before
    assert dated + len(growth.undated) == len(dataset.records)
