"""The online basemaps a deployment offers, as its settings allow, and what "auto" draws.

Online tiles are used only the way their providers allow (README, 配置 Configuration):

- 天地图 Tianditu: with a developer key (env ``TIANDITU_KEY`` or ``tianditu_key`` in secrets), credited
  "© 天地图" with Tianditu's review number (审图号; ``QCM_TIANDITU_REVIEW_NO``).
- 高德 Gaode / AMap: only through a tile service the deployment is licensed for: ``QCM_GAODE_TILE_URL``,
  a URL template (``{x} {y} {z}``, ``{s}`` for ``QCM_GAODE_SUBDOMAINS``, ``{key}`` for ``QCM_GAODE_KEY``).
  The app never uses AMap's undocumented keyless tile URLs. Gaode tiles are GCJ-02 (geo/crs.py).
- OpenStreetMap: only when a viewer picks it (the OSMF tile usage policy allows light, interactive use
  with attribution; it is never the default).
- self-hosted tiles: ``QCM_TILE_URL`` with ``QCM_TILE_ATTRIBUTION`` and the tiles' coordinate system,
  ``QCM_TILE_CRS`` (``wgs84``, the default, or ``gcj02``); the basemap option "custom".

"auto", the default: Tianditu when keyed, else Gaode when configured, else the self-hosted tiles when
set, else the plain offline background. In the browser any online basemap falls back to the plain
background by itself when its tiles do not load (static/js/qcm-basemap.js).

Pure Python: ui/data.py reads the environment and the secrets and hands :class:`BasemapSettings` over.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields

from geo.crs import BASEMAP_CRS

__all__ = ["DEFAULT_TIANDITU_REVIEW_NO", "SETTINGS", "BasemapSettings", "available", "resolve_basemap",
           "settings_from"]

# The review number integrations cite for Tianditu's tiles in 2024-2025 (e.g. "天地图 GS(2024)0568号");
# Tianditu renews it: set QCM_TIANDITU_REVIEW_NO to the number tianditu.gov.cn shows today.
DEFAULT_TIANDITU_REVIEW_NO = "GS(2024)0568号"

# field -> (environment variable, secrets.toml entry). The environment wins over the secrets.
SETTINGS: dict[str, tuple[str, str]] = {
    "tianditu_key": ("TIANDITU_KEY", "tianditu_key"),
    "tianditu_review_no": ("QCM_TIANDITU_REVIEW_NO", "tianditu_review_no"),
    "gaode_url": ("QCM_GAODE_TILE_URL", "gaode_tile_url"),
    "gaode_key": ("QCM_GAODE_KEY", "gaode_key"),
    "gaode_subdomains": ("QCM_GAODE_SUBDOMAINS", "gaode_subdomains"),
    "tile_url": ("QCM_TILE_URL", "tile_url"),
    "tile_attribution": ("QCM_TILE_ATTRIBUTION", "tile_attribution"),
    "tile_crs": ("QCM_TILE_CRS", "tile_crs"),
    "tile_subdomains": ("QCM_TILE_SUBDOMAINS", "tile_subdomains"),
}


@dataclass(frozen=True)
class BasemapSettings:
    """What the deployment configured; the defaults are a deployment that configured nothing."""

    tianditu_key: str | None = None
    tianditu_review_no: str = DEFAULT_TIANDITU_REVIEW_NO
    gaode_url: str | None = None
    gaode_key: str | None = None
    gaode_subdomains: str = "1234"
    tile_url: str | None = None
    tile_attribution: str | None = None
    tile_crs: str = "wgs84"
    tile_subdomains: str = "abc"

    def __post_init__(self):
        crs = (self.tile_crs or "wgs84").strip().lower().replace("-", "").replace("_", "")
        if crs not in ("wgs84", "gcj02"):
            raise ValueError(f"QCM_TILE_CRS must be wgs84 or gcj02, not {self.tile_crs!r}")
        object.__setattr__(self, "tile_crs", crs)

    def gaode_tiles(self) -> str | None:
        """The Gaode tile URL with its key filled in; None unless the deployment configured one (a
        template asking for ``{key}`` needs the key too)."""
        if not self.gaode_url or ("{key}" in self.gaode_url and not self.gaode_key):
            return None
        return self.gaode_url.replace("{key}", self.gaode_key or "")

    @property
    def tile_provider(self) -> str:
        """The name the self-hosted tiles draw under: "custom" (WGS-84) or "custom_gcj02"."""
        return "custom" if self.tile_crs == "wgs84" else "custom_gcj02"


def available(provider: str, settings: BasemapSettings | None) -> bool:
    """Whether the deployment can draw ``provider`` (a basemap option other than "auto")."""
    settings = settings or BasemapSettings()
    if provider == "tianditu":
        return bool(settings.tianditu_key)
    if provider == "gaode":
        return settings.gaode_tiles() is not None
    if provider in ("custom", "custom_gcj02"):
        return bool(settings.tile_url)
    return provider in ("none", "osm")


def resolve_basemap(basemap: str, settings: BasemapSettings | None = None) -> str:
    """The provider a basemap setting draws (a key of geo.crs.BASEMAP_CRS, never "auto"): "auto" is
    Tianditu when keyed, else Gaode when configured, else the self-hosted tiles, else the plain
    background; an option the deployment has not configured draws the plain background (WGS-84)."""
    settings = settings or BasemapSettings()
    if basemap == "auto":
        for provider in ("tianditu", "gaode", "custom"):
            if available(provider, settings):
                return settings.tile_provider if provider == "custom" else provider
        return "none"
    if basemap == "custom":
        return settings.tile_provider if settings.tile_url else "none"
    if basemap not in BASEMAP_CRS or not available(basemap, settings):
        return "none"
    return basemap


def settings_from(env: Mapping[str, str], secret: Callable[[str], object] | None = None) -> BasemapSettings:
    """The settings from the environment (``env``) and the secrets (``secret(name)``, None if absent);
    empty values count as unset."""
    values = {}
    for item in fields(BasemapSettings):
        variable, entry = SETTINGS[item.name]
        for value in (env.get(variable), secret(entry) if secret else None):
            if isinstance(value, str) and value.strip():
                values[item.name] = value.strip()
                break
    return BasemapSettings(**values)
