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
from geo.importing.crsevidence import FilePoint, gather
from geo.importing.decorations import skipped_rows
from geo.importing.fields import IMPORT_LISTS, normalise
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
            progress: Callable[[int, int], None] | None = None,
            stage: Callable[[str], None] | None = None) -> Preview:
    """Everything that would happen if ``table`` were imported into list ``list_key``. ``progress``
    hears how many rows are checked; ``stage`` hears "matching" when the rows are all read (the
    coordinate system and the matching with stored records take a few seconds for 20,000 rows)."""
    spec = IMPORT_LISTS[list_key]
    result = Preview(list_key, table.file_name, table.sha256, rows_read=len(table.rows),
                     header_row=table.header_row or None)
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
    context.update(options=options, ambiguous=result.ambiguous)
    skipped = skipped_rows(table.rows, table.row_numbers, columns) if table.kind in ("xlsx", "csv") else {}
    for number, why in skipped.items():  # one note per row, never "required, but empty" (issue 12, point 5)
        result.problems.append(problem(WARNING, f"skipped_{why}", number, None))
    result.skipped = sorted(skipped)
    result.rows_read = len(table.rows) - len(skipped)
    geometries = table.geometries or [None] * len(table.rows)
    parsed: list[ParsedRow] = []
    total = len(table.rows)
    for i, (number, raw) in enumerate(zip(table.row_numbers, table.rows, strict=True)):
        if number not in skipped:
            parsed.append(parse_row(spec, number, raw, columns, geometries[i], context, result.problems,
                                    options.blank))
        if progress and (i % 250 == 0 or i == total - 1):
            progress(i + 1, total)
    if stage:
        stage("matching")
    _convert_coordinates(spec, parsed, dataset, options, result, table)
    resolve(spec, parsed, dataset, options, result)
    for ambiguity in result.ambiguous.values():  # one line per distinct value, at its first row
        result.problems.append(problem(WARNING, "ambiguous", ambiguity.rows[0], ambiguity.column,
                                       value=ambiguity.value, n=len(ambiguity.rows),
                                       options=("choices", ambiguity.vocab, ambiguity.options)))
    result.problems.sort(key=lambda p: (p.row if p.row is not None else -1, p.severity != ERROR))
    return result


def _file_points(rows: list[ParsedRow]) -> list[FilePoint]:
    points = []
    for r in rows:
        if r.lonlat is None:
            continue
        names = [r.values.get(k) for k in ("name_zh", "name_en", "target_name_zh", "target_name_en")]
        names = [n for n in names if isinstance(n, str) and n.strip()]
        points.append(FilePoint(r.number, r.lonlat[0], r.lonlat[1], names[0] if names else "",
                                tuple(dict.fromkeys(normalise(n) for n in names)), r.values.get("credit_code"),
                                r.values.get("id"), r.crs))
    return points


def _convert_coordinates(spec, rows: list[ParsedRow], dataset, options, result: Preview, table: RawTable) -> None:
    """Positions to WGS-84, in the system the editor chose, else the one the evidence supports
    (geo.importing.crsevidence). With neither, nothing is converted: the positions are pending and
    an error keeps the import from being confirmed until the editor chooses (issue 12, point 4)."""
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
    evidence = gather(_file_points(rows), county, dataset.records if spec.geometry == "point" else None,
                      outline_lonlat=(lon, lat), headers=table.headers, sheet=table.sheet, file_name=table.file_name,
                      source_crs=table.source_crs)
    result.crs_evidence = evidence
    crs = options.crs or evidence.proposed
    result.crs_used = crs
    unstated = any(r.lonlat is not None and not r.crs for r in rows) or any(r.geometry is not None for r in rows)
    if options.crs:
        result.problems.append(problem(WARNING, "crs_chosen", None, None, crs=("label", f"crs.{crs}"),
                                       inside=evidence.inside[crs], total=evidence.total))
    elif crs and unstated:
        basis = evidence.supporting[0].kind
        result.problems.append(problem(WARNING, "crs_proposed", None, None, crs=("label", f"crs.{crs}"),
                                       basis=("label", f"importcrs.basis.{basis}")))
    elif unstated:
        result.positions_pending = True
        reason = "conflict" if evidence.conflict else "none"
        result.problems.append(problem(ERROR, "crs_required", None, None,
                                       reason=("label", f"importcrs.reason.{reason}")))
    stated = sorted({r.crs for r in rows if r.crs and r.lonlat is not None})
    if stated and not options.crs:  # the file's own coordinate-system column beats the guess
        column, n = row_column(rows, "coordinate_crs"), sum(1 for r in rows if r.crs and r.lonlat is not None)
        result.problems.append(problem(WARNING, "crs_stated", None, column, crs=("label", f"crs.{stated[0]}"), n=n)
                               if len(stated) == 1 else problem(WARNING, "crs_stated_rows", None, column, n=n))
    for row in rows:
        if row.lonlat is not None:
            row_crs = row.crs if row.crs and not options.crs else crs
            if row_crs is None:  # pending: only what no system can change is checked
                _check_place(row, Point(*row.lonlat), county, result, pending=True)
                continue
            lon_w, lat_w = to_wgs84(*row.lonlat, row_crs)
            if row_crs != "wgs84":
                lon_w, lat_w = round(lon_w, 7), round(lat_w, 7)
            row.lonlat = (lon_w, lat_w)
            _check_place(row, Point(lon_w, lat_w), county, result)
        if row.geometry is not None and crs not in (None, "wgs84"):
            row.geometry = transform_geometry(row.geometry, lambda x, y: to_wgs84(x, y, crs))
        if row.geometry is not None:
            _check_place(row, row.geometry, county, result, pending=crs is None)


def row_column(rows: list[ParsedRow], field: str) -> str | None:
    """The header a field was read from (the first row that has it)."""
    return next((r.columns[field] for r in rows if field in r.columns), None)


def _check_place(row: ParsedRow, geometry, county, result: Preview, pending: bool = False) -> None:
    """Far outside the area: an error in any system (they differ by 2 km at most). Outside the county
    outline: a warning, once the system is known."""
    lon_min, lat_min, lon_max, lat_max = geometry.bounds
    column = row.columns.get("lon", "geometry")
    if not (AOI_BOUNDS["lon_min"] <= lon_min and lon_max <= AOI_BOUNDS["lon_max"]
            and AOI_BOUNDS["lat_min"] <= lat_min and lat_max <= AOI_BOUNDS["lat_max"]):
        km = shapely.distance(county, geometry) * 111.0  # degrees to km, roughly: only for the message
        result.problems.append(problem(ERROR, "far_outside", row.number, column, km=f"{km:,.0f}"))
        row.ok = False
    elif not pending and not county.contains(geometry):
        result.problems.append(problem(WARNING, "outside_county", row.number, column))
        result.outside_county.append(row.number)


