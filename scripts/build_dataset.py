"""Build the bundled map data in data/ from data/raw (published sources) and data/curated (records
the press sources describe).

Deterministic: the illustrative positions come from one fixed seed, so rerunning this script
reproduces every output file byte for byte (tests/test_build_dataset.py checks it).

    python scripts/build_dataset.py            # rewrite data/*.geojson, data/townships.csv, layers
    python scripts/build_dataset.py --out DIR  # write elsewhere (used by the test)
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import Polygon, box, mapping, shape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.data.dataset import LAYER_FILES, write_feature_collection, write_rows  # noqa: E402
from geo.model import Record  # noqa: E402

RAW = ROOT / "data" / "raw"
CURATED = ROOT / "data" / "curated"
SEED = 371423
DECIMALS = 6  # ~0.1 m, and stable text
WIND_FARMS_OPERATING_2022 = 7  # S1 (2022-12), S2 (2022-07)
PARK_ID = "PARK-ZHONGQING"

# Township names: NBS codes and Chinese names from the NBS list; the English forms are pinyin.
TOWNSHIP_EN = {
    "371423001": "Bohailu Subdistrict",
    "371423100": "Qingyun Town",
    "371423101": "Changjia Town",
    "371423102": "Shangtang Town",
    "371423103": "Cuikou Town",
    "371423104": "Dongxindian Town",
    "371423200": "Yanwu Township",
    "371423202": "Zhongding Township",
    "371423203": "Xuyuanzi Township",
}
# Short operator names for the GEM owners inside the county; S2 names CGN (中广核) as the builder.
OPERATOR_SHORT = {
    "china guangdong nuclear windpower co ltd": ("中广核", "CGN"),
    "cgn new energy investment (shenzhen) co ltd": ("中广核", "CGN"),
    "mpc new energy investments (hk) company limited": ("MPC", "MPC"),
}
GEM_STATUS = {
    "operating": "operating",
    "construction": "construction",
    "pre-construction": "pre_construction",
    "announced": "lead",
}
STATUS_ZH = {"operating": "运行", "construction": "在建", "pre_construction": "前期"}
STATUS_EN = {"operating": "operating", "construction": "construction",
             "pre_construction": "pre-construction"}


def _round(value: float) -> float:
    return round(float(value), DECIMALS)


def _random_points(rng: np.random.Generator, area, count: int) -> list[tuple[float, float]]:
    """Uniform points inside a polygon, by rejection sampling in its bounding box."""
    minx, miny, maxx, maxy = area.bounds
    points: list[tuple[float, float]] = []
    while len(points) < count:
        xs = rng.uniform(minx, maxx, size=count)
        ys = rng.uniform(miny, maxy, size=count)
        inside = shapely.contains_xy(area, xs, ys)
        points += [(_round(x), _round(y)) for x, y in zip(xs[inside], ys[inside], strict=True)]
    return points[:count]


def load_county():
    collection = json.loads((RAW / "qingyun_371423_boundary_amap_wgs84.geojson").read_text("utf-8"))
    return shape(collection["features"][0]["geometry"])


def build_boundaries(out: Path, county) -> None:
    write_feature_collection(out / "county.geojson", [{
        "type": "Feature",
        "properties": {"id": "371423", "name_zh": "庆云县", "name_en": "Qingyun County",
                       "provenance": "reported", "source": "AMAP-BOUNDARY"},
        "geometry": mapping(county),
    }])
    dezhou = json.loads((RAW / "dezhou_371400_counties_amap_wgs84.geojson").read_text("utf-8"))
    # Their names in English (official romanisation of the administrative names): the map labels them.
    names_en = {"371402": "Decheng District", "371403": "Lingcheng District", "371422": "Ningjin County",
                "371423": "Qingyun County", "371424": "Linyi County", "371425": "Qihe County",
                "371426": "Pingyuan County", "371427": "Xiajin County", "371428": "Wucheng County",
                "371481": "Leling City", "371482": "Yucheng City"}
    context = []
    for feature in dezhou["features"]:
        p = feature["properties"]
        context.append({
            "type": "Feature",
            "properties": {"id": str(p["district_adcode"]), "name_zh": p["district_name"],
                           "name_en": names_en.get(str(p["district_adcode"])),
                           "provenance": "reported", "source": "AMAP-BOUNDARY"},
            # Context only: simplified to ~100 m and rounded, which cuts the file from 130 kB.
            "geometry": mapping(shapely.set_precision(
                shape(feature["geometry"]).simplify(0.001), 10 ** -(DECIMALS - 1))),
        })
    write_feature_collection(out / "dezhou_counties.geojson", context)


def build_townships(out: Path) -> None:
    with (RAW / "qingyun_townships_nbs2023.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with (out / "townships.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["code", "name_zh", "name_en", "provenance", "source"])
        for row in rows:
            writer.writerow([row["code"], row["name"], TOWNSHIP_EN[row["code"]],
                             "reported", "NBS-CODES"])


def build_park(out: Path, county) -> Polygon:
    """The park's site and outline are not published: an illustrative hexagon (~3 km²) placed
    at the county outline's representative point, labelled illustrative everywhere it shows."""
    centre = county.representative_point()
    angles = np.deg2rad(np.arange(0, 360, 60) + 30)
    ring = [(_round(centre.x + 0.012 * np.cos(a)), _round(centre.y + 0.009 * np.sin(a)))
            for a in angles]
    park = Polygon(ring)
    assert county.contains(park)
    write_feature_collection(out / "park.geojson", [{
        "type": "Feature",
        "properties": {
            "id": PARK_ID, "name_zh": "中庆新能源产业园（示意范围）",
            "name_en": "Zhongqing New Energy Industrial Park (illustrative outline)",
            "provenance": "reported", "location_provenance": "illustrative",
            "source": "S2;S3;ILLUSTRATIVE", "investment_cny": 3.5e9,
            "note_zh": "园区存在与投资额见报道；位置与范围未公开，此处为示意。",
            "note_en": "The park and its investment are reported; its site and outline are not "
                       "published, so this outline is illustrative.",
        },
        "geometry": mapping(park),
    }])
    return park


