"""How the chain grew: the records by the year they settled (or, where no settling year is reported,
the year they started operating) and by their status today, from 2017 to the current year.

Pure: no Streamlit. A record with neither year is not placed on the time line: it is counted apart
(``undated``), never guessed into a year. Statuses are today's: the table says when each record
arrived, not what stage it was in that year (no source gives a record's stages year by year).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.model import STATUSES

FIRST_YEAR = 2017  # the county's first wind farm in GEM (CGN, 50 MW, 2017) and the first utility PV
# The layers whose records the chain's growth counts: the chain and the green power that feeds it.
GROWTH_LAYERS: tuple[str, ...] = ("chain", "wind_farm", "pv_utility", "pv_rooftop")


def record_year(settled_year, start_year) -> int | None:
    """The year a record joined the chain: the year it settled, else the year it started operating."""
    for value in (settled_year, start_year):
        if value is not None and not pd.isna(value):
            return int(value)
    return None


@dataclass(frozen=True)
class Growth:
    years: tuple[int, ...]  # FIRST_YEAR .. today's year
    statuses: tuple[str, ...]  # the statuses the dated records have, in STATUSES order
    new: dict[int, dict[str, int]]  # year -> status -> records that joined that year
    before: int  # records that joined before FIRST_YEAR (counted in the running total)
    undated: tuple[str, ...]  # ids of records with no year

    def added(self, year: int) -> int:
        return sum(self.new[year].values())

    def running_total(self, year: int) -> int:
        return self.before + sum(self.added(y) for y in self.years if y <= year)


def chain_growth(records: pd.DataFrame, today_year: int, first_year: int = FIRST_YEAR,
                 layers: tuple[str, ...] = GROWTH_LAYERS) -> Growth:
    """Records of ``layers`` by the year they joined (:func:`record_year`) and their status."""
    if today_year < first_year:
        raise ValueError(f"today's year {today_year} is before {first_year}")
    rows = records[records["layer"].isin(layers)]
    years = tuple(range(first_year, today_year + 1))
    new: dict[int, dict[str, int]] = {year: {} for year in years}
    before, undated, seen = 0, [], set()
    for record_id, status, settled, started in zip(rows["id"], rows["status"], rows["settled_year"],
                                                   rows["start_year"], strict=True):
        year = record_year(settled, started)
        if year is None or year > today_year:
            undated.append(str(record_id))
        elif year < first_year:
            before += 1
        else:
            new[year][status] = new[year].get(status, 0) + 1
            seen.add(status)
    return Growth(years=years, statuses=tuple(s for s in STATUSES if s in seen), new=new, before=before,
                  undated=tuple(sorted(undated)))


def growth_frame(growth: Growth) -> pd.DataFrame:
    """One row per year: the records that joined, per status (codes as columns), then ``added`` and
    ``total`` (the running total, including those that joined before the first year)."""
    rows = []
    for year in growth.years:
        rows.append({"year": year, **{s: growth.new[year].get(s, 0) for s in growth.statuses},
                     "added": growth.added(year), "total": growth.running_total(year)})
    return pd.DataFrame(rows, columns=["year", *growth.statuses, "added", "total"])
