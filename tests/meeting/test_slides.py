"""geo.meeting.slides: a tour as a 16:9 PowerPoint file (issue 13, point 4). The file is read back with
python-pptx: a title slide and one slide per step, 16:9, each step's slide with its map picture, caption,
figures with their sources (derived ones marked) and data date, and every Chinese run in a CJK font.
Where Chromium is installed the real pictures are rendered; where LibreOffice is, a slide is rendered
to PNG (kept in test-artifacts/ to be looked at)."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn
from pptx.util import Inches

from geo.i18n import t
from geo.meeting.render import availability
from geo.meeting.slides import (
    EA_FALLBACK,
    EA_FONT,
    GB2312,
    build_deck,
    fit_size,
    slides_file_name,
    step_slides,
    tour_pptx,
)
from geo.meeting.standalone import data_as_of, notice

TODAY = date(2026, 11, 25)
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def is_cjk(text: str) -> bool:
    """Whether a run holds Chinese (wide) characters, which need the east-Asian font."""
    return any(unicodedata.east_asian_width(c) in "WF" for c in text)


def fake_picture(colour=(200, 220, 240)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1440, 810), colour).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def tour(bundled_tours):
    return bundled_tours.get("default")


@pytest.fixture(scope="module", params=["zh", "en"])
def deck(request, dataset, tour):
    lang = request.param
    data = build_deck(dataset, tour, lang, [fake_picture()] * len(tour.steps), TODAY)
    return lang, Presentation(io.BytesIO(data))


def texts(slide) -> str:
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(parts)


def named(slide, name):
    return next(s for s in slide.shapes if s.name == name)


def test_one_title_slide_then_one_per_step_at_16_9(deck, tour):
    _, prs = deck
    assert len(prs.slides) == len(tour.steps) + 1
    assert (prs.slide_width, prs.slide_height) == (Inches(13.333), Inches(7.5))
    assert abs(prs.slide_width / prs.slide_height - 16 / 9) < 0.001


def test_title_slide_names_tour_county_data_date_and_notice(deck, dataset, tour):
    lang, prs = deck
    text = texts(prs.slides[0])
    assert tour.title(lang) in text and t("app.title", lang) in text
    assert data_as_of(dataset, lang) in text
    assert notice(lang) in text and ("审图号" in text)
    for number, step in enumerate(step_slides(dataset, tour, lang), start=1):
        assert f"{number}. {step.title}" in text  # the agenda


def test_each_step_slide_has_picture_caption_figures_sources_and_date(deck, dataset, tour):
    lang, prs = deck
    steps = step_slides(dataset, tour, lang)
    sources_cited = {row[0]: row[1] for s in steps for row in s.sources}
    assert sources_cited  # the bundled tour cites sources
    for slide, step in zip(list(prs.slides)[1:], steps, strict=True):
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1 and pictures[0].name == "qcm-map"
        assert pictures[0].image.size == (1440, 810)
        assert named(slide, "qcm-title").text_frame.text == step.title
        assert named(slide, "qcm-caption").text_frame.text == step.caption
        assert slide.notes_slide.notes_text_frame.text == step.caption
        table = named(slide, "qcm-figures").table
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        assert len(rows) == len(step.figures) + 1
        for row, kpi in zip(rows[1:], step.figures, strict=True):
            assert row[0] == kpi.label and row[1].startswith(kpi.value)
            if kpi.kind == "derived":
                assert row[2] == t("kpi.derived_tag", lang)  # 推算 / derived
            elif kpi.kind == "reported":
                assert row[2] == kpi.help and row[2].startswith(t("kpi.source", lang, source=""))
        sources = named(slide, "qcm-sources").text_frame.text
        for source_id, text in step.sources:
            assert f"{source_id}  {text}" in sources
        footer = named(slide, "qcm-footer").text_frame.text
        assert data_as_of(dataset, lang) in footer and notice(lang) in footer


def test_derived_figures_are_marked_and_explained(dataset, tour):
    steps = step_slides(dataset, tour, "zh")
    derived = [(s, k) for s in steps for k in s.figures if k.kind == "derived"]
    assert derived, "the bundled tour's '1612' step shows derived figures"
    prs = Presentation(io.BytesIO(build_deck(dataset, tour, "zh", [], TODAY)))
    step = derived[0][0]
    slide = prs.slides[step.number]
    assert "推算" in [c.text for row in named(slide, "qcm-figures").table.rows for c in row.cells]
    assert t("layout.f_derived_help", "zh") in named(slide, "qcm-sources").text_frame.text
    # No picture given: the slide says so instead of leaving a hole.
    assert named(slide, "qcm-map").text_frame.text == t("slides.no_picture", "zh")


def test_every_chinese_run_names_an_east_asian_font(deck):
    lang, prs = deck
    runs = [r for slide in prs.slides for shape in slide.shapes for r in _runs(shape)]
    cjk = [r for r in runs if is_cjk(r.text)]
    assert cjk  # English slides carry Chinese too (审图号, source titles)
    for run in cjk:
        ea = run._r.rPr.find(qn("a:ea"))
        assert ea is not None and ea.get("typeface") == EA_FONT, run.text
        assert ea.get("charset") == GB2312  # substituted by a Chinese font where it is missing
        assert run.font.name == "Arial"
        children = [c.tag.split("}")[1] for c in run._r.rPr]
        assert children.index("latin") + 1 == children.index("ea")  # the schema's order
    assert {r._r.rPr.get("lang") for r in runs} == {"zh-CN" if lang == "zh" else "en-US"}
    theme = prs.slide_master.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme").blob.decode("utf-8")
    assert f'<a:font script="Hans" typeface="{EA_FALLBACK}"/>' in theme and "宋体" not in theme


def _runs(shape):
    frames = [shape.text_frame] if shape.has_text_frame else []
    if shape.has_table:
        frames += [cell.text_frame for row in shape.table.rows for cell in row.cells]
    return [r for frame in frames for p in frame.paragraphs for r in p.runs]


def test_fit_size_shrinks_long_text():
    box_w, box_h = Inches(4.5), Inches(2.5)
    assert fit_size(["短句"], box_w, box_h, 16) == 16
    long = fit_size(["很长的说明文字" * 40], box_w, box_h, 16)
    assert 8 <= long < 16
    assert fit_size(["字" * 5000], box_w, box_h, 16) == 8


def test_file_name(tour):
    assert slides_file_name(tour, "zh", TODAY) == "庆云县产业链汇报_default_2026-11-25.pptx"
    assert slides_file_name(tour, "en", TODAY) == "qingyun-chain-tour_default_2026-11-25.pptx"


SOFFICE = shutil.which("soffice") if shutil.which("pdftoppm") else None  # and poppler-utils


@pytest.mark.skipif(availability() is not None, reason=str(availability()))
def test_real_pictures_from_chromium_and_a_slide_rendered_by_libreoffice(dataset, tour, tmp_path):
    """The whole export as the page makes it: each step's map rendered by Chromium (network closed),
    distinct per step; then, with LibreOffice, the file opens and the 3rd slide renders to a PNG that
    is kept in test-artifacts/slides/ and shows the map (not a blank page)."""
    data = tour_pptx(dataset, tour, "zh", TODAY)
    prs = Presentation(io.BytesIO(data))
    blobs = [next(s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE).image.blob
             for slide in list(prs.slides)[1:]]
    assert len(blobs) == len(tour.steps)
    assert all(Image.open(io.BytesIO(b)).size == (1440, 810) for b in blobs)
    assert len(set(blobs)) >= len(tour.steps) - 1  # the steps show different maps
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) not installed: the slide is not rendered")
    path = tmp_path / "tour.pptx"
    path.write_bytes(data)
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=300)
    pdf = tmp_path / "tour.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert f"Pages:           {len(tour.steps) + 1}" in info and "960 x 540" in info.replace("959.981", "960")
    out = ARTIFACTS / "slides"
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "96", "-f", "3", "-l", "3", "-png", "-singlefile", str(pdf),
                    str(out / "slide-3")], check=True, timeout=120)
    image = Image.open(out / "slide-3.png").convert("RGB")
    assert image.size == (1280, 720)
    colours = image.crop((60, 110, 780, 520)).getcolors(1 << 20)
    assert colours and len(colours) > 50  # the map picture, not an empty box
    text = subprocess.run(["pdftotext", "-f", "3", "-l", "3", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "风电与光伏" in text and "GEM-WIND" in text