# Illustrative plots: the park outline cut into a grid of PLOT_COLUMNS x PLOT_ROWS (row A north).
PLOT_COLUMNS, PLOT_ROWS = 3, 2


def geodesic_area_ha(geometry) -> float:
    """Area on the WGS-84 ellipsoid, in hectares, to 0.01 ha (100 m²: stable text)."""
    area_m2, _ = Geod(ellps="WGS84").geometry_area_perimeter(geometry)
    return round(abs(area_m2) / 1e4, 2)


def build_park_plots(out: Path, park: Polygon) -> None:
    """Plots are not published either: the illustrative outline is cut into a regular grid, so the
    list and the map can show what a plot register will look like. Nothing but the geometry is
    stated: no tenant, no use; the area is derived from the geometry."""
    minx, miny, maxx, maxy = park.bounds
    width, height = (maxx - minx) / PLOT_COLUMNS, (maxy - miny) / PLOT_ROWS
    features = []
    for row in range(PLOT_ROWS):
        for column in range(PLOT_COLUMNS):
            cell = box(minx + column * width, maxy - (row + 1) * height,
                       minx + (column + 1) * width, maxy - row * height)
            plot = shapely.normalize(shapely.set_precision(park.intersection(cell), 10 ** -DECIMALS))
            label = f"{'ABCDEFGH'[row]}{column + 1}"
            features.append({
                "type": "Feature",
                "properties": {
                    "id": f"PLOT-{label}", "park_id": PARK_ID,
                    "name_zh": f"地块{label}（示意）", "name_en": f"Plot {label} (illustrative)",
                    "area_ha": geodesic_area_ha(plot), "area_provenance": "derived",
                    "location_provenance": "illustrative", "provenance": "illustrative",
                    "source": "ILLUSTRATIVE",
                    "note_zh": "示意地块：由示意园区范围按网格划分，并非规划地块；面积按图形推算；未记录入驻企业。",
                    "note_en": "Illustrative plot: the illustrative park outline cut into a grid, not a "
                               "planned plot; area derived from the geometry; no tenant recorded.",
                },
                "geometry": mapping(plot),
            })
    write_feature_collection(out / "park_plots.geojson", features)


