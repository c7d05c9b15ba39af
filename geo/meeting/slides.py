"""A tour as a 16:9 PowerPoint file (issue 13, point 4): meetings run on slides.

One title slide (the tour, the county, the data date and the notice every export carries: internal
use, no 审图号), then one slide per step: the step's map as a picture (rendered as the PNG and the PDF
brief are, geo/meeting/render.py: the standalone page of geo/meeting/standalone.py in headless
Chromium, the network closed), the caption, the step's figures as the tour shows them (each with its
period and the sources that state it; derived figures marked 推算/derived, counts of the lists marked
清单/listed), the sources the step cites, and on every slide the data date and the notice.

Chinese text: every run names an east-Asian font (``a:ea``) — Noto Sans CJK SC, declared with the
GB2312 character set and a sans-serif pitch family so that PowerPoint and WPS substitute a Chinese sans
font where it is not installed — and the theme's Chinese font is Microsoft YaHei (it was 宋体), for
text without a font of its own. Latin text is Arial. Text sizes are chosen to fit each box
(:func:`fit_size`), since PowerPoint only shrinks text to fit while someone edits it.

Pure: no streamlit; the pictures come from :func:`step_pictures` (Chromium) or the caller.
"""

from __future__ import annotations

import io
import math
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from geo.data.dataset import Dataset
from geo.figures.metrics import Kpi, kpis
from geo.i18n import t
from geo.meeting.presentation import MapPosition, step_figures
from geo.meeting.standalone import (
    BRIEF_MAP_SIZE,
    data_as_of,
    map_html,
    notice,
    sources_rows,
)
from geo.meeting.tours import Tour, TourStep, caption, caption_fields, title

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)  # 16:9
EA_FONT = "Noto Sans CJK SC"
EA_FALLBACK = "Microsoft YaHei"  # the theme's Chinese font
LATIN_FONT = "Arial"
GB2312 = "-122"  # the character set PowerPoint substitutes by (134, as a signed byte)
SANS_PANOSE, SANS_PITCH = "020B0500000000000000", "34"
BLUE, INK, GREY, RED = RGBColor(0x1B, 0x4F, 0x72), RGBColor(0x1D, 0x2A, 0x33), RGBColor(0x5A, 0x66, 0x70), \
    RGBColor(0x8A, 0x1C, 0x1C)
DERIVED_FILL, HEAD_FILL = RGBColor(0xFF, 0xF1, 0xD6), RGBColor(0xDD, 0xE6, 0xEE)
MARGIN = Inches(0.45)


@dataclass(frozen=True)
class StepSlide:
    """What one step's slide shows."""

    number: int
    title: str
    caption: str
    figures: tuple[Kpi, ...]
    sources: tuple[tuple[str, str], ...]  # (id, "publisher, title, date · licence")


def step_slides(dataset: Dataset, tour: Tour, lang: str) -> list[StepSlide]:
    """Each step's title, caption, figures (as the tour's strip shows them) and sources."""
    fields = caption_fields(dataset, lang)
    slides = []
    for number, step in enumerate(tour.steps, start=1):
        view = step.view(lang, "none")
        figures = step_figures(step, kpis(dataset, view), fields, dataset.facts, lang)
        slides.append(StepSlide(number, title(step, fields, lang), caption(step, fields, lang), tuple(figures),
                                tuple(sources_rows(dataset, list(step.sources), lang))))
    return slides


def step_map_html(dataset: Dataset, step: TourStep, lang: str, today: date, coordinates: bool = True) -> str:
    """The step's map as the PDF brief's picture is made: the map, its legend and filters, at the
    step's position with its records ringed."""
    position = MapPosition(step.center[0], step.center[1], step.zoom) if step.center and step.zoom else None
    return map_html(dataset, step.view(lang, "none"), today, position, tuple(step.highlight), None,
                    compact=True, coordinates=coordinates)


