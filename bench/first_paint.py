"""First paint of the map page against an empty Streamlit page, in headless Chromium.

    .venv/bin/python bench/first_paint.py [--runs 5]

Starts two servers (the app, and bench/empty_page.py as the floor), then alternates page loads so
both see the same machine noise. "First paint" is navigation start until every layer of the map
is drawn (window.qcmLayers holds all of them), or, for the empty page, until its text shows.
Writes bench/results/first_paint.json and .md and prints the table. Compare the ratio, not the
absolute numbers: these machines have 2 cores and are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EXPECTED_LAYERS = ("context", "boundary", "park", "pv_rooftop", "pv_utility", "wind_farm", "chain")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(script: str):
    port = free_port()
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/streamlit"), "run", script, "--server.port", str(port),
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError(f"{script} did not start")
        yield url
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=20)


def block_remote(route):
    url = route.request.url
    if url.startswith(("http://127.0.0.1", "http://localhost", "data:", "blob:")):
        route.continue_()
    else:
        route.abort()


def time_empty_page(browser, url: str) -> float:
    page = browser.new_page()
    page.route("**/*", block_remote)
    start = time.perf_counter()
    page.goto(url)
    page.get_by_text("empty page ready").wait_for(timeout=60_000)
    elapsed = time.perf_counter() - start
    page.close()
    return elapsed


def time_map_page(browser, url: str) -> float:
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    page.route("**/*", block_remote)
    start = time.perf_counter()
    page.goto(url)
    frame = page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]',
                                   timeout=60_000).content_frame()
    frame.wait_for_function(
        "names => window.qcmLayers && names.every(n => window.qcmLayers[n])",
        arg=list(EXPECTED_LAYERS), timeout=60_000)
    elapsed = time.perf_counter() - start
    page.close()
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    empty, mapped = [], []
    with streamlit_server("bench/empty_page.py") as empty_url, streamlit_server("app.py") as app_url, \
            sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        time_empty_page(browser, empty_url)  # warm both servers' first-run imports
        time_map_page(browser, app_url)
        for _ in range(args.runs):
            empty.append(time_empty_page(browser, empty_url))
            mapped.append(time_map_page(browser, app_url))
        browser.close()
    result = {
        "machine": f"{platform.node()} · {os.cpu_count()} cores · {platform.platform()}",
        "python": sys.version.split()[0],
        "runs": args.runs,
        "empty_page_s": empty,
        "map_page_s": mapped,
        "empty_page_median_s": statistics.median(empty),
        "map_page_median_s": statistics.median(mapped),
    }
    result["map_minus_empty_s"] = result["map_page_median_s"] - result["empty_page_median_s"]
    result["ratio"] = result["map_page_median_s"] / result["empty_page_median_s"]
    table = "\n".join([
        "| page | median (s) | runs (s) |",
        "|---|---|---|",
        f"| empty Streamlit page | {result['empty_page_median_s']:.2f} | "
        + ", ".join(f"{v:.2f}" for v in empty) + " |",
        f"| map page, all layers drawn | {result['map_page_median_s']:.2f} | "
        + ", ".join(f"{v:.2f}" for v in mapped) + " |",
        f"| map − empty | {result['map_minus_empty_s']:.2f} | ratio {result['ratio']:.2f}× |",
    ])
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "first_paint.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "first_paint.md").write_text(f"{result['machine']}\n\n{table}\n", encoding="utf-8")
    print(result["machine"])
    print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
