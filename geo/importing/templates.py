"""The Excel template of each importable list, and the same columns for the in-place editor.

Layout (documented in README and in the template's own notes sheet):

- sheet 1 ``数据 data``: ONE header row, each cell in both languages, Chinese first —
  ``投资额（万元） Investment (10,000 CNY)`` — so that a header reads the same to every office and
  either half is enough for the import to recognise it (geo.importing.fields). Coded columns have a
  drop-down of their Chinese labels. Header cells of required columns are shaded.
- sheet 2 ``说明 notes``: each column with its unit, whether it is required, and its allowed values
  in both languages; then how coordinates, units and matching work.
- sheet 3 ``选项 values``: the drop-down lists (hidden).

``template_xlsx(list_key, rows=…)`` fills the data sheet with the list's current rows (ids kept,
coordinates WGS-84, money in 万元), so an editor can download, change, and import it back.
"""

from __future__ import annotations

import io
import math

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from geo.data.tables import GEOMETRY
from geo.i18n import TEXT, t
from geo.importing.fields import IMPORT_LISTS, STORED_UNITS, UNITS, VOCABULARIES, ImportField
from geo.importing.readers import MAX_FILE_MB, MAX_ROWS, RawTable

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
NOTE_KEYS = ("template.note.header", "template.note.required", "template.note.coordinates",
             "template.note.units", "template.note.match", "template.note.blank", "template.note.limits")
LIST_NOTE_KEYS = {"pv_rooftop": ("template.note.rooftop",)}  # notes one list's template adds


def header_text(f: ImportField, lang: str, stored: bool = False) -> str:
    """The column's header in one language, with its unit: 投资额（万元） / Investment (10,000 CNY);
    ``stored``: with the unit the store keeps (元), as the edit log's values are."""
    name = f.zh if lang == "zh" else f.en
    if not f.quantity:
        return name
    _, zh, en, _ = UNITS[f.quantity][STORED_UNITS[f.quantity] if stored else f.unit]
    return f"{name}（{zh}）" if lang == "zh" else f"{name} ({en})"


def field_label(table: str, name: str, lang: str) -> str:
    """A field of a stored row as people read it, with the stored unit (history, previews)."""
    spec = IMPORT_LISTS.get(table)
    if name == GEOMETRY:
        return t("history.geometry", lang)
    if spec is not None and any(f.name == name for f in spec.fields):
        return header_text(spec.field(name), lang, stored=True)
    return name


def required_headers(list_key: str, lang: str, names: tuple[str, ...] | None = None) -> str:
    """The headers of the columns a list needs (or of ``names``), in one language, for messages that
    say what a file lacks: 名称、产业链环节、状态 / Name, Chain segment, Status."""
    spec = IMPORT_LISTS[list_key]
    fields = [spec.field(n) for n in names] if names is not None else [f for f in spec.fields if f.required]
    return ("、" if lang == "zh" else ", ").join(header_text(f, lang) for f in fields)


def template_header(f: ImportField) -> str:
    return f"{header_text(f, 'zh')} {header_text(f, 'en')}"


def template_fields(list_key: str) -> tuple[ImportField, ...]:
    """The template's and the editor's columns: every field but the one-cell "lon,lat" alternative."""
    return tuple(f for f in IMPORT_LISTS[list_key].fields if f.kind != "pair")


def display_value(f: ImportField, value, lang: str = "zh"):
    """A stored value as the template and the editor show it: money in 万元, codes as labels."""
    if value is None:
        return None
    if f.quantity and isinstance(value, int | float):
        shown = value / UNITS[f.quantity][f.unit][0]
        return round(shown, 6) if f.kind != "int" else round(shown)
    if f.vocab and f"{f.vocab}.{value}" in TEXT:
        return t(f"{f.vocab}.{value}", lang)
    return value


def _allowed(f: ImportField, lang: str) -> str:
    if f.vocab:
        codes = VOCABULARIES[f.vocab]
        return ("、" if lang == "zh" else ", ").join(t(f"{f.vocab}.{c}", lang) if f"{f.vocab}.{c}" in TEXT else c
                                                     for c in codes)
    return t(f"template.kind.{f.kind}", lang)


