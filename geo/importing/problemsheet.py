"""The problem sheet (issue 12, point 2): the rows an import kept out, as the file had them, with a
column saying what is wrong, so that the office can fix them and import them again.

One sheet: the row number in the original file, the file's own columns (same headers, same
order, values as read), then 问题 / Problems in the UI language. Laid out for Chinese Excel: a
CJK font, widths counted with CJK characters as two, wrapped problem text, frozen header, a filter.
Every text cell is written as text: a cell from a file starting with "=" never becomes a formula.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from geo.i18n import t
from geo.importing.preview import ERROR, Preview
from geo.importing.readers import RawTable

_FONT = "等线"  # Excel's default CJK font since 2016; falls back to 宋体 where missing
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_PROBLEM_FILL = PatternFill("solid", fgColor="FCE4D6")
MAX_WIDTH = 60


def _width(value) -> int:
    """Display width: CJK and full-width characters count as two."""
    text = str(value) if value is not None else ""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _set(cell, value) -> None:
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # as text, whatever it starts with (=, +, -, @)
        cell.number_format = "@"


def problem_texts(result: Preview, lang: str) -> dict[int, str]:
    """Row number -> what is wrong with it, errors first, in ``lang``."""
    by_row: dict[int, list] = {}
    for p in result.problems:
        if p.row in result.kept_out:
            by_row.setdefault(p.row, []).append(p)
    sep = "；" if lang == "zh" else "; "
    colon = "：" if lang == "zh" else ": "
    return {row: sep.join(f"{p.column}{colon}{p.message(lang)}" if p.column else p.message(lang)
                          for p in sorted(problems, key=lambda p: p.severity != ERROR))
            for row, problems in by_row.items()}


def problem_sheet(table: RawTable, result: Preview, lang: str) -> bytes:
    """The kept-out rows of ``table`` as an .xlsx workbook (bytes)."""
    texts = problem_texts(result, lang)
    book = Workbook()
    sheet = book.active
    sheet.title = t("importrows.sheet_title", lang)[:31]
    headers = [t("importrows.sheet_row", lang), *table.headers, t("importrows.sheet_problems", lang)]
    widths = [_width(h) for h in headers]
    font, bold = Font(name=_FONT, size=11), Font(name=_FONT, size=11, bold=True)
    for c, header in enumerate(headers, start=1):
        cell = sheet.cell(1, c)
        _set(cell, header)
        cell.font, cell.fill = bold, (_PROBLEM_FILL if c == len(headers) else _HEADER_FILL)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    wanted = set(result.kept_out)
    r = 1
    for number, raw in zip(table.row_numbers, table.rows, strict=True):
        if number not in wanted:
            continue
        r += 1
        values = [number, *raw, texts.get(number, "")]
        for c, value in enumerate(values, start=1):
            if isinstance(value, dt.time | dt.datetime | dt.date) or value is None or isinstance(value, int | float):
                sheet.cell(r, c).value = value
            else:
                _set(sheet.cell(r, c), str(value))
            sheet.cell(r, c).font = font
            widths[c - 1] = max(widths[c - 1], _width(value))
        sheet.cell(r, len(headers)).alignment = Alignment(wrap_text=True, vertical="top")
    for c, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = min(MAX_WIDTH, max(8, width + 2))
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(r, 1)}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
