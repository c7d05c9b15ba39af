"""Fixtures the meeting-mode tests share."""

import pytest

from geo.data.dataset import DATA_DIR
from geo.meeting.tours import TOURS_FILE, load_tours


@pytest.fixture(scope="module")
def bundled_tours(dataset):
    """The bundled tours (data/tours.json), checked against the bundled dataset."""
    return load_tours(DATA_DIR / TOURS_FILE, dataset)
