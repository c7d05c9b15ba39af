"""The headline strip (issue 10): periods as county reports write them, county totals marked, the
counts a filter changes beside them, and every text escaped."""

from __future__ import annotations

import pytest

from geo.figures.metrics import Kpi, kpis, period_label
from geo.figures.strip import kpi_strip_html
from geo.filters import ViewState
from geo.i18n import t


@pytest.mark.parametrize(("period", "zh", "en"), [
    ("2022", "2022年", "2022"),
    ("2022-01/2022-09", "2022年前三季度", "Q1–Q3 2022"),
    ("2022-01/2022-03", "2022年一季度", "Q1 2022"),
    ("2022-01/2022-10", "2022年1–10月", "Jan–Oct 2022"),
    ("2022-01/2022-12", "2022年", "2022"),
    ("2021-06/2022-03", "2021-06/2022-03", "2021-06/2022-03"),  # not one year: as the source says
])
def test_period_labels(period, zh, en):
    assert (period_label(period, "zh"), period_label(period, "en")) == (zh, en)


def test_every_headline_figure_says_its_period(dataset):
    for lang in ("zh", "en"):
        figures = kpis(dataset, ViewState(lang=lang))
        assert all(k.period for k in figures), [k.key for k in figures if not k.period]
    generation = {k.key: k for k in kpis(dataset, ViewState())}["generation"]
    assert generation.period == "2022年前三季度"


def test_filtered_counts_follow_the_filter(dataset, layer_counts):
    everything = {k.key: k.shown for k in kpis(dataset, ViewState())}
    cells = {k.key: k.shown for k in kpis(dataset, ViewState(segments=("cells",)))}
    wind = dataset.records[dataset.records["layer"] == "wind_farm"]
    by_2022 = int((~(wind["start_year"].astype(float) > 2022)).sum())  # the reported count is for 2022
    assert everything["wind_farms"] == str(by_2022) and cells["wind_farms"] == "0"
    assert {k.key for k in kpis(dataset, ViewState()) if k.shown} == {"wind_farms", "rooftop", "enterprises",
                                                                        "projects"}


def test_the_strip_marks_county_totals_and_folds_the_derived(dataset):
    html = kpi_strip_html(kpis(dataset, ViewState()), "zh")
    assert html.count('role="listitem"') == 7
    assert f'>{t("layout.county", "zh")}</div>' in html
    assert '<details class="qcm-kpi-more">' in html and html.count('class="qcm-more-row"') == 3
    unfolded = kpi_strip_html(kpis(dataset, ViewState()), "zh", fold_derived=False)
    assert unfolded.count('role="listitem"') == 10 and "<details" not in unfolded


def test_the_strip_escapes_text():
    hostile = Kpi("x", "<img src=x onerror=alert(1)>", "1 & 2", "reported", 'a" onmouseover="b', period="<b>")
    html = kpi_strip_html([hostile], "en", scope=("<i>", "<u>"))
    assert "<img" not in html and "<b>" not in html and "<i>" not in html and 'a" onmouseover' not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "1 &amp; 2" in html
