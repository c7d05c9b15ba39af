"""Every test run gets its own data store (QCM_STORE_DIR), so tests never read or write a store an
editor has changed, and parallel runs never share one."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

# No time limit per example: these machines are 2 shared cores, and speed is measured by the
# benchmark, never asserted by a test (hypothesis' default 200 ms deadline is a timed assertion).
settings.register_profile("qcm", deadline=None)
settings.load_profile("qcm")


@pytest.fixture(scope="session", autouse=True)
def private_store_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("store")
    previous = os.environ.get("QCM_STORE_DIR")
    os.environ["QCM_STORE_DIR"] = str(directory)
    yield directory
    if previous is None:
        os.environ.pop("QCM_STORE_DIR", None)
    else:
        os.environ["QCM_STORE_DIR"] = previous


@pytest.fixture(scope="session")
def dataset():
    """The bundled dataset (data/), loaded once per run. Frozen: tests never modify it (the figures
    it holds are pinned only in tests/data/)."""
    from geo.data.dataset import load_dataset

    return load_dataset()


@pytest.fixture(scope="session")
def layer_counts(dataset) -> dict[str, int]:
    """Records per map layer in the bundled data (tests outside tests/data/ derive figures from the
    data instead of pinning them)."""
    return {layer: int(n) for layer, n in dataset.records["layer"].value_counts().items()}
