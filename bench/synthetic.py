"""Deterministic synthetic data for the benchmark: the bundled data plus N synthetic chain records.

The synthetic records live only in a temporary copy of data/ (never in the real data). They are
chain records (enterprises), because that layer is the demanding one: coloured by segment, with
tooltips, popups and a segment filter that changes what is drawn.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import shape

from geo.data.dataset import DATA_DIR, LAYER_FILES
from geo.model import CHAIN_SEGMENTS, RECORD_FIELDS, STATUSES

SEED = 20_000_100


def _county(data_dir: Path):
    import json

    collection = json.loads((data_dir / "county.geojson").read_text(encoding="utf-8"))
    return shape(collection["features"][0]["geometry"])


def synthetic_rows(count: int, data_dir: Path = DATA_DIR) -> list[dict]:
    county = _county(data_dir)
    rng = np.random.default_rng(SEED + count)
    minx, miny, maxx, maxy = county.bounds
    points: list[tuple[float, float]] = []
    while len(points) < count:
        xs = rng.uniform(minx, maxx, count)
        ys = rng.uniform(miny, maxy, count)
        inside = shapely.contains_xy(county, xs, ys)
        points += list(zip(xs[inside].round(6), ys[inside].round(6), strict=True))
    segments = rng.integers(0, len(CHAIN_SEGMENTS), count)
    statuses = rng.integers(0, len(STATUSES), count)
    rows = []
    for i, (lon, lat) in enumerate(points[:count]):
        rows.append({
            "id": f"SYN-{i + 1:06d}", "layer": "chain", "kind": "enterprise",
            "name_zh": f"合成测试点 {i + 1:06d}", "name_en": f"Synthetic point {i + 1:06d}",
            "chain_segment": CHAIN_SEGMENTS[segments[i]], "status": STATUSES[statuses[i]],
            "lon": lon, "lat": lat, "location_provenance": "illustrative",
            "provenance": "illustrative", "source": "SYNTHETIC",
        })
    return rows


def make_data_dir(count: int, target: Path, data_dir: Path = DATA_DIR) -> Path:
    """A copy of ``data_dir`` with ``count`` synthetic chain records added."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(data_dir, target, ignore=shutil.ignore_patterns("raw", "curated", "*.md"))
    with (target / LAYER_FILES["chain"]).open("a", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(RECORD_FIELDS), lineterminator="\n")
        for row in synthetic_rows(count, data_dir):
            writer.writerow(row)
    with (target / "sources.csv").open("a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow(
            ["SYNTHETIC", "method", "Benchmark", "Synthetic benchmark points", "", "", "", "never real"])
    return target
