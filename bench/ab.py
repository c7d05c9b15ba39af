"""A/B: the first paint and filter change of two checkouts, served at once and measured alternately in
one run (the only fair comparison on these noisy 2-core machines).

    .venv/bin/python bench/ab.py /path/to/before /path/to/after     # RUNS=7 for more runs

Each checkout is served by its own Streamlit (its own data/ and code); the empty page is the floor.
Times are on the browser's clock, as bench/run.py reads them.
"""

from __future__ import annotations

import os
import statistics
import sys
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

import bench.harness as harness  # noqa: E402
from bench.run import FILTER_SEGMENT, app_first_paint_and_filter, empty_first_paint, layer_counts  # noqa: E402
from geo.data.dataset import load_dataset  # noqa: E402
from geo.filters import ViewState  # noqa: E402
from geo.model import SEGMENTS  # noqa: E402


def main(roots: list[str], runs: int) -> None:
    results = {r: {"paint": [], "filter": []} for r in roots}
    empty = []
    with ExitStack() as stack, sync_playwright() as p:
        browser = harness.launch_chromium(p)
        floor = stack.enter_context(harness.streamlit_server("bench/empty_page.py"))
        servers, expected = {}, {}
        for root in roots:
            harness.ROOT = Path(root)  # the server runs that checkout's app.py with its own data/
            servers[root] = stack.enter_context(harness.streamlit_server("app.py", Path(root) / "data"))
            data = load_dataset(Path(root) / "data")
            after = ViewState().with_(segments=tuple(s for s in SEGMENTS if s != FILTER_SEGMENT))
            expected[root] = (layer_counts(data, ViewState()), layer_counts(data, after))
            app_first_paint_and_filter(browser, servers[root].url, *expected[root])  # warm up
        harness.ROOT = ROOT
        empty_first_paint(browser, floor.url)
        for _ in range(runs):
            empty.append(empty_first_paint(browser, floor.url))
            for root in roots:
                paint, change, _, _ = app_first_paint_and_filter(browser, servers[root].url, *expected[root])
                results[root]["paint"].append(paint)
                results[root]["filter"].append(change)
    median = statistics.median
    print(f"empty page {median(empty):.2f} s · {runs} runs · load {os.getloadavg()[0]:.1f}")
    for root in roots:
        paint = median(results[root]["paint"])
        print(f"{root}: first paint {paint:.2f} s ({paint - median(empty):+.2f} s over empty), "
              f"filter → map {median(results[root]['filter']):.2f} s")


if __name__ == "__main__":
    main(sys.argv[1:], int(os.environ.get("RUNS", "5")))
