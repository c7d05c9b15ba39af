"""Real GIS clients read the PostGIS store: GDAL (``ogrinfo``, the driver QGIS's PostGIS connection
shares its metadata with) lists every layer with its geometry type and EPSG:4326, without a warning."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from psycopg import conninfo

from geo.store import open_store

pytestmark = pytest.mark.skipif(shutil.which("ogrinfo") is None,
                                reason="ogrinfo (gdal-bin) is not installed; scripts/test installs it")


def test_ogrinfo_lists_the_postgis_layers_with_type_and_srid(postgres_server, dataset):
    url = postgres_server()
    open_store(url)
    parts = conninfo.conninfo_to_dict(url)
    source = f"PG:host={parts['host']} port={parts['port']} dbname={parts['dbname']} user={parts['user']}"
    listing = subprocess.run(["ogrinfo", "-ro", "-q", source], capture_output=True, text=True, timeout=120)
    assert listing.returncode == 0 and not listing.stderr.strip(), listing.stderr
    layers = dict(line.split(": ", 1)[1].rstrip(")").split(" (") if "(" in line else (line.split(": ", 1)[1], "")
                  for line in listing.stdout.splitlines() if ": " in line)
    assert layers == {"pv_rooftop": "Point", "pv_utility": "Point", "wind_farm": "Point", "chain": "Point",
                      "park_plots": "", "county": "Polygon", "context": "Polygon", "park": "Polygon"}
    plots = subprocess.run(["ogrinfo", "-ro", "-so", source, "park_plots"], capture_output=True, text=True,
                           timeout=120)
    assert f"Feature Count: {len(dataset.park_plots)}" in plots.stdout, plots.stdout
    assert 'ID["EPSG",4326]' in plots.stdout, plots.stdout
