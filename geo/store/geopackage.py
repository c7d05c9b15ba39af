"""The GeoPackage implementation of :class:`geo.store.base.Store`: one SQLite file that QGIS and GDAL
open, seeded from data/, written in transactions (see geo/store/base.py for the contract)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from shapely.geometry import Point

from geo.data.dataset import (
    DATA_DIR,
    INVESTMENT_TARGETS_FILE,
    LAYER_FILES,
    PARK_PLOTS_FILE,
    POLYGON_FILES,
    REFERENCE_TABLES,
    Dataset,
    DatasetError,
    load_dataset,
)
from geo.data.tables import (
    GEOMETRY,
    REFERENCE,
    TABLES,
    assemble,
    canonical,
    field_text,
    row_from_json,
    row_to_json,
    same_row,
    seed_rows,
    sql_type,
)
from geo.store import gpkg_format as gpkg
from geo.store.base import Batch, ChangeSet, ConflictError, LogEntry, RowImage, StoreError

FORMAT = 1
BUSY_TIMEOUT_S = 30.0
EDIT_KINDS = ("import", "edit", "undo")

_HISTORY_TABLES = """
CREATE TABLE qcm_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE qcm_row_images (seq INTEGER PRIMARY KEY AUTOINCREMENT, batch_id INTEGER NOT NULL,
  table_name TEXT NOT NULL, record_key TEXT NOT NULL, fid INTEGER NOT NULL, before TEXT, after TEXT);
