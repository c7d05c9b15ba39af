"""The legend is the filter (issue 10, point 4), through AppTest: one click shows a segment alone,
a click on another adds it, a click on a chosen one removes it, "All" brings every segment back;
layers switch on and off; the URL and the sidebar follow every click. Filters the bundled data
cannot use (townships) are not offered until data carries them."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from geo.filters import SEGMENT, TOWNSHIP
from geo.i18n import t
from geo.model import LAYERS, SEGMENTS

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def _app(**query_params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for name, value in query_params.items():
        at.query_params[name] = value
    return at.run()


def _click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _shown_segments(at: AppTest) -> list[str]:
    """The segments whose legend row says chosen (ticked, not struck through)."""
    return [s for s in SEGMENTS if not at.button(key=f"qcm_leg_seg_{s}").label.startswith("~~")]


def test_every_segment_and_layer_has_a_row_with_its_name_and_count(dataset):
    at = _app(lang="en")
    chain = dataset.records[dataset.records["layer"] == "chain"]
    for segment in SEGMENTS:
        label = at.button(key=f"qcm_leg_seg_{segment}").label
        count = int((chain["chain_segment"] == segment).sum())
        assert label == f"{t(f'segment.{segment}', 'en')}\u2002**{count:,}**"
    for layer in LAYERS:
        assert at.button(key=f"qcm_leg_lay_{layer}").label.startswith(t(f"layer.{layer}", "en"))
    assert at.button(key="qcm_leg_all").label == t("legend.all", "en")


def test_one_click_solo_one_more_adds_a_click_removes_and_all_brings_all_back():
    at = _app()
    assert _shown_segments(at) == list(SEGMENTS)
    _click(at, "qcm_leg_seg_cells")  # one click: that segment alone
    assert _shown_segments(at) == ["cells"]
    assert dict(at.query_params) == {"seg": "cells"}
    assert at.button_group(key="w_segments_zh").value == ["cells"]  # the sidebar follows
    _click(at, "qcm_leg_seg_recycling")  # one more: added
    assert _shown_segments(at) == ["cells", "recycling"]
    assert dict(at.query_params) == {"seg": "cells,recycling"}
    _click(at, "qcm_leg_seg_cells")  # a chosen one: removed
    assert _shown_segments(at) == ["recycling"]
    assert dict(at.query_params) == {"seg": "recycling"}
    assert at.button_group(key="w_segments_zh").value == ["recycling"]
    _click(at, "qcm_leg_all")  # all back
    assert _shown_segments(at) == list(SEGMENTS)
    assert dict(at.query_params) == {}
    assert at.button_group(key="w_segments_zh").value == list(SEGMENTS)


def test_removing_the_last_chosen_segment_shows_all_again():
    at = _app(seg="pack")
    _click(at, "qcm_leg_seg_pack")
    assert _shown_segments(at) == list(SEGMENTS)
    assert "seg" not in dict(at.query_params)


def test_a_sidebar_change_shows_in_the_legend_and_a_link_opens_it():
    at = _app(seg="cells,pack", lang="en")
    assert _shown_segments(at) == ["cells", "pack"]
    at.button_group(key="w_segments_en").set_value(["materials"]).run()
    assert _shown_segments(at) == ["materials"]
    assert dict(at.query_params) == {"seg": "materials", "lang": "en"}


def test_layers_switch_one_by_one_and_the_url_follows():
    at = _app()
    _click(at, "qcm_leg_lay_pv_rooftop")
    assert dict(at.query_params) == {"layers": ",".join(layer for layer in LAYERS if layer != "pv_rooftop")}
    assert at.button(key="qcm_leg_lay_pv_rooftop").label.startswith("~~")
    assert "pv_rooftop" not in at.button_group(key="w_layers_zh").value
    _click(at, "qcm_leg_lay_pv_rooftop")
    assert "layers" not in dict(at.query_params)


def test_township_filter_follows_the_data(dataset):
    """Offered once a record carries a township (the SEP wind farm: 严务乡, FOUND-2026-12 F10); a link
    that narrows it keeps it, so it can be undone (tests/test_filters.py: hidden while none has one)."""
    assert dataset.records["township_code"].notna().any()
    at = _app()
    assert at.sidebar.multiselect(key=f"w_{TOWNSHIP.attr}_zh").label == t("sidebar.townships", "zh")
    at = _app(town=TOWNSHIP.choices[0])
    assert at.sidebar.multiselect(key=f"w_{TOWNSHIP.attr}_zh").value == [TOWNSHIP.choices[0]]


def test_segment_rows_stay_when_filtered_out_so_a_click_brings_them_back():
    at = _app(seg="cells")
    for segment in SEGMENT.choices:
        assert at.button(key=f"qcm_leg_seg_{segment}")  # every row is there, chosen or not
    assert at.button(key="qcm_leg_seg_pack").label.startswith("~~")
