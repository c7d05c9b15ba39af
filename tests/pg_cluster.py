"""A throwaway PostgreSQL cluster with PostGIS, for the store's tests, the replica test and the load
benchmark (bench/load.py --postgis).

Debian's postgresql-15 and postgresql-15-postgis-3 (scripts/test installs them): initdb in a temporary
folder, a free local port, the unix socket in that folder, stopped and deleted at the end. PostgreSQL
refuses to run as root, so as root the cluster belongs to the ``postgres`` system user the Debian package
creates. :func:`missing` says why no cluster can be started here (the tests skip with that reason).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PG_BIN = Path("/usr/lib/postgresql/15/bin")
POSTGIS_CONTROL = Path("/usr/share/postgresql/15/extension/postgis.control")
_names = itertools.count()


def missing() -> str | None:
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


@dataclass
class Cluster:
    base: str  # postgresql://qcm@127.0.0.1:PORT
    data: Path

    def new_database(self) -> str:
        """A new database with PostGIS (a copy of the template); its URL."""
        import psycopg

        name = f"qcm_{os.getpid()}_{next(_names)}"
        with psycopg.connect(f"{self.base}/postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name} TEMPLATE qcm_template")
        return f"{self.base}/{name}"

    @property
    def pid(self) -> int:
        """The postmaster's process id (its backends are its children): for CPU and memory readings."""
        return int((self.data / "postmaster.pid").read_text().splitlines()[0])


@contextlib.contextmanager
def throwaway_cluster(max_connections: int = 50) -> Iterator[Cluster]:
    if reason := missing():
        raise RuntimeError(reason)
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
               f"-c synchronous_commit=off -c full_page_writes=off -c max_connections={max_connections}")
    run(str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(directory / "log"), "-w", "start")
    base = f"postgresql://qcm@127.0.0.1:{port}"
    try:
        import psycopg

        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE qcm_template")
        with psycopg.connect(f"{base}/qcm_template", autocommit=True) as conn:
            conn.execute("CREATE EXTENSION postgis")
        yield Cluster(base, data)
    finally:
        subprocess.run([*prefix, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(directory, ignore_errors=True)
