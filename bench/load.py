"""Load without browsers: many sessions speaking Streamlit's own websocket protocol to one server.

    .venv/bin/python bench/load.py                         # the sweep: 1, 2, 4, 8, 16, 32 sessions
    .venv/bin/python bench/load.py --levels 1,4 --actions 16 --browsers 3
    .venv/bin/python bench/load.py --url http://127.0.0.1:8501   # a server that is already running
    .venv/bin/python bench/load.py --postgis                # the PostGIS store (a throwaway cluster)
    .venv/bin/python bench/load.py --postgis --replicas 2   # two replicas behind nginx (deploy/replicas.py)

A session is what Streamlit's frontend does, without the rendering: GET /_stcore/health, the websocket
/_stcore/stream with the "streamlit" subprotocol, a first BackMsg ``rerun_script`` carrying the query
string (``basemap=none``: no tiles) and an empty page hash; the server answers ``new_session``, the page's
``delta`` messages and ``script_finished``. An action is a click on a chain-segment pill in the sidebar:
a BackMsg ``rerun_script`` with the page's hash and WidgetStates holding the pill widget's new value
(a ``string_array_value`` of the chosen options' labels, as the frontend sends it; the widget's id is
read from the first run's delta), timed from the send to ``script_finished``. Messages the server marks
cacheable are kept and their hashes sent back (``cached_message_hashes``), as the browser's cache does,
so the server answers with ``ref_hash`` where a browser would get one. Other widgets are not sent: the
server keeps their values from the session (what the browser would send back unchanged).

Each level of the sweep starts its own server (``bench.harness.streamlit_server``; memory per session is
only readable on a fresh process), warms it with one session, opens N sessions at once (the page loads,
timed), then runs ``--actions`` filter changes spread over the N sessions, each session clicking
back-to-back (``--think`` seconds between on average, default 0: the worst case, every session busy;
``--per-session`` raises the number of changes so that each session makes at least that many). Server CPU
(user + system of the server and its children, /proc) and RSS are read before and after each phase.
The sweep stops at the first level whose p95 rerun passes 1 s (``--max-p95``). ``--browsers K`` adds K
real Chromium sessions at each level (bench/browser_load.py) that open the page and click the same
pill while the generator runs: what a person sees under that load.

``--postgis`` serves from the PostGIS store instead of the GeoPackage: a throwaway cluster
(tests/pg_cluster.py), a fresh database per level. ``--replicas N`` (with ``--postgis``) starts N
replicas behind nginx with deploy/replicas.py and sends every session through nginx; a session's
websocket is routed by its own random route, as a new browser's is. Server CPU and memory are then
those of every replica, nginx and PostgreSQL together (the database's share included also with one
replica on PostGIS).

Writes bench/results/load.json and load.md and prints the table.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import statistics
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import websockets  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from bench.harness import streamlit_server  # noqa: E402

RESULTS = ROOT / "bench" / "results"
SEGMENT_WIDGET = "-w_segments_"  # the sidebar's chain-segment pills (ui/sidebar.py: widget_key("segments", lang))
FILTER_SEGMENT = "cells"
QUERY = "basemap=none"


@dataclass
class Run:
    """One script run as the client saw it."""

    seconds: float
    status: int
    messages: int
    bytes: int
    elements: dict[tuple[int, ...], bytes] = field(repr=False)  # delta path -> the element, serialized

    def kinds(self, kind: str) -> dict[tuple[int, ...], bytes]:
        out = {}
        for path, raw in self.elements.items():
            element = _element(raw)
            if element.WhichOneof("type") == kind:
                out[path] = raw
        return out


def _element(raw: bytes):
    from streamlit.proto.Element_pb2 import Element

    element = Element()
    element.ParseFromString(raw)
    return element


class Session:
    """One browser tab's worth of Streamlit protocol."""

    def __init__(self, url: str, query: str = QUERY):
        self.url = url
        self.query = query
        self.page_hash = ""
        self.cache: dict[str, ForwardMsg] = {}
        self.widgets: dict[str, object] = {}  # widget id -> the element's proto (button_group etc.)
        self.states: dict[str, list[str]] = {}  # widget id -> the string_array value we last sent
        self.ws = None

    async def open(self) -> Run:
        with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=30) as response:
            response.read()
        self.ws = await websockets.connect(
            self.url.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=["streamlit"],
            max_size=None, open_timeout=60, ping_interval=None)
        return await self._run(BackMsg())

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    def segment_widget(self) -> str:
        return next(wid for wid in self.widgets if SEGMENT_WIDGET in wid)

    def labels(self, widget_id: str) -> list[str]:
        return [o.content for o in self.widgets[widget_id].options]

    def value(self, widget_id: str) -> list[str]:
        if widget_id in self.states:
            return self.states[widget_id]
        proto = self.widgets[widget_id]
        return [proto.options[i].content for i in proto.default]

    async def toggle(self, widget_id: str, label: str) -> Run:
        """Click one pill: the browser sends the widget's whole new selection, in the options' order."""
        chosen = set(self.value(widget_id)) ^ {label}
        value = [o for o in self.labels(widget_id) if o in chosen]
        self.states[widget_id] = value
        msg = BackMsg()
        for wid, strings in self.states.items():
            state = msg.rerun_script.widget_states.widgets.add()
            state.id = wid
            state.string_array_value.data.extend(strings)
        return await self._run(msg)

    async def _run(self, msg: BackMsg) -> Run:
        client = msg.rerun_script
        client.query_string = self.query
        client.page_script_hash = self.page_hash
        client.cached_message_hashes.extend(self.cache)
        client.context_info.timezone = "Asia/Shanghai"
        client.context_info.timezone_offset = -480
        client.context_info.locale = "zh-CN"
        client.context_info.url = f"{self.url}/?{self.query}"
        elements: dict[tuple[int, ...], bytes] = {}
        count = size = 0
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        while True:
            raw = await self.ws.recv()
            count += 1
            size += len(raw)
            forward = ForwardMsg()
            forward.ParseFromString(raw)
            kind = forward.WhichOneof("type")
            if kind == "ref_hash":
                path = tuple(forward.metadata.delta_path)
                forward = self.cache[forward.ref_hash]
                kind = forward.WhichOneof("type")
            else:
                path = tuple(forward.metadata.delta_path)
                if forward.metadata.cacheable and forward.hash:
                    self.cache[forward.hash] = forward
            if kind == "new_session":
                self.page_hash = forward.new_session.page_script_hash
            elif kind == "navigation" and forward.navigation.page_script_hash:
                self.page_hash = forward.navigation.page_script_hash  # st.navigation's current page
            elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                elements[path] = element.SerializeToString()
                inner = getattr(element, element.WhichOneof("type"))
                if getattr(inner, "id", "") and element.WhichOneof("type") == "button_group":
                    self.widgets[inner.id] = inner
            elif kind == "script_finished":
                status = forward.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # the rerun we asked for replaced a run in progress: wait for its end
                return Run(time.perf_counter() - start, status, count, size, elements)


