"""geo/map/publish.py: content-addressed files, and the map's scripts as one of them."""

from __future__ import annotations

from pathlib import Path

from geo.map.assets import static_file_path
from geo.map.build import MAP_JS, build_base_map, map_scripts
from geo.map.publish import Publisher, bundle

URLS = [url for _, url in MAP_JS]


def test_bundle_is_the_scripts_in_order_named_by_content(tmp_path):
    publish = Publisher(tmp_path, "/app/static/cache")
    url = bundle(URLS, publish)
    assert url.startswith("/app/static/cache/") and url.endswith(".js")
    content = (tmp_path / url.rsplit("/", 1)[1]).read_bytes()
    parts = [static_file_path(u).read_bytes() for u in URLS]
    assert content == b"\n;\n".join(parts)
    offsets = [content.index(part) for part in parts]
    assert offsets == sorted(offsets)  # Leaflet first, then ours in MAP_JS order
    assert bundle(URLS, publish) == url  # the same scripts, the same file


def test_bundle_is_published_again_when_the_cache_was_emptied(tmp_path):
    publish = Publisher(tmp_path, "/app/static/cache")
    url = bundle(URLS, publish)
    (tmp_path / url.rsplit("/", 1)[1]).unlink()
    assert bundle(URLS, publish) == url
    assert (tmp_path / url.rsplit("/", 1)[1]).is_file()


def test_no_bundle_where_the_cache_is_read_only():
    assert bundle(URLS, Publisher(None)) is None


def test_the_live_map_loads_one_script_holding_leaflet_and_ours(dataset):
    m = build_base_map(tuple(dataset.county.total_bounds), "none", "zh")
    assert m.default_js == map_scripts()
    ((_, url),) = map_scripts()
    code = static_file_path(url).read_text(encoding="utf-8")
    assert "Leaflet 1.9.4" in code
    for function in ("window.qcmCloudLayer", "window.qcmMarks", "window.qcmSetup"):
        assert function in code


_PUBLISH_ALL = """
import sys
from pathlib import Path
from geo.data.dataset import load_dataset
from geo.i18n import LANGUAGES
from geo.map.build import published_layers
from geo.map.prune import _providers
from geo.map.publish import Publisher
data = load_dataset()
publish = Publisher(Path(sys.argv[1]), "/app/static/cache/x")
for lang in LANGUAGES:
    for provider in sorted(_providers()):
        published_layers(data, lang, provider, publish)
"""


def test_two_processes_publish_the_same_files_byte_for_byte(tmp_path):
    """Replicas on several machines each publish into their own static/cache/ (deploy/replicas.py):
    the same data must give the same names and bytes in any process, whatever its hash seed, so a
    browser that moves to another replica finds the files its map names."""
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    folders = [tmp_path / "a", tmp_path / "b"]
    for folder, seed in zip(folders, ("1", "2"), strict=True):
        subprocess.run([sys.executable, "-c", _PUBLISH_ALL, str(folder)], cwd=root, check=True, timeout=300,
                       env={**os.environ, "PYTHONHASHSEED": seed})
    files = [{p.name: p.read_bytes() for p in folder.iterdir()} for folder in folders]
    assert files[0] and files[0].keys() == files[1].keys()
    assert all(files[0][name] == files[1][name] for name in files[0])
