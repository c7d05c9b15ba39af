"""Load the bundled dataset from data/ and validate every record against :class:`geo.model.Record`.

Loading fails loudly (:class:`DatasetError`, naming file, feature and field) rather than showing a map
with a silently dropped or half-read record.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
from pydantic import ValidationError

from geo.chain import NODE_IDS
from geo.i18n import TEXT, t
from geo.model import (
    INVESTMENT_TARGET_FIELDS,
    PARK_PLOT_FIELDS,
    POINT_LAYERS,
    RECORD_FIELDS,
    InvestmentTarget,
    ParkPlot,
    Record,
    inferred_fields,
)

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
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
# The lists beyond the map's records. Optional so that an older data directory still loads (then
# the lists are empty); when present they are validated like everything else.
INVESTMENT_TARGETS_FILE = "investment_targets.csv"
PARK_PLOTS_FILE = "park_plots.geojson"


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
    investment_targets: pd.DataFrame = field(default_factory=lambda: empty_investment_targets())
    park_plots: gpd.GeoDataFrame = field(default_factory=lambda: empty_park_plots())

    def fact(self, fact_id: str) -> pd.Series:
        return self.facts.loc[fact_id]

    def township_names(self, lang: str) -> dict[str, str]:
        """Township code -> name in ``lang`` (see :func:`names_in`)."""
        return dict(zip(self.townships["code"], names_in(self.townships, lang), strict=True))

    def park_names(self, lang: str) -> dict[str, str]:
        """Park id -> name in ``lang`` (see :func:`names_in`)."""
        return dict(zip(self.park["id"], names_in(self.park, lang), strict=True))


def _has_text(values: pd.Series) -> pd.Series:
    return values.notna() & (values.astype(str).str.strip() != "")


def names_in(frame: pd.DataFrame, lang: str, prefix: str = "") -> pd.Series:
    """The one rule for a name in the UI language, for any table with ``{prefix}name_zh`` and
    ``{prefix}name_en``: Chinese in zh; in en the English name where there is one, else the Chinese."""
    zh = frame[f"{prefix}name_zh"]
    en_column = f"{prefix}name_en"
    if lang != "en" or en_column not in frame:
        return zh
    return frame[en_column].where(_has_text(frame[en_column]), zh)


ILLUSTRATIVE_SOURCE = "ILLUSTRATIVE"  # the method id of positions no source gives (data/sources.csv)


def source_ids_text(value, lang: str) -> str | None:
    """A record's ``source`` ("S2;S3;ILLUSTRATIVE") as shown: "S2, S3, 示意位置" in zh. Source ids
    are codes (S1, GEM-WIND) in both languages; the method id ILLUSTRATIVE is a word, so it is said in
    the UI language. None stays None."""
    if not isinstance(value, str):
        return None
    ids = [s.strip() for s in value.split(";") if s.strip()]
    return ", ".join(t("source.illustrative", lang) if s == ILLUSTRATIVE_SOURCE else s for s in ids)


# The header an inferred field is shown under (the rest: "field.<name>").
_INFERRED_LABELS = {"name_zh": "field.name", "name_en": "field.name", "operator_zh": "field.operator",
                    "operator_en": "field.operator", "township_code": "field.township"}


def inferred_label_key(field_name: str) -> str:
    return _INFERRED_LABELS.get(field_name, f"field.{field_name}")


def inferred_text(fields, note_zh, note_en, lang: str) -> str | None:
    """A record's inferred values as shown: "名称、状态：<why>" (None when every value is stated)."""
    names = inferred_fields(fields)
    if not names:
        return None
    labels = dict.fromkeys(t(inferred_label_key(name), lang) for name in names)
    note = note_en if lang == "en" and isinstance(note_en, str) and note_en else note_zh
    return t("inferred.line", lang, fields=("、" if lang == "zh" else ", ").join(labels),
             note=note if isinstance(note, str) else "")


SOURCE_FIELDS = ("id", "kind", "publisher", "title", "date", "url", "licence", "note")
_SOURCE_TEXT = ("publisher", "title", "licence", "note")  # sources.csv: English, with a <field>_zh beside


