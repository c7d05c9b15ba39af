"""Import a list from a file (or from the in-place editor): every problem found before anything is
written, and exactly what would change.

:func:`preview` takes the cells a reader got (:class:`geo.importing.readers.RawTable`), the current
:class:`geo.data.dataset.Dataset` and the user's choices (:class:`ImportOptions`) and returns a
:class:`geo.importing.preview.Preview`: problems, each naming its row and column (messages in zh and en
through geo.i18n), the coordinate system it detected, and the row changes. The page shows it; only
when the user confirms does ``Preview.change_set`` go to the store. Pure: no streamlit, no store.

The stages: headers to columns and cells to values (geo.importing.rows, geo.importing.cellvalues); the coordinate
system, detected on all the file's points at once, and each position checked against the county
(here); rows matched with existing records and checked against the schema (geo.importing.matching).

Merge mode (default) adds and updates; replace mode also removes the records the file no longer
lists. A column the file does not have leaves that field as it is; an empty cell means "not
reported".
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import shapely
from shapely.geometry import Point

from geo.crs import to_wgs84, transform_geometry
from geo.data.dataset import Dataset
from geo.importing.coordinates import detect_crs
from geo.importing.fields import IMPORT_LISTS
from geo.importing.matching import resolve
from geo.importing.preview import ERROR, WARNING, ImportOptions, ParsedRow, Preview, import_source_id, problem
from geo.importing.readers import RawTable
from geo.importing.rows import map_columns, parse_row
from geo.model import AOI_BOUNDS

__all__ = ["ImportOptions", "Preview", "preview"]


# --- the whole table -----------------------------------------------------------------------------


def _context(dataset: Dataset) -> dict:
    townships = {}
    for code, zh, en in zip(dataset.townships["code"], dataset.townships["name_zh"], dataset.townships["name_en"],
                            strict=True):
        townships.update({code: code, zh: code, en: code})
    parks = {}
    for pid, zh, en in zip(dataset.park["id"], dataset.park["name_zh"], dataset.park["name_en"], strict=True):
        parks.update({pid: pid, zh: pid, en: pid})
        parks.update({zh.split("（")[0]: pid})  # "中庆新能源产业园" without "（示意范围）"
    return {"townships": townships, "parks": parks, "sources": set(dataset.sources["id"])}


def _county(dataset: Dataset):
    return shapely.union_all(dataset.county.geometry.values)


def preview(list_key: str, table: RawTable, dataset: Dataset, options: ImportOptions,
            progress: Callable[[int, int], None] | None = None) -> Preview:
    """Everything that would happen if ``table`` were imported into list ``list_key``."""
    spec = IMPORT_LISTS[list_key]
    result = Preview(list_key, table.file_name, table.sha256, rows_read=len(table.rows))
    for code, params in table.notes:
        result.problems.append(problem(WARNING, code, None, None, **params))
    columns, header_problems = map_columns(spec, table.headers, table.header_row or None, options.mapping)
    result.problems += header_problems
    if not columns:
        # A clear refusal (issue 12, point 7): which columns the list needs, and the headers the file has.
        found = " | ".join(h for h in table.headers if str(h).strip())[:300] or "—"
        result.problems.append(problem(ERROR, "no_known_columns", table.header_row or None,
                                       needed=("fields", list_key, None), found=found))  # None: the required ones
        return result
    context = _context(dataset)
    context["sources"].add(import_source_id(options, table.sha256))
    geometries = table.geometries or [None] * len(table.rows)
    parsed: list[ParsedRow] = []
    for i, (number, raw) in enumerate(zip(table.row_numbers, table.rows, strict=True)):
        parsed.append(parse_row(spec, number, raw, columns, geometries[i], context, result.problems,
                                options.blank))
        if progress and (i % 250 == 0 or i == len(table.rows) - 1):
            progress(i + 1, len(table.rows))
    _convert_coordinates(spec, parsed, dataset, options, result)
    resolve(spec, parsed, dataset, options, result)
    result.problems.sort(key=lambda p: (p.row if p.row is not None else -1, p.severity != ERROR))
    return result


def _convert_coordinates(spec, rows: list[ParsedRow], dataset, options, result: Preview) -> None:
    county = _county(dataset)
    if spec.geometry == "point":
        points = [r.lonlat for r in rows if r.lonlat is not None]
        lon = np.array([p[0] for p in points])
        lat = np.array([p[1] for p in points])
    elif spec.geometry == "polygon":
        coords = [shapely.get_coordinates(r.geometry) for r in rows if r.geometry is not None]
        stacked = np.concatenate(coords) if coords else np.empty((0, 2))
        lon, lat = stacked[:, 0], stacked[:, 1]
    else:
        return
    if lon.size == 0:
        return
    guess = detect_crs(lon, lat, county)
    result.crs_guess = guess
    crs = options.crs or guess.proposed
    result.crs_used = crs
    code = "crs_detected" if guess.decisive else "crs_undetermined"
    result.problems.append(problem(WARNING, code, None, None, crs=("label", f"crs.{guess.proposed}"),
                                   inside=guess.inside[guess.proposed], total=guess.total))
    if crs != guess.proposed:
        result.problems.append(problem(WARNING, "crs_chosen", None, None, crs=("label", f"crs.{crs}"),
                                       inside=guess.inside[crs], total=guess.total))
    stated = sorted({r.crs for r in rows if r.crs and r.lonlat is not None})
    if stated and not options.crs:  # the file's own coordinate-system column beats the guess
        column, n = row_column(rows, "coordinate_crs"), sum(1 for r in rows if r.crs and r.lonlat is not None)
        result.problems.append(problem(WARNING, "crs_stated", None, column, crs=("label", f"crs.{stated[0]}"), n=n)
                               if len(stated) == 1 else problem(WARNING, "crs_stated_rows", None, column, n=n))
    for row in rows:
        if row.lonlat is not None:
            row_crs = row.crs if row.crs and not options.crs else crs
            lon_w, lat_w = to_wgs84(*row.lonlat, row_crs)
            if row_crs != "wgs84":
                lon_w, lat_w = round(lon_w, 7), round(lat_w, 7)
            row.lonlat = (lon_w, lat_w)
            _check_place(row, Point(lon_w, lat_w), county, result)
        if row.geometry is not None and crs != "wgs84":
            row.geometry = transform_geometry(row.geometry, lambda x, y: to_wgs84(x, y, crs))
        if row.geometry is not None:
            _check_place(row, row.geometry, county, result)


def row_column(rows: list[ParsedRow], field: str) -> str | None:
    """The header a field was read from (the first row that has it)."""
    return next((r.columns[field] for r in rows if field in r.columns), None)


def _check_place(row: ParsedRow, geometry, county, result: Preview) -> None:
    lon_min, lat_min, lon_max, lat_max = geometry.bounds
    column = row.columns.get("lon", "geometry")
    if not (AOI_BOUNDS["lon_min"] <= lon_min and lon_max <= AOI_BOUNDS["lon_max"]
            and AOI_BOUNDS["lat_min"] <= lat_min and lat_max <= AOI_BOUNDS["lat_max"]):
        km = shapely.distance(county, geometry) * 111.0  # degrees to km, roughly: only for the message
        result.problems.append(problem(ERROR, "far_outside", row.number, column, km=f"{km:,.0f}"))
        row.ok = False
    elif not county.contains(geometry):
        result.problems.append(problem(WARNING, "outside_county", row.number, column))
        result.outside_county.append(row.number)


