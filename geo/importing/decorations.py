"""Rows of a spreadsheet that are not records (issue 12, point 5): notes (填表说明：…, 注：…), totals
(合计, 小计, Total) and signatures (制表人：…, 审核人, 日期) under or between the table's rows, and rows
holding nothing but dashes. Each is skipped with one note saying which row and why, instead of
"required, but empty" on every column.

A row is a decoration only when such a marker fills a cell of its own (合计, 制表人：张三) and the row
gives neither a name of its own nor a position: "合计新能源有限公司" in the name column is a company,
and so is a real row whose remarks column says "注：已签约". Title rows above the header never get
here (geo.importing.readers picks the header row by the cells it recognises).
"""

from __future__ import annotations

import re
import unicodedata

from geo.importing.cellvalues import Column

_NOTE = re.compile(r"^(填表说明|填报说明|说明|注|备注|附注|notes?|remarks?)\s*(\d+\s*)?([:：.．、]|$)", re.IGNORECASE)
_TOTAL = re.compile(r"^(合计|总计|小计|共计|累计|total|subtotal|grandtotal|sum)\s*([:：]|$)", re.IGNORECASE)
_SIGNATURE = re.compile(r"^(制表人|制表|填表人|填报人|审核人|审核|审批人|负责人|单位负责人|联系人|联系电话|电话|"
                        r"填报单位|填表单位|填报日期|填表日期|日期|制表日期|preparedby|checkedby|approvedby|date)\s*([:：]|$)",
                        re.IGNORECASE)
_NUMBER = re.compile(r"^[+-]?[\d,]*\.?\d+(e[+-]?\d+)?$", re.IGNORECASE)
_NOTHING = re.compile(r"^[\s\-—–_/\\.。,，、*＊=~·…]*$")
NAME_FIELDS = ("name_zh", "target_name_zh")
POSITION_FIELDS = ("lon", "lat", "coordinates")


def _text(value) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value))) if value is not None else ""


def marker(value) -> str | None:
    """"note", "total" or "signature" if the cell is one, else None."""
    text = _text(value)
    if not text:
        return None
    if _TOTAL.match(text):
        return "total"
    if _SIGNATURE.match(text):
        return "signature"
    if _NOTE.match(text):
        return "note"
    return None


def decoration(raw: list, columns: list[Column]) -> str | None:
    """Why the row is not a record ("blank", "note", "total", "signature"), or None if it may be one."""
    return _Layout(columns).why(raw)


class _Layout:
    """Where a table's name and position are, worked out once for all its rows."""

    def __init__(self, columns: list[Column]):
        by_field = {c.field.name: c.index for c in columns}
        self.name = next((by_field[n] for n in NAME_FIELDS if n in by_field), None)
        self.positions = [by_field[n] for n in POSITION_FIELDS if n in by_field]
        self.read = {c.index for c in columns}

    def _cell(self, raw: list, index: int | None) -> str:
        return _text(raw[index]) if index is not None and index < len(raw) and raw[index] is not None else ""

    def why(self, raw: list) -> str | None:
        name = self._cell(raw, self.name)
        if name and not _NOTHING.match(name) and marker(name) is None:
            return None  # the row names something: a record (its remarks may well start with 注：)
        for index in self.positions:
            value = self._cell(raw, index)
            if any(ch.isdigit() for ch in value) and marker(value) is None:
                return None  # a position: a record, whatever else the row says
        cells = [(i, _text(v)) for i, v in enumerate(raw) if v is not None]
        cells = [(i, v) for i, v in cells if v and not _NOTHING.match(v)]
        if not cells:
            return "blank"
        kinds = [k for k in (marker(v) for _, v in cells) if k]
        words = [i for i, v in cells if i in self.read and marker(v) is None and not _NUMBER.match(v)]
        if kinds and not words:
            return kinds[0]
        if kinds:
            return None  # other words in the list's columns (电芯, 在建): a record without a name, reported
        if not any(i in self.read for i, _ in cells):
            return "blank"  # nothing in the columns the list reads (a pre-numbered empty line: 序号 only)
        if all(_NUMBER.match(v) for _, v in cells):
            return "total"  # numbers only, no name, no position: the sums under a table
        return None


def skipped_rows(rows: list[list], row_numbers: list[int], columns: list[Column]) -> dict[int, str]:
    """Row number -> why it is skipped, for the rows of a table that are not records."""
    layout = _Layout(columns)
    out = {}
    for number, raw in zip(row_numbers, rows, strict=True):
        why = layout.why(raw)
        if why is not None:
            out[number] = why
    return out