CREATE INDEX ix_qcm_row_images_batch ON qcm_row_images (batch_id)
"""
_BATCH_COLUMNS = [("at", "TEXT"), ("user", "TEXT"), ("kind", "TEXT"), ("list_key", "TEXT"), ("file_name", "TEXT"),
                  ("file_sha256", "TEXT"), ("note", "TEXT"), ("revision", "INTEGER"), ("added", "INTEGER"),
                  ("changed", "INTEGER"), ("removed", "INTEGER"), ("undoes", "INTEGER"), ("undone_by", "INTEGER")]
_LOG_COLUMNS = [("batch_id", "INTEGER"), ("table_name", "TEXT"), ("record_key", "TEXT"), ("action", "TEXT"),
                ("field", "TEXT"), ("old", "TEXT"), ("new", "TEXT")]


def seed_fingerprint(seed_dir: Path) -> str:
    digest = hashlib.sha256()
    names = [*LAYER_FILES.values(), *POLYGON_FILES.values(), *(n for n, _ in REFERENCE_TABLES.values()),
             "meta.json", INVESTMENT_TARGETS_FILE, PARK_PLOTS_FILE]
    for name in sorted(names):
        path = seed_dir / name
        digest.update(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"(missing)") + b"\0")
    return digest.hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class GeoPackageStore:
    """:class:`Store` in one GeoPackage file. Create it with :func:`open_store`."""

    def __init__(self, path: Path, seed_dir: Path = DATA_DIR, clock: Callable[[], str] = _now,
                 timeout_s: float = BUSY_TIMEOUT_S):
        self.path = Path(path)
        self.seed_dir = Path(seed_dir)
        self.clock = clock
        self.timeout_s = timeout_s
        self.seed_outdated = False
        self._reader = threading.local()  # revision(): one connection per thread, kept open

    @property
    def name(self) -> str:
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

    # --- seeding ---

    def ensure_ready(self) -> None:
        """Create and seed the store if needed; re-seed it if data/ changed and nobody edited it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fingerprint = seed_fingerprint(self.seed_dir)
        self._enable_wal()
        with self._transaction(write=False) as conn:
            state = self._state(conn, fingerprint)
        if state in ("missing", "outdated"):
            seed = load_dataset(self.seed_dir)  # read and validated before the write lock is taken
            rows = seed_rows(seed, self.seed_dir)
            with self._transaction(write=True) as conn:
                state = self._state(conn, fingerprint)  # another process may have seeded it meanwhile
                if state in ("missing", "outdated"):
                    self._seed(conn, seed, rows, fingerprint, state)
        self.seed_outdated = state == "edited"
        self._migrate()

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

    def _state(self, conn: sqlite3.Connection, fingerprint: str) -> str:
        """missing | current | outdated (data/ changed, no edits: re-seed) | edited (data/ changed, edits win)."""
        if not _has_table(conn, "qcm_meta"):
            return "missing"
        if int(_meta(conn, "format") or 0) > FORMAT:
            raise StoreError(f"{self.path}: written by a newer version of the app (format {_meta(conn, 'format')})")
        if _meta(conn, "seed_fingerprint") == fingerprint:
            return "current"
        edited = conn.execute("SELECT 1 FROM qcm_batches WHERE kind IN (?, ?, ?) LIMIT 1", EDIT_KINDS).fetchone()
        return "edited" if edited else "outdated"

    def _seed(self, conn: sqlite3.Connection, seed: Dataset, rows: dict[str, list[dict]], fingerprint: str,
              state: str) -> None:
        if state == "missing":
            gpkg.initialise(conn)
            for statement in _HISTORY_TABLES.split(";"):
                conn.execute(statement)
            gpkg.create_table(conn, "qcm_batches", _BATCH_COLUMNS, None, "edit history: one row per write")
            gpkg.create_table(conn, "qcm_edit_log", _LOG_COLUMNS, None, "edit log: record, field, old -> new")
            _set_meta(conn, format=str(FORMAT), revision="0", created=self.clock())
        for name in TABLES:
            gpkg.drop_table(conn, name)
        self._create_tables(conn, rows)
        for name, table_rows in rows.items():
            for row in table_rows:
                self._insert(conn, name, row)
        _set_meta(conn, seed_fingerprint=fingerprint, seed_dir=str(self.seed_dir),
                  meta=json.dumps(seed.meta, ensure_ascii=False))
        batch_id = self._new_batch(conn, "system", "seed", note=str(self.seed_dir))
        self._finish(conn, batch_id, [sum(map(len, rows.values())), 0, 0])

    def _create_tables(self, conn: sqlite3.Connection, rows: dict[str, list[dict]]) -> None:
        for name, spec in TABLES.items():
            if spec.fields is not None:
                columns = list(spec.fields)
            else:
                columns = list(dict.fromkeys(k for row in rows[name] for k in row if k != GEOMETRY))
            typed = [(c, sql_type(name, c, [r.get(c) for r in rows[name]])) for c in columns]
            gpkg.create_table(conn, name, typed, spec.geometry, spec.description, unique=spec.key)

    def _migrate(self) -> None:
        """A field added to the schema since the store was made becomes an empty column; a file that
        states an older choice of GeoPackage version gets today's (gpkg_format.USER_VERSION)."""
        with self._transaction(write=True) as conn:
            gpkg.set_version(conn)
            for name, spec in TABLES.items():
                if spec.fields is None:
                    continue
                have = [c for c, _ in gpkg.table_columns(conn, name)]
                if extra := [c for c in have if c not in spec.fields]:
                    raise StoreError(f"{self.path}: table {name} has columns the schema does not know: {extra}")
                for column in spec.fields:
                    if column not in have:
                        conn.execute(f"ALTER TABLE {gpkg.quote(name)} ADD COLUMN {gpkg.quote(column)} "
                                     f"{sql_type(name, column, [])}")

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

    def _read_rows(self, conn: sqlite3.Connection, table: str, key: str | None = None) -> list[tuple[int, dict]]:
        spec = TABLES[table]
        columns = self._columns(conn, table)
        select = ["fid", *([gpkg.GEOMETRY_COLUMN] if spec.geometry else []), *map(gpkg.quote, columns)]
        where = f" WHERE {gpkg.quote(spec.key)} = ?" if key is not None else ""
        cursor = conn.execute(f"SELECT {', '.join(select)} FROM {gpkg.quote(table)}{where} ORDER BY fid",
                              (key,) if key is not None else ())
        out = []
        for values in cursor:
            fid, rest = values[0], list(values[1:])
            geometry = gpkg.decode(rest.pop(0)) if spec.geometry else None
            row = dict(zip(columns, rest, strict=True))
            if table in REFERENCE:
                row = {k: ("" if v is None else v) for k, v in row.items()}
            if spec.geometry and spec.geometry != "POINT":
                row[GEOMETRY] = geometry
            out.append((fid, row))
        return out

    def _current(self, conn: sqlite3.Connection, table: str, key: str) -> tuple[int | None, dict | None]:
        rows = self._read_rows(conn, table, key)
        if not rows:
            return None, None
        fid, row = rows[0]
        return fid, canonical(table, row)

    def _assemble(self, conn: sqlite3.Connection) -> Dataset:
        rows = {name: [row for _, row in self._read_rows(conn, name)] for name in TABLES}
        columns = {name: self._columns(conn, name) for name in REFERENCE}
        return assemble(rows, columns, json.loads(_meta(conn, "meta")))

    # --- the interface ---

    def revision(self) -> int:
        """Asked on every page run, many times: one connection per thread stays open for it (opening
        one costs ~1 ms, the query ~10 µs). Outside a transaction each query reads the latest commit."""
        conn = getattr(self._reader, "conn", None)
        if conn is None:
            conn = self._reader.conn = self._connect()
        return int(_meta(conn, "revision"))

    def dataset(self) -> Dataset:
        with self._transaction(write=False) as conn:  # one snapshot of every table
            return self._assemble(conn)

    def commit(self, changes: ChangeSet) -> Batch:
        if not changes.changes:
            raise StoreError("nothing to change")
        with self._transaction(write=True) as conn:
            planned = []
            conflicts = []
            for change in changes.changes:
                spec = TABLES.get(change.table)
                if spec is None or not spec.editable:
                    raise StoreError(f"table {change.table!r} cannot be changed")
                before = None if change.before is None else canonical(change.table, change.before)
                after = None if change.after is None else canonical(change.table, change.after)
                if after is not None and after[spec.key] != change.key:
                    raise StoreError(f"{change.table}/{change.key}: the row's {spec.key} is {after[spec.key]!r}")
                fid, current = self._current(conn, change.table, change.key)
                if not same_row(current, before):
                    conflicts.append((change.table, change.key))
                planned.append((change.table, change.key, fid, current, after))
            if conflicts:
                raise ConflictError(conflicts)
            counts = [0, 0, 0]
            batch_id = self._new_batch(conn, changes.user, changes.kind, changes.list_key, changes.file_name,
                                       changes.file_sha256, changes.note)
            for table, key, fid, current, after in planned:
                counts[self._apply(conn, batch_id, table, key, fid, current, after)] += 1
            return self._finish(conn, batch_id, counts)

    def undo(self, batch_id: int, user: str) -> Batch:
        with self._transaction(write=True) as conn:
            batch = self._batch(conn, batch_id)
            if batch is None:
                raise StoreError(f"there is no batch {batch_id}")
            if batch.kind == "seed":
                raise StoreError("the seed cannot be undone")
            if batch.undone_by is not None:
                raise StoreError(f"batch {batch_id} was already undone by batch {batch.undone_by}")
            images = conn.execute("SELECT table_name, record_key, fid, before, after FROM qcm_row_images "
                                  "WHERE batch_id = ? ORDER BY seq", (batch_id,)).fetchall()
            conflicts = [(table, key) for table, key, _, _, after in images
                         if not same_row(self._current(conn, table, key)[1], row_from_json(after))]
            if conflicts:
                raise ConflictError(conflicts)
            undo_id = self._new_batch(conn, user, "undo", batch.list_key, batch.file_name, batch.file_sha256,
                                      f"undo of batch {batch_id}", undoes=batch_id)
            counts = [0, 0, 0]
            for table, key, old_fid, before, _ in reversed(images):
                fid, current = self._current(conn, table, key)
                target = row_from_json(before)
                counts[self._apply(conn, undo_id, table, key, fid or old_fid, current, target)] += 1
            conn.execute("UPDATE qcm_batches SET undone_by = ? WHERE fid = ?", (undo_id, batch_id))
            return self._finish(conn, undo_id, counts)

    def batches(self) -> list[Batch]:
        with self._transaction(write=False) as conn:
            return [_batch(r) for r in conn.execute(f"SELECT fid, {_BATCH_SELECT} FROM qcm_batches ORDER BY fid")]

    def log(self, since: str | None = None) -> list[LogEntry]:
        with self._transaction(write=False) as conn:
            cursor = conn.execute(
                "SELECT l.fid, l.batch_id, b.at, b.user, l.table_name, l.record_key, l.action, l.field, l.old, "
                "l.new FROM qcm_edit_log l JOIN qcm_batches b ON b.fid = l.batch_id WHERE b.at >= ? ORDER BY l.fid",
                (since or "",))
            return [LogEntry(*row) for row in cursor]

    def images(self, since: str | None = None) -> list[RowImage]:
        with self._transaction(write=False) as conn:
            cursor = conn.execute(
                "SELECT i.batch_id, b.at, b.user, i.table_name, i.record_key, i.before, i.after FROM qcm_row_images i "
                "JOIN qcm_batches b ON b.fid = i.batch_id WHERE b.at >= ? ORDER BY i.seq", (since or "",))
            return [RowImage(b, at, u, t, k, row_from_json(before), row_from_json(after))
                    for b, at, u, t, k, before, after in cursor]

    # --- writing a batch ---

    def _new_batch(self, conn, user, kind, list_key="", file_name="", file_sha256="", note="", undoes=None) -> int:
        cursor = conn.execute(
            "INSERT INTO qcm_batches (at, user, kind, list_key, file_name, file_sha256, note, undoes) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (self.clock(), user, kind, list_key, file_name, file_sha256, note, undoes))
        return cursor.lastrowid

    def _apply(self, conn, batch_id: int, table: str, key: str, fid: int | None, current: dict | None,
               after: dict | None) -> int:
        """Write one row change with its image and log entries; returns 0 added, 1 changed, 2 removed."""
        if current is None and after is None:
            raise StoreError(f"{table}/{key}: nothing to remove")
        if current is None:
            fid = self._insert(conn, table, after, fid)
            action, kind = "add", 0
        elif after is None:
            conn.execute(f"DELETE FROM {gpkg.quote(table)} WHERE fid = ?", (fid,))
            action, kind = "remove", 2
        else:
            self._update(conn, table, fid, after)
            action, kind = "change", 1
        conn.execute("INSERT INTO qcm_row_images (batch_id, table_name, record_key, fid, before, after) "
                     "VALUES (?, ?, ?, ?, ?, ?)", (batch_id, table, key, fid, row_to_json(current),
                                                   row_to_json(after)))
        old, new = current or {}, after or {}
        entries = [(batch_id, table, key, action, name, field_text(old.get(name)), field_text(new.get(name)))
                   for name in dict.fromkeys([*old, *new])
                   if not same_row({name: old.get(name)}, {name: new.get(name)})]
        conn.executemany("INSERT INTO qcm_edit_log (batch_id, table_name, record_key, action, field, old, new) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)", entries)
        gpkg.touch(conn, table)
        return kind

    def _finish(self, conn, batch_id: int, counts: list[int]) -> Batch:
        try:
            self._assemble(conn)  # the whole new state must be valid, or nothing is written
        except (DatasetError, ValueError) as exc:
            raise StoreError(f"the change would leave the data invalid: {exc}") from exc
        revision = int(_meta(conn, "revision")) + 1
        _set_meta(conn, revision=str(revision))
        conn.execute("UPDATE qcm_batches SET revision = ?, added = ?, changed = ?, removed = ? WHERE fid = ?",
                     (revision, *counts, batch_id))
        return self._batch(conn, batch_id)

    def _batch(self, conn, batch_id: int) -> Batch | None:
        row = conn.execute(f"SELECT fid, {_BATCH_SELECT} FROM qcm_batches WHERE fid = ?", (batch_id,)).fetchone()
        return _batch(row) if row else None


_BATCH_SELECT = ", ".join(gpkg.quote(c) for c, _ in _BATCH_COLUMNS)


def _batch(row) -> Batch:
    fid, at, user, kind, list_key, file_name, sha, note, revision, added, changed, removed, undoes, undone = row
    return Batch(fid, at, user, kind, list_key or "", file_name or "", sha or "", note or "", revision or 0,
                 added or 0, changed or 0, removed or 0, undoes, undone)


def _geometry_blob(table: str, row: dict) -> bytes | None:
    if TABLES[table].geometry == "POINT":
        return gpkg.encode(Point(row["lon"], row["lat"]))
    return gpkg.encode(row.get(GEOMETRY))


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None


def _meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM qcm_meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _set_meta(conn: sqlite3.Connection, **values: str) -> None:
    conn.executemany("INSERT INTO qcm_meta (key, value) VALUES (?, ?) "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value", values.items())


