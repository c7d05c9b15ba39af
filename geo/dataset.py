"""Load the bundled dataset from data/ and validate every record against :class:`geo.model.Record`.

Loading fails loudly (:class:`DatasetError`, naming file, feature and field) rather than showing a map
with a silently dropped or half-read record.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
from pydantic import ValidationError

from geo.model import POINT_LAYERS, RECORD_FIELDS, Record

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
CRS = "EPSG:4326"

# One file per layer keeps diffs of the bundled data reviewable.
# Point layers are CSV (lon/lat columns, WGS-84): the format the officials' Excel files share.
LAYER_FILES: dict[str, str] = {
    "chain": "chain.csv",
    "wind_farm": "wind_farms.csv",
    "pv_utility": "pv_utility.csv",
    "pv_rooftop": "pv_rooftop.csv",
}
POLYGON_FILES: dict[str, str] = {
    "county": "county.geojson",
    "context": "dezhou_counties.geojson",
    "park": "park.geojson",
}


class DatasetError(ValueError):
    """A bundled file is missing or holds a record that breaks the schema."""


@dataclass(frozen=True)
class Dataset:
    records: gpd.GeoDataFrame  # every point record, columns RECORD_FIELDS + geometry
    county: gpd.GeoDataFrame
    context: gpd.GeoDataFrame
    park: gpd.GeoDataFrame
    townships: pd.DataFrame
    sources: pd.DataFrame
    facts: pd.DataFrame
    meta: dict

    def fact(self, fact_id: str) -> pd.Series:
        return self.facts.loc[fact_id]


def _read_json(path: Path) -> dict:
    if not path.is_file():
        raise DatasetError(f"{path.name}: file is missing from {path.parent}")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DatasetError(f"{path.name}: not valid UTF-8 JSON ({exc})") from exc


def validate_rows(rows: list[dict], file_name: str, layer: str) -> list[Record]:
    """Validate point rows (empty cells mean "not reported") against the one record schema."""
    records: list[Record] = []
    problems: list[str] = []
    for index, row in enumerate(rows, start=2):  # row 1 is the header, as a spreadsheet counts
        values = {k: v for k, v in row.items() if v not in ("", None)}
        label = f"{file_name} row {index} ({values.get('id', 'no id')})"
        if values.get("layer") != layer:
            problems.append(f"{label}: layer is {values.get('layer')!r}, the file holds {layer!r}")
            continue
        try:
            records.append(Record.model_validate(values))
        except ValidationError as exc:
            for err in exc.errors():
                field = ".".join(str(p) for p in err["loc"]) or "record"
                problems.append(f"{label}: {field}: {err['msg']}")
    if problems:
        shown = "\n  ".join(problems[:20])
        more = f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise DatasetError(f"{len(problems)} invalid record(s):\n  {shown}{more}")
    return records


def read_rows(path: Path) -> list[dict]:
    if not path.is_file():
        raise DatasetError(f"{path.name}: file is missing from {path.parent}")
    try:
        with path.open(encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise DatasetError(f"{path.name}: not a readable UTF-8 CSV ({exc})") from exc


def write_rows(path: Path, records: list[Record]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(RECORD_FIELDS), lineterminator="\n")
        writer.writeheader()
        for record in records:
            writer.writerow({k: ("" if v is None else v) for k, v in record.model_dump().items()})


def records_to_frame(records: list[Record]) -> gpd.GeoDataFrame:
    rows = [r.model_dump() for r in records]
    frame = pd.DataFrame(rows, columns=list(RECORD_FIELDS))
    return gpd.GeoDataFrame(
        frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs=CRS
    )


def _check_references(records: gpd.GeoDataFrame, sources: pd.DataFrame, park: gpd.GeoDataFrame):
    problems = []
    duplicated = records["id"][records["id"].duplicated()].unique()
    if len(duplicated):
        problems.append(f"duplicate record ids: {', '.join(map(str, duplicated[:10]))}")
    known_sources = set(sources["id"])
    for rec_id, source in zip(records["id"], records["source"], strict=True):
        missing = [s for s in source.split(";") if s.strip() and s.strip() not in known_sources]
        if missing:
            problems.append(f"{rec_id}: unknown source id(s) {missing}")
    known_parks = set(park["id"])
    for rec_id, park_id in zip(records["id"], records["park_id"], strict=True):
        if pd.notna(park_id) and park_id not in known_parks:
            problems.append(f"{rec_id}: unknown park_id {park_id!r}")
    if problems:
        raise DatasetError("\n".join(problems[:20]))


def _read_polygons(path: Path) -> gpd.GeoDataFrame:
    collection = _read_json(path)
    frame = gpd.GeoDataFrame.from_features(collection["features"], crs=CRS)
    for column in ("id", "provenance", "source"):
        if column not in frame.columns or frame[column].isna().any():
            raise DatasetError(f"{path.name}: every feature needs a {column!r} property")
    return frame


def load_dataset(data_dir: Path | str = DATA_DIR) -> Dataset:
    data_dir = Path(data_dir)
    all_records: list[Record] = []
    for layer in POINT_LAYERS:
        file_name = LAYER_FILES[layer]
        all_records += validate_rows(read_rows(data_dir / file_name), file_name, layer)
    records = records_to_frame(all_records)
    polygons = {key: _read_polygons(data_dir / name) for key, name in POLYGON_FILES.items()}
    sources = pd.read_csv(data_dir / "sources.csv", dtype=str, keep_default_na=False)
    facts = pd.read_csv(data_dir / "reported_facts.csv", dtype={"qualifier": str})
    facts = facts.fillna({"qualifier": ""}).set_index("id")
    townships = pd.read_csv(data_dir / "townships.csv", dtype=str)
    _check_references(records, sources, polygons["park"])
    meta = _read_json(data_dir / "meta.json")
    return Dataset(
        records=records,
        county=polygons["county"],
        context=polygons["context"],
        park=polygons["park"],
        townships=townships,
        sources=sources,
        facts=facts,
        meta=meta,
    )


def write_feature_collection(path: Path, features: list[dict]) -> None:
    """Write GeoJSON with one feature per line, so that a data change is a readable diff."""
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    body = ",\n".join(lines)
    path.write_text(
        '{"type":"FeatureCollection","features":[\n' + body + "\n]}\n", encoding="utf-8"
    )