def step_pictures(browser, dataset: Dataset, tour: Tour, lang: str, today: date,
                  coordinates: bool = True) -> list[bytes]:
    """Every step's map picture with one Chromium (geo.meeting.render.Chromium)."""
    return [browser.png(step_map_html(dataset, step, lang, today, coordinates), *BRIEF_MAP_SIZE)
            for step in tour.steps]


def tour_pptx(dataset: Dataset, tour: Tour, lang: str, today: date, coordinates: bool = True,
              render: Callable | None = None) -> bytes:
    """The whole file: the pictures rendered with ``render`` (default: geo.meeting.render.with_chromium)."""
    if render is None:
        from geo.meeting.render import with_chromium as render
    pictures = render(lambda browser: step_pictures(browser, dataset, tour, lang, today, coordinates))
    return build_deck(dataset, tour, lang, pictures, today, coordinates)


# --- text ------------------------------------------------------------------------------------------


def text_em(text: str) -> float:
    """Width in ems: a Chinese character is one, a Latin one a little over half (Arial's average)."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.6 for c in text)


def fit_size(paragraphs: Sequence[str], width: int, height: int, largest: float, smallest: float = 8.0,
             spacing: float = 1.25) -> float:
    """The largest size (points, in half points) at which ``paragraphs`` wrap into a box ``width`` x
    ``height`` (EMU, less its insets); ``smallest`` if none does."""
    width_pt, height_pt = Emu(width).pt - 14.4, Emu(height).pt - 7.2  # the box's default insets
    size = largest
    while size > smallest:
        per_line = max(1.0, width_pt / size)
        lines = sum(max(1, math.ceil(text_em(p) * 1.12 / per_line)) for p in paragraphs)
        if lines * size * spacing <= height_pt:
            return size
        size -= 0.5
    return smallest


def _fonts(run, lang: str) -> None:
    """Arial for Latin text, Noto Sans CJK SC (a Chinese sans where it is missing) for Chinese."""
    run.font.name = LATIN_FONT
    rpr = run._r.get_or_add_rPr()
    rpr.set("lang", "zh-CN" if lang == "zh" else "en-US")
    rpr.set("altLang", "en-US" if lang == "zh" else "zh-CN")
    for tag in ("a:ea", "a:cs"):
        for old in rpr.findall(qn(tag)):
            rpr.remove(old)
    ea = etree.SubElement(rpr, qn("a:ea"))
    ea.set("typeface", EA_FONT)
    ea.set("panose", SANS_PANOSE)
    ea.set("pitchFamily", SANS_PITCH)
    ea.set("charset", GB2312)
    rpr.find(qn("a:latin")).addnext(ea)  # schema order: latin, ea, cs


def add_run(paragraph, text: str, lang: str, size: float, *, bold: bool = False, color: RGBColor = INK) -> None:
    run = paragraph.add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = color
    _fonts(run, lang)


def text_box(slide, left, top, width, height, lines: Sequence[tuple[str, dict]], lang: str, size: float,
             *, fit: bool = True, anchor=MSO_ANCHOR.TOP, align=PP_ALIGN.LEFT, name: str = ""):
    """A box of paragraphs, each ``(text, {"bold":…, "color":…, "scale":…})``, sized to fit."""
    shape = slide.shapes.add_textbox(left, top, width, height)
    if name:
        shape.name = name
    frame = shape.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    if fit:
        size = fit_size([text for text, _ in lines], width, height, size)
    for index, (text, style) in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = align
        paragraph.space_after = Pt(size * 0.25)
        add_run(paragraph, text, lang, size * style.get("scale", 1.0), bold=style.get("bold", False),
                color=style.get("color", INK))
    return shape


# --- slides ---------------------------------------------------------------------------------------


def _basis(kpi: Kpi, lang: str) -> str:
    """Where a figure comes from: its sources (reported), or that it is derived or counted."""
    if kpi.kind == "derived":
        return t("kpi.derived_tag", lang)
    if kpi.kind == "listed":
        return t("kpi.listed_tag", lang)
    return kpi.help


def _cell(cell, text: str, lang: str, size: float, *, bold: bool = False, fill: RGBColor | None = None) -> None:
    cell.text = ""
    cell.margin_left = cell.margin_right = Inches(0.06)
    cell.margin_top = cell.margin_bottom = Inches(0.03)
    cell.vertical_anchor = MSO_ANCHOR.MIDDLE
    add_run(cell.text_frame.paragraphs[0], text, lang, size, bold=bold)
    cell.fill.solid()
    cell.fill.fore_color.rgb = fill or RGBColor(0xFF, 0xFF, 0xFF)


def figures_table(slide, figures: Sequence[Kpi], lang: str, left, top, width, height) -> None:
    """The step's figures: name, value (with its period), and the source or 推算/清单."""
    headers = [t("meeting.brief.col.figure", lang), t("meeting.brief.col.value", lang),
               t("meeting.brief.col.basis", lang)]
    rows = [[k.label, k.value + (f"（{k.period}）" if lang == "zh" and k.period else
                                 f" ({k.period})" if k.period else ""), _basis(k, lang)] for k in figures]
    share = (0.36, 0.34, 0.30)
    cells = [headers, *rows]
    row_h = height / max(1, len(cells))
    size = min(fit_size([r[c] for r in cells], int(width * share[c]), int(row_h * 2.2), 12, 8) for c in range(3))
    shape = slide.shapes.add_table(len(cells), 3, left, top, width, Emu(int(row_h * len(cells))))
    shape.name = "qcm-figures"
    table = shape.table
    table.first_row = True
    for c, part in enumerate(share):
        table.columns[c].width = Emu(int(width * part))
    for r, values in enumerate(cells):
        table.rows[r].height = Emu(int(Pt(size * 2.1)))
        derived = r > 0 and figures[r - 1].kind == "derived"
        for c, value in enumerate(values):
            _cell(table.cell(r, c), value, lang, size, bold=r == 0,
                  fill=HEAD_FILL if r == 0 else DERIVED_FILL if derived else None)


