"""The store, where the data lives between sessions: the Store interface, a GeoPackage (default) or PostGIS."""

from __future__ import annotations

import os
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

DATABASE_URL_SETTING = "QCM_DATABASE_URL"


def store_location(seed_dir: Path = DATA_DIR) -> str:
    """Where the store of ``seed_dir`` is: the database of ``QCM_DATABASE_URL`` (postgresql://…) when
    it is set, else the GeoPackage file of :func:`store_path`."""
    url = os.environ.get(DATABASE_URL_SETTING, "").strip()
    return url or str(store_path(seed_dir=seed_dir))


def open_store(location: Path | str | None = None, seed_dir: Path = DATA_DIR, **options) -> Store:
    """The store at ``location`` (a GeoPackage path or a postgresql:// URL; default
    :func:`store_location`), created and seeded if needed. Raises StoreError with the reason when
    it cannot be opened (a bad URL, a server that does not answer, a file from a newer version)."""
    location = store_location(seed_dir) if location is None else location
    if isinstance(location, str) and "://" in location:
        from geo.store.postgis import PostgisStore, is_database_url  # psycopg only where it is used

        if not is_database_url(location):
            raise StoreError(f"{DATABASE_URL_SETTING} must start with postgresql://")
        store = PostgisStore(location, seed_dir, **options)
    else:
        store = GeoPackageStore(Path(location), seed_dir, **options)
    store.ensure_ready()
    return store


__all__ = ["Batch", "ChangeSet", "ConflictError", "GeoPackageStore", "LogEntry", "RowChange", "RowImage", "Store",
           "StoreError", "open_store", "store_location", "store_path"]
