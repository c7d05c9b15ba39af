"""The benchmark's own code at a tiny scale: it runs end to end and writes a well-formed table.
(No timing assertions: the numbers are the benchmark's business, not the tests'.)"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.synthetic import make_data_dir, synthetic_rows
from geo.data.dataset import load_dataset

ROOT = Path(__file__).resolve().parent.parent


def test_synthetic_data_is_deterministic_valid_and_kept_apart(tmp_path, dataset):
    assert synthetic_rows(50) == synthetic_rows(50)
    data_dir = make_data_dir(50, tmp_path / "syn")
    with_synthetic = load_dataset(data_dir)
    synthetic = with_synthetic.records[with_synthetic.records["source"] == "SYNTHETIC"]
    assert len(synthetic) == 50
    assert set(synthetic["provenance"]) == {"illustrative"}
    assert not (dataset.records["source"] == "SYNTHETIC").any()


@pytest.mark.e2e
def test_quick_benchmark_writes_a_well_formed_table(tmp_path, dataset):
    result = subprocess.run([sys.executable, "bench/run.py", "--quick", "--out", str(tmp_path)],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    data = json.loads((tmp_path / "bench.json").read_text(encoding="utf-8"))
    (row,) = data["rows"]
    assert row["points"] == len(dataset.records) + 200
    for key in ("first_paint_median_s", "filter_median_s", "empty_median_s", "python_build_s"):
        assert row[key] > 0
    assert row["map_bytes"] > row["component_bytes"] > 0 and row["raw_coordinate_bytes"] > 0
    assert row["naive_first_paint_s"] is None or row["naive_first_paint_s"] > 0
    table = (tmp_path / "bench.md").read_text(encoding="utf-8").splitlines()
    header = next(line for line in table if line.startswith("| scale"))
    body = [line for line in table if line.startswith("| synthetic")]
    assert len(body) == 1 and body[0].count("|") == header.count("|")


def _run_apart(coroutine):
    """asyncio.run in a thread of its own: in the full suite the browser tests' sync Playwright
    keeps an event loop running in the main thread, where asyncio.run refuses to start."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _strip_and_map(run) -> tuple[str, str]:
    """The KPI strip's HTML (the element that lists the figures by data-kpi) and the map component's
    arguments, from one script run as bench/load.py's client received it."""
    strips = [e.html.body for e in map(_element, run.kinds("html").values()) if 'data-kpi="' in e.html.body]
    maps = [e.component_instance.json_args for e in map(_element, run.kinds("component_instance").values())]
    assert len(maps) == 1 and strips, (len(maps), len(strips))
    return strips[0], maps[0]


def _element(raw: bytes):
    from streamlit.proto.Element_pb2 import Element

    element = Element()
    element.ParseFromString(raw)
    return element


def test_load_generator_runs_sessions_and_its_filter_change_changes_the_page():
    """bench/load.py against a real server: 2 sessions x 2 filter changes all finish, the server's
    CPU and memory are read, and a pill click sent as WidgetStates filters the page (the KPI strip
    and the map's layers change) and a second click brings the first page back."""
    from bench.harness import streamlit_server
    from bench.load import FILTER_SEGMENT, Session, level, table
    from geo.i18n import t

    async def click_twice(url):
        session = Session(url)
        first = await session.open()
        widget = session.segment_widget()
        label = t(f"segment.{FILTER_SEGMENT}", "zh")
        assert label in session.labels(widget) and label in session.value(widget)
        off = await session.toggle(widget, label)
        assert label not in session.value(widget)
        on = await session.toggle(widget, label)
        await session.close()
        return first, off, on

    with streamlit_server("app.py") as server:
        first, off, on = _run_apart(click_twice(server.url))
        result = _run_apart(level(server.url, server.process.pid, sessions=2, actions=4, think=0))
    assert {first.status, off.status, on.status} == {0}  # FINISHED_SUCCESSFULLY
    (strip, map_args), (strip_off, map_off), (strip_on, _map_on) = map(_strip_and_map, (first, off, on))
    assert strip_off != strip and map_off != map_args
    assert strip_on == strip
    assert result["errors"] == []
    assert len(result["load_s"]) == 2 and len(result["rerun_s"]) == 4
    assert result["cpu_load_ms"] > 0 and result["cpu_action_ms"] > 0 and result["rss_open_mb"] > 0
    rows = [line for line in table([result], 1.0).splitlines() if line.startswith("| 2 |")]
    assert len(rows) == 1
