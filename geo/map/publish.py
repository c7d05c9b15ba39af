"""Publish map data as content-addressed static files, so the browser fetches each layer once.

Why: st_folium sends its arguments over the websocket on every rerun. Layer data (coordinates,
codes, attributes) is large and rarely changes, while filters change often and are tiny. So the
data goes to ``static/cache/<hash>.<ext>`` (served by Streamlit's static file serving at
``/app/static/cache/``, cached by the browser) and only a small descriptor with the current filter
travels with each rerun. Where the cache folder is not writable (a read-only install), the data is
inlined as a ``data:`` URL instead, which ``fetch()`` reads the same way.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from geo.map.assets import STATIC_DIR, STATIC_URL_PREFIX, static_file_path

CACHE_DIR = STATIC_DIR / "cache"
CACHE_URL = f"{STATIC_URL_PREFIX}/cache"
MIME = {"bin": "application/octet-stream", "json": "application/json", "js": "text/javascript"}


class Publisher:
    """Callable: ``publish(content, ext) -> url``. Idempotent: the name is the content's hash."""

    def __init__(self, directory: Path | None = CACHE_DIR, url_prefix: str = CACHE_URL):
        self.directory = directory
        self.url_prefix = url_prefix
        self.inline = directory is None or not self._writable(directory)

    @staticmethod
    def _writable(directory: Path) -> bool:
        try:
            directory.mkdir(parents=True, exist_ok=True)
            return os.access(directory, os.W_OK)
        except OSError:
            return False

    def __call__(self, content: bytes, ext: str) -> str:
        if self.inline:
            return f"data:{MIME[ext]};base64,{base64.b64encode(content).decode('ascii')}"
        name = f"{hashlib.sha256(content).hexdigest()[:24]}.{ext}"
        path = self.directory / name
        if not path.exists():
            # Write then rename: a reader never sees half a file, and two writers agree.
            with tempfile.NamedTemporaryFile(dir=self.directory, delete=False) as tmp:
                tmp.write(content)
            os.replace(tmp.name, path)
        return f"{self.url_prefix}/{name}"


def bundle(urls: Sequence[str], publish: Publisher | None = None) -> str | None:
    """Publish the static scripts at ``urls`` (``/app/static/...``) as one file and return its URL, or
    None where the cache cannot be written (a read-only install: the scripts then load one by one).

    Why: st_folium's iframe loads its scripts one after another, each waiting for the last, so five
    scripts cost five round trips before the map can start; one file costs one. The bundle is named
    by its content like the layer data, so a changed script is a new file and the browser's copy of
    the old one is never used for it.
    """
    publish = publish or _default_publisher()
    if publish.inline:
        return None
    paths = tuple(static_file_path(url) for url in urls)
    url = _published(publish, paths, tuple(path.stat().st_mtime_ns for path in paths))
    if not (publish.directory / url.rsplit("/", 1)[-1]).exists():  # the cache was emptied meanwhile
        _published.cache_clear()
        url = _published(publish, paths, tuple(path.stat().st_mtime_ns for path in paths))
    return url


@functools.lru_cache(maxsize=1)
def _default_publisher() -> Publisher:
    return Publisher()


@functools.lru_cache(maxsize=8)
def _published(publish: Publisher, paths: tuple[Path, ...], stamps: tuple[int, ...]) -> str:
    """Join and publish the scripts once per version of them (``stamps``, their modification times)."""
    return publish(b"\n;\n".join(path.read_bytes() for path in paths), "js")
