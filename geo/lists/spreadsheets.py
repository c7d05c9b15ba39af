"""Each list, as filtered, to the files officials pass around: Excel (.xlsx) and CSV.

The .xlsx has bilingual headers with units ("装机容量（MW） Capacity (MW)"), a frozen header row,
filters on the header, column widths and number formats, a totals row, and an About (说明) sheet
with the data date, the filters and search applied, the totals beside the reported figures, a note
on illustrative positions and every source the rows cite. The CSV is UTF-8 with a byte-order mark,
which is what makes Chinese Excel read it as UTF-8; it holds one notice line, then the header and the
data rows (no totals row; the importer and readers that skip one line read it as a table).

Every export says it is for internal use and not reviewed for publication (no 审图号; README, 地图审核):
the About sheet's first row, the CSV's first line. Lists of things on the map carry their WGS-84
longitude and latitude unless the viewer leaves coordinates out (:func:`with_coordinates`).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import math
import re
from datetime import date

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from geo.data.dataset import ILLUSTRATIVE_SOURCE, Dataset, sources_in
from geo.filters import RECORD_FILTERS, ViewState
from geo.i18n import LANGUAGES, t
from geo.lists.definitions import TOTALS, Column, ListTable
from geo.lists.printing import filters_line, fit_row_heights, print_widths, set_print_layout

COORDINATE_KEYS = ("lon", "lat")
COORDINATE_COLUMNS = (Column("lon", "lists.col.lon", "number", 6, 12), Column("lat", "lists.col.lat", "number", 6, 12))

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"
UTF8_BOM = b"\xef\xbb\xbf"

NUMBER_FORMATS = {"int": "#,##0", "year": "0", "text": "@"}
HEADER_FILL = PatternFill("solid", fgColor="DDE6EE")
ILLUSTRATIVE_FILL = PatternFill("solid", fgColor="FFF4E5")
BOLD = Font(bold=True)
TOTAL_BORDER = Border(top=Side(style="thin"), bottom=Side(style="double"))
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def number_format(column: Column) -> str:
    if column.kind == "number":
        return "#,##0." + "0" * column.decimals if column.decimals else "#,##0"
    return NUMBER_FORMATS[column.kind]


def both(key: str, **fields) -> str:
    """"数据日期 Data as of": a label in both languages."""
    zh, en = t(key, "zh", **fields), t(key, "en", **fields)
    return zh if zh == en else f"{zh} {en}"


def export_filename(list_key: str, lang: str, today: date, extension: str) -> str:
    """"庆云县企业清单_2026-11-25.xlsx" / "qingyun-enterprises_2026-11-25.csv"."""
    return f"{t(f'lists.file.{list_key}', lang)}_{today.isoformat()}.{extension}"


def sheet_title(text: str) -> str:
    return _SHEET_FORBIDDEN.sub(" ", text)[:31] or "Sheet"


def cell_value(value):
    """pandas' missing values (NaN, NA, None) -> an empty cell; numpy scalars -> Python ones."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


# --- what the export says about itself ----------------------------------------------------------


def _choice(values: tuple[str, ...], every: tuple[str, ...], name, lang: str) -> str:
    if set(values) >= set(every):
        return t("export.filter_all", lang)
    if not values:
        return t("export.filter_none", lang)
    return ("、" if lang == "zh" else ", ").join(name(v) for v in every if v in values)


def filters_applied(dataset: Dataset, state: ViewState) -> list[tuple[str, str]]:
    """[(filter label, what it keeps)] for each record filter, in the export's language; "all" where
    nothing is filtered."""
    lang = state.lang
    return [(t(d.label_key, lang), _choice(getattr(state, d.attr), d.choices, d.value_labels(lang, dataset), lang))
            for d in RECORD_FILTERS]


def cited_sources(table: ListTable, dataset: Dataset) -> pd.DataFrame:
    """The rows of sources.csv that the list's rows and reported figures cite, in that file's order."""
    cited: set[str] = set()
    for value in table.frame["source"].dropna():
        cited |= {s.strip() for s in str(value).split(",") if s.strip()}
    for figure in table.reported:
        cited |= {s.strip() for s in figure.source.split(",") if s.strip()}
    illustrative = {t("source.illustrative", lang) for lang in LANGUAGES}  # shown in the UI language
    cited = {ILLUSTRATIVE_SOURCE if s in illustrative else s for s in cited}
    shown = sources_in(dataset.sources, table.lang)
    return shown[shown["id"].isin(cited)]