def _footer(slide, dataset: Dataset, lang: str, coordinates: bool, page: str) -> None:
    text_box(slide, MARGIN, SLIDE_H - Inches(0.45), SLIDE_W - 2 * MARGIN - Inches(1.0), Inches(0.35),
             [(f"{data_as_of(dataset, lang)} · {notice(lang, coordinates)}", {"color": GREY})], lang, 9,
             name="qcm-footer")
    text_box(slide, SLIDE_W - MARGIN - Inches(1.0), SLIDE_H - Inches(0.45), Inches(1.0), Inches(0.35),
             [(page, {"color": GREY})], lang, 9, fit=False, align=PP_ALIGN.RIGHT, name="qcm-page")


def _title_slide(prs, dataset: Dataset, tour: Tour, slides: list[StepSlide], lang: str, today: date,
                 coordinates: bool) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    band = slide.shapes.add_shape(1, 0, 0, SLIDE_W, Inches(0.18))  # 1: a rectangle
    band.fill.solid()
    band.fill.fore_color.rgb = BLUE
    band.line.fill.background()
    text_box(slide, MARGIN, Inches(0.9), SLIDE_W - 2 * MARGIN, Inches(1.3),
             [(tour.title(lang), {"bold": True, "color": BLUE})], lang, 40, name="qcm-title")
    text_box(slide, MARGIN, Inches(2.2), SLIDE_W - 2 * MARGIN, Inches(0.6),
             [(t("app.title", lang), {"color": GREY})], lang, 22, name="qcm-county")
    agenda = [(tour.description(lang), {"color": INK})] if tour.description(lang) else []
    agenda += [(f"{s.number}. {s.title}", {"scale": 0.9}) for s in slides]
    text_box(slide, MARGIN, Inches(3.0), SLIDE_W - 2 * MARGIN, Inches(2.6), agenda, lang, 18, name="qcm-agenda")
    text_box(slide, MARGIN, Inches(5.75), SLIDE_W - 2 * MARGIN, Inches(1.1),
             [(data_as_of(dataset, lang) + " · " + t("meeting.exported_on", lang, date=today.isoformat()),
               {"color": GREY}), (notice(lang, coordinates), {"bold": True, "color": RED})], lang, 14,
             name="qcm-stamp")