def template_xlsx(list_key: str, rows: list[dict] | None = None) -> bytes:
    """The list's template as .xlsx bytes; ``rows`` (canonical rows of the list) pre-fill it."""
    fields = template_fields(list_key)
    book = Workbook()
    data = book.active
    data.title = "数据 data"
    data.append([template_header(f) for f in fields])
    for column, f in enumerate(fields, start=1):
        cell = data.cell(row=1, column=column)
        cell.font = Font(bold=True)
        cell.fill = _REQUIRED_FILL if f.required else _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        data.column_dimensions[get_column_letter(column)].width = max(14, min(40, len(template_header(f)) + 2))
    data.freeze_panes = "A2"
    data.row_dimensions[1].height = 36
    for row in rows or []:
        data.append([display_value(f, row.get(f.name)) for f in fields])
        for cell in data[data.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text that looks like a formula stays text (no formula injection)
    _notes(book.create_sheet("说明 notes"), list_key, fields)
    _drop_downs(book, data, fields)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _drop_downs(book: Workbook, data, fields) -> None:
    values = book.create_sheet("选项 values")
    values.sheet_state = "hidden"
    column = 0
    for index, f in enumerate(fields, start=1):
        if not f.vocab:
            continue
        column += 1
        labels = [t(f"{f.vocab}.{c}", "zh") if f"{f.vocab}.{c}" in TEXT else c for c in VOCABULARIES[f.vocab]]
        for row, label in enumerate(labels, start=1):
            values.cell(row=row, column=column, value=label)
        letter = get_column_letter(column)
        # Not strict: an English label or a synonym (投产 for 投产/运行) is fine too, the import reads it.
        validation = DataValidation(type="list", formula1=f"'选项 values'!${letter}$1:${letter}${len(labels)}",
                                    allow_blank=True, showErrorMessage=False)
        data.add_data_validation(validation)
        validation.add(f"{get_column_letter(index)}2:{get_column_letter(index)}{MAX_ROWS + 1}")


def _notes(sheet, list_key: str, fields) -> None:
    sheet.append([t("template.notes.title", "zh") + " " + t("template.notes.title", "en")])
    sheet.append([t(f"import.list.{list_key}", "zh") + " · " + t(f"import.list.{list_key}", "en")])
    sheet.append([])
    sheet.append([f"{t(k, 'zh')} {t(k, 'en')}" for k in ("template.col.column", "template.col.required",
                                                          "template.col.allowed_zh", "template.col.allowed_en")])
    for f in fields:
        required = f"{t('template.yes', 'zh')} {t('template.yes', 'en')}" if f.required else ""
        sheet.append([template_header(f), required, _allowed(f, "zh"), _allowed(f, "en")])
    sheet.append([])
    for key in (*NOTE_KEYS, *LIST_NOTE_KEYS.get(list_key, ())):
        sheet.append([t(key, "zh", max_mb=MAX_FILE_MB, max_rows=f"{MAX_ROWS:,}")])
        sheet.append([t(key, "en", max_mb=MAX_FILE_MB, max_rows=f"{MAX_ROWS:,}")])
    for letter, width in zip("ABCD", (44, 12, 60, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet["A1"].font = Font(bold=True, size=13)


def editor_frame(list_key: str, rows: list[dict], lang: str, townships: dict[str, str] | None = None) -> pd.DataFrame:
    """The list as the in-place editor shows it: one column per template field, headed in ``lang``
    with its unit, coded values as labels, townships by name (the import reads all of them back)."""
    fields = template_fields(list_key)
    townships = townships or {}
    records = []
    for row in rows:
        values = {}
        for f in fields:
            value = row.get(f.name)
            values[header_text(f, lang)] = (townships.get(value, value) if f.kind == "township"
                                            else display_value(f, value, lang))
        records.append(values)
    return pd.DataFrame(records, columns=[header_text(f, lang) for f in fields])


def editor_table(frame: pd.DataFrame) -> RawTable:
    """What the editor holds, as the import reads a file: rows numbered as the table shows them."""
    rows = [[None if (isinstance(v, float) and math.isnan(v)) or v is pd.NA or v is None else v for v in row]
            for row in frame.astype(object).itertuples(index=False, name=None)]
    return RawTable("editor", "editor", [str(c) for c in frame.columns], rows, list(range(1, len(rows) + 1)), 0)


def vocabulary_options(f: ImportField, lang: str) -> list[str]:
    return [t(f"{f.vocab}.{c}", lang) if f"{f.vocab}.{c}" in TEXT else c for c in VOCABULARIES[f.vocab]]
