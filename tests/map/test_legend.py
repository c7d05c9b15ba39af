"""geo.map.legend.legend_html: labels escaped, counts shown, hidden layers marked."""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

import pytest

from geo.filters import ViewState
from geo.i18n import t
from geo.map.legend import (
    LegendEntry,
    filter_css,
    layer_click,
    layer_rows,
    legend_entries,
    legend_html,
    segment_click,
    segment_rows,
)
from geo.model import LAYERS, SEGMENTS


class _Rows(HTMLParser):
    """Collect each legend row (div with data-key) as {key: (classes, text)}; proves the HTML parses."""

    def __init__(self):
        super().__init__()
        self.rows: dict[str, tuple[str, str]] = {}
        self._key: str | None = None
        self._depth = 0
        self._classes = ""
        self._text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attrs = dict(attrs)
        if self._key is not None and tag == "div":
            self._depth += 1
        elif tag == "div" and "data-key" in attrs:
            self._key, self._depth, self._classes, self._text = attrs["data-key"], 0, attrs.get("class", ""), []

    def handle_endtag(self, tag):
        if self._key is None or tag != "div":
            return
        if self._depth:
            self._depth -= 1
            return
        self.rows[self._key] = (self._classes, "".join(self._text))
        self._key = None

    def handle_data(self, data):
        if self._key is not None:
            self._text.append(data)


def _rows(html: str) -> _Rows:
    parser = _Rows()
    parser.feed(html)
    parser.close()
    return parser


def test_labels_are_escaped():
    html = legend_html([LegendEntry(key="chain", label="<b>x</b>", count=3, visible=True),
                        LegendEntry(key="segment.cells", label="<img src=x onerror=alert(1)>", count=1,
                                    visible=True, color="#D55E00")], "en")
    assert "<b>x</b>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert "<img" not in html
    rows = _rows(html).rows
    assert rows["chain"][1].startswith("<b>x</b>")  # shown as text, exactly as given
    assert "img" not in _rows(html).tags


def test_keys_and_colours_cannot_break_out_of_attributes():
    hostile = 'red" onmouseover="alert(1)'
    html = legend_html([LegendEntry(key='segment.x" onclick="alert(1)', label="x", count=0, visible=True,
                                    color=hostile)], "en")
    assert 'onmouseover="' not in html and 'onclick="' not in html
    assert "&quot;" in html


@pytest.mark.parametrize(("count", "shown"), [(0, "0"), (7, "7"), (2345, "2,345"), (1234567, "1,234,567")])
def test_counts_are_shown(count, shown):
    html = legend_html([LegendEntry(key="pv_rooftop", label="Rooftop PV", count=count, visible=True)], "en")
    assert re.search(rf'<span class="qcm-count">{shown}</span>', html)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_hidden_layers_are_marked(lang):
    html = legend_html([LegendEntry(key="wind_farm", label="W", count=7, visible=False),
                        LegendEntry(key="chain", label="C", count=8, visible=True),
                        LegendEntry(key="segment.cells", label="S", count=3, visible=False, color="#D55E00")], lang)
    rows = _rows(html).rows
    wind_classes, wind_text = rows["wind_farm"]
    assert "off" in wind_classes.split()
    assert t("legend.off", lang) in wind_text
    chain_classes, chain_text = rows["chain"]
    assert "off" not in chain_classes.split()
    assert t("legend.off", lang) not in chain_text
    assert "off" in rows["segment.cells"][0].split()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_title_and_notes_are_in_the_language(lang):
    html = legend_html([], lang)
    assert escape(t("legend.title", lang)) in html
    for note in ("legend.solid", "legend.hollow", "legend.rooftop", "legend.park"):
        assert escape(t(note, lang)) in html


