"""What every store backend shares (the GeoPackage file, the PostGIS database): seeding with a
fingerprint of data/, the optimistic per-row conflict check, the history (batches, edit log, row
images), undo and the whole-state validation before a commit. Written once over a few backend
primitives — a transaction, a statement, and reading and writing one table's rows — so the two
backends keep exactly the same semantics (geo/store/base.py is the contract).

Statements here use ``?`` placeholders and double-quoted identifiers; a backend whose driver wants
another placeholder translates them in :meth:`RowStore._sql`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import Point

from geo.data.dataset import (
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
)
from geo.store.base import Batch, ChangeSet, ConflictError, LogEntry, RowImage, StoreError

FORMAT = 1
EDIT_KINDS = ("import", "edit", "undo")
BATCH_COLUMNS = [("at", "TEXT"), ("user", "TEXT"), ("kind", "TEXT"), ("list_key", "TEXT"), ("file_name", "TEXT"),
                 ("file_sha256", "TEXT"), ("note", "TEXT"), ("revision", "INTEGER"), ("added", "INTEGER"),
                 ("changed", "INTEGER"), ("removed", "INTEGER"), ("undoes", "INTEGER"), ("undone_by", "INTEGER")]
LOG_COLUMNS = [("batch_id", "INTEGER"), ("table_name", "TEXT"), ("record_key", "TEXT"), ("action", "TEXT"),
               ("field", "TEXT"), ("old", "TEXT"), ("new", "TEXT")]


def quote(name: str) -> str:
    """An SQL identifier, quoted (SQLite and PostgreSQL alike)."""
    return '"' + name.replace('"', '""') + '"'


BATCH_SELECT = ", ".join(quote(c) for c, _ in BATCH_COLUMNS)


def seed_fingerprint(seed_dir: Path) -> str:
    digest = hashlib.sha256()
    names = [*LAYER_FILES.values(), *POLYGON_FILES.values(), *(n for n, _ in REFERENCE_TABLES.values()),
             "meta.json", INVESTMENT_TARGETS_FILE, PARK_PLOTS_FILE]
    for name in sorted(names):
        path = seed_dir / name
        digest.update(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"(missing)") + b"\0")
    return digest.hexdigest()


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def geometry_of(table: str, row: dict):
    """The shapely geometry a row of a feature table is stored with (points: from lon/lat)."""
    if TABLES[table].geometry == "POINT":
        return Point(row["lon"], row["lat"])
    return row.get(GEOMETRY)


def geometry_wkb(table: str, row: dict) -> bytes | None:
    geometry = geometry_of(table, row)
    return None if geometry is None else shapely.to_wkb(geometry)


def _batch(row) -> Batch:
    fid, at, user, kind, list_key, file_name, sha, note, revision, added, changed, removed, undoes, undone = row
    return Batch(fid, at, user, kind, list_key or "", file_name or "", sha or "", note or "", revision or 0,
                 added or 0, changed or 0, removed or 0, undoes, undone)


class RowStore:
    """The :class:`geo.store.base.Store` methods over a backend's primitives (the methods that raise
    NotImplementedError). A backend sets ``seed_dir``, ``clock`` and ``seed_outdated``."""

    seed_dir: Path
    clock: Callable[[], str]
    seed_outdated: bool
    where: str  # what the store is, for messages

    # --- backend primitives ---

    def _transaction(self, write: bool):
        """A context manager giving a connection in one transaction; ``write``: writers one at a time."""
        raise NotImplementedError

    def _sql(self, conn, sql: str, params: Iterable[Any] = ()):
        raise NotImplementedError

    def _sql_many(self, conn, sql: str, rows: list) -> None:
        raise NotImplementedError

    def _has_store(self, conn) -> bool:
        raise NotImplementedError

    def _create_history(self, conn) -> None:
        raise NotImplementedError

    def _create_tables(self, conn, rows: dict[str, list[dict]]) -> None:
        """(Re)create every table of geo.data.tables.TABLES for these seed rows, empty."""
        raise NotImplementedError

    def _add_column(self, conn, table: str, column: str) -> None:
        """Add a schema field, empty, to ``table`` (its type from geo.data.tables.sql_type)."""
        raise NotImplementedError

    def _migrate_format(self, conn) -> None:
        """What the backend's own format needs on opening (in the migration's transaction); by default nothing."""

    def _migrate(self) -> None:
        """A field added to the schema since the store was made becomes an empty column; a column the
        schema does not know stops the store (it was written by something else)."""
        with self._transaction(write=True) as conn:
            self._migrate_format(conn)
            for name, spec in TABLES.items():
                if spec.fields is None:
                    continue
                have = self._columns(conn, name)
                if extra := [c for c in have if c not in spec.fields]:
                    raise StoreError(f"{self.where}: table {name} has columns the schema does not know: {extra}")
                for column in spec.fields:
                    if column not in have:
                        self._add_column(conn, name, column)

    def _columns(self, conn, table: str) -> list[str]:
        raise NotImplementedError

    def _select(self, conn, table: str, key: str | None) -> Iterable[tuple[int, Any, dict]]:
        """(fid, shapely geometry or None, the other columns) of a table's rows (of ``key``), by fid."""
        raise NotImplementedError

    def _insert(self, conn, table: str, row: dict, fid: int | None = None) -> int:
        raise NotImplementedError

    def _update(self, conn, table: str, fid: int, row: dict) -> None:
        raise NotImplementedError

    def _touch(self, conn, table: str) -> None:
        """Note that ``table`` changed (the GeoPackage keeps a time per table)."""

    # --- seeding ---

    def _prepare(self) -> None:
        """Anything the backend needs before the first transaction."""

    def ensure_ready(self) -> None:
        """Create and seed the store if needed; re-seed it if data/ changed and nobody edited it."""
        fingerprint = seed_fingerprint(self.seed_dir)
        self._prepare()
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

    def _state(self, conn, fingerprint: str) -> str:
        """missing | current | outdated (data/ changed, no edits: re-seed) | edited (data/ changed, edits win)."""
        if not self._has_store(conn):
            return "missing"
        if int(self._meta(conn, "format") or 0) > FORMAT:
            raise StoreError(f"{self.where}: written by a newer version of the app "
                             f"(format {self._meta(conn, 'format')})")
        if self._meta(conn, "seed_fingerprint") == fingerprint:
            return "current"
        edited = self._sql(conn, "SELECT 1 FROM qcm_batches WHERE kind IN (?, ?, ?) LIMIT 1", EDIT_KINDS).fetchone()
        return "edited" if edited else "outdated"

    def _seed(self, conn, seed: Dataset, rows: dict[str, list[dict]], fingerprint: str, state: str) -> None:
        if state == "missing":
            self._create_history(conn)
            self._set_meta(conn, format=str(FORMAT), revision="0", created=self.clock())
        self._create_tables(conn, rows)
        for name, table_rows in rows.items():
            for row in table_rows:
                self._insert(conn, name, row)
        self._set_meta(conn, seed_fingerprint=fingerprint, seed_dir=str(self.seed_dir),
                       meta=json.dumps(seed.meta, ensure_ascii=False))
        batch_id = self._new_batch(conn, "system", "seed", note=str(self.seed_dir))
        self._finish(conn, batch_id, [sum(map(len, rows.values())), 0, 0])

    # --- rows ---

    def _read_rows(self, conn, table: str, key: str | None = None) -> list[tuple[int, dict]]:
        spec = TABLES[table]
        out = []
        for fid, geometry, row in self._select(conn, table, key):
            if table in REFERENCE:
                row = {k: ("" if v is None else v) for k, v in row.items()}
            if spec.geometry and spec.geometry != "POINT":
                row[GEOMETRY] = geometry
            out.append((fid, row))
        return out

    def _current(self, conn, table: str, key: str) -> tuple[int | None, dict | None]:
        rows = self._read_rows(conn, table, key)
        if not rows:
            return None, None
        fid, row = rows[0]
        return fid, canonical(table, row)

    def _assemble(self, conn) -> Dataset:
        rows = {name: [row for _, row in self._read_rows(conn, name)] for name in TABLES}
        columns = {name: self._columns(conn, name) for name in REFERENCE}
        return assemble(rows, columns, json.loads(self._meta(conn, "meta")))

    def _meta(self, conn, key: str) -> str | None:
        row = self._sql(conn, "SELECT value FROM qcm_meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, conn, **values: str) -> None:
        self._sql_many(conn, "INSERT INTO qcm_meta (key, value) VALUES (?, ?) "
                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value", list(values.items()))

    # --- the interface ---

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
            images = self._sql(conn, "SELECT table_name, record_key, fid, before, after FROM qcm_row_images "
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
            self._sql(conn, "UPDATE qcm_batches SET undone_by = ? WHERE fid = ?", (undo_id, batch_id))
            return self._finish(conn, undo_id, counts)

    def batches(self) -> list[Batch]:
        with self._transaction(write=False) as conn:
            return [_batch(r) for r in self._sql(conn, f"SELECT fid, {BATCH_SELECT} FROM qcm_batches ORDER BY fid")]

    def log(self, since: str | None = None) -> list[LogEntry]:
        with self._transaction(write=False) as conn:
            cursor = self._sql(
                conn, 'SELECT l.fid, l.batch_id, b.at, b."user", l.table_name, l.record_key, l.action, l.field, '
                'l.old, l.new FROM qcm_edit_log l JOIN qcm_batches b ON b.fid = l.batch_id WHERE b.at >= ? '
                'ORDER BY l.fid', (since or "",))
            return [LogEntry(*row) for row in cursor]

    def images(self, since: str | None = None) -> list[RowImage]:
        with self._transaction(write=False) as conn:
            cursor = self._sql(
                conn, 'SELECT i.batch_id, b.at, b."user", i.table_name, i.record_key, i.before, i.after '
                'FROM qcm_row_images i JOIN qcm_batches b ON b.fid = i.batch_id WHERE b.at >= ? ORDER BY i.seq',
                (since or "",))
            return [RowImage(b, at, u, t, k, row_from_json(before), row_from_json(after))
                    for b, at, u, t, k, before, after in cursor]

    # --- writing a batch ---

    def _new_batch(self, conn, user, kind, list_key="", file_name="", file_sha256="", note="", undoes=None) -> int:
        cursor = self._sql(
            conn, 'INSERT INTO qcm_batches (at, "user", kind, list_key, file_name, file_sha256, note, undoes) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING fid",
            (self.clock(), user, kind, list_key, file_name, file_sha256, note, undoes))
        return cursor.fetchone()[0]

    def _apply(self, conn, batch_id: int, table: str, key: str, fid: int | None, current: dict | None,
               after: dict | None) -> int:
        """Write one row change with its image and log entries; returns 0 added, 1 changed, 2 removed."""
        if current is None and after is None:
            raise StoreError(f"{table}/{key}: nothing to remove")
        if current is None:
            fid = self._insert(conn, table, after, fid)
            action, kind = "add", 0
        elif after is None:
            self._sql(conn, f"DELETE FROM {quote(table)} WHERE fid = ?", (fid,))
            action, kind = "remove", 2
        else:
            self._update(conn, table, fid, after)
            action, kind = "change", 1
        self._sql(conn, "INSERT INTO qcm_row_images (batch_id, table_name, record_key, fid, before, after) "
                        "VALUES (?, ?, ?, ?, ?, ?)", (batch_id, table, key, fid, row_to_json(current),
                                                      row_to_json(after)))
        old, new = current or {}, after or {}
        entries = [(batch_id, table, key, action, name, field_text(old.get(name)), field_text(new.get(name)))
                   for name in dict.fromkeys([*old, *new])
                   if not same_row({name: old.get(name)}, {name: new.get(name)})]
        if entries:
            self._sql_many(conn, "INSERT INTO qcm_edit_log (batch_id, table_name, record_key, action, field, old, "
                                 "new) VALUES (?, ?, ?, ?, ?, ?, ?)", entries)
        self._touch(conn, table)
        return kind

    def _finish(self, conn, batch_id: int, counts: list[int]) -> Batch:
        try:
            self._assemble(conn)  # the whole new state must be valid, or nothing is written
        except (DatasetError, ValueError) as exc:
            raise StoreError(f"the change would leave the data invalid: {exc}") from exc
        revision = int(self._meta(conn, "revision")) + 1
        self._set_meta(conn, revision=str(revision))
        self._sql(conn, "UPDATE qcm_batches SET revision = ?, added = ?, changed = ?, removed = ? WHERE fid = ?",
                  (revision, *counts, batch_id))
        return self._batch(conn, batch_id)

    def _batch(self, conn, batch_id: int) -> Batch | None:
        row = self._sql(conn, f"SELECT fid, {BATCH_SELECT} FROM qcm_batches WHERE fid = ?", (batch_id,)).fetchone()
        return _batch(row) if row else None
