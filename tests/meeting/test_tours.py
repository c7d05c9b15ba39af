"""Tours (geo/meeting/tours.py): the bundled file, the schema, the load errors, the captions' figures."""

from __future__ import annotations

import json
import string

import jsonschema
import pytest

from geo.data.dataset import DATA_DIR
from geo.figures.tracker import tracker_figures
from geo.filters import ViewState
from geo.meeting.tours import (
    CAPTION_FIELDS,
    NO_TOURS,
    SCHEMA_FILE,
    TOURS_FILE,
    TourError,
    caption,
    caption_fields,
    check_against,
    clamp_step,
    json_schema,
    load_tours,
    schema_text,
    title,
    tours_from_document,
    tours_json,
)
from geo.model import LAYERS


@pytest.fixture(scope="module")
def bundled(bundled_tours):
    return bundled_tours


def step(**fields) -> dict:
    return {"title_zh": "第一步", "title_en": "Step one", "caption_zh": "说明", "caption_en": "Caption", **fields}


def document(*steps: dict, tour_id: str = "t1", **tour) -> dict:
    return {"version": 1, "tours": [{"id": tour_id, "title_zh": "汇报", "title_en": "Tour",
                                     "steps": list(steps) or [step()], **tour}]}


def error_of(doc: dict) -> str:
    with pytest.raises(TourError) as info:
        tours_from_document(doc)
    return str(info.value)


# --- the bundled tour ----------------------------------------------------------------------------


def test_the_bundled_default_tour_tells_the_sources_story(bundled, dataset):
    tour = bundled.get("default")
    assert tour is not None and len(tour.steps) == 6
    assert check_against(bundled, dataset) == []
    for lang in ("zh", "en"):
        fields = caption_fields(dataset, lang)
        for s in tour.steps:
            text = caption(s, fields, lang)
            assert "{" not in text and "}" not in text
            assert s.sources and all(source in text for source in s.sources if source.startswith("S"))
            assert title(s, fields, lang)
    first = tour.step(1)
    assert first.center is not None and first.zoom is not None
    capacity = float(dataset.fact("newenergy_capacity_mw")["value"])
    share = float(dataset.fact("newenergy_share_pct")["value"])
    assert f"{capacity:,.0f} MW" in caption(first, caption_fields(dataset, "en"), "en")
    assert f"{share:g}%" in caption(first, caption_fields(dataset, "zh"), "zh")


def test_the_park_step_says_its_outline_is_illustrative(bundled, dataset):
    park = next(s for s in bundled.get("default").steps if "park" in (s.layers or ()) and s.zoom >= 13)
    assert "illustrative" in caption(park, caption_fields(dataset, "en"), "en")
    assert "示意" in caption(park, caption_fields(dataset, "zh"), "zh")


def test_caption_figures_come_from_the_tracker_and_the_data(dataset):
    fields = caption_fields(dataset, "en")
    assert set(fields) == set(CAPTION_FIELDS)
    figures = tracker_figures(dataset.records, dataset.facts)
    assert fields["cells_gwh"] == f"{figures.cells_gwh:g} GWh"
    assert fields["cells_share"] == f"{figures.progress('cells').share:.1%}"
    assert fields["cells_target"] == "10 GWh" and fields["packs_target"] == "6 GWh"
    assert fields["output_target"] == "20 bn yuan"
    wind = dataset.records[dataset.records["layer"] == "wind_farm"]
    assert fields["wind_farms_listed"] == str(len(wind))
    gem = wind[wind["source"].str.contains("GEM-WIND", regex=False)]  # the SEP farm's 100 MW is not GEM's
    assert fields["wind_gem_mw"] == f"{gem['capacity_mw'].sum():g} MW"
    assert "Separators" in fields["extension_nodes"] and "Anode" in fields["extension_nodes"]
    zh = caption_fields(dataset, "zh")
    assert zh["generation_q1_q3"] == "8.39 亿kWh" and zh["output_target"] == "200 亿元"


def test_the_file_round_trips_and_matches_its_json_schema(bundled):
    text = tours_json(bundled)
    assert json.loads(text) == json.loads((DATA_DIR / TOURS_FILE).read_text(encoding="utf-8"))
    assert tours_from_document(json.loads(text)) == bundled
    jsonschema.validate(json.loads(text), json_schema())


def test_the_committed_schema_is_the_models(bundled):
    assert (DATA_DIR / SCHEMA_FILE).read_text(encoding="utf-8") == schema_text()


