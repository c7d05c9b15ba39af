"""The data every page reads, cached: the store and its dataset (per revision and role), the tours,
and the keys of online basemaps."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import threading
from pathlib import Path

import streamlit as st

from geo.access.roles import ANONYMOUS, visible_dataset
from geo.basemaps import BasemapSettings, settings_from
from geo.data.dataset import DATA_DIR, Dataset
from geo.i18n import DEFAULT_LANGUAGE, escape_markdown, t
from geo.map.prune import prune_published
from geo.meeting.tours import NO_TOURS, TOURS_FILE, TourError, TourFile, load_tours
from geo.store import Store, StoreError, open_store, store_location
from ui.signin import current_user, secret_value
from ui.thisrun import this_run


def data_dir() -> Path:
    return Path(os.environ.get("QCM_DATA_DIR") or DATA_DIR)


# cache_resource, not cache_data: the dataset is immutable (frozen dataclass; nothing may modify
# its frames) and shared by every session, so there is one copy in memory instead of one unpickled
# copy per rerun, and its identity keys the published map layers (geo/map/build.LAYER_CACHE).
# Keyed by the store's revision (issue 4): an import gives a new Dataset at once, on every page and
# in every session; and by role, so that a viewer's copy never holds the confidential target list.
@st.cache_resource(show_spinner=False, max_entries=4)
def _load(directory: str, store_file: str = "", revision: int = 0, confidential: bool = False) -> Dataset:
    data = store(directory).dataset()
    # A new revision: remove the published map files that no longer match the data (an import that
    # was undone must not stay downloadable; geo/map/prune.py), in the background.
    threading.Thread(target=_prune, args=(data, _scope(store_file)), daemon=True, name="qcm-prune").start()
    data = data if confidential else visible_dataset(data, ANONYMOUS)
    _freeze_long_lived()
    return data


def _freeze_long_lived() -> None:
    """Keep the long-lived heap (the imported libraries, the dataset) out of the garbage collector.

    Streamlit runs a full collection after every script run (``runner.postScriptGC``); with geopandas,
    folium and the dataset loaded that walks ~120,000 objects, about 80-150 ms of CPU per rerun, most
    of a filter change's cost (bench/profile_rerun.py). Frozen objects are skipped by every later
    collection, so the post-run collection only walks what the runs made since. A new revision
    unfreezes first, so the previous dataset is collected once nothing holds it; what is frozen is
    what is alive now (a collection runs first), never garbage.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _scope(store_file: str) -> str:
    return hashlib.sha256(store_file.encode("utf-8")).hexdigest()[:12]


def _prune(data: Dataset, scope: str) -> None:
    with contextlib.suppress(OSError):
        prune_published(data, scope)


def publish_scope(directory: str | Path | None = None) -> str:
    """The folder of static/cache/ the current store's map files go to (geo.map.build.layer_cache)."""
    return _scope(store_location(Path(directory or data_dir())))


def dataset(directory: str | None = None) -> Dataset:
    """The current dataset: the store (geo.store.base, QCM_STORE_DIR) seeded from the data directory
    (QCM_DATA_DIR); one cheap revision check per script run. A page asks several times a run (the
    sidebar, the page, the map's click handler): the answer is kept for the run (:func:`this_run`).
    Every page that writes to the store reruns right after (st.rerun), so a run never outlives the
    revision it read."""
    directory = str(directory or data_dir())
    editor = current_user().is_editor
    memo = this_run()
    key = ("dataset", directory, editor)
    if key not in memo:
        opened = store(directory)
        memo[key] = _load(directory, opened.name, opened.revision(), editor)
    return memo[key]


def basemap_settings() -> BasemapSettings:
    memo = this_run()
    if "basemap_settings" not in memo:
        memo["basemap_settings"] = _basemap_settings()
    return memo["basemap_settings"]


def _basemap_settings() -> BasemapSettings:
    """The deployment's online basemaps (geo.basemaps.SETTINGS): environment variables first, then
    top-level entries of .streamlit/secrets.toml (``tianditu_key``, ``gaode_tile_url``, ``tile_url``, …).
    A self-hosted tile source with an unknown ``QCM_TILE_CRS`` is left out rather than drawn misplaced."""
    try:
        return settings_from(os.environ, secret_value)
    except ValueError:
        return settings_from({**os.environ, "QCM_TILE_URL": "", "QCM_TILE_CRS": ""},
                             lambda name: None if name in ("tile_url", "tile_crs") else secret_value(name))


@st.cache_resource(show_spinner=False, max_entries=4)
def _open(location: str, seed: str) -> Store:
    return open_store(location, Path(seed))


def store(seed_dir: str | Path) -> Store:
    """The store seeded from ``seed_dir``, opened (created, seeded) once per process: the PostGIS
    database of ``QCM_DATABASE_URL`` or the GeoPackage file (geo.store.store_location). Pages use
    only the :class:`geo.store.base.Store` interface. A store that cannot be opened (a bad URL, a
    database that does not answer) stops the page with the reason; the next run tries again."""
    try:
        return _open(store_location(Path(seed_dir)), str(seed_dir))
    except StoreError as exc:
        lang = st.session_state.get("lang", DEFAULT_LANGUAGE)
        st.error(t("store.unavailable", lang, error=escape_markdown(exc)), icon=":material/sync_problem:")
        st.stop()


@st.cache_resource(show_spinner=False, max_entries=8)
def _load_tours(path: str, mtime: float, dataset_id: int, _data: Dataset) -> tuple[TourFile, str | None]:
    try:
        return load_tours(path, _data), None
    except TourError as exc:
        return NO_TOURS, str(exc)


def tours_and_error() -> tuple[TourFile, str | None]:
    """The tours of the data directory (data/tours.json), checked against the current dataset and
    reloaded when either changes; a broken file gives no tours and the reason, never a broken page.
    Asked ~10 times a page run (every URL sync): looked up once a run (:func:`this_run`)."""
    memo = this_run()
    if "tours" not in memo:
        memo["tours"] = _tours_and_error()
    return memo["tours"]


def _tours_and_error() -> tuple[TourFile, str | None]:
    path = data_dir() / TOURS_FILE
    mtime = path.stat().st_mtime if path.is_file() else 0.0
    data = dataset()  # cached per store revision: a new revision is a new object
    return _load_tours(str(path), mtime, id(data), data)


def tours() -> TourFile:
    return tours_and_error()[0]