def sources_in(sources: pd.DataFrame, lang: str) -> pd.DataFrame:
    """sources.csv as shown in ``lang``: the text fields in that language (zh: ``<field>_zh`` where
    there is one, else the original), the kind as a word; ids, dates and URLs as they are."""
    out = sources.reindex(columns=[*SOURCE_FIELDS, *(f"{f}_zh" for f in _SOURCE_TEXT)]).fillna("").astype(str)
    if lang == "zh":
        for f in _SOURCE_TEXT:
            out[f] = out[f"{f}_zh"].where(out[f"{f}_zh"].str.strip() != "", out[f])
    out["kind"] = [t(key, lang) if (key := f"source.kind.{k}") in TEXT else k for k in out["kind"]]
    return out[list(SOURCE_FIELDS)].reset_index(drop=True)


def name_of(row: pd.Series, lang: str, prefix: str = "") -> str:
    """:func:`names_in` for one row."""
    return str(names_in(row.to_frame().T, lang, prefix).iloc[0])


def _read_json(path: Path) -> dict:
    if not path.is_file():
        raise DatasetError(f"{path.name}: file is missing from {path.parent}")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DatasetError(f"{path.name}: not valid UTF-8 JSON ({exc})") from exc


MAX_PROBLEMS_SHOWN = 20


def _pydantic_problems(label: str, exc: ValidationError) -> list[str]:
    """One line per failed field: "<where>: <field>: <what>"."""
    return [f"{label}: {'.'.join(str(p) for p in err['loc']) or 'record'}: {err['msg']}"
            for err in exc.errors()]


def _raise_problems(problems: list[str], what: str) -> None:
    """Fail loudly with every problem (the first 20 listed), or do nothing when there are none."""
    if not problems:
        return
    shown = "\n  ".join(problems[:MAX_PROBLEMS_SHOWN])
    more = (f"\n  … and {len(problems) - MAX_PROBLEMS_SHOWN} more"
            if len(problems) > MAX_PROBLEMS_SHOWN else "")
    raise DatasetError(f"{len(problems)} invalid {what}:\n  {shown}{more}")


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
            problems += _pydantic_problems(label, exc)
    _raise_problems(problems, "record(s)")
    return records


def read_rows(path: Path) -> list[dict]:
    """Rows of a UTF-8 CSV (with or without the byte-order mark Excel writes). A file with no
    header at all (empty, truncated) is an error; a header with no rows is an empty layer."""
    if not path.is_file():
        raise DatasetError(f"{path.name}: file is missing from {path.parent}")
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            if not reader.fieldnames:
                raise DatasetError(f"{path.name}: the file is empty (no header row)")
            return list(reader)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise DatasetError(f"{path.name}: not a readable UTF-8 CSV ({exc})") from exc


# How each reference table is parsed: one place, so that the store (geo.store.base), which keeps their
# text as read, rebuilds the very same frames.
SOURCES_CSV: dict = {"dtype": str, "keep_default_na": False}
FACTS_CSV: dict = {"dtype": {"qualifier": str}}
TOWNSHIPS_CSV: dict = {"dtype": str}
REFERENCE_TABLES: dict[str, tuple[str, dict]] = {
    "sources": ("sources.csv", SOURCES_CSV),
    "reported_facts": ("reported_facts.csv", FACTS_CSV),
    "townships": ("townships.csv", TOWNSHIPS_CSV),
}


def finish_facts(facts: pd.DataFrame) -> pd.DataFrame:
    return facts.fillna({"qualifier": ""}).set_index("id")


def _read_table(path: Path, **options) -> pd.DataFrame:
    if not path.is_file():
        raise DatasetError(f"{path.name}: file is missing from {path.parent}")
    try:
        return pd.read_csv(path, encoding="utf-8-sig", **options)
    except (UnicodeDecodeError, ValueError) as exc:  # pandas' parser errors are ValueErrors
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


def _check_references(records: gpd.GeoDataFrame, origins: list[str], sources: pd.DataFrame,
                      park: gpd.GeoDataFrame) -> None:
    """Cross-record rules, each problem named by file, row, record and field.
    ``origins[i]`` is where record i was read ("chain.csv row 5")."""
    problems = []
    first_seen: dict[str, str] = {}
    known_sources = set(sources["id"])
    known_parks = set(park["id"])
    for origin, rec_id, source, park_id in zip(origins, records["id"], records["source"],
                                               records["park_id"], strict=True):
        label = f"{origin} ({rec_id})"
        if rec_id in first_seen:
            problems.append(f"{label}: id: duplicate id, first at {first_seen[rec_id]}")
        first_seen.setdefault(rec_id, origin)
        if missing := _unknown_sources(source, known_sources):
            problems.append(f"{label}: source: unknown source id(s) {missing}")
        if pd.notna(park_id) and park_id not in known_parks:
            problems.append(f"{label}: park_id: unknown park {park_id!r}")
    _raise_problems(problems, "reference(s)")


