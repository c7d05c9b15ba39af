"""The GeoPackage implementation of :class:`geo.store.base.Store`: one SQLite file that QGIS and GDAL
open, seeded from data/, written in transactions (see geo/store/base.py for the contract; the logic
both backends share is in geo/store/engine.py)."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from geo.data.dataset import DATA_DIR
from geo.data.tables import GEOMETRY, TABLES, sql_type
from geo.store import gpkg_format as gpkg
from geo.store.engine import BATCH_COLUMNS, LOG_COLUMNS, RowStore, geometry_of, now

BUSY_TIMEOUT_S = 30.0

_HISTORY_TABLES = """
CREATE TABLE qcm_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE qcm_row_images (seq INTEGER PRIMARY KEY AUTOINCREMENT, batch_id INTEGER NOT NULL,
  table_name TEXT NOT NULL, record_key TEXT NOT NULL, fid INTEGER NOT NULL, before TEXT, after TEXT);
CREATE INDEX ix_qcm_row_images_batch ON qcm_row_images (batch_id)
"""

class GeoPackageStore(RowStore):
    """:class:`Store` in one GeoPackage file. Create it with :func:`open_store`."""

    def __init__(self, path: Path, seed_dir: Path = DATA_DIR, clock: Callable[[], str] = now,
                 timeout_s: float = BUSY_TIMEOUT_S):
        self.path = Path(path)
        self.seed_dir = Path(seed_dir)
        self.clock = clock
        self.timeout_s = timeout_s
        self.seed_outdated = False
        self._reader: sqlite3.Connection | None = None  # revision(): one connection, kept open
        self._reader_lock = threading.Lock()

    @property
    def name(self) -> str:
        return str(self.path)

    @property
    def where(self) -> str:
        return str(self.path)

    # --- connections and transactions ---

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=self.timeout_s, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {int(self.timeout_s * 1000)}")
        return conn

    @contextlib.contextmanager
    def _transaction(self, write: bool) -> Iterator[sqlite3.Connection]:
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        finally:
            conn.close()

    def _sql(self, conn: sqlite3.Connection, sql: str, params=()) -> sqlite3.Cursor:
        return conn.execute(sql, tuple(params))

    def _sql_many(self, conn: sqlite3.Connection, sql: str, rows: list) -> None:
        conn.executemany(sql, rows)

    # --- seeding ---

    def _prepare(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._enable_wal()

    def _enable_wal(self) -> None:
        """Readers never block the writer, nor it them. Switching the journal mode needs the file to
        itself, and SQLite's busy timeout does not cover that, so another process creating or
        seeding the file at the same moment is waited for here."""
        deadline = time.monotonic() + self.timeout_s
        while True:
            conn = self._connect()
            try:
                if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                    conn.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
            finally:
                conn.close()
            time.sleep(0.05)  # another process holds the file; try again

    def _has_store(self, conn: sqlite3.Connection) -> bool:
        return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'qcm_meta'").fetchone() \
            is not None

    def _create_history(self, conn: sqlite3.Connection) -> None:
        gpkg.initialise(conn)
        for statement in _HISTORY_TABLES.split(";"):
            conn.execute(statement)
        gpkg.create_table(conn, "qcm_batches", BATCH_COLUMNS, None, "edit history: one row per write")
        gpkg.create_table(conn, "qcm_edit_log", LOG_COLUMNS, None, "edit log: record, field, old -> new")

    def _create_tables(self, conn: sqlite3.Connection, rows: dict[str, list[dict]]) -> None:
        for name, spec in TABLES.items():
            gpkg.drop_table(conn, name)
            if spec.fields is not None:
                columns = list(spec.fields)
            else:
                columns = list(dict.fromkeys(k for row in rows[name] for k in row if k != GEOMETRY))
            typed = [(c, sql_type(name, c, [r.get(c) for r in rows[name]])) for c in columns]
            gpkg.create_table(conn, name, typed, spec.geometry, spec.description, unique=spec.key)

    def _migrate_format(self, conn: sqlite3.Connection) -> None:
        gpkg.set_version(conn)  # a file that states an older choice of GeoPackage version gets today's

    def _add_column(self, conn: sqlite3.Connection, table: str, column: str) -> None:
        conn.execute(f"ALTER TABLE {gpkg.quote(table)} ADD COLUMN {gpkg.quote(column)} {sql_type(table, column, [])}")

    # --- rows ---

    def _columns(self, conn: sqlite3.Connection, table: str) -> list[str]:
        return [c for c, _ in gpkg.table_columns(conn, table)]

    def _insert(self, conn: sqlite3.Connection, table: str, row: dict, fid: int | None = None) -> int:
        spec = TABLES[table]
        columns = [c for c in row if c != GEOMETRY]
        names = ["fid", *([gpkg.GEOMETRY_COLUMN] if spec.geometry else []), *columns]
        values = [fid, *([_geometry_blob(table, row)] if spec.geometry else []), *(row[c] for c in columns)]
        cursor = conn.execute(f"INSERT INTO {gpkg.quote(table)} ({', '.join(map(gpkg.quote, names))}) "
                              f"VALUES ({', '.join('?' * len(names))})", values)
        return cursor.lastrowid

    def _update(self, conn: sqlite3.Connection, table: str, fid: int, row: dict) -> None:
        spec = TABLES[table]
        columns = [c for c in row if c != GEOMETRY]
        sets = [f"{gpkg.quote(c)} = ?" for c in columns]
        values = [row[c] for c in columns]
        if spec.geometry:
            sets.append(f"{gpkg.GEOMETRY_COLUMN} = ?")
            values.append(_geometry_blob(table, row))
        conn.execute(f"UPDATE {gpkg.quote(table)} SET {', '.join(sets)} WHERE fid = ?", [*values, fid])

    def _select(self, conn: sqlite3.Connection, table: str, key: str | None = None):
        spec = TABLES[table]
        columns = self._columns(conn, table)
        select = ["fid", *([gpkg.GEOMETRY_COLUMN] if spec.geometry else []), *map(gpkg.quote, columns)]
        where = f" WHERE {gpkg.quote(spec.key)} = ?" if key is not None else ""
        cursor = conn.execute(f"SELECT {', '.join(select)} FROM {gpkg.quote(table)}{where} ORDER BY fid",
                              (key,) if key is not None else ())
        for values in cursor:
            fid, rest = values[0], list(values[1:])
            geometry = gpkg.decode(rest.pop(0)) if spec.geometry else None
            yield fid, geometry, dict(zip(columns, rest, strict=True))

    def _touch(self, conn: sqlite3.Connection, table: str) -> None:
        gpkg.touch(conn, table)

    # --- the interface (the rest is geo.store.engine.RowStore) ---

    def revision(self) -> int:
        """Asked on every page run: one connection of the process stays open for it, used by one
        thread at a time (opening one costs ~1 ms, the query ~10 µs; per thread it would be one new
        connection per rerun, as Streamlit runs each script run in a new thread). Outside a
        transaction each query reads the latest commit. (A backup is restored with the app stopped:
        README, "Keeping the data current".)"""
        with self._reader_lock:
            if self._reader is None:
                self._reader = sqlite3.connect(self.path, timeout=self.timeout_s, isolation_level=None,
                                               check_same_thread=False)
                self._reader.execute(f"PRAGMA busy_timeout = {int(self.timeout_s * 1000)}")
            return int(self._meta(self._reader, "revision"))


def _geometry_blob(table: str, row: dict) -> bytes | None:
    return gpkg.encode(geometry_of(table, row))
