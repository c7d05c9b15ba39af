"""The legend is the filter, in the browser (issue 10, point 4): one click shows a segment alone on
the map, one more adds another, a click on a chosen one removes it, "All" brings all back; the URL,
the sidebar's pills and the map follow; the chosen state is visible (ticked and solid vs struck and
dashed); a layer row switches its layer."""

from __future__ import annotations

import time

from geo.data.dataset import load_dataset
from geo.filters import ViewState, visible_records
from geo.i18n import t
from geo.map.layers import drawn_on_map
from geo.model import LAYERS, POINT_LAYERS, SEGMENTS

from .helpers import MapPage, wait_until


def _counts(data, state: ViewState) -> dict[str, int]:
    drawn = drawn_on_map(visible_records(data.records, state))  # rooftop PV at invented positions: not drawn
    return {layer: int((drawn["layer"] == layer).sum()) for layer in POINT_LAYERS if layer in state.layers}


def _drawn(qcm: MapPage, data, state: ViewState) -> dict[str, int]:
    """Wait until the map draws what ``state`` selects; the point layers' counts."""
    expected = _counts(data, state)
    drawn = qcm.wait_counts(expected)
    return {layer: drawn[layer] for layer in expected}


def _click(qcm: MapPage, key: str, expect_query) -> dict[str, str]:
    # A click that lands while a rerun replaces the legend (or folds its layers again) is lost, as it
    # would be for a person, who clicks again: so does the test, up to 3 times.
    qcm.wait_idle()
    for _attempt in range(3):
        row = qcm.legend_row(key)
        if not row.is_visible():  # the layer rows are folded under "图层 / Layers"
            qcm.page.locator(".st-key-qcm_legend details summary").first.click()
        row.click()
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline:
            if expect_query(qcm.query()):
                qcm.wait_idle()
                return qcm.query()
            qcm.page.wait_for_timeout(100)
    return qcm.wait_query(expect_query)  # says what the URL is instead


def _looks_chosen(qcm: MapPage, key: str) -> bool | None:
    """Chosen rows are solid with a ticked box and say "pressed" to a screen reader (True); unchosen
    ones are struck through with a dashed border, not pressed (False); None while these disagree (a
    rerun half drawn)."""
    row = qcm.legend_row(key)
    struck = row.locator("del").count() > 0
    icon = row.locator('[data-testid="stIconMaterial"]').text_content()  # folded rows are hidden
    border = row.evaluate("b => getComputedStyle(b).borderTopStyle")
    pressed = row.get_attribute("aria-pressed")  # static/js/qcm-meeting.js
    if struck == (border == "dashed") == (icon == "check_box_outline_blank") == (pressed == "false") \
            and pressed in ("true", "false"):
        return not struck
    return None


def _wait_looks(page, qcm: MapPage, expected: dict[str, bool]) -> None:
    wait_until(page, lambda: all(_looks_chosen(qcm, k) is v for k, v in expected.items()),
               lambda: f"legend rows {dict((k, _looks_chosen(qcm, k)) for k in expected)}, expected {expected}")


def test_legend_solo_add_remove_all_and_the_url_follows(qcm, page):
    data = load_dataset()
    qcm.open("/")
    qcm.wait_counts(_counts(data, ViewState()))
    _wait_looks(page, qcm, {f"seg_{s}": True for s in SEGMENTS})

    _click(qcm, "seg_cells", lambda q: q.get("seg") == "cells")  # one click: cells alone
    state = ViewState(segments=("cells",))
    assert _drawn(qcm, data, state) == _counts(data, state)
    _wait_looks(page, qcm, {f"seg_{s}": s == "cells" for s in SEGMENTS})
    pill = qcm.pill(t("sidebar.segments", "zh"), t("segment.cells", "zh"))
    assert pill.get_attribute("aria-pressed") == "true"
    assert qcm.pill(t("sidebar.segments", "zh"), t("segment.pack", "zh")).get_attribute("aria-pressed") == "false"
    qcm.screenshot("legend_solo", at_map=True)

    _click(qcm, "seg_recycling", lambda q: q.get("seg") == "cells,recycling")  # one more: added
    state = ViewState(segments=("cells", "recycling"))
    assert _drawn(qcm, data, state) == _counts(data, state)

    _click(qcm, "seg_cells", lambda q: q.get("seg") == "recycling")  # a chosen one: removed
    state = ViewState(segments=("recycling",))
    assert _drawn(qcm, data, state) == _counts(data, state)
    _wait_looks(page, qcm, {"seg_cells": False, "seg_recycling": True})
    assert qcm.legend_row("all").get_attribute("aria-pressed") == "false"

    _click(qcm, "all", lambda q: "seg" not in q)  # one click: all back
    assert _drawn(qcm, data, ViewState()) == _counts(data, ViewState())
    _wait_looks(page, qcm, {f"seg_{s}": True for s in SEGMENTS})
    wait_until(page, lambda: qcm.legend_row("all").get_attribute("aria-pressed") == "true",
               lambda: "the 'all' row does not say pressed")


def test_layer_rows_switch_layers(qcm, page):
    data = load_dataset()
    qcm.open("/?lang=en")
    _click(qcm, "wind_farm", lambda q: "layers" in q and "wind_farm" not in q["layers"].split(","))
    state = ViewState(lang="en", layers=tuple(layer for layer in LAYERS if layer != "wind_farm"))
    qcm.wait_counts(_counts(data, state))
    assert "wind_farm" not in qcm.counts() or qcm.counts()["wind_farm"] == 0
    _wait_looks(page, qcm, {"wind_farm": False, "chain": True})
    _click(qcm, "wind_farm", lambda q: "layers" not in q)
    assert _drawn(qcm, data, ViewState(lang="en"))["wind_farm"] == int((data.records["layer"] == "wind_farm").sum())


def test_legend_stays_in_one_language_and_rows_name_their_segment(qcm, page):
    qcm.open("/?lang=en")
    for segment in SEGMENTS:
        assert qcm.legend_label(f"seg_{segment}").startswith(t(f"segment.{segment}", "en"))
    assert qcm.legend_label("all") == t("legend.all", "en")