def polygon_frame(collection: dict, name: str) -> gpd.GeoDataFrame:
    """An outline layer (county, context, park) from its GeoJSON FeatureCollection."""
    features = collection.get("features") if isinstance(collection, dict) else None
    if not isinstance(features, list):
        raise DatasetError(f"{name}: not a GeoJSON FeatureCollection")
    frame = gpd.GeoDataFrame.from_features(features, crs=CRS)
    for column in ("id", "provenance", "source"):
        if column not in frame.columns or frame[column].isna().any():
            raise DatasetError(f"{name}: every feature needs a {column!r} property")
    return frame


def load_dataset(data_dir: Path | str = DATA_DIR) -> Dataset:
    data_dir = Path(data_dir)
    layer_rows = {layer: read_rows(data_dir / LAYER_FILES[layer]) for layer in POINT_LAYERS}
    collections = {key: _read_json(data_dir / name) for key, name in POLYGON_FILES.items()}
    tables = {key: _read_table(data_dir / name, **options) for key, (name, options) in REFERENCE_TABLES.items()}
    meta = _read_json(data_dir / "meta.json")
    targets = read_investment_targets(data_dir / INVESTMENT_TARGETS_FILE)
    plots_path = data_dir / PARK_PLOTS_FILE
    plots = _read_json(plots_path) if plots_path.is_file() else None
    return assemble_dataset(layer_rows, collections, tables, meta, targets, plots)


def assemble_dataset(layer_rows: dict[str, list[dict]], collections: dict[str, dict],
                     tables: dict[str, pd.DataFrame], meta: dict,
                     targets: tuple[list[str], list[dict]] | None, plots: dict | None,
                     names: dict[str, str] | None = None) -> Dataset:
    """Validate the parts of a dataset and put them together, wherever they were read from (the
    bundled files, or the store). ``names`` says what to call each part in an error (file names
    by default); ``targets`` is (header, rows) or None, ``plots`` a FeatureCollection or None."""
    names = {**LAYER_FILES, **POLYGON_FILES, "targets": INVESTMENT_TARGETS_FILE, "plots": PARK_PLOTS_FILE,
             **(names or {})}
    all_records: list[Record] = []
    origins: list[str] = []
    for layer in POINT_LAYERS:
        file_name = names[layer]
        layer_records = validate_rows(layer_rows[layer], file_name, layer)
        all_records += layer_records
        origins += [f"{file_name} row {row}" for row in range(2, len(layer_records) + 2)]
    records = records_to_frame(all_records)
    polygons = {key: polygon_frame(collections[key], names[key]) for key in POLYGON_FILES}
    sources = tables["sources"]
    facts = finish_facts(tables["reported_facts"])
    townships = tables["townships"]
    _check_references(records, origins, sources, polygons["park"])
    known_sources = set(sources["id"])
    investment_targets = (empty_investment_targets() if targets is None
                          else investment_targets_from_rows(*targets, names["targets"], known_sources))
    park_plots = (empty_park_plots() if plots is None
                  else park_plots_from_collection(plots, names["plots"], set(polygons["park"]["id"]), known_sources))
    return Dataset(
        records=records,
        county=polygons["county"],
        context=polygons["context"],
        park=polygons["park"],
        townships=townships,
        sources=sources,
        facts=facts,
        meta=meta,
        investment_targets=investment_targets,
        park_plots=park_plots,
    )


# --- investment targets and park plots ------------------------------------------------------------


def empty_investment_targets() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=object) for name in INVESTMENT_TARGET_FIELDS})


def empty_park_plots() -> gpd.GeoDataFrame:
    columns = {name: pd.Series(dtype=object) for name in PARK_PLOT_FIELDS}
    return gpd.GeoDataFrame(columns, geometry=gpd.GeoSeries([], crs=CRS), crs=CRS)


def _unknown_sources(source: str, known_sources: set[str]) -> list[str]:
    return [s.strip() for s in source.split(";") if s.strip() and s.strip() not in known_sources]


