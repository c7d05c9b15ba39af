"""geo.filters: the view state, its URL form, and what it selects."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.data.dataset import records_to_frame
from geo.filters import (
    BASEMAPS,
    TOWNSHIP_CHOICES,
    ViewState,
    filter_mask,
    filter_records,
    from_query_params,
    record_township,
    to_query_params,
    visible_records,
)
from geo.i18n import LANGUAGES
from geo.model import LAYERS, SEGMENTS, STATUSES, UNKNOWN_TOWNSHIP, Record


def _subset(vocabulary: tuple[str, ...]):
    """A subset of a vocabulary, in vocabulary order (the order the state keeps)."""
    return st.lists(st.sampled_from(vocabulary), unique=True).map(
        lambda chosen: tuple(v for v in vocabulary if v in chosen))


# Every multi-valued filter of the state is a tuple whose default is its whole vocabulary
# (segments, statuses, townships, layers, and any filter added later, e.g. chain nodes).
VOCABULARY_FIELDS = {f.name: f.default for f in dataclasses.fields(ViewState) if isinstance(f.default, tuple)}
selected_ids = st.none() | st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=64)
states = st.builds(
    ViewState,
    **{name: _subset(vocabulary) for name, vocabulary in VOCABULARY_FIELDS.items()},
    lang=st.sampled_from(LANGUAGES),
    basemap=st.sampled_from(BASEMAPS),
    selected=selected_ids,
)


def test_the_state_filters_the_vocabularies():
    assert {k: VOCABULARY_FIELDS[k] for k in ("segments", "statuses", "townships", "layers")} == {
        "segments": SEGMENTS, "statuses": STATUSES, "townships": TOWNSHIP_CHOICES, "layers": LAYERS}


@given(states)
def test_query_params_round_trip(state):
    params = to_query_params(state)
    assert all(isinstance(v, str) for v in params.values())
    assert from_query_params(params) == state


@given(states)
def test_params_hold_only_what_differs_from_the_default(state):
    params = to_query_params(state)
    default = ViewState()
    for name, attr in [("seg", "segments"), ("status", "statuses"), ("town", "townships"), ("layers", "layers"),
                       ("lang", "lang"), ("basemap", "basemap"), ("sel", "selected")]:
        assert (name in params) == (getattr(state, attr) != getattr(default, attr))
    differing = [f.name for f in dataclasses.fields(ViewState) if getattr(state, f.name) != getattr(default, f.name)]
    assert len(params) == len(differing)


def test_default_state_gives_no_params():
    assert to_query_params(ViewState()) == {}
    assert from_query_params({}) == ViewState()


def test_default_state_is_everything():
    state = ViewState()
    assert (state.segments, state.statuses, state.layers) == (SEGMENTS, STATUSES, LAYERS)
    assert state.townships == TOWNSHIP_CHOICES and UNKNOWN_TOWNSHIP in state.townships
    assert (state.lang, state.basemap, state.selected) == ("zh", "auto", None)


@pytest.mark.parametrize(("name", "attr"), [("seg", "segments"), ("status", "statuses"), ("town", "townships"),
                                            ("layers", "layers")])
def test_absent_means_all_and_present_but_empty_means_nothing(name, attr):
    assert getattr(from_query_params({}), attr) == getattr(ViewState(), attr)
    assert getattr(from_query_params({name: ""}), attr) == ()
    assert to_query_params(ViewState().with_(**{attr: ()})) == {name: ""}


def test_unknown_codes_are_dropped_and_order_is_canonical():
    state = from_query_params({"seg": "pack, bogus,cells,,cells", "status": "OPERATING,signed",
                               "town": "unknown,999,371423100", "layers": "chain,<script>"})
    assert state.segments == ("cells", "pack")
    assert state.statuses == ("signed",)
    assert state.townships == ("371423100", "unknown")
    assert state.layers == ("chain",)


def test_only_unknown_codes_mean_nothing_not_everything():
    assert from_query_params({"seg": "nonsense"}).segments == ()


@pytest.mark.parametrize(("params", "lang", "basemap"), [
    ({"lang": "fr"}, "zh", "auto"),
    ({"lang": "en", "basemap": "google"}, "en", "auto"),
    ({"basemap": "gaode"}, "zh", "gaode"),
])
def test_unknown_language_or_basemap_falls_back_to_default(params, lang, basemap):
    state = from_query_params(params)
    assert (state.lang, state.basemap) == (lang, basemap)


def test_selection_is_kept_but_bounded():
    assert from_query_params({"sel": "WIND-GEM-1"}).selected == "WIND-GEM-1"
    assert from_query_params({"sel": ""}).selected is None
    assert from_query_params({"sel": "X" * 500}).selected == "X" * 64


def test_state_is_hashable_for_the_cache():
    assert hash(from_query_params({"seg": "cells"})) == hash(ViewState(segments=("cells",)))


# --- what a state selects ----------------------------------------------------------------------------


def _record(record_id: str, township: str | None, segment: str = "cells", status: str = "operating",
            layer: str = "chain") -> Record:
    asset = layer != "chain"
    return Record(
        id=record_id, layer=layer, kind="asset" if asset else "project", name_zh=record_id, name_en=record_id,
        chain_segment="green_power" if asset else segment, status=status, township_code=township,
        lon=117.4, lat=37.8, location_provenance="illustrative", provenance="reported", source="S1",
    )


# Tiny frame: two records in known townships, one without a township, one energy asset.
TOWNSHIP_RECORDS = records_to_frame([
    _record("P-QINGYUN", "371423100"),
    _record("P-CHANGJIA", "371423101", segment="pack", status="signed"),
    _record("P-NOWHERE", None, segment="recycling"),
    _record("WIND-QINGYUN", "371423100", layer="wind_farm"),
])


@pytest.fixture(scope="module")
def records(dataset):
    return dataset.records


def test_record_township_marks_missing_as_unknown():
    assert record_township(TOWNSHIP_RECORDS).tolist() == ["371423100", "371423101", "unknown", "371423100"]


@pytest.mark.parametrize(("townships", "expected"), [
    (TOWNSHIP_CHOICES, {"P-QINGYUN", "P-CHANGJIA", "P-NOWHERE", "WIND-QINGYUN"}),
    (("371423100",), {"P-QINGYUN", "WIND-QINGYUN"}),
    (("unknown",), {"P-NOWHERE"}),
    (("371423101", "unknown"), {"P-CHANGJIA", "P-NOWHERE"}),
    ((), set()),
])
def test_township_filter(townships, expected):
    assert set(filter_records(TOWNSHIP_RECORDS, ViewState(townships=townships))["id"]) == expected


def test_filters_combine_with_and():
    state = ViewState(segments=("cells", "pack"), statuses=("operating",), townships=("371423100", "371423101"))
    assert filter_records(TOWNSHIP_RECORDS, state)["id"].tolist() == ["P-QINGYUN"]


def test_records_without_a_township_are_the_unknown_township(records):
    unknown = set(records.loc[records["township_code"].isna(), "id"])
    assert set(filter_records(records, ViewState(townships=(UNKNOWN_TOWNSHIP,)))["id"]) == unknown
    known = set(filter_records(records, ViewState(townships=TOWNSHIP_CHOICES[:-1]))["id"])
    assert known == set(records["id"]) - unknown


def test_default_state_keeps_everything(records):
    assert len(filter_records(records, ViewState())) == len(records)
    assert len(visible_records(records, ViewState())) == len(records)


@given(segments=_subset(SEGMENTS), statuses=_subset(STATUSES))
def test_segment_and_status_filters_match_a_plain_loop(records, segments, statuses):
    frame = records
    state = ViewState(segments=segments, statuses=statuses)
    expected = [rid for rid, seg, status in zip(frame["id"], frame["chain_segment"], frame["status"], strict=True)
                if seg in segments and status in statuses]
    assert filter_records(frame, state)["id"].tolist() == expected


@given(layers=_subset(LAYERS), segments=_subset(SEGMENTS))
def test_visible_records_apply_layers_on_top_of_filters(records, layers, segments):
    state = ViewState(layers=layers, segments=segments)
    visible = visible_records(records, state)
    assert set(visible["layer"]) <= set(layers)
    assert set(visible["chain_segment"]) <= set(segments)
    filtered = filter_records(records, state)
    assert len(visible) == int(filtered["layer"].isin(layers).sum())


def test_layers_do_not_filter_the_lists(records):
    """Lists and KPIs use filter_records: switching a map layer off must not empty them."""
    state = ViewState(layers=())
    assert len(filter_records(records, state)) == len(records)
    assert visible_records(records, state).empty


def test_cells_only(records):
    state = ViewState(segments=("cells",))
    cells = records[(records["layer"] == "chain") & (records["chain_segment"] == "cells")]
    assert set(visible_records(records, state)["id"]) == set(cells["id"]) != set()
    for status in ("operating", "renovating"):
        expected = cells.loc[cells["status"] == status, "id"].tolist()
        assert visible_records(records, state.with_(statuses=(status,)))["id"].tolist() == expected, status



def test_a_filter_is_offered_only_where_the_data_tells_records_apart(dataset):
    from geo.filters import LAYER, SEGMENT, TOWNSHIP, offered

    records = dataset.records.assign(township_code=None)
    assert not offered(TOWNSHIP, records, ViewState())  # every record: township not reported
    assert offered(TOWNSHIP, records, ViewState(townships=TOWNSHIP.choices[:1]))  # narrowed: undoable
    with_towns = records.assign(township_code=[TOWNSHIP.choices[i % 2] for i in range(len(records))])
    assert offered(TOWNSHIP, with_towns, ViewState())  # data that carries townships: offered
    assert offered(SEGMENT, records, ViewState())
    assert offered(LAYER, records, ViewState())


@given(segments=_subset(SEGMENTS), layers=_subset(LAYERS))
def test_remembered_answers_are_the_computed_ones_for_each_table(records, segments, layers):
    """A page run asks several times; the kept masks answer per table, never another table's."""
    state = ViewState(segments=segments, layers=layers)
    for frame in (records, TOWNSHIP_RECORDS, records.iloc[::-1], records):
        expected = frame[filter_mask(frame, state)]
        assert filter_records(frame, state)["id"].tolist() == expected["id"].tolist()
        assert visible_records(frame, state)["id"].tolist() == \
            expected.loc[expected["layer"].isin(layers), "id"].tolist()


def test_a_new_table_with_the_same_shape_gets_its_own_answer():
    state = ViewState(segments=("pack",))
    first = TOWNSHIP_RECORDS.copy()
    assert filter_records(first, state)["id"].tolist() == ["P-CHANGJIA"]
    del first  # its id may be reused by the next table
    second = TOWNSHIP_RECORDS.copy()
    second["chain_segment"] = "pack"
    assert filter_records(second, state)["id"].tolist() == second["id"].tolist()
