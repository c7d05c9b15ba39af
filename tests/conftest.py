"""Every test run gets its own data store (QCM_STORE_DIR), so tests never read or write a store an
editor has changed, and parallel runs never share one."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from geo.model import POINT_LAYERS

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
    counts = dataset.records["layer"].value_counts()
    return {layer: int(counts.get(layer, 0)) for layer in POINT_LAYERS}


ROOFTOP_ILLUSTRATIVE = 3  # rooftop systems of the test list without a township (positions illustrative)


@pytest.fixture(scope="session")
def rooftop_dataset(dataset):
    """The bundled dataset plus a small imported rooftop list, since the bundled rooftop layer is empty
    (issue 11: S1's 2,078 systems have no positions): RPV-0001..0003 with illustrative positions and no
    township, RPV-0004..0005 at reported positions in 常家镇 (371423101), 0.05 MW each."""
    import dataclasses

    import pandas as pd

    from geo.data.dataset import records_to_frame
    from geo.model import Record

    def rooftop(number: int, reported: bool) -> Record:
        return Record(id=f"RPV-{number:04d}", layer="pv_rooftop", kind="asset",
                      name_zh=f"屋顶光伏{number}", name_en=f"Rooftop PV {number}", chain_segment="green_power",
                      chain_node="solar", status="operating", township_code="371423101" if reported else None,
                      capacity_mw=0.05 if reported else None, lon=117.38 + number / 1000, lat=37.77,
                      location_provenance="reported" if reported else "illustrative",
                      provenance="reported" if reported else "illustrative",
                      source="S1" if reported else "S1;ILLUSTRATIVE")

    added = records_to_frame([rooftop(n, n > ROOFTOP_ILLUSTRATIVE) for n in range(1, 6)])
    records = pd.concat([dataset.records, added], ignore_index=True)
    return dataclasses.replace(dataset, records=records)
