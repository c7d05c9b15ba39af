"""The store, where the data lives between sessions: the Store interface and its GeoPackage implementation."""

from __future__ import annotations

from pathlib import Path

from geo.data.dataset import DATA_DIR
from geo.store.base import (
    Batch,
    ChangeSet,
    ConflictError,
    LogEntry,
    RowChange,
    RowImage,
    Store,
    StoreError,
    store_path,
)
from geo.store.geopackage import GeoPackageStore


def open_store(path: Path | None = None, seed_dir: Path = DATA_DIR, **options) -> GeoPackageStore:
    """The store at ``path`` (default :func:`store_path`), created and seeded if needed."""
    store = GeoPackageStore(path or store_path(seed_dir=seed_dir), seed_dir, **options)
    store.ensure_ready()
    return store


__all__ = ["Batch", "ChangeSet", "ConflictError", "GeoPackageStore", "LogEntry", "RowChange", "RowImage", "Store",
           "StoreError", "open_store", "store_path"]
