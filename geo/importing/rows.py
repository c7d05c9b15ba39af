"""Reading the rows of an import: headers to columns, cells to values, positions checked.

Used by geo.importing.importer; every problem becomes a :class:`geo.importing.preview.Problem` naming row and column.
"""

from __future__ import annotations

import math

from geo.importing import cellvalues
from geo.importing.cellvalues import CellProblem, Column
from geo.importing.coordinates import near_aoi
from geo.importing.fields import CLEAR_TOKENS, UNITS, VOCABULARIES, ImportField, ImportList
from geo.importing.headers import match_columns
from geo.importing.preview import ERROR, WARNING, Ambiguity, ParsedRow, Problem, problem


def template_header(f: ImportField) -> str:
    from geo.importing.templates import template_header as header

    return header(f)


def map_columns(spec: ImportList, headers: list[str], header_row: int | None,
                mapping: dict[str, str] | None = None) -> tuple[list[Column], list[Problem]]:
    """The columns to read (geo.importing.headers matches headers to fields, ``mapping`` first) and
    what to tell about the others: a low-confidence match or a column left out is a warning naming
    the nearest field, so that the editor can fix it in the column mapping."""
    columns, problems, seen = [], [], {}
    for match in match_columns(spec, headers, mapping):
        header, f = match.header, match.field
        if f is None:
            if match.repeats is not None:
                problems.append(problem(ERROR, "duplicate_column", header_row, header, other=match.repeats))
            elif match.source == "auto" and match.suggestion is not None:
                problems.append(problem(WARNING, "column_suggested", header_row, header,
                                        field=("fields", spec.key, (match.suggestion.name,))))
            elif match.source == "auto":
                problems.append(problem(WARNING, "unknown_column", header_row, header))
            continue
        if match.unit_text is not None:
            problems.append(problem(ERROR, "unknown_unit", header_row, header, unit=match.unit_text))
            continue
        seen[f.name] = header
        columns.append(Column(match.index, header, f, match.unit))
        if match.confidence == "low":
            problems.append(problem(WARNING, "column_guessed", header_row, header,
                                    field=("fields", spec.key, (f.name,)), score=f"{match.score:.0%}"))
        if match.unit_assumed:
            problems.append(problem(WARNING, "unit_assumed", header_row, header,
                                    unit=f"{f.unit and _unit_label(f, f.unit)}"))
    names = {c.field.name for c in columns}
    if "coordinates" in names and {"lon", "lat"} <= names:
        problems.append(problem(WARNING, "pair_ignored", header_row, seen["coordinates"]))
        columns = [c for c in columns if c.field.name != "coordinates"]
    elif ("lon" in names) != ("lat" in names):
        missing = spec.field("lat" if "lon" in names else "lon")
        problems.append(problem(ERROR, "missing_column", header_row, None, name=template_header(missing)))
    return columns, problems


def _unit_label(f, unit: str) -> str:
    _, zh, en, _ = UNITS[f.quantity][unit]
    return zh if zh == en else f"{zh} / {en}"


# --- one row -------------------------------------------------------------------------------------


def read_cell(f, value, unit, context) -> object:
    kind = f.kind
    if kind == "id":
        return cellvalues.read_id(value)
    if kind == "text":
        return cellvalues.read_text(value, f)
    if kind in ("vocab", "node"):
        return cellvalues.read_vocab(value, f.vocab)
    if kind == "number":
        return cellvalues.read_number(value, f, unit)
    if kind == "int":
        return cellvalues.read_int(value, f, unit)
    if kind == "year":
        return cellvalues.read_year(value)
    if kind == "credit_code":
        return cellvalues.read_credit_code(value)
    if kind in ("lon", "lat"):
        return cellvalues.read_coordinate(value)
    if kind == "pair":
        return cellvalues.read_pair(value)
    if kind == "township":
        return cellvalues.read_named(value, context["townships"], "unknown_township")
    if kind == "park":
        return cellvalues.read_named(value, context["parks"], "unknown_park")
    if kind == "sources":
        return cellvalues.read_sources(value, context["sources"])
    raise ValueError(kind)


def is_clear_token(value) -> bool:
    return isinstance(value, str) and cellvalues.normalise(value) in CLEAR_TOKENS


