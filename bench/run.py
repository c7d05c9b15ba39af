"""The benchmark: the map page against an empty Streamlit page and the naive one-marker-per-point
map, at county scale (the bundled data) and at synthetic scales.

    .venv/bin/python bench/run.py                       # county, 20,000 and 100,000 points
    .venv/bin/python bench/run.py --scales county --runs 5
    .venv/bin/python bench/run.py --quick               # tiny scale, one run (what the tests run)

Measures in headless Chromium with every non-local request blocked:
- first paint: navigation until every layer's features are drawn (window.qcmLayers counts equal the
  data's; for the naive map, its CircleMarkers counted in window.map._layers), on the browser's clock
  (from navigation start; the empty page: until its line shows);
- filter change: click on a chain-segment pill until the map shows the new count, on the browser's
  clock from the click event (the wall-clock times, which include Playwright's own work, are
  reported beside them);
- Python-side map build (payloads, folium objects and st_folium's string building), in-process;
- bytes of the map at first paint (what st_folium sends: script, header, html, feature groups; plus
  the published point data and outlines the browser fetches; attribute chunks are fetched only on
  hover or click) against the raw coordinate bytes (2 float64 per point);
- peak server memory (VmHWM of the Streamlit process).
Writes bench/results/bench.json and bench.md and prints the table. Machines here have 2 cores and are
noisy: read the ratios measured in the same run, not absolute times.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from bench.harness import MAP_IFRAME, block_remote, launch_chromium, streamlit_server  # noqa: E402
from bench.synthetic import make_data_dir  # noqa: E402
from geo.data.dataset import DATA_DIR, load_dataset  # noqa: E402
from geo.filters import ViewState  # noqa: E402
from geo.i18n import t  # noqa: E402
from geo.model import SEGMENTS  # noqa: E402

RESULTS = ROOT / "bench" / "results"
FILTER_SEGMENT = "cells"
NAIVE_TIMEOUT_S = 120


def layer_counts(dataset, state: ViewState) -> dict[str, int]:
    """What the browser should draw per layer for this view: the visible records of a point layer
    (tests/test_mapview.py checks the browser's filter selects exactly those), a polygon layer's features."""
    from geo.filters import visible_records
    from geo.map.build import layer_payloads
    from geo.map.layers import LayerCache, drawn_on_map
    from geo.map.publish import Publisher

    drawn = drawn_on_map(visible_records(dataset.records, state))["layer"].value_counts()
    counts = {}
    for name, payload in layer_payloads(dataset, state, cache=LayerCache(Publisher(None))).items():
        if name == "highlight":
            continue
        counts[name] = int(drawn.get(name, 0)) if "desc" in payload else payload["n"]
    return counts


def _component_parts(dataset, state: ViewState, cache) -> list[str]:
    """What st_folium sends on a rerun, built the way st_folium builds it."""
    import streamlit_folium as sf

    from geo.map.build import build_base_map, feature_groups, layer_payloads

    base = build_base_map(tuple(dataset.county.total_bounds), state.basemap, state.lang)
    groups = feature_groups(layer_payloads(dataset, state, cache=cache))
    base.get_root().render()
    base.render()
    parts = [sf._get_html(base), sf._get_header(base), sf._get_map_string(base)]
    return parts + [sf._get_feature_group_string(g, map=base, idx=i) for i, g in enumerate(groups)]


def python_build(dataset, state: ViewState, repeats: int = 3) -> dict:
    """Seconds to build the map on a rerun (layers already published: every rerun but the first
    after a data change) and cold (publishing included), and the bytes: what st_folium sends per
    rerun plus the published files the browser fetches once."""
    from geo.map.layers import LayerCache

    published: dict[str, int] = {}

    def publish(content: bytes, ext: str) -> str:
        url = f"/app/static/cache/bench-{len(published)}.{ext}"
        published[url] = len(content)
        return url

    cold, warm = [], []
    for _ in range(repeats):
        published.clear()
        cache = LayerCache(publish)
        start = time.perf_counter()
        _component_parts(dataset, state, cache)
        cold.append(time.perf_counter() - start)
        start = time.perf_counter()
        parts = _component_parts(dataset, state, cache)
        warm.append(time.perf_counter() - start)
    component = sum(len(p.encode("utf-8")) for p in parts)
    # Fetched before the first paint: point data and outlines; attribute chunks only on hover/click.
    from geo.map.build import layer_payloads

    eager = [p["desc"]["data"] if "desc" in p else p["url"]
             for name, p in layer_payloads(dataset, state, cache=cache).items() if name != "highlight"]
    return {"python_build_s": statistics.median(warm), "python_cold_build_s": statistics.median(cold),
            "component_bytes": component, "map_bytes": component + sum(published[u] for u in eager),
            "all_published_bytes": sum(published.values())}


def naive_python_build(dataset) -> tuple[float, int]:
    import folium
    import streamlit_folium as sf

    start = time.perf_counter()
    m = folium.Map(location=[37.78, 117.42], zoom_start=11, tiles=None, prefer_canvas=True)
    for row in dataset.records.itertuples():
        folium.CircleMarker([row.lat, row.lon], radius=6, tooltip=row.name_zh).add_to(m)
    m.get_root().render()
    m.render()
    parts = [sf._get_html(m), sf._get_header(m), sf._get_map_string(m)]
    return time.perf_counter() - start, sum(len(p.encode("utf-8")) for p in parts)


# Time from a pan or zoom until the next frame is painted after it (the canvas redraw included):
# what "smooth" means here. Panning is not animated, so the redraw is all that is measured.
PAN_ZOOM_JS = """async () => {
  const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const pans = [], zooms = [];
  for (let i = 0; i < 6; i++) {
    const t = performance.now();
    window.map.panBy([i % 2 ? -150 : 150, 60], {animate: false});
    await frame();
    pans.push(performance.now() - t);
  }
  const z = window.map.getZoom();
  for (const dz of [1, 1, -1, -1]) {
    const t = performance.now();
    window.map.setZoom(window.map.getZoom() + dz, {animate: false});
    await frame();
    zooms.push(performance.now() - t);
  }
  window.map.setZoom(z, {animate: false});
  const median = a => a.slice().sort((x, y) => x - y)[Math.floor(a.length / 2)];
  return {pan_ms: median(pans), zoom_ms: median(zooms), pan_max_ms: Math.max(...pans),
          zoom_max_ms: Math.max(...zooms)};
}"""


def wait_counts_js() -> str:
    """True (the browser's clock, ms since the epoch) once every layer holds its expected count."""
    return ("expected => window.qcmLayers && Object.entries(expected).every("
            "([name, n]) => window.qcmLayers[name] && window.qcmLayers[name].count === n)"
            " && performance.timeOrigin + performance.now()")


# Times are read on the browser's clock (performance.timeOrigin + now(), the same epoch clock in the
# page and its frames): from the page's navigation start, or the click event, to the moment the
# polling (every animation frame) sees the result. Playwright's own work (its goto, the click's
# actionability checks, ~0.1-0.2 s on these machines) is left out, for the empty page as for ours.
# The wall-clock times as Playwright sees them are kept too (``*_wall_s`` in bench.json).
_STAMP_CLICKS = ("() => document.addEventListener('click', () => {"
                 " window.__qcmClickAt = performance.timeOrigin + performance.now(); }, true)")


def _since_navigation(page, stamp_ms: float) -> float:
    return (stamp_ms - page.evaluate("performance.timeOrigin")) / 1000


def open_page(browser):
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    page.route("**/*", block_remote)
    return page


def empty_first_paint(browser, url: str, wall: list | None = None) -> float:
    page = open_page(browser)
    start = time.perf_counter()
    page.goto(url)
    stamp = page.wait_for_function(
        "() => document.body.innerText.includes('empty page ready') && performance.timeOrigin + performance.now()",
        timeout=60_000).json_value()
    if wall is not None:
        wall.append(time.perf_counter() - start)
    elapsed = _since_navigation(page, stamp)
    page.close()
    return elapsed


def map_only_first_paint(browser, url: str, expected: dict) -> float:
    page = open_page(browser)
    page.goto(url)
    frame = page.wait_for_selector(MAP_IFRAME, timeout=120_000).content_frame()
    stamp = frame.wait_for_function(wait_counts_js(), arg=expected, timeout=120_000).json_value()
    elapsed = _since_navigation(page, stamp)
    page.close()
    return elapsed


def app_first_paint_and_filter(browser, url: str, expected: dict, after: dict) -> tuple[float, float, int]:
    page = open_page(browser)
    received = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: received.append(len(payload))))
    start = time.perf_counter()
    page.goto(url)
    frame = page.wait_for_selector(MAP_IFRAME, timeout=120_000).content_frame()
    stamp = frame.wait_for_function(wait_counts_js(), arg=expected, timeout=120_000).json_value()
    wall = {"first_paint_wall_s": time.perf_counter() - start}
    first_paint = _since_navigation(page, stamp)
    ws_bytes = sum(received)
    interaction = frame.evaluate(PAN_ZOOM_JS)
    interaction.update(wall)
    pill = page.locator('[data-testid="stSidebar"]').get_by_role(
        "button", name=t(f"segment.{FILTER_SEGMENT}", "zh"), exact=True)
    page.evaluate(_STAMP_CLICKS)
    start = time.perf_counter()
    pill.click()
    stamp = frame.wait_for_function(wait_counts_js(), arg=after, timeout=120_000).json_value()
    interaction["filter_wall_s"] = time.perf_counter() - start
    filter_change = (stamp - page.evaluate("window.__qcmClickAt")) / 1000
    page.close()
    return first_paint, filter_change, ws_bytes, interaction