def about_rows(table: ListTable, dataset: Dataset, state: ViewState, today: date) -> list[tuple[str, str]]:
    lang, meta = table.lang, dataset.meta
    rows = [
        (both("export.notice_label"), t("export.notice", lang)),
        (both("export.list"), t(table.spec.title, lang)),
        (both("export.exported"), today.isoformat()),
        (both("export.data_as_of"), t("export.data_as_of_value", lang, facts=meta.get("facts_as_of", ""),
                                      assets=meta.get("energy_assets_as_of", ""),
                                      compiled=meta.get("compiled", ""))),
    ]
    rows += [(f"{both('export.filters')} · {name}", kept) for name, kept in filters_applied(dataset, state)]
    rows.append((both("export.search"), table.query or "—"))
    rows.append((both("export.rows"), f"{len(table.frame):,} / {table.available:,}"))
    for total in table.totals:
        coverage = "" if total.key == "count" else (
            f" ({t('lists.total.coverage', lang, covered=total.covered, rows=total.rows)})")
        rows.append((f"{both('export.totals')} · {total.label}", f"{total.text}{coverage}"))
    for figure in table.reported:
        rows.append((f"{both('export.reported')} · {figure.label}", f"{figure.value} ({figure.source})"))
    if "location" in table.frame:
        rows.append((both("export.illustrative"), t("export.illustrative_text", lang,
                                                    count=f"{table.illustrative_rows:,}")))
    rows.append((both("export.provenance"), t("about.provenance", lang)))
    return rows


# --- coordinates ----------------------------------------------------------------------------------


def positions(dataset: Dataset, ids) -> pd.DataFrame:
    """WGS-84 lon/lat of each id (records; a park plot's point inside it), NaN where it has none."""
    records = dataset.records.set_index("id")[["lon", "lat"]]
    plots = getattr(dataset, "park_plots", None)
    if plots is not None and len(plots):
        points = plots.geometry.representative_point()
        records = pd.concat([records, pd.DataFrame({"lon": points.x.to_numpy(), "lat": points.y.to_numpy()},
                                                   index=plots["id"].astype(str))])
    records = records[~records.index.duplicated()]
    return records.reindex(list(ids)).reset_index(drop=True)


def with_coordinates(table: ListTable, dataset: Dataset, coordinates: bool) -> ListTable:
    """The list as exported: with WGS-84 longitude and latitude columns (rounded to 1e-6°) when
    ``coordinates`` and its rows are on the map, else without any coordinate column."""
    keep = tuple(c for c in table.columns if c.key not in COORDINATE_KEYS)
    frame = table.frame.drop(columns=[k for k in COORDINATE_KEYS if k in table.frame])
    if coordinates and table.spec.on_map:
        where = positions(dataset, table.ids).round(6)
        frame = frame.reset_index(drop=True).assign(lon=where["lon"].to_numpy(), lat=where["lat"].to_numpy())
        keep = (*keep, *COORDINATE_COLUMNS)
    spec = dataclasses.replace(table.spec, columns=keep)
    return dataclasses.replace(table, spec=spec, frame=frame)


# --- the files ------------------------------------------------------------------------------------


def _write_list_sheet(sheet, table: ListTable) -> None:
    columns = table.columns
    widths = print_widths(table)
    sheet.append([c.bilingual_header() for c in columns])
    for cell in sheet[1]:
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    illustrative = t("location.illustrative", table.lang)
    for row in table.frame.itertuples(index=False):
        sheet.append([cell_value(v) for v in row])
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = widths[index - 1]
        for (cell,) in sheet.iter_rows(min_row=2, max_row=len(table.frame) + 1, min_col=index, max_col=index):
            if column.kind != "text":
                cell.number_format = number_format(column)
            elif isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # imported text like "=HYPERLINK(…)" stays text, never a formula
            if column.key == "location" and cell.value == illustrative:
                cell.fill = ILLUSTRATIVE_FILL
            # Text wraps inside the printed widths (geo/lists/printing.py); numbers stay on one line.
            cell.alignment = Alignment(wrap_text=column.kind == "text", vertical="top")
    fit_row_heights(sheet, widths)
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A1:{last}{len(table.frame) + 1}"
    if not table.frame.empty:
        _write_totals_row(sheet, table)