def _ask_if_ambiguous(row: ParsedRow, column: Column, value, context: dict) -> None:
    """A value that could mean two codes takes the editor's answer, or meanwhile the suggestion;
    each distinct value is asked once (``context["ambiguous"]``, the preview's)."""
    f = column.field
    options = cellvalues.ambiguous_options(f.vocab, value)
    if not options:
        return
    key = (f.name, cellvalues.normalise(str(value)))
    entry = context["ambiguous"].get(key)
    if entry is None:
        answer = context["options"].resolution(*key)
        entry = Ambiguity(f.name, str(value).strip()[:60], column.header, f.vocab, options,
                          resolved=answer if answer in VOCABULARIES[f.vocab] else None)
        context["ambiguous"][key] = entry
    entry.rows.append(row.number)
    row.values[f.name] = entry.resolved or entry.suggestion


def parse_row(spec, number, raw, columns, geometry, context, problems, blank: str = "keep") -> ParsedRow:
    """One row's values. An empty cell keeps the stored value (``blank="keep"``, for files, which
    are often partial) or clears it (``"clear"``, for the editor); "未报道" or "-" always clears."""
    row = ParsedRow(number, {}, {})
    failed = set()
    for column in columns:
        value = raw[column.index] if column.index < len(raw) else None
        row.columns[column.field.name] = column.header
        if value is None or (isinstance(value, str) and not value.strip()):
            if blank == "clear":
                row.values[column.field.name] = None
            continue
        if is_clear_token(value):
            row.values[column.field.name] = None
            continue
        try:
            row.values[column.field.name] = read_cell(column.field, value, column.unit, context)
        except CellProblem as exc:
            if exc.warning:  # the cell is left out; the row stays usable (a wrong credit code)
                problems.append(problem(WARNING, exc.code, number, column.header, **exc.params))
                continue
            problems.append(problem(ERROR, exc.code, number, column.header, **exc.params))
            failed.add(column.field.name)
            row.ok = False
            continue
        if column.field.kind == "vocab" and "ambiguous" in context:
            _ask_if_ambiguous(row, column, value, context)
    row.failed = failed
    unreadable = bool(failed & {"lon", "lat", "coordinates"})
    row.crs = row.values.pop("coordinate_crs", None)  # how to read the position, not a stored value
    pair = row.values.pop("coordinates", None)
    lon, lat = (pair if pair else (row.values.get("lon"), row.values.get("lat")))
    if pair:
        row.columns["lon"] = row.columns["lat"] = row.columns.pop("coordinates")
    if spec.geometry == "point" and lon is None and lat is None and geometry is not None:
        if (geometry == "invalid" or getattr(geometry, "geom_type", None) not in ("Point", "MultiPoint")
                or geometry.is_empty):
            problems.append(problem(ERROR, "geometry_not_point", number, "geometry"))
            row.ok = False
            row.failed.add("position")
        else:
            point = geometry if geometry.geom_type == "Point" else geometry.geoms[0]
            lon, lat = point.x, point.y
            row.columns["lon"] = row.columns["lat"] = "geometry"
    if spec.geometry == "polygon" and geometry is not None:
        if geometry == "invalid" or geometry.geom_type not in ("Polygon", "MultiPolygon") or geometry.is_empty:
            problems.append(problem(ERROR, "geometry_not_polygon", number, "geometry"))
            row.ok = False
            row.failed.add("position")
        elif not geometry.is_valid:
            problems.append(problem(ERROR, "geometry_invalid", number, "geometry"))
            row.ok = False
            row.failed.add("position")
        else:
            row.geometry = geometry
    if lon is not None and lat is not None and not (math.isfinite(lon) and math.isfinite(lat)):
        problems.append(problem(ERROR, "not_a_coordinate", number, row.columns.get("lon"), value=f"{lon}, {lat}"))
        row.ok = False
        row.failed.add("position")
    elif lon is not None and lat is not None:
        column = row.columns.get("lon", "lon")
        if not near_aoi(lon, lat) and near_aoi(lat, lon):
            problems.append(problem(WARNING, "swapped", number, column, lon=lon, lat=lat))
            lon, lat = lat, lon
        if not -180 <= lon <= 180:
            problems.append(problem(ERROR, "lon_range", number, row.columns.get("lon"), value=lon))
            row.ok = False
            row.failed.add("position")
        elif not -90 <= lat <= 90:
            problems.append(problem(ERROR, "lat_range", number, row.columns.get("lat"), value=lat))
            row.ok = False
            row.failed.add("position")
        else:
            row.lonlat = (float(lon), float(lat))
    elif (lon is None) != (lat is None) and not unreadable:
        problems.append(problem(ERROR, "coordinate_half", number, row.columns.get("lon" if lon is None else "lat")))
        row.ok = False
        row.failed.add("position")
    row.values.pop("lon", None)
    row.values.pop("lat", None)
    return row