def _step_slide(prs, dataset: Dataset, step: StepSlide, picture: bytes | None, total: int, lang: str,
                coordinates: bool) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    text_box(slide, MARGIN, Inches(0.25), SLIDE_W - 2 * MARGIN, Inches(0.75),
             [(step.title, {"bold": True, "color": BLUE})], lang, 28, anchor=MSO_ANCHOR.MIDDLE, name="qcm-title")
    map_w = Inches(7.6)
    map_h = Emu(int(map_w * BRIEF_MAP_SIZE[1] / BRIEF_MAP_SIZE[0]))
    top = Inches(1.1)
    if picture:
        slide.shapes.add_picture(io.BytesIO(picture), MARGIN, top, width=map_w, height=map_h).name = "qcm-map"
    else:
        text_box(slide, MARGIN, top, map_w, map_h, [(t("slides.no_picture", lang), {"color": GREY})], lang, 16,
                 anchor=MSO_ANCHOR.MIDDLE, align=PP_ALIGN.CENTER, name="qcm-map")
    right = MARGIN + map_w + Inches(0.3)
    col_w = SLIDE_W - right - MARGIN
    text_box(slide, right, top, col_w, Inches(2.55), [(step.caption, {})], lang, 16, name="qcm-caption")
    figures_table(slide, step.figures, lang, right, top + Inches(2.65), col_w, Inches(2.2))
    heading = t("export.sources", lang) + ("：" if lang == "zh" else ": ")
    sources = [(heading, {"bold": True, "color": BLUE})] + [(f"{i}  {text}", {}) for i, text in step.sources]
    if not step.sources:
        sources.append(("—", {}))
    derived = [k for k in step.figures if k.kind in ("derived", "listed")]
    if derived:
        notes = {t(f"layout.f_{k.kind}_help", lang) for k in derived}
        sources += [(note, {"color": GREY}) for note in sorted(notes)]
    text_box(slide, MARGIN, top + map_h + Inches(0.15), SLIDE_W - 2 * MARGIN, SLIDE_H - top - map_h - Inches(0.65),
             sources, lang, 11, name="qcm-sources")
    _footer(slide, dataset, lang, coordinates, t("slides.page", lang, n=step.number + 1, total=total))
    slide.notes_slide.notes_text_frame.text = step.caption  # the speaker's notes: the caption in full


def _theme_chinese_font(prs) -> None:
    """The theme's Chinese (Hans) font, for text without its own: Microsoft YaHei instead of 宋体."""
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    blob = theme.blob.decode("utf-8")
    theme._blob = blob.replace('<a:font script="Hans" typeface="宋体"/>',
                               f'<a:font script="Hans" typeface="{EA_FALLBACK}"/>').encode("utf-8")


def build_deck(dataset: Dataset, tour: Tour, lang: str, pictures: Sequence[bytes | None], today: date,
               coordinates: bool = True) -> bytes:
    """The .pptx: a title slide, then one slide per step with ``pictures[i]`` as its map (None: a
    placeholder saying the picture could not be made)."""
    slides = step_slides(dataset, tour, lang)
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    _theme_chinese_font(prs)
    prs.core_properties.title = tour.title(lang)
    prs.core_properties.subject = t("app.title", lang)
    prs.core_properties.language = "zh-CN" if lang == "zh" else "en-US"
    _title_slide(prs, dataset, tour, slides, lang, today, coordinates)
    total = len(slides) + 1
    for step, picture in zip(slides, list(pictures) + [None] * (len(slides) - len(pictures)), strict=True):
        _step_slide(prs, dataset, step, picture, total, lang, coordinates)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def slides_file_name(tour: Tour, lang: str, today: date) -> str:
    """"庆云县产业链汇报_default_2026-11-25.pptx"."""
    return f"{t('slides.file', lang)}_{tour.id}_{today.isoformat()}.pptx"
