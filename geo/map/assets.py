"""Serve the maps' JavaScript and CSS from our own server, never from a CDN.

The app runs on government intranets with no internet access. Out of the box
folium points every map at public CDNs (jsDelivr, cdnjs, code.jquery.com,
bootstrapcdn): ``folium.Map.default_js`` / ``default_css`` list Leaflet,
jQuery, Bootstrap, Leaflet.awesome-markers and Font Awesome, and several
plugins (``HeatMap``, ``MarkerCluster``, ...) add links of their own. On an
offline network those requests fail and the map stays blank.

streamlit-folium does not use folium's rendered ``<script>``/``<link>`` tags:
it walks the map's element tree, collects ``default_js`` / ``default_css`` of
every ``JSCSSMixin`` element and has its iframe load those URLs. So the fix is
to give each such element local URLs. The files live in ``static/vendor/``
(see its README for versions and licences) and Streamlit serves ``./static``
at ``/app/static/`` when ``server.enableStaticServing = true``.

Our maps draw circle markers and polygons on canvas, so they need Leaflet
only: no jQuery, Bootstrap, awesome-markers or Font Awesome.

``find_remote_links`` lists every link a map would still fetch from outside;
tests use it to prove that a map is offline-safe.

Pure Python: this module must not import streamlit.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import branca.colormap
import folium
import folium.plugins
from branca.element import Element

from geo.map.viewport import allow_user_zoom

__all__ = [
    "LEAFLET_CSS_URL",
    "LEAFLET_JS_URL",
    "LOCAL_MAP_CSS",
    "LOCAL_MAP_JS",
    "STATIC_DIR",
    "STATIC_URL_PREFIX",
    "find_remote_links",
    "is_local_url",
    "static_file_path",
    "use_local_assets",
]

STATIC_URL_PREFIX = "/app/static"
"""URL prefix under which Streamlit serves the repository's ``static/`` folder."""

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
"""The ``static/`` folder at the repository root (the parent of ``geo/``)."""

LEAFLET_JS_URL = f"{STATIC_URL_PREFIX}/vendor/leaflet/leaflet.js"
LEAFLET_CSS_URL = f"{STATIC_URL_PREFIX}/vendor/leaflet/leaflet.css"

# (name, url) pairs in folium's format. The names are folium's own
# ("leaflet", "leaflet_css"), so the links replace folium's
# CDN links in the figure header instead of being added next to them.
LOCAL_MAP_JS: list[tuple[str, str]] = [("leaflet", LEAFLET_JS_URL)]
LOCAL_MAP_CSS: list[tuple[str, str]] = [("leaflet_css", LEAFLET_CSS_URL)]

# streamlit-folium adds these to its iframe by hand whenever the map holds a
# branca ColorMap (a colour legend), whatever the element's default_js says.
_STREAMLIT_FOLIUM_COLORMAP_JS = (
    "https://d3js.org/d3.v4.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js",
)

_CSS_IMPORT = re.compile(
    r"""@import\s+(?:url\(\s*)?["']?([^"'()\s;]+)""", re.IGNORECASE
)


def use_local_assets(m: folium.Map) -> folium.Map:
    """Point ``m`` at the vendored Leaflet files instead of folium's CDNs.

    Sets ``default_js`` / ``default_css`` on this map instance only: the
    ``folium.Map`` class and other maps are left alone. Each map gets its own
    copy of the lists, because folium's ``add_js_link`` / ``add_css_link``
    change them in place. Links that an earlier render already put in the page
    header under the old names are dropped. Returns ``m`` for chaining. (Plugins
    with CDN links of their own, such as folium's HeatMap, are not vendored: the
    maps do not use them, and ``find_remote_links`` would name them.)
    """
    _set_links(m, list(LOCAL_MAP_JS), list(LOCAL_MAP_CSS))
    allow_user_zoom(m)  # and let people zoom the frame (geo/map/viewport.py)
    return m


def is_local_url(url: str) -> bool:
    """True if ``url`` needs no other server: no scheme or host, or a data: URL."""
    parts = urlsplit(url.strip())
    return not parts.netloc and parts.scheme.lower() in ("", "data")