def test_a_note_on_a_hidden_layer_is_left_out():
    """The notes on rooftop PV, wind farm sizes and the park's outline explain those layers only."""
    html = legend_html([LegendEntry(key="pv_rooftop", label="R", count=0, visible=False),
                        LegendEntry(key="wind_farm", label="W", count=7, visible=True),
                        LegendEntry(key="park", label="P", count=1, visible=False)], "en")
    assert escape(t("legend.rooftop", "en")) not in html and escape(t("legend.park", "en")) not in html
    for note in ("legend.solid", "legend.hollow", "legend.wind_size"):
        assert escape(t(note, "en")) in html


def test_legend_for_the_bundled_data_shows_each_entry_once(dataset):
    state = ViewState(lang="en", layers=("boundary", "chain"), segments=("cells", "materials"))
    entries = legend_entries(dataset, state)
    rows = _rows(legend_html(entries, "en")).rows
    assert list(rows) == [e.key for e in entries]
    for entry in entries:
        classes, text = rows[entry.key]
        assert text.startswith(entry.label)
        assert text.endswith(f"{entry.count:,}")
        assert ("off" in classes.split()) == (not entry.visible)
    # Rooftop PV is green power, filtered out here: hidden, and counted 0.
    assert rows["pv_rooftop"][1] == f"{t('layer.pv_rooftop', 'en')} {t('legend.off', 'en')}0"
    assert [k for k in rows if k.startswith("segment.")] == [f"segment.{s}" for s in SEGMENTS
                                                           if s in ("cells", "materials")]
    records = dataset.records
    assert rows["segment.cells"][1].endswith(str(int(((records["layer"] == "chain")
                                                     & (records["chain_segment"] == "cells")).sum())))


# --- the legend as the filter (issue 10) ---------------------------------------------------------


def test_segment_click_solo_add_remove_and_back_to_all():
    every = SEGMENTS
    assert segment_click(every, "cells") == ("cells",)  # everything shown: the click shows it alone
    assert segment_click(("cells",), "pack") == ("cells", "pack")  # added, in vocabulary order
    assert segment_click(("pack", "cells"), "cells") == ("pack",)  # removed
    assert segment_click(("pack",), "pack") == every  # the last one removed: all again
    assert segment_click((), "pack") == ("pack",)  # nothing shown (a link): the click adds it


def test_layer_click_switches_one_layer():
    assert layer_click(LAYERS, "pv_rooftop") == tuple(layer for layer in LAYERS if layer != "pv_rooftop")
    assert layer_click(("chain",), "boundary") == ("boundary", "chain")
    assert layer_click(("chain",), "chain") == ()


def test_segment_rows_count_every_segment_under_the_other_filters(dataset):
    chain = dataset.records[dataset.records["layer"] == "chain"]
    rows = segment_rows(dataset, ViewState(segments=("cells",)))
    assert [r.value for r in rows] == list(SEGMENTS)
    assert [r.value for r in rows if r.chosen] == ["cells"]
    for row in rows:  # unchosen rows say what a click brings back
        assert row.count == int((chain["chain_segment"] == row.value).sum())
    narrowed = segment_rows(dataset, ViewState(statuses=("lead",)))
    lead = chain[chain["status"] == "lead"]
    assert {r.value: r.count for r in narrowed} == {s: int((lead["chain_segment"] == s).sum()) for s in SEGMENTS}


def test_layer_rows_follow_the_layers(dataset):
    rows = layer_rows(dataset, ViewState(layers=("boundary", "chain")))
    assert [r.value for r in rows] == list(LAYERS)
    assert {r.value for r in rows if r.chosen} == {"boundary", "chain"}


def test_filter_css_marks_chosen_and_unchosen_rows(dataset):
    css = filter_css(segment_rows(dataset, ViewState(segments=("cells",))))
    cells = css.split(".st-key-qcm_leg_seg_cells button::before")[1].split("}")[0]
    assert "background:#D55E00" in cells
    assert "background:#fff" in css.split(".st-key-qcm_leg_seg_pack button::before")[1].split("}")[0]
    assert "dashed" in css.split(".st-key-qcm_leg_seg_pack button {")[1].split("}")[0]
