"""The briefing-pack page (geo/meeting/brief.py) and its PDF and the PNG export, rendered by the server's
Chromium (geo/meeting/render.py) and read back with poppler (pdfinfo, pdftotext, pdffonts) and Pillow."""

from __future__ import annotations

import io
import subprocess
from datetime import date
from html import escape

import pytest
from PIL import Image, ImageStat

from geo import units
from geo.figures.metrics import kpis
from geo.figures.tracker import tracker_figures
from geo.filters import ViewState
from geo.i18n import t
from geo.meeting.brief import brief_html, list_rows, progress_rows
from geo.meeting.render import RenderUnavailable, availability, render_png, with_chromium
from geo.meeting.standalone import PNG_SIZE, Caption, map_html

TODAY = date(2026, 11, 25)


def headline_figures(dataset) -> tuple[str, ...]:
    """The brief's key figures as the data gives them, in English: reported and implied capacity, share,
    the cells now and their goal, the output-value goal (the bundled ones are pinned in tests/data/)."""
    figures = {k.key: k.value for k in kpis(dataset, ViewState(lang="en"))}
    tracker = tracker_figures(dataset.records, dataset.facts)
    return (figures["capacity"], figures["share"], figures["implied_total"], units.gwh(tracker.cells_gwh),
            units.gwh(tracker.targets["cells"]), units.yuan(tracker.targets["output_value"], "en"))


def pdf_text(pdf: bytes, tmp_path) -> tuple[int, str]:
    """(pages, text with its whitespace collapsed) of a PDF, as poppler reads it."""
    path = tmp_path / "brief.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return pages, " ".join(text.split())


def test_the_brief_holds_figures_progress_lists_and_sources(dataset):
    html = brief_html(dataset, ViewState(lang="en"), None, TODAY, Caption("Step <1>", "caption & more", ("S2",)))
    for text in (*headline_figures(dataset), "Enterprises", "Park plots",
                 "Global Energy Monitor", f"Data as of: reports {dataset.meta['facts_as_of']}", "exported 2026-11-25"):
        assert text in html, text
    assert "Step &lt;1&gt;" in html and "caption &amp; more" in html
    assert "<img" not in html  # no map picture given


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_brief_says_it_is_for_internal_use(dataset, lang):
    html = brief_html(dataset, ViewState(lang=lang), None, TODAY)
    assert html.count(escape(t("export.notice", lang))) == 2  # under the date and as the last line
    assert escape(t("export.coordinates_omitted", lang)) in brief_html(
        dataset, ViewState(lang=lang), None, TODAY, coordinates=False)


def test_progress_rows_are_the_trackers(dataset):
    figures = tracker_figures(dataset.records, dataset.facts)
    rows = progress_rows(dataset, "en")
    assert len(rows) == 5  # four goals and the reported output value beside them
    assert rows[0][1] == f"{figures.cells_gwh:,.2f} GWh" and rows[0][3] == f"{figures.progress('cells').share:.1%}"
    assert rows[4][1].startswith(t("lists.reported.more_than", "en"))


def test_list_summaries_follow_the_filters(dataset):
    rows = {row[0]: row for row in list_rows(dataset, ViewState(segments=("cells",), lang="en"))}
    records = dataset.records
    cell_projects = ((records["layer"] == "chain") & (records["kind"] == "project")
                     & (records["chain_segment"] == "cells")).sum()
    assert cell_projects > 0
    assert rows[t("lists.projects.title", "en")][1].startswith(f"{cell_projects} / ")
    assert rows[t("lists.energy.title", "en")][1].startswith("0 / ")


def test_pdf_brief_pages_and_text(dataset, tmp_path):
    state = ViewState(lang="en")
    def brief(browser):
        image = browser.png(map_html(dataset, state, TODAY, compact=True), 1440, 810)
        return browser.pdf(brief_html(dataset, state, image, TODAY))

    pdf = with_chromium(brief)
    pages, text = pdf_text(pdf, tmp_path)
    assert 1 <= pages <= 3
    capacity, share, _, cells, *_ = headline_figures(dataset)
    for expected in ("Qingyun new-energy chain: brief", capacity, share, cells, "Key figures",
                     "Data as of", "Sources cited", "GEM-WIND", "illustrative positions",
                     "For internal use; not reviewed for publication"):
        assert expected in text, expected


def test_pdf_brief_in_chinese(dataset, tmp_path):
    pdf = with_chromium(lambda browser: browser.pdf(brief_html(dataset, ViewState(), None, TODAY)))
    _, text = pdf_text(pdf, tmp_path)
    for expected in ("庆云县新能源产业链简报", "新能源装机", "报道值", "推算值", "数据截至", "引用来源",
                     "“1612”目标跟踪", "内部使用，未经审核不得公开"):
        assert expected in text, expected


def test_chinese_glyphs_are_drawn_not_boxes():
    """A character no font has is drawn as the same empty box (tofu) whatever it is; drawn with a CJK
    font, two different characters look different."""
    def glyphs(browser) -> list[bytes]:
        return [browser.png(f'<body style="margin:0"><span style="font:96px sans-serif">{text}</span></body>',
                            120, 120) for text in ("庆", "云", "\ue000", "\ue001")]

    qing, yun, missing_a, missing_b = with_chromium(glyphs)
    assert missing_a == missing_b  # the control: tofu is tofu
    assert qing != yun and qing != missing_a


def test_png_has_presentation_size_and_is_not_blank(dataset):
    png = render_png(map_html(dataset, ViewState(), TODAY), *PNG_SIZE)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == (1920, 1080)
    assert len(image.getcolors(1_000_000)) > 200  # a drawn map, legend and text, not one flat colour
    assert max(ImageStat.Stat(image).stddev) > 20


def test_without_chromium_the_reason_is_clear(monkeypatch):
    monkeypatch.setenv("QCM_CHROMIUM", "/nonexistent/chromium")
    problem = availability()
    assert problem and "/nonexistent/chromium" in problem and "apt-get install chromium" in problem
    with pytest.raises(RenderUnavailable, match="Chromium was not found"):
        render_png("<p>x</p>")
