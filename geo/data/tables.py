"""The dataset as tables of rows: what the store keeps, what an import changes, what history shows.

A *row* is a plain dict of one table's fields (``None`` = not reported); rows of polygon tables also
hold their shapely ``geometry``. Rows are canonical (:func:`canonical`): the same record always gives
an equal dict, whether it was read from a bundled file, the store or a page's
:class:`geo.data.dataset.Dataset`, so that comparing two rows says whether a record changed.

:func:`dataset_rows` turns a Dataset into rows; :func:`assemble` turns rows back into a Dataset
through the very validation :func:`geo.data.dataset.load_dataset` uses, so the store returns the same
frames the pages have always had (tests/test_store.py compares them).
"""

from __future__ import annotations

import csv
import io
import json
import math
import typing
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import shapely
from shapely.geometry import mapping

from geo.data.dataset import (
    DATA_DIR,
    LAYER_FILES,
    POLYGON_FILES,
    REFERENCE_TABLES,
    Dataset,
    assemble_dataset,
)
from geo.model import (
    INVESTMENT_TARGET_FIELDS,
    PARK_PLOT_FIELDS,
    POINT_LAYERS,
    RECORD_FIELDS,
    InvestmentTarget,
    ParkPlot,
    Record,
)

GEOMETRY = "geometry"
# The kind of source an import into a confidential table adds (its file name, title and editor):
# editors only, like the table (geo.access.roles.visible_dataset).
CONFIDENTIAL_IMPORT = "import_confidential"


@dataclass(frozen=True)
class TableSpec:
    name: str  # the table's name in the store (a GeoPackage layer)
    key: str  # the column that identifies a row
    geometry: str | None  # GeoPackage geometry type, or None for an attribute table
    fields: tuple[str, ...] | None  # None: the columns the seed has (outlines, reference tables)
    model: type | None = None  # the pydantic model a row obeys
    editable: bool = False  # imports and edits may change it
    confidential: bool = False  # editors only (geo.access.roles)
    description: str = ""


TABLES: dict[str, TableSpec] = {spec.name: spec for spec in (
    *(TableSpec(layer, "id", "POINT", RECORD_FIELDS, Record, editable=True,
                description=f"point records of layer {layer} (WGS-84); seed: data/{LAYER_FILES[layer]}")
      for layer in POINT_LAYERS),
    TableSpec("investment_targets", "id", None, INVESTMENT_TARGET_FIELDS, InvestmentTarget, editable=True,
              confidential=True, description="招商目标企业清单 (confidential: editors only)"),
    TableSpec("park_plots", "id", "GEOMETRY", PARK_PLOT_FIELDS, ParkPlot, editable=True,
              description="园区地块 park plots"),
    *(TableSpec(key, "id", "GEOMETRY", None, description=f"outline; seed: data/{name}")
      for key, name in POLYGON_FILES.items()),
    # Imports add a source (the file and who brought it), so sources is editable too.
    TableSpec("sources", "id", None, None, editable=True, description="every source id a record can cite"),
    TableSpec("reported_facts", "id", None, None, description="headline figures with their sources"),
    TableSpec("townships", "code", None, None, description="township-level units (NBS codes)"),
)}
POLYGON_TABLES: tuple[str, ...] = tuple(POLYGON_FILES)
REFERENCE: tuple[str, ...] = tuple(REFERENCE_TABLES)


# --- canonical rows ------------------------------------------------------------------------------


def _plain(value):
    """numpy scalars -> Python; NaN, NA and "" -> None."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def canonical(table: str, row: dict) -> dict:
    """The one dict form of a row: schema tables go through their model (so 5.0 and 5 in an int
    field are one value); reference tables stay text, exactly as the file had it."""
    spec = TABLES[table]
    if table in REFERENCE:
        return {k: ("" if v is None else str(v)) for k, v in row.items()}
    values = {k: _plain(v) for k, v in row.items() if k != GEOMETRY}
    if spec.model is not None:
        present = {k: v for k, v in values.items() if v is not None and v != ""}
        out = spec.model.model_validate(present).model_dump()
    else:
        out = values
    if spec.geometry and spec.geometry != "POINT":
        out[GEOMETRY] = row.get(GEOMETRY)
    return out


def same_row(a: dict | None, b: dict | None) -> bool:
    if a is None or b is None:
        return a is b
    a_geom, b_geom = a.get(GEOMETRY), b.get(GEOMETRY)
    if (a_geom is None) != (b_geom is None):
        return False
    if a_geom is not None and shapely.to_wkb(a_geom) != shapely.to_wkb(b_geom):
        return False
    return {k: v for k, v in a.items() if k != GEOMETRY} == {k: v for k, v in b.items() if k != GEOMETRY}


def row_to_json(row: dict | None) -> str | None:
    """A row as JSON text (geometry as WKB hex), for the edit log's row images."""
    if row is None:
        return None
    out = {k: v for k, v in row.items() if k != GEOMETRY}
    if row.get(GEOMETRY) is not None:
        out[GEOMETRY] = shapely.to_wkb(row[GEOMETRY], hex=True)
    return json.dumps(out, ensure_ascii=False, sort_keys=False)


