"""geo.basemaps: online basemaps only as a deployment configures them (issue 11, point 7), and what
"auto" draws: Tianditu when keyed, else a configured Gaode service, else self-hosted tiles, else the
plain background. Gaode's keyless tile URLs are never used."""

from __future__ import annotations

import pytest

from geo import crs
from geo.basemaps import (
    DEFAULT_TIANDITU_REVIEW_NO,
    SETTINGS,
    BasemapSettings,
    available,
    resolve_basemap,
    settings_from,
)
from geo.filters import BASEMAPS
from tests.mapscript import EVERY_BASEMAP, GAODE_TILES, SELF_HOSTED_TILES


def test_nothing_configured_is_the_plain_background_for_every_online_choice_but_osm():
    assert {b: resolve_basemap(b) for b in BASEMAPS} == {
        "auto": "none", "none": "none", "osm": "osm", "gaode": "none", "tianditu": "none", "custom": "none"}


@pytest.mark.parametrize(("settings", "expected"), [
    (BasemapSettings(), "none"),
    (BasemapSettings(tile_url=SELF_HOSTED_TILES), "custom"),
    (BasemapSettings(tile_url=SELF_HOSTED_TILES, tile_crs="GCJ-02"), "custom_gcj02"),
    (BasemapSettings(gaode_url=GAODE_TILES, gaode_key="k", tile_url=SELF_HOSTED_TILES), "gaode"),
    (EVERY_BASEMAP, "tianditu"),
])
def test_auto_takes_the_first_configured_provider(settings, expected):
    assert resolve_basemap("auto", settings) == expected


def test_every_drawn_provider_has_a_coordinate_system():
    for basemap in BASEMAPS:
        assert crs.BASEMAP_CRS[resolve_basemap(basemap, EVERY_BASEMAP)] in ("wgs84", "gcj02")
    assert crs.BASEMAP_CRS["gaode"] == crs.BASEMAP_CRS["custom_gcj02"] == "gcj02"
    assert "custom_gcj02" not in BASEMAPS  # drawn, never chosen


def test_gaode_needs_a_configured_url_and_its_key():
    assert not available("gaode", BasemapSettings(gaode_key="k"))  # a key alone names no tile service
    assert not available("gaode", BasemapSettings(gaode_url=GAODE_TILES))  # the template asks for {key}
    assert BasemapSettings(gaode_url=GAODE_TILES, gaode_key="k").gaode_tiles() == (
        "https://gaode.tiles.test/{z}/{x}/{y}.png?key=k")
    assert available("gaode", BasemapSettings(gaode_url="https://licensed.test/{z}/{x}/{y}.png"))


def test_settings_come_from_the_environment_then_the_secrets():
    env = {"TIANDITU_KEY": "env-key", "QCM_TILE_URL": SELF_HOSTED_TILES, "QCM_TILE_CRS": "gcj02",
           "QCM_GAODE_KEY": "  "}
    secrets = {"tianditu_key": "secret-key", "gaode_key": "secret-gaode", "tile_attribution": "© County GIS"}
    settings = settings_from(env, secrets.get)
    assert settings.tianditu_key == "env-key"  # the environment wins
    assert settings.gaode_key == "secret-gaode"  # blank in the environment: the secret
    assert (settings.tile_url, settings.tile_crs, settings.tile_attribution) == (
        SELF_HOSTED_TILES, "gcj02", "© County GIS")
    assert settings.tianditu_review_no == DEFAULT_TIANDITU_REVIEW_NO
    assert settings_from({}) == BasemapSettings()


def test_an_unknown_tile_crs_is_refused():
    with pytest.raises(ValueError, match="QCM_TILE_CRS"):
        settings_from({"QCM_TILE_URL": SELF_HOSTED_TILES, "QCM_TILE_CRS": "bd09"})


def test_every_setting_is_a_field_and_an_environment_variable():
    assert set(SETTINGS) == set(BasemapSettings.__dataclass_fields__)
    assert all(variable.isupper() for variable, _ in SETTINGS.values())
