"""The vendored map assets exist and folium maps built with them load nothing remote."""

from __future__ import annotations

import re
from pathlib import Path

import branca.colormap
import folium
import folium.plugins
import pytest

from geo.map import assets
from geo.map.assets import (
    LEAFLET_CSS_URL,
    LEAFLET_JS_URL,
    LOCAL_MAP_CSS,
    LOCAL_MAP_JS,
    STATIC_DIR,
    STATIC_URL_PREFIX,
    find_remote_links,
    is_local_url,
    static_file_path,
    use_local_assets,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
LOCAL_URLS = [url for _, url in LOCAL_MAP_JS + LOCAL_MAP_CSS]


def _offline_map() -> folium.Map:
    m = use_local_assets(folium.Map(location=[30.0, 120.0], zoom_start=8, tiles=None))
    group = folium.FeatureGroup(name="Villages").add_to(m)
    folium.Polygon(
        [[30.0, 120.0], [30.1, 120.2], [29.9, 120.1]],
        popup=folium.Popup("Village A"),
        tooltip=folium.Tooltip("Village A"),
    ).add_to(group)
    folium.CircleMarker([30.0, 120.0], radius=4).add_to(group)
    folium.PolyLine([[30.0, 120.0], [30.2, 120.3]]).add_to(group)
    folium.LayerControl().add_to(m)
    return m


@pytest.mark.parametrize("url", LOCAL_URLS)
def test_local_url_maps_to_existing_non_empty_file(url: str) -> None:
    assert url.startswith(STATIC_URL_PREFIX + "/")
    path = static_file_path(url)
    assert path.is_relative_to(STATIC_DIR / "vendor")
    assert path.is_file(), path
    assert path.stat().st_size > 0, path


def test_local_lists_hold_only_leaflet() -> None:
    assert LOCAL_MAP_JS == [("leaflet", LEAFLET_JS_URL)]
    assert LOCAL_MAP_CSS == [("leaflet_css", LEAFLET_CSS_URL)]


def test_vendored_leaflet_is_1_9_4() -> None:
    js = static_file_path(LEAFLET_JS_URL).read_text(encoding="utf-8")
    assert js.startswith("/* @preserve\n * Leaflet 1.9.4,")
    assert '.version="1.9.4"' in js  # L.version in the minified build


def test_leaflet_heat_is_no_longer_vendored() -> None:
    """Rooftop PV is not a heat map of invented positions any more (issue 10): nothing uses it."""
    assert not (STATIC_DIR / "vendor" / "leaflet-heat").exists()


def test_licences_sit_beside_the_files() -> None:
    for url in LOCAL_URLS:
        licence = static_file_path(url).parent / "LICENSE"
        assert licence.is_file(), licence
        assert "Redistribution and use in source and binary forms" in licence.read_text(
            encoding="utf-8"
        )


def test_images_referenced_by_leaflet_css_exist() -> None:
    css_path = static_file_path(LEAFLET_CSS_URL)
    refs = re.findall(
        r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", css_path.read_text("utf-8")
    )
    images = [ref for ref in refs if ref.startswith("images/")]
    assert images, "expected leaflet.css to reference images/..."
    for ref in images:
        image = css_path.parent / ref
        assert image.is_file() and image.stat().st_size > 0, image
    # Not named in the CSS, but loaded by L.Icon.Default from leaflet.js.
    assert (css_path.parent / "images" / "marker-shadow.png").is_file()


def test_map_with_local_assets_has_no_remote_links() -> None:
    m = _offline_map()
    assert find_remote_links(m) == []
    html = m.get_root().render()
    assert f'<script src="{LEAFLET_JS_URL}">' in html
    assert f'href="{LEAFLET_CSS_URL}"' in html


def test_use_local_assets_after_an_earlier_render() -> None:
    m = folium.Map(tiles=None)
    html = m.get_root().render()
    assert "code.jquery.com" in html
    use_local_assets(m)
    assert find_remote_links(m) == []
    assert "code.jquery.com" not in m.get_root().render()


def test_find_remote_links_leaves_the_page_alone() -> None:
    m = folium.Map(tiles=None)
    header = m.get_root().header
    before = list(header._children)
    assert find_remote_links(m)
    assert list(header._children) == before
    use_local_assets(m)
    assert find_remote_links(m) == []


def test_default_map_has_remote_links() -> None:
    m = folium.Map()
    folium.LayerControl().add_to(m)
    remote = find_remote_links(m)
    assert remote
    assert all(not is_local_url(url) for url in remote)
    assert any("leaflet" in url and url.endswith(".js") for url in remote)
    assert any("jquery" in url for url in remote)


def test_use_local_assets_changes_only_the_instance() -> None:
    class_js = list(folium.Map.default_js)
    class_css = list(folium.Map.default_css)
    m = use_local_assets(folium.Map(tiles=None))
    m.add_js_link("extra", "/app/static/extra.js")
    assert folium.Map.default_js == class_js
    assert folium.Map.default_css == class_css
    assert LOCAL_MAP_JS == [("leaflet", LEAFLET_JS_URL)]
    assert find_remote_links(folium.Map(tiles=None)) != []


def test_a_heat_map_plugin_is_reported_as_remote() -> None:
    """The maps use no heat plugin; one added anyway keeps its CDN links, and the check says so."""
    m = use_local_assets(folium.Map(tiles=None))
    folium.plugins.HeatMap([[30.0, 120.0, 1.0]]).add_to(m)
    use_local_assets(m)
    assert find_remote_links(m) == [url for _, url in folium.plugins.HeatMap.default_js]


def test_remote_plugin_is_reported() -> None:
    m = _offline_map()
    folium.plugins.Fullscreen().add_to(m)
    remote = find_remote_links(m)
    assert remote == [
        url
        for _, url in folium.plugins.Fullscreen.default_js
        + folium.plugins.Fullscreen.default_css
    ]


def test_colormap_d3_links_are_reported() -> None:
    m = _offline_map()
    branca.colormap.LinearColormap(["white", "red"], vmin=0, vmax=1).add_to(m)
    assert any("d3" in url for url in find_remote_links(m))


def test_remote_links_in_rendered_html_are_reported() -> None:
    m = _offline_map()
    root = m.get_root()
    root.header.add_child(folium.JavascriptLink("//cdn.example.org/x.js"), name="x")
    root.header.add_child(folium.CssLink("http://cdn.example.org/x.css"), name="y")
    root.header.add_child(
        folium.Element(
            "<style>@import url('https://fonts.example.org/f.css');</style>"
        ),
        name="z",
    )
    assert find_remote_links(m) == [
        "//cdn.example.org/x.js",
        "http://cdn.example.org/x.css",
        "https://fonts.example.org/f.css",
    ]


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("/app/static/vendor/leaflet/leaflet.js", True),
        ("vendor/leaflet.js", True),
        ("data:text/css,", True),
        ("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js", False),
        ("//cdn.jsdelivr.net/x.js", False),
        ("HTTP://example.org/x.js", False),
    ],
)
def test_is_local_url(url: str, local: bool) -> None:
    assert is_local_url(url) is local


@pytest.mark.parametrize(
    "url",
    [
        "/static/vendor/leaflet/leaflet.js",
        "https://example.org/app/static/vendor/leaflet/leaflet.js",
        "/app/static/../geo/map/assets.py",
        "/app/staticfoo/x.js",
    ],
)
def test_static_file_path_rejects_other_urls(url: str) -> None:
    with pytest.raises(ValueError):
        static_file_path(url)


def test_static_file_path_maps_under_repo_static() -> None:
    expected = STATIC_DIR / "vendor" / "leaflet" / "leaflet.js"
    assert static_file_path(LEAFLET_JS_URL) == expected
    assert STATIC_DIR == REPO_ROOT / "static"
    assert Path(assets.__file__).resolve().parents[2] == REPO_ROOT