def _write_totals_row(sheet, table: ListTable) -> None:
    row = len(table.frame) + 2
    keys = [c.key for c in table.columns]
    sheet.cell(row=row, column=1, value=f"{both('lists.total_row')} ({len(table.frame):,})")
    for total in table.totals:
        column = TOTALS[total.key][1]  # the column the total sums (None: it counts rows)
        if column in keys and total.value is not None:
            cell = sheet.cell(row=row, column=keys.index(column) + 1, value=total.value)
            cell.number_format = number_format(table.columns[keys.index(column)])
    for cell in sheet[row]:
        cell.font, cell.border = BOLD, TOTAL_BORDER


def _write_about_sheet(sheet, table: ListTable, dataset: Dataset, state: ViewState, today: date) -> None:
    sheet.append([f"{t('export.title', 'zh')} · {t(table.spec.title, 'zh')}",
                  f"{t('export.title', 'en')} · {t(table.spec.title, 'en')}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    for name, value in about_rows(table, dataset, state, today):
        sheet.append([name, value])
        sheet.cell(row=sheet.max_row, column=1).font = BOLD
        sheet.cell(row=sheet.max_row, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.append([])
    sheet.append([both("export.sources")])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=12)
    header_keys = ("id", "publisher", "title", "date", "url", "licence")
    sheet.append([both(f"export.source_{k}") for k in header_keys])
    for cell in sheet[sheet.max_row]:
        cell.font, cell.fill = BOLD, HEADER_FILL
    for source in cited_sources(table, dataset).itertuples(index=False):
        sheet.append([getattr(source, k) or None for k in header_keys])
    widths = (34, 70, 50, 12, 40, 24)
    for letter, width in zip("ABCDEF", widths, strict=True):
        sheet.column_dimensions[letter].width = width
    fit_row_heights(sheet, list(widths))


def to_xlsx(table: ListTable, dataset: Dataset, state: ViewState, today: date, coordinates: bool = True) -> bytes:
    """The list as a workbook; ``coordinates=False`` leaves longitude and latitude out."""
    table = with_coordinates(table, dataset, coordinates)
    workbook = Workbook()
    data_sheet = workbook.active
    data_sheet.title = sheet_title(t(table.spec.title, table.lang))
    _write_list_sheet(data_sheet, table)
    _write_about_sheet(workbook.create_sheet(sheet_title(both("export.about_sheet"))), table, dataset,
                       state, today)
    _text_is_text(workbook)
    _print_layout(workbook, table, dataset, state, today)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def data_date_line(dataset: Dataset, lang: str) -> str:
    meta = dataset.meta
    colon = "：" if lang == "zh" else ": "
    return t("export.data_as_of", lang) + colon + t(
        "export.data_as_of_value", lang, facts=meta.get("facts_as_of", ""),
        assets=meta.get("energy_assets_as_of", ""), compiled=meta.get("compiled", ""))


def _print_layout(workbook, table: ListTable, dataset: Dataset, state: ViewState, today: date) -> None:
    """Both sheets print on A4 landscape, one page wide, with the title, filters, data date and page
    numbers (geo/lists/printing.py); the list repeats its header row on every page."""
    lang = table.lang
    title = f"{t('app.title', lang)} · {t(table.spec.title, lang)}"
    common = {"title": title, "left": filters_line(table, filters_applied(dataset, state)),
              "right": data_date_line(dataset, lang), "notice": t("export.notice", lang), "lang": lang,
              "exported": today}
    data_sheet, about_sheet = workbook.worksheets[:2]
    set_print_layout(data_sheet, **common)
    set_print_layout(about_sheet, **common, title_rows=None, gridlines=False)


def _text_is_text(workbook) -> None:
    """Every text cell, on every sheet, is written as text: a source title or a name starting with
    "=" is never a live formula (security review, point 12). The app writes no formula of its own."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def defuse_formula(value):
    """Text that Excel would run as a formula (imported "=HYPERLINK(…)") gets a leading
    apostrophe, the usual CSV-injection guard; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def notice_line(lang: str) -> str:
    """The CSV's first line: the export is for internal use (one quoted cell)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL).writerow([t("export.notice", lang)])
    return buffer.getvalue()


def to_csv(table: ListTable, dataset: Dataset | None = None, coordinates: bool = True) -> bytes:
    """UTF-8 with a byte-order mark: the notice line, then bilingual headers and the data rows (no
    totals row). With ``dataset`` and ``coordinates`` the rows carry longitude and latitude."""
    if dataset is not None or not coordinates:
        table = with_coordinates(table, dataset, coordinates)
    frame = table.frame.rename(columns={c.key: c.bilingual_header() for c in table.columns})
    frame = frame.map(defuse_formula)
    return UTF8_BOM + (notice_line(table.lang) + frame.to_csv(index=False, lineterminator="\n")).encode("utf-8")
