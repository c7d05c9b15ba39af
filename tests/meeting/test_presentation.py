"""Meeting mode's URL state (geo/meeting/presentation.py) and the filters' URL relative to a tour step."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.chain import NODE_IDS
from geo.data.dataset import DATA_DIR
from geo.filters import TOWNSHIP_CHOICES, ViewState, from_query_params, to_query_params
from geo.meeting.presentation import (
    MapPosition,
    Meeting,
    current_step,
    map_position,
    meeting_from_query_params,
    meeting_to_query_params,
    parse_position,
    safe_markdown,
    step_nudge,
    url_base,
)
from geo.meeting.tours import TOURS_FILE, load_tours
from geo.model import LAYERS, SEGMENTS, STATUSES


@pytest.fixture(scope="module")
def tours():
    return load_tours(DATA_DIR / TOURS_FILE)


@pytest.mark.parametrize(("text", "expected"), [
    ("37.82900,117.44900,11.25", MapPosition(37.829, 117.449, 11.25)),
    (" 37.8,117.5,13 ", MapPosition(37.8, 117.5, 13.0)),
    ("37.8,117.5", None), ("a,b,c", None), ("", None), (None, None),
    ("117.5,37.8,11", None),  # lon,lat swapped: not near Qingyun
    ("37.8,117.5,25", None), ("37.8,117.5,2", None), ("37.8,117.5,1e3", None),
])
def test_parse_position(text, expected):
    assert parse_position(text) == expected


def test_position_param_round_trips():
    position = MapPosition(37.829123456, 117.449987654, 12.5)
    again = parse_position(position.param())
    assert again.param() == position.param() == "37.82912,117.44999,12.5"


def test_meeting_from_and_to_the_url(tours):
    params = {"present": "1", "tour": "default", "step": "3", "at": "37.8,117.5,13"}
    meeting = meeting_from_query_params(params, tours)
    assert meeting == Meeting(present=True, tour="default", step=3, at=MapPosition(37.8, 117.5, 13))
    assert meeting_to_query_params(meeting) == {"present": "1", "tour": "default", "step": "3",
                                                "at": "37.80000,117.50000,13"}
    assert meeting_to_query_params(Meeting()) == {}


@pytest.mark.parametrize(("params", "expected"), [
    ({"tour": "nope", "step": "2"}, Meeting()),
    ({"tour": "default", "step": "99"}, Meeting(tour="default", step=6)),
    ({"tour": "default", "step": "0"}, Meeting(tour="default", step=1)),
    ({"tour": "default", "step": "x"}, Meeting(tour="default", step=1)),
    ({"tour": "default"}, Meeting(tour="default", step=1)),
    ({"step": "2"}, Meeting()),
    ({"present": "yes"}, Meeting()),
    ({"at": "<script>"}, Meeting()),
])
def test_bad_meeting_parameters_fall_back_never_fail(tours, params, expected):
    assert meeting_from_query_params(params, tours) == expected


def test_a_bare_step_link_is_the_step_as_stored(tours):
    meeting = Meeting(tour="default", step=3)
    base = url_base(meeting, tours)
    stored = current_step(meeting, tours).view("zh", "auto")
    assert from_query_params({}, base=base) == stored
    assert to_query_params(stored, base=base) == {}
    # a change to the step is written, and reads back exactly
    changed = stored.with_(segments=("cells",), selected="E-YUTUO", lang="en")
    params = to_query_params(changed, base=base)
    assert params == {"seg": "cells", "lang": "en", "sel": "E-YUTUO"}
    assert from_query_params(params, base=base) == changed


def test_unselecting_a_steps_record_survives_the_link():
    base = ViewState(selected="P-YUTUO-5AH")
    cleared = base.with_(selected=None)
    assert to_query_params(cleared, base=base) == {"sel": ""}
    assert from_query_params({"sel": ""}, base=base) == cleared
    assert to_query_params(ViewState()) == {}  # without a step, nothing changes


def subsets(vocabulary):
    return st.lists(st.sampled_from(vocabulary), unique=True).map(lambda v: tuple(x for x in vocabulary if x in v))


views = st.builds(ViewState, segments=subsets(SEGMENTS), statuses=subsets(STATUSES),
                  townships=subsets(TOWNSHIP_CHOICES), layers=subsets(LAYERS), nodes=subsets(NODE_IDS),
                  lang=st.sampled_from(("zh", "en")), basemap=st.sampled_from(("none", "osm", "gaode")),
                  selected=st.one_of(st.none(), st.sampled_from(("E-YUTUO", "WIND-GEM-1"))))


@given(state=views, base=views)
def test_any_view_round_trips_through_the_url_relative_to_any_base(state, base):
    base = base.with_(lang="zh", basemap="none")  # a step never sets these
    assert from_query_params(to_query_params(state, base=base), base=base) == state


def test_map_position_prefers_the_link_then_the_step(tours):
    step3 = current_step(Meeting(tour="default", step=3), tours)
    assert map_position(Meeting(tour="default", step=3), tours) == MapPosition(*step3.center, step3.zoom)
    at = MapPosition(37.7, 117.5, 14)
    assert map_position(Meeting(tour="default", step=3, at=at), tours) == at
    assert map_position(Meeting(), tours) is None


def test_each_step_gets_a_distinct_centre_for_the_live_map():
    position = MapPosition(37.829, 117.449, 11)
    nudged = {step_nudge(position, n).center for n in range(1, 7)}
    assert len(nudged) == 6
    assert all(abs(lat - 37.829) < 1e-5 for lat, _ in nudged)  # about a centimetre: not visible


@pytest.mark.parametrize(("text", "shown"), [
    ("**粗体** 与 *斜体*", "**粗体** 与 *斜体*"),
    ("见 ![示意图](https://evil.example/a.png)。", "见 示意图。"),
    ("[点此](https://evil.example) 核对", "点此 核对"),
    ("<https://evil.example> 与 https://evil.example", "https\\://evil.example 与 https\\://evil.example"),
    ("<img src=x onerror=alert(1)>正文", "正文"),
    ("[ref]: https://evil.example\n正文", "\n正文"),
])
def test_safe_markdown_keeps_emphasis_and_drops_what_reaches_outside(text, shown):
    """Security review, point 13: a tour caption is rendered as Markdown on the map page."""
    assert safe_markdown(text) == shown