def find_remote_links(m: folium.Map) -> list[str]:
    """Return every script/stylesheet URL of ``m`` that is not local.

    Looks in two places:

    * ``default_js`` / ``default_css`` of every ``JSCSSMixin`` element in the
      tree, walked the way streamlit-folium walks it (``_children``, both
      halves of a ``DualMap``, and the d3 links it adds for a branca
      ``ColorMap``): that is what streamlit-folium's iframe loads;
    * the ``<script src>``, ``<link rel="stylesheet" href>`` and CSS
      ``@import`` URLs in the rendered page (``m.get_root().render()``) that
      are http(s) or protocol-relative: that is what a saved or plain-HTML map
      loads.

    Tile and GeoJSON URLs are data, not scripts or stylesheets, and are not
    looked at. Returns the URLs in first-seen order, without duplicates; an
    empty list means the map's code and styles load without internet.
    """
    urls: list[str] = []
    for element in _walk(m):
        if isinstance(element, branca.colormap.ColorMap):
            urls.extend(_STREAMLIT_FOLIUM_COLORMAP_JS)
        urls.extend(url for _, url in getattr(element, "default_js", []))
        urls.extend(url for _, url in getattr(element, "default_css", []))

    parser = _LinkParser()
    parser.feed(_render_without_side_effects(m))
    parser.close()
    urls.extend(url for url in parser.urls if _is_absolute(url))

    return [url for url in dict.fromkeys(urls) if not is_local_url(url)]


@functools.lru_cache(maxsize=256)  # asked for every layer's scripts on every rerun; resolve() stats the disk
def static_file_path(url: str) -> Path:
    """Map a ``/app/static/...`` URL to its file under the repository's ``static/``.

    Raises ``ValueError`` for a URL outside ``STATIC_URL_PREFIX`` or one that
    would leave ``static/``. Does not check that the file exists.
    """
    parts = urlsplit(url)
    prefix = STATIC_URL_PREFIX + "/"
    if parts.scheme or parts.netloc or not parts.path.startswith(prefix):
        raise ValueError(f"not a {prefix} URL: {url!r}")
    path = (STATIC_DIR / parts.path[len(prefix) :]).resolve()
    if not path.is_relative_to(STATIC_DIR):
        raise ValueError(f"URL points outside {STATIC_DIR}: {url!r}")
    return path


def _set_links(
    element: Element, js: list[tuple[str, str]], css: list[tuple[str, str]]
) -> None:
    """Replace an element's default_js/default_css on the instance.

    folium's render adds each link to the figure header under its name and
    never removes it, so drop the old names' entries from an earlier render.
    """
    header = getattr(element.get_root(), "header", None)
    if header is not None:
        for name, _ in [*element.default_js, *element.default_css]:
            header._children.pop(name, None)
    element.default_js = js
    element.default_css = css


def _render_without_side_effects(m: Element) -> str:
    """Render the whole page of ``m`` and undo what that added to the figure.

    Rendering adds the current links to the figure's header for good; without
    this, checking a map before ``use_local_assets`` would leave folium's CDN
    links in its page.
    """
    root = m.get_root()
    parts = [getattr(root, name, None) for name in ("header", "html", "script")]
    saved = [(part, dict(part._children)) for part in parts if part is not None]
    try:
        return root.render()
    finally:
        for part, children in saved:
            part._children.clear()
            part._children.update(children)


def _walk(element: Element) -> Iterator[Element]:
    """Yield ``element`` and everything below it, as streamlit-folium sees it."""
    yield element
    if isinstance(element, folium.plugins.DualMap):
        yield from _walk(element.m1)
        yield from _walk(element.m2)
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def _is_absolute(url: str) -> bool:
    url = url.strip()
    return url.startswith("//") or urlsplit(url).scheme.lower() in ("http", "https")


class _LinkParser(HTMLParser):
    """Collect script src, stylesheet href and ``@import`` URLs from a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {name: value or "" for name, value in attrs}
        rel = attr.get("rel", "").lower().split()
        if tag == "script" and attr.get("src"):
            self.urls.append(attr["src"])
        elif tag == "link" and "stylesheet" in rel and attr.get("href"):
            self.urls.append(attr["href"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.urls.extend(_css_imports(data))


def _css_imports(css: str) -> list[str]:
    """Return the URLs of ``@import "x"`` and ``@import url(x)`` rules."""
    return _CSS_IMPORT.findall(css)
