"""The store: where the data lives between sessions, so that editors can keep the lists current.

Pages use one narrow interface, :class:`Store`:

====================  ===========================================================================
``revision()``        an integer that grows with every write; cheap (pages check it on every run)
``dataset()``         the current data as the :class:`geo.data.dataset.Dataset` pages have always used
``commit(changes)``   apply a :class:`ChangeSet` (an import or an edit) in one transaction
``undo(batch, user)`` put back exactly what one earlier batch changed, as a new batch
``batches()``         every write (seed, import, edit, undo): who, when, which file, counts
``log(since)``        the edit log: one entry per record and field, old -> new, with its batch
``images(since)``     each changed row before and after (for "what changed since …")
``name``              what the store is (a file, a database): part of cache keys
``seed_outdated``     True when data/ changed after the store was made and edits kept it
====================  ===========================================================================

Nothing else is part of the contract: no SQL, no file paths, no GeoPackage types. A PostGIS backend
implements these seven methods and two attributes (``SELECT … FOR UPDATE`` in place of ``BEGIN
IMMEDIATE``) and pages do not change.

:class:`geo.store.geopackage.GeoPackageStore` keeps everything in one GeoPackage file (SQLite; QGIS and
GDAL open it):
one layer per point list, the park plots and outlines as polygon layers, the other lists as
attribute tables, and the history in ``qcm_batches``, ``qcm_edit_log`` and ``qcm_row_images``.
On first start it is seeded from the bundled, reviewable files in data/. If data/ changes later
and nobody has edited the store, it is re-seeded; once edits exist they win, and
:attr:`GeoPackageStore.seed_outdated` says so.

Writes are serialised by SQLite (``BEGIN IMMEDIATE``, WAL, a busy timeout). Each change carries
the row it expects to replace: if another session changed that row in the meantime the write is
refused (:class:`ConflictError`) rather than silently overwriting, so two imports at the same
moment either both land or one is told to look again; neither is lost. Before committing, the new
state is assembled and validated as a whole (schema and references), so nothing invalid gets in.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from geo.data.dataset import DATA_DIR, Dataset

REPO = Path(__file__).resolve().parents[2]
DEFAULT_STORE_DIR = REPO / "var"  # git-ignored
STORE_FILE = "qcm.gpkg"


def store_path(store_dir: str | Path | None = None, seed_dir: str | Path = DATA_DIR) -> Path:
    """Where the store of ``seed_dir`` lives: ``QCM_STORE_DIR`` (default var/ in the repository).
    A store belongs to its seed: another seed folder (QCM_DATA_DIR) gets its own file."""
    directory = Path(store_dir or os.environ.get("QCM_STORE_DIR") or DEFAULT_STORE_DIR)
    seed = Path(seed_dir).resolve()
    if seed == DATA_DIR.resolve():
        return directory / STORE_FILE
    return directory / f"qcm-{hashlib.sha1(str(seed).encode()).hexdigest()[:10]}.gpkg"


class StoreError(Exception):
    """The store cannot do what was asked; the message says why."""


class ConflictError(StoreError):
    """Rows changed since the caller read them: ``conflicts`` lists (table, key)."""

    def __init__(self, conflicts: list[tuple[str, str]]):
        self.conflicts = tuple(conflicts)
        super().__init__("changed meanwhile: " + ", ".join(f"{t}/{k}" for t, k in conflicts[:10]))


@dataclass(frozen=True)
class RowChange:
    table: str
    key: str
    before: dict | None  # the row as the caller saw it (None: the row is new)
    after: dict | None  # the row wanted (None: remove it)


@dataclass(frozen=True)
class ChangeSet:
    changes: tuple[RowChange, ...]
    user: str
    kind: str = "import"  # import | edit
    list_key: str = ""
    file_name: str = ""
    file_sha256: str = ""
    note: str = ""


@dataclass(frozen=True)
class Batch:
    id: int
    at: str  # ISO 8601, UTC
    user: str
    kind: str  # seed | import | edit | undo
    list_key: str
    file_name: str
    file_sha256: str
    note: str
    revision: int
    added: int
    changed: int
    removed: int
    undoes: int | None = None
    undone_by: int | None = None


@dataclass(frozen=True)
class LogEntry:
    seq: int
    batch_id: int
    at: str
    user: str
    table: str
    key: str
    action: str  # add | change | remove
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class RowImage:
    batch_id: int
    at: str
    user: str
    table: str
    key: str
    before: dict | None
    after: dict | None


class Store(Protocol):
    name: str
    seed_outdated: bool

    def revision(self) -> int: ...
    def dataset(self) -> Dataset: ...
    def commit(self, changes: ChangeSet) -> Batch: ...
    def undo(self, batch_id: int, user: str) -> Batch: ...
    def batches(self) -> list[Batch]: ...
    def log(self, since: str | None = None) -> list[LogEntry]: ...
    def images(self, since: str | None = None) -> list[RowImage]: ...


__all__ = ["Batch", "ChangeSet", "ConflictError", "LogEntry", "RowChange", "RowImage", "Store",
           "StoreError", "store_path"]