def test_step_views_use_the_stored_filters_and_keep_the_viewers_language(bundled):
    chain_step = bundled.get("default").step(3)
    view = chain_step.view("en", "osm")
    assert view.segments == chain_step.segments and view.layers == ("boundary", "park", "chain")
    assert (view.lang, view.basemap) == ("en", "osm")
    assert view.statuses == ViewState().statuses  # left out: everything
    assert bundled.get("default").step(99) is bundled.get("default").steps[-1]
    assert clamp_step(0, 6) == 1 and clamp_step(7, 6) == 6


# --- load errors, each named by tour, step and field ---------------------------------------------


def test_a_missing_file_means_no_tours(tmp_path):
    assert load_tours(tmp_path / TOURS_FILE) is NO_TOURS


def test_unreadable_json_is_named(tmp_path):
    path = tmp_path / TOURS_FILE
    path.write_text('{"version": 1, "tours": [', encoding="utf-8")
    with pytest.raises(TourError, match=r"tours\.json: not valid UTF-8 JSON"):
        load_tours(path)


@pytest.mark.parametrize(("fields", "expected"), [
    ({"zoom": 30, "center": [37.8, 117.4]}, "tour 1 (t1) step 1: zoom: Input should be less than or equal to 18"),
    ({"segments": ["cells", "solar_panels"]}, "tour 1 (t1) step 1: segments.1: Input should be"),
    ({"layers": ["roads"]}, "tour 1 (t1) step 1: layers.0"),
    ({"center": [117.4, 37.8], "zoom": 11}, "not [latitude, longitude] near Qingyun"),
    ({"center": [37.8, 117.4]}, "give both center and zoom"),
    ({"caption_en": "{capacity_mw} and {invented_figure}"}, "unknown field(s) ['invented_figure']"),
    ({"caption_zh": "{"}, "bad {field} syntax"),
    ({"color": "red"}, "tour 1 (t1) step 1: color: Extra inputs are not permitted"),
    ({"title_en": ""}, "tour 1 (t1) step 1: title_en: String should have at least 1 character"),
    # Security review, point 13: captions render as Markdown; nothing in them may reach outside.
    ({"caption_zh": "见 ![图](https://evil.example/a.png)"}, "step 1: caption_zh: Value error, no images, links"),
    ({"caption_en": "[read more](https://evil.example)"}, "step 1: caption_en: Value error, no images, links"),
    ({"caption_en": "see <https://evil.example>"}, "no images, links or web addresses"),
    ({"caption_zh": "详见 www.evil.example"}, "no images, links or web addresses"),
    ({"title_en": "javascript:alert(1)"}, "no images, links or web addresses"),
])
def test_schema_problems_name_the_tour_step_and_field(fields, expected):
    assert expected in error_of(document(step(**fields)))


def test_tour_level_problems():
    assert "tour 1 (t1): steps: Tuple should have at least 1 item" in error_of(
        {"version": 1, "tours": [{"id": "t1", "title_zh": "a", "title_en": "a", "steps": []}]})
    assert "tour 1 (Bad Id): id: String should match pattern" in error_of(document(tour_id="Bad Id"))
    two = document()
    two["tours"].append(dict(two["tours"][0]))
    assert "duplicate tour id(s) ['t1']" in error_of(two)
    assert "version: Input should be 1" in error_of({"version": 2, "tours": []})


def test_every_problem_is_listed_not_just_the_first():
    message = error_of(document(step(zoom=30, center=[37.8, 117.4]), step(segments=["x"])))
    assert "2 problem(s)" in message and "step 1: zoom" in message and "step 2: segments.0" in message


def test_records_and_sources_must_exist_in_the_dataset(tmp_path, dataset):
    path = tmp_path / TOURS_FILE
    path.write_text(json.dumps(document(step(selected="P-NOT-THERE", highlight=["E-YUTUO", "E-GHOST"],
                                             sources=["S1", "S9"]))), encoding="utf-8")
    assert load_tours(path).tours[0].steps[0].selected == "P-NOT-THERE"  # without a dataset: schema only
    with pytest.raises(TourError) as info:
        load_tours(path, dataset)
    message = str(info.value)
    assert "tour 1 (t1) step 1: selected: unknown record id(s) ['P-NOT-THERE']" in message
    assert "highlight: unknown record id(s) ['E-GHOST']" in message
    assert "sources: unknown source id(s) ['S9']" in message


def test_filters_are_stored_in_canonical_order():
    tours = tours_from_document(document(step(segments=["pack", "cells", "pack"], layers=list(reversed(LAYERS)))))
    s = tours.tours[0].steps[0]
    assert s.segments == ("cells", "pack") and s.layers == LAYERS


def test_every_caption_field_is_a_plain_name():
    for name in CAPTION_FIELDS:
        assert [f for _, f, _, _ in string.Formatter().parse("{" + name + "}")] == [name]
