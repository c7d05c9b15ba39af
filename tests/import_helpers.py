"""Helpers shared by the import tests: read bytes as the import page does, write small workbooks."""

from __future__ import annotations

import io

import openpyxl

from geo.importing.cellvalues import header_score
from geo.importing.fields import IMPORT_LISTS
from geo.importing.readers import RawTable, read_upload


def read(list_key: str, name: str, data: bytes) -> RawTable:
    spec = IMPORT_LISTS[list_key]
    return read_upload(name, data, lambda headers: header_score(spec, headers))


def xlsx_bytes(rows: list[list], sheet: str = "Sheet1") -> bytes:
    book = openpyxl.Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