def naive_first_paint(browser, url: str, expected_points: int) -> float | None:
    page = open_page(browser)
    start = time.perf_counter()
    page.goto(url)
    try:
        frame = page.wait_for_selector(MAP_IFRAME, timeout=NAIVE_TIMEOUT_S * 1000).content_frame()
        remaining = max(1.0, NAIVE_TIMEOUT_S - (time.perf_counter() - start))
        frame.wait_for_function(
            "n => window.map && Object.values(window.map._layers)"
            ".filter(l => l instanceof L.CircleMarker).length === n",
            arg=expected_points, timeout=remaining * 1000, polling=500)
        return time.perf_counter() - start
    except PlaywrightTimeout:
        return None
    finally:
        page.close()


def measure_scale(browser, label: str, data_dir: Path, runs: int, empty_url: str, naive: bool) -> dict:
    dataset = load_dataset(data_dir)
    state = ViewState()
    after_state = state.with_(segments=tuple(s for s in SEGMENTS if s != FILTER_SEGMENT))
    expected, after = layer_counts(dataset, state), layer_counts(dataset, after_state)
    points = len(dataset.records)
    row = {"scale": label, "points": points, **python_build(dataset, state),
           "raw_coordinate_bytes": points * 16, "empty_s": [], "first_paint_s": [], "filter_s": [],
           "ws_bytes": None, "pan_ms": [], "zoom_ms": [], "empty_wall_s": [], "first_paint_wall_s": [],
           "filter_wall_s": [], "map_only_s": []}
    with streamlit_server("app.py", data_dir) as app, streamlit_server("bench/map_only_page.py", data_dir) as alone:
        app_first_paint_and_filter(browser, app.url, expected, after)  # warm the caches
        map_only_first_paint(browser, alone.url, expected)
        for _ in range(runs):
            row["empty_s"].append(empty_first_paint(browser, empty_url, row["empty_wall_s"]))
            row["map_only_s"].append(map_only_first_paint(browser, alone.url, expected))
            paint, change, ws_bytes, interaction = app_first_paint_and_filter(browser, app.url, expected, after)
            row["first_paint_s"].append(paint)
            row["filter_s"].append(change)
            row["ws_bytes"] = ws_bytes
            row["pan_ms"].append(interaction["pan_ms"])
            row["zoom_ms"].append(interaction["zoom_ms"])
            row["first_paint_wall_s"].append(interaction["first_paint_wall_s"])
            row["filter_wall_s"].append(interaction["filter_wall_s"])
        row["peak_rss_mb"] = app.peak_rss_mb()
    if naive:
        row["naive_python_build_s"], row["naive_map_bytes"] = naive_python_build(dataset)
        with streamlit_server("bench/naive_page.py", data_dir) as server:
            row["naive_first_paint_s"] = naive_first_paint(browser, server.url, points)
    for key in ("empty_s", "first_paint_s", "filter_s", "empty_wall_s", "first_paint_wall_s", "filter_wall_s",
                "map_only_s"):
        row[key.replace("_s", "_median_s")] = statistics.median(row[key])
    row["pan_median_ms"] = statistics.median(row["pan_ms"])
    row["zoom_median_ms"] = statistics.median(row["zoom_ms"])
    return row


