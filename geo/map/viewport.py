"""The map frame's viewport: people may zoom it (WCAG 1.4.4, axe rule meta-viewport).

folium's Map template writes ``<meta name="viewport" ... maximum-scale=1.0, user-scalable=no>`` into
the page it renders (and st_folium copies that header into its iframe). :func:`allow_user_zoom` wraps
one map's template so its header says ``width=device-width, initial-scale=1.0`` instead; the body and
script of the template are untouched, and the ``folium.Map`` class is left alone.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import folium

VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1.0" />'
_VIEWPORT_META = re.compile(r'<meta\s+name="viewport"[^>]*>', re.S)


class _ZoomableTemplate:
    """A folium template whose ``header`` macro lets the user zoom; everything else delegates."""

    def __init__(self, template):
        self._template = template

    @property
    def module(self):
        macros = dict(self._template.module.__dict__)
        header = macros.get("header")
        if header is not None:
            macros["header"] = lambda this, kwargs: _VIEWPORT_META.sub(VIEWPORT, str(header(this, kwargs)))
        return SimpleNamespace(**macros)

    def __getattr__(self, name):
        return getattr(self._template, name)


def allow_user_zoom(m: folium.Map) -> folium.Map:
    """Let people zoom the page ``m`` renders into (idempotent). Returns ``m``."""
    if not isinstance(m._template, _ZoomableTemplate):
        m._template = _ZoomableTemplate(m._template)
    return m
