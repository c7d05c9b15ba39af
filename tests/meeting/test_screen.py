"""geo/meeting/screen.py: the big screen's title bar, tiles and ticker; the URL's screen and advance."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.figures.metrics import Kpi, kpis
from geo.filters import ViewState
from geo.i18n import t
from geo.map.legend import LegendEntry, legend_entries
from geo.meeting.presentation import (
    ADVANCE_RANGE_S,
    Meeting,
    meeting_from_query_params,
    meeting_to_query_params,
    parse_advance,
)
from geo.meeting.screen import (
    SCREEN_KPIS,
    fact_items,
    history_items,
    legend_html,
    ticker_html,
    ticker_items,
    tiles_html,
    title_bar_html,
)
from geo.meeting.tours import TourFile
from geo.store.base import Batch


def batch(id_, kind="import", list_key="chain", user="zhang.san@county.gov.cn", at="2026-11-30T08:00:00Z", **kw):
    values = dict(id=id_, at=at, user=user, kind=kind, list_key=list_key, file_name="企业清单.xlsx",
                  file_sha256="ab" * 32, note="机密备注", revision=id_, added=3, changed=2, removed=0)
    values.update(kw)
    return Batch(**values)


def test_the_ticker_lists_public_changes_newest_first_without_who_or_which_file():
    batches = [batch(1, kind="seed", list_key="", at="2026-11-01T00:00:00Z"),
               batch(2, at="2026-11-20T09:00:00Z"),
               batch(3, kind="edit", list_key="wind_farm", at="2026-11-29T10:00:00Z", added=0, changed=1),
               batch(4, list_key="investment_targets", at="2026-11-30T10:00:00Z")]
    items = history_items(batches, "zh")
    assert [i.date for i in items] == ["2026-11-29", "2026-11-20"]  # no seed, no confidential list
    assert items[0].text == t("screen.ticker.edit", "zh", list=t("import.list.wind_farm", "zh"), added=0, changed=1,
                              removed=0)
    html = ticker_html("screen.ticker.history", items, "zh")
    for secret in ("zhang.san", "企业清单.xlsx", "机密备注", t("import.list.investment_targets", "zh")):
        assert secret not in html


def test_a_confidential_import_alone_leaves_the_ticker_on_the_reported_facts(dataset):
    heading, items = ticker_items([batch(9, list_key="investment_targets")], dataset, "en")
    assert heading == "screen.ticker.facts"
    assert items == fact_items(dataset, "en")


def test_without_edits_the_ticker_shows_dated_reported_facts_with_their_sources(dataset):
    heading, items = ticker_items([], dataset, "zh")
    assert heading == "screen.ticker.facts" and len(items) >= 6
    storage = next(i for i in items if "602 MWh" in i.text)
    assert storage.source == "MENAFN-2023, XNYZH, UNHEFTY"
    investment = next(i for i in items if "69.5 亿元" in i.text)  # 6.95 bn yuan, as DZRB-2023 gives it
    assert investment.source == "DZRB-2023" and investment.date == "2023-12"
    assert next(i for i in items if i.text.endswith("95.7%")).date == "2022年"


def test_ticker_text_from_data_is_escaped(dataset):
    facts = dataset.facts.copy()
    facts.loc["newenergy_share_pct", "label_en"] = '<img src=x onerror="alert(1)">'
    hostile = dataclasses.replace(dataset, facts=facts)
    html = ticker_html("screen.ticker.facts", fact_items(hostile, "en"), "en")
    assert "<img" not in html and "&lt;img src=x" in html


def test_the_ticker_says_nothing_when_there_is_nothing():
    assert ticker_html("screen.ticker.facts", [], "zh") == ""


def test_the_title_bar_names_the_county_today_and_the_data_date(dataset):
    html = title_bar_html(dataset, "zh", dt.date(2026, 12, 1))
    assert "山东省德州市庆云县" in html and "2026-12-01 星期二" in html
    assert f"报道 {dataset.meta['facts_as_of']}" in html
    assert "Tuesday 2026-12-01" in title_bar_html(dataset, "en", dt.date(2026, 12, 1))


def test_tiles_show_the_headline_figures_and_mark_derived_ones(dataset):
    figures = kpis(dataset, ViewState())
    html = tiles_html(figures, "zh")
    assert re.findall(r'data-kpi="([^"]+)"', html) == [k for k in SCREEN_KPIS if k in {f.key for f in figures}]
    capacity = next(f for f in figures if f.key == "capacity")
    assert capacity.value in html and capacity.kind == "reported"
    derived = tiles_html([Kpi("capacity", "推算总装机", "574.7 MW", "derived", "公式")], "zh")
    assert "qcm-scr-derived" in derived and t("kpi.derived_tag", "zh") in derived
    assert "&lt;b&gt;" in tiles_html([Kpi("capacity", "<b>", "1", "reported", "")], "zh")


def test_screen_and_advance_round_trip_through_the_url():
    tours = TourFile(tours=[])
    meeting = meeting_from_query_params({"screen": "1", "advance": "30"}, tours)
    assert meeting.screen and meeting.advance == 30
    assert meeting_to_query_params(meeting) == {"screen": "1", "advance": "30"}
    assert meeting_to_query_params(Meeting(advance=30)) == {}  # auto-advance belongs to the screen
    assert not meeting_from_query_params({"screen": "0"}, tours).screen


@pytest.mark.parametrize("text, seconds", [(None, None), ("", None), ("abc", None), ("0", None), ("-5", None),
                                           ("nan", None), ("inf", None), ("1", ADVANCE_RANGE_S[0]), ("30", 30),
                                           ("12.7", 12), ("999999", ADVANCE_RANGE_S[1])])
def test_advance_is_a_sane_number_of_seconds_or_nothing(text, seconds):
    assert parse_advance(text) == seconds


@given(st.text(max_size=20))
def test_advance_never_fails_and_stays_in_range(text):
    value = parse_advance(text)
    assert value is None or ADVANCE_RANGE_S[0] <= value <= ADVANCE_RANGE_S[1]


def _legend_rows(html: str) -> dict[str, str]:
    """{data-key: the row's count} of a screen legend."""
    return dict(re.findall(r'data-key="([^"]+)".*?<b>([\d,]+)</b>', html))


def test_the_screen_legend_keys_what_the_map_draws_with_the_map_legends_counts(dataset):
    state = ViewState()
    entries = legend_entries(dataset, state)
    html = legend_html(entries, "zh")
    rows = _legend_rows(html)
    on_map = {e.key: f"{e.count:,}" for e in entries if e.visible and e.count
              and (e.key.startswith("segment.") or e.key in ("wind_farm", "pv_utility", "pv_rooftop", "park"))}
    assert rows == on_map and any(k.startswith("segment.") for k in rows)
    for text in (t("kind.enterprise", "zh"), t("kind.project", "zh"), t("screen.legend.solid", "zh"),
                 t("screen.legend.hollow", "zh"), t("segment.cells", "zh")):
        assert text in html
    assert t("kind.enterprise", "en") in legend_html(legend_entries(dataset, state.with_(lang="en")), "en")


def test_the_screen_legend_leaves_out_what_the_filter_hides(dataset):
    only_cells = ViewState(segments=("cells",))
    rows = _legend_rows(legend_html(legend_entries(dataset, only_cells), "zh"))
    assert [k for k in rows if k.startswith("segment.")] == ["segment.cells"]
    no_chain = ViewState(layers=tuple(layer for layer in ViewState().layers if layer != "chain"))
    html = legend_html(legend_entries(dataset, no_chain), "zh")
    assert not any(k.startswith("segment.") for k in _legend_rows(html))
    assert t("kind.enterprise", "zh") not in html and "wind_farm" in _legend_rows(html)
    assert legend_html(legend_entries(dataset, ViewState(layers=())), "zh") == ""


def test_screen_legend_text_from_data_is_escaped():
    entries = [LegendEntry("chain", "<b>x</b>", 1, True),
               LegendEntry("segment.cells", "<img src=x onerror=alert(1)>", 1, True, color='"red"')]
    html = legend_html(entries, "zh")
    assert "<img" not in html and "&lt;img" in html and 'style="background:&quot;red&quot;"' in html
