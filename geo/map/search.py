"""Find records by name, in the UI language, for the map's search box.

At county scale the search box lists every record and filters as one types; at province scale
(tens of thousands of records) listing them all would send megabytes on every rerun, so the page
asks for a few characters first and lists only the matches (:data:`LIST_ALL_UP_TO`).
"""

from __future__ import annotations

import pandas as pd

from geo.data.dataset import names_in
from geo.data.memo import per_dataset

LIST_ALL_UP_TO = 2_000
MAX_MATCHES = 50
# Rooftop PV points are anonymous stand-ins (illustrative positions): nothing to search for.
SEARCHABLE_LAYERS = ("chain", "wind_farm", "pv_utility")


@per_dataset()  # on every rerun of the map page; the same for every session of a dataset and language
def search_labels(records: pd.DataFrame, lang: str = "zh") -> pd.Series:
    """Each searchable record's name in the UI language (one language at a time: in English the
    English name, the Chinese one where there is none), indexed by id. Shared between runs and
    sessions: read it, do not change it (:func:`matches` makes a new series)."""
    searchable = records[records["layer"].isin(SEARCHABLE_LAYERS)]
    return pd.Series(names_in(searchable, lang).to_numpy(), index=searchable["id"].to_numpy())


def matches(labels: pd.Series, query: str, limit: int = MAX_MATCHES) -> pd.Series:
    """Labels containing every whitespace-separated term of ``query`` (case-insensitive)."""
    mask = pd.Series(True, index=labels.index)
    lowered = labels.str.lower()
    for term in query.lower().split():
        mask &= lowered.str.contains(term, regex=False)
    return labels[mask].head(limit)