def fmt(value, digits=2, unit="") -> str:
    return "n/a" if value is None else f"{value:.{digits}f}{unit}"


def table(rows: list[dict]) -> str:
    lines = [
        "| scale | points | empty page | map alone − empty | first paint | − empty | filter → map | "
        "wall clock: − empty / filter | "
        "naive first paint | "
        "naive ÷ ours | pan / zoom frame | Python build (rerun / cold) | map bytes | ÷ raw coords | "
        "per-rerun bytes | peak server RSS |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        ran_naive = "naive_first_paint_s" in r
        naive = r.get("naive_first_paint_s")
        ours = r["first_paint_median_s"]
        if not ran_naive:
            naive_text, ratio_text = "not run", "n/a"
        elif naive is None:  # did not finish: the ratio is at least the timeout over ours
            naive_text, ratio_text = f"> {NAIVE_TIMEOUT_S} s", "> " + fmt(NAIVE_TIMEOUT_S / ours, 1, "×")
        else:
            naive_text, ratio_text = fmt(naive, unit=" s"), fmt(naive / ours, 1, "×")
        lines.append(
            f"| {r['scale']} | {r['points']:,} | {fmt(r['empty_median_s'], unit=' s')} | "
            f"{fmt(r['map_only_median_s'] - r['empty_median_s'], unit=' s')} | "
            f"{fmt(ours, unit=' s')} | {fmt(ours - r['empty_median_s'], unit=' s')} | "
            f"{fmt(r['filter_median_s'], unit=' s')} | "
            f"{fmt(r['first_paint_wall_median_s'] - r['empty_wall_median_s'], unit=' s')} / "
            f"{fmt(r['filter_wall_median_s'], unit=' s')} | {naive_text} | {ratio_text} | "
            f"{r['pan_median_ms']:.0f} / {r['zoom_median_ms']:.0f} ms | "
            f"{fmt(r['python_build_s'], 3, ' s')} / {fmt(r['python_cold_build_s'], 2, ' s')} | "
            f"{r['map_bytes'] / 1e6:.2f} MB | {r['map_bytes'] / r['raw_coordinate_bytes']:.1f}× | "
            f"{r['component_bytes'] / 1e3:.0f} kB | {fmt(r.get('peak_rss_mb'), 0, ' MB')} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="county,20000,100000",
                        help="comma list of 'county' and/or point counts")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-naive", action="store_true", help="skip the naive baseline")
    parser.add_argument("--quick", action="store_true", help="tiny synthetic scale, one run")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    scales = ["200"] if args.quick else args.scales.split(",")
    runs = 1 if args.quick else args.runs
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p, \
            streamlit_server("bench/empty_page.py") as empty:
        browser = launch_chromium(p)
        empty_first_paint(browser, empty.url)
        for scale in scales:
            data_dir = DATA_DIR if scale == "county" else make_data_dir(int(scale), Path(tmp) / scale)
            label = "county (bundled)" if scale == "county" else f"synthetic +{int(scale):,}"
            rows.append(measure_scale(browser, label, data_dir, runs, empty.url,
                                      naive=not args.no_naive))
            print(table(rows[-1:]).splitlines()[-1], flush=True)
        browser.close()
    machine = f"{platform.node()} · {os.cpu_count()} cores · {platform.platform()} · Python {sys.version.split()[0]}"
    result = {"machine": machine, "runs": runs, "date": time.strftime("%Y-%m-%d %H:%M"), "rows": rows}
    args.out.mkdir(parents=True, exist_ok=True)
    text = table(rows)
    (args.out / "bench.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    (args.out / "bench.md").write_text(f"{machine}, {runs} run(s), {result['date']}\n\n{text}\n",
                                       encoding="utf-8")
    print(machine)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
