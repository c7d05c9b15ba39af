"""How the list workbooks print (issue 13, point 5): as officials expect a list on paper.

Every sheet prints on A4 landscape, scaled to one page wide and as many pages tall as it needs
(``fitToWidth=1, fitToHeight=0``), with gridlines; the list's header row repeats on every page; the
page header carries the list's title (centre), the filters and search (left) and the data date
(right); the footer carries the notice that the file is for internal use (left), the page number
"第 &P 页 / 共 &N 页" (centre) and the export date (right).

Column widths are sized from what the columns hold (:func:`print_widths`): the longest value, at
least the longest word of the header, never more than a cap per kind of column, and every text cell
wraps; a list with 18 columns is then about 240 characters wide, printed at about two-thirds size
instead of the 380 characters (40 %) that the screen widths gave.

Excel limits each header and footer to 255 characters including its codes; the texts here are cut
to fit (:data:`PART_LIMITS`, together under 250), and an "&" from data is doubled so that Excel prints it as it is.
"""

from __future__ import annotations

import math
import unicodedata
from datetime import date

import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from geo.i18n import t
from geo.lists.definitions import Column, ListTable

# Characters of each part (centre, left, right) of a header or footer: with their codes, under the limit.
PART_LIMITS = {"center": 55, "left": 85, "right": 90}
MARGINS_IN = {"left": 0.3, "right": 0.3, "top": 0.75, "bottom": 0.6, "header": 0.3, "footer": 0.3}
HEADER_SIZE = 9  # points: the page header's and footer's small type
# The widest a column prints (characters): long texts wrap inside it.
WIDTH_CAPS = {"name": 20, "note": 26, "inferred": 26, "park": 14, "operator": 16, "source": 13, "id": 13}
TEXT_CAP, NUMBER_CAP, MIN_WIDTH = 14, 11, 6
LINE_PT = 14.5  # one wrapped line of 11-point text, Chinese included
MAX_ROW_PT = 409  # Excel's tallest row


def text_width(value: object) -> int:
    """Characters a value takes in a cell: a CJK (wide) character counts as two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in str(value))


def _header_word(column: Column) -> int:
    """The widest Latin word of the bilingual header ("装机容量（MW） Capacity (MW)"): the header wraps
    between words and between Chinese characters, so the column is at least that wide."""
    words = [w for w in column.bilingual_header().split() if text_width(w) == len(w)]
    return max((len(word) for word in words), default=0)


def print_width(column: Column, values: pd.Series) -> int:
    """The column's width in characters: what it holds (plus one), at least its header's widest word,
    between :data:`MIN_WIDTH` and its cap. A list with no rows keeps the column's own width, capped."""
    cap = WIDTH_CAPS.get(column.key, TEXT_CAP if column.kind == "text" else NUMBER_CAP)
    present = values.dropna()
    if column.kind != "text":
        decimals = f",.{column.decimals}f" if column.kind == "number" else ","
        content = max((text_width(format(v, decimals)) for v in present
                       if isinstance(v, int | float)), default=0)
    else:
        content = max((text_width(v) for v in present), default=0)
    wanted = max(content + 1, _header_word(column) + 1) if len(present) else column.width
    return max(MIN_WIDTH, min(cap, wanted))


def print_widths(table: ListTable) -> list[int]:
    return [print_width(c, table.frame[c.key] if c.key in table.frame else pd.Series(dtype=object))
            for c in table.columns]


def wrapped_lines(value: object, width: float) -> int:
    """Lines a text takes, wrapped in a column ``width`` characters wide (a rough count, erring long)."""
    room = max(1.0, (width - 1) / 1.1)
    return sum(max(1, math.ceil(text_width(line) / room)) for line in str(value).split("\n"))


def fit_row_heights(sheet: Worksheet, widths: list[float]) -> None:
    """Each row as tall as its longest wrapped text: Excel, WPS and LibreOffice do not all grow a row
    whose height the file leaves out, and a cut cell prints cut."""
    for row in sheet.iter_rows(min_col=1, max_col=len(widths)):
        lines = max((wrapped_lines(cell.value, widths[cell.column - 1]) for cell in row
                     if isinstance(cell.value, str) and cell.alignment.wrap_text), default=1)
        if lines > 1:
            sheet.row_dimensions[row[0].row].height = min(MAX_ROW_PT, lines * LINE_PT + 2)


def _code_text(text: str, where: str) -> str:
    """``text`` for a header part: "&" doubled (Excel would read a code), cut to the part's limit."""
    limit = PART_LIMITS[where]
    text = " ".join(str(text).split())
    if len(text.replace("&", "&&")) <= limit:
        return text.replace("&", "&&")
    while len(text.replace("&", "&&")) > limit - 1:
        text = text[:-1]
    return text.replace("&", "&&") + "…"


def filters_line(table: ListTable, filters: list[tuple[str, str]]) -> str:
    """"筛选：状态 投产/运行；乡镇 全部…" — the filters that keep less than all, and the search; or that
    nothing is filtered."""
    lang = table.lang
    sep = "；" if lang == "zh" else "; "
    every = t("export.filter_all", lang)
    kept = [f"{name} {value}" for name, value in filters if value != every]
    if table.query:
        kept.append(f"{t('export.search', lang)} “{table.query}”")
    colon = "：" if lang == "zh" else ": "
    return t("export.filters", lang) + colon + (sep.join(kept) or every)


def page_number(lang: str) -> str:
    return t("lists.print.page", lang)


def _part(part, text: str, *, bold: bool = False) -> None:
    part.text = ("&B" if bold else "") + text
    part.size = HEADER_SIZE


def set_print_layout(sheet: Worksheet, *, title: str, left: str, right: str, notice: str, lang: str,
                     exported: date, title_rows: str | None = "1:1", gridlines: bool = True) -> None:
    """A4 landscape, one page wide, header row repeated, the header and the footer (see the module)."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    for side, inches in MARGINS_IN.items():
        setattr(sheet.page_margins, side, inches)
    if title_rows:
        sheet.print_title_rows = title_rows
    sheet.print_options.gridLines = gridlines
    # Excel reads "&9" followed by a digit as a bigger size: every part starts with a word.
    _part(sheet.oddHeader.center, _code_text(title, "center"), bold=True)
    _part(sheet.oddHeader.left, _code_text(left, "left"))
    _part(sheet.oddHeader.right, _code_text(right, "right"))
    _part(sheet.oddFooter.left, _code_text(notice, "left"))
    _part(sheet.oddFooter.center, page_number(lang))
    _part(sheet.oddFooter.right, _code_text(f"{t('export.exported', lang)} {exported.isoformat()}", "right"))