# --- the server process: CPU and memory from /proc --------------------------------------------------

def _tree(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def _trees(pid: int | list[int]) -> list[int]:
    return [p for root in ([pid] if isinstance(pid, int) else pid) for p in _tree(root)]


def cpu_seconds(pid: int | list[int]) -> float:
    """User + system CPU of the process(es) and their descendants (the live ones and those they waited for)."""
    total = 0
    for p in _trees(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
    return total / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int | list[int]) -> float:
    total = 0
    for p in _trees(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def percentile(values: list[float], q: int) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


# --- one level of the sweep ----------------------------------------------------------------------

async def _actions(session: Session, label: str, n: int, think: float, out: list[float], errors: list[str]):
    widget = session.segment_widget()
    for _ in range(n):
        if think:  # uniform around the mean, so that sessions do not click in step
            await asyncio.sleep(random.uniform(0, 2 * think))
        run = await session.toggle(widget, label)
        if run.status != ForwardMsg.FINISHED_SUCCESSFULLY:
            errors.append(f"rerun ended with status {run.status}")
        out.append(run.seconds)


async def level(url: str, pid: int | list[int] | None, sessions: int, actions: int, think: float,
                browsers: int = 0, warm_urls: list[str] | None = None) -> dict:
    """One level: ``warm_urls`` (default ``url``) are each warmed by one session first, so that no
    replica's first page load (its imports, the dataset, the published layers) is measured."""
    from geo.i18n import t

    label = t(f"segment.{FILTER_SEGMENT}", "zh")
    for warm_url in warm_urls or [url]:
        warm = Session(warm_url)
        await warm.open()
        await warm.toggle(warm.segment_widget(), label)
        await warm.close()
    rss0 = rss_mb(pid) if pid else None
    cpu0 = cpu_seconds(pid) if pid else None
    people = asyncio.create_task(_browsers(url, browsers)) if browsers else None
    clients = [Session(url) for _ in range(sessions)]
    wall = time.perf_counter()
    loads = await asyncio.gather(*[c.open() for c in clients])
    load_wall = time.perf_counter() - wall
    cpu1 = cpu_seconds(pid) if pid else None
    rss1 = rss_mb(pid) if pid else None
    reruns: list[float] = []
    errors = [f"page load ended with status {r.status}" for r in loads if r.status]
    per = [actions // sessions + (1 if i < actions % sessions else 0) for i in range(sessions)]
    wall = time.perf_counter()
    await asyncio.gather(*[_actions(c, label, n, think, reruns, errors) for c, n in zip(clients, per, strict=True)])
    action_wall = time.perf_counter() - wall
    cpu2 = cpu_seconds(pid) if pid else None
    rss2 = rss_mb(pid) if pid else None
    seen = await people if people else None
    await asyncio.gather(*[c.close() for c in clients])
    result = {
        "sessions": sessions, "actions": len(reruns), "think_s": think, "errors": errors,
        "load_s": [r.seconds for r in loads], "rerun_s": reruns, "load_wall_s": load_wall,
        "action_wall_s": action_wall, "load_bytes": statistics.median([r.bytes for r in loads]),
        "load_messages": statistics.median([r.messages for r in loads]),
        "rss_warm_mb": rss0, "rss_open_mb": rss1, "rss_end_mb": rss2, "browsers": seen}
    if pid:
        result["cpu_load_ms"] = (cpu1 - cpu0) * 1000 / sessions
        result["cpu_action_ms"] = (cpu2 - cpu1) * 1000 / max(1, len(reruns))
        result["rss_per_session_mb"] = (max(rss1, rss2) - rss0) / sessions
    return result


async def _browsers(url: str, n: int) -> dict:
    """K real Chromium sessions alongside: first paint and filter change as a person sees them."""
    from playwright.async_api import async_playwright

    from bench.browser_load import session as browser_session
    from bench.harness import CHROMIUM, CHROMIUM_ARGS
    from bench.run import layer_counts
    from geo.data.dataset import DATA_DIR, load_dataset
    from geo.filters import ViewState
    from geo.model import SEGMENTS

    data = load_dataset(DATA_DIR)
    expected = layer_counts(data, ViewState())
    after = layer_counts(data, ViewState(segments=tuple(s for s in SEGMENTS if s != FILTER_SEGMENT)))
    out = {"first_paint": [], "filter": [], "errors": []}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        await asyncio.gather(*[browser_session(browser, f"{url}/?{QUERY}", i * 0.5, 2, 1.0, expected, after, out)
                               for i in range(n)])
        await browser.close()
    return out


def _fmt(value: float | None, unit: str = "s", digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f} {unit}".strip()


def table(levels: list[dict], max_p95: float) -> str:
    lines = ["| sessions | page load p50 / p95 | rerun p50 / p95 | reruns | server CPU per page load | "
             "server CPU per filter change | RSS per session | errors |",
             "|---|---|---|---|---|---|---|---|"]
    for r in levels:
        p95 = percentile(r["rerun_s"], 95)
        mark = " **> 1 s**" if p95 is not None and p95 > max_p95 else ""
        lines.append(
            f"| {r['sessions']} | {_fmt(percentile(r['load_s'], 50))} / {_fmt(percentile(r['load_s'], 95))} | "
            f"{_fmt(percentile(r['rerun_s'], 50))} / {_fmt(p95)}{mark} | {r['actions']} | "
            f"{_fmt(r.get('cpu_load_ms'), 'ms', 0)} | {_fmt(r.get('cpu_action_ms'), 'ms', 0)} | "
            f"{_fmt(r.get('rss_per_session_mb'), 'MB', 1)} | {len(r['errors'])} |")
    people = [(r["sessions"], r["browsers"]) for r in levels if r.get("browsers")]
    if people:
        lines += ["", "| sessions (+ browsers) | browser first paint p50 / p95 | browser filter → map p50 / p95 | "
                  "browser errors |", "|---|---|---|---|"]
        for n, b in people:
            lines.append(f"| {n} + {len(b['first_paint']) or '0'} | {_fmt(percentile(b['first_paint'], 50))} / "
                         f"{_fmt(percentile(b['first_paint'], 95))} | {_fmt(percentile(b['filter'], 50))} / "
                         f"{_fmt(percentile(b['filter'], 95))} | {len(b['errors'])} |")
    return "\n".join(lines)


@contextmanager
def _served(args, cluster) -> Iterator[tuple[str, int | list[int] | None, list[str] | None]]:
    """The server(s) of one level: (the URL sessions open, the process ids whose CPU and memory count,
    the URLs to warm: each replica's own)."""
    if args.url:
        yield args.url.rstrip("/"), args.pid, None
        return
    database_url = cluster.new_database() if cluster else None
    database_pids = [cluster.pid] if cluster else []
    if args.replicas > 1:
        import tempfile

        from deploy.replicas import free_block, start

        with tempfile.TemporaryDirectory(prefix="qcm-replicas-") as run, \
                start(args.replicas, free_block(args.replicas), Path(run), database_url=database_url) as deployment:
            yield deployment.url, deployment.pids + database_pids, deployment.replica_urls
        return
    extra = {"QCM_DATABASE_URL": database_url} if database_url else None
    with streamlit_server(args.script, args.root / "data" if args.root else None, extra_env=extra) as server:
        yield server.url, [server.process.pid, *database_pids], None


async def sweep(args) -> list[dict]:
    import bench.harness as harness

    out = []
    with ExitStack() as stack:
        cluster = None
        if args.postgis:
            from tests.pg_cluster import throwaway_cluster

            cluster = stack.enter_context(throwaway_cluster(max_connections=200))
        for n in args.levels:
            if args.root:  # another checkout's app.py, code and data/ (as bench/ab.py serves it)
                harness.ROOT = args.root.resolve()
            with _served(args, cluster) as (url, pid, warm_urls):
                result = await level(url, pid, n, max(args.actions, n * args.per_session), args.think,
                                     args.browsers, warm_urls)
            result.update(replicas=args.replicas, backend="postgis" if args.postgis else "geopackage",
                          load_avg=os.getloadavg()[0])
            out.append(result)
            p95 = percentile(result["rerun_s"], 95)
            print(f"{n} sessions: rerun p95 {_fmt(p95)}, CPU per change "
                  f"{_fmt(result.get('cpu_action_ms'), 'ms', 0)}, load {result['load_avg']:.1f}", flush=True)
            if p95 is not None and p95 > args.max_p95 and not args.all_levels:
                break
    return out


async def ab(roots: list[str], rounds: int, per_round: int) -> dict:
    """Two (or more) checkouts served at once and driven alternately, one session each: server CPU per
    filter change of each, in the same minutes of the same machine (the only fair comparison here)."""
    import bench.harness as harness
    from geo.i18n import t

    label = t(f"segment.{FILTER_SEGMENT}", "zh")
    out = {root: {"cpu_ms": [], "rerun_s": []} for root in roots}
    with ExitStack() as stack:
        servers, sessions = {}, {}
        for root in roots:
            harness.ROOT = Path(root).resolve()  # that checkout's app.py, code and data/
            servers[root] = stack.enter_context(harness.streamlit_server("app.py", Path(root) / "data"))
        harness.ROOT = ROOT
        for root in roots:
            sessions[root] = Session(servers[root].url)
            await sessions[root].open()
            for _ in range(2):  # warm: both views of the filter built once
                await sessions[root].toggle(sessions[root].segment_widget(), label)
        for _ in range(rounds):
            for root in roots:
                session, pid = sessions[root], servers[root].process.pid
                before = cpu_seconds(pid)
                for _ in range(per_round):
                    run = await session.toggle(session.segment_widget(), label)
                    out[root]["rerun_s"].append(run.seconds)
                out[root]["cpu_ms"].append((cpu_seconds(pid) - before) * 1000 / per_round)
        for session in sessions.values():
            await session.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default="1,2,4,8,16,32,64", help="concurrent sessions, comma-separated")
    parser.add_argument("--actions", type=int, default=48, help="filter changes per level (at least one a session)")
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean seconds a session waits before each change (uniform, 0 to twice this)")
    parser.add_argument("--per-session", type=int, default=1, help="at least this many changes per session")
    parser.add_argument("--max-p95", type=float, default=1.0, help="stop after the level whose p95 passes this")
    parser.add_argument("--all-levels", action="store_true", help="run every level even past --max-p95")
    parser.add_argument("--browsers", type=int, default=0, help="real Chromium sessions alongside (3-5)")
    parser.add_argument("--script", default="app.py")
    parser.add_argument("--url", help="a running server instead of one per level (then --pid for its CPU)")
    parser.add_argument("--pid", type=int)
    parser.add_argument("--postgis", action="store_true", help="the PostGIS store (a throwaway cluster)")
    parser.add_argument("--replicas", type=int, default=1, help="with --postgis: replicas behind nginx")
    parser.add_argument("--root", type=Path, help="serve this checkout instead of this one (before / after)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--ab", nargs="+", metavar="CHECKOUT",
                        help="instead of the sweep: server CPU per filter change of these checkouts, one run")
    parser.add_argument("--rounds", type=int, default=7, help="with --ab: alternating rounds")
    args = parser.parse_args(argv)
    if args.replicas > 1 and not args.postgis:
        parser.error("--replicas needs --postgis: replicas share one PostGIS store")
    if args.ab:
        result = asyncio.run(ab(args.ab, args.rounds, 5))
        print(f"{args.rounds} alternating rounds of 5 filter changes, one session each; "
              f"load {os.getloadavg()[0]:.1f}")
        for root, r in result.items():
            print(f"{root}: server CPU per filter change median {statistics.median(r['cpu_ms']):.0f} ms "
                  f"(rounds {', '.join(f'{v:.0f}' for v in r['cpu_ms'])}), rerun p50 "
                  f"{percentile(r['rerun_s'], 50):.3f} s")
        return 0
    args.levels = [int(n) for n in args.levels.split(",")]
    levels = asyncio.run(sweep(args))
    machine = f"{platform.node()} · {os.cpu_count()} cores · {platform.platform()}"
    text = table(levels, args.max_p95)
    backend = "postgis" if args.postgis else "geopackage"
    setup = f"{args.replicas} replica(s) behind nginx" if args.replicas > 1 else "1 process"
    machine = f"{machine}\n\nstore: {backend} · {setup} · think {args.think} s"
    stem = "load" if not args.postgis else f"load.postgis.{args.replicas}"  # the GeoPackage run keeps its name
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"{stem}.json").write_text(json.dumps({"machine": machine, "levels": levels}, indent=2) + "\n",
                                           encoding="utf-8")
    (args.out / f"{stem}.md").write_text(f"{machine}\n\n{text}\n", encoding="utf-8")
    print(machine)
    print(text)
    return 1 if any(r["errors"] for r in levels) else 0


if __name__ == "__main__":
    raise SystemExit(main())