def _optional(row: dict, key: str, kind=float):
    value = row.get(key, "").strip()
    return kind(value) if value else None


def build_chain(out: Path, rng, county, park) -> list[Record]:
    with (CURATED / "chain_records.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    in_park = [r for r in rows if r["in_park"] == PARK_ID]
    elsewhere = [r for r in rows if r["in_park"] != PARK_ID]
    positions = _random_points(rng, park, len(in_park))
    positions += _random_points(rng, county.difference(park.buffer(0.005)), len(elsewhere))
    records = []
    for row, (lon, lat) in zip(in_park + elsewhere, positions, strict=True):
        records.append(Record(
            id=row["id"], layer="chain", kind=row["kind"],
            name_zh=row["name_zh"], name_en=row["name_en"],
            chain_segment=row["chain_segment"], chain_node=row["chain_node"] or None,
            status=row["status"],
            operator_zh=row["operator_zh"] or None, operator_en=row["operator_en"] or None,
            cells_per_day=_optional(row, "cells_per_day", int),
            capacity_mw=_optional(row, "capacity_mw"), energy_mwh=_optional(row, "energy_mwh"),
            cell_ah=_optional(row, "cell_ah"), cell_format=row["cell_format"] or None,
            production_lines=_optional(row, "production_lines", int),
            investment_cny=_optional(row, "investment_cny"),
            output_value_cny_per_year=_optional(row, "output_value_cny_per_year"),
            start_year=_optional(row, "start_year", int),
            settled_year=_optional(row, "settled_year", int),
            township_code=row["township_code"] or None,
            park_id=row["in_park"] or None,
            lon=lon, lat=lat, location_provenance="illustrative",
            provenance=row["provenance"], source=row["source"] + ";ILLUSTRATIVE",
            note_zh=row["note_zh"] or None, note_en=row["note_en"] or None,
            **_inference(row),
        ))
    records.sort(key=lambda r: r.id)
    return records


def _inference(row: dict) -> dict:
    """The curated row's inferred fields and their reasoning (empty: every value is stated)."""
    return {key: row.get(key, "").strip() or None for key in ("inferred", "inferred_note_zh", "inferred_note_en")}


def _gem_phases(file_name: str, county) -> list[dict]:
    """GEM rows inside the county, summed per phase (same position, status and start year),
    because the reduced copy split each phase into one row per owner (SOURCES.md)."""
    phases: dict[tuple, dict] = defaultdict(lambda: {"capacity_mw": 0.0, "owners": []})
    with (RAW / file_name).open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            lon, lat = float(row["Longitude"]), float(row["Latitude"])
            if not county.contains(shapely.Point(lon, lat)):
                continue
            year = None if row["Start year"] == "N/A" else int(row["Start year"])
            phase = phases[(lon, lat, row["Status"], year)]
            phase["capacity_mw"] += float(row["Capacity (MW)"])
            if row["Owner"] != "N/A" and row["Owner"] not in phase["owners"]:
                phase["owners"].append(row["Owner"])
    result = []
    for (lon, lat, status, year), phase in sorted(phases.items(), key=lambda kv: (-kv[0][1], kv[0][0])):
        result.append({"lon": lon, "lat": lat, "status": GEM_STATUS[status], "start_year": year,
                       "capacity_mw": round(phase["capacity_mw"], 3), "owners": phase["owners"]})
    return result


def _operators(owners: list[str]) -> tuple[str | None, str | None, str | None, str | None]:
    if not owners:
        return None, None, None, None
    short_zh = "/".join(dict.fromkeys(OPERATOR_SHORT.get(o, (o, o))[0] for o in owners))
    short_en = "/".join(dict.fromkeys(OPERATOR_SHORT.get(o, (o, o))[1] for o in owners))
    full = "; ".join(owners)
    return short_zh, short_en, full, full


# GEM names owners in English only; the short Chinese name is the one S2 uses (中广核): a rendering.
GEM_OPERATOR_INFERENCE = {
    "inferred": "operator_zh",
    "inferred_note_zh": "业主：GEM只给英文业主名；中文简称“中广核”取自S2的写法。",
    "inferred_note_en": "Operator: GEM gives the owners in English only; the Chinese short name shown in Chinese "
                        "is the one S2 uses for CGN.",
}


def build_wind(out: Path, rng, county) -> list[Record]:
    records = []
    phases = _gem_phases("gem_wind_feb2025_subset_qingyun_area.csv", county)
    for number, phase in enumerate(phases, start=1):
        short_zh, short_en, owners, _ = _operators(phase["owners"])
        year = phase["start_year"]
        after_s1 = year is not None and year > 2022
        records.append(Record(
            id=f"WIND-GEM-{number}", layer="wind_farm", kind="asset",
            name_zh=f"{short_zh}风电场 {phase['capacity_mw']:g} MW" + (f"（{year}年投运）" if year else ""),
            name_en=f"{short_en} wind farm, {phase['capacity_mw']:g} MW"
                    + (f" (in operation from {year})" if year else ""),
            chain_segment="green_power", chain_node="wind", status=phase["status"],
            # GEM names the owners in English only: the Chinese screen shows the short Chinese name S2
            # gives (中广核), never the English registry name (issue 10, one language at a time).
            operator_zh=short_zh, operator_en=owners, capacity_mw=phase["capacity_mw"],
            start_year=year, lon=phase["lon"], lat=phase["lat"], location_provenance="approximate",
            provenance="reported", source="GEM-WIND;S2",
            note_zh="容量为GEM按业主拆分行之和；GEM位置多为近似。"
                    + (f"GEM记其{year}年投运：不在S1于2022年12月统计的7座在运风电场之内。" if after_s1 else ""),
            note_en="Capacity is the sum of GEM's owner-split rows; GEM positions are often approximate."
                    + (f" GEM gives {year} as its start year: it is not one of the 7 wind farms S1 counted as "
                       "operating in December 2022." if after_s1 else ""),
            **(GEM_OPERATOR_INFERENCE if short_zh and "中广核" in short_zh else {}),
        ))
    # S1 counts 7 wind farms operating in 2022. GEM's farms that started later are not among them; the
    # rest of the 7 have no published position: curated ones (an operator reported) first, then unnamed.
    counted_2022 = sum(1 for r in records if r.start_year is None or r.start_year <= 2022)
    with (CURATED / "wind_farms.csv").open(encoding="utf-8") as f:
        curated = list(csv.DictReader(f))
    unknown = WIND_FARMS_OPERATING_2022 - counted_2022
    first = len(records) + 1
    for index, (lon, lat) in enumerate(_random_points(rng, county, unknown)):
        number = first + index
        row = curated[index] if index < len(curated) else None
        if row is not None:
            records.append(Record(
                id=f"WIND-S1-{number}", layer="wind_farm", kind="asset",
                name_zh=row["name_zh"], name_en=row["name_en"], chain_segment="green_power", chain_node="wind",
                status=row["status"], township_code=row["township_code"] or None,
                operator_zh=row["operator_zh"] or None, operator_en=row["operator_en"] or None,
                capacity_mw=_optional(row, "capacity_mw"), lon=lon, lat=lat,
                location_provenance="illustrative", provenance="reported", source=row["source"] + ";ILLUSTRATIVE",
                note_zh=row["note_zh"] or None, note_en=row["note_en"] or None, **_inference(row),
            ))
            continue
        records.append(Record(
            id=f"WIND-S1-{number}", layer="wind_farm", kind="asset",
            name_zh=f"风电场{index - len(curated) + 1}（名称、位置、容量未见报道）",
            name_en=f"Wind farm {index - len(curated) + 1} (name, position and capacity not reported)",
            chain_segment="green_power", chain_node="wind", status="operating",
            lon=lon, lat=lat, location_provenance="illustrative", provenance="reported",
            source="S1;S2;ILLUSTRATIVE",
            note_zh="S1报道2022年全县7座风电场在运；GEM在县内给出位置的风电场中2座为2022年及以前投运，其余未见名称与位置：此为其中之一，位置为示意。",
            note_en="S1 reports 7 wind farms operating in 2022; of GEM's farms inside the county 2 started by 2022, "
                    "and the rest have no published name or position: this is one of them, at an illustrative "
                    "position.",
        ))
    return records


def build_pv_utility(out: Path, county) -> list[Record]:
    records = []
    for number, phase in enumerate(_gem_phases("gem_solar_feb2025_subset_qingyun_area.csv", county), 1):
        short_zh, _, owners, _ = _operators(phase["owners"])
        year = phase["start_year"]
        status = phase["status"]
        records.append(Record(
            id=f"PV-GEM-{number}", layer="pv_utility", kind="asset",
            name_zh=f"集中式光伏 {phase['capacity_mw']:g} MW（{STATUS_ZH[status]}）",
            name_en=f"Utility PV, {phase['capacity_mw']:g} MW ({STATUS_EN[status]})",
            chain_segment="green_power", chain_node="solar", status=status,
            operator_zh=short_zh, operator_en=owners, capacity_mw=phase["capacity_mw"],
            start_year=year, lon=phase["lon"], lat=phase["lat"], location_provenance="approximate",
            provenance="reported", source="GEM-SOLAR",
            note_zh="GEM位置多为近似。", note_en="GEM positions are often approximate.",
        ))
    return records


def build_rooftop(out: Path) -> list[Record]:
    """S1 reports 2,078 rooftop PV systems for the county as a whole, with no position, township or
    capacity: the bundled layer is empty (the count stays a reported fact, reported_facts.csv). The
    county's per-site list loads through the rooftop import template (data/README.md)."""
    return []


def build(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    county = load_county()
    build_boundaries(out, county)
    build_townships(out)
    park = build_park(out, county)
    build_park_plots(out, park)
    layers = {
        "chain": build_chain(out, rng, county, park),
        "wind_farm": build_wind(out, rng, county),
        "pv_utility": build_pv_utility(out, county),
        "pv_rooftop": build_rooftop(out),
    }
    for layer, records in layers.items():
        write_rows(out / LAYER_FILES[layer], records)


OUTPUT_FILES = (
    "county.geojson", "dezhou_counties.geojson", "park.geojson", "park_plots.geojson", "townships.csv",
    *LAYER_FILES.values(),
)


def differences(built: Path, committed: Path) -> list[str]:
    """Output files whose bytes differ between two data directories."""
    return [name for name in OUTPUT_FILES
            if not (committed / name).is_file()
            or (built / name).read_bytes() != (committed / name).read_bytes()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data")
    parser.add_argument("--check", action="store_true",
                        help="build into a temporary folder and report files that differ from data/")
    args = parser.parse_args(argv)
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            build(Path(tmp))
            changed = differences(Path(tmp), ROOT / "data")
        print("data/ is up to date" if not changed else f"out of date: {', '.join(changed)}")
        return 1 if changed else 0
    build(args.out)
    print(f"wrote the bundled dataset to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
