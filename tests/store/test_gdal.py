"""Real GIS clients read the store: Debian's GDAL (``ogrinfo``, 3.6, as in the GDAL/QGIS releases
government offices run) opens the GeoPackage, after seeding and after an edit, without a warning,
and lists its feature layers with their geometry types. scripts/test installs gdal-bin."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess

import pytest

from geo.store import open_store
from geo.store.gpkg_format import USER_VERSION

pytestmark = pytest.mark.skipif(shutil.which("ogrinfo") is None,
                                reason="ogrinfo (gdal-bin) is not installed; scripts/test installs it")


def ogrinfo(path) -> subprocess.CompletedProcess:
    return subprocess.run(["ogrinfo", "-ro", "-so", "-al", str(path)], capture_output=True, text=True,
                          timeout=120, check=False)


def assert_read_cleanly(path) -> str:
    run = ogrinfo(path)
    assert run.returncode == 0, run.stderr
    assert "Warning" not in run.stderr and "ERROR" not in run.stderr, run.stderr
    assert "may only be partially supported" not in run.stdout + run.stderr
    return run.stdout


def test_a_new_store_opens_in_gdal_without_a_warning(tmp_path):
    store = open_store(tmp_path / "qcm.gpkg")
    store.ensure_ready()
    out = assert_read_cleanly(store.path)
    for layer, geometry in (("chain", "Point"), ("wind_farm", "Point"), ("pv_utility", "Point")):
        assert f"Layer name: {layer}\n" in out
        block = out.split(f"Layer name: {layer}\n", 1)[1].split("Layer name:", 1)[0]
        assert f"Geometry: {geometry}" in block
        assert 'ID["EPSG",4326]' in block or 'AUTHORITY["EPSG","4326"]' in block
    assert "Feature Count: " in out


def test_a_store_written_by_an_earlier_release_is_given_a_version_gdal_reads(tmp_path):
    path = tmp_path / "qcm.gpkg"
    open_store(path).ensure_ready()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 10400")  # what releases before this one wrote
    conn.close()  # the last connection out checkpoints the WAL into the file's header, which GDAL reads
    assert "partially supported" in ogrinfo(path).stderr  # the warning this test is about
    open_store(path).ensure_ready()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == USER_VERSION
    conn.close()
    assert_read_cleanly(path)
