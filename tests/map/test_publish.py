"""geo/map/publish.py: content-addressed files, and the map's scripts as one of them."""

from __future__ import annotations

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
