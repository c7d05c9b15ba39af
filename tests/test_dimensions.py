"""geo.filters.DIMENSIONS: the filter dimensions are declared once, and every place that knows about
filters (the view state, the URL, tour steps, exports, the browser's codes) follows the declaration.
The sidebar's side is in tests/app/test_pages.py (test_the_sidebar_has_a_widget_per_dimension)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.data.dataset import load_dataset, records_to_frame
from geo.filters import (
    BY_ATTR,
    DIMENSIONS,
    NODE,
    RECORD_FILTERS,
    ViewState,
    dimension_values,
    filter_mask,
    from_query_params,
    to_query_params,
)
from geo.i18n import LANGUAGES, TEXT, t
from geo.lists.spreadsheets import filters_applied
from geo.map.build import layer_payloads
from geo.map.layers import CODE_COLUMNS, LayerCache, drawn_on_map, filter_codes, point_layer
from geo.map.publish import Publisher
from geo.meeting.standalone import view_description
from geo.meeting.tours import TourStep
from geo.model import POINT_LAYERS, Record
from tests.mapscript import decode_points, drawn_mask

STEP_TEXT = {"title_zh": "标题", "title_en": "Title", "caption_zh": "说明", "caption_en": "Caption"}
CACHE = LayerCache(Publisher(None))  # inline data: URLs, nothing written to static/cache


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def _subset(vocabulary: tuple[str, ...]):
    return st.lists(st.sampled_from(vocabulary), unique=True).map(
        lambda chosen: tuple(v for v in vocabulary if v in chosen))


views = st.builds(ViewState, **{d.attr: _subset(d.choices) for d in DIMENSIONS},
                  lang=st.sampled_from(LANGUAGES))


def _some(d) -> tuple[str, ...]:
    """A proper, non-empty subset of a dimension's choices."""
    return d.choices[1:3]


# --- the declaration ---------------------------------------------------------------------------------


def test_names_are_unique():
    for names in ([d.attr for d in DIMENSIONS], [d.param for d in DIMENSIONS],
                  [d.column for d in RECORD_FILTERS], [d.label_key for d in DIMENSIONS]):
        assert len(set(names)) == len(names), names
    assert set(BY_ATTR) == {d.attr for d in DIMENSIONS}
    assert all(d.choices and len(set(d.choices)) == len(d.choices) for d in DIMENSIONS)


def test_the_urls_stay_as_they_were():
    assert [(d.attr, d.param) for d in DIMENSIONS] == [
        ("segments", "seg"), ("statuses", "status"), ("townships", "town"), ("layers", "layers"), ("nodes", "node")]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_labels_are_translated(lang):
    for d in DIMENSIONS:
        assert d.label_key in TEXT, d.attr
        if d.names is None:
            assert all(f"{d.value_prefix}.{v}" in TEXT for v in d.choices), d.attr
    assert f"{BY_ATTR['townships'].value_prefix}.unknown" in TEXT


def test_value_labels_name_townships_from_the_dataset(dataset):
    towns = BY_ATTR["townships"].value_labels("en", dataset)
    assert towns("371423100") == "Qingyun Town" and towns("unknown") == t("township.unknown", "en")
    assert BY_ATTR["segments"].value_labels("en")("cells") == t("segment.cells", "en")


# --- the view state and the URL ------------------------------------------------------------------------


def test_the_view_state_has_one_field_per_dimension_defaulting_to_every_choice():
    fields = {f.name: f.default for f in dataclasses.fields(ViewState)}
    assert list(fields)[:len(DIMENSIONS)] == [d.attr for d in DIMENSIONS]
    assert list(fields)[len(DIMENSIONS):] == ["lang", "basemap", "selected"]
    assert all(fields[d.attr] == d.choices for d in DIMENSIONS)
    assert dimension_values(ViewState()) == {d.attr: d.choices for d in DIMENSIONS}


@pytest.mark.parametrize("d", DIMENSIONS, ids=lambda d: d.attr)
def test_every_dimension_round_trips_through_the_url(d):
    for chosen in (_some(d), (), d.choices[-1:]):
        state = ViewState().with_(**{d.attr: chosen})
        assert to_query_params(state) == {d.param: ",".join(chosen)}
        assert from_query_params({d.param: ",".join(chosen)}) == state
    assert to_query_params(ViewState().with_(**{d.attr: d.choices})) == {}
    assert from_query_params({d.param: f"{d.choices[0]},bogus"}) == ViewState().with_(**{d.attr: d.choices[:1]})


