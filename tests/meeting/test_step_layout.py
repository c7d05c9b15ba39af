"""A tour step on the wall (issue 10): the zoom fitted to the screen, the strip with the step's own
figures, and a caption that leads with one short sentence."""

from __future__ import annotations

import math

import pytest

from geo.figures.metrics import kpis
from geo.meeting.presentation import (
    MAP_CHROME_PX,
    STEP_FIGURES,
    STEP_MAP_HEIGHT_PX,
    MapPosition,
    caption_field_names,
    caption_lead,
    screen_zoom,
    step_figures,
)
from geo.meeting.tours import CAPTION_FIELDS, caption, caption_fields


@pytest.fixture(scope="module")
def tours(bundled_tours):
    return bundled_tours


def _county_height_px(dataset, zoom: float) -> float:
    """The county's height on a Web Mercator map at ``zoom``."""
    _, south, _, north = dataset.county.total_bounds
    y = [math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) for lat in (south, north)]
    return 256 * 2 ** zoom * (y[1] - y[0]) / (2 * math.pi)


@pytest.mark.parametrize(("screen", "zoom"), [(None, 11), (720, 10.75), (760, 10.75), (1080, 11.25), (2160, 12.5)])
def test_screen_zoom(screen, zoom):
    assert screen_zoom(MapPosition(37.8, 117.4, 11), screen).zoom == zoom


@pytest.mark.parametrize("screen", [720, 760, 1080, 1440])
def test_a_county_step_shows_the_whole_county_and_fills_most_of_the_map(dataset, tours, screen):
    map_height = screen - MAP_CHROME_PX
    for step in tours.get("default").steps:
        if step.zoom == 11:  # the county's frame (STEP_MAP_HEIGHT_PX)
            height = _county_height_px(dataset, screen_zoom(MapPosition(*step.center, step.zoom), screen).zoom)
            assert 0.6 * map_height <= height <= map_height, (screen, height, map_height)
    assert _county_height_px(dataset, 11) <= STEP_MAP_HEIGHT_PX


def test_every_caption_field_is_a_figure_or_deliberately_not():
    assert set(STEP_FIGURES) <= set(CAPTION_FIELDS)


def test_each_step_has_figures_of_its_own(dataset, tours):
    strips = []
    for step in tours.get("default").steps:
        figures = step_figures(step, kpis(dataset, step.view("zh", "none")), caption_fields(dataset, "zh"),
                               dataset.facts, "zh")
        named = caption_field_names(step.caption_zh)
        assert 1 <= len(figures) <= 6
        assert all(f.key in named or f.key in {v[4:] for k, (v, _) in STEP_FIGURES.items() if k in named}
                   for f in figures)
        strips.append(tuple(f.key for f in figures))
    assert len(set(strips)) == len(strips)


def test_captions_lead_with_one_short_sentence(dataset, tours):
    for lang, longest in (("zh", 48), ("en", 120)):
        fields = caption_fields(dataset, lang)
        for step in tours.get("default").steps:
            lead, rest = caption_lead(caption(step, fields, lang))
            assert rest, step.title(lang)
            assert len(lead) <= longest, (lang, lead)


def test_caption_lead():
    assert caption_lead("一句。二句。") == ("一句。", "二句。")
    assert caption_lead("One. Two.") == ("One.", "Two.")
    assert caption_lead("0.839 bn kWh in Q1-Q3.") == ("0.839 bn kWh in Q1-Q3.", "")