def read_investment_targets(path: Path) -> tuple[list[str], list[dict]] | None:
    """(header, rows) of the investment-target list; None when the file is missing. Read as
    ``utf-8-sig`` because editors keep this file in Excel, which saves "CSV UTF-8" with a BOM."""
    if not path.is_file():
        return None
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            return list(reader.fieldnames or []), list(reader)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise DatasetError(f"{path.name}: not a readable UTF-8 CSV ({exc})") from exc


def investment_targets_from_rows(header: list[str], rows: list[dict], name: str,
                                 known_sources: set[str]) -> pd.DataFrame:
    missing = [c for c in INVESTMENT_TARGET_FIELDS if c not in header]
    unknown = [c for c in header if c not in INVESTMENT_TARGET_FIELDS]
    if missing or unknown:
        raise DatasetError(f"{name}: header must be {','.join(INVESTMENT_TARGET_FIELDS)}"
                           + (f"; missing {missing}" if missing else "")
                           + (f"; unknown {unknown}" if unknown else ""))
    targets: list[InvestmentTarget] = []
    problems: list[str] = []
    seen: set[str] = set()
    for index, row in enumerate(rows, start=2):
        values = {k: v.strip() for k, v in row.items() if k and v not in ("", None) and v.strip()}
        label = f"{name} row {index} ({values.get('id', 'no id')})"
        try:
            target = InvestmentTarget.model_validate(values)
        except ValidationError as exc:
            problems += _pydantic_problems(label, exc)
            continue
        if target.chain_node not in NODE_IDS:
            problems.append(f"{label}: chain_node: unknown node {target.chain_node!r}")
        if unknown_ids := _unknown_sources(target.source, known_sources):
            problems.append(f"{label}: source: unknown source id(s) {unknown_ids}")
        if target.id in seen:
            problems.append(f"{label}: id: duplicate id {target.id!r}")
        seen.add(target.id)
        targets.append(target)
    _raise_problems(problems, "investment target(s)")
    if not targets:
        return empty_investment_targets()
    return pd.DataFrame([t.model_dump() for t in targets], columns=list(INVESTMENT_TARGET_FIELDS))


def park_plots_from_collection(collection: dict, name: str, known_parks: set[str],
                               known_sources: set[str]) -> gpd.GeoDataFrame:
    features = collection.get("features") if isinstance(collection, dict) else None
    if not isinstance(features, list):
        raise DatasetError(f"{name}: not a GeoJSON FeatureCollection")
    problems: list[str] = []
    plots: list[ParkPlot] = []
    for number, feature in enumerate(features, start=1):
        properties = {k: v for k, v in (feature.get("properties") or {}).items() if v not in ("", None)}
        label = f"{name} feature {number} ({properties.get('id', 'no id')})"
        geometry = feature.get("geometry") or {}
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            problems.append(f"{label}: geometry: a plot must be a Polygon or MultiPolygon")
        try:
            plot = ParkPlot.model_validate(properties)
        except ValidationError as exc:
            problems += _pydantic_problems(label, exc)
            continue
        if plot.park_id not in known_parks:
            problems.append(f"{label}: park_id: unknown park {plot.park_id!r}")
        if unknown_ids := _unknown_sources(plot.source, known_sources):
            problems.append(f"{label}: source: unknown source id(s) {unknown_ids}")
        plots.append(plot)
    ids = [p.id for p in plots]
    if len(set(ids)) != len(ids):
        problems.append(f"{name}: duplicate plot ids")
    _raise_problems(problems, "park plot(s)")
    if not plots:
        return empty_park_plots()
    frame = gpd.GeoDataFrame.from_features(features, crs=CRS)
    frame = frame.reindex(columns=[*PARK_PLOT_FIELDS, "geometry"])
    if not frame.geometry.is_valid.all():
        bad = frame.loc[~frame.geometry.is_valid, "id"].tolist()
        raise DatasetError(f"{name}: invalid plot geometry: {bad}")
    return frame


def write_feature_collection(path: Path, features: list[dict]) -> None:
    """Write GeoJSON with one feature per line, so that a data change is a readable diff."""
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    body = ",\n".join(lines)
    path.write_text(
        '{"type":"FeatureCollection","features":[\n' + body + "\n]}\n", encoding="utf-8"
    )