# --- tour steps ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("d", DIMENSIONS, ids=lambda d: d.attr)
def test_every_dimension_is_a_field_of_a_tour_step(d):
    assert TourStep.model_fields[d.attr].default is None  # left out: everything
    step = TourStep(**STEP_TEXT, **{d.attr: list(reversed(_some(d)))})
    assert getattr(step, d.attr) == _some(d)  # canonical order
    assert step.view("en", "osm") == ViewState(lang="en", basemap="osm").with_(**{d.attr: _some(d)})
    with pytest.raises(ValueError, match=rf"{d.attr}\.0"):
        TourStep(**STEP_TEXT, **{d.attr: ["bogus"]})


# --- exports ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_exports_describe_every_dimension(dataset, lang):
    rows = filters_applied(dataset, ViewState(lang=lang))
    assert [label for label, _ in rows] == [t(d.label_key, lang) for d in RECORD_FILTERS]
    for d in RECORD_FILTERS:
        narrowed = dict(filters_applied(dataset, ViewState(lang=lang).with_(**{d.attr: _some(d)})))
        name = d.value_labels(lang, dataset)
        assert narrowed[t(d.label_key, lang)] == ("、" if lang == "zh" else ", ").join(map(name, _some(d)))
    labels = [label for label, _ in view_description(dataset, ViewState(lang=lang))]
    assert labels == [t(d.label_key, lang) for d in (*RECORD_FILTERS, BY_ATTR["layers"])]


# --- the browser's codes -------------------------------------------------------------------------------


def test_every_record_filter_has_a_code_column():
    assert list(CODE_COLUMNS) == ["style", "segment", "status", "township", "node"]  # as before: the JS reads them
    assert set(filter_codes(ViewState())) == {d.column for d in RECORD_FILTERS}
    assert {d.attr for d in RECORD_FILTERS} == {d.attr for d in DIMENSIONS} - {"layers"}


@settings(max_examples=60, deadline=None)
@given(state=views)
def test_the_codes_sent_select_what_filter_records_selects(dataset, state):
    """qcm-cloud.js draws a point when each of its published codes is allowed by the payload's filter
    (tests/mapscript.drawn_mask); that selects exactly the records geo.filters' rule passes."""
    payloads = layer_payloads(dataset, state, cache=CACHE)
    for layer in POINT_LAYERS:
        if layer not in state.layers:
            assert layer not in payloads
            continue
        frame = drawn_on_map(dataset.records[dataset.records["layer"] == layer])  # what the layer publishes
        assert payloads[layer]["desc"]["columns"] == list(CODE_COLUMNS)
        np.testing.assert_array_equal(drawn_mask(payloads[layer]), filter_mask(frame, state).to_numpy(), layer)


def _record(record_id: str, node: str | None) -> Record:
    return Record(id=record_id, layer="chain", kind="project", name_zh=record_id, name_en=record_id,
                  chain_segment="cells", chain_node=node, status="operating", township_code="371423100",
                  lon=117.4, lat=37.8,
                  location_provenance="illustrative", provenance="reported", source="S1")


def test_a_record_without_a_node_passes_only_without_a_node_filter():
    frame = records_to_frame([_record("P-CELLS", "cells"), _record("P-NOWHERE", None), _record("P-PACK", "pack")])
    desc = point_layer(frame, "chain", "en", "none", {"371423100": "Qingyun Town"}, Publisher(None))
    assert decode_points(desc)["codes"]["node"].tolist() == [NODE.choices.index("cells"), len(NODE.choices),
                                                             NODE.choices.index("pack")]
    for nodes, passing in [(NODE.choices, [True, True, True]), (("cells",), [True, False, False]),
                           (NODE.choices[:-1], [True, False, True]), ((), [False, False, False])]:
        state = ViewState(nodes=nodes)
        assert filter_mask(frame, state).tolist() == passing, nodes
        assert drawn_mask({"desc": desc, "filter": filter_codes(state)}).tolist() == passing, nodes


def test_a_kind_without_a_dimension_skips_it(dataset):
    nothing_operating = ViewState(statuses=())
    assert filter_mask(dataset.records, nothing_operating).sum() == 0
    assert filter_mask(dataset.records, nothing_operating, skip=("statuses",)).all()
    with pytest.raises(ValueError, match="statusses"):
        filter_mask(dataset.records, nothing_operating, skip=("statusses",))
