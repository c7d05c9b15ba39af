"""Both store backends for the contract tests: ``any_location`` is a new GeoPackage path or a new,
empty PostGIS database; ``any_store`` the store opened (seeded) there.

The PostGIS side runs a throwaway PostgreSQL cluster (Debian's postgresql-15 and
postgresql-15-postgis-3, which scripts/test installs): initdb in a temporary folder, a free local
port, the unix socket in that folder, stopped and deleted at the end. PostgreSQL refuses to run as
root, so as root the cluster belongs to the ``postgres`` system user the Debian package creates.
Without PostgreSQL the PostGIS tests skip and say why.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from geo.store import open_store

PG_BIN = Path("/usr/lib/postgresql/15/bin")
POSTGIS_CONTROL = Path("/usr/share/postgresql/15/extension/postgis.control")
BACKENDS = ("geopackage", "postgis")
_names = itertools.count()


def _missing() -> str | None:
    if not (PG_BIN / "initdb").is_file():
        return f"PostgreSQL 15 is not installed ({PG_BIN}); scripts/test installs postgresql-15"
    if not POSTGIS_CONTROL.is_file():
        return "PostGIS is not installed; scripts/test installs postgresql-15-postgis-3"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to run the cluster as"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_server():
    """A running cluster: yields a function that makes a new database with PostGIS and returns its URL."""
    if reason := _missing():
        pytest.skip(reason)
    as_root = os.geteuid() == 0
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    directory = Path(tempfile.mkdtemp(prefix="qcm-pg-"))
    if as_root:
        user = pwd.getpwnam("postgres")
        os.chown(directory, user.pw_uid, user.pw_gid)
    data, port = directory / "data", _free_port()

    def run(*command: str) -> None:
        subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=120)

    run(str(PG_BIN / "initdb"), "-D", str(data), "-U", "qcm", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
    options = (f"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50")
    run(str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(directory / "log"), "-w", "start")
    base = f"postgresql://qcm@127.0.0.1:{port}"
    try:
        import psycopg

        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE qcm_template")
        with psycopg.connect(f"{base}/qcm_template", autocommit=True) as conn:
            conn.execute("CREATE EXTENSION postgis")

        def new_database() -> str:
            name = f"qcm_{next(_names)}"
            with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
                conn.execute(f"CREATE DATABASE {name} TEMPLATE qcm_template")
            return f"{base}/{name}"

        yield new_database
    finally:
        subprocess.run([*prefix, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(params=BACKENDS)
def any_location(request, tmp_path) -> str:
    """Where a new store goes: a GeoPackage file, or a new PostGIS database's URL."""
    if request.param == "postgis":
        return request.getfixturevalue("postgres_server")()
    return str(tmp_path / "qcm.gpkg")


@pytest.fixture
def any_store(any_location):
    return open_store(any_location)