def row_from_json(text: str | None) -> dict | None:
    if text is None:
        return None
    row = json.loads(text)
    if GEOMETRY in row:
        row[GEOMETRY] = shapely.from_wkb(row[GEOMETRY])
    return row


def field_text(value) -> str:
    """A field's value as the edit log shows it."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if hasattr(value, "geom_type"):
        return shapely.to_wkt(value, rounding_precision=6)[:200]
    return str(value)


def sql_type(table: str, column: str, values: list) -> str:
    """The SQL column type: from the model's annotation, or from the seed's values."""
    spec = TABLES[table]
    if table in REFERENCE:
        return "TEXT"
    if spec.model is not None:
        annotation = spec.model.model_fields[column].annotation
        args = set(typing.get_args(annotation)) or {annotation}
        if int in args:
            return "INTEGER"
        if float in args:
            return "REAL"
        return "TEXT"
    kinds = {type(v) for v in values if v is not None}
    if kinds and kinds <= {int}:
        return "INTEGER"
    if kinds and kinds <= {int, float}:
        return "REAL"
    if kinds - {str}:
        raise ValueError(f"{table}.{column}: mixed value types {kinds}")
    return "TEXT"


# --- Dataset <-> rows ----------------------------------------------------------------------------


def _frame_rows(frame: pd.DataFrame, table: str) -> list[dict]:
    rows = []
    has_geometry = GEOMETRY in frame.columns and TABLES[table].geometry not in (None, "POINT")
    for record in frame.to_dict("records"):
        row = {k: v for k, v in record.items() if k != GEOMETRY}
        if has_geometry:
            row[GEOMETRY] = record[GEOMETRY]
        rows.append(canonical(table, row))
    return rows


def table_rows(dataset: Dataset, table: str) -> list[dict]:
    """The rows of one editable table as ``dataset`` holds them, in order."""
    if table in POINT_LAYERS:
        return _frame_rows(dataset.records[dataset.records["layer"] == table], table)
    if table == "investment_targets":
        return _frame_rows(dataset.investment_targets, table)
    if table == "park_plots":
        return _frame_rows(dataset.park_plots, table)
    if table == "sources":
        return _frame_rows(dataset.sources, table)
    raise KeyError(table)


def read_reference_rows(data_dir: Path) -> dict[str, list[dict]]:
    """The reference tables' rows as text, exactly as the files have them."""
    out = {}
    for key, (name, _) in REFERENCE_TABLES.items():
        with (data_dir / name).open(encoding="utf-8-sig", newline="") as f:
            out[key] = list(csv.DictReader(f))
    return out


def seed_rows(dataset: Dataset, data_dir: Path = DATA_DIR) -> dict[str, list[dict]]:
    """Every table's rows for a new store, from a loaded (so validated) dataset and its folder."""
    rows: dict[str, list[dict]] = {layer: table_rows(dataset, layer) for layer in POINT_LAYERS}
    rows["investment_targets"] = table_rows(dataset, "investment_targets")
    rows["park_plots"] = table_rows(dataset, "park_plots")
    for key in POLYGON_TABLES:
        rows[key] = _outline_rows(data_dir / POLYGON_FILES[key])
    rows.update(read_reference_rows(data_dir))
    return rows


def _outline_rows(path: Path) -> list[dict]:
    from shapely.geometry import shape

    collection = json.loads(path.read_text(encoding="utf-8"))
    return [{**feature["properties"], GEOMETRY: shape(feature["geometry"])} for feature in collection["features"]]


def _collection(rows: list[dict]) -> dict:
    features = []
    for row in rows:
        properties = {k: v for k, v in row.items() if k != GEOMETRY and v is not None}
        features.append({"type": "Feature", "properties": properties, "geometry": mapping(row[GEOMETRY])})
    return {"type": "FeatureCollection", "features": features}


def _reference_frame(key: str, rows: list[dict], columns: list[str]) -> pd.DataFrame:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    buffer.seek(0)
    return pd.read_csv(buffer, **REFERENCE_TABLES[key][1])


def assemble(rows: dict[str, list[dict]], columns: dict[str, list[str]], meta: dict) -> Dataset:
    """A Dataset from every table's rows (``columns``: each reference table's column order). An
    empty target or plot table gives the same empty frame as a seed folder without the file."""
    names = {**{layer: layer for layer in POINT_LAYERS}, **{key: key for key in POLYGON_TABLES},
             "targets": "investment_targets", "plots": "park_plots"}
    targets = (list(INVESTMENT_TARGET_FIELDS),
               [{k: ("" if v is None else v) for k, v in row.items()} for row in rows["investment_targets"]])
    return assemble_dataset(
        layer_rows={layer: rows[layer] for layer in POINT_LAYERS},
        collections={key: _collection(rows[key]) for key in POLYGON_TABLES},
        tables={key: _reference_frame(key, rows[key], columns[key]) for key in REFERENCE},
        meta=meta,
        targets=targets,
        plots=_collection(rows["park_plots"]),
        names=names,
    )
