"""Both store backends for the contract tests: ``any_location`` is a new GeoPackage path or a new,
empty PostGIS database; ``any_store`` the store opened (seeded) there.

The PostGIS side runs a throwaway PostgreSQL cluster (tests/pg_cluster.py). Without PostgreSQL the
PostGIS tests skip and say why.
"""

from __future__ import annotations

import pytest

from geo.store import open_store
from tests.pg_cluster import missing, throwaway_cluster

BACKENDS = ("geopackage", "postgis")


@pytest.fixture(scope="session")
def postgres_server():
    """A running cluster: yields a function that makes a new database with PostGIS and returns its URL."""
    if reason := missing():
        pytest.skip(reason)
    with throwaway_cluster() as cluster:
        yield cluster.new_database


@pytest.fixture(params=BACKENDS)
def any_location(request, tmp_path) -> str:
    """Where a new store goes: a GeoPackage file, or a new PostGIS database's URL."""
    if request.param == "postgis":
        return request.getfixturevalue("postgres_server")()
    return str(tmp_path / "qcm.gpkg")


@pytest.fixture
def any_store(any_location):
    return open_store(any_location)
