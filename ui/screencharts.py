"""The big screen's side columns: the app's charts (geo/figures/charts.py) in the screen's dark theme."""

from __future__ import annotations

from geo.data.dataset import Dataset
from geo.filters import ViewState


def side_charts(side: str, data: Dataset, state: ViewState, height_px: int) -> None:
    """The charts of the ``left`` or ``right`` column, together ``height_px`` high."""
