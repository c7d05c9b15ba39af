"""Remove published files that no current data version uses (security review, point 15).

Layer data is published as content-addressed files under ``static/cache/`` (geo/map/publish.py) and
served to anyone who knows the name. Without pruning, an import that was undone stays downloadable
there. Each data store publishes into a folder of its own (``static/cache/<scope>/``,
geo.map.build.layer_cache), and :func:`prune_published` republishes (or names) what the store's current
dataset draws, for every language and basemap, and deletes every other file of that folder that is
older than the prune itself (a file written meanwhile belongs to a newer version). Other stores'
folders, and the map's script bundle at the top of the cache, are not touched. Run it when the data
changes (ui/data.py does, for each new revision).
"""

from __future__ import annotations

import time
from pathlib import Path

from geo import crs
from geo.data.dataset import Dataset
from geo.i18n import LANGUAGES
from geo.map.build import published_layers
from geo.map.publish import CACHE_DIR, CACHE_URL, Publisher

__all__ = ["prune_published"]

STALE_TEMP_S = 3600  # a half-written temporary file older than this is left over from a crash


def _providers() -> set[str]:
    """Every provider a map can be drawn for ("auto" resolves to one of them, geo.basemaps)."""
    return set(crs.BASEMAP_CRS) - {"auto"}


def prune_published(dataset: Dataset, scope: str, root: Path = CACHE_DIR) -> list[str]:
    """Delete every file of the scope's folder that ``dataset`` does not use; return the names deleted."""
    started = time.time()
    directory = root / scope
    publisher = Publisher(directory, f"{CACHE_URL}/{scope}")
    if publisher.inline:
        return []
    keep: set[str] = set()

    def publish(content: bytes, ext: str) -> str:
        url = publisher(content, ext)
        keep.add(url.rsplit("/", 1)[-1])
        return url

    for lang in LANGUAGES:
        for provider in sorted(_providers()):
            published_layers(dataset, lang, provider, publish)
    removed = []
    for path in directory.iterdir():
        if path.name in keep or not path.is_file():
            continue
        try:
            age = started - path.stat().st_mtime
            temporary = path.name.startswith("tmp")
            if (temporary and age > STALE_TEMP_S) or (not temporary and age > 0):
                path.unlink()
                removed.append(path.name)
        except FileNotFoundError:  # another process pruned it first
            continue
    return sorted(removed)
