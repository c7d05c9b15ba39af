"""Many users at once: N browser sessions open the map and change filters over a few minutes.

    .venv/bin/python bench/browser_load.py                    # 30 sessions, arriving over 60 s
    .venv/bin/python bench/browser_load.py --sessions 5 --arrival 5 --changes 2   # a quick look

Each session is its own Playwright browser context (own cookies, own Streamlit session) in one
headless Chromium, with every non-local request blocked. A session opens the map page, waits until
every layer is drawn (first paint), then toggles a chain-segment pill ``--changes`` times with a
think time between, timing each change until the map shows the new count. Sessions arrive evenly
over ``--arrival`` seconds. The server's memory is sampled throughout.

Note the client runs on the same 2-core machine as the server: 30 Chromium pages rendering maps
compete with Streamlit for the CPU, so the latencies are an upper bound for the server's share.
Writes bench/results/browser_load.json and browser_load.md and prints the summary.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.async_api import async_playwright  # noqa: E402

from bench.harness import CHROMIUM, CHROMIUM_ARGS, MAP_IFRAME, streamlit_server  # noqa: E402
from bench.run import FILTER_SEGMENT, layer_counts, wait_counts_js  # noqa: E402
from geo.data.dataset import DATA_DIR, load_dataset  # noqa: E402
from geo.filters import ViewState  # noqa: E402
from geo.i18n import t  # noqa: E402
from geo.model import SEGMENTS  # noqa: E402

RESULTS = ROOT / "bench" / "results"


async def block_remote(route):
    url = route.request.url
    if url.startswith(("http://127.0.0.1", "http://localhost", "data:", "blob:")):
        await route.continue_()
    else:
        await route.abort()


async def session(browser, url: str, delay: float, changes: int, think: float, expected: dict,
                  after: dict, out: dict) -> None:
    await asyncio.sleep(delay)
    context = await browser.new_context(viewport={"width": 1600, "height": 1000})
    page = await context.new_page()
    await page.route("**/*", block_remote)
    try:
        start = time.perf_counter()
        await page.goto(url, timeout=300_000)
        handle = await page.wait_for_selector(MAP_IFRAME, timeout=180_000)
        frame = await handle.content_frame()
        await frame.wait_for_function(wait_counts_js(), arg=expected, timeout=180_000)
        out["first_paint"].append(time.perf_counter() - start)
        pill = page.locator('[data-testid="stSidebar"]').get_by_role(
            "button", name=t(f"segment.{FILTER_SEGMENT}", "zh"), exact=True)
        for i in range(changes):
            await asyncio.sleep(think)
            target = after if i % 2 == 0 else expected
            start = time.perf_counter()
            await pill.click()
            await frame.wait_for_function(wait_counts_js(), arg=target, timeout=180_000)
            out["filter"].append(time.perf_counter() - start)
    except Exception as exc:  # a failed session is a result too: count it, keep the others going
        out["errors"].append(f"{type(exc).__name__}: {str(exc)[:200]}")
    finally:
        await context.close()


async def sample_memory(server, out: dict, stop: asyncio.Event) -> None:
    while not stop.is_set():
        rss = server.rss_mb()
        if rss:
            out["rss_mb"].append(rss)
        await asyncio.sleep(1)


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


async def run(args) -> dict:
    dataset = load_dataset(DATA_DIR)
    expected = layer_counts(dataset, ViewState())
    after = layer_counts(dataset, ViewState(segments=tuple(s for s in SEGMENTS if s != FILTER_SEGMENT)))
    out = {"first_paint": [], "filter": [], "errors": [], "rss_mb": []}
    with streamlit_server("app.py") as server:
        idle_rss = server.rss_mb()
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            # One warm-up visit, so the first user does not pay for imports and publishing.
            await session(browser, server.url, 0, 0, 0, expected, after, {"first_paint": [], "filter": [],
                                                                         "errors": []})
            warm_rss = server.rss_mb()
            stop = asyncio.Event()
            sampler = asyncio.create_task(sample_memory(server, out, stop))
            cpu_before, wall_before = server.cpu_seconds(), time.perf_counter()
            spacing = args.arrival / max(1, args.sessions - 1)
            await asyncio.gather(*[
                session(browser, server.url, i * spacing, args.changes, args.think, expected, after, out)
                for i in range(args.sessions)])
            stop.set()
            await sampler
            server_cpu = server.cpu_seconds() - cpu_before
            wall = time.perf_counter() - wall_before
            await browser.close()
        peak = server.peak_rss_mb()
    return {"sessions": args.sessions, "arrival_s": args.arrival, "changes": args.changes,
            "think_s": args.think, "idle_rss_mb": idle_rss, "warm_rss_mb": warm_rss,
            "peak_rss_mb": peak, "server_cpu_s": server_cpu, "wall_s": wall, **out}


def summary(result: dict) -> str:
    def row(name, values):
        if not values:
            return f"| {name} | 0 | n/a | n/a | n/a |"
        return (f"| {name} | {len(values)} | {percentile(values, 50):.2f} s | {percentile(values, 95):.2f} s | "
                f"{max(values):.2f} s |")

    per_session = ((result["peak_rss_mb"] or 0) - (result["warm_rss_mb"] or 0)) / max(1, result["sessions"])
    actions = len(result["first_paint"]) + len(result["filter"])
    cpu = result["server_cpu_s"]
    return "\n".join([
        f"{result['sessions']} sessions arriving over {result['arrival_s']:.0f} s, {result['changes']} filter "
        f"changes each ({result['think_s']:.0f} s think time); errors: {len(result['errors'])}",
        "",
        "| measure | n | p50 | p95 | max |",
        "|---|---|---|---|---|",
        row("first paint (all layers drawn)", result["first_paint"]),
        row("filter change → updated map", result["filter"]),
        "",
        f"server memory: idle {result['idle_rss_mb']:.0f} MB, after one visit {result['warm_rss_mb']:.0f} MB, "
        f"peak {result['peak_rss_mb']:.0f} MB (≈ {per_session:.1f} MB per concurrent session above warm)",
        f"server CPU: {cpu:.1f} s over {result['wall_s']:.0f} s of wall time for {len(result['first_paint'])} page "
        f"loads and {len(result['filter'])} filter changes (≈ {cpu / max(1, actions) * 1000:.0f} ms per action; "
        f"the rest of the 2 cores went to the {result['sessions']} Chromium pages on the same machine)",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--arrival", type=float, default=60.0, help="seconds over which sessions arrive")
    parser.add_argument("--changes", type=int, default=4, help="filter changes per session")
    parser.add_argument("--think", type=float, default=4.0, help="seconds between a session's changes")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    result = asyncio.run(run(args))
    machine = f"{platform.node()} · {os.cpu_count()} cores · {platform.platform()}"
    text = summary(result)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "browser_load.json").write_text(json.dumps({"machine": machine, **result}, indent=2) + "\n",
                                        encoding="utf-8")
    (args.out / "browser_load.md").write_text(f"{machine}\n\n{text}\n", encoding="utf-8")
    print(machine)
    print(text)
    return 1 if result["errors"] and not result["first_paint"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
